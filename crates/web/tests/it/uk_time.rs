//! UK local time over HTTP, on both databases: times are typed and shown as the clocks in
//! England show them (BST in summer), held and returned by the API in UTC, and "today" is the
//! UK date, which in summer turns an hour before UTC's.

use chrono::{TimeZone, Utc};
use serde_json::json;

use crate::front_door::{get, id_in_link, post};
use crate::harness::{Session, TestServer, backends, hidden_value, input_value, main_content};

async fn api(server: &TestServer, session: &Session, path: &str) -> serde_json::Value {
    session
        .client
        .get(server.url(path))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn contact(day: &str, month: &str, time: &str) -> Vec<(&'static str, String)> {
    vec![
        ("received_date_day", day.into()),
        ("received_date_month", month.into()),
        ("received_date_year", "2026".into()),
        ("received_time", time.into()),
        ("source", "2A".into()),
        ("referrer_name", "Mrs Patel".into()),
        ("concerns", "Bruise on the arm".into()),
    ]
}

fn fields<'a>(owned: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    owned.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn a_summer_contact_typed_at_09_15_shows_as_09_15_and_is_held_as_08_15_utc() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let child = server.child;
        // 10:00 UTC on Monday 1 June 2026 is 11:00 BST.
        server
            .clock
            .set(Utc.with_ymd_and_hms(2026, 6, 1, 10, 0, 0).unwrap());
        let worker = server.sign_in("worker.a").await;
        let (_, form) = get(&server, &worker, &format!("/children/{child}/contacts/new")).await;
        assert_eq!(input_value(&form, "received_time"), "11:00", "{backend:?}");

        let typed = contact("1", "6", "09:15");
        let (status, _) = post(
            &server,
            &worker,
            &format!("/children/{child}/contacts/new"),
            &fields(&typed),
        )
        .await;
        assert_eq!(status, 303, "{backend:?}");
        let (_, record) = get(&server, &worker, &format!("/children/{child}")).await;
        assert!(record.contains("1 June 2026, 09:15"), "{backend:?}");
        assert!(!record.contains("1 June 2026, 08:15"), "{backend:?}");
        let front_door = api(
            &server,
            &worker,
            &format!("/api/children/{child}/front-door"),
        )
        .await;
        assert_eq!(
            front_door["contacts"][0]["received_at"], "2026-06-01T08:15:00Z",
            "{backend:?}: held and returned in UTC"
        );

        // The API reads the typed time the same way and answers in UTC.
        let response = worker
            .client
            .post(server.url(&format!("/api/children/{child}/contacts")))
            .header("X-CSRF-Token", &worker.csrf)
            .json(
                &json!({ "received_at": "2026-06-01T09:40:00+01:00", "source": "6",
                           "referrer_name": "PC Jones", "concerns": "Domestic incident" }),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201, "{backend:?}");
        let front_door = api(
            &server,
            &worker,
            &format!("/api/children/{child}/front-door"),
        )
        .await;
        let received: Vec<&str> = front_door["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["received_at"].as_str().unwrap())
            .collect();
        assert!(received.contains(&"2026-06-01T08:40:00Z"), "{received:?}");

        // A visit typed at 09:30 in summer: the note, its correction form and the chronology say
        // 09:30; the API says 08:30 UTC.
        let new_note = format!("/children/{child}/notes/new");
        let (_, page) = get(&server, &worker, &new_note).await;
        let key = hidden_value(&page, "note_key");
        let note = [
            ("csrf_token", worker.csrf.as_str()),
            ("note_key", key.as_str()),
            ("kind", "home_visit"),
            ("occurred_day", "1"),
            ("occurred_month", "6"),
            ("occurred_year", "2026"),
            ("occurred_time", "09:30"),
            ("child_seen", "yes"),
            ("seen_alone", "yes"),
            ("bedroom_seen", "yes"),
            ("text", "Saw Ava at home."),
            ("action", "save_draft"),
        ];
        let saved = worker
            .client
            .post(server.url(&format!("/children/{child}/notes")))
            .form(&note)
            .send()
            .await
            .unwrap();
        assert_eq!(saved.status(), 303);
        let (_, page) = get(&server, &worker, &new_note).await;
        assert!(
            page.contains("Draft saved 1 June 2026, 11:00."),
            "{backend:?}: the draft's time is UK time"
        );
        let mut finalise = note.to_vec();
        finalise.retain(|(k, _)| *k != "action");
        finalise.push(("action", "finalise"));
        let done = worker
            .client
            .post(server.url(&format!("/children/{child}/notes")))
            .form(&finalise)
            .send()
            .await
            .unwrap();
        assert_eq!(done.status(), 303, "{backend:?}");
        // The note's own address, without the confirmation finalising adds.
        let location = done.headers()["location"].to_str().unwrap();
        let location = location.split('?').next().unwrap().to_owned();
        let (_, shown) = get(&server, &worker, &location).await;
        assert!(
            main_content(&shown).contains("1 June 2026, 09:30"),
            "{backend:?}"
        );
        let held = api(&server, &worker, &format!("/api{location}")).await;
        assert_eq!(held["current"]["occurred_at"], "2026-06-01T08:30:00Z");
        let (_, correction) = get(&server, &worker, &format!("{location}/correct")).await;
        assert_eq!(input_value(&correction, "occurred_time"), "09:30");
        let (_, chronology) = get(&server, &worker, &format!("/children/{child}/chronology")).await;
        assert!(chronology.contains("1 June 2026, 09:30"), "{backend:?}");
        assert!(
            chronology.contains("1 June 2026, 11:00"),
            "{backend:?}: the print heading is UK time"
        );
    }
}

#[tokio::test]
async fn just_after_midnight_bst_today_is_the_new_day() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let child = server.child;
        // 23:30 UTC on Sunday 31 May 2026 is 00:30 BST on Monday 1 June.
        server
            .clock
            .set(Utc.with_ymd_and_hms(2026, 5, 31, 23, 30, 0).unwrap());
        let worker = server.sign_in("worker.a").await;
        let (_, form) = get(&server, &worker, &format!("/children/{child}/contacts/new")).await;
        assert_eq!(input_value(&form, "received_date_day"), "1", "{backend:?}");
        assert_eq!(input_value(&form, "received_date_month"), "6");
        assert_eq!(input_value(&form, "received_time"), "00:30");

        let typed = contact("1", "6", "00:20");
        let (status, _) = post(
            &server,
            &worker,
            &format!("/children/{child}/contacts/new"),
            &fields(&typed),
        )
        .await;
        assert_eq!(status, 303, "{backend:?}: 00:20 on 1 June has happened");
        let (_, record) = get(&server, &worker, &format!("/children/{child}")).await;
        let contact_id = id_in_link(&record, "/contacts/", "/referral");
        let front_door = api(
            &server,
            &worker,
            &format!("/api/children/{child}/front-door"),
        )
        .await;
        assert_eq!(
            front_door["contacts"][0]["received_at"],
            "2026-05-31T23:20:00Z"
        );

        // The contact was received on 1 June in England: a referral dated 31 May is before it.
        let referral = |day: &'static str, month: &'static str| {
            [
                ("referral_date_day", day),
                ("referral_date_month", month),
                ("referral_date_year", "2026"),
                ("primary_need", "N1"),
            ]
        };
        let path = format!("/children/{child}/contacts/{contact_id}/referral");
        let (status, page) = post(&server, &worker, &path, &referral("31", "5")).await;
        assert_eq!(status, 422, "{backend:?}");
        assert!(
            page.contains("on or after the date the contact was received (1 June 2026)"),
            "{backend:?}"
        );
        // A referral dated today, 1 June, is not in the future, and is received today.
        let (status, _) = post(&server, &worker, &path, &referral("1", "6")).await;
        assert_eq!(status, 303, "{backend:?}: 1 June is today");
        let manager = server.sign_in("manager.a").await;
        let (_, home) = get(&server, &manager, "/").await;
        assert!(home.contains("Received today"), "{backend:?}");
        let (_, record) = get(&server, &worker, &format!("/children/{child}")).await;
        assert!(record.contains("due by 2 June 2026"), "{backend:?}");
    }
}
