//! The front door (issue 3), written once for both databases in
//! `crates/store/sql/front_door.rs`; the record page's panel read is SQLite's own, below.

use crate::dialect::*;

include!("../../store/sql/front_door.rs");

use crate::codec::{parse_date, parse_opt_date, parse_ts};
use crate::json_read;
use panel::{EpisodeRow, front_door_from};

/// The panel's rows as its JSON holds them, with dates and timestamps as stored text.
type ContactJson = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<i64>,
);
type EpisodeJson = (
    i64,
    i64,
    String,
    String,
    String,
    bool,
    String,
    Option<String>,
    Option<String>,
);
type VersionJson = (i64, i32, String, String, String, String, Option<String>);

impl SqlStore {
    /// The front door panel: the child's contacts, episodes and decision versions. On the
    /// record page, so one statement (json_read.rs); `json(iif(..))` keeps a flag a JSON
    /// boolean.
    pub(crate) async fn read_front_door(&self, child: PersonId) -> StoreResult<FrontDoorRecord> {
        let (contacts, episodes, versions): (String, String, String) = sqlx::query_as(
            "SELECT \
             (SELECT json_group_array(json_array(c.id, c.received_at, c.source_code, c.referrer_name, \
                     c.referrer_role, c.concerns, c.recorded_by, r.id) ORDER BY c.received_at DESC, c.id DESC) \
              FROM contact c LEFT JOIN referral r ON r.contact_id = c.id WHERE c.child_id = ?1), \
             (SELECT json_group_array(json_array(r.id, r.contact_id, r.referral_date, c.source_code, \
                     r.primary_need_code, json(iif(r.re_referral, 'true', 'false')), r.decision_due, \
                     r.closure_date, r.closure_reason_code) ORDER BY r.referral_date DESC, r.id DESC) \
              FROM referral r JOIN contact c ON c.id = r.contact_id WHERE r.child_id = ?1), \
             (SELECT json_group_array(json_array(referral_id, version, option_code, reasons, by, at, \
                     correction_reason) ORDER BY referral_id, version) FROM ( \
                SELECT d.referral_id, 1 AS version, d.option_code, d.reasons, d.decided_by AS by, \
                d.decided_at AS at, NULL AS correction_reason \
                FROM referral_decision d JOIN referral r ON r.id = d.referral_id WHERE r.child_id = ?1 \
                UNION ALL \
                SELECT x.referral_id, x.version, x.option_code, x.reasons, x.corrected_by, \
                x.corrected_at, x.correction_reason \
                FROM referral_decision_correction x JOIN referral r ON r.id = x.referral_id \
                WHERE r.child_id = ?1))",
        )
        .bind(child.0)
        .fetch_one(&mut *self.read().await?)
        .await
        .map_err(db_err)?;
        let contacts: Vec<ContactJson> = json_read::decode("the contacts", &contacts)?;
        let episodes: Vec<EpisodeJson> = json_read::decode("the episodes", &episodes)?;
        // The decision as recorded is version 1; its corrections follow.
        let versions: Vec<VersionJson> = json_read::decode("the decisions", &versions)?;
        front_door_from(
            contacts
                .into_iter()
                .map(|(id, at, source, name, role, concerns, by, referral)| {
                    Ok((
                        id,
                        parse_ts(&at)?,
                        source,
                        name,
                        role,
                        concerns,
                        by,
                        referral,
                    ))
                }),
            episodes.into_iter().map(
                |(id, contact_id, referred, source, need, re_referral, due, closed, reason)| {
                    Ok(EpisodeRow {
                        id,
                        contact_id,
                        referral_date: parse_date(&referred)?,
                        source_code: source,
                        primary_need_code: need,
                        re_referral,
                        decision_due: parse_date(&due)?,
                        closure_date: parse_opt_date(closed)?,
                        closure_reason_code: reason,
                    })
                },
            ),
            versions.into_iter().map(
                |(referral, version, option, reasons, by, at, correction_reason)| {
                    Ok((
                        referral,
                        version,
                        option,
                        reasons,
                        by,
                        parse_ts(&at)?,
                        correction_reason,
                    ))
                },
            ),
        )
    }
}
