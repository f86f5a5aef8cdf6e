//! Company sources (CONTRACTS §1): SQLite (the embedded default), PostgreSQL,
//! MySQL/MariaDB and CSV behind one type.
//!
//! Rows stream to a sink one at a time as borrowed [`CompanyRow`]s, so a load
//! never holds the table twice. Every backend applies the same checks: rows with
//! an empty `name` (or `id`) are skipped and counted in the [`LoadReport`];
//! duplicate ids fail the load with [`SourceError::DuplicateIds`] naming the
//! first few; a missing required column fails it with
//! [`SourceError::MissingColumn`] naming the column and the query.
//!
//! ```
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! use nayose::source::{CompanyRecord, CompanySource, write_companies};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let file = dir.path().join("companies.sqlite");
//! let source = CompanySource::parse(file.to_str().unwrap()).unwrap();
//! let row = CompanyRecord { id: "6020001008662".into(), name: "株式会社サカタのタネ".into(), ..Default::default() };
//! write_companies(source.location(), "companies", vec![row]).await.unwrap();
//!
//! let mut names = Vec::new();
//! let report = source.load(|row| names.push(row.name.to_owned())).await.unwrap();
//! assert_eq!((report.rows, names[0].as_str()), (1, "株式会社サカタのタネ"));
//! # });
//! ```

mod record;

#[cfg(feature = "database")]
mod checker;
#[cfg(feature = "database")]
mod csv_file;
#[cfg(feature = "database")]
mod database;
#[cfg(feature = "database")]
mod error;
#[cfg(feature = "database")]
mod ids;
#[cfg(feature = "database")]
mod location;
#[cfg(feature = "database")]
mod sql;
#[cfg(feature = "database")]
mod stamp;
#[cfg(feature = "database")]
mod writer;

#[cfg(feature = "database")]
pub use checker::LoadReport;
pub use record::{COLUMNS, CompanyRecord, CompanyRow, REQUIRED_COLUMNS};

#[cfg(feature = "database")]
pub use database::{CompanySource, DEFAULT_CONNECT_TIMEOUT, write_companies};
#[cfg(feature = "database")]
pub use error::SourceError;
#[cfg(feature = "database")]
pub use location::{SourceLocation, redact};
