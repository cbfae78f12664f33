//! HTTP tests of the `front door` capability (issue 3), on both databases: contact → referral
//! → decision → closure through the pages and the API, refusals for staff without a
//! relationship, and bad input shown at its field with nothing saved.

use journey_store::AccessKind;
use serde_json::json;

use crate::harness::{Session, TestServer, backends};

/// The number after `before` and before `after` in the first link that has both.
pub(crate) fn id_in_link(html: &str, before: &str, after: &str) -> i64 {
    html.match_indices(before)
        .find_map(|(i, _)| {
            let rest = &html[i + before.len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            rest[digits.len()..]
                .starts_with(after)
                .then(|| digits.parse().ok())
                .flatten()
        })
        .unwrap_or_else(|| panic!("no link {before}N{after} in the page"))
}

pub(crate) async fn get(server: &TestServer, session: &Session, path: &str) -> (u16, String) {
    let response = session.client.get(server.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

pub(crate) async fn post(
    server: &TestServer,
    session: &Session,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let mut form: Vec<(&str, &str)> = vec![("csrf_token", session.csrf.as_str())];
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

const CONTACT: &[(&str, &str)] = &[
    ("received_date_day", "2"),
    ("received_date_month", "3"),
    ("received_date_year", "2026"),
    ("received_time", "09:30"),
    ("source", "2A"),
    ("referrer_name", "Mrs Patel"),
    ("referrer_role", "Designated safeguarding lead"),
    ("concerns", "Bruise on the arm; Ava says she fell"),
];

const REFERRAL: &[(&str, &str)] = &[
    ("referral_date_day", "2"),
    ("referral_date_month", "3"),
    ("referral_date_year", "2026"),
    ("primary_need", "N1"),
];

/// Records the contact and makes it a referral as worker A; returns the referral's id.
pub(crate) async fn referred(server: &TestServer, worker: &Session) -> i64 {
    let child = server.child;
    let (status, _) = post(
        server,
        worker,
        &format!("/children/{child}/contacts/new"),
        CONTACT,
    )
    .await;
    assert_eq!(status, 303);
    let (_, record) = get(server, worker, &format!("/children/{child}")).await;
    let contact = id_in_link(&record, "/contacts/", "/referral");
    let (status, _) = post(
        server,
        worker,
        &format!("/children/{child}/contacts/{contact}/referral"),
        REFERRAL,
    )
    .await;
    assert_eq!(status, 303);
    let (_, record) = get(server, worker, &format!("/children/{child}")).await;
    assert!(record.contains("Awaiting the manager&#x27;s decision, due by 3 March 2026"));
    let api: serde_json::Value = worker
        .client
        .get(server.url(&format!("/api/children/{child}/front-door")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    api["episodes"][0]["referral"].as_i64().unwrap()
}

#[tokio::test]
async fn contact_referral_decision_and_closure_through_the_pages() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let child = server.child;
        let worker = server.sign_in("worker.a").await;
        let (status, form) =
            get(&server, &worker, &format!("/children/{child}/contacts/new")).await;
        assert_eq!(status, 200, "{backend:?}");
        assert!(form.contains("Record a contact"));
        assert!(form.contains("2A Schools"));
        let referral = referred(&server, &worker).await;

        // Only managers decide.
        let (status, _) = get(
            &server,
            &worker,
            &format!("/children/{child}/referrals/{referral}/decision"),
        )
        .await;
        assert_eq!(status, 403);

        let manager = server.sign_in("manager.a").await;
        let (_, home) = get(&server, &manager, "/").await;
        assert!(home.contains("Referrals awaiting a decision"));
        assert!(home.contains(&format!("/children/{child}/referrals/{referral}/decision")));
        assert!(home.contains("Received today: due soon"), "{home}");
        let (status, page) = get(
            &server,
            &manager,
            &format!("/children/{child}/referrals/{referral}/decision"),
        )
        .await;
        assert_eq!(status, 200);
        assert!(page.contains("Bruise on the arm"));
        let (status, _) = post(
            &server,
            &manager,
            &format!("/children/{child}/referrals/{referral}/decision"),
            &[
                ("option", "strategy_discussion"),
                ("reasons", "Unexplained injury to a young child"),
            ],
        )
        .await;
        assert_eq!(status, 303);
        let (_, home) = get(&server, &manager, "/").await;
        assert!(home.contains("No referrals are waiting for your decision"));
        let (_, record) = get(&server, &manager, &format!("/children/{child}")).await;
        assert!(record.contains("Strategy discussion, by manager.a name"));
        assert!(!record.contains(&format!("/referrals/{referral}/decision")));

        let rc8 = [
            ("closure_date_day", "2"),
            ("closure_date_month", "3"),
            ("closure_date_year", "2026"),
            ("reason", "RC8"),
        ];
        let closure = format!("/children/{child}/referrals/{referral}/closure");
        // "Closed after assessment" needs the assessment authorised first.
        let (status, page) = post(&server, &manager, &closure, &rc8).await;
        assert_eq!(status, 422);
        assert!(page.contains("needs an authorised assessment in this episode"));
        crate::assessments::authorised_through_the_api(&server, &worker, &manager, child).await;
        let (status, _) = post(&server, &manager, &closure, &rc8).await;
        assert_eq!(status, 303);
        let (_, record) = get(&server, &worker, &format!("/children/{child}")).await;
        assert!(record.contains("Closed on 2 March 2026: RC8"));

        let (_, chronology) = get(&server, &worker, &format!("/children/{child}/chronology")).await;
        for line in [
            "Contact received from Mrs Patel (Designated safeguarding lead), Schools (2A)",
            "Referral accepted; child in need episode opened (N1 Abuse or neglect)",
            "Decision by manager.a name: strategy discussion. Reasons: Unexplained injury",
            "Episode closed: RC8 Case closed after assessment, no further action",
        ] {
            assert!(chronology.contains(line), "{backend:?}: {line}");
        }
    }
}

#[tokio::test]
async fn staff_without_a_relationship_are_refused_and_the_refusal_is_recorded() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let child = server.child;
        let worker = server.sign_in("worker.a").await;
        let referral = referred(&server, &worker).await;
        let stranger = server.sign_in("worker.b").await;
        for path in [
            format!("/children/{child}/contacts/new"),
            format!("/children/{child}/referrals/{referral}/decision"),
            format!("/api/children/{child}/front-door"),
        ] {
            let (status, body) = get(&server, &stranger, &path).await;
            assert_eq!(status, 403, "{backend:?} {path}");
            assert!(!body.contains("Bruise"), "a refusal reveals nothing");
        }
        let (status, _) = post(
            &server,
            &stranger,
            &format!("/children/{child}/contacts/new"),
            CONTACT,
        )
        .await;
        assert_eq!(status, 403);
        // Another team's manager cannot decide either.
        let other_manager = server.sign_in("manager.b").await;
        let (status, _) = post(
            &server,
            &other_manager,
            &format!("/children/{child}/referrals/{referral}/decision"),
            &[("option", "no_further_action"), ("reasons", "Not ours")],
        )
        .await;
        assert_eq!(status, 403);
        let (_, home) = get(&server, &other_manager, "/").await;
        assert!(home.contains("No referrals are waiting for your decision"));
        let refusals = server
            .store
            .access_by_staff(server.world.worker_b, 10)
            .await
            .unwrap();
        assert!(refusals.iter().all(|r| r.kind == AccessKind::Refused));
        assert_eq!(refusals.len(), 4);
        let record = server
            .store
            .front_door_record(&server.inspecting(child).await)
            .await
            .unwrap();
        assert_eq!(
            record.contacts.len(),
            1,
            "nothing was saved by a refused request"
        );
        assert!(record.episodes[0].decision.is_none());
    }
}

#[tokio::test]
async fn bad_input_is_shown_at_the_field_and_saves_nothing() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let child = server.child;
        let worker = server.sign_in("worker.a").await;
        let mut contact = CONTACT.to_vec();
        contact[4] = ("source", "1E");
        let (status, page) = post(
            &server,
            &worker,
            &format!("/children/{child}/contacts/new"),
            &contact,
        )
        .await;
        assert_eq!(status, 422, "{backend:?}");
        assert!(page.contains("There is a problem"));
        assert!(page.contains("href=\"#source\""));
        assert!(page.contains("id=\"source-error\""));
        assert!(page.contains("Select who made the contact"));
        assert!(
            page.contains("value=\"Mrs Patel\""),
            "what was typed is kept"
        );
        assert!(
            server
                .store
                .front_door_record(&server.inspecting(child).await)
                .await
                .unwrap()
                .contacts
                .is_empty()
        );

        let (status, _) = post(
            &server,
            &worker,
            &format!("/children/{child}/contacts/new"),
            CONTACT,
        )
        .await;
        assert_eq!(status, 303);
        let (_, record) = get(&server, &worker, &format!("/children/{child}")).await;
        let contact_id = id_in_link(&record, "/contacts/", "/referral");
        let (status, page) = post(
            &server,
            &worker,
            &format!("/children/{child}/contacts/{contact_id}/referral"),
            &[
                ("referral_date_day", "1"),
                ("referral_date_month", "1"),
                ("referral_date_year", "2019"),
                ("primary_need", "N1"),
            ],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("id=\"referral_date-date-error\""));
        crate::harness::assert_summary_link_reaches_an_input(&page, "referral_date");
        assert!(page.contains("The referral date must be on or after the child&#x27;s date of birth (28 February 2019)"));
        assert!(page.contains("value=\"2019\""));
        let (status, page) = post(
            &server,
            &worker,
            &format!("/children/{child}/contacts/{contact_id}/referral"),
            &[
                ("referral_date_day", "2"),
                ("referral_date_month", "3"),
                ("referral_date_year", "2026"),
                ("primary_need", "N10"),
            ],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("Select the child&#x27;s primary need"));
        assert!(
            server
                .store
                .front_door_record(&server.inspecting(child).await)
                .await
                .unwrap()
                .episodes
                .is_empty()
        );

        let (status, _) = post(
            &server,
            &worker,
            &format!("/children/{child}/contacts/{contact_id}/referral"),
            REFERRAL,
        )
        .await;
        assert_eq!(status, 303);
        let referral = server
            .store
            .front_door_record(&server.inspecting(child).await)
            .await
            .unwrap()
            .episodes[0]
            .referral
            .0;
        let manager = server.sign_in("manager.a").await;
        let (status, page) = post(
            &server,
            &manager,
            &format!("/children/{child}/referrals/{referral}/decision"),
            &[("option", "assessment"), ("reasons", "  ")],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("Enter the reasons for the decision"));
        assert!(
            page.contains("value=\"assessment\" checked"),
            "the choice is kept"
        );
        let (status, page) = post(
            &server,
            &manager,
            &format!("/children/{child}/referrals/{referral}/closure"),
            &[
                ("closure_date_day", "1"),
                ("closure_date_month", "3"),
                ("closure_date_year", "2026"),
                ("reason", "RC8"),
            ],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains(
            "The closure date must be on or after the date the episode started (2 March 2026)"
        ));
        let episode = &server
            .store
            .front_door_record(&server.inspecting(child).await)
            .await
            .unwrap()
            .episodes[0];
        assert!(
            episode.decision.is_none() && episode.is_open(),
            "nothing half-saved"
        );
    }
}

#[tokio::test]
async fn the_api_records_the_same_steps_with_field_errors_as_json() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let child = server.child;
        let worker = server.sign_in("worker.a").await;
        let send = async |session: &Session, path: &str, body: serde_json::Value| {
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
        let (status, body) = send(
            &worker,
            &format!("/api/children/{child}/contacts"),
            json!({ "received_at": "2026-03-02T09:30:00Z", "source": "99",
                    "referrer_name": "PC Jones", "concerns": "Domestic incident" }),
        )
        .await;
        assert_eq!(status, 422, "{backend:?}");
        assert_eq!(body["fields"][0]["field"], "source");
        let (status, body) = send(
            &worker,
            &format!("/api/children/{child}/contacts"),
            json!({ "received_at": "2026-03-02T09:30:00Z", "source": "6",
                    "referrer_name": "PC Jones", "concerns": "Domestic incident" }),
        )
        .await;
        assert_eq!(status, 201);
        let contact = body["contact_id"].as_i64().unwrap();
        let (status, body) = send(
            &worker,
            &format!("/api/children/{child}/referrals"),
            json!({ "contact_id": contact, "referral_date": "2026-03-02", "primary_need": "N4" }),
        )
        .await;
        assert_eq!(status, 201);
        let referral = body["referral_id"].as_i64().unwrap();
        let (status, body) = send(
            &worker,
            &format!("/api/children/{child}/referrals"),
            json!({ "contact_id": contact, "referral_date": "2026-03-02", "primary_need": "N4" }),
        )
        .await;
        assert_eq!(status, 422, "a contact becomes a referral once");
        assert_eq!(body["fields"][0]["field"], "contact");

        let manager = server.sign_in("manager.a").await;
        let waiting: serde_json::Value = manager
            .client
            .get(server.url("/api/referrals/awaiting-decision"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(waiting["awaiting_decision"][0]["referral"], referral);
        assert_eq!(
            waiting["awaiting_decision"][0]["decision_due"],
            "2026-03-03"
        );
        assert_eq!(
            waiting["awaiting_decision"][0]["waiting"]["working_days"],
            0
        );
        let (status, _) = send(
            &worker,
            &format!("/api/children/{child}/decisions"),
            json!({ "referral_id": referral, "option": "early_help", "reasons": "x" }),
        )
        .await;
        assert_eq!(status, 403, "workers do not decide");
        let decision = json!({ "referral_id": referral, "option": "early_help", "reasons": "Family agree to early help" });
        let (status, _) = send(
            &manager,
            &format!("/api/children/{child}/decisions"),
            decision.clone(),
        )
        .await;
        assert_eq!(status, 201);
        let (status, body) = send(
            &manager,
            &format!("/api/children/{child}/decisions"),
            decision,
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(
            body["fields"][0]["message"],
            "A decision has already been recorded on this referral"
        );
        let (status, body) = send(
            &manager,
            &format!("/api/children/{child}/closures"),
            json!({ "referral_id": referral, "closure_date": "2026-03-01", "reason": "RC9" }),
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(body["fields"][0]["field"], "closure_date");
        let rc9 = json!({ "referral_id": referral, "closure_date": "2026-03-02", "reason": "RC9" });
        let closures = format!("/api/children/{child}/closures");
        // "Closed after assessment" needs the assessment authorised first.
        let (status, body) = send(&manager, &closures, rc9.clone()).await;
        assert_eq!(status, 422);
        assert_eq!(body["fields"][0]["field"], "reason");
        crate::assessments::authorised_through_the_api(&server, &worker, &manager, child).await;
        let (status, _) = send(&manager, &closures, rc9).await;
        assert_eq!(status, 201);
        let record: serde_json::Value = worker
            .client
            .get(server.url(&format!("/api/children/{child}/front-door")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let episode = &record["episodes"][0];
        assert_eq!(episode["decision"]["option"], "early_help");
        assert_eq!(episode["closure_reason"], "RC9");
        assert_eq!(record["contacts"][0]["source"], "6");
    }
}

/// Issue 10, part 4: a contact typed three days after it was received is dated when it was
/// received on the record page and the chronology, and says when it was recorded and by whom.
#[tokio::test]
async fn a_contact_typed_three_days_late_is_dated_when_it_was_received() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let child = server.child;
        // Thursday 5 March 2026, 11:00 (GMT): the contact came in on Monday at 09:30.
        server
            .clock
            .set(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 3, 5, 11, 0, 0).unwrap());
        let worker = server.sign_in("worker.a").await;
        referred(&server, &worker).await;

        let (_, record) = get(&server, &worker, &format!("/children/{child}")).await;
        let contact_line = record
            .split("app-chronology__entry")
            .find(|entry| entry.contains("Contact received from Mrs Patel"))
            .unwrap_or_else(|| panic!("{backend:?}: no contact line on the record"));
        assert!(
            contact_line.contains("2 March 2026, 09:30"),
            "{contact_line}"
        );
        assert!(
            contact_line.contains("Recorded on 5 March 2026, 11:00 by "),
            "{contact_line}"
        );

        let (_, chronology) = get(&server, &worker, &format!("/children/{child}/chronology")).await;
        let rows: Vec<&str> = chronology
            .split("<tr class=\"govuk-table__row\">")
            .collect();
        let contact = rows
            .iter()
            .position(|row| row.contains("Contact received from Mrs Patel"))
            .unwrap();
        let referral = rows
            .iter()
            .position(|row| row.contains("Referral accepted; child in need episode opened"))
            .unwrap();
        assert!(
            contact < referral,
            "{backend:?}: the referral follows its contact"
        );
        let row = rows[contact];
        assert!(row.contains("2 March 2026, 09:30"), "{row}");
        assert!(row.contains("on 5 March 2026, 11:00 by "), "{row}");
        // Filtered by the day it happened, not the day it was typed.
        let (_, on_the_day) = get(
            &server,
            &worker,
            &format!(
                "/children/{child}/chronology?from_day=2&from_month=3&from_year=2026&to_day=2&to_month=3&to_year=2026"
            ),
        )
        .await;
        assert!(
            on_the_day.contains("Contact received from Mrs Patel"),
            "{backend:?}"
        );
        let (_, typed_day) = get(
            &server,
            &worker,
            &format!(
                "/children/{child}/chronology?from_day=5&from_month=3&from_year=2026&to_day=5&to_month=3&to_year=2026"
            ),
        )
        .await;
        assert!(
            !typed_day.contains("Contact received from Mrs Patel"),
            "{backend:?}"
        );
    }
}
