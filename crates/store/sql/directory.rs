// Staff accounts and the authority's structure. Written once for both databases:
// `include!`d by each backend's `directory.rs` (names from its `dialect.rs`).

use async_trait::async_trait;
use journey_domain::ids::{StaffId, TeamId};
use journey_domain::staff::{Role, TeamFunction, TeamKind};
use journey_domain::validation::FieldErrors;
use journey_store::{
    Actor, AuditEntry, Directory, NewStaff, SignInOutcome, StaffLogin, StaffSummary, StoreError,
    StoreResult, Team,
};

use crate::journal::Event;

#[async_trait]
impl Directory for SqlStore {
    async fn create_team(
        &self,
        actor: &Actor,
        name: &str,
        kind: TeamKind,
        parent: Option<TeamId>,
    ) -> StoreResult<TeamId> {
        let mut tx = self.journal().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO team (name, kind, parent_id) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(name)
        .bind(kind.code())
        .bind(parent.map(|p| p.0))
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::Invalid(FieldErrors::single(
                    "name",
                    "A team with this name already exists",
                ))
            } else if is_foreign_key_violation(&e) {
                StoreError::Invalid(FieldErrors::single(
                    "parent",
                    "Choose a service that exists",
                ))
            } else {
                db_err(e)
            }
        })?;
        tx.record(Event {
            actor,
            relationship: None,
            child: None,
            action: "team_created",
            subject: None,
            lines: &[],
        })
        .await?;
        tx.commit().await?;
        Ok(TeamId(id))
    }

    async fn create_staff(&self, actor: &Actor, staff: &NewStaff) -> StoreResult<StaffId> {
        let mut tx = self.journal().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO staff (username, display_name, role, team_id, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(&staff.username)
        .bind(&staff.display_name)
        .bind(staff.role.code())
        .bind(staff.team.map(|t| t.0))
        .bind(&staff.password_hash)
        .bind(ts(actor.at))
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::Invalid(FieldErrors::single(
                    "username",
                    "This username is already taken",
                ))
            } else if is_foreign_key_violation(&e) {
                StoreError::Invalid(FieldErrors::single("team", "Choose a team that exists"))
            } else {
                db_err(e)
            }
        })?;
        tx.record(Event {
            actor,
            relationship: None,
            child: None,
            action: "staff_created",
            subject: Some(&staff.username),
            lines: &[],
        })
        .await?;
        tx.commit().await?;
        Ok(StaffId(id))
    }

    async fn teams(&self) -> StoreResult<Vec<Team>> {
        let rows: Vec<(i64, String, String, Option<i64>, Option<String>)> =
            sqlx::query_as(concat!(
                "SELECT id, name, kind, parent_id, function FROM team ORDER BY name",
                by_bytes!()
            ))
            .fetch_all(&mut *self.read().await?)
            .await
            .map_err(db_err)?;
        rows.into_iter()
            .map(|(id, name, kind, parent, function)| {
                Ok(Team {
                    id: TeamId(id),
                    name,
                    kind: TeamKind::from_code(&kind)
                        .ok_or_else(|| StoreError::Database(format!("unknown team kind {kind}")))?,
                    parent: parent.map(TeamId),
                    function: function
                        .map(|code| {
                            TeamFunction::from_code(&code).ok_or_else(|| {
                                StoreError::Database(format!("unknown team function {code}"))
                            })
                        })
                        .transpose()?,
                })
            })
            .collect()
    }

    async fn staff_list(&self) -> StoreResult<Vec<StaffSummary>> {
        let rows: Vec<(
            i64,
            String,
            String,
            String,
            Option<i64>,
            Option<String>,
            bool,
        )> = sqlx::query_as(concat!(
            "SELECT s.id, s.username, s.display_name, s.role, s.team_id, t.name, s.disabled \
             FROM staff s LEFT JOIN team t ON t.id = s.team_id ORDER BY s.display_name",
            by_bytes!()
        ))
        .fetch_all(&mut *self.read().await?)
        .await
        .map_err(db_err)?;
        rows.into_iter()
            .map(
                |(id, username, display_name, role, team, team_name, disabled)| {
                    Ok(StaffSummary {
                        id: StaffId(id),
                        username,
                        display_name,
                        role: parse_role(&role)?,
                        team: team.map(TeamId),
                        team_name,
                        disabled,
                    })
                },
            )
            .collect()
    }

    async fn staff_login(&self, username: &str) -> StoreResult<Option<StaffLogin>> {
        let row: Option<(i64, String, bool, String, String)> = sqlx::query_as(
            "SELECT id, password_hash, disabled, role, display_name FROM staff WHERE username = $1",
        )
        .bind(username)
        .fetch_optional(&mut *self.read().await?)
        .await
        .map_err(db_err)?;
        row.map(|(id, password_hash, disabled, role, display_name)| {
            Ok(StaffLogin {
                id: StaffId(id),
                password_hash,
                disabled,
                role: parse_role(&role)?,
                display_name,
            })
        })
        .transpose()
    }

    async fn replace_password_hash(&self, staff: StaffId, hash: &str) -> StoreResult<()> {
        sqlx::query("UPDATE staff SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(staff.0)
            .execute(&mut *self.write().await?)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn set_team_function(
        &self,
        actor: &Actor,
        team: TeamId,
        function: Option<TeamFunction>,
    ) -> StoreResult<()> {
        let mut tx = self.journal().await?;
        let name: Option<String> =
            sqlx::query_scalar("UPDATE team SET function = $1 WHERE id = $2 RETURNING name")
                .bind(function.map(TeamFunction::code))
                .bind(team.0)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?;
        let Some(name) = name else {
            return Err(StoreError::NotFound);
        };
        let subject = format!(
            "{name}: {}",
            function.map_or("no function", TeamFunction::label)
        );
        tx.record(Event {
            actor,
            relationship: None,
            child: None,
            action: "team_function_set",
            subject: Some(&subject),
            lines: &[],
        })
        .await?;
        tx.commit().await
    }

    async fn set_staff_disabled(
        &self,
        actor: &Actor,
        staff: StaffId,
        disabled: bool,
    ) -> StoreResult<()> {
        let mut tx = self.journal().await?;
        let username: Option<String> =
            sqlx::query_scalar("UPDATE staff SET disabled = $1 WHERE id = $2 RETURNING username")
                .bind(disabled)
                .bind(staff.0)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?;
        let Some(username) = username else {
            return Err(StoreError::NotFound);
        };
        if disabled {
            sqlx::query("DELETE FROM session WHERE staff_id = $1")
                .bind(staff.0)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        let action = if disabled {
            "staff_disabled"
        } else {
            "staff_enabled"
        };
        tx.record(Event {
            actor,
            relationship: None,
            child: None,
            action,
            subject: Some(&username),
            lines: &[],
        })
        .await?;
        tx.commit().await
    }

    async fn record_sign_in(
        &self,
        actor: &Actor,
        username_tried: &str,
        outcome: SignInOutcome,
    ) -> StoreResult<()> {
        let mut tx = self.journal().await?;
        tx.record(Event {
            actor,
            relationship: None,
            child: None,
            action: outcome.action(),
            subject: Some(username_tried),
            lines: &[],
        })
        .await?;
        tx.commit().await
    }

    async fn account_audit(&self, limit: u32) -> StoreResult<Vec<AuditEntry>> {
        let rows: Vec<crate::oversight::AuditRow> = sqlx::query_as(
            "SELECT id, occurred_at, actor_id, actor_role, relationship, child_id, action, request_id, subject \
             FROM audit_event WHERE child_id IS NULL ORDER BY id DESC LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(&mut *self.read().await?)
        .await
        .map_err(db_err)?;
        Ok(rows
            .into_iter()
            .map(crate::oversight::audit_entry)
            .collect())
    }
}

pub fn parse_role(code: &str) -> StoreResult<Role> {
    Role::from_code(code).ok_or_else(|| StoreError::Database(format!("unknown role {code}")))
}
