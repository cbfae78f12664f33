//! Finding a child. Searches are POSTed so names never appear in URLs or access logs.

use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use journey_domain::access::{Capability, has_capability};
use journey_domain::validation::FieldErrors;
use journey_store::PersonQuery;
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::auth::{Viewer, csrf};
use crate::context::RequestContext;
use crate::error::{WebError, WebResult};
use crate::forms::{date_from_parts, error_values};
use crate::input::FormInput;
use crate::render;
use crate::state::AppState;

/// Small, so every query behind a search walks an index a short way (see the store's search).
pub const RESULT_LIMIT: u32 = 20;

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct SearchForm {
    #[serde(default, skip_serializing)]
    csrf_token: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    date_of_birth_day: String,
    #[serde(default)]
    date_of_birth_month: String,
    #[serde(default)]
    date_of_birth_year: String,
    #[serde(default)]
    journey_id: String,
    // Identifiers (UPN, NHS number) and address are searched by their own store methods
    // (the person-details capability); their fields and calls belong beside `journey_id`.
}

fn require_search(viewer: &Viewer) -> WebResult<()> {
    if has_capability(viewer.role, Capability::SearchPeople) {
        Ok(())
    } else {
        Err(WebError::Refused)
    }
}

pub async fn form(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
) -> WebResult<Response> {
    require_search(&viewer)?;
    render::page(
        &state,
        &ctx,
        Some(&viewer),
        "/search",
        "pages/search.html",
        context! { form => render::value(SearchForm::default()) },
    )
}

/// Checks a name typed for search: at least two letters, so a search is never "everyone".
pub fn parse_name(errors: &mut FieldErrors, name: &str) -> String {
    let name = name.trim();
    let letters = journey_domain::person::name_key(name).chars().count();
    if name.is_empty() {
        errors.add("name", "Enter a name to search for");
    } else if letters < 2 {
        errors.add("name", "Enter at least 2 letters of a name");
    } else if name.chars().count() > 100 {
        errors.add("name", "Name must be 100 characters or fewer");
    }
    name.to_owned()
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    FormInput(form): FormInput<SearchForm>,
) -> WebResult<Response> {
    require_search(&viewer)?;
    csrf::check(&viewer.csrf_token, &form.csrf_token)?;
    let mut errors = FieldErrors::new();
    let actor = viewer.actor(&ctx, &state);
    let journey_id = form.journey_id.trim();
    if !journey_id.is_empty() {
        // A Journey ID names one person: the other fields are not needed.
        let Some(id) = journey_id.parse::<i64>().ok().filter(|id| *id > 0) else {
            errors.add("journey_id", "Journey ID must be a number, such as 1042");
            let values = context! { form => render::value(&form), ..error_values(&errors) };
            return render::page_with_status(
                &state,
                &ctx,
                Some(&viewer),
                "/search",
                "pages/search.html",
                values,
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            );
        };
        let results: Vec<_> = state
            .store
            .person_by_id(&actor, journey_domain::ids::PersonId(id))
            .await?
            .into_iter()
            .collect();
        return render::page(
            &state,
            &ctx,
            Some(&viewer),
            "/search",
            "pages/search.html",
            context! { form => render::value(&form), results => render::value(&results) },
        );
    }
    let name = parse_name(&mut errors, &form.name);
    let date_of_birth = date_from_parts(
        &mut errors,
        "date_of_birth",
        "Date of birth",
        &form.date_of_birth_day,
        &form.date_of_birth_month,
        &form.date_of_birth_year,
    );
    if !errors.is_empty() {
        let values = context! { form => render::value(&form), ..error_values(&errors) };
        return render::page_with_status(
            &state,
            &ctx,
            Some(&viewer),
            "/search",
            "pages/search.html",
            values,
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let results = state
        .store
        .search_people(
            &actor,
            &PersonQuery {
                name,
                date_of_birth,
                limit: RESULT_LIMIT,
            },
        )
        .await?;
    render::page(
        &state,
        &ctx,
        Some(&viewer),
        "/search",
        "pages/search.html",
        context! { form => render::value(&form), results => render::value(&results) },
    )
}
