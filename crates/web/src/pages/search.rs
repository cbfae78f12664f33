//! Finding a child. Searches are POSTed so names never appear in URLs or access logs.

use std::sync::Arc;

use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use journey_domain::access::Capability;
use journey_domain::person_details::identifiers::{Identifier, IdentifierKind};
use journey_domain::validation::FieldErrors;
use journey_store::{Families, PersonDetails, PersonQuery, Records};
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::auth::{Viewer, csrf};
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::forms::{date_from_parts, error_values};
use crate::input::FormInput;
use crate::render;
use crate::state::AppState;

pub use crate::capabilities::search::{MAX_PAGES, RESULT_LIMIT, parse_journey_id, parse_name};

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
    #[serde(default)]
    upn: String,
    #[serde(default)]
    nhs_number: String,
    #[serde(default)]
    address: String,
    /// The page of a name search's results, sent by the pagination's buttons.
    #[serde(default, skip_serializing)]
    page: String,
}

/// An identifier or address typed on the search form: each finds people on its own.
enum Lookup {
    Identifier(Identifier),
    Address(String),
}

/// Reads the identifier and address fields: at most one lookup, or a message at the field.
fn parse_lookup(errors: &mut FieldErrors, form: &SearchForm) -> Option<Lookup> {
    let upn = form.upn.trim();
    let nhs = form.nhs_number.trim();
    let address = form.address.trim();
    if !upn.is_empty() {
        match Identifier::parse(IdentifierKind::Upn, upn) {
            Ok(id) => return Some(Lookup::Identifier(id)),
            Err(message) => errors.add("upn", message),
        }
    } else if !nhs.is_empty() {
        match Identifier::parse(IdentifierKind::NhsNumber, nhs) {
            Ok(id) => return Some(Lookup::Identifier(id)),
            Err(message) => errors.add("nhs_number", message),
        }
    } else if !address.is_empty() {
        if journey_domain::person::name_key(address).chars().count() < 3 {
            errors.add(
                "address",
                "Enter a full postcode or at least 3 letters or numbers of the first line",
            );
        } else {
            return Some(Lookup::Address(address.to_owned()));
        }
    }
    None
}

pub async fn form(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
) -> WebResult<Response> {
    crate::access::require(&state, &ctx, &viewer, Capability::SearchPeople).await?;
    render::page(
        &state,
        &ctx,
        Some(&viewer),
        "/search",
        "pages/search.html",
        context! { form => render::value(SearchForm::default()) },
    )
}

pub async fn submit(
    State(state): State<AppState>,
    State(families): State<Arc<dyn Families>>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    State(records): State<Arc<dyn Records>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    FormInput(form): FormInput<SearchForm>,
) -> WebResult<Response> {
    crate::access::require(&state, &ctx, &viewer, Capability::SearchPeople).await?;
    csrf::check(&viewer.csrf_token, &form.csrf_token)?;
    let mut errors = FieldErrors::new();
    let actor = viewer.actor(&ctx, &state);
    let journey_id = form.journey_id.trim();
    if !journey_id.is_empty() {
        // A Journey ID names one person: the other fields are not needed.
        let Some(id) = parse_journey_id(&mut errors, journey_id) else {
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
        let results: Vec<_> = families
            .person_by_id(&actor, id)
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
    if let Some(lookup) = parse_lookup(&mut errors, &form) {
        let results = match lookup {
            Lookup::Identifier(identifier) => {
                person_details
                    .find_by_identifier(&actor, &identifier)
                    .await?
            }
            Lookup::Address(text) => person_details.find_by_address(&actor, &text).await?,
        };
        return render::page(
            &state,
            &ctx,
            Some(&viewer),
            "/search",
            "pages/search.html",
            context! { form => render::value(&form), results => render::value(&results) },
        );
    }
    // A mistyped identifier or address is the one problem to show: the name is not needed then.
    let lookup_refused = !errors.is_empty();
    let name = if lookup_refused {
        String::new()
    } else {
        parse_name(&mut errors, &form.name)
    };
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
    // The page comes from the pagination's buttons, not from typing: one out of range is
    // read as the nearest there is.
    let page = form
        .page
        .trim()
        .parse::<u32>()
        .map_or(1, |page| page.clamp(1, MAX_PAGES));
    let found = records
        .search_page(
            &actor,
            &PersonQuery {
                name,
                date_of_birth,
                limit: RESULT_LIMIT,
            },
            page,
        )
        .await?;
    let first = (found.page - 1) * RESULT_LIMIT;
    let last = first + u32::try_from(found.hits.len()).unwrap_or(RESULT_LIMIT);
    render::page(
        &state,
        &ctx,
        Some(&viewer),
        "/search",
        "pages/search.html",
        context! {
            form => render::value(&form),
            results => render::value(&found.hits),
            paging => context! {
                page => found.page,
                has_more => found.has_more,
                first => first + 1,
                last => last,
                // The last page offered: more are found than it shows, so narrow the search.
                narrow => found.has_more && found.page >= MAX_PAGES,
            },
        },
    )
}
