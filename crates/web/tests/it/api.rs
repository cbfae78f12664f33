//! The JSON API: the same operations under the same rules, described by its OpenAPI document.

use journey_web::api::openapi::operations;

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

#[tokio::test]
async fn every_documented_operation_is_routed_and_every_route_is_documented() {
    let server = TestServer::start(journey_store::Backend::Sqlite).await;
    let doc: serde_json::Value = TestServer::client()
        .get(server.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    let documented: usize = paths.values().map(|p| p.as_object().unwrap().len()).sum();
    assert_eq!(documented, operations().count());
    let session = server.sign_in("manager.a").await;
    for (method, path, _, _) in operations() {
        assert!(
            paths[*path][*method].is_object(),
            "{method} {path} documented"
        );
        let url = server.url(&path.replace("{child_id}", &server.child.to_string()));
        let request = match *method {
            "get" => session.client.get(url),
            "post" => session.client.post(url).json(&serde_json::json!({})),
            "delete" => session.client.delete(url),
            other => panic!("unexpected method {other}"),
        };
        let status = request.send().await.unwrap().status();
        assert_ne!(status, 404, "{method} {path} is routed");
        assert_ne!(status, 405, "{method} {path} accepts its method");
        assert!(status.as_u16() < 500, "{method} {path} answered {status}");
    }
    let unknown = session
        .client
        .get(server.url("/api/nothing-here"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    let body: serde_json::Value = unknown.json().await.unwrap();
    assert_eq!(body["error"], "Page not found");
}
