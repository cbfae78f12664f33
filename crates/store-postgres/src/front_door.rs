//! The front door (issue 3), written once for both databases in
//! `crates/store/sql/front_door.rs`; the record page's panel read is PostgreSQL's own,
//! below: one statement building JSON, as on SQLite.

use crate::dialect::*;

include!("../../store/sql/front_door.rs");

use crate::json_read;
use panel::{ContactRow, EpisodeRow, VersionRow, front_door_from};

impl SqlStore {
    /// The front door panel: the child's contacts, episodes and decision versions, in one
    /// statement (json_read.rs).
    pub(crate) async fn read_front_door(&self, child: PersonId) -> StoreResult<FrontDoorRecord> {
        let (contacts, episodes, versions): (Option<String>, Option<String>, Option<String>) =
            sqlx::query_as(
                "SELECT \
                 (SELECT json_agg(json_build_array(c.id, c.received_at, c.source_code, c.referrer_name, \
                         c.referrer_role, c.concerns, c.recorded_by, r.id) ORDER BY c.received_at DESC, c.id DESC) \
                  FROM contact c LEFT JOIN referral r ON r.contact_id = c.id WHERE c.child_id = $1)::text, \
                 (SELECT json_agg(json_build_array(r.id, r.contact_id, r.referral_date, c.source_code, \
                         r.primary_need_code, r.re_referral, r.decision_due, r.closure_date, \
                         r.closure_reason_code) ORDER BY r.referral_date DESC, r.id DESC) \
                  FROM referral r JOIN contact c ON c.id = r.contact_id WHERE r.child_id = $1)::text, \
                 (SELECT json_agg(json_build_array(referral_id, version, option_code, reasons, recorded_by, \
                         recorded_at, correction_reason) ORDER BY referral_id, version) FROM ( \
                    SELECT d.referral_id, 1 AS version, d.option_code, d.reasons, d.decided_by AS recorded_by, \
                    d.decided_at AS recorded_at, NULL::text AS correction_reason \
                    FROM referral_decision d JOIN referral r ON r.id = d.referral_id WHERE r.child_id = $1 \
                    UNION ALL \
                    SELECT x.referral_id, x.version, x.option_code, x.reasons, x.corrected_by, \
                    x.corrected_at, x.correction_reason \
                    FROM referral_decision_correction x JOIN referral r ON r.id = x.referral_id \
                    WHERE r.child_id = $1) AS versions)::text",
            )
            .bind(child.0)
            .fetch_one(&mut *self.read().await?)
            .await
            .map_err(db_err)?;
        let contacts: Vec<ContactRow> = json_read::decode_rows("the contacts", contacts)?;
        let episodes: Vec<EpisodeRow> = json_read::decode_rows("the episodes", episodes)?;
        // The decision as recorded is version 1; its corrections follow.
        let versions: Vec<VersionRow> = json_read::decode_rows("the decisions", versions)?;
        front_door_from(
            contacts.into_iter().map(Ok),
            episodes.into_iter().map(Ok),
            versions.into_iter().map(Ok),
        )
    }
}
