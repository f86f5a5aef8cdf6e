//! Reading company rows from a CSV file whose header names the contract columns.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use super::checker::RowChecker;
use super::record::{COLUMNS, CompanyRow, REQUIRED_COLUMNS};
use super::{LoadReport, SourceError};

/// Streams a CSV company file (UTF-8, optional BOM) into `sink`; with `since`,
/// only rows whose `updated_at` is later (ISO-8601 text compares in order).
pub(crate) fn stream_csv<F>(
    path: &Path,
    since: Option<&str>,
    sink: &mut F,
) -> Result<LoadReport, SourceError>
where
    F: FnMut(CompanyRow<'_>),
{
    let csv_error = |cause| SourceError::Csv {
        path: path.to_owned(),
        cause,
    };
    let file = File::open(path).map_err(|cause| SourceError::Io {
        path: path.to_owned(),
        cause,
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(BufReader::with_capacity(1 << 20, file));
    let header = reader.headers().map_err(csv_error)?.clone();
    let names: Vec<String> = header
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_ascii_lowercase())
        .collect();
    let positions = COLUMNS.map(|c| names.iter().position(|n| n == c));
    for (column, position) in COLUMNS.iter().zip(positions) {
        if REQUIRED_COLUMNS.contains(column) && position.is_none() {
            return Err(SourceError::MissingColumn {
                column,
                found: names.join(", "),
                query: format!("CSV header of {}", path.display()),
            });
        }
    }
    if since.is_some() && positions[8].is_none() {
        return Err(SourceError::NoUpdatedAt {
            location: path.display().to_string(),
        });
    }
    let mut checker = RowChecker::new();
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record).map_err(csv_error)? {
        let fields = positions.map(|p| p.and_then(|i| record.get(i)));
        if let Some(since) = since {
            match fields[8].map(str::trim) {
                Some(updated) if updated > since => {}
                _ => continue,
            }
        }
        if let Some(row) = checker.admit(fields) {
            sink(row);
        }
    }
    checker
        .finish()
        .map_err(|(count, examples)| SourceError::DuplicateIds {
            location: path.display().to_string(),
            count,
            examples,
        })
}
