//! Demo data of the `child_protection` capability (issue 11), recorded by the allocated
//! workers of the team whose manager the demo prints, so a newcomer signing in as that
//! manager sees them in the work tray: a strategy discussion that decided on enquiries with
//! none started, an enquiry with its conference due the week after the demo's day, and a
//! child on a plan whose core group is overdue.

use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::child_protection::{
    AbuseCategory, Agency, Attendee, ConferenceDecision, EnquiryOutcome, MeetingDetails,
    NewConference, NewConferenceRequest, NewCoreGroup, NewEnquiry, NewOutcome,
    NewStrategyDiscussion, StrategyDecision,
};
use journey_domain::ids::PersonId;
use journey_domain::staff::Role;
use journey_domain::uk_time;
use journey_store::{Actor, ChildAccess, StaffSummary, Store, StoreResult};

use super::authority::Authority;
use super::rng::Rng;

fn at(date: NaiveDate, hour: u32) -> DateTime<Utc> {
    uk_time::from_local(date.and_hms_opt(hour, 0, 0).unwrap_or_default())
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn meeting(held_at: DateTime<Utc>, worker: &str) -> MeetingDetails {
    let person = |name: &str, agency, role: &str| Attendee {
        name: name.into(),
        agency,
        role: role.into(),
        attended: true,
    };
    MeetingDetails {
        held_at,
        place: "Northtown police station and video call".into(),
        chair: "Helen Okafor".into(),
        attendees: vec![
            person(worker, Agency::LocalAuthority, "Social worker"),
            person(
                "DS Mark Ellis",
                Agency::Police,
                "Detective sergeant, child abuse investigation",
            ),
            person("Priya Nair", Agency::Health, "Health visitor"),
            person(
                "Joanne Reed",
                Agency::Education,
                "Designated safeguarding lead",
            ),
        ],
    }
}

fn discussion(held_at: DateTime<Utc>, worker: &str) -> NewStrategyDiscussion {
    NewStrategyDiscussion {
        meeting: meeting(held_at, worker),
        information: "School reported bruising to the upper arm; police hold two call-outs to the address for domestic abuse this year; the health visitor has missed two appointments.".into(),
        decision: StrategyDecision::Section47,
        reasons: "An unexplained injury with domestic abuse in the home: reasonable cause to suspect significant harm.".into(),
    }
}

/// The worker's proof to add to the child's record, through the same check as anyone's.
async fn as_worker(
    store: &dyn Store,
    worker: &StaffSummary,
    child: PersonId,
    when: DateTime<Utc>,
) -> StoreResult<ChildAccess> {
    let actor = Actor::staff(
        worker.id,
        worker.role,
        worker.display_name.clone(),
        "demo:child_protection",
        when,
    );
    super::permitted(store, actor, child).await
}

/// A strategy discussion on `day` at `hour` that decided on enquiries, and the enquiry it
/// started that day.
async fn discussion_and_enquiry(
    store: &dyn Store,
    access: &ChildAccess,
    worker: &str,
    on: NaiveDate,
    hour: u32,
) -> StoreResult<()> {
    store
        .record_strategy_discussion(access, &discussion(at(on, hour), worker))
        .await?;
    let pathway = store.pathway(access).await?;
    let Some(meeting) = pathway.strategy_discussions.first().map(|s| s.meeting) else {
        return Ok(());
    };
    store
        .start_enquiry(
            access,
            &NewEnquiry {
                strategy_discussion: meeting,
                start_date: on,
            },
        )
        .await?;
    Ok(())
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
    let Some(team) = staff
        .iter()
        .find(|s| s.username == printed.username)
        .and_then(|m| m.team)
    else {
        return Ok(());
    };
    let on = uk_time::local_date(actor.at);
    // Three born children allocated in that team, each with their worker.
    let mut held: Vec<(&StaffSummary, PersonId)> = Vec::new();
    for worker in staff.iter().filter(|s| {
        s.team == Some(team) && matches!(s.role, Role::SocialWorker | Role::SeniorSocialWorker)
    }) {
        for entry in store.caseload(worker.id, on).await? {
            if entry.date_of_birth.is_some() && held.len() < 3 {
                held.push((worker, entry.child));
            }
        }
    }
    let [(w1, first), (w2, second), (w3, third)] = held.as_slice() else {
        return Ok(());
    };
    // The demo's day is Monday 2 November 2026.
    let recorded = actor.at;

    // A strategy discussion on Friday 30 October decided on enquiries; none started yet.
    let access = as_worker(store, w1, *first, recorded).await?;
    store
        .record_strategy_discussion(
            &access,
            &discussion(at(day(2026, 10, 30), 14), &w1.display_name),
        )
        .await?;

    // A strategy discussion on Monday 19 October started an enquiry: the initial conference
    // is due 15 working days on, Monday 9 November.
    let access = as_worker(store, w2, *second, recorded).await?;
    discussion_and_enquiry(store, &access, &w2.display_name, day(2026, 10, 19), 10).await?;

    // On a plan since 20 August, with one core group on 27 August: the next was due six
    // weeks on, 8 October, and has not met.
    let access = as_worker(store, w3, *third, recorded).await?;
    discussion_and_enquiry(store, &access, &w3.display_name, day(2026, 7, 28), 11).await?;
    store
        .record_enquiry_outcome(
            &access,
            &NewOutcome {
                outcome: EnquiryOutcome::LikelySignificantHarm,
                date: day(2026, 8, 5),
                reasons: "Neglect of the home and the children's health; the father's violence unaddressed.".into(),
            },
        )
        .await?;
    store
        .request_conference(
            &access,
            &NewConferenceRequest {
                date: day(2026, 8, 5),
                transfer_from: None,
            },
        )
        .await?;
    store
        .record_conference(
            &access,
            &NewConference {
                meeting: meeting(at(day(2026, 8, 20), 10), &w3.display_name),
                decision: ConferenceDecision::Plan,
                category: Some(AbuseCategory::Neglect),
                reasons: "The children are likely to suffer significant harm through neglect."
                    .into(),
                inquorate_reason: None,
            },
        )
        .await?;
    store
        .record_core_group(
            &access,
            &NewCoreGroup {
                meeting: meeting(at(day(2026, 8, 27), 15), &w3.display_name),
                summary: "Outline plan made into a detailed plan: nursery place, health visitor weekly, the father to attend a perpetrator programme.".into(),
            },
        )
        .await?;
    Ok(())
}
