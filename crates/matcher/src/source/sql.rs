//! Streaming company rows out of an SQL database through one sqlx connection.
//!
//! The code is generic over the sqlx driver so SQLite, PostgreSQL and MySQL
//! share one implementation while each keeps its own native connection type
//! (faster than sqlx's `Any` driver).

use std::borrow::Cow;

use futures_util::TryStreamExt;
use sqlx::{
    AssertSqlSafe, Column, ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Row,
    SqlSafeStr, Statement, Type, TypeInfo,
};

use super::checker::RowChecker;
use super::record::{COLUMNS, CompanyRow, REQUIRED_COLUMNS};
use super::{LoadReport, SourceError};

/// The table the default query reads.
pub(crate) const DEFAULT_TABLE: &str = "companies";

/// How placeholders are written in a driver's SQL.
#[derive(Clone, Copy)]
pub(crate) enum Placeholder {
    /// `?` (SQLite, MySQL).
    Question,
    /// `$1` (PostgreSQL).
    Dollar,
}

impl Placeholder {
    pub(crate) fn nth(self, n: usize) -> String {
        match self {
            Self::Question => "?".to_owned(),
            Self::Dollar => format!("${n}"),
        }
    }
}

/// A read: the query to run and where each contract column sits in its result.
struct ReadPlan {
    sql: String,
    positions: [Option<usize>; 9],
}

/// Reads every row (or, with `since`, rows whose `updated_at` is later) and
/// hands each admitted row to `sink`.
pub(crate) async fn stream_rows<DB, F>(
    conn: &mut DB::Connection,
    location: &str,
    custom_query: Option<&str>,
    since: Option<&str>,
    placeholder: Placeholder,
    sink: &mut F,
) -> Result<LoadReport, SourceError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'r> &'r str: Decode<'r, DB> + Type<DB>,
    for<'r> i64: Decode<'r, DB> + Type<DB>,
    for<'r> i32: Decode<'r, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
    DB::Arguments: IntoArguments<DB>,
    F: FnMut(CompanyRow<'_>),
{
    let plan = plan_read::<DB>(conn, location, custom_query, since, placeholder).await?;
    let query_error = |cause| SourceError::Query {
        location: location.to_owned(),
        query: plan.sql.clone(),
        cause,
    };
    let mut query = sqlx::query::<DB>(AssertSqlSafe(plan.sql.clone()).into_sql_str());
    if let Some(since) = since {
        query = query.bind(since.to_owned());
    }
    let mut checker = RowChecker::new();
    let mut rows = query.fetch(&mut *conn);
    while let Some(row) = rows.try_next().await.map_err(query_error)? {
        let mut texts: [Option<Cow<'_, str>>; 9] = Default::default();
        for (slot, (position, column)) in texts.iter_mut().zip(plan.positions.iter().zip(COLUMNS)) {
            if let Some(index) = *position {
                *slot = read_text::<DB>(&row, index, column, &plan.sql)?;
            }
        }
        if let Some(company) = checker.admit(texts.each_ref().map(|t| t.as_deref())) {
            sink(company);
        }
    }
    checker
        .finish()
        .map_err(|(count, examples)| SourceError::DuplicateIds {
            location: location.to_owned(),
            count,
            examples,
        })
}

/// Prepares the query to learn its columns, checks the required ones, and
/// builds the SQL to run.
async fn plan_read<DB>(
    conn: &mut DB::Connection,
    location: &str,
    custom_query: Option<&str>,
    since: Option<&str>,
    placeholder: Placeholder,
) -> Result<ReadPlan, SourceError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
{
    let base = custom_query.map_or_else(
        || format!("SELECT * FROM {DEFAULT_TABLE}"),
        |q| q.trim().trim_end_matches(';').to_owned(),
    );
    let names = column_names::<DB>(conn, location, &base).await?;
    let found = |column: &str| names.iter().position(|n| n == column);
    for column in REQUIRED_COLUMNS {
        if found(column).is_none() {
            return Err(SourceError::MissingColumn {
                column,
                found: names.join(", "),
                query: base,
            });
        }
    }
    if since.is_some() && found("updated_at").is_none() {
        return Err(SourceError::NoUpdatedAt {
            location: location.to_owned(),
        });
    }
    let filter = |from: &str| match since {
        Some(_) => format!("{from} WHERE updated_at > {}", placeholder.nth(1)),
        None => from.to_owned(),
    };
    if custom_query.is_some() {
        let sql = match since {
            Some(_) => filter(&format!("SELECT * FROM ({base}) AS nayose_source")),
            None => base,
        };
        return Ok(ReadPlan {
            sql,
            positions: COLUMNS.map(found),
        });
    }
    // The default query selects only the contract columns the table has, so
    // extra (possibly large) columns are never transferred.
    let present: Vec<&str> = COLUMNS.into_iter().filter(|c| found(c).is_some()).collect();
    let positions = COLUMNS.map(|c| present.iter().position(|p| *p == c));
    let sql = filter(&format!(
        "SELECT {} FROM {DEFAULT_TABLE}",
        present.join(", ")
    ));
    Ok(ReadPlan { sql, positions })
}

/// The lower-cased names of the columns `base` returns (the statement is
/// prepared, not run).
pub(crate) async fn column_names<DB>(
    conn: &mut DB::Connection,
    location: &str,
    base: &str,
) -> Result<Vec<String>, SourceError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
{
    let statement = conn
        .prepare(AssertSqlSafe(base.to_owned()).into_sql_str())
        .await
        .map_err(|cause| SourceError::Query {
            location: location.to_owned(),
            query: base.to_owned(),
            cause,
        })?;
    Ok(statement
        .columns()
        .iter()
        .map(|c| c.name().to_ascii_lowercase())
        .collect())
}

/// Reads one column as text; integer columns (a numeric `id`, say) are
/// rendered in decimal, anything else is a [`SourceError::ColumnType`].
pub(crate) fn read_text<'r, DB>(
    row: &'r DB::Row,
    index: usize,
    column: &'static str,
    query: &str,
) -> Result<Option<Cow<'r, str>>, SourceError>
where
    DB: Database,
    &'r str: Decode<'r, DB> + Type<DB>,
    i64: Decode<'r, DB> + Type<DB>,
    i32: Decode<'r, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    if let Ok(text) = row.try_get::<Option<&'r str>, _>(index) {
        return Ok(text.map(Cow::Borrowed));
    }
    if let Ok(number) = row.try_get::<Option<i64>, _>(index) {
        return Ok(number.map(|n| Cow::Owned(n.to_string())));
    }
    if let Ok(number) = row.try_get::<Option<i32>, _>(index) {
        return Ok(number.map(|n| Cow::Owned(n.to_string())));
    }
    let type_name = row
        .columns()
        .get(index)
        .map_or_else(|| "unknown".to_owned(), |c| c.type_info().name().to_owned());
    Err(SourceError::ColumnType {
        column,
        type_name,
        query: query.to_owned(),
    })
}
