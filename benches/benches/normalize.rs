//! Throughput of name normalisation and address parsing (issue 3 targets:
//! ≥ 500 000 names/s and ≥ 200 000 addresses/s on one core).
//!
//! Inputs: the names and addresses of `data/edinet_companies.tsv` plus
//! messy variants of them (legal form moved/abbreviated, half-width,
//! branch suffix, kanji numerals, prefecture dropped, postal code …).
//! Set `NAYOSE_BENCH_CSV=path.csv` to use the `name` and `address` columns
//! of a CSV file instead (e.g. a generated 1.4 M company table).
//!
//! ```sh
//! taskset -c 0 cargo bench -p nayose-benches --bench normalize
//! ```

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

const EDINET: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../data/edinet_companies.tsv"
));

fn half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ア'..='ン' => c, // left as is: NFKC cannot go back cheaply
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

fn kanji_numerals(s: &str) -> String {
    const K: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    s.chars()
        .map(|c| match c {
            '0'..='9' => K[(c as u8 - b'0') as usize],
            '０'..='９' => K[(c as u32 - '０' as u32) as usize],
            _ => c,
        })
        .collect()
}

/// Names and addresses: the originals and messy variants.
fn inputs() -> (Vec<String>, Vec<String>) {
    if let Ok(path) = std::env::var("NAYOSE_BENCH_CSV") {
        return from_csv(&path);
    }
    let mut names = Vec::new();
    let mut addrs = Vec::new();
    for (i, line) in EDINET.lines().skip(1).enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 6 {
            continue;
        }
        let (name, kana, en, pref, addr) = (f[1], f[2], f[3], f[4], f[5]);
        names.push(name.to_string());
        let bare = name.replace("株式会社", "");
        names.push(match i % 5 {
            0 => format!("㈱{bare} 東京支店"),
            1 => format!("{bare}(株)"),
            2 => half_width(&format!("{bare}（株）営業部 御中")),
            3 => format!("ｶ){}", kana.replace("カブシキガイシャ", "")),
            _ => en.to_string(),
        });
        addrs.push(format!("{pref}{addr}"));
        addrs.push(match i % 4 {
            0 => addr.to_string(),
            1 => format!("〒100-0001 {pref}{}", half_width(addr)),
            2 => kanji_numerals(addr),
            _ => format!("{pref} {addr} 3F"),
        });
    }
    (names, addrs)
}

fn from_csv(path: &str) -> (Vec<String>, Vec<String>) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split(',').collect();
    let col = |n: &str| header.iter().position(|h| h.trim_matches('"') == n);
    let (ni, ai) = (col("name"), col("address"));
    let mut names = Vec::new();
    let mut addrs = Vec::new();
    for l in lines {
        // Simple split: good enough for a benchmark over generated data.
        let f: Vec<&str> = l.split(',').map(|s| s.trim_matches('"')).collect();
        if let Some(n) = ni.and_then(|i| f.get(i)) {
            names.push((*n).to_string());
        }
        if let Some(a) = ai.and_then(|i| f.get(i)) {
            addrs.push((*a).to_string());
        }
    }
    (names, addrs)
}

/// Nanoseconds this thread has spent on a CPU (Linux), so that throughput
/// can be reported independently of other processes sharing the machine.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// Items per CPU-second of `f` over `items`, a few passes.
fn per_cpu_second<T>(items: &[T], mut f: impl FnMut(&T)) -> Option<f64> {
    let start = thread_cpu_ns()?;
    let passes = 20;
    for _ in 0..passes {
        for x in items {
            f(x);
        }
    }
    let ns = thread_cpu_ns()?.saturating_sub(start).max(1);
    Some((items.len() * passes) as f64 / (ns as f64 / 1e9))
}

fn bench(c: &mut Criterion) {
    let (names, addrs) = inputs();
    // Warm the lazily built tables outside the measurement.
    let _ = nayose::normalize::normalize_name("株式会社");
    let _ = nayose::normalize::parse_address("東京都");
    if let (Some(n), Some(a)) = (
        per_cpu_second(&names, |n| {
            black_box(nayose::normalize::normalize_name(black_box(n)));
        }),
        per_cpu_second(&addrs, |a| {
            black_box(nayose::normalize::parse_address(black_box(a)));
        }),
    ) {
        if std::env::var("NAYOSE_BENCH_PARTS").is_ok() {
            use nayose::normalize::text::{FoldMode, fold};
            let f = per_cpu_second(&names, |n| {
                black_box(fold(black_box(n), FoldMode::Name));
            });
            let r = per_cpu_second(&names, |n| {
                black_box(nayose::normalize::normalize_reading(black_box(n)));
            });
            let e = per_cpu_second(&names, |n| {
                black_box(n.to_lowercase());
            });
            eprintln!("fold {f:?}/s, reading {r:?}/s, to_lowercase {e:?}/s");
        }
        eprintln!(
            "per CPU-second (thread CPU time, unaffected by other processes): {n:.0} names/s, {a:.0} addresses/s over {} names and {} addresses",
            names.len(),
            addrs.len()
        );
    }

    let mut g = c.benchmark_group("normalize");
    g.throughput(Throughput::Elements(names.len() as u64));
    g.bench_function("names", |b| {
        b.iter(|| {
            for n in &names {
                black_box(nayose::normalize::normalize_name(black_box(n)));
            }
        })
    });
    g.throughput(Throughput::Elements(addrs.len() as u64));
    g.bench_function("addresses", |b| {
        b.iter(|| {
            for a in &addrs {
                black_box(nayose::normalize::parse_address(black_box(a)));
            }
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
