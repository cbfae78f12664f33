//! The embedded migrations of both SQLite files, and the runner that applies them.

use journey_store::migration::{Migration, check_order};
use journey_store::{StoreError, StoreResult};
use sqlx::SqlitePool;

use crate::codec::db_err;

pub const MAIN: &[Migration] = &[
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
        name: "chronology append-only",
        sql: include_str!("../migrations/0008_chronology_append_only.sql"),
    },
    Migration {
        version: 9,
        name: "notes panel current versions",
        sql: include_str!("../migrations/0009_notes_panel_current.sql"),
    },
    Migration {
        version: 10,
        name: "relationship proposals",
        sql: include_str!("../migrations/0010_relationship_proposals.sql"),
    },
    Migration {
        version: 11,
        name: "audit subject",
        sql: include_str!("../migrations/0011_audit_subject.sql"),
    },
    Migration {
        version: 12,
        name: "merges of both records",
        sql: include_str!("../migrations/0012_merges_both_records.sql"),
    },
    Migration {
        version: 13,
        name: "allocations",
        sql: include_str!("../migrations/0013_allocations.sql"),
    },
    Migration {
        version: 14,
        name: "access that lets people work",
        sql: include_str!("../migrations/0014_access_that_lets_people_work.sql"),
    },
    Migration {
        version: 15,
        name: "chronology recorded at",
        sql: include_str!("../migrations/0015_chronology_recorded_at.sql"),
    },
    Migration {
        version: 16,
        name: "child protection",
        sql: include_str!("../migrations/0016_child_protection.sql"),
    },
    Migration {
        version: 17,
        name: "assessments",
        sql: include_str!("../migrations/0017_assessments.sql"),
    },
    Migration {
        version: 18,
        name: "discharge plans",
        sql: include_str!("../migrations/0018_discharge_plans.sql"),
    },
    Migration {
        version: 19,
        name: "caseload limit",
        sql: include_str!("../migrations/0019_caseload_limit.sql"),
    },
];

pub const ACCESS: &[Migration] = &[
    Migration {
        version: 1,
        name: "access records",
        sql: include_str!("../migrations/access_0001.sql"),
    },
    Migration {
        version: 2,
        name: "result lists recorded whole",
        sql: include_str!("../migrations/access_0002.sql"),
    },
];

/// Applies, in order and each in its own transaction, every migration not yet recorded.
pub async fn apply(pool: &SqlitePool, migrations: &[Migration]) -> StoreResult<()> {
    check_order(migrations).map_err(StoreError::Migration)?;
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY KEY, name TEXT NOT NULL)",
    )
    .execute(pool)
    .await
    .map_err(db_err)?;
    let applied: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM schema_migration")
        .fetch_one(pool)
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
        let mut tx = pool.begin().await.map_err(db_err)?;
        sqlx::raw_sql(migration.sql)
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::Migration(format!("{}: {e}", migration.name)))?;
        sqlx::query("INSERT INTO schema_migration (version, name) VALUES (?1, ?2)")
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
        assert!(check_order(MAIN).is_ok());
        assert!(check_order(ACCESS).is_ok());
    }
}
