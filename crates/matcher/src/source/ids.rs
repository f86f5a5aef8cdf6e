//! Streaming only the `id` column of a company source, so a refresh can tell
//! which companies were hard-deleted (a deleted row never shows up in
//! [`CompanySource::changed_since`]).

use std::str::FromStr;

use futures_util::TryStreamExt;
use sqlx::mysql::{MySql, MySqlConnectOptions, MySqlConnection};
use sqlx::postgres::{PgConnectOptions, PgConnection, Postgres};
use sqlx::sqlite::Sqlite;
use sqlx::{
    AssertSqlSafe, ColumnIndex, Database, Decode, Executor, IntoArguments, SqlSafeStr, Type,
};

use super::database::close;
use super::sql::{DEFAULT_TABLE, column_names, read_text};
use super::{CompanySource, SourceError, SourceLocation};

impl CompanySource {
    /// Streams the id of every row (empty and null ids are left out) to
    /// `sink` and returns how many were streamed. Only the `id` column is
    /// transferred: the default query becomes `SELECT id FROM companies`, a
    /// custom one `SELECT id FROM (<query>) AS q`.
    pub async fn ids<F>(&self, mut sink: F) -> Result<u64, SourceError>
    where
        F: FnMut(&str) + Send,
    {
        self.scan_ids(false, &mut |id, _| sink(id)).await
    }

    /// Streams the id of every row with its `updated_at` when `with_updated_at`
    /// and the source has that column (else `None`).
    pub(super) async fn scan_ids<F>(
        &self,
        with_updated_at: bool,
        sink: &mut F,
    ) -> Result<u64, SourceError>
    where
        F: FnMut(&str, Option<&str>) + Send,
    {
        let location = self.location.to_string();
        match &self.location {
            SourceLocation::Csv { path } => {
                if self.query.is_some() {
                    return Err(SourceError::QueryOnCsv(path.clone()));
                }
                let mut count = 0;
                super::csv_file::stream_csv(path, None, &mut |row| {
                    count += 1;
                    sink(row.id, row.updated_at.filter(|_| with_updated_at));
                })?;
                Ok(count)
            }
            SourceLocation::Sqlite { .. } => {
                let mut conn = self.connect_sqlite(false).await?;
                let result = self
                    .stream_ids::<Sqlite, _>(&mut conn, &location, with_updated_at, sink)
                    .await;
                close(conn).await;
                result
            }
            SourceLocation::Postgres { url } => {
                let options = PgConnectOptions::from_str(url).map_err(|e| self.connect_error(e))?;
                let mut conn = self.connect::<PgConnection>(&options).await?;
                let result = self
                    .stream_ids::<Postgres, _>(&mut conn, &location, with_updated_at, sink)
                    .await;
                close(conn).await;
                result
            }
            SourceLocation::MySql { url } => {
                let options =
                    MySqlConnectOptions::from_str(url).map_err(|e| self.connect_error(e))?;
                let mut conn = self.connect::<MySqlConnection>(&options).await?;
                let result = self
                    .stream_ids::<MySql, _>(&mut conn, &location, with_updated_at, sink)
                    .await;
                close(conn).await;
                result
            }
        }
    }

    /// The query the source reads rows with (the default table or the
    /// custom query, without a trailing `;`).
    fn base_sql(&self) -> String {
        self.query.as_deref().map_or_else(
            || format!("SELECT * FROM {DEFAULT_TABLE}"),
            |q| q.trim().trim_end_matches(';').to_owned(),
        )
    }

    /// The SQL that reads only the ids (and `updated_at`).
    fn ids_sql(&self, with_updated_at: bool) -> String {
        let columns = if with_updated_at {
            "id, updated_at"
        } else {
            "id"
        };
        match self.query.as_deref() {
            Some(_) => format!("SELECT {columns} FROM ({}) AS q", self.base_sql()),
            None => format!("SELECT {columns} FROM {DEFAULT_TABLE}"),
        }
    }

    async fn stream_ids<DB, F>(
        &self,
        conn: &mut DB::Connection,
        location: &str,
        with_updated_at: bool,
        sink: &mut F,
    ) -> Result<u64, SourceError>
    where
        DB: Database,
        for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
        for<'r> &'r str: Decode<'r, DB> + Type<DB>,
        for<'r> i64: Decode<'r, DB> + Type<DB>,
        for<'r> i32: Decode<'r, DB> + Type<DB>,
        usize: ColumnIndex<DB::Row>,
        DB::Arguments: IntoArguments<DB>,
        F: FnMut(&str, Option<&str>),
    {
        let with_updated_at = with_updated_at
            && column_names::<DB>(conn, location, &self.base_sql())
                .await?
                .iter()
                .any(|c| c == "updated_at");
        let sql = self.ids_sql(with_updated_at);
        let query_error = |cause| SourceError::Query {
            location: location.to_owned(),
            query: sql.clone(),
            cause,
        };
        let mut rows =
            sqlx::query::<DB>(AssertSqlSafe(sql.clone()).into_sql_str()).fetch(&mut *conn);
        let mut count = 0;
        while let Some(row) = rows.try_next().await.map_err(query_error)? {
            if let Some(id) = read_text::<DB>(&row, 0, "id", &sql)? {
                let id = id.trim();
                if !id.is_empty() {
                    let updated_at = if with_updated_at {
                        read_text::<DB>(&row, 1, "updated_at", &sql)?
                    } else {
                        None
                    };
                    count += 1;
                    sink(id, updated_at.as_deref());
                }
            }
        }
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use crate::source::{CompanyRecord, CompanySource, write_companies};

    fn record(id: &str, name: &str) -> CompanyRecord {
        CompanyRecord {
            id: id.to_owned(),
            name: name.to_owned(),
            ..CompanyRecord::default()
        }
    }

    #[tokio::test]
    async fn ids_of_sqlite_csv_and_a_custom_query() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let rows = vec![
            record("1", "株式会社A"),
            record("2", "株式会社B"),
            record("3", ""),
        ];
        for file in ["c.sqlite", "c.csv"] {
            let path = dir.path().join(file);
            let source =
                CompanySource::parse(&path.display().to_string()).unwrap_or_else(|e| panic!("{e}"));
            write_companies(source.location(), "companies", rows.clone())
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let mut ids = Vec::new();
            let count = source
                .ids(|id| ids.push(id.to_owned()))
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            ids.sort();
            assert_eq!(count as usize, ids.len(), "{file}");
            assert!(
                ids.starts_with(&["1".to_owned(), "2".to_owned()]),
                "{file}: {ids:?}"
            );
        }
        let source = CompanySource::parse(&dir.path().join("c.sqlite").display().to_string())
            .unwrap_or_else(|e| panic!("{e}"))
            .with_query("SELECT id, name FROM companies WHERE id <> '2';");
        let mut ids = Vec::new();
        source
            .ids(|id| ids.push(id.to_owned()))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        ids.sort();
        assert_eq!(ids, ["1", "3"]);
    }
}
