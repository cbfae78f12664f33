//! Assessments: the API's typed bodies and the pages' forms, each becoming the domain's input
//! for a step, which the domain's parser reads (so a rule is checked in one place).

use journey_domain::assessments::{AssessmentFactor, DecisionInput, StartInput, TextInput};
use journey_domain::validation::FieldErrors;
use serde::Deserialize;
use utoipa::ToSchema;

use super::child_protection::{Fields, form_date};
use super::codes::{AssessmentKindCode, AssessmentOutcomeCode, IsoDate, date};

// The API's bodies.

/// `POST /api/children/{child_id}/assessments`
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct StartBody {
    pub kind: Option<AssessmentKindCode>,
    /// On or after the referral that opened the child's episode.
    pub start_date: Option<IsoDate>,
}

impl StartBody {
    pub fn input(&self) -> StartInput {
        StartInput {
            kind: self.kind.map(|k| k.code().to_owned()).unwrap_or_default(),
            start_date: date(self.start_date),
        }
    }
}

/// The assessment's text: `POST …/assessment/draft` keeps whatever is sent; `POST
/// …/assessment/submission` needs it complete.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct TextBody {
    /// The date the child was seen (for a pre-birth assessment, the expectant parent).
    pub seen_date: Option<IsoDate>,
    /// Whether the child was seen alone (not asked of a pre-birth assessment).
    pub seen_alone: Option<bool>,
    /// CIN census assessment factor codes, such as `3B` or `16A`; `21` (no factors
    /// identified) alone.
    pub factors: Vec<String>,
    pub analysis: String,
    pub wishes_and_feelings: String,
    pub outcome: Option<AssessmentOutcomeCode>,
    /// What an `other` outcome is, or more about the outcome.
    pub outcome_detail: String,
    /// Why it is submitted after its due date (needed then).
    pub late_reason: String,
}

impl TextBody {
    pub fn input(&self) -> TextInput {
        TextInput {
            seen_date: date(self.seen_date),
            seen_alone: match self.seen_alone {
                Some(true) => "yes".into(),
                Some(false) => "no".into(),
                None => String::new(),
            },
            factors: self.factors.clone(),
            analysis: self.analysis.clone(),
            wishes_and_feelings: self.wishes_and_feelings.clone(),
            outcome: self
                .outcome
                .map(|o| o.code().to_owned())
                .unwrap_or_default(),
            outcome_detail: self.outcome_detail.clone(),
            late_reason: self.late_reason.clone(),
        }
    }
}

/// `POST /api/children/{child_id}/assessment/authorisation`
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct AuthoriseBody {
    /// The date of authorisation: the assessment's completion date. Today if left out.
    pub date: Option<IsoDate>,
}

/// `POST /api/children/{child_id}/assessment/return`
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ReturnBody {
    /// What the worker needs to do before submitting again.
    pub reason: String,
}

// The pages' forms.

fn text(fields: &Fields, name: &str) -> String {
    fields.get(name).cloned().unwrap_or_default()
}

/// The checkbox for a factor is named `factor-<code>`.
pub fn factor_field(factor: AssessmentFactor) -> String {
    format!("factor-{}", factor.code())
}

pub fn form_start(errors: &mut FieldErrors, fields: &Fields) -> StartInput {
    StartInput {
        kind: text(fields, "kind"),
        start_date: form_date(
            errors,
            fields,
            "start_date",
            "the date the assessment started",
        ),
    }
}

pub fn form_text(errors: &mut FieldErrors, fields: &Fields) -> TextInput {
    TextInput {
        seen_date: form_date(errors, fields, "seen_date", "the date the child was seen"),
        seen_alone: text(fields, "seen_alone"),
        factors: AssessmentFactor::ALL
            .iter()
            .filter(|f| !text(fields, &factor_field(**f)).is_empty())
            .map(|f| f.code().to_owned())
            .collect(),
        analysis: text(fields, "analysis"),
        wishes_and_feelings: text(fields, "wishes_and_feelings"),
        outcome: text(fields, "outcome"),
        outcome_detail: text(fields, "outcome_detail"),
        late_reason: text(fields, "late_reason"),
    }
}

pub fn form_decision(errors: &mut FieldErrors, fields: &Fields) -> DecisionInput {
    DecisionInput {
        date: form_date(errors, fields, "date", "the date of authorisation"),
        reason: text(fields, "reason"),
    }
}
