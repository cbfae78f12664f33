//! HTTP tests of the child's details (issue 3, parts 1 and 8), on both databases.

use chrono::NaiveDate;
use journey_domain::ids::PersonId;
use journey_domain::person::{NewChild, Sex};
use journey_store::contract::system;
use journey_store::{AccessKind, NewAllocation};

use crate::harness::{Session, TestServer, backends};

async fn post_form(
    session: &Session,
    server: &TestServer,
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
    (status, response.text().await.unwrap())
}

async fn get(session: &Session, server: &TestServer, path: &str) -> (u16, String) {
    let response = session.client.get(server.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// An unborn child allocated to worker A, expected on 20 March 2026.
async fn unborn(server: &TestServer) -> PersonId {
    let id = server
        .store
        .register_child(
            &system(),
            &NewChild {
                given_name: "Baby".into(),
                family_name: "Harlow".into(),
                date_of_birth: None,
                expected_date_of_birth: NaiveDate::from_ymd_opt(2026, 3, 20),
                sex: Sex::NotKnown,
            },
        )
        .await
        .unwrap();
    server
        .store
        .allocate(
            &system(),
            None,
            &NewAllocation {
                child: id,
                worker: server.world.worker_a,
                team: server.world.team_a,
                from: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            },
        )
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn details_are_changed_through_the_forms_and_summarised_on_the_record() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let session = server.sign_in("worker.a").await;
        let child = server.child;
        let base = format!("/children/{child}/details");
        let (status, page) = get(&session, &server, &base).await;
        assert_eq!(status, 200, "{backend:?}");
        assert!(page.contains(&format!("NC-{:06}", child.0)));

        let (status, _) = post_form(
            &session,
            &server,
            &format!("{base}/identifiers"),
            &[
                ("upn", "B801200005001"),
                ("nhs_number", "943 476 5919"),
                ("gender", "Girl"),
                ("ethnicity", "WBRI"),
                ("disabilities", "AUT"),
                ("disabilities", "LD"),
            ],
        )
        .await;
        assert_eq!(status, 303, "{backend:?}");
        let (status, _) = post_form(
            &session,
            &server,
            &format!("{base}/address"),
            &[
                ("line_1", "12 High Street"),
                ("town", "Northtown"),
                ("postcode", "nt1 1aa"),
                ("from_day", "1"),
                ("from_month", "6"),
                ("from_year", "2025"),
            ],
        )
        .await;
        assert_eq!(status, 303);
        let (status, _) = post_form(
            &session,
            &server,
            &format!("{base}/warnings"),
            &[
                ("category", "animals"),
                ("text", "Dog at the property"),
                ("from_day", "1"),
                ("from_month", "3"),
                ("from_year", "2026"),
            ],
        )
        .await;
        assert_eq!(status, 303);

        let (status, record) = get(&session, &server, &format!("/children/{child}")).await;
        assert_eq!(status, 200);
        assert!(record.contains("Case summary"));
        assert!(record.contains("govuk-warning-text"));
        assert!(record.contains("Animals at the property: Dog at the property"));
        assert!(record.contains("12 High Street, Northtown NT1 1AA"));
        assert!(record.contains("B801200005001"));
        assert!(record.contains("943 476 5919"));
        assert!(record.contains("7 years old"));
        assert!(record.contains("UPN, NHS number, gender, ethnicity and disability recorded"));

        // Ending the warning keeps it in the history and takes it off the summary.
        let details = server
            .store
            .person_details(&server.inspecting(child).await)
            .await
            .unwrap();
        let warning = details.warnings[0].id.0;
        let (status, _) = post_form(
            &session,
            &server,
            &format!("{base}/warnings/{warning}/end"),
            &[],
        )
        .await;
        assert_eq!(status, 303);
        let (_, record) = get(&session, &server, &format!("/children/{child}")).await;
        assert!(!record.contains("govuk-warning-text"));
        let (_, overview) = get(&session, &server, &base).await;
        assert!(overview.contains("Dog at the property"));
        assert!(overview.contains("(ended)"));

        // Opening the change pages is recorded as a view of the record.
        let seen = server
            .store
            .access_by_staff(server.world.worker_a, 50)
            .await
            .unwrap();
        assert!(
            seen.iter()
                .any(|e| e.kind == AccessKind::ViewedRecord && e.detail == "person_details")
        );
    }
}

#[tokio::test]
async fn an_unborn_childs_birth_is_recorded_on_the_same_record() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let session = server.sign_in("worker.a").await;
        let child = unborn(&server).await;
        let (_, record) = get(&session, &server, &format!("/children/{child}")).await;
        assert!(record.contains("Unborn, expected 20 March 2026"));
        let (status, _) = post_form(
            &session,
            &server,
            &format!("/children/{child}/details/birth"),
            &[
                ("date_of_birth_day", "1"),
                ("date_of_birth_month", "3"),
                ("date_of_birth_year", "2026"),
                ("sex", "F"),
                ("given_name", "Rose"),
            ],
        )
        .await;
        assert_eq!(status, 303, "{backend:?}");
        let (_, record) = get(&session, &server, &format!("/children/{child}")).await;
        assert!(record.contains("Rose Harlow"));
        assert!(record.contains("Born on 1 March 2026: named Rose, a girl"));
        assert!(
            record.contains("Record opened for unborn child of the Harlow family"),
            "history kept"
        );
    }
}

#[tokio::test]
async fn bad_details_get_a_message_at_the_field_and_save_nothing() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let session = server.sign_in("worker.a").await;
        let child = server.child;
        let before = server.store.audit_trail(child).await.unwrap().len();
        let (status, page) = post_form(
            &session,
            &server,
            &format!("/children/{child}/details/identifiers"),
            &[
                ("upn", "A801200005001"),
                ("nhs_number", "9434765918"),
                ("ethnicity", "XXXX"),
                ("disabilities", "WINGS"),
                ("gender", "Girl"),
            ],
        )
        .await;
        assert_eq!(status, 422, "{backend:?}");
        assert!(page.contains("There is a problem"));
        for field in ["upn", "nhs_number", "ethnicity", "disabilities"] {
            assert!(
                page.contains(&format!("href=\"#{field}\"")),
                "summary links to {field}"
            );
            assert!(
                page.contains(&format!("id=\"{field}-error\"")),
                "message at {field}"
            );
        }
        assert!(page.contains("UPN is not valid"));
        assert!(page.contains("NHS number is not valid"));
        assert!(page.contains("Select the child&#x27;s ethnicity from the list"));
        assert!(page.contains("Select disabilities from the list"));
        assert!(
            page.contains("value=\"A801200005001\""),
            "what was typed is kept"
        );
        assert!(page.contains("value=\"Girl\""));

        let (status, page) = post_form(
            &session,
            &server,
            &format!("/children/{child}/details/death"),
            &[
                ("date_of_death_day", "1"),
                ("date_of_death_month", "1"),
                ("date_of_death_year", "2019"),
            ],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("id=\"date_of_death-date-error\""));
        crate::harness::assert_summary_link_reaches_an_input(&page, "date_of_death");
        assert!(page.contains("Date of death must be on or after the date of birth"));
        assert!(page.contains("value=\"2019\""));

        let unborn = unborn(&server).await;
        let unborn_before = server.store.audit_trail(unborn).await.unwrap().len();
        let (status, page) = post_form(
            &session,
            &server,
            &format!("/children/{unborn}/details/birth"),
            &[
                ("date_of_birth_day", "3"),
                ("date_of_birth_month", "3"),
                ("date_of_birth_year", "2026"),
                ("sex", "F"),
                ("given_name", "Rose"),
            ],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("id=\"date_of_birth-date-error\""));
        crate::harness::assert_summary_link_reaches_an_input(&page, "date_of_birth");
        assert!(page.contains("Date of birth must be today or in the past"));
        let (status, page) = post_form(
            &session,
            &server,
            &format!("/children/{unborn}/details/expected-date"),
            &[
                ("expected_date_of_birth_day", "3"),
                ("expected_date_of_birth_month", "1"),
                ("expected_date_of_birth_year", "2027"),
            ],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("id=\"expected_date_of_birth-date-error\""));
        crate::harness::assert_summary_link_reaches_an_input(&page, "expected_date_of_birth");
        assert!(page.contains("Expected date of birth must be within the next 10 months"));

        // Nothing was saved.
        assert_eq!(server.store.audit_trail(child).await.unwrap().len(), before);
        assert_eq!(
            server.store.audit_trail(unborn).await.unwrap().len(),
            unborn_before
        );
        let details = server
            .store
            .person_details(&server.inspecting(child).await)
            .await
            .unwrap();
        assert_eq!(details.upn, None);
        assert_eq!(details.gender, None);
        assert_eq!(details.date_of_death, None);
    }
}

#[tokio::test]
async fn staff_without_a_relationship_are_refused_and_the_refusal_is_recorded() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let child = server.child;
        let before = server.store.audit_trail(child).await.unwrap().len();
        let session = server.sign_in("worker.b").await;
        for path in [
            "details",
            "details/identifiers",
            "details/birth",
            "details/death",
        ] {
            let (status, page) = get(&session, &server, &format!("/children/{child}/{path}")).await;
            assert_eq!(status, 403, "{backend:?} {path}");
            assert!(!page.contains("Ava"), "a refusal reveals nothing");
        }
        let (status, _) = post_form(
            &session,
            &server,
            &format!("/children/{child}/details/identifiers"),
            &[("upn", "B801200005001")],
        )
        .await;
        assert_eq!(status, 403);
        let api = session
            .client
            .get(server.url(&format!("/api/children/{child}/details")))
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), 403);
        let api = session
            .client
            .post(server.url(&format!("/api/children/{child}/details/warnings")))
            .header("X-CSRF-Token", &session.csrf)
            .json(&serde_json::json!({"category": "animals", "text": "Dog", "from": "2026-03-01"}))
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), 403);
        assert_eq!(server.store.audit_trail(child).await.unwrap().len(), before);
        let refusals = server
            .store
            .access_by_staff(server.world.worker_b, 50)
            .await
            .unwrap();
        assert_eq!(refusals.len(), 7);
        assert!(refusals.iter().all(|e| e.kind == AccessKind::Refused));
        // An auditor reads but never changes.
        let auditor = server.sign_in("auditor").await;
        let (status, _) = get(&auditor, &server, &format!("/children/{child}/details")).await;
        assert_eq!(status, 403);
        let (status, _) = get(&auditor, &server, &format!("/children/{child}")).await;
        assert_eq!(status, 200);
    }
}

#[tokio::test]
async fn the_api_records_details_and_finds_people_by_identifier_and_address() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let session = server.sign_in("worker.a").await;
        let child = server.child;
        let post = async |path: &str, body: serde_json::Value| {
            let response = session
                .client
                .post(server.url(path))
                .header("X-CSRF-Token", &session.csrf)
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            (status, response.json::<serde_json::Value>().await.unwrap())
        };
        let (status, body) = post(
            &format!("/api/children/{child}/details/identifiers"),
            serde_json::json!({"upn": "B801200005001", "nhs_number": "9434765919", "ethnicity": "BAFR", "disabilities": ["NONE"]}),
        )
        .await;
        assert_eq!(status, 200, "{backend:?} {body}");
        assert_eq!(body["changed"], true);
        let (status, body) = post(
            &format!("/api/children/{child}/details/identifiers"),
            serde_json::json!({"upn": "B80120000500"}),
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(body["fields"][0]["field"], "upn");
        let (status, _) = post(
            &format!("/api/children/{child}/details/addresses"),
            serde_json::json!({"line_1": "3 Mill Lane", "town": "Northtown", "postcode": "NT2 4BB", "from": "2026-02-01"}),
        )
        .await;
        assert_eq!(status, 200);
        let (status, body) = post(
            &format!("/api/children/{child}/details/death"),
            serde_json::json!({"date_of_death": "2018-01-01"}),
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(body["fields"][0]["field"], "date_of_death");

        let details: serde_json::Value = session
            .client
            .get(server.url(&format!("/api/children/{child}/details")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(details["details"]["upn"], "B801200005001");
        assert_eq!(details["authority_child_id"], format!("NC-{:06}", child.0));
        assert_eq!(
            details["summary"]["lives_at"],
            "3 Mill Lane, Northtown NT2 4BB"
        );

        let (status, found) = post(
            "/api/people/by-identifier",
            serde_json::json!({"kind": "nhs_number", "value": "943 476 5919"}),
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(found["results"][0]["id"], child.0);
        let (status, found) = post(
            "/api/people/by-address",
            serde_json::json!({"address": "nt2 4bb"}),
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(found["results"].as_array().unwrap().len(), 1);
        let (status, _) = post(
            "/api/people/by-identifier",
            serde_json::json!({"kind": "upn", "value": "nonsense"}),
        )
        .await;
        assert_eq!(status, 422);
    }
}

#[tokio::test]
async fn the_search_page_finds_a_child_by_identifier_and_refuses_a_bad_one_at_the_field() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let worker = server.sign_in("worker.a").await;
        let child = server.child;
        let (status, _) = post_form(
            &worker,
            &server,
            &format!("/children/{child}/details/identifiers"),
            &[
                ("upn", "B801200005001"),
                ("nhs_number", "9434765919"),
                ("ethnicity", "BAFR"),
                ("disabilities", "NONE"),
            ],
        )
        .await;
        assert_eq!(status, 303, "{backend:?}: identifiers saved");
        // Someone at the front door, with no relationship, searches the index by NHS number.
        let searcher = server.sign_in("worker.b").await;
        let (status, page) = post_form(
            &searcher,
            &server,
            "/search",
            &[("nhs_number", "943 476 5919")],
        )
        .await;
        assert_eq!(status, 200);
        assert!(page.contains("1 person found"), "{backend:?}");
        assert!(page.contains(&format!("/children/{child}")));
        let (_, page) = post_form(&searcher, &server, "/search", &[("upn", "B801200005001")]).await;
        assert!(page.contains("1 person found"));
        let seen = server
            .store
            .access_by_staff(server.world.worker_b, 10)
            .await
            .unwrap();
        assert_eq!(
            seen.iter()
                .filter(|r| r.kind == AccessKind::SearchResults && r.people_shown == [child])
                .count(),
            2
        );
        let (status, page) = post_form(
            &searcher,
            &server,
            "/search",
            &[("nhs_number", "9434765918")],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("href=\"#nhs_number\"") && page.contains("id=\"nhs_number-error\""));
    }
}
