//! Candidate retrieval: an immutable in-memory index over the company table.
//!
//! Retrieval's only job is recall at low cost: put the true company among a
//! short list of `k` candidates. Several access paths find candidates and
//! their results are merged and ranked:
//!
//! | path | finds |
//! |---|---|
//! | [`Paths::EXACT_NAME`] | rows with the same normalised name core |
//! | [`Paths::NAME_GRAMS`] | rows sharing IDF-weighted character bigrams/trigrams of the core (tolerates a dropped character or an OCR confusion) |
//! | [`Paths::READING`] | rows whose reading matches a name written in kana |
//! | [`Paths::ENGLISH`] | rows whose English name matches a Latin-script name |
//! | [`Paths::PHONE`], [`Paths::DOMAIN`] | rows with the same phone number or web domain |
//! | [`Paths::PLACE`] | (flag) the row is in the query's prefecture or city |
//!
//! Grams held by more than 2 % of the rows weigh nothing and have no
//! postings; grams too common for the read budget only admit rows in the
//! query's city (or prefecture), so homonyms in the right place are found
//! and rank first.
//!
//! An [`Index`] is a version: a base segment, a small delta segment of rows
//! changed since, and tombstones over the base. [`Index::apply`] makes the
//! next version without touching the current one (readers keep theirs), and
//! [`Index::compact`] folds the delta into a new base.
//!
//! ```
//! use nayose::index::{Index, QueryKeys, QueryText, RetrievalConfig};
//! use nayose::CompanyRecord;
//!
//! let rows = vec![
//!     CompanyRecord { id: "1".into(), name: "株式会社サカタのタネ".into(), address: Some("神奈川県横浜市都筑区仲町台2-7-1".into()), ..Default::default() },
//!     CompanyRecord { id: "2".into(), name: "ホクト株式会社".into(), ..Default::default() },
//! ];
//! let index = Index::from_records(&rows, RetrievalConfig::default());
//! let query = QueryKeys::from_text(QueryText { name: "ｻｶﾀﾉﾀﾈ(株) 横浜本社", ..Default::default() });
//! let candidates = index.search(&query);
//! assert_eq!(index.company(candidates[0].row).map(|c| c.id), Some("1"));
//! ```

#[cfg(feature = "database")]
mod cached;
mod grams;
mod keys;
mod postings;
mod segment;
mod snapshot;
mod store;
mod sync;

use std::sync::Arc;

#[cfg(feature = "database")]
pub use cached::{BuildReason, IndexOrigin, OpenedIndex};
pub use keys::{CompanyKeys, QueryKeys, QueryNumber, QueryText, is_kana_only, is_latin};

use segment::{Hit, NameKey, Segment, SegmentBuilder};
pub use snapshot::{
    DecodeError, RowDigest, SNAPSHOT_FORMAT, SnapshotError, SnapshotHeader, SourceStamp,
};
pub use sync::{IdCensus, SyncError, SyncRules, Synced};

use crate::source::{CompanyRecord, CompanyRow};
#[cfg(feature = "database")]
use crate::source::{CompanySource, LoadReport, SourceError};

/// Why an index could not be built from a company source.
#[cfg(feature = "database")]
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// Reading the company source failed.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// The build task panicked: a bug in nayose, reported with the panic's
    /// message rather than as an ordinary failure.
    #[error("building the index panicked (a bug in nayose; please report it): {message}")]
    Panicked {
        /// What the panic said.
        message: String,
    },
    /// The build task was cancelled (the runtime is shutting down).
    #[error("building the index was cancelled: the runtime is shutting down")]
    Cancelled,
}

#[cfg(feature = "database")]
impl From<tokio::task::JoinError> for IndexError {
    /// A blocking task that did not return: its panic message, or that it
    /// was cancelled.
    fn from(error: tokio::task::JoinError) -> Self {
        match error.try_into_panic() {
            Ok(payload) => Self::Panicked {
                message: panic_message(payload.as_ref()),
            },
            Err(_) => Self::Cancelled,
        }
    }
}

/// The text of a panic payload (`panic!` with a literal or a formatted
/// message); other payloads are named as such.
#[cfg(feature = "database")]
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic without a text message".to_owned()
    }
}

/// Access paths that found a candidate (a small bit set).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Paths(u8);

impl Paths {
    /// Same normalised name core.
    pub const EXACT_NAME: Paths = Paths(1);
    /// Shared character n-grams of the name core.
    pub const NAME_GRAMS: Paths = Paths(1 << 1);
    /// Shared n-grams of the reading.
    pub const READING: Paths = Paths(1 << 2);
    /// Shared n-grams of the English name.
    pub const ENGLISH: Paths = Paths(1 << 3);
    /// Same phone number.
    pub const PHONE: Paths = Paths(1 << 4);
    /// Same web domain.
    pub const DOMAIN: Paths = Paths(1 << 5);
    /// In the query's prefecture or city.
    pub const PLACE: Paths = Paths(1 << 6);
    /// The row whose id is the query's 法人番号, or one slip from it when
    /// the query's check digit is wrong.
    pub const NUMBER: Paths = Paths(1 << 7);

    /// Every path with its name, for explanations.
    pub const NAMED: [(Paths, &'static str); 8] = [
        (Self::EXACT_NAME, "exact_name"),
        (Self::NAME_GRAMS, "name_grams"),
        (Self::READING, "reading"),
        (Self::ENGLISH, "english"),
        (Self::PHONE, "phone"),
        (Self::DOMAIN, "domain"),
        (Self::PLACE, "place"),
        (Self::NUMBER, "number"),
    ];

    /// Whether every path of `other` is in `self`.
    pub fn contains(self, other: Paths) -> bool {
        self.0 & other.0 == other.0
    }

    /// The raw bits.
    pub fn bits(self) -> u8 {
        self.0
    }

    /// The names of the paths in the set.
    pub fn names(self) -> Vec<&'static str> {
        Self::NAMED
            .iter()
            .filter(|(p, _)| self.contains(*p))
            .map(|(_, n)| *n)
            .collect()
    }
}

impl std::ops::BitOr for Paths {
    type Output = Paths;
    fn bitor(self, rhs: Paths) -> Paths {
        Paths(self.0 | rhs.0)
    }
}

impl std::ops::BitOrAssign for Paths {
    fn bitor_assign(&mut self, rhs: Paths) {
        self.0 |= rhs.0;
    }
}

/// Retrieval settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetrievalConfig {
    /// Candidates returned (K).
    pub k: usize,
    /// Postings read unconditionally per n-gram path; commoner grams only
    /// admit rows in the query's place.
    pub gram_budget: usize,
    /// Candidates per n-gram path kept for exact scoring.
    pub verify: usize,
    /// Rows of one exact key (name, phone, domain) taken before the place
    /// filter applies.
    pub exact_cap: usize,
    /// Towns with at most this many companies contribute all of them as
    /// candidates when the query names the town.
    pub town_cap: usize,
    /// Whether a Latin query also retrieves every row whose English name
    /// core is exactly the query's (as the exact name core path does for
    /// Japanese names). Without it, 38 of the real-anchored set's 500
    /// English-only rows never reach the policy: their n-grams are common
    /// among romanised names (`TOYOTA MOTOR CORPORATION`). On by default;
    /// a policy must be trained on the retrieval it serves with, so the
    /// shipped model was trained with it on.
    pub exact_english: bool,
}

impl Default for RetrievalConfig {
    fn default() -> Self {
        Self {
            k: 32,
            gram_budget: 3_000,
            verify: 64,
            exact_cap: 2_000,
            town_cap: 200,
            exact_english: true,
        }
    }
}

/// One retrieved candidate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// The row in this index version (see [`Index::company`]).
    pub row: u32,
    /// Retrieval score: name similarity plus contact and place agreement.
    pub score: f32,
    /// Best name similarity over the name, reading and English paths, in [0, 1].
    pub name_similarity: f32,
    /// The paths that found it.
    pub paths: Paths,
    /// Its place among candidates of equal score, lower first: a hash of
    /// its id, so the order of namesakes does not depend on where their
    /// rows sit in the table.
    pub tie_order: u32,
}

/// A change to apply to an index version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A new or changed row (matched on `id`).
    Upsert(CompanyRecord),
    /// A removed row.
    Delete(String),
}

/// One immutable version of the index.
#[derive(Debug, Clone)]
pub struct Index {
    base: Arc<Segment>,
    delta: Arc<Segment>,
    dead: Arc<Vec<u64>>,
    dead_count: u32,
    version: u64,
    config: RetrievalConfig,
}

impl Index {
    /// Builds an index from rows in memory.
    pub fn from_records(rows: &[CompanyRecord], config: RetrievalConfig) -> Self {
        let mut builder = SegmentBuilder::new(rows.len());
        for row in rows {
            builder.push(&row.as_row());
        }
        Self::from_base(builder.build(None), config)
    }

    /// Builds an index from a stream of owned rows (each is copied into the
    /// index's arena and dropped, so the stream is never held whole).
    pub fn from_record_iter(
        rows: impl IntoIterator<Item = CompanyRecord>,
        config: RetrievalConfig,
    ) -> Self {
        let mut builder = SegmentBuilder::new(1 << 16);
        for row in rows {
            builder.push(&row.as_row());
        }
        Self::from_base(builder.build(None), config)
    }

    /// Streams a company source into a new index.
    #[cfg(feature = "database")]
    pub async fn build(
        source: &CompanySource,
        config: RetrievalConfig,
    ) -> Result<(Self, LoadReport), IndexError> {
        let mut builder = SegmentBuilder::new(1 << 16);
        let report = source.load(|row| builder.push(&row)).await?;
        // Normalising and indexing is CPU work: keep it off the async workers.
        let segment = tokio::task::spawn_blocking(move || builder.build(None)).await?;
        Ok((Self::from_base(segment, config), report))
    }

    fn from_base(base: Segment, config: RetrievalConfig) -> Self {
        let words = (base.len() as usize).div_ceil(64);
        Self {
            base: Arc::new(base),
            delta: Arc::new(SegmentBuilder::new(0).build(None)),
            dead: Arc::new(vec![0; words]),
            dead_count: 0,
            version: 1,
            config,
        }
    }

    /// The version number (1 for a fresh index, +1 per change batch or compaction).
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The retrieval settings.
    pub fn config(&self) -> RetrievalConfig {
        self.config
    }

    /// Live rows.
    pub fn len(&self) -> usize {
        (self.base.len() - self.dead_count + self.delta.len()) as usize
    }

    /// Whether the index holds no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Rows in the delta segment (changed since the last compaction).
    pub fn delta_len(&self) -> usize {
        self.delta.len() as usize
    }

    /// Approximate heap memory of this version, in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.base.heap_bytes() + self.delta.heap_bytes() + self.dead.len() * 8
    }

    fn is_dead(&self, row: u32) -> bool {
        self.dead
            .get(row as usize / 64)
            .is_some_and(|w| w & (1 << (row % 64)) != 0)
    }

    /// The best `k` candidates (from the config) for a query, best first.
    pub fn search(&self, query: &QueryKeys) -> Vec<Candidate> {
        self.search_k(query, self.config.k)
    }

    /// The best `k` candidates for a query, best first.
    pub fn search_k(&self, query: &QueryKeys, k: usize) -> Vec<Candidate> {
        let config = RetrievalConfig { k, ..self.config };
        let base_hits = self
            .base
            .search(query, &config, None, &|row| !self.is_dead(row));
        let offset = self.base.len();
        let delta_hits = if self.delta.len() > 0 {
            self.delta
                .search(query, &config, Some(&self.base), &|_| true)
        } else {
            Vec::new()
        };
        let to_candidate = |hit: Hit, offset: u32| Candidate {
            row: hit.row + offset,
            tie_order: hit.tie_order,
            score: hit.score,
            name_similarity: hit.name_similarity,
            paths: hit.paths,
        };
        let mut candidates: Vec<Candidate> = base_hits
            .into_iter()
            .map(|h| to_candidate(h, 0))
            .chain(delta_hits.into_iter().map(|h| to_candidate(h, offset)))
            .collect();
        candidates.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.tie_order.cmp(&b.tie_order))
                .then(a.row.cmp(&b.row))
        });
        candidates.truncate(k);
        candidates
    }

    /// The company at `row` of this version (`None` for a row out of range
    /// or deleted).
    pub fn company(&self, row: u32) -> Option<CompanyRow<'_>> {
        let base_len = self.base.len();
        if row < base_len {
            (!self.is_dead(row)).then(|| self.base.row(row))
        } else {
            let row = row - base_len;
            (row < self.delta.len()).then(|| self.delta.row(row))
        }
    }

    /// How many live rows have the normalised name core `core` (the
    /// homonym count; 0 for an empty core). Reads the exact-name postings of
    /// the base and delta segments.
    pub fn core_count(&self, core: &str) -> usize {
        self.namesake_count(NameKey::Core, core)
    }

    /// The homonym count of the company at `row`: [`Index::core_count`] of
    /// its name core, read from a per-row count where the version allows
    /// (no deleted base rows) instead of a posting-list search.
    pub fn core_count_at(&self, row: u32) -> usize {
        self.namesake_count_at(NameKey::Core, row)
    }

    /// How many live rows share the English name of the company at `row`
    /// (compared lower case, without spaces or a Latin legal form); 0 when
    /// it has none.
    pub fn english_count_at(&self, row: u32) -> usize {
        self.namesake_count_at(NameKey::English, row)
    }

    /// How many live rows carry the English name `english` (compared as
    /// [`Index::english_count_at`] compares them: lower case, without
    /// spaces or a Latin legal form); 0 for a name with no core.
    pub fn english_count(&self, english: &str) -> usize {
        let key = segment::compact(&crate::normalize::normalize_english(english).core);
        self.namesake_count(NameKey::English, &key)
    }

    /// Live rows whose `name` key is `text` (0 for an empty key).
    fn namesake_count(&self, name: NameKey, text: &str) -> usize {
        if text.is_empty() {
            return 0;
        }
        let base = self.base.rows_named(name, text);
        let live_base = if self.dead_count == 0 {
            base.len()
        } else {
            base.iter().filter(|&&row| !self.is_dead(row)).count()
        };
        live_base + self.delta.rows_named(name, text).len()
    }

    /// [`Index::namesake_count`] of the `name` key of the company at `row`.
    fn namesake_count_at(&self, name: NameKey, row: u32) -> usize {
        let base_len = self.base.len();
        if row < base_len && self.dead_count == 0 {
            let in_base = self.base.namesakes_of(name, row) as usize;
            if self.delta.len() == 0 || in_base == 0 {
                return in_base;
            }
            let text = self.base.name_key_of(name, row);
            return in_base + self.delta.rows_named(name, text).len();
        }
        match self.company(row) {
            Some(_) if row < base_len => {
                self.namesake_count(name, self.base.name_key_of(name, row))
            }
            Some(_) => self.namesake_count(name, self.delta.name_key_of(name, row - base_len)),
            None => 0,
        }
    }

    /// Finds a live company by id.
    pub fn find(&self, id: &str) -> Option<u32> {
        if let Some(row) = self.delta.find_id(id) {
            return Some(row + self.base.len());
        }
        self.base.find_id(id).filter(|row| !self.is_dead(*row))
    }

    /// The next version with `changes` applied: changed and deleted base rows
    /// are tombstoned, and the delta segment is rebuilt from its surviving
    /// rows plus the upserts (cheap while the delta is small). This version
    /// is untouched.
    pub fn apply(&self, changes: &[Change]) -> Self {
        let mut dead = (*self.dead).clone();
        let mut dead_count = self.dead_count;
        let mut latest: std::collections::HashMap<&str, Option<&CompanyRecord>> =
            std::collections::HashMap::new();
        for change in changes {
            match change {
                Change::Upsert(record) => latest.insert(record.id.as_str(), Some(record)),
                Change::Delete(id) => latest.insert(id.as_str(), None),
            };
        }
        for id in latest.keys() {
            if let Some(row) = self.base.find_id(id) {
                let word = &mut dead[row as usize / 64];
                if *word & (1 << (row % 64)) == 0 {
                    *word |= 1 << (row % 64);
                    dead_count += 1;
                }
            }
        }
        let mut builder = SegmentBuilder::new(self.delta.len() as usize + latest.len());
        for row in 0..self.delta.len() {
            let company = self.delta.row(row);
            if !latest.contains_key(company.id) {
                builder.push(&company);
            }
        }
        let mut upserts: Vec<&CompanyRecord> = latest.values().flatten().copied().collect();
        upserts.sort_by(|a, b| a.id.cmp(&b.id));
        for record in upserts {
            builder.push(&record.as_row());
        }
        Self {
            base: Arc::clone(&self.base),
            delta: Arc::new(builder.build(Some(&self.base))),
            dead: Arc::new(dead),
            dead_count,
            version: self.version + 1,
            config: self.config,
        }
    }

    /// The next version with the delta folded into a new base (a full rebuild
    /// of the live rows; run it off the request path).
    pub fn compact(&self) -> Self {
        let mut builder = SegmentBuilder::new(self.len());
        for row in 0..self.base.len() {
            if !self.is_dead(row) {
                builder.push(&self.base.row(row));
            }
        }
        for row in 0..self.delta.len() {
            builder.push(&self.delta.row(row));
        }
        let mut next = Self::from_base(builder.build(None), self.config);
        next.version = self.version + 1;
        next
    }
}

#[cfg(all(test, feature = "database"))]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicking_build_task_is_reported_as_a_panic_with_its_message() {
        let failed = tokio::task::spawn_blocking(|| -> Segment { panic!("row 17 is bad") })
            .await
            .expect_err("the task panics");
        let error = IndexError::from(failed);
        assert!(
            matches!(&error, IndexError::Panicked { message } if message == "row 17 is bad"),
            "{error:?}"
        );
        assert!(error.to_string().contains("panicked"), "{error}");
        let formatted = tokio::task::spawn_blocking(|| -> Segment { panic!("row {}", 18) })
            .await
            .expect_err("the task panics");
        assert_eq!(
            IndexError::from(formatted).to_string(),
            "building the index panicked (a bug in nayose; please report it): row 18"
        );
    }
}
