//! Writing a company table: used by the generator, by tests that load the same
//! table into every backend, and by users who export a table.

use std::path::Path;

use sqlx::{
    AssertSqlSafe, Connection, Database, Encode, Executor, IntoArguments, SqlSafeStr, Type,
};

use super::SourceError;
use super::record::{COLUMNS, CompanyRecord};
use super::sql::Placeholder;

/// Rows per multi-row `INSERT`: 9 parameters each stays far below every
/// driver's parameter limit (SQLite 32 766, PostgreSQL and MySQL 65 535).
const ROWS_PER_INSERT: usize = 500;

/// SQL dialect differences the writer cares about.
#[derive(Clone, Copy)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
    MySql,
}

impl Dialect {
    fn placeholder(self) -> Placeholder {
        match self {
            Self::Postgres => Placeholder::Dollar,
            Self::Sqlite | Self::MySql => Placeholder::Question,
        }
    }

    fn create_table(self, table: &str) -> String {
        let (id_type, text, suffix) = match self {
            Self::Sqlite | Self::Postgres => ("TEXT", "TEXT", ""),
            Self::MySql => (
                "VARCHAR(64)",
                "TEXT",
                " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
            ),
        };
        let updated_type = match self {
            Self::MySql => "VARCHAR(40)",
            Self::Sqlite | Self::Postgres => "TEXT",
        };
        let optional: Vec<String> = COLUMNS[2..8]
            .iter()
            .map(|c| format!("{c} {text}"))
            .collect();
        format!(
            "CREATE TABLE {table} (id {id_type} NOT NULL PRIMARY KEY, name {text} NOT NULL, {}, \
             updated_at {updated_type}){suffix}",
            optional.join(", ")
        )
    }
}

/// Checks that a table name is a plain identifier, since it is spliced into SQL.
pub(crate) fn check_table_name(table: &str) -> Result<(), SourceError> {
    let mut chars = table.chars();
    let valid = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if valid {
        Ok(())
    } else {
        Err(SourceError::InvalidTableName(table.to_owned()))
    }
}

/// Replaces `table` with the given rows in one transaction; returns the row count.
pub(crate) async fn write_sql<DB, I>(
    conn: &mut DB::Connection,
    dialect: Dialect,
    table: &str,
    rows: I,
) -> Result<u64, sqlx::Error>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> Option<String>: Encode<'q, DB> + Type<DB>,
    DB::Arguments: IntoArguments<DB>,
    I: IntoIterator<Item = CompanyRecord>,
{
    let statement = |sql: String| sqlx::query::<DB>(AssertSqlSafe(sql).into_sql_str());
    statement(format!("DROP TABLE IF EXISTS {table}"))
        .execute(&mut *conn)
        .await?;
    statement(dialect.create_table(table))
        .execute(&mut *conn)
        .await?;
    let mut tx = conn.begin().await?;
    let full_insert = insert_sql(dialect, table, ROWS_PER_INSERT);
    let mut written = 0u64;
    let mut batch: Vec<CompanyRecord> = Vec::with_capacity(ROWS_PER_INSERT);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        batch.clear();
        batch.extend(rows.by_ref().take(ROWS_PER_INSERT));
        let sql = if batch.len() == ROWS_PER_INSERT {
            full_insert.clone()
        } else {
            insert_sql(dialect, table, batch.len())
        };
        let mut query = statement(sql);
        for record in batch.drain(..) {
            query = query
                .bind(Some(record.id))
                .bind(Some(record.name))
                .bind(record.name_kana)
                .bind(record.name_en)
                .bind(record.postal_code)
                .bind(record.address)
                .bind(record.phone)
                .bind(record.url)
                .bind(record.updated_at);
            written += 1;
        }
        query.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    statement(format!(
        "CREATE INDEX {table}_updated_at ON {table} (updated_at)"
    ))
    .execute(&mut *conn)
    .await?;
    Ok(written)
}

/// `INSERT INTO table (…) VALUES (…), (…)` for `rows` rows.
fn insert_sql(dialect: Dialect, table: &str, rows: usize) -> String {
    let placeholder = dialect.placeholder();
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", COLUMNS.join(", "));
    let mut n = 0;
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for column in 0..COLUMNS.len() {
            if column > 0 {
                sql.push_str(", ");
            }
            n += 1;
            sql.push_str(&placeholder.nth(n));
        }
        sql.push(')');
    }
    sql
}

/// Writes rows as a CSV file with the contract header; returns the row count.
pub(crate) fn write_csv<I>(path: &Path, rows: I) -> Result<u64, SourceError>
where
    I: IntoIterator<Item = CompanyRecord>,
{
    let write_error = |cause: csv::Error| SourceError::Write {
        location: path.display().to_string(),
        cause: Box::new(cause),
    };
    let mut writer = csv::Writer::from_path(path).map_err(write_error)?;
    writer.write_record(COLUMNS).map_err(write_error)?;
    let mut written = 0u64;
    for record in rows {
        let row = record.as_row();
        writer
            .write_record(row.fields().map(|f| f.unwrap_or_default()))
            .map_err(write_error)?;
        written += 1;
    }
    writer.flush().map_err(|cause| SourceError::Write {
        location: path.display().to_string(),
        cause: Box::new(cause),
    })?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_sql_numbers_postgres_placeholders() {
        let sql = insert_sql(Dialect::Postgres, "t", 2);
        assert!(
            sql.ends_with("($10, $11, $12, $13, $14, $15, $16, $17, $18)"),
            "{sql}"
        );
        let sql = insert_sql(Dialect::Sqlite, "t", 1);
        assert!(sql.ends_with("(?, ?, ?, ?, ?, ?, ?, ?, ?)"), "{sql}");
    }

    #[test]
    fn table_names_are_plain_identifiers() {
        assert!(check_table_name("companies_2").is_ok());
        assert!(check_table_name("x; DROP TABLE y").is_err());
        assert!(check_table_name("").is_err());
        assert!(check_table_name("1abc").is_err());
    }
}
