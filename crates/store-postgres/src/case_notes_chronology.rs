//! The chronology page's reads on PostgreSQL: the child's entries narrowed by a filter, beside the
//! entries of family members, and who those family members are.

use chrono::{DateTime, Utc};
use journey_domain::case_notes::ChronologyFilter;
use journey_domain::ids::{EventId, PersonId};
use journey_store::case_notes::{distinct_family, whose_entry};
use journey_store::{
    ChildAccess, ChronologyEntry, ChronologyLine, ChronologyView, FamilyAccess, FamilyMember,
    StoreResult,
};
use sqlx::{PgPool, Postgres, QueryBuilder};

use crate::codec::db_err;

/// Parents, carers and other relatives recorded with the child (either side of the
/// relationship), then children who share one of those people with the child.
pub async fn family_members(pool: &PgPool, child: PersonId) -> StoreResult<Vec<FamilyMember>> {
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT p.id, p.given_name, p.family_name, r.kind FROM person_relationship r \
         JOIN person p ON p.id = r.person_id WHERE r.related_person_id = $1 \
         UNION ALL \
         SELECT p.id, p.given_name, p.family_name, 'recorded with this child as their ' || r.kind \
         FROM person_relationship r JOIN person p ON p.id = r.related_person_id WHERE r.person_id = $1 \
         UNION ALL \
         SELECT p.id, p.given_name, p.family_name, 'child of the same ' || mine.kind \
         FROM person_relationship mine \
         JOIN person_relationship theirs ON theirs.person_id = mine.person_id \
         JOIN person p ON p.id = theirs.related_person_id \
         WHERE mine.related_person_id = $1 AND theirs.related_person_id <> $1",
    )
    .bind(child.0)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    let members = rows
        .into_iter()
        .map(|(id, given, family, relationship)| FamilyMember {
            person: PersonId(id),
            name: format!("{given} {family}"),
            relationship,
        })
        .collect();
    Ok(distinct_family(child, members))
}

type LineRow = (i64, DateTime<Utc>, String, String, bool, String, i64);

pub async fn view(
    pool: &PgPool,
    access: &ChildAccess,
    filter: &ChronologyFilter,
    family: &[FamilyAccess],
) -> StoreResult<ChronologyView> {
    let mut conn = pool.acquire().await.map_err(db_err)?;
    let mut sql: QueryBuilder<Postgres> = QueryBuilder::new(
        "SELECT event_id, occurred_at, kind, summary, significant, recorded_by, child_id \
         FROM chronology_entry WHERE child_id IN (",
    );
    let mut people = sql.separated(", ");
    people.push_bind(access.child.0);
    if filter.include_family {
        for member in family {
            people.push_bind(member.member.person.0);
        }
    }
    sql.push(")");
    if let Some(kind) = &filter.kind {
        sql.push(" AND kind = ").push_bind(kind.clone());
    }
    let (from, to) = filter.instants();
    if let Some(from) = from {
        sql.push(" AND occurred_at >= ").push_bind(from);
    }
    if let Some(to) = to {
        sql.push(" AND occurred_at < ").push_bind(to);
    }
    if filter.significant_only {
        sql.push(" AND significant = ").push_bind(true);
    }
    sql.push(" ORDER BY occurred_at, event_id, ordinal");
    let rows: Vec<LineRow> = sql
        .build_query_as()
        .fetch_all(&mut *conn)
        .await
        .map_err(db_err)?;
    let kinds: Vec<String> = sqlx::query_scalar(
        "SELECT kind FROM chronology_entry WHERE child_id = $1 GROUP BY kind ORDER BY kind COLLATE \"C\"",
    )
    .bind(access.child.0)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    let total: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM chronology_entry WHERE child_id = $1")
            .bind(access.child.0)
            .fetch_one(&mut *conn)
            .await
            .map_err(db_err)?;
    let lines = rows
        .into_iter()
        .map(
            |(event, at, kind, summary, significant, recorded_by, person)| {
                Ok(ChronologyLine {
                    entry: ChronologyEntry {
                        event: EventId(event),
                        occurred_at: at,
                        kind,
                        summary,
                        significant,
                        recorded_by,
                    },
                    whose: whose_entry(access, family, PersonId(person)),
                })
            },
        )
        .collect::<StoreResult<_>>()?;
    Ok(ChronologyView {
        lines,
        kinds,
        total,
    })
}
