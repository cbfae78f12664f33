//! Where a child stands in the child protection process, and the gates between its steps.
//!
//! The store reads the child's steps into a [`Pathway`]; every gate is a method on it that
//! either allows the step or says, in a sentence, which step is missing and how to put it
//! right. The store asks the same question again inside the write's transaction, so a gate
//! cannot be passed by two people at once or by going round the page. The only way round the
//! conference gate is the one it names: a conference for a child transferring in.

use chrono::NaiveDate;
use serde::Serialize;

use super::codes::{AbuseCategory, ConferenceDecision, EnquiryOutcome, StrategyDecision};
use crate::timescales::{Facts, RuleId, Timeliness, Timescales};
use crate::uk_time::long_date;
use crate::validation::FieldErrors;

/// A strategy discussion's decision for this child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StrategyStep {
    pub meeting: i64,
    pub held_on: NaiveDate,
    pub decision: StrategyDecision,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnquiryStep {
    pub id: i64,
    pub strategy_meeting: i64,
    pub strategy_held_on: NaiveDate,
    pub started_on: NaiveDate,
    pub outcome: Option<EnquiryOutcome>,
    pub outcome_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestStep {
    pub id: i64,
    pub enquiry: Option<i64>,
    pub transfer_from: Option<String>,
    pub requested_on: NaiveDate,
    /// Set when it was found not to be needed.
    pub not_required: Option<String>,
    /// The conference held for it.
    pub conference: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConferenceStep {
    pub meeting: i64,
    pub request: i64,
    pub held_on: NaiveDate,
    pub decision: ConferenceDecision,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanStep {
    pub id: i64,
    pub conference: i64,
    pub started_on: NaiveDate,
    pub initial_category: AbuseCategory,
    pub latest_category: AbuseCategory,
    pub ended_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoreGroupStep {
    pub meeting: i64,
    pub plan: i64,
    pub held_on: NaiveDate,
}

/// Every child protection step recorded for one child, oldest first in each list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Pathway {
    /// The child's given name, for the gates' sentences.
    pub name: String,
    pub strategy_discussions: Vec<StrategyStep>,
    pub enquiries: Vec<EnquiryStep>,
    pub requests: Vec<RequestStep>,
    pub conferences: Vec<ConferenceStep>,
    pub plans: Vec<PlanStep>,
    pub core_groups: Vec<CoreGroupStep>,
}

/// The steps, for saying which one puts a refusal right and linking to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    StrategyDiscussion,
    StartEnquiry,
    EnquiryOutcome,
    RequestConference,
    Conference,
    CoreGroup,
    EndPlan,
}

impl Step {
    /// The step's page, under the child's `child-protection/`.
    pub fn path(self) -> &'static str {
        match self {
            Step::StrategyDiscussion => "strategy-discussion",
            Step::StartEnquiry => "enquiry",
            Step::EnquiryOutcome => "enquiry-outcome",
            Step::RequestConference => "conference-request",
            Step::Conference => "conference",
            Step::CoreGroup => "core-group",
            Step::EndPlan => "plan-end",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Step::StrategyDiscussion => "Record a strategy discussion",
            Step::StartEnquiry => "Start a section 47 enquiry",
            Step::EnquiryOutcome => "Record the enquiry's outcome",
            Step::RequestConference => "Request an initial child protection conference",
            Step::Conference => "Record the initial child protection conference",
            Step::CoreGroup => "Record a core group meeting",
            Step::EndPlan => "End the child protection plan",
        }
    }
}

/// A step refused because one before it is missing: what, and which step puts it right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct OutOfOrder {
    pub message: String,
    pub put_right: Step,
}

fn refuse(message: String, put_right: Step) -> Result<(), OutOfOrder> {
    Err(OutOfOrder { message, put_right })
}

/// Where the child stands today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum Stage {
    NotInvolved,
    /// A strategy discussion decided to start enquiries; none has started.
    StrategyDiscussion {
        held_on: NaiveDate,
    },
    Section47 {
        since: NaiveDate,
    },
    AwaitingConference {
        requested_on: NaiveDate,
    },
    OnPlan {
        since: NaiveDate,
        category: AbuseCategory,
    },
}

impl Stage {
    pub fn label(&self) -> String {
        match self {
            Stage::NotInvolved => "No child protection enquiry or plan".into(),
            Stage::StrategyDiscussion { held_on } => format!(
                "Strategy discussion on {} decided to start section 47 enquiries",
                long_date(*held_on)
            ),
            Stage::Section47 { since } => {
                format!("Section 47 enquiry since {}", long_date(*since))
            }
            Stage::AwaitingConference { requested_on } => format!(
                "Initial child protection conference requested on {}",
                long_date(*requested_on)
            ),
            Stage::OnPlan { since, category } => format!(
                "On a child protection plan since {} ({})",
                long_date(*since),
                category.label().to_lowercase()
            ),
        }
    }
}

/// Something due next, with its date and explanation from the timescale engine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextStep {
    pub step: Step,
    pub due: NaiveDate,
    pub explanation: String,
    pub timeliness: Timeliness,
}

impl Pathway {
    fn open_plan(&self) -> Option<&PlanStep> {
        self.plans.iter().rev().find(|p| p.ended_on.is_none())
    }

    fn open_enquiry(&self) -> Option<&EnquiryStep> {
        self.enquiries.iter().rev().find(|e| e.outcome.is_none())
    }

    fn open_request(&self) -> Option<&RequestStep> {
        self.requests
            .iter()
            .rev()
            .find(|r| r.not_required.is_none() && r.conference.is_none())
    }

    /// Strategy discussions that decided on section 47 enquiries and have none yet.
    pub fn strategy_discussions_awaiting_enquiry(&self) -> Vec<&StrategyStep> {
        self.strategy_discussions
            .iter()
            .filter(|s| s.decision == StrategyDecision::Section47)
            .filter(|s| {
                !self
                    .enquiries
                    .iter()
                    .any(|e| e.strategy_meeting == s.meeting)
            })
            .collect()
    }

    pub fn stage(&self) -> Stage {
        if let Some(plan) = self.open_plan() {
            return Stage::OnPlan {
                since: plan.started_on,
                category: plan.latest_category,
            };
        }
        if let Some(request) = self.open_request() {
            return Stage::AwaitingConference {
                requested_on: request.requested_on,
            };
        }
        if let Some(enquiry) = self.open_enquiry() {
            return Stage::Section47 {
                since: enquiry.started_on,
            };
        }
        match self.strategy_discussions_awaiting_enquiry().last() {
            Some(s) => Stage::StrategyDiscussion { held_on: s.held_on },
            None => Stage::NotInvolved,
        }
    }

    /// A section 47 enquiry starts only from a strategy discussion that decided on one, on
    /// or after its day, and not while another is open.
    pub fn may_start_enquiry(
        &self,
        strategy_meeting: i64,
        start: NaiveDate,
    ) -> Result<Result<(), FieldErrors>, OutOfOrder> {
        let name = &self.name;
        let waiting = self.strategy_discussions_awaiting_enquiry();
        if waiting.is_empty() {
            refuse(
                format!(
                    "A section 47 enquiry can't be started yet: no strategy discussion that decided to start section 47 enquiries is recorded for {name}. Record the strategy discussion first."
                ),
                Step::StrategyDiscussion,
            )?;
        }
        if let Some(open) = self.open_enquiry() {
            refuse(
                format!(
                    "A section 47 enquiry can't be started: the enquiry started on {} has no outcome yet. Record its outcome first.",
                    long_date(open.started_on)
                ),
                Step::EnquiryOutcome,
            )?;
        }
        let Some(strategy) = waiting.iter().find(|s| s.meeting == strategy_meeting) else {
            return Ok(Err(FieldErrors::single(
                "strategy_discussion",
                "Choose a strategy discussion that decided to start section 47 enquiries",
            )));
        };
        if start < strategy.held_on {
            return Ok(Err(FieldErrors::single(
                "start_date",
                format!(
                    "The enquiry must start on or after the strategy discussion on {}",
                    long_date(strategy.held_on)
                ),
            )));
        }
        Ok(Ok(()))
    }

    /// The outcome of the open enquiry, dated on or after it started.
    pub fn may_record_outcome(
        &self,
        date: NaiveDate,
    ) -> Result<Result<i64, FieldErrors>, OutOfOrder> {
        let Some(open) = self.open_enquiry() else {
            return Err(OutOfOrder {
                message: format!(
                    "An enquiry's outcome can't be recorded: no section 47 enquiry is open for {}. Start the enquiry from a strategy discussion first.",
                    self.name
                ),
                put_right: Step::StartEnquiry,
            });
        };
        if date < open.started_on {
            return Ok(Err(FieldErrors::single(
                "date",
                format!(
                    "The outcome must be on or after the day the enquiry started ({})",
                    long_date(open.started_on)
                ),
            )));
        }
        Ok(Ok(open.id))
    }

    /// An initial conference is requested only for a section 47 enquiry (started from a
    /// strategy discussion) whose outcome was that the child is likely to suffer significant
    /// harm, or for a child transferring in on another authority's plan. Returns the enquiry
    /// it is for (none for a transfer-in).
    pub fn may_request_conference(
        &self,
        date: NaiveDate,
        transfer_in: bool,
    ) -> Result<Result<Option<i64>, FieldErrors>, OutOfOrder> {
        let name = &self.name;
        let cannot = "An initial child protection conference can't be requested";
        if let Some(plan) = self.open_plan() {
            refuse(
                format!(
                    "{cannot}: {name} has been on a child protection plan since {}. Review conferences follow the plan.",
                    long_date(plan.started_on)
                ),
                Step::CoreGroup,
            )?;
        }
        if let Some(open) = self.open_request() {
            refuse(
                format!(
                    "{cannot}: one was requested on {} and has not been held. Record that conference, or that it is not required.",
                    long_date(open.requested_on)
                ),
                Step::Conference,
            )?;
        }
        if transfer_in {
            return Ok(Ok(None));
        }
        let ready = self.enquiries.iter().rev().find(|e| {
            e.outcome == Some(EnquiryOutcome::LikelySignificantHarm)
                && !self.requests.iter().any(|r| r.enquiry == Some(e.id))
        });
        let Some(enquiry) = ready else {
            let (why, step) = if let Some(open) = self.open_enquiry() {
                (
                    format!(
                        "the section 47 enquiry started on {} has no outcome yet. Record its outcome first.",
                        long_date(open.started_on)
                    ),
                    Step::EnquiryOutcome,
                )
            } else if let Some(waiting) = self.strategy_discussions_awaiting_enquiry().last() {
                (
                    format!(
                        "the strategy discussion on {} decided to start section 47 enquiries, but no enquiry is recorded as started. Start the section 47 enquiry first.",
                        long_date(waiting.held_on)
                    ),
                    Step::StartEnquiry,
                )
            } else if let Some(done) = self
                .enquiries
                .last()
                .filter(|e| e.outcome != Some(EnquiryOutcome::LikelySignificantHarm))
            {
                (
                    format!(
                        "the outcome of the last section 47 enquiry ({}) was that {}. A conference follows an enquiry that finds {name} likely to suffer significant harm.",
                        done.outcome_on.map(long_date).unwrap_or_default(),
                        done.outcome
                            .map(|o| o.label().to_lowercase())
                            .unwrap_or_default()
                    ),
                    Step::StrategyDiscussion,
                )
            } else {
                (
                    format!(
                        "no strategy discussion that decided to start section 47 enquiries is recorded for {name}. Record the strategy discussion first."
                    ),
                    Step::StrategyDiscussion,
                )
            };
            return Err(OutOfOrder {
                message: format!("{cannot} yet: {why}"),
                put_right: step,
            });
        };
        if enquiry.outcome_on.is_some_and(|on| date < on) {
            return Ok(Err(FieldErrors::single(
                "date",
                format!(
                    "The request must be on or after the enquiry's outcome ({})",
                    enquiry.outcome_on.map(long_date).unwrap_or_default()
                ),
            )));
        }
        Ok(Ok(Some(enquiry.id)))
    }

    /// The open request a conference is held for (or found not required for).
    pub fn may_hold_conference(
        &self,
        held_on: Option<NaiveDate>,
    ) -> Result<Result<i64, FieldErrors>, OutOfOrder> {
        let Some(request) = self.open_request() else {
            return Err(OutOfOrder {
                message: format!(
                    "An initial child protection conference can't be recorded yet: none has been requested for {}. Request the conference first.",
                    self.name
                ),
                put_right: Step::RequestConference,
            });
        };
        if held_on.is_some_and(|on| on < request.requested_on) {
            return Ok(Err(FieldErrors::single(
                "date",
                format!(
                    "The conference must be on or after the day it was requested ({})",
                    long_date(request.requested_on)
                ),
            )));
        }
        Ok(Ok(request.id))
    }

    /// A core group meets while a plan is open, on or after the plan started.
    pub fn may_hold_core_group(
        &self,
        held_on: NaiveDate,
    ) -> Result<Result<i64, FieldErrors>, OutOfOrder> {
        let plan = self.open_plan_or_refuse("A core group meeting can't be recorded")?;
        if held_on < plan.started_on {
            return Ok(Err(FieldErrors::single(
                "date",
                format!(
                    "The core group must be on or after the plan started ({})",
                    long_date(plan.started_on)
                ),
            )));
        }
        Ok(Ok(plan.id))
    }

    /// The open plan ends on or after its start.
    pub fn may_end_plan(&self, on: NaiveDate) -> Result<Result<i64, FieldErrors>, OutOfOrder> {
        let plan = self.open_plan_or_refuse("The plan can't be ended")?;
        if on < plan.started_on {
            return Ok(Err(FieldErrors::single(
                "date",
                format!(
                    "The plan must end on or after it started ({})",
                    long_date(plan.started_on)
                ),
            )));
        }
        Ok(Ok(plan.id))
    }

    fn open_plan_or_refuse(&self, cannot: &str) -> Result<&PlanStep, OutOfOrder> {
        self.open_plan().ok_or_else(|| OutOfOrder {
            message: format!(
                "{cannot}: {} is not on a child protection plan. A plan starts when an initial conference decides on one.",
                self.name
            ),
            put_right: Step::Conference,
        })
    }

    /// How many plans the child has had before, shown when a new one starts.
    pub fn previous_plans(&self) -> usize {
        self.plans.iter().filter(|p| p.ended_on.is_some()).count()
    }

    /// What is due next, each from the timescale engine with its explanation: the initial
    /// conference (15 working days from the strategy discussion that started the enquiry, or
    /// from the request for a transfer-in), the first core group (10 working days from the
    /// conference) and, on a plan, the next core group and the review conference.
    pub fn next_steps(&self, timescales: &Timescales, today: NaiveDate) -> Vec<NextStep> {
        let mut due = Vec::new();
        let mut push = |step: Step, rule: RuleId, facts: Facts| {
            if let Ok(d) = timescales.due(rule, &facts) {
                due.push(NextStep {
                    step,
                    due: d.date,
                    timeliness: timescales.classify(d.date, today),
                    explanation: d.explanation,
                });
            }
        };
        if let Some(request) = self.open_request() {
            let from = request
                .enquiry
                .and_then(|id| self.enquiries.iter().find(|e| e.id == id))
                .map_or(request.requested_on, |e| e.strategy_held_on);
            push(
                Step::Conference,
                RuleId::InitialChildProtectionConference,
                Facts::from(from),
            );
        } else if let Some(enquiry) = self.open_enquiry() {
            // The conference clock runs from the strategy discussion, before any outcome.
            push(
                Step::EnquiryOutcome,
                RuleId::InitialChildProtectionConference,
                Facts::from(enquiry.strategy_held_on),
            );
        }
        if let Some(plan) = self.open_plan() {
            let groups: Vec<NaiveDate> = self
                .core_groups
                .iter()
                .filter(|c| c.plan == plan.id)
                .map(|c| c.held_on)
                .collect();
            match (groups.first(), groups.last()) {
                (Some(first), Some(last)) => push(
                    Step::CoreGroup,
                    RuleId::CoreGroupMeeting,
                    Facts::from(*first).previous(*last),
                ),
                _ => push(
                    Step::CoreGroup,
                    RuleId::FirstCoreGroup,
                    Facts::from(plan.started_on),
                ),
            }
            let conference_day = self
                .conferences
                .iter()
                .find(|c| c.meeting == plan.conference)
                .map_or(plan.started_on, |c| c.held_on);
            push(
                Step::EndPlan,
                RuleId::ReviewChildProtectionConference,
                Facts::from(conference_day).held(0),
            );
        }
        due
    }
}
