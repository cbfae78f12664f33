//! The one write path (written once for both databases in `crates/store/sql/journal.rs`).
//!
//! `audit` and `chronology` below are the old way in, kept only until every capability writes
//! through `Journal`.

use crate::dialect::*;

include!("../../store/sql/journal.rs");



/// Writes the audit record of a change and returns its event id.
pub async fn audit(
    tx: &mut Conn,
    actor: &Actor,
    relationship: Option<Relationship>,
    child: Option<PersonId>,
    action: &str,
) -> StoreResult<EventId> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO audit_event (occurred_at, actor_id, actor_role, relationship, child_id, action, request_id) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
    )
    .bind(ts(actor.at))
    .bind(actor.staff_id().map(|s| s.0))
    .bind(actor.role_code())
    .bind(relationship.map(|r| r.code()))
    .bind(child.map(|c| c.0))
    .bind(action)
    .bind(&actor.request_id)
    .fetch_one(&mut *tx)
    .await
    .map_err(db_err)?;
    Ok(EventId(id))
}

/// Writes an event's chronology lines, attributed to the actor.
pub async fn chronology(
    tx: &mut Conn,
    event: EventId,
    recorded_by: &str,
    lines: &[Line<'_>],
) -> StoreResult<()> {
    for (ordinal, line) in lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO chronology_entry (child_id, occurred_at, event_id, ordinal, kind, summary, significant, recorded_by) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .bind(line.child.0)
        .bind(ts(line.occurred_at))
        .bind(event.0)
        .bind(ordinal as i64)
        .bind(line.kind)
        .bind(line.summary)
        .bind(line.significant)
        .bind(recorded_by)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    }
    Ok(())
}
