//! The front door (issue 3), written once for both databases in
//! `crates/store/sql/front_door.rs`; the record page's panel read is PostgreSQL's own, below.

use crate::dialect::*;

include!("../../store/sql/front_door.rs");

use panel::{ContactRow, EpisodeRow, VersionRow, front_door_from};

impl SqlStore {
    /// The front door panel: the child's contacts, episodes and decision versions.
    pub(crate) async fn read_front_door(&self, child: PersonId) -> StoreResult<FrontDoorRecord> {
        let mut conn = self.read().await?;
        let contacts: Vec<ContactRow> = sqlx::query_as(
            "SELECT c.id, c.received_at, c.source_code, c.referrer_name, c.referrer_role, \
             c.concerns, c.recorded_by, r.id FROM contact c LEFT JOIN referral r ON r.contact_id = c.id \
             WHERE c.child_id = $1 ORDER BY c.received_at DESC, c.id DESC",
        )
        .bind(child.0)
        .fetch_all(&mut *conn)
        .await
        .map_err(db_err)?;
        let episodes: Vec<EpisodeRow> = sqlx::query_as(
            "SELECT r.id, r.contact_id, r.referral_date, c.source_code, r.primary_need_code, \
             r.re_referral, r.decision_due, r.closure_date, r.closure_reason_code \
             FROM referral r JOIN contact c ON c.id = r.contact_id \
             WHERE r.child_id = $1 ORDER BY r.referral_date DESC, r.id DESC",
        )
        .bind(child.0)
        .fetch_all(&mut *conn)
        .await
        .map_err(db_err)?;
        // The decision as recorded is version 1; its corrections follow.
        let versions: Vec<VersionRow> = sqlx::query_as(
            "SELECT d.referral_id, 1, d.option_code, d.reasons, d.decided_by, d.decided_at, \
             NULL::text FROM referral_decision d JOIN referral r ON r.id = d.referral_id \
             WHERE r.child_id = $1 \
             UNION ALL \
             SELECT x.referral_id, x.version, x.option_code, x.reasons, x.corrected_by, \
             x.corrected_at, x.correction_reason \
             FROM referral_decision_correction x JOIN referral r ON r.id = x.referral_id \
             WHERE r.child_id = $1 ORDER BY 1, 2",
        )
        .bind(child.0)
        .fetch_all(&mut *conn)
        .await
        .map_err(db_err)?;
        front_door_from(
            contacts.into_iter().map(Ok),
            episodes.into_iter().map(Ok),
            versions.into_iter().map(Ok),
        )
    }
}
