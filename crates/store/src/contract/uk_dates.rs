//! Contract cases for UK dates: "today" in the stores is the date on the clocks in England,
//! which in summer turns at 23:00 UTC.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::contract::permitted;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use journey_domain::access::Relationship;
use journey_domain::families::RelationshipKind;
use journey_domain::families::relationship::{NewAdult, NewRelationship, Relative};
use journey_domain::front_door::{
    NewContact, NewReferral, PrimaryNeed, ReferralSource, decision_due, national,
};
use journey_domain::ids::PersonId;
use journey_domain::person::Sex;
use journey_domain::staff::Role;

use super::{Case, World, allocated_child};
use crate::{Actor, Backend, ChildAccess, Store, StoreError};

pub fn cases() -> Vec<(&'static str, Case)> {
    crate::contract_cases!(
        a_contact_just_after_midnight_bst_was_received_on_the_uk_day,
        joining_a_household_with_no_date_starts_on_the_uk_day,
    )
}

/// 23:30 UTC on Sunday 31 May 2026: 00:30 BST on Monday 1 June.
fn just_after_midnight_bst() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 31, 23, 30, 0).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

async fn worker_a_at(
    store: &dyn Store,
    world: &World,
    child: PersonId,
    at: DateTime<Utc>,
) -> ChildAccess {
    permitted(
        store,
        Actor::staff(
            world.worker_a,
            Role::SocialWorker,
            "Worker A",
            "req-bst",
            at,
        ),
        child,
        Relationship::AllocatedWorker,
    )
    .await
}

fn referral(contact: journey_domain::front_door::ContactId, date: NaiveDate) -> NewReferral {
    NewReferral {
        contact,
        referral_date: date,
        primary_need: PrimaryNeed::AbuseOrNeglect,
        decision_due: decision_due(national(), date).unwrap(),
    }
}

async fn a_contact_just_after_midnight_bst_was_received_on_the_uk_day(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let child = allocated_child(store.as_ref(), &world).await;
    let worker = worker_a_at(&*store, &world, child, just_after_midnight_bst()).await;
    assert_eq!(worker.actor().today(), day(2026, 6, 1));
    let contact = store
        .record_contact(
            &worker,
            &NewContact {
                // 00:20 BST on 1 June.
                received_at: Utc.with_ymd_and_hms(2026, 5, 31, 23, 20, 0).unwrap(),
                source: ReferralSource::Police,
                referrer_name: "PC Jones".into(),
                referrer_role: String::new(),
                concerns: "Called to the home overnight".into(),
            },
        )
        .await
        .unwrap();
    // In England the contact came on 1 June, so a referral dated 31 May is before it.
    match store
        .make_referral(&worker, &referral(contact, day(2026, 5, 31)))
        .await
    {
        Err(StoreError::Invalid(errors)) => assert_eq!(
            errors.message_for("referral_date"),
            Some(
                "The referral date must be on or after the date the contact was received (1 June 2026)"
            )
        ),
        other => panic!("a referral before the contact's UK date is refused, got {other:?}"),
    }
    store
        .make_referral(&worker, &referral(contact, day(2026, 6, 1)))
        .await
        .unwrap();
}

async fn joining_a_household_with_no_date_starts_on_the_uk_day(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let child = allocated_child(store.as_ref(), &world).await;
    let worker = worker_a_at(&*store, &world, child, just_after_midnight_bst()).await;
    store
        .add_relationship(
            &worker,
            &NewRelationship {
                relative: Relative::New(NewAdult {
                    given_name: "Grace".into(),
                    family_name: "Example".into(),
                    date_of_birth: None,
                    sex: Sex::Female,
                }),
                kind: RelationshipKind::Mother,
                start: None,
                lives_with: true,
            },
        )
        .await
        .unwrap();
    let family = store.family(&worker).await.unwrap();
    let starts: Vec<NaiveDate> = family.household.iter().map(|m| m.start).collect();
    assert_eq!(
        starts,
        [day(2026, 6, 1)],
        "moved in today, as the UK dates it"
    );
}
