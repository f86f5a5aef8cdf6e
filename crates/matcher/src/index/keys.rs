//! The retrieval keys of a company row and of a client query, computed by the
//! same normalisers on both sides so they compare.

use crate::normalize::{
    Identifier, normalize_english, normalize_name, normalize_phone, normalize_reading,
    parse_address, parse_identifier, registrable_domain,
};
use crate::source::CompanyRow;

/// What a query (a client row) offers for retrieval.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryKeys {
    /// Normalised name core.
    pub core: String,
    /// Reading core when the name is written in kana only.
    pub reading: Option<String>,
    /// English core when the name is written in Latin letters.
    pub english: Option<String>,
    /// Phone digits (national form).
    pub phone: Option<String>,
    /// Registrable web domain (from a URL or an e-mail address).
    pub domain: Option<String>,
    /// Prefecture from the address.
    pub prefecture: Option<String>,
    /// City (市区町村) from the address.
    pub city: Option<String>,
    /// Town from the address.
    pub town: Option<String>,
    /// The 法人番号 the row gives (its `corporate_number`, else the digits
    /// of its `invoice_number`), valid or with a wrong check digit.
    pub number: Option<QueryNumber>,
}

/// A 法人番号 a query gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryNumber {
    /// The thirteen digits.
    pub digits: String,
    /// Whether the check digit fits.
    pub valid: bool,
}

impl QueryNumber {
    /// The number of a `corporate_number` cell, else of an `invoice_number`
    /// cell; a valid number wins over one with a wrong check digit.
    fn of(query: &QueryText<'_>) -> Option<Self> {
        let read = |cell: Option<&str>| match cell.map(parse_identifier) {
            Some(Identifier::Valid(n)) => Some(Self {
                digits: n.digits().to_owned(),
                valid: true,
            }),
            Some(Identifier::BadCheckDigit(n)) => Some(Self {
                digits: n.digits().to_owned(),
                valid: false,
            }),
            _ => None,
        };
        let (corporate, invoice) = (read(query.corporate_number), read(query.invoice_number));
        match (corporate, invoice) {
            (Some(c), _) if c.valid => Some(c),
            (_, Some(i)) if i.valid => Some(i),
            (c, i) => c.or(i),
        }
    }
}

/// The raw fields of a client query (CONTRACTS §2).
#[derive(Debug, Clone, Copy, Default)]
pub struct QueryText<'a> {
    /// Company name as written.
    pub name: &'a str,
    /// Address as written.
    pub address: Option<&'a str>,
    /// Phone as written.
    pub phone: Option<&'a str>,
    /// URL or e-mail as written.
    pub url: Option<&'a str>,
    /// 法人番号 as written (13 digits; full-width digits, hyphens and
    /// spaces allowed).
    pub corporate_number: Option<&'a str>,
    /// Qualified-invoice registration number as written (`T` + 13 digits).
    pub invoice_number: Option<&'a str>,
}

impl QueryKeys {
    /// Normalises a query's fields into retrieval keys.
    pub fn from_text(query: QueryText<'_>) -> Self {
        let name = normalize_name(query.name);
        let reading = is_kana_only(&name.core).then(|| normalize_reading(query.name).core);
        let english = is_latin(query.name)
            .then(|| normalize_english(query.name).core)
            .filter(|e| !e.is_empty());
        let address = query.address.map(parse_address).unwrap_or_default();
        Self {
            core: name.core,
            reading: reading.filter(|r| !r.is_empty()),
            english,
            phone: query
                .phone
                .and_then(normalize_phone)
                .filter(|p| p.valid)
                .map(|p| p.digits),
            domain: query.url.and_then(registrable_domain),
            prefecture: address.prefecture,
            city: address.city,
            town: address.town,
            number: QueryNumber::of(&query),
        }
    }
}

/// The retrieval keys of one company row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompanyKeys {
    /// Normalised name core.
    pub core: String,
    /// Normalised reading core.
    pub reading: String,
    /// Normalised English core.
    pub english: String,
    /// Phone digits.
    pub phone: Option<String>,
    /// Registrable web domain.
    pub domain: Option<String>,
    /// Prefecture.
    pub prefecture: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Town.
    pub town: Option<String>,
}

impl CompanyKeys {
    /// Normalises a company row into retrieval keys.
    pub fn from_row(row: &CompanyRow<'_>) -> Self {
        let address = match (row.address, row.postal_code) {
            (Some(address), _) => parse_address(address),
            (None, Some(postal)) => parse_address(postal),
            (None, None) => Default::default(),
        };
        Self {
            core: normalize_name(row.name).core,
            reading: row
                .name_kana
                .map(|k| normalize_reading(k).core)
                .unwrap_or_default(),
            english: row
                .name_en
                .map(|e| normalize_english(e).core)
                .unwrap_or_default(),
            phone: row
                .phone
                .and_then(normalize_phone)
                .filter(|p| p.valid)
                .map(|p| p.digits),
            domain: row.url.and_then(registrable_domain),
            prefecture: address.prefecture,
            city: address.city,
            town: address.town,
        }
    }
}

/// Whether a normalised core is written in katakana only (a reading).
pub fn is_kana_only(core: &str) -> bool {
    !core.is_empty() && core.chars().all(|c| matches!(c, 'ァ'..='ヺ' | 'ー'))
}

/// Whether a raw name is written in Latin script (an English name).
pub fn is_latin(name: &str) -> bool {
    let mut letters = 0usize;
    let mut others = 0usize;
    for c in name.chars() {
        if c.is_ascii_alphabetic() || ('Ａ'..='ｚ').contains(&c) {
            letters += 1;
        } else if c.is_alphabetic() {
            others += 1;
        }
    }
    letters >= 2 && others == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_keys_pick_the_paths_the_text_allows() {
        let keys = QueryKeys::from_text(QueryText {
            name: "ｶ)ｻｶﾀﾉﾀﾈ",
            address: Some("横浜市都筑区仲町台2-7-1"),
            phone: Some("045-945-8800"),
            url: Some("https://www.sakata-netshop.com/shop/"),
            ..Default::default()
        });
        assert_eq!(keys.reading.as_deref(), Some("サカタノタネ"));
        assert_eq!(keys.english, None);
        assert_eq!(keys.phone.as_deref(), Some("0459458800"));
        assert_eq!(keys.domain.as_deref(), Some("sakata-netshop.com"));
        assert_eq!(keys.prefecture.as_deref(), Some("神奈川県"));
        assert_eq!(keys.city.as_deref(), Some("横浜市都筑区"));
        let keys = QueryKeys::from_text(QueryText {
            name: "SAKATA SEED CORP.",
            ..QueryText::default()
        });
        assert_eq!(keys.english.as_deref(), Some("sakata seed"));
        assert_eq!(keys.reading, None);
    }
}
