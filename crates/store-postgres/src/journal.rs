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
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
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



/// Writes an event's chronology lines, attributed to the actor, numbered in order: one
/// statement for a change's line or two, a few for an imported history of hundreds.
pub async fn chronology(
    tx: &mut Conn,
    event: EventId,
    recorded_by: &str,
    lines: &[Line<'_>],
) -> StoreResult<()> {
    for (chunk_index, chunk) in lines.chunks(LINES_PER_STATEMENT).enumerate() {
        let first = chunk_index * LINES_PER_STATEMENT;
        let mut rows = Vec::with_capacity(chunk.len());
        for (i, line) in chunk.iter().enumerate() {
            rows.push((ordinal(first + i)?, line));
        }
        let mut sql: QueryBuilder<Database> = QueryBuilder::new(
            "INSERT INTO chronology_entry (child_id, occurred_at, event_id, ordinal, kind, summary, significant, recorded_by) ",
        );
        sql.push_values(rows, |mut row, (ordinal, line)| {
            row.push_bind(line.child.0)
                .push_bind(ts(line.occurred_at))
                .push_bind(event.0)
                .push_bind(ordinal)
                .push_bind(line.kind)
                .push_bind(line.summary)
                .push_bind(line.significant)
                .push_bind(recorded_by);
        });
        sql.build().execute(&mut *tx).await.map_err(db_err)?;
    }
    Ok(())
}
