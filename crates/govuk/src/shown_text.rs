//! Text shown on a page, made unable to disguise itself.
//!
//! Unicode's bidirectional controls can show "gnimoc" as "coming" or move a date to the other
//! end of a sentence, and invisible characters can make two different names look the same.
//! Names refuse them when typed; free text (case notes, reasons) keeps what was typed, so
//! wherever text is shown each such character is written as a visible code, `[U+202E]`, in its
//! place. Form fields are the exception: they give back exactly what was typed (`as_typed`).

use minijinja::Value;

use crate::attributes::escape_html;

/// The characters shown as a code: the bidirectional embeddings, overrides and isolates, the
/// direction marks, and the invisible spaces. The zero-width joiner and non-joiner are not among
/// them: they only join or part letters (Persian and Indic writing need them) and move nothing.
pub fn is_hidden_formatting(ch: char) -> bool {
    matches!(
        ch,
        '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Escapes `text` for HTML as the components do, writing each hidden formatting character as
/// `[U+XXXX]`. The code is plain text, so this is as safe in an attribute as between tags.
pub fn escape_shown(text: &str, out: &mut String) {
    show_codes(text, out, escape_html);
}

/// As [`escape_shown`], escaping as templates do (`{{ text }}`).
pub(crate) fn escape_shown_in_template(text: &str, out: &mut String) {
    show_codes(text, out, |part, out| {
        out.push_str(&minijinja::HtmlEscape(part).to_string());
    });
}

fn show_codes(text: &str, out: &mut String, escape: impl Fn(&str, &mut String)) {
    let mut rest = text;
    while let Some(at) = rest.find(is_hidden_formatting) {
        escape(&rest[..at], out);
        let ch = rest[at..].chars().next().unwrap_or_default();
        out.push_str(&format!("[U+{:04X}]", u32::from(ch)));
        rest = &rest[at + ch.len_utf8()..];
    }
    escape(rest, out);
}

/// `{{ value | as_typed }}`: the text escaped but otherwise exactly as typed, for a form field's
/// value, so that showing a form again never changes what will be saved.
pub fn as_typed(value: Value) -> Value {
    if value.is_safe() || value.is_undefined() || value.is_none() {
        return value;
    }
    let mut out = String::new();
    escape_html(&value.to_string(), &mut out);
    Value::from_safe_string(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> String {
        let mut out = String::new();
        escape_shown(text, &mut out);
        out
    }

    #[test]
    fn each_hidden_formatting_character_is_shown_as_its_code() {
        assert_eq!(shown("Ann\u{202E}eilut"), "Ann[U+202E]eilut");
        assert_eq!(
            shown("\u{FEFF}a\u{200B}b\u{2066}"),
            "[U+FEFF]a[U+200B]b[U+2066]"
        );
        assert_eq!(shown("<b>\u{200F}</b>"), "&lt;b&gt;[U+200F]&lt;/b&gt;");
    }

    #[test]
    fn joiners_and_ordinary_text_are_left_alone() {
        assert_eq!(shown("می\u{200C}خواهم"), "می\u{200C}خواهم");
        assert_eq!(shown("O'Neil & Sons"), "O&#39;Neil &amp; Sons");
    }

    #[test]
    fn a_form_value_is_given_back_as_typed() {
        let typed = as_typed(Value::from("a\u{202E}b <c>"));
        assert!(typed.is_safe());
        assert_eq!(typed.to_string(), "a\u{202E}b &lt;c&gt;");
    }

    #[test]
    fn pages_show_the_code_and_a_textarea_gives_back_what_was_typed() -> Result<(), minijinja::Error>
    {
        let mut env = crate::environment()?;
        env.add_template(
            "t.html",
            r#"{% from "govuk/textarea.html" import govuk_textarea %}<p>{{ note }}</p>{{ govuk_textarea({"name": "note", "id": "note", "value": note}) }}"#,
        )?;
        let html = env
            .get_template("t.html")?
            .render(minijinja::context! { note => "seen \u{202E}yadot" })?;
        assert!(html.contains("<p>seen [U+202E]yadot</p>"), "{html}");
        assert!(html.contains(">seen \u{202E}yadot</textarea>"), "{html}");
        Ok(())
    }
}
