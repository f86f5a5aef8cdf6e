//! The `nayose` CLI's subcommands, one module each.

pub mod generate;
pub mod info;
pub mod link;
pub mod normalize;
