//! A child's record as its page shows it, read in one statement.

use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::ids::{EventId, PersonId, StaffId, TeamId};
use journey_domain::person::Sex;
use journey_store::{
    ChildDetails, ChildRecord, ChronologyEntry, CurrentAllocation, RECENT_CHRONOLOGY,
    RelatedPerson, StoreError, StoreResult,
};
use sqlx::PgConnection;

use crate::codec::db_err;
use crate::json_read;

pub type ChronologyRow = (
    i64,
    DateTime<Utc>,
    String,
    String,
    bool,
    String,
    DateTime<Utc>,
);

pub fn chronology_entry(row: ChronologyRow) -> ChronologyEntry {
    let (event, occurred_at, kind, summary, significant, recorded_by, recorded_at) = row;
    ChronologyEntry {
        event: EventId(event),
        occurred_at,
        kind,
        summary,
        significant,
        recorded_by,
        recorded_at,
    }
}

/// The columns of a chronology line, for the queries that read them.
macro_rules! select_chronology {
    ($rest:literal) => {
        concat!(
            "SELECT event_id, occurred_at, kind, summary, significant, recorded_by, recorded_at \
             FROM chronology_entry ",
            $rest
        )
    };
}
pub(crate) use select_chronology;

type AllocationRow = (i64, String, i64, String, NaiveDate);
type PersonRow = (i64, String, String, Option<NaiveDate>, String);
/// The child as `records::ChildRow`.
type ChildRow = (String, String, Option<NaiveDate>, Option<NaiveDate>, String);
/// The child, the current allocation, the reviewing officer, the people related to the child
/// and the recent chronology (each but the officer a JSON column, absent when there is none),
/// and how many chronology lines there are in all.
type RecordRow = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
);

/// Reads the record of `child` as it stands on `today`; `NotFound` unless they are a child.
/// One statement, so one snapshot: the parts agree with each other even while the record is
/// being changed, with no transaction to begin and commit (json_read.rs).
pub async fn load(
    conn: &mut PgConnection,
    child: PersonId,
    today: NaiveDate,
) -> StoreResult<ChildRecord> {
    let (child_row, allocation, reviewing_officer, people, recent, chronology_count): RecordRow =
        sqlx::query_as(
            "SELECT \
             (SELECT json_build_array(given_name, family_name, date_of_birth, expected_date_of_birth, sex) \
              FROM person WHERE id = $1 AND is_child)::text, \
             (SELECT json_build_array(a.worker_id, s.display_name, a.team_id, t.name, a.start_date) \
              FROM allocation a JOIN staff s ON s.id = a.worker_id JOIN team t ON t.id = a.team_id \
              WHERE a.child_id = $1 AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date > $2) \
              ORDER BY a.start_date DESC LIMIT 1)::text, \
             (SELECT s.display_name FROM reviewing_officer_assignment r JOIN staff s ON s.id = r.officer_id \
              WHERE r.child_id = $1 AND r.start_date <= $2 AND (r.end_date IS NULL OR r.end_date > $2) \
              LIMIT 1), \
             (SELECT json_agg(json_build_array(p.id, p.given_name, p.family_name, p.date_of_birth, r.kind) \
                     ORDER BY r.id) \
              FROM person_relationship r JOIN person p ON p.id = r.person_id \
              WHERE r.related_person_id = $1 AND (r.end_date IS NULL OR r.end_date > $2))::text, \
             (SELECT json_agg(json_build_array(event_id, occurred_at, kind, summary, significant, recorded_by, recorded_at) \
                     ORDER BY occurred_at DESC, event_id DESC, ordinal DESC) \
              FROM (SELECT event_id, occurred_at, kind, summary, significant, recorded_by, recorded_at, ordinal \
                    FROM chronology_entry WHERE child_id = $1 \
                    ORDER BY occurred_at DESC, event_id DESC, ordinal DESC LIMIT $3) AS recent)::text, \
             (SELECT COUNT(*) FROM chronology_entry WHERE child_id = $1)",
        )
        .bind(child.0)
        .bind(today)
        .bind(RECENT_CHRONOLOGY)
        .fetch_one(&mut *conn)
        .await
        .map_err(db_err)?;
    let (given_name, family_name, date_of_birth, expected_date_of_birth, sex): ChildRow =
        json_read::decode_opt("the child", child_row)?.ok_or(StoreError::NotFound)?;
    let allocation: Option<AllocationRow> = json_read::decode_opt("the allocation", allocation)?;
    let people: Vec<PersonRow> = json_read::decode_rows("the people", people)?;
    let recent: Vec<ChronologyRow> = json_read::decode_rows("the chronology", recent)?;

    Ok(ChildRecord {
        child: ChildDetails {
            id: child,
            given_name,
            family_name,
            date_of_birth,
            expected_date_of_birth,
            sex: Sex::from_code(&sex).unwrap_or(Sex::NotKnown),
        },
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
