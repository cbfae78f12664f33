//! Access that lets people work, over HTTP on both databases: the administrator sets a team's
//! function; the front door opens any unrestricted record with its reason recorded; anyone
//! else opens one by giving a reason, and both managers review it from their home page; a
//! restricted record is absent from search.

use journey_domain::access::Relationship;
use journey_domain::ids::PersonId;
use journey_store::{AccessKind, AttentionKind};

use crate::harness::{Session, TestServer, backends};

async fn get(session: &Session, server: &TestServer, path: &str) -> (u16, String) {
    let response = session.client.get(server.url(path)).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn post(
    session: &Session,
    server: &TestServer,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let mut form = vec![("csrf_token", session.csrf.as_str())];
    form.extend_from_slice(fields);
    let response = session
        .client
        .post(server.url(path))
        .form(&form)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn a_duty_team_opens_a_record_with_its_reason_recorded_and_records_a_contact() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let record = format!("/children/{}", server.child);
        let worker = server.sign_in("worker.b").await;
        assert_eq!(get(&worker, &server, &record).await.0, 403);
        // Only the administrator sets a team's function.
        let (status, _) = post(
            &worker,
            &server,
            &format!("/admin/teams/{}/function", server.world.team_b),
            &[("function", "duty")],
        )
        .await;
        assert_eq!(status, 403, "{backend:?}");
        let admin = server.sign_in("admin").await;
        let (status, teams) = get(&admin, &server, "/admin/teams").await;
        assert_eq!(status, 200);
        assert!(teams.contains("Child Protection Team B"));
        let (status, _) = post(
            &admin,
            &server,
            &format!("/admin/teams/{}/function", server.world.team_b),
            &[("function", "duty")],
        )
        .await;
        assert_eq!(status, 303);
        assert!(
            get(&admin, &server, "/admin/teams")
                .await
                .1
                .contains("data-label=\"Function\">Duty</td>")
        );
        // Now worker B opens it, is told the reason recorded, and may record a contact only.
        let (status, page) = get(&worker, &server, &record).await;
        assert_eq!(status, 200, "{backend:?}");
        assert!(page.contains("Screening a contact"));
        assert!(page.contains(&format!("{record}/contacts/new")));
        assert_eq!(
            get(&worker, &server, &format!("{record}/contacts/new"))
                .await
                .0,
            200
        );
        assert_eq!(
            get(&worker, &server, &format!("{record}/notes/new"))
                .await
                .0,
            403
        );
        let opened = server
            .store
            .access_by_staff(server.world.worker_b, 10)
            .await
            .unwrap()
            .into_iter()
            .find(|r| r.kind == AccessKind::ViewedRecord && r.child == Some(server.child))
            .unwrap();
        assert_eq!(opened.relationship, Some(Relationship::Screening));
        assert_eq!(opened.reason.as_deref(), Some("Screening a contact"));
        // "Who has viewed this record" shows it with its reason.
        let manager = server.sign_in("manager.a").await;
        let (status, viewed) = get(&manager, &server, &format!("{record}/viewed-by")).await;
        assert_eq!(status, 200);
        assert!(viewed.contains("Front door or duty team: “Screening a contact”"));
    }
}

#[tokio::test]
async fn break_glass_is_recorded_with_its_reason_and_both_managers_review_it() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let record = format!("/children/{}", server.child);
        let worker = server.sign_in("worker.b").await;
        let (status, refused) = get(&worker, &server, &record).await;
        assert_eq!(status, 403);
        let offer = format!("{record}/break-glass");
        assert!(refused.contains(&offer), "{refused}");
        // A reason is required: the error at its field, nothing opened, nobody told.
        let (status, page) = get(&worker, &server, &offer).await;
        assert_eq!(status, 200);
        assert!(!page.contains("Ava"), "the form says nothing of the child");
        let (status, page) = post(&worker, &server, &offer, &[("reason", "  ")]).await;
        assert_eq!(status, 422, "{backend:?}");
        assert!(page.contains("Enter why you need to open this record"));
        assert!(page.contains("href=\"#reason\""));
        assert!(
            page.contains("<textarea class=\"govuk-textarea govuk-textarea--error\" id=\"reason\"")
        );
        assert_eq!(get(&worker, &server, &record).await.0, 403);
        assert!(
            server
                .store
                .waiting_for(server.world.manager_a)
                .await
                .unwrap()
                .is_empty()
        );
        // An approver who is not a manager is refused at the field, with the reason kept.
        let (status, page) = post(
            &worker,
            &server,
            &offer,
            &[
                ("reason", "Sibling on my caseload"),
                ("approver", &server.world.worker_a.to_string()),
            ],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("Choose a team manager or service manager"));
        assert!(page.contains("Sibling on my caseload"));
        let reason = "Her brother is on my caseload and I need the safety plan";
        let (status, _) = post(&worker, &server, &offer, &[("reason", reason)]).await;
        assert_eq!(status, 303);
        let (status, page) = get(&worker, &server, &record).await;
        assert_eq!(status, 200, "{backend:?}");
        assert!(page.contains(reason));
        // Read only.
        assert_eq!(
            get(&worker, &server, &format!("{record}/notes/new"))
                .await
                .0,
            403
        );
        let opened = server
            .store
            .access_by_staff(server.world.worker_b, 10)
            .await
            .unwrap()
            .into_iter()
            .find(|r| r.kind == AccessKind::ViewedRecord)
            .unwrap();
        assert_eq!(opened.relationship, Some(Relationship::BreakGlass));
        assert_eq!(opened.reason.as_deref(), Some(reason));
        // The child's team manager and the worker's own each have it for their attention.
        for manager in ["manager.a", "manager.b"] {
            let session = server.sign_in(manager).await;
            let (_, home) = get(&session, &server, "/").await;
            assert!(home.contains("For your attention"), "{manager}");
            assert!(home.contains(&format!(
                "opened the record of Journey ID {} without a working relationship",
                server.child
            )));
        }
        let waiting = server
            .store
            .waiting_for(server.world.manager_a)
            .await
            .unwrap();
        assert_eq!(waiting.len(), 1);
        assert_eq!(waiting[0].kind, AttentionKind::BreakGlassReview);
        let manager_a = server.sign_in("manager.a").await;
        let (status, review) = get(&manager_a, &server, &waiting[0].link).await;
        assert_eq!(status, 200);
        assert!(review.contains(reason));
        // Nobody else reads the review.
        let other = server.sign_in("worker.a").await;
        assert_eq!(get(&other, &server, &waiting[0].link).await.0, 404);
        let (status, _) = post(
            &manager_a,
            &server,
            &format!("/attention/{}/acknowledge", waiting[0].id),
            &[],
        )
        .await;
        assert_eq!(status, 303);
        assert!(
            !get(&manager_a, &server, "/")
                .await
                .1
                .contains("For your attention")
        );
        let (_, review) = get(&manager_a, &server, &waiting[0].link).await;
        assert!(review.contains("You have reviewed this"));
        assert_eq!(
            server
                .store
                .waiting_for(server.world.manager_b)
                .await
                .unwrap()
                .len(),
            1
        );
        let audit = server.store.audit_trail(server.child).await.unwrap();
        assert!(audit.iter().any(
            |a| a.action == "attention_acknowledged" && a.actor == Some(server.world.manager_a)
        ));
        // A Journey ID nobody has: the same refusal and form; giving a reason is recorded, and
        // only then is there "nothing to open".
        let missing = "/children/987654";
        let (status, refused) = get(&worker, &server, missing).await;
        assert_eq!(status, 403);
        assert!(refused.contains("/children/987654/break-glass"));
        let (status, _) = post(
            &worker,
            &server,
            &format!("{missing}/break-glass"),
            &[("reason", reason)],
        )
        .await;
        assert_eq!(status, 404);
        let refusals = server
            .store
            .access_by_staff(server.world.worker_b, 20)
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.kind == AccessKind::Refused && r.child == Some(PersonId(987_654)))
            .count();
        assert_eq!(refusals, 2, "the refused opening and the reason given");
        // Administrators are never offered it.
        let admin = server.sign_in("admin").await;
        let (status, refused) = get(&admin, &server, &record).await;
        assert_eq!(status, 403);
        assert!(!refused.contains("break-glass"));
        assert_eq!(get(&admin, &server, &offer).await.0, 403);
    }
}

#[tokio::test]
async fn a_restricted_record_is_absent_from_search_for_anyone_without_a_relationship() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let record = format!("/children/{}", server.child);
        let search = async |session: &Session| {
            post(session, &server, "/search", &[("name", "ava exa")])
                .await
                .1
                .contains(&format!("/children/{}\"", server.child))
        };
        let worker_b = server.sign_in("worker.b").await;
        assert!(search(&worker_b).await, "{backend:?}");
        // Only a manager of the child's line restricts; a reason must be chosen.
        let worker_a = server.sign_in("worker.a").await;
        assert_eq!(
            get(&worker_a, &server, &format!("{record}/restriction"))
                .await
                .0,
            403
        );
        let manager = server.sign_in("manager.a").await;
        let (status, page) = post(&manager, &server, &format!("{record}/restriction"), &[]).await;
        assert_eq!(status, 422);
        assert!(page.contains("Choose why the record is to be restricted"));
        let (status, _) = post(
            &manager,
            &server,
            &format!("{record}/restriction"),
            &[("reason", "high_profile")],
        )
        .await;
        assert_eq!(status, 303);
        let (_, page) = get(&manager, &server, &record).await;
        assert!(page.contains("This record is restricted (A high-profile case)"));
        assert!(
            !search(&worker_b).await,
            "{backend:?}: hidden from worker B"
        );
        assert!(
            search(&worker_a).await,
            "the allocated worker still finds it"
        );
        // Opening it by giving a reason now needs a named approver.
        let (status, page) = post(
            &worker_b,
            &server,
            &format!("{record}/break-glass"),
            &[("reason", "Covering duty")],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("choose the manager who approved it"));
        assert_eq!(get(&worker_b, &server, &record).await.0, 403);
        // Lifted, it is found again.
        let (status, _) = post(
            &manager,
            &server,
            &format!("{record}/restriction/lift"),
            &[],
        )
        .await;
        assert_eq!(status, 303);
        assert!(search(&worker_b).await);
    }
}
