//! What every operation shares in the OpenAPI document: the error bodies (written by the
//! middleware for refusals and by [`super::field_errors`] for problems at fields), the sets of
//! error responses an operation can give, the CSRF header and the session cookie.

use std::collections::BTreeMap;

use journey_domain::validation::FieldErrors;
use serde::Serialize;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Required};
use utoipa::{IntoParams, IntoResponses, Modify, OpenApi, ToSchema};

/// A refusal or failure in plain words (401, 403, 404, 400, 429, 500), with the request id to
/// quote to the service desk.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong, as a heading: "You cannot open this record".
    pub error: String,
    /// What to do about it.
    pub message: String,
    pub request_id: String,
}

/// Problems with the input, each at its field (422).
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblems {
    /// Always "There is a problem".
    pub error: String,
    pub fields: Vec<FieldProblem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    /// The body's field, as named in the request schema.
    pub field: String,
    pub message: String,
}

impl From<FieldErrors> for FieldProblems {
    fn from(errors: FieldErrors) -> Self {
        FieldProblems {
            error: "There is a problem".into(),
            fields: errors
                .errors
                .into_iter()
                .map(|e| FieldProblem {
                    field: e.field,
                    message: e.message,
                })
                .collect(),
        }
    }
}

/// A response whose body is one of the shared error schemas.
fn error_response(description: &str, schema: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name(schema)))
                .build(),
        )
        .build()
        .into()
}

fn responses(codes: &[u16]) -> BTreeMap<String, RefOr<Response>> {
    codes
        .iter()
        .map(|code| {
            let response = match code {
                400 => error_response("The body is not a JSON object", "ErrorBody"),
                401 => error_response("Not signed in, or the session has ended", "ErrorBody"),
                403 => error_response(
                    "Refused: no working relationship that allows this (the refusal is recorded), or no valid X-CSRF-Token",
                    "ErrorBody",
                ),
                404 => error_response("No such record", "ErrorBody"),
                409 => error_response("The change conflicts with what is already recorded", "ErrorBody"),
                _ => error_response("Problems with the input, each at its field", "FieldProblems"),
            };
            (code.to_string(), response)
        })
        .collect()
}

/// A read about one child: 401, 403 and 404.
pub struct ChildRead;

impl IntoResponses for ChildRead {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        responses(&[401, 403, 404])
    }
}

/// A change to one child's record: 400, 401, 403, 404 and 422.
pub struct ChildWrite;

impl IntoResponses for ChildWrite {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        responses(&[400, 401, 403, 404, 422])
    }
}

/// A step of a process on one child's record: as [`ChildWrite`], and 409 when a step before
/// it is missing (the message says which, and how to put it right).
pub struct StepWrite;

impl IntoResponses for StepWrite {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let mut all = responses(&[400, 401, 403, 404, 422]);
        all.insert(
            "409".into(),
            error_response(
                "A step before this one is missing: the message says which, and how to record it",
                "ErrorBody",
            ),
        );
        all
    }
}

/// A read not about one child: 401 (and 403 where the role lacks the capability).
pub struct Read;

impl IntoResponses for Read {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        responses(&[401, 403])
    }
}

/// A read of something named in the path that is not a child (a member of staff): 401, 403,
/// and 404 when it does not exist or is outside what the caller may see.
pub struct NamedRead;

impl IntoResponses for NamedRead {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        responses(&[401, 403, 404])
    }
}

/// A request with a body, not about one child: 400, 401, 403 and 422.
pub struct Write;

impl IntoResponses for Write {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        responses(&[400, 401, 403, 422])
    }
}

/// The session's CSRF token, required on every request that changes something (or searches,
/// which is recorded).
pub struct CsrfHeader;

impl IntoParams for CsrfHeader {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            ParameterBuilder::new()
                .name("X-CSRF-Token")
                .parameter_in(ParameterIn::Header)
                .required(Required::True)
                .description(Some(
                    "The session's CSRF token, from POST /api/session or GET /api/me",
                ))
                .schema(Some(String::schema()))
                .build(),
        ]
    }
}

use utoipa::PartialSchema;

/// The document's frame: title, the session cookie as the security scheme, the shared error
/// schemas. The paths come from the router (`api::router`).
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Journey API",
        description = "Children's social care case management. Every read of a child's record is audited; access is need-to-know. Dates are ISO 8601 (2026-03-02); instants are RFC 3339, answered in UTC (2026-03-02T09:30:00Z); codes are the DfE's or Journey's stored codes; ids are numbers."
    ),
    components(schemas(ErrorBody, FieldProblems, FieldProblem)),
    modifiers(&SessionCookie),
    security(("session" = []))
)]
pub struct Frame;

struct SessionCookie;

impl Modify for SessionCookie {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "session",
                SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("journey-session"))),
            );
        }
    }
}
