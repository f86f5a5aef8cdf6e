//! Parsing an `/invocations` body into client rows (CONTRACTS §2, §5).
//!
//! JSON bodies are all or nothing: a malformed document, an unknown `mode`
//! or a client without `name` is a 400. CSV and JSON Lines bodies keep
//! SageMaker's line invariant instead: every input line becomes exactly one
//! row, and a line that cannot be read (blank, malformed) becomes an `error`
//! row with the reason rather than failing the whole request.

use nayose::index::QueryText;
use serde_json::Value;

use super::error::ApiError;
use super::format::Format;
use crate::columns::Columns;

/// The only `mode` there is.
pub const MODE: &str = "bulk_linkage";

/// The searchable fields of one client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Client {
    /// Company name (may be empty: the linker then reports an `error` row).
    pub name: String,
    /// Address.
    pub address: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// URL or e-mail.
    pub url: Option<String>,
}

impl Client {
    /// The linker's view of the client.
    #[must_use]
    pub fn query(&self) -> QueryText<'_> {
        QueryText {
            name: &self.name,
            address: self.address.as_deref(),
            phone: self.phone.as_deref(),
            url: self.url.as_deref(),
        }
    }
}

/// One input row: its id and the client, or why the line could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// `client_id` as sent, or the 1-based row number.
    pub client_id: String,
    /// The client, or the reason the row is an `error`.
    pub client: Result<Client, String>,
}

/// A parsed request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The rows, in input order.
    pub rows: Vec<Row>,
    /// Whether a CSV body began with a header row (the CSV response then
    /// has one too, keeping one output line per input line).
    pub csv_header: bool,
}

/// Parses `body` as `format`. `csv_columns` is the column order of a
/// header-less CSV body; more than `max_rows` rows is a 413.
pub fn parse(
    format: Format,
    body: &[u8],
    csv_columns: &Columns,
    max_rows: usize,
) -> Result<Parsed, ApiError> {
    let text = std::str::from_utf8(body).map_err(|e| {
        ApiError::BadRequest(format!(
            "the body is not valid UTF-8 (invalid byte at offset {}); send UTF-8",
            e.valid_up_to()
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ApiError::BadRequest("the request body is empty".to_owned()));
    }
    match format {
        Format::Json => parse_json(text, max_rows),
        Format::JsonLines => {
            let lines = lines(text);
            check_rows(lines.len(), max_rows)?;
            let rows = lines
                .iter()
                .enumerate()
                .map(|(i, line)| json_line(i + 1, line))
                .collect();
            Ok(Parsed {
                rows,
                csv_header: false,
            })
        }
        Format::Csv => parse_csv(text, csv_columns, max_rows),
    }
}

/// The lines of a body: split on `\n`, a trailing `\r` removed, the empty
/// piece after a final newline dropped.
fn lines(text: &str) -> Vec<&str> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect()
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

fn parse_json(text: &str, max_rows: usize) -> Result<Parsed, ApiError> {
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
    let rows = clients
        .iter()
        .enumerate()
        .map(|(i, client)| {
            let place = format!("clients[{i}]");
            json_client(i + 1, client, &place)
                .and_then(|(client_id, client)| {
                    client
                        .map(|client| Row {
                            client_id,
                            client: Ok(client),
                        })
                        .ok_or_else(|| format!("{place} has no `name`"))
                })
                .map_err(ApiError::BadRequest)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Parsed {
        rows,
        csv_header: false,
    })
}

/// A JSON client object: its id (or `number`) and the client, `None` when
/// it has no `name`. Fields of the wrong type are an error naming `place`.
fn json_client(
    number: usize,
    value: &Value,
    place: &str,
) -> Result<(String, Option<Client>), String> {
    let Value::Object(object) = value else {
        return Err(format!("{place} is not a JSON object"));
    };
    let field = |name: &str| -> Result<Option<String>, String> {
        match object.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(Value::Bool(b)) => Ok(Some(b.to_string())),
            Some(_) => Err(format!("{place}.{name} must be a string")),
        }
    };
    let client_id = field("client_id")?
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| number.to_string());
    let Some(name) = field("name")? else {
        return Ok((client_id, None));
    };
    let client = Client {
        name,
        address: field("address")?,
        phone: field("phone")?,
        url: field("url")?,
    };
    Ok((client_id, Some(client)))
}

/// One JSON Lines line: never fails, an unreadable line is an error row.
fn json_line(number: usize, line: &str) -> Row {
    let failed = |reason: String| Row {
        client_id: number.to_string(),
        client: Err(reason),
    };
    if line.trim().is_empty() {
        return failed(format!("line {number} is empty"));
    }
    let value: Value = match serde_json::from_str(line) {
        Ok(value) => value,
        Err(e) => return failed(format!("line {number} is not valid JSON: {e}")),
    };
    let place = format!("line {number}");
    match json_client(number, &value, &place) {
        Ok((client_id, Some(client))) => Row {
            client_id,
            client: Ok(client),
        },
        Ok((client_id, None)) => Row {
            client_id,
            client: Err(format!("{place} has no `name`")),
        },
        Err(reason) => failed(reason),
    }
}

fn parse_csv(text: &str, configured: &Columns, max_rows: usize) -> Result<Parsed, ApiError> {
    let mut lines = lines(text);
    let header = lines
        .first()
        .and_then(|first| csv_fields(first).ok())
        .and_then(|cells| Columns::from_headers(&cells));
    let csv_header = header.is_some();
    if csv_header {
        lines.remove(0);
    }
    check_rows(lines.len(), max_rows)?;
    let columns = header.as_ref().unwrap_or(configured);
    let rows = lines
        .iter()
        .enumerate()
        .map(|(i, line)| csv_row(i + 1, line, columns))
        .collect();
    Ok(Parsed { rows, csv_header })
}

/// The cells of one CSV line.
fn csv_fields(line: &str) -> Result<Vec<String>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(line.as_bytes());
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(true) => Ok(record.iter().map(str::to_owned).collect()),
        Ok(false) => Ok(Vec::new()),
        Err(e) => Err(e.to_string()),
    }
}

/// One CSV line: never fails, an unreadable line is an error row.
fn csv_row(number: usize, line: &str, columns: &Columns) -> Row {
    let failed = |reason: String| Row {
        client_id: number.to_string(),
        client: Err(reason),
    };
    if line.trim().is_empty() {
        return failed(format!("row {number} is empty"));
    }
    let cells = match csv_fields(line) {
        Ok(cells) => cells,
        Err(e) => return failed(format!("row {number} is not valid CSV: {e}")),
    };
    let cell = |position: Option<usize>| {
        position
            .and_then(|p| cells.get(p))
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty())
    };
    let client_id = cell(columns.client_id).unwrap_or_else(|| number.to_string());
    Row {
        client_id,
        client: Ok(Client {
            name: cell(Some(columns.name)).unwrap_or_default(),
            address: cell(columns.address),
            phone: cell(columns.phone),
            url: cell(columns.url),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_columns() -> Columns {
        let names: Vec<String> = super::super::config::DEFAULT_CSV_COLUMNS
            .split(',')
            .map(str::to_owned)
            .collect();
        Columns::from_headers(&names).unwrap_or_default()
    }

    fn parse_ok(format: Format, body: &str) -> Parsed {
        parse(format, body.as_bytes(), &default_columns(), 10).unwrap_or_else(|e| panic!("{e}"))
    }

    fn bad_request(format: Format, body: &[u8]) -> String {
        match parse(format, body, &default_columns(), 10) {
            Err(ApiError::BadRequest(message)) => message,
            other => panic!("expected 400, got {other:?}"),
        }
    }

    #[test]
    fn json_bodies() {
        let parsed = parse_ok(
            Format::Json,
            r#"{"mode":"bulk_linkage","clients":[{"client_id":7,"name":"山田工務店","phone":"03-1234-5678"},{"name":"田中"}]}"#,
        );
        assert_eq!(parsed.rows.len(), 2);
        assert_eq!(parsed.rows[0].client_id, "7");
        assert_eq!(parsed.rows[1].client_id, "2");
        assert!(
            bad_request(Format::Json, br#"{"mode":"x","clients":[]}"#).contains("unknown mode `x`")
        );
        assert!(
            bad_request(Format::Json, br#"{"clients":[{"address":"a"}]}"#)
                .contains("clients[0] has no `name`")
        );
        assert!(bad_request(Format::Json, b"{not json").contains("not valid JSON"));
        assert!(bad_request(Format::Json, b"\xff\xfe").contains("UTF-8"));
        assert!(bad_request(Format::Json, b"  ").contains("empty"));
        let many = format!("{{\"clients\":[{}]}}", ["{\"name\":\"a\"}"; 11].join(","));
        assert!(matches!(
            parse(Format::Json, many.as_bytes(), &default_columns(), 10),
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
    fn json_lines_errors_are_rows() {
        let parsed = parse_ok(
            Format::JsonLines,
            "{\"name\":\"山田\"}\nnot json\n{\"phone\":\"1\"}\n\n[1]\n",
        );
        let errors: Vec<bool> = parsed.rows.iter().map(|r| r.client.is_err()).collect();
        assert_eq!(errors, [false, true, true, true, true]);
        assert!(
            parsed.rows[2]
                .client
                .as_ref()
                .err()
                .is_some_and(|e| e.contains("no `name`"))
        );
    }
}
