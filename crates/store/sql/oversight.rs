// Reading back the audit trail and the access records. Written once for both databases:
// `include!`d by each backend's `oversight.rs` (names from its `dialect.rs`; where access
// records are kept and how a result list's people are stored from the wrapper itself).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use journey_domain::access::Relationship;
use journey_domain::ids::{EventId, PersonId, StaffId};
use journey_store::{
    AccessKind, AccessLogEntry, AuditEntry, ChildAccess, Oversight, StoreError, StoreResult,
};

type AccessRow = (
    DateTime<Utc>,
    Option<i64>,
    String,
    String,
    Option<String>,
    Option<i64>,
    String,
    String,
    String,
    Option<PeopleShown>,
);

fn access_log_entry(row: AccessRow) -> StoreResult<AccessLogEntry> {
    let (
        occurred_at,
        staff,
        staff_name,
        role,
        relationship,
        child,
        kind,
        detail,
        request_id,
        shown,
    ) = row;
    Ok(AccessLogEntry {
        occurred_at,
        staff: staff.map(StaffId),
        staff_name,
        role,
        relationship: relationship.as_deref().and_then(Relationship::from_code),
        child: child.map(PersonId),
        kind: AccessKind::from_code(&kind)
            .ok_or_else(|| StoreError::Database(format!("unknown access kind {kind}")))?,
        detail,
        request_id,
        people_shown: people_shown(shown)?,
    })
}

// The limit is written `LIMIT +$2` so SQLite does not prepare the statement again each time it
// is bound (see the SQLite crate's root); to PostgreSQL it is the same limit.
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

/// An audit record as `SELECT id, occurred_at, actor_id, actor_role, relationship, child_id,
/// action, request_id, subject` reads it.
pub(crate) type AuditRow = (
    i64,
    DateTime<Utc>,
    Option<i64>,
    String,
    Option<String>,
    Option<i64>,
    String,
    String,
    Option<String>,
);

pub(crate) fn audit_entry(row: AuditRow) -> AuditEntry {
    let (id, occurred_at, actor, actor_role, relationship, child, action, request_id, subject) =
        row;
    AuditEntry {
        event: EventId(id),
        occurred_at,
        actor: actor.map(StaffId),
        actor_role,
        relationship,
        child: child.map(PersonId),
        action,
        request_id,
        subject,
    }
}

#[async_trait]
impl Oversight for SqlStore {
    async fn access_log(
        &self,
        access: &ChildAccess,
        limit: u32,
    ) -> StoreResult<Vec<AccessLogEntry>> {
        self.record_access(vec![AccessLogEntry::by(
            access.actor(),
            Some(access.relationship()),
            Some(access.child()),
            AccessKind::ViewedAccessLog,
            "",
        )])
        .await?;
        let rows: Vec<AccessRow> = sqlx::query_as(select_access!(
            "WHERE child_id = $1 ORDER BY id DESC LIMIT +$2"
        ))
        .bind(access.child().0)
        .bind(i64::from(limit))
        .fetch_all(self.access_reads())
        .await
        .map_err(db_err)?;
        rows.into_iter().map(access_log_entry).collect()
    }

    async fn audit_trail(&self, child: PersonId) -> StoreResult<Vec<AuditEntry>> {
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT id, occurred_at, actor_id, actor_role, relationship, child_id, action, request_id, subject \
             FROM audit_event WHERE child_id = $1 ORDER BY id",
        )
        .bind(child.0)
        .fetch_all(&mut *self.read().await?)
        .await
        .map_err(db_err)?;
        Ok(rows.into_iter().map(audit_entry).collect())
    }

    async fn access_by_staff(
        &self,
        staff: StaffId,
        limit: u32,
    ) -> StoreResult<Vec<AccessLogEntry>> {
        let rows: Vec<AccessRow> = sqlx::query_as(select_access!(
            "WHERE staff_id = $1 ORDER BY id DESC LIMIT +$2"
        ))
        .bind(staff.0)
        .bind(i64::from(limit))
        .fetch_all(self.access_reads())
        .await
        .map_err(db_err)?;
        rows.into_iter().map(access_log_entry).collect()
    }

    /// Tries to change and delete the audit trail and the access records, through the
    /// connections that write them: each attempt must be refused by the database itself.
    async fn try_tamper_with_audit(&self) -> Vec<StoreResult<u64>> {
        let [audit, access] = self.audit_writers();
        let mut results = Vec::new();
        for (pool, sql) in [
            (audit, "UPDATE audit_event SET action = 'nothing happened'"),
            (audit, "DELETE FROM audit_event"),
            (access, "UPDATE access_record SET staff_name = 'nobody'"),
            (access, "DELETE FROM access_record"),
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
