//! The journey binary, run as a real process: the journey crate's one integration test binary.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

mod commands;

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use chrono::{NaiveDate, TimeZone, Utc};
use journey_domain::ids::PersonId;
use journey_store::contract::{World, child, system};
use journey_store::{Actor, Directory, NewAllocation, Records};
use journey_store_sqlite::{SqlitePaths, SqliteStore};
use sqlx::Connection;

const PASSWORD: &str = "a long test password";

/// A fresh database with worker A and one child allocated to them (since long ago, as the
/// binary runs on the real clock).
async fn prepare(db: &Path) -> PersonId {
    let store = SqliteStore::open(&SqlitePaths::beside(db)).await.unwrap();
    let world = World::build(&store).await;
    let hash = journey_web::auth::password::hash_password(PASSWORD).unwrap();
    store
        .replace_password_hash(world.worker_a, &hash)
        .await
        .unwrap();
    let at = Utc.with_ymd_and_hms(2000, 1, 1, 9, 0, 0).unwrap();
    let id = store
        .register_child(&Actor::system("test", at), &child("Ava", "Example"))
        .await
        .unwrap();
    store
        .allocate(
            &system(),
            None,
            &NewAllocation {
                child: id,
                worker: world.worker_a,
                team: world.team_a,
                from: NaiveDate::from_ymd_opt(2000, 1, 1).unwrap(),
            },
        )
        .await
        .unwrap();
    id
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `journey serve` on the SQLite database and waits until it answers.
async fn serve(db: &Path) -> (Child, String) {
    serve_url(&format!("sqlite://{}", db.display())).await
}

/// Starts `journey serve` on the database at `url` (either backend) and waits until it answers.
async fn serve_url(url: &str) -> (Child, String) {
    let port = free_port();
    let mut process = Command::new(env!("CARGO_BIN_EXE_journey"))
        .args(["serve", "--database-url", url])
        .args(["--bind", &format!("127.0.0.1:{port}")])
        .env("JOURNEY_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..300 {
        if let Ok(response) = reqwest::get(format!("{base}/healthz")).await
            && response.status() == 200
        {
            return (process, base);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = process.kill();
    let _ = process.wait();
    panic!("journey did not start on {base}");
}

async fn sign_in(base: &str, username: &str, password: &str) -> (reqwest::Client, String) {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let response = client
        .post(format!("{base}/api/session"))
        .json(&serde_json::json!({ "username": username, "password": password }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{username} could not sign in");
    let body: serde_json::Value = response.json().await.unwrap();
    (client, body["csrf_token"].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn a_draft_survives_the_server_being_killed_mid_draft() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journey.db");
    let child = prepare(&db).await;

    let (mut first, base) = serve(&db).await;
    let (client, csrf) = sign_in(&base, "worker.a", PASSWORD).await;
    let text = "Arrived at 9:30. Ava showed me her drawings and";
    let saved = client
        .post(format!("{base}/api/children/{child}/notes/draft"))
        .header("x-csrf-token", csrf)
        .json(&serde_json::json!({ "note_key": "kill-test", "kind": "home_visit", "text": text }))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200, "{}", saved.text().await.unwrap());
    // SIGKILL: no graceful shutdown, no chance to flush anything the write did not already.
    first.kill().unwrap();
    first.wait().unwrap();

    let (mut second, base) = serve(&db).await;
    let (client, _) = sign_in(&base, "worker.a", PASSWORD).await;
    let draft = get_json(&client, &format!("{base}/api/children/{child}/notes/draft")).await;
    assert_eq!(draft["draft"]["draft"]["text"], text);
    assert_eq!(draft["draft"]["draft"]["note_key"], "kill-test");
    second.kill().unwrap();
    second.wait().unwrap();
}

/// The authority's configuration is checked before serving: one that tries to loosen the
/// referral decision's national timescale stops Journey, naming the setting.
#[tokio::test]
async fn a_bad_authority_configuration_stops_the_server_naming_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("authority.toml");
    std::fs::write(&config, "[rules]\nreferral-decision = \"2 working days\"\n").unwrap();
    let mut process = Command::new(env!("CARGO_BIN_EXE_journey"))
        .args(["serve", "--database-url"])
        .arg(format!("sqlite://{}", dir.path().join("j.db").display()))
        .args(["--bind", &format!("127.0.0.1:{}", free_port())])
        .arg("--authority-config")
        .arg(&config)
        .env("JOURNEY_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut status = None;
    for _ in 0..300 {
        status = process.try_wait().unwrap();
        if status.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let Some(status) = status else {
        let _ = process.kill();
        let _ = process.wait();
        panic!("journey served with a configuration that loosens a national timescale");
    };
    assert!(!status.success());
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut process.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(
        stderr.contains("referral-decision") && stderr.contains("looser than the national"),
        "{stderr}"
    );
}

/// A JSON answer from the API, read as the signed-in client.
async fn get_json(client: &reqwest::Client, url: &str) -> serde_json::Value {
    client.get(url).send().await.unwrap().json().await.unwrap()
}

/// The username the demo printed for a role.
fn printed_sign_in(printed: &str, role: &str) -> String {
    printed
        .lines()
        .find(|l| l.trim_start().starts_with(role))
        .and_then(|l| l.split_whitespace().last())
        .unwrap_or_else(|| panic!("no {role} sign-in printed: {printed}"))
        .to_owned()
}

/// The newcomer's first command: `journey demo` seeds a fresh database (every capability's demo
/// data acting through the same access check as staff) and serves it. A seed that a capability
/// refuses stops the demo, so this fails if any demo step is no longer permitted.
#[tokio::test]
async fn the_demo_seeds_a_fresh_database_and_serves_it() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let out = dir.path().join("demo.out");
    let mut process = Command::new(env!("CARGO_BIN_EXE_journey"))
        .args(["demo", "--database-url"])
        .arg(format!("sqlite://{}", dir.path().join("demo.db").display()))
        .args(["--bind", &format!("127.0.0.1:{port}")])
        .env("JOURNEY_LOG", "warn")
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let mut serving = false;
    // Seeding about 2,000 children takes seconds in a release build, longer in a debug one.
    for _ in 0..3000 {
        if process.try_wait().unwrap().is_some() {
            break;
        }
        if let Ok(response) = reqwest::get(format!("{base}/healthz")).await
            && response.status() == 200
        {
            serving = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if !serving {
        let _ = process.kill();
        let _ = process.wait();
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut process.stderr.take().unwrap(), &mut stderr).unwrap();
        panic!("the demo did not start: {stderr}");
    }
    let printed = std::fs::read_to_string(&out).unwrap();
    let worker = printed_sign_in(&printed, "Social worker");
    let (client, _) = sign_in(&base, &worker, "journey-demo-2026").await;
    let caseload = get_json(&client, &format!("{base}/api/caseload")).await;
    // The printed team manager's tray holds the demo's three children with child protection
    // work open (issue 11's demo).
    let manager = printed_sign_in(&printed, "Team manager");
    let (client, _) = sign_in(&base, &manager, "journey-demo-2026").await;
    let tray = get_json(&client, &format!("{base}/api/child-protection-tray")).await;
    // Their caseload page names a worker brought to 30 weighted cases (issue 12's demo).
    let caseloads = get_json(&client, &format!("{base}/api/caseloads")).await;
    // Issue 11's assessments: one waiting for the printed team manager's sign-off, and one
    // at 50 working days, overdue in the tray on the home page.
    let queue = get_json(&client, &format!("{base}/api/assessment-sign-off")).await;
    // And the babies' queue: the unborn baby at 26 weeks with no conference booked, and the
    // baby leaving hospital in 3 working days with the discharge plan unsigned.
    let babies = get_json(&client, &format!("{base}/api/babies-queue")).await;
    let home = client
        .get(format!("{base}/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    process.kill().unwrap();
    process.wait().unwrap();
    let overloaded = caseloads["caseloads"]
        .as_array()
        .map(|all| {
            all.iter()
                .filter(|c| c["load"] == 30.0 && c["level"] == "at-limit")
                .count()
        })
        .unwrap_or_default();
    assert_eq!(overloaded, 1, "{caseloads}");
    let babies_queue = babies["children"].as_array().cloned().unwrap_or_default();
    assert!(
        babies_queue
            .iter()
            .any(|c| c["working_days_to_discharge"] == 3 && c["sign_off"]["status"] == "due_soon"),
        "{babies}"
    );
    assert!(
        babies_queue
            .iter()
            .any(
                |c| c["targets"].as_array().is_some_and(|t| t.iter().any(|t| {
                    t["rule"] == "pre-birth-conference-booking" && t["status"] == "overdue"
                }))
            ),
        "{babies}"
    );
    assert_eq!(
        queue["assessments"].as_array().map(Vec::len),
        Some(1),
        "{queue}"
    );
    // Submitted three working days before the demo's day, which the server's clock may be
    // past.
    assert!(
        queue["assessments"][0]["working_days_waiting"]
            .as_i64()
            .is_some_and(|d| d >= 3),
        "{queue}"
    );
    assert!(home.contains("Waiting for your sign-off"), "{home}");
    let tray_shown = home
        .split("Assessments: what is due")
        .nth(1)
        .unwrap_or_default();
    assert!(tray_shown.contains("Overdue by"), "{home}");
    let stages: Vec<&str> = tray["children"]
        .as_array()
        .map(|c| c.iter().filter_map(|c| c["stage"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(stages.len(), 3, "{tray}");
    for stage in [
        "Strategy discussion on",
        "Section 47 enquiry since",
        "On a child protection plan since",
    ] {
        assert!(
            stages.iter().any(|s| s.starts_with(stage)),
            "{stage}: {stages:?}"
        );
    }
    assert!(
        caseload["caseload"]
            .as_array()
            .is_some_and(|c| !c.is_empty()),
        "the printed social worker has no caseload: {caseload}"
    );
    // The demo authorises no assessment, so no demo episode may close "after assessment"
    // (RC8, RC9): Journey refuses it, and the DfE's CIN validators query it (8825Q).
    let mut db = sqlx::SqliteConnection::connect(&format!(
        "sqlite://{}?mode=ro",
        dir.path().join("demo.db").display()
    ))
    .await
    .unwrap();
    let reasons: Vec<String> = sqlx::query_scalar(
        "SELECT closure_reason_code FROM referral WHERE closure_reason_code IS NOT NULL",
    )
    .fetch_all(&mut db)
    .await
    .unwrap();
    assert!(!reasons.is_empty(), "the demo closes no episode");
    // One reviewing officer holds 102 children, as the review that started Journey found.
    let most: i64 = sqlx::query_scalar(
        "SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM reviewing_officer_assignment \
         WHERE end_date IS NULL GROUP BY officer_id)",
    )
    .fetch_one(&mut db)
    .await
    .unwrap();
    assert_eq!(most, 102);
    assert!(
        reasons.iter().all(|code| code != "RC8" && code != "RC9"),
        "{reasons:?}"
    );
}
