//! HTTP tests of the details page of an adult in a child's family, on both databases.

use chrono::NaiveDate;
use journey_domain::access::Relationship;
use journey_domain::families::RelationshipKind;
use journey_domain::families::relationship::{NewAdult, NewRelationship, Relative};
use journey_domain::ids::PersonId;
use journey_domain::person::{NewChild, Sex};
use journey_domain::staff::Role;
use journey_store::contract::{acting, system};
use journey_store::{AccessKind, ChildAccess, NewAllocation};

use crate::harness::{TestServer, backends, main_content};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

async fn as_manager(server: &TestServer, child: PersonId) -> ChildAccess {
    journey_store::contract::permitted(
        &*server.store,
        acting(server.world.service_manager, Role::ServiceManager),
        child,
        Relationship::LineManager,
    )
    .await
}

async fn relate(
    server: &TestServer,
    child: PersonId,
    relative: Relative,
    kind: RelationshipKind,
    lives_with: bool,
) -> PersonId {
    let access = as_manager(server, child).await;
    server
        .store
        .add_relationship(
            &access,
            &NewRelationship {
                relative,
                kind,
                start: Some(day(2019, 2, 28)),
                lives_with,
            },
        )
        .await
        .unwrap();
    let family = server.store.family(&access).await.unwrap();
    family.current.last().unwrap().person
}

pub(crate) struct Family {
    pub(crate) grace: PersonId,
    pub(crate) noah: PersonId,
    pub(crate) bea: PersonId,
    pub(crate) stranger: PersonId,
}

/// Ava (worker A's) lives with her mother Grace; Grace is also the mother of Noah, held by
/// worker B in another team; Ava's sister Bea has her own record; Sam is Noah's father only.
pub(crate) async fn family(server: &TestServer) -> Family {
    let child = |given: &str| NewChild {
        given_name: given.into(),
        family_name: "Holloway".into(),
        date_of_birth: Some(day(2020, 6, 1)),
        expected_date_of_birth: None,
        sex: Sex::Female,
    };
    let noah = server
        .store
        .register_child(&system(), &child("Noah"))
        .await
        .unwrap();
    server
        .store
        .allocate(
            &system(),
            None,
            &NewAllocation {
                child: noah,
                worker: server.world.worker_b,
                team: server.world.team_b,
                from: day(2026, 3, 1),
            },
        )
        .await
        .unwrap();
    let bea = server
        .store
        .register_child(&system(), &child("Bea"))
        .await
        .unwrap();
    let adult = |given: &str, sex| {
        Relative::New(NewAdult {
            given_name: given.into(),
            family_name: "Holloway".into(),
            date_of_birth: Some(day(1994, 5, 12)),
            sex,
        })
    };
    let grace = relate(
        server,
        server.child,
        adult("Grace", Sex::Female),
        RelationshipKind::Mother,
        true,
    )
    .await;
    relate(
        server,
        noah,
        Relative::Existing(grace),
        RelationshipKind::Mother,
        false,
    )
    .await;
    relate(
        server,
        server.child,
        Relative::Existing(bea),
        RelationshipKind::Sibling,
        false,
    )
    .await;
    let stranger = relate(
        server,
        noah,
        adult("Sam", Sex::Male),
        RelationshipKind::Father,
        false,
    )
    .await;
    Family {
        grace,
        noah,
        bea,
        stranger,
    }
}

async fn get(
    session: &crate::harness::Session,
    server: &TestServer,
    path: &str,
) -> reqwest::Response {
    session.client.get(server.url(path)).send().await.unwrap()
}

#[tokio::test]
async fn an_adults_page_shows_their_details_and_children_and_the_read_is_recorded() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let ava = server.child;
        let f = family(&server).await;
        let worker = server.sign_in("worker.a").await;
        let page_path = format!("/children/{ava}/people/{}", f.grace);

        // Reached from the record and from the family page.
        let record = get(&worker, &server, &format!("/children/{ava}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            record.contains(&format!("href=\"{page_path}\"")),
            "{backend:?}"
        );
        let family_page = get(&worker, &server, &format!("/children/{ava}/family"))
            .await
            .text()
            .await
            .unwrap();
        assert!(family_page.contains(&format!("href=\"{page_path}\"")));

        let page = get(&worker, &server, &page_path).await;
        assert_eq!(page.status(), 200, "{backend:?}");
        let html = main_content(&page.text().await.unwrap());
        assert!(
            html.contains("<h1 class=\"govuk-heading-l\">Grace Holloway</h1>"),
            "{html}"
        );
        assert!(html.contains("12 May 1994"));
        assert!(html.contains("Female"));
        assert!(html.contains("Grace Holloway is Ava&#x27;s mother"));
        assert!(html.contains(&format!("href=\"/children/{ava}\"")));
        // Noah is held in another team: worker A cannot open him, so he is counted, not named.
        assert!(!html.contains("Noah"), "{html}");
        assert!(html.contains("also related to 1 other child whose record you cannot open"));
        assert!(
            !html.contains("Unique pupil number"),
            "identifiers only where held"
        );

        let log = server
            .store
            .access_by_staff(server.world.worker_a, 20)
            .await
            .unwrap();
        let viewed: Vec<_> = log
            .iter()
            .filter(|a| a.kind == AccessKind::ViewedRecord && a.detail.contains("details"))
            .collect();
        assert!(
            viewed.iter().any(|a| a.child == Some(ava)
                && a.relationship == Some(Relationship::AllocatedWorker)
                && a.detail.contains(&f.grace.to_string())),
            "{backend:?}: recorded on the child used: {log:?}"
        );
        assert!(
            viewed.iter().any(|a| a.child == Some(f.grace)),
            "and on Grace"
        );

        // A service manager, who may open both children, sees Noah named.
        let manager = server.sign_in("service.manager").await;
        let html = get(&manager, &server, &page_path)
            .await
            .text()
            .await
            .unwrap();
        assert!(html.contains("Grace Holloway is Noah&#x27;s mother"));
        assert!(html.contains(&format!("href=\"/children/{}\"", f.noah)));
        assert!(!html.contains("other child"));

        // A child in the family has a record of their own: the page sends the viewer there.
        let sister = get(
            &worker,
            &server,
            &format!("/children/{ava}/people/{}", f.bea),
        )
        .await;
        assert_eq!(sister.status(), 303);
        assert_eq!(
            sister.headers()["location"],
            format!("/children/{}", f.bea).as_str()
        );
    }
}

#[tokio::test]
async fn an_adults_page_is_refused_without_a_related_child_the_viewer_may_open() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let ava = server.child;
        let f = family(&server).await;
        let page_path = format!("/children/{ava}/people/{}", f.grace);

        // Worker B holds Noah but not Ava: refused through Ava, as the record itself is.
        let worker_b = server.sign_in("worker.b").await;
        let refused = get(&worker_b, &server, &page_path).await;
        assert_eq!(refused.status(), 403, "{backend:?}");
        let html = refused.text().await.unwrap();
        assert!(html.contains("You cannot open this record"));
        assert!(!html.contains("Grace") && !html.contains("Holloway"));
        let log = server
            .store
            .access_by_staff(server.world.worker_b, 20)
            .await
            .unwrap();
        assert!(
            log.iter()
                .any(|a| a.kind == AccessKind::Refused && a.child == Some(ava)),
            "{backend:?}: the refusal is recorded"
        );
        assert!(
            !log.iter().any(|a| a.child == Some(f.grace)),
            "nothing about Grace was read"
        );
        // Through Noah, whom worker B holds, Grace's page opens; Ava is counted, not named.
        let through_noah = get(
            &worker_b,
            &server,
            &format!("/children/{}/people/{}", f.noah, f.grace),
        )
        .await;
        assert_eq!(through_noah.status(), 200);
        let html = through_noah.text().await.unwrap();
        assert!(html.contains("Grace Holloway is Noah&#x27;s mother"));
        assert!(!html.contains("Ava"));

        // Worker A may open Ava, but Sam is not related to her: not found, nothing shown.
        let worker_a = server.sign_in("worker.a").await;
        for person in [f.stranger.0, ava.0, 987_654] {
            let response = get(
                &worker_a,
                &server,
                &format!("/children/{ava}/people/{person}"),
            )
            .await;
            assert_eq!(response.status(), 404, "{backend:?} {person}");
            assert!(!response.text().await.unwrap().contains("Sam"));
        }
        // Someone with no relationship to any child at all: business support is refused too.
        let support = server.sign_in("support").await;
        assert_eq!(get(&support, &server, &page_path).await.status(), 403);
    }
}
