//! `nayose`: the offline CLI (CONTRACTS §4).

#[path = "../commands/mod.rs"]
mod commands;

use clap::Parser as _;

/// nayose: link messy lists of Japanese companies to a company table.
#[derive(clap::Parser, Debug)]
#[command(name = "nayose", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand, Debug)]
enum Command {
    /// Print the normalised form of a company name or address as JSON.
    Normalize(commands::normalize::NormalizeArgs),
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Normalize(args) => commands::normalize::run(&args),
    }
}
