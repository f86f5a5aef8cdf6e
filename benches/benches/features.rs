//! Criterion benchmark of the feature vector: one query's 32 candidates
//! (the per-query cost the policy adds after retrieval), over a generated
//! table.
//!
//! ```sh
//! cargo bench -p nayose-benches --bench features
//! ```

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use nayose::features::{PreparedQuery, candidate_features};
use nayose::index::{Candidate, Index, RetrievalConfig};
use nayose::normalize::{normalize_name, normalize_phone, parse_address, registrable_domain};
use nayose_benches::{query_text, table_and_queries};

const ROWS: usize = 50_000;

fn features(c: &mut Criterion) {
    let (records, queries) = table_and_queries(ROWS, 7, 500);
    let index = Index::from_records(&records, RetrievalConfig::default());
    let prepared: Vec<(PreparedQuery, Vec<Candidate>)> = queries
        .iter()
        .map(|q| {
            let query = PreparedQuery::new(query_text(q));
            let candidates = index.search(query.keys());
            (query, candidates)
        })
        .collect();
    let mean = prepared.iter().map(|(_, c)| c.len()).sum::<usize>() as f64 / prepared.len() as f64;
    eprintln!("mean candidates per query: {mean:.1}");

    let mut group = c.benchmark_group("features");
    group.throughput(Throughput::Elements(1));
    let mut next = 0usize;
    group.bench_function("one query's candidates (K = 32)", |b| {
        b.iter(|| {
            let (query, candidates) = &prepared[next % prepared.len()];
            next += 1;
            black_box(candidate_features(query, &index, candidates))
        });
    });
    // The share of the above spent normalising the candidates' own fields.
    group.bench_function("normalising the candidates' fields only", |b| {
        b.iter(|| {
            let (_, candidates) = &prepared[next % prepared.len()];
            next += 1;
            for candidate in candidates {
                if let Some(row) = index.company(candidate.row) {
                    black_box(normalize_name(row.name));
                    black_box(row.address.map(parse_address));
                    black_box(row.phone.and_then(normalize_phone));
                    black_box(row.url.and_then(registrable_domain));
                }
            }
        });
    });
    group.finish();
}

criterion_group!(benches, features);
criterion_main!(benches);
