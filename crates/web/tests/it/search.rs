//! Search over HTTP on both databases: more results than a page are paged through, with the
//! search kept from page to page; a worker's own child comes first, never behind the cut-off;
//! a restricted record stays out of every page for those who may not open it; the API pages
//! the same way.

use chrono::NaiveDate;
use journey_domain::ids::PersonId;
use journey_domain::person::{NewChild, Sex};
use journey_store::NewAllocation;
use journey_store::contract::system;

use crate::harness::{Session, TestServer, backends, main_content};

/// How many namesakes are recorded: more than two pages of 20.
const NAMESAKES: usize = 45;

/// Records the namesakes (Sam Exampleton) and Zoe Examplez, allocated to worker B, whose name
/// sorts after every namesake's. Ava Example, allocated to worker A, sorts before them.
async fn namesakes(server: &TestServer) -> PersonId {
    let child = |given: &str, family: &str| NewChild {
        given_name: given.into(),
        family_name: family.into(),
        date_of_birth: NaiveDate::from_ymd_opt(2018, 5, 1),
        expected_date_of_birth: None,
        sex: Sex::Female,
    };
    for _ in 0..NAMESAKES {
        server
            .store
            .register_child(&system(), &child("Sam", "Exampleton"))
            .await
            .unwrap();
    }
    let zoe = server
        .store
        .register_child(&system(), &child("Zoe", "Examplez"))
        .await
        .unwrap();
    server
        .store
        .allocate(
            &system(),
            None,
            &NewAllocation {
                child: zoe,
                worker: server.world.worker_b,
                team: server.world.team_b,
                from: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            },
        )
        .await
        .unwrap();
    zoe
}

/// The search page for "exampl" at `page` (none: the first search), as the session sees it.
async fn search(session: &Session, server: &TestServer, page: Option<&str>) -> String {
    let mut form = vec![("csrf_token", session.csrf.as_str()), ("name", "exampl")];
    if let Some(page) = page {
        form.push(("page", page));
    }
    let response = session
        .client
        .post(server.url("/search"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    main_content(&response.text().await.unwrap())
}

/// The Journey IDs the page's results link to, in order.
fn found(page: &str) -> Vec<i64> {
    page.split("href=\"/children/")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().parse().unwrap())
        .collect()
}

#[tokio::test]
async fn more_results_than_a_page_are_paged_through_with_the_workers_own_child_first() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let zoe = namesakes(&server).await;
        let worker_b = server.sign_in("worker.b").await;

        let first = search(&worker_b, &server, None).await;
        assert!(first.contains("More than 20 people found"), "{backend:?}");
        assert!(first.contains("Showing 1 to 20"));
        let ids = found(&first);
        assert_eq!(ids.len(), 20);
        assert_eq!(ids[0], zoe.0, "worker B's own child comes first");
        // The next page is asked for with the same search.
        assert!(first.contains("name=\"page\" value=\"2\""));
        assert!(first.contains("type=\"hidden\" name=\"name\" value=\"exampl\""));
        assert!(!first.contains("Previous"));

        let second = search(&worker_b, &server, Some("2")).await;
        assert!(second.contains("More than 40 people found"));
        assert!(second.contains("Showing 21 to 40"));
        assert!(second.contains("name=\"page\" value=\"1\""));
        assert!(second.contains("name=\"page\" value=\"3\""));
        let third = search(&worker_b, &server, Some("3")).await;
        assert!(third.contains("47 people found"), "{backend:?}");
        assert!(third.contains("Showing 41 to 47"));
        assert!(
            !third.contains("name=\"page\" value=\"4\""),
            "no page after the last"
        );
        // A page past the last (only a hand-made request asks for one) claims no total.
        let beyond = search(&worker_b, &server, Some("4")).await;
        assert!(beyond.contains("No more people found"), "{backend:?}");
        assert!(found(&beyond).is_empty());
        assert!(beyond.contains("name=\"page\" value=\"3\""));

        // Every page together: everyone found, once each.
        let mut everyone: Vec<i64> = [&first, &second, &third]
            .iter()
            .flat_map(|page| found(page))
            .collect();
        assert_eq!(everyone.len(), NAMESAKES + 2);
        everyone.sort_unstable();
        everyone.dedup();
        assert_eq!(everyone.len(), NAMESAKES + 2, "nobody is on two pages");
        assert!(everyone.contains(&server.child.0));

        // To anyone else, Zoe sorts last: the cut-off would have hidden her from worker B.
        let worker_a = server.sign_in("worker.a").await;
        let first = found(&search(&worker_a, &server, None).await);
        assert!(!first.contains(&zoe.0));
        assert_eq!(first[0], server.child.0, "worker A's own child first");
        let third = found(&search(&worker_a, &server, Some("3")).await);
        assert_eq!(third.last(), Some(&zoe.0));
    }
}

#[tokio::test]
async fn a_restricted_record_is_on_no_page_and_the_pages_stay_full() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        namesakes(&server).await;
        let manager = server.sign_in("manager.a").await;
        let restricted = manager
            .client
            .post(server.url(&format!("/children/{}/restriction", server.child)))
            .form(&[
                ("csrf_token", manager.csrf.as_str()),
                ("reason", "high_profile"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(restricted.status(), 303);

        let worker_b = server.sign_in("worker.b").await;
        let mut everyone = Vec::new();
        for page in ["1", "2", "3"] {
            let shown = search(&worker_b, &server, Some(page)).await;
            let ids = found(&shown);
            if page != "3" {
                assert_eq!(ids.len(), 20, "{backend:?}: page {page} is full");
            } else {
                assert!(shown.contains("46 people found"), "{backend:?}");
            }
            everyone.extend(ids);
        }
        assert_eq!(everyone.len(), NAMESAKES + 1);
        assert!(!everyone.contains(&server.child.0), "the restricted record");

        // Someone with no child among them: the restricted record sorts first, so the search
        // reads further to fill the page without it.
        let senior = server.sign_in("senior.a").await;
        let first = search(&senior, &server, None).await;
        assert!(first.contains("More than 20 people found"), "{backend:?}");
        assert_eq!(found(&first).len(), 20);
        assert!(!found(&first).contains(&server.child.0));

        // The allocated worker still finds it, first.
        let worker_a = server.sign_in("worker.a").await;
        let first = found(&search(&worker_a, &server, None).await);
        assert_eq!(first[0], server.child.0);
    }
}

#[tokio::test]
async fn the_search_api_pages_the_same_way() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let zoe = namesakes(&server).await;
        let worker_b = server.sign_in("worker.b").await;
        let ask = async |body: serde_json::Value| {
            let response = worker_b
                .client
                .post(server.url("/api/search"))
                .header("x-csrf-token", &worker_b.csrf)
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            (status, response.json::<serde_json::Value>().await.unwrap())
        };
        let (status, first) = ask(serde_json::json!({ "name": "exampl" })).await;
        assert_eq!(status, 200, "{backend:?}");
        assert_eq!(first["page"], 1);
        assert_eq!(first["has_more"], true);
        assert_eq!(first["results"].as_array().unwrap().len(), 20);
        assert_eq!(first["results"][0]["id"], zoe.0);
        let (_, last) = ask(serde_json::json!({ "name": "exampl", "page": 3 })).await;
        assert_eq!(last["page"], 3);
        assert_eq!(last["has_more"], false);
        assert_eq!(last["results"].as_array().unwrap().len(), 7);
        for page in [
            serde_json::json!(0),
            serde_json::json!(11),
            serde_json::json!("two"),
        ] {
            let (status, problems) =
                ask(serde_json::json!({ "name": "exampl", "page": page })).await;
            assert_eq!(status, 422, "page {page}");
            assert!(problems.to_string().contains("page"), "{problems}");
        }
    }
}
