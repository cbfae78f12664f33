//! Names, and text shown as names, refuse Unicode's hidden formatting characters (direction
//! overrides, zero-width spaces) at the field, on pages and through the API, and save nothing;
//! a case note keeps them, and its page shows each one as a visible code.

use serde_json::{Value, json};

use crate::harness::{Session, TestServer, backends};

/// Every character the names refuse.
fn hidden_characters() -> impl Iterator<Item = char> {
    ('\u{200B}'..='\u{200F}')
        .chain('\u{202A}'..='\u{202E}')
        .chain('\u{2066}'..='\u{2069}')
        .chain(['\u{FEFF}'])
}

const MESSAGE_END: &str = "must not contain hidden formatting characters, such as a zero-width space or a right-to-left mark";

/// A form and the name fields on it, each with a good value.
struct Form {
    path: String,
    fields: Vec<(&'static str, &'static str)>,
    names: &'static [&'static str],
}

fn page_forms(child: i64) -> Vec<Form> {
    vec![
        Form {
            path: "/children".into(),
            fields: vec![
                ("given_name", "Tilly"),
                ("family_name", "Hidden"),
                ("date_of_birth_day", "3"),
                ("date_of_birth_month", "3"),
                ("date_of_birth_year", "2020"),
                ("sex", "F"),
                ("matches_shown", "yes"),
            ],
            names: &["given_name", "family_name"],
        },
        Form {
            path: format!("/children/{child}/details/name"),
            fields: vec![
                ("given_name", "Tilly"),
                ("family_name", "Hidden"),
                ("changed_on_day", "1"),
                ("changed_on_month", "2"),
                ("changed_on_year", "2026"),
            ],
            names: &["given_name", "family_name"],
        },
        Form {
            path: format!("/children/{child}/details/address"),
            fields: vec![
                ("line_1", "3 Mill Lane"),
                ("line_2", "Upper Flat"),
                ("line_3", "Hilltop"),
                ("town", "Northtown"),
                ("postcode", "nt1 1aa"),
                ("from_day", "1"),
                ("from_month", "6"),
                ("from_year", "2025"),
            ],
            names: &["line_1", "line_2", "line_3", "town"],
        },
        Form {
            path: format!("/children/{child}/relationships"),
            fields: vec![
                ("who", "new"),
                ("given_name", "Kerry"),
                ("family_name", "Hidden"),
                ("sex", "F"),
                ("kind", "other"),
            ],
            names: &["given_name", "family_name"],
        },
        Form {
            path: format!("/children/{child}/contacts/new"),
            fields: vec![
                ("received_date_day", "2"),
                ("received_date_month", "3"),
                ("received_date_year", "2026"),
                ("received_time", "09:30"),
                ("source", "2A"),
                ("referrer_name", "Mrs Patel"),
                ("referrer_role", "Designated safeguarding lead"),
                ("concerns", "Bruise on the arm"),
            ],
            names: &["referrer_name", "referrer_role"],
        },
    ]
}

fn api_bodies(child: i64) -> Vec<(String, Value, &'static [&'static str])> {
    vec![
        (
            "/api/children".into(),
            json!({ "given_name": "Tilly", "family_name": "Hidden", "date_of_birth": "2020-03-03",
                    "sex": "F", "none_match": true }),
            &["given_name", "family_name"],
        ),
        (
            format!("/api/children/{child}/details/name"),
            json!({ "given_name": "Tilly", "family_name": "Hidden", "changed_on": "2026-02-01" }),
            &["given_name", "family_name"],
        ),
        (
            format!("/api/children/{child}/details/addresses"),
            json!({ "line_1": "3 Mill Lane", "line_2": "Upper Flat", "line_3": "Hilltop",
                    "town": "Northtown", "postcode": "NT2 4BB", "from": "2026-02-01" }),
            &["line_1", "line_2", "line_3", "town"],
        ),
        (
            format!("/api/children/{child}/relationships"),
            json!({ "who": "new", "given_name": "Kerry", "family_name": "Hidden", "sex": "F",
                    "kind": "other" }),
            &["given_name", "family_name"],
        ),
        (
            format!("/api/children/{child}/contacts"),
            json!({ "received_at": "2026-03-02T09:30:00Z", "source": "2A",
                    "referrer_name": "Mrs Patel", "referrer_role": "Designated safeguarding lead",
                    "concerns": "Bruise on the arm" }),
            &["referrer_name", "referrer_role"],
        ),
    ]
}

/// What the record holds that any of the forms above would change.
async fn record_state(server: &TestServer, worker: &Session) -> (String, String, String) {
    let child = server.child;
    let read = |path: String| async move {
        worker
            .client
            .get(server.url(&path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    (
        read(format!("/api/children/{child}/details")).await,
        read(format!("/api/children/{child}/family")).await,
        read(format!("/api/children/{child}/front-door")).await,
    )
}

#[tokio::test]
async fn each_hidden_character_is_refused_at_each_name_field_on_pages_and_through_the_api() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let worker = server.sign_in("worker.a").await;
        let child = server.child.0;
        let before = record_state(&server, &worker).await;

        for form in page_forms(child) {
            for &field in form.names {
                for ch in hidden_characters() {
                    let mut fields = form.fields.clone();
                    let good = fields.iter().find(|(name, _)| *name == field).unwrap().1;
                    let typed = format!("{good}{ch}x");
                    for pair in &mut fields {
                        if pair.0 == field {
                            pair.1 = typed.as_str();
                        }
                    }
                    fields.push(("csrf_token", worker.csrf.as_str()));
                    let response = worker
                        .client
                        .post(server.url(&form.path))
                        .form(&fields)
                        .send()
                        .await
                        .unwrap();
                    let at = format!("{} {field} U+{:04X} {backend:?}", form.path, u32::from(ch));
                    assert_eq!(response.status(), 422, "{at}");
                    let page = response.text().await.unwrap();
                    assert!(page.contains(&format!("id=\"{field}-error\"")), "{at}");
                    assert!(page.contains(MESSAGE_END), "{at}");
                    assert!(
                        page.contains(&format!("value=\"{typed}\"")),
                        "what was typed is given back exactly: {at}"
                    );
                }
            }
        }

        for (path, good, names) in api_bodies(child) {
            for &field in names {
                for ch in hidden_characters() {
                    let mut body = good.clone();
                    let typed = format!("{}{ch}x", good[field].as_str().unwrap());
                    body[field] = Value::from(typed);
                    let response = worker
                        .client
                        .post(server.url(&path))
                        .header("x-csrf-token", &worker.csrf)
                        .json(&body)
                        .send()
                        .await
                        .unwrap();
                    let at = format!("{path} {field} U+{:04X} {backend:?}", u32::from(ch));
                    assert_eq!(response.status(), 422, "{at}");
                    let answer: Value = response.json().await.unwrap();
                    let message = answer["fields"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|f| f["field"] == field)
                        .and_then(|f| f["message"].as_str())
                        .unwrap_or_default()
                        .to_owned();
                    assert!(message.ends_with(MESSAGE_END), "{at}: {answer}");
                }
            }
        }

        assert_eq!(
            record_state(&server, &worker).await,
            before,
            "nothing was saved {backend:?}"
        );
        let search = worker
            .client
            .post(server.url("/api/search"))
            .header("x-csrf-token", &worker.csrf)
            .json(&json!({ "name": "Hidden" }))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!search.contains("Tilly"), "no child was recorded: {search}");

        // The same forms with good names are taken, so the refusals above were the characters'.
        for (path, good, _) in api_bodies(child) {
            let response = worker
                .client
                .post(server.url(&path))
                .header("x-csrf-token", &worker.csrf)
                .json(&good)
                .send()
                .await
                .unwrap();
            assert!(
                response.status().is_success(),
                "{path} {backend:?}: {}",
                response.text().await.unwrap()
            );
        }
    }
}

#[tokio::test]
async fn a_case_note_keeps_hidden_characters_and_its_page_shows_them_as_codes() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let worker = server.sign_in("worker.a").await;
        let notes = format!("/api/children/{}/notes", server.child);
        let text = "Ava said \u{202E}yadot\u{202C} she was fine";
        let created = worker
            .client
            .post(server.url(&notes))
            .header("x-csrf-token", &worker.csrf)
            .json(&json!({ "note_key": "hidden-1", "kind": "phone_call",
                           "occurred_at": "2026-03-01T16:00:00Z", "text": text }))
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 201, "{backend:?}");
        let id = created.json::<Value>().await.unwrap()["id"].clone();

        let stored: Value = worker
            .client
            .get(server.url(&format!("{notes}/{id}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(stored["current"]["text"], text, "kept as typed {backend:?}");

        let page = worker
            .client
            .get(server.url(&format!("/children/{}/notes/{id}", server.child)))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("Ava said [U+202E]yadot[U+202C] she was fine"),
            "{backend:?}: {page}"
        );
        assert!(!page.contains('\u{202E}'), "no override reaches the page");
    }
}
