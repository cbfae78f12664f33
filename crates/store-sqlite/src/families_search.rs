//! Finding people (written once for both databases in `crates/store/sql/families_search.rs`);
//! below, how one walk of the name search runs on SQLite: one statement that builds JSON.

use crate::dialect::*;

include!("../../store/sql/families_search.rs");

use crate::codec::parse_opt_date;
use crate::json_read;

// A walk's rows come back as one JSON value, not a row per thread hand-off (json_read.rs),
// aggregated in the ordered subquery's order (SQLite never flattens it into the aggregate).
const WALK_OPEN: &str = "SELECT json_group_array(json_array(id, given_name, family_name, date_of_birth, \
     expected_date_of_birth, json(iif(is_child, 'true', 'false')))) FROM (";
const WALK_CLOSE: &str = ")";

/// A search hit as the walk's JSON holds it.
type HitJson = (i64, String, String, Option<String>, Option<String>, bool);

/// The people one walk of the name search finds, in its order.
async fn walk_hits(
    conn: &mut Conn,
    mut sql: QueryBuilder<Database>,
) -> StoreResult<Vec<SearchHit>> {
    let text: String = sql
        .build_query_scalar()
        .fetch_one(&mut *conn)
        .await
        .map_err(db_err)?;
    json_read::decode::<Vec<HitJson>>("the search results", &text)?
        .into_iter()
        .map(|(id, given_name, family_name, born, expected, is_child)| {
            Ok(SearchHit {
                id: PersonId(id),
                given_name,
                family_name,
                date_of_birth: parse_opt_date(born)?,
                expected_date_of_birth: parse_opt_date(expected)?,
                is_child,
            })
        })
        .collect()
}

/// The name search, as `records.rs` calls it.
pub async fn search(conn: &mut Conn, query: &PersonQuery) -> StoreResult<Vec<SearchHit>> {
    search_people(conn, query).await
}
