//! Contract case: every append-only table refuses to be changed, and for the right reason.
//!
//! On SQLite the tables' triggers refuse. On PostgreSQL it depends on who asks: the
//! application role (`journey_app`, with the grants of grants.sql) is refused by the grants
//! before any trigger runs, except where it is granted `UPDATE (child_id)` for merges, where
//! the trigger refuses a move outside one; the tables' owner, who holds every right, is
//! refused by the triggers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use journey_domain::access::{Action, Relationship};
use journey_domain::case_notes::Seen;
use journey_domain::front_door::DecisionOption;
use journey_domain::staff::Role;

use super::case_notes::{home_visit, worker_access};
use super::front_door::{correction, decided};
use super::{Case, World, acting, permitted};
use crate::{APPEND_ONLY, Backend, DatabaseRefusal, Store, TamperKind};

/// Every case of this file, by name.
pub fn cases() -> Vec<(&'static str, Case)> {
    crate::contract_cases!(every_append_only_table_refuses_change_and_says_why)
}

/// The application role of docs/postgres.md, which grants.sql gives no right to change these
/// tables beyond moving rows in a merge.
const APPLICATION_ROLE: &str = "journey_app";

/// What refused an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refuser {
    Trigger,
    Grant,
}

/// The message of the trigger that keeps `table` as it is.
fn trigger_message(backend: Backend, table: &str) -> &'static str {
    match (backend, table) {
        (Backend::Sqlite, "audit_event") => "audit records are append-only",
        (Backend::Sqlite, "access_record") => "access records are append-only",
        (Backend::Sqlite, "contact") => "contacts are append-only",
        (Backend::Sqlite, "referral_decision" | "referral_decision_correction") => {
            "decisions are append-only"
        }
        (Backend::Sqlite, "case_note" | "case_note_version") => "finalised notes cannot be changed",
        (Backend::Sqlite, "chronology_entry") => "the chronology is append-only",
        (Backend::Postgres, "audit_event") => "audit records are append-only",
        (Backend::Postgres, "access_record") => "access records are append-only",
        (Backend::Postgres, "contact") => "contact records are append-only",
        (Backend::Postgres, "referral_decision" | "referral_decision_correction") => {
            "decision records are append-only"
        }
        (Backend::Postgres, "case_note" | "case_note_version") => {
            "case note records are append-only"
        }
        (Backend::Postgres, "chronology_entry") => "chronology records are append-only",
        (_, other) => panic!("no trigger message known for {other}"),
    }
}

/// The refusal expected of `refuser` for `table`: SQLite's triggers abort with
/// SQLITE_CONSTRAINT_TRIGGER (1811); PostgreSQL's raise insufficient_privilege (42501), as a
/// missing grant does, so the message tells the two apart.
fn expected(backend: Backend, refuser: Refuser, table: &str) -> DatabaseRefusal {
    let (code, message) = match (backend, refuser) {
        (Backend::Sqlite, Refuser::Trigger) => ("1811", trigger_message(backend, table).to_owned()),
        (Backend::Postgres, Refuser::Trigger) => {
            ("42501", trigger_message(backend, table).to_owned())
        }
        (Backend::Postgres, Refuser::Grant) => {
            ("42501", format!("permission denied for table {table}"))
        }
        (Backend::Sqlite, Refuser::Grant) => panic!("SQLite has no grants"),
    };
    DatabaseRefusal {
        code: Some(code.to_owned()),
        message,
    }
}

async fn every_append_only_table_refuses_change_and_says_why(
    store: Arc<dyn Store>,
    backend: Backend,
) {
    // A row in every append-only table, so that row triggers have something to refuse.
    let world = World::build(store.as_ref()).await;
    let (id, referral) = decided(store.as_ref(), &world).await;
    let service_manager = permitted(
        &*store,
        acting(world.service_manager, Role::ServiceManager),
        id,
        Relationship::LineManager,
    )
    .await;
    store
        .correct_decision(
            &service_manager,
            &correction(
                referral,
                DecisionOption::Assessment,
                "Injury needs assessing",
            ),
        )
        .await
        .unwrap();
    let worker = worker_access(&*store, &world, id).await;
    let note = store
        .finalise_note(&worker, "k", &home_visit("Seen at home", Seen::Yes))
        .await
        .unwrap();
    store
        .record_refusal(
            &acting(world.worker_b, Role::SocialWorker),
            id,
            Action::ViewRecord,
        )
        .await
        .unwrap();
    let audit = store.audit_trail(id).await.unwrap();
    let chronology = store.full_chronology(&worker).await.unwrap();
    let history = store.note_history(&worker, note).await.unwrap();
    let front_door = store.front_door_record(&service_manager).await.unwrap();

    let tampering = store.try_tampering().await.unwrap();

    // Who asks decides what should refuse: see the top of this file.
    let as_application = match (backend, tampering.signed_in_as.as_deref()) {
        (Backend::Sqlite, None) => false,
        (Backend::Postgres, Some(APPLICATION_ROLE)) => true,
        (Backend::Postgres, Some(_owner)) => false,
        (backend, role) => panic!("{backend:?} signed in as {role:?}"),
    };
    for table in APPEND_ONLY {
        for kind in [TamperKind::Update, TamperKind::Delete] {
            assert!(
                tampering
                    .attempts
                    .iter()
                    .any(|a| a.table == table && a.kind == kind),
                "no {kind:?} of {table} was tried"
            );
        }
    }
    for attempt in &tampering.attempts {
        let refuser = if as_application && attempt.kind != TamperKind::MoveOutsideAMerge {
            Refuser::Grant
        } else {
            Refuser::Trigger
        };
        assert_eq!(
            attempt.outcome,
            Err(expected(backend, refuser, attempt.table)),
            "{} must be refused by the {refuser:?} as {:?}",
            attempt.sql,
            tampering.signed_in_as
        );
    }
    let tables: Vec<&str> = tampering.rows.iter().map(|(t, _, _)| *t).collect();
    assert_eq!(tables, APPEND_ONLY);
    for (table, before, after) in &tampering.rows {
        assert!(*before > 0, "{table} had no rows to tamper with");
        assert_eq!(after, before, "{table} lost or gained rows");
    }

    assert_eq!(store.audit_trail(id).await.unwrap(), audit);
    assert_eq!(store.full_chronology(&worker).await.unwrap(), chronology);
    assert_eq!(store.note_history(&worker, note).await.unwrap(), history);
    assert_eq!(
        store.front_door_record(&service_manager).await.unwrap(),
        front_door
    );
}
