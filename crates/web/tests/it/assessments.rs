//! Assessments over HTTP, on both databases: every gate refused on the page and in the API
//! with the sentence naming the missing step (nothing saved), bad input at its field with
//! everything typed kept, a draft saved and restored, the manager's sign-off queue, a manager
//! never authorising their own or a worker any, and RC8/RC9 closures only after an authorised
//! assessment.

use chrono::NaiveDate;
use journey_domain::access::Relationship;
use journey_domain::front_door::ReferralId;
use journey_domain::ids::PersonId;
use journey_domain::staff::Role;
use journey_store::contract::assessments::referred;
use journey_store::contract::{acting, permitted};
use serde_json::json;

use crate::harness::{Session, TestServer, backends, input_value};
use crate::requests::{api_get, api_post, message_at, page, post_form};

const NO_EPISODE: &str = "An assessment can&#x27;t be started yet: Ava has no open child in need episode. Record the contact and the referral first.";

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A referral for the child on `date`, recorded by worker A through the store.
pub async fn refer(server: &TestServer, child: PersonId, date: NaiveDate) -> ReferralId {
    let worker = permitted(
        server.store.as_ref(),
        acting(server.world.worker_a, Role::SocialWorker),
        child,
        Relationship::AllocatedWorker,
    )
    .await;
    referred(server.store.as_ref(), &worker, date).await
}

async fn actions(server: &TestServer, child: PersonId) -> Vec<String> {
    server
        .store
        .audit_trail(child)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .filter(|a| a.starts_with("assessment"))
        .collect()
}

fn complete() -> serde_json::Value {
    json!({
        "seen_date": "2026-03-02",
        "seen_alone": true,
        "factors": ["16A", "3B"],
        "analysis": "Home conditions poor; mother engaging",
        "wishes_and_feelings": "Wants to stay at home",
        "outcome": "child_in_need_plan"
    })
}

/// The worker starts and submits a complete assessment through the API, and the manager
/// authorises it: what closing an episode after assessment needs.
pub async fn authorised_through_the_api(
    server: &TestServer,
    worker: &Session,
    manager: &Session,
    child: PersonId,
) {
    let (status, body) = api_post(
        server,
        worker,
        &format!("/api/children/{child}/assessments"),
        json!({"kind": "child_and_family", "start_date": "2026-03-02"}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = api_post(
        server,
        worker,
        &format!("/api/children/{child}/assessment/submission"),
        complete(),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = api_post(
        server,
        manager,
        &format!("/api/children/{child}/assessment/authorisation"),
        json!({"date": "2026-03-02"}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
}

#[tokio::test]
async fn each_assessment_gate_says_what_is_missing_on_the_page_and_in_the_api() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let ava = server.child;
        let base = format!("/children/{ava}/assessment");
        let worker = server.sign_in("worker.a").await;

        // No episode: the start page shows why and links to the referral's first step.
        let (status, refused) = page(&server, &worker, &format!("{base}/start")).await;
        assert_eq!(status, 200, "{backend:?}");
        assert!(refused.contains(NO_EPISODE), "{refused}");
        assert!(refused.contains(&format!("/children/{ava}/contacts/new").replace('/', "&#x2f;")));
        assert!(refused.contains("Record a contact and referral"));
        assert!(!refused.contains("name=\"kind\""));
        // Posted anyway: 409, what was typed kept.
        let start = [
            ("kind", "child_and_family"),
            ("start_date-day", "2"),
            ("start_date-month", "3"),
            ("start_date-year", "2026"),
        ];
        let (status, again) = post_form(&server, &worker, &format!("{base}/start"), &start).await;
        assert_eq!(status, 409, "{backend:?}");
        assert!(again.contains(NO_EPISODE));
        assert_eq!(input_value(&again, "start_date-day"), "2");
        // The API: 409 with the same sentence.
        let (status, body) = api_post(
            &server,
            &worker,
            &format!("/api/children/{ava}/assessments"),
            json!({"kind": "child_and_family", "start_date": "2026-03-02"}),
        )
        .await;
        assert_eq!(status, 409, "{body}");
        assert_eq!(body["message"], NO_EPISODE.replace("&#x27;", "'"));
        assert!(actions(&server, ava).await.is_empty(), "nothing saved");

        refer(&server, ava, day(2026, 3, 2)).await;
        // Dates before the referral or in the future, and unknown kinds: at their field.
        let (status, problem) = post_form(
            &server,
            &worker,
            &format!("{base}/start"),
            &[
                ("kind", "child_and_family"),
                ("start_date-day", "1"),
                ("start_date-month", "3"),
                ("start_date-year", "2026"),
            ],
        )
        .await;
        assert_eq!(status, 422, "{backend:?}");
        assert!(
            problem.contains("The assessment must start on or after the referral (2 March 2026)")
        );
        assert!(problem.contains("href=\"#start_date\""));
        for (body, field) in [
            (
                json!({"kind": "child_and_family", "start_date": "2026-03-03"}),
                "start_date",
            ),
            (
                json!({"kind": "adoption", "start_date": "2026-03-02"}),
                "kind",
            ),
        ] {
            let (status, answer) = api_post(
                &server,
                &worker,
                &format!("/api/children/{ava}/assessments"),
                body,
            )
            .await;
            assert_eq!(status, 422, "{answer}");
            assert!(!message_at(&answer, field).is_empty());
        }
        assert!(actions(&server, ava).await.is_empty(), "nothing saved");

        let (status, location) =
            post_form(&server, &worker, &format!("{base}/start"), &start).await;
        assert_eq!(
            (status, location.as_str()),
            (303, format!("{base}/edit").as_str())
        );
        // One open at a time.
        let (status, body) = api_post(
            &server,
            &worker,
            &format!("/api/children/{ava}/assessments"),
            json!({"kind": "pre_birth", "start_date": "2026-03-02"}),
        )
        .await;
        assert_eq!(status, 409);
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .contains("is not yet authorised. Finish that assessment first.")
        );

        // A draft keeps what is typed; the form gives it back.
        let (status, _) = post_form(
            &server,
            &worker,
            &format!("{base}/edit"),
            &[
                ("action", "save"),
                ("analysis", "Home visit done"),
                ("factor-16A", "yes"),
            ],
        )
        .await;
        assert_eq!(status, 303, "{backend:?}");
        let (_, form) = page(&server, &worker, &format!("{base}/edit")).await;
        assert!(form.contains("Home visit done"));
        assert!(form.contains("name=\"factor-16A\" type=\"checkbox\" value=\"yes\" checked"));
        assert!(form.contains("45 working days"), "the engine's explanation");
        // Submitting it incomplete: each missing part at its field, typed text kept.
        let (status, problem) = post_form(
            &server,
            &worker,
            &format!("{base}/edit"),
            &[
                ("action", "submit"),
                ("analysis", "Home visit done and school seen"),
            ],
        )
        .await;
        assert_eq!(status, 422);
        for message in [
            "Enter the date the child was seen",
            "Say whether the child was seen alone",
            "Choose the factors identified, or 21 No factors identified",
            "Choose the outcome of the assessment",
        ] {
            assert!(problem.contains(message), "{message}");
        }
        assert!(problem.contains("Home visit done and school seen"));
        // Unknown and retired factor codes through the API: at the field, nothing saved.
        for (code, words) in [
            ("99Z", "99Z is not a CIN census assessment factor code"),
            (
                "18A",
                "18A is no longer used in the CIN census: choose 18B or 18C",
            ),
        ] {
            let (status, answer) = api_post(
                &server,
                &worker,
                &format!("/api/children/{ava}/assessment/submission"),
                json!({"factors": [code]}),
            )
            .await;
            assert_eq!(status, 422, "{answer}");
            assert_eq!(message_at(&answer, "factors"), words);
        }
        // The manager cannot authorise a draft.
        let manager = server.sign_in("manager.a").await;
        let (status, refused) = page(&server, &manager, &format!("{base}/authorise")).await;
        assert_eq!(status, 200);
        assert!(refused.contains("is a draft. The worker submits it for authorisation first."));
        let (status, body) = api_post(
            &server,
            &manager,
            &format!("/api/children/{ava}/assessment/authorisation"),
            json!({}),
        )
        .await;
        assert_eq!(status, 409, "{body}");
        assert_eq!(
            actions(&server, ava).await,
            ["assessment_started", "assessment_draft_saved"]
        );

        // Submitted complete through the page.
        let (status, location) = post_form(
            &server,
            &worker,
            &format!("{base}/edit"),
            &[
                ("action", "submit"),
                ("seen_date-day", "2"),
                ("seen_date-month", "3"),
                ("seen_date-year", "2026"),
                ("seen_alone", "yes"),
                ("factor-16A", "yes"),
                ("analysis", "Needs met inconsistently"),
                ("wishes_and_feelings", "Wants the shouting to stop"),
                ("outcome", "child_in_need_plan"),
            ],
        )
        .await;
        assert_eq!(
            (status, location.as_str()),
            (303, base.as_str()),
            "{backend:?}"
        );
        // The worker may not authorise, on the page or through the API, nor change it now.
        let (_, refused) = page(&server, &worker, &format!("{base}/authorise")).await;
        assert!(refused.contains("Only a team manager or service manager in Ava&#x27;s worker&#x27;s line can authorise or return this assessment."));
        let (status, body) = api_post(
            &server,
            &worker,
            &format!("/api/children/{ava}/assessment/authorisation"),
            json!({}),
        )
        .await;
        assert_eq!(status, 409, "{body}");
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .starts_with("Only a team manager")
        );
        let (_, refused) = page(&server, &worker, &format!("{base}/edit")).await;
        assert!(refused.contains("is waiting for a manager&#x27;s authorisation"));

        // The manager authorises it: the completion date on the record page.
        let (status, _) = post_form(
            &server,
            &manager,
            &format!("{base}/authorise"),
            &[
                ("action", "authorise"),
                ("date-day", "2"),
                ("date-month", "3"),
                ("date-year", "2026"),
            ],
        )
        .await;
        assert_eq!(status, 303, "{backend:?}");
        let (_, record) = page(&server, &worker, &format!("/children/{ava}")).await;
        assert!(
            record.contains("Child and family assessment: authorised"),
            "{record}"
        );
        assert!(record.contains("completed 2 March 2026"));
        let (status, body) = api_get(
            &server,
            &worker,
            &format!("/api/children/{ava}/assessments"),
        )
        .await;
        assert_eq!(status, 200);
        let first = &body["assessments"][0];
        assert_eq!(first["state"], "authorised");
        assert_eq!(first["authorised_on"], "2026-03-02");
        assert_eq!(first["factors"], json!(["16A"]));
        assert_eq!(first["due"]["due"], "2026-05-07");
        assert_eq!(first["due"]["status"], "completed");
    }
}

#[tokio::test]
async fn a_manager_never_authorises_their_own_and_the_sign_off_queue_shows_what_waits() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let ava = server.child;
        refer(&server, ava, day(2026, 3, 2)).await;
        let worker = server.sign_in("worker.a").await;
        let manager = server.sign_in("manager.a").await;
        let (_, home) = page(&server, &manager, "/").await;
        assert!(
            home.contains("No assessment is waiting for your sign-off"),
            "{backend:?}"
        );

        // The team manager writes it: it waits for another manager in the line.
        let (status, _) = api_post(
            &server,
            &manager,
            &format!("/api/children/{ava}/assessments"),
            json!({"kind": "child_and_family", "start_date": "2026-03-02"}),
        )
        .await;
        assert_eq!(status, 201);
        let (status, _) = api_post(
            &server,
            &manager,
            &format!("/api/children/{ava}/assessment/submission"),
            complete(),
        )
        .await;
        assert_eq!(status, 201);
        let (status, refused) = post_form(
            &server,
            &manager,
            &format!("/children/{ava}/assessment/authorise"),
            &[
                ("action", "authorise"),
                ("date-day", "2"),
                ("date-month", "3"),
                ("date-year", "2026"),
            ],
        )
        .await;
        assert_eq!(status, 409, "{backend:?}");
        assert!(refused.contains("can&#x27;t authorise their own assessment"));
        let (status, body) = api_post(
            &server,
            &manager,
            &format!("/api/children/{ava}/assessment/authorisation"),
            json!({}),
        )
        .await;
        assert_eq!(status, 409);
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .contains("can't authorise their own")
        );
        let (_, home) = page(&server, &manager, "/").await;
        assert!(
            home.contains("No assessment is waiting for your sign-off"),
            "not their own"
        );
        // Not for the worker either: their home page has no sign-off queue.
        let (_, home) = page(&server, &worker, "/").await;
        assert!(!home.contains("Waiting for your sign-off"));
        assert!(home.contains("Assessments: what is due"));

        // The service manager above sees it waiting, oldest first, with the waiting time.
        let service = server.sign_in("service.manager").await;
        let (_, home) = page(&server, &service, "/").await;
        assert!(home.contains("Waiting for your sign-off"));
        assert!(home.contains(&format!("/children/{ava}/assessment/authorise")));
        assert!(
            home.contains("by manager.a name; waiting 0 working days"),
            "{home}"
        );
        let (status, queue) = api_get(&server, &service, "/api/assessment-sign-off").await;
        assert_eq!(status, 200);
        assert_eq!(queue["assessments"][0]["child"], ava.0);
        assert_eq!(queue["assessments"][0]["working_days_waiting"], 0);
        let shown = server
            .store
            .access_by_staff(server.world.service_manager, 1)
            .await
            .unwrap();
        assert_eq!(shown[0].detail, "assessments awaiting sign-off");
        assert_eq!(shown[0].people_shown, [ava]);
        // Returned with a reason, then authorised by the service manager.
        let (status, problem) = post_form(
            &server,
            &service,
            &format!("/children/{ava}/assessment/authorise"),
            &[("action", "return"), ("reason", " ")],
        )
        .await;
        assert_eq!(status, 422);
        assert!(problem.contains("Enter what the worker needs to do"));
        let (status, _) = api_post(
            &server,
            &service,
            &format!("/api/children/{ava}/assessment/return"),
            json!({"reason": "Add the father's views"}),
        )
        .await;
        assert_eq!(status, 201);
        let (_, form) = page(
            &server,
            &manager,
            &format!("/children/{ava}/assessment/edit"),
        )
        .await;
        assert!(form.contains("Returned by the manager: Add the father&#x27;s views"));
        let (status, _) = api_post(
            &server,
            &manager,
            &format!("/api/children/{ava}/assessment/submission"),
            complete(),
        )
        .await;
        assert_eq!(status, 201);
        let (status, _) = api_post(
            &server,
            &service,
            &format!("/api/children/{ava}/assessment/authorisation"),
            json!({"date": "2026-03-02"}),
        )
        .await;
        assert_eq!(status, 201);
        let (_, body) = api_get(
            &server,
            &worker,
            &format!("/api/children/{ava}/assessments"),
        )
        .await;
        assert_eq!(
            body["assessments"][0]["authorised_by"],
            "service.manager name"
        );
    }
}

#[tokio::test]
async fn an_episode_closes_after_assessment_only_once_one_is_authorised() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let ava = server.child;
        // Referred on 1 December 2025: the assessment was due by 5 February 2026.
        let referral = refer(&server, ava, day(2025, 12, 1)).await;
        let worker = server.sign_in("worker.a").await;
        let manager = server.sign_in("manager.a").await;
        let closure = format!("/children/{ava}/referrals/{}/closure", referral.0);
        let rc8 = [
            ("closure_date_day", "2"),
            ("closure_date_month", "3"),
            ("closure_date_year", "2026"),
            ("reason", "RC8"),
        ];
        let (status, problem) = post_form(&server, &manager, &closure, &rc8).await;
        assert_eq!(status, 422, "{backend:?}");
        assert!(problem.contains("RC8 (Case closed after assessment, no further action) needs an authorised assessment in this episode, and none is authorised for Ava."));
        assert!(problem.contains("href=\"#reason\""));
        let (status, body) = api_post(
            &server,
            &manager,
            &format!("/api/children/{ava}/closures"),
            json!({"referral_id": referral.0, "closure_date": "2026-03-02", "reason": "RC9"}),
        )
        .await;
        assert_eq!(status, 422);
        assert!(message_at(&body, "reason").contains("needs an authorised assessment"));

        // Late: the submission needs the reason.
        let (status, _) = api_post(
            &server,
            &worker,
            &format!("/api/children/{ava}/assessments"),
            json!({"kind": "child_and_family", "start_date": "2025-12-03"}),
        )
        .await;
        assert_eq!(status, 201);
        let (_, form) = page(
            &server,
            &worker,
            &format!("/children/{ava}/assessment/edit"),
        )
        .await;
        assert!(form.contains("Overdue by 17 working days"), "{backend:?}");
        let submission = format!("/api/children/{ava}/assessment/submission");
        let (status, body) = api_post(&server, &worker, &submission, complete()).await;
        assert_eq!(status, 422);
        assert_eq!(
            message_at(&body, "late_reason"),
            "Enter why the assessment is late: it was due by 5 February 2026"
        );
        let mut late = complete();
        late["late_reason"] = json!("The family were abroad for six weeks");
        let (status, _) = api_post(&server, &worker, &submission, late).await;
        assert_eq!(status, 201);
        let (status, _) = api_post(
            &server,
            &manager,
            &format!("/api/children/{ava}/assessment/authorisation"),
            json!({"date": "2026-03-02"}),
        )
        .await;
        assert_eq!(status, 201);
        let (status, location) = post_form(&server, &manager, &closure, &rc8).await;
        assert_eq!(status, 303, "{backend:?}: {location}");
    }
}
