//! Contract cases for merging: everything that names the merged-away record moves, checked
//! against the schema itself, and undoing moves exactly that back.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::sync::Arc;

use journey_domain::case_notes::{NewNote, NoteKind, Observations, Seen};
use journey_domain::families::RelationshipKind;
use journey_domain::families::relationship::{NewAdult, NewRelationship, Relative};
use journey_domain::front_door::{NewContact, NewReferral, PrimaryNeed, ReferralSource};
use journey_domain::ids::PersonId;
use journey_domain::person::Sex;
use journey_domain::person_details::{
    Demographics, DemographicsInput, NameChange, NewAddress, NewWarning, Postcode, WarningCategory,
};
use journey_domain::staff::Role;

use super::{World, acting, as_manager_a, as_recorder_a, at, child, day, system};
use crate::contract::inspecting;
use crate::{
    Backend, ChildAccess, MERGE_KEEPS, MERGE_MOVES, MergeOutcome, NewAllocation, NoteDraft, Store,
    StoreError,
};

pub fn cases() -> Vec<(&'static str, super::Case)> {
    crate::contract_cases!(
        a_merge_moves_every_row_naming_the_merged_record_and_undo_moves_exactly_those_back,
        the_kept_record_shows_the_referral_note_and_identifier_until_the_merge_is_undone,
        merges_that_would_lose_or_muddle_a_record_are_refused,
    )
}

fn demographics(upn: &str, nhs: &str, gender: &str) -> Demographics {
    Demographics::parse(&DemographicsInput {
        upn: upn.into(),
        nhs_number: nhs.into(),
        gender: gender.into(),
        ethnicity: "WBRI".into(),
        disabilities: vec![],
    })
    .unwrap()
}

fn draft(text: &str) -> NoteDraft {
    NoteDraft {
        note_key: format!("key-{text}"),
        kind: "case_note".into(),
        text: text.into(),
        ..NoteDraft::default()
    }
}

/// The kept record (nobody holds it yet, with an NHS number, demographics and a draft of
/// manager A's) and a duplicate holding something in every table that names a person.
struct Pair {
    survivor: PersonId,
    duplicate: PersonId,
}

async fn a_full_duplicate(store: &dyn Store, world: &World) -> Pair {
    let survivor = store
        .register_child(
            &acting(world.manager_a, Role::TeamManager),
            &child("Ava", "Example"),
        )
        .await
        .unwrap();
    // Recorded into team A's unallocated list, which the allocation below ends.
    let duplicate = store
        .register_unallocated(
            &acting(world.manager_a, Role::TeamManager),
            &child("Ava", "Exampel"),
            world.team_a,
        )
        .await
        .unwrap();
    let ben = store
        .register_child(
            &acting(world.manager_a, Role::TeamManager),
            &child("Ben", "Example"),
        )
        .await
        .unwrap();
    let kept = as_recorder_a(store, world, survivor).await;
    store
        .update_demographics(&kept, &demographics("", "9434765919", "Boy"))
        .await
        .unwrap();
    store
        .save_draft(
            kept.actor(),
            survivor,
            &draft("manager's note on the kept record"),
        )
        .await
        .unwrap();

    // The duplicate: held by worker A, with a reviewing officer.
    store
        .allocate(
            &system(),
            None,
            &NewAllocation {
                child: duplicate,
                worker: world.worker_a,
                team: world.team_a,
                from: day(2026, 3, 1),
            },
        )
        .await
        .unwrap();
    store
        .assign_reviewing_officer(
            &system(),
            None,
            duplicate,
            world.reviewing_officer,
            day(2026, 3, 1),
        )
        .await
        .unwrap();
    let dup = as_manager_a(store, world, duplicate).await;
    // Family on both sides of the rows: a mother who lives with her, and Ben's sister who
    // lives with him.
    store
        .add_relationship(
            &dup,
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
    store
        .add_relationship(
            &as_recorder_a(store, world, ben).await,
            &NewRelationship {
                relative: Relative::Existing(duplicate),
                kind: RelationshipKind::Sibling,
                start: None,
                lives_with: true,
            },
        )
        .await
        .unwrap();
    // Links proposed from the duplicate, and to it, waiting for a manager.
    let sibling = |relative| NewRelationship {
        relative: Relative::Existing(relative),
        kind: RelationshipKind::Sibling,
        start: None,
        lives_with: false,
    };
    let manager = acting(world.manager_a, Role::TeamManager);
    let cal = store
        .register_child(&manager, &child("Cal", "Example"))
        .await
        .unwrap();
    store
        .propose_relationship(&dup, &sibling(cal))
        .await
        .unwrap();
    let dee = store
        .register_child(&manager, &child("Dee", "Example"))
        .await
        .unwrap();
    store
        .propose_relationship(&as_recorder_a(store, world, dee).await, &sibling(duplicate))
        .await
        .unwrap();
    // The front door.
    let contact = store
        .record_contact(
            &dup,
            &NewContact {
                received_at: at(2026, 3, 2, 9),
                source: ReferralSource::School,
                referrer_name: "Mrs Patel".into(),
                referrer_role: "Designated safeguarding lead".into(),
                concerns: "Bruise on the arm".into(),
            },
        )
        .await
        .unwrap();
    store
        .make_referral(
            &dup,
            &NewReferral {
                contact,
                referral_date: day(2026, 3, 2),
                primary_need: PrimaryNeed::AbuseOrNeglect,
                // One working day after Monday 2 March.
                decision_due: day(2026, 3, 3),
            },
        )
        .await
        .unwrap();
    // Child protection, from strategy discussion to a plan with its first core group.
    crate::contract::child_protection::through_a_plan_with_a_core_group(store, &dup).await;
    // A discharge plan, and the discharge that carried it out.
    store
        .write_discharge_plan(&dup, &crate::contract::babies::plan(day(2026, 3, 5)))
        .await
        .unwrap();
    store
        .record_discharge(
            &dup,
            &journey_domain::babies::NewDischarge {
                date: day(2026, 3, 2),
                destination: journey_domain::babies::Destination::HomeWithParents,
                going_with: "Parents".into(),
                reason: "Left before sign-off".into(),
            },
        )
        .await
        .unwrap();
    // An assessment started in the episode.
    store
        .start_assessment(
            &dup,
            &journey_domain::assessments::NewAssessment {
                kind: journey_domain::assessments::AssessmentKind::ChildAndFamily,
                start_date: day(2026, 3, 2),
            },
        )
        .await
        .unwrap();
    // Case notes: a finalised visit, worker A's draft, and manager A's (who has one on the
    // kept record too).
    store
        .finalise_note(
            &dup,
            "visit-1",
            &NewNote {
                kind: NoteKind::HomeVisit,
                occurred_at: at(2026, 3, 2, 8),
                text: "Seen at home with her mother".into(),
                observations: Observations {
                    child_seen: Seen::Yes,
                    seen_alone: Seen::No,
                    bedroom_seen: Seen::Yes,
                },
            },
        )
        .await
        .unwrap();
    store
        .save_draft(
            &acting(world.worker_a, Role::SocialWorker),
            duplicate,
            &draft("worker's note on the duplicate"),
        )
        .await
        .unwrap();
    store
        .save_draft(
            dup.actor(),
            duplicate,
            &draft("manager's note on the duplicate"),
        )
        .await
        .unwrap();
    // Person details.
    store
        .update_demographics(&dup, &demographics("B801200005001", "4010232137", "Girl"))
        .await
        .unwrap();
    store
        .change_name(
            &dup,
            &NameChange {
                given_name: "Ava".into(),
                family_name: "Exampel-Smith".into(),
                changed_on: day(2026, 2, 14),
            },
        )
        .await
        .unwrap();
    store
        .move_address(
            &dup,
            &NewAddress {
                line_1: "12 High Street".into(),
                line_2: None,
                line_3: None,
                town: "Northtown".into(),
                postcode: Postcode::parse("NT1 1AA").unwrap(),
                from: day(2026, 1, 5),
            },
        )
        .await
        .unwrap();
    store
        .add_warning(
            &dup,
            &NewWarning {
                category: WarningCategory::Animals,
                text: "Dog at the property".into(),
                from: day(2026, 1, 5),
                until: None,
            },
        )
        .await
        .unwrap();
    Pair {
        survivor,
        duplicate,
    }
}

async fn merge(store: &dyn Store, world: &World, pair: &Pair) -> Result<i64, StoreError> {
    let manager = acting(world.manager_a, Role::TeamManager);
    let (kept, away) =
        crate::contract::merges::both(store, &manager, pair.survivor, pair.duplicate).await;
    match store
        .merge_records(
            &kept,
            &away,
            &crate::contract::merges::request("Same child recorded twice"),
        )
        .await?
    {
        MergeOutcome::Merged(id) => Ok(id),
        MergeOutcome::AwaitingApproval(_) => panic!("a likely match merges at once"),
    }
}

async fn undo(store: &dyn Store, world: &World, pair: &Pair, merge: i64) {
    let manager = acting(world.manager_a, Role::TeamManager);
    let kept = crate::contract::merges::both(store, &manager, pair.survivor, pair.survivor)
        .await
        .0;
    store.undo_merge(&kept, merge).await.unwrap();
}

async fn references(store: &dyn Store, person: PersonId) -> BTreeMap<String, i64> {
    store
        .person_references(person)
        .await
        .unwrap()
        .into_iter()
        .collect()
}

const CHRONOLOGY: &str = "chronology_entry.child_id";

async fn a_merge_moves_every_row_naming_the_merged_record_and_undo_moves_exactly_those_back(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let pair = a_full_duplicate(store.as_ref(), &world).await;
    let before = references(store.as_ref(), pair.duplicate).await;
    let survivor_before = references(store.as_ref(), pair.survivor).await;

    // The schema's columns that refer to a person are exactly those the merge knows about: a
    // table added later fails here until the merge moves it (or it is listed as kept).
    let mut known: Vec<&str> = MERGE_MOVES.to_vec();
    known.extend(MERGE_KEEPS.iter().map(|(column, _)| *column));
    known.sort_unstable();
    assert_eq!(before.keys().map(String::as_str).collect::<Vec<_>>(), known);
    // The duplicate has rows in every column a merge moves, so each move is exercised.
    for column in MERGE_MOVES {
        assert!(
            before[*column] > 0,
            "no row names the duplicate in {column}"
        );
    }

    let merge_id = merge(store.as_ref(), &world, &pair).await.unwrap();
    let after = references(store.as_ref(), pair.duplicate).await;
    for column in MERGE_MOVES {
        // The one line saying where the record went stays on it.
        let expected = i64::from(*column == CHRONOLOGY);
        assert_eq!(
            after[*column], expected,
            "{column} still names the merged record"
        );
    }

    undo(store.as_ref(), &world, &pair, merge_id).await;
    let undone = references(store.as_ref(), pair.duplicate).await;
    let survivor_undone = references(store.as_ref(), pair.survivor).await;
    for column in MERGE_MOVES {
        // Each record gains its merge line and its undo line, and nothing else changes.
        let lines = if *column == CHRONOLOGY { 2 } else { 0 };
        assert_eq!(
            undone[*column],
            before[*column] + lines,
            "{column} on the duplicate"
        );
        assert_eq!(
            survivor_undone[*column],
            survivor_before[*column] + lines,
            "{column} on the kept record"
        );
    }
}

async fn the_kept_record_shows_the_referral_note_and_identifier_until_the_merge_is_undone(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let pair = a_full_duplicate(store.as_ref(), &world).await;
    let manager = world.manager_a;
    let merge_id = merge(store.as_ref(), &world, &pair).await.unwrap();
    // What each record holds, as an auditor may read it.
    let survivor = inspecting(&*store, &world, pair.survivor).await;
    let duplicate = inspecting(&*store, &world, pair.duplicate).await;

    let front_door = store.front_door_record(&survivor).await.unwrap();
    assert_eq!(front_door.episodes.len(), 1);
    assert_eq!(front_door.contacts[0].concerns, "Bruise on the arm");
    assert!(
        store
            .front_door_record(&duplicate)
            .await
            .unwrap()
            .episodes
            .is_empty()
    );
    let notes = store.notes_panel(&survivor).await.unwrap();
    assert_eq!(notes.total, 1);
    assert_eq!(notes.latest[0].current.text, "Seen at home with her mother");
    let details = store.person_details(&survivor).await.unwrap();
    // The duplicate's UPN moves; the kept record's own NHS number and demographics stay.
    assert_eq!(details.upn.as_deref(), Some("B801200005001"));
    assert_eq!(details.nhs_number.as_deref(), Some("9434765919"));
    assert_eq!(details.gender.as_deref(), Some("Boy"));
    assert_eq!(details.former_names.len(), 1);
    assert_eq!(details.addresses[0].line_1, "12 High Street");
    assert_eq!(details.warnings[0].text, "Dog at the property");
    // Worker A's draft moved; manager A keeps the draft they had on the kept record.
    let drafts = async |author, child| {
        store
            .draft(author, child)
            .await
            .unwrap()
            .map(|d| d.draft.text)
    };
    assert_eq!(
        drafts(world.worker_a, pair.survivor).await.as_deref(),
        Some("worker's note on the duplicate")
    );
    assert_eq!(
        drafts(manager, pair.survivor).await.as_deref(),
        Some("manager's note on the kept record")
    );
    assert_eq!(drafts(manager, pair.duplicate).await, None);

    undo(store.as_ref(), &world, &pair, merge_id).await;
    assert!(
        store
            .front_door_record(&survivor)
            .await
            .unwrap()
            .episodes
            .is_empty()
    );
    assert_eq!(
        store
            .front_door_record(&duplicate)
            .await
            .unwrap()
            .episodes
            .len(),
        1
    );
    assert_eq!(store.notes_panel(&survivor).await.unwrap().total, 0);
    assert_eq!(store.notes_panel(&duplicate).await.unwrap().total, 1);
    let kept = store.person_details(&survivor).await.unwrap();
    assert_eq!(kept.upn, None);
    assert_eq!(kept.nhs_number.as_deref(), Some("9434765919"));
    assert!(kept.warnings.is_empty() && kept.addresses.is_empty());
    let back = store.person_details(&duplicate).await.unwrap();
    assert_eq!(back.upn.as_deref(), Some("B801200005001"));
    assert_eq!(back.nhs_number.as_deref(), Some("4010232137"));
    assert_eq!(back.gender.as_deref(), Some("Girl"));
    assert_eq!(back.warnings.len(), 1);
    assert_eq!(
        drafts(manager, pair.duplicate).await.as_deref(),
        Some("manager's note on the duplicate")
    );
    assert_eq!(
        drafts(world.worker_a, pair.duplicate).await.as_deref(),
        Some("worker's note on the duplicate")
    );
    // The record's notes are still append-only.
    let note = back_note(store.as_ref(), &duplicate).await;
    for result in store.try_change_finalised_note(note).await {
        assert!(result.is_err(), "{result:?}");
    }
}

async fn back_note(store: &dyn Store, access: &ChildAccess) -> journey_domain::case_notes::NoteId {
    store.notes_panel(access).await.unwrap().latest[0].id
}

fn refused_at_merged(result: Result<i64, StoreError>) -> String {
    match result {
        Err(StoreError::Invalid(errors)) => errors.message_for("merged").unwrap().to_owned(),
        other => panic!("expected a refusal at the field, got {other:?}"),
    }
}

async fn merges_that_would_lose_or_muddle_a_record_are_refused(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let pair = a_full_duplicate(store.as_ref(), &world).await;
    let kept = as_recorder_a(&*store, &world, pair.survivor).await;

    // Both records with an open child in need episode.
    let contact = store
        .record_contact(
            &kept,
            &NewContact {
                received_at: at(2026, 3, 2, 9),
                source: ReferralSource::Police,
                referrer_name: "PC Lee".into(),
                referrer_role: "Officer".into(),
                concerns: "Domestic incident".into(),
            },
        )
        .await
        .unwrap();
    store
        .make_referral(
            &kept,
            &NewReferral {
                contact,
                referral_date: day(2026, 3, 2),
                primary_need: PrimaryNeed::AbuseOrNeglect,
                // One working day after Monday 2 March.
                decision_due: day(2026, 3, 3),
            },
        )
        .await
        .unwrap();
    let message = refused_at_merged(merge(store.as_ref(), &world, &pair).await);
    assert!(message.contains("open child in need episode"), "{message}");

    // A death on the duplicate only.
    let a = store
        .register_child(
            &acting(world.manager_a, Role::TeamManager),
            &child("Cara", "Example"),
        )
        .await
        .unwrap();
    let b = store
        .register_child(
            &acting(world.manager_a, Role::TeamManager),
            &child("Cara", "Example"),
        )
        .await
        .unwrap();
    store
        .update_demographics(
            &as_recorder_a(&*store, &world, a).await,
            &demographics("", "", "Girl"),
        )
        .await
        .unwrap();
    store
        .record_death(&as_recorder_a(&*store, &world, b).await, day(2026, 3, 1))
        .await
        .unwrap();
    let pair2 = Pair {
        survivor: a,
        duplicate: b,
    };
    let message = refused_at_merged(merge(store.as_ref(), &world, &pair2).await);
    assert!(message.contains("death"), "{message}");

    // Two children recorded as brother and sister are two people.
    let c = store
        .register_child(
            &acting(world.manager_a, Role::TeamManager),
            &child("Dan", "Example"),
        )
        .await
        .unwrap();
    store
        .add_relationship(
            &as_recorder_a(&*store, &world, c).await,
            &NewRelationship {
                relative: Relative::Existing(a),
                kind: RelationshipKind::Sibling,
                start: None,
                lives_with: false,
            },
        )
        .await
        .unwrap();
    let twins = Pair {
        survivor: a,
        duplicate: c,
    };
    let message = refused_at_merged(merge(store.as_ref(), &world, &twins).await);
    assert!(message.contains("related to each other"), "{message}");
    // Nothing was half-done.
    for person in [pair.survivor, a, c] {
        assert!(store.merges(person).await.unwrap().is_empty());
    }

    // A merge cannot be undone once its kept record has itself been merged away.
    let d = store
        .register_child(
            &acting(world.manager_a, Role::TeamManager),
            &child("Eve", "Example"),
        )
        .await
        .unwrap();
    let e = store
        .register_child(
            &acting(world.manager_a, Role::TeamManager),
            &child("Eve", "Example"),
        )
        .await
        .unwrap();
    let f = store
        .register_child(
            &acting(world.manager_a, Role::TeamManager),
            &child("Eve", "Example"),
        )
        .await
        .unwrap();
    let first = merge(
        store.as_ref(),
        &world,
        &Pair {
            survivor: d,
            duplicate: e,
        },
    )
    .await
    .unwrap();
    merge(
        store.as_ref(),
        &world,
        &Pair {
            survivor: f,
            duplicate: d,
        },
    )
    .await
    .unwrap();
    let through_d =
        crate::contract::merges::both(&*store, &acting(world.manager_a, Role::TeamManager), d, d)
            .await
            .0;
    let refused = store.undo_merge(&through_d, first).await;
    assert!(
        matches!(refused, Err(StoreError::Invalid(ref e)) if e.message_for("merge").is_some()),
        "{refused:?}"
    );
}
