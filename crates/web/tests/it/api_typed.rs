//! The JSON API reads typed JSON: booleans, ISO 8601 dates, RFC 3339 instants, codes as
//! their lists spell them, ids as numbers. A value of the wrong type is a problem at its field
//! (422), never a server error; a body that is not a JSON object is a 400.

use serde_json::{Value, json};

use crate::harness::{Session, TestServer, backends};

async fn post(server: &TestServer, session: &Session, path: &str, body: Value) -> (u16, Value) {
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

/// The message at a field of a 422 answer.
fn at<'a>(body: &'a Value, field: &str) -> Option<&'a str> {
    body["fields"]
        .as_array()?
        .iter()
        .find(|f| f["field"] == field)
        .and_then(|f| f["message"].as_str())
}

#[tokio::test]
async fn typed_booleans_dates_and_codes_are_accepted() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let worker = server.sign_in("worker.a").await;
        let notes = format!("/api/children/{}/notes", server.child);
        let (status, body) = post(
            &server,
            &worker,
            &notes,
            json!({ "kind": "home_visit", "occurred_at": "2026-03-02T09:15:00Z",
                    "text": "Ava showed me her room", "child_seen": true,
                    "seen_alone": false, "bedroom_seen": true }),
        )
        .await;
        assert_eq!(status, 201, "{backend:?} {body}");
        let note: Value = worker
            .client
            .get(server.url(&format!("{notes}/{}", body["id"])))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let current = &note["current"];
        assert_eq!(current["kind"], "home_visit");
        assert_eq!(current["occurred_at"], "2026-03-02T09:15:00Z");
        assert_eq!(current["child_seen"], "yes");
        assert_eq!(current["seen_alone"], "no");

        let (status, body) = post(
            &server,
            &worker,
            "/api/likely-matches",
            json!({ "given_name": "Ava", "family_name": "Example",
                    "date_of_birth": "2019-02-28", "sex": "F" }),
        )
        .await;
        assert_eq!(status, 200, "{backend:?} {body}");
        assert_eq!(body["likely_matches"][0]["id"], server.child.0);
        assert_eq!(
            body["likely_matches"][0]["reasons"][0]["code"],
            "same_last_name"
        );

        let (status, body) = post(
            &server,
            &worker,
            &format!("/api/children/{}/details/warnings", server.child),
            json!({ "category": "animals", "text": "Large dog", "from": "2026-03-01" }),
        )
        .await;
        assert_eq!(status, 200, "{backend:?} {body}");
        assert!(body["event"].is_i64());
    }
}

#[tokio::test]
async fn a_value_of_the_wrong_type_is_refused_at_its_field() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let worker = server.sign_in("worker.a").await;
        let notes = format!("/api/children/{}/notes", server.child);
        // The form's strings are not the API's booleans: each is named, and the rest of the
        // note is still checked.
        let (status, body) = post(
            &server,
            &worker,
            &notes,
            json!({ "kind": "home_visit", "occurred_at": "2026-03-02T09:15:00Z",
                    "child_seen": "yes", "seen_alone": "no", "bedroom_seen": 1 }),
        )
        .await;
        assert_eq!(status, 422, "{backend:?}");
        assert_eq!(body["error"], "There is a problem");
        for field in ["child_seen", "seen_alone", "bedroom_seen"] {
            let message = at(&body, field).unwrap_or_else(|| panic!("{field}: {body}"));
            assert!(message.contains("expected a boolean"), "{field}: {message}");
        }
        assert_eq!(at(&body, "text"), Some("Enter what happened"));

        // An unknown code is refused at its field, naming the codes there are.
        let (status, body) = post(
            &server,
            &worker,
            "/api/likely-matches",
            json!({ "given_name": "Ava", "family_name": "Example",
                    "date_of_birth": "2019-02-28", "sex": "female" }),
        )
        .await;
        assert_eq!(status, 422, "{backend:?}");
        assert_eq!(
            at(&body, "sex"),
            Some("Unknown code \"female\": use one of M, F, U")
        );
        let (status, body) = post(
            &server,
            &worker,
            &format!("/api/children/{}/contacts", server.child),
            json!({ "received_at": "2026-03-02T09:30:00Z", "source": "police",
                    "referrer_name": "PC Jones", "concerns": "Domestic incident" }),
        )
        .await;
        assert_eq!(status, 422, "{backend:?}");
        assert!(at(&body, "source").unwrap().contains("1A, 1B"));

        // Dates are ISO 8601 only, and instants RFC 3339.
        for date in ["28/02/2019", "2019-2-28", "28 February 2019"] {
            let (status, body) = post(
                &server,
                &worker,
                "/api/likely-matches",
                json!({ "given_name": "Ava", "family_name": "Example",
                        "date_of_birth": date, "sex": "F" }),
            )
            .await;
            assert_eq!(status, 422, "{backend:?} {date}");
            assert!(
                at(&body, "date_of_birth")
                    .unwrap()
                    .contains("not a date in the form YYYY-MM-DD"),
                "{date}: {body}"
            );
        }
        let (status, body) = post(
            &server,
            &worker,
            &notes,
            json!({ "kind": "phone_call", "occurred_at": "2026-03-02 09:15", "text": "Call" }),
        )
        .await;
        assert_eq!(status, 422, "{backend:?}");
        assert!(at(&body, "occurred_at").unwrap().contains("RFC 3339"));

        // Ids are numbers.
        let (status, body) = post(
            &server,
            &worker,
            &format!("/api/children/{}/referrals", server.child),
            json!({ "contact_id": "1", "referral_date": "2026-03-02", "primary_need": "N4" }),
        )
        .await;
        assert_eq!(status, 422, "{backend:?}");
        assert!(at(&body, "contact_id").is_some(), "{body}");

        // Nothing was written by any of these.
        let listed: Value = worker
            .client
            .get(server.url(&notes))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(listed["notes"]["total"], 0, "{backend:?}");

        // A body that is not a JSON object cannot be read at all.
        for raw in ["[1, 2]", "\"note\"", "{not json"] {
            let response = worker
                .client
                .post(server.url(&notes))
                .header("x-csrf-token", &worker.csrf)
                .header("content-type", "application/json")
                .body(raw)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 400, "{backend:?} {raw}");
        }
    }
}
