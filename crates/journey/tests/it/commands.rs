//! The commands that write to a database (`migrate`, `user add`, `bench-data`), run as
//! processes on both databases, with what they wrote read back from the database itself.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;

use journey_domain::staff::Role;
use journey_store::contract::World;
use journey_store::{Backend, Store};
use journey_store_postgres::PostgresStore;
use journey_store_sqlite::{SqlitePaths, SqliteStore};

use crate::{serve_url, sign_in};

/// Every test runs once per backend. PostgreSQL must be available: the test command starts a
/// throwaway cluster and sets JOURNEY_TEST_POSTGRES_URL; without it these tests fail.
fn backends() -> [Backend; 2] {
    [Backend::Sqlite, Backend::Postgres]
}

/// A database no command has touched yet: a file name in a new temporary folder, or a new
/// database in the throwaway PostgreSQL cluster.
struct Fresh {
    backend: Backend,
    url: String,
    /// The SQLite main file (its access file sits beside it).
    file: Option<PathBuf>,
    _dir: Option<tempfile::TempDir>,
}

impl Fresh {
    async fn new(backend: Backend) -> Fresh {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let file = dir.path().join("journey.db");
                Fresh {
                    backend,
                    url: format!("sqlite://{}", file.display()),
                    file: Some(file),
                    _dir: Some(dir),
                }
            }
            Backend::Postgres => {
                let admin = std::env::var("JOURNEY_TEST_POSTGRES_URL").unwrap_or_else(|_| {
                    panic!("JOURNEY_TEST_POSTGRES_URL is not set: run scripts/test, which starts a throwaway PostgreSQL")
                });
                let name = format!("journey_cli_{}", uuid::Uuid::new_v4().simple());
                let pool = sqlx::PgPool::connect(&admin).await.unwrap();
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&pool)
                    .await
                    .unwrap();
                pool.close().await;
                let (base, _) = admin.rsplit_once('/').unwrap();
                Fresh {
                    backend,
                    url: format!("{base}/{name}"),
                    file: None,
                    _dir: None,
                }
            }
        }
    }

    /// The store on this database, opened in the test's own process.
    async fn open(&self) -> Arc<dyn Store> {
        match self.backend {
            Backend::Sqlite => Arc::new(SqliteStore::open_url(&self.url).await.unwrap()),
            Backend::Postgres => Arc::new(PostgresStore::open_url(&self.url).await.unwrap()),
        }
    }

    /// A small authority (World: two teams under a service, one member of staff per role) for
    /// `user add` to add to.
    async fn with_world(backend: Backend) -> Fresh {
        let db = Fresh::new(backend).await;
        World::build(db.open().await.as_ref()).await;
        db
    }

    /// The one number the (main) database answers `sql` with, read with plain SQL rather than
    /// through the store.
    async fn number(&self, sql: &'static str) -> i64 {
        match &self.file {
            Some(file) => {
                let pool = sqlite_pool(file).await;
                let n = sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap();
                pool.close().await;
                n
            }
            None => {
                let pool = sqlx::PgPool::connect(&self.url).await.unwrap();
                let n = sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap();
                pool.close().await;
                n
            }
        }
    }

    /// The versions recorded in `schema_migration`, in order: of the main database, and of
    /// SQLite's access file (PostgreSQL keeps access records in the one database).
    async fn migrations_recorded(&self) -> (Vec<i64>, Option<Vec<i64>>) {
        const SQL: &str = "SELECT version FROM schema_migration ORDER BY version";
        match &self.file {
            Some(file) => {
                let mut found = Vec::new();
                for path in [file.clone(), SqlitePaths::beside(file).access] {
                    let pool = sqlite_pool(&path).await;
                    found.push(sqlx::query_scalar(SQL).fetch_all(&pool).await.unwrap());
                    pool.close().await;
                }
                let access = found.pop();
                (found.pop().unwrap(), access)
            }
            None => {
                let pool = sqlx::PgPool::connect(&self.url).await.unwrap();
                let main = sqlx::query_scalar(SQL).fetch_all(&pool).await.unwrap();
                pool.close().await;
                (main, None)
            }
        }
    }

    /// How many staff accounts and audit records the database holds.
    async fn staff_and_audit(&self) -> (i64, i64) {
        (
            self.number("SELECT COUNT(*) FROM staff").await,
            self.number("SELECT COUNT(*) FROM audit_event").await,
        )
    }
}

async fn sqlite_pool(file: &Path) -> sqlx::SqlitePool {
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(file)
        .create_if_missing(false);
    sqlx::SqlitePool::connect_with(options).await.unwrap()
}

/// The migration versions a backend's crate holds as files (`0001_foundation.sql`, or with
/// `prefix`, `access_0001.sql`), read from the source tree rather than from the list the
/// migration runner applies, so a file left out of that list is caught.
fn migration_files(krate: &str, prefix: &str) -> Vec<i64> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(krate)
        .join("migrations");
    let mut versions: Vec<i64> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|entry| {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let rest = name.strip_prefix(prefix)?.strip_suffix(".sql")?;
            rest.split('_').next()?.parse().ok()
        })
        .collect();
    versions.sort_unstable();
    assert!(!versions.is_empty(), "no migrations in {}", dir.display());
    versions
}

/// Runs the journey binary to completion, writing `stdin` to it if given.
fn journey(args: &[&str], stdin: Option<&str>) -> Output {
    let mut process = Command::new(env!("CARGO_BIN_EXE_journey"))
        .args(args)
        .env("JOURNEY_LOG", "warn")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        process
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    process.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn migrate_applies_every_migration_to_a_fresh_database_once() {
    for backend in backends() {
        let db = Fresh::new(backend).await;
        for run in ["first", "second"] {
            let out = journey(&["migrate", "--database-url", &db.url], None);
            assert!(
                out.status.success(),
                "{backend:?} {run} run: {}",
                text(&out.stderr)
            );
            assert!(
                text(&out.stdout).contains("is up to date"),
                "{backend:?}: {}",
                text(&out.stdout)
            );
            let (main, access) = db.migrations_recorded().await;
            match backend {
                Backend::Sqlite => {
                    assert_eq!(main, migration_files("store-sqlite", ""), "{run} run");
                    assert_eq!(
                        access,
                        Some(migration_files("store-sqlite", "access_")),
                        "{run} run"
                    );
                }
                Backend::Postgres => {
                    assert_eq!(main, migration_files("store-postgres", ""), "{run} run");
                }
            }
        }
    }
}

/// How an authority creates its first administrator (no team), and any other account (in a
/// team): the account is written with its role and team, and signs in with the password given
/// on standard input.
#[tokio::test]
async fn user_add_creates_accounts_that_sign_in_with_their_role_and_team() {
    for backend in backends() {
        let db = Fresh::with_world(backend).await;
        let password = "the first administrator's password";
        let add = |username: &str, name: &str, role: &str, team: Option<&str>| {
            let mut args = vec![
                "user",
                "add",
                "--database-url",
                &db.url,
                "--username",
                username,
                "--name",
                name,
                "--role",
                role,
            ];
            if let Some(team) = team {
                args.extend(["--team", team]);
            }
            journey(&args, Some(&format!("{password}\n")))
        };
        let out = add("first.admin", "Priya Shah", "administrator", None);
        assert!(out.status.success(), "{backend:?}: {}", text(&out.stderr));
        assert!(
            text(&out.stdout).starts_with("Added first.admin (Administrator) as staff "),
            "{}",
            text(&out.stdout)
        );
        let out = add(
            "sam.okafor",
            "Sam Okafor",
            "senior_social_worker",
            Some("Assessment Team A"),
        );
        assert!(out.status.success(), "{backend:?}: {}", text(&out.stderr));

        let staff = db.open().await.staff_list().await.unwrap();
        let find = |username: &str| {
            staff
                .iter()
                .find(|s| s.username == username)
                .unwrap_or_else(|| panic!("{backend:?}: {username} was not written"))
        };
        let admin = find("first.admin");
        assert_eq!(
            (admin.display_name.as_str(), admin.role, admin.team),
            ("Priya Shah", Role::Administrator, None)
        );
        let senior = find("sam.okafor");
        assert_eq!(senior.role, Role::SeniorSocialWorker);
        assert_eq!(senior.team_name.as_deref(), Some("Assessment Team A"));
        assert!(!admin.disabled && !senior.disabled);

        let (mut server, base) = serve_url(&db.url).await;
        for (username, role) in [
            ("first.admin", "administrator"),
            ("sam.okafor", "senior_social_worker"),
        ] {
            let (client, _) = sign_in(&base, username, password).await;
            let me: serde_json::Value = client
                .get(format!("{base}/api/me"))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            assert_eq!(me["username"], username, "{backend:?}");
            assert_eq!(me["role"], role, "{backend:?}");
        }
        server.kill().unwrap();
        server.wait().unwrap();
    }
}

#[tokio::test]
async fn user_add_refuses_bad_input_with_a_clear_message_and_writes_nothing() {
    for backend in backends() {
        let db = Fresh::with_world(backend).await;
        let before = db.staff_and_audit().await;
        let good_password = "a long enough password";
        // (what is wrong, username, name, role, team, password, what the message says)
        let cases = [
            (
                "an unknown role",
                "new.person",
                "New Person",
                "head_of_everything",
                "Assessment Team A",
                good_password,
                "unknown role \"head_of_everything\"; use one of: social_worker, senior_social_worker",
            ),
            (
                "a short password",
                "new.person",
                "New Person",
                "social_worker",
                "Assessment Team A",
                "eleven char",
                "the password must be at least 12 characters",
            ),
            (
                "a right-to-left override in the name",
                "new.person",
                "New \u{202E}Person",
                "social_worker",
                "Assessment Team A",
                good_password,
                "the name must not contain hidden formatting characters",
            ),
            (
                "a zero-width space in the username",
                "new\u{200B}.person",
                "New Person",
                "social_worker",
                "Assessment Team A",
                good_password,
                "the username must not contain hidden formatting characters",
            ),
            (
                "a team that does not exist",
                "new.person",
                "New Person",
                "social_worker",
                "Assessment Team Z",
                good_password,
                "no team is called \"Assessment Team Z\"",
            ),
        ];
        for (wrong, username, name, role, team, password, message) in cases {
            let out = journey(
                &[
                    "user",
                    "add",
                    "--database-url",
                    &db.url,
                    "--username",
                    username,
                    "--name",
                    name,
                    "--role",
                    role,
                    "--team",
                    team,
                ],
                Some(&format!("{password}\n")),
            );
            let stderr = text(&out.stderr);
            assert!(!out.status.success(), "{backend:?}: {wrong} was accepted");
            assert!(
                stderr.starts_with("journey: ") && stderr.contains(message),
                "{backend:?}: {wrong}: {stderr}"
            );
            assert_eq!(
                db.staff_and_audit().await,
                before,
                "{backend:?}: {wrong} wrote something"
            );
        }
    }
}

/// The numbers in "Built a benchmark authority of N children and M staff".
fn built(stdout: &str) -> (i64, i64) {
    let line = stdout
        .lines()
        .find(|l| l.starts_with("Built a benchmark authority of "))
        .unwrap_or_else(|| panic!("no summary printed: {stdout}"));
    let words: Vec<&str> = line.split_whitespace().collect();
    let after = |word: &str| -> i64 {
        let at = words.iter().position(|w| *w == word).unwrap();
        words[at - 1].parse().unwrap()
    };
    (after("children"), after("staff"))
}

#[tokio::test]
async fn bench_data_writes_the_children_and_staff_it_reports() {
    for backend in backends() {
        let db = Fresh::new(backend).await;
        let args = [
            "bench-data",
            "--database-url",
            &db.url,
            "--children",
            "40",
            "--events-per-child",
            "2",
            "--heavy-children",
            "1",
            "--heavy-events",
            "5",
        ];
        let out = journey(&args, None);
        assert!(out.status.success(), "{backend:?}: {}", text(&out.stderr));
        let (children, staff) = built(&text(&out.stdout));
        assert_eq!(children, 40, "{backend:?}: the children asked for");
        assert!(staff > 0, "{backend:?}");
        assert_eq!(
            db.number("SELECT COUNT(*) FROM person WHERE is_child")
                .await,
            children,
            "{backend:?}: children written"
        );
        assert_eq!(
            db.number("SELECT COUNT(*) FROM staff").await,
            staff,
            "{backend:?}: staff written"
        );

        // A second run would mix two authorities: it is refused and adds nothing.
        let again = journey(&args, None);
        assert!(!again.status.success(), "{backend:?}");
        assert!(
            text(&again.stderr).contains("already holds other data"),
            "{}",
            text(&again.stderr)
        );
        assert_eq!(
            db.number("SELECT COUNT(*) FROM person WHERE is_child")
                .await,
            children
        );
    }
}
