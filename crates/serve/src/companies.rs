//! Choosing the company source: flag, then `NAYOSE_COMPANIES` / `DATABASE_URL`,
//! then the embedded default table (generated on first use).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use nayose::CompanySource;
use nayose::source::SourceLocation;
use nayose_datagen::default_table::{DEFAULT_ROWS, default_table_path, ensure_default_table};

use nayose_progress::Progress;

/// The company source for `flag` (a URL or path) and `query` (a custom query),
/// falling back to the environment (CONTRACTS §6) and the default table.
pub async fn resolve_source(
    flag: Option<&str>,
    query: Option<&str>,
    quiet: bool,
) -> Result<CompanySource> {
    let from_env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let chosen = flag
        .map(str::to_owned)
        .or_else(|| from_env("NAYOSE_COMPANIES"))
        .or_else(|| from_env("DATABASE_URL"));
    let source = match chosen {
        Some(text) => CompanySource::parse(&text)?,
        None => {
            let mut progress = Progress::new(
                "generating the default company table (first run only)",
                DEFAULT_ROWS as u64,
                "rows",
                quiet,
            );
            let (path, summary) = ensure_default_table(|done| progress.set(done))
                .await
                .context("cannot create the default company table")?;
            progress.finish();
            if let (Some(summary), false) = (summary, quiet) {
                eprintln!(
                    "generated the default table: {} rows in {:.1} s at {}",
                    summary.rows,
                    summary.table_time.as_secs_f64(),
                    path.display()
                );
            }
            CompanySource::parse(&format!("sqlite://{}", path.display()))?
        }
    };
    let query = query
        .map(str::to_owned)
        .or_else(|| from_env("NAYOSE_COMPANIES_QUERY"));
    Ok(match query {
        Some(query) => source.with_query(query),
        None => source,
    })
}

/// Where the index snapshot of `source` is kept (CONTRACTS §4
/// `--index-dir`): in `flag`'s directory, else `NAYOSE_INDEX_DIR`'s, else,
/// for the embedded default table only, beside it; `None`: no snapshot. The
/// file is named after the source's redacted location and query, so one
/// directory holds the snapshots of several sources.
pub fn snapshot_path(flag: Option<&Path>, source: &CompanySource) -> Option<PathBuf> {
    let dir = flag
        .map(Path::to_path_buf)
        .or_else(|| {
            std::env::var_os("NAYOSE_INDEX_DIR")
                .filter(|v| !v.to_string_lossy().trim().is_empty())
                .map(PathBuf::from)
        })
        .or_else(|| {
            is_default_table(source)
                .then(default_table_path)
                .and_then(|table| table.parent().map(Path::to_path_buf))
        })?;
    Some(dir.join(snapshot_file_name(source)))
}

/// Whether `source` is the embedded default table, read without a custom
/// query.
fn is_default_table(source: &CompanySource) -> bool {
    let SourceLocation::Sqlite {
        path: Some(path), ..
    } = source.location()
    else {
        return false;
    };
    let default = default_table_path();
    source.query().is_none()
        && (path == &default
            || matches!(
                (path.canonicalize(), default.canonicalize()),
                (Ok(a), Ok(b)) if a == b
            ))
}

/// `index-` and 16 hexadecimal digits of an FNV-1a hash of the source's
/// redacted location and query, then `.snapshot`.
fn snapshot_file_name(source: &CompanySource) -> String {
    let key = format!(
        "{}\n{}",
        source.location(),
        source.query().unwrap_or_default()
    );
    let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("index-{hash:016x}.snapshot")
}
