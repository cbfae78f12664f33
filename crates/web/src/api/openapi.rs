//! The OpenAPI 3.1 description of the JSON API, served at `/api/openapi.json`.
//! A test checks every documented path is routed and every API route is documented.

use axum::Json;
use serde_json::{Value, json};

/// Every API route: (method, path as OpenAPI writes it, summary, needs CSRF header).
pub const FOUNDATION: &[(&str, &str, &str, bool)] = &[
    (
        "post",
        "/api/session",
        "Sign in; returns the CSRF token",
        false,
    ),
    (
        "delete",
        "/api/session",
        "Sign out, ending the session on the server",
        true,
    ),
    ("get", "/api/me", "The signed-in member of staff", false),
    (
        "get",
        "/api/caseload",
        "Children allocated to the signed-in worker",
        false,
    ),
    (
        "post",
        "/api/search",
        "Search people by name and date of birth (audited)",
        true,
    ),
    (
        "post",
        "/api/children",
        "Record a new child: given_name, family_name, date_of_birth or expected_date_of_birth, sex, none_match. Answers 409 with the likely matches unless none_match is true",
        true,
    ),
    (
        "get",
        "/api/children/{child_id}",
        "Open a child's record (audited; need-to-know)",
        false,
    ),
    (
        "get",
        "/api/children/{child_id}/chronology",
        "The child's whole chronology (audited)",
        false,
    ),
    (
        "get",
        "/api/children/{child_id}/access-log",
        "Who has viewed the record (managers and auditors)",
        false,
    ),
];

/// Every API operation: the foundation's and each capability's.
pub fn operations()
-> impl Iterator<Item = &'static (&'static str, &'static str, &'static str, bool)> {
    FOUNDATION
        .iter()
        .chain(super::person_details::OPERATIONS)
        .chain(super::families::OPERATIONS)
        .chain(super::front_door::OPERATIONS)
        .chain(super::case_notes::OPERATIONS)
}

fn operation(method: &str, summary: &str, needs_csrf: bool, has_child: bool) -> Value {
    let mut parameters = Vec::new();
    if has_child {
        parameters.push(json!({
            "name": "child_id", "in": "path", "required": true,
            "schema": { "type": "integer", "format": "int64" }
        }));
    }
    if needs_csrf {
        parameters.push(json!({
            "name": "X-CSRF-Token", "in": "header", "required": true,
            "schema": { "type": "string" }
        }));
    }
    let mut op = json!({
        "summary": summary,
        "parameters": parameters,
        "responses": {
            "200": { "description": "Success", "content": { "application/json": { "schema": { "type": "object" } } } },
            "401": { "$ref": "#/components/responses/Error" },
            "403": { "$ref": "#/components/responses/Error" },
            "404": { "$ref": "#/components/responses/Error" }
        },
        "security": [{ "session": [] }]
    });
    if method == "post" {
        op["requestBody"] = json!({
            "required": true,
            "content": { "application/json": { "schema": { "type": "object" } } }
        });
        op["responses"]["422"] = json!({ "$ref": "#/components/responses/FieldErrors" });
        op["responses"]["400"] = json!({ "$ref": "#/components/responses/Error" });
    }
    op
}

pub fn document() -> Value {
    let mut paths = serde_json::Map::new();
    for (method, path, summary, needs_csrf) in operations() {
        let entry = paths.entry(path.to_string()).or_insert_with(|| json!({}));
        entry[*method] = operation(method, summary, *needs_csrf, path.contains("{child_id}"));
    }
    if let Some(session) = paths.get_mut("/api/session") {
        session["post"]["security"] = json!([]);
    }
    if let Some(children) = paths.get_mut("/api/children") {
        children["post"]["responses"]["409"] =
            json!({ "$ref": "#/components/responses/LikelyMatches" });
        children["post"]["requestBody"]["content"]["application/json"]["schema"] =
            new_child_schema();
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Journey API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Children's social care case management. Every read of a child's record is audited; access is need-to-know."
        },
        "paths": paths,
        "components": {
            "securitySchemes": {
                "session": { "type": "apiKey", "in": "cookie", "name": "journey-session" }
            },
            "responses": {
                "Error": {
                    "description": "A refusal or failure, in plain words",
                    "content": { "application/json": { "schema": {
                        "type": "object",
                        "properties": {
                            "error": { "type": "string" },
                            "message": { "type": "string" },
                            "request_id": { "type": "string" }
                        }
                    } } }
                },
                "LikelyMatches": likely_matches_response(),
                "FieldErrors": {
                    "description": "Input problems, each at its field",
                    "content": { "application/json": { "schema": {
                        "type": "object",
                        "properties": {
                            "error": { "type": "string" },
                            "fields": { "type": "array", "items": {
                                "type": "object",
                                "properties": { "field": { "type": "string" }, "message": { "type": "string" } }
                            } }
                        }
                    } } }
                }
            }
        }
    })
}

/// The 409 answer of `POST /api/children` when people on record may be the child.
fn likely_matches_response() -> Value {
    json!({
        "description": "People on record may be this child: nothing was recorded. Send the request again with none_match true to record a new child anyway",
        "content": { "application/json": { "schema": {
            "type": "object",
            "properties": {
                "error": { "type": "string" },
                "message": { "type": "string" },
                "likely_matches": { "type": "array", "items": {
                    "type": "object",
                    "properties": {
                        "id": { "type": "integer", "format": "int64" },
                        "given_name": { "type": "string" },
                        "family_name": { "type": "string" },
                        "date_of_birth": { "type": ["string", "null"], "format": "date" },
                        "expected_date_of_birth": { "type": ["string", "null"], "format": "date" },
                        "is_child": { "type": "boolean" },
                        "reasons": { "type": "array", "items": {
                            "type": "object",
                            "properties": {
                                "code": { "type": "string", "enum": ["same_last_name", "similar_last_name", "same_first_name", "similar_first_name", "same_date_of_birth"] },
                                "text": { "type": "string" }
                            }
                        } }
                    }
                } }
            }
        } } }
    })
}

/// The body of `POST /api/children`.
fn new_child_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "given_name": { "type": "string" },
            "family_name": { "type": "string" },
            "date_of_birth": { "type": "string", "format": "date" },
            "expected_date_of_birth": { "type": "string", "format": "date", "description": "For an unborn child, instead of date_of_birth" },
            "sex": { "type": "string", "enum": ["M", "F", "U"] },
            "none_match": { "type": "boolean", "default": false, "description": "True once the likely matches of an earlier 409 have been looked at and none is the child" }
        }
    })
}

pub async fn serve() -> Json<Value> {
    Json(document())
}
