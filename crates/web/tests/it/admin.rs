//! The administrator's pages over HTTP on both databases: disabling an account is confirmed
//! on a page naming it first, and a disable that skipped the confirmation changes nothing; a
//! member of staff is added on a page, with every problem at its field.

use journey_domain::staff::Role;

use crate::harness::{
    PASSWORD, Session, TestServer, assert_summary_link_reaches_an_input, backends, hidden_value,
};

async fn get(session: &Session, server: &TestServer, path: &str) -> (u16, String) {
    let response = session.client.get(server.url(path)).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// Posts a form with the session's CSRF token; the status and where it redirects, if it does.
async fn post(
    session: &Session,
    server: &TestServer,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, Option<String>, String) {
    let mut form = vec![("csrf_token", session.csrf.as_str())];
    form.extend_from_slice(fields);
    let response = session
        .client
        .post(server.url(path))
        .form(&form)
        .send()
        .await
        .unwrap();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned());
    (
        response.status().as_u16(),
        location,
        response.text().await.unwrap(),
    )
}

async fn disabled(server: &TestServer, username: &str) -> bool {
    server
        .store
        .staff_list()
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.username == username)
        .unwrap()
        .disabled
}

#[tokio::test]
async fn disabling_an_account_asks_for_confirmation_naming_the_account() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let worker = server.sign_in("worker.a").await;
        let admin = server.sign_in("admin").await;
        let confirm = format!("/admin/staff/{}/disable", server.world.worker_a);

        // The list offers the confirmation page, not a button that disables.
        let (_, list) = get(&admin, &server, "/admin/staff").await;
        assert!(list.contains(&format!("href=\"{confirm}\"")), "{backend:?}");
        assert!(!list.contains(&format!("action=\"{confirm}\"")));

        // A disable without the confirmation step goes to it, and changes nothing.
        let (status, location, _) = post(&admin, &server, &confirm, &[]).await;
        assert_eq!(status, 303, "{backend:?}");
        assert_eq!(location.as_deref(), Some(confirm.as_str()));
        let (_, location, _) = post(&admin, &server, &confirm, &[("confirmed", "no")]).await;
        assert_eq!(location.as_deref(), Some(confirm.as_str()));
        assert!(!disabled(&server, "worker.a").await, "{backend:?}");
        assert_eq!(get(&worker, &server, "/").await.0, 200, "still signed in");

        // The confirmation page names the account.
        let (status, page) = get(&admin, &server, &confirm).await;
        assert_eq!(status, 200);
        assert!(page.contains("Disable worker.a name’s account?"));
        assert!(page.contains("Assessment Team A"));
        assert_eq!(hidden_value(&page, "confirmed"), "yes");
        assert!(
            !disabled(&server, "worker.a").await,
            "asking changes nothing"
        );

        // Confirmed, it is disabled and its session ends.
        let (status, location, _) = post(&admin, &server, &confirm, &[("confirmed", "yes")]).await;
        assert_eq!(status, 303);
        assert_eq!(location.as_deref(), Some("/admin/staff"));
        assert!(disabled(&server, "worker.a").await);
        assert_eq!(get(&worker, &server, "/").await.0, 303, "signed out");

        // Enabling is one step; there is no page to confirm it, nor to disable oneself.
        let enable = format!("/admin/staff/{}/enable", server.world.worker_a);
        assert_eq!(get(&admin, &server, &enable).await.0, 404);
        assert_eq!(post(&admin, &server, &enable, &[]).await.0, 303);
        assert!(!disabled(&server, "worker.a").await);
        let own = format!("/admin/staff/{}/disable", server.world.administrator);
        assert_eq!(get(&admin, &server, &own).await.0, 400);

        // Only the administrator is asked.
        let manager = server.sign_in("manager.a").await;
        assert_eq!(get(&manager, &server, &confirm).await.0, 403);
    }
}

#[tokio::test]
async fn the_administrator_adds_a_member_of_staff_on_a_page_with_problems_at_their_fields() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let admin = server.sign_in("admin").await;
        let (status, list) = get(&admin, &server, "/admin/staff").await;
        assert_eq!(status, 200);
        assert!(list.contains("href=\"/admin/staff/new\""));
        let (status, form) = get(&admin, &server, "/admin/staff/new").await;
        assert_eq!(status, 200, "{backend:?}");
        assert!(form.contains("Assessment Team A"), "teams to choose from");
        assert!(
            form.contains("value=\"team_manager\""),
            "roles to choose from"
        );
        let team = server.world.team_a.0.to_string();
        let count = async || server.store.staff_list().await.unwrap().len();
        let before = count().await;

        // Nothing typed: a message at each field, each linked from the summary.
        let (status, _, page) = post(&admin, &server, "/admin/staff", &[]).await;
        assert_eq!(status, 422, "{backend:?}");
        assert!(page.contains("There is a problem"));
        for (field, message) in [
            ("display_name", "Enter their full name"),
            ("username", "Enter a username"),
            ("role", "Select a role"),
            ("password", "Password must be at least 12 characters"),
        ] {
            assert!(page.contains(message), "{message}");
            assert_summary_link_reaches_an_input(&page, field);
        }

        // Bad values: named at their fields, what was typed kept, the password never sent back.
        let (status, _, page) = post(
            &admin,
            &server,
            "/admin/staff",
            &[
                ("display_name", "Jane Smith"),
                ("username", "jane smith!"),
                ("role", "overlord"),
                ("team", "999999"),
                ("password", "short pass"),
            ],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("Username must contain only letters"));
        assert!(page.contains("Select a role"));
        assert!(page.contains("Select a team from the list"));
        assert!(page.contains("value=\"Jane Smith\""));
        assert!(!page.contains("short pass"));

        // A username already taken is refused at its field.
        let (status, _, page) = post(
            &admin,
            &server,
            "/admin/staff",
            &[
                ("display_name", "Jane Smith"),
                ("username", "worker.a"),
                ("role", "social_worker"),
                ("team", team.as_str()),
                ("password", PASSWORD),
            ],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("This username is already taken"));
        assert_eq!(count().await, before, "nothing saved");

        // Added: on the list with role and team, and able to sign in.
        let (status, location, _) = post(
            &admin,
            &server,
            "/admin/staff",
            &[
                ("display_name", "Jane Smith"),
                ("username", "jane.smith"),
                ("role", "social_worker"),
                ("team", team.as_str()),
                ("password", PASSWORD),
            ],
        )
        .await;
        assert_eq!(status, 303, "{backend:?}");
        assert_eq!(location.as_deref(), Some("/admin/staff"));
        let jane = server
            .store
            .staff_list()
            .await
            .unwrap()
            .into_iter()
            .find(|s| s.username == "jane.smith")
            .unwrap();
        assert_eq!(jane.display_name, "Jane Smith");
        assert_eq!(jane.role, Role::SocialWorker);
        assert_eq!(jane.team, Some(server.world.team_a));
        let audit = server.store.account_audit(20).await.unwrap();
        assert!(audit.iter().any(|a| a.action == "staff_created"
            && a.actor == Some(server.world.administrator)));
        server.sign_in("jane.smith").await;

        // Nobody else adds staff.
        let manager = server.sign_in("manager.a").await;
        assert_eq!(get(&manager, &server, "/admin/staff/new").await.0, 403);
        let (status, _, _) = post(
            &manager,
            &server,
            "/admin/staff",
            &[
                ("display_name", "Someone Else"),
                ("username", "someone.else"),
                ("role", "administrator"),
                ("password", PASSWORD),
            ],
        )
        .await;
        assert_eq!(status, 403);
        assert_eq!(count().await, before + 1);
    }
}
