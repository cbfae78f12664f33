//! `govuk_label(params)`: govuk-frontend's `govukLabel`.

use minijinja::{Error, Value};

use super::params::{get, write, write_extra_classes, write_html_or_text};
use crate::attributes::write_attributes;

pub(crate) fn render(out: &mut String, params: &Value) -> Result<(), Error> {
    if !(get(params, "html").is_true() || get(params, "text").is_true()) {
        return Ok(());
    }
    let page_heading = get(params, "isPageHeading").is_true();
    if page_heading {
        out.push_str("<h1 class=\"govuk-label-wrapper\">\n  ");
    }
    out.push_str("<label class=\"govuk-label");
    write_extra_classes(out, &get(params, "classes"));
    out.push('"');
    write_attributes(out, &get(params, "attributes"))?;
    let target = get(params, "for");
    if target.is_true() {
        out.push_str(" for=\"");
        write(out, &target);
        out.push('"');
    }
    out.push_str(">\n  ");
    write_html_or_text(out, params);
    out.push_str("\n</label>");
    if page_heading {
        out.push_str("\n</h1>");
    }
    Ok(())
}
