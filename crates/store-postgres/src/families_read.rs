//! Reading families (written once for both databases in `crates/store/sql/families_read.rs`);
//! below, the family page's and the record page's family panel reads, which SQLite makes one
//! JSON statement each and PostgreSQL, with no per-row hand-off to save, keeps plain.

use crate::dialect::*;

include!("../../store/sql/families_read.rs");

mod related;
pub use related::related_person;

use journey_domain::families::history::{family_history_kinds, family_history_label};
use journey_store::{FamilyHistoryEvent, FamilyOpenCase};
use sqlx::QueryBuilder;

/// The family page's reads: the child's relationships and household (current, former).
pub async fn family_basics(
    conn: &mut Conn,
    child: PersonId,
    today: NaiveDate,
) -> StoreResult<(
    Vec<RelationshipRow>,
    Vec<HouseholdMember>,
    Vec<HouseholdMember>,
)> {
    let ties = ties(conn, child).await?;
    let (household, former) = household(conn, child, today, &ties).await?;
    Ok((ties, household, former))
}

/// The family panel's reads about the child alone.
pub async fn panel_basics(
    conn: &mut Conn,
    child: PersonId,
    today: NaiveDate,
) -> StoreResult<PanelBasics> {
    let ties = ties(conn, child).await?;
    let parents_children = parents_children(conn, &ties).await?;
    let (household, _) = household(conn, child, today, &ties).await?;
    let merged_into = merged_into(conn, child).await?;
    Ok(PanelBasics {
        ties,
        parents_children,
        household,
        merged_into,
    })
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
async fn household(
    conn: &mut Conn,
    child: PersonId,
    today: NaiveDate,
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
async fn parents_children(
    conn: &mut Conn,
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
    let mut sql: QueryBuilder<Database> = QueryBuilder::new(
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
    conn: &mut Conn,
    circle: &[(PersonId, String, String)],
    today: NaiveDate,
) -> StoreResult<(Vec<FamilyHistoryEvent>, Vec<FamilyOpenCase>)> {
    if circle.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let mut sql: QueryBuilder<Database> = QueryBuilder::new(
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
    let mut sql: QueryBuilder<Database> = QueryBuilder::new(
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

/// The record the child's was merged into, if it was and the merge stands.
async fn merged_into(conn: &mut Conn, child: PersonId) -> StoreResult<Option<MergedInto>> {
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
    Ok(row.map(|(survivor, name, merged_at)| MergedInto {
        survivor: PersonId(survivor),
        name,
        merged_at,
    }))
}
