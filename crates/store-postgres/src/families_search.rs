//! Finding people (written once for both databases in `crates/store/sql/families_search.rs`);
//! below, how one walk of the name search runs on PostgreSQL: a plain query.

use crate::dialect::*;

include!("../../store/sql/families_search.rs");

use sqlx::PgPool;

/// A walk is the plain query.
const WALK_OPEN: &str = "";
const WALK_CLOSE: &str = "";

/// The people one walk of the name search finds, in its order.
async fn walk_hits(
    conn: &mut Conn,
    mut sql: QueryBuilder<Database>,
) -> StoreResult<Vec<SearchHit>> {
    let rows: Vec<HitRow> = sql
        .build_query_as()
        .fetch_all(&mut *conn)
        .await
        .map_err(db_err)?;
    Ok(rows.into_iter().map(hit).collect())
}

/// The name search from a pool connection, as `records.rs` calls it.
pub async fn search(pool: &PgPool, query: &PersonQuery) -> StoreResult<Vec<SearchHit>> {
    search_people(&mut *pool.acquire().await.map_err(db_err)?, query).await
}
