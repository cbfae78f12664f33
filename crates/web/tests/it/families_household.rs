//! HTTP tests of adding someone already on Journey to a child's household, on both databases.

use chrono::NaiveDate;
use journey_domain::access::Relationship;
use journey_domain::families::RelationshipKind;
use journey_domain::families::relationship::{NewAdult, NewRelationship, Relative};
use journey_domain::ids::PersonId;
use journey_domain::person::{NewChild, Sex};
use journey_domain::staff::Role;
use journey_store::AccessKind;
use journey_store::contract::acting;

use crate::harness::{Session, TestServer, assert_summary_link_reaches_an_input, backends};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Grace Holloway, an adult already on Journey as another child's mother.
async fn grace(server: &TestServer) -> PersonId {
    // Recorded by business support at the front door: nobody in team A holds Noah.
    let support = acting(server.world.business_support, Role::BusinessSupport);
    let noah = server
        .store
        .register_child(
            &support,
            &NewChild {
                given_name: "Noah".into(),
                family_name: "Holloway".into(),
                date_of_birth: Some(day(2020, 6, 1)),
                expected_date_of_birth: None,
                sex: Sex::Male,
            },
        )
        .await
        .unwrap();
    let access =
        journey_store::contract::permitted(&*server.store, support, noah, Relationship::Recorder)
            .await;
    server
        .store
        .add_relationship(
            &access,
            &NewRelationship {
                relative: Relative::New(NewAdult {
                    given_name: "Grace".into(),
                    family_name: "Holloway".into(),
                    date_of_birth: Some(day(1994, 5, 12)),
                    sex: Sex::Female,
                }),
                kind: RelationshipKind::Mother,
                start: None,
                lives_with: true,
            },
        )
        .await
        .unwrap();
    server.store.family(&access).await.unwrap().current[0].person
}

async fn post(
    server: &TestServer,
    session: &Session,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut form = vec![("csrf_token", session.csrf.as_str())];
    form.extend_from_slice(fields);
    session
        .client
        .post(server.url(path))
        .form(&form)
        .send()
        .await
        .unwrap()
}

async fn lives_with(server: &TestServer) -> Vec<PersonId> {
    let access = journey_store::contract::permitted(
        &*server.store,
        acting(server.world.manager_a, Role::TeamManager),
        server.child,
        Relationship::LineManager,
    )
    .await;
    let family = server.store.family(&access).await.unwrap();
    family.household.iter().map(|h| h.person).collect()
}

#[tokio::test]
async fn a_worker_adds_someone_already_on_journey_to_the_household() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let child = server.child;
        let grace = grace(&server).await;
        let worker = server.sign_in("worker.a").await;
        let add = format!("/children/{child}/household/add");
        let join = format!("/children/{child}/household");

        let family = worker
            .client
            .get(server.url(&format!("/children/{child}/family")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(family.contains(&format!("href=\"{add}\"")), "{backend:?}");
        let form = worker.client.get(server.url(&add)).send().await.unwrap();
        assert_eq!(form.status(), 200);

        // Find her by a misspelt name: the search page's own search, the list recorded.
        let found = post(&server, &worker, &add, &[("name", "Grace Holoway")]).await;
        assert_eq!(found.status(), 200, "{backend:?}");
        let page = found.text().await.unwrap();
        assert!(page.contains(&format!("Grace Holloway (Journey ID {grace})")));
        assert!(page.contains("Born 12 May 1994; adult"));
        let seen = server
            .store
            .access_by_staff(server.world.worker_a, 50)
            .await
            .unwrap()
            .into_iter()
            .filter(|a| a.kind == AccessKind::SearchResults && a.people_shown.contains(&grace))
            .count();
        assert_eq!(seen, 1, "{backend:?}: the result list is recorded");
        // And by Journey ID.
        let by_id = post(
            &server,
            &worker,
            &add,
            &[("name", ""), ("journey_id", &grace.to_string())],
        )
        .await;
        assert!(by_id.text().await.unwrap().contains("Grace Holloway"));

        let done = post(
            &server,
            &worker,
            &join,
            &[
                ("name", "Grace Holoway"),
                ("journey_id", ""),
                ("person", &grace.to_string()),
                ("moved_in_day", "1"),
                ("moved_in_month", "3"),
                ("moved_in_year", "2026"),
            ],
        )
        .await;
        assert_eq!(done.status(), 303, "{backend:?}");
        assert_eq!(
            done.headers()["location"],
            format!("/children/{child}/family").as_str()
        );
        assert_eq!(lives_with(&server).await, [grace]);
        let audit = server.store.audit_trail(child).await.unwrap();
        let last = audit.last().unwrap();
        assert_eq!(last.action, "joined_household");
        assert_eq!(last.relationship.as_deref(), Some("allocated_worker"));
        let chronology = worker
            .client
            .get(server.url(&format!("/children/{child}/chronology")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(chronology.contains("Grace Holloway started living with Ava on 1 March 2026"));

        // The same again: she already lives there, said at the field, nothing written.
        let again = post(
            &server,
            &worker,
            &join,
            &[
                ("name", "Grace Holoway"),
                ("person", &grace.to_string()),
                ("moved_in_day", "2"),
                ("moved_in_month", "3"),
                ("moved_in_year", "2026"),
            ],
        )
        .await;
        assert_eq!(again.status(), 422);
        assert!(
            again
                .text()
                .await
                .unwrap()
                .contains("This person already lives with the child")
        );
        assert_eq!(
            server.store.audit_trail(child).await.unwrap().len(),
            audit.len()
        );
    }
}

#[tokio::test]
async fn bad_input_to_the_household_form_is_shown_at_its_field_and_saves_nothing() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let child = server.child;
        let grace = grace(&server).await;
        let worker = server.sign_in("worker.a").await;
        let add = format!("/children/{child}/household/add");
        let join = format!("/children/{child}/household");
        let audit_before = server.store.audit_trail(child).await.unwrap().len();

        let nothing = post(&server, &worker, &add, &[("name", " ")]).await;
        assert_eq!(nothing.status(), 422, "{backend:?}");
        let page = nothing.text().await.unwrap();
        assert!(page.contains("<title>Error:"));
        assert!(page.contains("Enter a name to search for"));
        assert_summary_link_reaches_an_input(&page, "name");
        let bad_id = post(&server, &worker, &add, &[("journey_id", "12ab")]).await;
        assert_eq!(bad_id.status(), 422);
        let page = bad_id.text().await.unwrap();
        assert!(page.contains("Journey ID must be a number"));
        assert!(page.contains("value=\"12ab\""), "what was typed is kept");

        // Nothing chosen and no date: both said, the choices shown again.
        let empty = post(&server, &worker, &join, &[("name", "Holloway")]).await;
        assert_eq!(empty.status(), 422);
        let page = empty.text().await.unwrap();
        assert!(page.contains("Select who lives with the child now"));
        assert!(page.contains("Enter the date they moved in"));
        assert!(page.contains(&format!("Grace Holloway (Journey ID {grace})")));
        assert!(page.find("href=\"#person\"") < page.find("href=\"#moved_in\""));
        assert_summary_link_reaches_an_input(&page, "person");
        assert_summary_link_reaches_an_input(&page, "moved_in");

        for (date, message) in [
            (("3", "3", "2026"), "must be today or in the past"),
            (("31", "2", "2026"), "must be a real date"),
            (("1", "", "2026"), "must include a month"),
        ] {
            let response = post(
                &server,
                &worker,
                &join,
                &[
                    ("name", "Holloway"),
                    ("person", &grace.to_string()),
                    ("moved_in_day", date.0),
                    ("moved_in_month", date.1),
                    ("moved_in_year", date.2),
                ],
            )
            .await;
            assert_eq!(response.status(), 422, "{backend:?} {date:?}");
            let page = response.text().await.unwrap();
            assert!(page.contains(message), "{date:?}");
            assert!(
                page.contains(&format!("value=\"{grace}\" checked")),
                "the choice is kept"
            );
        }
        // The child themself, and someone not on Journey.
        for (person, message) in [
            (child.to_string(), "Select someone other than the child"),
            ("999999".to_owned(), "No one else on Journey has this ID"),
        ] {
            let response = post(
                &server,
                &worker,
                &join,
                &[
                    ("name", "Holloway"),
                    ("person", &person),
                    ("moved_in_day", "1"),
                    ("moved_in_month", "3"),
                    ("moved_in_year", "2026"),
                ],
            )
            .await;
            assert_eq!(response.status(), 422, "{backend:?}");
            assert!(response.text().await.unwrap().contains(message));
        }
        assert!(lives_with(&server).await.is_empty());
        assert_eq!(
            server.store.audit_trail(child).await.unwrap().len(),
            audit_before
        );
    }
}

#[tokio::test]
async fn staff_without_a_relationship_cannot_add_to_the_household() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let child = server.child;
        let grace = grace(&server).await;
        let stranger = server.sign_in("worker.b").await;
        let add = format!("/children/{child}/household/add");
        let refused = stranger.client.get(server.url(&add)).send().await.unwrap();
        assert_eq!(refused.status(), 403, "{backend:?}");
        let page = refused.text().await.unwrap();
        assert!(!page.contains("Ava"), "the refusal does not name the child");
        let found = post(&server, &stranger, &add, &[("name", "Holloway")]).await;
        assert_eq!(found.status(), 403);
        assert!(!found.text().await.unwrap().contains("Grace"));
        let join = post(
            &server,
            &stranger,
            &format!("/children/{child}/household"),
            &[
                ("person", &grace.to_string()),
                ("moved_in_day", "1"),
                ("moved_in_month", "3"),
                ("moved_in_year", "2026"),
            ],
        )
        .await;
        assert_eq!(join.status(), 403);
        let refusals = server
            .store
            .access_by_staff(server.world.worker_b, 50)
            .await
            .unwrap()
            .into_iter()
            .filter(|a| a.kind == AccessKind::Refused && a.child == Some(child))
            .count();
        assert_eq!(refusals, 3, "{backend:?}: each refusal is recorded");

        // An auditor may read the record but not add to it; a forged form without the token
        // is refused too.
        let auditor = server.sign_in("auditor").await;
        let refused = auditor.client.get(server.url(&add)).send().await.unwrap();
        assert_eq!(refused.status(), 403);
        let worker = server.sign_in("worker.a").await;
        let forged = worker
            .client
            .post(server.url(&format!("/children/{child}/household")))
            .form(&[
                ("person", grace.to_string().as_str()),
                ("moved_in_day", "1"),
                ("moved_in_month", "3"),
                ("moved_in_year", "2026"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), 403);
        assert!(lives_with(&server).await.is_empty());
    }
}
