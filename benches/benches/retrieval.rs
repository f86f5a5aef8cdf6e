//! Criterion benchmark of candidate retrieval on a generated table: index
//! build, and one query (normalise + retrieve) from the table's evaluation set.
//!
//! The full-size figures (1.4 M and 5.5 M rows, recall per category, p50/p99,
//! two-thread throughput) come from the bench command
//! `cargo run --release -p nayose-benches --bin bench_retrieval`; this
//! benchmark tracks the same code paths at a size criterion can repeat.
//!
//! ```sh
//! cargo bench -p nayose-benches --bench retrieval
//! ```

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use nayose::index::{Index, QueryKeys, RetrievalConfig};
use nayose_benches::{query_text, table_and_queries};

const ROWS: usize = 100_000;

fn retrieval(c: &mut Criterion) {
    let (records, queries) = table_and_queries(ROWS, 7, 2_000);
    let mut group = c.benchmark_group("retrieval");
    group.sample_size(10);
    group.throughput(Throughput::Elements(ROWS as u64));
    group.bench_function("build 100k rows", |b| {
        b.iter_batched(
            || records.clone(),
            |rows| black_box(Index::from_records(&rows, RetrievalConfig::default())),
            BatchSize::LargeInput,
        );
    });
    group.finish();

    let index = Index::from_records(&records, RetrievalConfig::default());
    let mut group = c.benchmark_group("retrieval");
    group.throughput(Throughput::Elements(1));
    let mut next = 0usize;
    group.bench_function("query (normalise + top 32) over 100k rows", |b| {
        b.iter(|| {
            let query = &queries[next % queries.len()];
            next += 1;
            let keys = QueryKeys::from_text(query_text(query));
            black_box(index.search(&keys))
        });
    });
    group.finish();
}

criterion_group!(benches, retrieval);
criterion_main!(benches);
