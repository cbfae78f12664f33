//! The JSON API: the same operations as the pages, under the same access rules.
//!
//! Authentication is the same server-side session. `POST /api/session` signs in and returns
//! the CSRF token, which every other state-changing request sends as `X-CSRF-Token`.
//!
//! Each operation is declared once, on its handler (`#[utoipa::path]`: method, path, body,
//! answers), and [`router`] registers the handlers through `utoipa_axum::routes!`, which
//! routes each at its declared path and adds it to the OpenAPI document. A route cannot be
//! served without being documented, nor documented without being served.

pub mod access;
pub mod allocations;
pub mod assessments;
pub mod babies;
pub mod body;
pub mod case_notes;
pub mod caseloads;
pub mod child_protection;
pub mod families;
pub mod front_door;
pub mod likely_matches;
pub mod openapi;
pub mod person_details;
pub mod relationship_proposals;
pub mod schema;
pub mod views;

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use journey_domain::access::Capability;
use journey_domain::person::NewChild;
use journey_domain::validation::FieldErrors;
use journey_store::{AccessKind, AccessLogQuery, Oversight, PersonQuery, Records, Sessions};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use self::body::{ApiBody, checked};
use self::schema::{ChildRead, CsrfHeader, FieldProblems, Read, Write};
use self::views::{
    AccessLogEntryView, Api, CaseloadEntryView, ChildRecordView, ChronologyEntryView, SearchHitView,
};
use crate::access::{Checked, ToReadAccessLog, ToView};
use crate::auth::session::{append_cookie, set_cookie, start};
use crate::auth::{Viewer, csrf};
use crate::capabilities::accounts::{authenticate, credentials_present};
use crate::capabilities::children::{NewChildBody, register};
use crate::capabilities::codes::{AccessKindCode, IsoDate, RelationshipCode, RoleCode, date};
use crate::capabilities::search::{RESULT_LIMIT, parse_name, parse_page};
use crate::context::RequestContext;
use crate::error::{WebError, WebResult};
use crate::state::AppState;

/// Every API operation, nested under `/api`, with the document they make.
pub fn router() -> OpenApiRouter<AppState> {
    let api = OpenApiRouter::with_openapi(schema::Frame::openapi())
        .routes(routes!(openapi::document))
        .routes(routes!(sign_in, sign_out))
        .routes(routes!(me))
        .routes(routes!(caseload))
        .routes(routes!(search))
        .routes(routes!(create_child))
        .routes(routes!(child_record))
        .routes(routes!(child_chronology))
        .routes(routes!(child_access_log));
    let api = crate::registry::CAPABILITIES
        .iter()
        .fold(api, |api, capability| api.merge((capability.api)()))
        .fallback(not_found);
    OpenApiRouter::new().nest("/api", api)
}

/// Field problems as JSON: 422 with every message at its field.
pub(crate) fn field_errors(errors: FieldErrors) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(FieldProblems::from(errors)),
    )
        .into_response()
}

/// A value as JSON with its status.
pub(crate) fn answer<T: Serialize>(status: StatusCode, value: T) -> Response {
    (status, Json(value)).into_response()
}

/// The session's CSRF token, sent by API clients in `X-CSRF-Token`.
pub(crate) fn check_header(viewer: &Viewer, headers: &HeaderMap) -> WebResult<()> {
    let presented = headers
        .get(csrf::HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    csrf::check(&viewer.csrf_token, presented)
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct Credentials {
    username: String,
    password: String,
}

/// The session's CSRF token, to send as `X-CSRF-Token`.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignedIn {
    csrf_token: String,
}

/// A sign-in refused: the same words whatever was wrong.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignInRefused {
    error: String,
}

/// Sign in; the session cookie is set and the CSRF token returned.
#[utoipa::path(
    post, path = "/session", tag = "session", security(()),
    request_body = Credentials,
    responses(
        (status = 200, description = "Signed in", body = SignedIn),
        (status = 401, description = "Wrong username or password, or a disabled account", body = SignInRefused),
        (status = 422, description = "A field is empty", body = FieldProblems),
        (status = 429, description = "Too many failed attempts", body = schema::ErrorBody),
    )
)]
pub async fn sign_in(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    ApiBody { body, problems }: ApiBody<Credentials>,
) -> WebResult<Response> {
    let problems = body::merged(
        problems,
        credentials_present(&body.username, &body.password),
    );
    if !problems.is_empty() {
        return Ok(field_errors(problems));
    }
    let Some(staff) = authenticate(
        &state,
        &ctx.request_id,
        body.username.trim(),
        &body.password,
    )
    .await?
    else {
        return Ok(answer(
            StatusCode::UNAUTHORIZED,
            SignInRefused {
                error: "Enter a correct username and password".into(),
            },
        ));
    };
    let (cookie, csrf_token) = start(&state, staff).await?;
    let mut response = Json(SignedIn { csrf_token }).into_response();
    append_cookie(&mut response, cookie);
    Ok(response)
}

/// Sign out, ending the session on the server.
#[utoipa::path(
    delete, path = "/session", tag = "session", params(CsrfHeader),
    responses((status = 204, description = "Signed out"), Read)
)]
pub async fn sign_out(
    State(state): State<AppState>,
    State(sessions): State<Arc<dyn Sessions>>,
    viewer: Viewer,
    headers: HeaderMap,
) -> WebResult<Response> {
    check_header(&viewer, &headers)?;
    sessions.end_session(viewer.token_hash()).await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    append_cookie(
        &mut response,
        set_cookie(&state, state.config.session_cookie_name(), "", Some(0)),
    );
    Ok(response)
}

/// The signed-in member of staff.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    staff_id: i64,
    username: String,
    display_name: String,
    role: RoleCode,
    csrf_token: String,
}

/// The signed-in member of staff, and the session's CSRF token.
#[utoipa::path(get, path = "/me", tag = "session", responses((status = 200, description = "The signed-in member of staff", body = Me), Read))]
pub async fn me(viewer: Viewer) -> Json<Me> {
    Json(Me {
        staff_id: viewer.staff.0,
        username: viewer.username,
        display_name: viewer.display_name,
        role: RoleCode(viewer.role),
        csrf_token: viewer.csrf_token,
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Caseload {
    caseload: Vec<CaseloadEntryView>,
}

/// Children allocated to the signed-in worker.
#[utoipa::path(get, path = "/caseload", tag = "records", responses((status = 200, description = "The caseload", body = Caseload), Read))]
pub async fn caseload(
    State(state): State<AppState>,
    State(records): State<Arc<dyn Records>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
) -> WebResult<Json<Caseload>> {
    let caseload = records.caseload_shown(&viewer.actor(&ctx, &state)).await?;
    Ok(Json(Caseload {
        caseload: caseload.api(),
    }))
}

/// A name (at least two letters) and, to narrow it, a date of birth.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct SearchBody {
    name: String,
    date_of_birth: Option<IsoDate>,
    /// The page of results, from 1 (the default) to 10. Past the tenth, narrow the search.
    #[schema(minimum = 1, maximum = 10)]
    page: Option<i64>,
}

/// One page of the people found, the searcher's own allocated children first; the page is
/// recorded as seen.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResults {
    results: Vec<SearchHitView>,
    /// Which page this is, from 1.
    page: u32,
    /// Whether the next page holds anyone. On the tenth page, more means the search should be
    /// narrowed (a date of birth, more of the name).
    has_more: bool,
}

/// Search people by name and date of birth, 20 a page (audited).
#[utoipa::path(
    post, path = "/search", tag = "records", params(CsrfHeader), request_body = SearchBody,
    responses((status = 200, description = "At most 20 people, and whether more follow", body = SearchResults), Write)
)]
pub async fn search(
    State(state): State<AppState>,
    State(records): State<Arc<dyn Records>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    ApiBody { body, problems }: ApiBody<SearchBody>,
) -> WebResult<Response> {
    crate::access::require(&state, &ctx, &viewer, Capability::SearchPeople).await?;
    check_header(&viewer, &headers)?;
    let mut name_problems = FieldErrors::new();
    let name = parse_name(&mut name_problems, &body.name);
    let page = parse_page(&mut name_problems, body.page);
    let problems = body::merged(problems, name_problems);
    if !problems.is_empty() {
        return Ok(field_errors(problems));
    }
    let found = records
        .search_page(
            &viewer.actor(&ctx, &state),
            &PersonQuery {
                name,
                date_of_birth: date(body.date_of_birth),
                limit: RESULT_LIMIT,
            },
            page,
        )
        .await?;
    Ok(answer(
        StatusCode::OK,
        SearchResults {
            results: found.hits.api(),
            page: found.page,
            has_more: found.has_more,
        },
    ))
}

/// The id of what was recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    id: i64,
}

/// Record a new child. Answers 409 with the likely matches unless `none_match` is true.
#[utoipa::path(
    post, path = "/children", tag = "records", params(CsrfHeader), request_body = NewChildBody,
    responses(
        (status = 201, description = "Recorded into the unallocated list of the recorder's team; the recorder keeps the record until it is allocated", body = Created),
        (status = 409, description = "People on record may be this child: nothing was recorded. Send the request again with none_match true to record a new child anyway", body = likely_matches::LikelyMatches),
        Write
    )
)]
pub async fn create_child(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    ApiBody { body, problems }: ApiBody<NewChildBody>,
) -> WebResult<Response> {
    crate::access::require(&state, &ctx, &viewer, Capability::RegisterPeople).await?;
    check_header(&viewer, &headers)?;
    let child: NewChild = match checked(
        problems,
        NewChild::parse(&body.input(), state.clock.today()),
    ) {
        Ok(child) => child,
        Err(problems) => return Ok(field_errors(problems)),
    };
    if !body.none_match
        && let Some(conflict) = likely_matches::conflict(&state, &ctx, &viewer, &child).await?
    {
        return Ok(conflict);
    }
    let id = register(&state, &ctx, &viewer, &child).await?;
    Ok(answer(StatusCode::CREATED, Created { id: id.0 }))
}

/// The child's record, and the relationship through which the viewer opened it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordBody {
    record: ChildRecordView,
    relationship: RelationshipCode,
}

/// Open a child's record (audited; need-to-know).
#[utoipa::path(
    get, path = "/children/{child_id}", tag = "records",
    params(("child_id" = i64, Path, description = "The child's Journey ID")),
    responses((status = 200, description = "The record", body = RecordBody), ChildRead)
)]
pub async fn child_record(
    State(records): State<Arc<dyn Records>>,
    checked: Checked<ToView>,
) -> WebResult<Json<RecordBody>> {
    let record = records.open_child_record(checked.access()).await?;
    Ok(Json(RecordBody {
        record: record.api(),
        relationship: RelationshipCode(checked.access().relationship()),
    }))
}

/// How many chronology entries one answer carries: a child with a long history (7,000 entries
/// and more) is read a page at a time rather than in one answer of megabytes.
pub const CHRONOLOGY_PAGE: usize = 500;

#[derive(Debug, Serialize, ToSchema)]
pub struct Chronology {
    /// This page's entries, oldest first.
    chronology: Vec<ChronologyEntryView>,
    /// Which page this is, from 1.
    page: usize,
    /// How many pages there are (at least 1, even for an empty chronology).
    pages: usize,
    /// How many entries there are in all.
    total: usize,
}

/// The `page` of a query string as typed (the first, if given more than once). Read by hand, so
/// that no query string, however odd, is refused before the page gets its message.
fn page_in(query: Option<&str>) -> Option<&str> {
    query?
        .split('&')
        .find_map(|pair| pair.strip_prefix("page="))
}

/// The child's chronology, oldest first, 500 entries a page (audited).
#[utoipa::path(
    get, path = "/children/{child_id}/chronology", tag = "records",
    params(
        ("child_id" = i64, Path, description = "The child's Journey ID"),
        ("page" = Option<u32>, Query, minimum = 1, description = "The page, from 1 (the default); a page after the last is empty")
    ),
    responses(
        (status = 200, description = "One page of entries, oldest first", body = Chronology),
        (status = 422, description = "The page is not a whole number from 1", body = FieldProblems),
        ChildRead
    )
)]
pub async fn child_chronology(
    State(records): State<Arc<dyn Records>>,
    checked: Checked<ToView>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> WebResult<Response> {
    let page = match page_in(query.as_deref()).map(str::trim) {
        None | Some("") => 1,
        Some(text) => match text.parse::<usize>() {
            Ok(page) if page >= 1 => page,
            _ => {
                return Ok(field_errors(FieldErrors::single(
                    "page",
                    "The page must be a whole number from 1",
                )));
            }
        },
    };
    // A child who does not exist is "not found", never an empty chronology (for auditors, whose
    // role passes the check for any id).
    records.child_details(checked.access()).await?;
    let entries = records.full_chronology(checked.access()).await?;
    let total = entries.len();
    let pages = total.div_ceil(CHRONOLOGY_PAGE).max(1);
    let shown: Vec<_> = entries
        .into_iter()
        .skip((page - 1).saturating_mul(CHRONOLOGY_PAGE))
        .take(CHRONOLOGY_PAGE)
        .collect();
    Ok(answer(
        StatusCode::OK,
        Chronology {
            chronology: shown.api(),
            page,
            pages,
            total,
        },
    ))
}

/// How many access records one answer of the access log carries.
pub const ACCESS_LOG_PAGE: u32 = 200;

#[derive(Debug, Serialize, ToSchema)]
pub struct AccessLog {
    /// This page's access records, newest first.
    access_log: Vec<AccessLogEntryView>,
    /// Which page this is, from 1.
    page: u32,
    /// How many pages the matching records fill (at least 1).
    pages: u32,
    /// How many access records match the filters, on every page.
    total: u64,
}

/// Who has viewed the record (managers in the line and auditors): every access record a page
/// at a time, newest first, narrowed to one member of staff and one kind where asked. Itself
/// recorded, so the first page starts with this look.
#[utoipa::path(
    get, path = "/children/{child_id}/access-log", tag = "records",
    params(
        ("child_id" = i64, Path, description = "The child's Journey ID"),
        ("page" = Option<u32>, Query, minimum = 1, description = "The page, from 1 (the default), 200 records a page; a page after the last answers the last (its `page` says which)"),
        ("staff" = Option<i64>, Query, description = "Only this member of staff's records (their staff number)"),
        ("kind" = Option<AccessKindCode>, Query, description = "Only records of this kind")
    ),
    responses(
        (status = 200, description = "One page of access records, newest first", body = AccessLog),
        (status = 422, description = "The page, staff or kind is not one Journey knows", body = FieldProblems),
        ChildRead
    )
)]
pub async fn child_access_log(
    State(records): State<Arc<dyn Records>>,
    State(oversight): State<Arc<dyn Oversight>>,
    checked: Checked<ToReadAccessLog>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> WebResult<Response> {
    let filters = crate::pages::access_log::Filters::from_query_naming(query.as_deref(), "staff");
    let mut problems = FieldErrors::new();
    let page = filters.page().unwrap_or_else(|| {
        problems.add("page", "The page must be a whole number from 1");
        1
    });
    let staff = filters.person().unwrap_or_else(|_| {
        problems.add(
            "staff",
            "The staff filter must be a member of staff's number",
        );
        None
    });
    let kind = filters.kind(&AccessKind::ALL).unwrap_or_else(|_| {
        problems.add("kind", "The kind must be one of the access record kinds");
        None
    });
    if !problems.is_empty() {
        return Ok(field_errors(problems));
    }
    records.child_details(checked.access()).await?; // "not found" for a child who does not exist
    let log = oversight
        .access_log(
            checked.access(),
            &AccessLogQuery {
                staff,
                kind,
                page,
                per_page: ACCESS_LOG_PAGE,
            },
        )
        .await?;
    Ok(answer(
        StatusCode::OK,
        AccessLog {
            access_log: log.entries.api(),
            page: log.page,
            pages: log.pages,
            total: log.total,
        },
    ))
}

/// Unknown API paths answer in JSON too.
pub async fn not_found() -> WebError {
    WebError::NotFound
}
