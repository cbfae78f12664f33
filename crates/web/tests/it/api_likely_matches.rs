//! `POST /api/children` looks for likely matches before recording, on both databases: a 409
//! listing them, nothing recorded, until the client says none of them is the child.

use journey_store::AccessKind;
use serde_json::{Value, json};

use crate::harness::{Session, TestServer, backends};

async fn create(server: &TestServer, session: &Session, body: Value) -> (u16, Value) {
    let response = session
        .client
        .post(server.url("/api/children"))
        .header("X-CSRF-Token", &session.csrf)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// Ava Example, born 28 February 2019, is already on record (the harness's child); this is
/// the same child spelled differently.
fn eva() -> Value {
    json!({ "given_name": "Eva", "family_name": "Exampel", "date_of_birth": "2019-02-28", "sex": "F" })
}

#[tokio::test]
async fn recording_a_child_through_the_api_lists_likely_matches_first() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let worker = server.sign_in("worker.a").await;

        let (status, body) = create(&server, &worker, eva()).await;
        assert_eq!(status, 409, "{backend:?}: {body}");
        assert_eq!(body["error"], "Likely matches");
        let matches = body["likely_matches"].as_array().unwrap();
        assert_eq!(matches.len(), 1, "nothing was recorded: {body}");
        let ava = &matches[0];
        assert_eq!(ava["id"], server.child.0);
        assert_eq!(ava["given_name"], "Ava");
        assert_eq!(ava["family_name"], "Example");
        assert_eq!(ava["date_of_birth"], "2019-02-28");
        let reasons: Vec<_> = ava["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["code"].as_str().unwrap())
            .collect();
        assert!(reasons.contains(&"same_date_of_birth"), "{reasons:?}");
        assert!(reasons.contains(&"similar_last_name"), "{reasons:?}");
        assert!(ava["reasons"][0]["text"].as_str().is_some());
        // The record shown is recorded as seen by the worker.
        let seen = server
            .store
            .access_by_staff(server.world.worker_a, 5)
            .await
            .unwrap();
        assert!(
            seen.iter()
                .any(|a| a.kind == AccessKind::SearchResults && a.people_shown == [server.child])
        );

        // "none_match": false is the same as leaving it out.
        let mut not_yet = eva();
        not_yet["none_match"] = json!(false);
        let (status, body) = create(&server, &worker, not_yet).await;
        assert_eq!(status, 409);
        assert_eq!(body["likely_matches"].as_array().unwrap().len(), 1);

        // Bad input is still answered at its field first, whatever none_match says.
        let (status, body) = create(
            &server,
            &worker,
            json!({ "given_name": "Eva", "family_name": "", "date_of_birth": "2019-02-28", "sex": "F", "none_match": true }),
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(body["fields"][0]["field"], "family_name");

        // A deliberate "none of these is the child" records the new child.
        let mut confirmed = eva();
        confirmed["none_match"] = json!(true);
        let (status, body) = create(&server, &worker, confirmed).await;
        assert_eq!(status, 201);
        let new_id = body["id"].as_i64().unwrap();
        assert_ne!(new_id, server.child.0);
        let (status, body) = create(&server, &worker, eva()).await;
        assert_eq!(status, 409);
        let ids: Vec<_> = body["likely_matches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_i64().unwrap())
            .collect();
        assert!(ids.contains(&new_id) && ids.contains(&server.child.0));

        // A child nobody resembles is recorded at once.
        let (status, _) = create(
            &server,
            &worker,
            json!({ "given_name": "Zed", "family_name": "Quillfeather", "date_of_birth": "2021-06-01", "sex": "M" }),
        )
        .await;
        assert_eq!(status, 201);
    }
}

#[tokio::test]
async fn staff_who_may_not_record_children_see_no_matches() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let auditor = server.sign_in("auditor").await;
        let (status, body) = create(&server, &auditor, eva()).await;
        assert_eq!(status, 403, "{backend:?}");
        assert!(
            body.get("likely_matches").is_none(),
            "a refusal reveals nothing"
        );
        assert!(!body.to_string().contains("Example"));
        let seen = server
            .store
            .access_by_staff(server.world.auditor, 5)
            .await
            .unwrap();
        assert!(seen.iter().all(|a| a.kind != AccessKind::SearchResults));

        // Without the session's CSRF header nothing is checked or recorded either.
        let worker = server.sign_in("worker.a").await;
        let response = worker
            .client
            .post(server.url("/api/children"))
            .json(&eva())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403);
        let seen = server
            .store
            .access_by_staff(server.world.worker_a, 5)
            .await
            .unwrap();
        assert!(seen.iter().all(|a| a.kind != AccessKind::SearchResults));

        let openapi: Value = worker
            .client
            .get(server.url("/api/openapi.json"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let post = &openapi["paths"]["/api/children"]["post"];
        assert_eq!(
            post["responses"]["409"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/LikelyMatches"
        );
        let body = &openapi["components"]["schemas"]["NewChildBody"];
        assert_eq!(body["properties"]["none_match"]["type"], "boolean");
        let listed = &openapi["components"]["schemas"]["LikelyMatches"]["properties"];
        assert!(listed["likely_matches"].is_object());
    }
}
