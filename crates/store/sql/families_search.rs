// Finding people: name search (prefix and sound-alike), likely matches before creating a
// child, and lookup by Journey ID. Written once for both databases: `include!`d by each
// backend's `families_search.rs`, which adds how one walk of the name search is run
// (`WALK_OPEN`, `WALK_CLOSE`, `walk_hits`: on SQLite a measured JSON read).
//
// Every query walks one index in its own order and stops at a small LIMIT, so a two-letter
// prefix over 100,000 people reads about `limit` rows rather than sorting thousands. Results
// come in rank order: last-name prefix matches, first-name prefix matches, then last and first
// names that sound alike; within each, in the order of the index. A limit taken from a
// parameter is written `LIMIT +$n`, which SQLite evaluates instead of preparing the statement
// again on every run (store-sqlite's lib.rs); PostgreSQL reads it as the number it is.

use chrono::NaiveDate;
use journey_domain::families::sound::sound_key;
use journey_domain::ids::{PersonId, StaffId};
use journey_domain::person::{NewChild, name_key};
use journey_store::{LikelyMatch, PersonQuery, SearchHit, StoreResult, rank_matches};
use sqlx::QueryBuilder;

/// Words shorter than this are only prefixes: a sound key of one or two letters matches
/// nearly everyone.
const SOUND_MIN_LETTERS: usize = 3;

/// How many people a likely-match check compares, per candidate query.
const CANDIDATES: i64 = 200;

type HitRow = (
    i64,
    String,
    String,
    Option<NaiveDate>,
    Option<NaiveDate>,
    bool,
);

const SELECT_HIT: &str = "SELECT id, given_name, family_name, date_of_birth, expected_date_of_birth, is_child \
     FROM person WHERE merged_into_id IS NULL";

fn hit((id, given_name, family_name, born, expected, is_child): HitRow) -> SearchHit {
    SearchHit {
        id: PersonId(id),
        given_name,
        family_name,
        date_of_birth: born,
        expected_date_of_birth: expected,
        is_child,
    }
}

/// One index walked in its order.
#[derive(Clone, Copy)]
enum Walk {
    FamilyPrefix,
    GivenPrefix,
    FamilySound,
    GivenSound,
}

/// A word must match the start of a name, or sound like a name.
fn push_word_filter(sql: &mut QueryBuilder<Database>, word: &str) {
    sql.push(" AND ((family_key >= ")
        .push_bind(word.to_owned())
        .push(" AND family_key < ")
        .push_bind(format!("{word}~"))
        .push(") OR (given_key >= ")
        .push_bind(word.to_owned())
        .push(" AND given_key < ")
        .push_bind(format!("{word}~"))
        .push(")");
    if word.len() >= SOUND_MIN_LETTERS {
        let sound = sound_key(word);
        sql.push(" OR family_sound = ")
            .push_bind(sound.clone())
            .push(" OR given_sound = ")
            .push_bind(sound);
    }
    sql.push(")");
}

/// Searches by name (every word must match a name by prefix or sound) and date of birth.
pub async fn search_people(conn: &mut Conn, query: &PersonQuery) -> StoreResult<Vec<SearchHit>> {
    let words: Vec<String> = query
        .name
        .split_whitespace()
        .map(name_key)
        .filter(|w| !w.is_empty())
        .collect();
    let limit = usize::try_from(query.limit).unwrap_or(usize::MAX);
    // The longest word is the most selective: it drives the index walk, the others filter.
    let Some(driving) = words.iter().max_by_key(|w| w.len()).cloned() else {
        return by_date_only(conn, query).await;
    };
    let mut walks = vec![Walk::FamilyPrefix, Walk::GivenPrefix];
    if driving.len() >= SOUND_MIN_LETTERS {
        walks.extend([Walk::FamilySound, Walk::GivenSound]);
    }
    let mut hits: Vec<SearchHit> = Vec::new();
    for walk in walks {
        // A later walk runs only when the list is not yet full: the sound-alike walks are the
        // costly ones.
        if hits.len() >= limit {
            break;
        }
        let mut sql: QueryBuilder<Database> = QueryBuilder::new(WALK_OPEN);
        sql.push(SELECT_HIT);
        match walk {
            Walk::FamilyPrefix => {
                sql.push(" AND family_key >= ")
                    .push_bind(driving.clone())
                    .push(" AND family_key < ")
                    .push_bind(format!("{driving}~"));
            }
            Walk::GivenPrefix => {
                sql.push(" AND given_key >= ")
                    .push_bind(driving.clone())
                    .push(" AND given_key < ")
                    .push_bind(format!("{driving}~"));
            }
            Walk::FamilySound => {
                sql.push(" AND family_sound = ")
                    .push_bind(sound_key(&driving));
            }
            Walk::GivenSound => {
                sql.push(" AND given_sound = ")
                    .push_bind(sound_key(&driving));
            }
        }
        let mut skipped_driver = false;
        for word in &words {
            if !skipped_driver && *word == driving {
                skipped_driver = true;
                continue;
            }
            push_word_filter(&mut sql, word);
        }
        push_date_filter(&mut sql, query.date_of_birth);
        sql.push(match walk {
            Walk::FamilyPrefix | Walk::FamilySound => " ORDER BY family_key, given_key, id",
            Walk::GivenPrefix | Walk::GivenSound => " ORDER BY given_key, family_key, id",
        });
        // Ask for enough to fill the list after dropping people an earlier walk found.
        sql.push(" LIMIT +")
            .push_bind(i64::from(query.limit))
            .push(WALK_CLOSE);
        for found in walk_hits(conn, sql).await? {
            if hits.len() < limit && !hits.iter().any(|h| h.id == found.id) {
                hits.push(found);
            }
        }
    }
    Ok(hits)
}

/// Most children a worker is allocated at once, and more than any caseload holds: the worker's
/// own children a search finds are all read, so no cut-off can hide one.
const OWN_LIMIT: i64 = 500;

/// The children allocated to `worker` on `on` whom a search finds (every word matching a name
/// by prefix or sound, and the date of birth), in name order. They come first in the results,
/// so a worker's own child is never behind a page of namesakes. The allocation's worker index
/// finds them; the person's primary key fetches each.
pub async fn own_people(
    conn: &mut Conn,
    query: &PersonQuery,
    worker: StaffId,
    on: NaiveDate,
) -> StoreResult<Vec<SearchHit>> {
    let words: Vec<String> = query
        .name
        .split_whitespace()
        .map(name_key)
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() && query.date_of_birth.is_none() {
        return Ok(Vec::new());
    }
    let mut sql: QueryBuilder<Database> = QueryBuilder::new(SELECT_HIT);
    sql.push(" AND id IN (SELECT child_id FROM allocation WHERE worker_id = ")
        .push_bind(worker.0)
        .push(" AND start_date <= ")
        .push_bind(on)
        .push(" AND (end_date IS NULL OR end_date > ")
        .push_bind(on)
        .push("))");
    for word in &words {
        push_word_filter(&mut sql, word);
    }
    push_date_filter(&mut sql, query.date_of_birth);
    sql.push(" ORDER BY family_key, given_key, id LIMIT +")
        .push_bind(OWN_LIMIT);
    let rows: Vec<HitRow> = sql
        .build_query_as()
        .fetch_all(&mut *conn)
        .await
        .map_err(db_err)?;
    Ok(rows.into_iter().map(hit).collect())
}

fn push_date_filter(sql: &mut QueryBuilder<Database>, born: Option<NaiveDate>) {
    if let Some(born) = born {
        sql.push(" AND (date_of_birth = ")
            .push_bind(born)
            .push(" OR expected_date_of_birth = ")
            .push_bind(born)
            .push(")");
    }
}

async fn by_date_only(conn: &mut Conn, query: &PersonQuery) -> StoreResult<Vec<SearchHit>> {
    if query.date_of_birth.is_none() {
        return Ok(Vec::new());
    }
    let mut sql: QueryBuilder<Database> = QueryBuilder::new(SELECT_HIT);
    push_date_filter(&mut sql, query.date_of_birth);
    sql.push(" ORDER BY family_key, given_key, id LIMIT +")
        .push_bind(i64::from(query.limit));
    let rows: Vec<HitRow> = sql
        .build_query_as()
        .fetch_all(&mut *conn)
        .await
        .map_err(db_err)?;
    Ok(rows.into_iter().map(hit).collect())
}

/// People who may be the child about to be recorded, likeliest first.
pub async fn likely_matches(
    conn: &mut Conn,
    child: &NewChild,
    limit: u32,
) -> StoreResult<Vec<LikelyMatch>> {
    let mut candidates: Vec<HitRow> = sqlx::query_as(
        "SELECT id, given_name, family_name, date_of_birth, expected_date_of_birth, is_child \
         FROM person WHERE merged_into_id IS NULL AND family_sound = $1 \
         ORDER BY family_key, given_key, id LIMIT +$2",
    )
    .bind(sound_key(&child.family_name))
    .bind(CANDIDATES)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    if let Some(day) = child.date_of_birth.or(child.expected_date_of_birth) {
        for sql in [
            "SELECT id, given_name, family_name, date_of_birth, expected_date_of_birth, is_child \
             FROM person WHERE merged_into_id IS NULL AND date_of_birth = $1 ORDER BY id LIMIT +$2",
            "SELECT id, given_name, family_name, date_of_birth, expected_date_of_birth, is_child \
             FROM person WHERE merged_into_id IS NULL AND expected_date_of_birth = $1 ORDER BY id LIMIT +$2",
        ] {
            let more: Vec<HitRow> = sqlx::query_as(sql)
                .bind(day)
                .bind(CANDIDATES)
                .fetch_all(&mut *conn)
                .await
                .map_err(db_err)?;
            candidates.extend(more);
        }
    }
    let hits = candidates.into_iter().map(hit).collect();
    Ok(rank_matches(child, hits, limit))
}

pub async fn person_by_id(conn: &mut Conn, id: PersonId) -> StoreResult<Option<SearchHit>> {
    let row: Option<HitRow> = sqlx::query_as(
        "SELECT id, given_name, family_name, date_of_birth, expected_date_of_birth, is_child \
         FROM person WHERE id = $1",
    )
    .bind(id.0)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_err)?;
    Ok(row.map(hit))
}
