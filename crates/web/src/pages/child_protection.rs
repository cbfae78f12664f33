//! Pages of the `child_protection` capability (issue 11): the child's protection record with
//! what is next and when, a form for each step, the record page's panel and the home page's
//! work tray. A step whose gate is shut shows why and links to the step that opens it; a
//! step refused when saved shows the same, with everything typed kept.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::{Datelike, NaiveDate};
use journey_domain::access::Action;
use journey_domain::child_protection::meeting::attendee_field;
use journey_domain::child_protection::{
    AbuseCategory, Agency, ConferenceDecision, EnquiryOutcome, MeetingKind, NewConference,
    NewConferenceRequest, NewCoreGroup, NewEnquiry, NewOutcome, NewStrategyDiscussion, NextStep,
    OutOfOrder, Pathway, PlanEnd, PlanEndReason, StrategyDecision, not_required_reason,
};
use journey_domain::timescales::Timeliness;
use journey_domain::uk_time;
use journey_domain::validation::FieldErrors;
use journey_store::child_protection::MeetingRecord;
use journey_store::{ChildProtection, StoreError};
use minijinja::{Value, context};
use serde::Serialize;

use crate::access::{Checked, Permitted, ToAdd, ToView};
use crate::auth::{Viewer, csrf};
use crate::capabilities::child_protection::{self as inputs, FORM_ROWS, Fields};
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::forms::{error_values, in_form_order};
use crate::input::FormInput;
use crate::render;
use crate::state::AppState;

/// This capability's page routes, merged into the app's router.
pub fn routes() -> Router<AppState> {
    let step = |path: &str| format!("/children/{{child}}/child-protection/{path}");
    Router::new()
        .route("/children/{child}/child-protection", get(overview))
        .route(
            &step("strategy-discussion"),
            get(strategy_form).post(strategy_save),
        )
        .route(&step("enquiry"), get(enquiry_form).post(enquiry_save))
        .route(
            &step("enquiry-outcome"),
            get(outcome_form).post(outcome_save),
        )
        .route(
            &step("conference-request"),
            get(request_form).post(request_save),
        )
        .route(
            &step("conference-not-required"),
            get(not_required_form).post(not_required_save),
        )
        .route(
            &step("conference"),
            get(conference_form).post(conference_save),
        )
        .route(
            &step("core-group"),
            get(core_group_form).post(core_group_save),
        )
        .route(&step("plan-end"), get(plan_end_form).post(plan_end_save))
}

macro_rules! templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../templates/", $name))),)*]
    };
}

/// This capability's templates, registered with the environment: (name, source).
pub const TEMPLATES: &[(&str, &str)] = templates!(
    "record/child_protection.html",
    "home/child_protection.html",
    "child_protection/overview.html",
    "child_protection/_heading.html",
    "child_protection/_meeting.html",
    "child_protection/_date.html",
    "child_protection/_next.html",
    "child_protection/refused.html",
    "child_protection/strategy_discussion.html",
    "child_protection/enquiry.html",
    "child_protection/enquiry_outcome.html",
    "child_protection/conference_request.html",
    "child_protection/conference_not_required.html",
    "child_protection/conference.html",
    "child_protection/core_group.html",
    "child_protection/plan_end.html",
);

/// A step's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    StrategyDiscussion,
    Enquiry,
    Outcome,
    Request,
    NotRequired,
    Conference,
    CoreGroup,
    PlanEnd,
}

impl Form {
    fn template(self) -> &'static str {
        match self {
            Form::StrategyDiscussion => "child_protection/strategy_discussion.html",
            Form::Enquiry => "child_protection/enquiry.html",
            Form::Outcome => "child_protection/enquiry_outcome.html",
            Form::Request => "child_protection/conference_request.html",
            Form::NotRequired => "child_protection/conference_not_required.html",
            Form::Conference => "child_protection/conference.html",
            Form::CoreGroup => "child_protection/core_group.html",
            Form::PlanEnd => "child_protection/plan_end.html",
        }
    }

    fn heading(self) -> &'static str {
        match self {
            Form::StrategyDiscussion => "Record a strategy discussion",
            Form::Enquiry => "Start a section 47 enquiry",
            Form::Outcome => "Record the enquiry's outcome",
            Form::Request => "Request an initial child protection conference",
            Form::NotRequired => "The conference is not required",
            Form::Conference => "Record the initial child protection conference",
            Form::CoreGroup => "Record a core group meeting",
            Form::PlanEnd => "End the child protection plan",
        }
    }

    /// The gate in front of the form: the refusal when the step cannot be taken whatever is
    /// typed. A conference request's own gate is shown on its form, which also offers the
    /// way round it (a transfer-in).
    fn gate(self, pathway: &Pathway) -> Option<OutOfOrder> {
        let any = NaiveDate::MAX;
        match self {
            Form::StrategyDiscussion => None,
            Form::Enquiry => pathway.may_start_enquiry(i64::MIN, any).err(),
            Form::Outcome => pathway.may_record_outcome(any).err(),
            Form::Request => pathway.may_request_conference(any, true).err(),
            Form::NotRequired | Form::Conference => pathway.may_hold_conference(None).err(),
            Form::CoreGroup => pathway.may_hold_core_group(any).err(),
            Form::PlanEnd => pathway.may_end_plan(any).err(),
        }
    }

    fn has_meeting(self) -> bool {
        matches!(
            self,
            Form::StrategyDiscussion | Form::Conference | Form::CoreGroup
        )
    }
}

/// The order of every field the forms have, so the error summary reads top to bottom.
fn field_order() -> Vec<String> {
    let mut order: Vec<String> = ["date", "time", "place", "chair", "attendees"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    for i in 0..FORM_ROWS {
        for f in ["name", "agency", "role"] {
            order.push(attendee_field(i, f));
        }
    }
    order.extend(
        [
            "inquorate_reason",
            "information",
            "strategy_discussion",
            "start_date",
            "outcome",
            "transfer_from",
            "decision",
            "category",
            "reasons",
            "summary",
            "reason",
        ]
        .into_iter()
        .map(str::to_owned),
    );
    order
}

fn items<T: Copy>(all: &[T], code: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Value {
    Value::from(
        all.iter()
            .map(|m| context! { value => code(*m), text => label(*m) })
            .collect::<Vec<_>>(),
    )
}

/// What a refusal shows: the sentence and the step that puts it right.
fn refusal_value(refused: &OutOfOrder) -> Value {
    context! {
        message => refused.message.as_str(),
        put_right_path => refused.put_right.path(),
        put_right_label => refused.put_right.label(),
    }
}

/// A new form: the meeting dated now on UK clocks, other dates today.
fn fresh(state: &AppState, form: Form, pathway: &Pathway) -> Fields {
    let now = state.clock.now();
    let today = uk_time::local_date(now);
    let mut fields = Fields::new();
    let date_field = match form {
        Form::Enquiry => "start_date",
        Form::NotRequired => "",
        _ => "date",
    };
    if !date_field.is_empty() {
        fields.insert(format!("{date_field}-day"), today.day().to_string());
        fields.insert(format!("{date_field}-month"), today.month().to_string());
        fields.insert(format!("{date_field}-year"), today.year().to_string());
    }
    if form.has_meeting() {
        fields.insert("time".into(), uk_time::clock_time(now));
    }
    if form == Form::Enquiry
        && let [only] = pathway.strategy_discussions_awaiting_enquiry().as_slice()
    {
        fields.insert("strategy_discussion".into(), only.meeting.to_string());
    }
    fields
}

/// Renders a step's form (or its gate's refusal, when the gate is shut and `fields` is a new
/// form), with the problems and the refusal a save came back with.
#[allow(clippy::too_many_arguments)]
async fn show(
    state: &AppState,
    cp: &dyn ChildProtection,
    checked: &Checked<ToAdd>,
    form: Form,
    fields: Option<Fields>,
    errors: Option<FieldErrors>,
    refused: Option<OutOfOrder>,
    status: StatusCode,
) -> WebResult<Response> {
    let access = checked.access();
    let child = state
        .store
        .child_details_shown(access, &format!("child protection: {}", form.heading()))
        .await?;
    let pathway = cp.pathway(access).await?;
    let child_name = format!("{} {}", child.given_name, child.family_name);
    let base = context! {
        child_id => child.id.0,
        child_name,
        heading => form.heading(),
    };
    let gate = form.gate(&pathway);
    if let (Some(shut), None) = (&gate, &fields) {
        return render::page(
            state,
            &checked.ctx,
            Some(&checked.viewer),
            "",
            "child_protection/refused.html",
            context! { refusal => refusal_value(shut), ..base },
        );
    }
    // The conference request's own gate, shown beside the transfer-in that gets round it.
    let shown_refusal = refused.or_else(|| match form {
        Form::Request => pathway.may_request_conference(NaiveDate::MAX, false).err(),
        _ => None,
    });
    let fields = fields.unwrap_or_else(|| fresh(state, form, &pathway));
    let mut agencies = vec![context! { value => "", text => "Choose the agency" }];
    agencies.extend(
        Agency::ALL
            .iter()
            .map(|a| context! { value => a.code(), text => a.label() }),
    );
    let discussions: Vec<Value> = pathway
        .strategy_discussions_awaiting_enquiry()
        .iter()
        .map(|s| {
            context! {
                value => s.meeting.to_string(),
                text => format!("Strategy discussion on {}", uk_time::long_date(s.held_on)),
            }
        })
        .collect();
    let lists = context! {
        rows => (0..FORM_ROWS).collect::<Vec<_>>(),
        agencies,
        meeting_what => match form {
            Form::Conference => "Conference",
            Form::CoreGroup => "Core group",
            _ => "Strategy discussion",
        },
        attendees_hint => "Everyone invited, with the agency they spoke for. Leave rows you do not need empty.",
        decisions => match form {
            Form::Conference => items(ConferenceDecision::ALL, ConferenceDecision::code, ConferenceDecision::label),
            _ => items(StrategyDecision::ALL, StrategyDecision::code, StrategyDecision::label),
        },
        categories => items(AbuseCategory::ALL, AbuseCategory::code, AbuseCategory::label),
        outcomes => items(EnquiryOutcome::ALL, EnquiryOutcome::code, EnquiryOutcome::label),
        reasons => items(PlanEndReason::ALL, PlanEndReason::code, PlanEndReason::label),
        discussions,
        previous_plans => pathway.previous_plans(),
    };
    let errors = errors.map(|e| {
        let order = field_order();
        let order: Vec<&str> = order.iter().map(String::as_str).collect();
        in_form_order(e, &order)
    });
    let shown = errors
        .as_ref()
        .map(error_values)
        .unwrap_or_else(|| context! {});
    let own = context! {
        form => render::value(&fields),
        refusal => shown_refusal.as_ref().map(refusal_value),
    };
    render::page_with_status(
        state,
        &checked.ctx,
        Some(&checked.viewer),
        "",
        form.template(),
        context! { ..own, ..base, ..lists, ..shown },
        status,
    )
}

/// Reads the form, takes the step, and goes back to the child's protection record; or shows
/// the form again with the problems (422) or the refusal (409), everything typed kept.
async fn save(
    state: &AppState,
    cp: &dyn ChildProtection,
    checked: Checked<ToAdd>,
    fields: Fields,
    form: Form,
) -> WebResult<Response> {
    csrf::check(
        &checked.viewer.csrf_token,
        fields.get("csrf_token").map_or("", String::as_str),
    )?;
    let access = checked.access();
    let now = access.actor().at;
    let today = uk_time::local_date(now);
    let mut errors = FieldErrors::new();
    let result = match form {
        Form::StrategyDiscussion => {
            let input = inputs::form_strategy_discussion(&mut errors, &fields);
            match errors.and_parsed(NewStrategyDiscussion::parse(&input, now)) {
                Ok(step) => cp.record_strategy_discussion(access, &step).await,
                Err(e) => Err(StoreError::Invalid(e)),
            }
        }
        Form::Enquiry => {
            let input = inputs::form_enquiry(&mut errors, &fields);
            match errors.and_parsed(NewEnquiry::parse(&input, today)) {
                Ok(step) => cp.start_enquiry(access, &step).await,
                Err(e) => Err(StoreError::Invalid(e)),
            }
        }
        Form::Outcome => {
            let input = inputs::form_outcome(&mut errors, &fields);
            match errors.and_parsed(NewOutcome::parse(&input, today)) {
                Ok(step) => cp.record_enquiry_outcome(access, &step).await,
                Err(e) => Err(StoreError::Invalid(e)),
            }
        }
        Form::Request => {
            let input = inputs::form_request(&mut errors, &fields);
            match errors.and_parsed(NewConferenceRequest::parse(&input, today)) {
                Ok(step) => cp.request_conference(access, &step).await,
                Err(e) => Err(StoreError::Invalid(e)),
            }
        }
        Form::NotRequired => match not_required_reason(&inputs::form_reason(&fields)) {
            Ok(reason) => cp.conference_not_required(access, &reason).await,
            Err(e) => Err(StoreError::Invalid(e)),
        },
        Form::Conference => {
            let input = inputs::form_conference(&mut errors, &fields);
            match errors.and_parsed(NewConference::parse(&input, now)) {
                Ok(step) => cp.record_conference(access, &step).await,
                Err(e) => Err(StoreError::Invalid(e)),
            }
        }
        Form::CoreGroup => {
            let input = inputs::form_core_group(&mut errors, &fields);
            match errors.and_parsed(NewCoreGroup::parse(&input, now)) {
                Ok(step) => cp.record_core_group(access, &step).await,
                Err(e) => Err(StoreError::Invalid(e)),
            }
        }
        Form::PlanEnd => {
            let input = inputs::form_plan_end(&mut errors, &fields);
            match errors.and_parsed(PlanEnd::parse(&input, today)) {
                Ok(step) => cp.end_plan(access, &step).await,
                Err(e) => Err(StoreError::Invalid(e)),
            }
        }
    };
    let mut kept = fields;
    kept.remove("csrf_token");
    match result {
        Ok(_) => Ok(
            Redirect::to(&format!("/children/{}/child-protection", checked.child()))
                .into_response(),
        ),
        Err(StoreError::Invalid(errors)) => {
            show(
                state,
                cp,
                &checked,
                form,
                Some(kept),
                Some(errors),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(StoreError::OutOfOrder(refused)) => {
            show(
                state,
                cp,
                &checked,
                form,
                Some(kept),
                None,
                Some(refused),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

macro_rules! step_pages {
    ($($show:ident, $save:ident => $form:expr;)*) => {
        $(
            pub async fn $show(
                State(state): State<AppState>,
                State(cp): State<Arc<dyn ChildProtection>>,
                checked: Checked<ToAdd>,
            ) -> WebResult<Response> {
                show(&state, cp.as_ref(), &checked, $form, None, None, None, StatusCode::OK).await
            }

            pub async fn $save(
                State(state): State<AppState>,
                State(cp): State<Arc<dyn ChildProtection>>,
                checked: Checked<ToAdd>,
                FormInput(fields): FormInput<Fields>,
            ) -> WebResult<Response> {
                save(&state, cp.as_ref(), checked, fields, $form).await
            }
        )*
    };
}

step_pages! {
    strategy_form, strategy_save => Form::StrategyDiscussion;
    enquiry_form, enquiry_save => Form::Enquiry;
    outcome_form, outcome_save => Form::Outcome;
    request_form, request_save => Form::Request;
    not_required_form, not_required_save => Form::NotRequired;
    conference_form, conference_save => Form::Conference;
    core_group_form, core_group_save => Form::CoreGroup;
    plan_end_form, plan_end_save => Form::PlanEnd;
}

/// What is due next, as the pages show it.
#[derive(Serialize)]
struct DueShown {
    what: &'static str,
    path: &'static str,
    due: NaiveDate,
    explanation: String,
    /// "Overdue by 3 working days", "Due soon" or "On time".
    status: String,
    tag: &'static str,
}

/// "Overdue by 3 working days", "Due in 2 working days" or "On time", and its tag's colour.
pub fn timeliness_shown(timeliness: Timeliness) -> (String, &'static str) {
    match timeliness {
        Timeliness::Overdue { working_days, .. } => (
            format!(
                "Overdue by {working_days} working {}",
                if working_days == 1 { "day" } else { "days" }
            ),
            "govuk-tag--red",
        ),
        Timeliness::DueSoon { working_days_left } => (
            match working_days_left {
                0 => "Due today".to_owned(),
                1 => "Due in 1 working day".to_owned(),
                n => format!("Due in {n} working days"),
            },
            "govuk-tag--yellow",
        ),
        Timeliness::OnTime { .. } => ("On time".to_owned(), "govuk-tag--green"),
    }
}

fn due_shown(next: &NextStep) -> DueShown {
    let (status, tag) = timeliness_shown(next.timeliness);
    DueShown {
        what: next.step.label(),
        path: next.step.path(),
        due: next.due,
        explanation: next.explanation.clone(),
        status,
        tag,
    }
}

/// The steps the viewer may take now (those whose gates are open), for links.
fn open_steps(pathway: &Pathway) -> Vec<Value> {
    [
        Form::StrategyDiscussion,
        Form::Enquiry,
        Form::Outcome,
        Form::Request,
        Form::Conference,
        Form::CoreGroup,
        Form::PlanEnd,
    ]
    .into_iter()
    .filter(|f| f.gate(pathway).is_none())
    .filter(|f| {
        // A request is offered once the enquiry's outcome calls for it (the transfer-in stays
        // on the request page itself).
        *f != Form::Request
            || pathway
                .may_request_conference(NaiveDate::MAX, false)
                .is_ok()
    })
    .map(|f| {
        let path = match f {
            Form::StrategyDiscussion => "strategy-discussion",
            Form::Enquiry => "enquiry",
            Form::Outcome => "enquiry-outcome",
            Form::Request => "conference-request",
            Form::NotRequired => "conference-not-required",
            Form::Conference => "conference",
            Form::CoreGroup => "core-group",
            Form::PlanEnd => "plan-end",
        };
        context! { text => f.heading(), path }
    })
    .collect()
}

#[derive(Serialize)]
struct MeetingShown<'a> {
    kind: &'static str,
    held_at: chrono::DateTime<chrono::Utc>,
    place: &'a str,
    chair: &'a str,
    information: &'a str,
    inquorate_reason: Option<&'a str>,
    attended: Vec<String>,
    apologies: Vec<String>,
    decision: String,
    reasons: &'a str,
    recorded_by: &'a str,
}

fn meeting_shown(m: &MeetingRecord) -> MeetingShown<'_> {
    let who = |attended: bool| -> Vec<String> {
        m.attendees
            .iter()
            .filter(|a| a.attended == attended)
            .map(|a| format!("{}, {} ({})", a.name, a.role, a.agency.label()))
            .collect()
    };
    let decision = match m.kind {
        MeetingKind::StrategyDiscussion => StrategyDecision::from_code(&m.decision)
            .map(|d| d.label().to_owned())
            .unwrap_or_default(),
        MeetingKind::InitialConference => {
            let decided = ConferenceDecision::from_code(&m.decision)
                .map(|d| d.label().to_owned())
                .unwrap_or_default();
            match m.category {
                Some(c) => format!("{decided}: {}", c.label().to_lowercase()),
                None => decided,
            }
        }
        MeetingKind::CoreGroup => String::new(),
    };
    MeetingShown {
        kind: m.kind.label(),
        held_at: m.held_at,
        place: &m.place,
        chair: &m.chair,
        information: &m.information,
        inquorate_reason: m.inquorate_reason.as_deref(),
        attended: who(true),
        apologies: who(false),
        decision,
        reasons: &m.reasons,
        recorded_by: &m.recorded_by,
    }
}

/// The stage, what is due and the steps open, from the child's pathway.
fn summary(state: &AppState, pathway: &Pathway, may_add: bool) -> Value {
    let today = state.clock.today();
    let due: Vec<DueShown> = pathway
        .next_steps(&state.config.timescales, today)
        .iter()
        .map(due_shown)
        .collect();
    context! {
        stage => pathway.stage().label(),
        due => render::value(due),
        steps => if may_add { open_steps(pathway) } else { Vec::new() },
        previous_plans => pathway.previous_plans(),
    }
}

/// The child's protection record: the stage, what is next and every meeting in full.
pub async fn overview(
    State(state): State<AppState>,
    State(cp): State<Arc<dyn ChildProtection>>,
    checked: Checked<ToView>,
) -> WebResult<Response> {
    let access = &checked.permitted.access;
    let child = state.store.child_details(access).await?;
    let record = cp.child_protection(access).await?;
    let may_add = checked.permitted.also_allows(Action::AddToRecord);
    let meetings: Vec<MeetingShown> = record.meetings.iter().map(meeting_shown).collect();
    render::page(
        &state,
        &checked.ctx,
        Some(&checked.viewer),
        "",
        "child_protection/overview.html",
        context! {
            child_id => child.id.0,
            child_name => format!("{} {}", child.given_name, child.family_name),
            meetings => render::value(meetings),
            ..summary(&state, &record.pathway, may_add)
        },
    )
}

/// On the record page: the stage and what is due next. Read under the record page's own
/// access record.
pub async fn record_panel(
    state: &AppState,
    _ctx: &RequestContext,
    permitted: &Permitted,
) -> WebResult<Value> {
    let pathway = state.store.pathway(&permitted.access).await?;
    let may_add = permitted.also_allows(Action::AddToRecord);
    Ok(context! {
        child_id => permitted.access.child().0,
        ..summary(state, &pathway, may_add)
    })
}

/// A child in the work tray, as the home page shows it.
#[derive(Serialize)]
struct TrayShown {
    child: i64,
    name: String,
    worker: Option<String>,
    team: Option<String>,
    stage: String,
    due: Vec<DueShown>,
    /// Working days overdue of the most overdue step, for the order.
    overdue: i64,
}

/// On the home page: the children with child protection work open that the viewer holds
/// (their own; their line's for managers), most overdue first.
pub async fn home_panel(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
) -> WebResult<Value> {
    let actor = viewer.actor(ctx, state);
    let today = state.clock.today();
    let tray = state.store.child_protection_tray(&actor, today).await?;
    if tray.is_empty() {
        return Ok(Value::UNDEFINED);
    }
    let mut shown: Vec<TrayShown> = tray
        .iter()
        .map(|c| {
            let next = c.pathway.next_steps(&state.config.timescales, today);
            let overdue = next
                .iter()
                .map(|n| match n.timeliness {
                    Timeliness::Overdue { working_days, .. } => working_days,
                    _ => 0,
                })
                .max()
                .unwrap_or(0);
            TrayShown {
                child: c.child.0,
                name: format!("{} {}", c.given_name, c.family_name),
                worker: c.worker_name.clone(),
                team: c.team_name.clone(),
                stage: c.pathway.stage().label(),
                due: next.iter().map(due_shown).collect(),
                overdue,
            }
        })
        .collect();
    shown.sort_by_key(|c| std::cmp::Reverse(c.overdue));
    Ok(context! { children => render::value(shown) })
}
