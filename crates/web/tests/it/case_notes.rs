//! Case notes, drafts and the chronology page, over HTTP on both databases.

use chrono::{NaiveDate, TimeDelta, TimeZone, Utc};
use journey_domain::person::Sex;
use journey_store::contract::{child, system};
use journey_store::{AccessKind, ImportedChild, ImportedEvent, ImportedRelative};

use crate::harness::{Session, TestServer, backends, hidden_value, input_value, main_content};

fn visit_form<'a>(csrf: &'a str, key: &'a str, text: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf_token", csrf),
        ("note_key", key),
        ("kind", "home_visit"),
        ("occurred_day", "2"),
        ("occurred_month", "3"),
        ("occurred_year", "2026"),
        ("occurred_time", "09:30"),
        ("child_seen", "yes"),
        ("seen_alone", "yes"),
        ("bedroom_seen", "yes"),
        ("text", text),
        ("action", "finalise"),
    ]
}

async fn get(session: &Session, server: &TestServer, path: &str) -> (u16, String) {
    let response = session.client.get(server.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

async fn post_form(
    session: &Session,
    server: &TestServer,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    session
        .client
        .post(server.url(path))
        .form(form)
        .send()
        .await
        .unwrap()
}

async fn save_draft_json(session: &Session, server: &TestServer, text: &str) -> reqwest::Response {
    session
        .client
        .post(server.url(&format!("/api/children/{}/notes/draft", server.child)))
        .header("x-csrf-token", &session.csrf)
        .json(&serde_json::json!({ "note_key": "key-1", "kind": "home_visit", "text": text }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_draft_is_kept_through_a_session_timeout_and_saved_again_after_sign_in() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let worker = server.sign_in("worker.a").await;
        let saved = save_draft_json(&worker, &server, "Arrived 9:30. Ava was").await;
        assert_eq!(saved.status(), 200, "{backend:?}");
        // Typing keeps the session alive; then the worker stops for 20 minutes.
        server.clock.advance(TimeDelta::minutes(20));
        let late = save_draft_json(&worker, &server, "Arrived 9:30. Ava was at school").await;
        assert_eq!(late.status(), 401, "{backend:?}: the session has ended");
        // What was saved before the timeout is still there.
        let kept = server
            .store
            .draft(server.world.worker_a, server.child)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(kept.draft.text, "Arrived 9:30. Ava was");
        // Signed in again, the form holds the draft, and the kept text is accepted.
        let again = server.sign_in("worker.a").await;
        let (status, form) = get(
            &again,
            &server,
            &format!("/children/{}/notes/new", server.child),
        )
        .await;
        assert_eq!(status, 200);
        assert!(
            form.contains("Arrived 9:30. Ava was</textarea>"),
            "{backend:?}"
        );
        assert_eq!(hidden_value(&form, "note_key"), "key-1");
        let resent = save_draft_json(&again, &server, "Arrived 9:30. Ava was at school").await;
        assert_eq!(resent.status(), 200);
        let body: serde_json::Value = resent.json().await.unwrap();
        assert!(body["saved_at"].is_string());
        let (_, form) = get(
            &again,
            &server,
            &format!("/children/{}/notes/new", server.child),
        )
        .await;
        assert!(form.contains("Ava was at school</textarea>"));
        // Drafts are private to their author.
        let manager = server.sign_in("manager.a").await;
        let (_, theirs) = get(
            &manager,
            &server,
            &format!("/children/{}/notes/new", server.child),
        )
        .await;
        assert!(!theirs.contains("Ava was at school"));
        // Without the CSRF header a draft is refused.
        let forged = again
            .client
            .post(server.url(&format!("/api/children/{}/notes/draft", server.child)))
            .json(&serde_json::json!({ "text": "forged" }))
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), 403);
    }
}

#[tokio::test]
async fn without_javascript_save_draft_keeps_the_text_and_a_finalised_note_is_immutable() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let worker = server.sign_in("worker.a").await;
        let new_form = format!("/children/{}/notes/new", server.child);
        let (_, page) = get(&worker, &server, &new_form).await;
        let key = hidden_value(&page, "note_key");
        assert!(page.contains("/case-notes/assets/case-notes.js"));
        let mut draft = visit_form(&worker.csrf, &key, "Saw Ava in her room.");
        draft.retain(|(k, _)| *k != "action");
        draft.push(("action", "save_draft"));
        let saved = post_form(
            &worker,
            &server,
            &format!("/children/{}/notes", server.child),
            &draft,
        )
        .await;
        assert_eq!(saved.status(), 303, "{backend:?}");
        let (_, page) = get(&worker, &server, &new_form).await;
        assert!(page.contains("Saw Ava in her room.</textarea>"));
        assert!(page.contains("Draft saved"));

        let form = visit_form(&worker.csrf, &key, "Saw Ava in her room.");
        let done = post_form(
            &worker,
            &server,
            &format!("/children/{}/notes", server.child),
            &form,
        )
        .await;
        assert_eq!(done.status(), 303, "{backend:?}");
        let location = done.headers()["location"].to_str().unwrap().to_owned();
        assert!(location.starts_with(&format!("/children/{}/notes/", server.child)));
        // Finalising shows the note as saved, confirming it; the note's own address does not.
        let (status, note) = get(&worker, &server, &location).await;
        assert_eq!(status, 200);
        assert!(main_content(&note).contains("Saw Ava in her room."));
        assert!(main_content(&note).contains("Your note is finalised"));
        let location = location
            .strip_suffix("?finalised=yes")
            .expect("finalising leads to the note with its confirmation")
            .to_owned();
        let (_, note) = get(&worker, &server, &location).await;
        assert!(main_content(&note).contains("Saw Ava in her room."));
        assert!(!note.contains("Your note is finalised"));
        assert!(
            server
                .store
                .draft(server.world.worker_a, server.child)
                .await
                .unwrap()
                .is_none(),
            "finalising clears the draft"
        );
        // The same note finalised again is refused, and nothing more is written.
        let again = post_form(
            &worker,
            &server,
            &format!("/children/{}/notes", server.child),
            &form,
        )
        .await;
        assert_eq!(again.status(), 409, "{backend:?}");
        assert_eq!(
            server
                .store
                .notes_panel(&server.inspecting(server.child).await)
                .await
                .unwrap()
                .total,
            1
        );
        // There is no way to edit a finalised note.
        let edit = post_form(&worker, &server, &location, &form).await;
        assert_eq!(edit.status(), 405);
        // The chronology and the record say what the visit found.
        let (_, chronology) = get(
            &worker,
            &server,
            &format!("/children/{}/chronology", server.child),
        )
        .await;
        assert!(chronology.contains("Home visit: child seen alone; bedroom seen"));
        let (_, record) = get(&worker, &server, &format!("/children/{}", server.child)).await;
        assert!(record.contains("Last seen alone"));
        assert!(record.contains("2 March 2026, 09:30"));
        assert!(record.contains(&location));
    }
}

#[tokio::test]
async fn a_new_note_starts_dated_now_and_groups_the_visit_questions_for_visits() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let worker = server.sign_in("worker.a").await;
        let (status, page) = get(
            &worker,
            &server,
            &format!("/children/{}/notes/new", server.child),
        )
        .await;
        assert_eq!(status, 200, "{backend:?}");
        // The test clock stands at 10:00 on 2 March 2026 (GMT).
        for (field, now) in [
            ("occurred_day", "2"),
            ("occurred_month", "3"),
            ("occurred_year", "2026"),
            ("occurred_time", "10:00"),
        ] {
            assert_eq!(input_value(&page, field), now, "{field} starts now");
        }
        // The visit questions are one group naming the kinds that are visits, for the script.
        assert!(page.contains(r#"data-visit-kinds="home_visit office_visit school_visit""#));
        let group = page.split("data-visit-kinds").nth(1).unwrap();
        let group = group.split("</textarea>").next().unwrap();
        for question in ["child_seen", "seen_alone", "bedroom_seen"] {
            assert!(
                group.contains(&format!("name=\"{question}\"")),
                "{question} is in the group"
            );
        }

        // A draft keeps what was typed, not now: a note begun yesterday is dated yesterday.
        let mut draft = visit_form(&worker.csrf, "k-now", "Begun yesterday.");
        draft.retain(|(k, _)| *k != "action" && *k != "occurred_day");
        draft.extend([("occurred_day", "1"), ("action", "save_draft")]);
        post_form(
            &worker,
            &server,
            &format!("/children/{}/notes", server.child),
            &draft,
        )
        .await;
        let (_, page) = get(
            &worker,
            &server,
            &format!("/children/{}/notes/new", server.child),
        )
        .await;
        assert!(page.contains("Begun yesterday."));
        assert_eq!(input_value(&page, "occurred_day"), "1");
        assert_eq!(input_value(&page, "occurred_time"), "09:30");
    }
}

#[tokio::test]
async fn managers_see_which_drafts_wait_on_their_teams_children_but_not_what_they_say() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let worker = server.sign_in("worker.a").await;
        let secret = "Draft words only the author may read.";
        assert_eq!(
            save_draft_json(&worker, &server, secret).await.status(),
            200
        );

        let manager = server.sign_in("manager.a").await;
        let (status, home) = get(&manager, &server, "/").await;
        assert_eq!(status, 200, "{backend:?}");
        let home = main_content(&home);
        let section = home
            .split(r#"id="drafts-on-teams-heading""#)
            .nth(1)
            .expect("the manager's home page lists drafts");
        assert!(
            section.contains(&format!("/children/{}", server.child)),
            "{section}"
        );
        assert!(section.contains("worker.a name"), "who wrote it: {section}");
        assert!(!home.contains(secret), "never what it says");
        // The list shown is recorded, naming the child.
        let seen = server
            .store
            .access_by_staff(server.world.manager_a, 5)
            .await
            .unwrap();
        assert!(
            seen.iter()
                .any(|a| a.kind == AccessKind::SearchResults && a.people_shown == [server.child]),
            "{seen:?}"
        );

        // Another team's manager does not see it; a worker has no such list.
        let other = server.sign_in("manager.b").await;
        let (_, home) = get(&other, &server, "/").await;
        assert!(home.contains("No notes are waiting to be finalised"));
        assert!(!home.contains(&format!("href=\"/children/{}\"", server.child)));
        let (_, home) = get(&worker, &server, "/").await;
        assert!(!home.contains("drafts-on-teams-heading"));

        // Once discarded, it is gone from the list.
        post_form(
            &worker,
            &server,
            &format!("/children/{}/notes", server.child),
            &[("csrf_token", worker.csrf.as_str()), ("action", "discard")],
        )
        .await;
        let (_, home) = get(&manager, &server, "/").await;
        assert!(home.contains("No notes are waiting to be finalised"));
    }
}

#[tokio::test]
async fn bad_input_is_named_at_the_field_kept_and_nothing_is_finalised() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let worker = server.sign_in("worker.a").await;
        let mut form = visit_form(&worker.csrf, "bad-key-1", "Typed before the mistake");
        form.retain(|(k, _)| !matches!(*k, "occurred_day" | "child_seen" | "occurred_time"));
        form.extend([("occurred_day", "32"), ("occurred_time", "25:99")]);
        let response = post_form(
            &worker,
            &server,
            &format!("/children/{}/notes", server.child),
            &form,
        )
        .await;
        assert_eq!(response.status(), 422, "{backend:?}");
        let page = response.text().await.unwrap();
        assert!(page.contains("There is a problem"));
        assert!(page.contains("The date of the contact must be a real date"));
        assert!(page.contains("href=\"#occurred_on\""));
        assert!(page.contains("Select whether the child was seen"));
        assert!(
            page.contains("Typed before the mistake</textarea>"),
            "typed text is kept"
        );
        assert_eq!(
            server
                .store
                .notes_panel(&server.inspecting(server.child).await)
                .await
                .unwrap()
                .total,
            0
        );
        let draft = server
            .store
            .draft(server.world.worker_a, server.child)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(draft.draft.text, "Typed before the mistake");
        // A contact in the future is refused.
        let tomorrow = [("occurred_day", "3")];
        let mut future = visit_form(&worker.csrf, "bad-key-2", "x");
        future.retain(|(k, _)| *k != "occurred_day");
        future.extend(tomorrow);
        let response = post_form(
            &worker,
            &server,
            &format!("/children/{}/notes", server.child),
            &future,
        )
        .await;
        assert_eq!(response.status(), 422);
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("must be in the past")
        );
        // The API names the fields too.
        let api = worker
            .client
            .post(server.url(&format!("/api/children/{}/notes", server.child)))
            .header("x-csrf-token", &worker.csrf)
            .json(&serde_json::json!({ "kind": "nonsense" }))
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), 422);
        let body: serde_json::Value = api.json().await.unwrap();
        assert_eq!(body["fields"][0]["field"], "kind");
    }
}

/// Finalises a phone call note through the API with the given key; the response's status.
async fn finalise_with_key(session: &Session, server: &TestServer, child: i64, key: &str) -> u16 {
    session
        .client
        .post(server.url(&format!("/api/children/{child}/notes")))
        .header("x-csrf-token", &session.csrf)
        .json(&serde_json::json!({
            "note_key": key, "kind": "phone_call", "occurred_at": "2026-03-01T16:00:00Z",
            "text": "Called about the school trip"
        }))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_notes_key_is_its_authors_for_that_child_only() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let child = server.child.0;
        let worker = server.sign_in("worker.a").await;
        let manager = server.sign_in("manager.a").await;
        assert_eq!(
            finalise_with_key(&worker, &server, child, "shared-key").await,
            201,
            "{backend:?}"
        );
        // Another author's note with the same key is theirs: recorded, and nothing said about
        // anyone else's.
        assert_eq!(
            finalise_with_key(&manager, &server, child, "shared-key").await,
            201
        );
        // The same author, the same key, the same child: the same note sent again, refused.
        assert_eq!(
            finalise_with_key(&worker, &server, child, "shared-key").await,
            409
        );
        assert_eq!(
            finalise_with_key(&manager, &server, child, "shared-key").await,
            409
        );
        let total = server
            .store
            .notes_panel(&server.inspecting(server.child).await)
            .await
            .unwrap()
            .total;
        assert_eq!(total, 2);
    }
}

#[tokio::test]
async fn a_correction_needs_a_reason_and_managers_see_every_version() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let worker = server.sign_in("worker.a").await;
        let created = worker
            .client
            .post(server.url(&format!("/api/children/{}/notes", server.child)))
            .header("x-csrf-token", &worker.csrf)
            .json(&serde_json::json!({
                "note_key": "api-1", "kind": "phone_call", "occurred_at": "2026-03-01T16:00:00Z",
                "text": "Mum said Ava is unwell"
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 201, "{backend:?}");
        let id = created.json::<serde_json::Value>().await.unwrap()["id"]
            .as_i64()
            .unwrap();
        let correct = format!("/children/{}/notes/{id}/correct", server.child);
        let (status, page) = get(&worker, &server, &correct).await;
        assert_eq!(status, 200);
        assert!(page.contains("Mum said Ava is unwell</textarea>"));
        let mut form = vec![
            ("csrf_token", worker.csrf.as_str()),
            ("kind", "phone_call"),
            ("occurred_day", "1"),
            ("occurred_month", "3"),
            ("occurred_year", "2026"),
            ("occurred_time", "16:00"),
            ("text", "Dad said Ava is unwell"),
        ];
        let refused = post_form(&worker, &server, &correct, &form).await;
        assert_eq!(refused.status(), 422, "{backend:?}: a reason is required");
        assert!(
            refused
                .text()
                .await
                .unwrap()
                .contains("Enter why the note is being corrected")
        );
        form.push(("reason", "It was Ava's father who called"));
        let done = post_form(&worker, &server, &correct, &form).await;
        assert_eq!(done.status(), 303);

        let note = format!("/children/{}/notes/{id}", server.child);
        let (_, as_worker) = get(&worker, &server, &note).await;
        let as_worker = main_content(&as_worker);
        assert!(as_worker.contains("Corrected"));
        assert!(as_worker.contains("Dad said Ava is unwell"));
        assert!(
            !as_worker.contains("Mum said Ava is unwell"),
            "the worker sees the current version"
        );
        let manager = server.sign_in("manager.a").await;
        let (_, as_manager) = get(&manager, &server, &note).await;
        assert!(as_manager.contains("Mum said Ava is unwell"));
        assert!(as_manager.contains("Dad said Ava is unwell"));
        assert!(as_manager.contains("corrected because It was Ava&#x27;s father who called"));
        let auditor = server.sign_in("auditor").await;
        let api: serde_json::Value = auditor
            .client
            .get(server.url(&format!("/api/children/{}/notes/{id}", server.child)))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(api["versions"].as_array().unwrap().len(), 2);
        assert_eq!(api["corrected"], true);
        // Auditors read and never write.
        let (status, _) = get(&auditor, &server, &correct).await;
        assert_eq!(status, 403);
    }
}

#[tokio::test]
async fn staff_without_a_relationship_are_refused_and_learn_nothing() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let stranger = server.sign_in("worker.b").await;
        let child = server.child;
        for path in [
            format!("/children/{child}/notes/new"),
            format!("/children/{child}/notes/1"),
            format!("/children/{child}/notes/1/correct"),
            format!("/children/{child}/chronology?family=yes&significant=yes"),
            format!("/children/{child}/chronology/new-entry"),
        ] {
            let (status, body) = get(&stranger, &server, &path).await;
            assert_eq!(status, 403, "{backend:?} GET {path}");
            assert!(
                !body.contains("Example"),
                "a refusal reveals nothing: {path}"
            );
        }
        let form = visit_form(&stranger.csrf, "k", "x");
        let refused = post_form(
            &stranger,
            &server,
            &format!("/children/{child}/notes"),
            &form,
        )
        .await;
        assert_eq!(refused.status(), 403);
        let api = save_draft_json(&stranger, &server, "x").await;
        assert_eq!(api.status(), 403);
        let refusals = server
            .store
            .access_by_staff(server.world.worker_b, 50)
            .await
            .unwrap();
        assert_eq!(refusals.len(), 7, "{backend:?}: every refusal recorded");
        assert!(
            server
                .store
                .draft(server.world.worker_b, child)
                .await
                .unwrap()
                .is_none()
        );
    }
}

#[tokio::test]
async fn the_chronology_filters_return_only_matching_entries_and_family_events_by_access() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let w = &server.world;
        let mother = ImportedRelative {
            key: "mother".into(),
            given_name: "Grace".into(),
            family_name: "Harlow".into(),
            date_of_birth: NaiveDate::from_ymd_opt(1990, 1, 1),
            sex: Sex::Female,
            relationship: "mother".into(),
        };
        let history = |summary: &str, significant| {
            vec![ImportedEvent {
                occurred_at: Utc.with_ymd_and_hms(2024, 5, 1, 9, 0, 0).unwrap(),
                kind: "case_note".into(),
                summary: summary.into(),
                significant,
            }]
        };
        let from = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        let batch = vec![
            ImportedChild {
                child: child("Ivy", "Harlow"),
                relatives: vec![mother.clone()],
                allocation: Some((w.worker_a, w.team_a, from)),
                reviewing_officer: None,
                history: history("Ivy's old note", false),
            },
            ImportedChild {
                child: child("Jack", "Harlow"),
                relatives: vec![mother.clone()],
                allocation: Some((w.worker_a, w.team_a, from)),
                reviewing_officer: None,
                history: history("Jack placed for adoption", true),
            },
            ImportedChild {
                child: child("Ruby", "Harlow"),
                relatives: vec![mother],
                allocation: Some((w.worker_b, w.team_b, from)),
                reviewing_officer: None,
                history: history("Ruby's secret", true),
            },
        ];
        server
            .store
            .import_children(&system(), &batch)
            .await
            .unwrap();
        let ivy = server
            .store
            .caseload(w.worker_a, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap())
            .await
            .unwrap()
            .into_iter()
            .find(|c| c.given_name == "Ivy")
            .unwrap()
            .child;
        let worker = server.sign_in("worker.a").await;
        let added = post_form(
            &worker,
            &server,
            &format!("/children/{ivy}/chronology/new-entry"),
            &[
                ("csrf_token", worker.csrf.as_str()),
                ("occurred_day", "24"),
                ("occurred_month", "12"),
                ("occurred_year", "2025"),
                ("summary", "Police called to the home"),
                ("significant", "yes"),
            ],
        )
        .await;
        assert_eq!(added.status(), 303, "{backend:?}");
        let bad_entry = post_form(
            &worker,
            &server,
            &format!("/children/{ivy}/chronology/new-entry"),
            &[("csrf_token", worker.csrf.as_str()), ("summary", "")],
        )
        .await;
        assert_eq!(bad_entry.status(), 422);

        let chronology = |query: &str| format!("/children/{ivy}/chronology?{query}");
        let table = |html: &str| {
            let start = html.find("<tbody").unwrap();
            html[start..].to_owned()
        };
        let (_, all) = get(&worker, &server, &chronology("")).await;
        let all = table(&all);
        assert!(all.contains("Ivy&#x27;s old note") && all.contains("Police called"));
        assert!(
            !all.contains("Jack placed"),
            "family events only when asked"
        );

        let (_, significant) = get(&worker, &server, &chronology("significant=yes")).await;
        let significant = table(&significant);
        assert!(significant.contains("Police called"));
        assert!(!significant.contains("old note") && !significant.contains("Record opened"));

        let (_, by_kind) = get(&worker, &server, &chronology("kind=case_note")).await;
        let by_kind = table(&by_kind);
        assert!(by_kind.contains("old note") && !by_kind.contains("Police called"));

        let (_, by_date) = get(
            &worker,
            &server,
            &chronology(
                "from_day=1&from_month=12&from_year=2025&to_day=31&to_month=12&to_year=2025",
            ),
        )
        .await;
        let by_date = table(&by_date);
        assert!(by_date.contains("Police called") && !by_date.contains("old note"));

        let (status, bad) = get(
            &worker,
            &server,
            &chronology("from_day=40&from_month=1&from_year=2025"),
        )
        .await;
        assert_eq!(status, 422, "{backend:?}");
        assert!(bad.contains("The start of the period must be a real date"));

        let (_, family) = get(&worker, &server, &chronology("family=yes&significant=yes")).await;
        assert!(family.contains("Jack Harlow (child of the same mother):"));
        assert!(family.contains("Jack placed for adoption"));
        assert!(
            !family.contains("Ruby&#x27;s secret"),
            "only people the viewer may open"
        );
        assert!(family.contains("The events of 2 other people in the family are not shown"));
        // The print layout: its own stylesheet, served under the CSP's 'self'.
        assert!(family.contains("/case-notes/assets/print.css"));
        let css = worker
            .client
            .get(server.url("/case-notes/assets/print.css"))
            .send()
            .await
            .unwrap();
        assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
        assert!(css.text().await.unwrap().contains("@media print"));
        let js = worker
            .client
            .get(server.url("/case-notes/assets/case-notes.js"))
            .send()
            .await
            .unwrap();
        assert!(
            js.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/javascript")
        );
        // Reading family members' events is recorded against each of them.
        let log = server.store.access_by_staff(w.worker_a, 100).await.unwrap();
        assert!(
            log.iter()
                .any(|e| e.child != Some(ivy)
                    && e.kind == journey_store::AccessKind::ViewedChronology)
        );
    }
}
