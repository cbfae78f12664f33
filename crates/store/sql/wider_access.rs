// Break-glass (opening a record without a working relationship, giving a reason) and
// restricted records. Written once for both databases: `include!`d by each backend's
// `wider_access.rs` (names from its `dialect.rs`).

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::access::{Relationship, may_break_glass};
use journey_domain::ids::{EventId, PersonId, StaffId};
use journey_domain::staff::Role;
use journey_domain::validation::FieldErrors;
use journey_domain::wider_access::RestrictionReason;
use journey_store::{
    Actor, AttentionKind, BreakGlass, BreakGlassOpening, ChildAccess, NewAttention, Records,
    Restriction, Restrictions, StoreError, StoreResult,
};
use sqlx::QueryBuilder;

use crate::journal::{Event, Line};

/// Where a reviewer reads a break-glass opening: also how the store knows whom it was posted to.
fn review_link(id: i64) -> String {
    format!("/break-glass/{id}")
}

/// The record `$1` or, if it was merged into another, the survivor.
macro_rules! target {
    () => {
        "COALESCE((SELECT merged_into_id FROM person WHERE id = $1), $1)"
    };
}

#[async_trait]
impl BreakGlass for SqlStore {
    async fn break_glass(
        &self,
        actor: &Actor,
        child: PersonId,
        reason: &str,
        approver: Option<StaffId>,
    ) -> StoreResult<i64> {
        let Some(opener) = actor.staff.as_ref().filter(|s| may_break_glass(s.role)) else {
            return Err(StoreError::Invalid(FieldErrors::single(
                "reason",
                "Your role cannot open a record by giving a reason",
            )));
        };
        let mut tx = self.journal().await?;
        let restricted: Option<bool> = sqlx::query_scalar(concat!(
            "SELECT EXISTS (SELECT 1 FROM restricted_record WHERE child_id IN ($1, ",
            target!(),
            ")) FROM person WHERE id = $1 AND is_child"
        ))
        .bind(child.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        let restricted = restricted.ok_or(StoreError::NotFound)?;
        let approver_name = match approver {
            None if restricted => {
                return Err(StoreError::Invalid(FieldErrors::single(
                    "approver",
                    "This record can only be opened with a manager's approval: choose the manager who approved it",
                )));
            }
            None => None,
            Some(approver) => {
                let name: Option<String> = sqlx::query_scalar(
                    "SELECT display_name FROM staff WHERE id = $1 AND id <> $2 AND NOT disabled \
                     AND role IN ('team_manager', 'service_manager')",
                )
                .bind(approver.0)
                .bind(opener.id.0)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?;
                Some(name.ok_or_else(|| {
                    StoreError::Invalid(FieldErrors::single(
                        "approver",
                        "Choose a team manager or service manager other than yourself",
                    ))
                })?)
            }
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO break_glass (staff_id, child_id, reason, approver_id, opened_at, opened_on) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(opener.id.0)
        .bind(child.0)
        .bind(reason)
        .bind(approver.map(|a| a.0))
        .bind(ts(actor.at))
        .bind(actor.today())
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        // The child's team managers (the front door's, where no team holds the child) and the
        // opener's own (their team's managers, or the service's above a team with none).
        let reviewers: Vec<i64> = sqlx::query_scalar(concat!(
            "WITH current AS ( \
                 SELECT team_id FROM allocation WHERE child_id = ",
            target!(),
            " AND start_date <= $3 \
                 AND (end_date IS NULL OR end_date > $3)), \
             child_managers AS ( \
                 SELECT id FROM staff WHERE role = 'team_manager' AND NOT disabled \
                 AND team_id IN (SELECT team_id FROM current)), \
             front_door_managers AS ( \
                 SELECT s.id FROM staff s JOIN team t ON t.id = s.team_id \
                 WHERE t.function = 'front_door' AND s.role = 'team_manager' AND NOT s.disabled), \
             own_managers AS ( \
                 SELECT id FROM staff WHERE role = 'team_manager' AND NOT disabled AND id <> $2 \
                 AND team_id = (SELECT team_id FROM staff WHERE id = $2)), \
             service_managers AS ( \
                 SELECT s.id FROM staff s JOIN team t ON t.parent_id = s.team_id \
                 WHERE t.id = (SELECT team_id FROM staff WHERE id = $2) \
                 AND s.role = 'service_manager' AND NOT s.disabled AND s.id <> $2) \
             SELECT id FROM child_managers \
             UNION SELECT id FROM front_door_managers WHERE NOT EXISTS (SELECT 1 FROM child_managers) \
             UNION SELECT id FROM own_managers \
             UNION SELECT id FROM service_managers WHERE NOT EXISTS (SELECT 1 FROM own_managers)"
        ))
        .bind(child.0)
        .bind(opener.id.0)
        .bind(actor.today())
        .fetch_all(&mut *tx)
        .await
        .map_err(db_err)?;
        let mut told: Vec<StaffId> = reviewers.into_iter().map(StaffId).collect();
        told.extend(approver);
        told.sort_unstable_by_key(|s| s.0);
        told.dedup();
        told.retain(|s| *s != opener.id);
        let summary = match &approver_name {
            Some(name) => format!(
                "{} ({}) opened the record of Journey ID {child} without a working relationship, approved by {name}",
                opener.display_name,
                opener.role.label()
            ),
            None => format!(
                "{} ({}) opened the record of Journey ID {child} without a working relationship",
                opener.display_name,
                opener.role.label()
            ),
        };
        let items: Vec<NewAttention> = told
            .into_iter()
            .map(|staff| NewAttention {
                staff,
                kind: AttentionKind::BreakGlassReview,
                child: Some(child),
                summary: summary.clone(),
                link: review_link(id),
            })
            .collect();
        crate::attention::post(&mut tx, actor.at, &items).await?;
        tx.record(Event {
            actor,
            relationship: Some(Relationship::BreakGlass),
            child: Some(child),
            action: "break_glass",
            subject: None,
            lines: &[],
        })
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn break_glass_reason(
        &self,
        staff: StaffId,
        child: PersonId,
        on: NaiveDate,
    ) -> StoreResult<Option<String>> {
        sqlx::query_scalar(concat!(
            "SELECT reason FROM break_glass WHERE staff_id = $2 AND opened_on = $3 \
             AND child_id IN ($1, ",
            target!(),
            ") ORDER BY id DESC LIMIT 1"
        ))
        .bind(child.0)
        .bind(staff.0)
        .bind(on)
        .fetch_optional(&mut *self.read().await?)
        .await
        .map_err(db_err)
    }

    async fn break_glass_opening(
        &self,
        reviewer: StaffId,
        id: i64,
    ) -> StoreResult<BreakGlassOpening> {
        type Row = (i64, String, String, String, Option<String>, DateTime<Utc>);
        let row: Option<Row> = sqlx::query_as(
            "SELECT b.child_id, s.display_name, s.role, b.reason, a.display_name, b.opened_at \
             FROM break_glass b JOIN staff s ON s.id = b.staff_id \
             LEFT JOIN staff a ON a.id = b.approver_id \
             WHERE b.id = $1 AND EXISTS (SELECT 1 FROM attention_item \
                 WHERE staff_id = $2 AND kind = 'break_glass_review' AND link = $3)",
        )
        .bind(id)
        .bind(reviewer.0)
        .bind(review_link(id))
        .fetch_optional(&mut *self.read().await?)
        .await
        .map_err(db_err)?;
        let (child, opened_by, role, reason, approver, opened_at) =
            row.ok_or(StoreError::NotFound)?;
        Ok(BreakGlassOpening {
            id,
            child: PersonId(child),
            opened_by,
            opened_by_role: Role::from_code(&role).map_or(role, |r| r.label().to_owned()),
            reason,
            approver,
            opened_at,
        })
    }
}

const RESTRICTED: &str = "Record restricted";
const RESTRICTION_LIFTED: &str = "Restriction of the record lifted";

#[async_trait]
impl Restrictions for SqlStore {
    async fn restriction(&self, access: &ChildAccess) -> StoreResult<Option<Restriction>> {
        let row: Option<(String, String, DateTime<Utc>)> = sqlx::query_as(
            "SELECT r.reason, s.display_name, r.restricted_at FROM restricted_record r \
             JOIN staff s ON s.id = r.restricted_by WHERE r.child_id = $1",
        )
        .bind(access.child().0)
        .fetch_optional(&mut *self.read().await?)
        .await
        .map_err(db_err)?;
        row.map(|(reason, restricted_by, restricted_at)| {
            Ok(Restriction {
                reason: RestrictionReason::from_code(&reason).ok_or_else(|| {
                    StoreError::Database(format!("unknown restriction reason {reason}"))
                })?,
                restricted_by,
                restricted_at,
            })
        })
        .transpose()
    }

    async fn restrict(
        &self,
        access: &ChildAccess,
        reason: RestrictionReason,
    ) -> StoreResult<EventId> {
        let actor = access.actor();
        let staff = actor.staff_id().ok_or(StoreError::NotFound)?;
        let mut tx = self.journal().await?;
        crate::writes::person_exists(&mut tx, access.child()).await?;
        // A restricted record is never the far end of an unconfirmed link.
        let waiting: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM relationship_proposal WHERE person_id = $1 AND decided_at IS NULL",
        )
        .bind(access.child().0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        if waiting.is_some() {
            return Err(StoreError::Invalid(FieldErrors::single(
                "reason",
                "A link to this record is waiting to be confirmed or refused: decide it first, then restrict the record",
            )));
        }
        sqlx::query(
            "INSERT INTO restricted_record (child_id, reason, restricted_by, restricted_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(access.child().0)
        .bind(reason.code())
        .bind(staff.0)
        .bind(ts(actor.at))
        .execute(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::Invalid(FieldErrors::single(
                    "reason",
                    "This record is already restricted",
                ))
            } else {
                db_err(e)
            }
        })?;
        let summary = format!("{RESTRICTED}: {}", reason.label());
        let event = tx
            .record(Event {
                actor,
                relationship: Some(access.relationship()),
                child: Some(access.child()),
                action: "record_restricted",
                subject: None,
                lines: &[Line {
                    child: access.child(),
                    occurred_at: actor.at,
                    kind: "record_restricted",
                    summary: &summary,
                    significant: false,
                }],
            })
            .await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn lift_restriction(&self, access: &ChildAccess) -> StoreResult<EventId> {
        let actor = access.actor();
        let mut tx = self.journal().await?;
        let lifted = sqlx::query("DELETE FROM restricted_record WHERE child_id = $1")
            .bind(access.child().0)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        if lifted.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let event = tx
            .record(Event {
                actor,
                relationship: Some(access.relationship()),
                child: Some(access.child()),
                action: "restriction_lifted",
                subject: None,
                lines: &[Line {
                    child: access.child(),
                    occurred_at: actor.at,
                    kind: "restriction_lifted",
                    summary: RESTRICTION_LIFTED,
                    significant: false,
                }],
            })
            .await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn restricted_among(&self, people: &[PersonId]) -> StoreResult<Vec<PersonId>> {
        if people.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql: QueryBuilder<Database> =
            QueryBuilder::new("SELECT child_id FROM restricted_record WHERE child_id IN (");
        let mut ids = sql.separated(", ");
        for person in people {
            ids.push_bind(person.0);
        }
        sql.push(")");
        let rows: Vec<i64> = sql
            .build_query_scalar()
            .fetch_all(&mut *self.read().await?)
            .await
            .map_err(db_err)?;
        Ok(rows.into_iter().map(PersonId).collect())
    }
}

impl SqlStore {
    /// The people of a list whom the actor may be shown: everyone but those whose record is
    /// restricted and whom the actor has no relationship with (search, likely matches, lookups,
    /// family histories). One query finds the restricted among them, which are few.
    pub(crate) async fn shown_to(
        &self,
        actor: &Actor,
        people: &[PersonId],
    ) -> StoreResult<Vec<PersonId>> {
        let restricted = self.restricted_among(people).await?;
        let mut hidden = Vec::new();
        for person in restricted {
            let may_open = match actor.staff.as_ref() {
                Some(staff) => {
                    let held = self.relationships(staff.id, person, actor.today()).await?;
                    journey_domain::access::decide(
                        staff.role,
                        &held,
                        journey_domain::access::Action::ViewRecord,
                    )
                    .is_ok()
                }
                None => false,
            };
            if !may_open {
                hidden.push(person);
            }
        }
        Ok(people
            .iter()
            .copied()
            .filter(|p| !hidden.contains(p))
            .collect())
    }

    /// Leaves out of a list what [`Self::shown_to`] would not show the actor.
    pub(crate) async fn keep_shown<T>(
        &self,
        actor: &Actor,
        items: Vec<T>,
        person: impl Fn(&T) -> PersonId,
    ) -> StoreResult<Vec<T>> {
        let people: Vec<PersonId> = items.iter().map(&person).collect();
        if people.is_empty() {
            return Ok(items);
        }
        let shown = self.shown_to(actor, &people).await?;
        Ok(items
            .into_iter()
            .filter(|item| shown.contains(&person(item)))
            .collect())
    }
}
