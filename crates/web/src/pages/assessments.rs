//! Pages of the `assessments` capability (issue 11): the child's assessment with its due date
//! and state, starting one, writing it (saved as a draft, or submitted for authorisation), the
//! manager's authorise-or-return page, the record page's panel and the home page's sign-off
//! queue and tray. A step whose gate is shut shows why and links to the step that opens it; a
//! step refused when saved shows the same, with everything typed kept.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::{Datelike, NaiveDate};
use journey_domain::access::Action;
use journey_domain::assessments::{
    AssessmentFactor, AssessmentKind, AssessmentOutcome, AssessmentRecord, AssessmentState,
    AssessmentText, Assessments, Authoriser, NewAssessment, OutOfOrder, authorisation_date,
    due_from_referral, return_reason, waiting_days,
};
use journey_domain::staff::Role;
use journey_domain::timescales::Timescales;
use journey_domain::uk_time;
use journey_domain::validation::FieldErrors;
use journey_store::StoreError;
use minijinja::{Value, context};
use serde::Serialize;

use super::child_protection::timeliness_shown;
use crate::access::{Checked, Permitted, ToAdd, ToView};
use crate::auth::{Viewer, csrf};
use crate::capabilities::assessments::{factor_field, form_decision, form_start, form_text};
use crate::capabilities::child_protection::Fields;
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::forms::{error_values, in_form_order};
use crate::input::FormInput;
use crate::render;
use crate::state::AppState;

/// This capability's page routes, merged into the app's router.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children/{child}/assessment", get(overview))
        .route(
            "/children/{child}/assessment/start",
            get(start_form).post(start_save),
        )
        .route(
            "/children/{child}/assessment/edit",
            get(edit_form).post(edit_save),
        )
        .route(
            "/children/{child}/assessment/authorise",
            get(authorise_form).post(authorise_save),
        )
}

macro_rules! templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../templates/", $name))),)*]
    };
}

/// This capability's templates, registered with the environment: (name, source).
pub const TEMPLATES: &[(&str, &str)] = templates!(
    "record/assessments.html",
    "home/assessments.html",
    "assessments/overview.html",
    "assessments/_assessment.html",
    "assessments/_heading.html",
    "assessments/refused.html",
    "assessments/start.html",
    "assessments/edit.html",
    "assessments/authorise.html",
);

/// The order of every field the forms have, so the error summary reads top to bottom.
const FIELD_ORDER: &[&str] = &[
    "kind",
    "start_date",
    "seen_date",
    "seen_alone",
    "factors",
    "analysis",
    "wishes_and_feelings",
    "outcome",
    "outcome_detail",
    "late_reason",
    "date",
    "reason",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Start,
    Edit,
    Authorise,
}

impl Form {
    fn template(self) -> &'static str {
        match self {
            Form::Start => "assessments/start.html",
            Form::Edit => "assessments/edit.html",
            Form::Authorise => "assessments/authorise.html",
        }
    }

    fn heading(self) -> &'static str {
        match self {
            Form::Start => "Start an assessment",
            Form::Edit => "Write the assessment",
            Form::Authorise => "Authorise or return the assessment",
        }
    }

    /// The gate in front of the form: the refusal when the step cannot be taken whatever is
    /// typed.
    fn gate(self, found: &Assessments, who: Authoriser) -> Option<OutOfOrder> {
        match self {
            Form::Start => found.may_start(NaiveDate::MAX).err(),
            Form::Edit => found.may_save().err(),
            Form::Authorise => found.may_decide(who).err(),
        }
    }
}

fn authoriser(checked_viewer: &Viewer, permitted: &Permitted) -> Authoriser {
    Authoriser::new(
        checked_viewer.staff,
        checked_viewer.role,
        permitted.access.relationship(),
    )
}

fn refusal_value(refused: &OutOfOrder) -> Value {
    context! {
        message => refused.message.as_str(),
        put_right_path => refused.put_right.path(),
        put_right_label => refused.put_right.label(),
    }
}

fn date_parts(fields: &mut Fields, name: &str, date: NaiveDate) {
    fields.insert(format!("{name}-day"), date.day().to_string());
    fields.insert(format!("{name}-month"), date.month().to_string());
    fields.insert(format!("{name}-year"), date.year().to_string());
}

/// A new form: the start and authorisation dated today; the assessment's own form holding the
/// draft as last saved.
fn fresh(state: &AppState, form: Form, found: &Assessments) -> Fields {
    let today = state.clock.today();
    let mut fields = Fields::new();
    match form {
        Form::Start => date_parts(&mut fields, "start_date", today),
        Form::Authorise => date_parts(&mut fields, "date", today),
        Form::Edit => {
            if let Some(open) = found.open() {
                let text = &open.text;
                if let Some(seen) = text.seen_date {
                    date_parts(&mut fields, "seen_date", seen);
                }
                if let Some(alone) = text.seen_alone {
                    fields.insert("seen_alone".into(), if alone { "yes" } else { "no" }.into());
                }
                for factor in &text.factors {
                    fields.insert(factor_field(*factor), "yes".into());
                }
                fields.insert("analysis".into(), text.analysis.clone());
                fields.insert(
                    "wishes_and_feelings".into(),
                    text.wishes_and_feelings.clone(),
                );
                if let Some(outcome) = text.outcome {
                    fields.insert("outcome".into(), outcome.code().into());
                }
                fields.insert("outcome_detail".into(), text.outcome_detail.clone());
                fields.insert("late_reason".into(), text.late_reason.clone());
            }
        }
    }
    fields
}

/// An assessment as the pages show it.
#[derive(Serialize)]
struct Shown {
    kind: &'static str,
    pre_birth: bool,
    state: &'static str,
    state_code: &'static str,
    author: String,
    start_date: NaiveDate,
    referral_date: NaiveDate,
    due: Option<NaiveDate>,
    explanation: String,
    status: String,
    tag: &'static str,
    seen_date: Option<NaiveDate>,
    seen_alone: Option<bool>,
    factors: Vec<String>,
    analysis: String,
    wishes_and_feelings: String,
    outcome: Option<&'static str>,
    outcome_detail: String,
    late_reason: String,
    saved_at: String,
    submitted_on: Option<NaiveDate>,
    waiting: Option<i64>,
    authorised_on: Option<NaiveDate>,
    authorised_by: Option<String>,
    returned_reason: Option<String>,
}

fn shown(a: &AssessmentRecord, timescales: &Timescales, today: NaiveDate) -> Shown {
    let due = Assessments::due(a, timescales);
    let (status, tag) = match (&due, a.authorised_on) {
        (Some(due), Some(done)) => (
            timescales.completion(due.date, done).describe(due.date),
            "govuk-tag--grey",
        ),
        (Some(due), None) => timeliness_shown(timescales.classify(due.date, today)),
        (None, _) => (String::new(), ""),
    };
    Shown {
        kind: a.kind.label(),
        pre_birth: a.kind == AssessmentKind::PreBirth,
        state: a.state.label(),
        state_code: a.state.code(),
        author: a.author_name.clone(),
        start_date: a.start_date,
        referral_date: a.referral_date,
        due: due.as_ref().map(|d| d.date),
        explanation: due.map(|d| d.explanation).unwrap_or_default(),
        status,
        tag,
        seen_date: a.text.seen_date,
        seen_alone: a.text.seen_alone,
        factors: a
            .text
            .factors
            .iter()
            .map(|f| format!("{} {}", f.code(), f.label()))
            .collect(),
        analysis: a.text.analysis.clone(),
        wishes_and_feelings: a.text.wishes_and_feelings.clone(),
        outcome: a.text.outcome.map(AssessmentOutcome::label),
        outcome_detail: a.text.outcome_detail.clone(),
        late_reason: a.text.late_reason.clone(),
        saved_at: uk_time::long_date_time(a.saved_at),
        submitted_on: a.submitted_on,
        waiting: (a.state == AssessmentState::Submitted)
            .then(|| a.submitted_on.map(|s| waiting_days(s, today, timescales)))
            .flatten(),
        authorised_on: a.authorised_on,
        authorised_by: a.authorised_by_name.clone(),
        returned_reason: a.returned_reason.clone(),
    }
}

/// The steps open to the viewer now, for links.
fn open_steps(found: &Assessments, who: Authoriser) -> Vec<Value> {
    [Form::Start, Form::Edit, Form::Authorise]
        .into_iter()
        .filter(|f| f.gate(found, who).is_none())
        .map(|f| {
            let path = match f {
                Form::Start => "assessment/start",
                Form::Edit => "assessment/edit",
                Form::Authorise => "assessment/authorise",
            };
            context! { text => f.heading(), path }
        })
        .collect()
}

fn lists() -> Value {
    let items = |all: &[(&'static str, &'static str)]| -> Vec<Value> {
        all.iter()
            .map(|(value, text)| context! { value => *value, text => *text })
            .collect()
    };
    let kinds: Vec<(&str, &str)> = AssessmentKind::ALL
        .iter()
        .map(|k| (k.code(), k.label()))
        .collect();
    let outcomes: Vec<(&str, &str)> = AssessmentOutcome::ALL
        .iter()
        .map(|k| (k.code(), k.label()))
        .collect();
    let factors: Vec<Value> = AssessmentFactor::ALL
        .iter()
        .map(|f| context! { name => factor_field(*f), code => f.code(), text => f.label() })
        .collect();
    context! {
        kinds => items(&kinds),
        outcomes => items(&outcomes),
        factors,
        seen_alone => items(&[("yes", "Yes"), ("no", "No")]),
    }
}

/// Renders a step's form (or its gate's refusal, when the gate is shut and `fields` is a new
/// form), with the problems and the refusal a save came back with.
async fn show(
    state: &AppState,
    checked: &Checked<ToAdd>,
    form: Form,
    fields: Option<Fields>,
    problems: Option<Result<FieldErrors, OutOfOrder>>,
    status: StatusCode,
) -> WebResult<Response> {
    let access = checked.access();
    let child = state
        .store
        .child_details_shown(access, &format!("assessment: {}", form.heading()))
        .await?;
    let found = state.store.assessments_unrecorded(access).await?;
    let who = authoriser(&checked.viewer, &checked.permitted);
    let today = state.clock.today();
    let base = context! {
        child_id => child.id.0,
        child_name => format!("{} {}", child.given_name, child.family_name),
        heading => form.heading(),
        assessment => found.open().map(|a| render::value(shown(a, &state.config.timescales, today))),
    };
    if let (Some(shut), None) = (form.gate(&found, who), &fields) {
        return render::page(
            state,
            &checked.ctx,
            Some(&checked.viewer),
            "",
            "assessments/refused.html",
            context! { refusal => refusal_value(&shut), ..base },
        );
    }
    let fields = fields.unwrap_or_else(|| fresh(state, form, &found));
    let (errors, refused) = match problems {
        Some(Ok(errors)) => (Some(in_form_order(errors, FIELD_ORDER)), None),
        Some(Err(refused)) => (None, Some(refused)),
        None => (None, None),
    };
    let errors_shown = errors
        .as_ref()
        .map(error_values)
        .unwrap_or_else(|| context! {});
    let own = context! {
        form => render::value(&fields),
        refusal => refused.as_ref().map(refusal_value),
    };
    render::page_with_status(
        state,
        &checked.ctx,
        Some(&checked.viewer),
        "",
        form.template(),
        context! { ..own, ..base, ..lists(), ..errors_shown },
        status,
    )
}

/// Reads the form, takes the step and goes on; or shows the form again with the problems
/// (422) or the refusal (409), everything typed kept.
async fn save(
    state: &AppState,
    checked: Checked<ToAdd>,
    fields: Fields,
    form: Form,
) -> WebResult<Response> {
    csrf::check(
        &checked.viewer.csrf_token,
        fields.get("csrf_token").map_or("", String::as_str),
    )?;
    let store = &state.store;
    let access = checked.access();
    let today = uk_time::local_date(access.actor().at);
    let action = fields.get("action").map_or("", String::as_str);
    let mut errors = FieldErrors::new();
    let child = checked.child();
    let (result, next) = match form {
        Form::Start => {
            let input = form_start(&mut errors, &fields);
            let result = match errors.and_parsed(NewAssessment::parse(&input, today)) {
                Ok(start) => store.start_assessment(access, &start).await,
                Err(e) => Err(StoreError::Invalid(e)),
            };
            (result, "assessment/edit")
        }
        Form::Edit => {
            let input = form_text(&mut errors, &fields);
            let parsed = errors.and_parsed(AssessmentText::parse(&input, today));
            match (parsed, action) {
                (Err(e), _) => (Err(StoreError::Invalid(e)), ""),
                (Ok(text), "submit") => (
                    store
                        .submit_assessment(access, &text, &state.config.timescales)
                        .await,
                    "assessment",
                ),
                (Ok(text), _) => (
                    store.save_assessment(access, &text).await,
                    "assessment/edit",
                ),
            }
        }
        Form::Authorise => {
            let input = form_decision(&mut errors, &fields);
            if action == "return" {
                let result = match return_reason(&input) {
                    Ok(reason) => store.return_assessment(access, &reason).await,
                    Err(e) => Err(StoreError::Invalid(e)),
                };
                (result, "assessment")
            } else {
                let result = match errors.and_parsed(authorisation_date(&input, today)) {
                    Ok(on) => store.authorise_assessment(access, on).await,
                    Err(e) => Err(StoreError::Invalid(e)),
                };
                (result, "assessment")
            }
        }
    };
    let mut kept = fields;
    kept.remove("csrf_token");
    kept.remove("action");
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/children/{child}/{next}")).into_response()),
        Err(StoreError::Invalid(errors)) => {
            show(
                state,
                &checked,
                form,
                Some(kept),
                Some(Ok(errors)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(StoreError::AssessmentOutOfOrder(refused)) => {
            show(
                state,
                &checked,
                form,
                Some(kept),
                Some(Err(refused)),
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
                checked: Checked<ToAdd>,
            ) -> WebResult<Response> {
                show(&state, &checked, $form, None, None, StatusCode::OK).await
            }

            pub async fn $save(
                State(state): State<AppState>,
                checked: Checked<ToAdd>,
                FormInput(fields): FormInput<Fields>,
            ) -> WebResult<Response> {
                save(&state, checked, fields, $form).await
            }
        )*
    };
}

step_pages! {
    start_form, start_save => Form::Start;
    edit_form, edit_save => Form::Edit;
    authorise_form, authorise_save => Form::Authorise;
}

/// The latest assessment, its due date and state, and the steps open to the viewer.
fn summary(state: &AppState, found: &Assessments, permitted: &Permitted, viewer: &Viewer) -> Value {
    let today = state.clock.today();
    let may_add = permitted.also_allows(Action::AddToRecord);
    let who = authoriser(viewer, permitted);
    context! {
        latest => found.latest().map(|a| render::value(shown(a, &state.config.timescales, today))),
        earlier => found.assessments.len().saturating_sub(1),
        open_episode => found.open_episode.is_some(),
        steps => if may_add { open_steps(found, who) } else { Vec::new() },
    }
}

/// The child's assessment in full (recorded as a view of the record).
pub async fn overview(
    State(state): State<AppState>,
    checked: Checked<ToView>,
) -> WebResult<Response> {
    let access = &checked.permitted.access;
    let child = state.store.child_details(access).await?;
    let found = state.store.assessments(access).await?;
    let today = state.clock.today();
    let all: Vec<Shown> = found
        .assessments
        .iter()
        .rev()
        .map(|a| shown(a, &state.config.timescales, today))
        .collect();
    render::page(
        &state,
        &checked.ctx,
        Some(&checked.viewer),
        "",
        "assessments/overview.html",
        context! {
            child_id => child.id.0,
            child_name => format!("{} {}", child.given_name, child.family_name),
            all => render::value(all),
            ..summary(&state, &found, &checked.permitted, &checked.viewer)
        },
    )
}

/// On the record page: the latest assessment, its due date and state. Read under the record
/// page's own access record.
pub async fn record_panel(
    state: &AppState,
    _ctx: &RequestContext,
    permitted: &Permitted,
) -> WebResult<Value> {
    let found = state
        .store
        .assessments_unrecorded(&permitted.access)
        .await?;
    let actor = permitted.access.actor();
    let Some(staff) = actor.staff.as_ref() else {
        return Ok(Value::UNDEFINED);
    };
    let may_add = permitted.also_allows(Action::AddToRecord);
    let who = Authoriser::new(staff.id, staff.role, permitted.access.relationship());
    let today = state.clock.today();
    Ok(context! {
        child_id => permitted.access.child().0,
        latest => found.latest().map(|a| render::value(shown(a, &state.config.timescales, today))),
        open_episode => found.open_episode.is_some(),
        steps => if may_add { open_steps(&found, who) } else { Vec::new() },
    })
}

/// An assessment on the home page.
#[derive(Serialize)]
struct Waiting {
    child: i64,
    name: String,
    kind: &'static str,
    author: String,
    team: Option<String>,
    submitted_on: Option<NaiveDate>,
    waiting: i64,
    due: Option<NaiveDate>,
    explanation: String,
    status: String,
    tag: &'static str,
    overdue: i64,
}

/// On the home page: for managers, the assessments waiting for their authorisation (oldest
/// first, with how long each has waited); for everyone, the open assessments of the children
/// they hold (their line's for managers), most overdue first.
pub async fn home_panel(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
) -> WebResult<Value> {
    let actor = viewer.actor(ctx, state);
    let today = state.clock.today();
    let timescales = &state.config.timescales;
    let manager = matches!(viewer.role, Role::TeamManager | Role::ServiceManager);
    let queue = if manager {
        state.store.sign_off_queue(&actor).await?
    } else {
        Vec::new()
    };
    let tray = state.store.assessment_tray(&actor, today).await?;
    // A manager always sees their queue, empty or not.
    if !manager && tray.is_empty() {
        return Ok(Value::UNDEFINED);
    }
    let line = |a: &journey_store::assessments::OpenAssessment| {
        let due = due_from_referral(a.referral_date, timescales);
        let timeliness = due.as_ref().map(|d| timescales.classify(d.date, today));
        let (status, tag) = timeliness.map(timeliness_shown).unwrap_or_default();
        Waiting {
            child: a.child.0,
            name: format!("{} {}", a.given_name, a.family_name),
            kind: a.kind.label(),
            author: a.author_name.clone(),
            team: a.team_name.clone(),
            submitted_on: a.submitted_on,
            waiting: a
                .submitted_on
                .map_or(0, |s| waiting_days(s, today, timescales)),
            due: due.as_ref().map(|d| d.date),
            explanation: due.map(|d| d.explanation).unwrap_or_default(),
            status,
            tag,
            overdue: match timeliness {
                Some(journey_domain::timescales::Timeliness::Overdue { working_days, .. }) => {
                    working_days
                }
                _ => 0,
            },
        }
    };
    let queue: Vec<Waiting> = queue.iter().map(line).collect();
    let mut tray: Vec<Waiting> = tray.iter().map(line).collect();
    tray.sort_by_key(|w| std::cmp::Reverse(w.overdue));
    Ok(context! {
        queue => render::value(queue),
        tray => render::value(tray),
        manager,
    })
}
