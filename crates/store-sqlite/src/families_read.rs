//! Reading families (written once for both databases in `crates/store/sql/families_read.rs`);
//! below, the family page's and the record page's family panel reads, each one statement that
//! builds JSON (json_read.rs): measured on the record page.

use crate::dialect::*;

include!("../../store/sql/families_read.rs");

mod related;
pub use related::related_person;

use journey_domain::families::history::{family_history_kinds, family_history_label};
use journey_store::{FamilyHistoryEvent, FamilyOpenCase, FamilyPanel, family_circle};
use sqlx::QueryBuilder;

use crate::codec::{date, parse_date, parse_opt_date, parse_ts};
use crate::json_read;

/// What the record page's family panel reads about the child alone (`panel_basics`): the
/// relationships, the other children of the child's mother and father, who the child lives
/// with now, and any merge into another record.
pub struct PanelBasics {
    pub ties: Vec<RelationshipRow>,
    pub parents_children: Vec<(PersonId, PersonId, String)>,
    pub household: Vec<HouseholdMember>,
    pub merged_into: Option<MergedInto>,
}

/// A relationship as the JSON statements return it.
type TieJson = (
    i64,
    i64,
    String,
    String,
    Option<String>,
    String,
    bool,
    String,
    Option<String>,
    Option<String>,
);

fn tie(row: TieJson, child_side: bool) -> StoreResult<RelationshipRow> {
    let (id, other, given_name, family_name, born, sex, is_child, kind, start, end) = row;
    Ok(RelationshipRow {
        id,
        other: PersonId(other),
        given_name,
        family_name,
        date_of_birth: parse_opt_date(born)?,
        sex: Sex::from_code(&sex).unwrap_or(Sex::NotKnown),
        is_child,
        kind,
        start: parse_opt_date(start)?,
        end: parse_opt_date(end)?,
        child_side,
    })
}

type HouseholdRow = (
    i64,
    i64,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
);

/// Splits household rows into (current, former), worded by the child's relationships.
fn household_from(
    rows: Vec<HouseholdRow>,
    today: NaiveDate,
    ties: &[RelationshipRow],
) -> StoreResult<(Vec<HouseholdMember>, Vec<HouseholdMember>)> {
    let mut current = Vec::new();
    let mut former = Vec::new();
    for (id, person, given_name, family_name, born, start, end) in rows {
        let member = HouseholdMember {
            membership_id: id,
            person: PersonId(person),
            given_name,
            family_name,
            date_of_birth: parse_opt_date(born)?,
            word: ties
                .iter()
                .find(|t| t.other.0 == person && t.is_current(today))
                .map(RelationshipRow::word),
            start: parse_date(&start)?,
            end: parse_opt_date(end)?,
        };
        if member.end.is_none_or(|end| end > today) {
            current.push(member);
        } else {
            former.push(member);
        }
    }
    Ok((current, former))
}

/// The record page's family panel: what depends on the child alone, then the history of the
/// circle it names.
pub async fn family_panel(
    conn: &mut Conn,
    child: PersonId,
    today: NaiveDate,
) -> StoreResult<FamilyPanel> {
    let basics = panel_basics(conn, child, today).await?;
    let circle = family_circle(child, &basics.ties, &basics.parents_children);
    let (history, open_cases) = circle_history(conn, &circle, today).await?;
    Ok(FamilyPanel {
        history,
        open_cases,
        household: basics.household,
        merged_into: basics.merged_into,
    })
}

/// The serious events and open cases of the people in the family circle.
async fn circle_history(
    conn: &mut Conn,
    circle: &[(PersonId, String, String)],
    today: NaiveDate,
) -> StoreResult<(Vec<FamilyHistoryEvent>, Vec<FamilyOpenCase>)> {
    if circle.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    // The serious events and the open cases in one statement (json_read.rs).
    let mut sql: QueryBuilder<Database> = QueryBuilder::new(
        "SELECT (SELECT json_group_array(json_array(child_id, occurred_at, kind, summary) \
         ORDER BY occurred_at, event_id, ordinal) FROM chronology_entry WHERE child_id IN (",
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
    sql.push(")), (SELECT json_group_array(json_array(a.child_id, t.name, a.start_date) ORDER BY a.child_id) \
         FROM allocation a JOIN team t ON t.id = a.team_id WHERE a.start_date <= ");
    sql.push_bind(date(today))
        .push(" AND (a.end_date IS NULL OR a.end_date > ")
        .push_bind(date(today))
        .push(") AND a.child_id IN (");
    let mut ids = sql.separated(", ");
    for (id, _, _) in circle {
        ids.push_bind(id.0);
    }
    sql.push("))");
    let (events, open): (String, String) = sql
        .build_query_as()
        .fetch_one(&mut *conn)
        .await
        .map_err(db_err)?;
    let rows: Vec<(i64, String, String, String)> =
        json_read::decode("the family's history", &events)?;
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
            occurred_at: parse_ts(&occurred_at)?,
            label: family_history_label(&kind).unwrap_or("Event").to_owned(),
            kind,
            summary,
        });
    }
    let rows: Vec<(i64, String, String)> = json_read::decode("the family's open cases", &open)?;
    let mut open = Vec::new();
    for (child, team_name, since) in rows {
        if let Some((person, name, connection)) = who(child) {
            open.push(FamilyOpenCase {
                person: *person,
                name: name.clone(),
                connection: connection.clone(),
                team_name,
                since: parse_date(&since)?,
            });
        }
    }
    Ok((events, open))
}

fn merged_into_from((survivor, name, at): (i64, String, String)) -> StoreResult<MergedInto> {
    Ok(MergedInto {
        survivor: PersonId(survivor),
        name,
        merged_at: parse_ts(&at)?,
    })
}

/// The family page's reads: the child's relationships and household (current, former), from
/// the panel's one statement.
pub async fn family_basics(
    conn: &mut Conn,
    child: PersonId,
    today: NaiveDate,
) -> StoreResult<(
    Vec<RelationshipRow>,
    Vec<HouseholdMember>,
    Vec<HouseholdMember>,
)> {
    let (basics, former) = read_basics(conn, child, today).await?;
    Ok((basics.ties, basics.household, former))
}

/// The family panel's reads about the child alone, in one statement.
async fn panel_basics(
    conn: &mut Conn,
    child: PersonId,
    today: NaiveDate,
) -> StoreResult<PanelBasics> {
    Ok(read_basics(conn, child, today).await?.0)
}

/// The child's relationships (both sides), the other children of the child's mother and father,
/// the household (current, and former returned beside) and any merge into another record,
/// folded into one statement.
async fn read_basics(
    conn: &mut Conn,
    child: PersonId,
    today: NaiveDate,
) -> StoreResult<(PanelBasics, Vec<HouseholdMember>)> {
    let (child_side, other_side, parents_children, household, merged): PanelRow = sqlx::query_as(
        "SELECT \
         (SELECT json_group_array(json_array(r.id, p.id, p.given_name, p.family_name, p.date_of_birth, \
                 p.sex, json(iif(p.is_child, 'true', 'false')), r.kind, r.start_date, r.end_date)) \
          FROM person_relationship r JOIN person p ON p.id = r.person_id WHERE r.related_person_id = ?1), \
         (SELECT json_group_array(json_array(r.id, p.id, p.given_name, p.family_name, p.date_of_birth, \
                 p.sex, json(iif(p.is_child, 'true', 'false')), r.kind, r.start_date, r.end_date)) \
          FROM person_relationship r JOIN person p ON p.id = r.related_person_id WHERE r.person_id = ?1), \
         (SELECT json_group_array(json_array(r.person_id, p.id, p.given_name || ' ' || p.family_name) \
                 ORDER BY p.id) \
          FROM person_relationship r JOIN person p ON p.id = r.related_person_id \
          WHERE r.kind IN ('mother', 'father') AND p.merged_into_id IS NULL AND r.person_id IN \
            (SELECT person_id FROM person_relationship WHERE related_person_id = ?1 \
             AND kind IN ('mother', 'father'))), \
         (SELECT json_group_array(json_array(h.id, p.id, p.given_name, p.family_name, p.date_of_birth, \
                 h.start_date, h.end_date) ORDER BY h.start_date, h.id) \
          FROM household_member h JOIN person p ON p.id = h.person_id WHERE h.child_id = ?1), \
         (SELECT json_array(s.id, s.given_name || ' ' || s.family_name, m.merged_at) FROM person p \
          JOIN person s ON s.id = p.merged_into_id \
          JOIN person_merge m ON m.merged_id = p.id AND m.survivor_id = s.id AND m.undone_at IS NULL \
          WHERE p.id = ?1 ORDER BY m.id DESC LIMIT 1)",
    )
    .bind(child.0)
    .fetch_one(&mut *conn)
    .await
    .map_err(db_err)?;
    let mut ties = Vec::new();
    for (text, side) in [(child_side, true), (other_side, false)] {
        for row in json_read::decode::<Vec<TieJson>>("relationships", &text)? {
            ties.push(tie(row, side)?);
        }
    }
    ties.sort_by_key(|t| t.id);
    let parents_children =
        json_read::decode::<Vec<(i64, i64, String)>>("the parents' children", &parents_children)?
            .into_iter()
            .map(|(parent, child, name)| (PersonId(parent), PersonId(child), name))
            .collect();
    let household_rows: Vec<HouseholdRow> = json_read::decode("the household", &household)?;
    let (household, former_household) = household_from(household_rows, today, &ties)?;
    let merged_into = merged
        .as_deref()
        .map(|text| json_read::decode("the merge", text))
        .transpose()?
        .map(merged_into_from)
        .transpose()?;
    let basics = PanelBasics {
        ties,
        parents_children,
        household,
        merged_into,
    };
    Ok((basics, former_household))
}

/// Relationships on the child's side and the other side, the parents' children, the household
/// (JSON each) and the merge into another record (JSON, if any).
type PanelRow = (String, String, String, String, Option<String>);
