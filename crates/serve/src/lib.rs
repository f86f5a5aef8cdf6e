//! The adapters behind nayose's binaries: the `nayose` CLI's commands and
//! the `serve` SageMaker endpoint ([`http`]). Everything here is glue over the `nayose`
//! library and the `nayose-datagen` generator.

pub mod columns;
pub mod commands;
pub mod companies;
pub mod http;
pub mod model;
pub mod usage;
