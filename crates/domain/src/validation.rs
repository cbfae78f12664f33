//! Field-by-field problems with what a user typed.
//!
//! Parsing a form produces either a domain value or a list of [`FieldError`]s, each naming the
//! field it belongs to, so the page can show the GOV.UK error summary and a message at the field.

use serde::Serialize;

/// One problem with one field, in words a user can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The form field's name (and the id of its input, so the summary can link to it).
    pub field: String,
    pub message: String,
}

/// Every problem found in one submission, in the order of the form's fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{} problem(s) with the input", errors.len())]
pub struct FieldErrors {
    pub errors: Vec<FieldError>,
}

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn single(field: &str, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError {
            field: field.to_owned(),
            message: message.into(),
        });
    }

    /// Adds another set of problems, keeping only the first message for each field.
    pub fn merge(&mut self, other: FieldErrors) {
        for error in other.errors {
            if self.message_for(&error.field).is_none() {
                self.errors.push(error);
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn message_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// Adds `more`'s problems at fields that have none yet: the first message a field got
    /// (reading its text, or its type) stands alone.
    pub fn merge_new(mut self, more: FieldErrors) -> FieldErrors {
        for error in more.errors {
            if self.message_for(&error.field).is_none() {
                self.add(&error.field, error.message);
            }
        }
        self
    }

    /// The parsed value when neither these nor the parser found a problem; otherwise every
    /// problem, these first (see [`FieldErrors::merge_new`]).
    pub fn and_parsed<T>(self, parsed: Result<T, FieldErrors>) -> Result<T, FieldErrors> {
        match parsed {
            Ok(value) if self.is_empty() => Ok(value),
            Ok(_) => Err(self),
            Err(more) => Err(self.merge_new(more)),
        }
    }

    /// `Ok(value)` when nothing was wrong, otherwise every problem found.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

/// Takes a required text field: trims it, refuses it empty or too long.
pub fn required_text(
    errors: &mut FieldErrors,
    field: &str,
    what: &str,
    value: &str,
    max_chars: usize,
) -> String {
    let value = value.trim();
    if value.is_empty() {
        errors.add(field, format!("Enter {what}"));
    } else if value.chars().count() > max_chars {
        errors.add(
            field,
            format!(
                "{} must be {max_chars} characters or fewer",
                capitalise(what)
            ),
        );
    } else if value.chars().any(|c| c.is_control()) {
        errors.add(
            field,
            format!("{} must not contain control characters", capitalise(what)),
        );
    }
    value.to_owned()
}

/// Takes a required name, or other text shown as a name (an address line, a referrer): as
/// [`required_text`], and refused if it holds a character that can disguise it
/// ([`is_disguising`]).
pub fn required_name(
    errors: &mut FieldErrors,
    field: &str,
    what: &str,
    value: &str,
    max_chars: usize,
) -> String {
    let name = required_text(errors, field, what, value, max_chars);
    if errors.message_for(field).is_none() {
        refuse_disguise(errors, field, what, &name);
    }
    name
}

/// Unicode's zero-width characters, direction marks and bidirectional embeddings, overrides
/// and isolates, and the byte-order mark. Unseen, they make two names that look the same
/// differ (so search and likely matches miss a child) or reorder what is shown beside them.
/// Names refuse them; case notes and reasons keep them, and pages show them as codes.
pub fn is_disguising(ch: char) -> bool {
    matches!(
        ch,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// Adds the field's message when `value`, shown as a name, holds a disguising character.
pub fn refuse_disguise(errors: &mut FieldErrors, field: &str, what: &str, value: &str) {
    if value.chars().any(is_disguising) {
        errors.add(
            field,
            format!(
                "{} must not contain hidden formatting characters, such as a zero-width space or a right-to-left mark",
                capitalise(what)
            ),
        );
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_message_a_field_got_stands_and_the_parser_fills_the_rest() {
        let typed = FieldErrors::single("date", "Date must be a real date");
        let mut parser = FieldErrors::new();
        parser.add("date", "Enter the date");
        parser.add("reason", "Choose a reason");
        let all = typed.and_parsed::<()>(Err(parser)).unwrap_err();
        assert_eq!(all.message_for("date"), Some("Date must be a real date"));
        assert_eq!(all.message_for("reason"), Some("Choose a reason"));
        assert_eq!(all.errors.len(), 2);
        // A value parsed is refused while the text had a problem, and returned when not.
        let typed = FieldErrors::single("time", "Enter a time");
        assert!(typed.and_parsed(Ok(1)).is_err());
        assert_eq!(FieldErrors::new().and_parsed(Ok(1)), Ok(1));
    }

    #[test]
    fn required_text_names_the_field_and_the_problem() {
        let mut errors = FieldErrors::new();
        assert_eq!(
            required_text(
                &mut errors,
                "given_name",
                "the child's first name",
                "  Ava ",
                50
            ),
            "Ava"
        );
        assert!(errors.is_empty());
        required_text(
            &mut errors,
            "family_name",
            "the child's last name",
            "   ",
            50,
        );
        required_text(
            &mut errors,
            "given_name",
            "the child's first name",
            &"x".repeat(51),
            50,
        );
        assert_eq!(
            errors.message_for("family_name"),
            Some("Enter the child's last name")
        );
        assert_eq!(
            errors.message_for("given_name"),
            Some("The child's first name must be 50 characters or fewer")
        );
        assert!(errors.into_result(()).is_err());
    }

    #[test]
    fn a_name_with_any_disguising_character_is_refused_at_its_field() {
        let listed = ('\u{200B}'..='\u{200F}')
            .chain('\u{202A}'..='\u{202E}')
            .chain('\u{2066}'..='\u{2069}')
            .chain(['\u{FEFF}']);
        for ch in listed {
            let mut errors = FieldErrors::new();
            let typed = format!("Ann{ch}a");
            required_name(&mut errors, "given_name", "the first name", &typed, 100);
            assert_eq!(
                errors.message_for("given_name"),
                Some(
                    "The first name must not contain hidden formatting characters, such as a zero-width space or a right-to-left mark"
                ),
                "U+{:04X}",
                u32::from(ch)
            );
            assert_eq!(errors.errors.len(), 1);
        }
    }

    #[test]
    fn ordinary_names_from_any_script_are_taken() {
        for name in ["Zoë", "O'Neil-Smith", "محمد", "Đặng", "Siân"] {
            let mut errors = FieldErrors::new();
            assert_eq!(required_name(&mut errors, "n", "the name", name, 100), name);
            assert!(errors.is_empty(), "{name}");
        }
    }
}
