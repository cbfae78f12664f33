//! Journey's GOV.UK Design System interface, in council branding.
//!
//! * [`add_templates`] registers one minijinja template per GOV.UK Frontend
//!   component (`govuk/<component>.html`, defining the macro
//!   `govuk_<component>(params)` with the same `params` shape as the
//!   `govuk-frontend` Nunjucks macro) and the page layout `govuk/layout.html`.
//! * [`asset`] serves the compiled stylesheet, GOV.UK Frontend's JavaScript and
//!   the favicon, all embedded in the binary at compile time. Their URLs
//!   ([`STYLESHEET_PATH`], [`SCRIPT_PATH`], [`FAVICON_PATH`]) contain a content
//!   hash, so responses can be cached with [`IMMUTABLE_CACHE_CONTROL`].
//!
//! The macros are checked against the pinned package's own `fixtures.json`
//! (see `tests/fixtures.rs` and `docs/interface.md`).

mod attributes;
mod components;
pub mod shown_text;

use minijinja::value::ValueKind;
use minijinja::{Environment, Error, UndefinedBehavior, Value};

include!(concat!(env!("OUT_DIR"), "/assets.rs"));
include!(concat!(env!("OUT_DIR"), "/templates.rs"));

/// The `Cache-Control` value for every asset [`asset`] serves: their file
/// names carry a hash of their contents, so a changed file gets a new URL.
pub const IMMUTABLE_CACHE_CONTROL: &str = "public, max-age=31536000, immutable";

/// The URL prefix every asset is served under.
pub const ASSETS_PREFIX: &str = "/assets/";

/// A static file embedded in the binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asset {
    /// The file's contents.
    pub bytes: &'static [u8],
    /// The `Content-Type` to serve it with.
    pub content_type: &'static str,
}

/// Looks up an embedded asset by its URL path: either the full path
/// (`/assets/journey-0123456789.css`) or the part after `/assets/`.
///
/// Returns `None` for anything else, including older hashed names.
pub fn asset(path: &str) -> Option<Asset> {
    let name = path.strip_prefix(ASSETS_PREFIX).unwrap_or(path);
    ASSETS
        .iter()
        .find(|(asset_name, _, _)| *asset_name == name)
        .map(|&(_, bytes, content_type)| Asset {
            bytes,
            content_type,
        })
}

/// Every embedded asset as `(url_path, asset)`, for routers that register
/// routes up front.
pub fn assets() -> impl Iterator<Item = (String, Asset)> {
    ASSETS.iter().map(|&(name, bytes, content_type)| {
        (
            format!("{ASSETS_PREFIX}{name}"),
            Asset {
                bytes,
                content_type,
            },
        )
    })
}

/// The names of the embedded templates (`govuk/button.html`, ...,
/// `govuk/layout.html`).
pub fn template_names() -> impl Iterator<Item = &'static str> {
    TEMPLATES.iter().map(|(name, _)| *name)
}

/// Registers the GOV.UK templates, their helper function and the globals the
/// layout needs on `env`.
///
/// Besides adding the templates this configures `env` the way the macros
/// need, mirroring Nunjucks, which `govuk-frontend`'s macros are written for:
///
/// * undefined lookups chain (`params.hint.text` is undefined, not an error,
///   when `params.hint` is missing): [`UndefinedBehavior::Chainable`];
/// * `none` prints as the empty string (so `Option::None` fields render as
///   nothing rather than `none`) and booleans print as `true`/`false` (not
///   `True`/`False`), as in JavaScript; everything else is auto-escaped as
///   usual (templates ending in `.html` are auto-escaped by default), with
///   text's hidden formatting characters shown as codes ([`shown_text`]);
/// * the filter `as_typed` gives a form field's value back exactly as typed.
///
/// It also adds the global function `govuk_attributes(attributes)` (the
/// equivalent of `govukAttributes`) and the globals `govuk_stylesheet_path`,
/// `govuk_script_path`, `govuk_favicon_path` and `govuk_frontend_version`.
///
/// # Errors
///
/// Fails if a template does not parse (the tests make sure they all do).
pub fn add_templates(env: &mut Environment<'static>) -> Result<(), Error> {
    env.set_undefined_behavior(UndefinedBehavior::Chainable);
    env.set_formatter(|out, state, value| {
        if value.is_none() {
            Ok(())
        } else if value.kind() == ValueKind::Bool {
            out.write_str(if value.is_true() { "true" } else { "false" })?;
            Ok(())
        } else if let Some(text) = value.as_str().filter(|text| {
            // Nearly all text has none: it is escaped as usual, with nothing allocated.
            text.contains(shown_text::is_hidden_formatting)
                && !value.is_safe()
                && matches!(state.auto_escape(), minijinja::AutoEscape::Html)
        }) {
            let mut shown = String::new();
            shown_text::escape_shown_in_template(text, &mut shown);
            out.write_str(&shown)?;
            Ok(())
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    env.add_filter("as_typed", shown_text::as_typed);
    env.add_function("govuk_attributes", attributes::govuk_attributes);
    components::add_functions(env);
    env.add_global(
        "govuk_stylesheet_path",
        Value::from_safe_string(STYLESHEET_PATH.to_owned()),
    );
    env.add_global(
        "govuk_script_path",
        Value::from_safe_string(SCRIPT_PATH.to_owned()),
    );
    env.add_global(
        "govuk_favicon_path",
        Value::from_safe_string(FAVICON_PATH.to_owned()),
    );
    env.add_global(
        "govuk_frontend_version",
        Value::from(GOVUK_FRONTEND_VERSION),
    );
    for (name, source) in TEMPLATES {
        env.add_template(name, source)?;
    }
    Ok(())
}

/// A fresh environment with [`add_templates`] applied.
///
/// # Errors
///
/// As [`add_templates`].
pub fn environment() -> Result<Environment<'static>, Error> {
    let mut env = Environment::new();
    add_templates(&mut env)?;
    Ok(env)
}

#[cfg(test)]
mod tests;
