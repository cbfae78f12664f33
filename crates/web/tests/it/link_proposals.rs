//! A link between a record the worker may open and one they may not is a proposal: it shows
//! only the other person's name and the relationship, and nothing of their record reaches the
//! family page, the family history or the API, until a manager who may open both confirms it.
//! A refusal ends it with its reason; a manager who cannot open both cannot see or decide it.

use chrono::NaiveDate;
use journey_domain::families::merging::{AllocationChoice, KeepAllocation};
use journey_domain::ids::PersonId;
use journey_domain::person::{NewChild, Sex};
use journey_domain::staff::Role;
use journey_store::contract::system;
use journey_store::{AccessKind, MergeRequest, NewAllocation};
use serde_json::{Value, json};

use crate::harness::{TestServer, backends};
use crate::requests::{api_get, api_post, page};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A child on team B's caseload: worker A may not open their record.
async fn team_b_child(server: &TestServer, given: &str, allocated: bool) -> PersonId {
    let child = server
        .store
        .register_child(
            &system(),
            &NewChild {
                given_name: given.into(),
                family_name: "Other".into(),
                date_of_birth: Some(day(2019, 4, 17)),
                expected_date_of_birth: None,
                sex: Sex::Female,
            },
        )
        .await
        .unwrap();
    if allocated {
        server
            .store
            .allocate(
                &system(),
                None,
                &NewAllocation {
                    child,
                    worker: server.world.worker_b,
                    team: server.world.team_b,
                    from: day(2026, 1, 5),
                },
            )
            .await
            .unwrap();
    }
    child
}

fn sibling_of(id: PersonId) -> Value {
    json!({ "who": "existing", "existing_id": id.0, "kind": "sibling" })
}

#[tokio::test]
async fn a_link_to_a_record_the_worker_may_not_open_reveals_nothing_until_a_manager_confirms_it() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let ava = server.child;
        let kim = team_b_child(&server, "Kim", true).await;
        let worker = server.sign_in("worker.a").await;
        let relationships = format!("/api/children/{ava}/relationships");

        let (status, body) = api_post(&server, &worker, &relationships, sibling_of(kim)).await;
        assert_eq!(status, 201, "{backend:?} {body}");
        assert_eq!(body["proposed"], true);

        // Only the name and the relationship: no date of birth, no open case, no team.
        let (_, family) = api_get(&server, &worker, &format!("/api/children/{ava}/family")).await;
        let family = &family["family"];
        assert!(family["current"].as_array().unwrap().is_empty(), "{family}");
        assert_eq!(family["proposed"][0]["person_name"], "Kim Other");
        assert_eq!(
            family["proposed"][0]["sentence"],
            "Kim Other is Ava's sister"
        );
        let (_, history) = api_get(
            &server,
            &worker,
            &format!("/api/children/{ava}/family-history"),
        )
        .await;
        assert!(
            history["family_history"]["open_cases"]
                .as_array()
                .unwrap()
                .is_empty(),
            "{history}"
        );
        for text in [family.to_string(), history.to_string()] {
            assert!(!text.contains("2019-04-17"), "no date of birth: {text}");
        }
        let (_, family_page) = page(&server, &worker, &format!("/children/{ava}/family")).await;
        assert!(family_page.contains("Waiting for a manager to confirm"));
        assert!(family_page.contains("Kim Other is Ava&#x27;s sister"));
        assert!(
            !family_page.contains(&format!("href=\"/children/{kim}\"")),
            "no link to her record"
        );
        let (_, record) = page(&server, &worker, &format!("/children/{ava}")).await;
        assert!(
            !record.contains("Open cases now"),
            "no open case on the banner"
        );
        assert!(record.contains("Link proposed, waiting for a manager who may open both records"));

        // The same link again, while it waits, is refused at the field.
        let (status, body) = api_post(&server, &worker, &relationships, sibling_of(kim)).await;
        assert_eq!(status, 422);
        assert_eq!(body["fields"][0]["field"], "existing_id");

        // Team A's manager may open Ava but not Kim: the proposal is not theirs to see or decide.
        let manager_a = server.sign_in("manager.a").await;
        let (_, home) = page(&server, &manager_a, "/").await;
        assert!(!home.contains("Links waiting for you to confirm"));
        let (_, waiting) = api_get(&server, &manager_a, "/api/relationship-proposals").await;
        assert!(
            waiting["relationship_proposals"]
                .as_array()
                .unwrap()
                .is_empty()
        );
        let id = family["proposed"][0]["id"].as_i64().unwrap();
        let (status, _) = page(
            &server,
            &manager_a,
            &format!("/relationship-proposals/{id}"),
        )
        .await;
        assert_eq!(status, 404);
        let (status, _) = api_post(
            &server,
            &manager_a,
            &format!("/api/relationship-proposals/{id}"),
            json!({ "decision": "confirm" }),
        )
        .await;
        assert_eq!(status, 404);
        let refusals = server
            .store
            .access_by_staff(server.world.manager_a, 50)
            .await
            .unwrap();
        assert!(
            refusals
                .iter()
                .any(|r| r.kind == AccessKind::Refused && r.child == Some(ava)),
            "the attempt is recorded as a refusal"
        );

        // The service manager may open both: it waits on their home page.
        let service = server.sign_in("service.manager").await;
        let (_, home) = page(&server, &service, "/").await;
        assert!(
            home.contains("Links waiting for you to confirm"),
            "{backend:?}"
        );
        assert!(home.contains(&format!("/relationship-proposals/{id}")));
        let (status, form) =
            page(&server, &service, &format!("/relationship-proposals/{id}")).await;
        assert_eq!(status, 200);
        assert!(form.contains("Kim Other is Ava&#x27;s sister"));

        // Refusing needs a reason; without one nothing changes.
        let response = service
            .client
            .post(server.url(&format!("/relationship-proposals/{id}")))
            .form(&[
                ("csrf_token", service.csrf.as_str()),
                ("decision", "refuse"),
                ("reason", " "),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422);
        let text = response.text().await.unwrap();
        assert!(text.contains("Enter why the link is refused"));
        assert!(text.contains("id=\"reason-error\""));

        let response = service
            .client
            .post(server.url(&format!("/relationship-proposals/{id}")))
            .form(&[
                ("csrf_token", service.csrf.as_str()),
                ("decision", "confirm"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "{backend:?}");

        // Confirmed: the relationship is recorded from both sides, and Kim's open case shows.
        let (_, family) = api_get(&server, &worker, &format!("/api/children/{ava}/family")).await;
        assert_eq!(family["family"]["current"][0]["person"], kim.0);
        assert!(family["family"]["proposed"].as_array().unwrap().is_empty());
        let (_, history) = api_get(
            &server,
            &worker,
            &format!("/api/children/{ava}/family-history"),
        )
        .await;
        assert_eq!(history["family_history"]["open_cases"][0]["person"], kim.0);
        let confirmed = "Link confirmed by";
        for child in [ava, kim] {
            let access = server.inspecting(child).await;
            let lines = server.store.full_chronology(&access).await.unwrap();
            assert!(
                lines.iter().any(|l| l.summary.starts_with(confirmed)),
                "on {child}'s chronology"
            );
            let audit = server.store.audit_trail(child).await.unwrap();
            assert!(
                audit.iter().any(|a| a.action == "link_confirmed"),
                "audited on {child}'s record"
            );
        }
        let (status, _) = page(&server, &service, &format!("/relationship-proposals/{id}")).await;
        assert_eq!(status, 404, "decided: no longer waiting");
    }
}

#[tokio::test]
async fn a_refused_link_ends_with_its_reason_and_bad_proposals_are_refused_at_the_field() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let ava = server.child;
        let zed = team_b_child(&server, "Zed", true).await;
        let worker = server.sign_in("worker.a").await;
        let relationships = format!("/api/children/{ava}/relationships");

        let (status, body) = api_post(&server, &worker, &relationships, sibling_of(zed)).await;
        assert_eq!(
            (status, &body["proposed"]),
            (201, &json!(true)),
            "{backend:?}"
        );
        let service = server.sign_in("service.manager").await;
        let (_, waiting) = api_get(&server, &service, "/api/relationship-proposals").await;
        let id = waiting["relationship_proposals"][0]["id"].as_i64().unwrap();
        assert_eq!(
            waiting["relationship_proposals"][0]["sentence"],
            "Zed Other is Ava's sister"
        );
        let (status, body) = api_post(
            &server,
            &service,
            &format!("/api/relationship-proposals/{id}"),
            json!({ "decision": "refuse" }),
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(body["fields"][0]["field"], "reason");
        let (status, _) = api_post(
            &server,
            &service,
            &format!("/api/relationship-proposals/{id}"),
            json!({ "decision": "refuse", "reason": "A different family of the same name" }),
        )
        .await;
        assert_eq!(status, 200, "{backend:?}");
        let (_, family) = api_get(&server, &worker, &format!("/api/children/{ava}/family")).await;
        assert!(family["family"]["proposed"].as_array().unwrap().is_empty());
        assert!(family["family"]["current"].as_array().unwrap().is_empty());
        let access = server.inspecting(ava).await;
        let lines = server.store.full_chronology(&access).await.unwrap();
        assert!(
            lines.iter().any(|l| l.summary.starts_with("Link refused by")
                && l.summary.ends_with(
                    "the proposal that Zed Other is Ava's sister (A different family of the same name)"
                )),
            "{:?}",
            lines.iter().map(|l| &l.summary).collect::<Vec<_>>()
        );

        // A link to the child's own record, and to a record merged into another.
        let (status, body) = api_post(&server, &worker, &relationships, sibling_of(ava)).await;
        assert_eq!(status, 422);
        assert_eq!(body["fields"][0]["field"], "existing_id");
        let kept = team_b_child(&server, "Mo", true).await;
        let merged = team_b_child(&server, "Moe", true).await;
        let manager_b = journey_store::contract::acting(server.world.manager_b, Role::TeamManager);
        let (kept_proof, merged_proof) =
            journey_store::contract::merges::both(&*server.store, &manager_b, kept, merged).await;
        server
            .store
            .merge_records(
                &kept_proof,
                &merged_proof,
                &MergeRequest {
                    reason: "The same child".into(),
                    allocation: Some(AllocationChoice {
                        keep: KeepAllocation::Survivor,
                        end_reason: "One allocation is enough".into(),
                    }),
                },
            )
            .await
            .unwrap();
        let (status, body) = api_post(&server, &worker, &relationships, sibling_of(merged)).await;
        assert_eq!(status, 422, "{backend:?} {body}");
        assert_eq!(body["fields"][0]["field"], "existing_id");
        let (_, family) = api_get(&server, &worker, &format!("/api/children/{ava}/family")).await;
        assert!(
            family["family"]["proposed"].as_array().unwrap().is_empty(),
            "nothing half-saved"
        );
    }
}

#[tokio::test]
async fn a_restricted_record_is_never_the_far_end_of_an_unconfirmed_link() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let ava = server.child;
        let kim = team_b_child(&server, "Kim", true).await;
        // Kim's team manager restricts her record.
        let manager_b = server.sign_in("manager.b").await;
        let restricted = manager_b
            .client
            .post(server.url(&format!("/children/{kim}/restriction")))
            .form(&[
                ("csrf_token", manager_b.csrf.as_str()),
                ("reason", "high_profile"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(restricted.status(), 303, "{backend:?}");

        // A worker who may not open Kim is answered as for an ID nobody has, and nothing waits.
        let worker = server.sign_in("worker.a").await;
        let relationships = format!("/api/children/{ava}/relationships");
        let (status, body) = api_post(&server, &worker, &relationships, sibling_of(kim)).await;
        let (nobody_status, nobody) = api_post(
            &server,
            &worker,
            &relationships,
            sibling_of(PersonId(987_654)),
        )
        .await;
        assert_eq!(status, 422, "{backend:?} {body}");
        assert_eq!(
            (status, &body["fields"]),
            (nobody_status, &nobody["fields"])
        );
        let (_, family) = api_get(&server, &worker, &format!("/api/children/{ava}/family")).await;
        assert!(
            family["family"]["proposed"].as_array().unwrap().is_empty(),
            "{family}"
        );
    }
}
