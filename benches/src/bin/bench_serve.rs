//! Load bench of `serve` (issue 7): starts the release binary on the
//! default 1.4 M-row table, and measures the time to the first 200 on
//! `/ping`, single-record requests at concurrency 8 (p50/p99 latency,
//! requests/s), 1 000-row bulk requests (rows/s), `/ping` latency while the
//! bulk requests run, and the server's peak RSS (VmHWM).
//!
//! ```sh
//! cargo build --release -p nayose-serve --bin serve
//! cargo run --release -p nayose-benches --bin bench_serve
//! ```
//!
//! Queries are the messy client rows of the table's evaluation set
//! (`data/default/eval/queries.csv`). All traffic stays on loopback; every
//! loop is bounded by a request count.

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::Parser;
use nayose_probe::{self as probe, Connection};
use serde_json::{Value, json};

#[derive(Debug, Parser)]
#[command(about = "Benchmark the serve endpoint over loopback")]
struct Args {
    /// The `serve` binary.
    #[arg(long, default_value = "target/release/serve")]
    serve: PathBuf,
    /// The company source (NAYOSE_COMPANIES).
    #[arg(long, default_value = "data/default/companies.sqlite")]
    companies: String,
    /// Client rows to send (CSV with a `name` column and optional
    /// `client_id`, `address`, `phone`, `url`).
    #[arg(long, default_value = "data/default/eval/queries.csv")]
    queries: PathBuf,
    /// Single-record requests to time.
    #[arg(long, default_value_t = 4_000)]
    single: usize,
    /// Concurrent clients for single-record requests.
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// Bulk requests to time.
    #[arg(long, default_value_t = 20)]
    bulk: usize,
    /// Rows per bulk request.
    #[arg(long, default_value_t = 1_000)]
    bulk_rows: usize,
    /// Concurrent clients for bulk requests.
    #[arg(long, default_value_t = 2)]
    bulk_concurrency: usize,
    /// NAYOSE_REFRESH_SECS for the server (0: no refresh during the bench;
    /// set it to time refreshes of the whole table under load).
    #[arg(long, default_value_t = 0)]
    refresh_secs: u64,
    /// How long to wait for the server to become ready.
    #[arg(long, default_value_t = 180)]
    ready_timeout_secs: u64,
}

/// One client row as a JSON object.
fn read_queries(path: &PathBuf) -> Result<Vec<Value>> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("cannot open {}", path.display()))?;
    let headers = reader.headers()?.clone();
    let mut queries = Vec::new();
    for record in reader.records() {
        let record = record?;
        let mut object = serde_json::Map::new();
        for (name, value) in headers.iter().zip(record.iter()) {
            if !value.is_empty() && name != "corporate_number" {
                object.insert(name.to_owned(), Value::String(value.to_owned()));
            }
        }
        if object.contains_key("name") {
            queries.push(Value::Object(object));
        }
    }
    if queries.is_empty() {
        bail!("no queries with a name in {}", path.display());
    }
    Ok(queries)
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

/// The child's resident high-water mark in MiB (VmHWM).
fn peak_rss_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// CPU seconds the child has used (user + system), from /proc/<pid>/stat.
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces) start at `) `.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// Sends `requests` bodies over `concurrency` kept-alive connections;
/// returns each request's latency in ms and the wall time.
fn run_load(
    addr: SocketAddr,
    bodies: Arc<Vec<String>>,
    requests: usize,
    concurrency: usize,
) -> Result<(Vec<f64>, Duration)> {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (next, bodies) = (Arc::clone(&next), Arc::clone(&bodies));
            std::thread::spawn(move || -> Result<Vec<f64>> {
                let mut connection = Connection::open(addr, Duration::from_secs(60))?;
                let mut latencies = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= requests {
                        return Ok(latencies);
                    }
                    let body = &bodies[i % bodies.len()];
                    let sent = Instant::now();
                    let response = connection.request(
                        "POST",
                        "/invocations",
                        &[("Content-Type", "application/json")],
                        body.as_bytes(),
                    )?;
                    latencies.push(sent.elapsed().as_secs_f64() * 1000.0);
                    if response.status != 200 {
                        bail!("status {}: {}", response.status, response.text());
                    }
                }
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(requests);
    for worker in workers {
        let part = worker
            .join()
            .map_err(|_| anyhow::anyhow!("a client thread panicked"))??;
        latencies.extend(part);
    }
    let wall = started.elapsed();
    latencies.sort_by(f64::total_cmp);
    Ok((latencies, wall))
}

/// Kills the server if the bench stops early.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() -> Result<()> {
    let args = Args::parse();
    // Other work on the machine skews every figure: say how busy it was.
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "machine: {} cores, load average {}",
        std::thread::available_parallelism().map_or(0, std::num::NonZero::get),
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    let queries = read_queries(&args.queries)?;
    let port = free_port()?;
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let log = std::env::temp_dir().join(format!("bench_serve_{port}.log"));
    let started = Instant::now();
    let child = Command::new(&args.serve)
        .env("SAGEMAKER_BIND_TO_PORT", port.to_string())
        .env("NAYOSE_COMPANIES", &args.companies)
        .env("NAYOSE_REFRESH_SECS", args.refresh_secs.to_string())
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&log)?)
        .stderr(Stdio::inherit())
        .spawn()
        .with_context(|| {
            format!(
                "cannot start {} (build it with `cargo build --release -p nayose-serve --bin serve`)",
                args.serve.display()
            )
        })?;
    let pid = child.id();
    let mut guard = Guard(child);

    // Start-up: first accepted connection, then the first 200 on /ping.
    let mut bound = None;
    let ready = loop {
        if started.elapsed() > Duration::from_secs(args.ready_timeout_secs) {
            bail!(
                "serve was not ready after {} s; log: {}",
                args.ready_timeout_secs,
                log.display()
            );
        }
        if let Some(status) = guard.0.try_wait()? {
            bail!("serve exited early ({status}); log: {}", log.display());
        }
        if let Ok(response) = probe::request(addr, "GET", "/ping", &[], b"") {
            bound.get_or_insert(started.elapsed());
            if response.status == 200 {
                break started.elapsed();
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let rss_ready = peak_rss_mib(pid);
    println!(
        "start: listening after {:.0} ms, /ping 200 after {:.2} s (peak RSS so far {:.0} MiB)",
        bound.unwrap_or_default().as_secs_f64() * 1000.0,
        ready.as_secs_f64(),
        rss_ready.unwrap_or(f64::NAN)
    );

    // Single records at concurrency 8 (after a short warm-up).
    let singles: Arc<Vec<String>> = Arc::new(
        queries
            .iter()
            .map(|q| json!({"mode": "bulk_linkage", "clients": [q]}).to_string())
            .collect(),
    );
    run_load(addr, Arc::clone(&singles), 200, args.concurrency)?;
    let cpu_before = cpu_seconds(pid);
    let (latencies, wall) = run_load(addr, singles, args.single, args.concurrency)?;
    let single_cpu_ms = cpu_seconds(pid)
        .zip(cpu_before)
        .map(|(after, before)| (after - before) * 1000.0 / latencies.len() as f64);
    let single = json!({
        "requests": latencies.len(),
        "concurrency": args.concurrency,
        "p50_ms": percentile(&latencies, 50.0),
        "p90_ms": percentile(&latencies, 90.0),
        "p99_ms": percentile(&latencies, 99.0),
        "max_ms": latencies.last().copied().unwrap_or(f64::NAN),
        "requests_per_s": latencies.len() as f64 / wall.as_secs_f64(),
        "server_cpu_ms_per_request": single_cpu_ms,
    });
    println!(
        "single: {} requests at concurrency {}: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms, {:.0} req/s, server CPU {:.3} ms/request",
        latencies.len(),
        args.concurrency,
        percentile(&latencies, 50.0),
        percentile(&latencies, 90.0),
        percentile(&latencies, 99.0),
        latencies.last().copied().unwrap_or(f64::NAN),
        latencies.len() as f64 / wall.as_secs_f64(),
        single_cpu_ms.unwrap_or(f64::NAN)
    );

    // Bulk requests of 1 000 rows, with /ping probed alongside.
    let bulks: Arc<Vec<String>> = Arc::new(
        queries
            .chunks(args.bulk_rows)
            .filter(|c| c.len() == args.bulk_rows)
            .map(|chunk| json!({"mode": "bulk_linkage", "clients": chunk}).to_string())
            .collect(),
    );
    if bulks.is_empty() {
        bail!("fewer than {} queries for one bulk request", args.bulk_rows);
    }
    let stop = Arc::new(AtomicBool::new(false));
    let pinger = {
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            let mut worst = 0.0f64;
            let mut count = 0;
            while !stop.load(Ordering::SeqCst) && count < 10_000 {
                let sent = Instant::now();
                let ok =
                    probe::request(addr, "GET", "/ping", &[], b"").is_ok_and(|r| r.status == 200);
                let ms = sent.elapsed().as_secs_f64() * 1000.0;
                worst = worst.max(if ok { ms } else { f64::INFINITY });
                count += 1;
                std::thread::sleep(Duration::from_millis(50));
            }
            (count, worst)
        })
    };
    let cpu_before = cpu_seconds(pid);
    let (bulk_latencies, bulk_wall) = run_load(addr, bulks, args.bulk, args.bulk_concurrency)?;
    let bulk_cpu_ms = cpu_seconds(pid).zip(cpu_before).map(|(after, before)| {
        (after - before) * 1000.0 / (bulk_latencies.len() * args.bulk_rows) as f64
    });
    stop.store(true, Ordering::SeqCst);
    let (pings, worst_ping) = pinger
        .join()
        .map_err(|_| anyhow::anyhow!("the ping thread panicked"))?;
    let rows = bulk_latencies.len() * args.bulk_rows;
    let rows_per_s = rows as f64 / bulk_wall.as_secs_f64();
    println!(
        "bulk: {} requests × {} rows at concurrency {}: {:.0} rows/s, p50 {:.0} ms, max {:.0} ms per request; /ping during bulk: {} probes, worst {:.1} ms; server CPU {:.3} ms/row",
        bulk_latencies.len(),
        args.bulk_rows,
        args.bulk_concurrency,
        rows_per_s,
        percentile(&bulk_latencies, 50.0),
        bulk_latencies.last().copied().unwrap_or(f64::NAN),
        pings,
        worst_ping,
        bulk_cpu_ms.unwrap_or(f64::NAN)
    );

    let peak = peak_rss_mib(pid);
    let status: Value = probe::request(addr, "GET", "/status", &[], b"")
        .ok()
        .and_then(|r| serde_json::from_slice(&r.body).ok())
        .unwrap_or(Value::Null);
    if args.refresh_secs > 0 {
        // Wait (bounded) for a refresh of the whole table to finish.
        let deadline = Instant::now() + Duration::from_secs(args.refresh_secs * 2 + 120);
        let refresh = loop {
            let status: Value = probe::request(addr, "GET", "/status", &[], b"")
                .ok()
                .and_then(|r| serde_json::from_slice(&r.body).ok())
                .unwrap_or(Value::Null);
            if !status["refresh"]["last_at"].is_null() || Instant::now() > deadline {
                break status["refresh"].clone();
            }
            std::thread::sleep(Duration::from_millis(200));
        };
        println!(
            "refresh: {} in {} ms ({} upserts, {} deletes)",
            refresh["last_result"],
            refresh["last_duration_ms"],
            refresh["last_upserts"],
            refresh["last_deletes"]
        );
    }
    Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()?;
    let stopping = Instant::now();
    let exit = loop {
        if let Some(status) = guard.0.try_wait()? {
            break status;
        }
        if stopping.elapsed() > Duration::from_secs(30) {
            bail!("serve did not exit within 30 s of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    println!(
        "memory: peak RSS {:.0} MiB (index heap {:.0} MiB, {} rows); SIGTERM → exit {:?} in {:.0} ms",
        peak.unwrap_or(f64::NAN),
        status["index"]["heap_bytes"].as_f64().unwrap_or(0.0) / 1_048_576.0,
        status["index"]["rows"],
        exit.code(),
        stopping.elapsed().as_secs_f64() * 1000.0
    );
    let summary = json!({
        "ready_s": ready.as_secs_f64(),
        "single": single,
        "bulk": {"requests": bulk_latencies.len(), "rows": args.bulk_rows,
                 "concurrency": args.bulk_concurrency, "rows_per_s": rows_per_s,
                 "worst_ping_ms": worst_ping, "server_cpu_ms_per_row": bulk_cpu_ms},
        "peak_rss_mib": peak,
        "exit_code": exit.code(),
    });
    println!("{summary}");
    Ok(())
}
