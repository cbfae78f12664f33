//! Reading families (written once for both databases in `crates/store/sql/families_read.rs`);
//! below, the family page's reads (plain statements) and the record page's family panel, read
//! in one statement that builds JSON (json_read.rs).

use crate::dialect::*;

include!("../../store/sql/families_read.rs");

mod related;
pub use related::related_person;

use chrono::{DateTime, Utc};
use journey_domain::families::history::{family_history_kinds, family_history_label};
use journey_domain::families::kinds::RelationshipKind;
use journey_store::{FamilyHistoryEvent, FamilyOpenCase, FamilyPanel, family_circle};

use crate::json_read;

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
    let rows: Vec<HouseholdRow> = sqlx::query_as(
        "SELECT h.id, p.id, p.given_name, p.family_name, p.date_of_birth, h.start_date, h.end_date \
         FROM household_member h JOIN person p ON p.id = h.person_id WHERE h.child_id = $1 \
         ORDER BY h.start_date, h.id",
    )
    .bind(child.0)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    let (household, former) = household_from(rows, today, &ties);
    Ok((ties, household, former))
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

/// Splits household rows into (current, former), worded by the child's relationships.
fn household_from(
    rows: Vec<HouseholdRow>,
    today: NaiveDate,
    ties: &[RelationshipRow],
) -> (Vec<HouseholdMember>, Vec<HouseholdMember>) {
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
    (current, former)
}

/// A relationship as the panel's JSON holds it: `TieRow`, then whether it was recorded from
/// the child's side.
type TieJson = (
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
    bool,
);

/// The relationships (both sides, by id), the other children of the child's mother and father,
/// the household, any merge into another record, and the serious events and open cases of the
/// family circle; each a JSON column, absent when there is none.
type PanelRow = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The record page's family panel, in one statement. The family circle is worded in Rust
/// (`family_circle`) from the relationships the statement returns; the statement finds the same
/// people (the parents and siblings among the relationships, and the parents' other children)
/// to read their history and open cases, and only the circle's are kept. Those people are
/// gathered into an array (`= ANY(ARRAY(..))`), so the chronology and the allocations are
/// read through their `child_id` indexes: as a semi-join, with the table's statistics out of
/// date, the planner chose to scan the whole chronology.
pub async fn family_panel(
    conn: &mut Conn,
    child: PersonId,
    today: NaiveDate,
) -> StoreResult<FamilyPanel> {
    let kinds = |test: fn(RelationshipKind) -> bool| -> Vec<&'static str> {
        RelationshipKind::ALL
            .into_iter()
            .filter(|k| test(*k))
            .map(RelationshipKind::code)
            .collect()
    };
    let (ties, parents_children, household, merged, events, open): PanelRow = sqlx::query_as(
        "WITH ties AS ( \
           SELECT r.id, p.id AS other, p.given_name, p.family_name, p.date_of_birth, p.sex, p.is_child, \
           r.kind, r.start_date, r.end_date, true AS child_side \
           FROM person_relationship r JOIN person p ON p.id = r.person_id WHERE r.related_person_id = $1 \
           UNION ALL \
           SELECT r.id, p.id, p.given_name, p.family_name, p.date_of_birth, p.sex, p.is_child, \
           r.kind, r.start_date, r.end_date, false \
           FROM person_relationship r JOIN person p ON p.id = r.related_person_id WHERE r.person_id = $1), \
         parents_children AS ( \
           SELECT r.person_id AS parent, p.id AS child, p.given_name || ' ' || p.family_name AS name \
           FROM person_relationship r JOIN person p ON p.id = r.related_person_id \
           WHERE r.kind IN ('mother', 'father') AND p.merged_into_id IS NULL AND r.person_id IN \
             (SELECT other FROM ties WHERE child_side AND kind IN ('mother', 'father'))), \
         circle AS ( \
           SELECT other AS id FROM ties WHERE (child_side AND kind = ANY($3)) OR kind = ANY($4) \
           UNION SELECT child FROM parents_children WHERE child <> $1) \
         SELECT \
         (SELECT json_agg(json_build_array(id, other, given_name, family_name, date_of_birth, sex, \
                 is_child, kind, start_date, end_date, child_side) ORDER BY id, child_side DESC) \
          FROM ties)::text, \
         (SELECT json_agg(json_build_array(parent, child, name) ORDER BY child, parent) \
          FROM parents_children)::text, \
         (SELECT json_agg(json_build_array(h.id, p.id, p.given_name, p.family_name, p.date_of_birth, \
                 h.start_date, h.end_date) ORDER BY h.start_date, h.id) \
          FROM household_member h JOIN person p ON p.id = h.person_id WHERE h.child_id = $1)::text, \
         (SELECT json_build_array(s.id, s.given_name || ' ' || s.family_name, m.merged_at) FROM person p \
          JOIN person s ON s.id = p.merged_into_id \
          JOIN person_merge m ON m.merged_id = p.id AND m.survivor_id = s.id AND m.undone_at IS NULL \
          WHERE p.id = $1 ORDER BY m.id DESC LIMIT 1)::text, \
         (SELECT json_agg(json_build_array(child_id, occurred_at, kind, summary) \
                 ORDER BY occurred_at, event_id, ordinal) \
          FROM chronology_entry WHERE child_id = ANY(ARRAY(SELECT id FROM circle)) AND kind = ANY($5))::text, \
         (SELECT json_agg(json_build_array(a.child_id, t.name, a.start_date) ORDER BY a.child_id) \
          FROM allocation a JOIN team t ON t.id = a.team_id \
          WHERE a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date > $2) \
          AND a.child_id = ANY(ARRAY(SELECT id FROM circle)))::text",
    )
    .bind(child.0)
    .bind(today)
    .bind(kinds(RelationshipKind::is_parent))
    .bind(kinds(RelationshipKind::is_sibling))
    .bind(family_history_kinds().collect::<Vec<_>>())
    .fetch_one(&mut *conn)
    .await
    .map_err(db_err)?;
    let ties: Vec<RelationshipRow> = json_read::decode_rows::<TieJson>("relationships", ties)?
        .into_iter()
        .map(
            |(id, other, given_name, family_name, born, sex, is_child, kind, start, end, side)| {
                RelationshipRow {
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
                    child_side: side,
                }
            },
        )
        .collect();
    let parents_children: Vec<(PersonId, PersonId, String)> =
        json_read::decode_rows::<(i64, i64, String)>("the parents' children", parents_children)?
            .into_iter()
            .map(|(parent, child, name)| (PersonId(parent), PersonId(child), name))
            .collect();
    let household: Vec<HouseholdRow> = json_read::decode_rows("the household", household)?;
    let (household, _) = household_from(household, today, &ties);
    let merged_into = json_read::decode_opt::<(i64, String, DateTime<Utc>)>("the merge", merged)?
        .map(|(survivor, name, merged_at)| MergedInto {
            survivor: PersonId(survivor),
            name,
            merged_at,
        });

    let circle = family_circle(child, &ties, &parents_children);
    let who = |id: i64| circle.iter().find(|(p, _, _)| p.0 == id);
    let events: Vec<(i64, DateTime<Utc>, String, String)> =
        json_read::decode_rows("the family's history", events)?;
    let history = events
        .into_iter()
        .filter_map(|(child, occurred_at, kind, summary)| {
            let (person, name, connection) = who(child)?;
            Some(FamilyHistoryEvent {
                person: *person,
                name: name.clone(),
                connection: connection.clone(),
                occurred_at,
                label: family_history_label(&kind).unwrap_or("Event").to_owned(),
                kind,
                summary,
            })
        })
        .collect();
    let open: Vec<(i64, String, NaiveDate)> =
        json_read::decode_rows("the family's open cases", open)?;
    let open_cases = open
        .into_iter()
        .filter_map(|(child, team_name, since)| {
            let (person, name, connection) = who(child)?;
            Some(FamilyOpenCase {
                person: *person,
                name: name.clone(),
                connection: connection.clone(),
                team_name,
                since,
            })
        })
        .collect();
    Ok(FamilyPanel {
        history,
        open_cases,
        household,
        merged_into,
    })
}
