//! Parsing an `/invocations` body into client rows (CONTRACTS §2, §5), with
//! the client-list layer `nayose link` uses ([`crate::clients`]).
//!
//! Whole-request failures: an empty body, a JSON document that is
//! malformed (invalid UTF-8 included), not an object, with an unknown
//! `mode`, without a `clients` array, or with a client that is not an
//! object (400); too many rows (413). Everything else is
//! per row, and every row keeps its place:
//! - CSV and JSON Lines bodies keep SageMaker's line invariant: every input
//!   line becomes exactly one row, and a line that cannot be read (blank,
//!   malformed, not valid text in the body's charset) is an `error` row
//!   with the reason;
//! - a CSV row with more fields than its header (the header row, or
//!   `NAYOSE_CSV_COLUMNS` without one) is an `error` row; missing trailing
//!   fields are empty;
//! - a client field (`client_id`, `name`, `address`, `phone`, `url`) that is
//!   not a string or null is an `error` row naming the field;
//! - fields go to the library as sent; it trims them and makes a row
//!   without a name, or with a field over 4 096 bytes, an `error` row.

use std::borrow::Cow;

use serde_json::Value;

use super::error::ApiError;
use super::format::Format;
use crate::clients::columns::Columns;
use crate::clients::encoding::{Detected, InputEncoding, decode};
use crate::clients::json::{NotAClient, json_client};
use crate::clients::row::{ClientRow, csv_row};

/// The only `mode` there is.
pub const MODE: &str = "bulk_linkage";

/// A parsed request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The rows, in input order.
    pub rows: Vec<ClientRow>,
    /// Whether a CSV body began with a header row (the CSV response then
    /// has one too, keeping one output line per input line).
    pub csv_header: bool,
    /// The body's character set (a CSV answer goes back in it).
    pub detected: Detected,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Parses `body` as `format` in the character set `encoding` asks for.
/// `csv_columns` is the column order of a header-less CSV body; more than
/// `max_rows` rows is a 413.
pub fn parse(
    format: Format,
    body: &[u8],
    encoding: InputEncoding,
    csv_columns: &Columns,
    max_rows: usize,
) -> Result<Parsed, ApiError> {
    let (text, detected) = match format {
        Format::Csv => decode(body, encoding),
        // JSON is UTF-8: its bad bytes are for the rows (JSON Lines) or
        // the parser (a JSON document) to report.
        Format::Json | Format::JsonLines => (
            Cow::Borrowed(body.strip_prefix(BOM).unwrap_or(body)),
            Detected::Utf8 {
                bom: body.starts_with(BOM),
            },
        ),
    };
    if std::str::from_utf8(&text).is_ok_and(|t| t.trim().is_empty()) {
        return Err(ApiError::BadRequest("the request body is empty".to_owned()));
    }
    let (rows, csv_header) = match format {
        Format::Json => (parse_json(&text, max_rows)?, false),
        Format::JsonLines => {
            let lines = lines(&text);
            check_rows(lines.len(), max_rows)?;
            let rows = lines
                .iter()
                .enumerate()
                .map(|(i, line)| json_line(i + 1, line))
                .collect();
            (rows, false)
        }
        Format::Csv => parse_csv(&text, detected == Detected::Cp932, csv_columns, max_rows)?,
    };
    Ok(Parsed {
        rows,
        csv_header,
        detected,
    })
}

/// The lines of a body: split on `\n`, a trailing `\r` removed, the empty
/// piece after a final newline dropped.
fn lines(text: &[u8]) -> Vec<&[u8]> {
    let text = text.strip_suffix(b"\n").unwrap_or(text);
    text.split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .collect()
}

/// Whether a line holds nothing but white space.
fn blank(line: &[u8]) -> bool {
    std::str::from_utf8(line).is_ok_and(|l| l.trim().is_empty())
}

fn check_rows(rows: usize, max_rows: usize) -> Result<(), ApiError> {
    if rows > max_rows {
        return Err(ApiError::TooLarge(format!(
            "too many rows: {rows}; the limit is {max_rows} per request (NAYOSE_MAX_ROWS); \
             split the input"
        )));
    }
    Ok(())
}

fn parse_json(text: &[u8], max_rows: usize) -> Result<Vec<ClientRow>, ApiError> {
    let text = std::str::from_utf8(text).map_err(|e| {
        ApiError::BadRequest(format!(
            "the body is not valid UTF-8 (invalid byte at offset {}); send UTF-8",
            e.valid_up_to()
        ))
    })?;
    let document: Value = serde_json::from_str(text)
        .map_err(|e| ApiError::BadRequest(format!("the body is not valid JSON: {e}")))?;
    let Value::Object(document) = document else {
        return Err(ApiError::BadRequest(
            "the body must be a JSON object {\"mode\": \"bulk_linkage\", \"clients\": [...]}"
                .to_owned(),
        ));
    };
    match document.get("mode") {
        None | Some(Value::Null) => {}
        Some(Value::String(mode)) if mode == MODE => {}
        Some(other) => {
            let shown = other
                .as_str()
                .map_or_else(|| other.to_string(), str::to_owned);
            return Err(ApiError::BadRequest(format!(
                "unknown mode `{shown}`; the supported mode is `{MODE}`"
            )));
        }
    }
    let clients = match document.get("clients") {
        Some(Value::Array(clients)) => clients,
        Some(_) => {
            return Err(ApiError::BadRequest(
                "`clients` must be an array of client objects".to_owned(),
            ));
        }
        None => {
            return Err(ApiError::BadRequest(
                "the body has no `clients` array".to_owned(),
            ));
        }
    };
    check_rows(clients.len(), max_rows)?;
    clients
        .iter()
        .enumerate()
        .map(|(i, client)| {
            json_client(i + 1, client, &format!("clients[{i}]"))
                .map_err(|e| ApiError::BadRequest(e.reason().to_owned()))
        })
        .collect()
}

/// One JSON Lines line: never fails, an unreadable line is an error row.
fn json_line(number: usize, line: &[u8]) -> ClientRow {
    let failed = |reason: String| ClientRow::failed(number, reason);
    let Ok(line) = std::str::from_utf8(line) else {
        return failed(format!("line {number} is not valid UTF-8"));
    };
    if line.trim().is_empty() {
        return failed(format!("line {number} is empty"));
    }
    let value: Value = match serde_json::from_str(line) {
        Ok(value) => value,
        Err(e) => return failed(format!("line {number} is not valid JSON: {e}")),
    };
    match json_client(number, &value, &format!("line {number}")) {
        Ok(row) => row,
        Err(NotAClient(reason)) => failed(reason),
    }
}

fn parse_csv(
    text: &[u8],
    transcoded: bool,
    configured: &Columns,
    max_rows: usize,
) -> Result<(Vec<ClientRow>, bool), ApiError> {
    let mut lines = lines(text);
    let header = lines
        .first()
        .and_then(|first| csv_record(first).ok())
        .and_then(|record| {
            let cells: Vec<String> = record
                .iter()
                .map(|h| String::from_utf8_lossy(h).into_owned())
                .collect();
            Columns::from_headers(&cells)
        });
    let csv_header = header.is_some();
    if csv_header {
        lines.remove(0);
    }
    check_rows(lines.len(), max_rows)?;
    let columns = header.as_ref().unwrap_or(configured);
    let rows = lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let number = i + 1;
            if blank(line) {
                return ClientRow::failed(number, format!("row {number} is empty"));
            }
            match csv_record(line) {
                Ok(record) => csv_row(number, &record, columns, transcoded).row,
                Err(e) => ClientRow::failed(number, format!("row {number} is not valid CSV: {e}")),
            }
        })
        .collect();
    Ok((rows, csv_header))
}

/// The record of one CSV line (a quote left open is an error: a record
/// never spans lines here).
fn csv_record(line: &[u8]) -> Result<csv::ByteRecord, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(line);
    let mut record = csv::ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(_) => Ok(record),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients::row::Client;

    fn default_columns() -> Columns {
        let names: Vec<String> = super::super::config::DEFAULT_CSV_COLUMNS
            .split(',')
            .map(str::to_owned)
            .collect();
        Columns::from_headers(&names).unwrap_or_default()
    }

    fn parse_bytes(format: Format, body: &[u8]) -> Result<Parsed, ApiError> {
        parse(format, body, InputEncoding::Auto, &default_columns(), 10)
    }

    fn parse_ok(format: Format, body: &str) -> Parsed {
        parse_bytes(format, body.as_bytes()).unwrap_or_else(|e| panic!("{e}"))
    }

    fn bad_request(format: Format, body: &[u8]) -> String {
        match parse_bytes(format, body) {
            Err(ApiError::BadRequest(message)) => message,
            other => panic!("expected 400, got {other:?}"),
        }
    }

    fn reasons(parsed: &Parsed) -> Vec<Option<&str>> {
        parsed
            .rows
            .iter()
            .map(|r| r.client.as_ref().err().map(String::as_str))
            .collect()
    }

    #[test]
    fn json_bodies() {
        let parsed = parse_ok(
            Format::Json,
            r#"{"mode":"bulk_linkage","clients":[{"client_id":"7","name":"山田工務店","phone":"03-1234-5678"},{"name":"田中"},{"client_id":7,"name":"x"},{"name":123}]}"#,
        );
        assert_eq!(parsed.rows.len(), 4);
        assert_eq!(parsed.rows[0].client_id, "7");
        assert_eq!(parsed.rows[1].client_id, "2");
        // Not strings: error rows naming the field, the request is answered.
        assert_eq!(
            reasons(&parsed)[2..],
            [
                Some("clients[2].client_id must be a string or null, not a number"),
                Some("clients[3].name must be a string or null, not a number"),
            ]
        );
        assert!(
            bad_request(Format::Json, br#"{"mode":"x","clients":[]}"#).contains("unknown mode `x`")
        );
        // A client without `name` is a row (the library decides whether
        // its other fields are enough), not a bad request.
        let nameless = parse_ok(Format::Json, r#"{"clients":[{"address":"a"}]}"#);
        assert_eq!(reasons(&nameless), [None]);
        assert!(bad_request(Format::Json, b"{not json").contains("not valid JSON"));
        assert!(bad_request(Format::Json, b"\xff\xfe").contains("UTF-8"));
        assert!(bad_request(Format::Json, b"  ").contains("empty"));
        let many = format!("{{\"clients\":[{}]}}", ["{\"name\":\"a\"}"; 11].join(","));
        assert!(matches!(
            parse_bytes(Format::Json, many.as_bytes()),
            Err(ApiError::TooLarge(_))
        ));
    }

    #[test]
    fn csv_with_and_without_header_keeps_every_line() {
        let parsed = parse_ok(Format::Csv, "会社名,住所\n山田工務店,東京都\n\n\"broken\n");
        assert!(parsed.csv_header);
        assert_eq!(parsed.rows.len(), 3);
        assert_eq!(
            parsed.rows[0].client.as_ref().map(|c| c.name.as_str()),
            Ok("山田工務店")
        );
        assert!(parsed.rows[1].client.is_err());
        let parsed = parse_ok(Format::Csv, "c1,山田工務店,東京都\r\nc2,,\r\n");
        assert!(!parsed.csv_header);
        assert_eq!(parsed.rows[0].client_id, "c1");
        assert_eq!(
            parsed.rows[1].client.as_ref().map(|c| c.name.as_str()),
            Ok("")
        );
    }

    #[test]
    fn csv_cells_are_not_trimmed_here_and_bad_rows_keep_their_place() {
        let mut body = "client_id,name,address\n c1 , 山田工務店 ,\n"
            .as_bytes()
            .to_vec();
        body.extend_from_slice(b"c2,\xff\xfe,x\nc3,a,b,c\nc4,only\n");
        let parsed = parse_bytes(Format::Csv, &body).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(parsed.detected, Detected::Utf8 { bom: false });
        let ids: Vec<&str> = parsed.rows.iter().map(|r| r.client_id.as_str()).collect();
        assert_eq!(ids, ["c1", "c2", "c3", "c4"]);
        assert_eq!(
            parsed.rows[0].client,
            Ok(Client {
                name: " 山田工務店 ".to_owned(),
                address: Some(String::new()),
                ..Client::default()
            })
        );
        let why = reasons(&parsed);
        assert_eq!(why[1], Some("invalid bytes in column `name`"));
        assert!(why[2].is_some_and(|r| r.contains("the row has 4 fields")));
        assert_eq!(why[3], None);
        // Header-less: NAYOSE_CSV_COLUMNS is the header.
        let parsed = parse_ok(Format::Csv, "1,a,b,c,d,e\n");
        assert!(reasons(&parsed)[0].is_some_and(|r| r.contains("the row has 6 fields")));
    }

    #[test]
    fn json_lines_errors_are_rows() {
        let mut body = "{\"name\":\"山田\"}\nnot json\n{\"phone\":\"1\"}\n\n[1]\n{\"name\":true}\n"
            .as_bytes()
            .to_vec();
        body.extend_from_slice(b"{\"name\":\"\xff\"}\n");
        let parsed = parse_bytes(Format::JsonLines, &body).unwrap_or_else(|e| panic!("{e}"));
        let errors: Vec<bool> = parsed.rows.iter().map(|r| r.client.is_err()).collect();
        // A line without `name` is a client like any other: the library
        // links it on its phone.
        assert_eq!(errors, [false, true, false, true, true, true, true]);
        let reasons = reasons(&parsed);
        assert_eq!(
            reasons[5],
            Some("line 6.name must be a string or null, not a boolean")
        );
        assert_eq!(reasons[6], Some("line 7 is not valid UTF-8"));
    }
}
