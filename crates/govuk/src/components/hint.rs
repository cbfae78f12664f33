//! `govuk_hint(params)`: govuk-frontend's `govukHint`.

use minijinja::{Error, Value, context};

use super::params::{get, write_attribute_if, write_extra_classes, write_html_or_text};
use crate::attributes::write_attributes;

pub(crate) fn render(out: &mut String, params: &Value) -> Result<(), Error> {
    out.push_str("<div");
    write_attribute_if(out, "id", &get(params, "id"));
    out.push_str(" class=\"govuk-hint");
    write_extra_classes(out, &get(params, "classes"));
    out.push('"');
    write_attributes(out, &get(params, "attributes"))?;
    out.push_str(">\n  ");
    write_html_or_text(out, params);
    out.push_str("\n</div>");
    Ok(())
}

/// A field's `hint` param, with the id the field gives it (`<id>-hint`).
pub(crate) fn render_for_field(out: &mut String, hint: &Value, id: &str) -> Result<(), Error> {
    render(
        out,
        &context! {
            id,
            classes => get(hint, "classes"),
            attributes => get(hint, "attributes"),
            html => get(hint, "html"),
            text => get(hint, "text"),
        },
    )
}
