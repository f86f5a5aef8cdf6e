//! The client list (CONTRACTS §2, §3): the one layer `nayose link` and
//! `serve`'s `/invocations` share between the bytes they receive and the
//! results they write, so both read and answer a client list the same way.
//!
//! One job a module: [`encoding`] decides and decodes the character set
//! (UTF-8 with or without BOM, Shift_JIS/CP932 detected or chosen),
//! [`columns`] maps header names and aliases to fields, [`row`] turns a CSV
//! record into a client row (bad bytes and extra fields are `error` rows,
//! `client_id` trimmed), [`json`] does the same for a JSON client object
//! (fields are strings or null), [`link`] links rows one result per row in
//! order, and [`output`] spells the result columns.
//!
//! Trimming, blank fields, the no-name and field-length checks are the
//! library's ([`nayose::linker::check_record`], run by every link), not
//! this layer's. What is framing stays with each front-end: the CLI reads
//! a file record by record and streams its output; `serve` reads a body
//! line by line (SageMaker's one-line-one-record invariant) and answers in
//! the requested format.

pub mod columns;
pub mod encoding;
pub mod json;
pub mod link;
pub mod output;
pub mod row;
