// Server-side sessions, keyed by the hash of the cookie's token. Written once for both
// databases: `include!`d by each backend's `sessions.rs` (names from its `dialect.rs`).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use journey_domain::ids::{StaffId, TeamId};
use journey_store::{NewSession, SessionRecord, Sessions, StoreResult};

use crate::directory::parse_role;

/// staff, username, display name, role, team, CSRF token, created, last seen
type SessionRow = (
    i64,
    String,
    String,
    String,
    Option<i64>,
    String,
    DateTime<Utc>,
    DateTime<Utc>,
);

#[async_trait]
impl Sessions for SqlStore {
    async fn create_session(&self, session: &NewSession) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO session (token_hash, staff_id, csrf_token, created_at, last_seen_at) \
             VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(&session.token_hash)
        .bind(session.staff.0)
        .bind(&session.csrf_token)
        .bind(ts(session.created_at))
        .execute(&mut *self.write().await?)
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn session(&self, token_hash: &[u8]) -> StoreResult<Option<SessionRecord>> {
        let row: Option<SessionRow> = sqlx::query_as(
            "SELECT s.staff_id, st.username, st.display_name, st.role, st.team_id, s.csrf_token, s.created_at, s.last_seen_at \
             FROM session s JOIN staff st ON st.id = s.staff_id \
             WHERE s.token_hash = $1 AND NOT st.disabled",
        )
        .bind(token_hash)
        .fetch_optional(&mut *self.read().await?)
        .await
        .map_err(db_err)?;
        row.map(
            |(staff, username, display_name, role, team, csrf_token, created_at, last_seen_at)| {
                Ok(SessionRecord {
                    staff: StaffId(staff),
                    username,
                    display_name,
                    role: parse_role(&role)?,
                    team: team.map(TeamId),
                    csrf_token,
                    created_at,
                    last_seen_at,
                })
            },
        )
        .transpose()
    }

    async fn touch_session(&self, token_hash: &[u8], at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("UPDATE session SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(ts(at))
            .bind(token_hash)
            .execute(&mut *self.write().await?)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn end_session(&self, token_hash: &[u8]) -> StoreResult<()> {
        sqlx::query("DELETE FROM session WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&mut *self.write().await?)
            .await
            .map_err(db_err)?;
        Ok(())
    }
}
