//! HTTP tests of correcting the manager's decision on a referral, on both databases: the
//! correction as a new version (both visible to managers, the current one to everyone else),
//! bad input at its field with nothing saved, refusals, and the API.

use journey_store::AccessKind;
use serde_json::json;

use crate::front_door::{get, post, referred};
use crate::harness::{Session, TestServer, assert_summary_link_reaches_an_input, backends};

/// A referral of Ava decided "early help" by manager A; returns the referral and the manager.
async fn decided(server: &TestServer) -> (i64, Session) {
    let worker = server.sign_in("worker.a").await;
    let referral = referred(server, &worker).await;
    let manager = server.sign_in("manager.a").await;
    let (status, _) = post(
        server,
        &manager,
        &format!("/children/{}/referrals/{referral}/decision", server.child),
        &[
            ("option", "early_help"),
            ("reasons", "Family asked for help with routines"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    (referral, manager)
}

/// How many versions Ava's decision has.
async fn versions(server: &TestServer) -> usize {
    server
        .store
        .front_door_record(&server.inspecting(server.child).await)
        .await
        .unwrap()
        .episodes[0]
        .decision
        .as_ref()
        .map_or(0, |d| d.versions.len())
}

/// The record page's front door section.
fn front_door_panel(record: &str) -> &str {
    let start = record
        .find("id=\"front-door\"")
        .expect("a front door panel");
    let end = start
        + record[start..]
            .find("</section>")
            .expect("a closed section");
    &record[start..end]
}

#[tokio::test]
async fn a_manager_corrects_a_decision_and_the_original_stays_visible_to_managers() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let child = server.child;
        let (referral, manager) = decided(&server).await;
        let (_, record) = get(&server, &manager, &format!("/children/{child}")).await;
        let correct = format!("/children/{child}/referrals/{referral}/correction");
        assert!(
            record.contains(&correct),
            "{backend:?}: the manager is offered it"
        );

        let (status, form) = get(&server, &manager, &correct).await;
        assert_eq!(status, 200);
        assert!(form.contains("Correct the decision on this referral"));
        assert!(
            form.contains("value=\"early_help\" checked"),
            "filled with the current decision"
        );
        // The decision being corrected is shown above the form; the new reasons start empty.
        assert!(form.contains("Family asked for help with routines"));
        let reasons_box = form
            .split("name=\"reasons\"")
            .nth(1)
            .and_then(|rest| rest.split_once('>'))
            .map(|(_, rest)| rest.split("</textarea>").next().unwrap_or_default())
            .expect("a reasons box");
        assert_eq!(
            reasons_box.trim(),
            "",
            "the corrected decision's reasons start empty"
        );

        // Corrected ten minutes after the decision was made (at 10:00).
        server.clock.advance(chrono::TimeDelta::minutes(10));
        let (status, _) = post(
            &server,
            &manager,
            &correct,
            &[
                ("option", "assessment"),
                ("reasons", "Bruising needs a single assessment"),
                ("correction_reason", "Early help was selected by mistake"),
            ],
        )
        .await;
        assert_eq!(status, 303, "{backend:?}");
        assert_eq!(versions(&server).await, 2);

        // Everywhere else, the current version is used, marked as corrected.
        let worker = server.sign_in("worker.a").await;
        let (_, record) = get(&server, &worker, &format!("/children/{child}")).await;
        // The chronology keeps the line of the decision as first recorded; the panel shows
        // the current version.
        let panel = front_door_panel(&record);
        // The decision shown is the corrected one, dated and signed as made, then what it replaced.
        assert!(
            panel.contains("Assessment, by manager.a name on 2 March 2026, 10:10."),
            "{panel}"
        );
        assert!(
            panel.contains("This corrects the decision by manager.a name on 2 March 2026, 10:00.")
        );
        assert!(panel.contains("Bruising needs a single assessment"));
        assert!(panel.contains("Decision corrected"));
        assert!(!panel.contains("Family asked for help with routines"));
        assert!(!record.contains(&correct), "workers are not offered it");
        let page = format!("/children/{child}/referrals/{referral}");
        let (status, seen_by_worker) = get(&server, &worker, &page).await;
        assert_eq!(status, 200);
        assert!(seen_by_worker.contains("You are reading its current version"));
        assert!(seen_by_worker.contains("Early help was selected by mistake"));
        assert!(!seen_by_worker.contains("Every version of the decision"));
        assert!(!seen_by_worker.contains("Family asked for help with routines"));

        // Managers in the child's line and auditors see both versions.
        for session in [&manager, &server.sign_in("auditor").await] {
            let (status, seen) = get(&server, session, &page).await;
            assert_eq!(status, 200);
            assert!(seen.contains("Every version of the decision"));
            assert!(seen.contains("Version 1: as first recorded"));
            assert!(
                seen.contains("Version 2: corrected because Early help was selected by mistake")
            );
            assert!(seen.contains("Family asked for help with routines"));
            assert!(seen.contains("Bruising needs a single assessment"));
        }

        let (_, chronology) = get(&server, &worker, &format!("/children/{child}/chronology")).await;
        assert!(chronology.contains(
            "Decision corrected by manager.a name: assessment (was early help). Reason for the correction: Early help was selected by mistake"
        ));
        let audit = server.store.audit_trail(child).await.unwrap();
        let corrected = audit
            .iter()
            .find(|a| a.action == "referral_decision_corrected")
            .unwrap();
        assert_eq!(corrected.actor, Some(server.world.manager_a));
        // Opening the referral page is a recorded view of the record.
        let views = server
            .store
            .access_by_staff(server.world.worker_a, 5)
            .await
            .unwrap();
        assert!(
            views
                .iter()
                .any(|v| v.kind == AccessKind::ViewedRecord && v.detail == "front_door")
        );
    }
}

#[tokio::test]
async fn a_bad_correction_is_shown_at_its_field_and_saves_nothing() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let child = server.child;
        let (referral, manager) = decided(&server).await;
        let correct = format!("/children/{child}/referrals/{referral}/correction");
        let (status, page) = post(
            &server,
            &manager,
            &correct,
            &[
                ("option", "perhaps"),
                ("reasons", "Typed and kept"),
                ("correction_reason", "  "),
            ],
        )
        .await;
        assert_eq!(status, 422, "{backend:?}");
        assert!(page.contains("There is a problem"));
        assert!(page.contains("<title>Error: Correct the decision on a referral"));
        assert!(page.contains("Select the decision"));
        assert!(page.contains("Enter why the decision is being corrected"));
        assert!(page.contains("id=\"option-error\""));
        assert!(page.contains("id=\"correction_reason-error\""));
        assert_summary_link_reaches_an_input(&page, "option");
        assert!(page.contains("href=\"#correction_reason\""));
        assert!(page.contains("Typed and kept"), "what was typed is kept");
        // The summary lists the problems in the order of the form.
        assert!(
            page.find("href=\"#option\"").unwrap()
                < page.find("href=\"#correction_reason\"").unwrap()
        );

        let (status, page) = post(
            &server,
            &manager,
            &correct,
            &[
                ("option", "early_help"),
                ("reasons", "Family asked for help with routines"),
                ("correction_reason", "No real change"),
            ],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("The correction is the same as the current decision"));
        assert!(page.contains("No real change"));
        assert_eq!(versions(&server).await, 1, "nothing half-saved");

        // Once the episode is closed the decision stands: no form, and a post is refused.
        let (status, _) = post(
            &server,
            &manager,
            &format!("/children/{child}/referrals/{referral}/closure"),
            &[
                ("closure_date_day", "2"),
                ("closure_date_month", "3"),
                ("closure_date_year", "2026"),
                ("reason", "RC7"),
            ],
        )
        .await;
        assert_eq!(status, 303);
        let (status, _) = get(&server, &manager, &correct).await;
        assert_eq!(status, 404);
        let (status, page) = post(
            &server,
            &manager,
            &correct,
            &[
                ("option", "assessment"),
                ("reasons", "Too late"),
                ("correction_reason", "Changed my mind"),
            ],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("a decision on a closed episode cannot be corrected"));
        assert_eq!(versions(&server).await, 1);
        let chronology = server.store.audit_trail(child).await.unwrap();
        assert!(
            chronology
                .iter()
                .all(|a| a.action != "referral_decision_corrected")
        );
    }
}

#[tokio::test]
async fn staff_who_may_not_decide_cannot_correct_and_are_recorded_as_refused() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let child = server.child;
        let (referral, _) = decided(&server).await;
        let correct = format!("/children/{child}/referrals/{referral}/correction");
        let fields = [
            ("option", "no_further_action"),
            ("reasons", "Not needed"),
            ("correction_reason", "Because"),
        ];
        // The allocated worker may add to the record, but not decide.
        let worker = server.sign_in("worker.a").await;
        assert_eq!(get(&server, &worker, &correct).await.0, 403, "{backend:?}");
        assert_eq!(post(&server, &worker, &correct, &fields).await.0, 403);
        // Another team's manager has no relationship with the child.
        let other_manager = server.sign_in("manager.b").await;
        let (status, body) = get(&server, &other_manager, &correct).await;
        assert_eq!(status, 403);
        assert!(!body.contains("Family asked"), "a refusal reveals nothing");
        assert_eq!(
            post(&server, &other_manager, &correct, &fields).await.0,
            403
        );
        assert_eq!(
            get(
                &server,
                &other_manager,
                &format!("/children/{child}/referrals/{referral}")
            )
            .await
            .0,
            403
        );
        let api = other_manager
            .client
            .post(server.url(&format!("/api/children/{child}/decision-corrections")))
            .header("X-CSRF-Token", &other_manager.csrf)
            .json(&json!({ "referral_id": referral, "option": "assessment", "reasons": "x", "correction_reason": "y" }))
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), 403);
        let refusals = server
            .store
            .access_by_staff(server.world.manager_b, 10)
            .await
            .unwrap();
        assert_eq!(refusals.len(), 4);
        assert!(refusals.iter().all(|r| r.kind == AccessKind::Refused));
        assert_eq!(versions(&server).await, 1, "nothing was saved");
    }
}

#[tokio::test]
async fn the_api_corrects_a_decision_and_shows_every_version_to_managers() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let child = server.child;
        let (referral, manager) = decided(&server).await;
        let worker = server.sign_in("worker.a").await;
        let send = async |session: &Session, body: serde_json::Value| {
            let response = session
                .client
                .post(server.url(&format!("/api/children/{child}/decision-corrections")))
                .header("X-CSRF-Token", &session.csrf)
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            (status, response.json::<serde_json::Value>().await.unwrap())
        };
        let (status, body) = send(
            &manager,
            json!({ "referral_id": referral, "option": "assessment", "reasons": "Needs assessing" }),
        )
        .await;
        assert_eq!(status, 422, "{backend:?}");
        assert_eq!(body["fields"][0]["field"], "correction_reason");
        let (status, body) = send(&manager, json!({ "option": "assessment" })).await;
        assert_eq!(status, 422);
        let fields: Vec<_> = body["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["field"].as_str().unwrap())
            .collect();
        assert!(fields.contains(&"referral_id") && fields.contains(&"reasons"));
        let correction = json!({ "referral_id": referral, "option": "assessment",
            "reasons": "Needs assessing", "correction_reason": "Wrong option chosen" });
        let (status, _) = send(&worker, correction.clone()).await;
        assert_eq!(status, 403, "workers do not correct decisions");
        let (status, body) = send(&manager, correction.clone()).await;
        assert_eq!(status, 201);
        assert!(body["event_id"].as_i64().is_some());
        let (status, body) = send(&manager, correction).await;
        assert_eq!(status, 422, "the same correction twice changes nothing");
        assert_eq!(body["fields"][0]["field"], "option");

        let read = async |session: &Session| -> serde_json::Value {
            session
                .client
                .get(server.url(&format!("/api/children/{child}/front-door")))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap()
        };
        let by_manager = read(&manager).await;
        let decision = &by_manager["episodes"][0]["decision"];
        assert_eq!(decision["option"], "assessment");
        assert_eq!(decision["corrected"], true);
        assert_eq!(decision["versions"][0]["option"], "early_help");
        assert_eq!(
            decision["versions"][1]["correction_reason"],
            "Wrong option chosen"
        );
        let by_worker = read(&worker).await;
        let decision = &by_worker["episodes"][0]["decision"];
        assert_eq!(decision["option"], "assessment");
        assert_eq!(decision["correction_reason"], "Wrong option chosen");
        assert_eq!(decision["versions"], json!([]), "only the current version");

        let openapi: serde_json::Value = worker
            .client
            .get(server.url("/api/openapi.json"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(
            openapi["paths"]["/api/children/{child_id}/decision-corrections"]["post"].is_object()
        );
    }
}
