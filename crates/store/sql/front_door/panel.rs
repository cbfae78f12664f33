// The record page's front door panel: its rows, as each backend's `read_front_door` fetches
// them, made into the record. Written once for both databases: `include!`d by
// `../front_door.rs`.

use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::front_door::{
    ClosureReason, ContactId, DecisionOption, PrimaryNeed, ReferralId, ReferralSource,
};
use journey_store::{
    Contact, DecisionVersion, Episode, FrontDoorRecord, StoreError, StoreResult,
    decision_from_versions,
};

/// A stored code that is not in the DfE's list: the database was changed behind Journey.
pub(super) fn bad_code(what: &str, code: &str) -> StoreError {
    StoreError::Database(format!("unknown {what} code {code:?} in the database"))
}

/// A contact: id, received, source, referrer's name and role, concerns, recorded by, the
/// referral it became.
pub(super) type ContactRow = (
    i64,
    DateTime<Utc>,
    String,
    String,
    String,
    String,
    String,
    Option<i64>,
);

/// A referral and its episode. Read from a row, or (PostgreSQL's panel) from a JSON array of
/// the fields in this order.
#[derive(sqlx::FromRow, serde::Deserialize)]
pub(super) struct EpisodeRow {
    pub id: i64,
    pub contact_id: i64,
    pub referral_date: NaiveDate,
    pub source_code: String,
    pub primary_need_code: String,
    pub re_referral: bool,
    pub decision_due: NaiveDate,
    pub closure_date: Option<NaiveDate>,
    pub closure_reason_code: Option<String>,
}

/// One version of a decision: referral, version, option, reasons, by, at, correction reason.
pub(super) type VersionRow = (
    i64,
    i32,
    String,
    String,
    String,
    DateTime<Utc>,
    Option<String>,
);

/// The record from the panel's rows: contacts newest first, episodes newest first, and every
/// decision version of the child's referrals by referral and version.
pub(super) fn front_door_from(
    contacts: impl IntoIterator<Item = StoreResult<ContactRow>>,
    episodes: impl IntoIterator<Item = StoreResult<EpisodeRow>>,
    versions: impl IntoIterator<Item = StoreResult<VersionRow>>,
) -> StoreResult<FrontDoorRecord> {
    let mut versions = versions
        .into_iter()
        .map(|row| version_from(row?))
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(FrontDoorRecord {
        contacts: contacts
            .into_iter()
            .map(|row| contact_from(row?))
            .collect::<StoreResult<_>>()?,
        episodes: episodes
            .into_iter()
            .map(|row| episode_from(row?, &mut versions))
            .collect::<StoreResult<_>>()?,
    })
}

fn contact_from(row: ContactRow) -> StoreResult<Contact> {
    let (id, received_at, source, referrer_name, referrer_role, concerns, recorded_by, referral) =
        row;
    Ok(Contact {
        id: ContactId(id),
        received_at,
        source: ReferralSource::from_code(&source).ok_or_else(|| bad_code("source", &source))?,
        referrer_name,
        referrer_role,
        concerns,
        recorded_by,
        referral: referral.map(ReferralId),
    })
}

fn version_from(row: VersionRow) -> StoreResult<(ReferralId, DecisionVersion)> {
    let (referral, version, option, reasons, recorded_by, recorded_at, correction_reason) = row;
    Ok((
        ReferralId(referral),
        DecisionVersion {
            version,
            option: DecisionOption::from_code(&option)
                .ok_or_else(|| bad_code("decision", &option))?,
            reasons,
            recorded_by,
            recorded_at,
            correction_reason,
        },
    ))
}

/// `versions` holds every decision version of the child's referrals, by referral and version;
/// this episode's are taken out of it.
fn episode_from(
    row: EpisodeRow,
    versions: &mut Vec<(ReferralId, DecisionVersion)>,
) -> StoreResult<Episode> {
    let (mine, others): (Vec<_>, Vec<_>) = std::mem::take(versions)
        .into_iter()
        .partition(|(referral, _)| *referral == ReferralId(row.id));
    *versions = others;
    Ok(Episode {
        referral: ReferralId(row.id),
        contact: ContactId(row.contact_id),
        referral_date: row.referral_date,
        source: ReferralSource::from_code(&row.source_code)
            .ok_or_else(|| bad_code("source", &row.source_code))?,
        primary_need: PrimaryNeed::from_code(&row.primary_need_code)
            .ok_or_else(|| bad_code("primary need", &row.primary_need_code))?,
        re_referral: row.re_referral,
        decision_due: row.decision_due,
        decision: decision_from_versions(mine.into_iter().map(|(_, v)| v).collect()),
        closure_date: row.closure_date,
        closure_reason: row
            .closure_reason_code
            .map(|r| ClosureReason::from_code(&r).ok_or_else(|| bad_code("closure", &r)))
            .transpose()?,
    })
}
