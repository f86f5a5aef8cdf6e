//! `serve`: the SageMaker inference endpoint (CONTRACTS §5, §6), a thin
//! axum adapter over the `nayose` library.
//!
//! One job a module: [`config`] reads the environment, [`format`] picks
//! wire formats, [`charset`] the character set, [`body`] reads bodies with
//! a limit, [`request`] parses them and [`render`] writes results (both
//! through the client-list layer `nayose link` uses, [`crate::clients`]), [`state`] holds the shared linker and
//! status, [`refresh`] loads and refreshes the index, [`handlers`] are the
//! endpoints, [`access`] and [`log`] write JSON log lines, and [`server`]
//! runs it all. The tests and benchmarks probe it with the `nayose-probe`
//! crate's client.

pub mod access;
pub mod body;
pub mod charset;
pub mod config;
pub mod error;
pub mod format;
pub mod handlers;
pub mod log;
pub mod refresh;
pub mod render;
pub mod request;
pub mod server;
pub mod state;

pub use config::Config;
pub use server::{ServeError, run};
