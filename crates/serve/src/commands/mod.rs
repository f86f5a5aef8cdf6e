//! Subcommands of the `nayose` CLI.

pub mod normalize;
