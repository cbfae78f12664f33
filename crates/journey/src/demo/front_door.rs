//! Demo data of the `front door` capability (issue 3): in the Front Door (MASH) team, two
//! referrals awaiting the manager's decision (one for the unborn Marsh baby), a re-referral,
//! a referral closed to early help, and a contact not yet referred. The first social worker
//! of the team (the one the demo prints) is left without front door history, so a newcomer
//! can walk a contact through from the start.
//!
//! Episodes close only with the reasons the DfE's CIN validators accept for what happened:
//! These episodes hold no authorised assessment, so never RC8 or RC9 ("case closed after
//! assessment"): Journey refuses those without one, as the DfE's query 8825Q questions them. A referral that ends without
//! children's social care services closes as RC7, as the DfE's own valid example does.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use journey_domain::front_door::{
    ClosureReason, DecisionOption, EpisodeClosure, NewContact, NewDecision, NewReferral,
    PrimaryNeed, ReferralSource, decision_due, national,
};
use journey_domain::ids::{PersonId, StaffId};
use journey_domain::staff::Role;
use journey_domain::uk_time;
use journey_domain::validation::FieldErrors;
use journey_store::{Actor, CaseloadEntry, ChildAccess, Store, StoreError, StoreResult};

use super::authority::Authority;
use super::rng::Rng;

/// Someone acting on one child at one moment, through the relationship they hold.
struct Hand<'a> {
    store: &'a dyn Store,
    worker: (StaffId, Role, String),
    manager: (StaffId, String),
}

impl Hand<'_> {
    async fn as_worker(&self, child: PersonId, at: DateTime<Utc>) -> StoreResult<ChildAccess> {
        let (id, role, name) = &self.worker;
        let actor = Actor::staff(*id, *role, name.clone(), "demo:front-door", at);
        super::permitted(self.store, actor, child).await
    }

    async fn as_manager(&self, child: PersonId, at: DateTime<Utc>) -> StoreResult<ChildAccess> {
        let (id, name) = &self.manager;
        let actor = Actor::staff(*id, Role::TeamManager, name.clone(), "demo:front-door", at);
        super::permitted(self.store, actor, child).await
    }

    /// A contact that becomes a referral the same day; returns the referral.
    async fn referral(
        &self,
        child: PersonId,
        at: DateTime<Utc>,
        contact: NewContact,
        need: PrimaryNeed,
    ) -> StoreResult<journey_domain::front_door::ReferralId> {
        let access = self.as_worker(child, at).await?;
        // The demo authority works to the national timescales.
        let due = decision_due(national(), uk_time::local_date(at)).map_err(|e| {
            StoreError::Invalid(FieldErrors::single("referral_date", e.to_string()))
        })?;
        let contact = self.store.record_contact(&access, &contact).await?;
        self.store
            .make_referral(
                &self.as_worker(child, at + TimeDelta::hours(1)).await?,
                &NewReferral {
                    contact,
                    referral_date: uk_time::local_date(at),
                    primary_need: need,
                    decision_due: due,
                },
            )
            .await
    }
}

/// `hour` o'clock on UK clocks on `date`.
fn at(date: NaiveDate, hour: u32) -> DateTime<Utc> {
    date.and_hms_opt(hour, 0, 0)
        .map(uk_time::from_local)
        .unwrap_or_default()
}

fn contact(
    received_at: DateTime<Utc>,
    source: ReferralSource,
    name: &str,
    role: &str,
    concerns: &str,
) -> NewContact {
    NewContact {
        received_at,
        source,
        referrer_name: name.into(),
        referrer_role: role.into(),
        concerns: concerns.into(),
    }
}

/// A child on the worker's caseload born before `before` and allocated to them by `first_act`,
/// the earliest day the demo acts on them: staff act through their relationship on the day.
fn pick(caseload: &[CaseloadEntry], before: NaiveDate, first_act: NaiveDate) -> Option<PersonId> {
    caseload
        .iter()
        .find(|c| {
            c.date_of_birth.is_some_and(|born| born < before) && c.allocated_from <= first_act
        })
        .map(|c| c.child)
}

/// Adds this capability's demo data to an authority whose children are already imported.
pub async fn seed(
    store: &dyn Store,
    actor: &Actor,
    authority: &Authority,
    _rng: &mut Rng,
) -> StoreResult<()> {
    let Some((_, front_door)) = authority.case_holders.first().copied() else {
        return Ok(());
    };
    let staff = store.staff_list().await?;
    let Some(manager) = staff
        .iter()
        .find(|s| s.team == Some(front_door) && s.role == Role::TeamManager)
    else {
        return Ok(());
    };
    let today = actor.today();
    let team: Vec<_> = authority
        .case_holders
        .iter()
        .filter(|(_, t)| *t == front_door)
        .filter_map(|(id, _)| staff.iter().find(|s| s.id == *id))
        .collect();
    // The senior holds the Marsh baby; the printed worker (second) is left untouched.
    let holders: Vec<_> = team
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 1)
        .map(|(_, s)| *s)
        .collect();
    let mut hands = Vec::new();
    for worker in holders {
        let caseload = store.caseload(worker.id, today).await?;
        hands.push((
            Hand {
                store,
                worker: (worker.id, worker.role, worker.display_name.clone()),
                manager: (manager.id, manager.display_name.clone()),
            },
            caseload,
        ));
    }
    let days_ago = |n: i64| today - TimeDelta::days(n);

    // 1. The unborn Marsh baby: the midwife's contact, referred, awaiting the decision.
    if let Some((hand, caseload)) = hands.first()
        && let Some(baby) = caseload
            .iter()
            .find(|c| c.date_of_birth.is_none())
            .map(|c| c.child)
    {
        hand.referral(
            baby,
            at(days_ago(3), 11),
            contact(
                at(days_ago(3), 10),
                ReferralSource::OtherPrimaryHealth,
                "Sarah Okafor",
                "Community midwife",
                "Kerry Marsh is 26 weeks pregnant. Her first child was removed and adopted in 2023. \
                 She has missed two antenatal appointments and says she is living with a new partner.",
            ),
            PrimaryNeed::AbuseOrNeglect,
        )
        .await?;
    }

    // 2. A school's concern, referred yesterday, awaiting the decision.
    if let Some((hand, caseload)) = hands.get(1)
        && let Some(child) = pick(caseload, days_ago(400), days_ago(1))
    {
        hand.referral(
            child,
            at(days_ago(1), 9),
            contact(
                at(days_ago(1), 9),
                ReferralSource::School,
                "Mr Daniel Hughes",
                "Designated safeguarding lead",
                "Came to school hungry three days this week; said there is no food at home and \
                 mum has been crying a lot.",
            ),
            PrimaryNeed::AcuteStress,
        )
        .await?;
    }

    // 3. A re-referral: no further action on the police's first call, and the police again
    // eleven months later.
    if let Some((hand, caseload)) = hands.get(2)
        && let Some(child) = pick(caseload, days_ago(400), days_ago(360))
    {
        let first_at = at(days_ago(360), 14);
        let first = hand
            .referral(
                child,
                first_at,
                contact(
                    first_at,
                    ReferralSource::Police,
                    "PC Amir Shah",
                    "Police (public protection unit)",
                    "Called to the home at night: domestic incident between the parents, the child present.",
                ),
                PrimaryNeed::Dysfunction,
            )
            .await?;
        store
            .record_decision(
                &hand
                    .as_manager(child, first_at + TimeDelta::hours(20))
                    .await?,
                &NewDecision {
                    referral: first,
                    option: DecisionOption::NoFurtherAction,
                    reasons: "A first call-out; the parents have separated and mother is staying \
                              with her sister. No further action; domestic abuse advice given."
                        .into(),
                },
            )
            .await?;
        let closed = days_ago(359);
        store
            .close_episode(
                &hand.as_manager(child, at(closed, 16)).await?,
                &EpisodeClosure {
                    referral: first,
                    closure_date: closed,
                    reason: ClosureReason::CeasedOther,
                },
            )
            .await?;
        let again_at = at(days_ago(20), 10);
        let again = hand
            .referral(
                child,
                again_at,
                contact(
                    again_at,
                    ReferralSource::Police,
                    "PC Amir Shah",
                    "Police (public protection unit)",
                    "A further domestic incident; father arrested. The child hid upstairs.",
                ),
                PrimaryNeed::AbuseOrNeglect,
            )
            .await?;
        store
            .record_decision(
                &hand.as_manager(child, again_at + TimeDelta::hours(3)).await?,
                &NewDecision {
                    referral: again,
                    option: DecisionOption::StrategyDiscussion,
                    reasons: "Re-referral within the year with escalating violence: strategy discussion with police today.".into(),
                },
            )
            .await?;
    }

    // 4. Early help: decided and closed. And a contact that did not become a referral.
    if let Some((hand, caseload)) = hands.get(3)
        && let Some(child) = pick(caseload, days_ago(400), days_ago(40))
    {
        let received = at(days_ago(40), 15);
        let referral = hand
            .referral(
                child,
                received,
                contact(
                    received,
                    ReferralSource::Anonymous,
                    "Anonymous caller",
                    "",
                    "Neighbour reports the children are often out late without an adult.",
                ),
                PrimaryNeed::Dysfunction,
            )
            .await?;
        store
            .record_decision(
                &hand
                    .as_manager(child, received + TimeDelta::hours(18))
                    .await?,
                &NewDecision {
                    referral,
                    option: DecisionOption::EarlyHelp,
                    reasons: "No indication of significant harm; the family agree to early help."
                        .into(),
                },
            )
            .await?;
        store
            .close_episode(
                &hand.as_manager(child, at(days_ago(38), 12)).await?,
                &EpisodeClosure {
                    referral,
                    closure_date: days_ago(38),
                    reason: ClosureReason::CeasedOther,
                },
            )
            .await?;
        store
            .record_contact(
                &hand.as_worker(child, at(days_ago(2), 13)).await?,
                &contact(
                    at(days_ago(2), 12),
                    ReferralSource::EarlyHelp,
                    "Priya Nair",
                    "Family support worker, early help",
                    "Update: engaging well with the parenting programme; no new concerns.",
                ),
            )
            .await?;
    }
    Ok(())
}
