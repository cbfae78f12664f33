//! Bad input gets a message beside the field that caused it, never a 500, and saves nothing.

use journey_store::PersonQuery;
use journey_store::contract::system;

use crate::harness::{TestServer, backends};

async fn count_named(server: &TestServer, name: &str) -> usize {
    server
        .store
        .search_people(
            &system(),
            &PersonQuery {
                name: name.into(),
                date_of_birth: None,
                limit: 50,
            },
        )
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn a_bad_new_child_form_shows_every_problem_at_its_field_and_keeps_what_was_typed() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let session = server.sign_in("worker.a").await;
        let response = session
            .client
            .post(server.url("/children"))
            .form(&[
                ("csrf_token", session.csrf.as_str()),
                ("given_name", "Tilly"),
                ("family_name", "  "),
                ("date_of_birth_day", "3"),
                ("date_of_birth_month", "3"),
                ("date_of_birth_year", "2026"),
                ("sex", "X"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422, "{backend:?}");
        let page = response.text().await.unwrap();
        assert!(page.contains("<title>Error: Record a new child"));
        assert!(page.contains("There is a problem"));
        // The summary links to each field, and each field carries its message.
        for (field, message) in [
            ("family_name", "Enter the child&#x27;s last name"),
            (
                "date_of_birth",
                "Date of birth must be today or in the past",
            ),
            (
                "sex",
                "Select the child&#x27;s sex, or &#x27;Not known&#x27;",
            ),
        ] {
            crate::harness::assert_summary_link_reaches_an_input(&page, field);
            assert!(
                page.contains(&format!("id=\"{field}-error\""))
                    || page.contains(&format!("id=\"{field}-date-error\"")),
                "message at {field}"
            );
            assert!(page.contains(message), "{message}");
        }
        assert!(page.contains("value=\"Tilly\""), "what was typed is kept");
        assert!(
            page.contains("name=\"date_of_birth_year\" type=\"text\" value=\"2026\"")
                || page.contains("value=\"2026\"")
        );
        assert_eq!(count_named(&server, "tilly").await, 0, "nothing was saved");

        // Impossible dates and partial dates are named precisely.
        let response = session
            .client
            .post(server.url("/children"))
            .form(&[
                ("csrf_token", session.csrf.as_str()),
                ("given_name", "Tilly"),
                ("family_name", "Rowe"),
                ("date_of_birth_day", "30"),
                ("date_of_birth_month", "2"),
                ("date_of_birth_year", "2020"),
                ("expected_date_of_birth_day", "1"),
                ("expected_date_of_birth_year", "2027"),
                ("sex", "F"),
            ])
            .send()
            .await
            .unwrap();
        let page = response.text().await.unwrap();
        assert!(page.contains("Date of birth must be a real date"));
        assert!(page.contains("Expected date of birth must include a month"));
        assert_eq!(count_named(&server, "tilly").await, 0);

        // Corrected, it saves, and the worker who recorded the child can open the record.
        let response = session
            .client
            .post(server.url("/children"))
            .form(&[
                ("csrf_token", session.csrf.as_str()),
                ("given_name", "Tilly"),
                ("family_name", "Rowe"),
                ("date_of_birth_day", "29"),
                ("date_of_birth_month", "2"),
                ("date_of_birth_year", "2020"),
                ("sex", "F"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let record = session
            .client
            .get(server.url(&location))
            .send()
            .await
            .unwrap();
        assert_eq!(record.status(), 200);
        assert!(
            record
                .text()
                .await
                .unwrap()
                .contains("Record opened for Tilly Rowe")
        );
    }
}

#[tokio::test]
async fn unreadable_forms_and_json_get_a_4xx_with_a_message_and_change_nothing() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let session = server.sign_in("worker.a").await;
        // A form body that is not a form at all.
        let response = session
            .client
            .post(server.url("/children"))
            .header("content-type", "application/json")
            .body("{\"given_name\": \"Json\"}")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{backend:?}");
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("The form could not be read")
        );

        let api = |body: &'static str| {
            session
                .client
                .post(server.url("/api/children"))
                .header("x-csrf-token", session.csrf.as_str())
                .header("content-type", "application/json")
                .body(body)
                .send()
        };
        let malformed = api("{not json").await.unwrap();
        assert_eq!(malformed.status(), 400);
        let body: serde_json::Value = malformed.json().await.unwrap();
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .contains("The JSON body could not be read")
        );

        let invalid = api(r#"{"given_name": "Json", "family_name": "", "date_of_birth": "31/02/2020", "sex": "Q"}"#)
            .await
            .unwrap();
        assert_eq!(invalid.status(), 422);
        let body: serde_json::Value = invalid.json().await.unwrap();
        let mut fields: Vec<_> = body["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["field"].as_str().unwrap())
            .collect();
        fields.sort_unstable();
        assert_eq!(fields, ["date_of_birth", "family_name", "sex"]);
        assert_eq!(count_named(&server, "json").await, 0, "nothing was saved");

        let created = api(r#"{"given_name": "Jay", "family_name": "Sonn", "date_of_birth": "2020-02-29", "sex": "M"}"#)
            .await
            .unwrap();
        assert_eq!(created.status(), 201);
        assert_eq!(count_named(&server, "jay sonn").await, 1);

        // Search input is checked too.
        let search = session
            .client
            .post(server.url("/search"))
            .form(&[
                ("csrf_token", session.csrf.as_str()),
                ("name", "a"),
                ("date_of_birth_day", "40"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(search.status(), 422);
        let page = search.text().await.unwrap();
        assert!(page.contains("Enter at least 2 letters of a name"));
        assert!(page.contains("Date of birth must include a month and year"));
    }
}

#[tokio::test]
async fn dates_are_read_strictly_and_a_birth_before_1900_is_refused_at_the_field() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let session = server.sign_in("worker.a").await;
        let page = |day: &'static str, month: &'static str, year: &'static str| {
            let csrf = session.csrf.clone();
            let client = session.client.clone();
            let url = server.url("/children");
            async move {
                let response = client
                    .post(url)
                    .form(&[
                        ("csrf_token", csrf.as_str()),
                        ("given_name", "Datey"),
                        ("family_name", "Strict"),
                        ("date_of_birth_day", day),
                        ("date_of_birth_month", month),
                        ("date_of_birth_year", year),
                        ("sex", "F"),
                        ("matches_shown", "yes"),
                    ])
                    .send()
                    .await
                    .unwrap();
                (response.status().as_u16(), response.text().await.unwrap())
            }
        };
        for (day, month, year, message) in [
            ("1", "1", "1899", "Date of birth must be in 1900 or later"),
            ("1", "1", "+2020", "Date of birth must be a real date"),
            ("+1", "1", "2020", "Date of birth must be a real date"),
            (
                "1",
                "1",
                "02020",
                "Date of birth must include a 4-digit year",
            ),
            ("1", "1", "20 20", "Date of birth must be a real date"),
            ("1 2", "1", "2020", "Date of birth must be a real date"),
        ] {
            let (status, text) = page(day, month, year).await;
            assert_eq!(status, 422, "{day}/{month}/{year} {backend:?}");
            assert!(text.contains(message), "{day}/{month}/{year}: {message}");
            assert!(
                text.contains("id=\"date_of_birth-error\"")
                    || text.contains("date_of_birth-date-error")
            );
        }

        let api = |date: &'static str| {
            let csrf = session.csrf.clone();
            let client = session.client.clone();
            let url = server.url("/api/children");
            async move {
                let response = client
                    .post(url)
                    .header("x-csrf-token", csrf)
                    .json(
                        &serde_json::json!({ "given_name": "Datey", "family_name": "Strict",
                        "date_of_birth": date, "sex": "F", "none_match": true }),
                    )
                    .send()
                    .await
                    .unwrap();
                let status = response.status().as_u16();
                (status, response.json::<serde_json::Value>().await.unwrap())
            }
        };
        for date in [
            "+2020-01-01",
            "02020-01-01",
            " 2020-01-01",
            "2020-01-01 ",
            "2020- 1-01",
            "1899-12-31",
        ] {
            let (status, body) = api(date).await;
            assert_eq!(status, 422, "{date:?} {backend:?}: {body}");
            assert_eq!(body["fields"][0]["field"], "date_of_birth", "{date:?}");
        }
        let (_, body) = api("1899-12-31").await;
        assert_eq!(
            body["fields"][0]["message"],
            "Date of birth must be in 1900 or later"
        );
        assert_eq!(count_named(&server, "datey").await, 0, "nothing was saved");
        let (status, _) = api("1900-01-01").await;
        assert_eq!(status, 201, "1900 itself is taken");
    }
}

#[tokio::test]
async fn missing_children_and_unreadable_ids_get_journeys_own_not_found_auditors_included() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let auditor = server.sign_in("auditor").await;
        let missing = 999_999;
        for path in [
            "",
            "/access-log",
            "/chronology",
            "/details",
            "/family",
            "/family-history",
            "/front-door",
            "/notes",
            "/notes/1",
        ] {
            let response = auditor
                .client
                .get(server.url(&format!("/api/children/{missing}{path}")))
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let body: serde_json::Value = response.json().await.unwrap_or_default();
            assert_eq!(status, 404, "{path} {backend:?}: {body}");
            assert!(body["error"].is_string(), "Journey's JSON error: {path}");
        }
        let child = server.child;
        for path in [
            format!("/children/{child}/people/abc"),
            format!("/children/{child}/people/99999999999999999999"),
            format!("/children/{child}/referrals/abc/decision"),
            "/relationship-proposals/abc".to_owned(),
        ] {
            let response = auditor.client.get(server.url(&path)).send().await.unwrap();
            let status = response.status().as_u16();
            let html = response.text().await.unwrap();
            assert!(matches!(status, 403 | 404), "{path} {backend:?}: {status}");
            assert!(
                html.contains("govuk-template"),
                "Journey's own page: {path}: {html}"
            );
        }
    }
}
