//! The adapters behind nayose's binaries: the `nayose` CLI's commands and,
//! later, the `serve` endpoint. Everything here is glue over the `nayose`
//! library and the `nayose-datagen` generator.

pub mod commands;
pub mod companies;
pub mod model;
pub mod usage;
