//! The numbers that identify a child to other services: the Unique Pupil Number (schools),
//! the NHS number (health) and the authority's own child ID (the CIN census `LAchildID`).

use serde::Serialize;

use crate::ids::PersonId;

/// The prefix of the authority's child ID. Decided here, not typed by anyone: the ID is derived
/// from Journey's person id, so it never changes, is never re-used and needs no counter.
pub const CHILD_ID_PREFIX: &str = "NC";

/// The authority's child ID, shown everywhere the child is named: `NC-000123`.
pub fn authority_child_id(id: PersonId) -> String {
    format!("{CHILD_ID_PREFIX}-{:06}", id.0)
}

/// The letters a UPN uses for check letters and for the last character of a temporary UPN,
/// in the order of their values 0..=22 (I, O and S are left out: they look like 1, 0 and 5).
const UPN_LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPQRTUVWXYZ";

/// A Unique Pupil Number, checked against the DfE's rules:
/// 13 characters; character 1 is a check letter computed from the other 12; characters 2-4
/// are the local authority's number, 5-6 the year of allocation, 7-12 the school's and the
/// pupil's serial digits; character 13 is a digit, or for a temporary UPN a letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Upn(String);

impl Upn {
    /// Reads a UPN as typed: spaces are ignored and letters may be lower case.
    pub fn parse(typed: &str) -> Result<Upn, &'static str> {
        let upn: String = typed
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_uppercase)
            .collect();
        let bytes = upn.as_bytes();
        if !upn.is_ascii() || bytes.len() != 13 {
            return Err("UPN must be 13 characters, like A123456789012");
        }
        let (first, rest) = bytes.split_at(1);
        let (middle, last) = rest.split_at(11);
        if !first.iter().all(u8::is_ascii_uppercase) {
            return Err("UPN must start with a letter");
        }
        if !middle.iter().all(u8::is_ascii_digit) {
            return Err("Characters 2 to 12 of a UPN must be numbers");
        }
        if middle.starts_with(b"000") {
            return Err("Characters 2 to 4 of a UPN must be a local authority number");
        }
        let last = last.first().copied().unwrap_or(b'?');
        if !(last.is_ascii_digit() || UPN_LETTERS.contains(&last)) {
            return Err(
                "The last character of a UPN must be a number, or a letter other than I, O or S",
            );
        }
        if Some(first.first().copied().unwrap_or(b'?')) != upn_check_letter(rest) {
            return Err("UPN is not valid: check it has been copied correctly");
        }
        Ok(Upn(upn))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The UPN whose last 12 characters are `body`, with its check letter (for demo data).
    pub fn with_check_letter(body: &str) -> Option<Upn> {
        let letter = upn_check_letter(body.as_bytes())?;
        Upn::parse(&format!("{}{body}", char::from(letter))).ok()
    }

    /// A temporary UPN ends in a letter: the school will replace it with a permanent one.
    pub fn is_temporary(&self) -> bool {
        self.0.as_bytes().last().is_some_and(u8::is_ascii_uppercase)
    }
}

/// The check letter of characters 2-13: each weighted by its position (2 to 13), a trailing
/// letter counted by its place in [`UPN_LETTERS`], the sum modulo 23 read back as a letter.
fn upn_check_letter(rest: &[u8]) -> Option<u8> {
    let mut sum = 0usize;
    for (weight, c) in (2usize..).zip(rest) {
        let value = if c.is_ascii_digit() {
            usize::from(c - b'0')
        } else {
            UPN_LETTERS.iter().position(|l| l == c)?
        };
        sum += value * weight;
    }
    UPN_LETTERS.get(sum % 23).copied()
}

/// An NHS number: 10 digits, the last a modulus 11 check digit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct NhsNumber(String);

impl NhsNumber {
    /// Reads an NHS number as typed: spaces and hyphens are ignored (`943 476 5919`).
    pub fn parse(typed: &str) -> Result<NhsNumber, &'static str> {
        let digits: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if digits.len() != 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err("NHS number must be 10 numbers, like 943 476 5919");
        }
        let values: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
        let (body, check) = values.split_at(9);
        // Weights 10 down to 2; the check digit is 11 minus the remainder, 11 counting as 0.
        let sum: u32 = body.iter().zip((2..=10).rev()).map(|(d, w)| d * w).sum();
        let expected = match 11 - sum % 11 {
            11 => 0,
            // A remainder of 1 gives 10, which no NHS number is issued with.
            10 => return Err("NHS number is not valid: check it has been copied correctly"),
            digit => digit,
        };
        if check.first() != Some(&expected) {
            return Err("NHS number is not valid: check it has been copied correctly");
        }
        Ok(NhsNumber(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The NHS number whose first 9 digits are `body`, with its check digit, if it has one.
    pub fn with_check_digit(body: &str) -> Option<NhsNumber> {
        (0..=9)
            .map(|d| format!("{body}{d}"))
            .find_map(|n| NhsNumber::parse(&n).ok())
    }

    /// In the NHS's own spacing: `943 476 5919`.
    pub fn spaced(&self) -> String {
        let (a, rest) = self.0.split_at(3.min(self.0.len()));
        let (b, c) = rest.split_at(3.min(rest.len()));
        format!("{a} {b} {c}")
    }
}

/// Which kind of identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentifierKind {
    Upn,
    NhsNumber,
}

impl IdentifierKind {
    pub fn code(self) -> &'static str {
        match self {
            IdentifierKind::Upn => "upn",
            IdentifierKind::NhsNumber => "nhs_number",
        }
    }

    pub fn from_code(code: &str) -> Option<IdentifierKind> {
        match code {
            "upn" => Some(IdentifierKind::Upn),
            "nhs_number" => Some(IdentifierKind::NhsNumber),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            IdentifierKind::Upn => "UPN",
            IdentifierKind::NhsNumber => "NHS number",
        }
    }
}

/// A checked identifier of either kind, for looking a person up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identifier {
    Upn(Upn),
    NhsNumber(NhsNumber),
}

impl Identifier {
    pub fn parse(kind: IdentifierKind, typed: &str) -> Result<Identifier, &'static str> {
        match kind {
            IdentifierKind::Upn => Upn::parse(typed).map(Identifier::Upn),
            IdentifierKind::NhsNumber => NhsNumber::parse(typed).map(Identifier::NhsNumber),
        }
    }

    pub fn kind(&self) -> IdentifierKind {
        match self {
            Identifier::Upn(_) => IdentifierKind::Upn,
            Identifier::NhsNumber(_) => IdentifierKind::NhsNumber,
        }
    }

    pub fn value(&self) -> &str {
        match self {
            Identifier::Upn(u) => u.as_str(),
            Identifier::NhsNumber(n) => n.as_str(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_authority_child_id_is_derived_from_the_person() {
        assert_eq!(authority_child_id(PersonId(123)), "NC-000123");
        assert_eq!(authority_child_id(PersonId(1_234_567)), "NC-1234567");
    }

    #[test]
    fn upn_check_letters_follow_the_dfe_rule() {
        // 8*2 + 1*4 + 2*5 + 5*10 + 1*13 = 93; 93 mod 23 = 1 → B.
        assert_eq!(
            Upn::parse("B801200005001").unwrap().as_str(),
            "B801200005001"
        );
        assert_eq!(
            Upn::parse(" b80120 0005001 ").unwrap().as_str(),
            "B801200005001"
        );
        assert_eq!(
            Upn::parse("A801200005001"),
            Err("UPN is not valid: check it has been copied correctly")
        );
        // A temporary UPN ends in a letter, counted by its place in the alphabet without I, O, S.
        // 9*2 + 3*3 + 8*4 + 2*5 + 6*6 + 1*7 + 2*8 + 3*9 + 4*10 + 5*11 + 6*12 + 0*13 (A) = 322;
        // 322 mod 23 = 0 → A.
        let temporary = Upn::parse("A93826123456A").unwrap();
        assert!(temporary.is_temporary());
        assert!(!Upn::parse("B801200005001").unwrap().is_temporary());
    }

    #[test]
    fn malformed_upns_say_what_is_wrong() {
        assert!(
            Upn::parse("B80120000500")
                .unwrap_err()
                .contains("13 characters")
        );
        assert!(
            Upn::parse("1801200005001")
                .unwrap_err()
                .contains("start with a letter")
        );
        assert!(
            Upn::parse("B8012000X5001")
                .unwrap_err()
                .contains("must be numbers")
        );
        assert!(
            Upn::parse("B000200005001")
                .unwrap_err()
                .contains("local authority")
        );
        assert!(
            Upn::parse("B80120000500I")
                .unwrap_err()
                .contains("other than I, O or S")
        );
        assert!(Upn::parse("B80120000500é").is_err());
    }

    #[test]
    fn nhs_numbers_carry_a_modulus_11_check_digit() {
        let nhs = NhsNumber::parse("943 476 5919").unwrap();
        assert_eq!(nhs.as_str(), "9434765919");
        assert_eq!(nhs.spaced(), "943 476 5919");
        assert!(NhsNumber::parse("401-023-2137").is_ok());
        assert!(
            NhsNumber::parse("9434765918")
                .unwrap_err()
                .contains("not valid")
        );
        assert!(
            NhsNumber::parse("943476591")
                .unwrap_err()
                .contains("10 numbers")
        );
        assert!(
            NhsNumber::parse("943476591X")
                .unwrap_err()
                .contains("10 numbers")
        );
        // 1*10 + 2*9 + 3*8 = 52; 52 mod 11 = 8; 11 - 8 = 3.
        assert!(NhsNumber::parse("1230000003").is_ok());
        // A remainder of 1 would need a check digit of 10: never issued, always invalid.
        // 1*10 + 1*2 = 12; 12 mod 11 = 1.
        for last in 0..=9 {
            assert!(NhsNumber::parse(&format!("100000001{last}")).is_err());
        }
    }

    #[test]
    fn check_characters_can_be_added_to_a_body() {
        assert_eq!(
            Upn::with_check_letter("801200005001").unwrap().as_str(),
            "B801200005001"
        );
        assert_eq!(
            NhsNumber::with_check_digit("943476591").unwrap().as_str(),
            "9434765919"
        );
        assert_eq!(NhsNumber::with_check_digit("100000001"), None);
    }

    #[test]
    fn identifiers_parse_by_kind() {
        let id = Identifier::parse(IdentifierKind::NhsNumber, "9434765919").unwrap();
        assert_eq!(id.kind(), IdentifierKind::NhsNumber);
        assert_eq!(id.value(), "9434765919");
        assert_eq!(IdentifierKind::from_code("upn"), Some(IdentifierKind::Upn));
        assert_eq!(IdentifierKind::from_code("passport"), None);
    }
}
