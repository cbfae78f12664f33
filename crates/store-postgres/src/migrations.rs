//! The embedded migrations and the runner that applies them.
//!
//! Several Journey servers may start against one database at once, so the runner holds a
//! session-level advisory lock while it works: the first applies the migrations, the others
//! wait and then find nothing left to do.

use journey_store::migration::{Migration, check_order};
use journey_store::{StoreError, StoreResult};
use sqlx::{Acquire, PgConnection, PgPool};

use crate::codec::db_err;

pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "foundation",
        sql: include_str!("../migrations/0001_foundation.sql"),
    },
    Migration {
        version: 2,
        name: "person details",
        sql: include_str!("../migrations/0002_person_details.sql"),
    },
    Migration {
        version: 3,
        name: "families",
        sql: include_str!("../migrations/0003_families.sql"),
    },
    Migration {
        version: 4,
        name: "front door",
        sql: include_str!("../migrations/0004_front_door.sql"),
    },
    Migration {
        version: 5,
        name: "case notes",
        sql: include_str!("../migrations/0005_case_notes.sql"),
    },
    Migration {
        version: 6,
        name: "decision corrections",
        sql: include_str!("../migrations/0006_decision_corrections.sql"),
    },
    Migration {
        version: 7,
        name: "merges move everything",
        sql: include_str!("../migrations/0007_merges_move_everything.sql"),
    },
    Migration {
        version: 8,
        name: "result lists recorded whole",
        sql: include_str!("../migrations/0008_result_lists_recorded_whole.sql"),
    },
    Migration {
        version: 9,
        name: "chronology append-only",
        sql: include_str!("../migrations/0009_chronology_append_only.sql"),
    },
    Migration {
        version: 10,
        name: "notes panel current versions",
        sql: include_str!("../migrations/0010_notes_panel_current.sql"),
    },
    Migration {
        version: 11,
        name: "relationship proposals",
        sql: include_str!("../migrations/0011_relationship_proposals.sql"),
    },
    Migration {
        version: 12,
        name: "audit subject",
        sql: include_str!("../migrations/0012_audit_subject.sql"),
    },
    Migration {
        version: 13,
        name: "merges of both records",
        sql: include_str!("../migrations/0013_merges_both_records.sql"),
    },
    Migration {
        version: 14,
        name: "allocations",
        sql: include_str!("../migrations/0014_allocations.sql"),
    },
    Migration {
        version: 15,
        name: "access that lets people work",
        sql: include_str!("../migrations/0015_access_that_lets_people_work.sql"),
    },
    Migration {
        version: 16,
        name: "chronology recorded at",
        sql: include_str!("../migrations/0016_chronology_recorded_at.sql"),
    },
    Migration {
        version: 17,
        name: "child protection",
        sql: include_str!("../migrations/0017_child_protection.sql"),
    },
    Migration {
        version: 18,
        name: "assessments",
        sql: include_str!("../migrations/0018_assessments.sql"),
    },
    Migration {
        version: 19,
        name: "discharge plans",
        sql: include_str!("../migrations/0019_discharge_plans.sql"),
    },
    Migration {
        version: 20,
        name: "caseload limit",
        sql: include_str!("../migrations/0020_caseload_limit.sql"),
    },
];

/// The advisory lock key of Journey's migrations: "journey" in ASCII.
const LOCK_KEY: i64 = i64::from_be_bytes(*b"\0journey");

/// Applies, in order and each in its own transaction, every migration not yet recorded.
pub async fn apply(pool: &PgPool, migrations: &[Migration]) -> StoreResult<()> {
    check_order(migrations).map_err(StoreError::Migration)?;
    let mut conn = pool.acquire().await.map_err(db_err)?;
    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(LOCK_KEY)
        .execute(&mut *conn)
        .await
        .map_err(db_err)?;
    let applied = apply_locked(&mut conn, migrations).await;
    let unlocked = sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(LOCK_KEY)
        .execute(&mut *conn)
        .await
        .map_err(db_err);
    applied.and(unlocked.map(|_| ()))
}

async fn apply_locked(conn: &mut PgConnection, migrations: &[Migration]) -> StoreResult<()> {
    // Created only when missing, so a role without CREATE rights (production's application
    // role, docs/postgres.md) can open an up-to-date database.
    let exists: bool = sqlx::query_scalar("SELECT to_regclass('schema_migration') IS NOT NULL")
        .fetch_one(&mut *conn)
        .await
        .map_err(db_err)?;
    if !exists {
        sqlx::raw_sql(
            "CREATE TABLE schema_migration (version bigint PRIMARY KEY, name text NOT NULL)",
        )
        .execute(&mut *conn)
        .await
        .map_err(db_err)?;
    }
    let applied: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM schema_migration")
        .fetch_one(&mut *conn)
        .await
        .map_err(db_err)?;
    let applied = applied.unwrap_or(0);
    if let Some(newest) = migrations.last().filter(|m| m.version < applied) {
        return Err(StoreError::Migration(format!(
            "the database is at version {applied}, newer than this build's {}",
            newest.version
        )));
    }
    for migration in migrations.iter().filter(|m| m.version > applied) {
        let mut tx = conn.begin().await.map_err(db_err)?;
        sqlx::raw_sql(migration.sql)
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::Migration(format!("{}: {e}", migration.name)))?;
        sqlx::query("INSERT INTO schema_migration (version, name) VALUES ($1, $2)")
            .bind(migration.version)
            .bind(migration.name)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        tracing::info!(
            version = migration.version,
            name = migration.name,
            "migration applied"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_in_order() {
        assert!(check_order(MIGRATIONS).is_ok());
    }
}
