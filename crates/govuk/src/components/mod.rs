//! The form components every form page uses, rendered in Rust.
//!
//! Each mirrors its `govuk-frontend` Nunjucks macro, params for params, and is
//! reached through the component's template (`govuk/input.html` defines
//! `govuk_input(params)`, which calls `govuk_input_html(params)`), so pages
//! and the fixture tests use them exactly as they use the other components.
//! They are here rather than in templates because the template interpreter
//! took about 150 µs for the six fields of the search form; see
//! `docs/benchmarks.md`.

mod date_input;
mod error_message;
mod fieldset;
mod hint;
mod input;
mod label;
mod params;

use minijinja::{Environment, Error, Value};

/// Registers `govuk_<component>_html(params)` for each component here.
pub(crate) fn add_functions(env: &mut Environment<'static>) {
    env.add_function("govuk_label_html", |params: Value| {
        html(|out| label::render(out, &params))
    });
    env.add_function("govuk_hint_html", |params: Value| {
        html(|out| hint::render(out, &params))
    });
    env.add_function("govuk_error_message_html", |params: Value| {
        html(|out| error_message::render(out, &params))
    });
    env.add_function("govuk_fieldset_html", |params: Value, body: Value| {
        html(|out| fieldset::render(out, &params, &body))
    });
    env.add_function("govuk_input_html", |params: Value| {
        html(|out| input::render(out, &params))
    });
    env.add_function("govuk_date_input_html", |params: Value| {
        html(|out| date_input::render(out, &params))
    });
}

fn html(render: impl FnOnce(&mut String) -> Result<(), Error>) -> Result<Value, Error> {
    let mut out = String::with_capacity(512);
    render(&mut out)?;
    Ok(Value::from_safe_string(out))
}
