//! The code lists as the JSON API reads and writes them: each is the domain's own list, named
//! by the domain's own codes (the DfE's, or the stored ones the pages send), so the API, the
//! pages and the database never spell a code differently. Each list is also its OpenAPI
//! schema (a string enum), built from the same list, so the document cannot miss a member.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, Utc};

use journey_domain::access::Relationship;
use journey_domain::allocations::ChangeReason;
use journey_domain::assessments::{AssessmentKind, AssessmentOutcome};
use journey_domain::babies::Destination;
use journey_domain::case_notes::{NoteKind, Seen};
use journey_domain::child_protection::{
    AbuseCategory, Agency, ConferenceDecision, EnquiryOutcome, PlanEndReason, StrategyDecision,
};
use journey_domain::families::kinds::RelationshipKind;
use journey_domain::families::matching::MatchReason;
use journey_domain::front_door::{ClosureReason, DecisionOption, PrimaryNeed, ReferralSource};
use journey_domain::person::Sex;
use journey_domain::person_details::codes::{DISABILITY, ETHNICITY};
use journey_domain::person_details::{IdentifierKind, WarningCategory};
use journey_domain::staff::Role;
use journey_store::AccessKind;
use serde::de::{Deserializer, Error as _};
use serde::{Deserialize, Serialize, Serializer};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::{PartialSchema, ToSchema};

/// Defines a code list type: a newtype over the domain's value that is written and read as
/// its code (an unknown code is refused with the list of known ones) and documented as an
/// enum of every code.
macro_rules! code_list {
    ($(#[$doc:meta])* $name:ident($inner:ty) = $all:expr, $code:expr;) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $name(pub $inner);

        impl $name {
            /// Every member, in the domain's order.
            pub fn all() -> impl Iterator<Item = $name> {
                $all.into_iter().map($name)
            }

            pub fn code(self) -> &'static str {
                let code: fn($inner) -> &'static str = $code;
                code(self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = Cow::<str>::deserialize(d)?;
                Self::all().find(|m| m.code() == text).ok_or_else(|| {
                    D::Error::custom(unknown(&text, Self::all().map(Self::code)))
                })
            }
        }

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                enum_schema(Self::all().map(Self::code))
            }
        }

        impl ToSchema for $name {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }
        }
    };
}

fn unknown(text: &str, codes: impl Iterator<Item = &'static str>) -> String {
    let codes: Vec<_> = codes.collect();
    format!("Unknown code \"{text}\": use one of {}", codes.join(", "))
}

fn enum_schema(codes: impl Iterator<Item = &'static str>) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(codes))
        .into()
}

code_list! {
    /// Sex as recorded for the DfE returns: M, F or U (not known).
    SexCode(Sex) = [Sex::Male, Sex::Female, Sex::NotKnown], Sex::code;
}

code_list! {
    /// A member of staff's role.
    RoleCode(Role) = Role::ALL, Role::code;
}

code_list! {
    /// How the member of staff is connected to the child.
    RelationshipCode(Relationship) = [
        Relationship::AllocatedWorker,
        Relationship::LineManager,
        Relationship::ReviewingOfficer,
        Relationship::Auditor,
        Relationship::Recorder,
        Relationship::Screening,
        Relationship::BreakGlass,
    ], Relationship::code;
}

code_list! {
    /// Why the child's social worker changed (SSDA903 SW_REASON).
    ChangeReasonCode(ChangeReason) = ChangeReason::ALL.iter().copied(), ChangeReason::code;
}

code_list! {
    /// What an access record records.
    AccessKindCode(AccessKind) = AccessKind::ALL, AccessKind::code;
}

code_list! {
    /// The kind of contact a note records.
    NoteKindCode(NoteKind) = NoteKind::ALL, NoteKind::code;
}

code_list! {
    /// A visit's answer as recorded: not_applicable where the question does not arise.
    SeenCode(Seen) = [Seen::Yes, Seen::No, Seen::NotApplicable], Seen::code;
}

code_list! {
    /// Who made the referral (CIN census ReferralSource).
    ReferralSourceCode(ReferralSource) = ReferralSource::ALL.iter().copied(), ReferralSource::code;
}

code_list! {
    /// The child's main need at referral (CIN census PrimaryNeedCode).
    PrimaryNeedCode(PrimaryNeed) = PrimaryNeed::ALL.iter().copied(), PrimaryNeed::code;
}

code_list! {
    /// Why a child in need episode ended (CIN census ReasonForClosure).
    ClosureReasonCode(ClosureReason) = ClosureReason::ALL.iter().copied(), ClosureReason::code;
}

code_list! {
    /// What the manager decides should happen next with a referral.
    DecisionOptionCode(DecisionOption) = DecisionOption::ALL.iter().copied(), DecisionOption::code;
}

code_list! {
    /// The agency a person at a meeting spoke for.
    AgencyCode(Agency) = Agency::ALL.iter().copied(), Agency::code;
}

code_list! {
    /// Which assessment: `child_and_family` or `pre_birth`.
    AssessmentKindCode(AssessmentKind) = AssessmentKind::ALL.iter().copied(), AssessmentKind::code;
}

code_list! {
    /// What an assessment concluded should happen next.
    AssessmentOutcomeCode(AssessmentOutcome) = AssessmentOutcome::ALL.iter().copied(), AssessmentOutcome::code;
}

code_list! {
    /// What a strategy discussion decided for the child.
    StrategyDecisionCode(StrategyDecision) = StrategyDecision::ALL.iter().copied(), StrategyDecision::code;
}

code_list! {
    /// The outcome of a section 47 enquiry.
    EnquiryOutcomeCode(EnquiryOutcome) = EnquiryOutcome::ALL.iter().copied(), EnquiryOutcome::code;
}

code_list! {
    /// What a child protection conference decided for the child.
    ConferenceDecisionCode(ConferenceDecision) = ConferenceDecision::ALL.iter().copied(), ConferenceDecision::code;
}

code_list! {
    /// The category of abuse (CIN census NEG, PHY, SAB, EMO, MUL).
    AbuseCategoryCode(AbuseCategory) = AbuseCategory::ALL.iter().copied(), AbuseCategory::code;
}

code_list! {
    /// Why a child protection plan ended.
    PlanEndReasonCode(PlanEndReason) = PlanEndReason::ALL.iter().copied(), PlanEndReason::code;
}

code_list! {
    /// Where a baby goes on leaving hospital.
    DestinationCode(Destination) = Destination::ALL.iter().copied(), Destination::code;
}

code_list! {
    /// What kind of risk a warning describes.
    WarningCategoryCode(WarningCategory) = WarningCategory::ALL, WarningCategory::code;
}

code_list! {
    /// Which kind of identifier: a UPN or an NHS number.
    IdentifierKindCode(IdentifierKind) = [IdentifierKind::Upn, IdentifierKind::NhsNumber], IdentifierKind::code;
}

code_list! {
    /// What the relative is to the child, from the child's side.
    RelationshipKindCode(RelationshipKind) = RelationshipKind::ALL, RelationshipKind::code;
}

code_list! {
    /// CIN census ethnicity (validation rule 4220).
    EthnicityCode(&'static str) = ETHNICITY.iter().map(|(code, _)| *code), |code| code;
}

code_list! {
    /// CIN census disability (validation rule 8540); NONE stands alone.
    DisabilityCode(&'static str) = DISABILITY.iter().map(|(code, _)| *code), |code| code;
}

code_list! {
    /// Why a person on record may be the child about to be recorded.
    MatchReasonCode(MatchReason) = [
        MatchReason::SameLastName,
        MatchReason::SimilarLastName,
        MatchReason::SameFirstName,
        MatchReason::SimilarFirstName,
        MatchReason::SameDateOfBirth,
    ], match_reason;
}

/// The domain serialises match reasons by name only; this is the same spelling.
fn match_reason(reason: MatchReason) -> &'static str {
    match reason {
        MatchReason::SameLastName => "same_last_name",
        MatchReason::SimilarLastName => "similar_last_name",
        MatchReason::SameFirstName => "same_first_name",
        MatchReason::SimilarFirstName => "similar_first_name",
        MatchReason::SameDateOfBirth => "same_date_of_birth",
    }
}

/// A calendar date in ISO 8601 form (`2026-03-02`), and nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[schema(value_type = String, format = Date, example = "2026-03-02")]
pub struct IsoDate(pub NaiveDate);

impl<'de> Deserialize<'de> for IsoDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(d)?;
        journey_domain::dates::iso_date(&text)
            .map(IsoDate)
            .ok_or_else(|| {
                D::Error::custom(format!(
                    "\"{text}\" is not a date in the form YYYY-MM-DD, such as 2026-03-02"
                ))
            })
    }
}

/// An instant in RFC 3339 form: `2026-03-02T09:30:00Z`, or with an offset such as `+01:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[schema(value_type = String, format = DateTime, example = "2026-03-02T09:30:00Z")]
pub struct Instant(pub DateTime<Utc>);

impl<'de> Deserialize<'de> for Instant {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(d)?;
        DateTime::parse_from_rfc3339(&text)
            .map(|at| Instant(at.with_timezone(&Utc)))
            .map_err(|_| {
                D::Error::custom(format!(
                    "\"{text}\" is not a date and time in RFC 3339 form, such as 2026-03-02T09:30:00Z"
                ))
            })
    }
}

pub fn date(value: Option<IsoDate>) -> Option<NaiveDate> {
    value.map(|d| d.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn dates_are_iso_only_and_instants_rfc_3339() {
        let read = |v: Value| serde_json::from_value::<IsoDate>(v).ok().map(|d| d.0);
        assert_eq!(
            read(serde_json::json!("2026-03-02")),
            NaiveDate::from_ymd_opt(2026, 3, 2)
        );
        assert_eq!(read(serde_json::json!("02/03/2026")), None);
        assert_eq!(read(serde_json::json!("2026-3-2")), None);
        assert_eq!(read(serde_json::json!(20260302)), None);
        let at = serde_json::from_value::<Instant>(serde_json::json!("2026-06-01T09:40:00+01:00"))
            .ok()
            .map(|i| i.0.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        assert_eq!(at.as_deref(), Some("2026-06-01T08:40:00Z"));
        assert!(serde_json::from_value::<Instant>(serde_json::json!("2026-06-01 09:40")).is_err());
    }

    /// The API's spelling of each code is the one the domain already writes to JSON.
    fn same_as_domain<T: Serialize>(ours: impl Serialize, domain: T) {
        assert_eq!(
            serde_json::to_value(ours).ok(),
            serde_json::to_value(domain).ok()
        );
    }

    #[test]
    fn codes_are_spelt_as_the_domain_spells_them() {
        for m in SexCode::all() {
            same_as_domain(m, m.0);
        }
        for m in RelationshipCode::all() {
            same_as_domain(m, m.0);
        }
        for m in MatchReasonCode::all() {
            same_as_domain(m, m.0);
        }
        for m in NoteKindCode::all() {
            same_as_domain(m, m.0);
        }
        for m in SeenCode::all() {
            same_as_domain(m, m.0);
        }
        for m in ReferralSourceCode::all() {
            same_as_domain(m, m.0);
        }
        for m in AccessKindCode::all() {
            same_as_domain(m, m.0);
        }
        for m in IdentifierKindCode::all() {
            same_as_domain(m, m.0);
        }
    }

    #[test]
    fn an_unknown_code_is_refused_naming_the_known_ones() {
        let refused = serde_json::from_value::<SexCode>(serde_json::json!("X"));
        let message = refused.map(|_| ()).err().map(|e| e.to_string());
        assert_eq!(
            message.as_deref(),
            Some("Unknown code \"X\": use one of M, F, U")
        );
        assert!(serde_json::from_value::<SexCode>(serde_json::json!(true)).is_err());
        let read = serde_json::from_value::<PrimaryNeedCode>(serde_json::json!("N4"));
        assert_eq!(read.ok().map(|c| c.0), Some(PrimaryNeed::AcuteStress));
    }
}
