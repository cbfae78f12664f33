//! `govuk_date_input(params)`: govuk-frontend's `govukDateInput`.

use minijinja::{Error, Value, context};

use super::input::described_by;
use super::params::{
    contains, get, get2, text, write_attribute_if, write_extra_classes, write_form_group_open,
    write_html_or_text,
};
use super::{error_message, fieldset, hint, input};
use crate::attributes::write_attributes;

const ROLES: [&str; 3] = ["day", "month", "year"];

/// `params.day` (or month, year), or the default part of that name.
fn part(params: &Value, role: &str) -> Value {
    let given = get(params, role);
    if !given.is_undefined() {
        return given;
    }
    context! {
        name => role,
        value => get2(params, "values", role),
        classes => if role == "year" { "govuk-input--width-4" } else { "govuk-input--width-2" },
    }
}

fn has_error(item: &Value) -> bool {
    let classes = get(item, "classes");
    get(item, "error").is_true() || (classes.is_true() && contains(&classes, "govuk-input--error"))
}

pub(crate) fn render(out: &mut String, params: &Value) -> Result<(), Error> {
    let parts = ROLES.map(|role| part(params, role));
    let given_items = get(params, "items");
    let custom_items = given_items.len().unwrap_or(0) > 0;
    let items: Vec<Value> = if custom_items {
        given_items.try_iter()?.collect()
    } else {
        parts.to_vec()
    };
    let any_item_has_error = items.iter().any(has_error);
    let id = get(params, "id");
    let hint_params = get(params, "hint");
    let error = get(params, "errorMessage");
    let hint_id = format!("{}-hint", text(&id));
    let error_id = format!("{}-error", text(&id));
    let fieldset_params = get(params, "fieldset");

    let mut inner = String::with_capacity(1024);
    if hint_params.is_true() {
        inner.push_str("\n  ");
        hint::render_for_field(&mut inner, &hint_params, &hint_id)?;
    }
    if error.is_true() {
        inner.push_str("\n  ");
        error_message::render_for_field(&mut inner, &error, &error_id)?;
    }
    inner.push_str("\n  <div class=\"govuk-date-input");
    write_extra_classes(&mut inner, &get(params, "classes"));
    inner.push('"');
    write_attributes(&mut inner, &get(params, "attributes"))?;
    write_attribute_if(&mut inner, "id", &id);
    inner.push('>');
    let form_group = get(params, "formGroup");
    let before = get(&form_group, "beforeInputs");
    if before.is_true() {
        inner.push_str("\n    ");
        write_html_or_text(&mut inner, &before);
    }
    for (index, item) in items.iter().enumerate() {
        if item.is_true() {
            let role = if custom_items {
                None
            } else {
                ROLES.get(index).copied()
            };
            inner.push_str("\n    ");
            write_item(&mut inner, params, item, role, any_item_has_error, &parts)?;
        }
    }
    let after = get(&form_group, "afterInputs");
    if after.is_true() {
        inner.push_str("\n    ");
        write_html_or_text(&mut inner, &after);
    }
    inner.push_str("\n  </div>");

    write_form_group_open(out, &form_group, &error)?;
    if fieldset_params.is_true() {
        out.push_str("\n  ");
        fieldset::render(
            out,
            &context! {
                describedBy => described_by(
                    &get(&fieldset_params, "describedBy"),
                    hint_params.is_true().then_some(hint_id.as_str()),
                    error.is_true().then_some(error_id.as_str()),
                ),
                classes => get(&fieldset_params, "classes"),
                role => "group",
                attributes => get(&fieldset_params, "attributes"),
                legend => get(&fieldset_params, "legend"),
                html => Value::from_safe_string(inner),
            },
            &Value::UNDEFINED,
        )?;
    } else {
        out.push_str("\n  ");
        out.push_str(&inner);
    }
    out.push_str("\n</div>");
    Ok(())
}

/// The role ("day", "month" or "year") a custom item plays, from its name.
fn role_from_name(item: &Value, parts: &[Value; 3]) -> Option<&'static str> {
    let name = get(item, "name");
    ROLES.into_iter().zip(parts).find_map(|(role, part)| {
        (name == Value::from(role) || name == get(part, "name")).then_some(role)
    })
}

/// "day" → "Day", as the `capitalize` filter does.
fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.as_str().to_lowercase().chars())
            .collect(),
        None => String::new(),
    }
}

fn write_item(
    out: &mut String,
    params: &Value,
    item: &Value,
    role: Option<&'static str>,
    any_item_has_error: bool,
    parts: &[Value; 3],
) -> Result<(), Error> {
    let role = match role {
        None if get(item, "name").is_true() => role_from_name(item, parts),
        role => role,
    };
    let mut name = get(item, "name");
    let mut value = get(item, "value");
    let mut width = 2;
    if let Some(role) = role {
        if name.is_undefined() {
            name = Value::from(role);
        }
        if value.is_undefined() {
            let index = ROLES.iter().position(|r| *r == role).unwrap_or(0);
            value = get(&parts[index], "value");
        }
        if role == "year" {
            width = 4;
        }
    }
    let name = text(&name);
    let own_classes = get(item, "classes");
    let own_classes_text = if own_classes.is_true() {
        text(&own_classes)
    } else {
        String::new()
    };
    let item_error = get(item, "error");
    let item_error_is_false =
        item_error.kind() == minijinja::value::ValueKind::Bool && !item_error.is_true();
    let mut classes = String::new();
    if !own_classes_text.contains("govuk-input--error")
        && (has_error(item)
            || (!item_error_is_false
                && get(params, "errorMessage").is_true()
                && !any_item_has_error))
    {
        classes = join_trimmed(&classes, "govuk-input--error");
    }
    if !own_classes_text.contains("govuk-input--width-") {
        classes = join_trimmed(&classes, &format!("govuk-input--width-{width}"));
    }
    if own_classes.is_true() {
        classes = join_trimmed(&classes, &own_classes_text);
    }
    let name_prefix = match get(params, "namePrefix") {
        prefix if prefix.is_true() => format!("{}-", text(&prefix)),
        _ => String::new(),
    };
    let full_name = format!("{name_prefix}{name}");
    if value.is_undefined() {
        value = get(&get(params, "values"), &full_name);
    }
    let label = match get(item, "label") {
        label if label.is_true() => label,
        _ => Value::from(capitalize(&name)),
    };
    let item_id = match get(item, "id") {
        id if id.is_true() => id,
        _ => Value::from(format!("{}-{name}", text(&get(params, "id")))),
    };
    let inputmode = match get(item, "inputmode") {
        mode if mode.is_true() => mode,
        _ => Value::from("numeric"),
    };
    let input_classes = if classes.is_empty() {
        "govuk-date-input__input".to_owned()
    } else {
        format!("govuk-date-input__input {classes}")
    };
    out.push_str("<div class=\"govuk-date-input__item\">\n  ");
    input::render(
        out,
        &context! {
            label => context! { text => label, classes => "govuk-date-input__label" },
            id => item_id,
            classes => input_classes,
            name => full_name,
            value,
            type => "text",
            inputmode,
            autocomplete => get(item, "autocomplete"),
            pattern => get(item, "pattern"),
            attributes => get(item, "attributes"),
        },
    )?;
    out.push_str("\n</div>");
    Ok(())
}

/// `(a ~ " " ~ b) | trim`.
fn join_trimmed(a: &str, b: &str) -> String {
    format!("{a} {b}").trim().to_owned()
}
