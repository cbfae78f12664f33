//! Sign-in, sessions and CSRF: what ends a session, and what a forged form achieves.

use chrono::TimeDelta;
use journey_web::WebConfig;

use crate::harness::{PASSWORD, TestServer, backends, hidden_value, main_content};

#[tokio::test]
async fn sessions_end_after_the_idle_and_the_absolute_timeout() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let session = server.sign_in("worker.a").await;
        server.clock.advance(TimeDelta::minutes(14));
        assert_eq!(
            session
                .client
                .get(server.url("/"))
                .send()
                .await
                .unwrap()
                .status(),
            200,
            "{backend:?}"
        );
        server.clock.advance(TimeDelta::minutes(16));
        let expired = session.client.get(server.url("/")).send().await.unwrap();
        assert_eq!(expired.status(), 303, "{backend:?}: idle for 16 minutes");
        assert_eq!(expired.headers()["location"], "/sign-in");
        let api = session
            .client
            .get(server.url("/api/me"))
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), 401, "the session is gone for the API too");

        // Busy all day: the absolute timeout still ends it after 12 hours.
        let busy = server.sign_in("worker.a").await;
        for _ in 0..(12 * 60 / 10 - 1) {
            server.clock.advance(TimeDelta::minutes(10));
            assert_eq!(
                busy.client
                    .get(server.url("/api/me"))
                    .send()
                    .await
                    .unwrap()
                    .status(),
                200
            );
        }
        server.clock.advance(TimeDelta::minutes(10));
        assert_eq!(
            busy.client
                .get(server.url("/api/me"))
                .send()
                .await
                .unwrap()
                .status(),
            401
        );
    }
}

#[tokio::test]
async fn disabling_an_account_ends_its_sessions_at_once() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let worker = server.sign_in("worker.a").await;
        let admin = server.sign_in("admin").await;
        let disable = admin
            .client
            .post(server.url(&format!("/admin/staff/{}/disable", server.world.worker_a)))
            .form(&[("csrf_token", admin.csrf.as_str()), ("confirmed", "yes")])
            .send()
            .await
            .unwrap();
        assert_eq!(disable.status(), 303, "{backend:?}");
        let next = worker.client.get(server.url("/")).send().await.unwrap();
        assert_eq!(next.status(), 303);
        assert_eq!(next.headers()["location"], "/sign-in");
        // And the account cannot sign in again; the answer is the same as for a wrong password.
        let page = try_sign_in(&server, "worker.a", PASSWORD).await;
        assert!(page.contains("Enter a correct username and password"));
    }
}

async fn try_sign_in(server: &TestServer, username: &str, password: &str) -> String {
    let client = TestServer::client();
    let form = client
        .get(server.url("/sign-in"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = hidden_value(&form, "csrf_token");
    let response = client
        .post(server.url("/sign-in"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("username", username),
            ("password", password),
        ])
        .send()
        .await
        .unwrap();
    assert_ne!(response.status(), 303, "sign-in should fail");
    response.text().await.unwrap()
}

#[tokio::test]
async fn unknown_users_and_wrong_passwords_get_the_same_answer_and_are_throttled() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let unknown = try_sign_in(&server, "nobody.here", PASSWORD).await;
        let wrong = try_sign_in(&server, "worker.a", "not the password").await;
        let main = |page: &str| {
            main_content(page)
                .replace("nobody.here", "USER")
                .replace("worker.a", "USER")
        };
        let strip_token = |page: String| {
            let token = hidden_value(&page, "csrf_token");
            page.replace(&token, "TOKEN")
        };
        assert_eq!(main(&strip_token(unknown)), main(&strip_token(wrong)));
        // Five failures hold the username back, known or not.
        for _ in 0..4 {
            try_sign_in(&server, "worker.a", "still wrong").await;
        }
        let client = TestServer::client();
        let form = client
            .get(server.url("/sign-in"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let token = hidden_value(&form, "csrf_token");
        let held = client
            .post(server.url("/sign-in"))
            .form(&[
                ("csrf_token", token.as_str()),
                ("username", "worker.a"),
                ("password", PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(
            held.status(),
            429,
            "{backend:?}: even the right password waits"
        );
        server.clock.advance(TimeDelta::minutes(16));
        server.sign_in("worker.a").await;
    }
}

#[tokio::test]
async fn forms_without_the_session_token_change_nothing() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let session = server.sign_in("worker.a").await;
        for token in ["", "forged-token"] {
            let search = session
                .client
                .post(server.url("/search"))
                .form(&[("csrf_token", token), ("name", "ava")])
                .send()
                .await
                .unwrap();
            assert_eq!(search.status(), 403, "{backend:?}");
            assert!(
                search
                    .text()
                    .await
                    .unwrap()
                    .contains("Your form could not be sent")
            );
            let create = session
                .client
                .post(server.url("/children"))
                .form(&[
                    ("csrf_token", token),
                    ("given_name", "Forged"),
                    ("family_name", "Child"),
                    ("sex", "F"),
                    ("date_of_birth_day", "1"),
                    ("date_of_birth_month", "1"),
                    ("date_of_birth_year", "2020"),
                ])
                .send()
                .await
                .unwrap();
            assert_eq!(create.status(), 403);
            let api = session
                .client
                .post(server.url("/api/search"))
                .header("x-csrf-token", token)
                .json(&serde_json::json!({ "name": "ava" }))
                .send()
                .await
                .unwrap();
            assert_eq!(api.status(), 403);
        }
        assert!(
            server
                .store
                .access_by_staff(server.world.worker_a, 10)
                .await
                .unwrap()
                .is_empty(),
            "no search ran"
        );
        let found = server
            .store
            .search_people(
                &journey_store::contract::system(),
                &journey_store::PersonQuery {
                    name: "forged".into(),
                    date_of_birth: None,
                    limit: 5,
                },
            )
            .await
            .unwrap();
        assert!(found.is_empty(), "no child was recorded");
        // Sign-in itself needs the token from its own form (no login CSRF).
        let client = TestServer::client();
        let forged = client
            .post(server.url("/sign-in"))
            .form(&[
                ("csrf_token", "x"),
                ("username", "worker.a"),
                ("password", PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), 403);
        // Signing out needs the token too, then ends the session on the server.
        let no_token = session
            .client
            .post(server.url("/sign-out"))
            .form(&[("csrf_token", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(no_token.status(), 403);
        let out = session
            .client
            .post(server.url("/sign-out"))
            .form(&[("csrf_token", session.csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(out.status(), 303);
        assert_eq!(
            session
                .client
                .get(server.url("/api/me"))
                .send()
                .await
                .unwrap()
                .status(),
            401
        );
    }
}

#[tokio::test]
async fn secure_deployments_mark_cookies_secure_and_send_hsts() {
    let config = WebConfig {
        secure_cookies: true,
        ..WebConfig::default()
    };
    for backend in backends() {
        let server = TestServer::start_with(backend, config.clone()).await;
        let response = TestServer::client()
            .get(server.url("/sign-in"))
            .send()
            .await
            .unwrap();
        let cookie = response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            cookie.starts_with("__Host-journey-sign-in="),
            "{backend:?}: {cookie}"
        );
        for attribute in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
            assert!(cookie.contains(attribute), "{attribute} in {cookie}");
        }
        assert!(
            response.headers()["strict-transport-security"]
                .to_str()
                .unwrap()
                .contains("max-age=31536000")
        );
    }
}

#[tokio::test]
async fn a_hundred_parallel_guesses_for_one_account_are_held_to_the_limit() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let guesses: Vec<_> = (0..100)
            .map(|n| {
                let url = server.url("/api/session");
                tokio::spawn(async move {
                    TestServer::client()
                        .post(url)
                        .json(&serde_json::json!({ "username": "worker.a", "password": format!("guess {n}") }))
                        .send()
                        .await
                        .map(|r| r.status().as_u16())
                })
            })
            .collect();
        let mut statuses = Vec::new();
        for guess in guesses {
            statuses.push(guess.await.unwrap().unwrap());
        }
        let checked = statuses.iter().filter(|s| **s == 401).count();
        let held = statuses.iter().filter(|s| **s == 429).count();
        assert_eq!((checked, held), (5, 95), "{backend:?}: {statuses:?}");
        let audit = server.store.account_audit(500).await.unwrap();
        let count = |action: &str| {
            audit
                .iter()
                .filter(|a| a.action == action && a.subject.as_deref() == Some("worker.a"))
                .count()
        };
        assert_eq!(
            (count("sign_in_refused"), count("sign_in_held_back")),
            (5, 95),
            "every attempt audited"
        );
    }
}

#[tokio::test]
async fn every_sign_in_is_audited_with_the_username_tried_and_account_changes_name_the_account() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        try_sign_in(&server, "nobody.here", PASSWORD).await;
        try_sign_in(&server, "worker.b", "not the password").await;
        server.sign_in("worker.a").await;
        let admin = server.sign_in("admin").await;
        for change in ["disable", "enable"] {
            let response = admin
                .client
                .post(server.url(&format!("/admin/staff/{}/{change}", server.world.worker_b)))
                .form(&[("csrf_token", admin.csrf.as_str()), ("confirmed", "yes")])
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 303, "{change} {backend:?}");
        }
        let audit = server.store.account_audit(50).await.unwrap();
        let seen: Vec<(String, Option<String>, Option<journey_domain::ids::StaffId>)> = audit
            .iter()
            .filter(|a| a.action.starts_with("sign") || a.action.starts_with("staff_"))
            .filter(|a| a.action != "staff_created")
            .map(|a| (a.action.clone(), a.subject.clone(), a.actor))
            .collect();
        let w = &server.world;
        assert_eq!(
            seen,
            vec![
                (
                    "staff_enabled".into(),
                    Some("worker.b".into()),
                    Some(w.administrator)
                ),
                (
                    "staff_disabled".into(),
                    Some("worker.b".into()),
                    Some(w.administrator)
                ),
                (
                    "signed_in".into(),
                    Some("admin".into()),
                    Some(w.administrator)
                ),
                (
                    "signed_in".into(),
                    Some("worker.a".into()),
                    Some(w.worker_a)
                ),
                ("sign_in_refused".into(), Some("worker.b".into()), None),
                ("sign_in_refused".into(), Some("nobody.here".into()), None),
            ],
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn the_idle_timeout_never_fires_early() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let session = server.sign_in("worker.a").await;
        let status = || async {
            session
                .client
                .get(server.url("/api/me"))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        };
        // A request 59 seconds after the last recorded activity is not itself written down...
        server.clock.advance(TimeDelta::seconds(59));
        assert_eq!(status().await, 200);
        // ...yet 14 minutes 50 seconds of quiet after it is still less than the 15 allowed.
        server.clock.advance(TimeDelta::seconds(14 * 60 + 50));
        assert_eq!(status().await, 200, "{backend:?}: fired early");
        // Sixteen minutes of quiet ends it.
        server.clock.advance(TimeDelta::minutes(16));
        assert_eq!(status().await, 401, "{backend:?}");
    }
}

/// Signs in through the form reached at `sign_in_page`, answering `return_to` as given, and
/// gives where the sign-in sends the browser.
async fn sign_in_from(server: &TestServer, sign_in_page: &str, return_to: Option<&str>) -> String {
    let client = TestServer::client();
    let form = client
        .get(server.url(sign_in_page))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = hidden_value(&form, "csrf_token");
    let mut fields = vec![
        ("csrf_token", token.as_str()),
        ("username", "worker.a"),
        ("password", PASSWORD),
    ];
    if let Some(path) = return_to {
        fields.push(("return_to", path));
    }
    let response = client
        .post(server.url("/sign-in"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    response.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn signing_in_returns_to_the_page_asked_for_and_only_to_a_page_on_this_site() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let asked = format!("/children/{}/chronology?kind=note", server.child);
        // A page asked for with no session sends the browser to sign in, saying where it was.
        let response = TestServer::client()
            .get(server.url(&asked))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "{backend:?}");
        let sign_in_page = response.headers()["location"].to_str().unwrap().to_owned();
        assert_eq!(
            sign_in_page,
            format!(
                "/sign-in?return_to=%2Fchildren%2F{}%2Fchronology%3Fkind%3Dnote",
                server.child
            )
        );
        // The form carries it, and signing in goes back there.
        let form = TestServer::client()
            .get(server.url(&sign_in_page))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        // As the browser reads the attribute back.
        let carried = hidden_value(&form, "return_to")
            .replace("&#x2f;", "/")
            .replace("&amp;", "&");
        assert_eq!(carried, asked);
        assert_eq!(
            sign_in_from(&server, &sign_in_page, Some(&asked)).await,
            asked
        );

        // Anywhere that is not a page on this site goes home instead.
        for elsewhere in [
            "https://elsewhere.example/",
            "//elsewhere.example/",
            "/\\elsewhere.example/",
            "/sign-in",
            "javascript:alert(1)",
        ] {
            assert_eq!(
                sign_in_from(&server, "/sign-in", Some(elsewhere)).await,
                "/",
                "{elsewhere}"
            );
        }
        // Without one, home; and a form that is not a page (a POST) is not returned to.
        assert_eq!(sign_in_from(&server, "/sign-in", None).await, "/");
        let posted = TestServer::client()
            .post(server.url(&format!("/children/{}/notes", server.child)))
            .form(&[("text", "x")])
            .send()
            .await
            .unwrap();
        assert_eq!(posted.headers()["location"], "/sign-in");
    }
}
