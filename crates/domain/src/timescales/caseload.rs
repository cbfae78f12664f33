//! Caseload thresholds: no national limit exists, so each authority sets its own.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CaseloadThresholds {
    /// From this many children, the worker's manager is warned.
    pub warn_at: u32,
    /// At this many children, a new allocation needs a manager's override.
    pub limit: u32,
}

impl CaseloadThresholds {
    /// Journey's defaults: the DfE's national average was 15.4 children per worker (September
    /// 2024) and workers report 25 and over as too high.
    pub const DEFAULT: Self = Self {
        warn_at: 18,
        limit: 25,
    };

    pub fn assess(self, children: u32) -> CaseloadLevel {
        if children >= self.limit {
            CaseloadLevel::AtLimit
        } else if children >= self.warn_at {
            CaseloadLevel::High
        } else {
            CaseloadLevel::Manageable
        }
    }
}

impl Default for CaseloadThresholds {
    fn default() -> Self {
        Self::DEFAULT
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CaseloadLevel {
    Manageable,
    High,
    AtLimit,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_mark_high_and_at_limit() {
        let thresholds = CaseloadThresholds::DEFAULT;
        assert_eq!(thresholds.assess(17), CaseloadLevel::Manageable);
        assert_eq!(thresholds.assess(18), CaseloadLevel::High);
        assert_eq!(thresholds.assess(24), CaseloadLevel::High);
        assert_eq!(thresholds.assess(25), CaseloadLevel::AtLimit);
    }
}
