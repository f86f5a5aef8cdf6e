//! `nayose`: the offline CLI (CONTRACTS §4).

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use nayose_serve::commands::{generate, info, link, normalize};
use nayose_serve::usage::exit_code;

/// Links messy lists of Japanese companies to a company master table (名寄せ).
#[derive(Debug, Parser)]
#[command(name = "nayose", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate the deterministic synthetic company table and its evaluation set.
    Gen(generate::GenArgs),
    /// Load a company source and summarise what it holds.
    Info(info::InfoArgs),
    /// Link a client list (CSV) to the company table.
    Link(link::LinkArgs),
    /// Print the normalised form of a company name (or, with --address, an address) as JSON.
    Normalize(normalize::NormalizeArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match &cli.command {
            Command::Gen(args) => generate::run(args).await,
            Command::Info(args) => info::run(args).await,
            Command::Link(args) => link::run(args).await,
            Command::Normalize(args) => normalize::run(args),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(exit_code(&error))
        }
    }
}
