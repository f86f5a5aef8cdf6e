//! Builds the index over a company source, writes it as a snapshot, reads
//! it back, and prints the time of each step, the snapshot's size and
//! whether the read index answers as the built one does.
//!
//! ```sh
//! cargo run --release -p nayose --example index_snapshot -- \
//!     data/default/companies.sqlite /tmp/companies.snapshot
//! ```

use std::path::PathBuf;
use std::time::Instant;

use nayose::index::{Index, QueryKeys, QueryText, RetrievalConfig};
use nayose::source::CompanySource;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [companies, snapshot] = args.as_slice() else {
        return Err("usage: index_snapshot COMPANIES SNAPSHOT_FILE".into());
    };
    let snapshot = PathBuf::from(snapshot);
    let source = CompanySource::parse(companies)?;

    let started = Instant::now();
    let (built, report) = Index::build(&source, RetrievalConfig::default()).await?;
    let build = started.elapsed();

    let started = Instant::now();
    let digest = built.id_digest();
    let digest_time = started.elapsed();
    let started = Instant::now();
    let stamp = source.stamp().await?;
    let stamp_time = started.elapsed();
    let started = Instant::now();
    let bytes = built.write_snapshot(&snapshot, stamp)?;
    let write = started.elapsed();

    let started = Instant::now();
    let (read, header) = Index::read_snapshot(&snapshot, RetrievalConfig::default())?;
    let load = started.elapsed();

    // Every 997th row's name and address, searched in both.
    let mut checked = 0usize;
    let mut differing = 0usize;
    for row in (0..built.len() as u32).step_by(997) {
        let Some(company) = built.company(row) else {
            continue;
        };
        let query = QueryKeys::from_text(QueryText {
            name: company.name,
            address: company.address,
            ..QueryText::default()
        });
        checked += 1;
        if built.search(&query) != read.search(&query) {
            differing += 1;
        }
    }
    println!(
        "rows {} ({} loaded) | build {:.2} s | id digest {:.2} s | source stamp {:.2} s | snapshot {:.1} MiB written in {:.2} s, read in {:.2} s | \
         heap {:.1} MiB built, {:.1} MiB read | digest {} | {differing} of {checked} searches differ",
        header.rows,
        report.rows,
        build.as_secs_f64(),
        digest_time.as_secs_f64(),
        stamp_time.as_secs_f64(),
        bytes as f64 / (1 << 20) as f64,
        write.as_secs_f64(),
        load.as_secs_f64(),
        built.heap_bytes() as f64 / (1 << 20) as f64,
        read.heap_bytes() as f64 / (1 << 20) as f64,
        if read.id_digest() == digest {
            "equal"
        } else {
            "DIFFERS"
        },
    );
    if differing > 0 || read.id_digest() != digest {
        return Err("the snapshot does not answer as the built index".into());
    }
    Ok(())
}
