//! The contract every backend must pass: the same behaviour on SQLite and PostgreSQL.
//!
//! Each backend's integration test opens a fresh, empty store per test and runs every case in
//! [`cases`]. The first case asserts which backend it is talking to, so a suite that silently
//! ran against the wrong database fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use journey_domain::access::{Action, Relationship};
use journey_domain::ids::{PersonId, StaffId, TeamId};
use journey_domain::person::{NewChild, Sex};
use journey_domain::staff::{Role, TeamKind};

use crate::{
    AccessKind, Actor, Backend, ChildAccess, ImportedChild, ImportedEvent, ImportedRelative,
    NewAllocation, NewChronologyEntry, NewSession, NewStaff, PersonQuery, Store, StoreError,
};

pub type Case = fn(Arc<dyn Store>, Backend) -> Pin<Box<dyn Future<Output = ()> + Send>>;

mod access_log;
mod allocations;
mod append_only;
pub mod assessments;
pub mod babies;
mod cancellation;
mod case_notes;
mod caseloads;
pub mod child_protection;
mod families;
mod front_door;
pub mod merges;
mod person_details;
mod uk_dates;
mod wider_access;

/// How many cases [`cases`] holds, counted by hand when a case is added or removed. Each
/// backend's runner checks that it ran this many, so a case (or a capability's whole list)
/// dropped from [`cases`] fails the run instead of passing unnoticed.
pub const CASE_COUNT: usize = 87;

/// Every contract case, by name: the foundation's and each capability's.
pub fn cases() -> Vec<(&'static str, Case)> {
    let mut all = foundation_cases();
    all.extend(person_details::cases());
    all.extend(families::cases());
    all.extend(merges::cases());
    all.extend(front_door::cases());
    all.extend(case_notes::cases());
    all.extend(uk_dates::cases());
    all.extend(cancellation::cases());
    all.extend(append_only::cases());
    all.extend(allocations::cases());
    all.extend(child_protection::cases());
    all.extend(caseloads::cases());
    all.extend(babies::cases());
    all.extend(assessments::cases());
    all.extend(wider_access::cases());
    all.extend(access_log::cases());
    all
}

/// Builds a list of named cases from async functions `fn(Arc<dyn Store>, Backend)`.
#[macro_export]
macro_rules! contract_cases {
    ($($name:ident),* $(,)?) => {
        vec![$((stringify!($name), (|store, backend| Box::pin($name(store, backend))) as $crate::contract::Case),)*]
    };
}

fn foundation_cases() -> Vec<(&'static str, Case)> {
    contract_cases!(
        runs_on_the_backend_it_was_asked_for,
        durability_settings_are_in_force,
        staff_and_teams,
        duplicate_username_is_a_field_error,
        sessions_end_when_an_account_is_disabled,
        registering_a_child_writes_state_chronology_and_audit_together,
        relationships_follow_allocations_line_management_and_reviewing,
        opening_a_record_durably_records_the_view,
        refusals_are_recorded_without_a_relationship,
        search_is_prefix_and_case_tolerant_and_records_every_hit,
        import_builds_families_history_and_caseloads,
        a_failed_write_leaves_nothing_behind,
        chronology_entries_are_ordered_and_attributed,
        record_page_reads_keep_timestamps_to_the_microsecond,
    )
}

pub fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A small authority: one service with two teams and one member of staff per role.
pub struct World {
    pub service: TeamId,
    pub team_a: TeamId,
    pub team_b: TeamId,
    pub worker_a: StaffId,
    pub worker_b: StaffId,
    /// A senior social worker in team A: allocated children only, like a social worker.
    pub senior_a: StaffId,
    pub manager_a: StaffId,
    pub manager_b: StaffId,
    pub service_manager: StaffId,
    pub reviewing_officer: StaffId,
    pub auditor: StaffId,
    pub administrator: StaffId,
    pub business_support: StaffId,
}

pub fn system() -> Actor {
    Actor::system("contract", at(2026, 3, 2, 9))
}

pub fn acting(id: StaffId, role: Role) -> Actor {
    Actor::staff(
        id,
        role,
        format!("{role:?} {id}"),
        format!("req-{id}"),
        at(2026, 3, 2, 10),
    )
}

/// The proof the access check gives `actor` to view `child`, as a page would get it. It must
/// come through `relationship`: a case about one relationship must not pass through another.
pub async fn permitted(
    store: &dyn Store,
    actor: Actor,
    child: PersonId,
    relationship: Relationship,
) -> ChildAccess {
    let access = crate::access::check(store, actor, child, Action::ViewRecord, None)
        .await
        .unwrap()
        .unwrap_or_else(|_| panic!("the policy refused {child} through {relationship:?}"))
        .access;
    assert_eq!(access.relationship(), relationship);
    access
}

/// The auditor's proof to view `child`, for a case that inspects what a record holds through
/// a panel read (which takes a proof like every other read of a child's record).
pub async fn inspecting(store: &dyn Store, world: &World, child: PersonId) -> ChildAccess {
    permitted(
        store,
        acting(world.auditor, Role::Auditor),
        child,
        Relationship::Auditor,
    )
    .await
}

/// The access check gives no proof for `child` (one that does not exist, or that the actor has
/// no relationship to): no store call about it can be made through the check.
pub async fn no_proof(store: &dyn Store, actor: Actor, child: PersonId) {
    let checked = crate::access::check(store, actor, child, Action::ViewRecord, None)
        .await
        .unwrap();
    assert!(checked.is_err(), "no proof may be had for {child}");
}

impl World {
    pub async fn build(store: &dyn Store) -> World {
        let sys = system();
        let service = store
            .create_team(&sys, "Children's Services", TeamKind::Service, None)
            .await
            .unwrap();
        let team_a = store
            .create_team(&sys, "Assessment Team A", TeamKind::Team, Some(service))
            .await
            .unwrap();
        let team_b = store
            .create_team(
                &sys,
                "Child Protection Team B",
                TeamKind::Team,
                Some(service),
            )
            .await
            .unwrap();
        let add = async |username: &str, role: Role, team: Option<TeamId>| {
            store
                .create_staff(
                    &sys,
                    &NewStaff {
                        username: username.into(),
                        display_name: format!("{username} name"),
                        role,
                        team,
                        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
                    },
                )
                .await
                .unwrap()
        };
        World {
            worker_a: add("worker.a", Role::SocialWorker, Some(team_a)).await,
            worker_b: add("worker.b", Role::SocialWorker, Some(team_b)).await,
            senior_a: add("senior.a", Role::SeniorSocialWorker, Some(team_a)).await,
            manager_a: add("manager.a", Role::TeamManager, Some(team_a)).await,
            manager_b: add("manager.b", Role::TeamManager, Some(team_b)).await,
            service_manager: add("service.manager", Role::ServiceManager, Some(service)).await,
            reviewing_officer: add("iro", Role::ReviewingOfficer, None).await,
            auditor: add("auditor", Role::Auditor, None).await,
            administrator: add("admin", Role::Administrator, None).await,
            business_support: add("support", Role::BusinessSupport, Some(team_a)).await,
            service,
            team_a,
            team_b,
        }
    }
}

pub fn child(given: &str, family: &str) -> NewChild {
    NewChild {
        given_name: given.into(),
        family_name: family.into(),
        date_of_birth: Some(day(2019, 2, 28)),
        expected_date_of_birth: None,
        sex: Sex::Female,
    }
}

/// A child allocated to worker A in team A from 1 March 2026.
async fn allocated_child(store: &dyn Store, world: &World) -> PersonId {
    let manager = acting(world.manager_a, Role::TeamManager);
    let id = store
        .register_child(&manager, &child("Ava", "Example"))
        .await
        .unwrap();
    store
        .allocate(
            &manager,
            None,
            &NewAllocation {
                child: id,
                worker: world.worker_a,
                team: world.team_a,
                from: day(2026, 3, 1),
            },
        )
        .await
        .unwrap();
    id
}

async fn runs_on_the_backend_it_was_asked_for(store: Arc<dyn Store>, backend: Backend) {
    assert_eq!(store.backend(), backend);
}

async fn durability_settings_are_in_force(store: Arc<dyn Store>, backend: Backend) {
    let settings = store.durability_settings().await.unwrap();
    let expected: &[(&str, &str)] = match backend {
        Backend::Sqlite => &[
            ("main writer journal_mode", "wal"),
            ("main writer synchronous", "2"),
            ("main writer foreign_keys", "1"),
            ("main reader journal_mode", "wal"),
            ("access writer journal_mode", "wal"),
            ("access writer synchronous", "2"),
            // After a burst of access records, the log's file is cut back to 64 MiB.
            ("access writer journal_size_limit", "67108864"),
        ],
        Backend::Postgres => &[("fsync", "on"), ("synchronous_commit", "on")],
    };
    for (name, value) in expected {
        let found = settings.iter().find(|(n, _)| n == name);
        assert_eq!(
            found.map(|(_, v)| v.as_str()),
            Some(*value),
            "{name} in {settings:?}"
        );
    }
}

async fn staff_and_teams(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let teams = store.teams().await.unwrap();
    let team_a = teams.iter().find(|t| t.id == world.team_a).unwrap();
    assert_eq!(team_a.parent, Some(world.service));
    assert_eq!(team_a.kind, TeamKind::Team);
    let staff = store.staff_list().await.unwrap();
    assert_eq!(staff.len(), 10);
    let worker = staff.iter().find(|s| s.id == world.worker_a).unwrap();
    assert_eq!(worker.role, Role::SocialWorker);
    assert_eq!(worker.team_name.as_deref(), Some("Assessment Team A"));
    let login = store.staff_login("worker.a").await.unwrap().unwrap();
    assert_eq!(login.id, world.worker_a);
    assert!(!login.disabled);
    assert!(store.staff_login("nobody").await.unwrap().is_none());
    store
        .replace_password_hash(world.worker_a, "$argon2id$new")
        .await
        .unwrap();
    assert_eq!(
        store
            .staff_login("worker.a")
            .await
            .unwrap()
            .unwrap()
            .password_hash,
        "$argon2id$new"
    );
}

async fn duplicate_username_is_a_field_error(store: Arc<dyn Store>, _: Backend) {
    World::build(store.as_ref()).await;
    let again = NewStaff {
        username: "worker.a".into(),
        display_name: "Another".into(),
        role: Role::SocialWorker,
        team: None,
        password_hash: "x".into(),
    };
    match store.create_staff(&system(), &again).await {
        Err(StoreError::Invalid(errors)) => {
            assert_eq!(
                errors.message_for("username"),
                Some("This username is already taken")
            )
        }
        other => panic!("expected a field error, got {other:?}"),
    }
    match store
        .create_team(&system(), "Assessment Team A", TeamKind::Team, None)
        .await
    {
        Err(StoreError::Invalid(errors)) => assert!(errors.message_for("name").is_some()),
        other => panic!("expected a field error, got {other:?}"),
    }
}

async fn sessions_end_when_an_account_is_disabled(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let token = vec![7u8; 32];
    store
        .create_session(&NewSession {
            token_hash: token.clone(),
            staff: world.worker_a,
            csrf_token: "csrf".into(),
            created_at: at(2026, 3, 2, 9),
        })
        .await
        .unwrap();
    let session = store.session(&token).await.unwrap().unwrap();
    assert_eq!(session.staff, world.worker_a);
    assert_eq!(session.role, Role::SocialWorker);
    assert_eq!(
        session.team,
        Some(world.team_a),
        "the session knows the account's team"
    );
    assert_eq!(session.csrf_token, "csrf");
    store
        .touch_session(&token, at(2026, 3, 2, 11))
        .await
        .unwrap();
    assert_eq!(
        store.session(&token).await.unwrap().unwrap().last_seen_at,
        at(2026, 3, 2, 11)
    );

    let admin = acting(world.administrator, Role::Administrator);
    store
        .set_staff_disabled(&admin, world.worker_a, true)
        .await
        .unwrap();
    assert!(
        store.session(&token).await.unwrap().is_none(),
        "disabling ends sessions at once"
    );
    assert!(
        store
            .staff_login("worker.a")
            .await
            .unwrap()
            .unwrap()
            .disabled
    );
    store
        .set_staff_disabled(&admin, world.worker_a, false)
        .await
        .unwrap();
    assert!(
        store.session(&token).await.unwrap().is_none(),
        "re-enabling does not revive sessions"
    );
    assert!(matches!(
        store
            .set_staff_disabled(&admin, StaffId(999_999), true)
            .await,
        Err(StoreError::NotFound)
    ));

    let other = vec![8u8; 32];
    store
        .create_session(&NewSession {
            token_hash: other.clone(),
            staff: world.worker_b,
            csrf_token: "c".into(),
            created_at: at(2026, 3, 2, 9),
        })
        .await
        .unwrap();
    store.end_session(&other).await.unwrap();
    assert!(store.session(&other).await.unwrap().is_none());
}

async fn registering_a_child_writes_state_chronology_and_audit_together(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let id = allocated_child(store.as_ref(), &world).await;
    let audit = store.audit_trail(id).await.unwrap();
    let actions: Vec<_> = audit.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(actions, ["child_registered", "allocated"]);
    assert_eq!(audit[0].actor, Some(world.manager_a));
    assert_eq!(audit[0].actor_role, "team_manager");
    assert_eq!(audit[0].request_id, format!("req-{}", world.manager_a));
    assert_eq!(audit[0].occurred_at, at(2026, 3, 2, 10));

    let access = permitted(
        &*store,
        acting(world.worker_a, Role::SocialWorker),
        id,
        Relationship::AllocatedWorker,
    )
    .await;
    let record = store.open_child_record(&access).await.unwrap();
    assert_eq!(record.child.given_name, "Ava");
    assert_eq!(record.child.date_of_birth, Some(day(2019, 2, 28)));
    let allocation = record.allocation.unwrap();
    assert_eq!(allocation.worker, world.worker_a);
    assert_eq!(allocation.team_name, "Assessment Team A");
    assert_eq!(record.chronology_count, 2);
    let summaries: Vec<_> = record
        .recent_chronology
        .iter()
        .map(|c| c.summary.as_str())
        .collect();
    assert_eq!(
        summaries,
        [
            "Allocated to worker.a name (Assessment Team A)",
            "Record opened for Ava Example"
        ]
    );
    assert_eq!(store.child_details(&access).await.unwrap(), record.child);
    // A child that does not exist has no proof, so its details cannot be asked for.
    no_proof(
        &*store,
        acting(world.worker_a, Role::SocialWorker),
        PersonId(999_999),
    )
    .await;
    // The chronology entry and the audit record are the same event.
    assert_eq!(record.recent_chronology[1].event, audit[0].event);
}

async fn relationships_follow_allocations_line_management_and_reviewing(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let id = allocated_child(store.as_ref(), &world).await;
    let on = day(2026, 3, 2);
    let rel = async |staff| store.relationships(staff, id, on).await.unwrap();
    assert_eq!(rel(world.worker_a).await, [Relationship::AllocatedWorker]);
    assert_eq!(rel(world.manager_a).await, [Relationship::LineManager]);
    assert_eq!(
        rel(world.service_manager).await,
        [Relationship::LineManager]
    );
    assert!(rel(world.worker_b).await.is_empty());
    assert!(
        rel(world.manager_b).await.is_empty(),
        "another team's manager"
    );
    assert!(rel(world.business_support).await.is_empty());
    assert!(rel(world.reviewing_officer).await.is_empty());
    // Before the allocation started there was no relationship.
    assert!(
        store
            .relationships(world.worker_a, id, day(2026, 2, 28))
            .await
            .unwrap()
            .is_empty()
    );
    // A child who does not exist looks like one with no relationship.
    assert!(
        store
            .relationships(world.worker_a, PersonId(987_654), on)
            .await
            .unwrap()
            .is_empty()
    );

    let manager = acting(world.manager_a, Role::TeamManager);
    store
        .assign_reviewing_officer(
            &manager,
            Some(Relationship::LineManager),
            id,
            world.reviewing_officer,
            day(2026, 3, 2),
        )
        .await
        .unwrap();
    assert_eq!(
        rel(world.reviewing_officer).await,
        [Relationship::ReviewingOfficer]
    );
    // An IRO must hold the IRO role.
    assert!(matches!(
        store
            .assign_reviewing_officer(&manager, None, id, world.worker_b, on)
            .await,
        Err(StoreError::Invalid(_))
    ));

    // Reallocation to team B ends worker A's relationship and moves the line.
    store
        .allocate(
            &manager,
            Some(Relationship::LineManager),
            &NewAllocation {
                child: id,
                worker: world.worker_b,
                team: world.team_b,
                from: day(2026, 3, 2),
            },
        )
        .await
        .unwrap();
    assert!(rel(world.worker_a).await.is_empty());
    assert!(rel(world.manager_a).await.is_empty());
    assert_eq!(rel(world.worker_b).await, [Relationship::AllocatedWorker]);
    assert_eq!(rel(world.manager_b).await, [Relationship::LineManager]);
    // Auditors and administrators cannot be allocated.
    assert!(matches!(
        store
            .allocate(
                &manager,
                None,
                &NewAllocation {
                    child: id,
                    worker: world.auditor,
                    team: world.team_a,
                    from: on
                }
            )
            .await,
        Err(StoreError::Invalid(_))
    ));
    let caseload_a = store.caseload(world.worker_a, on).await.unwrap();
    assert!(caseload_a.is_empty());
    let caseload_b = store.caseload(world.worker_b, on).await.unwrap();
    assert_eq!(caseload_b.len(), 1);
    assert_eq!(caseload_b[0].child, id);
    assert_eq!(caseload_b[0].team_name, "Child Protection Team B");
}

async fn opening_a_record_durably_records_the_view(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let id = allocated_child(store.as_ref(), &world).await;
    let worker = permitted(
        &*store,
        acting(world.worker_a, Role::SocialWorker),
        id,
        Relationship::AllocatedWorker,
    )
    .await;
    store.open_child_record(&worker).await.unwrap();
    store.full_chronology(&worker).await.unwrap();
    let manager = permitted(
        &*store,
        acting(world.manager_a, Role::TeamManager),
        id,
        Relationship::LineManager,
    )
    .await;
    let log = store
        .access_log(&manager, &crate::AccessLogQuery::first(50))
        .await
        .unwrap()
        .entries;
    let kinds: Vec<_> = log.iter().map(|e| (e.staff, e.kind)).collect();
    assert_eq!(
        kinds,
        [
            (Some(world.manager_a), AccessKind::ViewedAccessLog),
            (Some(world.worker_a), AccessKind::ViewedChronology),
            (Some(world.worker_a), AccessKind::ViewedRecord),
        ]
    );
    let view = &log[2];
    assert_eq!(view.relationship, Some(Relationship::AllocatedWorker));
    assert_eq!(view.role, "social_worker");
    assert_eq!(view.request_id, format!("req-{}", world.worker_a));
    assert_eq!(view.occurred_at, at(2026, 3, 2, 10));
    // A record that does not exist has no relationships: the check refuses it as it refuses
    // any other, so a refusal reveals nothing, and no proof to open it can be had.
    assert!(
        crate::access::check(
            store.as_ref(),
            worker.actor().clone(),
            PersonId(424_242),
            Action::ViewRecord,
            None,
        )
        .await
        .unwrap()
        .is_err()
    );
}

async fn refusals_are_recorded_without_a_relationship(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let id = allocated_child(store.as_ref(), &world).await;
    let stranger = acting(world.worker_b, Role::SocialWorker);
    store
        .record_refusal(&stranger, id, Action::ViewRecord)
        .await
        .unwrap();
    let mine = store.access_by_staff(world.worker_b, 10).await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].kind, AccessKind::Refused);
    assert_eq!(mine[0].child, Some(id));
    assert_eq!(mine[0].relationship, None);
    assert_eq!(mine[0].detail, "view_record");
}

async fn search_is_prefix_and_case_tolerant_and_records_every_hit(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let manager = acting(world.manager_a, Role::TeamManager);
    let oneill = store
        .register_child(&manager, &child("Siobhan", "O'Neill"))
        .await
        .unwrap();
    let other = store
        .register_child(&manager, &child("Sam", "Oakes"))
        .await
        .unwrap();
    store
        .register_child(&manager, &child("Zed", "Smith"))
        .await
        .unwrap();
    let searcher = acting(world.worker_b, Role::SocialWorker);
    let find = async |name: &str| {
        store
            .search_people(
                &searcher,
                &PersonQuery {
                    name: name.into(),
                    date_of_birth: None,
                    limit: 20,
                },
            )
            .await
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(find("oneill").await, [oneill]);
    assert_eq!(
        find("O NEILL").await,
        Vec::<PersonId>::new(),
        "two words must each match a name"
    );
    assert_eq!(find("o'ne").await, [oneill]);
    assert_eq!(find("siob o'neill").await, [oneill]);
    assert_eq!(find("o").await, [other, oneill], "ordered by family name");
    assert_eq!(find("sam").await, [other]);
    let by_birth = store
        .search_people(
            &searcher,
            &PersonQuery {
                name: "o".into(),
                date_of_birth: Some(day(2019, 2, 28)),
                limit: 1,
            },
        )
        .await
        .unwrap();
    assert_eq!(by_birth.len(), 1, "the limit holds");
    let mut seen = store.access_by_staff(world.worker_b, 50).await.unwrap();
    seen.reverse();
    assert!(seen.iter().all(|e| e.kind == AccessKind::SearchResults));
    let lists: Vec<_> = seen.iter().map(|e| e.people_shown.clone()).collect();
    assert_eq!(
        lists,
        [
            vec![oneill],
            vec![],
            vec![oneill],
            vec![oneill],
            vec![other, oneill],
            vec![other],
            by_birth.iter().map(|h| h.id).collect(),
        ],
        "one access record per result list, naming the people in it in order"
    );
}

async fn import_builds_families_history_and_caseloads(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let mother = ImportedRelative {
        key: "fam1-mother".into(),
        given_name: "Grace".into(),
        family_name: "Harlow".into(),
        date_of_birth: Some(day(1995, 6, 1)),
        sex: Sex::Female,
        relationship: "mother".into(),
    };
    let history = |n: usize| {
        (0..n)
            .map(|i| ImportedEvent {
                occurred_at: at(2020, 1, 1, 9) + TimeDelta::days(i as i64),
                kind: "case_note".into(),
                summary: format!("Historic note {i}"),
                significant: i % 10 == 0,
            })
            .collect::<Vec<_>>()
    };
    let batch = vec![
        ImportedChild {
            child: child("Ivy", "Harlow"),
            relatives: vec![mother.clone()],
            allocation: Some((world.worker_a, world.team_a, day(2026, 1, 5))),
            reviewing_officer: Some((world.reviewing_officer, day(2026, 1, 5))),
            history: history(250),
        },
        ImportedChild {
            child: child("Jack", "Harlow"),
            relatives: vec![mother],
            allocation: Some((world.worker_a, world.team_a, day(2026, 1, 5))),
            reviewing_officer: None,
            history: history(3),
        },
    ];
    store.import_children(&system(), &batch).await.unwrap();
    let caseload = store
        .caseload(world.worker_a, day(2026, 3, 2))
        .await
        .unwrap();
    let names: Vec<_> = caseload.iter().map(|c| c.given_name.as_str()).collect();
    assert_eq!(names, ["Ivy", "Jack"]);
    let ivy = caseload[0].child;
    let access = permitted(
        &*store,
        acting(world.reviewing_officer, Role::ReviewingOfficer),
        ivy,
        Relationship::ReviewingOfficer,
    )
    .await;
    assert_eq!(
        store
            .relationships(world.reviewing_officer, ivy, day(2026, 3, 2))
            .await
            .unwrap(),
        [Relationship::ReviewingOfficer]
    );
    let record = store.open_child_record(&access).await.unwrap();
    assert_eq!(record.chronology_count, 252);
    assert_eq!(record.recent_chronology.len(), 50);
    assert_eq!(record.people.len(), 1);
    assert_eq!(record.people[0].relationship, "mother");
    assert_eq!(record.reviewing_officer.as_deref(), Some("iro name"));
    // Both children share one mother: the family is one set of people.
    let jack = permitted(
        store.as_ref(),
        acting(world.worker_a, Role::SocialWorker),
        caseload[1].child,
        Relationship::AllocatedWorker,
    )
    .await;
    let jack_record = store.open_child_record(&jack).await.unwrap();
    assert_eq!(jack_record.people[0].id, record.people[0].id);
    let full = store.full_chronology(&access).await.unwrap();
    assert_eq!(full.len(), 252);
    assert!(
        full.windows(2)
            .all(|w| w[0].occurred_at <= w[1].occurred_at)
    );
    // The record shows the latest fifty, newest first: the last fifty of the whole, reversed.
    let mut latest: Vec<_> = full[full.len() - 50..].iter().map(|e| e.event).collect();
    latest.reverse();
    assert_eq!(
        record
            .recent_chronology
            .iter()
            .map(|e| e.event)
            .collect::<Vec<_>>(),
        latest
    );
    assert_eq!(full.iter().filter(|e| e.significant).count(), 25);
}

async fn a_failed_write_leaves_nothing_behind(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    // The second child in the batch refers to a team that does not exist: the whole batch fails.
    let batch = vec![
        ImportedChild {
            child: child("Kept", "Nowhere"),
            relatives: vec![],
            allocation: None,
            reviewing_officer: None,
            history: vec![],
        },
        ImportedChild {
            child: child("Broken", "Nowhere"),
            relatives: vec![],
            allocation: Some((world.worker_a, TeamId(999_999), day(2026, 1, 1))),
            reviewing_officer: None,
            history: vec![],
        },
    ];
    assert!(store.import_children(&system(), &batch).await.is_err());
    let hits = store
        .search_people(
            &acting(world.worker_a, Role::SocialWorker),
            &PersonQuery {
                name: "nowhere".into(),
                date_of_birth: None,
                limit: 20,
            },
        )
        .await
        .unwrap();
    assert!(hits.is_empty(), "a failed batch saves no part of itself");
}

async fn chronology_entries_are_ordered_and_attributed(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let id = allocated_child(store.as_ref(), &world).await;
    let access = permitted(
        &*store,
        acting(world.worker_a, Role::SocialWorker),
        id,
        Relationship::AllocatedWorker,
    )
    .await;
    store
        .add_chronology_entry(
            &access,
            &NewChronologyEntry {
                occurred_at: at(2025, 12, 24, 15),
                summary: "Police called to the home: domestic incident".into(),
                significant: true,
            },
        )
        .await
        .unwrap();
    let full = store.full_chronology(&access).await.unwrap();
    assert_eq!(full.len(), 3);
    assert_eq!(
        full[0].summary,
        "Police called to the home: domestic incident"
    );
    assert!(full[0].significant);
    assert_eq!(
        full[0].recorded_by,
        format!("SocialWorker {}", world.worker_a)
    );
    let audit = store.audit_trail(id).await.unwrap();
    let last = audit.last().unwrap();
    assert_eq!(last.action, "chronology_entry_added");
    assert_eq!(last.relationship.as_deref(), Some("allocated_worker"));
    // Nothing can be added to a child who does not exist.
    let missing = crate::access::check(
        store.as_ref(),
        access.actor().clone(),
        PersonId(555_555),
        Action::AddToRecord,
        None,
    )
    .await
    .unwrap();
    assert!(missing.is_err(), "no proof for a child who does not exist");
}

/// The record page's reads give back every timestamp as it was written, to the microsecond:
/// PostgreSQL folds each panel into JSON text, and SQLite stores timestamps as text.
async fn record_page_reads_keep_timestamps_to_the_microsecond(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let id = allocated_child(store.as_ref(), &world).await;
    let micros = TimeDelta::microseconds;
    let now = at(2026, 3, 2, 10) + micros(123_456);
    let actor = Actor::staff(
        world.worker_a,
        Role::SocialWorker,
        "Worker A",
        "req-us",
        now,
    );
    let access = permitted(&*store, actor, id, Relationship::AllocatedWorker).await;
    let times = [
        at(2025, 12, 24, 15) + micros(1),
        at(2025, 12, 24, 15) + micros(999_999),
        at(1999, 12, 31, 23) + micros(120_000),
    ];
    for occurred_at in times {
        store
            .add_chronology_entry(
                &access,
                &NewChronologyEntry {
                    occurred_at,
                    summary: "Seen at school".into(),
                    significant: false,
                },
            )
            .await
            .unwrap();
    }
    let record = store.open_child_record(&access).await.unwrap();
    let added: Vec<DateTime<Utc>> = record
        .recent_chronology
        .iter()
        .filter(|e| e.summary == "Seen at school")
        .map(|e| e.occurred_at)
        .collect();
    assert_eq!(added, [times[1], times[0], times[2]], "newest first");
    let full = store.full_chronology(&access).await.unwrap();
    assert!(
        times
            .iter()
            .all(|t| full.iter().any(|e| e.occurred_at == *t))
    );

    let warning = journey_domain::person_details::NewWarning {
        category: journey_domain::person_details::WarningCategory::Animals,
        text: "Dog at the property".into(),
        from: day(2026, 1, 5),
        until: None,
    };
    store.add_warning(&access, &warning).await.unwrap();
    let details = store.person_details(&access).await.unwrap();
    assert_eq!(details.warnings[0].recorded_at, now);
}

#[cfg(test)]
mod tests {
    use super::{CASE_COUNT, cases};

    #[test]
    fn the_cases_are_the_counted_ones_each_named_once() {
        let all = cases();
        assert_eq!(all.len(), CASE_COUNT, "update CASE_COUNT with the cases");
        let mut names: Vec<&str> = all.iter().map(|(name, _)| *name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before, "two cases share a name");
    }
}
