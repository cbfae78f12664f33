//! A child's assessments and the gates between their steps: one open at a time, started on
//! or after the referral, submitted complete (late only with a reason), authorised by a
//! manager who did not write it. The store reads the child's assessments into
//! [`Assessments`] and asks the same gate again inside the write's transaction.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::codes::{AssessmentKind, AssessmentOutcome, AssessmentState};
use super::text::AssessmentText;
use crate::access::Relationship;
use crate::front_door::ClosureReason;
use crate::ids::StaffId;
use crate::staff::Role;
use crate::timescales::{DueDate, Facts, RuleId, Timescales};
use crate::uk_time::long_date;
use crate::validation::FieldErrors;

/// The child's open child in need episode (its referral).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Episode {
    pub referral: i64,
    pub referral_date: NaiveDate,
}

/// One assessment as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssessmentRecord {
    pub id: i64,
    pub kind: AssessmentKind,
    /// The referral (episode) it belongs to, and its date: the 45 working days run from it.
    pub referral: i64,
    pub referral_date: NaiveDate,
    pub start_date: NaiveDate,
    pub state: AssessmentState,
    pub author: StaffId,
    pub author_name: String,
    pub text: AssessmentText,
    /// When the text was last saved.
    pub saved_at: DateTime<Utc>,
    pub submitted_on: Option<NaiveDate>,
    /// The completion date (CIN census `AssessmentAuthorisationDate`).
    pub authorised_on: Option<NaiveDate>,
    pub authorised_by_name: Option<String>,
    /// Why the manager last returned it to the worker.
    pub returned_reason: Option<String>,
}

/// The steps, for saying which one puts a refusal right and linking to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// A referral opens the episode an assessment belongs to; it starts from a contact.
    Referral,
    Start,
    Edit,
    Authorise,
}

impl Step {
    /// The step's page, under the child's `/children/{id}/`.
    pub fn path(self) -> &'static str {
        match self {
            Step::Referral => "contacts/new",
            Step::Start => "assessment/start",
            Step::Edit => "assessment/edit",
            Step::Authorise => "assessment/authorise",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Step::Referral => "Record a contact and referral",
            Step::Start => "Start an assessment",
            Step::Edit => "Go to the assessment",
            Step::Authorise => "Authorise or return the assessment",
        }
    }
}

/// A step refused because one before it is missing (or, for authorising, because of who is
/// asking): the sentence, and the step that puts it right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct OutOfOrder {
    pub message: String,
    pub put_right: Step,
}

fn refuse<T>(message: String, put_right: Step) -> Result<T, OutOfOrder> {
    Err(OutOfOrder { message, put_right })
}

/// Every assessment recorded for one child, oldest first, and their open episode.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Assessments {
    /// The child's given name, for the gates' sentences.
    pub name: String,
    pub open_episode: Option<Episode>,
    pub assessments: Vec<AssessmentRecord>,
}

/// Who is asking to authorise or return an assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Authoriser {
    pub staff: StaffId,
    /// A team or service manager whose line holds the child (and so the worker).
    pub manages_the_line: bool,
}

impl Authoriser {
    /// A team or service manager reaching the child through the line manages the worker's line.
    pub fn new(staff: StaffId, role: Role, relationship: Relationship) -> Authoriser {
        Authoriser {
            staff,
            manages_the_line: relationship == Relationship::LineManager
                && matches!(role, Role::TeamManager | Role::ServiceManager),
        }
    }
}

impl Assessments {
    /// The assessment not yet authorised, if any (never more than one).
    pub fn open(&self) -> Option<&AssessmentRecord> {
        self.assessments
            .iter()
            .rev()
            .find(|a| a.state != AssessmentState::Authorised)
    }

    /// The latest assessment, open or authorised.
    pub fn latest(&self) -> Option<&AssessmentRecord> {
        self.assessments.last()
    }

    /// When the assessment is due: 45 working days from the referral, from the engine.
    pub fn due(assessment: &AssessmentRecord, timescales: &Timescales) -> Option<DueDate> {
        due_from_referral(assessment.referral_date, timescales)
    }

    /// An assessment starts within an open episode, on or after its referral, while no
    /// other is open.
    pub fn may_start(&self, start: NaiveDate) -> Result<Result<Episode, FieldErrors>, OutOfOrder> {
        let name = &self.name;
        let Some(episode) = self.open_episode else {
            return refuse(
                format!(
                    "An assessment can't be started yet: {name} has no open child in need episode. Record the contact and the referral first."
                ),
                Step::Referral,
            );
        };
        if let Some(open) = self.open() {
            return refuse(
                format!(
                    "An assessment can't be started: the {} started on {} is not yet authorised. Finish that assessment first.",
                    open.kind.label().to_lowercase(),
                    long_date(open.start_date)
                ),
                Step::Edit,
            );
        }
        if start < episode.referral_date {
            return Ok(Err(FieldErrors::single(
                "start_date",
                format!(
                    "The assessment must start on or after the referral ({})",
                    long_date(episode.referral_date)
                ),
            )));
        }
        Ok(Ok(episode))
    }

    /// The open assessment's text is saved while it is a draft (the worker's).
    pub fn may_save(&self) -> Result<&AssessmentRecord, OutOfOrder> {
        let Some(open) = self.open() else {
            return refuse(
                format!(
                    "The assessment can't be saved: no assessment is open for {}. Start the assessment first.",
                    self.name
                ),
                Step::Start,
            );
        };
        if open.state == AssessmentState::Submitted {
            return refuse(
                format!(
                    "The assessment can't be changed: it was submitted on {} and is waiting for a manager's authorisation. A manager can return it to the worker.",
                    open.submitted_on.map(long_date).unwrap_or_default()
                ),
                Step::Authorise,
            );
        }
        Ok(open)
    }

    /// Submitting for authorisation needs the draft complete: the date the child was seen
    /// (and, for a born child, whether alone), the factors, the analysis and the outcome; and
    /// past its due date, the reason it is late. Each missing part is a problem at its field.
    pub fn may_submit(
        &self,
        text: &AssessmentText,
        timescales: &Timescales,
        today: NaiveDate,
    ) -> Result<Result<i64, FieldErrors>, OutOfOrder> {
        let open = self.may_save()?;
        let mut errors = FieldErrors::new();
        match text.seen_date {
            None => errors.add("seen_date", "Enter the date the child was seen"),
            Some(seen) if seen < open.start_date => errors.add(
                "seen_date",
                format!(
                    "The date the child was seen must be on or after the assessment started ({})",
                    long_date(open.start_date)
                ),
            ),
            Some(_) => {}
        }
        if open.kind == AssessmentKind::ChildAndFamily && text.seen_alone.is_none() {
            errors.add("seen_alone", "Say whether the child was seen alone");
        }
        if text.factors.is_empty() {
            errors.add(
                "factors",
                "Choose the factors identified, or 21 No factors identified",
            );
        }
        if text.analysis.is_empty() {
            errors.add("analysis", "Enter the analysis");
        }
        match text.outcome {
            None => errors.add("outcome", "Choose the outcome of the assessment"),
            Some(AssessmentOutcome::Other) if text.outcome_detail.is_empty() => {
                errors.add("outcome_detail", "Say what the other outcome is")
            }
            Some(_) => {}
        }
        if let Some(due) = Self::due(open, timescales)
            && today > due.date
            && text.late_reason.is_empty()
        {
            errors.add(
                "late_reason",
                format!(
                    "Enter why the assessment is late: it was due by {}",
                    long_date(due.date)
                ),
            );
        }
        Ok(errors.into_result(open.id))
    }

    /// A submitted assessment is authorised (or returned) by a manager in the worker's line
    /// who did not write it.
    pub fn may_decide(&self, who: Authoriser) -> Result<&AssessmentRecord, OutOfOrder> {
        let name = &self.name;
        let submitted = self
            .open()
            .filter(|a| a.state == AssessmentState::Submitted);
        let Some(open) = submitted else {
            let (why, step) = match self.open() {
                Some(draft) => (
                    format!(
                        "the {} is a draft. The worker submits it for authorisation first.",
                        draft.kind.label().to_lowercase()
                    ),
                    Step::Edit,
                ),
                None => (
                    format!("no assessment is waiting for authorisation for {name}."),
                    Step::Start,
                ),
            };
            return refuse(
                format!("The assessment can't be authorised yet: {why}"),
                step,
            );
        };
        if !who.manages_the_line {
            return refuse(
                format!(
                    "Only a team manager or service manager in {name}'s worker's line can authorise or return this assessment."
                ),
                Step::Edit,
            );
        }
        if open.author == who.staff {
            return refuse(
                format!(
                    "You wrote this assessment, so another manager in the line authorises it: {} can't authorise their own assessment.",
                    open.author_name
                ),
                Step::Edit,
            );
        }
        Ok(open)
    }

    /// The authorisation date is on or after the assessment was submitted.
    pub fn may_authorise(
        &self,
        who: Authoriser,
        on: NaiveDate,
    ) -> Result<Result<i64, FieldErrors>, OutOfOrder> {
        let open = self.may_decide(who)?;
        if let Some(submitted) = open.submitted_on
            && on < submitted
        {
            return Ok(Err(FieldErrors::single(
                "date",
                format!(
                    "The authorisation must be on or after the assessment was submitted ({})",
                    long_date(submitted)
                ),
            )));
        }
        Ok(Ok(open.id))
    }

    /// Whether an authorised assessment belongs to this episode.
    pub fn authorised_in(&self, referral: i64) -> bool {
        self.assessments
            .iter()
            .any(|a| a.referral == referral && a.state == AssessmentState::Authorised)
    }
}

/// An episode closes "after assessment" (RC8, RC9) only once an assessment in it is
/// authorised: the problem is at the reason field.
pub fn check_closure_reason(
    reason: ClosureReason,
    authorised_assessment: bool,
    name: &str,
) -> Result<(), FieldErrors> {
    let after_assessment = matches!(
        reason,
        ClosureReason::ClosedAfterAssessment | ClosureReason::ClosedToEarlyHelp
    );
    if after_assessment && !authorised_assessment {
        return Err(FieldErrors::single(
            "reason",
            format!(
                "{} ({}) needs an authorised assessment in this episode, and none is authorised for {name}. Have the assessment authorised by a manager first, or choose another reason.",
                reason.code(),
                reason.label()
            ),
        ));
    }
    Ok(())
}

/// When an assessment in an episode referred on `referral_date` is due, with the engine's
/// explanation (the `child-and-family-assessment` rule, for both kinds).
pub fn due_from_referral(referral_date: NaiveDate, timescales: &Timescales) -> Option<DueDate> {
    timescales
        .due(
            RuleId::ChildAndFamilyAssessment,
            &Facts::from(referral_date),
        )
        .ok()
}

/// Working days an assessment has waited for authorisation, from its submission to `today`.
pub fn waiting_days(submitted_on: NaiveDate, today: NaiveDate, timescales: &Timescales) -> i64 {
    timescales
        .calendar()
        .working_days_between(submitted_on, today)
        .max(0)
}
