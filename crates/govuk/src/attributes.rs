//! `govuk_attributes(attributes)`: the equivalent of GOV.UK Frontend's
//! `govukAttributes` Nunjucks macro, as a minijinja function.
//!
//! * a string is output as it is (already HTML, like `| safe` in Nunjucks);
//! * a map outputs ` name="value"` for each entry, with the value escaped;
//!   an entry may be `{ value, optional }`: with `optional: true` a `true`
//!   value outputs ` name` alone and a missing, `none` or `false` value
//!   outputs nothing. Without `optional`, a missing value outputs `name=""`.

use minijinja::value::ValueKind;
use minijinja::{Error, Value};

/// Escapes text for use in HTML text or a double-quoted attribute value.
pub(crate) fn escape_html(text: &str, out: &mut String) {
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
}

pub(crate) fn is_missing(value: &Value) -> bool {
    value.is_undefined() || value.is_none()
}

/// One attribute, as `govukAttributes` writes it (see the module's comment).
pub(crate) fn write_attribute(out: &mut String, name: &str, value: &Value, optional: bool) {
    let is_true = value.kind() == ValueKind::Bool && value.is_true();
    let is_false = value.kind() == ValueKind::Bool && !value.is_true();
    if optional && is_true {
        out.push(' ');
        escape_html(name, out);
    } else if !optional || !(is_missing(value) || is_false) {
        out.push(' ');
        escape_html(name, out);
        out.push_str("=\"");
        if value.is_safe() {
            out.push_str(&value.to_string());
        } else if is_true || is_false {
            out.push_str(if is_true { "true" } else { "false" });
        } else if !is_missing(value) {
            escape_html(&value.to_string(), out);
        }
        out.push('"');
    }
}

/// A component's `attributes` param: a string of HTML or a map of attributes.
pub(crate) fn write_attributes(out: &mut String, attributes: &Value) -> Result<(), Error> {
    match attributes.kind() {
        ValueKind::String => {
            out.push_str(&attributes.to_string());
            return Ok(());
        }
        ValueKind::Map => {}
        _ => return Ok(()),
    }
    for name in attributes.try_iter()? {
        let item = attributes.get_item(&name)?;
        let (value, optional) = if item.kind() == ValueKind::Map && !item.is_safe() {
            let optional = item.get_attr("optional")?;
            (
                item.get_attr("value")?,
                optional.kind() == ValueKind::Bool && optional.is_true(),
            )
        } else {
            (item, false)
        };
        write_attribute(out, &name.to_string(), &value, optional);
    }
    Ok(())
}

pub(crate) fn govuk_attributes(attributes: Value) -> Result<Value, Error> {
    let mut html = String::new();
    write_attributes(&mut html, &attributes)?;
    Ok(Value::from_safe_string(html))
}
