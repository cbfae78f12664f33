//! Child protection over HTTP, on both databases: every gate refused on the page and in the
//! API with the sentence naming the missing step (nothing saved), the steps taken in order
//! through the pages with bad input kept at its field, and the work tray of the worker and
//! the team manager.

use journey_domain::access::Action;
use journey_domain::child_protection::{NewEnquiry, NewStrategyDiscussion};
use journey_domain::ids::PersonId;
use journey_domain::staff::Role;
use journey_store::contract::child_protection::strategy_discussion;
use journey_store::contract::{acting, at};
use serde_json::json;

use crate::harness::{TestServer, assert_summary_link_reaches_an_input, backends};
use crate::requests::{api_get, api_post, message_at, page, post_form};

const NO_STRATEGY_DISCUSSION: &str = "An initial child protection conference can&#x27;t be requested yet: no strategy discussion that decided to start section 47 enquiries is recorded for Ava. Record the strategy discussion first.";

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

/// A meeting typed on the form on 2 March 2026 at 09:00, with the people at it.
fn meeting<'a>(people: &[(&'a str, &'a str)]) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = [
        ("date-day", "2"),
        ("date-month", "3"),
        ("date-year", "2026"),
        ("time", "09:00"),
        ("place", "Northtown police station"),
        ("chair", "Pat Chair"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    for (i, (name, agency)) in people.iter().enumerate() {
        fields.push((format!("attendees-{i}-name"), (*name).to_owned()));
        fields.push((format!("attendees-{i}-agency"), (*agency).to_owned()));
        fields.push((format!("attendees-{i}-role"), "Officer".to_owned()));
    }
    fields
}

fn with<'a>(
    fields: &'a [(String, String)],
    more: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut all: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    all.extend_from_slice(more);
    all
}

const EVERYONE: &[(&str, &str)] = &[
    ("Sam Worker", "local_authority"),
    ("DS Jones", "police"),
    ("Lee Visitor", "health"),
];

#[tokio::test]
async fn each_gate_says_what_is_missing_on_the_page_and_in_the_api_and_saves_nothing() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let ava = server.child;
        let base = format!("/children/{ava}/child-protection");
        let worker = server.sign_in("worker.a").await;

        // The request form shows its gate beside the way round it (a transfer-in).
        let (status, form) = page(&server, &worker, &format!("{base}/conference-request")).await;
        assert_eq!(status, 200, "{backend:?}");
        assert!(form.contains(NO_STRATEGY_DISCUSSION), "{form}");
        assert!(form.contains(&format!(
            "href=\"{base}/strategy-discussion\">Record a strategy discussion"
        )));
        // A conference cannot even be opened: it names the request it needs.
        let (status, refused) = page(&server, &worker, &format!("{base}/conference")).await;
        assert_eq!(status, 200);
        assert!(refused.contains("none has been requested for Ava. Request the conference first."));
        assert!(!refused.contains("name=\"chair\""));
        // Posted anyway: refused as out of order, what was typed kept.
        let (status, again) = post_form(
            &server,
            &worker,
            &format!("{base}/conference-request"),
            &[
                ("date-day", "2"),
                ("date-month", "3"),
                ("date-year", "2026"),
                ("transfer_in", "no"),
            ],
        )
        .await;
        assert_eq!(status, 409, "{backend:?}");
        assert!(again.contains(NO_STRATEGY_DISCUSSION));
        assert_eq!(crate::harness::input_value(&again, "date-day"), "2");
        assert_eq!(crate::harness::input_value(&again, "date-year"), "2026");
        // The API: 409 with the same sentence.
        let (status, body) = api_post(
            &server,
            &worker,
            &format!("/api/children/{ava}/conference-requests"),
            json!({"date": "2026-03-02"}),
        )
        .await;
        assert_eq!(status, 409, "{backend:?} {body}");
        assert_eq!(body["error"], "This step can't be recorded yet");
        assert_eq!(
            body["message"],
            NO_STRATEGY_DISCUSSION.replace("&#x27;", "'")
        );
        for (path, body) in [
            (
                "section-47-enquiries",
                json!({"strategy_discussion": 1, "start_date": "2026-03-02"}),
            ),
            (
                "core-groups",
                json!({"meeting": {"held_at": "2026-03-02T09:00:00Z", "place": "Here", "chair": "Pat",
                "attendees": [{"name": "Sam", "agency": "local_authority", "role": "Worker", "attended": true}]},
                "summary": "Met"}),
            ),
            (
                "child-protection-plan/end",
                json!({"date": "2026-03-02", "reason": "no_longer_at_risk"}),
            ),
        ] {
            let (status, answer) = api_post(
                &server,
                &worker,
                &format!("/api/children/{ava}/{path}"),
                body,
            )
            .await;
            assert_eq!(status, 409, "{path}: {answer}");
        }
        assert!(
            !actions(&server, ava)
                .await
                .iter()
                .any(|a| a.contains("conference")
                    || a.contains("section_47")
                    || a.contains("core_group")),
            "nothing was saved"
        );
        // A date in the future is a problem at the body's own field, before any gate.
        let (status, problems) = api_post(
            &server,
            &worker,
            &format!("/api/children/{ava}/section-47-enquiries/outcome"),
            json!({"outcome": "not_substantiated", "date": "2026-03-03", "reasons": "None"}),
        )
        .await;
        assert_eq!(status, 422, "{problems}");
        assert_eq!(
            message_at(&problems, "date"),
            "The date of the outcome must be today or in the past"
        );
        // Someone who may not add to the record gets no form.
        let auditor = server.sign_in("auditor").await;
        let (status, _) = page(&server, &auditor, &format!("{base}/strategy-discussion")).await;
        assert_eq!(status, 403);
    }
}

#[tokio::test]
async fn strategy_discussion_to_plan_through_the_pages_with_bad_input_at_its_field() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let ava = server.child;
        let base = format!("/children/{ava}/child-protection");
        let worker = server.sign_in("worker.a").await;

        // Without the police and health: refused at the people, everything typed kept.
        let typed = meeting(&[("Sam Worker", "local_authority")]);
        let (status, problem) = post_form(
            &server,
            &worker,
            &format!("{base}/strategy-discussion"),
            &with(
                &typed,
                &[
                    ("information", "Bruising"),
                    ("decision", "section_47"),
                    ("reasons", "Injury"),
                ],
            ),
        )
        .await;
        assert_eq!(status, 422, "{backend:?}");
        assert!(problem.contains("A strategy discussion needs the police and health: add who took part for police and health"));
        assert!(problem.contains("href=\"#attendees\""));
        assert!(problem.contains("value=\"Sam Worker\""));
        // A date that is not one: at the date, linked to its first box.
        let mut bad_date = meeting(EVERYONE);
        bad_date[0].1 = "31".into();
        bad_date[1].1 = "2".into();
        let (status, problem) = post_form(
            &server,
            &worker,
            &format!("{base}/strategy-discussion"),
            &with(
                &bad_date,
                &[
                    ("information", "Bruising"),
                    ("decision", "section_47"),
                    ("reasons", "Injury"),
                ],
            ),
        )
        .await;
        assert_eq!(status, 422);
        assert!(problem.contains("Date of the strategy discussion must be a real date"));
        assert_summary_link_reaches_an_input(&problem, "date");

        let everyone = meeting(EVERYONE);
        let (status, to) = post_form(
            &server,
            &worker,
            &format!("{base}/strategy-discussion"),
            &with(
                &everyone,
                &[
                    ("information", "Bruising"),
                    ("decision", "section_47"),
                    ("reasons", "Injury"),
                ],
            ),
        )
        .await;
        assert_eq!((status, to.as_str()), (303, base.as_str()), "{backend:?}");
        // The enquiry's form offers the one discussion, chosen already.
        let (_, form) = page(&server, &worker, &format!("{base}/enquiry")).await;
        assert!(form.contains("Strategy discussion on 2 March 2026"));
        let discussion = crate::harness::input_value(&form, "strategy_discussion");
        let (status, _) = post_form(
            &server,
            &worker,
            &format!("{base}/enquiry"),
            &[
                ("strategy_discussion", &discussion),
                ("start_date-day", "2"),
                ("start_date-month", "3"),
                ("start_date-year", "2026"),
            ],
        )
        .await;
        assert_eq!(status, 303);
        // The record shows the stage and when the conference is due, from the engine:
        // 15 working days from Monday 2 March 2026 is Monday 23 March.
        let (_, overview) = page(&server, &worker, &base).await;
        assert!(
            overview.contains("Section 47 enquiry since 2 March 2026"),
            "{overview}"
        );
        assert!(
            overview.contains("Record the enquiry&#x27;s outcome by 23 March 2026"),
            "{overview}"
        );
        let (_, record) = page(&server, &worker, &format!("/children/{ava}")).await;
        assert!(record.contains("Section 47 enquiry since 2 March 2026"));

        let (status, _) = post_form(
            &server,
            &worker,
            &format!("{base}/enquiry-outcome"),
            &[
                ("outcome", "likely_significant_harm"),
                ("date-day", "2"),
                ("date-month", "3"),
                ("date-year", "2026"),
                ("reasons", "Non-accidental injury"),
            ],
        )
        .await;
        assert_eq!(status, 303);
        let (status, _) = post_form(
            &server,
            &worker,
            &format!("{base}/conference-request"),
            &[
                ("date-day", "2"),
                ("date-month", "3"),
                ("date-year", "2026"),
                ("transfer_in", "no"),
            ],
        )
        .await;
        assert_eq!(status, 303, "{backend:?}");

        // Health sent apologies: not quorate, so the chair's reason is needed; a plan needs
        // its category.
        let mut inquorate = meeting(EVERYONE);
        inquorate.push(("attendees-2-apologies".into(), "yes".into()));
        let (status, problem) = post_form(
            &server,
            &worker,
            &format!("{base}/conference"),
            &with(
                &inquorate,
                &[("decision", "plan"), ("reasons", "Likely significant harm")],
            ),
        )
        .await;
        assert_eq!(status, 422, "{backend:?}");
        assert!(problem.contains("Nobody took part for health: the conference is not quorate. Enter the chair&#x27;s reason for going ahead"));
        assert!(problem.contains("Choose the category of abuse for the plan"));
        assert_summary_link_reaches_an_input(&problem, "category");
        let (status, _) = post_form(
            &server,
            &worker,
            &format!("{base}/conference"),
            &with(
                &inquorate,
                &[
                    ("decision", "plan"),
                    ("category", "NEG"),
                    ("reasons", "Likely significant harm"),
                    (
                        "inquorate_reason",
                        "The health visitor sent a report; the baby could not wait",
                    ),
                ],
            ),
        )
        .await;
        assert_eq!(status, 303);
        let (_, overview) = page(&server, &worker, &base).await;
        assert!(
            overview.contains("On a child protection plan since 2 March 2026 (neglect)"),
            "{overview}"
        );
        // The first core group within 10 working days: Monday 16 March 2026.
        assert!(
            overview.contains("Record a core group meeting by 16 March 2026"),
            "{overview}"
        );
        assert!(overview.contains("The health visitor sent a report"));
        assert!(overview.contains("Lee Visitor, Officer (Health)"));

        // The same record through the API.
        let (status, body) = api_get(
            &server,
            &worker,
            &format!("/api/children/{ava}/child-protection"),
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(body["meetings"].as_array().unwrap().len(), 2);
        assert_eq!(body["meetings"][0]["category"], "NEG");
        let due: Vec<_> = body["due"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["step"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(due, ["core_group", "review_conference"]);
        // A core group through the API, its problems named as the API names its fields.
        let (status, problems) = api_post(
            &server,
            &worker,
            &format!("/api/children/{ava}/core-groups"),
            json!({"meeting": {"held_at": "2026-03-02T09:30:00Z", "place": "", "chair": "Pat",
                "attendees": [{"name": "", "agency": "police", "role": "DS", "attended": true}]}, "summary": "Met"}),
        )
        .await;
        assert_eq!(status, 422, "{problems}");
        assert!(message_at(&problems, "meeting.place").starts_with("Enter where it was held"));
        assert_eq!(
            message_at(&problems, "meeting.attendees[0].name"),
            "Enter their name"
        );

        let actions = actions(&server, ava).await;
        for action in [
            "strategy_discussion",
            "section_47_started",
            "section_47_outcome",
            "conference_requested",
            "initial_conference",
            "child_protection_plan_started",
        ] {
            assert!(
                actions.iter().any(|a| a == action),
                "{action} in {actions:?}"
            );
        }
    }
}

#[tokio::test]
async fn the_work_tray_shows_the_overdue_conference_to_the_worker_and_their_manager_only() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let ava = server.child;
        // A strategy discussion on Monday 2 February 2026 started an enquiry the same day:
        // the conference was due 15 working days on (Monday 23 February); on 2 March it is
        // 5 working days overdue.
        let access = journey_store::access::check(
            server.store.as_ref(),
            acting(server.world.worker_a, Role::SocialWorker),
            ava,
            Action::AddToRecord,
            None,
        )
        .await
        .unwrap()
        .unwrap_or_else(|_| panic!("worker A may add to Ava's record"))
        .access;
        let discussion: NewStrategyDiscussion = strategy_discussion(at(2026, 2, 2, 10));
        server
            .store
            .record_strategy_discussion(&access, &discussion)
            .await
            .unwrap();
        let meeting = server
            .store
            .pathway(&access)
            .await
            .unwrap()
            .strategy_discussions[0]
            .meeting;
        server
            .store
            .start_enquiry(
                &access,
                &NewEnquiry {
                    strategy_discussion: meeting,
                    start_date: chrono::NaiveDate::from_ymd_opt(2026, 2, 2).unwrap(),
                },
            )
            .await
            .unwrap();

        for (who, sees) in [
            ("worker.a", true),
            ("manager.a", true),
            ("service.manager", true),
            ("manager.b", false),
            ("worker.b", false),
        ] {
            let session = server.sign_in(who).await;
            let (_, home) = page(&server, &session, "/").await;
            assert_eq!(
                home.contains("Child protection: what is due"),
                sees,
                "{who} on {backend:?}"
            );
            assert_eq!(
                home.contains(&format!(
                    "href=\"/children/{ava}/child-protection\">Ava Example</a>"
                )),
                sees,
                "{who}"
            );
            if sees {
                assert!(home.contains("Overdue by 5 working days"), "{who}: {home}");
            }
        }
        let worker = server.sign_in("worker.a").await;
        let (status, tray) = api_get(&server, &worker, "/api/child-protection-tray").await;
        assert_eq!(status, 200);
        let child = &tray["children"][0];
        assert_eq!(child["child"], ava.0);
        assert_eq!(child["due"][0]["status"], "overdue");
        assert_eq!(child["due"][0]["working_days_overdue"], 5);
        assert_eq!(child["due"][0]["due"], "2026-02-23");
    }
}
