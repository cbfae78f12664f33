//! The JSON API: the same operations under the same rules, described by its OpenAPI document.

use crate::harness::{PASSWORD, TestServer, backends};

#[tokio::test]
async fn the_api_signs_in_reads_and_searches_under_the_same_rules() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let client = TestServer::client();
        let wrong = client
            .post(server.url("/api/session"))
            .json(&serde_json::json!({ "username": "worker.a", "password": "nope" }))
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 401, "{backend:?}");
        let signed_in: serde_json::Value = client
            .post(server.url("/api/session"))
            .json(&serde_json::json!({ "username": "worker.a", "password": PASSWORD }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let csrf = signed_in["csrf_token"].as_str().unwrap().to_owned();
        let me: serde_json::Value = client
            .get(server.url("/api/me"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(me["username"], "worker.a");
        assert_eq!(me["role"], "social_worker");
        let caseload: serde_json::Value = client
            .get(server.url("/api/caseload"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(caseload["caseload"][0]["given_name"], "Ava");
        let record: serde_json::Value = client
            .get(server.url(&format!("/api/children/{}", server.child)))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(record["record"]["child"]["family_name"], "Example");
        assert_eq!(record["relationship"], "allocated_worker");
        let chronology: serde_json::Value = client
            .get(server.url(&format!("/api/children/{}/chronology", server.child)))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(chronology["chronology"].as_array().unwrap().len(), 2);
        let refused = client
            .get(server.url(&format!("/api/children/{}/access-log", server.child)))
            .send()
            .await
            .unwrap();
        assert_eq!(
            refused.status(),
            403,
            "a social worker does not see the access log"
        );
        let results: serde_json::Value = client
            .post(server.url("/api/search"))
            .header("x-csrf-token", &csrf)
            .json(&serde_json::json!({ "name": "example", "date_of_birth": "2019-02-28" }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(results["results"].as_array().unwrap().len(), 1);
        let out = client
            .delete(server.url("/api/session"))
            .header("x-csrf-token", &csrf)
            .send()
            .await
            .unwrap();
        assert_eq!(out.status(), 204);
        assert_eq!(
            client
                .get(server.url("/api/me"))
                .send()
                .await
                .unwrap()
                .status(),
            401
        );
    }
}

/// The schema an operation's body or answer refers to, followed through `$ref`.
fn resolve<'a>(doc: &'a serde_json::Value, schema: &'a serde_json::Value) -> &'a serde_json::Value {
    match schema["$ref"].as_str() {
        Some(r) => {
            let name = r.rsplit('/').next().unwrap();
            &doc["components"]["schemas"][name]
        }
        None => schema,
    }
}

/// A real schema: an object with properties, a typed value, or a composition of them.
fn is_real(doc: &serde_json::Value, schema: &serde_json::Value) -> bool {
    let schema = resolve(doc, schema);
    let described = schema["properties"]
        .as_object()
        .is_some_and(|p| !p.is_empty())
        || schema["allOf"].is_array()
        || schema["oneOf"].is_array();
    described || (schema["type"].is_string() && schema["type"] != "object")
}

#[tokio::test]
async fn the_document_is_for_signed_in_staff_and_names_every_route_with_its_schemas() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let anonymous = TestServer::client()
            .get(server.url("/api/openapi.json"))
            .send()
            .await
            .unwrap();
        assert_eq!(anonymous.status(), 401, "{backend:?}");
        let refusal: serde_json::Value = anonymous.json().await.unwrap();
        assert_eq!(refusal["error"], "You need to sign in");

        let session = server.sign_in("manager.a").await;
        let doc: serde_json::Value = session
            .client
            .get(server.url("/api/openapi.json"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        let paths = doc["paths"].as_object().unwrap();
        let mut operations = 0;
        for (path, item) in paths {
            for (method, op) in item.as_object().unwrap() {
                operations += 1;
                let what = format!("{method} {path}");
                for (status, response) in op["responses"].as_object().unwrap() {
                    if status == "204" || (path == "/api/openapi.json" && status == "200") {
                        continue;
                    }
                    let schema = &response["content"]["application/json"]["schema"];
                    assert!(
                        is_real(&doc, schema),
                        "{what} answers {status} with a schema"
                    );
                }
                if method == "post" {
                    let body = &op["requestBody"]["content"]["application/json"]["schema"];
                    assert!(is_real(&doc, body), "{what} documents its body");
                    assert!(op["responses"]["422"].is_object(), "{what} documents 422");
                }
                if method != "get" && path != "/api/session" {
                    let csrf = op["parameters"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|p| p["name"] == "X-CSRF-Token" && p["in"] == "header");
                    assert!(csrf, "{what} documents the CSRF header");
                }
                // Every documented operation is routed, and answers without a server error.
                let url = server.url(
                    &path
                        .replace("{child_id}", &server.child.to_string())
                        .replace("{note_id}", "1")
                        .replace("{staff_id}", &server.world.worker_a.to_string()),
                );
                let request = match method.as_str() {
                    "get" => session.client.get(url),
                    "post" => session.client.post(url).json(&serde_json::json!({})),
                    "delete" => session.client.delete(url),
                    other => panic!("unexpected method {other}"),
                };
                let status = request.send().await.unwrap().status();
                if path != "/api/children/{child_id}/notes/{note_id}" {
                    assert_ne!(status, 404, "{what} is routed");
                }
                assert_ne!(status, 405, "{what} accepts its method");
                assert!(status.as_u16() < 500, "{what} answered {status}");
            }
        }
        assert!(operations >= 40, "{operations} operations documented");
        let likely = &doc["paths"]["/api/children"]["post"]["responses"]["409"];
        assert!(is_real(
            &doc,
            &likely["content"]["application/json"]["schema"]
        ));
        let sex = &doc["components"]["schemas"]["SexCode"]["enum"];
        assert_eq!(sex, &serde_json::json!(["M", "F", "U"]));
    }
}

#[tokio::test]
async fn unknown_api_paths_answer_404_in_json() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let session = server.sign_in("manager.a").await;
        let unknown = session
            .client
            .get(server.url("/api/nothing-here"))
            .send()
            .await
            .unwrap();
        assert_eq!(unknown.status(), 404, "{backend:?}");
        let body: serde_json::Value = unknown.json().await.unwrap();
        assert_eq!(body["error"], "Page not found");
    }
}

/// A note number that cannot be a note (not a number, or too large for one) is not found, in
/// JSON, like a note that does not exist: never a 400 the document does not describe.
#[tokio::test]
async fn a_note_number_that_cannot_be_read_is_not_found() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let session = server.sign_in("worker.a").await;
        for note in ["9223372036854775808", "abc", "999999"] {
            let response = session
                .client
                .get(server.url(&format!("/api/children/{}/notes/{note}", server.child)))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 404, "{backend:?}: note {note}");
            let body: serde_json::Value = response.json().await.unwrap();
            assert_eq!(body["error"], "Page not found", "{backend:?}: note {note}");
        }
    }
}

#[tokio::test]
async fn the_whole_chronology_comes_a_page_of_500_at_a_time() {
    use journey_store::NewChronologyEntry;
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let child = server.child;
        let access = server.inspecting(child).await;
        for n in 0..520 {
            server
                .store
                .add_chronology_entry(
                    &access,
                    &NewChronologyEntry {
                        occurred_at: server.clock_now() - chrono::TimeDelta::days(1000 - n),
                        summary: format!("Entry {n}"),
                        significant: false,
                    },
                )
                .await
                .unwrap();
        }
        let total = server.store.full_chronology(&access).await.unwrap().len();
        assert!(total > 520, "{total}");
        let worker = server.sign_in("worker.a").await;
        let page = |query: &'static str| {
            let client = worker.client.clone();
            let url = server.url(&format!("/api/children/{child}/chronology{query}"));
            async move {
                let response = client.get(url).send().await.unwrap();
                let status = response.status().as_u16();
                (status, response.json::<serde_json::Value>().await.unwrap())
            }
        };
        let (status, first) = page("").await;
        assert_eq!(status, 200, "{backend:?}");
        assert_eq!(first["chronology"].as_array().unwrap().len(), 500);
        assert_eq!(
            (first["page"].as_u64(), first["pages"].as_u64()),
            (Some(1), Some(2))
        );
        assert_eq!(first["total"].as_u64(), Some(total as u64));
        let (_, second) = page("?page=2").await;
        assert_eq!(second["chronology"].as_array().unwrap().len(), total - 500);
        assert_ne!(first["chronology"][0], second["chronology"][0]);
        let (_, after) = page("?page=3").await;
        assert!(after["chronology"].as_array().unwrap().is_empty());
        for bad in ["?page=0", "?page=abc", "?page=-1", "?page=null&page=null"] {
            let (status, body) = page(bad).await;
            assert_eq!(status, 422, "{bad}");
            assert_eq!(body["fields"][0]["field"], "page", "{bad}");
        }
    }
}
