//! Which input columns hold the fields of CONTRACTS §2, by header name or a
//! common Japanese alias; every other column is passed through. Shared by
//! `nayose link` and `serve`'s CSV requests (a header-less request uses
//! `NAYOSE_CSV_COLUMNS` as its header).

/// Positions of the known fields in the input header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    /// `client_id`.
    pub client_id: Option<usize>,
    /// `name` (required).
    pub name: usize,
    /// `address`.
    pub address: Option<usize>,
    /// `phone`.
    pub phone: Option<usize>,
    /// `url`.
    pub url: Option<usize>,
    /// `corporate_number` (法人番号).
    pub corporate_number: Option<usize>,
    /// `invoice_number` (適格請求書発行事業者登録番号).
    pub invoice_number: Option<usize>,
    /// The header as written: its width and the column names for messages.
    pub headers: Vec<String>,
}

const NAME: &[&str] = &["name", "会社名", "企業名", "法人名"];
const ADDRESS: &[&str] = &["address", "住所", "所在地"];
const PHONE: &[&str] = &["phone", "電話番号", "tel"];
const URL: &[&str] = &["url", "ホームページ"];
const CORPORATE_NUMBER: &[&str] = &[
    "corporate_number",
    "法人番号",
    "corporate_no",
    "houjin_bangou",
];
const INVOICE_NUMBER: &[&str] = &[
    "invoice_number",
    "登録番号",
    "インボイス番号",
    "適格請求書発行事業者登録番号",
    "invoice_no",
];
const CLIENT_ID: &[&str] = &["client_id"];

/// A header as compared: trimmed, ASCII lower case, without a BOM.
fn key(header: &str) -> String {
    header
        .trim_start_matches('\u{feff}')
        .trim()
        .to_ascii_lowercase()
}

fn find(headers: &[String], names: &[&str]) -> Option<usize> {
    headers
        .iter()
        .position(|h| names.contains(&key(h).as_str()))
}

impl Columns {
    /// Maps a header row; `None` when no column holds the name.
    #[must_use]
    pub fn from_headers(headers: &[String]) -> Option<Self> {
        Some(Self {
            client_id: find(headers, CLIENT_ID),
            name: find(headers, NAME)?,
            address: find(headers, ADDRESS),
            phone: find(headers, PHONE),
            url: find(headers, URL),
            corporate_number: find(headers, CORPORATE_NUMBER),
            invoice_number: find(headers, INVOICE_NUMBER),
            headers: headers.to_vec(),
        })
    }

    /// The number of columns of the header.
    #[must_use]
    pub fn width(&self) -> usize {
        self.headers.len()
    }

    /// The name of column `index` (`?` beyond the header).
    #[must_use]
    pub fn header(&self, index: usize) -> &str {
        self.headers.get(index).map_or("?", String::as_str)
    }

    /// Whether the header has an identifier column (`corporate_number` or
    /// `invoice_number`), so results may carry a `match_note`.
    #[must_use]
    pub fn has_identifier(&self) -> bool {
        self.corporate_number.is_some() || self.invoice_number.is_some()
    }

    /// The accepted names of the name column, for messages.
    #[must_use]
    pub fn name_aliases() -> String {
        NAME.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn japanese_aliases_and_passthrough() {
        let names = headers(&["client_id", "会社名", "住所", "TEL", "URL", "担当者"]);
        let c = Columns::from_headers(&names).unwrap_or_default();
        assert_eq!(
            c,
            Columns {
                client_id: Some(0),
                name: 1,
                address: Some(2),
                phone: Some(3),
                url: Some(4),
                corporate_number: None,
                invoice_number: None,
                headers: names.clone(),
            }
        );
        assert_eq!((c.width(), c.header(5), c.header(6)), (6, "担当者", "?"));
        let c = Columns::from_headers(&headers(&[
            "\u{feff}Name ",
            "法人番号",
            "所在地",
            "電話番号",
        ]))
        .unwrap_or_default();
        assert_eq!(
            (c.name, c.corporate_number, c.address, c.phone),
            (0, Some(1), Some(2), Some(3))
        );
        assert!(!c.has_identifier() || c.corporate_number == Some(1));
        assert!(Columns::from_headers(&headers(&["id", "住所"])).is_none());
        for (number, invoice) in [
            ("corporate_no", "Invoice_No"),
            ("houjin_bangou", "登録番号"),
            ("法人番号", "インボイス番号"),
            ("corporate_number", "適格請求書発行事業者登録番号"),
        ] {
            let c = Columns::from_headers(&headers(&["name", invoice, number, "会社法人等番号"]))
                .unwrap_or_default();
            assert_eq!(
                (c.corporate_number, c.invoice_number, c.has_identifier()),
                (Some(2), Some(1), true),
                "{number} {invoice}"
            );
        }
        let registry_only = Columns::from_headers(&headers(&["name", "会社法人等番号"]));
        assert_eq!(registry_only.map(|c| c.has_identifier()), Some(false));
    }
}
