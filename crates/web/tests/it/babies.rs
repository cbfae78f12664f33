//! Babies' discharge over HTTP, on both databases: every gate refused on the page and in the
//! API with its sentence (nothing saved), bad input kept at its field, the plan signed off by
//! the manager, a discharge without a signed plan reaching the managers' attention, and the
//! managers' queue of a crafted team.

use chrono::NaiveDate;
use journey_domain::ids::PersonId;
use journey_store::contract::babies::allocated_baby;
use serde_json::json;

use crate::harness::{TestServer, assert_summary_link_reaches_an_input, backends, input_value};
use crate::requests::{api_get, api_post, message_at, page, post_form};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// An unborn baby allocated to worker A, due 8 June 2026: week 26 on 2 March.
async fn unborn(server: &TestServer) -> PersonId {
    allocated_baby(server.store.as_ref(), &server.world, day(2026, 6, 8), None).await
}

/// A baby born on 27 February 2026, allocated to worker A.
async fn newborn(server: &TestServer) -> PersonId {
    allocated_baby(
        server.store.as_ref(),
        &server.world,
        day(2026, 2, 28),
        Some(day(2026, 2, 27)),
    )
    .await
}

/// The plan typed on the form, planned for Thursday 5 March 2026.
const PLAN: &[(&str, &str)] = &[
    ("planned_discharge-day", "5"),
    ("planned_discharge-month", "3"),
    ("planned_discharge-year", "2026"),
    ("destination", "parent_and_baby"),
    ("going_with", "Mother (Amy Shaw)"),
    ("arrangements", "Foster carer collects at 10am"),
    ("support", "Health visitor daily"),
    ("contingency", "Foster carer keeps the baby"),
];

async fn discharges(server: &TestServer, child: PersonId) -> usize {
    let access = server.inspecting(child).await;
    server
        .store
        .baby_record(&access)
        .await
        .unwrap()
        .discharges
        .len()
}

#[tokio::test]
async fn every_gate_is_refused_on_the_page_and_in_the_api_and_saves_nothing() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let baby = unborn(&server).await;
        let base = format!("/children/{baby}/discharge");
        let worker = server.sign_in("worker.a").await;
        let manager = server.sign_in("manager.a").await;

        // Nothing to sign off: the page says so, and the API answers 409.
        let (status, refused) = page(&server, &manager, &format!("{base}/sign-off")).await;
        assert_eq!(status, 200, "{backend:?}");
        assert!(refused.contains("There is no discharge plan for Baby Shaw to sign off"));
        assert!(!refused.contains("Sign off the plan</button>"));
        let (status, body) = api_post(
            &server,
            &manager,
            &format!("/api/children/{baby}/discharge-plans/sign-off"),
            json!({"confirm": true}),
        )
        .await;
        assert_eq!(status, 409, "{backend:?} {body}");
        // Not born: no discharge, on the page (typed kept) or in the API.
        let (status, again) = post_form(
            &server,
            &worker,
            &format!("{base}/record"),
            &[
                ("date-day", "2"),
                ("date-month", "3"),
                ("date-year", "2026"),
                ("destination", "home_with_parents"),
                ("going_with", "Parents"),
                ("reason", "Left early"),
            ],
        )
        .await;
        assert_eq!(status, 409, "{backend:?}");
        assert!(again.contains("Baby Shaw is not born yet"));
        assert_eq!(input_value(&again, "going_with"), "Parents");
        let (status, body) = api_post(
            &server,
            &worker,
            &format!("/api/children/{baby}/hospital-discharges"),
            json!({"date": "2026-03-02", "destination": "home_with_parents", "going_with": "Parents", "reason": "x"}),
        )
        .await;
        assert_eq!(status, 409, "{body}");
        assert!(body["message"].as_str().unwrap().contains("not born yet"));
        assert_eq!(discharges(&server, baby).await, 0);

        // Bad input: a planned date in the past and an unknown place, kept at their fields.
        let mut bad: Vec<(&str, &str)> = PLAN.to_vec();
        bad[0] = ("planned_discharge-day", "1");
        bad[3] = ("destination", "the_moon");
        let (status, form) = post_form(&server, &worker, &format!("{base}/plan"), &bad).await;
        assert_eq!(status, 422, "{backend:?}");
        assert_summary_link_reaches_an_input(&form, "planned_discharge");
        assert!(form.contains("Choose where the baby will go"));
        assert_eq!(input_value(&form, "going_with"), "Mother (Amy Shaw)");
        assert_eq!(input_value(&form, "planned_discharge-day"), "1");
        let (status, body) = api_post(
            &server,
            &worker,
            &format!("/api/children/{baby}/discharge-plans"),
            json!({"planned_discharge": "2026-03-05", "destination": "the_moon", "going_with": "M",
                   "arrangements": "a", "support": "b", "contingency": ""}),
        )
        .await;
        assert_eq!(status, 422, "{body}");
        assert!(!message_at(&body, "contingency").is_empty());
        let access = server.inspecting(baby).await;
        assert!(
            server
                .store
                .baby_record(&access)
                .await
                .unwrap()
                .plans
                .is_empty()
        );

        // Written on the page; a second plan is refused in the API.
        let (status, to) = post_form(&server, &worker, &format!("{base}/plan"), PLAN).await;
        assert_eq!(status, 303, "{to}");
        let (status, body) = api_post(
            &server,
            &worker,
            &format!("/api/children/{baby}/discharge-plans"),
            json!({"planned_discharge": "2026-03-06", "destination": "foster_care", "going_with": "Carer",
                   "arrangements": "a", "support": "b", "contingency": "c"}),
        )
        .await;
        assert_eq!(status, 409, "{body}");
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .contains("already written")
        );
        // A sign-off through the API confirms the plan was read.
        let (status, body) = api_post(
            &server,
            &manager,
            &format!("/api/children/{baby}/discharge-plans/sign-off"),
            json!({}),
        )
        .await;
        assert_eq!(status, 422, "{body}");
        assert!(message_at(&body, "confirm").starts_with("Confirm you have read the plan"));
        // Its author cannot sign it off.
        let (status, body) = api_post(
            &server,
            &worker,
            &format!("/api/children/{baby}/discharge-plans/sign-off"),
            json!({"confirm": true}),
        )
        .await;
        assert_eq!(status, 409, "{body}");
        // While unsigned, the record warns with the days left (Thursday 5 March: 3 working
        // days from Monday 2 March), and the sign-off's date comes from the engine.
        let (_, record) = page(&server, &worker, &format!("/children/{baby}")).await;
        assert!(
            record.contains("The discharge plan is not signed off by a team manager. The baby is due to leave hospital on 5 March 2026 (in 3 working days)."),
            "{record}"
        );
        assert!(
            record.contains(
                "1 working day before the planned discharge from hospital on 5 March 2026"
            )
        );
        assert!(record.contains("Start the pre-birth assessment by"));

        // The manager signs it off on the page: the warning goes.
        let (_, form) = page(&server, &manager, &format!("{base}/sign-off")).await;
        assert!(form.contains("Foster carer collects at 10am"));
        let (status, _) = post_form(&server, &manager, &format!("{base}/sign-off"), &[]).await;
        assert_eq!(status, 303, "{backend:?}");
        let (_, record) = page(&server, &worker, &format!("/children/{baby}")).await;
        assert!(!record.contains("is not signed off by a team manager"));
        let (status, body) =
            api_get(&server, &worker, &format!("/api/children/{baby}/discharge")).await;
        assert_eq!(status, 200);
        assert_eq!(body["plans"][0]["signed_off_by"], "manager.a name");
        assert_eq!(body["sign_off"], serde_json::Value::Null);
        let actions: Vec<String> = server
            .store
            .audit_trail(baby)
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.action)
            .collect();
        for action in ["discharge_plan", "discharge_plan_signed_off"] {
            assert!(
                actions.iter().any(|a| a == action),
                "{action} in {actions:?}"
            );
        }
    }
}

#[tokio::test]
async fn a_discharge_without_a_signed_plan_needs_a_reason_and_reaches_the_managers() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let baby = newborn(&server).await;
        let base = format!("/children/{baby}/discharge");
        let worker = server.sign_in("worker.a").await;
        let (status, _) = post_form(&server, &worker, &format!("{base}/plan"), PLAN).await;
        assert_eq!(status, 303);
        let left = [
            ("date-day", "2"),
            ("date-month", "3"),
            ("date-year", "2026"),
            ("destination", "parent_and_baby"),
            ("going_with", "Mother"),
        ];
        // No reason: refused at its field, nothing saved.
        let (status, form) = post_form(&server, &worker, &format!("{base}/record"), &left).await;
        assert_eq!(status, 422, "{backend:?}");
        assert!(form.contains("href=\"#reason\""));
        assert!(
            form.contains(
                "Say why the baby left hospital before the discharge plan was signed off"
            )
        );
        assert_eq!(discharges(&server, baby).await, 0);
        // A date in the future is refused too.
        let mut future = left.to_vec();
        future[0] = ("date-day", "3");
        future.push(("reason", "Mother left with the baby"));
        let (status, _) = post_form(&server, &worker, &format!("{base}/record"), &future).await;
        assert_eq!(status, 422);
        let mut with_reason = left.to_vec();
        with_reason.push(("reason", "Mother left with the baby overnight"));
        let (status, _) =
            post_form(&server, &worker, &format!("{base}/record"), &with_reason).await;
        assert_eq!(status, 303, "{backend:?}");
        let (_, overview) = page(&server, &worker, &base).await;
        assert!(overview.contains(
            "Left without a signed discharge plan. Why: Mother left with the baby overnight"
        ));
        // The team manager and the service manager see it at once; another team's does not.
        for (who, told) in [
            ("manager.a", true),
            ("service.manager", true),
            ("manager.b", false),
        ] {
            let session = server.sign_in(who).await;
            let (_, home) = page(&server, &session, "/").await;
            assert_eq!(
                home.contains(&format!(
                    "The baby with Journey ID {baby} left hospital on 2 March 2026 without a signed discharge plan"
                )),
                told,
                "{who} on {backend:?}"
            );
        }
    }
}

#[tokio::test]
async fn the_managers_queue_holds_the_unsigned_plan_and_the_unbooked_conference() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let late = unborn(&server).await;
        let leaving = newborn(&server).await;
        let worker = server.sign_in("worker.a").await;
        let (status, _) = post_form(
            &server,
            &worker,
            &format!("/children/{leaving}/discharge/plan"),
            PLAN,
        )
        .await;
        assert_eq!(status, 303);
        // Ava, the harness's child, is neither: not in the queue.
        let ava = server.child;
        for (who, sees) in [
            ("manager.a", true),
            ("service.manager", true),
            ("manager.b", false),
        ] {
            let session = server.sign_in(who).await;
            let (_, home) = page(&server, &session, "/").await;
            assert_eq!(
                home.contains("Babies: discharge plans and pre-birth conferences"),
                sees,
                "{who} on {backend:?}"
            );
            if sees {
                assert!(home.contains(&format!("href=\"/children/{leaving}/discharge/sign-off\">Discharge plan not signed off: leaving hospital in 3 working days</a>")), "{home}");
                assert!(home.contains(&format!(
                    "href=\"/children/{late}/child-protection\">Pre-birth conference not booked</a>"
                )));
                assert!(!home.contains(&format!("href=\"/children/{ava}/discharge\"")));
            }
        }
        let manager = server.sign_in("manager.a").await;
        let (status, queue) = api_get(&server, &manager, "/api/babies-queue").await;
        assert_eq!(status, 200);
        let children = queue["children"].as_array().unwrap();
        assert_eq!(children.len(), 2, "{queue}");
        let leaving_row = children.iter().find(|c| c["child"] == leaving.0).unwrap();
        assert_eq!(leaving_row["working_days_to_discharge"], 3);
        assert_eq!(leaving_row["sign_off"]["due"], "2026-03-04");
        assert_eq!(leaving_row["sign_off"]["status"], "due_soon");
        let late_row = children.iter().find(|c| c["child"] == late.0).unwrap();
        let booking = late_row["targets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["rule"] == "pre-birth-conference-booking")
            .unwrap();
        assert_eq!(booking["status"], "overdue");
        assert_eq!(booking["due"], "2026-02-23");
    }
}
