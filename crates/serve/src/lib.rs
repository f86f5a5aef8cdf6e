//! The adapters behind nayose's binaries: the `nayose` CLI's commands and
//! the `serve` SageMaker endpoint ([`http`]), both over one client-list
//! layer ([`clients`]). Everything here is glue over the `nayose` library
//! and the `nayose-datagen` generator.

pub mod clients;
pub mod commands;
pub mod companies;
pub mod http;
pub mod model;
pub mod usage;
