//! Reading the access records over HTTP on both databases: "who has viewed this record" pages
//! through every entry with filters that survive paging, and answers bad filters at the field;
//! the access-log API does the same in JSON; the caseload and the referrals awaiting a decision
//! are each one list record; refusals of role-wide abilities are recorded and the auditor reads
//! them.

use journey_domain::access::Relationship;
use journey_domain::staff::Role;
use journey_store::contract::permitted;
use journey_store::{AccessKind, Actor, LIST_AWAITING_DECISION, LIST_CASELOAD};

use crate::harness::{Session, TestServer, backends};

/// The status and the page, its links unescaped ("/" comes as "&#x2f;").
async fn get(session: &Session, server: &TestServer, path: &str) -> (u16, String) {
    let response = session.client.get(server.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    (
        status,
        response.text().await.unwrap().replace("&#x2f;", "/"),
    )
}

/// How many rows the page's access table has.
fn rows(page: &str) -> usize {
    page.matches("data-label=\"When\"").count()
}

/// The cells of the "What" column.
fn whats(page: &str) -> Vec<String> {
    page.split("data-label=\"What\">")
        .skip(1)
        .map(|rest| rest.split("</td>").next().unwrap().to_owned())
        .collect()
}

/// Worker A opens the record `times` times, each in a request of its own, through the store
/// (as the record page would), so a test can fill a log quickly.
async fn opened_by_worker_a(server: &TestServer, times: i64) {
    for n in 0..times {
        let actor = Actor::staff(
            server.world.worker_a,
            Role::SocialWorker,
            "worker.a name",
            format!("open-{n}"),
            server.clock_now() - chrono::TimeDelta::minutes(times - n),
        );
        let access = permitted(
            server.store.as_ref(),
            actor,
            server.child,
            Relationship::AllocatedWorker,
        )
        .await;
        server.store.open_child_record(&access).await.unwrap();
    }
}

#[tokio::test]
async fn who_has_viewed_this_record_pages_through_every_entry_with_filters_that_survive_paging() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let log = format!("/children/{}/viewed-by", server.child);
        let (worker_a, worker_b) = (server.world.worker_a.0, server.world.worker_b.0);
        opened_by_worker_a(&server, 55).await;
        let stranger = server.sign_in("worker.b").await;
        assert_eq!(
            get(&stranger, &server, &format!("/children/{}", server.child))
                .await
                .0,
            403
        );
        let manager = server.sign_in("manager.a").await;

        // Everything: the newest 50 first, and a link to the rest.
        let (status, page) = get(&manager, &server, &log).await;
        assert_eq!(status, 200, "{backend:?}");
        assert_eq!(rows(&page), 50);
        assert_eq!(
            whats(&page)[0],
            "Looked at who has viewed the record",
            "{backend:?}: the look itself comes first"
        );
        assert!(page.contains("class=\"govuk-pagination"));
        assert!(page.contains(&format!("href=\"{log}?page=2\"")));

        // One person's entries, a page at a time: all 55, and each page link keeps the filter.
        let (status, first) = get(&manager, &server, &format!("{log}?person={worker_a}")).await;
        assert_eq!(status, 200);
        assert!(first.contains("55 entries match the filters: page 1 of 2"));
        assert_eq!(rows(&first), 50);
        let next = format!("{log}?person={worker_a}&amp;page=2");
        assert!(
            first.contains(&next),
            "{backend:?}: the next page keeps the filter"
        );
        let (_, second) = get(
            &manager,
            &server,
            &format!("{log}?person={worker_a}&page=2"),
        )
        .await;
        assert_eq!(rows(&second), 5);
        assert!(whats(&second).iter().all(|w| w == "Opened the record"));
        assert!(second.contains(&format!("{log}?person={worker_a}&amp;page=1")));
        // The person chosen stays chosen in the form.
        assert!(second.contains(&format!("<option value=\"{worker_a}\" selected")));

        // By person and kind: worker B's refusal alone.
        let (status, refused) = get(
            &manager,
            &server,
            &format!("{log}?person={worker_b}&kind=refused"),
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(whats(&refused), ["Was refused access"]);
        assert!(refused.contains("1 entry matches the filters."));
        assert!(!refused.contains("govuk-pagination"));

        // Past the last page: the last. A page that is not a number: the first.
        let (status, past) = get(
            &manager,
            &server,
            &format!("{log}?person={worker_a}&page=9"),
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(rows(&past), 5);
        let (status, odd) = get(&manager, &server, &format!("{log}?page=two")).await;
        assert_eq!(status, 200);
        assert_eq!(rows(&odd), 50);

        // Filters that are not among the choices: a message at the field, never a 500, and
        // the rest of the log still shown.
        let (status, bad) = get(&manager, &server, &format!("{log}?kind=everything")).await;
        assert_eq!(status, 422, "{backend:?}");
        assert!(bad.contains("href=\"#kind\""));
        assert!(bad.contains("Choose what was done from the list"));
        assert!(bad.contains("id=\"kind\""));
        assert_eq!(rows(&bad), 50);
        let (status, bad) = get(
            &manager,
            &server,
            &format!("{log}?person=someone&kind=refused"),
        )
        .await;
        assert_eq!(status, 422);
        assert!(bad.contains("href=\"#person\""));
        assert!(bad.contains("Choose a person from the list"));
        assert_eq!(
            whats(&bad),
            ["Was refused access"],
            "the good filter applies"
        );
        let (status, _) = get(&manager, &server, &format!("{log}?page=%FF%FE&&=&person")).await;
        assert_eq!(
            status, 200,
            "{backend:?}: an odd query string is read, not refused"
        );
    }
}

#[tokio::test]
async fn the_access_log_api_answers_a_page_with_its_place_and_refuses_bad_filters_at_the_field() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let api = format!("/api/children/{}/access-log", server.child);
        opened_by_worker_a(&server, 205).await;
        let auditor = server.sign_in("auditor").await;
        let read = async |query: &str| {
            let response = auditor
                .client
                .get(server.url(&format!("{api}{query}")))
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            (status, response.json::<serde_json::Value>().await.unwrap())
        };
        let (status, first) = read("").await;
        assert_eq!(status, 200, "{backend:?}");
        assert_eq!(first["page"], 1);
        assert_eq!(first["pages"], 2);
        assert_eq!(first["total"], 206, "205 opens and this look");
        assert_eq!(first["access_log"].as_array().unwrap().len(), 200);
        assert_eq!(first["access_log"][0]["kind"], "viewed_access_log");
        let worker_a = server.world.worker_a.0;
        let (status, theirs) = read(&format!("?staff={worker_a}&kind=viewed_record&page=2")).await;
        assert_eq!(status, 200);
        assert_eq!(theirs["page"], 2);
        assert_eq!(theirs["total"], 205);
        let last = theirs["access_log"].as_array().unwrap();
        assert_eq!(last.len(), 5);
        assert_eq!(last[4]["request_id"], "open-0", "the oldest is last");
        let (_, past) = read(&format!("?staff={worker_a}&page=30")).await;
        assert_eq!(past["page"], 2, "a page past the last answers the last");
        for (query, field) in [
            ("?kind=everything", "kind"),
            ("?staff=someone", "staff"),
            ("?page=0", "page"),
            ("?page=two", "page"),
        ] {
            let (status, problems) = read(query).await;
            assert_eq!(status, 422, "{backend:?} {query}");
            assert_eq!(problems["fields"][0]["field"], field, "{query}");
        }
    }
}

#[tokio::test]
async fn the_caseload_and_the_referrals_awaiting_a_decision_are_each_one_list_record() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let worker = server.sign_in("worker.a").await;
        assert_eq!(get(&worker, &server, "/").await.0, 200);
        let (status, _) = get(&worker, &server, "/api/caseload").await;
        assert_eq!(status, 200);
        let theirs = server
            .store
            .access_by_staff(server.world.worker_a, 10)
            .await
            .unwrap();
        let lists: Vec<_> = theirs
            .iter()
            .filter(|a| a.kind == AccessKind::ListShown && a.detail == LIST_CASELOAD)
            .collect();
        // The home page's child protection work tray is its own list, empty here.
        assert!(theirs.iter().any(|a| a.kind == AccessKind::ListShown
            && a.detail == "child protection work tray"
            && a.people_shown.is_empty()));
        assert_eq!(
            lists.len(),
            2,
            "{backend:?}: one for the page, one for the API"
        );
        for list in lists {
            assert_eq!(list.people_shown, [server.child]);
            assert_eq!(list.child, None);
        }
        let manager = server.sign_in("manager.a").await;
        assert_eq!(get(&manager, &server, "/").await.0, 200);
        let (status, _) = get(&manager, &server, "/api/referrals/awaiting-decision").await;
        assert_eq!(status, 200);
        let theirs = server
            .store
            .access_by_staff(server.world.manager_a, 10)
            .await
            .unwrap();
        let waiting = theirs
            .iter()
            .filter(|a| a.kind == AccessKind::ListShown && a.detail == LIST_AWAITING_DECISION)
            .count();
        assert_eq!(
            waiting, 2,
            "{backend:?}: one for the home page, one for the API"
        );
        // The auditor sees who looked at which list.
        let auditor = server.sign_in("auditor").await;
        let (status, page) = get(&auditor, &server, "/access-records?kind=list_shown").await;
        assert_eq!(status, 200, "{backend:?}");
        assert!(page.contains("Looked at a list of children: caseload"));
        assert!(page.contains("Looked at a list of children: referrals awaiting a decision"));
        assert!(page.contains("worker.a name (Social worker)"));
    }
}

#[tokio::test]
async fn refusals_of_role_wide_abilities_are_recorded_and_shown_to_the_auditor() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let admin = server.sign_in("admin").await;
        assert_eq!(get(&admin, &server, "/search").await.0, 403);
        let searched = admin
            .client
            .post(server.url("/api/search"))
            .header("x-csrf-token", &admin.csrf)
            .json(&serde_json::json!({ "name": "example" }))
            .send()
            .await
            .unwrap();
        assert_eq!(searched.status(), 403);
        let auditor = server.sign_in("auditor").await;
        assert_eq!(get(&auditor, &server, "/children/new").await.0, 403);
        let worker = server.sign_in("worker.a").await;
        assert_eq!(get(&worker, &server, "/admin/staff").await.0, 403);
        assert_eq!(get(&worker, &server, "/access-records").await.0, 403);

        let admins = server
            .store
            .access_by_staff(server.world.administrator, 10)
            .await
            .unwrap();
        let refusals: Vec<_> = admins
            .iter()
            .map(|a| (a.kind, a.child, a.detail.as_str()))
            .collect();
        assert_eq!(
            refusals,
            [
                (AccessKind::Refused, None, "search_people"),
                (AccessKind::Refused, None, "search_people"),
            ],
            "{backend:?}: the page and the API"
        );
        let (status, page) = get(&auditor, &server, "/access-records?kind=refused").await;
        assert_eq!(status, 200, "{backend:?}");
        for refused in [
            "Was refused: Search for people",
            "Was refused: Record a new child",
            "Was refused: Manage staff and teams",
            "Was refused: Read searches, lists and refusals",
        ] {
            assert!(page.contains(refused), "{backend:?}: {refused}");
        }
        assert!(page.contains("5 entries match the filters"));
        // The auditor's navigation leads there; others' does not.
        assert!(page.contains("href=\"/access-records\""));
        let (_, home) = get(&worker, &server, "/").await;
        assert!(!home.contains("href=\"/access-records\""));
        let (status, bad) = get(&auditor, &server, "/access-records?kind=viewed_record").await;
        assert_eq!(
            status, 422,
            "a kind that is never about no child is not a choice here"
        );
        assert!(bad.contains("href=\"#kind\""));
    }
}
