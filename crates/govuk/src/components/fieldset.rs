//! `govuk_fieldset(params)`: govuk-frontend's `govukFieldset`. `body` is what
//! a `{% call %}` block rendered, or none.

use minijinja::{Error, Value};

use super::params::{get, write_attribute_if, write_extra_classes, write_html_or_text};
use crate::attributes::{is_missing, write_attributes};

pub(crate) fn render(out: &mut String, params: &Value, body: &Value) -> Result<(), Error> {
    out.push_str("<fieldset class=\"govuk-fieldset");
    write_extra_classes(out, &get(params, "classes"));
    out.push('"');
    write_attribute_if(out, "role", &get(params, "role"));
    write_attribute_if(out, "aria-describedby", &get(params, "describedBy"));
    write_attributes(out, &get(params, "attributes"))?;
    out.push('>');
    let legend = get(params, "legend");
    if get(&legend, "html").is_true() || get(&legend, "text").is_true() {
        out.push_str("\n  <legend class=\"govuk-fieldset__legend");
        write_extra_classes(out, &get(&legend, "classes"));
        out.push_str("\">");
        if get(&legend, "isPageHeading").is_true() {
            out.push_str("\n    <h1 class=\"govuk-fieldset__heading\">\n      ");
            write_html_or_text(out, &legend);
            out.push_str("\n    </h1>");
        } else {
            out.push_str("\n    ");
            write_html_or_text(out, &legend);
        }
        out.push_str("\n  </legend>");
    }
    if !is_missing(body) {
        out.push_str("\n  ");
        out.push_str(&body.to_string());
    } else {
        let html = get(params, "html");
        if html.is_true() {
            out.push_str("\n  ");
            out.push_str(&html.to_string());
        }
    }
    out.push_str("\n</fieldset>");
    Ok(())
}
