//! UK postcodes: checked for shape (not looked up), stored in the Royal Mail's spacing.

use serde::Serialize;

/// A postcode in the UK format: an outward code (`A9`, `A99`, `AA9`, `AA99`, `A9A` or `AA9A`),
/// a space, and an inward code (`9AA`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Postcode(String);

impl Postcode {
    pub fn parse(typed: &str) -> Result<Postcode, &'static str> {
        let compact = Self::key(typed);
        let bytes = compact.as_bytes();
        let problem = "Enter a real postcode, like SW1A 2AA";
        if !(5..=7).contains(&bytes.len()) {
            return Err(problem);
        }
        let (outward, inward) = bytes.split_at(bytes.len() - 3);
        let inward_ok = matches!(inward, [d, a, b] if d.is_ascii_digit() && a.is_ascii_uppercase() && b.is_ascii_uppercase());
        let letter = |b: &u8| b.is_ascii_uppercase();
        let digit = |b: &u8| b.is_ascii_digit();
        let outward_ok = match outward {
            [a, b] => letter(a) && digit(b),
            [a, b, c] => {
                (letter(a) && digit(b) && (digit(c) || letter(c)))
                    || (letter(a) && letter(b) && digit(c))
            }
            [a, b, c, d] => letter(a) && letter(b) && digit(c) && (digit(d) || letter(d)),
            _ => false,
        };
        if !(inward_ok && outward_ok) {
            return Err(problem);
        }
        let (outward, inward) = compact.split_at(compact.len() - 3);
        Ok(Postcode(format!("{outward} {inward}")))
    }

    /// The form lookups compare: upper case, no spaces.
    pub fn key(typed: &str) -> String {
        typed
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_uppercase)
            .collect()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_uk_shape_is_accepted_and_spaced() {
        for (typed, stored) in [
            ("sw1a2aa", "SW1A 2AA"),
            ("M1 1AE", "M1 1AE"),
            ("B33 8TH", "B33 8TH"),
            ("CR2 6XH", "CR2 6XH"),
            ("DN55 1PT", "DN55 1PT"),
            ("W1A 0AX", "W1A 0AX"),
            (" ec1a 1bb ", "EC1A 1BB"),
        ] {
            assert_eq!(Postcode::parse(typed).unwrap().as_str(), stored, "{typed}");
        }
    }

    #[test]
    fn other_shapes_are_refused() {
        for typed in [
            "", "SW1A", "12345", "SW1A 2A1", "SWAA 2AA", "1W1A 2AA", "SW1A2AAA",
        ] {
            assert!(Postcode::parse(typed).is_err(), "{typed}");
        }
    }
}
