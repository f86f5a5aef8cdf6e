//! Linking client rows: exactly one result per row, in order; a row that
//! is already an `error` (see [`super::row`], [`super::json`]) gets an
//! `error` result with its reason, every other row goes to the library,
//! which validates it the one way for every path.

use nayose::linker::{LinkResult, Linker};
use rayon::prelude::*;

use super::row::ClientRow;

/// Rows up to this many are linked on the calling thread (handing a single
/// record to the rayon pool costs more than it saves).
const SEQUENTIAL_ROWS: usize = 8;

/// Links one row; with `explain`, the result comes with its explanation
/// as JSON.
#[must_use]
pub fn link_one(linker: &Linker, row: &ClientRow, explain: bool) -> (LinkResult, Option<String>) {
    match &row.client {
        Err(reason) => (LinkResult::error(reason.clone()), None),
        Ok(client) if explain => {
            let explanation = linker.explain(&client.query());
            let json = serde_json::to_string(&explanation).unwrap_or_default();
            (explanation.result, Some(json))
        }
        Ok(client) => (linker.link(&client.query()), None),
    }
}

/// Links `rows` (in parallel when there are more than a few), in order.
#[must_use]
pub fn link_rows<R: AsRef<ClientRow> + Sync>(
    linker: &Linker,
    rows: &[R],
    explain: bool,
) -> Vec<(LinkResult, Option<String>)> {
    if rows.len() <= SEQUENTIAL_ROWS {
        rows.iter()
            .map(|row| link_one(linker, row.as_ref(), explain))
            .collect()
    } else {
        rows.par_iter()
            .map(|row| link_one(linker, row.as_ref(), explain))
            .collect()
    }
}
