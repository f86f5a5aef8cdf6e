//! The company sources behind one type: connecting, streaming rows to a
//! sink, and writing a table (the `database` feature).

use std::str::FromStr;
use std::time::Duration;

use sqlx::Connection;
use sqlx::mysql::{MySql, MySqlConnectOptions, MySqlConnection};
use sqlx::postgres::{PgConnectOptions, PgConnection, Postgres};
use sqlx::sqlite::{
    Sqlite, SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqliteSynchronous,
};

use super::csv_file;
use super::sql::{Placeholder, stream_rows};
use super::writer::{self, Dialect};
use super::{CompanyRecord, CompanyRow, LoadReport, SourceError, SourceLocation};

/// Rows the SQLite worker thread may queue ahead of the reader.
const SQLITE_ROW_BUFFER: usize = 4_096;

/// How long connecting to a database may take before the load fails.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

/// A company table to read: where it is and, optionally, the query that maps a
/// different schema onto the contract columns.
#[derive(Debug, Clone)]
pub struct CompanySource {
    pub(super) location: SourceLocation,
    pub(super) query: Option<String>,
    pub(super) connect_timeout: Duration,
}

impl CompanySource {
    /// A source at `location`, read with the default query.
    pub fn new(location: SourceLocation) -> Self {
        Self {
            location,
            query: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
        }
    }

    /// Parses a source string (see [`SourceLocation::parse`]).
    pub fn parse(source: &str) -> Result<Self, SourceError> {
        SourceLocation::parse(source).map(Self::new)
    }

    /// Reads with a custom query that returns the contract column names
    /// (`id` and `name` at least) instead of `SELECT … FROM companies`.
    pub fn with_query(mut self, query: impl Into<String>) -> Self {
        let query = query.into();
        self.query = (!query.trim().is_empty()).then_some(query);
        self
    }

    /// Where the rows are read from.
    pub fn location(&self) -> &SourceLocation {
        &self.location
    }

    /// The custom query, if one was set.
    pub fn query(&self) -> Option<&str> {
        self.query.as_deref()
    }

    /// Streams every row to `sink`.
    pub async fn load<F>(&self, mut sink: F) -> Result<LoadReport, SourceError>
    where
        F: FnMut(CompanyRow<'_>) + Send,
    {
        self.read(None, &mut sink).await
    }

    /// Streams the rows whose `updated_at` is later than `since` (ISO-8601
    /// text, compared as text: keep one format and time zone in the table).
    pub async fn changed_since<F>(
        &self,
        since: &str,
        mut sink: F,
    ) -> Result<LoadReport, SourceError>
    where
        F: FnMut(CompanyRow<'_>) + Send,
    {
        self.read(Some(since), &mut sink).await
    }

    /// Loads every row into memory (convenient for small tables and tests).
    pub async fn load_records(&self) -> Result<(Vec<CompanyRecord>, LoadReport), SourceError> {
        let mut records = Vec::new();
        let report = self.load(|row| records.push(row.to_record())).await?;
        Ok((records, report))
    }

    async fn read<F>(&self, since: Option<&str>, sink: &mut F) -> Result<LoadReport, SourceError>
    where
        F: FnMut(CompanyRow<'_>) + Send,
    {
        let query = self.query.as_deref();
        match &self.location {
            SourceLocation::Csv { path } => {
                if query.is_some() {
                    return Err(SourceError::QueryOnCsv(path.clone()));
                }
                csv_file::stream_csv(path, since, sink)
            }
            SourceLocation::Sqlite { .. } => {
                let conn = self.connect_sqlite(false).await?;
                self.stream_and_close::<Sqlite, F>(conn, Placeholder::Question, since, sink)
                    .await
            }
            SourceLocation::Postgres { url } => {
                let options = PgConnectOptions::from_str(url).map_err(|e| self.connect_error(e))?;
                let conn = self.connect::<PgConnection>(&options).await?;
                self.stream_and_close::<Postgres, F>(conn, Placeholder::Dollar, since, sink)
                    .await
            }
            SourceLocation::MySql { url } => {
                let options =
                    MySqlConnectOptions::from_str(url).map_err(|e| self.connect_error(e))?;
                let conn = self.connect::<MySqlConnection>(&options).await?;
                self.stream_and_close::<MySql, F>(conn, Placeholder::Question, since, sink)
                    .await
            }
        }
    }

    /// Streams the rows over `conn`, then closes it.
    async fn stream_and_close<DB, F>(
        &self,
        mut conn: DB::Connection,
        placeholder: Placeholder,
        since: Option<&str>,
        sink: &mut F,
    ) -> Result<LoadReport, SourceError>
    where
        DB: sqlx::Database,
        for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
        for<'r> &'r str: sqlx::Decode<'r, DB> + sqlx::Type<DB>,
        for<'r> i64: sqlx::Decode<'r, DB> + sqlx::Type<DB>,
        for<'r> i32: sqlx::Decode<'r, DB> + sqlx::Type<DB>,
        for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
        usize: sqlx::ColumnIndex<DB::Row>,
        DB::Arguments: sqlx::IntoArguments<DB>,
        F: FnMut(CompanyRow<'_>),
    {
        let location = self.location.to_string();
        let query = self.query.as_deref();
        let result =
            stream_rows::<DB, F>(&mut conn, &location, query, since, placeholder, sink).await;
        close(conn).await;
        result
    }

    pub(super) async fn connect_sqlite(
        &self,
        for_writing: bool,
    ) -> Result<SqliteConnection, SourceError> {
        let SourceLocation::Sqlite { url, path } = &self.location else {
            return Err(SourceError::Unsupported(self.location.to_string()));
        };
        if let Some(path) = path
            && !for_writing
            && !path.is_file()
        {
            return Err(SourceError::SqliteFileNotFound(path.clone()));
        }
        let mut options = SqliteConnectOptions::from_str(url)
            .map_err(|e| self.connect_error(e))?
            .read_only(!for_writing)
            .create_if_missing(for_writing);
        if for_writing {
            options = options
                .journal_mode(SqliteJournalMode::Off)
                .synchronous(SqliteSynchronous::Off);
        } else {
            // Reads stream millions of rows: let the worker thread queue
            // them in large batches instead of waking the reader per row,
            // and map the file rather than copy its pages.
            options = options
                .row_buffer_size(SQLITE_ROW_BUFFER)
                .pragma("mmap_size", "1073741824");
        }
        self.connect::<SqliteConnection>(&options).await
    }

    pub(super) async fn connect<C: Connection>(
        &self,
        options: &C::Options,
    ) -> Result<C, SourceError> {
        match tokio::time::timeout(self.connect_timeout, C::connect_with(options)).await {
            Ok(Ok(conn)) => Ok(conn),
            Ok(Err(cause)) => Err(self.connect_error(cause)),
            Err(_) => Err(SourceError::ConnectTimeout {
                location: self.location.to_string(),
                seconds: self.connect_timeout.as_secs(),
            }),
        }
    }

    pub(super) fn connect_error(&self, cause: sqlx::Error) -> SourceError {
        SourceError::Connect {
            location: self.location.to_string(),
            cause,
        }
    }
}

/// Closes a connection politely; a failure to say goodbye changes nothing.
pub(super) async fn close<C: Connection>(conn: C) {
    let _ = conn.close().await;
}

/// Replaces `table` at `location` with `rows` (created with the contract
/// columns, all text, `id` as primary key, an index on `updated_at`); a CSV
/// location is written as a file with the contract header. Returns the number
/// of rows written.
pub async fn write_companies<I>(
    location: &SourceLocation,
    table: &str,
    rows: I,
) -> Result<u64, SourceError>
where
    I: IntoIterator<Item = CompanyRecord>,
{
    writer::check_table_name(table)?;
    let source = CompanySource::new(location.clone());
    let write_error = |cause: sqlx::Error| SourceError::Write {
        location: location.to_string(),
        cause: Box::new(cause),
    };
    match location {
        SourceLocation::Csv { path } => writer::write_csv(path, rows),
        SourceLocation::Sqlite { .. } => {
            let mut conn = source.connect_sqlite(true).await?;
            let written = writer::write_sql::<Sqlite, I>(&mut conn, Dialect::Sqlite, table, rows)
                .await
                .map_err(write_error)?;
            conn.close().await.map_err(write_error)?;
            Ok(written)
        }
        SourceLocation::Postgres { url } => {
            let options = PgConnectOptions::from_str(url).map_err(|e| source.connect_error(e))?;
            let mut conn = source.connect::<PgConnection>(&options).await?;
            let written =
                writer::write_sql::<Postgres, I>(&mut conn, Dialect::Postgres, table, rows)
                    .await
                    .map_err(write_error)?;
            close(conn).await;
            Ok(written)
        }
        SourceLocation::MySql { url } => {
            let options =
                MySqlConnectOptions::from_str(url).map_err(|e| source.connect_error(e))?;
            let mut conn = source.connect::<MySqlConnection>(&options).await?;
            let written = writer::write_sql::<MySql, I>(&mut conn, Dialect::MySql, table, rows)
                .await
                .map_err(write_error)?;
            close(conn).await;
            Ok(written)
        }
    }
}
