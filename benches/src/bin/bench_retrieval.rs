//! Bench command for candidate retrieval: index build time and memory,
//! recall@1/@8/@32 per category on the development evaluation set, query
//! latency on one thread and throughput on two.
//!
//! ```sh
//! # the default 1.4 M table and its evaluation set (generated on first use)
//! cargo run --release -p nayose-benches --bin bench_retrieval
//! # build time and memory only, for a generated table of any size
//! cargo run --release -p nayose-benches --bin bench_retrieval -- --generate 5500000
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::Parser;
use nayose::CompanyRecord;
use nayose::CompanySource;
use nayose::index::{Change, Index, QueryKeys, QueryText, RetrievalConfig};
use nayose::normalize::normalize_name;
use nayose_datagen::default_table::{default_dir, ensure_default_table};
use nayose_datagen::{TableConfig, TableGenerator};

#[derive(Debug, Parser)]
#[command(about = "Benchmark candidate retrieval and measure its recall")]
struct Args {
    /// Company table (default: the embedded default table).
    #[arg(long)]
    table: Option<PathBuf>,
    /// Evaluation set directory with queries.csv and truth.csv (default: the default table's).
    #[arg(long)]
    eval_dir: Option<PathBuf>,
    /// Instead of a table, build from a generated table of this many rows (build figures only).
    #[arg(long)]
    generate: Option<usize>,
    /// Seed for --generate.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Candidates per query.
    #[arg(long, default_value_t = 32)]
    k: usize,
    /// Override RetrievalConfig::verify.
    #[arg(long)]
    verify: Option<usize>,
    /// Override RetrievalConfig::gram_budget.
    #[arg(long)]
    budget: Option<usize>,
    /// Threads for the throughput run.
    #[arg(long, default_value_t = 2)]
    threads: usize,
    /// Print up to this many misses (truth not among the candidates) per category.
    #[arg(long, default_value_t = 0)]
    show_misses: usize,
}

fn peak_memory_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

struct EvalRow {
    name: String,
    address: String,
    phone: String,
    url: String,
    true_id: String,
    category: String,
}

fn read_eval(dir: &std::path::Path) -> Result<Vec<EvalRow>> {
    let mut queries = csv::Reader::from_path(dir.join("queries.csv"))
        .with_context(|| format!("reading {}", dir.join("queries.csv").display()))?;
    let mut truths = csv::Reader::from_path(dir.join("truth.csv"))?;
    let mut rows = Vec::new();
    for (query, truth) in queries.records().zip(truths.records()) {
        let (query, truth) = (query?, truth?);
        let field = |r: &csv::StringRecord, i: usize| r.get(i).unwrap_or_default().to_owned();
        rows.push(EvalRow {
            name: field(&query, 1),
            address: field(&query, 2),
            phone: field(&query, 3),
            url: field(&query, 4),
            true_id: field(&truth, 1),
            category: field(&truth, 2),
        });
    }
    Ok(rows)
}

fn non_empty(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}

fn keys(row: &EvalRow) -> QueryKeys {
    QueryKeys::from_text(QueryText {
        name: &row.name,
        address: non_empty(&row.address),
        phone: non_empty(&row.phone),
        url: non_empty(&row.url),
        ..QueryText::default()
    })
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<()> {
    let args = Args::parse();
    let defaults = RetrievalConfig::default();
    let config = RetrievalConfig {
        k: args.k,
        verify: args.verify.unwrap_or(defaults.verify),
        gram_budget: args.budget.unwrap_or(defaults.gram_budget),
        ..defaults
    };
    println!("{config:?}");
    if let Some(rows) = args.generate {
        let started = Instant::now();
        let records = TableGenerator::new(TableConfig {
            rows,
            seed: args.seed,
        })
        .map(|c| c.record());
        let index = Index::from_record_iter(records, config);
        println!(
            "generated {rows} rows and built the index in {:.1} s (generation included); index heap {:.0} MiB; peak RSS {:.0} MiB",
            started.elapsed().as_secs_f64(),
            index.heap_bytes() as f64 / (1 << 20) as f64,
            peak_memory_mib()
        );
        return Ok(());
    }
    let table = match &args.table {
        Some(table) => table.clone(),
        None => ensure_default_table(|_| {}).await?.0,
    };
    let eval_dir = args
        .eval_dir
        .clone()
        .unwrap_or_else(|| default_dir().join("eval"));
    let source = CompanySource::parse(table.to_str().context("table path is not UTF-8")?)?;
    let started = Instant::now();
    let (index, report) = Index::build(&source, config).await?;
    let total = started.elapsed();
    println!(
        "index over {} rows: load + build {:.1} s (load alone {:.1} s, build {:.1} s); index heap {:.0} MiB; peak RSS {:.0} MiB",
        report.rows,
        total.as_secs_f64(),
        report.elapsed.as_secs_f64(),
        (total - report.elapsed).as_secs_f64(),
        index.heap_bytes() as f64 / (1 << 20) as f64,
        peak_memory_mib()
    );

    let rows = read_eval(&eval_dir)?;
    // Recall per category, and single-thread latency.
    let mut latencies: Vec<Duration> = Vec::with_capacity(rows.len());
    let started = Instant::now();
    let prepared: Vec<QueryKeys> = rows.iter().map(keys).collect();
    println!(
        "normalising the queries alone: {:.1} µs per query",
        started.elapsed().as_secs_f64() * 1e6 / rows.len().max(1) as f64
    );
    let started = Instant::now();
    for q in &prepared {
        std::hint::black_box(index.search(q));
    }
    println!(
        "retrieval alone (normalised queries): {:.1} µs per query",
        started.elapsed().as_secs_f64() * 1e6 / rows.len().max(1) as f64
    );
    // [recall@1, recall@8, recall@32, queries, normalised core equal to the truth's]
    let mut by_category: BTreeMap<String, [usize; 5]> = BTreeMap::new();
    for row in &rows {
        let started = Instant::now();
        let candidates = index.search(&keys(row));
        latencies.push(started.elapsed());
        let counts = by_category.entry(row.category.clone()).or_default();
        counts[3] += 1;
        if row.true_id.is_empty() {
            continue;
        }
        let truth = index.find(&row.true_id);
        if let Some(company) = truth.and_then(|t| index.company(t)) {
            counts[4] +=
                usize::from(normalize_name(&row.name).core == normalize_name(company.name).core);
        }
        if let Some(rank) = candidates.iter().position(|c| Some(c.row) == truth) {
            for (i, cut) in [1usize, 8, 32].iter().enumerate() {
                counts[i] += usize::from(rank < *cut);
            }
        } else if counts[3] - counts[2] <= args.show_misses {
            let name_of = |row: u32| {
                index
                    .company(row)
                    .map(|c| c.name.to_owned())
                    .unwrap_or_default()
            };
            let top: Vec<String> = candidates
                .iter()
                .take(3)
                .map(|c| format!("{} ({:.2})", name_of(c.row), c.score))
                .collect();
            println!(
                "miss [{}] {} | {} -> truth {} ; top {}",
                row.category,
                row.name,
                row.address,
                truth.map(name_of).unwrap_or_default(),
                top.join(", ")
            );
        }
    }
    println!(
        "\nrecall by category ({} queries, k = {}):",
        rows.len(),
        args.k
    );
    println!(
        "{:<18} {:>7} {:>9} {:>9} {:>9} {:>11}",
        "category", "queries", "recall@1", "recall@8", "recall@32", "core equal"
    );
    let mut present = [0usize; 5];
    for (category, c) in &by_category {
        if category == "absent" {
            println!("{category:<18} {:>7}   (not in the table)", c[3]);
            continue;
        }
        let pct = |n: usize| 100.0 * n as f64 / c[3].max(1) as f64;
        println!(
            "{category:<18} {:>7} {:>8.2}% {:>8.2}% {:>8.2}% {:>10.2}%",
            c[3],
            pct(c[0]),
            pct(c[1]),
            pct(c[2]),
            pct(c[4])
        );
        for i in 0..5 {
            present[i] += c[i];
        }
    }
    let pct = |n: usize| 100.0 * n as f64 / present[3].max(1) as f64;
    println!(
        "{:<18} {:>7} {:>8.2}% {:>8.2}% {:>8.2}% {:>10.2}%",
        "all present",
        present[3],
        pct(present[0]),
        pct(present[1]),
        pct(present[2]),
        pct(present[4])
    );

    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    let mean = latencies.iter().sum::<Duration>() / latencies.len().max(1) as u32;
    println!(
        "\nlatency, one thread (normalise + retrieve): p50 {:.0} µs, p99 {:.0} µs, max {:.0} µs, mean {:.0} µs",
        at(0.5).as_secs_f64() * 1e6,
        at(0.99).as_secs_f64() * 1e6,
        latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1e6),
        mean.as_secs_f64() * 1e6
    );

    let started = Instant::now();
    let rounds = 3;
    std::thread::scope(|scope| {
        for t in 0..args.threads {
            let (index, rows) = (&index, &rows);
            scope.spawn(move || {
                for _ in 0..rounds {
                    for row in rows.iter().skip(t).step_by(args.threads) {
                        std::hint::black_box(index.search(&keys(row)));
                    }
                }
            });
        }
    });
    let elapsed = started.elapsed().as_secs_f64();
    let throughput_line = format!(
        "throughput, {} threads: {:.0} queries/s ({} queries in {elapsed:.1} s)",
        args.threads,
        (rows.len() * rounds) as f64 / elapsed,
        rows.len() * rounds
    );
    println!("{throughput_line}");

    // Incremental refresh: a batch of changed rows makes the next version.
    for batch in [1_000usize, 10_000] {
        let changes: Vec<Change> = (0..batch)
            .map(|i| {
                Change::Upsert(CompanyRecord {
                    id: format!("X{i:012}"),
                    name: format!("株式会社リフレッシュ{i}"),
                    address: Some("東京都千代田区丸の内1-1-1".into()),
                    ..Default::default()
                })
            })
            .collect();
        let started = Instant::now();
        let next = index.apply(&changes);
        let applied = started.elapsed();
        let started = Instant::now();
        let compacted = next.compact();
        println!(
            "apply {batch} changes: {:.2} s (version {} -> {}, delta {} rows); compact: {:.1} s",
            applied.as_secs_f64(),
            index.version(),
            next.version(),
            next.delta_len(),
            started.elapsed().as_secs_f64(),
        );
        drop(compacted);
    }
    Ok(())
}
