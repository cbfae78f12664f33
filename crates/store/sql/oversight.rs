// Reading back the audit trail and the access records. Written once for both databases:
// `include!`d by each backend's `oversight.rs` (names from its `dialect.rs`; where access
// records are kept and how a result list's people are stored from the wrapper itself).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use journey_domain::access::Relationship;
use journey_domain::access::{Capability, has_capability};
use journey_domain::ids::{EventId, PersonId, StaffId};
use journey_store::{
    APPEND_ONLY, AccessKind, AccessLogEntry, AccessLogPage, AccessLogQuery, Actor, AuditEntry,
    ChildAccess, DatabaseRefusal, Oversight, StoreError, StoreResult, TamperAttempt, TamperKind,
    Tampering,
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
    let (detail, reason) = AccessLogEntry::split_stored_detail(detail);
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
        reason,
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

impl SqlStore {
    /// One page of the access records about `child` (or, for `None`, about no one child's
    /// record), newest first, with the count of all the query matches. Paged in SQL by the
    /// `(child_id, id)` index, so a page costs the same however long the log.
    async fn access_page(
        &self,
        child: Option<PersonId>,
        query: &AccessLogQuery,
    ) -> StoreResult<AccessLogPage> {
        let child = child.map(|c| c.0);
        let staff = query.staff.map(|s| s.0);
        let kind = query.kind.map(AccessKind::code);
        // Two forms rather than `IS NOT DISTINCT FROM`, which PostgreSQL does not answer from
        // the index. `$1 IS NULL` only keeps the parameter used, so both bind the same.
        let matches = if child.is_some() {
            "child_id = $1"
        } else {
            "child_id IS NULL AND $1 IS NULL"
        };
        let filters = " AND ($2 IS NULL OR staff_id = $2) AND ($3 IS NULL OR kind = $3)";
        let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM access_record WHERE {matches}{filters}"
        )))
        .bind(child)
        .bind(staff)
        .bind(kind)
        .fetch_one(self.access_reads())
        .await
        .map_err(db_err)?;
        let total = u64::try_from(total).unwrap_or(0);
        let per_page = query.per_page.max(1);
        let pages = u32::try_from(total.div_ceil(u64::from(per_page)))
            .unwrap_or(u32::MAX)
            .max(1);
        let page = query.page.clamp(1, pages);
        // The statements are built from the two constant strings above.
        let rows: Vec<AccessRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT occurred_at, staff_id, staff_name, role, relationship, child_id, kind, detail, \
             request_id, people_shown FROM access_record WHERE {matches}{filters} \
             ORDER BY id DESC LIMIT +$4 OFFSET +$5"
        )))
        .bind(child)
        .bind(staff)
        .bind(kind)
        .bind(i64::from(per_page))
        .bind(i64::from(page - 1) * i64::from(per_page))
        .fetch_all(self.access_reads())
        .await
        .map_err(db_err)?;
        // The "who" choices of one child's log. The records about no child are every search
        // ever made: there the choices come from the staff list instead.
        let people = match child {
            Some(_) => {
                let people: Vec<(i64, String)> = sqlx::query_as(
                    "SELECT staff_id, MAX(staff_name) FROM access_record \
                     WHERE child_id = $1 AND staff_id IS NOT NULL GROUP BY staff_id",
                )
                .bind(child)
                .fetch_all(self.access_reads())
                .await
                .map_err(db_err)?;
                let mut people: Vec<(StaffId, String)> = people
                    .into_iter()
                    .map(|(id, name)| (StaffId(id), name))
                    .collect();
                people.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.0.cmp(&b.0.0)));
                people
            }
            None => Vec::new(),
        };
        Ok(AccessLogPage {
            entries: rows
                .into_iter()
                .map(access_log_entry)
                .collect::<StoreResult<_>>()?,
            page,
            pages,
            total,
            people,
        })
    }
}

#[async_trait]
impl Oversight for SqlStore {
    async fn access_log(
        &self,
        access: &ChildAccess,
        query: &AccessLogQuery,
    ) -> StoreResult<AccessLogPage> {
        self.record_access(vec![AccessLogEntry::through(
            access,
            AccessKind::ViewedAccessLog,
            "",
        )])
        .await?;
        self.access_page(Some(access.child()), query).await
    }

    async fn access_beyond_records(
        &self,
        actor: &Actor,
        query: &AccessLogQuery,
    ) -> StoreResult<Option<AccessLogPage>> {
        let capability = Capability::ReadAccessRecords;
        if !actor
            .staff
            .as_ref()
            .is_some_and(|s| has_capability(s.role, capability))
        {
            self.record_access(vec![AccessLogEntry::refused_ability(actor, capability)])
                .await?;
            return Ok(None);
        }
        self.record_access(vec![AccessLogEntry::by(
            actor,
            None,
            None,
            AccessKind::ViewedAccessLog,
            capability.code(),
        )])
        .await?;
        self.access_page(None, query).await.map(Some)
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

    /// Tries to change, delete and move every append-only table's rows, through the
    /// connections that write them: each attempt must be refused by the database itself.
    async fn try_tampering(&self) -> StoreResult<Tampering> {
        use TamperKind::{Delete, MoveOutsideAMerge, Update};
        let [audit, access] = self.audit_writers();
        let pool_for = |table: &str| {
            if table == "access_record" {
                access
            } else {
                audit
            }
        };
        let attempts: [(&'static str, TamperKind, &'static str); 20] = [
            (
                "audit_event",
                Update,
                "UPDATE audit_event SET action = 'nothing happened'",
            ),
            ("audit_event", Delete, "DELETE FROM audit_event"),
            (
                "access_record",
                Update,
                "UPDATE access_record SET staff_name = 'nobody'",
            ),
            ("access_record", Delete, "DELETE FROM access_record"),
            (
                "contact",
                Update,
                "UPDATE contact SET concerns = 'rewritten'",
            ),
            ("contact", Delete, "DELETE FROM contact"),
            (
                "contact",
                MoveOutsideAMerge,
                "UPDATE contact SET child_id = child_id",
            ),
            (
                "referral_decision",
                Update,
                "UPDATE referral_decision SET reasons = 'rewritten'",
            ),
            ("referral_decision", Delete, "DELETE FROM referral_decision"),
            (
                "referral_decision_correction",
                Update,
                "UPDATE referral_decision_correction SET reasons = 'rewritten'",
            ),
            (
                "referral_decision_correction",
                Delete,
                "DELETE FROM referral_decision_correction",
            ),
            (
                "case_note",
                Update,
                "UPDATE case_note SET note_key = 'rewritten'",
            ),
            ("case_note", Delete, "DELETE FROM case_note"),
            (
                "case_note",
                MoveOutsideAMerge,
                "UPDATE case_note SET child_id = child_id",
            ),
            (
                "case_note_version",
                Update,
                "UPDATE case_note_version SET body = 'rewritten'",
            ),
            ("case_note_version", Delete, "DELETE FROM case_note_version"),
            (
                "chronology_entry",
                Update,
                "UPDATE chronology_entry SET summary = 'rewritten'",
            ),
            (
                "chronology_entry",
                Update,
                "UPDATE chronology_entry SET recorded_at = occurred_at",
            ),
            ("chronology_entry", Delete, "DELETE FROM chronology_entry"),
            (
                "chronology_entry",
                MoveOutsideAMerge,
                "UPDATE chronology_entry SET child_id = child_id",
            ),
        ];
        let counts = async || -> StoreResult<Vec<i64>> {
            let mut counts = Vec::new();
            for table in APPEND_ONLY {
                let pool = pool_for(table);
                // The table names are the constants of APPEND_ONLY.
                let count: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                    "SELECT COUNT(*) FROM {table}"
                )))
                .fetch_one(pool)
                .await
                .map_err(db_err)?;
                counts.push(count);
            }
            Ok(counts)
        };
        let before = counts().await?;
        let mut tried = Vec::new();
        for (table, kind, sql) in attempts {
            let outcome = match sqlx::query(sql).execute(pool_for(table)).await {
                Ok(done) => Ok(done.rows_affected()),
                Err(sqlx::Error::Database(e)) => Err(DatabaseRefusal {
                    code: e.code().map(|c| c.into_owned()),
                    message: e.message().to_owned(),
                }),
                Err(other) => return Err(db_err(other)),
            };
            tried.push(TamperAttempt {
                table,
                kind,
                sql,
                outcome,
            });
        }
        let after = counts().await?;
        Ok(Tampering {
            signed_in_as: self.signed_in_as().await?,
            rows: APPEND_ONLY
                .into_iter()
                .zip(before)
                .zip(after)
                .map(|((table, before), after)| (table, before, after))
                .collect(),
            attempts: tried,
        })
    }
}
