//! Contract case for the details of someone related to a child (a parent, a carer), read
//! through the child's record.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use journey_domain::families::RelationshipKind;
use journey_domain::families::relationship::{NewAdult, NewRelationship, Relative};
use journey_domain::ids::PersonId;
use journey_domain::person::Sex;
use journey_domain::person_details::{
    Demographics, DemographicsInput, NewAddress, NewWarning, Postcode, WarningCategory,
};

use super::{World, as_manager_a, as_worker_a, child, day, held_by_worker_a};
use crate::{AccessKind, Backend, ChildAccess, Store, StoreError};

pub fn cases() -> Vec<(&'static str, super::Case)> {
    crate::contract_cases!(a_related_persons_details_are_read_only_through_a_related_child)
}

fn adult(given: &str, sex: Sex) -> Relative {
    Relative::New(NewAdult {
        given_name: given.into(),
        family_name: "Holloway".into(),
        date_of_birth: Some(day(1994, 5, 12)),
        sex,
    })
}

async fn relate(
    store: &dyn Store,
    access: &ChildAccess,
    relative: Relative,
    kind: RelationshipKind,
    lives_with: bool,
) -> PersonId {
    store
        .add_relationship(
            access,
            &NewRelationship {
                relative,
                kind,
                start: None,
                lives_with,
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

async fn a_related_persons_details_are_read_only_through_a_related_child(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let ava = held_by_worker_a(store.as_ref(), &world, &child("Ava", "Holloway")).await;
    let noah = held_by_worker_a(store.as_ref(), &world, &child("Noah", "Holloway")).await;
    let bea = held_by_worker_a(store.as_ref(), &world, &child("Bea", "Holloway")).await;
    let ava_access = as_worker_a(&*store, &world, ava).await;
    let noah_access = as_manager_a(&*store, &world, noah).await;
    let grace = relate(
        store.as_ref(),
        &ava_access,
        adult("Grace", Sex::Female),
        RelationshipKind::Mother,
        true,
    )
    .await;
    relate(
        store.as_ref(),
        &noah_access,
        Relative::Existing(grace),
        RelationshipKind::Mother,
        false,
    )
    .await;
    let stranger = relate(
        store.as_ref(),
        &noah_access,
        adult("Sam", Sex::Male),
        RelationshipKind::Father,
        false,
    )
    .await;
    // A sister with details of her own, which the read shows where they are held.
    let bea_access = as_manager_a(&*store, &world, bea).await;
    store
        .update_demographics(
            &bea_access,
            &Demographics::parse(&DemographicsInput {
                upn: "B801200005001".into(),
                nhs_number: "9434765919".into(),
                ..DemographicsInput::default()
            })
            .unwrap(),
        )
        .await
        .unwrap();
    store
        .move_address(
            &bea_access,
            &NewAddress {
                line_1: "3 Mill Lane".into(),
                line_2: None,
                line_3: None,
                town: "Northtown".into(),
                postcode: Postcode::parse("NT1 1AA").unwrap(),
                from: day(2025, 9, 1),
            },
        )
        .await
        .unwrap();
    store
        .add_warning(
            &bea_access,
            &NewWarning {
                category: WarningCategory::Animals,
                text: "Dog at the property".into(),
                from: day(2025, 9, 1),
                until: None,
            },
        )
        .await
        .unwrap();
    relate(
        store.as_ref(),
        &ava_access,
        Relative::Existing(bea),
        RelationshipKind::Sibling,
        false,
    )
    .await;

    let details = store.related_person(&ava_access, grace).await.unwrap();
    assert_eq!(
        (details.given_name.as_str(), details.family_name.as_str()),
        ("Grace", "Holloway")
    );
    assert_eq!(details.date_of_birth, Some(day(1994, 5, 12)));
    assert!(!details.is_child);
    assert_eq!(details.upn, None);
    assert!(details.addresses.is_empty() && details.warnings.is_empty());
    let ties: Vec<_> = details
        .children
        .iter()
        .map(|t| (t.child, t.sentence.as_str(), t.lives_with))
        .collect();
    assert_eq!(
        ties,
        [
            (ava, "Grace Holloway is Ava's mother", true),
            (noah, "Grace Holloway is Noah's mother", false),
        ]
    );
    // Both reads are recorded: on the child used, and on the person.
    let log = store.access_by_staff(world.worker_a, 10).await.unwrap();
    let recorded: Vec<_> = log
        .iter()
        .filter(|a| a.kind == AccessKind::ViewedRecord && a.detail.contains("details"))
        .map(|a| a.child)
        .collect();
    assert!(recorded.contains(&Some(ava)), "{log:?}");
    assert!(recorded.contains(&Some(grace)), "{log:?}");

    let sister = store.related_person(&ava_access, bea).await.unwrap();
    assert!(sister.is_child);
    assert_eq!(sister.upn.as_deref(), Some("B801200005001"));
    assert_eq!(sister.nhs_number.as_deref(), Some("9434765919"));
    assert_eq!(sister.addresses[0].line_1, "3 Mill Lane");
    assert_eq!(sister.warnings[0].text, "Dog at the property");
    assert_eq!(sister.children[0].sentence, "Bea Holloway is Ava's sister");

    // Not related to Ava: Noah's father, and Ava herself.
    for person in [stranger, ava, PersonId(987_654)] {
        assert!(matches!(
            store.related_person(&ava_access, person).await,
            Err(StoreError::NotFound)
        ));
    }
    // Someone who lived with Ava and moved out, without a relationship, stays readable.
    let family = store
        .family(&as_manager_a(&*store, &world, noah).await)
        .await
        .unwrap();
    let sam = family
        .current
        .iter()
        .find(|m| m.person == stranger)
        .unwrap();
    store
        .join_household(&ava_access, sam.person, day(2026, 1, 1))
        .await
        .unwrap();
    let membership = store
        .family(&ava_access)
        .await
        .unwrap()
        .household
        .iter()
        .find(|h| h.person == stranger)
        .unwrap()
        .membership_id;
    store
        .leave_household(&ava_access, membership, day(2026, 2, 1))
        .await
        .unwrap();
    let lodger = store.related_person(&ava_access, stranger).await.unwrap();
    assert_eq!(lodger.children.len(), 1, "his tie is to Noah only");
}
