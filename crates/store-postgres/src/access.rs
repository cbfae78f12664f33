//! Access records, written before the read that caused them returns.
//!
//! A plain INSERT, committed on its own (autocommit) with `synchronous_commit=on`: when it
//! returns, the record is on disk. No group commit in Journey: PostgreSQL already flushes the
//! WAL of concurrent commits together, so each request pays one commit wait, not one fsync.
//! The records of one call go in one statement, so they are durable together or not at all.

use journey_store::{AccessLogEntry, StoreResult};
use sqlx::{PgPool, Postgres, QueryBuilder};

use crate::codec::db_err;

/// The most records one statement takes (10 parameters each).
const RECORDS_PER_STATEMENT: usize = 1000;

/// Writes the records durably; returns once they are committed.
pub async fn write(pool: &PgPool, records: &[AccessLogEntry]) -> StoreResult<()> {
    match records.len() {
        0 => Ok(()),
        n if n <= RECORDS_PER_STATEMENT => insert(pool, records).await,
        _ => {
            // Rare: one transaction keeps them all-or-nothing.
            let mut tx = pool.begin().await.map_err(db_err)?;
            for chunk in records.chunks(RECORDS_PER_STATEMENT) {
                statement(chunk)
                    .build()
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
            }
            tx.commit().await.map_err(db_err)
        }
    }
}

async fn insert(pool: &PgPool, records: &[AccessLogEntry]) -> StoreResult<()> {
    statement(records)
        .build()
        .execute(pool)
        .await
        .map_err(db_err)?;
    Ok(())
}

fn statement(records: &[AccessLogEntry]) -> QueryBuilder<Postgres> {
    let mut sql: QueryBuilder<Postgres> = QueryBuilder::new(
        "INSERT INTO access_record (occurred_at, staff_id, staff_name, role, relationship, \
         child_id, kind, detail, request_id, people_shown) ",
    );
    sql.push_values(records, |mut row, record| {
        row.push_bind(record.occurred_at)
            .push_bind(record.staff.map(|s| s.0))
            .push_bind(record.staff_name.as_str())
            .push_bind(record.role.as_str())
            .push_bind(record.relationship.map(|r| r.code()))
            .push_bind(record.child.map(|c| c.0))
            .push_bind(record.kind.code())
            .push_bind(record.stored_detail().into_owned())
            .push_bind(record.request_id.as_str())
            // NULL for records that are not a result list.
            .push_bind(
                record
                    .kind
                    .is_list()
                    .then(|| record.people_shown.iter().map(|p| p.0).collect::<Vec<_>>()),
            );
    });
    sql
}
