//! Contract cases for the `families` capability (issue 3).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::contract::permitted;
use std::sync::Arc;

use chrono::NaiveDate;
use journey_domain::access::Relationship;
use journey_domain::families::RelationshipKind;
use journey_domain::families::matching::MatchReason;
use journey_domain::families::relationship::{NewAdult, NewRelationship, Relative};
use journey_domain::ids::PersonId;
use journey_domain::person::{NewChild, Sex};
use journey_domain::staff::Role;

use super::{Case, World, acting, at, child, system};
use crate::{
    AccessKind, Backend, ChildAccess, ImportedChild, ImportedEvent, ImportedRelative, MergeOutcome,
    NewAllocation, PersonQuery, Store, StoreError,
};

mod merges;
mod people;

/// Every case of this capability, by name.
pub fn cases() -> Vec<(&'static str, Case)> {
    crate::contract_cases!(
        relationships_are_recorded_once_and_read_from_both_sides,
        family_history_shows_the_serious_events_and_open_cases_of_the_same_parents_children,
        search_tolerates_spelling_and_keeps_its_limit,
        likely_matches_are_found_before_a_child_is_recorded,
        merging_moves_history_to_the_survivor_and_undoing_restores_both,
    )
    .into_iter()
    .chain(merges::cases())
    .chain(people::cases())
    .collect()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

async fn held_by_worker_a(store: &dyn Store, world: &World, new: &NewChild) -> PersonId {
    let id = store.register_child(&system(), new).await.unwrap();
    store
        .allocate(
            &system(),
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
    id
}

async fn as_worker_a(store: &dyn Store, world: &World, child: PersonId) -> ChildAccess {
    permitted(
        store,
        acting(world.worker_a, Role::SocialWorker),
        child,
        Relationship::AllocatedWorker,
    )
    .await
}

/// Manager A acting on a child they recorded and nobody has been allocated yet.
async fn as_recorder_a(store: &dyn Store, world: &World, child: PersonId) -> ChildAccess {
    permitted(
        store,
        acting(world.manager_a, Role::TeamManager),
        child,
        Relationship::Recorder,
    )
    .await
}

async fn as_manager_a(store: &dyn Store, world: &World, child: PersonId) -> ChildAccess {
    permitted(
        store,
        acting(world.manager_a, Role::TeamManager),
        child,
        Relationship::LineManager,
    )
    .await
}

async fn relationships_are_recorded_once_and_read_from_both_sides(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let ellie = held_by_worker_a(store.as_ref(), &world, &child("Ellie", "Marsh")).await;
    let mut tom = child("Tom", "Marsh");
    tom.sex = Sex::Male;
    let tom = held_by_worker_a(store.as_ref(), &world, &tom).await;
    let access = as_worker_a(&*store, &world, ellie).await;
    store
        .add_relationship(
            &access,
            &NewRelationship {
                relative: Relative::New(NewAdult {
                    given_name: "Kerry".into(),
                    family_name: "Marsh".into(),
                    date_of_birth: Some(day(2001, 4, 17)),
                    sex: Sex::Female,
                }),
                kind: RelationshipKind::Mother,
                start: Some(day(2019, 2, 28)),
                lives_with: true,
            },
        )
        .await
        .unwrap();
    store
        .add_relationship(
            &access,
            &NewRelationship {
                relative: Relative::Existing(tom),
                kind: RelationshipKind::HalfSibling,
                start: None,
                lives_with: false,
            },
        )
        .await
        .unwrap();
    // Recording the same pair twice is refused at the field.
    let again = store
        .add_relationship(
            &access,
            &NewRelationship {
                relative: Relative::Existing(tom),
                kind: RelationshipKind::Sibling,
                start: None,
                lives_with: false,
            },
        )
        .await;
    assert!(
        matches!(again, Err(StoreError::Invalid(ref e)) if e.message_for("existing_id").is_some())
    );
    let unknown = store
        .add_relationship(
            &access,
            &NewRelationship {
                relative: Relative::Existing(PersonId(999_999)),
                kind: RelationshipKind::Other,
                start: None,
                lives_with: false,
            },
        )
        .await;
    assert!(matches!(unknown, Err(StoreError::Invalid(_))));

    let family = store.family(&access).await.unwrap();
    let words: Vec<_> = family.current.iter().map(|m| m.word.as_str()).collect();
    assert_eq!(words, ["mother", "half-brother"]);
    assert_eq!(family.current[0].sentence, "Kerry Marsh is Ellie's mother");
    assert!(family.current[0].in_household);
    assert_eq!(family.household.len(), 1);
    assert_eq!(family.household[0].given_name, "Kerry");
    assert_eq!(family.household[0].word.as_deref(), Some("mother"));
    // From Tom's side the same row reads the other way.
    let toms = store
        .family(&as_worker_a(&*store, &world, tom).await)
        .await
        .unwrap();
    assert_eq!(toms.current.len(), 1);
    assert_eq!(toms.current[0].word, "half-sister");
    assert_eq!(toms.current[0].sentence, "Ellie Marsh is Tom's half-sister");
    // The foundation's record page still lists the relatives recorded from the child's side.
    let record = store.open_child_record(&access).await.unwrap();
    let kinds: Vec<_> = record
        .people
        .iter()
        .map(|p| p.relationship.as_str())
        .collect();
    assert_eq!(kinds, ["mother", "half_sibling"]);

    // Ending keeps the history: ended, and out of the household, on both sides.
    let mother = family.current[0].relationship_id;
    assert!(matches!(
        store
            .end_relationship(&access, mother, day(2019, 1, 1))
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert!(
        matches!(
            store
                .end_relationship(
                    &as_worker_a(&*store, &world, tom).await,
                    mother,
                    day(2026, 3, 1)
                )
                .await,
            Err(StoreError::NotFound)
        ),
        "a relationship of another child's is not found through this one"
    );
    store
        .end_relationship(&access, mother, day(2026, 3, 1))
        .await
        .unwrap();
    let family = store.family(&access).await.unwrap();
    assert_eq!(family.current.len(), 1);
    assert_eq!(family.ended.len(), 1);
    assert_eq!(family.ended[0].end, Some(day(2026, 3, 1)));
    assert!(family.household.is_empty());
    assert_eq!(family.former_household.len(), 1);

    // Someone already on Journey joins the household; joining twice is refused.
    store
        .join_household(&access, tom, day(2026, 3, 2))
        .await
        .unwrap();
    assert!(matches!(
        store.join_household(&access, tom, day(2026, 3, 2)).await,
        Err(StoreError::Invalid(_))
    ));
    let family = store.family(&access).await.unwrap();
    assert_eq!(family.household.len(), 1);
    assert_eq!(family.household[0].word.as_deref(), Some("half-brother"));

    let chronology = store.full_chronology(&access).await.unwrap();
    let lines: Vec<_> = chronology
        .iter()
        .filter(|e| e.kind.starts_with("relationship"))
        .map(|e| e.summary.as_str())
        .collect();
    assert_eq!(
        lines,
        [
            "Kerry Marsh recorded as Ellie's mother; Ellie lives with Kerry Marsh",
            "Tom Marsh recorded as Ellie's half-brother",
            "Relationship ended on 1 March 2026: Kerry Marsh was Ellie's mother",
        ]
    );
    let audit = store.audit_trail(ellie).await.unwrap();
    let actions: Vec<_> = audit.iter().map(|a| a.action.as_str()).collect();
    assert!(actions.ends_with(&[
        "relationship_recorded",
        "relationship_recorded",
        "relationship_ended",
        "joined_household"
    ]));
    assert_eq!(
        audit.last().unwrap().relationship.as_deref(),
        Some("allocated_worker")
    );
}

/// Ellie was adopted; her mother Kerry is expecting again. The unborn baby's record must show it.
async fn family_history_shows_the_serious_events_and_open_cases_of_the_same_parents_children(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let kerry = ImportedRelative {
        key: "kerry".into(),
        given_name: "Kerry".into(),
        family_name: "Marsh".into(),
        date_of_birth: Some(day(2001, 4, 17)),
        sex: Sex::Female,
        relationship: "mother".into(),
    };
    let event = |kind: &str, summary: &str, t| ImportedEvent {
        occurred_at: t,
        kind: kind.into(),
        summary: summary.into(),
        significant: true,
    };
    let mut unborn = child("Baby", "Marsh");
    unborn.date_of_birth = None;
    unborn.expected_date_of_birth = Some(day(2026, 6, 1));
    let batch = vec![
        ImportedChild {
            child: child("Ellie", "Marsh"),
            relatives: vec![kerry.clone()],
            allocation: None,
            reviewing_officer: None,
            history: vec![
                event(
                    "contact_received",
                    "Contact from the health visitor",
                    at(2021, 9, 14, 10),
                ),
                event(
                    "child_protection_plan",
                    "Child protection plan started: neglect",
                    at(2021, 11, 2, 10),
                ),
                event(
                    "adoption_order",
                    "Adoption order granted",
                    at(2023, 3, 8, 10),
                ),
            ],
        },
        ImportedChild {
            child: child("Jay", "Marsh"),
            relatives: vec![kerry.clone()],
            allocation: Some((world.worker_b, world.team_b, day(2026, 1, 5))),
            reviewing_officer: None,
            history: vec![],
        },
        ImportedChild {
            child: unborn,
            relatives: vec![kerry],
            allocation: Some((world.worker_a, world.team_a, day(2026, 2, 27))),
            reviewing_officer: None,
            history: vec![],
        },
    ];
    store.import_children(&system(), &batch).await.unwrap();
    let caseload = store
        .caseload(world.worker_a, day(2026, 3, 2))
        .await
        .unwrap();
    let baby = caseload[0].child;
    let panel = store
        .family_panel(&as_worker_a(&*store, &world, baby).await)
        .await
        .unwrap();
    assert!(!panel.history.is_empty());
    let kinds: Vec<_> = panel
        .history
        .iter()
        .map(|e| (e.name.as_str(), e.label.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("Ellie Marsh", "Child protection plan"),
            ("Ellie Marsh", "Adopted")
        ],
        "serious events only, oldest first"
    );
    assert_eq!(
        panel.history[0].connection,
        "Child of the same mother (Kerry Marsh)"
    );
    assert_eq!(panel.open_cases.len(), 1);
    assert_eq!(panel.open_cases[0].name, "Jay Marsh");
    assert_eq!(panel.open_cases[0].team_name, "Child Protection Team B");
    assert!(panel.merged_into.is_none());
    // Worker A has no relationship with Ellie or Jay: seeing them here is recorded on theirs.
    let seen = store.access_by_staff(world.worker_a, 10).await.unwrap();
    let shown: Vec<_> = seen
        .iter()
        .filter(|r| r.kind == AccessKind::SeenInFamilyHistory)
        .map(|r| r.child.unwrap())
        .collect();
    assert_eq!(shown.len(), 2);
    assert!(
        shown.contains(&panel.history[0].person) && shown.contains(&panel.open_cases[0].person)
    );
    // A child with no family on record has an empty panel and leaves no such records.
    let alone = held_by_worker_a(store.as_ref(), &world, &child("Solo", "Person")).await;
    let empty = store
        .family_panel(&as_worker_a(&*store, &world, alone).await)
        .await
        .unwrap();
    assert!(empty.history.is_empty() && empty.open_cases.is_empty());
}

async fn search_tolerates_spelling_and_keeps_its_limit(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let sys = system();
    let catherine = store
        .register_child(&sys, &child("Catherine", "Smith"))
        .await
        .unwrap();
    let mohammed = store
        .register_child(&sys, &child("Mohammed", "Khan"))
        .await
        .unwrap();
    for i in 0..30 {
        store
            .register_child(&sys, &child(&format!("Al{}", (b'a' + i) as char), "Alder"))
            .await
            .unwrap();
    }
    let searcher = acting(world.worker_b, Role::SocialWorker);
    let find = async |name: &str, limit: u32| {
        store
            .search_people(
                &searcher,
                &PersonQuery {
                    name: name.into(),
                    date_of_birth: None,
                    limit,
                },
            )
            .await
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(find("kathryn", 20).await, [catherine]);
    assert_eq!(find("Kathryn Smyth", 20).await, [catherine]);
    assert_eq!(
        find("cath smith", 20).await,
        [catherine],
        "prefix and sound together"
    );
    assert_eq!(find("Muhammad", 20).await, [mohammed]);
    assert_eq!(find("kathryn jones", 20).await, Vec::<PersonId>::new());
    assert_eq!(find("al", 20).await.len(), 20, "the limit holds");
    // In the index's order: the thirty Alders by given name as searched (letters only, so the
    // four whose names end in punctuation are all "al", in the order recorded), first twenty.
    let alders: Vec<String> = store
        .search_people(
            &searcher,
            &PersonQuery {
                name: "alder".into(),
                date_of_birth: None,
                limit: 20,
            },
        )
        .await
        .unwrap()
        .into_iter()
        .map(|h| h.given_name)
        .collect();
    let expected: Vec<String> = (26..30u8)
        .chain(0..16)
        .map(|i| format!("Al{}", (b'a' + i) as char))
        .collect();
    assert_eq!(alders, expected);
    let with_birth = store
        .search_people(
            &searcher,
            &PersonQuery {
                name: String::new(),
                date_of_birth: Some(day(2019, 2, 28)),
                limit: 5,
            },
        )
        .await
        .unwrap();
    assert_eq!(with_birth.len(), 5, "a date of birth alone searches too");
    let by_id = store
        .person_by_id(&searcher, catherine)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_id.given_name, "Catherine");
    assert!(
        store
            .person_by_id(&searcher, PersonId(999_999))
            .await
            .unwrap()
            .is_none()
    );
}

async fn likely_matches_are_found_before_a_child_is_recorded(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let sys = system();
    let known = store
        .register_child(&sys, &child("Catherine", "Smith"))
        .await
        .unwrap();
    let mut other_birthday = child("Catherine", "Jones");
    other_birthday.date_of_birth = Some(day(2015, 1, 1));
    store.register_child(&sys, &other_birthday).await.unwrap();
    let worker = acting(world.worker_b, Role::SocialWorker);
    let matches = store
        .likely_matches(&worker, &child("Kathryn", "Smyth"), 5)
        .await
        .unwrap();
    assert_eq!(matches.len(), 1);
    assert_eq!(matches[0].hit.id, known);
    assert_eq!(
        matches[0].reasons,
        [
            MatchReason::SimilarLastName,
            MatchReason::SimilarFirstName,
            MatchReason::SameDateOfBirth
        ]
    );
    let seen = store.access_by_staff(world.worker_b, 10).await.unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].kind, AccessKind::SearchResults);
    assert_eq!(seen[0].people_shown, [known]);
    let none = store
        .likely_matches(&worker, &child("Zed", "Quill"), 5)
        .await
        .unwrap();
    assert!(none.is_empty());
}

async fn merging_moves_history_to_the_survivor_and_undoing_restores_both(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let survivor = held_by_worker_a(store.as_ref(), &world, &child("Ava", "Example")).await;
    // The duplicate: recorded by manager A at the front door, nobody holds it yet.
    let duplicate = store
        .register_child(
            &acting(world.manager_a, Role::TeamManager),
            &child("Ava", "Exampel"),
        )
        .await
        .unwrap();
    let dup_access = as_recorder_a(&*store, &world, duplicate).await;
    store
        .add_relationship(
            &dup_access,
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
    let before_survivor = store
        .full_chronology(&as_manager_a(&*store, &world, survivor).await)
        .await
        .unwrap()
        .len();
    let manager = acting(world.manager_a, Role::TeamManager);
    let (same_s, same_m) = super::merges::both(&*store, &manager, survivor, survivor).await;
    assert!(matches!(
        store
            .merge_records(&same_s, &same_m, &super::merges::request("x"))
            .await,
        Err(StoreError::Invalid(_))
    ));
    let (kept, away) = super::merges::both(&*store, &manager, survivor, duplicate).await;
    let MergeOutcome::Merged(merge) = store
        .merge_records(
            &kept,
            &away,
            &super::merges::request("Same child recorded twice"),
        )
        .await
        .unwrap()
    else {
        panic!("a likely match merges at once");
    };
    let merged_chronology = store
        .full_chronology(&as_manager_a(&*store, &world, survivor).await)
        .await
        .unwrap();
    // Its two lines (opened, mother recorded) plus the merge line.
    assert_eq!(merged_chronology.len(), before_survivor + 3);
    assert!(
        merged_chronology
            .iter()
            .any(|e| e.kind == "records_merged" && e.summary.contains("Same child recorded twice"))
    );
    let family = store
        .family(&as_manager_a(&*store, &world, survivor).await)
        .await
        .unwrap();
    assert_eq!(family.current.len(), 1, "the mother moved to the survivor");
    assert_eq!(family.household.len(), 1);
    let away = store.full_chronology(&dup_access).await.unwrap();
    assert_eq!(away.len(), 1);
    assert_eq!(away[0].kind, "record_merged_away");
    let panel = store.family_panel(&dup_access).await.unwrap();
    assert_eq!(
        panel.merged_into.as_ref().map(|m| m.survivor),
        Some(survivor)
    );
    // Relationships to the merged-away record are those to the survivor; search shows one.
    assert_eq!(
        store
            .relationships(world.worker_a, duplicate, day(2026, 3, 2))
            .await
            .unwrap(),
        [Relationship::AllocatedWorker]
    );
    let hits = store
        .search_people(
            &manager,
            &PersonQuery {
                name: "ava".into(),
                date_of_birth: None,
                limit: 20,
            },
        )
        .await
        .unwrap();
    assert_eq!(hits.iter().map(|h| h.id).collect::<Vec<_>>(), [survivor]);
    for child in [survivor, duplicate] {
        let actions: Vec<_> = store
            .audit_trail(child)
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.action)
            .collect();
        assert!(
            actions
                .iter()
                .any(|a| a == "records_merged" || a == "record_merged_away"),
            "{actions:?}"
        );
    }
    let listed = store.merges(survivor).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].merged, duplicate);
    assert!(listed[0].undone_at.is_none());

    // Undo: only through the survivor it was merged into.
    let through_duplicate = permitted(
        &*store,
        manager.clone(),
        duplicate,
        Relationship::LineManager,
    )
    .await;
    assert!(matches!(
        store.undo_merge(&through_duplicate, merge).await,
        Err(StoreError::NotFound)
    ));
    store.undo_merge(&kept, merge).await.unwrap();
    let restored = store
        .full_chronology(&as_manager_a(&*store, &world, survivor).await)
        .await
        .unwrap();
    assert_eq!(
        restored.len(),
        before_survivor + 2,
        "its own lines, the merge and the undo"
    );
    assert!(
        restored
            .iter()
            .all(|e| !e.summary.contains("recorded as Ava's mother"))
    );
    let back = store.full_chronology(&dup_access).await.unwrap();
    assert_eq!(back.len(), 4, "opened, mother, merged away, undone");
    assert_eq!(store.family(&dup_access).await.unwrap().household.len(), 1);
    assert!(
        store
            .family(&as_manager_a(&*store, &world, survivor).await)
            .await
            .unwrap()
            .current
            .is_empty()
    );
    assert!(
        store
            .relationships(world.worker_a, duplicate, day(2026, 3, 2))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.merges(survivor).await.unwrap()[0].undone_at.is_some());
    assert!(matches!(
        store.undo_merge(&kept, merge).await,
        Err(StoreError::Invalid(_))
    ));
}
