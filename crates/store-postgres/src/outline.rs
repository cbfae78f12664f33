//! The schema, normalised for comparison with SQLite's (the parity test).
//!
//! `column table.column` for every column of every table, and `index name` for every index
//! created by CREATE INDEX. Indexes that back a primary key or unique constraint are left out,
//! as SQLite's automatic indexes are, and so is the `schema_migration` bookkeeping table.

use journey_store::StoreResult;
use sqlx::PgPool;

use crate::codec::db_err;

pub async fn read(pool: &PgPool) -> StoreResult<Vec<String>> {
    let mut outline: Vec<String> = sqlx::query_scalar(
        "SELECT 'column ' || c.relname || '.' || a.attname \
         FROM pg_class c \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped \
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') \
           AND c.relname <> 'schema_migration' \
         UNION ALL \
         SELECT 'index ' || i.relname \
         FROM pg_index x \
         JOIN pg_class i ON i.oid = x.indexrelid \
         JOIN pg_class t ON t.oid = x.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE n.nspname = current_schema() AND t.relname <> 'schema_migration' \
           AND NOT EXISTS (SELECT 1 FROM pg_constraint k \
                           WHERE k.conindid = x.indexrelid AND k.contype IN ('p', 'u', 'x'))",
    )
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    // Sorted here, by bytes, exactly as SQLite's outline is.
    outline.sort();
    Ok(outline)
}
