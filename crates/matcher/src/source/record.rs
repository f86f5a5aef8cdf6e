//! The company row as read from a source: borrowed while streaming, owned when kept.

/// The columns of the canonical `companies` table, in contract order (CONTRACTS §1).
pub const COLUMNS: [&str; 9] = [
    "id",
    "name",
    "name_kana",
    "name_en",
    "postal_code",
    "address",
    "phone",
    "url",
    "updated_at",
];

/// Columns a company source must provide.
pub const REQUIRED_COLUMNS: [&str; 2] = ["id", "name"];

/// One company row borrowed from the source while it streams.
///
/// Sinks receive rows in this form so that a load does not allocate per field;
/// call [`CompanyRow::to_record`] to keep one. Optional fields that are empty
/// (or only whitespace) in the source are `None`; `id` and `name` are trimmed
/// and never empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompanyRow<'a> {
    /// Stable company id, usually the 13-digit 法人番号.
    pub id: &'a str,
    /// Official name with its legal form, e.g. `株式会社サカタのタネ`.
    pub name: &'a str,
    /// Reading in katakana.
    pub name_kana: Option<&'a str>,
    /// English name.
    pub name_en: Option<&'a str>,
    /// Postal code, `2248520` or `224-8520`.
    pub postal_code: Option<&'a str>,
    /// Full address, prefecture first where known.
    pub address: Option<&'a str>,
    /// Phone number in any common format.
    pub phone: Option<&'a str>,
    /// Web address in any common format.
    pub url: Option<&'a str>,
    /// Last change, ISO-8601 text; drives incremental refresh.
    pub updated_at: Option<&'a str>,
}

/// An owned company row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CompanyRecord {
    /// Stable company id, usually the 13-digit 法人番号.
    pub id: String,
    /// Official name with its legal form.
    pub name: String,
    /// Reading in katakana.
    pub name_kana: Option<String>,
    /// English name.
    pub name_en: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// Full address.
    pub address: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Web address.
    pub url: Option<String>,
    /// Last change, ISO-8601 text.
    pub updated_at: Option<String>,
}

impl CompanyRow<'_> {
    /// Copies the row into an owned [`CompanyRecord`].
    pub fn to_record(&self) -> CompanyRecord {
        let own = |v: Option<&str>| v.map(str::to_owned);
        CompanyRecord {
            id: self.id.to_owned(),
            name: self.name.to_owned(),
            name_kana: own(self.name_kana),
            name_en: own(self.name_en),
            postal_code: own(self.postal_code),
            address: own(self.address),
            phone: own(self.phone),
            url: own(self.url),
            updated_at: own(self.updated_at),
        }
    }

    /// The row's fields in [`COLUMNS`] order (`id` and `name` always `Some`).
    pub fn fields(&self) -> [Option<&str>; 9] {
        [
            Some(self.id),
            Some(self.name),
            self.name_kana,
            self.name_en,
            self.postal_code,
            self.address,
            self.phone,
            self.url,
            self.updated_at,
        ]
    }
}

impl CompanyRecord {
    /// Borrows the record as a [`CompanyRow`].
    pub fn as_row(&self) -> CompanyRow<'_> {
        CompanyRow {
            id: &self.id,
            name: &self.name,
            name_kana: self.name_kana.as_deref(),
            name_en: self.name_en.as_deref(),
            postal_code: self.postal_code.as_deref(),
            address: self.address.as_deref(),
            phone: self.phone.as_deref(),
            url: self.url.as_deref(),
            updated_at: self.updated_at.as_deref(),
        }
    }
}

/// Trims a raw optional field; empty or all-whitespace becomes `None`.
#[cfg(feature = "database")]
pub(crate) fn clean(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}
