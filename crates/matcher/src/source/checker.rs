//! Row checks shared by every backend: skip rows without a name or id, reject
//! duplicate ids, count what happened.

use std::collections::HashSet;
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher, Hash, Hasher};
use std::time::{Duration, Instant};

use super::record::{CompanyRow, clean};

/// What a load did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// Rows handed to the sink.
    pub rows: u64,
    /// Rows skipped because their `name` was empty.
    pub skipped_empty_name: u64,
    /// Rows skipped because their `id` was empty.
    pub skipped_empty_id: u64,
    /// Wall time of the load, connection included.
    pub elapsed: Duration,
}

/// How many duplicate ids an error names.
const DUPLICATE_EXAMPLES: usize = 5;

/// Checks rows as they stream by, without keeping them.
pub(crate) struct RowChecker {
    started: Instant,
    seen: HashSet<u128, BuildHasherDefault<IdentityHasher>>,
    report: LoadReport,
    duplicates: u64,
    duplicate_examples: Vec<String>,
}

impl RowChecker {
    pub(crate) fn new() -> Self {
        Self {
            started: Instant::now(),
            seen: HashSet::default(),
            report: LoadReport::default(),
            duplicates: 0,
            duplicate_examples: Vec::new(),
        }
    }

    /// Cleans the raw fields of one row and returns it when it should reach the sink.
    pub(crate) fn admit<'a>(&mut self, fields: [Option<&'a str>; 9]) -> Option<CompanyRow<'a>> {
        let [
            id,
            name,
            name_kana,
            name_en,
            postal_code,
            address,
            phone,
            url,
            updated_at,
        ] = fields.map(clean);
        let Some(id) = id else {
            self.report.skipped_empty_id += 1;
            return None;
        };
        let Some(name) = name else {
            self.report.skipped_empty_name += 1;
            return None;
        };
        if !self.seen.insert(id_fingerprint(id)) {
            self.duplicates += 1;
            if self.duplicate_examples.len() < DUPLICATE_EXAMPLES {
                self.duplicate_examples.push(id.to_owned());
            }
            return None;
        }
        self.report.rows += 1;
        Some(CompanyRow {
            id,
            name,
            name_kana,
            name_en,
            postal_code,
            address,
            phone,
            url,
            updated_at,
        })
    }

    /// Ends the load: the report, or the duplicate ids found.
    pub(crate) fn finish(mut self) -> Result<LoadReport, (u64, Vec<String>)> {
        if self.duplicates > 0 {
            return Err((self.duplicates, self.duplicate_examples));
        }
        self.report.elapsed = self.started.elapsed();
        Ok(self.report)
    }
}

/// A 128-bit fingerprint of an id: two independent 64-bit SipHashes, so a set of
/// millions of ids costs 16 bytes each and a false duplicate is out of reach
/// (probability about n²/2¹²⁹).
fn id_fingerprint(id: &str) -> u128 {
    let hash_with = |salt: u8| {
        let mut hasher = BuildHasherDefault::<DefaultHasher>::default().build_hasher();
        salt.hash(&mut hasher);
        id.hash(&mut hasher);
        hasher.finish()
    };
    (u128::from(hash_with(0x5a)) << 64) | u128::from(hash_with(0xa5))
}

/// The fingerprints are already uniform, so the set hashes them by folding.
#[derive(Default)]
pub(crate) struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 ^= u64::from_le_bytes(word);
        }
    }
    fn write_u128(&mut self, value: u128) {
        self.0 = (value as u64) ^ ((value >> 64) as u64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields<'a>(id: &'a str, name: &'a str) -> [Option<&'a str>; 9] {
        [
            Some(id),
            Some(name),
            None,
            Some("  "),
            None,
            None,
            None,
            None,
            None,
        ]
    }

    #[test]
    fn skips_empty_names_and_ids_and_counts_them() {
        let mut checker = RowChecker::new();
        assert!(checker.admit(fields("1", " 株式会社A ")).is_some());
        assert!(checker.admit(fields("2", "   ")).is_none());
        assert!(checker.admit(fields("", "株式会社B")).is_none());
        let report = checker.finish().unwrap();
        assert_eq!(
            (
                report.rows,
                report.skipped_empty_name,
                report.skipped_empty_id
            ),
            (1, 1, 1)
        );
    }

    #[test]
    fn trims_and_drops_blank_optional_fields() {
        let mut checker = RowChecker::new();
        let row = checker.admit(fields(" 7 ", " 株式会社A ")).unwrap();
        assert_eq!((row.id, row.name, row.name_en), ("7", "株式会社A", None));
    }

    #[test]
    fn names_the_first_duplicates() {
        let mut checker = RowChecker::new();
        for id in ["a", "b", "a", "c", "b", "a"] {
            checker.admit(fields(id, "x"));
        }
        let (count, examples) = checker.finish().unwrap_err();
        assert_eq!(count, 3);
        assert_eq!(examples, ["a", "b", "a"]);
    }
}
