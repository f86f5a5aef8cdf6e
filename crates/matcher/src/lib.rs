//! # nayose (名寄せ)
//!
//! Links messy records of Japanese companies to a master table of companies.
//!
//! The library is organised as the pipeline a record flows through:
//! company data comes from a [`source`] (SQLite, PostgreSQL, MySQL/MariaDB or CSV),
//! is normalised, indexed for candidate retrieval, described by a fixed
//! [`features`] vector per candidate, and a learned policy decides which
//! candidate, if any, a client record refers to. [`linker::Linker`] puts the
//! pipeline together.

pub mod features;
pub mod index;
pub mod linker;
pub mod normalize;
pub mod policy;
pub mod source;
pub mod status;

pub use source::{CompanyRecord, CompanyRow};
#[cfg(feature = "database")]
pub use source::{CompanySource, LoadReport, SourceError};
pub use status::MatchStatus;

/// The README's Rust examples, compiled as doctests so the README keeps
/// matching the code.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
