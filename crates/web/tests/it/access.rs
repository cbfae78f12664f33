//! Need-to-know access over HTTP: who may open a record, what a refusal reveals, and the
//! access records every read leaves behind.

use chrono::NaiveDate;
use journey_domain::access::Relationship;
use journey_domain::ids::{PersonId, StaffId, TeamId};
use journey_domain::staff::Role;
use journey_store::contract::{acting, child, system};
use journey_store::{AccessKind, NewAllocation};

use crate::harness::{TestServer, backends, main_content};

#[tokio::test]
async fn the_allocated_worker_opens_the_record_and_the_view_is_recorded_with_the_request_id() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let session = server.sign_in("worker.a").await;
        let caseload = session
            .client
            .get(server.url("/"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            caseload.contains("Ava Example"),
            "{backend:?}: caseload lists the child"
        );
        let response = session
            .client
            .get(server.url(&format!("/children/{}", server.child)))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let request_id = response.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_owned();
        let page = response.text().await.unwrap();
        assert!(page.contains("<h1 class=\"govuk-heading-l\">Ava Example</h1>"));
        assert!(
            page.contains("Allocated to worker.a name (Assessment Team A)"),
            "the chronology shows"
        );
        let records = server
            .store
            .access_by_staff(server.world.worker_a, 10)
            .await
            .unwrap();
        let view = records
            .iter()
            .find(|r| r.kind == AccessKind::ViewedRecord)
            .expect("a view record");
        assert_eq!(view.child, Some(server.child));
        assert_eq!(
            view.request_id, request_id,
            "the access record carries the request's id"
        );
        assert_eq!(view.occurred_at, server.clock_now());
    }
}

#[tokio::test]
async fn an_unrelated_worker_is_refused_without_learning_anything_and_the_attempt_is_recorded() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let session = server.sign_in("worker.b").await;
        let existing = session
            .client
            .get(server.url(&format!("/children/{}", server.child)))
            .send()
            .await
            .unwrap();
        assert_eq!(existing.status(), 403);
        let existing = existing.text().await.unwrap();
        assert!(existing.contains("You cannot open this record"));
        assert!(
            !existing.contains("Ava") && !existing.contains("Example"),
            "nothing about the child leaks"
        );
        let missing = session
            .client
            .get(server.url("/children/987654"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            missing.status(),
            403,
            "{backend:?}: a child who does not exist looks the same"
        );
        let missing = missing.text().await.unwrap();
        // The same page but for the Journey ID typed, in the offer to give a reason.
        let offer = |id: &str| format!("/children/{id}/break-glass");
        assert!(existing.contains(&offer(&server.child.to_string())));
        assert_eq!(
            main_content(&existing).replace(&offer(&server.child.to_string()), ""),
            main_content(&missing).replace(&offer("987654"), "")
        );
        let refusals = server
            .store
            .access_by_staff(server.world.worker_b, 10)
            .await
            .unwrap();
        let kinds: Vec<_> = refusals.iter().map(|r| (r.kind, r.child)).collect();
        assert_eq!(
            kinds,
            [
                (AccessKind::Refused, Some(PersonId(987654))),
                (AccessKind::Refused, Some(server.child))
            ]
        );
        // The JSON API refuses the same way.
        let api = session
            .client
            .get(server.url(&format!("/api/children/{}", server.child)))
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), 403);
        let body: serde_json::Value = api.json().await.unwrap();
        assert_eq!(body["error"], "You cannot open this record");
        assert!(!body.to_string().contains("Ava"));
    }
}

#[tokio::test]
async fn each_role_sees_exactly_what_the_policy_allows() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let w = &server.world;
        let child = server.child;
        // (who, record, who-viewed page)
        let expectations = [
            (w.worker_a, 200, 403),
            (w.worker_b, 403, 403),
            // In the child's team but not allocated: a senior social worker's seniority opens
            // nothing by itself.
            (w.senior_a, 403, 403),
            (w.manager_a, 200, 200),
            (w.manager_b, 403, 403),
            (w.service_manager, 200, 200),
            (w.reviewing_officer, 403, 403),
            (w.auditor, 200, 200),
            (w.administrator, 403, 403),
            (w.business_support, 403, 403),
        ];
        for (staff, record, viewed_by) in expectations {
            let name = server.username(staff);
            let session = server.sign_in(name).await;
            let got = session
                .client
                .get(server.url(&format!("/children/{child}")))
                .send()
                .await
                .unwrap()
                .status();
            assert_eq!(got, record, "{backend:?} {name} opening the record");
            let got = session
                .client
                .get(server.url(&format!("/children/{child}/viewed-by")))
                .send()
                .await
                .unwrap()
                .status();
            assert_eq!(got, viewed_by, "{backend:?} {name} opening who viewed");
            let got = session
                .client
                .get(server.url(&format!("/children/{child}/chronology")))
                .send()
                .await
                .unwrap()
                .status();
            assert_eq!(got, record, "{backend:?} {name} reading the chronology");
        }
    }
}

/// What a member of staff asks of one child in the policy table, and what it should come to.
enum Asked {
    /// Opens the record: 200, and a view recorded through this relationship.
    Opens(PersonId, Relationship),
    /// Opens the record: refused, and the refusal recorded.
    RefusedOpening(PersonId),
    /// Adds to the record (saves a draft note): refused, and the refusal recorded.
    RefusedAdding(PersonId),
}

/// The policy table of docs/security.md, role by role over HTTP: for each of the eight roles a
/// child the table lets them open and one it does not (administrators may open none; auditors
/// open every record but may add to none), each answer leaving its access record.
#[tokio::test]
async fn every_role_opens_what_the_policy_table_allows_and_each_refusal_is_recorded() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let w = &server.world;
        let ava = server.child; // allocated to worker A in team A
        let from = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let allocate = async |name: &str, worker: StaffId, team: TeamId| {
            let id = server
                .store
                .register_child(&system(), &child(name, "Sample"))
                .await
                .unwrap();
            server
                .store
                .allocate(
                    &system(),
                    None,
                    &NewAllocation {
                        child: id,
                        worker,
                        team,
                        from,
                    },
                )
                .await
                .unwrap();
            id
        };
        // Ben: worker B's in team B, and the reviewing officer's child.
        let ben = allocate("Ben", w.worker_b, w.team_b).await;
        server
            .store
            .assign_reviewing_officer(
                &acting(w.manager_b, Role::TeamManager),
                Some(Relationship::LineManager),
                ben,
                w.reviewing_officer,
                from,
            )
            .await
            .unwrap();
        // Cara: the senior social worker's, in team A.
        let cara = allocate("Cara", w.senior_a, w.team_a).await;
        // Dan: recorded by business support and not yet allocated.
        let dan = server
            .store
            .register_child(
                &acting(w.business_support, Role::BusinessSupport),
                &child("Dan", "Sample"),
            )
            .await
            .unwrap();

        use Asked::*;
        use Relationship::*;
        let table = [
            (
                w.worker_a,
                [Opens(ava, AllocatedWorker), RefusedOpening(ben)],
            ),
            // In Ava's team, but she is not theirs.
            (
                w.senior_a,
                [Opens(cara, AllocatedWorker), RefusedOpening(ava)],
            ),
            (w.manager_a, [Opens(ava, LineManager), RefusedOpening(ben)]),
            // The service above both teams; Dan has no allocation, so no line to manage.
            (
                w.service_manager,
                [Opens(ben, LineManager), RefusedOpening(dan)],
            ),
            (
                w.reviewing_officer,
                [Opens(ben, ReviewingOfficer), RefusedOpening(ava)],
            ),
            (w.auditor, [Opens(dan, Auditor), RefusedAdding(ava)]),
            (w.administrator, [RefusedOpening(ava), RefusedOpening(dan)]),
            // In team A, but only the child they recorded.
            (
                w.business_support,
                [Opens(dan, Recorder), RefusedOpening(ava)],
            ),
        ];
        assert_eq!(
            table.len(),
            Role::ALL.len(),
            "every role is in the table once"
        );
        for (staff, asks) in table {
            let name = server.username(staff);
            let session = server.sign_in(name).await;
            let mut expected = Vec::new();
            for ask in asks {
                let (target, status, kind, relationship, detail) = match ask {
                    Opens(target, rel) => (target, 200, AccessKind::ViewedRecord, Some(rel), ""),
                    RefusedOpening(target) => {
                        (target, 403, AccessKind::Refused, None, "view_record")
                    }
                    RefusedAdding(target) => {
                        (target, 403, AccessKind::Refused, None, "add_to_record")
                    }
                };
                let request = match ask {
                    RefusedAdding(_) => session
                        .client
                        .post(server.url(&format!("/api/children/{target}/notes/draft")))
                        .header("x-csrf-token", &session.csrf)
                        .json(&serde_json::json!({
                            "note_key": "audit", "kind": "home_visit", "text": "Seen."
                        })),
                    _ => session
                        .client
                        .get(server.url(&format!("/children/{target}"))),
                };
                let response = request.send().await.unwrap();
                assert_eq!(
                    response.status(),
                    status,
                    "{backend:?}: {name} asking for {target}"
                );
                if status == 403 {
                    let page = without_tokens(&response.text().await.unwrap());
                    assert!(
                        !page.contains("Sample") && !page.contains("Ava"),
                        "{backend:?}: {name} learns nothing of {target}"
                    );
                }
                expected.push((kind, Some(target), relationship, detail.to_owned()));
            }
            let mut recorded: Vec<_> = server
                .store
                .access_by_staff(staff, 10)
                .await
                .unwrap()
                .into_iter()
                .map(|r| (r.kind, r.child, r.relationship, r.detail))
                .collect();
            recorded.reverse();
            assert_eq!(recorded, expected, "{backend:?}: {name}'s access records");
        }
    }
}

#[tokio::test]
async fn a_manager_sees_who_has_viewed_the_record() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let worker = server.sign_in("worker.a").await;
        worker
            .client
            .get(server.url(&format!("/children/{}", server.child)))
            .send()
            .await
            .unwrap();
        let stranger = server.sign_in("worker.b").await;
        stranger
            .client
            .get(server.url(&format!("/children/{}", server.child)))
            .send()
            .await
            .unwrap();
        let manager = server.sign_in("manager.a").await;
        let page = manager
            .client
            .get(server.url(&format!("/children/{}/viewed-by", server.child)))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("Who has viewed this record"));
        assert!(page.contains("worker.a name") && page.contains("Opened the record"));
        assert!(page.contains("worker.b name") && page.contains("Was refused access"));
        assert!(page.contains("Allocated worker") && page.contains("No relationship"));
        let record = manager
            .client
            .get(server.url(&format!("/children/{}", server.child)))
            .send()
            .await
            .unwrap();
        assert!(
            record
                .text()
                .await
                .unwrap()
                .contains("Who has viewed this record"),
            "managers get the link"
        );
    }
}

#[tokio::test]
async fn searching_records_every_person_in_the_results() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let session = server.sign_in("worker.b").await;
        let page = session
            .client
            .post(server.url("/search"))
            .form(&[("csrf_token", session.csrf.as_str()), ("name", "ava exa")])
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("1 person found"), "{backend:?}");
        assert!(page.contains(&format!("/children/{}", server.child)));
        let records = server
            .store
            .access_by_staff(server.world.worker_b, 10)
            .await
            .unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].kind, AccessKind::SearchResults);
        assert_eq!(records[0].people_shown, [server.child]);
        assert_eq!(records[0].child, None, "a list is about no one child");
    }
}

#[tokio::test]
async fn administrators_manage_accounts_but_cannot_search_or_read_case_content() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let admin = server.sign_in("admin").await;
        let home = admin.client.get(server.url("/")).send().await.unwrap();
        assert_eq!(home.status(), 303);
        assert_eq!(home.headers()["location"], "/admin/staff");
        let staff = admin
            .client
            .get(server.url("/admin/staff"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(staff.contains("worker.a name"));
        let search = admin
            .client
            .post(server.url("/search"))
            .form(&[("csrf_token", admin.csrf.as_str()), ("name", "ava")])
            .send()
            .await
            .unwrap();
        assert_eq!(search.status(), 403);
        let worker = server.sign_in("worker.a").await;
        assert_eq!(
            worker
                .client
                .get(server.url("/admin/staff"))
                .send()
                .await
                .unwrap()
                .status(),
            403
        );
        // Auditors read but never write.
        let auditor = server.sign_in("auditor").await;
        let create = auditor
            .client
            .post(server.url("/children"))
            .form(&[
                ("csrf_token", auditor.csrf.as_str()),
                ("given_name", "A"),
                ("family_name", "B"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(create.status(), 403, "{backend:?}");
    }
}

#[tokio::test]
async fn forms_that_show_a_childs_name_leave_an_access_record() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let child = server.child;
        let worker = server.sign_in("worker.a").await;
        for (path, detail) in [
            (format!("/children/{child}/notes/new"), "case note form"),
            (
                format!("/api/children/{child}/notes/draft"),
                "case note draft",
            ),
            (format!("/children/{child}/household/add"), "household form"),
        ] {
            let response = worker.client.get(server.url(&path)).send().await.unwrap();
            assert_eq!(response.status(), 200, "{backend:?} {path}");
            let records = server
                .store
                .access_by_staff(server.world.worker_a, 1)
                .await
                .unwrap();
            assert_eq!(records[0].kind, AccessKind::ViewedRecord, "{path}");
            assert_eq!(records[0].child, Some(child), "{path}");
            assert_eq!(records[0].detail, detail, "{path}");
        }
    }
}

/// The page without its random tokens (the CSRF token's and the script nonce's values), which
/// can spell a name by chance; every other value is kept, so a name in a form still shows.
fn without_tokens(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    while let Some(at) = ["name=\"csrf_token\" value=\"", "nonce=\""]
        .iter()
        .filter_map(|attribute| rest.find(attribute).map(|i| i + attribute.len()))
        .min()
    {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        rest = rest.find('"').map_or("", |end| &rest[end..]);
    }
    out.push_str(rest);
    out
}
