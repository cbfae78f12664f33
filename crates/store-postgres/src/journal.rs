//! The one write path: every change records its audit event, and its chronology entries,
//! inside the transaction that makes the change.

use chrono::{DateTime, Utc};
use journey_domain::access::Relationship;
use journey_domain::ids::{EventId, PersonId};
use journey_store::{Actor, StoreResult};
use sqlx::{PgConnection, Postgres, QueryBuilder};

use crate::codec::{db_err, ordinal};

/// Writes the audit record of a change and returns its event id.
pub async fn audit(
    tx: &mut PgConnection,
    actor: &Actor,
    relationship: Option<Relationship>,
    child: Option<PersonId>,
    action: &str,
) -> StoreResult<EventId> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO audit_event (occurred_at, actor_id, actor_role, relationship, child_id, action, request_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(actor.at)
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

/// One chronology line to write for an event.
pub struct Line<'a> {
    pub child: PersonId,
    pub occurred_at: DateTime<Utc>,
    pub kind: &'a str,
    pub summary: &'a str,
    pub significant: bool,
}

/// How many lines one INSERT carries (8 parameters each, far below PostgreSQL's 65,535).
const LINES_PER_STATEMENT: usize = 500;

/// Writes an event's chronology lines, attributed to the actor, numbered in order: one
/// statement for a change's line or two, a few for an imported history of hundreds.
pub async fn chronology(
    tx: &mut PgConnection,
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
        let mut sql: QueryBuilder<Postgres> = QueryBuilder::new(
            "INSERT INTO chronology_entry (child_id, occurred_at, event_id, ordinal, kind, summary, significant, recorded_by) ",
        );
        sql.push_values(rows, |mut row, (ordinal, line)| {
            row.push_bind(line.child.0)
                .push_bind(line.occurred_at)
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
