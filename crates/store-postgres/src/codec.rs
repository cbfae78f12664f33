//! Database errors, told apart where the user can act on them. (PostgreSQL's own types carry
//! timestamps, dates and flags, so there is nothing else to convert.)

use journey_store::StoreError;

pub fn db_err(e: sqlx::Error) -> StoreError {
    StoreError::Database(e.to_string())
}

/// True when the error is a UNIQUE constraint violation (to report at the field).
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

pub fn is_foreign_key_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_foreign_key_violation())
}
