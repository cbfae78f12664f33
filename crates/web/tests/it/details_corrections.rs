//! HTTP tests of correcting a child's wrongly recorded address, date of birth or date of death,
//! on both databases.

use chrono::NaiveDate;
use journey_domain::person::{NewChild, Sex};
use journey_store::contract::system;
use journey_store::{AccessKind, NewAllocation};

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
    (status, response.text().await.unwrap())
}

async fn get(session: &Session, server: &TestServer, path: &str) -> (u16, String) {
    let response = session.client.get(server.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

fn address<'a>(
    line_1: &'a str,
    postcode: &'a str,
    d: &'a str,
    m: &'a str,
    y: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("line_1", line_1),
        ("town", "Northtown"),
        ("postcode", postcode),
        ("from_day", d),
        ("from_month", m),
        ("from_year", y),
    ]
}

/// Ava's two addresses, the first typed wrongly; returns the first's id.
async fn two_addresses(server: &TestServer, worker: &Session) -> i64 {
    let base = format!("/children/{}/details/address", server.child);
    for fields in [
        address("12 Hgh Street", "NT1 1AA", "1", "6", "2025"),
        address("3 Mill Lane", "NT2 2BB", "10", "1", "2026"),
    ] {
        let (status, _) = post_form(worker, server, &base, &fields).await;
        assert_eq!(status, 303);
    }
    let recorded = server
        .store
        .recorded_addresses(&server.inspecting(server.child).await)
        .await
        .unwrap();
    recorded
        .iter()
        .find(|r| r.address.line_1 == "12 Hgh Street")
        .unwrap()
        .id
        .0
}

#[tokio::test]
async fn a_wrong_address_is_corrected_from_the_details_page_keeping_the_old_one() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let ava = server.child;
        let worker = server.sign_in("worker.a").await;
        let high = two_addresses(&server, &worker).await;
        let path = format!("/children/{ava}/details/addresses/{high}/correction");

        let (_, overview) = get(&worker, &server, &format!("/children/{ava}/details")).await;
        assert!(
            overview.contains(&format!("href=\"{path}\"")),
            "{backend:?}"
        );
        let (status, form) = get(&worker, &server, &path).await;
        assert_eq!(status, 200);
        assert!(
            form.contains("value=\"12 Hgh Street\""),
            "the form starts from what is recorded"
        );
        assert!(form.contains(
            "Recorded as 12 Hgh Street, Northtown NT1 1AA, from 1 June 2025 to 10 January 2026."
        ));

        // Problems at the fields, what was typed kept, nothing changed.
        let mut fields = address("12 High Street", "NT1", "1", "6", "2025");
        let (status, page) = post_form(&worker, &server, &path, &fields).await;
        assert_eq!(status, 422, "{backend:?}");
        assert!(page.contains("Enter a real postcode"));
        assert!(page.contains("Enter why the record is being corrected"));
        assert!(page.contains("value=\"12 High Street\""));
        assert_summary_link_reaches_an_input(&page, "postcode");
        // A start on the day the child moved away is refused by the store, at the field.
        fields = address("12 High Street", "NT1 1AA", "10", "1", "2026");
        fields.push(("reason", "Street name typed wrongly"));
        let (status, page) = post_form(&worker, &server, &path, &fields).await;
        assert_eq!(status, 422);
        assert!(page.contains("The date must be before the child moved from this address"));
        assert_summary_link_reaches_an_input(&page, "from");
        let recorded = server
            .store
            .recorded_addresses(&server.inspecting(ava).await)
            .await
            .unwrap();
        assert!(recorded.iter().any(|r| r.address.line_1 == "12 Hgh Street"));

        fields = address("12 High Street", "NT1 1AA", "1", "6", "2025");
        fields.push(("reason", "Street name typed wrongly"));
        let response = worker
            .client
            .post(server.url(&path))
            .form(&[vec![("csrf_token", worker.csrf.as_str())], fields].concat())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303);
        assert_eq!(
            response.headers()["location"],
            format!("/children/{ava}/details").as_str()
        );

        let (_, overview) = get(&worker, &server, &format!("/children/{ava}/details")).await;
        let html = main_content(&overview);
        assert!(
            html.contains("12 High Street, Northtown NT1 1AA: from 1 June 2025 to 10 January 2026")
        );
        assert!(html.contains("Corrections"));
        assert!(html.contains(
            "Address corrected: recorded as 12 Hgh Street, Northtown NT1 1AA from 1 June 2025; \
             corrected to 12 High Street, Northtown NT1 1AA from 1 June 2025. Reason: Street name typed wrongly"
        ));
        let (_, chronology) = get(&worker, &server, &format!("/children/{ava}/chronology")).await;
        assert!(chronology.contains("Address corrected: recorded as 12 Hgh Street"));
    }
}

#[tokio::test]
async fn a_wrong_date_of_birth_or_death_is_corrected_with_a_reason() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let ava = server.child;
        let worker = server.sign_in("worker.a").await;
        let birth = format!("/children/{ava}/details/birth/correction");
        let death = format!("/children/{ava}/details/death/correction");
        let when = |d: &'static str, m: &'static str, y: &'static str| {
            vec![("date_day", d), ("date_month", m), ("date_year", y)]
        };

        let (_, overview) = get(&worker, &server, &format!("/children/{ava}/details")).await;
        assert!(
            overview.contains(&format!("href=\"{birth}\"")),
            "{backend:?}"
        );
        assert!(
            !overview.contains(&format!("href=\"{death}\"")),
            "no death recorded"
        );
        let (status, form) = get(&worker, &server, &birth).await;
        assert_eq!(status, 200);
        assert!(form.contains("Correct the date of birth"));
        assert!(
            form.contains("value=\"28\""),
            "the form starts from the date recorded"
        );

        let (status, page) = post_form(&worker, &server, &birth, &when("27", "2", "2019")).await;
        assert_eq!(status, 422, "{backend:?}");
        assert!(page.contains("Enter why the record is being corrected"));
        assert!(page.contains("value=\"27\""));
        let mut same = when("28", "2", "2019");
        same.push(("reason", "Checked"));
        let (status, page) = post_form(&worker, &server, &birth, &same).await;
        assert_eq!(status, 422);
        assert!(page.contains("This is the date already recorded"));
        assert_summary_link_reaches_an_input(&page, "date_of_birth");

        let mut right = when("27", "2", "2019");
        right.push(("reason", "The birth certificate says 27 February"));
        let (status, _) = post_form(&worker, &server, &birth, &right).await;
        assert_eq!(status, 303);
        let details = server
            .store
            .person_details(&server.inspecting(ava).await)
            .await
            .unwrap();
        assert_eq!(
            details.child.date_of_birth,
            NaiveDate::from_ymd_opt(2019, 2, 27)
        );

        // A death: nothing to correct until one is recorded.
        let mut died = when("28", "2", "2026");
        died.push(("reason", "The coroner's report"));
        let (status, page) = post_form(&worker, &server, &death, &died).await;
        assert_eq!(status, 422);
        assert!(page.contains("No date of death is recorded"));
        let (status, _) = post_form(
            &worker,
            &server,
            &format!("/children/{ava}/details/death"),
            &[
                ("date_of_death_day", "1"),
                ("date_of_death_month", "3"),
                ("date_of_death_year", "2026"),
            ],
        )
        .await;
        assert_eq!(status, 303);
        let mut unreal = when("31", "2", "2026");
        unreal.push(("reason", "The coroner's report"));
        let (status, page) = post_form(&worker, &server, &death, &unreal).await;
        assert_eq!(status, 422);
        assert!(page.contains("Date of death must be a real date"));
        assert_summary_link_reaches_an_input(&page, "date_of_death");
        let (status, _) = post_form(&worker, &server, &death, &died).await;
        assert_eq!(status, 303);

        let (_, overview) = get(&worker, &server, &format!("/children/{ava}/details")).await;
        let html = main_content(&overview);
        assert!(html.contains("Died on 28 February 2026"), "{html}");
        assert!(html.contains(
            "Date of birth corrected from 28 February 2019 to 27 February 2019. Reason: The birth certificate says 27 February"
        ));
        assert!(html.contains("Date of death corrected from 1 March 2026 to 28 February 2026"));
    }
}

#[tokio::test]
async fn corrections_are_refused_without_the_right_to_add_to_the_record() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let ava = server.child;
        let worker = server.sign_in("worker.a").await;
        let high = two_addresses(&server, &worker).await;
        let mut fields = address("12 High Street", "NT1 1AA", "1", "6", "2025");
        fields.push(("reason", "Refused attempt"));
        let paths = [
            format!("/children/{ava}/details/addresses/{high}/correction"),
            format!("/children/{ava}/details/birth/correction"),
            format!("/children/{ava}/details/death/correction"),
        ];

        for (username, staff) in [
            ("worker.b", server.world.worker_b),
            ("auditor", server.world.auditor),
        ] {
            let session = server.sign_in(username).await;
            for path in &paths {
                let (status, page) = get(&session, &server, path).await;
                assert_eq!(status, 403, "{backend:?} {username} {path}");
                assert!(!page.contains("Hgh") && !page.contains("Ava"));
                let (status, _) = post_form(&session, &server, path, &fields).await;
                assert_eq!(status, 403);
            }
            let log = server.store.access_by_staff(staff, 50).await.unwrap();
            assert!(
                log.iter()
                    .any(|a| a.kind == AccessKind::Refused && a.child == Some(ava)),
                "{backend:?}: {username}'s refusal is recorded"
            );
        }
        // Another child's address is not reached through Ava, nor Ava's through another child.
        let other = server
            .store
            .register_child(
                &system(),
                &NewChild {
                    given_name: "Noor".into(),
                    family_name: "Other".into(),
                    date_of_birth: NaiveDate::from_ymd_opt(2020, 1, 1),
                    expected_date_of_birth: None,
                    sex: Sex::Female,
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
                    child: other,
                    worker: server.world.worker_a,
                    team: server.world.team_a,
                    from: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
                },
            )
            .await
            .unwrap();
        let (status, _) = get(
            &worker,
            &server,
            &format!("/children/{other}/details/addresses/{high}/correction"),
        )
        .await;
        assert_eq!(status, 404, "{backend:?}");
        let (status, _) = post_form(
            &worker,
            &server,
            &format!("/children/{other}/details/addresses/{high}/correction"),
            &fields,
        )
        .await;
        assert_eq!(status, 404);
        let (status, _) = get(
            &worker,
            &server,
            &format!("/children/{ava}/details/addresses/987654/correction"),
        )
        .await;
        assert_eq!(status, 404);

        assert!(
            server
                .store
                .corrections(&server.inspecting(ava).await)
                .await
                .unwrap()
                .is_empty(),
            "{backend:?}: nothing corrected"
        );
    }
}
