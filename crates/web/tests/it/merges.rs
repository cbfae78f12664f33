//! Merges that cannot go wrong (issue 10, part 1), over HTTP on both databases: a record the
//! manager cannot open is refused with the same answer as one that does not exist; the
//! comparison marks differences; records that are not a likely match wait for a second
//! manager; both allocated, the manager chooses; undo from the banner on either record.

use chrono::NaiveDate;
use journey_domain::ids::PersonId;
use journey_domain::person::{NewChild, Sex};
use journey_store::contract::system;
use journey_store::{AccessKind, NewAllocation};
use serde_json::json;

use crate::harness::{Session, TestServer, backends, main_content};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

async fn held(
    server: &TestServer,
    given: &str,
    family: &str,
    born: NaiveDate,
    team_b: bool,
) -> PersonId {
    let child = server
        .store
        .register_child(
            &system(),
            &NewChild {
                given_name: given.into(),
                family_name: family.into(),
                date_of_birth: Some(born),
                expected_date_of_birth: None,
                sex: Sex::Female,
            },
        )
        .await
        .unwrap();
    let w = &server.world;
    let (worker, team) = if team_b {
        (w.worker_b, w.team_b)
    } else {
        (w.worker_a, w.team_a)
    };
    server
        .store
        .allocate(
            &system(),
            None,
            &NewAllocation {
                child,
                worker,
                team,
                from: day(2026, 3, 1),
            },
        )
        .await
        .unwrap();
    child
}

async fn post(
    server: &TestServer,
    session: &Session,
    path: &str,
    form: &[(&str, &str)],
) -> (u16, String, String) {
    let mut fields = vec![("csrf_token", session.csrf.as_str())];
    fields.extend_from_slice(form);
    let response = session
        .client
        .post(server.url(path))
        .form(&fields)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location, response.text().await.unwrap())
}

async fn get(server: &TestServer, session: &Session, path: &str) -> (u16, String) {
    let response = session.client.get(server.url(path)).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

const CANNOT: &str = "Enter the Journey ID of a child&#x27;s record you may open";

#[tokio::test]
async fn a_record_the_manager_cannot_open_is_refused_and_says_nothing_about_it() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let child = server.child;
        // Team B's child, a likely match in every way, that manager A may not open.
        let theirs = held(&server, "Ava", "Example", day(2019, 2, 28), true).await;
        let manager = server.sign_in("manager.a").await;
        let merge = format!("/children/{child}/merge");
        let (status, _, refused) = post(
            &server,
            &manager,
            &merge,
            &[("merged", &theirs.0.to_string())],
        )
        .await;
        assert_eq!(status, 422, "{backend:?}");
        assert!(refused.contains(CANNOT), "{backend:?}");
        let (status, _, missing) = post(&server, &manager, &merge, &[("merged", "987654")]).await;
        assert_eq!(status, 422);
        assert_eq!(
            main_content(&refused).replace(&format!("value=\"{theirs}\""), "value=\"ID\""),
            main_content(&missing).replace("value=\"987654\"", "value=\"ID\""),
            "{backend:?}: a record that exists and one that does not look the same"
        );
        // Going straight to the comparison, or through the API, is refused the same way.
        let (status, _) = get(&server, &manager, &format!("{merge}/{theirs}")).await;
        assert_eq!(status, 403);
        let (status, _, _) = post(
            &server,
            &manager,
            &format!("{merge}/{theirs}"),
            &[("reason", "Same child")],
        )
        .await;
        assert_eq!(status, 403);
        let mut api = Vec::new();
        for id in [theirs.0, 987654] {
            let response = manager
                .client
                .post(server.url(&format!("/api/children/{child}/merge")))
                .header("x-csrf-token", &manager.csrf)
                .json(&json!({ "merged": id, "reason": "Same child" }))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 422);
            let body: serde_json::Value = response.json().await.unwrap();
            api.push(body["fields"].clone());
        }
        assert_eq!(api[0], api[1], "{backend:?}: the API says nothing either");
        assert_eq!(api[0][0]["field"], "merged");
        // Each attempt at team B's record is recorded as a refusal on it; nothing merged.
        let refusals = server
            .store
            .access_by_staff(server.world.manager_a, 20)
            .await
            .unwrap();
        let on_theirs = refusals
            .iter()
            .filter(|r| r.kind == AccessKind::Refused && r.child == Some(theirs))
            .count();
        assert_eq!(on_theirs, 4, "{backend:?}");
        assert!(server.store.merges(child).await.unwrap().is_empty());
        assert!(server.store.merges(theirs).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn the_comparison_marks_differences_and_both_records_offer_undo() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let child = server.child;
        // Team A's other record of her, misspelt and allocated too: both allocated.
        let other = held(&server, "Ava", "Exampel", day(2019, 2, 28), false).await;
        let manager = server.sign_in("manager.a").await;
        let compare = format!("/children/{child}/merge/{other}");
        let (status, page) = get(&server, &manager, &compare).await;
        assert_eq!(status, 200, "{backend:?}");
        assert!(page.contains("Stays: Journey ID"));
        assert!(page.contains("Exampel"));
        let differs = page.matches("Differs").count();
        assert_eq!(differs, 1, "{backend:?}: only the last name differs");
        assert!(page.contains("These records are a likely match"));
        assert!(page.contains("Both records are allocated. Which allocation continues?"));
        // Without a choice of allocation, or a reason: nothing merged, what was typed kept.
        let (status, _, again) = post(
            &server,
            &manager,
            &compare,
            &[("reason", "Recorded twice"), ("keep_allocation", "")],
        )
        .await;
        assert_eq!(status, 422);
        assert!(again.contains("Both records are allocated: select which allocation continues"));
        assert!(again.contains("Recorded twice"));
        assert!(server.store.merges(child).await.unwrap().is_empty());
        let (status, _, again) = post(
            &server,
            &manager,
            &compare,
            &[
                ("reason", "Recorded twice"),
                ("keep_allocation", "survivor"),
            ],
        )
        .await;
        assert_eq!(status, 422);
        assert!(again.contains("Enter why the other allocation ends"));
        let (status, location, _) = post(
            &server,
            &manager,
            &compare,
            &[
                ("reason", "Recorded twice"),
                ("keep_allocation", "survivor"),
                ("allocation_end_reason", "Duplicate allocation"),
            ],
        )
        .await;
        assert_eq!(status, 303, "{backend:?}");
        assert_eq!(location, format!("/children/{child}"));
        // Both records offer the undo, until 30 days after the merge.
        let merge = server.store.merges(child).await.unwrap()[0].id;
        for record in [child, other] {
            let (status, page) = get(&server, &manager, &format!("/children/{record}")).await;
            assert_eq!(status, 200);
            assert!(page.contains("Merge can be undone"), "{backend:?} {record}");
            assert!(page.contains(&format!("/children/{child}/merges/{merge}/undo")));
            assert!(page.contains("1 April 2026"), "undo until, 30 days on");
        }
        // A worker sees no undo.
        let worker = server.sign_in("worker.a").await;
        let (_, page) = get(&server, &worker, &format!("/children/{child}")).await;
        assert!(!page.contains("Merge can be undone"));
        // Undone from the merged record's banner.
        let (status, _, _) = post(
            &server,
            &manager,
            &format!("/children/{child}/merges/{merge}/undo"),
            &[],
        )
        .await;
        assert_eq!(status, 303);
        let (_, page) = get(&server, &manager, &format!("/children/{other}")).await;
        assert!(!page.contains("Merge can be undone"));
        assert!(
            !page.contains("merged-record-title"),
            "no longer merged away"
        );
    }
}

#[tokio::test]
async fn records_that_are_not_a_likely_match_wait_for_a_second_manager() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let child = server.child;
        let zoe = held(&server, "Zoe", "Smith", day(2020, 6, 1), false).await;
        let manager = server.sign_in("manager.a").await;
        let compare = format!("/children/{child}/merge/{zoe}");
        let (_, page) = get(&server, &manager, &compare).await;
        assert!(page.contains("These records are not a likely match"));
        assert!(page.contains("Ask a second manager to approve"));
        let (status, location, _) = post(
            &server,
            &manager,
            &compare,
            &[
                ("reason", "Zoe is the name she uses now"),
                ("keep_allocation", "survivor"),
                ("allocation_end_reason", "Duplicate allocation"),
            ],
        )
        .await;
        assert_eq!(status, 303, "{backend:?}");
        assert!(location.starts_with("/merge-requests/"), "{location}");
        assert!(server.store.merges(child).await.unwrap().is_empty());
        // The manager who asked sees it, and may not approve it.
        let (status, page) = get(&server, &manager, &location).await;
        assert_eq!(status, 200);
        assert!(page.contains("You asked for this merge"));
        let (status, _, page) =
            post(&server, &manager, &location, &[("decision", "approve")]).await;
        assert_eq!(status, 422);
        assert!(page.contains("You asked for this merge: another manager"));
        let (_, home) = get(&server, &manager, "/").await;
        assert!(!home.contains("Merges waiting for you to approve"));
        // Team B's manager may open neither record: not found, and recorded.
        let other_team = server.sign_in("manager.b").await;
        let (status, _) = get(&server, &other_team, &location).await;
        assert_eq!(status, 404);
        // The service manager has it on their home page and approves it.
        let service = server.sign_in("service.manager").await;
        let (_, home) = get(&server, &service, "/").await;
        assert!(
            home.contains("Merges waiting for you to approve"),
            "{backend:?}"
        );
        assert!(home.contains(&location));
        let (status, _, page) = post(&server, &service, &location, &[]).await;
        assert_eq!(status, 422);
        assert!(page.contains("Select whether to approve or refuse the merge"));
        let (status, redirect, _) =
            post(&server, &service, &location, &[("decision", "approve")]).await;
        assert_eq!(status, 303, "{backend:?}");
        assert_eq!(redirect, format!("/children/{child}"));
        let merges = server.store.merges(child).await.unwrap();
        assert_eq!(merges.len(), 1);
        assert_eq!(merges[0].merged, zoe);
        let (status, _) = get(&server, &service, &location).await;
        assert_eq!(status, 404, "decided: no longer waiting");
    }
}
