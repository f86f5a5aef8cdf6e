//! One client list, three paths, one answer (issue 13): a deterministic
//! 2 000-row list with bad rows goes through `nayose link` (the binary),
//! `/invocations` as CSV and `/invocations` as JSON (the `serve` binary),
//! and every row must get the same `match_id`, `match_status`,
//! `match_score` and error reason on each.
//!
//! JSON is text, so two kinds of row have no JSON form: the row with bytes
//! that are not valid UTF-8, and the row with more fields than the header.
//! The JSON body is built from the same logical rows without those two
//! kinds, and the JSON results are compared with the CSV results of the
//! rows that exist in both. The CSV answer of `/invocations` has no
//! `match_error` column (CONTRACTS §5: five columns), so the CSV body is
//! also sent with `Accept: application/json` for the reasons: the same
//! parse of the same bytes, answered in JSON.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail by panicking

mod serve_support;

use std::process::Command;

use nayose::CompanyRecord;
use serde_json::{Value, json};
use serve_support::{ROWS, Server, Table, model_dir};

/// Rows of the client list.
const CLIENTS: usize = 2_000;

const HEADER: [&str; 5] = ["client_id", "name", "address", "phone", "url"];

/// What is special about a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A company's own fields.
    Plain,
    /// Invalid UTF-8 inside the name cell (CSV only).
    BadBytes,
    /// An empty name.
    BlankName,
    /// An address over the 4 096-byte limit.
    Oversized,
    /// Spaces around every cell.
    Padded,
    /// Full-width digits, letters and hyphens.
    FullWidth,
    /// One more field than the header (CSV only).
    ExtraField,
    /// Only `client_id` and `name` (a short record).
    Short,
    /// A name and a phone, nothing else.
    SomeFields,
    /// A company that is not in the table.
    Absent,
}

impl Kind {
    fn of(i: usize) -> Self {
        match i % 100 {
            5 | 55 => Self::BadBytes,
            9 => Self::BlankName,
            13 | 63 => Self::Oversized,
            17 | 27 | 37 | 47 => Self::Padded,
            21 | 31 | 41 | 71 => Self::FullWidth,
            33 => Self::ExtraField,
            44 | 88 => Self::Short,
            50..=54 => Self::SomeFields,
            90..=94 => Self::Absent,
            _ => Self::Plain,
        }
    }

    /// Whether the row can be sent as JSON.
    fn in_json(self) -> bool {
        !matches!(self, Self::BadBytes | Self::ExtraField)
    }
}

/// ASCII letters, digits and `-` in full width.
fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' | 'A'..='Z' | 'a'..='z' | '-' => {
                char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c)
            }
            _ => c,
        })
        .collect()
}

/// The cells of client `i` (bytes: one row holds invalid UTF-8).
fn cells(i: usize, company: &CompanyRecord) -> Vec<Vec<u8>> {
    let text = |s: &str| s.as_bytes().to_vec();
    let id = format!("C{i:05}");
    let name = company.name.clone();
    let address = company.address.clone().unwrap_or_default();
    let phone = company.phone.clone().unwrap_or_default();
    let url = company.url.clone().unwrap_or_default();
    match Kind::of(i) {
        Kind::Plain => vec![
            text(&id),
            text(&name),
            text(&address),
            text(&phone),
            text(&url),
        ],
        Kind::BadBytes => {
            let mut bad = text(&name);
            bad.extend_from_slice(b"\xff\xfe");
            vec![text(&id), bad, text(&address), text(&phone), text(&url)]
        }
        Kind::BlankName => vec![text(&id), text(" "), text(&address), text(""), text("")],
        Kind::Oversized => vec![
            text(&id),
            text(&name),
            text(&"長".repeat(1_700)),
            text(&phone),
            text(""),
        ],
        Kind::Padded => vec![
            text(&format!("  {id} ")),
            text(&format!("\u{3000} {name}  ")),
            text(&format!(" {address}\t")),
            text(&format!(" {phone} ")),
            text(&format!(" {url}")),
        ],
        Kind::FullWidth => vec![
            text(&id),
            text(&full_width(&name)),
            text(&full_width(&address)),
            text(&full_width(&phone)),
            text(&url),
        ],
        Kind::ExtraField => vec![
            text(&id),
            text(&name),
            text(&address),
            text(&phone),
            text(&url),
            text("余分"),
        ],
        Kind::Short => vec![text(&id), text(&name)],
        Kind::SomeFields => vec![text(&id), text(&name), text(""), text(&phone), text("")],
        Kind::Absent => vec![
            text(&id),
            text(&format!("株式会社架空試験商事{i}")),
            text("北海道稚内市宗谷岬1-1"),
            text(""),
            text(""),
        ],
    }
}

/// The client list: every row's cells.
fn client_list(table: &Table) -> Vec<Vec<Vec<u8>>> {
    (0..CLIENTS)
        .map(|i| cells(i, &table.rows[(i * 7) % table.rows.len()]))
        .collect()
}

/// The list as a CSV file with a header (one record a line).
fn csv_bytes(rows: &[Vec<Vec<u8>>]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    writer.write_record(HEADER).unwrap();
    for row in rows {
        writer.write_record(row).unwrap();
    }
    writer.into_inner().unwrap()
}

/// The rows that have a JSON form, as a JSON document, with their indices.
fn json_body(rows: &[Vec<Vec<u8>>]) -> (Value, Vec<usize>) {
    let mut clients = Vec::new();
    let mut indices = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if !Kind::of(i).in_json() {
            continue;
        }
        let mut client = serde_json::Map::new();
        for (field, cell) in HEADER.iter().zip(row) {
            let cell = String::from_utf8(cell.clone()).unwrap();
            client.insert((*field).to_owned(), Value::String(cell));
        }
        clients.push(Value::Object(client));
        indices.push(i);
    }
    (json!({"mode": "bulk_linkage", "clients": clients}), indices)
}

/// The outcome of one row as a path reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Outcome {
    match_id: String,
    match_score: String,
    match_status: String,
    match_error: String,
}

fn csv_records(bytes: &[u8]) -> Vec<csv::StringRecord> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(Result::unwrap)
        .collect()
}

/// A JSON result as an outcome: the score spelled as CSV spells it (four
/// decimals when linked, empty when not; JSON writes `0` then).
fn json_outcome(result: &Value) -> Outcome {
    let match_id = result["match_id"].as_str().unwrap_or_default().to_owned();
    let score = result["match_score"]
        .as_f64()
        .expect("a numeric match_score");
    let match_score = if match_id.is_empty() {
        assert!(score == 0.0, "an unlinked row's JSON score is 0: {result}");
        String::new()
    } else {
        format!("{score:.4}")
    };
    Outcome {
        match_id,
        match_score,
        match_status: result["match_status"].as_str().unwrap().to_owned(),
        match_error: result["match_error"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    }
}

#[test]
fn cli_csv_and_json_agree_on_every_row() {
    let table = Table::new(ROWS);
    let rows = client_list(&table);
    let csv_input = csv_bytes(&rows);

    // 1. `nayose link`.
    let input = table.dir.path().join("clients.csv");
    let output = table.dir.path().join("clients.linked.csv");
    std::fs::write(&input, &csv_input).unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_nayose"))
        .args(["link", "--quiet", "--input", input.to_str().unwrap()])
        .args(["--output", output.to_str().unwrap()])
        .args(["--companies", table.path.to_str().unwrap()])
        .args(["--model", model_dir().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let cli = csv_records(&std::fs::read(&output).unwrap());
    assert_eq!(
        cli[0].iter().collect::<Vec<_>>(),
        [
            "client_id",
            "name",
            "address",
            "phone",
            "url",
            "match_id",
            "match_name",
            "match_score",
            "match_status",
            "match_error"
        ]
    );
    assert_eq!(cli.len(), CLIENTS + 1, "one output row per input row");
    let cli_outcome = |i: usize| {
        let r = &cli[i + 1];
        Outcome {
            match_id: r[5].to_owned(),
            match_score: r[7].to_owned(),
            match_status: r[8].to_owned(),
            match_error: r[9].to_owned(),
        }
    };

    // 2. `/invocations` with the same CSV bytes, answered in CSV and in JSON.
    let server = Server::ready(&table.path.display().to_string(), &[]);
    let response = server.invoke(&[("Content-Type", "text/csv")], &csv_input);
    assert_eq!(response.status, 200, "{}", response.text());
    let http_csv = csv_records(&response.body);
    assert_eq!(
        http_csv[0].iter().collect::<Vec<_>>(),
        [
            "client_id",
            "match_id",
            "match_name",
            "match_score",
            "match_status"
        ]
    );
    assert_eq!(http_csv.len(), CLIENTS + 1);
    let response = server.invoke(
        &[("Content-Type", "text/csv"), ("Accept", "application/json")],
        &csv_input,
    );
    assert_eq!(response.status, 200, "{}", response.text());
    let csv_as_json: Value = serde_json::from_slice(&response.body).unwrap();
    let csv_as_json = csv_as_json["results"].as_array().unwrap();
    assert_eq!(csv_as_json.len(), CLIENTS);

    // 3. `/invocations` with the same rows as JSON.
    let (body, json_rows) = json_body(&rows);
    let json_results = server.invoke_json(&body);
    let json_results = json_results["results"].as_array().unwrap();
    assert_eq!(json_results.len(), json_rows.len());

    for i in 0..CLIENTS {
        let kind = Kind::of(i);
        let expected = cli_outcome(i);
        let context = format!("row {i} ({kind:?})");
        // The CSV match_* cells are byte-identical between the CLI and HTTP.
        let cli_row = &cli[i + 1];
        let http_row = &http_csv[i + 1];
        assert_eq!(
            (&http_row[1], &http_row[2], &http_row[3], &http_row[4]),
            (&cli_row[5], &cli_row[6], &cli_row[7], &cli_row[8]),
            "{context}: CSV cells"
        );
        assert_eq!(
            http_row[0],
            *format!("C{i:05}"),
            "{context}: client_id trimmed"
        );
        assert_eq!(
            json_outcome(&csv_as_json[i]),
            expected,
            "{context}: CSV → JSON"
        );
        // What each kind of row must give.
        let error = expected.match_error.as_str();
        match kind {
            Kind::BadBytes => assert_eq!(error, "invalid bytes in column `name`", "{context}"),
            // The library's reasons (CONTRACTS §8 may reword them).
            Kind::BlankName => assert!(!error.is_empty(), "{context}"),
            Kind::Oversized => assert!(error.contains("`address`"), "{context}: {error}"),
            Kind::ExtraField => assert!(
                error.starts_with("the row has 6 fields, more than the 5 columns"),
                "{context}: {error}"
            ),
            _ => assert_eq!(
                (error, expected.match_status.as_str() == "error"),
                ("", false),
                "{context}"
            ),
        }
        if expected.match_id.is_empty() {
            assert_eq!(expected.match_score, "", "{context}: unlinked score");
        }
    }
    for (result, &i) in json_results.iter().zip(&json_rows) {
        let context = format!("row {i} ({:?}) as JSON", Kind::of(i));
        assert_eq!(result["client_id"], *format!("C{i:05}"), "{context}");
        assert_eq!(json_outcome(result), cli_outcome(i), "{context}");
    }

    // The list exercises what it is meant to: most rows link, and the
    // padded and full-width spellings link like the plain ones.
    let linked = |kind: Kind| {
        (0..CLIENTS)
            .filter(|&i| Kind::of(i) == kind)
            .filter(|&i| {
                let company = &table.rows[(i * 7) % table.rows.len()];
                cli_outcome(i).match_id == company.id
            })
            .count()
    };
    let of_kind = |kind: Kind| (0..CLIENTS).filter(|&i| Kind::of(i) == kind).count();
    for kind in [Kind::Plain, Kind::Padded, Kind::FullWidth] {
        assert!(
            linked(kind) * 10 >= of_kind(kind) * 9,
            "{kind:?}: {} of {} linked to their company",
            linked(kind),
            of_kind(kind)
        );
    }
}
