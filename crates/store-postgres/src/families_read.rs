//! Reading families: relationships from both sides, the household, the family history panel
//! and the merges of a record.

use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::families::history::{family_history_kinds, family_history_label};
use journey_domain::ids::PersonId;
use journey_domain::person::Sex;
use journey_store::{
    FamilyHistoryEvent, FamilyOpenCase, HouseholdMember, MergeRecord, MergedInto, RelationshipRow,
    StoreError, StoreResult,
};
use sqlx::{PgConnection, Postgres, QueryBuilder};

use crate::codec::db_err;

mod related;
pub use related::related_person;

type TieRow = (
    i64,
    i64,
    String,
    String,
    Option<NaiveDate>,
    String,
    bool,
    String,
    Option<NaiveDate>,
    Option<NaiveDate>,
);

/// Every relationship of the child's, recorded on either side, oldest first.
pub async fn ties(conn: &mut PgConnection, child: PersonId) -> StoreResult<Vec<RelationshipRow>> {
    let mut all = Vec::new();
    for (sql, child_side) in [
        (
            "SELECT r.id, p.id, p.given_name, p.family_name, p.date_of_birth, p.sex, p.is_child, r.kind, \
             r.start_date, r.end_date FROM person_relationship r JOIN person p ON p.id = r.person_id \
             WHERE r.related_person_id = $1 ORDER BY r.id",
            true,
        ),
        (
            "SELECT r.id, p.id, p.given_name, p.family_name, p.date_of_birth, p.sex, p.is_child, r.kind, \
             r.start_date, r.end_date FROM person_relationship r JOIN person p ON p.id = r.related_person_id \
             WHERE r.person_id = $1 ORDER BY r.id",
            false,
        ),
    ] {
        let rows: Vec<TieRow> = sqlx::query_as(sql)
            .bind(child.0)
            .fetch_all(&mut *conn)
            .await
            .map_err(db_err)?;
        for (id, other, given_name, family_name, born, sex, is_child, kind, start, end) in rows {
            all.push(RelationshipRow {
                id,
                other: PersonId(other),
                given_name,
                family_name,
                date_of_birth: born,
                sex: Sex::from_code(&sex).unwrap_or(Sex::NotKnown),
                is_child,
                kind,
                start,
                end,
                child_side,
            });
        }
    }
    all.sort_by_key(|t| t.id);
    Ok(all)
}

type HouseholdRow = (
    i64,
    i64,
    String,
    String,
    Option<NaiveDate>,
    NaiveDate,
    Option<NaiveDate>,
);

/// Who the child has lived with: (current, former).
pub async fn household(
    conn: &mut PgConnection,
    child: PersonId,
    today: chrono::NaiveDate,
    ties: &[RelationshipRow],
) -> StoreResult<(Vec<HouseholdMember>, Vec<HouseholdMember>)> {
    let rows: Vec<HouseholdRow> = sqlx::query_as(
        "SELECT h.id, p.id, p.given_name, p.family_name, p.date_of_birth, h.start_date, h.end_date \
         FROM household_member h JOIN person p ON p.id = h.person_id WHERE h.child_id = $1 \
         ORDER BY h.start_date, h.id",
    )
    .bind(child.0)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    let mut current = Vec::new();
    let mut former = Vec::new();
    for (id, person, given_name, family_name, born, start, end) in rows {
        let member = HouseholdMember {
            membership_id: id,
            person: PersonId(person),
            given_name,
            family_name,
            date_of_birth: born,
            word: ties
                .iter()
                .find(|t| t.other.0 == person && t.is_current(today))
                .map(RelationshipRow::word),
            start,
            end,
        };
        if member.end.is_none_or(|end| end > today) {
            current.push(member);
        } else {
            former.push(member);
        }
    }
    Ok((current, former))
}

/// (parent, their child, the child's name) for each mother or father of the child.
pub async fn parents_children(
    conn: &mut PgConnection,
    ties: &[RelationshipRow],
) -> StoreResult<Vec<(PersonId, PersonId, String)>> {
    let parents: Vec<i64> = ties
        .iter()
        .filter(|t| t.child_side && matches!(t.kind.as_str(), "mother" | "father"))
        .map(|t| t.other.0)
        .collect();
    if parents.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql: QueryBuilder<Postgres> = QueryBuilder::new(
        "SELECT r.person_id, p.id, p.given_name || ' ' || p.family_name FROM person_relationship r \
         JOIN person p ON p.id = r.related_person_id WHERE r.kind IN ('mother', 'father') \
         AND p.merged_into_id IS NULL AND r.person_id IN (",
    );
    let mut list = sql.separated(", ");
    for parent in parents {
        list.push_bind(parent);
    }
    sql.push(") ORDER BY p.id");
    let rows: Vec<(i64, i64, String)> = sql
        .build_query_as()
        .fetch_all(&mut *conn)
        .await
        .map_err(db_err)?;
    Ok(rows
        .into_iter()
        .map(|(parent, child, name)| (PersonId(parent), PersonId(child), name))
        .collect())
}

/// The serious events and open cases of the people in the family circle.
pub async fn circle_history(
    conn: &mut PgConnection,
    circle: &[(PersonId, String, String)],
    today: chrono::NaiveDate,
) -> StoreResult<(Vec<FamilyHistoryEvent>, Vec<FamilyOpenCase>)> {
    if circle.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let mut sql: QueryBuilder<Postgres> = QueryBuilder::new(
        "SELECT child_id, occurred_at, kind, summary FROM chronology_entry WHERE child_id IN (",
    );
    let mut ids = sql.separated(", ");
    for (id, _, _) in circle {
        ids.push_bind(id.0);
    }
    sql.push(") AND kind IN (");
    let mut kinds = sql.separated(", ");
    for kind in family_history_kinds() {
        kinds.push_bind(kind);
    }
    sql.push(") ORDER BY occurred_at, event_id, ordinal");
    let rows: Vec<(i64, DateTime<Utc>, String, String)> = sql
        .build_query_as()
        .fetch_all(&mut *conn)
        .await
        .map_err(db_err)?;
    let who = |id: i64| circle.iter().find(|(p, _, _)| p.0 == id);
    let mut events = Vec::new();
    for (child, occurred_at, kind, summary) in rows {
        let Some((person, name, connection)) = who(child) else {
            continue;
        };
        events.push(FamilyHistoryEvent {
            person: *person,
            name: name.clone(),
            connection: connection.clone(),
            occurred_at,
            label: family_history_label(&kind).unwrap_or("Event").to_owned(),
            kind,
            summary,
        });
    }
    let mut sql: QueryBuilder<Postgres> = QueryBuilder::new(
        "SELECT a.child_id, t.name, a.start_date FROM allocation a JOIN team t ON t.id = a.team_id \
         WHERE a.start_date <= ",
    );
    sql.push_bind(today)
        .push(" AND (a.end_date IS NULL OR a.end_date > ")
        .push_bind(today)
        .push(") AND a.child_id IN (");
    let mut ids = sql.separated(", ");
    for (id, _, _) in circle {
        ids.push_bind(id.0);
    }
    sql.push(") ORDER BY a.child_id");
    let rows: Vec<(i64, String, NaiveDate)> = sql
        .build_query_as()
        .fetch_all(&mut *conn)
        .await
        .map_err(db_err)?;
    let mut open = Vec::new();
    for (child, team_name, since) in rows {
        if let Some((person, name, connection)) = who(child) {
            open.push(FamilyOpenCase {
                person: *person,
                name: name.clone(),
                connection: connection.clone(),
                team_name,
                since,
            });
        }
    }
    Ok((events, open))
}

pub async fn merged_into(
    conn: &mut PgConnection,
    child: PersonId,
) -> StoreResult<Option<MergedInto>> {
    let row: Option<(i64, String, DateTime<Utc>)> = sqlx::query_as(
        "SELECT s.id, s.given_name || ' ' || s.family_name, m.merged_at FROM person p \
         JOIN person s ON s.id = p.merged_into_id \
         JOIN person_merge m ON m.merged_id = p.id AND m.survivor_id = s.id AND m.undone_at IS NULL \
         WHERE p.id = $1 ORDER BY m.id DESC LIMIT 1",
    )
    .bind(child.0)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_err)?;
    row.map(|(survivor, name, at)| {
        Ok(MergedInto {
            survivor: PersonId(survivor),
            name,
            merged_at: at,
        })
    })
    .transpose()
}

type MergeRow = (
    i64,
    i64,
    i64,
    String,
    String,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
);

pub async fn merges(conn: &mut PgConnection, person: PersonId) -> StoreResult<Vec<MergeRecord>> {
    let rows: Vec<MergeRow> = sqlx::query_as(
        "SELECT m.id, m.survivor_id, m.merged_id, p.given_name || ' ' || p.family_name, m.reason, \
         m.merged_at, m.undone_at FROM person_merge m JOIN person p ON p.id = m.merged_id \
         WHERE m.survivor_id = $1 OR m.merged_id = $1 ORDER BY m.id DESC",
    )
    .bind(person.0)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    rows.into_iter()
        .map(|(id, survivor, merged, merged_name, reason, at, undone)| {
            Ok(MergeRecord {
                id,
                survivor: PersonId(survivor),
                merged: PersonId(merged),
                merged_name,
                reason,
                merged_at: at,
                undone_at: undone,
            })
        })
        .collect()
}

/// The child's given name and sex, for wording; `NotFound` unless a child's record.
pub async fn child_name(conn: &mut PgConnection, child: PersonId) -> StoreResult<(String, String)> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT given_name, family_name FROM person WHERE id = $1 AND is_child")
            .bind(child.0)
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_err)?;
    row.ok_or(StoreError::NotFound)
}
