//! The authority's configuration (TOML): local-practice timescales, extra bank holidays, the
//! "due soon" window and caseload thresholds.
//!
//! Everything is checked on load and every problem is reported at once, so an authority fixes
//! its file in one pass. National timescales may be tightened, never loosened.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;
use thiserror::Error;

use super::calendar::parse_holiday_file;
use super::caseload::CaseloadThresholds;
use super::counting::{Counting, Interval, IntervalParseError};
use super::rules::{RuleId, Tier, catalogue};
use crate::caseloads::{CaseKind, CaseloadPolicy, Weighted};

/// The path an authority's configuration is looked for at, relative to where Journey runs.
pub const DEFAULT_CONFIG_PATH: &str = "config/authority.toml";

/// Journey's default warning window before a due date.
pub const DEFAULT_DUE_SOON: Interval = Interval::working_days(5);

/// A checked authority configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorityConfig {
    pub authority_name: Option<String>,
    /// Where it came from, for messages: a path, or "built-in defaults".
    pub origin: String,
    pub extra_bank_holidays: Vec<(NaiveDate, String)>,
    /// Rule parts the authority has set: (rule, part, interval).
    pub rule_settings: Vec<RuleSetting>,
    pub due_soon: Interval,
    pub caseload: CaseloadPolicy,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSetting {
    pub rule: RuleId,
    pub part: &'static str,
    pub interval: Interval,
}

impl Default for AuthorityConfig {
    fn default() -> Self {
        Self {
            authority_name: None,
            origin: "built-in defaults".to_owned(),
            extra_bank_holidays: Vec::new(),
            rule_settings: Vec::new(),
            due_soon: DEFAULT_DUE_SOON,
            caseload: CaseloadPolicy::DEFAULT,
        }
    }
}

/// The configuration could not be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ConfigError {
    #[error("could not read the authority configuration {path}: {message}")]
    Read { path: String, message: String },
    #[error("the authority configuration {origin} is not valid TOML: {message}")]
    Syntax { origin: String, message: String },
    #[error("the authority configuration {origin} was refused:\n{}", list(.problems))]
    Invalid {
        origin: String,
        problems: Vec<ConfigProblem>,
    },
}

fn list(problems: &[ConfigProblem]) -> String {
    problems
        .iter()
        .map(|problem| format!("  - {problem}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl ConfigError {
    /// The individual problems, for tests and for showing them one by one.
    pub fn problems(&self) -> &[ConfigProblem] {
        match self {
            Self::Invalid { problems, .. } => problems,
            Self::Read { .. } | Self::Syntax { .. } => &[],
        }
    }
}

/// One thing wrong with the configuration, naming the setting and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ConfigProblem {
    #[error("[rules] {name}: there is no timescale rule by that name{}", did_you_mean(.suggestion))]
    UnknownRule {
        name: String,
        suggestion: Option<String>,
    },
    #[error("[rules] {rule}.{part}: this rule has no part by that name; its parts are {parts}")]
    UnknownPart {
        rule: RuleId,
        part: String,
        parts: String,
    },
    #[error(
        "[rules] {rule}: this rule has several parts ({parts}); set them as a table, e.g. {rule} = {{ {example} }}"
    )]
    NeedsParts {
        rule: RuleId,
        parts: String,
        example: String,
    },
    #[error("[rules] {key}: {value} is negative; a timescale must be a positive amount of time")]
    Negative { key: String, value: String },
    #[error("[rules] {key}: {value} is zero; a timescale must be a positive amount of time")]
    Zero { key: String, value: String },
    #[error("[rules] {key}: {reason}")]
    NotATimescale { key: String, reason: String },
    #[error(
        "[rules] {key}: {configured} is looser than the national timescale of {national} ({tier}, {citation}); local configuration may only shorten it"
    )]
    Loosens {
        key: String,
        configured: Interval,
        national: Interval,
        tier: Tier,
        citation: &'static str,
    },
    #[error(
        "[rules] {key}: the national timescale is counted in {} ({tier}, {citation}); give a shorter amount in {} rather than {configured}",
        .national.counting.describe(),
        .national.counting.describe()
    )]
    CountingChanged {
        key: String,
        configured: Interval,
        national: Interval,
        tier: Tier,
        citation: &'static str,
    },
    #[error("[rules] {key}: {reason}")]
    Gestation { key: String, reason: String },
    #[error("[calendar] extra-bank-holidays: {value} is not a date (write YYYY-MM-DD)")]
    BadHolidayDate { value: String },
    #[error("[calendar] extra-bank-holidays-file {path}: {message}")]
    HolidayFile { path: String, message: String },
    #[error("[timescales] due-soon: {reason}")]
    DueSoon { reason: String },
    #[error("[caseload] {reason}")]
    Caseload { reason: String },
}

fn did_you_mean(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(slug) => format!(" (did you mean {slug}?)"),
        None => "; `journey timescales` lists them all".to_owned(),
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    authority: RawAuthority,
    #[serde(default)]
    calendar: RawCalendar,
    #[serde(default)]
    timescales: RawTimescales,
    #[serde(default)]
    rules: BTreeMap<String, toml::Value>,
    #[serde(default)]
    caseload: RawCaseload,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawAuthority {
    name: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawCalendar {
    #[serde(default)]
    extra_bank_holidays: Vec<toml::Value>,
    extra_bank_holidays_file: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawTimescales {
    due_soon: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawCaseload {
    warn_at: Option<i64>,
    limit: Option<i64>,
    reviewing_officer_warn_at: Option<i64>,
    reviewing_officer_limit: Option<i64>,
    #[serde(default)]
    weights: BTreeMap<String, toml::Value>,
}

impl AuthorityConfig {
    /// Reads and checks a configuration file. An `extra-bank-holidays-file` is read relative to
    /// the configuration file's folder.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|err| ConfigError::Read {
            path: path.display().to_string(),
            message: err.to_string(),
        })?;
        let folder = path.parent().unwrap_or(Path::new("."));
        Self::parse(&text, &path.display().to_string(), Some(folder))
    }

    /// Checks configuration text. `folder` is where a named bank holiday file is looked for;
    /// without one, naming a file is refused.
    pub fn parse(text: &str, origin: &str, folder: Option<&Path>) -> Result<Self, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|err| ConfigError::Syntax {
            origin: origin.to_owned(),
            message: err.message().to_owned(),
        })?;
        let mut problems = Vec::new();
        let extra_bank_holidays = holidays(&raw.calendar, folder, &mut problems);
        let rule_settings = rule_settings(&raw.rules, &mut problems);
        let due_soon = due_soon(&raw.timescales, &mut problems);
        let caseload = caseload(&raw.caseload, &mut problems);
        if !problems.is_empty() {
            return Err(ConfigError::Invalid {
                origin: origin.to_owned(),
                problems,
            });
        }
        Ok(Self {
            authority_name: raw.authority.name,
            origin: origin.to_owned(),
            extra_bank_holidays,
            rule_settings,
            due_soon,
            caseload,
        })
    }
}

impl fmt::Display for RuleSetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{} = {}", self.rule, self.part, self.interval)
    }
}

fn holidays(
    raw: &RawCalendar,
    folder: Option<&Path>,
    problems: &mut Vec<ConfigProblem>,
) -> Vec<(NaiveDate, String)> {
    let mut dates = Vec::new();
    for value in &raw.extra_bank_holidays {
        // TOML has a date type (unquoted 2031-01-01) as well as strings: take either.
        let text = match value {
            toml::Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        match NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
            Ok(date) => dates.push((date, "bank holiday added by the authority".to_owned())),
            Err(_) => problems.push(ConfigProblem::BadHolidayDate { value: text }),
        }
    }
    if let Some(name) = &raw.extra_bank_holidays_file {
        let path: PathBuf = folder.unwrap_or(Path::new(".")).join(name);
        let read = match folder {
            Some(_) => std::fs::read_to_string(&path).map_err(|err| err.to_string()),
            None => Err(
                "a bank holiday file can only be read when the configuration is loaded from a file"
                    .to_owned(),
            ),
        };
        match read.and_then(|text| parse_holiday_file(&text).map_err(|err| err.to_string())) {
            Ok(more) => dates.extend(more),
            Err(message) => problems.push(ConfigProblem::HolidayFile {
                path: path.display().to_string(),
                message,
            }),
        }
    }
    dates
}

fn rule_settings(
    raw: &BTreeMap<String, toml::Value>,
    problems: &mut Vec<ConfigProblem>,
) -> Vec<RuleSetting> {
    let national = catalogue();
    let mut settings = Vec::new();
    for (name, value) in raw {
        let found = name
            .parse::<RuleId>()
            .ok()
            .filter(|id| id.slug() == name)
            .and_then(|id| national.iter().find(|rule| rule.id == id));
        let Some(rule) = found else {
            let suggestion = match name.parse::<RuleId>() {
                Ok(id) => Some(id.slug().to_owned()),
                Err(super::error::TimescaleError::UnknownRule { suggestion, .. }) => suggestion,
                Err(_) => None,
            };
            problems.push(ConfigProblem::UnknownRule {
                name: name.clone(),
                suggestion,
            });
            continue;
        };
        let parts = rule.schedule.parts();
        let part_names = parts
            .iter()
            .map(|(part, _)| *part)
            .collect::<Vec<_>>()
            .join(", ");
        let mut given: Vec<(String, &toml::Value)> = Vec::new();
        match value {
            toml::Value::Table(table) => {
                given.extend(table.iter().map(|(part, value)| (part.clone(), value)));
            }
            single => match parts.as_slice() {
                [(part, _)] => given.push(((*part).to_owned(), single)),
                _ => {
                    problems.push(ConfigProblem::NeedsParts {
                        rule: rule.id,
                        parts: part_names.clone(),
                        example: parts
                            .iter()
                            .map(|(part, interval)| format!("{part} = \"{interval}\""))
                            .collect::<Vec<_>>()
                            .join(", "),
                    });
                    continue;
                }
            },
        }
        for (part_name, value) in given {
            let Some((part, national)) = parts.iter().find(|(part, _)| *part == part_name) else {
                problems.push(ConfigProblem::UnknownPart {
                    rule: rule.id,
                    part: part_name,
                    parts: part_names.clone(),
                });
                continue;
            };
            let key = if parts.len() == 1 {
                rule.id.slug().to_owned()
            } else {
                format!("{}.{part}", rule.id)
            };
            match check_setting(&key, value, *national, rule.tier, rule.citation) {
                Ok(interval) => settings.push(RuleSetting {
                    rule: rule.id,
                    part,
                    interval,
                }),
                Err(problem) => problems.push(problem),
            }
        }
    }
    settings
}

fn check_setting(
    key: &str,
    value: &toml::Value,
    national: Interval,
    tier: Tier,
    citation: &'static str,
) -> Result<Interval, ConfigProblem> {
    let text = match value {
        toml::Value::String(text) => text,
        toml::Value::Integer(n) if *n < 0 => {
            return Err(ConfigProblem::Negative {
                key: key.to_owned(),
                value: n.to_string(),
            });
        }
        other => {
            return Err(ConfigProblem::NotATimescale {
                key: key.to_owned(),
                reason: format!(
                    "{other} is not a timescale: write it in quotes with its unit, e.g. \"{national}\""
                ),
            });
        }
    };
    let configured: Interval = text.parse().map_err(|err| match err {
        IntervalParseError::Negative(value) => ConfigProblem::Negative {
            key: key.to_owned(),
            value,
        },
        IntervalParseError::Zero(value) => ConfigProblem::Zero {
            key: key.to_owned(),
            value,
        },
        IntervalParseError::Unreadable(_) => ConfigProblem::NotATimescale {
            key: key.to_owned(),
            reason: err.to_string(),
        },
    })?;
    let gestation = (configured.counting == Counting::GestationWeeks)
        != (national.counting == Counting::GestationWeeks);
    if gestation {
        return Err(ConfigProblem::Gestation {
            key: key.to_owned(),
            reason: if national.counting == Counting::GestationWeeks {
                format!("give a week of pregnancy, e.g. \"{}\"", "week 28")
            } else {
                "a week of pregnancy only makes sense for the pre-birth conference".to_owned()
            },
        });
    }
    if configured.counting == Counting::GestationWeeks && !(1..=42).contains(&configured.amount) {
        return Err(ConfigProblem::Gestation {
            key: key.to_owned(),
            reason: format!("{configured} is not a week of pregnancy (1 to 42)"),
        });
    }
    if tier.is_national() {
        if configured.counting != national.counting {
            return Err(ConfigProblem::CountingChanged {
                key: key.to_owned(),
                configured,
                national,
                tier,
                citation,
            });
        }
        if configured.amount > national.amount {
            return Err(ConfigProblem::Loosens {
                key: key.to_owned(),
                configured,
                national,
                tier,
                citation,
            });
        }
    }
    Ok(configured)
}

fn due_soon(raw: &RawTimescales, problems: &mut Vec<ConfigProblem>) -> Interval {
    let Some(text) = &raw.due_soon else {
        return DEFAULT_DUE_SOON;
    };
    match text.parse::<Interval>() {
        Ok(window) if window.counting == Counting::GestationWeeks => {
            problems.push(ConfigProblem::DueSoon {
                reason: "give the warning window in working days, calendar days or weeks"
                    .to_owned(),
            });
            DEFAULT_DUE_SOON
        }
        Ok(window) => window,
        Err(err) => {
            problems.push(ConfigProblem::DueSoon {
                reason: err.to_string(),
            });
            DEFAULT_DUE_SOON
        }
    }
}

fn caseload(raw: &RawCaseload, problems: &mut Vec<ConfigProblem>) -> CaseloadPolicy {
    let default = CaseloadPolicy::DEFAULT;
    let worker = thresholds(
        ("warn-at", raw.warn_at),
        ("limit", raw.limit),
        default.worker,
        problems,
    );
    let reviewing_officer = thresholds(
        ("reviewing-officer-warn-at", raw.reviewing_officer_warn_at),
        ("reviewing-officer-limit", raw.reviewing_officer_limit),
        default.reviewing_officer,
        problems,
    );
    let mut weights = default.weights;
    for (name, value) in &raw.weights {
        let Some(kind) = CaseKind::from_code(name) else {
            let known: Vec<&str> = CaseKind::ALL.iter().map(|k| k.code()).collect();
            problems.push(ConfigProblem::Caseload {
                reason: format!(
                    "weights.{name}: not a kind of case (the kinds are {})",
                    known.join(", ")
                ),
            });
            continue;
        };
        let number = match value {
            toml::Value::Float(n) => Some(*n),
            toml::Value::Integer(n) => Some(*n as f64),
            _ => None,
        };
        match number.and_then(Weighted::parse) {
            Some(weight) => weights.set(kind, weight),
            None => problems.push(ConfigProblem::Caseload {
                reason: format!(
                    "weights.{name} = {value}: a weight is a number above 0 with at most one decimal place, such as 1.5"
                ),
            }),
        }
    }
    CaseloadPolicy {
        weights,
        worker,
        reviewing_officer,
    }
}

/// A pair of thresholds, each a positive number of cases, the warning below the limit.
fn thresholds(
    (warn_name, warn_value): (&str, Option<i64>),
    (limit_name, limit_value): (&str, Option<i64>),
    default: CaseloadThresholds,
    problems: &mut Vec<ConfigProblem>,
) -> CaseloadThresholds {
    let mut count = |name: &str, value: Option<i64>, fallback: u32| -> u32 {
        match value {
            None => fallback,
            Some(n) if n <= 0 => {
                problems.push(ConfigProblem::Caseload {
                    reason: format!(
                        "{name} = {n}: a caseload threshold must be a positive number of children"
                    ),
                });
                fallback
            }
            Some(n) => u32::try_from(n).unwrap_or(u32::MAX),
        }
    };
    let warn_at = count(warn_name, warn_value, default.warn_at);
    let limit = count(limit_name, limit_value, default.limit);
    if warn_at >= limit {
        problems.push(ConfigProblem::Caseload {
            reason: format!(
                "{warn_name} ({warn_at}) must be below {limit_name} ({limit}), so managers are warned before the limit is reached"
            ),
        });
    }
    CaseloadThresholds { warn_at, limit }
}
