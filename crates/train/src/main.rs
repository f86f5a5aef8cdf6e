//! `train`: trains nayose's linking policy on a company table (CONTRACTS §4, §7).
//!
//! The policy, its reinforcement-learning environment and the artifact writer
//! are not built yet; until then this binary checks that the company source
//! loads and says plainly that training is unavailable (exit code 1).

use std::process::ExitCode;

use clap::Parser;
use nayose::CompanySource;

/// Train the linking policy on a company table.
#[derive(Debug, Parser)]
#[command(name = "train", version, about)]
struct Args {
    /// Company source: sqlite://…, postgres://…, mysql://…, or a .sqlite/.db/.csv path.
    #[arg(long)]
    companies: String,
    /// Directory for the model artifact.
    #[arg(long)]
    out: std::path::PathBuf,
    /// Seed.
    #[arg(long, default_value_t = 42)]
    seed: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let loaded = runtime.block_on(async {
        let source = CompanySource::parse(&args.companies)?;
        source.load(|_| {}).await
    });
    match loaded {
        Ok(report) => {
            eprintln!(
                "loaded {} companies; training is not implemented yet, so nothing was written to {} (seed {})",
                report.rows,
                args.out.display(),
                args.seed
            );
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
