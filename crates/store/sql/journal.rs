// The one write path, written once for both databases: `include!`d by each backend's
// `journal.rs`, where `SqlStore`, `Database`, `Conn`, `ts` and `db_err` are that backend's
// (see its `dialect.rs`).
//
// Every write runs in a `Journal`: one transaction holding the change, the audit record and
// the chronology entries of its event. `Journal::record` is the only place an audit record is
// written, and a journal that recorded no event refuses to commit, so no change is saved
// without one. Dropping a journal (an error, or a caller that stops waiting) rolls it all back.

use std::ops::{Deref, DerefMut};

use chrono::{DateTime, Utc};
use journey_domain::access::Relationship;
use journey_domain::ids::{EventId, PersonId};
use journey_store::{Actor, StoreError, StoreResult};
use sqlx::QueryBuilder;

/// One chronology line of an event: the record it is on, when it happened (which may be long
/// before it was recorded: the event's own date, which the chronology is sorted and filtered
/// by), and its wording. When it was recorded, and by whom, is the event's actor's.
pub(crate) struct Line<'a> {
    pub child: PersonId,
    pub occurred_at: DateTime<Utc>,
    pub kind: &'a str,
    pub summary: &'a str,
    pub significant: bool,
}

/// What happened, for the audit record and the chronology: who did it, through which
/// relationship, to whose record, and the lines the chronology shows.
pub(crate) struct Event<'a> {
    pub actor: &'a Actor,
    pub relationship: Option<Relationship>,
    pub child: Option<PersonId>,
    pub action: &'a str,
    /// Whom or what an event about no child concerns, in words: the account disabled, the
    /// username a sign-in tried.
    pub subject: Option<&'a str>,
    pub lines: &'a [Line<'a>],
}

/// A write in progress: one transaction, committed with its events or not at all.
pub(crate) struct Journal {
    tx: sqlx::Transaction<'static, Database>,
    events: usize,
}

impl SqlStore {
    /// Starts a write.
    pub(crate) async fn journal(&self) -> StoreResult<Journal> {
        Ok(Journal {
            tx: self.begin().await?,
            events: 0,
        })
    }
}

/// How many lines one INSERT carries (9 parameters each: within both databases' limits).
const LINES_PER_STATEMENT: usize = 500;

impl Journal {
    /// Writes the event's audit record and its chronology lines, which carry the audit
    /// record's id, so the chronology is never typed twice and never lacks its audit record.
    pub(crate) async fn record(&mut self, event: Event<'_>) -> StoreResult<EventId> {
        let actor = event.actor;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO audit_event (occurred_at, actor_id, actor_role, relationship, child_id, action, request_id, subject) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(ts(actor.at))
        .bind(actor.staff_id().map(|s| s.0))
        .bind(actor.role_code())
        .bind(event.relationship.map(|r| r.code()))
        .bind(event.child.map(|c| c.0))
        .bind(event.action)
        .bind(&actor.request_id)
        .bind(event.subject)
        .fetch_one(&mut *self.tx)
        .await
        .map_err(db_err)?;
        let recorded_by = actor.display_name();
        for (chunk_index, chunk) in event.lines.chunks(LINES_PER_STATEMENT).enumerate() {
            let first = chunk_index * LINES_PER_STATEMENT;
            let mut sql: QueryBuilder<Database> = QueryBuilder::new(
                "INSERT INTO chronology_entry (child_id, occurred_at, event_id, ordinal, kind, summary, significant, recorded_by, recorded_at) ",
            );
            let mut rows = Vec::with_capacity(chunk.len());
            for (i, line) in chunk.iter().enumerate() {
                rows.push((ordinal(first + i)?, line));
            }
            sql.push_values(rows, |mut row, (ordinal, line)| {
                row.push_bind(line.child.0)
                    .push_bind(ts(line.occurred_at))
                    .push_bind(id)
                    .push_bind(ordinal)
                    .push_bind(line.kind)
                    .push_bind(line.summary)
                    .push_bind(line.significant)
                    .push_bind(recorded_by)
                    .push_bind(ts(actor.at));
            });
            sql.build().execute(&mut *self.tx).await.map_err(db_err)?;
        }
        self.events += 1;
        Ok(EventId(id))
    }

    /// Commits the change with its events. A journal with no event is refused: every change
    /// has its audit record.
    pub(crate) async fn commit(self) -> StoreResult<()> {
        if self.events == 0 {
            return Err(StoreError::Database(
                "a write was about to be saved without its audit record".into(),
            ));
        }
        self.tx.commit().await.map_err(db_err)
    }
}

/// A chronology line's position within its event, as the `integer` column holds it.
fn ordinal(index: usize) -> StoreResult<i32> {
    i32::try_from(index).map_err(|_| {
        StoreError::Database(format!("too many chronology lines in one event: {index}"))
    })
}

impl Deref for Journal {
    type Target = Conn;

    fn deref(&self) -> &Conn {
        &self.tx
    }
}

impl DerefMut for Journal {
    fn deref_mut(&mut self) -> &mut Conn {
        &mut self.tx
    }
}
