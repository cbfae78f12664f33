//! Demo data of the `assessments` capability (issue 11), in the team whose manager the demo
//! prints, so a newcomer signing in as that manager sees them: a child and family assessment
//! referred 50 working days before the demo's day and still a draft (overdue, in the tray),
//! and one submitted three working days ago, waiting in the manager's sign-off queue. Dates
//! are counted back from the day the demo is seeded, on the authority's working calendar.

use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::assessments::{
    AssessmentFactor, AssessmentKind, AssessmentOutcome, AssessmentText, NewAssessment,
};
use journey_domain::front_door::{
    DecisionOption, NewContact, NewDecision, NewReferral, PrimaryNeed, ReferralSource,
    decision_due, national,
};
use journey_domain::ids::PersonId;
use journey_domain::staff::Role;
use journey_domain::timescales::Timescales;
use journey_domain::uk_time;
use journey_store::{Actor, ChildAccess, StaffSummary, Store, StoreResult};

use super::authority::Authority;
use super::rng::Rng;

fn at(date: NaiveDate, hour: u32) -> DateTime<Utc> {
    uk_time::from_local(date.and_hms_opt(hour, 0, 0).unwrap_or_default())
}

async fn acting(
    store: &dyn Store,
    who: &StaffSummary,
    child: PersonId,
    when: DateTime<Utc>,
) -> StoreResult<ChildAccess> {
    let actor = Actor::staff(
        who.id,
        who.role,
        who.display_name.clone(),
        "demo:assessments",
        when,
    );
    super::permitted(store, actor, child).await
}

/// A school's contact and the referral it became on `on`, with the manager's decision to
/// assess.
async fn referred(
    store: &dyn Store,
    worker: &ChildAccess,
    manager: &ChildAccess,
    on: NaiveDate,
) -> StoreResult<()> {
    let contact = store
        .record_contact(
            worker,
            &NewContact {
                received_at: at(on, 9),
                source: ReferralSource::School,
                referrer_name: "Joanne Reed".into(),
                referrer_role: "Designated safeguarding lead".into(),
                concerns:
                    "Often hungry and tired at school; says there is shouting at home at night."
                        .into(),
            },
        )
        .await?;
    let referral = store
        .make_referral(
            worker,
            &NewReferral {
                contact,
                referral_date: on,
                primary_need: PrimaryNeed::AbuseOrNeglect,
                decision_due: decision_due(national(), on).unwrap_or(on),
            },
        )
        .await?;
    store
        .record_decision(
            manager,
            &NewDecision {
                referral,
                option: DecisionOption::Assessment,
                reasons: "Signs of neglect with possible domestic abuse: a child and family assessment is needed.".into(),
            },
        )
        .await?;
    Ok(())
}

fn text(seen: NaiveDate, complete: bool) -> AssessmentText {
    AssessmentText {
        seen_date: Some(seen),
        seen_alone: Some(true),
        factors: vec![
            AssessmentFactor::Neglect,
            AssessmentFactor::DomesticAbuseParent,
        ],
        analysis: if complete {
            "Mother is caring and wants help; the home is cold and food runs short at the end of the month. Her partner's temper frightens the children. Needs are met inconsistently.".into()
        } else {
            "Home visit done; school and health visitor to be spoken to.".into()
        },
        wishes_and_feelings:
            "Wants to stay at home with mum and her brother; wants the shouting to stop.".into(),
        outcome: complete.then_some(AssessmentOutcome::ChildInNeedPlan),
        outcome_detail: String::new(),
        late_reason: String::new(),
    }
}

/// Adds this capability's demo data to an authority whose children are already imported.
pub async fn seed(
    store: &dyn Store,
    actor: &Actor,
    authority: &Authority,
    _rng: &mut Rng,
) -> StoreResult<()> {
    let staff = store.staff_list().await?;
    let Some(printed) = authority.staff.iter().find(|s| s.role == Role::TeamManager) else {
        return Ok(());
    };
    let Some(manager) = staff.iter().find(|s| s.username == printed.username) else {
        return Ok(());
    };
    let Some(team) = manager.team else {
        return Ok(());
    };
    let today = uk_time::local_date(actor.at);
    // Born children of the team with no open episode, after the three child protection uses.
    let mut held: Vec<(&StaffSummary, PersonId)> = Vec::new();
    for worker in staff.iter().filter(|s| {
        s.team == Some(team) && matches!(s.role, Role::SocialWorker | Role::SeniorSocialWorker)
    }) {
        for entry in store.caseload(worker.id, today).await? {
            if entry.date_of_birth.is_some() {
                held.push((worker, entry.child));
            }
        }
    }
    let mut free = Vec::new();
    for (worker, child) in held.into_iter().skip(3) {
        let access = acting(store, worker, child, actor.at).await?;
        if store
            .assessments_unrecorded(&access)
            .await?
            .open_episode
            .is_none()
        {
            free.push((worker, child));
        }
    }
    let [(w1, overdue), (w2, waiting), ..] = free.as_slice() else {
        return Ok(());
    };
    let calendar = Timescales::national_defaults();
    let back = |n: u32| {
        calendar
            .calendar()
            .subtract_working_days(today, n)
            .unwrap_or(today)
    };

    // Referred 50 working days ago; the assessment, due at 45, is still a draft.
    let referral_day = back(50);
    let worker = acting(store, w1, *overdue, at(referral_day, 11)).await?;
    let boss = acting(store, manager, *overdue, at(referral_day, 15)).await?;
    referred(store, &worker, &boss, referral_day).await?;
    let start = back(48);
    let worker = acting(store, w1, *overdue, at(start, 10)).await?;
    store
        .start_assessment(
            &worker,
            &NewAssessment {
                kind: AssessmentKind::ChildAndFamily,
                start_date: start,
            },
        )
        .await?;
    let worker = acting(store, w1, *overdue, at(back(40), 16)).await?;
    store
        .save_assessment(&worker, &text(back(46), false))
        .await?;

    // Referred 25 working days ago, submitted three working days ago: in the manager's
    // sign-off queue.
    let referral_day = back(25);
    let worker = acting(store, w2, *waiting, at(referral_day, 11)).await?;
    let boss = acting(store, manager, *waiting, at(referral_day, 15)).await?;
    referred(store, &worker, &boss, referral_day).await?;
    let start = back(24);
    let worker = acting(store, w2, *waiting, at(start, 10)).await?;
    store
        .start_assessment(
            &worker,
            &NewAssessment {
                kind: AssessmentKind::ChildAndFamily,
                start_date: start,
            },
        )
        .await?;
    let worker = acting(store, w2, *waiting, at(back(3), 16)).await?;
    store
        .submit_assessment(&worker, &text(back(20), true), &calendar)
        .await?;
    Ok(())
}
