//! Contract cases for the details of adults in a child's family (a parent, a carer), recorded
//! through the child's record: NHS number, addresses with history, warnings.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::contract::{no_proof, permitted};
use std::sync::Arc;

use journey_domain::access::Relationship;
use journey_domain::families::RelationshipKind;
use journey_domain::families::relationship::{NewAdult, NewRelationship, Relative};
use journey_domain::ids::PersonId;
use journey_domain::person::Sex;
use journey_domain::person_details::{
    Demographics, DemographicsInput, NewAddress, NewWarning, NhsNumber, Postcode, WarningCategory,
};
use journey_domain::staff::Role;

use super::super::{Case, World, acting, allocated_child, child, day, system};
use crate::person_details::{WarningId, Whose};
use crate::{Backend, ChildAccess, NewAllocation, Store, StoreError, StoreResult};

pub fn cases() -> Vec<(&'static str, Case)> {
    crate::contract_cases!(
        an_adults_nhs_number_addresses_and_warnings_are_written_on_their_own_record,
        changes_to_someone_not_tied_to_the_child_are_refused_and_write_nothing,
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

async fn auditor(store: &dyn Store, world: &World, person: PersonId) -> ChildAccess {
    permitted(
        store,
        acting(world.auditor, Role::Auditor),
        person,
        Relationship::Auditor,
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

fn violence() -> NewWarning {
    NewWarning {
        category: WarningCategory::Violence,
        text: "Has threatened social workers: visit in pairs".into(),
        from: day(2026, 2, 1),
        until: None,
    }
}

fn nhs(number: &str) -> NhsNumber {
    NhsNumber::parse(number).unwrap()
}

/// Records a relationship of the child's with a new adult and returns the adult.
async fn new_adult(
    store: &dyn Store,
    access: &ChildAccess,
    given: &str,
    kind: RelationshipKind,
) -> PersonId {
    store
        .add_relationship(
            access,
            &NewRelationship {
                relative: Relative::New(NewAdult {
                    given_name: given.into(),
                    family_name: "Holloway".into(),
                    date_of_birth: Some(day(1994, 5, 12)),
                    sex: Sex::Female,
                }),
                kind,
                start: None,
                lives_with: true,
            },
        )
        .await
        .unwrap();
    store
        .family(access)
        .await
        .unwrap()
        .current
        .last()
        .unwrap()
        .person
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

async fn an_adults_nhs_number_addresses_and_warnings_are_written_on_their_own_record(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let ava = allocated_child(store.as_ref(), &world).await;
    let access = worker(&*store, &world, ava).await;
    let grace = new_adult(store.as_ref(), &access, "Grace", RelationshipKind::Mother).await;
    let ava_audit = store.audit_trail(ava).await.unwrap().len();
    let ava_lines = store.full_chronology(&access).await.unwrap().len();
    let related = Whose::Related(grace);

    // NHS number: recorded once; the same again writes nothing; another's number is refused.
    let recorded = store
        .record_nhs_number(&access, related, Some(&nhs("9434765919")))
        .await
        .unwrap()
        .expect("a change");
    assert_eq!(
        store
            .record_nhs_number(&access, related, Some(&nhs("9434765919")))
            .await
            .unwrap(),
        None
    );
    store
        .update_demographics(
            &access,
            &Demographics::parse(&DemographicsInput {
                nhs_number: "4010232137".into(),
                ..DemographicsInput::default()
            })
            .unwrap(),
        )
        .await
        .unwrap();
    let message = field_error(
        store
            .record_nhs_number(&access, related, Some(&nhs("4010232137")))
            .await,
        "nhs_number",
    );
    assert!(message.contains("Another person's record"), "{message}");

    // Addresses: a move ends the previous one; a move not after it is refused at the field.
    store
        .move_address_of(&access, related, &address("3 Mill Lane", day(2025, 6, 1)))
        .await
        .unwrap();
    store
        .move_address_of(&access, related, &address("9 Kiln Road", day(2026, 1, 10)))
        .await
        .unwrap();
    let message = field_error(
        store
            .move_address_of(&access, related, &address("1 Early Row", day(2026, 1, 10)))
            .await,
        "from",
    );
    assert!(message.contains("after they started living"), "{message}");

    // Warnings: added, then ended; the ended one stays.
    store
        .add_warning_of(&access, related, &violence())
        .await
        .unwrap();
    let details = store.related_person(&access, grace).await.unwrap();
    let warning = details.warnings[0].id;
    // The child's record shows the warning about her mother, as the family's, not the child's.
    let ava_details = store.person_details(&access).await.unwrap();
    assert!(ava_details.warnings.is_empty());
    assert_eq!(
        ava_details
            .family_warnings
            .iter()
            .map(|f| (f.person, f.warning.id, f.name.starts_with("Grace")))
            .collect::<Vec<_>>(),
        [(grace, warning, true)]
    );
    store
        .end_warning_of(&access, related, warning, day(2026, 3, 2))
        .await
        .unwrap();
    // Ended, it is no longer shown as in force.
    assert!(
        store
            .person_details(&access)
            .await
            .unwrap()
            .family_warnings
            .is_empty()
    );
    let message = field_error(
        store
            .end_warning_of(&access, related, warning, day(2026, 3, 2))
            .await,
        "warning",
    );
    assert_eq!(message, "This warning has already ended");

    let details = store.related_person(&access, grace).await.unwrap();
    assert_eq!(details.nhs_number.as_deref(), Some("9434765919"));
    let lived: Vec<_> = details
        .addresses
        .iter()
        .map(|a| (a.line_1.as_str(), a.from, a.to))
        .collect();
    assert_eq!(
        lived,
        [
            ("9 Kiln Road", day(2026, 1, 10), None),
            ("3 Mill Lane", day(2025, 6, 1), Some(day(2026, 1, 10))),
        ]
    );
    assert_eq!(details.warnings.len(), 1);
    assert_eq!(details.warnings[0].until, Some(day(2026, 3, 2)));
    assert_eq!(details.warnings[0].category, WarningCategory::Violence);

    // Written on Grace: her chronology and audit trail, naming the child they came through;
    // nothing on Ava's, whose own details are untouched but for her own NHS number.
    let lines = store
        .full_chronology(&auditor(&*store, &world, grace).await)
        .await
        .unwrap();
    let through = format!("(recorded through the record of Journey ID {ava})");
    let summaries: Vec<_> = lines
        .iter()
        .filter(|l| l.summary.ends_with(&through))
        .map(|l| (l.kind.as_str(), l.significant))
        .collect();
    assert_eq!(
        summaries,
        [
            ("details_changed", false),
            ("address_changed", false),
            ("address_changed", false),
            ("warning_added", true),
            ("warning_ended", false),
        ]
    );
    assert!(
        lines
            .iter()
            .any(|l| l.event == recorded && l.summary.starts_with("NHS number recorded")),
        "{lines:?}"
    );
    let audit = store.audit_trail(grace).await.unwrap();
    let changes: Vec<_> = audit
        .iter()
        .filter(|a| a.action != "relationship_recorded")
        .map(|a| (a.action.as_str(), a.relationship.as_deref(), a.child))
        .collect();
    assert_eq!(changes.len(), 5, "{audit:?}");
    assert!(
        changes
            .iter()
            .all(|(_, rel, who)| *rel == Some("allocated_worker") && *who == Some(grace))
    );
    // Ava: only her own NHS number change was added.
    assert_eq!(store.audit_trail(ava).await.unwrap().len(), ava_audit + 1);
    assert_eq!(
        store.full_chronology(&access).await.unwrap().len(),
        ava_lines + 1
    );
    let ava_details = store.person_details(&access).await.unwrap();
    assert!(ava_details.addresses.is_empty() && ava_details.warnings.is_empty());

    // Taking the number off is a change too.
    store
        .record_nhs_number(&access, related, None)
        .await
        .unwrap()
        .expect("a change");
    let details = store.related_person(&access, grace).await.unwrap();
    assert_eq!(details.nhs_number, None);
    let last = store
        .full_chronology(&auditor(&*store, &world, grace).await)
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert!(last.summary.starts_with("NHS number removed"), "{last:?}");
}

async fn changes_to_someone_not_tied_to_the_child_are_refused_and_write_nothing(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let ava = allocated_child(store.as_ref(), &world).await;
    let access = worker(&*store, &world, ava).await;
    let grace = new_adult(store.as_ref(), &access, "Grace", RelationshipKind::Mother).await;
    // Noah (not Ava's) and his father Sam, who has nothing to do with Ava.
    let noah = store
        .register_child(&system(), &child("Noah", "Holloway"))
        .await
        .unwrap();
    store
        .allocate(
            &system(),
            None,
            &NewAllocation {
                child: noah,
                worker: world.worker_b,
                team: world.team_b,
                from: day(2026, 3, 1),
            },
        )
        .await
        .unwrap();
    let noah_access = permitted(
        &*store,
        acting(world.service_manager, Role::ServiceManager),
        noah,
        Relationship::LineManager,
    )
    .await;
    let sam = new_adult(
        store.as_ref(),
        &noah_access,
        "Sam",
        RelationshipKind::Father,
    )
    .await;
    // Ava's sister Bea has her own record: her details are changed through it.
    let bea = store
        .register_child(&system(), &child("Bea", "Holloway"))
        .await
        .unwrap();
    store
        .add_relationship(
            &access,
            &NewRelationship {
                relative: Relative::Existing(bea),
                kind: RelationshipKind::Sibling,
                start: None,
                lives_with: true,
            },
        )
        .await
        .unwrap();
    store
        .add_warning_of(&noah_access, Whose::Related(sam), &violence())
        .await
        .unwrap();
    let sams_warning = store
        .related_person(&noah_access, sam)
        .await
        .unwrap()
        .warnings[0]
        .id;

    let untouched = [sam, bea, ava, noah];
    let mut before = Vec::new();
    for person in untouched {
        before.push(store.audit_trail(person).await.unwrap().len());
    }
    for person in [sam, bea, ava, PersonId(987_654)] {
        let whose = Whose::Related(person);
        let refused = [
            store
                .record_nhs_number(&access, whose, Some(&nhs("9434765919")))
                .await
                .map(|_| ()),
            store
                .move_address_of(&access, whose, &address("3 Mill Lane", day(2025, 6, 1)))
                .await
                .map(|_| ()),
            store
                .add_warning_of(&access, whose, &violence())
                .await
                .map(|_| ()),
            store
                .end_warning_of(&access, whose, sams_warning, day(2026, 3, 2))
                .await
                .map(|_| ()),
        ];
        for result in refused {
            assert!(
                matches!(result, Err(StoreError::NotFound)),
                "{person}: {result:?}"
            );
        }
    }
    // Sam's warning cannot be ended through Grace, nor as Ava's own.
    for whose in [Whose::Related(grace), Whose::TheChild] {
        assert!(matches!(
            store
                .end_warning_of(&access, whose, sams_warning, day(2026, 3, 2))
                .await,
            Err(StoreError::NotFound)
        ));
    }
    assert!(matches!(
        store
            .end_warning_of(
                &access,
                Whose::TheChild,
                WarningId(987_654),
                day(2026, 3, 2)
            )
            .await,
        Err(StoreError::NotFound)
    ));
    // A child's own changes stay for children: no proof can be had for an adult as if they
    // were a child the worker holds.
    no_proof(&*store, acting(world.worker_a, Role::SocialWorker), grace).await;
    for (person, count) in untouched.iter().zip(before) {
        assert_eq!(
            store.audit_trail(*person).await.unwrap().len(),
            count,
            "nothing written on {person}"
        );
    }
    assert!(
        store
            .related_person(&noah_access, sam)
            .await
            .unwrap()
            .addresses
            .is_empty()
    );

    // Someone who lived with Ava and moved out, with no relationship, is still hers to record.
    store
        .join_household(&access, sam, day(2026, 1, 1))
        .await
        .unwrap();
    let membership = store
        .family(&access)
        .await
        .unwrap()
        .household
        .iter()
        .find(|h| h.person == sam)
        .unwrap()
        .membership_id;
    store
        .leave_household(&access, membership, day(2026, 2, 1))
        .await
        .unwrap();
    store
        .add_warning_of(&access, Whose::Related(sam), &violence())
        .await
        .unwrap();
    assert_eq!(
        store
            .related_person(&access, sam)
            .await
            .unwrap()
            .warnings
            .len(),
        2
    );
}
