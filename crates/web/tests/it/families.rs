//! HTTP tests of the `families` capability (issue 3), on both databases.

use chrono::{NaiveDate, TimeZone, Utc};
use journey_domain::access::Relationship;
use journey_domain::ids::PersonId;
use journey_domain::person::{NewChild, Sex};
use journey_domain::person_details::{NewWarning, WarningCategory};
use journey_domain::staff::Role;
use journey_store::contract::{self, system};
use journey_store::{AccessKind, ImportedChild, ImportedEvent, ImportedRelative, NewAllocation};

use crate::harness::{TestServer, backends, main_content};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The demo's "start again" family: Ellie was adopted; her mother Kerry is expecting again.
/// Returns the unborn baby, allocated to worker A.
async fn marsh_family(server: &TestServer) -> PersonId {
    let kerry = ImportedRelative {
        key: "kerry".into(),
        given_name: "Kerry".into(),
        family_name: "Marsh".into(),
        date_of_birth: Some(day(2001, 4, 17)),
        sex: Sex::Female,
        relationship: "mother".into(),
    };
    let at = |y, m, d| Utc.with_ymd_and_hms(y, m, d, 10, 0, 0).unwrap();
    let batch = vec![
        ImportedChild {
            child: NewChild {
                given_name: "Ellie".into(),
                family_name: "Marsh".into(),
                date_of_birth: Some(day(2021, 8, 3)),
                expected_date_of_birth: None,
                sex: Sex::Female,
            },
            relatives: vec![kerry.clone()],
            allocation: None,
            reviewing_officer: None,
            history: vec![
                ImportedEvent {
                    occurred_at: at(2021, 11, 2),
                    kind: "child_protection_plan".into(),
                    summary: "Child protection plan started: neglect".into(),
                    significant: true,
                },
                ImportedEvent {
                    occurred_at: at(2023, 3, 8),
                    kind: "adoption_order".into(),
                    summary: "Adoption order granted".into(),
                    significant: true,
                },
            ],
        },
        ImportedChild {
            child: NewChild {
                given_name: "Baby".into(),
                family_name: "Marsh".into(),
                date_of_birth: None,
                expected_date_of_birth: Some(day(2026, 6, 1)),
                sex: Sex::NotKnown,
            },
            relatives: vec![kerry],
            allocation: Some((server.world.worker_a, server.world.team_a, day(2026, 2, 27))),
            reviewing_officer: None,
            history: vec![],
        },
    ];
    server
        .store
        .import_children(&system(), &batch)
        .await
        .unwrap();
    let caseload = server
        .store
        .caseload(server.world.worker_a, day(2026, 3, 2))
        .await
        .unwrap();
    caseload
        .iter()
        .find(|c| c.given_name == "Baby")
        .unwrap()
        .child
}

#[tokio::test]
async fn a_siblings_open_case_alone_is_listed_apart_without_the_family_history_warning() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let dana = ImportedRelative {
            key: "dana".into(),
            given_name: "Dana".into(),
            family_name: "Cole".into(),
            date_of_birth: Some(day(1990, 1, 9)),
            sex: Sex::Female,
            relationship: "mother".into(),
        };
        let cole = |given: &str, born, allocation| ImportedChild {
            child: NewChild {
                given_name: given.into(),
                family_name: "Cole".into(),
                date_of_birth: Some(born),
                expected_date_of_birth: None,
                sex: Sex::Male,
            },
            relatives: vec![dana.clone()],
            allocation,
            reviewing_officer: None,
            history: vec![],
        };
        let from = day(2026, 2, 1);
        let batch = vec![
            cole(
                "Sam",
                day(2015, 5, 5),
                Some((server.world.worker_b, server.world.team_b, from)),
            ),
            cole(
                "Ruby",
                day(2018, 6, 6),
                Some((server.world.worker_a, server.world.team_a, from)),
            ),
        ];
        server
            .store
            .import_children(&system(), &batch)
            .await
            .unwrap();
        let caseload = server
            .store
            .caseload(server.world.worker_a, day(2026, 3, 2))
            .await
            .unwrap();
        let ruby = caseload
            .iter()
            .find(|c| c.given_name == "Ruby")
            .unwrap()
            .child;

        let worker = server.sign_in("worker.a").await;
        let page = worker
            .client
            .get(server.url(&format!("/children/{ruby}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            !page.contains("Family history: do not start again"),
            "{backend:?}: an open case is not serious history"
        );
        let listed = page
            .find("Open cases now")
            .expect("the open case is listed");
        assert!(page[listed..].contains("Sam Cole"));
        assert!(page[listed..].contains("Child Protection Team B"));
        assert!(page.contains("app-family-open-cases"));

        // The family page lists everyone the banner names: Sam has no sibling tie recorded
        // with Ruby, only the same mother, and is listed as a child of the same family.
        let family = worker
            .client
            .get(server.url(&format!("/children/{ruby}/family")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let listed = family
            .find("Other children of the same family")
            .expect("the family page lists the children the banner names");
        assert!(family[listed..].contains("Sam Cole (Child of the same mother (Dana Cole))"));
        let api: serde_json::Value = worker
            .client
            .get(server.url(&format!("/api/children/{ruby}/family")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            api["family"]["named_in_family_history"][0]["name"],
            "Sam Cole"
        );
        // Seeing Sam there is recorded against Sam.
        let seen = server
            .store
            .access_by_staff(server.world.worker_a, 20)
            .await
            .unwrap();
        assert!(
            seen.iter()
                .any(|r| r.kind == AccessKind::SeenInFamilyHistory
                    && r.detail.starts_with("on the family page"))
        );
    }
}

#[tokio::test]
async fn the_unborn_babys_record_shows_the_family_history_and_a_stranger_sees_none_of_it() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let baby = marsh_family(&server).await;
        let worker = server.sign_in("worker.a").await;
        let page = worker
            .client
            .get(server.url(&format!("/children/{baby}")))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200, "{backend:?}");
        let page = page.text().await.unwrap();
        let banner = page
            .find("Family history: do not start again")
            .expect("the warning is shown");
        let chronology = page
            .find("<h2 class=\"govuk-heading-m\">Chronology")
            .unwrap();
        assert!(banner < chronology, "at the top of the record");
        assert!(page.contains("Adopted"));
        assert!(page.contains("Child protection plan"));
        assert!(page.contains("Ellie Marsh (Child of the same mother (Kerry Marsh))"));
        // The API gives the same, to the same worker.
        let api = worker
            .client
            .get(server.url(&format!("/api/children/{baby}/family-history")))
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), 200);
        let body: serde_json::Value = api.json().await.unwrap();
        assert_eq!(
            body["family_history"]["history"][1]["kind"],
            "adoption_order"
        );
        // Seeing Ellie's history is recorded against Ellie.
        let seen = server
            .store
            .access_by_staff(server.world.worker_a, 20)
            .await
            .unwrap();
        assert!(
            seen.iter()
                .any(|r| r.kind == AccessKind::SeenInFamilyHistory)
        );

        // Worker B has no relationship with the baby: refused, and nothing leaks.
        let stranger = server.sign_in("worker.b").await;
        for path in [
            format!("/children/{baby}"),
            format!("/children/{baby}/family"),
            format!("/api/children/{baby}/family-history"),
            format!("/api/children/{baby}/family"),
        ] {
            let refused = stranger.client.get(server.url(&path)).send().await.unwrap();
            assert_eq!(refused.status(), 403, "{backend:?} {path}");
            let body = refused.text().await.unwrap();
            assert!(
                !body.contains("Ellie") && !body.contains("Adopted") && !body.contains("Marsh"),
                "{path}"
            );
        }
    }
}

#[tokio::test]
async fn a_relationship_is_recorded_once_and_read_from_both_sides_and_bad_input_saves_nothing() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let worker = server.sign_in("worker.a").await;
        let child = server.child;
        let bad = worker
            .client
            .post(server.url(&format!("/children/{child}/relationships")))
            .form(&[
                ("csrf_token", worker.csrf.as_str()),
                ("who", "new"),
                ("given_name", "Kerry"),
                ("family_name", ""),
                ("sex", "F"),
                ("kind", "cousin"),
                ("start_day", "3"),
                ("start_month", "3"),
                ("start_year", "2027"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(bad.status(), 422, "{backend:?}");
        let page = bad.text().await.unwrap();
        assert!(page.contains("There is a problem"));
        assert!(page.contains("href=\"#family_name\""));
        assert!(page.contains("Select how the person is related to the child"));
        assert!(page.contains("The date the relationship started must be today or in the past"));
        assert!(page.contains("value=\"Kerry\""), "what was typed is kept");
        let family = worker
            .client
            .get(server.url(&format!("/children/{child}/family")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            family.contains("No relationships are recorded"),
            "nothing half-saved"
        );

        let ok = worker
            .client
            .post(server.url(&format!("/children/{child}/relationships")))
            .form(&[
                ("csrf_token", worker.csrf.as_str()),
                ("who", "new"),
                ("given_name", "Grace"),
                ("family_name", "Example"),
                ("sex", "F"),
                ("kind", "mother"),
                ("lives_with", "yes"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), 303);
        let family = worker
            .client
            .get(server.url(&format!("/children/{child}/family")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            family.contains("Grace Example is Ava&#x27;s mother"),
            "{}",
            main_content(&family)
        );
        let record = worker
            .client
            .get(server.url(&format!("/children/{child}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            record.contains("Grace Example</a> (mother)"),
            "the household on the record, linked to her page"
        );
        assert!(record.contains(&format!("href=\"/children/{child}/people/")));
        assert!(
            record.contains(
                "Grace Example recorded as Ava&#x27;s mother; Ava lives with Grace Example"
            ),
            "on the chronology"
        );

        // A sibling with their own record: shown from both sides.
        let sibling = server
            .store
            .register_child(
                &system(),
                &NewChild {
                    given_name: "Leo".into(),
                    family_name: "Example".into(),
                    date_of_birth: Some(day(2021, 5, 5)),
                    expected_date_of_birth: None,
                    sex: Sex::Male,
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
                    child: sibling,
                    worker: server.world.worker_a,
                    team: server.world.team_a,
                    from: day(2026, 3, 1),
                },
            )
            .await
            .unwrap();
        let ok = worker
            .client
            .post(server.url(&format!("/api/children/{child}/relationships")))
            .header("X-CSRF-Token", &worker.csrf)
            .json(&serde_json::json!({ "who": "existing", "existing_id": sibling.0, "kind": "sibling" }))
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), 201);
        let leo = worker
            .client
            .get(server.url(&format!("/children/{sibling}/family")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(leo.contains("Ava Example is Leo&#x27;s sister"));

        // Ending: a date in the future is refused at the field; a real one ends it.
        let family: serde_json::Value = worker
            .client
            .get(server.url(&format!("/api/children/{child}/family")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let mother = family["family"]["current"][0]["relationship_id"]
            .as_i64()
            .unwrap()
            .to_string();
        let end = |y: &'static str| {
            let mother = mother.clone();
            let csrf = worker.csrf.clone();
            worker
                .client
                .post(server.url(&format!("/children/{child}/relationships/end")))
                .form(&[
                    ("csrf_token", csrf),
                    ("id", mother),
                    ("day", "1".to_owned()),
                    ("month", "3".to_owned()),
                    ("year", y.to_owned()),
                ])
                .send()
        };
        let future = end("2027").await.unwrap();
        assert_eq!(future.status(), 422);
        assert!(
            future
                .text()
                .await
                .unwrap()
                .contains("The end date must be today or in the past")
        );
        assert_eq!(end("2026").await.unwrap().status(), 303);
        let family = worker
            .client
            .get(server.url(&format!("/children/{child}/family")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(family.contains("Ended relationships"));
        assert!(family.contains("Lived with before"));

        // Someone without a relationship can neither record nor read.
        let stranger = server.sign_in("worker.b").await;
        let refused = stranger
            .client
            .post(server.url(&format!("/children/{child}/relationships")))
            .form(&[
                ("csrf_token", stranger.csrf.as_str()),
                ("who", "new"),
                ("given_name", "X"),
                ("family_name", "Y"),
                ("sex", "F"),
                ("kind", "other"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 403);
    }
}

#[tokio::test]
async fn recording_a_child_shows_likely_matches_first_and_needs_a_deliberate_choice() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let worker = server.sign_in("worker.a").await;
        let send = async |extra: &[(&str, &str)]| {
            let mut form = vec![
                ("csrf_token", worker.csrf.as_str()),
                ("given_name", "Eva"),
                ("family_name", "Exampel"),
                ("date_of_birth_day", "28"),
                ("date_of_birth_month", "2"),
                ("date_of_birth_year", "2019"),
                ("sex", "F"),
            ];
            form.extend_from_slice(extra);
            worker
                .client
                .post(server.url("/children"))
                .form(&form)
                .send()
                .await
                .unwrap()
        };
        let first = send(&[]).await;
        assert_eq!(
            first.status(),
            200,
            "{backend:?}: matches are shown, nothing is recorded yet"
        );
        let page = first.text().await.unwrap();
        assert!(page.contains("Is this child already known?"));
        assert!(page.contains(&format!("href=\"/children/{}\">Ava Example", server.child)));
        assert!(page.contains("Same date of birth"));
        let undecided = send(&[("matches_shown", "yes")]).await;
        assert_eq!(undecided.status(), 422);
        let page = undecided.text().await.unwrap();
        assert!(page.contains("href=\"#none_match\""));
        assert!(page.contains("value=\"Exampel\""));
        let decided = send(&[("matches_shown", "yes"), ("none_match", "yes")]).await;
        assert_eq!(
            decided.status(),
            303,
            "a deliberate choice records the child"
        );
        // The JSON API offers the same check.
        let api = worker
            .client
            .post(server.url("/api/likely-matches"))
            .header("X-CSRF-Token", &worker.csrf)
            .json(&serde_json::json!({ "given_name": "Ava", "family_name": "Example", "date_of_birth": "2019-02-28", "sex": "F" }))
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), 200);
        let body: serde_json::Value = api.json().await.unwrap();
        assert_eq!(body["likely_matches"].as_array().unwrap().len(), 2);
    }
}

#[tokio::test]
async fn search_finds_misspelt_names_and_journey_ids() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let worker = server.sign_in("worker.b").await;
        let search = async |fields: &[(&str, &str)]| {
            let mut form = vec![("csrf_token", worker.csrf.as_str())];
            form.extend_from_slice(fields);
            worker
                .client
                .post(server.url("/search"))
                .form(&form)
                .send()
                .await
                .unwrap()
        };
        let page = search(&[("name", "Ava Exampel")])
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("1 person found"), "{backend:?}");
        let id = server.child.to_string();
        let page = search(&[("journey_id", id.as_str())])
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("1 person found"));
        assert!(page.contains("Ava"));
        let bad = search(&[("journey_id", "12ab")]).await;
        assert_eq!(bad.status(), 422);
        assert!(
            bad.text()
                .await
                .unwrap()
                .contains("Journey ID must be a number")
        );
    }
}

#[tokio::test]
async fn a_manager_merges_a_duplicate_record_and_can_undo_it() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let child = server.child;
        // Recorded by manager A at the front door; nobody else holds it.
        let support = contract::acting(server.world.manager_a, Role::TeamManager);
        let duplicate = server
            .store
            .register_child(
                &support,
                &NewChild {
                    given_name: "Ava".into(),
                    family_name: "Exampel".into(),
                    date_of_birth: Some(day(2019, 2, 28)),
                    expected_date_of_birth: None,
                    sex: Sex::Female,
                },
            )
            .await
            .unwrap();
        // Something of the duplicate's own, to see it arrive on the kept record and go back.
        server
            .store
            .add_warning(
                &journey_store::contract::permitted(
                    &*server.store,
                    support.clone(),
                    duplicate,
                    Relationship::Recorder,
                )
                .await,
                &NewWarning {
                    category: WarningCategory::Animals,
                    text: "Two dogs kept in the yard".into(),
                    from: day(2026, 1, 5),
                    until: None,
                },
            )
            .await
            .unwrap();
        let worker = server.sign_in("worker.a").await;
        let refused = worker
            .client
            .get(server.url(&format!("/children/{child}/merge")))
            .send()
            .await
            .unwrap();
        assert_eq!(
            refused.status(),
            403,
            "{backend:?}: workers do not merge records"
        );
        let manager = server.sign_in("manager.a").await;
        let form = manager
            .client
            .get(server.url(&format!("/children/{child}/merge")))
            .send()
            .await
            .unwrap();
        assert_eq!(form.status(), 200);
        let found = manager
            .client
            .post(server.url(&format!("/children/{child}/merge")))
            .form(&[
                ("csrf_token", manager.csrf.as_str()),
                ("merged", duplicate.0.to_string().as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(found.status(), 303);
        let compare = format!("/children/{child}/merge/{duplicate}");
        assert_eq!(found.headers()["location"], compare.as_str());
        let missing_reason = manager
            .client
            .post(server.url(&compare))
            .form(&[("csrf_token", manager.csrf.as_str()), ("reason", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(missing_reason.status(), 422);
        assert!(
            missing_reason
                .text()
                .await
                .unwrap()
                .contains("Enter why these are records of the same child")
        );
        let merged = manager
            .client
            .post(server.url(&compare))
            .form(&[
                ("csrf_token", manager.csrf.as_str()),
                ("reason", "Recorded twice at the front door"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(merged.status(), 303);
        let away = manager
            .client
            .get(server.url(&format!("/children/{duplicate}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            away.contains("This record was merged into"),
            "the merged-away record points to the survivor"
        );
        assert!(away.contains(&format!("href=\"/children/{child}\"")));
        let record = manager
            .client
            .get(server.url(&format!("/children/{child}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(record.contains("was merged into this record: Recorded twice at the front door"));
        assert!(
            record.contains("Two dogs kept in the yard"),
            "{backend:?}: the duplicate's warning is on the kept record"
        );
        let merges = server.store.merges(child).await.unwrap();
        let undo = manager
            .client
            .post(server.url(&format!("/children/{child}/merges/{}/undo", merges[0].id)))
            .form(&[("csrf_token", manager.csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(undo.status(), 303);
        let record = manager
            .client
            .get(server.url(&format!("/children/{child}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(record.contains("was undone"));
        assert!(!record.contains("Two dogs kept in the yard"));
        let again = manager
            .client
            .get(server.url(&format!("/children/{duplicate}")))
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 200, "unmerged, its recorder holds it again");
        assert!(
            !again.text().await.unwrap().contains("merged-record-title"),
            "{backend:?}: no longer merged away"
        );
    }
}
