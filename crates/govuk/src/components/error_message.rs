//! `govuk_error_message(params)`: govuk-frontend's `govukErrorMessage`.

use minijinja::{Error, Value, context};

use super::params::{get, write, write_attribute_if, write_extra_classes, write_html_or_text};
use crate::attributes::write_attributes;

pub(crate) fn render(out: &mut String, params: &Value) -> Result<(), Error> {
    // `| default("Error")`: only a missing value takes the default; "" or false hide it.
    let mut hidden = get(params, "visuallyHiddenText");
    if hidden.is_undefined() {
        hidden = Value::from("Error");
    }
    out.push_str("<p");
    write_attribute_if(out, "id", &get(params, "id"));
    out.push_str(" class=\"govuk-error-message");
    write_extra_classes(out, &get(params, "classes"));
    out.push('"');
    write_attributes(out, &get(params, "attributes"))?;
    out.push_str(">\n  ");
    if hidden.is_true() {
        out.push_str("<span class=\"govuk-visually-hidden\">");
        write(out, &hidden);
        out.push_str(":</span> ");
    }
    write_html_or_text(out, params);
    out.push_str("\n</p>");
    Ok(())
}

/// A field's `errorMessage` param, with the id the field gives it (`<id>-error`).
pub(crate) fn render_for_field(out: &mut String, error: &Value, id: &str) -> Result<(), Error> {
    render(
        out,
        &context! {
            id,
            classes => get(error, "classes"),
            attributes => get(error, "attributes"),
            html => get(error, "html"),
            text => get(error, "text"),
            visuallyHiddenText => get(error, "visuallyHiddenText"),
        },
    )
}
