//! `nayose info`: loads a company source and prints what it holds.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use nayose::normalize::normalize_name;

use crate::companies::resolve_source;
use nayose_progress::Progress;

/// Arguments of `nayose info`.
#[derive(Debug, clap::Args)]
pub struct InfoArgs {
    /// Company source (default: `NAYOSE_COMPANIES`, `DATABASE_URL`, else the embedded default table).
    #[arg(long)]
    pub companies: Option<String>,
    /// Custom query returning the contract columns.
    #[arg(long)]
    pub companies_query: Option<String>,
    /// No progress output.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Default)]
struct Tally {
    kana: u64,
    english: u64,
    postal: u64,
    address: u64,
    phone: u64,
    url: u64,
    forms: BTreeMap<&'static str, u64>,
}

/// Runs `nayose info`.
pub async fn run(args: &InfoArgs) -> Result<()> {
    let source = resolve_source(
        args.companies.as_deref(),
        args.companies_query.as_deref(),
        args.quiet,
    )
    .await?;
    let mut tally = Tally::default();
    let mut progress = Progress::counter("loading companies", "rows", args.quiet);
    let mut seen = 0u64;
    let report = source
        .load(|row| {
            seen += 1;
            if seen.is_multiple_of(65_536) {
                progress.set(seen);
            }
            tally.kana += u64::from(row.name_kana.is_some());
            tally.english += u64::from(row.name_en.is_some());
            tally.postal += u64::from(row.postal_code.is_some());
            tally.address += u64::from(row.address.is_some());
            tally.phone += u64::from(row.phone.is_some());
            tally.url += u64::from(row.url.is_some());
            let form = normalize_name(row.name)
                .legal_form
                .map_or("(none)", |form| form.as_str());
            *tally.forms.entry(form).or_default() += 1;
        })
        .await
        .with_context(|| format!("cannot load companies from {}", source.location()))?;
    progress.finish();
    let rows = report.rows.max(1) as f64;
    let share = |n: u64| 100.0 * n as f64 / rows;
    let seconds = report.elapsed.as_secs_f64();
    println!("source:      {}", source.location());
    println!(
        "companies:   {} (loaded in {seconds:.1} s, {:.0} rows/s)",
        report.rows,
        report.rows as f64 / seconds.max(1e-9)
    );
    println!(
        "skipped:     {} without name, {} without id",
        report.skipped_empty_name, report.skipped_empty_id
    );
    println!(
        "with:        reading {:.1} %, English name {:.1} %, postal code {:.1} %, address {:.1} %, phone {:.1} %, url {:.1} %",
        share(tally.kana),
        share(tally.english),
        share(tally.postal),
        share(tally.address),
        share(tally.phone),
        share(tally.url)
    );
    let mut forms: Vec<(&str, u64)> = tally.forms.into_iter().collect();
    forms.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    println!("legal forms:");
    for (form, count) in forms {
        println!("  {form:<20} {count:>9}  {:5.1} %", share(count));
    }
    Ok(())
}
