//! Bench command for end-to-end `nayose link`: a client list of N rows
//! (default 100 000) drawn from the default 1.4 M table by a sampler seed
//! other than the development set's, linked by the release `nayose` binary
//! as a user would run it. Reports start-up (model load and index build)
//! separately from linking throughput, the child's peak memory, and
//! per-category precision and recall against the list's truth.
//!
//! ```sh
//! cargo build --release -p nayose-serve -p nayose-benches
//! target/release/bench_link                 # 100 000 rows
//! target/release/bench_link --rows 1000000  # bounded-memory check
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::Parser;
use nayose_datagen::default_table::{DEFAULT_ROWS, DEFAULT_SEED, ensure_default_table};
use nayose_datagen::output::write_eval_set;
use nayose_datagen::{EvalSampler, TableConfig, TableGenerator};

#[derive(Debug, Parser)]
#[command(about = "Benchmark end-to-end `nayose link` on a generated client list")]
struct Args {
    /// Rows in the client list.
    #[arg(long, default_value_t = 100_000)]
    rows: usize,
    /// Seed of the client-list sampler (the development set uses the table's seed, 42).
    #[arg(long, default_value_t = 4242)]
    sampler_seed: u64,
    /// The `nayose` binary [default: next to this one].
    #[arg(long)]
    nayose: Option<PathBuf>,
    /// Keep the generated list and the output here instead of a temporary directory.
    #[arg(long)]
    work_dir: Option<PathBuf>,
}

/// The `nayose` binary beside this bench binary (both in target/release).
fn sibling_binary() -> Result<PathBuf> {
    let me = std::env::current_exe().context("cannot locate this binary")?;
    let path = me.with_file_name("nayose");
    if !path.exists() {
        bail!(
            "{} is missing: run `cargo build --release -p nayose-serve` first",
            path.display()
        );
    }
    Ok(path)
}

/// Writes a client list of up to `rows` queries (and its truth) into `dir`;
/// returns how many were written.
fn write_client_list(dir: &Path, rows: usize, sampler_seed: u64) -> Result<usize> {
    let config = TableConfig {
        rows: DEFAULT_ROWS,
        seed: DEFAULT_SEED,
    };
    let mut generator = TableGenerator::new(config);
    let mut sampler = EvalSampler::new(sampler_seed, rows);
    for company in generator.by_ref() {
        sampler.observe(&company);
    }
    let items = sampler.finish(&mut generator);
    write_eval_set(dir, &items).context("cannot write the client list")?;
    Ok(items.len())
}

/// The high-water mark of a process's resident memory (VmHWM), in MiB.
fn peak_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Waits for `child`, sampling its memory high-water mark (which only
/// grows) every 50 ms; returns its exit status and the last mark read.
fn wait_with_peak(mut child: Child) -> Result<(ExitStatus, f64)> {
    let mut peak = 0.0_f64;
    loop {
        if let Some(mib) = peak_mib(child.id()) {
            peak = peak.max(mib);
        }
        if let Some(status) = child.try_wait()? {
            return Ok((status, peak));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Per-category counts: (queries, linked correctly, linked wrongly, truth present).
#[derive(Debug, Default)]
struct Counts {
    queries: u64,
    correct: u64,
    wrong: u64,
    present: u64,
}

/// Scores the linked output against truth.csv, per category (matched links only).
fn score(output: &Path, truth: &Path) -> Result<BTreeMap<String, Counts>> {
    let mut linked = csv::Reader::from_path(output)
        .with_context(|| format!("cannot read {}", output.display()))?;
    let headers = linked.headers()?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .with_context(|| format!("{} has no `{name}` column", output.display()))
    };
    let (id_col, status_col) = (column("match_id")?, column("match_status")?);
    let mut truths = csv::Reader::from_path(truth)?;
    let mut by_category: BTreeMap<String, Counts> = BTreeMap::new();
    for (row, truth) in linked.records().zip(truths.records()) {
        let (row, truth) = (row?, truth?);
        let true_id = truth.get(1).unwrap_or_default();
        let counts = by_category
            .entry(truth.get(2).unwrap_or_default().to_owned())
            .or_default();
        counts.queries += 1;
        counts.present += u64::from(!true_id.is_empty());
        if row.get(status_col) == Some("matched") {
            if row.get(id_col) == Some(true_id) {
                counts.correct += 1;
            } else {
                counts.wrong += 1;
            }
        }
    }
    Ok(by_category)
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "—".into()
    } else {
        format!("{:.2} %", 100.0 * part as f64 / whole as f64)
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let args = Args::parse();
    let nayose = match &args.nayose {
        Some(path) => path.clone(),
        None => sibling_binary()?,
    };
    let (table, _) = ensure_default_table(|_| {})
        .await
        .context("cannot create the default table")?;
    let temp = tempfile::tempdir()?;
    let dir = args.work_dir.clone().unwrap_or_else(|| temp.path().into());
    std::fs::create_dir_all(&dir)?;

    let started = Instant::now();
    let written = write_client_list(&dir, args.rows, args.sampler_seed)?;
    println!(
        "client list: {written} of {} rows asked (sampler seed {}; a category runs short when \
         the table has too few companies for it), written in {:.1} s",
        args.rows,
        args.sampler_seed,
        started.elapsed().as_secs_f64()
    );

    let output = dir.join("linked.csv");
    let summary_path = dir.join("summary.json");
    let wall = Instant::now();
    let child = Command::new(&nayose)
        .arg("link")
        .arg("--input")
        .arg(dir.join("queries.csv"))
        .arg("--output")
        .arg(&output)
        .arg("--companies")
        .arg(&table)
        .arg("--summary-json")
        .arg(&summary_path)
        .arg("--quiet")
        .spawn()
        .with_context(|| format!("cannot run {}", nayose.display()))?;
    let (status, peak) = wait_with_peak(child)?;
    let wall = wall.elapsed().as_secs_f64();
    if !status.success() {
        bail!("nayose link failed: {status}");
    }
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&summary_path).context("cannot read the run's summary")?,
    )?;
    let number = |key: &str| summary[key].as_f64().unwrap_or(f64::NAN);

    println!("\n## nayose link, {written} rows");
    println!(
        "companies indexed        {}",
        summary["companies"].as_u64().unwrap_or(0)
    );
    println!(
        "start-up (model + index) {:.1} s",
        number("startup_seconds")
    );
    println!("linking                  {:.1} s", number("link_seconds"));
    println!(
        "throughput after start-up {:.0} rows/s",
        number("rows_per_second")
    );
    println!("wall time (whole run)    {wall:.1} s");
    println!("peak memory (max RSS)    {peak:.0} MiB");
    println!(
        "statuses                 {} matched, {} review, {} unmatched, {} errors",
        number("matched"),
        number("review"),
        number("unmatched"),
        number("errors")
    );

    let by_category = score(&output, &dir.join("truth.csv"))?;
    println!("\n| category | queries | precision (matched) | recall |");
    println!("|---|---:|---:|---:|");
    let mut total = Counts::default();
    for (category, counts) in &by_category {
        println!(
            "| {category} | {} | {} | {} |",
            counts.queries,
            if counts.present == 0 {
                "—".to_owned()
            } else {
                percent(counts.correct, counts.correct + counts.wrong)
            },
            if counts.present == 0 {
                format!("false links {}", percent(counts.wrong, counts.queries))
            } else {
                percent(counts.correct, counts.present)
            }
        );
        total.queries += counts.queries;
        total.correct += counts.correct;
        total.wrong += counts.wrong;
        total.present += counts.present;
    }
    println!(
        "| **all** | {} | {} | {} |",
        total.queries,
        percent(total.correct, total.correct + total.wrong),
        percent(total.correct, total.present)
    );
    Ok(())
}
