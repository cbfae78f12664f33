//! `govuk_input(params)`: govuk-frontend's `govukInput`.

use minijinja::value::ValueKind;
use minijinja::{Error, Value, context};

use super::params::{
    get, get2, text, write_extra_classes, write_form_group_open, write_html_or_text,
};
use super::{error_message, hint, label};
use crate::attributes::{write_attribute, write_attributes};

/// A prefix, suffix, or text before or after the input, when it has content.
fn given(item: &Value) -> bool {
    item.is_true() && (get(item, "text").is_true() || get(item, "html").is_true())
}

/// `aria-describedby`: the params' own, then the hint's id, then the error's.
pub(crate) fn described_by(own: &Value, hint_id: Option<&str>, error_id: Option<&str>) -> Value {
    let mut ids = if own.is_true() {
        text(own)
    } else {
        String::new()
    };
    for id in [hint_id, error_id].into_iter().flatten() {
        if !ids.is_empty() {
            ids.push(' ');
        }
        ids.push_str(id);
    }
    if ids.is_empty() {
        Value::from(())
    } else {
        Value::from(ids)
    }
}

pub(crate) fn render(out: &mut String, params: &Value) -> Result<(), Error> {
    let error = get(params, "errorMessage");
    let hint_params = get(params, "hint");
    let id = match get(params, "id") {
        id if id.is_true() => id,
        _ => get(params, "name"),
    };
    let hint_id = format!("{}-hint", text(&id));
    let error_id = format!("{}-error", text(&id));
    let described_by = described_by(
        &get(params, "describedBy"),
        hint_params.is_true().then_some(hint_id.as_str()),
        error.is_true().then_some(error_id.as_str()),
    );
    let form_group = get(params, "formGroup");
    let (prefix, suffix) = (get(params, "prefix"), get(params, "suffix"));
    let before = get(&form_group, "beforeInput");
    let after = get(&form_group, "afterInput");

    write_form_group_open(out, &form_group, &error)?;
    out.push_str("\n  ");
    let label_params = get(params, "label");
    label::render(
        out,
        &context! {
            html => get(&label_params, "html"),
            text => get(&label_params, "text"),
            classes => get(&label_params, "classes"),
            isPageHeading => get(&label_params, "isPageHeading"),
            attributes => get(&label_params, "attributes"),
            for => &id,
        },
    )?;
    if hint_params.is_true() {
        out.push_str("\n  ");
        hint::render_for_field(out, &hint_params, &hint_id)?;
    }
    if error.is_true() {
        out.push_str("\n  ");
        error_message::render_for_field(out, &error, &error_id)?;
    }
    out.push_str("\n  ");
    if given(&prefix) || given(&suffix) || given(&before) || given(&after) {
        out.push_str("<div class=\"govuk-input__wrapper");
        write_extra_classes(out, &get2(params, "inputWrapper", "classes"));
        out.push('"');
        write_attributes(out, &get2(params, "inputWrapper", "attributes"))?;
        out.push('>');
        if given(&before) {
            out.push_str("\n    ");
            write_html_or_text(out, &before);
        }
        if given(&prefix) {
            out.push_str("\n    ");
            write_affix(out, &prefix, "prefix")?;
        }
        out.push_str("\n    ");
        write_input_element(out, params, &id, &described_by, &error)?;
        if given(&suffix) {
            out.push_str("\n    ");
            write_affix(out, &suffix, "suffix")?;
        }
        if given(&after) {
            out.push_str("\n    ");
            write_html_or_text(out, &after);
        }
        out.push_str("\n  </div>");
    } else {
        write_input_element(out, params, &id, &described_by, &error)?;
    }
    out.push_str("\n</div>");
    Ok(())
}

fn write_affix(out: &mut String, affix: &Value, kind: &str) -> Result<(), Error> {
    out.push_str("<div class=\"govuk-input__");
    out.push_str(kind);
    write_extra_classes(out, &get(affix, "classes"));
    out.push_str("\" aria-hidden=\"true\"");
    write_attributes(out, &get(affix, "attributes"))?;
    out.push('>');
    write_html_or_text(out, affix);
    out.push_str("</div>");
    Ok(())
}

fn write_input_element(
    out: &mut String,
    params: &Value,
    id: &Value,
    described_by: &Value,
    error: &Value,
) -> Result<(), Error> {
    let mut class = String::from("govuk-input");
    let classes = get(params, "classes");
    if classes.is_true() {
        class.push(' ');
        class.push_str(&text(&classes));
    }
    if error.is_true() {
        class.push_str(" govuk-input--error");
    }
    let input_type = match get(params, "type") {
        kind if kind.is_true() => kind,
        _ => Value::from("text"),
    };
    // spellcheck is written only when the params say true or false.
    let spellcheck = get(params, "spellcheck");
    let spellcheck = if spellcheck.kind() == ValueKind::Bool {
        Value::from(if spellcheck.is_true() {
            "true"
        } else {
            "false"
        })
    } else {
        Value::from(false)
    };
    out.push_str("<input");
    write_attribute(out, "class", &Value::from(class), false);
    write_attribute(out, "id", id, false);
    write_attribute(out, "name", &get(params, "name"), false);
    write_attribute(out, "type", &input_type, false);
    write_attribute(out, "spellcheck", &spellcheck, true);
    write_attribute(out, "value", &get(params, "value"), true);
    write_attribute(out, "disabled", &get(params, "disabled"), true);
    write_attribute(out, "aria-describedby", described_by, true);
    for name in ["autocomplete", "autocapitalize", "pattern", "inputmode"] {
        write_attribute(out, name, &get(params, name), true);
    }
    write_attributes(out, &get(params, "attributes"))?;
    out.push('>');
    Ok(())
}
