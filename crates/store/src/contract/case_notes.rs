//! Contract cases for the `case notes` capability (issue 3).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::case_notes::PANEL_NOTES;
use crate::contract::{inspecting, permitted};
use std::sync::Arc;

use chrono::NaiveDate;
use journey_domain::access::{Action, Relationship};
use journey_domain::case_notes::{ChronologyFilter, NewNote, NoteId, NoteKind, Observations, Seen};
use journey_domain::ids::PersonId;
use journey_domain::person::Sex;
use journey_domain::staff::Role;

use super::{Case, World, acting, at, child, system};
use crate::{
    AccessKind, Backend, ChildAccess, FamilyAccess, ImportedChild, ImportedEvent, ImportedRelative,
    MergeOutcome, NewAllocation, NewChronologyEntry, NoteDraft, Store, StoreError,
};

/// Ava Example, allocated to worker A in team A from 1 March 2026.
async fn allocated_child(store: &dyn Store, world: &World) -> journey_domain::ids::PersonId {
    let manager = acting(world.manager_a, Role::TeamManager);
    let id = store
        .register_child(&manager, &child("Ava", "Example"))
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
                from: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            },
        )
        .await
        .unwrap();
    id
}

/// Every case of this capability, by name.
pub fn cases() -> Vec<(&'static str, Case)> {
    crate::contract_cases!(
        drafts_belong_to_one_author_and_one_child,
        finalising_writes_the_note_its_chronology_and_audit_and_clears_the_draft,
        finalised_notes_cannot_be_changed,
        a_correction_is_a_new_version_with_its_reason,
        the_notes_panel_follows_corrections_merges_and_their_undo,
        the_chronology_view_filters_and_shows_family_members_events,
    )
}

fn draft(key: &str, text: &str) -> NoteDraft {
    NoteDraft {
        note_key: key.into(),
        kind: "home_visit".into(),
        occurred_day: "2".into(),
        occurred_month: "3".into(),
        occurred_year: "2026".into(),
        occurred_time: "9:30".into(),
        text: text.into(),
        ..NoteDraft::default()
    }
}

pub(super) fn home_visit(text: &str, alone: Seen) -> NewNote {
    NewNote {
        kind: NoteKind::HomeVisit,
        occurred_at: at(2026, 3, 2, 9),
        text: text.into(),
        observations: Observations {
            child_seen: Seen::Yes,
            seen_alone: alone,
            bedroom_seen: Seen::Yes,
        },
    }
}

pub(super) async fn worker_access(
    store: &dyn Store,
    world: &World,
    child: journey_domain::ids::PersonId,
) -> ChildAccess {
    permitted(
        store,
        acting(world.worker_a, Role::SocialWorker),
        child,
        Relationship::AllocatedWorker,
    )
    .await
}

async fn drafts_belong_to_one_author_and_one_child(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let ava = allocated_child(store.as_ref(), &world).await;
    let other = store
        .register_child(&system(), &child("Ben", "Other"))
        .await
        .unwrap();
    let worker = acting(world.worker_a, Role::SocialWorker);
    let manager = acting(world.manager_a, Role::TeamManager);
    assert!(store.draft(world.worker_a, ava).await.unwrap().is_none());
    let saved_at = store
        .save_draft(&worker, ava, &draft("k1", "Arrived at"))
        .await
        .unwrap();
    assert_eq!(saved_at, worker.at);
    store
        .save_draft(&manager, ava, &draft("k2", "Manager's own"))
        .await
        .unwrap();
    store
        .save_draft(
            &worker,
            ava,
            &draft("k1", "Arrived at 9:30, Ava answered the door"),
        )
        .await
        .unwrap();
    let mine = store.draft(world.worker_a, ava).await.unwrap().unwrap();
    assert_eq!(mine.draft.text, "Arrived at 9:30, Ava answered the door");
    assert_eq!(mine.draft.note_key, "k1");
    assert_eq!(mine.draft.occurred_time, "9:30");
    assert_eq!(mine.saved_at, worker.at);
    assert_eq!(
        store
            .draft(world.manager_a, ava)
            .await
            .unwrap()
            .unwrap()
            .draft
            .text,
        "Manager's own"
    );
    assert!(store.draft(world.worker_a, other).await.unwrap().is_none());
    // A draft is not an event: nothing on the chronology or the audit trail.
    assert_eq!(store.audit_trail(ava).await.unwrap().len(), 2);
    store.discard_draft(world.worker_a, ava).await.unwrap();
    assert!(store.draft(world.worker_a, ava).await.unwrap().is_none());
    assert!(store.draft(world.manager_a, ava).await.unwrap().is_some());
    // A draft for a child who does not exist is refused.
    assert!(matches!(
        store
            .save_draft(
                &worker,
                journey_domain::ids::PersonId(777_777),
                &draft("k3", "x")
            )
            .await,
        Err(StoreError::NotFound)
    ));
}

async fn finalising_writes_the_note_its_chronology_and_audit_and_clears_the_draft(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let ava = allocated_child(store.as_ref(), &world).await;
    let access = worker_access(&*store, &world, ava).await;
    store
        .save_draft(access.actor(), ava, &draft("key-1", "typed"))
        .await
        .unwrap();
    let note = store
        .finalise_note(
            &access,
            "key-1",
            &home_visit("Saw Ava alone in her room.", Seen::Yes),
        )
        .await
        .unwrap();
    assert!(store.draft(world.worker_a, ava).await.unwrap().is_none());
    let audit = store.audit_trail(ava).await.unwrap();
    let last = audit.last().unwrap();
    assert_eq!(last.action, "note_finalised");
    assert_eq!(last.relationship.as_deref(), Some("allocated_worker"));
    let chronology = store.full_chronology(&access).await.unwrap();
    let line = chronology.iter().find(|c| c.kind == "home_visit").unwrap();
    assert_eq!(line.summary, "Home visit: child seen alone; bedroom seen");
    assert_eq!(line.occurred_at, at(2026, 3, 2, 9));
    assert_eq!(line.recorded_by, format!("SocialWorker {}", world.worker_a));
    assert_eq!(
        line.event, last.event,
        "the note's line and audit are one event"
    );

    // The same form finalised twice is refused, and nothing more is written.
    match store
        .finalise_note(&access, "key-1", &home_visit("again", Seen::Yes))
        .await
    {
        Err(StoreError::Invalid(errors)) => assert!(errors.message_for("note").is_some()),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(store.audit_trail(ava).await.unwrap().len(), audit.len());

    let panel = store.notes_panel(&access).await.unwrap();
    assert_eq!(panel.total, 1);
    assert_eq!(panel.latest[0].id, note);
    assert!(!panel.latest[0].corrected);
    assert_eq!(panel.last_seen, Some(at(2026, 3, 2, 9)));
    assert_eq!(panel.last_seen_alone, Some(at(2026, 3, 2, 9)));

    let history = store.note_history(&access, note).await.unwrap();
    assert_eq!(history.versions.len(), 1);
    assert_eq!(history.author, world.worker_a);
    assert_eq!(history.versions[0].text, "Saw Ava alone in her room.");
    let log = store.access_by_staff(world.worker_a, 10).await.unwrap();
    assert_eq!(log[0].kind, AccessKind::ViewedRecord);
    assert_eq!(log[0].detail, format!("case note {note}"));
}

async fn finalised_notes_cannot_be_changed(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let ava = allocated_child(store.as_ref(), &world).await;
    let access = worker_access(&*store, &world, ava).await;
    let note = store
        .finalise_note(&access, "k", &home_visit("Original", Seen::No))
        .await
        .unwrap();
    let before = store.note_history(&access, note).await.unwrap();
    let results = store.try_change_finalised_note(note).await;
    assert_eq!(results.len(), 4);
    for result in results {
        assert!(
            result.is_err(),
            "changing a finalised note must fail: {result:?}"
        );
    }
    assert_eq!(store.note_history(&access, note).await.unwrap(), before);
}

async fn a_correction_is_a_new_version_with_its_reason(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let ava = allocated_child(store.as_ref(), &world).await;
    let access = worker_access(&*store, &world, ava).await;
    let note = store
        .finalise_note(&access, "k", &home_visit("Seen with mum", Seen::Yes))
        .await
        .unwrap();
    let version = store
        .correct_note(
            &access,
            note,
            &home_visit("Seen with mum present throughout", Seen::No),
            "Ava was not seen alone",
        )
        .await
        .unwrap();
    assert_eq!(version, 2);
    let history = store.note_history(&access, note).await.unwrap();
    let texts: Vec<_> = history.versions.iter().map(|v| v.text.as_str()).collect();
    assert_eq!(texts, ["Seen with mum", "Seen with mum present throughout"]);
    assert_eq!(history.versions[0].reason, None);
    assert_eq!(
        history.versions[1].reason.as_deref(),
        Some("Ava was not seen alone")
    );
    let panel = store.notes_panel(&access).await.unwrap();
    assert_eq!(panel.total, 1);
    assert!(panel.latest[0].corrected);
    assert_eq!(panel.latest[0].current.seen_alone, Seen::No);
    assert_eq!(panel.last_seen_alone, None, "the current version decides");
    let audit = store.audit_trail(ava).await.unwrap();
    assert_eq!(audit.last().unwrap().action, "note_corrected");
    let chronology = store.full_chronology(&access).await.unwrap();
    assert!(chronology.iter().any(|c| c.kind == "note_corrected"
        && c.summary == "Correction to the home visit of 2 March 2026: Ava was not seen alone"));
    // A note is corrected only on its own child's record: a proof for another of the
    // worker's children does not reach it.
    let other = allocated_child(store.as_ref(), &world).await;
    let elsewhere = worker_access(&*store, &world, other).await;
    assert!(matches!(
        store
            .correct_note(&elsewhere, note, &home_visit("x", Seen::No), "r")
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.note_history(&elsewhere, note).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.note_history(&access, NoteId(999_999)).await,
        Err(StoreError::NotFound)
    ));
}

/// A note as the case wrote it, and its current version.
struct Written {
    id: NoteId,
    child: PersonId,
    version: i32,
    note: NewNote,
}

fn visit(day: u32, hour: u32, text: &str, seen: Seen, alone: Seen) -> NewNote {
    NewNote {
        kind: NoteKind::HomeVisit,
        occurred_at: at(2026, 3, day, hour),
        text: text.into(),
        observations: Observations {
            child_seen: seen,
            seen_alone: alone,
            bedroom_seen: Seen::NotApplicable,
        },
    }
}

/// Each child's notes panel is what the notes written so far say it should be (the latest by
/// date of contact, newest first, in their current versions; the count; the last visits), and
/// the tables the panel reads agree with the notes themselves.
async fn panels_show(store: &dyn Store, world: &World, written: &[Written], children: &[PersonId]) {
    for child in children {
        let mut theirs: Vec<&Written> = written.iter().filter(|w| w.child == *child).collect();
        theirs.sort_by_key(|w| std::cmp::Reverse((w.note.occurred_at, w.id)));
        let last = |seen: fn(&Written) -> Seen| {
            theirs
                .iter()
                .filter(|w| seen(w) == Seen::Yes)
                .map(|w| w.note.occurred_at)
                .max()
        };
        let expected = (
            theirs
                .iter()
                .take(PANEL_NOTES as usize)
                .map(|w| (w.id, w.version, w.note.text.clone(), w.version > 1))
                .collect::<Vec<_>>(),
            theirs.len() as i64,
            last(|w| w.note.observations.child_seen),
            last(|w| w.note.observations.seen_alone),
        );
        let panel = store
            .notes_panel(&inspecting(store, world, *child).await)
            .await
            .unwrap();
        let shown = (
            panel
                .latest
                .iter()
                .map(|n| (n.id, n.current.version, n.current.text.clone(), n.corrected))
                .collect::<Vec<_>>(),
            panel.total,
            panel.last_seen,
            panel.last_seen_alone,
        );
        assert_eq!(shown, expected, "the notes panel of child {child}");
    }
    assert_eq!(
        store.notes_panel_drift().await.unwrap(),
        Vec::<String>::new(),
        "the panel's tables differ from the notes"
    );
}

async fn the_notes_panel_follows_corrections_merges_and_their_undo(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    // The duplicate is held by worker A; the kept record, recorded by manager A, by nobody.
    let duplicate = allocated_child(store.as_ref(), &world).await;
    let manager = acting(world.manager_a, Role::TeamManager);
    let kept = store
        .register_child(&manager, &child("Ava", "Example"))
        .await
        .unwrap();
    let other = allocated_child(store.as_ref(), &world).await;
    let on_duplicate = worker_access(&*store, &world, duplicate).await;
    let on_kept = permitted(&*store, manager.clone(), kept, Relationship::Recorder).await;
    let on_other = worker_access(&*store, &world, other).await;
    let children = [duplicate, kept, other];
    panels_show(&*store, &world, &[], &children).await;

    let mut written = Vec::new();
    let mut key = 0;
    let mut finalise = async |access: &ChildAccess, note: NewNote| {
        key += 1;
        let id = store
            .finalise_note(access, &format!("panel-{key}"), &note)
            .await
            .unwrap();
        Written {
            id,
            child: access.child(),
            version: 1,
            note,
        }
    };
    // More notes on the duplicate than the panel lists, out of date order, two on one day and
    // hour; two on the kept record; one on another child, which nothing here moves.
    for (day, hour, seen, alone) in [
        (2, 9, Seen::Yes, Seen::Yes),
        (5, 9, Seen::No, Seen::NotApplicable),
        (1, 9, Seen::Yes, Seen::No),
        (5, 9, Seen::Yes, Seen::No),
        (3, 14, Seen::Yes, Seen::Yes),
        (4, 9, Seen::NotApplicable, Seen::NotApplicable),
        (6, 8, Seen::No, Seen::NotApplicable),
    ] {
        let text = format!("Visit on day {day}");
        written.push(finalise(&on_duplicate, visit(day, hour, &text, seen, alone)).await);
    }
    for day in [3, 7] {
        let text = format!("Kept record's visit on day {day}");
        written.push(finalise(&on_kept, visit(day, 10, &text, Seen::Yes, Seen::No)).await);
    }
    written.push(
        finalise(
            &on_other,
            visit(8, 9, "Another child", Seen::Yes, Seen::Yes),
        )
        .await,
    );
    panels_show(&*store, &world, &written, &children).await;

    // A correction is what the panel shows from then on: its text, its date (which moves the
    // note in the list) and its answers (the last visit seen alone was this one, and is not).
    let correct = async |w: &mut Written, access: &ChildAccess, note: NewNote| {
        let version = store
            .correct_note(access, w.id, &note, "Recorded wrongly")
            .await
            .unwrap();
        assert_eq!(version, w.version + 1);
        w.version = version;
        w.note = note;
    };
    let last_alone = visit(3, 14, "Seen with mum present", Seen::Yes, Seen::No);
    correct(&mut written[4], &on_duplicate, last_alone).await;
    let to_the_top = visit(9, 9, "The visit was on the 9th", Seen::Yes, Seen::No);
    correct(&mut written[2], &on_duplicate, to_the_top).await;
    let twice = visit(9, 9, "On the 9th, and seen alone", Seen::Yes, Seen::Yes);
    correct(&mut written[2], &on_duplicate, twice).await;
    panels_show(&*store, &world, &written, &children).await;

    // The merge moves the duplicate's notes, with their current versions, to the kept record.
    let (kept_proof, duplicate_proof) =
        super::merges::both(&*store, &manager, kept, duplicate).await;
    let MergeOutcome::Merged(merge_id) = store
        .merge_records(
            &kept_proof,
            &duplicate_proof,
            &super::merges::request("Same child recorded twice"),
        )
        .await
        .unwrap()
    else {
        panic!("a likely match merges at once");
    };
    let mut moved = Vec::new();
    for w in written.iter_mut().filter(|w| w.child == duplicate) {
        w.child = kept;
        moved.push(w.id);
    }
    panels_show(&*store, &world, &written, &children).await;

    // Worker A now holds the kept record: a moved note corrected there, and a new note.
    let on_merged = worker_access(&*store, &world, kept).await;
    let back_a_day = visit(4, 9, "Seen on the 4th, not the 5th", Seen::Yes, Seen::No);
    correct(&mut written[3], &on_merged, back_a_day).await;
    written.push(
        finalise(
            &on_merged,
            visit(10, 9, "After the merge", Seen::No, Seen::No),
        )
        .await,
    );
    panels_show(&*store, &world, &written, &children).await;

    // Undoing it moves back exactly the notes it moved, corrections and all; the note written
    // on the kept record since stays there.
    store
        .undo_merge(
            &super::merges::both(&*store, &manager, kept, kept).await.0,
            merge_id,
        )
        .await
        .unwrap();
    for w in written.iter_mut().filter(|w| moved.contains(&w.id)) {
        w.child = duplicate;
    }
    panels_show(&*store, &world, &written, &children).await;
}

async fn the_chronology_view_filters_and_shows_family_members_events(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let mother = ImportedRelative {
        key: "mother".into(),
        given_name: "Grace".into(),
        family_name: "Harlow".into(),
        date_of_birth: NaiveDate::from_ymd_opt(1990, 1, 1),
        sex: Sex::Female,
        relationship: "mother".into(),
    };
    let event = |y, kind: &str, summary: &str, significant| ImportedEvent {
        occurred_at: at(y, 6, 1, 9),
        kind: kind.into(),
        summary: summary.into(),
        significant,
    };
    let batch = vec![
        ImportedChild {
            child: child("Ivy", "Harlow"),
            relatives: vec![mother.clone()],
            allocation: Some((
                world.worker_a,
                world.team_a,
                NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            )),
            reviewing_officer: None,
            history: vec![
                event(2021, "case_note", "Ivy note 2021", false),
                event(2023, "strategy_discussion", "Ivy strategy 2023", true),
            ],
        },
        ImportedChild {
            child: child("Jack", "Harlow"),
            relatives: vec![mother],
            allocation: None,
            reviewing_officer: None,
            history: vec![event(2022, "adoption", "Jack adopted", true)],
        },
    ];
    store.import_children(&system(), &batch).await.unwrap();
    let ivy = store
        .caseload(world.worker_a, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap())
        .await
        .unwrap()[0]
        .child;
    let access = worker_access(&*store, &world, ivy).await;
    store
        .add_chronology_entry(
            &access,
            &NewChronologyEntry {
                occurred_at: at(2024, 2, 1, 9),
                summary: "Police called".into(),
                significant: true,
            },
        )
        .await
        .unwrap();

    let family = store.family_members(&access).await.unwrap();
    let names: Vec<_> = family
        .iter()
        .map(|f| (f.name.as_str(), f.relationship.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("Grace Harlow", "mother"),
            ("Jack Harlow", "child of the same mother")
        ]
    );
    let jack = family[1].person;

    let summaries = |view: &crate::ChronologyView| {
        view.lines
            .iter()
            .map(|l| l.entry.summary.clone())
            .collect::<Vec<_>>()
    };
    let all = store
        .chronology_view(&access, &ChronologyFilter::default(), &[])
        .await
        .unwrap();
    assert_eq!(all.total, 5);
    assert_eq!(all.lines.len(), 5);
    assert!(all.kinds.contains(&"strategy_discussion".to_owned()));
    assert!(
        !all.kinds.contains(&"adoption".to_owned()),
        "only the child's own kinds"
    );

    let significant = ChronologyFilter {
        significant_only: true,
        ..ChronologyFilter::default()
    };
    let view = store
        .chronology_view(&access, &significant, &[])
        .await
        .unwrap();
    assert_eq!(summaries(&view), ["Ivy strategy 2023", "Police called"]);

    let by_kind = ChronologyFilter {
        kind: Some("case_note".into()),
        ..ChronologyFilter::default()
    };
    let view = store.chronology_view(&access, &by_kind, &[]).await.unwrap();
    assert_eq!(summaries(&view), ["Ivy note 2021"]);

    let by_date = ChronologyFilter {
        from: NaiveDate::from_ymd_opt(2023, 6, 1),
        to: NaiveDate::from_ymd_opt(2024, 2, 1),
        ..ChronologyFilter::default()
    };
    let view = store.chronology_view(&access, &by_date, &[]).await.unwrap();
    assert_eq!(
        summaries(&view),
        ["Ivy strategy 2023", "Police called"],
        "both ends inclusive"
    );

    // Jack's events are shown only to someone who may open his record: worker A, once he is
    // allocated to them. Without it the check gives no proof to show him with.
    let actor = acting(world.worker_a, Role::SocialWorker);
    let hidden = crate::access::check_to_show(&*store, actor.clone(), jack, Action::ViewRecord)
        .await
        .unwrap();
    assert_eq!(hidden, None, "no relationship to Jack yet");
    store
        .allocate(
            &acting(world.manager_a, Role::TeamManager),
            None,
            &crate::NewAllocation {
                child: jack,
                worker: world.worker_a,
                team: world.team_a,
                from: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            },
        )
        .await
        .unwrap();
    let jack_access = crate::access::check_to_show(&*store, actor, jack, Action::ViewRecord)
        .await
        .unwrap()
        .expect("Jack's allocated worker may be shown his events");
    assert_eq!(jack_access.relationship(), Relationship::AllocatedWorker);
    let with_jack = [FamilyAccess {
        member: family[1].clone(),
        access: jack_access,
    }];
    let family_filter = ChronologyFilter {
        significant_only: true,
        include_family: true,
        ..ChronologyFilter::default()
    };
    let view = store
        .chronology_view(&access, &family_filter, &with_jack)
        .await
        .unwrap();
    assert_eq!(
        summaries(&view),
        ["Jack adopted", "Ivy strategy 2023", "Police called"]
    );
    assert_eq!(
        view.lines[0].whose.as_deref(),
        Some("Jack Harlow (child of the same mother)")
    );
    assert_eq!(view.lines[1].whose, None);
    // Family members' events are left out unless the filter asks for them.
    let view = store
        .chronology_view(&access, &significant, &with_jack)
        .await
        .unwrap();
    assert_eq!(view.lines.len(), 2);

    let log = store.access_by_staff(world.worker_a, 50).await.unwrap();
    let views: Vec<_> = log
        .iter()
        .filter(|e| e.kind == AccessKind::ViewedChronology)
        .map(|e| e.child)
        .collect();
    assert_eq!(views.iter().filter(|c| **c == Some(jack)).count(), 1);
    assert_eq!(views.iter().filter(|c| **c == Some(ivy)).count(), 6);
}
