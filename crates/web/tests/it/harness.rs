//! Starts Journey on a fresh database with a small authority, and signs people in.

use std::sync::{Arc, OnceLock};

use chrono::{TimeZone, Utc};
use journey_domain::FixedClock;
use journey_domain::ids::{PersonId, StaffId};
use journey_domain::person::{NewChild, Sex};
use journey_store::contract::{World, system};
use journey_store::{Actor, Backend, ChildAccess, NewAllocation, Store};
use journey_store_postgres::PostgresStore;
use journey_store_sqlite::{SqlitePaths, SqliteStore};
use journey_web::WebConfig;
use reqwest::redirect::Policy;

pub const PASSWORD: &str = "a long test password";

/// Every test runs once per backend. PostgreSQL must be available: the test command starts a
/// throwaway cluster and sets the variable; without it these tests fail rather than skip.
pub fn backends() -> [Backend; 2] {
    [Backend::Sqlite, Backend::Postgres]
}

fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| journey_web::auth::password::hash_password(PASSWORD).unwrap())
}

pub struct TestServer {
    pub base: String,
    pub clock: FixedClock,
    pub store: Arc<dyn Store>,
    pub world: World,
    /// Ava Example: allocated to worker A in team A.
    pub child: PersonId,
    _dir: Option<tempfile::TempDir>,
}

async fn fresh_postgres() -> PostgresStore {
    let admin = std::env::var("JOURNEY_TEST_POSTGRES_URL").unwrap_or_else(|_| {
        panic!("JOURNEY_TEST_POSTGRES_URL is not set: run scripts/test, which starts a throwaway PostgreSQL")
    });
    let name = format!("journey_web_{}", uuid::Uuid::new_v4().simple());
    let pool = sqlx::PgPool::connect(&admin).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let (base, _) = admin.rsplit_once('/').unwrap();
    PostgresStore::open_url(&format!("{base}/{name}"))
        .await
        .unwrap()
}

impl TestServer {
    pub async fn start(backend: Backend) -> TestServer {
        Self::start_with(backend, WebConfig::default()).await
    }

    pub async fn start_with(backend: Backend, config: WebConfig) -> TestServer {
        let (store, dir): (Arc<dyn Store>, _) = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let store = SqliteStore::open(&SqlitePaths::beside(&dir.path().join("journey.db")))
                    .await
                    .unwrap();
                (Arc::new(store), Some(dir))
            }
            Backend::Postgres => (Arc::new(fresh_postgres().await), None),
        };
        assert_eq!(
            store.backend(),
            backend,
            "the test must run on the backend it names"
        );
        let world = World::build(store.as_ref()).await;
        for staff in store.staff_list().await.unwrap() {
            store
                .replace_password_hash(staff.id, password_hash())
                .await
                .unwrap();
        }
        let manager = Actor::system("test", Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap());
        let child = store
            .register_child(
                &manager,
                &NewChild {
                    given_name: "Ava".into(),
                    family_name: "Example".into(),
                    date_of_birth: chrono::NaiveDate::from_ymd_opt(2019, 2, 28),
                    expected_date_of_birth: None,
                    sex: Sex::Female,
                },
            )
            .await
            .unwrap();
        store
            .allocate(
                &system(),
                None,
                &NewAllocation {
                    child,
                    worker: world.worker_a,
                    team: world.team_a,
                    from: chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
                },
            )
            .await
            .unwrap();
        let clock = FixedClock::new(Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap());
        let state = journey_web::state(store.clone(), Arc::new(clock.clone()), config).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let _ = axum::serve(listener, journey_web::router(state)).await;
        });
        TestServer {
            base,
            clock,
            store,
            world,
            child,
            _dir: dir,
        }
    }

    /// The auditor's proof to view `child`, for a test that inspects what the record holds
    /// through a panel read (which, like every read of a child's record, takes a proof).
    pub async fn inspecting(&self, child: PersonId) -> ChildAccess {
        journey_store::contract::inspecting(self.store.as_ref(), &self.world, child).await
    }

    pub fn clock_now(&self) -> chrono::DateTime<Utc> {
        use journey_domain::Clock;
        self.clock.now()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A browser-like client: keeps cookies, does not follow redirects.
    pub fn client() -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .unwrap()
    }

    /// Signs in through the sign-in form and returns the client and the session's CSRF token.
    pub async fn sign_in(&self, username: &str) -> Session {
        let client = Self::client();
        let form = client
            .get(self.url("/sign-in"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let token = hidden_value(&form, "csrf_token");
        let response = client
            .post(self.url("/sign-in"))
            .form(&[
                ("csrf_token", token.as_str()),
                ("username", username),
                ("password", PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            303,
            "sign-in of {username} should redirect"
        );
        let me: serde_json::Value = client
            .get(self.url("/api/me"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let csrf = me["csrf_token"].as_str().unwrap().to_owned();
        Session { client, csrf }
    }

    pub fn username(&self, staff: StaffId) -> &'static str {
        let w = &self.world;
        match staff {
            s if s == w.worker_a => "worker.a",
            s if s == w.worker_b => "worker.b",
            s if s == w.senior_a => "senior.a",
            s if s == w.manager_a => "manager.a",
            s if s == w.manager_b => "manager.b",
            s if s == w.service_manager => "service.manager",
            s if s == w.reviewing_officer => "iro",
            s if s == w.auditor => "auditor",
            s if s == w.administrator => "admin",
            _ => "support",
        }
    }
}

pub struct Session {
    pub client: reqwest::Client,
    pub csrf: String,
}

/// The value of the first hidden input with this name.
pub fn hidden_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in page"))
        + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

/// The `value` of the input with this name, whatever order its attributes are written in.
pub fn input_value(html: &str, name: &str) -> String {
    let at = html
        .find(&format!("name=\"{name}\""))
        .unwrap_or_else(|| panic!("no input {name}"));
    let tag_start = html[..at].rfind('<').unwrap();
    let tag = &html[tag_start..];
    let tag = &tag[..tag.find('>').unwrap()];
    let value = tag
        .split_once("value=\"")
        .unwrap_or_else(|| panic!("{name} has no value: {tag}"))
        .1;
    value.split('"').next().unwrap().to_owned()
}

/// The page's `<main>` element without the per-request reference line.
pub fn main_content(html: &str) -> String {
    let start = html.find("<main").expect("a main element");
    let end = html.find("</main>").expect("a closed main element");
    html[start..end]
        .lines()
        .filter(|l| !l.contains("Reference:"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The error summary links to `#field`, and that id is on an input (for a date, the day box),
/// so following the link moves focus into the field.
pub fn assert_summary_link_reaches_an_input(page: &str, field: &str) {
    assert!(
        page.contains(&format!("href=\"#{field}\"")),
        "the summary links to #{field}"
    );
    let target = format!(" id=\"{field}\"");
    let at = page
        .find(&target)
        .unwrap_or_else(|| panic!("no element with id {field}"));
    let tag_start = page[..at].rfind('<').unwrap();
    assert!(
        page[tag_start..].starts_with("<input"),
        "#{field} is an input"
    );
}
