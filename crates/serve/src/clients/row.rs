//! One client row: its id and its searchable fields, or why it is an
//! `error` row; and how a CSV record's bytes become one (CONTRACTS §2).
//!
//! The policy, the same for `nayose link` and `serve`:
//! - a cell that is not valid text (invalid UTF-8, or bytes CP932 could not
//!   map) makes the row an `error` row, `invalid bytes in column `x``; the
//!   row keeps its place and the input is not rejected;
//! - a record with more fields than the header is an `error` row (its
//!   fields cannot be told apart: an unquoted comma, say); one with fewer is
//!   read with the missing cells empty;
//! - `client_id` is trimmed, and a blank one becomes the 1-based row number;
//! - the searchable fields go to the library as written: the library's
//!   [`check_record`](nayose::linker::check_record) trims them, drops blank
//!   optional ones and checks the name and the field lengths, for every
//!   path alike.

use nayose::index::QueryText;

use super::columns::Columns;

/// The searchable fields of one client, as sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Client {
    /// Company name (may be blank: the library then makes it an `error`).
    pub name: String,
    /// Address.
    pub address: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// URL or e-mail.
    pub url: Option<String>,
    /// 法人番号.
    pub corporate_number: Option<String>,
    /// Invoice registration number.
    pub invoice_number: Option<String>,
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
            corporate_number: self.corporate_number.as_deref(),
            invoice_number: self.invoice_number.as_deref(),
        }
    }
}

/// One input row: its id and the client, or why it is an `error` row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientRow {
    /// `client_id` as sent (trimmed), or the 1-based row number.
    pub client_id: String,
    /// The client, or the reason the row is an `error`.
    pub client: Result<Client, String>,
}

impl ClientRow {
    /// An `error` row numbered `number`.
    #[must_use]
    pub fn failed(number: usize, reason: String) -> Self {
        Self {
            client_id: number.to_string(),
            client: Err(reason),
        }
    }
}

impl AsRef<ClientRow> for ClientRow {
    fn as_ref(&self) -> &ClientRow {
        self
    }
}

impl AsRef<ClientRow> for CsvRow {
    fn as_ref(&self) -> &ClientRow {
        &self.row
    }
}

/// The id of row `number`: `client_id` trimmed, or the row number when blank.
#[must_use]
pub fn client_id(sent: Option<&str>, number: usize) -> String {
    sent.map(str::trim)
        .filter(|id| !id.is_empty())
        .map_or_else(|| number.to_string(), str::to_owned)
}

/// A CSV record, decoded: its cells (exactly as many as the header has,
/// for pass-through) and the client row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRow {
    /// The cells as text (invalid bytes replaced by U+FFFD), cut or padded
    /// with empty cells to the header's width.
    pub cells: Vec<String>,
    /// The client, or why the row is an `error`.
    pub row: ClientRow,
}

/// Decodes record `number` (1-based, data rows only). `transcoded` says the
/// text came from CP932, where U+FFFD marks bytes that could not be mapped.
#[must_use]
pub fn csv_row(
    number: usize,
    record: &csv::ByteRecord,
    columns: &Columns,
    transcoded: bool,
) -> CsvRow {
    let mut bad_column = None;
    let mut cells: Vec<String> = record
        .iter()
        .enumerate()
        .map(|(i, bytes)| {
            let (text, invalid) = match std::str::from_utf8(bytes) {
                Ok(text) => (text.to_owned(), transcoded && text.contains('\u{FFFD}')),
                Err(_) => (String::from_utf8_lossy(bytes).into_owned(), true),
            };
            if invalid && bad_column.is_none() {
                bad_column = Some(i);
            }
            text
        })
        .collect();
    let fields = cells.len();
    let width = columns.width();
    cells.resize(width, String::new());
    let cell = |position: Option<usize>| position.and_then(|p| cells.get(p)).cloned();
    let id = client_id(cell(columns.client_id).as_deref(), number);
    let client = if fields > width {
        Err(format!(
            "the row has {fields} fields, more than the {width} columns of the header ({})",
            columns.headers.join(",")
        ))
    } else if let Some(column) = bad_column {
        Err(format!(
            "invalid bytes in column `{}`",
            columns.header(column)
        ))
    } else {
        Ok(Client {
            name: cell(Some(columns.name)).unwrap_or_default(),
            address: cell(columns.address),
            phone: cell(columns.phone),
            url: cell(columns.url),
            corporate_number: cell(columns.corporate_number),
            invoice_number: cell(columns.invoice_number),
        })
    };
    CsvRow {
        cells,
        row: ClientRow {
            client_id: id,
            client,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns() -> Columns {
        let names: Vec<String> = ["client_id", "name", "address"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        Columns::from_headers(&names).unwrap_or_default()
    }

    fn row(fields: &[&[u8]], transcoded: bool) -> CsvRow {
        csv_row(
            4,
            &csv::ByteRecord::from(fields.to_vec()),
            &columns(),
            transcoded,
        )
    }

    #[test]
    fn fields_are_passed_as_written_and_the_id_is_trimmed() {
        let r = row(&[b" c1 ", " 山田工務店 ".as_bytes(), b""], false);
        assert_eq!(r.row.client_id, "c1");
        let client = r.row.client.unwrap_or_default();
        assert_eq!(
            (client.name.as_str(), client.address.as_deref()),
            (" 山田工務店 ", Some(""))
        );
        assert_eq!(r.cells, [" c1 ", " 山田工務店 ", ""]);
        // Fewer fields: missing cells are empty; a blank id is the row number.
        let r = row(&[b"  ", b"x"], false);
        assert_eq!((r.row.client_id.as_str(), r.cells.len()), ("4", 3));
        assert!(r.row.client.is_ok());
    }

    #[test]
    fn bad_bytes_and_extra_fields_are_error_rows() {
        let r = row(&[b"c1", b"\xff\xfe", b""], false);
        assert_eq!(
            r.row.client,
            Err("invalid bytes in column `name`".to_owned())
        );
        assert_eq!(r.row.client_id, "c1");
        let r = row(&[b"c1", "株式会社\u{FFFD}".as_bytes(), b""], true);
        assert!(r.row.client.is_err());
        let r = row(&[b"c1", "株式会社\u{FFFD}".as_bytes(), b""], false);
        assert!(r.row.client.is_ok(), "a real U+FFFD in UTF-8 input is text");
        let r = row(&[b"c1", b"a", b"b", b"c"], false);
        assert_eq!(
            r.row.client,
            Err(
                "the row has 4 fields, more than the 3 columns of the header (client_id,name,address)"
                    .to_owned()
            )
        );
        assert_eq!(r.cells, ["c1", "a", "b"]);
    }
}
