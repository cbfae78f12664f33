//! HTTP tests of recording an adult's NHS number, addresses and warnings through a child's
//! record, on both databases.

use journey_domain::access::Relationship;
use journey_domain::ids::PersonId;
use journey_domain::staff::Role;
use journey_store::AccessKind;
use journey_store::contract::acting;

use crate::families_people::family;
use crate::harness::{
    Session, TestServer, assert_summary_link_reaches_an_input, backends, main_content,
};

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
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned());
    let body = response.text().await.unwrap();
    (status, location.unwrap_or(body))
}

async fn get(session: &Session, server: &TestServer, path: &str) -> (u16, String) {
    let response = session.client.get(server.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned());
    let body = response.text().await.unwrap();
    (status, location.unwrap_or(body))
}

/// The person's own chronology, as an auditor reads it.
async fn history(server: &TestServer, person: PersonId) -> Vec<String> {
    let access = journey_store::contract::permitted(
        &*server.store,
        acting(server.world.auditor, Role::Auditor),
        person,
        Relationship::Auditor,
    )
    .await;
    server
        .store
        .full_chronology(&access)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.summary)
        .collect()
}

fn violence(text: &str) -> Vec<(&str, &str)> {
    vec![
        ("category", "violence"),
        ("text", text),
        ("from_day", "1"),
        ("from_month", "2"),
        ("from_year", "2026"),
    ]
}

fn mill_lane() -> Vec<(&'static str, &'static str)> {
    vec![
        ("line_1", "3 Mill Lane"),
        ("town", "Northtown"),
        ("postcode", "nt1 1aa"),
        ("from_day", "1"),
        ("from_month", "6"),
        ("from_year", "2025"),
    ]
}

#[tokio::test]
async fn an_adults_nhs_number_address_and_warnings_are_recorded_from_their_page() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let ava = server.child;
        let f = family(&server).await;
        let worker = server.sign_in("worker.a").await;
        let page_path = format!("/children/{ava}/people/{}", f.grace);

        let (status, page) = get(&worker, &server, &page_path).await;
        assert_eq!(status, 200, "{backend:?}");
        // The summary list's links come escaped ("/" as "&#x2f;").
        let page = page.replace("&#x2f;", "/");
        for link in ["nhs-number", "address", "warnings"] {
            assert!(
                page.contains(&format!("href=\"{page_path}/{link}\"")),
                "{backend:?}: a link to {link}"
            );
        }
        let (status, form) = get(&worker, &server, &format!("{page_path}/warnings")).await;
        assert_eq!(status, 200);
        assert!(form.contains("Add a warning about Grace Holloway"));
        assert!(form.contains("In the family of Ava Example"));

        let saved = [
            ("nhs-number", vec![("nhs_number", "943 476 5919")]),
            ("address", mill_lane()),
            (
                "warnings",
                violence("Has threatened social workers: visit in pairs"),
            ),
        ];
        for (form, fields) in saved {
            let (status, location) =
                post_form(&worker, &server, &format!("{page_path}/{form}"), &fields).await;
            assert_eq!(status, 303, "{backend:?} {form}: {location}");
            assert_eq!(location, page_path);
        }
        let (_, page) = get(&worker, &server, &page_path).await;
        let html = main_content(&page);
        assert!(html.contains("943 476 5919"), "{html}");
        assert!(html.contains("3 Mill Lane, Northtown NT1 1AA: from 1 June 2025 (now)"));
        assert!(html.contains("govuk-warning-text"));
        assert!(html.contains(
            "Violence or threats towards staff: Has threatened social workers: visit in pairs"
        ));
        // A worker opening the child's record sees it there too, before going to the home.
        let (_, record) = get(&worker, &server, &format!("/children/{}", ava.0)).await;
        assert!(
            record.contains("About Grace Holloway, in Ava Example&#x27;s life. Violence or threats towards staff: Has threatened social workers: visit in pairs"),
            "{backend:?}"
        );

        // Ending the warning keeps it, ended.
        let details = server
            .store
            .related_person(
                &journey_store::contract::permitted(
                    &*server.store,
                    acting(server.world.worker_a, Role::SocialWorker),
                    ava,
                    Relationship::AllocatedWorker,
                )
                .await,
                f.grace,
            )
            .await
            .unwrap();
        let warning = details.warnings[0].id.0;
        let (status, _) = post_form(
            &worker,
            &server,
            &format!("{page_path}/warnings/{warning}/end"),
            &[],
        )
        .await;
        assert_eq!(status, 303);
        let (_, page) = get(&worker, &server, &page_path).await;
        let html = main_content(&page);
        assert!(!html.contains("govuk-warning-text"), "no longer current");
        assert!(html.contains("until 2 March 2026"));
        let (_, record) = get(&worker, &server, &format!("/children/{}", ava.0)).await;
        assert!(
            !record.contains("About Grace Holloway"),
            "{backend:?}: ended"
        );
        // Ending it again is a problem shown at the top of the warning form, not a failure.
        let (status, page) = post_form(
            &worker,
            &server,
            &format!("{page_path}/warnings/{warning}/end"),
            &[],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("This warning has already ended"));
        assert!(page.contains("href=\"#warning\"") && page.contains("id=\"warning\""));

        // Written on Grace's own history, naming the child it came through; not on Ava's.
        let through = format!("(recorded through the record of Journey ID {ava})");
        let lines: Vec<_> = history(&server, f.grace)
            .await
            .into_iter()
            .filter(|l| l.ends_with(&through))
            .collect();
        assert_eq!(lines.len(), 4, "{backend:?}: {lines:?}");
        assert!(lines[2].starts_with("Warning about risk to staff added"));
        let ava_lines = history(&server, ava).await;
        assert!(!ava_lines.iter().any(|l| l.contains("Mill Lane")));
    }
}

#[tokio::test]
async fn an_adults_forms_show_problems_at_the_field_and_save_nothing() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let ava = server.child;
        let f = family(&server).await;
        let worker = server.sign_in("worker.a").await;
        let page_path = format!("/children/{ava}/people/{}", f.grace);
        let before = history(&server, f.grace).await.len();

        let (status, page) = post_form(
            &worker,
            &server,
            &format!("{page_path}/nhs-number"),
            &[("nhs_number", "943 476 5918")],
        )
        .await;
        assert_eq!(status, 422, "{backend:?}");
        assert!(page.contains("<title>Error: NHS number"));
        assert!(page.contains("NHS number is not valid: check it has been copied correctly"));
        assert!(
            page.contains("value=\"943 476 5918\""),
            "what was typed is kept"
        );
        assert_summary_link_reaches_an_input(&page, "nhs_number");

        let (status, page) = post_form(
            &worker,
            &server,
            &format!("{page_path}/address"),
            &[("line_1", "3 Mill Lane"), ("town", ""), ("postcode", "NT1")],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("Enter the town or city"));
        assert!(page.contains("Enter a real postcode"));
        assert!(page.contains("Enter the date they started living here"));
        assert!(page.contains("value=\"3 Mill Lane\""));
        assert_summary_link_reaches_an_input(&page, "from");

        let (status, page) = post_form(
            &worker,
            &server,
            &format!("{page_path}/warnings"),
            &[
                ("from_day", "31"),
                ("from_month", "2"),
                ("from_year", "2026"),
            ],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("Select what kind of risk this is"));
        assert!(page.contains("Enter what staff need to know"));
        assert!(page.contains("The date the warning starts must be a real date"));

        // A number another record holds is refused by the store, at the field.
        let (status, _) = post_form(
            &worker,
            &server,
            &format!("/children/{ava}/details/identifiers"),
            &[("nhs_number", "401 023 2137")],
        )
        .await;
        assert_eq!(status, 303);
        let (status, page) = post_form(
            &worker,
            &server,
            &format!("{page_path}/nhs-number"),
            &[("nhs_number", "4010232137")],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("Another person&#x27;s record already holds this NHS number"));

        // A move that does not follow the current address is refused by the store.
        let (status, _) = post_form(
            &worker,
            &server,
            &format!("{page_path}/address"),
            &mill_lane(),
        )
        .await;
        assert_eq!(status, 303);
        let (status, page) = post_form(
            &worker,
            &server,
            &format!("{page_path}/address"),
            &mill_lane(),
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("The date must be after they started living at the current address"));

        // Without the session's CSRF token nothing is saved.
        let response = worker
            .client
            .post(server.url(&format!("{page_path}/warnings")))
            .form(&violence("Forged"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403);

        let lines = history(&server, f.grace).await;
        assert_eq!(
            lines.len(),
            before + 1,
            "{backend:?}: only the one address: {lines:?}"
        );
    }
}

#[tokio::test]
async fn changes_to_an_adult_are_refused_without_the_right_to_add_to_the_childs_record() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let ava = server.child;
        let f = family(&server).await;
        let page_path = format!("/children/{ava}/people/{}", f.grace);
        let warning = violence("Refused attempt");

        // Worker B holds no relationship with Ava; the auditor may read her record, not add to
        // it. Both are refused, recorded, and shown nothing about Grace.
        for (username, staff) in [
            ("worker.b", server.world.worker_b),
            ("auditor", server.world.auditor),
        ] {
            let session = server.sign_in(username).await;
            for path in ["nhs-number", "address", "warnings"] {
                let (status, page) = get(&session, &server, &format!("{page_path}/{path}")).await;
                assert_eq!(status, 403, "{backend:?} {username} {path}");
                assert!(!page.contains("Grace"));
            }
            let (status, _) = post_form(
                &session,
                &server,
                &format!("{page_path}/warnings"),
                &warning,
            )
            .await;
            assert_eq!(status, 403, "{backend:?} {username}");
            let log = server.store.access_by_staff(staff, 50).await.unwrap();
            assert!(
                log.iter()
                    .any(|a| a.kind == AccessKind::Refused && a.child == Some(ava)),
                "{backend:?}: {username}'s refusal is recorded"
            );
        }
        // The auditor still reads the page, without the links to change it.
        let auditor = server.sign_in("auditor").await;
        let (status, page) = get(&auditor, &server, &page_path).await;
        assert_eq!(status, 200);
        assert!(!page.contains(&format!("{page_path}/warnings")));

        // Worker A may add to Ava's record, but not through her about people not tied to her.
        let worker = server.sign_in("worker.a").await;
        for person in [f.stranger.0, f.noah.0, ava.0, 987_654] {
            let path = format!("/children/{ava}/people/{person}/warnings");
            let (status, _) = get(&worker, &server, &path).await;
            assert_eq!(status, 404, "{backend:?} {person}");
            let (status, _) = post_form(&worker, &server, &path, &warning).await;
            assert_eq!(status, 404, "{backend:?} {person}");
        }
        // Ava's sister has her own record: changed there.
        let sister = format!("/children/{ava}/people/{}/address", f.bea);
        let (status, location) = get(&worker, &server, &sister).await;
        assert_eq!(status, 303);
        assert_eq!(location, format!("/children/{}/details", f.bea));
        let (status, _) = post_form(&worker, &server, &sister, &mill_lane()).await;
        assert_eq!(status, 404);

        for person in [f.grace, f.stranger, f.bea] {
            assert!(
                !history(&server, person)
                    .await
                    .iter()
                    .any(|l| l.contains("Refused attempt") || l.contains("Mill Lane")),
                "{backend:?}: nothing written on {person}"
            );
        }
    }
}
