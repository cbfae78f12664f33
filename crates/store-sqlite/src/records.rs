//! Children's records (written once for both databases in `crates/store/sql/records.rs`), and
//! SQLite's own hot reads: the record page, the full chronology and search.

use crate::dialect::*;

include!("../../store/sql/records.rs");

use journey_store::{CurrentAllocation, RECENT_CHRONOLOGY, RelatedPerson};

use crate::codec::{date, parse_date, parse_opt_date, parse_ts};
use crate::json_read;

/// given name, family name, date of birth, expected date of birth, sex, as the JSON holds them
type ChildJson = (String, String, Option<String>, Option<String>, String);

/// The current allocation (worker, name, team, name, from) and reviewing officer, if any.
type AllocationRow = (
    Option<i64>,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
);

type ChronologyRow = (i64, String, String, String, bool, String, String);
/// The record page's read: child, allocation, people and recent chronology as JSON, and the count.
type RecordRow = (Option<String>, String, String, String, i64);

fn chronology_entry(row: ChronologyRow) -> StoreResult<ChronologyEntry> {
    let (event, occurred_at, kind, summary, significant, recorded_by, recorded_at) = row;
    Ok(ChronologyEntry {
        event: EventId(event),
        occurred_at: parse_ts(&occurred_at)?,
        kind,
        summary,
        significant,
        recorded_by,
        recorded_at: parse_ts(&recorded_at)?,
    })
}

impl SqlStore {
    /// The record page of `child` as it stands on `today`.
    pub(crate) async fn read_record_page(
        &self,
        child: PersonId,
        today: NaiveDate,
    ) -> StoreResult<ChildRecord> {
        let today = date(today);
        // The whole record in one statement, each part one JSON column (json_read.rs). The
        // chronology is aggregated in its subquery's order, which SQLite keeps: it never
        // flattens an ordered subquery into an aggregate.
        let (child_json, allocation, people, recent, chronology_count): RecordRow = sqlx::query_as(
            "SELECT \
             (SELECT json_array(given_name, family_name, date_of_birth, expected_date_of_birth, sex) \
              FROM person WHERE id = ?1 AND is_child = 1), \
             (SELECT json_array(a.worker_id, s.display_name, a.team_id, t.name, a.start_date, ro.display_name) \
              FROM (SELECT 1) AS one \
              LEFT JOIN (SELECT worker_id, team_id, start_date FROM allocation \
                         WHERE child_id = ?1 AND start_date <= ?2 AND (end_date IS NULL OR end_date > ?2) \
                         ORDER BY start_date DESC LIMIT 1) AS a ON 1 \
              LEFT JOIN staff s ON s.id = a.worker_id \
              LEFT JOIN team t ON t.id = a.team_id \
              LEFT JOIN (SELECT s.display_name FROM reviewing_officer_assignment r \
                         JOIN staff s ON s.id = r.officer_id \
                         WHERE r.child_id = ?1 AND r.start_date <= ?2 AND (r.end_date IS NULL OR r.end_date > ?2) \
                         LIMIT 1) AS ro ON 1), \
             (SELECT json_group_array(json_array(p.id, p.given_name, p.family_name, p.date_of_birth, r.kind) ORDER BY r.id) \
              FROM person_relationship r JOIN person p ON p.id = r.person_id \
              WHERE r.related_person_id = ?1 AND (r.end_date IS NULL OR r.end_date > ?2)), \
             (SELECT json_group_array(json_array(event_id, occurred_at, kind, summary, json(iif(significant, 'true', 'false')), recorded_by, recorded_at)) \
              FROM (SELECT event_id, occurred_at, kind, summary, significant, recorded_by, recorded_at, ordinal \
                    FROM chronology_entry WHERE child_id = ?1 \
                    ORDER BY occurred_at DESC, event_id DESC, ordinal DESC LIMIT +?3)), \
             (SELECT COUNT(*) FROM chronology_entry WHERE child_id = ?1)",
        )
        .bind(child.0)
        .bind(&today)
        .bind(RECENT_CHRONOLOGY)
        .fetch_one(&mut *self.read().await?)
        .await
        .map_err(db_err)?;
        let (given_name, family_name, born, expected, sex): ChildJson =
            json_read::decode("the child", &child_json.ok_or(StoreError::NotFound)?)?;
        let (worker, worker_name, team, team_name, from, reviewing_officer): AllocationRow =
            json_read::decode("the allocation", &allocation)?;
        let allocation = match (worker, worker_name, team, team_name, from) {
            (Some(worker), Some(worker_name), Some(team), Some(team_name), Some(from)) => {
                Some(CurrentAllocation {
                    worker: StaffId(worker),
                    worker_name,
                    team: TeamId(team),
                    team_name,
                    from: parse_date(&from)?,
                })
            }
            _ => None,
        };
        let people: Vec<(i64, String, String, Option<String>, String)> =
            json_read::decode("the people", &people)?;
        let recent: Vec<ChronologyRow> = json_read::decode("the chronology", &recent)?;

        Ok(ChildRecord {
            child: ChildDetails {
                id: child,
                given_name,
                family_name,
                date_of_birth: parse_opt_date(born)?,
                expected_date_of_birth: parse_opt_date(expected)?,
                sex: Sex::from_code(&sex).unwrap_or(Sex::NotKnown),
            },
            allocation,
            reviewing_officer,
            people: people
                .into_iter()
                .map(|(id, given_name, family_name, born, relationship)| {
                    Ok(RelatedPerson {
                        id: PersonId(id),
                        given_name,
                        family_name,
                        date_of_birth: parse_opt_date(born)?,
                        relationship,
                    })
                })
                .collect::<StoreResult<_>>()?,
            recent_chronology: recent
                .into_iter()
                .map(chronology_entry)
                .collect::<StoreResult<_>>()?,
            chronology_count,
        })
    }

    /// Every chronology line of `child`, oldest first.
    pub(crate) async fn read_full_chronology(
        &self,
        child: PersonId,
    ) -> StoreResult<Vec<ChronologyEntry>> {
        // One JSON row rather than hundreds of rows handed across threads (json_read.rs).
        let text: String = sqlx::query_scalar(
            "SELECT json_group_array(json_array(event_id, occurred_at, kind, summary, json(iif(significant, 'true', 'false')), recorded_by, recorded_at)) \
             FROM (SELECT * FROM chronology_entry WHERE child_id = ?1 ORDER BY occurred_at, event_id, ordinal)",
        )
        .bind(child.0)
        .fetch_one(&mut *self.read().await?)
        .await
        .map_err(db_err)?;
        let rows: Vec<ChronologyRow> = json_read::decode("the chronology", &text)?;
        rows.into_iter().map(chronology_entry).collect()
    }

    /// The people a search finds (`families_search.rs`).
    pub(crate) async fn find_people(&self, query: &PersonQuery) -> StoreResult<Vec<SearchHit>> {
        crate::families_search::search(&mut *self.read().await?, query).await
    }
}
