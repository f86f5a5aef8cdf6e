//! Writing link results in the response format (CONTRACTS §3, §5); the
//! columns and the spelling of every value are the client-list layer's
//! ([`crate::clients::output`]), the same as `nayose link`'s: CSV
//! `match_*` cells are byte-identical to the CLI's, an unlinked row's
//! `match_score` is empty in CSV and `0` in JSON.

use nayose::linker::LinkResult;
use serde::Serialize;
use serde_json::Value;

use super::error::ApiError;
use super::format::Format;
use crate::clients::output::{MATCH_COLUMNS, ResultOut, match_cells};

/// The CSV response columns, always these five (CONTRACTS §5): Batch
/// Transform joins each response line to its input line, so every response
/// must have the same width. An `error` row's reason is in the JSON and
/// JSON Lines responses, and the request's log line counts the error rows
/// and gives the first one's reason.
pub const CSV_COLUMNS: [&str; 5] = [
    "client_id",
    MATCH_COLUMNS[0],
    MATCH_COLUMNS[1],
    MATCH_COLUMNS[2],
    MATCH_COLUMNS[3],
];

/// One result as a JSON object: `client_id`, `match_id` and `match_name`
/// (null when not linked), `match_score` (0 when not linked),
/// `match_status`, `candidates`, and `match_error` on `error` rows, in that
/// order.
#[must_use]
pub fn result_object(client_id: &str, result: &LinkResult) -> Value {
    serde_json::to_value(ResultOut::new(client_id, result)).unwrap_or(Value::Null)
}

/// Renders `results` (one per `client_ids` entry, same order) as `format`.
/// A CSV response starts with a header row only when `csv_header` is set.
pub fn render(
    format: Format,
    client_ids: &[&str],
    results: &[LinkResult],
    csv_header: bool,
) -> Result<Vec<u8>, ApiError> {
    let pairs = client_ids.iter().zip(results);
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Results<'a> {
                results: Vec<ResultOut<'a>>,
            }
            let results = Results {
                results: pairs.map(|(id, r)| ResultOut::new(id, r)).collect(),
            };
            serde_json::to_vec(&results)
                .map_err(|e| ApiError::Internal(format!("cannot write JSON: {e}")))
        }
        Format::JsonLines => {
            let mut out = Vec::with_capacity(results.len() * 160);
            for (id, result) in pairs {
                serde_json::to_writer(&mut out, &ResultOut::new(id, result))
                    .map_err(|e| ApiError::Internal(format!("cannot write JSON: {e}")))?;
                out.push(b'\n');
            }
            Ok(out)
        }
        Format::Csv => {
            let csv_error = |e: csv::Error| ApiError::Internal(format!("cannot write CSV: {e}"));
            let mut writer = csv::WriterBuilder::new()
                .flexible(false)
                .from_writer(Vec::with_capacity(results.len() * 80));
            if csv_header {
                writer.write_record(CSV_COLUMNS).map_err(csv_error)?;
            }
            for (id, result) in pairs {
                let [match_id, match_name, match_score, match_status] = match_cells(result);
                let record = [
                    (*id).to_owned(),
                    match_id,
                    match_name,
                    match_score,
                    match_status,
                ];
                writer.write_record(&record).map_err(csv_error)?;
            }
            writer
                .into_inner()
                .map_err(|e| ApiError::Internal(format!("cannot write CSV: {e}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nayose::linker::{MatchStatus, ScoredCandidate};
    use serde_json::json;

    fn results() -> Vec<LinkResult> {
        vec![
            LinkResult {
                match_id: Some("1".into()),
                match_name: Some("株式会社山田, 工務店".into()),
                match_score: 0.987_654,
                match_status: MatchStatus::Matched,
                match_error: None,
                match_note: None,
                candidates: vec![ScoredCandidate {
                    id: "1".into(),
                    name: "株式会社山田, 工務店".into(),
                    score: 0.987_654,
                }],
            },
            LinkResult::error("the record has no name, phone, web address or number"),
        ]
    }

    #[test]
    fn csv_lines_match_rows_and_quote() {
        let body =
            render(Format::Csv, &["a", "b"], &results(), false).unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8(body).unwrap_or_default();
        assert_eq!(
            text,
            "a,1,\"株式会社山田, 工務店\",0.9877,matched\nb,,,,error\n"
        );
        let body =
            render(Format::Csv, &["a"], &results()[..1], true).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            String::from_utf8(body)
                .unwrap_or_default()
                .starts_with("client_id,match_id,match_name,match_score,match_status\n")
        );
    }

    #[test]
    fn json_fields_keep_the_contract_order() {
        let body = render(Format::JsonLines, &["a"], &results()[..1], false)
            .unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8(body).unwrap_or_default();
        assert!(
            text.starts_with("{\"client_id\":\"a\",\"match_id\":\"1\",\"match_name\""),
            "{text}"
        );
    }

    #[test]
    fn json_and_json_lines() {
        let body = render(Format::JsonLines, &["a", "b"], &results(), false)
            .unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8(body).unwrap_or_default();
        let lines: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or(Value::Null))
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["match_score"], json!(0.9877));
        assert_eq!(lines[0]["candidates"][0]["id"], json!("1"));
        assert_eq!(lines[1]["match_id"], Value::Null);
        assert_eq!(
            lines[1]["match_error"],
            json!("the record has no name, phone, web address or number")
        );
        let body =
            render(Format::Json, &["a", "b"], &results(), false).unwrap_or_else(|e| panic!("{e}"));
        let doc: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        assert_eq!(doc["results"][1]["match_status"], json!("error"));
    }
}
