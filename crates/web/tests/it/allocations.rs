//! Allocations over HTTP, on both databases: a new child waits in the recorder's team's
//! unallocated list until a manager allocates; ending an allocation puts the child back in the
//! list; transfers through the API; bad input at its field with nothing saved; refusals
//! recorded; reviewing officers' children on their home page.

use journey_domain::access::Relationship;
use journey_domain::allocations::FIRST_CONTACT_ONLY;
use journey_domain::ids::PersonId;
use journey_domain::staff::{Role, TeamFunction};
use journey_store::AccessKind;
use journey_store::contract::{acting, system};
use serde_json::json;

use crate::harness::{TestServer, assert_summary_link_reaches_an_input, backends};
use crate::requests::{api_get, api_post, message_at, page, post_form};

async fn actions(server: &TestServer, child: PersonId) -> Vec<String> {
    server
        .store
        .audit_trail(child)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect()
}

#[tokio::test]
async fn a_new_child_waits_in_the_teams_list_until_the_manager_allocates_on_the_pages() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let w = &server.world;
        let worker = server.sign_in("worker.a").await;
        let (status, created) = api_post(
            &server,
            &worker,
            "/api/children",
            json!({"given_name": "Noor", "family_name": "Haddad", "date_of_birth": "2020-07-01",
                   "sex": "F", "none_match": true}),
        )
        .await;
        assert_eq!(status, 201, "{backend:?} {created}");
        let noor = PersonId(created["id"].as_i64().unwrap());
        // Nobody is allocated: the recorder keeps the record, and it is on nobody's caseload.
        let (status, record) = api_get(&server, &worker, &format!("/api/children/{noor}")).await;
        assert_eq!(status, 200);
        assert_eq!(record["relationship"], "recorder");
        assert!(record["record"]["allocation"].is_null());
        let (_, caseload) = api_get(&server, &worker, "/api/caseload").await;
        assert_eq!(
            caseload["caseload"].as_array().unwrap().len(),
            1,
            "Ava only"
        );

        // The team manager sees the child waiting on their home page.
        let manager = server.sign_in("manager.a").await;
        let (_, home) = page(&server, &manager, "/").await;
        assert!(
            home.contains("Children waiting to be allocated"),
            "{backend:?}"
        );
        assert!(home.contains(&format!(
            "href=\"/children/{noor}/allocation\">Noor Haddad</a>"
        )));
        assert!(home.contains("Newly recorded. Recorded by worker.a name."));
        // Another team's manager does not.
        let other = server.sign_in("manager.b").await;
        let (_, home_b) = page(&server, &other, "/").await;
        assert!(!home_b.contains("Noor Haddad"));
        assert!(home_b.contains("No children are waiting to be allocated."));

        // Nothing chosen: the form comes back with both problems and nothing is saved.
        let path = format!("/children/{noor}/allocation/worker");
        let (status, form) = page(&server, &manager, &path).await;
        assert_eq!(status, 200);
        assert!(form.contains("senior.a name (Assessment Team A)"));
        assert!(form.contains("First contact: the child"), "{form}");
        let (status, problem) = post_form(&server, &manager, &path, &[]).await;
        assert_eq!(status, 422, "{backend:?}");
        assert!(problem.contains("Choose who to allocate the child to"));
        assert!(problem.contains("Select the reason for the change"));
        assert_summary_link_reaches_an_input(&problem, "worker_id");
        assert_summary_link_reaches_an_input(&problem, "reason");
        // A reason that is not on the list is refused, what was chosen given back.
        let senior = w.senior_a.0.to_string();
        let (status, problem) = post_form(
            &server,
            &manager,
            &path,
            &[("worker_id", &senior), ("reason", "SOMETHING")],
        )
        .await;
        assert_eq!(status, 422);
        assert!(problem.contains("Select a reason from the list"));
        assert!(problem.contains(&format!("value=\"{senior}\" checked")));
        assert_eq!(actions(&server, noor).await, ["child_registered"]);

        let (status, location) = post_form(
            &server,
            &manager,
            &path,
            &[("worker_id", &senior), ("reason", "FCONTA")],
        )
        .await;
        assert_eq!(status, 303, "{backend:?} {location}");
        assert_eq!(location, format!("/children/{noor}/allocation"));
        let (_, overview) = page(&server, &manager, &location).await;
        assert!(overview.contains("senior.a name"));
        assert!(overview.contains("Started: First contact: the child&#x27;s first social worker"));
        let (_, home) = page(&server, &manager, "/").await;
        assert!(!home.contains("Noor Haddad"));
        // The recorder's hold has ended; the allocated worker has the child.
        let (status, _) = page(&server, &worker, &format!("/children/{noor}")).await;
        assert_eq!(status, 403);
        let senior_session = server.sign_in("senior.a").await;
        let (_, caseload) = api_get(&server, &senior_session, "/api/caseload").await;
        assert_eq!(caseload["caseload"][0]["child"], noor.0);
        let audit = server.store.audit_trail(noor).await.unwrap();
        assert_eq!(audit.last().unwrap().action, "allocated");
        assert_eq!(audit.last().unwrap().actor, Some(w.manager_a));
        assert_eq!(
            audit.last().unwrap().relationship.as_deref(),
            Some(Relationship::LineManager.code())
        );
    }
}

#[tokio::test]
async fn an_allocation_ended_on_the_page_puts_the_child_back_in_the_teams_list() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let ava = server.child;
        let manager = server.sign_in("manager.a").await;
        // The record page offers the allocation pages to the manager, not to the worker.
        let (_, record) = page(&server, &manager, &format!("/children/{ava}")).await;
        assert!(record.contains("Allocate, transfer or end the allocation"));
        let worker = server.sign_in("worker.a").await;
        let (_, record) = page(&server, &worker, &format!("/children/{ava}")).await;
        assert!(!record.contains("Allocate, transfer or end the allocation"));
        let path = format!("/children/{ava}/allocation/end");
        let (status, _) = page(&server, &worker, &path).await;
        assert_eq!(status, 403, "the allocated worker may not end it");

        let before = actions(&server, ava).await;
        let (status, problem) = post_form(&server, &manager, &path, &[]).await;
        assert_eq!(status, 422, "{backend:?}");
        assert!(problem.contains("Select the reason for the change"));
        assert_summary_link_reaches_an_input(&problem, "reason");
        let (status, problem) = post_form(&server, &manager, &path, &[("reason", "FCONTA")]).await;
        assert_eq!(status, 422);
        assert!(problem.contains(&FIRST_CONTACT_ONLY.replace('\'', "&#x27;")));
        assert_eq!(actions(&server, ava).await, before, "nothing saved");

        let (status, _) = post_form(&server, &manager, &path, &[("reason", "LEFTRL")]).await;
        assert_eq!(status, 303, "{backend:?}");
        // The worker's access ended; the child is back in team A's list, saying why.
        let (status, _) = page(&server, &worker, &format!("/children/{ava}")).await;
        assert_eq!(status, 403);
        let (_, home) = page(&server, &manager, "/").await;
        assert!(home.contains(&format!(
            "href=\"/children/{ava}/allocation\">Ava Example</a>"
        )));
        assert!(home.contains("The social worker left the role"));
        let (_, listed) = api_get(&server, &manager, "/api/unallocated").await;
        assert_eq!(listed["unallocated"][0]["child"], ava.0, "{listed}");
        assert_eq!(listed["unallocated"][0]["reason"], "LEFTRL");
        assert_eq!(listed["unallocated"][0]["team_name"], "Assessment Team A");
        // The list was recorded as seen, naming the child.
        let seen = server
            .store
            .access_by_staff(server.world.manager_a, 1)
            .await
            .unwrap();
        assert_eq!(seen[0].kind, AccessKind::SearchResults);
        assert_eq!(seen[0].people_shown, [ava]);
        // One audit record and a chronology line.
        assert_eq!(
            actions(&server, ava).await.last().unwrap(),
            "allocation_ended"
        );
        let (_, overview) = page(&server, &manager, &format!("/children/{ava}/allocation")).await;
        assert!(overview.contains("Ended: The social worker left the role"));
        let (_, chronology) = api_get(
            &server,
            &manager,
            &format!("/api/children/{ava}/chronology"),
        )
        .await;
        assert!(
            chronology.to_string().contains(
                "Allocation to worker.a name ended: The social worker left the role. Back in Assessment Team A's unallocated list"
            ),
            "{chronology}"
        );
    }
}

#[tokio::test]
async fn the_api_transfers_and_refuses_at_the_field_what_the_rules_refuse() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let (ava, w) = (server.child, &server.world);
        let manager = server.sign_in("manager.a").await;
        let path = format!("/api/children/{ava}/allocation");

        let (_, choices) = api_get(&server, &manager, "/api/allocation-choices").await;
        let names: Vec<_> = choices["workers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["manager.a name", "senior.a name", "worker.a name"]);
        assert_eq!(choices["workers"][2]["caseload"], 1);

        let refusals = [
            (
                json!({"worker_id": w.worker_b.0, "reason": "MANAGE"}),
                "worker_id",
                "Choose a social worker or team manager in a team you manage",
            ),
            (
                json!({"worker_id": w.senior_a.0, "reason": "FCONTA"}),
                "reason",
                FIRST_CONTACT_ONLY,
            ),
            (
                json!({"worker_id": w.senior_a.0, "team_id": w.team_b.0, "reason": "MANAGE"}),
                "worker_id",
                "Choose a worker or a team, not both",
            ),
            (
                json!({"worker_id": w.senior_a.0, "reason": "NOPE"}),
                "reason",
                "Unknown code \"NOPE\"",
            ),
            (
                json!({"team_id": w.team_a.0, "reason": "TSPROC"}),
                "team_id",
                "The child is already with Assessment Team A: choose another team",
            ),
        ];
        for (body, field, message) in refusals {
            let (status, problem) = api_post(&server, &manager, &path, body.clone()).await;
            assert_eq!(status, 422, "{backend:?} {body} {problem}");
            assert!(
                message_at(&problem, field).starts_with(message),
                "{problem}"
            );
        }
        assert_eq!(
            actions(&server, ava).await,
            ["child_registered", "allocated"]
        );

        // Transferred to another worker of the team: the old allocation ends today with the
        // same reason.
        let (status, changed) = api_post(
            &server,
            &manager,
            &path,
            json!({"worker_id": w.senior_a.0, "reason": "ABSENC"}),
        )
        .await;
        assert_eq!(status, 200, "{backend:?} {changed}");
        let (_, state) = api_get(&server, &manager, &path).await;
        assert_eq!(state["current"]["worker"], w.senior_a.0, "{state}");
        assert_eq!(state["current"]["reason"], "ABSENC");
        assert_eq!(state["allocations"][1]["worker"], w.worker_a.0);
        assert_eq!(state["allocations"][1]["until"], "2026-03-02");
        assert_eq!(state["allocations"][1]["end_reason"], "ABSENC");
        assert!(
            state["allocations"][1]["reason"].is_null(),
            "set up before reasons"
        );

        // The worker may not allocate: refused, and the refusal recorded.
        let worker = server.sign_in("senior.a").await;
        let (status, _) = api_post(
            &server,
            &worker,
            &path,
            json!({"worker_id": w.worker_a.0, "reason": "CHCHAN"}),
        )
        .await;
        assert_eq!(status, 403);
        let seen = server.store.access_by_staff(w.senior_a, 1).await.unwrap();
        assert_eq!(
            (seen[0].kind, seen[0].detail.as_str()),
            (AccessKind::Refused, "allocate")
        );

        // Transferred to team B's list: team B's manager has the child now, team A's does not.
        let (status, _) = api_post(
            &server,
            &manager,
            &path,
            json!({"team_id": w.team_b.0, "reason": "TSPROC"}),
        )
        .await;
        assert_eq!(status, 200);
        let (status, _) = api_get(&server, &manager, &path).await;
        assert_eq!(status, 403);
        let manager_b = server.sign_in("manager.b").await;
        let (_, listed) = api_get(&server, &manager_b, "/api/unallocated").await;
        assert_eq!(listed["unallocated"][0]["child"], ava.0, "{listed}");
        assert_eq!(listed["unallocated"][0]["reason"], "TSPROC");
        let (status, ended) = api_post(
            &server,
            &manager_b,
            &format!("{path}/end"),
            json!({"reason": "OTHERS"}),
        )
        .await;
        assert_eq!(status, 422, "nobody is allocated to end");
        assert_eq!(
            message_at(&ended, "reason"),
            "The child is not allocated to anyone"
        );
    }
}

#[tokio::test]
async fn reviewing_officers_see_the_children_they_review_on_their_home_page() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let ava = server.child;
        let iro = server.sign_in("iro").await;
        let (_, home) = page(&server, &iro, "/").await;
        assert!(
            home.contains("You are not reviewing any children."),
            "{backend:?}"
        );
        server
            .store
            .assign_reviewing_officer(
                &journey_store::contract::system(),
                None,
                ava,
                server.world.reviewing_officer,
                chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            )
            .await
            .unwrap();
        let (_, home) = page(&server, &iro, "/").await;
        assert!(home.contains("Children you review"));
        assert!(home.contains(&format!("href=\"/children/{ava}\">Ava Example</a>")));
        assert!(home.contains(
            "Reviewing since 1 March 2026. Social worker: worker.a name (Assessment Team A)."
        ));
        assert!(home.contains("Next review or conference due: none recorded."));
        let (_, reviewed) = api_get(&server, &iro, "/api/reviewed-children").await;
        assert_eq!(reviewed["reviewed"][0]["child"], ava.0, "{reviewed}");
        assert_eq!(reviewed["reviewed"][0]["worker_name"], "worker.a name");
        // Nobody else has the list, and the officer has no unallocated list.
        let worker = server.sign_in("worker.a").await;
        let (_, home) = page(&server, &worker, "/").await;
        assert!(!home.contains("Children you review"));
        assert!(!home.contains("Children waiting to be allocated"));
        let (_, none) = api_get(&server, &iro, "/api/unallocated").await;
        assert_eq!(none["unallocated"], json!([]));
    }
}

#[tokio::test]
async fn business_supports_new_children_wait_in_the_front_doors_list() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let w = &server.world;
        // Team B is the front door.
        server
            .store
            .set_team_function(&system(), w.team_b, Some(TeamFunction::FrontDoor))
            .await
            .unwrap();
        let support = server.sign_in("support").await;
        let (status, created) = api_post(
            &server,
            &support,
            "/api/children",
            json!({"given_name": "Iris", "family_name": "Quayle", "date_of_birth": "2019-02-03",
                   "sex": "F", "none_match": true}),
        )
        .await;
        assert_eq!(status, 201, "{backend:?} {created}");
        let iris = PersonId(created["id"].as_i64().unwrap());
        let front_door = server
            .store
            .unallocated_children(&acting(w.manager_b, Role::TeamManager))
            .await
            .unwrap();
        assert!(
            front_door
                .iter()
                .any(|c| c.child == iris && c.team == w.team_b),
            "{backend:?}: in the front door's list"
        );
        let own_team = server
            .store
            .unallocated_children(&acting(w.manager_a, Role::TeamManager))
            .await
            .unwrap();
        assert!(!own_team.iter().any(|c| c.child == iris));

        // A worker's new child still waits in their own team's list.
        let worker = server.sign_in("worker.a").await;
        let (_, created) = api_post(
            &server,
            &worker,
            "/api/children",
            json!({"given_name": "Otto", "family_name": "Quayle", "date_of_birth": "2018-02-03",
                   "sex": "M", "none_match": true}),
        )
        .await;
        let otto = PersonId(created["id"].as_i64().unwrap());
        let own_team = server
            .store
            .unallocated_children(&acting(w.manager_a, Role::TeamManager))
            .await
            .unwrap();
        assert!(
            own_team
                .iter()
                .any(|c| c.child == otto && c.team == w.team_a)
        );
    }
}
