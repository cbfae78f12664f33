//! Reading back the audit trail and the access records.

use async_trait::async_trait;
use journey_domain::access::Relationship;
use journey_domain::ids::{EventId, PersonId, StaffId};
use journey_store::{
    AccessKind, AccessLogEntry, AuditEntry, ChildAccess, Oversight, StoreError, StoreResult,
};

use crate::SqliteStore;
use crate::codec::{db_err, parse_ts};

type AccessRow = (
    String,
    Option<i64>,
    String,
    String,
    Option<String>,
    Option<i64>,
    String,
    String,
    String,
    Option<String>,
);

fn access_log_entry(row: AccessRow) -> StoreResult<AccessLogEntry> {
    let (at, staff, staff_name, role, relationship, child, kind, detail, request_id, shown) = row;
    let people_shown: Vec<i64> = match shown {
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| StoreError::Database(format!("unreadable people_shown: {e}")))?,
        None => Vec::new(),
    };
    Ok(AccessLogEntry {
        occurred_at: parse_ts(&at)?,
        staff: staff.map(StaffId),
        staff_name,
        role,
        relationship: relationship.as_deref().and_then(Relationship::from_code),
        child: child.map(PersonId),
        kind: AccessKind::from_code(&kind)
            .ok_or_else(|| StoreError::Database(format!("unknown access kind {kind}")))?,
        detail,
        request_id,
        people_shown: people_shown.into_iter().map(PersonId).collect(),
    })
}

macro_rules! select_access {
    ($rest:literal) => {
        concat!(
            "SELECT occurred_at, staff_id, staff_name, role, relationship, child_id, kind, detail, request_id, \
             people_shown \
             FROM access_record ",
            $rest
        )
    };
}

#[async_trait]
impl Oversight for SqliteStore {
    async fn access_log(
        &self,
        access: &ChildAccess,
        limit: u32,
    ) -> StoreResult<Vec<AccessLogEntry>> {
        self.access
            .write(vec![AccessLogEntry::by(
                &access.actor,
                Some(access.relationship),
                Some(access.child),
                AccessKind::ViewedAccessLog,
                "",
            )])
            .await?;
        let rows: Vec<AccessRow> = sqlx::query_as(select_access!(
            "WHERE child_id = ?1 ORDER BY id DESC LIMIT +?2"
        ))
        .bind(access.child.0)
        .bind(i64::from(limit))
        .fetch_all(&self.access_readers)
        .await
        .map_err(db_err)?;
        rows.into_iter().map(access_log_entry).collect()
    }

    async fn audit_trail(&self, child: PersonId) -> StoreResult<Vec<AuditEntry>> {
        let rows: Vec<(i64, String, Option<i64>, String, Option<String>, Option<i64>, String, String)> =
            sqlx::query_as(
                "SELECT id, occurred_at, actor_id, actor_role, relationship, child_id, action, request_id \
                 FROM audit_event WHERE child_id = ?1 ORDER BY id",
            )
            .bind(child.0)
            .fetch_all(&mut *self.readers.get().await?)
            .await
            .map_err(db_err)?;
        rows.into_iter()
            .map(
                |(id, at, actor, actor_role, relationship, child, action, request_id)| {
                    Ok(AuditEntry {
                        event: EventId(id),
                        occurred_at: parse_ts(&at)?,
                        actor: actor.map(StaffId),
                        actor_role,
                        relationship,
                        child: child.map(PersonId),
                        action,
                        request_id,
                    })
                },
            )
            .collect()
    }

    async fn access_by_staff(
        &self,
        staff: StaffId,
        limit: u32,
    ) -> StoreResult<Vec<AccessLogEntry>> {
        let rows: Vec<AccessRow> = sqlx::query_as(select_access!(
            "WHERE staff_id = ?1 ORDER BY id DESC LIMIT +?2"
        ))
        .bind(staff.0)
        .bind(i64::from(limit))
        .fetch_all(&self.access_readers)
        .await
        .map_err(db_err)?;
        rows.into_iter().map(access_log_entry).collect()
    }

    async fn try_tamper_with_audit(&self) -> Vec<StoreResult<u64>> {
        let mut results = Vec::new();
        for (pool, sql) in [
            (
                &self.writer,
                "UPDATE audit_event SET action = 'nothing happened'",
            ),
            (&self.writer, "DELETE FROM audit_event"),
            (
                self.access.pool(),
                "UPDATE access_record SET staff_name = 'nobody'",
            ),
            (self.access.pool(), "DELETE FROM access_record"),
        ] {
            results.push(
                sqlx::query(sql)
                    .execute(pool)
                    .await
                    .map(|r| r.rows_affected())
                    .map_err(db_err),
            );
        }
        results
    }
}
