//! Choosing the company source: flag, then `NAYOSE_COMPANIES` / `DATABASE_URL`,
//! then the embedded default table (generated on first use).

use anyhow::{Context, Result};
use nayose::CompanySource;
use nayose_datagen::default_table::{DEFAULT_ROWS, ensure_default_table};

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
