//! Bench command for company sources (issue: foundation): generation time,
//! SQLite load time and peak memory, PostgreSQL and MySQL load times, over a
//! generated table (1.4 M rows by default).
//!
//! ```sh
//! cargo run --release -p nayose-benches --bin bench_sources -- --rows 1400000 --runs 3
//! ```
//!
//! Peak memory is the process's resident high-water mark (VmHWM), reset
//! before each phase through `/proc/self/clear_refs`.

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::Parser;
use nayose::source::{CompanyRecord, CompanySource, SourceLocation, write_companies};
use nayose_datagen::{TableConfig, TableGenerator, generate};
use sqlx::{AssertSqlSafe, Connection, Executor, SqlSafeStr};

#[derive(Debug, Parser)]
#[command(about = "Benchmark table generation and company-source loads")]
struct Args {
    /// Rows in the generated table.
    #[arg(long, default_value_t = 1_400_000)]
    rows: usize,
    /// Seed of the generated table.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Repetitions of each load (the minimum and median are reported).
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// PostgreSQL server to load from (`none` to skip).
    #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432/test")]
    postgres: String,
    /// MySQL/MariaDB server to load from (`none` to skip).
    #[arg(long, default_value = "mysql://root@127.0.0.1:3306/test")]
    mysql: String,
    /// Time the SQLite loads of this existing table instead of generating one
    /// (skips the generation and server phases).
    #[arg(long)]
    table: Option<std::path::PathBuf>,
}

/// Resets the resident-set high-water mark (Linux).
fn reset_peak_memory() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The resident-set high-water mark in MiB (Linux), or 0 when unknown.
fn peak_memory_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

struct Timing {
    label: String,
    runs: Vec<Duration>,
    rows: u64,
    peak_mib: f64,
}

impl Timing {
    fn print(&self) {
        let mut sorted = self.runs.clone();
        sorted.sort();
        let min = sorted.first().copied().unwrap_or_default().as_secs_f64();
        let median = sorted
            .get(sorted.len() / 2)
            .copied()
            .unwrap_or_default()
            .as_secs_f64();
        println!(
            "{:<40} rows {:>9}  min {:>7.2} s  median {:>7.2} s  ({:>9.0} rows/s at median)  peak RSS {:>7.0} MiB",
            self.label,
            self.rows,
            min,
            median,
            self.rows as f64 / median.max(1e-9),
            self.peak_mib
        );
    }
}

async fn time_load(label: &str, source: &CompanySource, runs: usize, keep: bool) -> Result<Timing> {
    let mut timing = Timing {
        label: label.to_owned(),
        runs: Vec::new(),
        rows: 0,
        peak_mib: 0.0,
    };
    for _ in 0..runs {
        reset_peak_memory();
        let started = Instant::now();
        let mut kept: Vec<CompanyRecord> = Vec::new();
        let mut count = 0u64;
        source
            .load(|row| {
                count += 1;
                if keep {
                    kept.push(row.to_record());
                }
            })
            .await
            .with_context(|| format!("loading {}", source.location()))?;
        timing.runs.push(started.elapsed());
        timing.rows = count;
        timing.peak_mib = timing.peak_mib.max(peak_memory_mib());
        drop(kept);
    }
    Ok(timing)
}

async fn execute(url: &str, sql: &str, postgres: bool) -> Result<()> {
    let statement = AssertSqlSafe(sql.to_owned()).into_sql_str();
    if postgres {
        let mut conn = sqlx::PgConnection::connect(url).await?;
        conn.execute(statement).await?;
        conn.close().await?;
    } else {
        let mut conn = sqlx::MySqlConnection::connect(url).await?;
        conn.execute(statement).await?;
        conn.close().await?;
    }
    Ok(())
}

fn with_database(url: &str, database: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let root = base.rsplit_once('/').map_or(base, |(root, _)| root);
    match query {
        Some(q) => format!("{root}/{database}?{q}"),
        None => format!("{root}/{database}"),
    }
}

async fn bench_server(args: &Args, admin_url: &str, postgres: bool) -> Result<Vec<Timing>> {
    let kind = if postgres { "PostgreSQL" } else { "MySQL" };
    let database = format!("nayose_bench_{}", std::process::id());
    execute(admin_url, &format!("CREATE DATABASE {database}"), postgres)
        .await
        .with_context(|| format!("creating a bench database on {kind}"))?;
    let url = with_database(admin_url, &database);
    let result = async {
        let location = SourceLocation::parse(&url)?;
        let started = Instant::now();
        let rows = TableGenerator::new(TableConfig {
            rows: args.rows,
            seed: args.seed,
        })
        .map(|c| c.record());
        let written = write_companies(&location, "companies", rows).await?;
        let write = Timing {
            label: format!("{kind}: write table (generate + insert)"),
            runs: vec![started.elapsed()],
            rows: written,
            peak_mib: peak_memory_mib(),
        };
        let source = CompanySource::new(location);
        let stream = time_load(
            &format!("{kind}: load, streaming"),
            &source,
            args.runs,
            false,
        )
        .await?;
        let keep = time_load(
            &format!("{kind}: load into records"),
            &source,
            args.runs,
            true,
        )
        .await?;
        anyhow::Ok(vec![write, stream, keep])
    }
    .await;
    let drop_sql = if postgres {
        format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    } else {
        format!("DROP DATABASE IF EXISTS {database}")
    };
    execute(admin_url, &drop_sql, postgres).await?;
    result
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<()> {
    let args = Args::parse();
    let dir = tempfile::tempdir()?;
    let mut timings = Vec::new();
    if let Some(table) = &args.table {
        let source = CompanySource::parse(table.to_str().context("table path is not UTF-8")?)?;
        timings.push(time_load("SQLite: load, streaming", &source, args.runs, false).await?);
        timings.push(time_load("SQLite: load into records", &source, args.runs, true).await?);
        for timing in &timings {
            timing.print();
        }
        return Ok(());
    }

    reset_peak_memory();
    let started = Instant::now();
    let generated = TableGenerator::new(TableConfig {
        rows: args.rows,
        seed: args.seed,
    })
    .count();
    timings.push(Timing {
        label: "generate rows (in memory, not written)".into(),
        runs: vec![started.elapsed()],
        rows: generated as u64,
        peak_mib: peak_memory_mib(),
    });

    let path = dir.path().join("companies.sqlite");
    let location = SourceLocation::parse(path.to_str().context("temp path is not UTF-8")?)?;
    reset_peak_memory();
    let started = Instant::now();
    let summary = generate(
        TableConfig {
            rows: args.rows,
            seed: args.seed,
        },
        &location,
        Some((&dir.path().join("eval"), 20_000)),
        |_| {},
    )
    .await?;
    timings.push(Timing {
        label: "nayose gen: SQLite table + 20k eval set".into(),
        runs: vec![started.elapsed()],
        rows: summary.rows,
        peak_mib: peak_memory_mib(),
    });

    let source = CompanySource::new(location);
    timings.push(time_load("SQLite: load, streaming", &source, args.runs, false).await?);
    timings.push(time_load("SQLite: load into records", &source, args.runs, true).await?);

    if args.postgres != "none" {
        timings.extend(bench_server(&args, &args.postgres, true).await?);
    }
    if args.mysql != "none" {
        timings.extend(bench_server(&args, &args.mysql, false).await?);
    }
    println!(
        "\nbench_sources: {} rows, seed {}, {} runs per load",
        args.rows, args.seed, args.runs
    );
    for timing in &timings {
        timing.print();
    }
    Ok(())
}
