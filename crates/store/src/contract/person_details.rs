//! Contract cases for the `person details` capability (issue 3).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::contract::{no_proof, permitted};
use std::sync::Arc;

use journey_domain::access::Relationship;
use journey_domain::ids::PersonId;
use journey_domain::person::{NewChild, Sex};
use journey_domain::person_details::{
    Birth, Demographics, DemographicsInput, Identifier, IdentifierKind, NameChange, NewAddress,
    NewWarning, Postcode, WarningCategory,
};
use journey_domain::staff::Role;

use super::{Case, World, acting, allocated_child, day};
use crate::{AccessKind, Backend, ChildAccess, NewAllocation, Store, StoreError};

mod corrections;
mod related;

/// Every case of this capability, by name.
pub fn cases() -> Vec<(&'static str, Case)> {
    let mut all = child_cases();
    all.extend(related::cases());
    all.extend(corrections::cases());
    all
}

fn child_cases() -> Vec<(&'static str, Case)> {
    crate::contract_cases!(
        demographics_are_recorded_as_one_event,
        a_duplicate_identifier_is_a_field_error_and_saves_nothing,
        moving_ends_the_previous_address_and_addresses_can_be_looked_up,
        ended_warnings_stay_in_the_history,
        the_birth_of_an_unborn_child_is_recorded_on_the_same_record,
        a_death_is_checked_against_the_birth_and_today,
        a_change_of_name_keeps_the_former_name,
        reading_details_for_the_change_pages_is_recorded,
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

fn demographics(upn: &str, nhs: &str) -> Demographics {
    Demographics::parse(&DemographicsInput {
        upn: upn.into(),
        nhs_number: nhs.into(),
        gender: "Girl".into(),
        ethnicity: "WBRI".into(),
        disabilities: vec!["AUT".into()],
    })
    .unwrap()
}

fn address(line_1: &str, postcode: &str, from: chrono::NaiveDate) -> NewAddress {
    NewAddress {
        line_1: line_1.into(),
        line_2: None,
        line_3: None,
        town: "Northtown".into(),
        postcode: Postcode::parse(postcode).unwrap(),
        from,
    }
}

async fn demographics_are_recorded_as_one_event(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let id = allocated_child(store.as_ref(), &world).await;
    let access = worker(&*store, &world, id).await;
    let event = store
        .update_demographics(&access, &demographics("B801200005001", "9434765919"))
        .await
        .unwrap()
        .expect("a change");
    let details = store.person_details(&access).await.unwrap();
    assert_eq!(details.upn.as_deref(), Some("B801200005001"));
    assert_eq!(details.nhs_number.as_deref(), Some("9434765919"));
    assert_eq!(details.gender.as_deref(), Some("Girl"));
    assert_eq!(details.ethnicity.as_deref(), Some("WBRI"));
    assert_eq!(details.disabilities, ["AUT"]);
    assert_eq!(details.allocation.unwrap().worker, world.worker_a);
    let chronology = store.full_chronology(&access).await.unwrap();
    let last = chronology.last().unwrap();
    assert_eq!(last.event, event);
    assert_eq!(
        last.summary,
        "UPN, NHS number, gender, ethnicity and disability recorded"
    );
    let audit = store.audit_trail(id).await.unwrap();
    let last = audit.last().unwrap();
    assert_eq!(last.event, event);
    assert_eq!(last.action, "details_changed");
    assert_eq!(last.relationship.as_deref(), Some("allocated_worker"));
    // The same details again change nothing and write nothing.
    assert_eq!(
        store
            .update_demographics(&access, &demographics("B801200005001", "9434765919"))
            .await
            .unwrap(),
        None
    );
    assert_eq!(store.audit_trail(id).await.unwrap().len(), audit.len());
    // Clearing an identifier removes it.
    store
        .update_demographics(&access, &demographics("", "9434765919"))
        .await
        .unwrap();
    let details = store.person_details(&access).await.unwrap();
    assert_eq!(details.upn, None);
    no_proof(
        &*store,
        acting(world.worker_a, Role::SocialWorker),
        PersonId(777_777),
    )
    .await;
}

async fn a_duplicate_identifier_is_a_field_error_and_saves_nothing(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let first = allocated_child(store.as_ref(), &world).await;
    let second = allocated_child(store.as_ref(), &world).await;
    store
        .update_demographics(
            &worker(&*store, &world, first).await,
            &demographics("B801200005001", ""),
        )
        .await
        .unwrap();
    let before = store.audit_trail(second).await.unwrap().len();
    match store
        .update_demographics(
            &worker(&*store, &world, second).await,
            &demographics("", "9434765919"),
        )
        .await
    {
        Ok(Some(_)) => {}
        other => panic!("a different NHS number is fine: {other:?}"),
    }
    match store
        .update_demographics(
            &worker(&*store, &world, second).await,
            &demographics("B801200005001", "9434765919"),
        )
        .await
    {
        Err(StoreError::Invalid(errors)) => assert!(
            errors
                .message_for("upn")
                .unwrap()
                .starts_with("Another person's record already holds this UPN")
        ),
        other => panic!("expected a field error, got {other:?}"),
    }
    let details = store
        .person_details(&worker(&*store, &world, second).await)
        .await
        .unwrap();
    assert_eq!(details.upn, None, "nothing half-saved");
    assert_eq!(store.audit_trail(second).await.unwrap().len(), before + 1);
}

async fn moving_ends_the_previous_address_and_addresses_can_be_looked_up(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let id = allocated_child(store.as_ref(), &world).await;
    let access = worker(&*store, &world, id).await;
    store
        .move_address(
            &access,
            &address("12 High Street", "NT1 1AA", day(2025, 6, 1)),
        )
        .await
        .unwrap();
    store
        .move_address(&access, &address("3 Mill Lane", "NT2 4BB", day(2026, 2, 1)))
        .await
        .unwrap();
    match store
        .move_address(&access, &address("9 Elm Road", "NT3 1CC", day(2026, 1, 1)))
        .await
    {
        Err(StoreError::Invalid(errors)) => assert!(errors.message_for("from").is_some()),
        other => panic!("a move before the current address started: {other:?}"),
    }
    let details = store.person_details(&access).await.unwrap();
    assert_eq!(details.addresses.len(), 2);
    assert_eq!(
        details.current_address().unwrap().one_line(),
        "3 Mill Lane, Northtown NT2 4BB"
    );
    assert_eq!(details.addresses[1].to, Some(day(2026, 2, 1)));
    let chronology = store.full_chronology(&access).await.unwrap();
    let summaries: Vec<_> = chronology.iter().map(|c| c.summary.as_str()).collect();
    assert!(summaries.contains(&"Moved to 3 Mill Lane, Northtown NT2 4BB on 1 February 2026"));

    let searcher = acting(world.worker_b, Role::SocialWorker);
    let by_postcode = store.find_by_address(&searcher, "nt11aa").await.unwrap();
    assert_eq!(by_postcode.len(), 1, "former addresses are found too");
    assert_eq!(by_postcode[0].id, id);
    let by_line = store.find_by_address(&searcher, "3 mill").await.unwrap();
    assert_eq!(by_line.len(), 1);
    assert!(
        store
            .find_by_address(&searcher, "4 mill")
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .find_by_address(&searcher, "3")
            .await
            .unwrap()
            .is_empty()
    );
    let seen = store.access_by_staff(world.worker_b, 10).await.unwrap();
    assert!(
        seen.iter()
            .all(|e| e.kind == AccessKind::SearchResults && e.child.is_none())
    );
    let lists: Vec<_> = seen.iter().map(|e| e.people_shown.clone()).collect();
    assert_eq!(
        lists,
        [vec![], vec![], vec![id], vec![id]],
        "one access record per result list, newest first, empty lists too"
    );
}

async fn ended_warnings_stay_in_the_history(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let id = allocated_child(store.as_ref(), &world).await;
    let access = worker(&*store, &world, id).await;
    let warning = NewWarning {
        category: WarningCategory::Animals,
        text: "Dog at the property".into(),
        from: day(2026, 1, 5),
        until: None,
    };
    store.add_warning(&access, &warning).await.unwrap();
    let details = store.person_details(&access).await.unwrap();
    let added = details.warnings.first().unwrap().clone();
    assert!(added.is_current(day(2026, 3, 2)));
    assert_eq!(
        added.recorded_by,
        format!("SocialWorker {}", world.worker_a)
    );
    store
        .end_warning(&access, added.id, day(2026, 3, 2))
        .await
        .unwrap();
    let details = store.person_details(&access).await.unwrap();
    assert_eq!(details.warnings.len(), 1, "kept in the history");
    assert!(!details.warnings[0].is_current(day(2026, 3, 2)));
    match store.end_warning(&access, added.id, day(2026, 3, 2)).await {
        Err(StoreError::Invalid(errors)) => assert_eq!(
            errors.message_for("warning"),
            Some("This warning has already ended")
        ),
        other => panic!("ending twice: {other:?}"),
    }
    // Another child's warning cannot be ended through this record.
    let other = allocated_child(store.as_ref(), &world).await;
    assert!(matches!(
        store
            .end_warning(
                &worker(&*store, &world, other).await,
                added.id,
                day(2026, 3, 2)
            )
            .await,
        Err(StoreError::NotFound)
    ));
    let chronology = store.full_chronology(&access).await.unwrap();
    let added_line = chronology
        .iter()
        .find(|c| c.kind == "warning_added")
        .unwrap();
    assert!(added_line.significant);
    assert!(chronology.iter().any(|c| c.kind == "warning_ended"));
}

async fn the_birth_of_an_unborn_child_is_recorded_on_the_same_record(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let manager = acting(world.manager_a, Role::TeamManager);
    let id = store
        .register_child(
            &manager,
            &NewChild {
                given_name: "Baby".into(),
                family_name: "Harlow".into(),
                date_of_birth: None,
                expected_date_of_birth: Some(day(2026, 3, 20)),
                sex: Sex::NotKnown,
            },
        )
        .await
        .unwrap();
    store
        .allocate(
            &manager,
            None,
            &NewAllocation {
                child: id,
                worker: world.worker_a,
                team: world.team_a,
                from: day(2026, 3, 1),
            },
        )
        .await
        .unwrap();
    let access = permitted(&*store, manager, id, Relationship::LineManager).await;
    store
        .change_expected_date(&access, day(2026, 3, 10))
        .await
        .unwrap();
    store
        .record_birth(
            &access,
            &Birth {
                date_of_birth: day(2026, 3, 1),
                sex: Sex::Female,
                given_name: "Rose".into(),
            },
        )
        .await
        .unwrap();
    let details = store.person_details(&access).await.unwrap();
    assert_eq!(details.child.id, id, "the same record");
    assert_eq!(details.child.given_name, "Rose");
    assert_eq!(details.child.date_of_birth, Some(day(2026, 3, 1)));
    assert_eq!(details.child.expected_date_of_birth, Some(day(2026, 3, 10)));
    assert_eq!(details.child.sex, Sex::Female);
    assert_eq!(details.former_names.len(), 1);
    assert_eq!(details.former_names[0].given_name, "Baby");
    let chronology = store.full_chronology(&access).await.unwrap();
    let summaries: Vec<_> = chronology.iter().map(|c| c.summary.as_str()).collect();
    assert_eq!(
        summaries,
        [
            "Record opened for unborn child of the Harlow family, expected 20 March 2026",
            "Allocated to worker.a name (Assessment Team A)",
            "Expected date of birth changed from 20 March 2026 to 10 March 2026",
            "Born on 1 March 2026: named Rose, a girl",
        ]
    );
    for result in [
        store
            .record_birth(
                &access,
                &Birth {
                    date_of_birth: day(2026, 3, 1),
                    sex: Sex::Female,
                    given_name: "Rose".into(),
                },
            )
            .await,
        store.change_expected_date(&access, day(2026, 3, 12)).await,
    ] {
        assert!(matches!(result, Err(StoreError::Invalid(_))), "{result:?}");
    }
    assert_eq!(
        store.full_chronology(&access).await.unwrap().len(),
        summaries.len(),
        "a refused change writes nothing"
    );
}

async fn a_death_is_checked_against_the_birth_and_today(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let id = allocated_child(store.as_ref(), &world).await;
    let access = worker(&*store, &world, id).await;
    for (date, message) in [
        (
            day(2019, 2, 27),
            "Date of death must be on or after the date of birth",
        ),
        (
            day(2026, 3, 3),
            "Date of death must be today or in the past",
        ),
    ] {
        match store.record_death(&access, date).await {
            Err(StoreError::Invalid(errors)) => {
                assert_eq!(errors.message_for("date_of_death"), Some(message))
            }
            other => panic!("{date}: {other:?}"),
        }
    }
    store.record_death(&access, day(2026, 3, 1)).await.unwrap();
    let details = store.person_details(&access).await.unwrap();
    assert_eq!(details.date_of_death, Some(day(2026, 3, 1)));
    assert!(store.record_death(&access, day(2026, 3, 1)).await.is_err());
    let chronology = store.full_chronology(&access).await.unwrap();
    assert_eq!(chronology.last().unwrap().summary, "Died on 1 March 2026");
    assert!(chronology.last().unwrap().significant);
    // Demographics recorded afterwards keep the date of death.
    store
        .update_demographics(&access, &demographics("", ""))
        .await
        .unwrap();
    let details = store.person_details(&access).await.unwrap();
    assert_eq!(details.date_of_death, Some(day(2026, 3, 1)));
}

async fn a_change_of_name_keeps_the_former_name(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let id = allocated_child(store.as_ref(), &world).await;
    let access = worker(&*store, &world, id).await;
    store
        .change_name(
            &access,
            &NameChange {
                given_name: "Ava".into(),
                family_name: "Smith".into(),
                changed_on: day(2026, 2, 14),
            },
        )
        .await
        .unwrap();
    let details = store.person_details(&access).await.unwrap();
    assert_eq!(details.child.family_name, "Smith");
    assert_eq!(details.former_names[0].family_name, "Example");
    assert_eq!(details.former_names[0].used_until, day(2026, 2, 14));
    let chronology = store.full_chronology(&access).await.unwrap();
    assert_eq!(
        chronology.last().unwrap().summary,
        "Name changed from Ava Example to Ava Smith on 14 February 2026"
    );
    // Search finds the new name.
    store
        .update_demographics(&access, &demographics("B801200005001", ""))
        .await
        .unwrap();
    let searcher = acting(world.worker_b, Role::SocialWorker);
    let found = store
        .find_by_identifier(
            &searcher,
            &Identifier::parse(IdentifierKind::Upn, "b801200005001").unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].family_name, "Smith");
    let none = store
        .find_by_identifier(
            &searcher,
            &Identifier::parse(IdentifierKind::NhsNumber, "9434765919").unwrap(),
        )
        .await
        .unwrap();
    assert!(none.is_empty());
    let seen = store.access_by_staff(world.worker_b, 10).await.unwrap();
    assert_eq!(seen.len(), 2, "one access record per lookup");
    assert_eq!(seen[0].kind, AccessKind::SearchResults);
    assert_eq!(seen[0].people_shown, []);
    assert_eq!(seen[1].people_shown, [id]);
}

async fn reading_details_for_the_change_pages_is_recorded(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let id = allocated_child(store.as_ref(), &world).await;
    let access = worker(&*store, &world, id).await;
    store.person_details(&access).await.unwrap();
    assert!(
        store
            .access_by_staff(world.worker_a, 10)
            .await
            .unwrap()
            .is_empty(),
        "the record page's own access record covers the panel"
    );
    let details = store.open_person_details(&access).await.unwrap();
    assert_eq!(details.child.given_name, "Ava");
    let seen = store.access_by_staff(world.worker_a, 10).await.unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].kind, AccessKind::ViewedRecord);
    assert_eq!(seen[0].detail, "person_details");
    no_proof(
        &*store,
        acting(world.worker_a, Role::SocialWorker),
        PersonId(999_999),
    )
    .await;
}
