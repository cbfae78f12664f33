//! Reading a component's params the way the Nunjucks macros do.

use minijinja::Value;
use minijinja::value::ValueKind;

use crate::shown_text::escape_shown;

/// `value.name`: undefined when `value` is not a map or has no such key, as
/// in a template with chained undefined lookups.
pub(crate) fn get(value: &Value, name: &str) -> Value {
    value.get_attr(name).unwrap_or(Value::UNDEFINED)
}

/// `value.a.b`.
pub(crate) fn get2(value: &Value, a: &str, b: &str) -> Value {
    get(&get(value, a), b)
}

/// `value` as the `~` operator joins it: undefined is empty.
pub(crate) fn text(value: &Value) -> String {
    value.to_string()
}

/// `{{ value }}`: nothing for undefined or none, `true`/`false` for booleans,
/// safe strings as they are and anything else escaped.
pub(crate) fn write(out: &mut String, value: &Value) {
    if value.is_undefined() || value.is_none() {
    } else if value.kind() == ValueKind::Bool {
        out.push_str(if value.is_true() { "true" } else { "false" });
    } else if value.is_safe() {
        out.push_str(&value.to_string());
    } else {
        escape_shown(&value.to_string(), out);
    }
}

/// `{{ params.html | safe if params.html else params.text }}`.
pub(crate) fn write_html_or_text(out: &mut String, params: &Value) {
    let html = get(params, "html");
    if html.is_true() {
        out.push_str(&html.to_string());
    } else {
        write(out, &get(params, "text"));
    }
}

/// ` {{ classes }}` after a fixed class, when `classes` is given.
pub(crate) fn write_extra_classes(out: &mut String, classes: &Value) {
    if classes.is_true() {
        out.push(' ');
        write(out, classes);
    }
}

/// A field's `<div class="govuk-form-group">` opening tag, marked when the field has an error.
pub(crate) fn write_form_group_open(
    out: &mut String,
    form_group: &Value,
    error: &Value,
) -> Result<(), minijinja::Error> {
    out.push_str("<div class=\"govuk-form-group");
    if error.is_true() {
        out.push_str(" govuk-form-group--error");
    }
    write_extra_classes(out, &get(form_group, "classes"));
    out.push('"');
    crate::attributes::write_attributes(out, &get(form_group, "attributes"))?;
    out.push('>');
    Ok(())
}

/// ` name="{{ value }}"` when `value` is given.
pub(crate) fn write_attribute_if(out: &mut String, name: &str, value: &Value) {
    if value.is_true() {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        write(out, value);
        out.push('"');
    }
}

/// `needle in haystack` for a string haystack.
pub(crate) fn contains(haystack: &Value, needle: &str) -> bool {
    haystack.as_str().is_some_and(|text| text.contains(needle))
}
