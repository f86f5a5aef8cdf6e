//! How a link result is written (CONTRACTS §3, §5): the column names and
//! the spelling of every value, the same for `nayose link` and `serve`.
//!
//! - CSV: `match_id`, `match_name` empty when not linked; `match_score`
//!   with four decimals (`0.9877`) when linked, empty when not (no link, no
//!   confidence to give); `match_status` `matched`/`review`/`unmatched`/
//!   `error`; `match_error` the reason or empty; `match_candidates`
//!   `id:score` best first joined by `|`; `match_note` the remark on the
//!   row's identifier fields or empty.
//! - JSON: `match_id`, `match_name` null when not linked; `match_score` the
//!   number the CSV cell spells (`0.9877`), `0` when not linked (JSON
//!   clients get a number always); `match_note` only when there is a
//!   remark on the row's identifiers; `match_error` only on `error` rows;
//!   `candidates` `{"id","name","score"}` best first.

use nayose::linker::{LinkResult, format_score};
use serde::Serialize;

/// The result columns every CSV output has, in this order.
pub const MATCH_COLUMNS: [&str; 4] = ["match_id", "match_name", "match_score", "match_status"];

/// The column of an `error` row's reason.
pub const MATCH_ERROR: &str = "match_error";

/// The column of a remark on the row's identifier fields (written when
/// the input has an identifier column).
pub const MATCH_NOTE: &str = "match_note";

/// The column of the candidates.
pub const MATCH_CANDIDATES: &str = "match_candidates";

/// A score as written in CSV: four decimals ([`format_score`], the
/// library's one spelling).
#[must_use]
pub fn score_text(score: f32) -> String {
    format_score(score)
}

/// A score as written in JSON: the number [`score_text`] spells.
#[must_use]
pub fn score_number(score: f32) -> f64 {
    score_text(score).parse().unwrap_or(0.0)
}

/// The [`MATCH_COLUMNS`] cells of `result`.
#[must_use]
pub fn match_cells(result: &LinkResult) -> [String; 4] {
    [
        result.match_id.clone().unwrap_or_default(),
        result.match_name.clone().unwrap_or_default(),
        result.score_text(),
        result.match_status.as_str().to_owned(),
    ]
}

/// The [`MATCH_ERROR`] cell of `result`.
#[must_use]
pub fn error_cell(result: &LinkResult) -> String {
    result.match_error.clone().unwrap_or_default()
}

/// The [`MATCH_NOTE`] cell of `result`.
#[must_use]
pub fn note_cell(result: &LinkResult) -> String {
    result.match_note.clone().unwrap_or_default()
}

/// The [`MATCH_CANDIDATES`] cell of `result`.
#[must_use]
pub fn candidates_cell(result: &LinkResult) -> String {
    result
        .candidates
        .iter()
        .map(|c| format!("{}:{}", c.id, score_text(c.score)))
        .collect::<Vec<_>>()
        .join("|")
}

/// A candidate as written in JSON.
#[derive(Debug, Serialize)]
pub struct CandidateOut<'a> {
    id: &'a str,
    name: &'a str,
    score: f64,
}

/// One result as written in JSON, fields in the contract's order:
/// `client_id`, `match_id`, `match_name`, `match_score`, `match_status`,
/// `candidates`, `match_note` when there is a remark, and `match_error` on
/// `error` rows.
#[derive(Debug, Serialize)]
pub struct ResultOut<'a> {
    client_id: &'a str,
    match_id: Option<&'a str>,
    match_name: Option<&'a str>,
    match_score: f64,
    match_status: &'static str,
    candidates: Vec<CandidateOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    match_note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    match_error: Option<&'a str>,
}

impl<'a> ResultOut<'a> {
    /// The JSON form of `result` for row `client_id`.
    #[must_use]
    pub fn new(client_id: &'a str, result: &'a LinkResult) -> Self {
        Self {
            client_id,
            match_id: result.match_id.as_deref(),
            match_name: result.match_name.as_deref(),
            match_score: if result.match_id.is_some() {
                score_number(result.match_score)
            } else {
                0.0
            },
            match_status: result.match_status.as_str(),
            candidates: result
                .candidates
                .iter()
                .map(|c| CandidateOut {
                    id: &c.id,
                    name: &c.name,
                    score: score_number(c.score),
                })
                .collect(),
            match_note: result.match_note.as_deref(),
            match_error: result.match_error.as_deref(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nayose::linker::{MatchStatus, ScoredCandidate};

    #[test]
    fn one_spelling_for_csv_and_json() {
        let linked = LinkResult {
            match_id: Some("1".into()),
            match_name: Some("株式会社山田".into()),
            match_score: 0.987_654,
            match_status: MatchStatus::Matched,
            match_error: None,
            match_note: None,
            candidates: vec![ScoredCandidate {
                id: "1".into(),
                name: "株式会社山田".into(),
                score: 0.987_654,
            }],
        };
        assert_eq!(
            match_cells(&linked),
            ["1", "株式会社山田", "0.9877", "matched"]
        );
        assert_eq!(candidates_cell(&linked), "1:0.9877");
        let json = serde_json::to_value(ResultOut::new("a", &linked)).unwrap_or_default();
        assert_eq!(json["match_score"], serde_json::json!(0.9877));
        assert!(json.get("match_error").is_none());
        let failed = LinkResult::error("the record has no name, phone, web address or number");
        assert_eq!(match_cells(&failed), ["", "", "", "error"]);
        assert_eq!(
            error_cell(&failed),
            "the record has no name, phone, web address or number"
        );
        let json = serde_json::to_value(ResultOut::new("b", &failed)).unwrap_or_default();
        assert_eq!(json["match_score"], serde_json::json!(0.0));
        assert_eq!(json["match_id"], serde_json::Value::Null);
    }
}
