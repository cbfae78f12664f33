// What a merge is decided on: each record as the side-by-side comparison shows it, and why two
// records cannot be merged as they stand. The comparison page and the merge itself ask the same
// questions here, so what the manager is shown is what the merge enforces. Written once for
// both databases: `include!`d by each backend's `merges_compare.rs`.

use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::families::RelationshipKind;
use journey_domain::families::merging::{AdoptionSide, across_adoption_order};
use journey_domain::ids::PersonId;
use journey_domain::person::Sex;
use journey_store::{HeldBy, MergeComparison, MergeSide, StoreError, StoreResult};

/// Chronology kinds that say nothing about when the child's own life was recorded: the order
/// itself, and the lines merges write on both records.
const NOT_THE_CHILDS_OWN: &str = "('adoption_order', 'merge_requested', 'merge_refused', \
     'records_merged', 'record_merged_away', 'merge_undone', 'allocation_ended_by_merge', \
     'allocation_reopened')";

type PersonRow = (
    String,
    String,
    Option<NaiveDate>,
    Option<NaiveDate>,
    String,
    DateTime<Utc>,
);

/// One child's record as the comparison shows it; `NotFound` unless a child's record.
pub async fn merge_side(
    conn: &mut Conn,
    person: PersonId,
    today: NaiveDate,
) -> StoreResult<MergeSide> {
    let row: Option<PersonRow> = sqlx::query_as(
        "SELECT given_name, family_name, date_of_birth, expected_date_of_birth, sex, created_at \
         FROM person WHERE id = $1 AND is_child",
    )
    .bind(person.0)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_err)?;
    let Some((given_name, family_name, date_of_birth, expected_date_of_birth, sex, recorded_at)) =
        row
    else {
        return Err(StoreError::NotFound);
    };
    let date_of_death: Option<NaiveDate> =
        sqlx::query_scalar("SELECT date_of_death FROM person_demographics WHERE person_id = $1")
            .bind(person.0)
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_err)?
            .flatten();
    let identifiers: Vec<(String, String)> =
        sqlx::query_as("SELECT kind, value FROM person_identifier WHERE person_id = $1")
            .bind(person.0)
            .fetch_all(&mut *conn)
            .await
            .map_err(db_err)?;
    let identifier = |kind: &str| {
        identifiers
            .iter()
            .find(|(k, _)| k == kind)
            .map(|(_, v)| v.clone())
    };
    // Parents as recorded from the child's side (the relative is `person_id`).
    let parents: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT p.given_name, p.family_name, r.kind FROM person_relationship r \
         JOIN person p ON p.id = r.person_id WHERE r.related_person_id = $1 \
         AND r.kind IN ('mother', 'father', 'step_parent') \
         AND (r.end_date IS NULL OR r.end_date > $2) ORDER BY r.kind, p.family_name, p.given_name",
    )
    .bind(person.0)
    .bind(today)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    let parents = parents
        .into_iter()
        .map(|(given, family, kind)| {
            let word = RelationshipKind::from_code(&kind).map_or_else(
                || kind.replace('_', " "),
                |k| k.option_label().to_lowercase(),
            );
            format!("{given} {family} ({word})")
        })
        .collect();
    let address: Option<(String, Option<String>, String, String)> = sqlx::query_as(
        "SELECT line_1, line_2, town, postcode FROM person_address WHERE person_id = $1 \
         AND from_date <= $2 AND (to_date IS NULL OR to_date > $2) \
         ORDER BY from_date DESC, id DESC LIMIT 1",
    )
    .bind(person.0)
    .bind(today)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_err)?;
    let address = address.map(|(line_1, line_2, town, postcode)| {
        [Some(line_1), line_2, Some(town), Some(postcode)]
            .into_iter()
            .flatten()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    });
    let allocation: Option<(String, String, NaiveDate)> = sqlx::query_as(
        "SELECT s.display_name, t.name, a.start_date FROM allocation a \
         JOIN staff s ON s.id = a.worker_id JOIN team t ON t.id = a.team_id \
         WHERE a.child_id = $1 AND a.end_date IS NULL ORDER BY a.start_date DESC LIMIT 1",
    )
    .bind(person.0)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_err)?;
    let (chronology_entries, case_notes, contacts, referrals): (i64, i64, i64, i64) =
        sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM chronology_entry WHERE child_id = $1), \
             (SELECT COUNT(*) FROM case_note WHERE child_id = $1), \
             (SELECT COUNT(*) FROM contact WHERE child_id = $1), \
             (SELECT COUNT(*) FROM referral WHERE child_id = $1)",
        )
        .bind(person.0)
        .fetch_one(&mut *conn)
        .await
        .map_err(db_err)?;
    let adoption_order: Option<DateTime<Utc>> = sqlx::query_scalar(
        "SELECT occurred_at FROM chronology_entry WHERE child_id = $1 AND kind = 'adoption_order' \
         ORDER BY occurred_at LIMIT 1",
    )
    .bind(person.0)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_err)?;
    let latest_entry: Option<DateTime<Utc>> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT occurred_at FROM chronology_entry WHERE child_id = $1 \
         AND kind NOT IN {NOT_THE_CHILDS_OWN} ORDER BY occurred_at DESC LIMIT 1"
    )))
    .bind(person.0)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_err)?;
    Ok(MergeSide {
        id: person,
        given_name,
        family_name,
        date_of_birth,
        expected_date_of_birth,
        sex: Sex::from_code(&sex)
            .unwrap_or(Sex::NotKnown)
            .label()
            .to_owned(),
        date_of_death,
        upn: identifier("upn"),
        nhs_number: identifier("nhs_number"),
        parents,
        address,
        allocation: allocation.map(|(worker, team, since)| HeldBy {
            worker,
            team,
            since,
        }),
        chronology_entries,
        case_notes,
        contacts,
        referrals,
        recorded_at,
        adoption_order,
        latest_entry,
    })
}

fn adoption_side(side: &MergeSide) -> AdoptionSide {
    AdoptionSide {
        order: side.adoption_order,
        recorded_at: side.recorded_at,
        latest: side.latest_entry,
    }
}

/// Why two records cannot be merged as they stand, checked again inside the merge's own
/// transaction: `$1` the survivor, `$2` the merged record; each returns a row when it applies.
const REFUSALS: &[(&str, &str)] = &[
    (
        "SELECT 1 FROM person WHERE id IN ($1, $2) AND merged_into_id IS NOT NULL",
        "One of these records has already been merged into another",
    ),
    (
        "SELECT 1 FROM person_relationship WHERE end_date IS NULL AND \
         ((person_id = $1 AND related_person_id = $2) OR (person_id = $2 AND related_person_id = $1))",
        "These records are recorded as related to each other, so they are two people: if that is a mistake, end the relationship first",
    ),
    (
        "SELECT 1 FROM household_member WHERE end_date IS NULL AND \
         ((child_id = $1 AND person_id = $2) OR (child_id = $2 AND person_id = $1))",
        "These records are recorded as living together, so they are two people: if that is a mistake, record that one moved out first",
    ),
    (
        "SELECT 1 FROM referral a JOIN referral b ON b.child_id = $2 AND b.closure_date IS NULL \
         WHERE a.child_id = $1 AND a.closure_date IS NULL",
        "Both records have an open child in need episode: close one of them before merging",
    ),
    (
        "SELECT 1 FROM meeting_child a JOIN meeting_child b ON b.meeting_id = a.meeting_id \
         WHERE a.child_id = $1 AND b.child_id = $2",
        "These records were discussed at the same meeting as two children, so they are two people",
    ),
    (
        "SELECT 1 FROM child_protection_plan a JOIN child_protection_plan b ON b.child_id = $2 \
         AND b.end_date IS NULL WHERE a.child_id = $1 AND a.end_date IS NULL",
        "Both records are on a child protection plan: end one of them before merging",
    ),
    (
        "SELECT 1 FROM discharge_plan a JOIN discharge_plan b ON b.child_id = $2 \
         WHERE a.child_id = $1 \
         AND NOT EXISTS (SELECT 1 FROM hospital_discharge d WHERE d.plan_id = a.id) \
         AND NOT EXISTS (SELECT 1 FROM hospital_discharge d WHERE d.plan_id = b.id)",
        "Both records have a discharge plan not yet carried out: record one baby's discharge before merging",
    ),
    (
        "SELECT 1 FROM assessment a JOIN assessment b ON b.child_id = $2 AND b.state <> 'authorised' \
         WHERE a.child_id = $1 AND a.state <> 'authorised'",
        "Both records have an assessment not yet authorised: finish one of them before merging",
    ),
    (
        "SELECT 1 FROM person_demographics m JOIN person_demographics s ON s.person_id = $1 \
         WHERE m.person_id = $2 AND m.date_of_death IS NOT NULL AND s.date_of_death IS NULL",
        "That record records a death this record does not: record the death on this record first",
    ),
];

/// The message when two records lie across an adoption order.
pub const ACROSS_ADOPTION: &str = "These records lie across an adoption order, so they are never merged: one holds an adoption order and the other was recorded, or holds something dated, after it";

/// Why these two records cannot be merged as they stand, the first reason found; `None` when
/// they can.
pub async fn why_not(
    conn: &mut Conn,
    survivor: &MergeSide,
    merged: &MergeSide,
) -> StoreResult<Option<&'static str>> {
    if survivor.id == merged.id {
        return Ok(Some("Enter the Journey ID of a different record"));
    }
    for (sql, message) in REFUSALS {
        let found: Option<i32> = sqlx::query_scalar(*sql)
            .bind(survivor.id.0)
            .bind(merged.id.0)
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_err)?;
        if found.is_some() {
            return Ok(Some(message));
        }
    }
    if across_adoption_order(&adoption_side(survivor), &adoption_side(merged)) {
        return Ok(Some(ACROSS_ADOPTION));
    }
    Ok(None)
}

/// The two records side by side, and what merging them would need.
pub async fn comparison(
    conn: &mut Conn,
    survivor: PersonId,
    merged: PersonId,
    today: NaiveDate,
) -> StoreResult<MergeComparison> {
    let survivor = merge_side(conn, survivor, today).await?;
    let merged = merge_side(conn, merged, today).await?;
    let refusal = why_not(conn, &survivor, &merged).await?.map(str::to_owned);
    Ok(MergeComparison {
        rows: journey_store::merges::compared_rows(&survivor, &merged),
        likely: journey_store::merges::likeness(&survivor, &merged),
        both_allocated: survivor.allocation.is_some() && merged.allocation.is_some(),
        refusal,
        survivor,
        merged,
    })
}
