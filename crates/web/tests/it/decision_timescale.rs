//! The referral decision's due date comes from the authority's timescales (its configuration
//! file), not only the national defaults: on both databases, a local holiday configured on the
//! day after the referral moves the due date to the next working day.

use std::sync::Arc;

use journey_domain::timescales::{AuthorityConfig, Timescales};
use journey_web::WebConfig;

use crate::front_door::{get, id_in_link, post};
use crate::harness::{TestServer, backends};

/// An authority that keeps Tuesday 3 March 2026 as a local holiday.
fn with_a_local_holiday() -> WebConfig {
    let config = AuthorityConfig::parse(
        "[authority]\nname = \"Northshire\"\n[calendar]\nextra-bank-holidays = [2026-03-03]\n",
        "test configuration",
        None,
    )
    .unwrap();
    WebConfig {
        timescales: Arc::new(Timescales::from_config(config)),
        ..WebConfig::default()
    }
}

#[tokio::test]
async fn a_configured_local_holiday_moves_the_decision_due_date() {
    for backend in backends() {
        let server = TestServer::start_with(backend, with_a_local_holiday()).await;
        let child = server.child;
        let worker = server.sign_in("worker.a").await;
        // (The national rule, without configuration, gives 3 March: see the front door tests.)
        let contact_page = post(
            &server,
            &worker,
            &format!("/children/{child}/contacts/new"),
            &[
                ("received_date_day", "2"),
                ("received_date_month", "3"),
                ("received_date_year", "2026"),
                ("received_time", "09:30"),
                ("source", "2A"),
                ("referrer_name", "Mrs Patel"),
                ("concerns", "Bruise on the arm"),
            ],
        )
        .await;
        assert_eq!(contact_page.0, 303, "{backend:?}");
        let (_, record) = get(&server, &worker, &format!("/children/{child}")).await;
        let contact = id_in_link(&record, "/contacts/", "/referral");
        let (status, _) = post(
            &server,
            &worker,
            &format!("/children/{child}/contacts/{contact}/referral"),
            &[
                ("referral_date_day", "2"),
                ("referral_date_month", "3"),
                ("referral_date_year", "2026"),
                ("primary_need", "N1"),
            ],
        )
        .await;
        assert_eq!(status, 303);
        let (_, record) = get(&server, &worker, &format!("/children/{child}")).await;
        assert!(
            record.contains("due by 4 March 2026"),
            "{backend:?}: the local holiday on 3 March is not a working day"
        );
        assert!(record.contains("Manager&#x27;s decision due by 4 March 2026."));

        let manager = server.sign_in("manager.a").await;
        let waiting: serde_json::Value = manager
            .client
            .get(server.url("/api/referrals/awaiting-decision"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            waiting["awaiting_decision"][0]["decision_due"],
            "2026-03-04"
        );
        let (_, home) = get(&server, &manager, "/").await;
        assert!(home.contains("4 March 2026"));
        let stored = server
            .store
            .front_door_record(&server.inspecting(child).await)
            .await
            .unwrap();
        assert_eq!(
            stored.episodes[0].decision_due,
            chrono::NaiveDate::from_ymd_opt(2026, 3, 4).unwrap()
        );
        // On 4 March the record counts the wait in the authority's working days: one (the 4th),
        // where the national calendar would say two.
        server.clock.advance(chrono::TimeDelta::days(2));
        let worker = server.sign_in("worker.a").await;
        let (_, record) = get(&server, &worker, &format!("/children/{child}")).await;
        assert!(
            record.contains("Waiting 1 working day"),
            "{backend:?}: the record panel counts the local holiday out"
        );
    }
}
