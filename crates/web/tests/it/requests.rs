//! Requests as a signed-in member of staff makes them: a page, a form posted with the
//! session's CSRF token, and the JSON API. Shared so each test reads as what it checks.

use serde_json::Value;

use crate::harness::{Session, TestServer};

/// A page: its status and its HTML.
pub async fn page(server: &TestServer, session: &Session, path: &str) -> (u16, String) {
    let response = session.client.get(server.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// A form posted with the CSRF token: its status, and where it redirects (or the page).
pub async fn post_form(
    server: &TestServer,
    session: &Session,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let mut form = vec![("csrf_token", session.csrf.as_str())];
    form.extend_from_slice(fields);
    let response = session
        .client
        .post(server.url(path))
        .form(&form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned());
    let text = response.text().await.unwrap();
    (status, location.unwrap_or(text))
}

pub async fn api_get(server: &TestServer, session: &Session, path: &str) -> (u16, Value) {
    let response = session.client.get(server.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

pub async fn api_post(
    server: &TestServer,
    session: &Session,
    path: &str,
    body: Value,
) -> (u16, Value) {
    let response = session
        .client
        .post(server.url(path))
        .header("x-csrf-token", &session.csrf)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The message the API answered at `field`.
pub fn message_at(body: &Value, field: &str) -> String {
    body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == field)
        .unwrap_or_else(|| panic!("no problem at {field}: {body}"))["message"]
        .as_str()
        .unwrap()
        .to_owned()
}
