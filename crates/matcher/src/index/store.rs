//! Compact storage of the company rows an index serves: every string in one
//! arena, located by offsets, so a row costs no heap objects of its own.

use std::collections::HashMap;

use super::snapshot::{DecodeError, Persist, Reader, Writer, check};
use crate::source::CompanyRow;

/// Fields of a raw company row (CONTRACTS §1 columns).
pub(crate) const RAW_FIELDS: usize = 9;
/// Fields of the derived keys kept for scoring: core, reading, English.
pub(crate) const KEY_FIELDS: usize = 3;
/// Index of the normalised name core among the key fields.
pub(crate) const CORE: usize = 0;
/// Index of the normalised reading core.
pub(crate) const READING: usize = 1;
/// Index of the normalised English core.
pub(crate) const ENGLISH: usize = 2;

/// Rows of `F` text fields each, in one arena.
#[derive(Debug, Default)]
pub(crate) struct Store<const F: usize> {
    text: String,
    /// `F` offsets per row plus one end offset; an absent optional field is
    /// stored as empty.
    starts: Vec<u32>,
    rows: u32,
}

impl<const F: usize> Store<F> {
    pub(crate) fn with_capacity(rows: usize, bytes: usize) -> Self {
        let mut starts = Vec::with_capacity(rows * F + 1);
        starts.push(0);
        Self {
            text: String::with_capacity(bytes),
            starts,
            rows: 0,
        }
    }

    /// Appends a row's fields.
    pub(crate) fn push<'a>(&mut self, fields: impl IntoIterator<Item = Option<&'a str>>) {
        for field in fields.into_iter().take(F) {
            self.text.push_str(field.unwrap_or_default());
            self.starts.push(self.text.len() as u32);
        }
        self.rows += 1;
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.starts.shrink_to_fit();
    }

    pub(crate) fn len(&self) -> u32 {
        self.rows
    }

    /// Field `field` of `row` ("" when absent).
    pub(crate) fn field(&self, row: u32, field: usize) -> &str {
        let i = row as usize * F + field;
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => self.text.get(a as usize..b as usize).unwrap_or_default(),
            _ => "",
        }
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.starts.capacity() * 4
    }
}

impl Store<RAW_FIELDS> {
    /// The row as a [`CompanyRow`].
    pub(crate) fn row(&self, row: u32) -> CompanyRow<'_> {
        let opt = |f: usize| Some(self.field(row, f)).filter(|s| !s.is_empty());
        CompanyRow {
            id: self.field(row, 0),
            name: self.field(row, 1),
            name_kana: opt(2),
            name_en: opt(3),
            postal_code: opt(4),
            address: opt(5),
            phone: opt(6),
            url: opt(7),
            updated_at: opt(8),
        }
    }
}

/// Interns place names: each distinct string gets a small id (0 is "none").
#[derive(Debug, Default)]
pub(crate) struct Interner {
    ids: HashMap<String, u32>,
}

impl Interner {
    pub(crate) fn intern(&mut self, value: Option<&str>) -> u32 {
        let Some(value) = value.filter(|v| !v.is_empty()) else {
            return 0;
        };
        if let Some(&id) = self.ids.get(value) {
            return id;
        }
        let id = self.ids.len() as u32 + 1;
        self.ids.insert(value.to_owned(), id);
        id
    }

    /// The id of a value, or `None` when no row has it.
    pub(crate) fn get(&self, value: &str) -> Option<u32> {
        self.ids.get(value).copied()
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.ids.keys().map(|k| k.capacity() + 32).sum()
    }
}

impl<const F: usize> Persist for Store<F> {
    fn write(&self, out: &mut Writer) {
        out.str(&self.text);
        out.u32s(&self.starts);
        out.u32(self.rows);
    }

    fn read(input: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let text = input.string()?;
        let starts = input.u32s()?;
        let rows = input.u32()?;
        check(starts.len() == rows as usize * F + 1, || {
            format!("{} offsets for {rows} rows of {F} fields", starts.len())
        })?;
        check(
            starts.first() == Some(&0)
                && starts.windows(2).all(|w| w[0] <= w[1])
                && starts.last().is_some_and(|&end| end as usize == text.len())
                && starts.iter().all(|&at| text.is_char_boundary(at as usize)),
            || "field offsets out of order or inside a character".to_owned(),
        )?;
        Ok(Self { text, starts, rows })
    }
}

impl Persist for Interner {
    fn write(&self, out: &mut Writer) {
        let mut values: Vec<(&String, &u32)> = self.ids.iter().collect();
        values.sort_unstable_by_key(|(_, id)| **id);
        out.len(values.len());
        for (value, _) in values {
            out.str(value);
        }
    }

    fn read(input: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let count = input.u64()?;
        let mut ids = HashMap::new();
        for id in 1..=count {
            let value = input.string()?;
            let id = u32::try_from(id)
                .map_err(|_| DecodeError::Inconsistent("too many place names".to_owned()))?;
            check(ids.insert(value, id).is_none(), || {
                "a place name is interned twice".to_owned()
            })?;
        }
        Ok(Self { ids })
    }
}

/// A fast 64-bit hash (FNV-1a) for keys that are looked up exactly.
pub(crate) fn hash_key(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::CompanyRecord;

    #[test]
    fn stores_and_returns_rows() {
        let record = CompanyRecord {
            id: "1".into(),
            name: "株式会社A".into(),
            address: Some("東京都".into()),
            ..Default::default()
        };
        let mut store = Store::<RAW_FIELDS>::with_capacity(1, 64);
        store.push(record.as_row().fields());
        assert_eq!(store.row(0), record.as_row());
        let mut keys = Store::<KEY_FIELDS>::with_capacity(1, 8);
        keys.push([Some("A"), None, Some("a")]);
        assert_eq!(keys.field(0, CORE), "A");
        assert_eq!(keys.field(0, READING), "");
        assert_eq!(keys.field(0, ENGLISH), "a");
        assert_eq!(store.field(1, 0), "");
    }
}
