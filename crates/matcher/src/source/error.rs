//! Errors of company sources. Every message names the offending value and, for
//! database sources, the (password-free) location and the query.

use std::path::PathBuf;

/// Why a company source could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SourceError {
    /// The source string is neither a supported URL nor a path with a known extension.
    #[error(
        "unsupported company source `{0}`: use sqlite://FILE, postgres://…, mysql://…, \
         or a path ending in .sqlite, .db or .csv"
    )]
    Unsupported(String),
    /// The SQLite file does not exist (sources are opened read-only, never created).
    #[error("SQLite database file not found: {0}")]
    SqliteFileNotFound(PathBuf),
    /// Connecting to the database failed (server down, wrong password, unknown database…).
    #[error("cannot connect to {location}: {cause}")]
    Connect {
        /// The redacted location.
        location: String,
        /// The driver's error.
        #[source]
        cause: sqlx::Error,
    },
    /// Connecting did not finish in time.
    #[error("timed out after {seconds} s connecting to {location}")]
    ConnectTimeout {
        /// The redacted location.
        location: String,
        /// The time allowed.
        seconds: u64,
    },
    /// The query could not be prepared or failed while rows were read.
    #[error("query failed on {location}: {cause}\n  query: {query}")]
    Query {
        /// The redacted location.
        location: String,
        /// The query as sent.
        query: String,
        /// The driver's error.
        #[source]
        cause: sqlx::Error,
    },
    /// A required column is missing from the query's result (or the CSV header).
    #[error(
        "the company source does not provide the required column `{column}` \
         (it has: {found}); query: {query}"
    )]
    MissingColumn {
        /// The missing column.
        column: &'static str,
        /// The columns that are there.
        found: String,
        /// The query, or `CSV header of FILE` for CSV sources.
        query: String,
    },
    /// A column holds a type that cannot be read as text.
    #[error(
        "column `{column}` holds {type_name} values, which cannot be read as text; \
         cast it to text in a custom query; query: {query}"
    )]
    ColumnType {
        /// The column.
        column: &'static str,
        /// The database's type name.
        type_name: String,
        /// The query.
        query: String,
    },
    /// Two or more rows share an `id`.
    #[error("{count} duplicate company ids in {location}; first: {}", examples.join(", "))]
    DuplicateIds {
        /// The redacted location.
        location: String,
        /// How many rows repeated an id seen before.
        count: u64,
        /// The first few repeated ids.
        examples: Vec<String>,
    },
    /// `changed_since` needs an `updated_at` column.
    #[error("incremental refresh needs an `updated_at` column, which {location} does not provide")]
    NoUpdatedAt {
        /// The redacted location.
        location: String,
    },
    /// A custom query was given for a CSV source.
    #[error("a custom query cannot be used with a CSV source ({0})")]
    QueryOnCsv(PathBuf),
    /// A CSV file could not be opened.
    #[error("cannot open {path}: {cause}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        cause: std::io::Error,
    },
    /// A CSV file is malformed (unbalanced quotes, invalid UTF-8, ragged rows…).
    #[error("cannot read CSV {path}: {cause}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// The parser's error, which names the line.
        #[source]
        cause: csv::Error,
    },
    /// A table name given to the writer is not a plain SQL identifier.
    #[error("invalid table name `{0}`: use letters, digits and `_` only")]
    InvalidTableName(String),
    /// Writing rows failed.
    #[error("cannot write companies to {location}: {cause}")]
    Write {
        /// The redacted location.
        location: String,
        /// The cause.
        #[source]
        cause: Box<dyn std::error::Error + Send + Sync>,
    },
}
