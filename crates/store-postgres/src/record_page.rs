//! A child's record as its page shows it, read from one snapshot.

use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::ids::{EventId, PersonId, StaffId, TeamId};
use journey_store::{
    ChildRecord, ChronologyEntry, CurrentAllocation, RECENT_CHRONOLOGY, RelatedPerson, StoreResult,
};
use sqlx::PgPool;

use crate::codec::db_err;
use crate::records::child_details;

pub type ChronologyRow = (i64, DateTime<Utc>, String, String, bool, String);

pub fn chronology_entry(row: ChronologyRow) -> ChronologyEntry {
    let (event, occurred_at, kind, summary, significant, recorded_by) = row;
    ChronologyEntry {
        event: EventId(event),
        occurred_at,
        kind,
        summary,
        significant,
        recorded_by,
    }
}

/// The columns of a chronology line, for the queries that read them.
macro_rules! select_chronology {
    ($rest:literal) => {
        concat!(
            "SELECT event_id, occurred_at, kind, summary, significant, recorded_by \
             FROM chronology_entry ",
            $rest
        )
    };
}
pub(crate) use select_chronology;

type AllocationRow = (i64, String, i64, String, NaiveDate);
type PersonRow = (i64, String, String, Option<NaiveDate>, String);

/// Reads the record of `child` as it stands on `today`; `NotFound` unless they are a child.
/// One read-only transaction at REPEATABLE READ, so the parts agree with each other even while
/// the record is being changed.
pub async fn load(pool: &PgPool, child: PersonId, today: NaiveDate) -> StoreResult<ChildRecord> {
    let mut tx = pool
        .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .await
        .map_err(db_err)?;
    let child_details = child_details(&mut tx, child).await?;
    let allocation: Option<AllocationRow> = sqlx::query_as(
        "SELECT a.worker_id, s.display_name, a.team_id, t.name, a.start_date \
         FROM allocation a JOIN staff s ON s.id = a.worker_id JOIN team t ON t.id = a.team_id \
         WHERE a.child_id = $1 AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date > $2) \
         ORDER BY a.start_date DESC LIMIT 1",
    )
    .bind(child.0)
    .bind(today)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?;
    let reviewing_officer: Option<String> = sqlx::query_scalar(
        "SELECT s.display_name FROM reviewing_officer_assignment r JOIN staff s ON s.id = r.officer_id \
         WHERE r.child_id = $1 AND r.start_date <= $2 AND (r.end_date IS NULL OR r.end_date > $2) LIMIT 1",
    )
    .bind(child.0)
    .bind(today)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?;
    let people: Vec<PersonRow> = sqlx::query_as(
        "SELECT p.id, p.given_name, p.family_name, p.date_of_birth, r.kind \
         FROM person_relationship r JOIN person p ON p.id = r.person_id \
         WHERE r.related_person_id = $1 AND (r.end_date IS NULL OR r.end_date > $2) ORDER BY r.id",
    )
    .bind(child.0)
    .bind(today)
    .fetch_all(&mut *tx)
    .await
    .map_err(db_err)?;
    let recent: Vec<ChronologyRow> = sqlx::query_as(select_chronology!(
        "WHERE child_id = $1 ORDER BY occurred_at DESC, event_id DESC, ordinal DESC LIMIT $2"
    ))
    .bind(child.0)
    .bind(RECENT_CHRONOLOGY)
    .fetch_all(&mut *tx)
    .await
    .map_err(db_err)?;
    let shown = i64::try_from(recent.len()).unwrap_or(i64::MAX);
    let chronology_count: i64 = if shown < RECENT_CHRONOLOGY {
        shown
    } else {
        sqlx::query_scalar("SELECT COUNT(*) FROM chronology_entry WHERE child_id = $1")
            .bind(child.0)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?
    };
    tx.commit().await.map_err(db_err)?;

    Ok(ChildRecord {
        child: child_details,
        allocation: allocation.map(|(worker, worker_name, team, team_name, from)| {
            CurrentAllocation {
                worker: StaffId(worker),
                worker_name,
                team: TeamId(team),
                team_name,
                from,
            }
        }),
        reviewing_officer,
        people: people
            .into_iter()
            .map(
                |(id, given_name, family_name, date_of_birth, relationship)| RelatedPerson {
                    id: PersonId(id),
                    given_name,
                    family_name,
                    date_of_birth,
                    relationship,
                },
            )
            .collect(),
        recent_chronology: recent.into_iter().map(chronology_entry).collect(),
        chronology_count,
    })
}
