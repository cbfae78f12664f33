//! Pages of the `babies` capability (issue 11, part 8): the baby's discharge page with the
//! pre-birth targets and the plan, a form for each step (write the plan, sign it off, record
//! the discharge), the record page's warning and targets, and the managers' queue on the home
//! page. A step the record is not ready for shows why; one refused when saved shows the same,
//! with everything typed kept.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::{Datelike, NaiveDate};
use journey_domain::access::Action;
use journey_domain::babies::{
    BabyRecord, ConferenceBooking, Destination, DischargeRefused, NewDischarge, NewDischargePlan,
    Target, post_birth_review, pre_birth_targets,
};
use journey_domain::timescales::{Check, RuleId, Timescales};
use journey_domain::validation::FieldErrors;
use journey_store::babies::BabyFile;
use journey_store::{Babies, StoreError};
use minijinja::{Value, context};
use serde::Serialize;

use super::child_protection::timeliness_shown;
use crate::access::{Checked, Permitted, ToAdd, ToView};
use crate::auth::{Viewer, csrf};
use crate::capabilities::babies as inputs;
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
        .route("/children/{child}/discharge", get(overview))
        .route(
            "/children/{child}/discharge/plan",
            get(plan_form).post(plan_save),
        )
        .route(
            "/children/{child}/discharge/sign-off",
            get(sign_off_form).post(sign_off_save),
        )
        .route(
            "/children/{child}/discharge/record",
            get(discharge_form).post(discharge_save),
        )
}

macro_rules! templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../templates/", $name))),)*]
    };
}

/// This capability's templates, registered with the environment: (name, source).
pub const TEMPLATES: &[(&str, &str)] = templates!(
    "record/babies.html",
    "home/babies.html",
    "babies/overview.html",
    "babies/_targets.html",
    "babies/_plan.html",
    "babies/_step.html",
    "babies/refused.html",
    "babies/plan.html",
    "babies/sign_off.html",
    "babies/discharge.html",
);

/// A step's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Plan,
    SignOff,
    Discharge,
}

impl Form {
    fn template(self) -> &'static str {
        match self {
            Form::Plan => "babies/plan.html",
            Form::SignOff => "babies/sign_off.html",
            Form::Discharge => "babies/discharge.html",
        }
    }

    fn heading(self) -> &'static str {
        match self {
            Form::Plan => "Write the discharge plan",
            Form::SignOff => "Sign off the discharge plan",
            Form::Discharge => "Record the baby's discharge from hospital",
        }
    }

    /// The gate in front of the form, whatever is typed.
    fn gate(self, record: &BabyRecord, viewer: &Viewer) -> Option<DischargeRefused> {
        match self {
            Form::Plan => record.may_write_plan(NaiveDate::MAX).err(),
            Form::SignOff if !viewer.role.is_manager() => Some(DischargeRefused {
                message: "A team manager over the worker's team signs off a discharge plan."
                    .to_owned(),
                put_right: "",
            }),
            Form::SignOff => record.may_sign_off(viewer.staff).err(),
            Form::Discharge => record.may_record_discharge(NaiveDate::MAX, "-").err(),
        }
    }
}

const FIELD_ORDER: &[&str] = &[
    "planned_discharge",
    "date",
    "destination",
    "going_with",
    "arrangements",
    "support",
    "contingency",
    "reason",
];

/// A due date from the engine as the pages show it.
#[derive(Serialize)]
struct DueShown {
    what: &'static str,
    due: NaiveDate,
    explanation: String,
    status: String,
    tag: &'static str,
}

fn due_shown(what: &'static str, check: &Check) -> DueShown {
    let (status, tag) = timeliness_shown(check.timeliness);
    DueShown {
        what,
        due: check.due.date,
        explanation: check.due.explanation.clone(),
        status,
        tag,
    }
}

fn target_shown(target: &Target) -> DueShown {
    due_shown(target.what, &target.check)
}

/// "in 3 working days", "today", "2 working days ago".
fn days_words(n: i64) -> String {
    let days = |n: i64| format!("{n} working day{}", if n == 1 { "" } else { "s" });
    match n {
        0 => "today".to_owned(),
        n if n > 0 => format!("in {}", days(n)),
        n => format!("{} ago", days(-n)),
    }
}

/// The warning while a plan is unsigned, the pre-birth targets for an unborn baby and the
/// post-birth review for one born on a record begun before the birth with a conference.
fn summary(
    timescales: &Timescales,
    record: &BabyRecord,
    conference: ConferenceBooking,
    on: NaiveDate,
) -> Value {
    let unsigned = record.sign_off_due(timescales, on).map(|due| {
        context! {
            planned_discharge => render::value(due.planned_discharge),
            days_left => days_words(due.working_days_to_discharge),
            sign_off => render::value(due_shown("Sign off the discharge plan", &due.check)),
        }
    });
    let targets: Vec<DueShown> = match (record.date_of_birth, record.expected_date_of_birth) {
        (None, Some(expected)) => pre_birth_targets(timescales, expected, conference, on)
            .iter()
            .map(target_shown)
            .collect(),
        (Some(born), Some(_)) if conference != ConferenceBooking::NotBooked => {
            post_birth_review(timescales, born, on)
                .iter()
                .map(target_shown)
                .collect()
        }
        _ => Vec::new(),
    };
    context! {
        unsigned,
        targets => render::value(targets),
        unborn => record.date_of_birth.is_none() && record.expected_date_of_birth.is_some(),
        expected => render::value(record.expected_date_of_birth),
    }
}

/// The steps the viewer may take now, for links.
fn open_steps(record: &BabyRecord, viewer: &Viewer, may_add: bool) -> Vec<Value> {
    if !may_add {
        return Vec::new();
    }
    [
        (Form::Plan, "plan", "Write the discharge plan"),
        (Form::SignOff, "sign-off", "Sign off the discharge plan"),
        (
            Form::Discharge,
            "record",
            "Record the discharge from hospital",
        ),
    ]
    .into_iter()
    .filter(|(form, _, _)| *form != Form::SignOff || viewer.role.is_manager())
    .filter(|(form, _, _)| form.gate(record, viewer).is_none())
    .map(|(_, path, text)| context! { path, text })
    .collect()
}

fn plans_shown(file: &BabyFile) -> Vec<Value> {
    file.plans
        .iter()
        .map(|p| {
            context! {
                planned_discharge => render::value(p.planned_discharge),
                destination => p.destination.label(),
                going_with => p.going_with.as_str(),
                arrangements => p.arrangements.as_str(),
                support => p.support.as_str(),
                contingency => p.contingency.as_str(),
                written_by => p.written_by.as_str(),
                written_at => render::value(p.written_at),
                signed_off_by => p.signed_off_by.as_deref(),
                signed_off_at => render::value(p.signed_off_at),
            }
        })
        .collect()
}

/// The baby's discharge page: the targets, any warning, the plans and the discharge.
pub async fn overview(
    State(state): State<AppState>,
    State(babies): State<Arc<dyn Babies>>,
    checked: Checked<ToView>,
) -> WebResult<Response> {
    let access = &checked.permitted.access;
    let file = babies.baby_file(access).await?;
    let today = state.clock.today();
    let may_add = checked.permitted.also_allows(Action::AddToRecord);
    let discharges: Vec<Value> = file
        .discharges
        .iter()
        .map(|d| {
            context! {
                discharged_on => render::value(d.discharged_on),
                destination => d.destination.label(),
                going_with => d.going_with.as_str(),
                plan_signed => d.plan_signed,
                reason => d.reason.as_str(),
                recorded_by => d.recorded_by.as_str(),
            }
        })
        .collect();
    render::page(
        &state,
        &checked.ctx,
        Some(&checked.viewer),
        "",
        "babies/overview.html",
        context! {
            child_id => checked.child().0,
            child_name => file.record.name.as_str(),
            plans => plans_shown(&file),
            discharges,
            steps => open_steps(&file.record, &checked.viewer, may_add),
            ..summary(&state.config.timescales, &file.record, file.conference, today)
        },
    )
}

/// On the record page: the warning and the targets, only for a baby they concern. Read under
/// the record page's own access record.
pub async fn record_panel(
    state: &AppState,
    _ctx: &RequestContext,
    permitted: &Permitted,
) -> WebResult<Value> {
    let file = state.store.baby_record(&permitted.access).await?;
    let concerns = file.record.expected_date_of_birth.is_some()
        || !file.plans.is_empty()
        || !file.discharges.is_empty();
    if !concerns {
        return Ok(context! { show => false });
    }
    let today = state.clock.today();
    Ok(context! {
        show => true,
        child_id => permitted.access.child().0,
        ..summary(&state.config.timescales, &file.record, file.conference, today)
    })
}

/// A baby in the managers' queue, as the home page shows it.
#[derive(Serialize)]
struct QueueShown {
    child: i64,
    name: String,
    worker: Option<String>,
    team: Option<String>,
    lines: Vec<QueueLine>,
    /// The soonest date among its lines, for the order.
    soonest: NaiveDate,
}

#[derive(Serialize)]
struct QueueLine {
    text: String,
    /// The page's section and step under the child ("discharge", "sign-off").
    section: &'static str,
    step: &'static str,
    due: DueShown,
}

/// On the home page: unsigned discharge plans with the days to discharge, and unborn babies
/// whose pre-birth conference is not booked as its booking target nears, soonest first.
pub async fn home_panel(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
) -> WebResult<Value> {
    let actor = viewer.actor(ctx, state);
    let today = state.clock.today();
    let timescales = &state.config.timescales;
    let tray = state.store.babies_tray(&actor, timescales, today).await?;
    if tray.is_empty() {
        return Ok(Value::UNDEFINED);
    }
    let mut shown: Vec<QueueShown> = tray
        .iter()
        .map(|c| {
            let mut lines = Vec::new();
            if let Some(due) = c.record.sign_off_due(timescales, today) {
                lines.push(QueueLine {
                    text: format!(
                        "Discharge plan not signed off: leaving hospital {}",
                        days_words(due.working_days_to_discharge)
                    ),
                    section: "discharge",
                    step: "sign-off",
                    due: due_shown("Sign off the discharge plan", &due.check),
                });
            }
            if let (None, Some(expected)) =
                (c.record.date_of_birth, c.record.expected_date_of_birth)
            {
                for target in pre_birth_targets(timescales, expected, c.conference, today)
                    .iter()
                    .filter(|t| t.rule == RuleId::PreBirthConferenceBooking)
                {
                    lines.push(QueueLine {
                        text: "Pre-birth conference not booked".to_owned(),
                        section: "child-protection",
                        step: "",
                        due: target_shown(target),
                    });
                }
            }
            QueueShown {
                child: c.child.0,
                name: format!("{} {}", c.given_name, c.family_name),
                worker: c.worker_name.clone(),
                team: c.team_name.clone(),
                soonest: lines.iter().map(|l| l.due.due).min().unwrap_or(today),
                lines,
            }
        })
        .collect();
    shown.sort_by_key(|c| c.soonest);
    Ok(context! { children => render::value(shown) })
}

fn destinations() -> Value {
    Value::from(
        Destination::ALL
            .iter()
            .map(|d| context! { value => d.code(), text => d.label() })
            .collect::<Vec<_>>(),
    )
}

fn refusal_value(refused: &DischargeRefused) -> Value {
    // The section and the step apart: the template joins them (a value's `/` is escaped).
    let (section, step, label) = match refused.put_right {
        "plan" => ("discharge", "plan", "Write the discharge plan"),
        "sign-off" => ("discharge", "sign-off", "Sign off the discharge plan"),
        "birth" => ("details", "birth", "Record the birth"),
        _ => ("discharge", "", "Back to the baby's discharge"),
    };
    context! { message => refused.message.as_str(), section, step, put_right_label => label }
}

/// A new form: dates today.
fn fresh(state: &AppState, form: Form) -> Fields {
    let today = state.clock.today();
    let mut fields = Fields::new();
    let name = match form {
        Form::Plan => "planned_discharge",
        Form::Discharge => "date",
        Form::SignOff => return fields,
    };
    fields.insert(format!("{name}-day"), today.day().to_string());
    fields.insert(format!("{name}-month"), today.month().to_string());
    fields.insert(format!("{name}-year"), today.year().to_string());
    fields
}

/// Renders a step's form (or its gate's refusal for a new form), with the problems and the
/// refusal a save came back with.
async fn show(
    state: &AppState,
    babies: &dyn Babies,
    checked: &Checked<ToAdd>,
    form: Form,
    fields: Option<Fields>,
    outcome: Result<(), Result<FieldErrors, DischargeRefused>>,
    status: StatusCode,
) -> WebResult<Response> {
    let access = checked.access();
    state
        .store
        .child_details_shown(access, &format!("discharge: {}", form.heading()))
        .await?;
    let file = babies.baby_record(access).await?;
    let base = context! {
        child_id => checked.child().0,
        child_name => file.record.name.as_str(),
        heading => form.heading(),
    };
    let gate = form.gate(&file.record, &checked.viewer);
    if let (Some(shut), None) = (&gate, &fields) {
        return render::page(
            state,
            &checked.ctx,
            Some(&checked.viewer),
            "",
            "babies/refused.html",
            context! { refusal => refusal_value(shut), ..base },
        );
    }
    let (errors, refused) = match outcome {
        Ok(()) => (None, None),
        Err(Ok(errors)) => (Some(in_form_order(errors, FIELD_ORDER)), None),
        Err(Err(refused)) => (None, Some(refused)),
    };
    let fields = fields.unwrap_or_else(|| fresh(state, form));
    let shown = errors
        .as_ref()
        .map(error_values)
        .unwrap_or_else(|| context! {});
    let open = file.record.open_plan();
    let signed = open.is_some_and(|p| p.signed_off_on.is_some());
    let own = context! {
        form => render::value(&fields),
        refusal => refused.as_ref().map(refusal_value),
        destinations => destinations(),
        plan => plans_shown(&file).into_iter().next(),
        has_plan => open.is_some(),
        signed,
    };
    render::page_with_status(
        state,
        &checked.ctx,
        Some(&checked.viewer),
        "",
        form.template(),
        context! { ..own, ..base, ..shown },
        status,
    )
}

/// Reads the form, takes the step and goes back to the baby's discharge page; or shows the
/// form again with the problems (422) or the refusal (409), everything typed kept.
async fn save(
    state: &AppState,
    babies: &dyn Babies,
    checked: Checked<ToAdd>,
    fields: Fields,
    form: Form,
) -> WebResult<Response> {
    csrf::check(
        &checked.viewer.csrf_token,
        fields.get("csrf_token").map_or("", String::as_str),
    )?;
    let access = checked.access();
    let today = access.actor().today();
    let mut errors = FieldErrors::new();
    let result = match form {
        Form::Plan => {
            let input = inputs::form_plan(&mut errors, &fields);
            match errors.and_parsed(NewDischargePlan::parse(&input, today)) {
                Ok(plan) => babies.write_discharge_plan(access, &plan).await,
                Err(e) => Err(StoreError::Invalid(e)),
            }
        }
        Form::SignOff => babies.sign_off_discharge_plan(access).await,
        Form::Discharge => {
            let input = inputs::form_discharge(&mut errors, &fields);
            match errors.and_parsed(NewDischarge::parse(&input, today)) {
                Ok(discharge) => babies.record_discharge(access, &discharge).await,
                Err(e) => Err(StoreError::Invalid(e)),
            }
        }
    };
    let mut kept = fields;
    kept.remove("csrf_token");
    let outcome = match result {
        Ok(_) => {
            return Ok(
                Redirect::to(&format!("/children/{}/discharge", checked.child())).into_response(),
            );
        }
        Err(StoreError::Invalid(errors)) => Ok(errors),
        Err(StoreError::DischargeRefused(refused)) => Err(refused),
        Err(other) => return Err(other.into()),
    };
    let status = match outcome {
        Ok(_) => StatusCode::UNPROCESSABLE_ENTITY,
        Err(_) => StatusCode::CONFLICT,
    };
    show(
        state,
        babies,
        &checked,
        form,
        Some(kept),
        Err(outcome),
        status,
    )
    .await
}

macro_rules! step_pages {
    ($($show:ident, $save:ident => $form:expr;)*) => {
        $(
            pub async fn $show(
                State(state): State<AppState>,
                State(babies): State<Arc<dyn Babies>>,
                checked: Checked<ToAdd>,
            ) -> WebResult<Response> {
                show(&state, babies.as_ref(), &checked, $form, None, Ok(()), StatusCode::OK).await
            }

            pub async fn $save(
                State(state): State<AppState>,
                State(babies): State<Arc<dyn Babies>>,
                checked: Checked<ToAdd>,
                FormInput(fields): FormInput<Fields>,
            ) -> WebResult<Response> {
                save(&state, babies.as_ref(), checked, fields, $form).await
            }
        )*
    };
}

step_pages! {
    plan_form, plan_save => Form::Plan;
    sign_off_form, sign_off_save => Form::SignOff;
    discharge_form, discharge_save => Form::Discharge;
}
