//! The same generated table loads identically through SQLite, PostgreSQL,
//! MariaDB/MySQL and CSV, and every backend reports bad data the same way.
//!
//! The PostgreSQL and MySQL tests use real servers: `NAYOSE_TEST_POSTGRES_URL`
//! (default `postgres://postgres@127.0.0.1:5432/test`) and
//! `NAYOSE_TEST_MYSQL_URL` (default `mysql://root@127.0.0.1:3306/test`). Each
//! test creates and drops its own database. When a server is unreachable the
//! test fails if `CI` is `true` (or `NAYOSE_REQUIRE_DATABASES=1`) and is skipped
//! loudly otherwise.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail by panicking

use std::sync::atomic::{AtomicU32, Ordering};

use nayose::source::{CompanyRecord, CompanySource, SourceError, SourceLocation, write_companies};
use nayose_datagen::{TableConfig, TableGenerator};
use sqlx::{AssertSqlSafe, Connection, Executor, SqlSafeStr};

fn generated(rows: usize, seed: u64) -> Vec<CompanyRecord> {
    TableGenerator::new(TableConfig { rows, seed })
        .map(|c| c.record())
        .collect()
}

fn sorted(mut records: Vec<CompanyRecord>) -> Vec<CompanyRecord> {
    records.sort_by(|a, b| a.id.cmp(&b.id));
    records
}

fn databases_required() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
        || std::env::var("NAYOSE_REQUIRE_DATABASES").is_ok_and(|v| v == "1")
}

#[derive(Clone, Copy, Debug)]
enum Server {
    Postgres,
    MySql,
}

impl Server {
    fn admin_url(self) -> String {
        let (var, default) = match self {
            Self::Postgres => (
                "NAYOSE_TEST_POSTGRES_URL",
                "postgres://postgres@127.0.0.1:5432/test",
            ),
            Self::MySql => ("NAYOSE_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/test"),
        };
        std::env::var(var).unwrap_or_else(|_| default.to_owned())
    }

    /// The URL of another database on the same server.
    fn url_of(self, database: &str) -> String {
        let admin = self.admin_url();
        let (base, query) = admin
            .split_once('?')
            .map_or((admin.as_str(), None), |(b, q)| (b, Some(q)));
        let root = base.rsplit_once('/').map_or(base, |(root, _)| root);
        match query {
            Some(q) => format!("{root}/{database}?{q}"),
            None => format!("{root}/{database}"),
        }
    }

    async fn execute(self, sql: &str) -> Result<(), sqlx::Error> {
        self.execute_on(&self.admin_url(), sql).await
    }

    async fn execute_on(self, url: &str, sql: &str) -> Result<(), sqlx::Error> {
        let statement = AssertSqlSafe(sql.to_owned()).into_sql_str();
        match self {
            Self::Postgres => {
                let mut conn = sqlx::PgConnection::connect(url).await?;
                conn.execute(statement).await?;
                conn.close().await
            }
            Self::MySql => {
                let mut conn = sqlx::MySqlConnection::connect(url).await?;
                conn.execute(statement).await?;
                conn.close().await
            }
        }
    }
}

/// A database created for one test and dropped at its end.
struct TestDatabase {
    server: Server,
    name: String,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl TestDatabase {
    /// Creates a fresh database, or `None` (skip) when the server is down
    /// and databases are not required.
    async fn create(server: Server) -> Option<Self> {
        let name = format!(
            "nayose_t{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let create = match server {
            Server::Postgres => format!("CREATE DATABASE {name}"),
            Server::MySql => format!("CREATE DATABASE {name} CHARACTER SET utf8mb4"),
        };
        match server.execute(&create).await {
            Ok(()) => Some(Self { server, name }),
            Err(error) if !databases_required() => {
                eprintln!(
                    "SKIPPED: {server:?} at {} is unreachable ({error}); set CI=true to make this a failure",
                    nayose::source::redact(&server.admin_url())
                );
                None
            }
            Err(error) => panic!("{server:?} at {} is required: {error}", server.admin_url()),
        }
    }

    fn url(&self) -> String {
        self.server.url_of(&self.name)
    }

    async fn execute(&self, sql: &str) {
        if let Err(error) = self.server.execute_on(&self.url(), sql).await {
            panic!("{sql}: {error}");
        }
    }

    async fn drop(self) {
        let sql = match self.server {
            Server::Postgres => format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
            Server::MySql => format!("DROP DATABASE IF EXISTS {}", self.name),
        };
        if let Err(error) = self.server.execute(&sql).await {
            eprintln!("could not drop test database {}: {error}", self.name);
        }
    }
}

/// One empty location per backend: SQLite and CSV files in a temporary
/// directory, and a fresh database on each reachable server.
async fn every_backend() -> (tempfile::TempDir, Vec<SourceLocation>, Vec<TestDatabase>) {
    let dir = tempfile::tempdir().unwrap();
    let mut locations = vec![
        SourceLocation::parse(dir.path().join("c.sqlite").to_str().unwrap()).unwrap(),
        SourceLocation::parse(dir.path().join("c.csv").to_str().unwrap()).unwrap(),
    ];
    let mut databases = Vec::new();
    for server in [Server::Postgres, Server::MySql] {
        if let Some(db) = TestDatabase::create(server).await {
            locations.push(SourceLocation::parse(&db.url()).unwrap());
            databases.push(db);
        }
    }
    (dir, locations, databases)
}

async fn load_sorted(source: &CompanySource) -> Vec<CompanyRecord> {
    match source.load_records().await {
        Ok((records, _)) => sorted(records),
        Err(error) => panic!("loading {}: {error}", source.location()),
    }
}

#[tokio::test]
async fn generated_table_is_identical_through_every_backend() {
    let table = sorted(generated(3_000, 11));
    let (_dir, locations, databases) = every_backend().await;
    for location in &locations {
        let written = write_companies(location, "companies", table.clone())
            .await
            .unwrap();
        assert_eq!(written, 3_000, "{location}");
        let loaded = load_sorted(&CompanySource::new(location.clone())).await;
        assert_eq!(loaded.len(), table.len(), "{location}");
        for (got, want) in loaded.iter().zip(&table) {
            assert_eq!(got, want, "{location}");
        }
    }
    for db in databases {
        db.drop().await;
    }
}

#[tokio::test]
async fn changed_since_reads_only_later_rows_everywhere() {
    let table = sorted(generated(1_000, 12));
    let since = "2024-06-01T00:00:00Z";
    let expected: Vec<CompanyRecord> = table
        .iter()
        .filter(|r| r.updated_at.as_deref().is_some_and(|u| u > since))
        .cloned()
        .collect();
    assert!(!expected.is_empty() && expected.len() < table.len());
    let (_dir, locations, databases) = every_backend().await;
    for location in &locations {
        write_companies(location, "companies", table.clone())
            .await
            .unwrap();
        let source = CompanySource::new(location.clone());
        let mut changed = Vec::new();
        let report = source
            .changed_since(since, |row| changed.push(row.to_record()))
            .await
            .unwrap();
        assert_eq!(report.rows as usize, expected.len(), "{location}");
        assert_eq!(sorted(changed), expected, "{location}");
    }
    for db in databases {
        db.drop().await;
    }
}

#[tokio::test]
async fn a_source_stamp_is_the_same_on_every_backend_and_follows_updates() {
    let table = sorted(generated(1_000, 13));
    let expected_max = table.iter().filter_map(|r| r.updated_at.clone()).max();
    let (_dir, locations, databases) = every_backend().await;
    let mut digests = Vec::new();
    for location in &locations {
        write_companies(location, "companies", table.clone())
            .await
            .unwrap();
        let source = CompanySource::new(location.clone());
        let stamp = source.stamp().await.unwrap();
        assert_eq!(stamp.rows, 1_000, "{location}");
        assert_eq!(stamp.max_updated_at, expected_max, "{location}");
        assert!(!stamp.location.contains("password"), "{location}");
        digests.push(stamp.digest.clone());
        // One row updated in place, to a time below the maximum.
        let mut updated = table.clone();
        updated[0].updated_at = Some("2001-01-01T00:00:00Z".to_owned());
        write_companies(location, "companies", updated)
            .await
            .unwrap();
        let after = source.stamp().await.unwrap();
        assert_eq!(after.rows, 1_000, "{location}");
        assert_ne!(after.digest, stamp.digest, "{location}");
    }
    digests.dedup();
    assert_eq!(digests.len(), 1, "the backends disagree: {digests:?}");
    for db in databases {
        db.drop().await;
    }
}

/// Statements that build a table with the bad rows of one test, per dialect.
async fn sql_fixture(db: &TestDatabase, ddl: &str, inserts: &[&str]) {
    db.execute(ddl).await;
    for insert in inserts {
        db.execute(insert).await;
    }
}

const BAD_ROWS_DDL: &str =
    "CREATE TABLE companies (id VARCHAR(20), name VARCHAR(100), updated_at VARCHAR(40))";
const BAD_ROWS: &str = "INSERT INTO companies (id, name) VALUES \
    ('1', '株式会社A'), ('2', ''), ('3', '   '), ('4', NULL), ('', '株式会社E'), ('6', '有限会社F')";
const DUPLICATE_ROWS: &str = "INSERT INTO companies (id, name) VALUES \
    ('1', 'A'), ('2', 'B'), ('1', 'A again'), ('3', 'C'), ('2', 'B again'), ('1', 'A thrice')";

async fn sqlite_with(statements: &[&str]) -> (tempfile::TempDir, CompanySource) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.sqlite");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    for statement in statements {
        conn.execute(AssertSqlSafe(statement.to_string()).into_sql_str())
            .await
            .unwrap();
    }
    conn.close().await.unwrap();
    let source = CompanySource::parse(path.to_str().unwrap()).unwrap();
    (dir, source)
}

fn assert_empty_names_skipped(result: Result<nayose::LoadReport, SourceError>, backend: &str) {
    let report = result.unwrap_or_else(|e| panic!("{backend}: {e}"));
    assert_eq!(report.rows, 2, "{backend}");
    assert_eq!(report.skipped_empty_name, 3, "{backend}");
    assert_eq!(report.skipped_empty_id, 1, "{backend}");
}

fn assert_duplicates_named(result: Result<nayose::LoadReport, SourceError>, backend: &str) {
    match result {
        Err(SourceError::DuplicateIds {
            count, examples, ..
        }) => {
            assert_eq!(count, 3, "{backend}");
            assert_eq!(examples, ["1", "2", "1"], "{backend}");
        }
        other => panic!("{backend}: expected duplicate ids, got {other:?}"),
    }
}

fn assert_missing_name_column(result: Result<nayose::LoadReport, SourceError>, backend: &str) {
    match result {
        Err(error @ SourceError::MissingColumn { column: "name", .. }) => {
            let message = error.to_string();
            assert!(
                message.contains("`name`") && message.contains("SELECT"),
                "{backend}: {message}"
            );
        }
        other => panic!("{backend}: expected a missing column, got {other:?}"),
    }
}

fn assert_missing_table(result: Result<nayose::LoadReport, SourceError>, backend: &str) {
    match result {
        Err(error @ SourceError::Query { .. }) => {
            let message = error.to_string();
            assert!(message.contains("companies"), "{backend}: {message}");
        }
        other => panic!("{backend}: expected a query error, got {other:?}"),
    }
}

#[tokio::test]
async fn sqlite_bad_data_is_reported() {
    let (_dir, source) = sqlite_with(&[BAD_ROWS_DDL, BAD_ROWS]).await;
    assert_empty_names_skipped(source.load(|_| {}).await, "SQLite");
    let (_dir, source) = sqlite_with(&[BAD_ROWS_DDL, DUPLICATE_ROWS]).await;
    assert_duplicates_named(source.load(|_| {}).await, "SQLite");
    let (_dir, source) = sqlite_with(&[
        "CREATE TABLE companies (id TEXT, title TEXT)",
        "INSERT INTO companies VALUES ('1','x')",
    ])
    .await;
    assert_missing_name_column(source.load(|_| {}).await, "SQLite");
    let (_dir, source) = sqlite_with(&["CREATE TABLE other (id TEXT)"]).await;
    assert_missing_table(source.load(|_| {}).await, "SQLite");
    let missing = CompanySource::parse("/nonexistent/dir/companies.sqlite").unwrap();
    assert!(matches!(
        missing.load(|_| {}).await,
        Err(SourceError::SqliteFileNotFound(_))
    ));
}

#[tokio::test]
async fn sqlite_reads_integer_ids_and_custom_queries() {
    let (_dir, source) = sqlite_with(&[
        "CREATE TABLE firms (corp_no INTEGER, firm TEXT, kana TEXT)",
        "INSERT INTO firms VALUES (6020001008662, '株式会社サカタのタネ', 'サカタノタネ')",
    ])
    .await;
    let source =
        source.with_query("SELECT corp_no AS id, firm AS name, kana AS name_kana FROM firms");
    let (records, _) = source.load_records().await.unwrap();
    assert_eq!(records[0].id, "6020001008662");
    assert_eq!(records[0].name_kana.as_deref(), Some("サカタノタネ"));
    let err = source.changed_since("2020", |_| {}).await.unwrap_err();
    assert!(matches!(err, SourceError::NoUpdatedAt { .. }), "{err}");
}

#[tokio::test]
async fn csv_bad_data_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        CompanySource::parse(path.to_str().unwrap()).unwrap()
    };
    let source = write(
        "empty.csv",
        "\u{feff}id,name,updated_at\n1,株式会社A,\n2,,\n3,   ,\n4,,\n,株式会社E,\n6,有限会社F,\n",
    );
    assert_empty_names_skipped(source.load(|_| {}).await, "CSV");
    let source = write(
        "dup.csv",
        "id,name\n1,A\n2,B\n1,A again\n3,C\n2,B again\n1,A thrice\n",
    );
    assert_duplicates_named(source.load(|_| {}).await, "CSV");
    let source = write("noname.csv", "id,title\n1,x\n");
    let err = source.load(|_| {}).await.unwrap_err();
    assert!(
        matches!(err, SourceError::MissingColumn { column: "name", .. }),
        "{err}"
    );
    let source = write("ragged.csv", "id,name\n1,A\n2,B,extra\n");
    let err = source.load(|_| {}).await.unwrap_err().to_string();
    assert!(err.contains("line 3") || err.contains("record 2"), "{err}");
    let err = write("q.csv", "id,name\n")
        .with_query("SELECT 1")
        .load(|_| {})
        .await
        .unwrap_err();
    assert!(matches!(err, SourceError::QueryOnCsv(_)), "{err}");
}

#[tokio::test]
async fn server_bad_data_is_reported() {
    for server in [Server::Postgres, Server::MySql] {
        let backend = format!("{server:?}");
        let Some(db) = TestDatabase::create(server).await else {
            continue;
        };
        let source = CompanySource::parse(&db.url()).unwrap();
        assert_missing_table(source.load(|_| {}).await, &backend);
        sql_fixture(&db, BAD_ROWS_DDL, &[BAD_ROWS]).await;
        assert_empty_names_skipped(source.load(|_| {}).await, &backend);
        db.execute("DELETE FROM companies").await;
        db.execute(DUPLICATE_ROWS).await;
        assert_duplicates_named(source.load(|_| {}).await, &backend);
        db.execute("CREATE TABLE firms (id VARCHAR(20), title VARCHAR(20))")
            .await;
        let custom = source.clone().with_query("SELECT id, title FROM firms");
        assert_missing_name_column(custom.load(|_| {}).await, &backend);
        db.drop().await;
    }
}

#[tokio::test]
async fn unreachable_and_refused_connections_are_clear_errors() {
    // Nothing listens on port 1.
    for url in [
        "postgres://postgres@127.0.0.1:1/test",
        "mysql://root@127.0.0.1:1/test",
    ] {
        let err = CompanySource::parse(url)
            .unwrap()
            .load(|_| {})
            .await
            .unwrap_err();
        assert!(matches!(err, SourceError::Connect { .. }), "{url}: {err}");
        assert!(err.to_string().contains("127.0.0.1:1"), "{err}");
    }
    // A database that does not exist, on a live server.
    if let Some(db) = TestDatabase::create(Server::Postgres).await {
        let url = Server::Postgres.url_of("nayose_no_such_database");
        let err = CompanySource::parse(&url)
            .unwrap()
            .load(|_| {})
            .await
            .unwrap_err();
        assert!(err.to_string().contains("nayose_no_such_database"), "{err}");
        db.drop().await;
    }
    // A wrong password (MariaDB's root has none, so any password is wrong);
    // the password must not appear in the error.
    if let Some(db) = TestDatabase::create(Server::MySql).await {
        let url = db.url().replacen("://root@", "://root:Wr0ngSecret@", 1);
        let err = CompanySource::parse(&url)
            .unwrap()
            .load(|_| {})
            .await
            .unwrap_err();
        let message = err.to_string();
        assert!(matches!(err, SourceError::Connect { .. }), "{message}");
        assert!(
            message.to_lowercase().contains("access denied"),
            "{message}"
        );
        assert!(!message.contains("Wr0ngSecret"), "{message}");
        db.drop().await;
    }
}
