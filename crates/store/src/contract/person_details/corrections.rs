//! Contract cases for correcting a child's wrongly recorded address, date of birth or death.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::contract::{no_proof, permitted};
use std::sync::Arc;

use journey_domain::access::Relationship;
use journey_domain::ids::PersonId;
use journey_domain::person::{NewChild, Sex};
use journey_domain::person_details::{
    AddressCorrection, DateCorrection, DateKind, NewAddress, Postcode,
};
use journey_domain::staff::Role;

use super::super::{Case, World, acting, allocated_child, day, system};
use crate::person_details::{AddressId, CORRECTION_KINDS};
use crate::{Backend, ChildAccess, NewAllocation, Store, StoreError, StoreResult};

pub fn cases() -> Vec<(&'static str, Case)> {
    crate::contract_cases!(
        a_wrong_address_is_corrected_and_the_old_one_stays_on_the_chronology,
        a_wrong_date_of_birth_or_death_is_corrected_with_its_reason,
    )
}

async fn worker(store: &dyn Store, world: &World, child: PersonId) -> ChildAccess {
    permitted(
        store,
        acting(world.worker_a, Role::SocialWorker),
        child,
        Relationship::AllocatedWorker,
    )
    .await
}

fn address(line_1: &str, from: chrono::NaiveDate) -> NewAddress {
    NewAddress {
        line_1: line_1.into(),
        line_2: None,
        line_3: None,
        town: "Northtown".into(),
        postcode: Postcode::parse("NT1 1AA").unwrap(),
        from,
    }
}

fn correction(line_1: &str, from: chrono::NaiveDate) -> AddressCorrection {
    AddressCorrection {
        address: address(line_1, from),
        reason: "Typed wrongly from the referral".into(),
    }
}

fn date(kind: DateKind, date: chrono::NaiveDate) -> DateCorrection {
    DateCorrection {
        kind,
        date,
        reason: "The birth certificate says otherwise".into(),
    }
}

fn field_error<T: std::fmt::Debug>(result: StoreResult<T>, field: &str) -> String {
    match result {
        Err(StoreError::Invalid(errors)) => errors
            .message_for(field)
            .unwrap_or_else(|| panic!("no error at {field}: {errors:?}"))
            .to_owned(),
        other => panic!("expected a problem at {field}, got {other:?}"),
    }
}

async fn a_wrong_address_is_corrected_and_the_old_one_stays_on_the_chronology(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let ava = allocated_child(store.as_ref(), &world).await;
    let access = worker(&*store, &world, ava).await;
    store
        .move_address(&access, &address("12 Hgh Street", day(2025, 6, 1)))
        .await
        .unwrap();
    store
        .move_address(&access, &address("3 Mill Lane", day(2026, 1, 10)))
        .await
        .unwrap();
    let recorded = store.recorded_addresses(&access).await.unwrap();
    let ids: Vec<_> = recorded.iter().map(|r| r.address.line_1.as_str()).collect();
    assert_eq!(ids, ["3 Mill Lane", "12 Hgh Street"]);
    let (mill, high) = (recorded[0].id, recorded[1].id);

    // The first line, typed wrongly.
    let event = store
        .correct_address(
            &access,
            high,
            &correction("12 High Street", day(2025, 6, 1)),
        )
        .await
        .unwrap();
    let details = store.person_details(&access).await.unwrap();
    assert_eq!(details.addresses[1].line_1, "12 High Street");
    assert_eq!(details.addresses[1].to, Some(day(2026, 1, 10)));
    let line = store.full_chronology(&access).await.unwrap().pop().unwrap();
    assert_eq!(line.event, event);
    assert_eq!(line.kind, "address_corrected");
    assert_eq!(
        line.summary,
        "Address corrected: recorded as 12 Hgh Street, Northtown NT1 1AA from 1 June 2025; \
         corrected to 12 High Street, Northtown NT1 1AA from 1 June 2025. \
         Reason: Typed wrongly from the referral"
    );
    let audit = store.audit_trail(ava).await.unwrap().pop().unwrap();
    assert_eq!(
        (audit.event, audit.action.as_str()),
        (event, "address_corrected")
    );
    // Lookups find the corrected first line.
    let found = store
        .find_by_address(access.actor(), "12 high st")
        .await
        .unwrap();
    assert_eq!(found.iter().map(|h| h.id).collect::<Vec<_>>(), [ava]);

    // A corrected start date moves the end of the previous address with it.
    store
        .correct_address(&access, mill, &correction("3 Mill Lane", day(2026, 1, 3)))
        .await
        .unwrap();
    let details = store.person_details(&access).await.unwrap();
    assert_eq!(details.addresses[0].from, day(2026, 1, 3));
    assert_eq!(details.addresses[1].to, Some(day(2026, 1, 3)));

    // Refused at the field, nothing changed: a start before the previous address started, a
    // start on or after the day the child moved away, the same address again.
    let before = store.audit_trail(ava).await.unwrap().len();
    let message = field_error(
        store
            .correct_address(&access, mill, &correction("3 Mill Lane", day(2025, 6, 1)))
            .await,
        "from",
    );
    assert!(
        message.contains("previous address (1 June 2025)"),
        "{message}"
    );
    let message = field_error(
        store
            .correct_address(
                &access,
                high,
                &correction("12 High Street", day(2026, 1, 3)),
            )
            .await,
        "from",
    );
    assert!(
        message.contains("moved from this address (3 January 2026)"),
        "{message}"
    );
    field_error(
        store
            .correct_address(&access, mill, &correction("3 Mill Lane", day(2026, 1, 3)))
            .await,
        "line_1",
    );
    assert_eq!(store.audit_trail(ava).await.unwrap().len(), before);
    let details = store.person_details(&access).await.unwrap();
    assert_eq!(details.addresses[0].from, day(2026, 1, 3));
    assert_eq!(details.addresses[1].from, day(2025, 6, 1));

    // Another child's address is not this child's to correct.
    let other = allocated_child(store.as_ref(), &world).await;
    assert!(matches!(
        store
            .correct_address(
                &worker(&*store, &world, other).await,
                high,
                &correction("1 Other Row", day(2025, 6, 1))
            )
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .correct_address(
                &access,
                AddressId(987_654),
                &correction("1 Row", day(2025, 6, 1))
            )
            .await,
        Err(StoreError::NotFound)
    ));

    let corrections = store.corrections(&access).await.unwrap();
    assert_eq!(corrections.len(), 2);
    assert!(
        corrections
            .iter()
            .all(|c| CORRECTION_KINDS.contains(&c.kind.as_str()))
    );
    assert!(corrections[0].summary.contains("recorded as 12 Hgh Street"));
    assert!(
        corrections[1]
            .summary
            .contains("from 10 January 2026; corrected to 3 Mill Lane")
    );
}

async fn a_wrong_date_of_birth_or_death_is_corrected_with_its_reason(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let ava = allocated_child(store.as_ref(), &world).await;
    let access = worker(&*store, &world, ava).await;

    // Date of birth (28 February 2019 as registered).
    let event = store
        .correct_date(&access, &date(DateKind::Birth, day(2019, 2, 27)))
        .await
        .unwrap();
    let details = store.person_details(&access).await.unwrap();
    assert_eq!(details.child.date_of_birth, Some(day(2019, 2, 27)));
    let line = store.full_chronology(&access).await.unwrap().pop().unwrap();
    assert_eq!(
        (line.event, line.kind.as_str()),
        (event, "date_of_birth_corrected")
    );
    assert!(line.significant);
    assert_eq!(
        line.summary,
        "Date of birth corrected from 28 February 2019 to 27 February 2019. \
         Reason: The birth certificate says otherwise"
    );
    let audit = store.audit_trail(ava).await.unwrap().pop().unwrap();
    assert_eq!(audit.action, "date_of_birth_corrected");
    let message = field_error(
        store
            .correct_date(&access, &date(DateKind::Birth, day(2019, 2, 27)))
            .await,
        "date_of_birth",
    );
    assert!(message.contains("already recorded"), "{message}");

    // Date of death: nothing to correct until one is recorded.
    field_error(
        store
            .correct_date(&access, &date(DateKind::Death, day(2026, 3, 1)))
            .await,
        "date_of_death",
    );
    store.record_death(&access, day(2026, 3, 1)).await.unwrap();
    store
        .correct_date(&access, &date(DateKind::Death, day(2026, 2, 27)))
        .await
        .unwrap();
    let details = store.person_details(&access).await.unwrap();
    assert_eq!(details.date_of_death, Some(day(2026, 2, 27)));
    // Each date checked against the other, nothing changed when refused.
    let before = store.audit_trail(ava).await.unwrap().len();
    field_error(
        store
            .correct_date(&access, &date(DateKind::Death, day(2019, 2, 26)))
            .await,
        "date_of_death",
    );
    field_error(
        store
            .correct_date(&access, &date(DateKind::Birth, day(2026, 2, 28)))
            .await,
        "date_of_birth",
    );
    assert_eq!(store.audit_trail(ava).await.unwrap().len(), before);
    let details = store.person_details(&access).await.unwrap();
    assert_eq!(details.child.date_of_birth, Some(day(2019, 2, 27)));
    assert_eq!(details.date_of_death, Some(day(2026, 2, 27)));
    let kinds: Vec<_> = store
        .corrections(&access)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.kind)
        .collect();
    assert_eq!(
        kinds,
        ["date_of_birth_corrected", "date_of_death_corrected"]
    );

    // An unborn child's birth is recorded, not corrected; an adult is not a child's record.
    let unborn = store
        .register_child(
            &system(),
            &NewChild {
                given_name: "Baby".into(),
                family_name: "Harlow".into(),
                date_of_birth: None,
                expected_date_of_birth: Some(day(2026, 5, 1)),
                sex: Sex::NotKnown,
            },
        )
        .await
        .unwrap();
    store
        .allocate(
            &system(),
            None,
            &NewAllocation {
                child: unborn,
                worker: world.worker_a,
                team: world.team_a,
                from: day(2026, 3, 1),
            },
        )
        .await
        .unwrap();
    let message = field_error(
        store
            .correct_date(
                &worker(&*store, &world, unborn).await,
                &date(DateKind::Birth, day(2026, 3, 1)),
            )
            .await,
        "date_of_birth",
    );
    assert!(message.contains("record the birth instead"), "{message}");
    no_proof(
        &*store,
        acting(world.worker_a, Role::SocialWorker),
        PersonId(987_654),
    )
    .await;
}
