//! Caseloads over HTTP, on both databases: a manager's line with each caseload weighed against
//! the authority's configured thresholds (page, home page and API), the children behind one
//! number (recorded as a list shown), refusals for everyone else, and the allocation that asks
//! the manager for a reason because it takes the worker over the limit.

use std::sync::Arc;

use journey_domain::ids::PersonId;
use journey_domain::timescales::{AuthorityConfig, Timescales};
use journey_store::AccessKind;
use journey_web::WebConfig;
use serde_json::json;

use crate::harness::{TestServer, backends};
use crate::requests::{api_get, api_post, message_at, page, post_form};

/// An authority with tiny thresholds: warned from 1 weighted case, the limit at 2.
fn tight_limits() -> WebConfig {
    let config = AuthorityConfig::parse(
        "[caseload]\nwarn-at = 1\nlimit = 2\n",
        "test configuration",
        None,
    )
    .unwrap();
    WebConfig {
        timescales: Arc::new(Timescales::from_config(config)),
        ..WebConfig::default()
    }
}

#[tokio::test]
async fn a_manager_sees_their_lines_caseloads_and_the_children_behind_each() {
    for backend in backends() {
        let server = TestServer::start_with(backend, tight_limits()).await;
        let w = &server.world;
        let manager = server.sign_in("manager.a").await;
        // Worker A holds Ava (1 weighted case): at the warning level of 1.
        let (status, line) = page(&server, &manager, "/caseloads").await;
        assert_eq!(status, 200, "{backend:?}");
        assert!(line.contains(&format!(
            "href=\"/caseloads/{}\">worker.a name</a>",
            w.worker_a
        )));
        assert!(line.contains(&format!(
            "href=\"/caseloads/{}\">senior.a name</a>",
            w.senior_a
        )));
        assert!(!line.contains("worker.b name"), "team B is not manager A's");
        assert!(line.contains(">High</strong>"), "{line}");
        assert!(line.contains("1 of 2 weighted cases"));
        let (_, home) = page(&server, &manager, "/").await;
        assert!(
            home.contains("Caseloads</a>"),
            "the navigation links the page"
        );
        assert!(home.contains("id=\"caseloads-heading\""));
        assert!(home.contains(&format!(
            "href=\"/caseloads/{}\">worker.a name</a>",
            w.worker_a
        )));

        // The children behind the number, recorded as a list shown.
        let (status, held) = page(&server, &manager, &format!("/caseloads/{}", w.worker_a)).await;
        assert_eq!(status, 200);
        assert!(held.contains(&format!(
            "href=\"/children/{}\">Ava Example</a>",
            server.child
        )));
        assert!(held.contains("Child in need or being assessed"));
        assert!(held.contains("Month by month"));
        assert!(held.contains("(today)"));
        let records = server.store.access_by_staff(w.manager_a, 20).await.unwrap();
        let list = records
            .iter()
            .find(|e| e.kind == AccessKind::ListShown && e.detail.starts_with("caseload of"))
            .expect("the list is recorded");
        assert_eq!(list.people_shown, [server.child]);

        // The API says the same.
        let (status, body) = api_get(&server, &manager, "/api/caseloads").await;
        assert_eq!(status, 200);
        let worker_a = body["caseloads"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["staff"] == w.worker_a.0)
            .expect("worker A listed");
        assert_eq!(worker_a["load"], 1.0);
        assert_eq!(worker_a["level"], "high");
        assert_eq!(worker_a["measured_in"], "weighted cases");
        assert_eq!(worker_a["counts"]["child_in_need"], 1);
        let (status, body) =
            api_get(&server, &manager, &format!("/api/caseloads/{}", w.worker_a)).await;
        assert_eq!(status, 200);
        assert_eq!(body["children"][0]["child"], server.child.0);
        assert_eq!(body["children"][0]["kind"], "child-in-need");
        let trend = body["trend"].as_array().unwrap();
        assert_eq!(trend.len(), 13, "twelve month ends and today");
        assert_eq!(trend[12]["children"], 1);
        assert_eq!(trend[12]["level"], "high");

        // Another team's manager: not found. A worker: refused, and the refusal recorded.
        let other = server.sign_in("manager.b").await;
        let (status, _) = page(&server, &other, &format!("/caseloads/{}", w.worker_a)).await;
        assert_eq!(status, 404);
        let (status, _) = api_get(&server, &other, &format!("/api/caseloads/{}", w.worker_a)).await;
        assert_eq!(status, 404);
        let (status, _) = api_get(&server, &other, "/api/caseloads/not-a-number").await;
        assert_eq!(status, 404);
        let worker = server.sign_in("worker.a").await;
        let (status, _) = page(&server, &worker, "/caseloads").await;
        assert_eq!(status, 403);
        let (status, _) = api_get(&server, &worker, "/api/caseloads").await;
        assert_eq!(status, 403);
        let refusals = server.store.access_by_staff(w.worker_a, 20).await.unwrap();
        assert!(
            refusals
                .iter()
                .any(|e| e.kind == AccessKind::Refused && e.detail == "view_caseloads"),
            "{refusals:?}"
        );
        let (_, worker_home) = page(&server, &worker, "/").await;
        assert!(!worker_home.contains("id=\"caseloads-heading\""));
    }
}

async fn recorded_by_manager_a(server: &TestServer, given: &str) -> PersonId {
    let manager = server.sign_in("manager.a").await;
    let (status, created) = api_post(
        server,
        &manager,
        "/api/children",
        json!({"given_name": given, "family_name": "Haddad", "date_of_birth": "2021-05-04",
               "sex": "M", "none_match": true}),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    PersonId(created["id"].as_i64().unwrap())
}

#[tokio::test]
async fn allocating_over_the_limit_asks_the_manager_why_on_the_page_and_through_the_api() {
    for backend in backends() {
        let server = TestServer::start_with(backend, tight_limits()).await;
        let w = &server.world;
        let manager = server.sign_in("manager.a").await;
        let worker_a = w.worker_a.0.to_string();
        // Worker A holds Ava (1); one more child takes them to the limit of 2: no question.
        let omar = recorded_by_manager_a(&server, "Omar").await;
        let (status, body) = api_post(
            &server,
            &manager,
            &format!("/api/children/{omar}/allocation"),
            json!({"worker_id": w.worker_a.0, "reason": "MANAGE"}),
        )
        .await;
        assert_eq!(status, 200, "{backend:?} {body}");

        // A third would take them to 3: the page asks for the reason, nothing is saved.
        let sami = recorded_by_manager_a(&server, "Sami").await;
        let path = format!("/children/{sami}/allocation/worker");
        let (_, form) = page(&server, &manager, &path).await;
        assert!(
            form.contains("2 children allocated, 2 weighted cases (limit 2): at the limit"),
            "{form}"
        );
        assert!(
            !form.contains("name=\"over_limit_reason\""),
            "asked only when needed"
        );
        let chosen = [("worker_id", worker_a.as_str()), ("reason", "MANAGE")];
        let (status, asked) = post_form(&server, &manager, &path, &chosen).await;
        assert_eq!(status, 422, "{backend:?}");
        assert!(asked.contains(
            "worker.a name holds 2 weighted cases and the limit is 2: this child (child in need or being assessed) takes them to 3. To allocate anyway, give the reason"
        ), "{asked}");
        // The summary's link reaches the reason's box.
        assert!(asked.contains("href=\"#over_limit_reason\""));
        assert!(
            asked.contains("id=\"over_limit_reason\" name=\"over_limit_reason\""),
            "{asked}"
        );
        assert!(
            asked.contains(&format!("value=\"{worker_a}\" checked")),
            "the choice is kept"
        );
        let audit = server.store.audit_trail(sami).await.unwrap();
        assert_eq!(audit.len(), 1, "only the child's recording: {audit:?}");

        // With the reason it goes ahead, and the chronology says why.
        let mut confirmed = chosen.to_vec();
        confirmed.push((
            "over_limit_reason",
            "Sami's brother is already with worker A",
        ));
        let (status, location) = post_form(&server, &manager, &path, &confirmed).await;
        assert_eq!(status, 303, "{backend:?} {location}");
        let (_, chronology) = api_get(
            &server,
            &manager,
            &format!("/api/children/{sami}/chronology"),
        )
        .await;
        assert!(
            chronology.to_string().contains(
                "Allocated over the caseload limit (3 weighted cases against a limit of 2): Sami's brother is already with worker A"
            ),
            "{chronology}"
        );

        // Through the API: 422 at the field, then allowed with it.
        let zain = recorded_by_manager_a(&server, "Zain").await;
        let url = format!("/api/children/{zain}/allocation");
        let (status, body) = api_post(
            &server,
            &manager,
            &url,
            json!({"worker_id": w.worker_a.0, "reason": "MANAGE"}),
        )
        .await;
        assert_eq!(status, 422);
        assert!(message_at(&body, "over_limit_reason").contains("takes them to 4"));
        let (status, _) = api_post(
            &server,
            &manager,
            &url,
            json!({"worker_id": w.worker_a.0, "reason": "MANAGE",
                   "over_limit_reason": "Covering leave until April"}),
        )
        .await;
        assert_eq!(status, 200);
        let (_, body) = api_get(&server, &manager, "/api/caseloads").await;
        let held = body["caseloads"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["staff"] == w.worker_a.0)
            .unwrap()
            .clone();
        assert_eq!(
            (held["children"].clone(), held["level"].clone()),
            (json!(4), json!("at-limit"))
        );
    }
}
