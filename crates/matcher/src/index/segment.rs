//! One immutable segment of the index: its rows, their keys, and every access
//! path over them.

mod persist;
mod search;

use rayon::prelude::*;

use super::Paths;
use super::grams::{Frequencies, GramIndex, IntMap};
use super::keys::CompanyKeys;
use super::postings::KeyPostings;
use super::store::{CORE, ENGLISH, Interner, KEY_FIELDS, RAW_FIELDS, READING, Store, hash_key};
use crate::source::CompanyRow;

/// Rows normalised per parallel batch while building (bounds the memory of
/// keys in flight).
const BUILD_BATCH: usize = 65_536;

/// The weights of a candidate's retrieval score.
mod weight {
    pub(super) const PHONE: f32 = 0.6;
    pub(super) const DOMAIN: f32 = 0.5;
    pub(super) const PREFECTURE: f32 = 0.15;
    pub(super) const CITY: f32 = 0.3;
    pub(super) const TOWN: f32 = 0.3;
    /// The row whose id is the query's valid 法人番号.
    pub(super) const NUMBER: f32 = 1.0;
    /// A row one slip from a query's number with a wrong check digit.
    pub(super) const NUMBER_NEAR: f32 = 0.3;
}

/// An immutable set of indexed rows.
#[derive(Debug, Default)]
pub(crate) struct Segment {
    /// Rows as inserted (physical order).
    raw: Store<RAW_FIELDS>,
    /// Derived keys, logical order.
    keys: Store<KEY_FIELDS>,
    /// Logical row → physical row; everything else is in logical order.
    order: Vec<u32>,
    places: Interner,
    /// Town id per logical row (prefecture and city are row ranges).
    town: Vec<u32>,
    /// The logical rows of each prefecture and city (contiguous).
    prefecture_rows: IntMap<u32, (u32, u32)>,
    city_rows: IntMap<u32, (u32, u32)>,
    exact: KeyPostings,
    /// Per logical row, how many rows of this segment share its name core.
    core_counts: Vec<u32>,
    /// Rows by compact English name (rows without one are not listed).
    english_exact: KeyPostings,
    /// Per logical row, how many rows of this segment share its compact
    /// English name (0 without one).
    english_counts: Vec<u32>,
    towns: KeyPostings,
    phones: KeyPostings,
    domains: KeyPostings,
    ids: Vec<(u64, u32)>,
    /// Per logical row, the order among equally scored candidates: a hash
    /// of the row's id, so which of two namesakes comes first depends on
    /// neither where the rows sit in the table nor on their place.
    tie_order: Vec<u32>,
    pub(crate) names: GramIndex,
    pub(crate) readings: GramIndex,
    pub(crate) english: GramIndex,
}

/// Accumulates rows, then builds a [`Segment`].
pub(crate) struct SegmentBuilder {
    raw: Store<RAW_FIELDS>,
}

impl SegmentBuilder {
    pub(crate) fn new(rows_hint: usize) -> Self {
        Self {
            raw: Store::with_capacity(rows_hint, rows_hint * 160),
        }
    }

    pub(crate) fn push(&mut self, row: &CompanyRow<'_>) {
        self.raw.push(row.fields());
    }

    /// Normalises every row (in parallel) and builds the access paths;
    /// `weights` is the base segment when this is a delta.
    ///
    /// Rows are numbered in (prefecture, city) order, so the rows of one
    /// place are one contiguous range: a posting list (ascending rows) is
    /// cut to a place by two binary searches instead of a look-up per row.
    pub(crate) fn build(mut self, weights: Option<&Segment>) -> Segment {
        self.raw.shrink_to_fit();
        let rows = self.raw.len();
        let mut keys_store = Store::<KEY_FIELDS>::with_capacity(rows as usize, rows as usize * 40);
        let mut places = Interner::default();
        // Per physical (insertion-order) row: place ids and exact keys.
        let mut place_of: Vec<[u32; 3]> = Vec::with_capacity(rows as usize);
        let mut exact = Vec::with_capacity(rows as usize);
        let mut english_exact = Vec::new();
        let mut phones = Vec::new();
        let mut domains = Vec::new();
        let mut start = 0u32;
        while start < rows {
            let end = (start + BUILD_BATCH as u32).min(rows);
            let batch: Vec<CompanyKeys> = (start..end)
                .into_par_iter()
                .map(|row| CompanyKeys::from_row(&self.raw.row(row)))
                .collect();
            for (offset, keys) in batch.into_iter().enumerate() {
                let row = start + offset as u32;
                let english = compact(&keys.english);
                keys_store.push([
                    Some(keys.core.as_str()),
                    Some(keys.reading.as_str()),
                    Some(english.as_str()),
                ]);
                if !english.is_empty() {
                    english_exact.push((hash_key(&english), row));
                }
                place_of.push([
                    places.intern(keys.prefecture.as_deref()),
                    places.intern(keys.city.as_deref()),
                    places.intern(keys.town.as_deref()),
                ]);
                if !keys.core.is_empty() {
                    exact.push((hash_key(&keys.core), row));
                }
                if let Some(phone) = &keys.phone {
                    phones.push((hash_key(phone), row));
                }
                if let Some(domain) = &keys.domain {
                    domains.push((hash_key(domain), row));
                }
            }
            start = end;
        }
        keys_store.shrink_to_fit();
        // Logical row order: by prefecture, then city, then insertion.
        let mut order: Vec<u32> = (0..rows).collect();
        order.sort_by_key(|&p| (place_of[p as usize][0], place_of[p as usize][1], p));
        let mut logical_of = vec![0u32; rows as usize];
        for (logical, &physical) in order.iter().enumerate() {
            logical_of[physical as usize] = logical as u32;
        }
        let relabel = |pairs: Vec<(u64, u32)>| {
            KeyPostings::build(
                pairs
                    .into_iter()
                    .map(|(key, physical)| (key, logical_of[physical as usize]))
                    .collect(),
            )
        };
        let mut segment = Segment {
            exact: relabel(exact),
            english_exact: relabel(english_exact),
            phones: relabel(phones),
            domains: relabel(domains),
            ..Segment::default()
        };
        segment.core_counts = segment.exact.group_sizes(rows as usize);
        segment.english_counts = segment.english_exact.group_sizes(rows as usize);
        let mut towns = Vec::new();
        for (logical, &physical) in order.iter().enumerate() {
            let [prefecture, city, town] = place_of[physical as usize];
            let logical = logical as u32;
            segment.town.push(town);
            if city != 0 && town != 0 {
                towns.push((town_key(city, town), logical));
            }
            for (id, ranges) in [
                (prefecture, &mut segment.prefecture_rows),
                (city, &mut segment.city_rows),
            ] {
                if id != 0 {
                    let range = ranges.entry(id).or_insert((logical, logical));
                    range.1 = logical + 1;
                }
            }
        }
        drop(place_of);
        segment.towns = KeyPostings::build(towns);
        segment.ids = order
            .iter()
            .enumerate()
            .map(|(logical, &physical)| (hash_key(self.raw.field(physical, 0)), logical as u32))
            .collect();
        segment.ids.sort_unstable();
        segment.tie_order = order
            .iter()
            .map(|&physical| tie_order_of(self.raw.field(physical, 0)))
            .collect();
        let text = |field: usize| {
            let (keys, order) = (&keys_store, &order);
            move |logical: u32| keys.field(order[logical as usize], field)
        };
        let (names, (readings, english)) = rayon::join(
            || {
                GramIndex::build(
                    rows,
                    text(CORE),
                    weights.map(|w| &w.names as &dyn Frequencies),
                )
            },
            || {
                rayon::join(
                    || {
                        GramIndex::build(
                            rows,
                            text(READING),
                            weights.map(|w| &w.readings as &dyn Frequencies),
                        )
                    },
                    || {
                        GramIndex::build(
                            rows,
                            text(ENGLISH),
                            weights.map(|w| &w.english as &dyn Frequencies),
                        )
                    },
                )
            },
        );
        segment.names = names;
        segment.readings = readings;
        segment.english = english;
        // Keys in logical order, so scoring a candidate reads one place.
        let mut logical_keys =
            Store::<KEY_FIELDS>::with_capacity(rows as usize, rows as usize * 40);
        for &physical in &order {
            logical_keys.push((0..KEY_FIELDS).map(|f| Some(keys_store.field(physical, f))));
        }
        drop(keys_store);
        segment.keys = logical_keys;
        segment.order = order;
        segment.places = places;
        segment.raw = self.raw;
        segment
    }
}

/// A name key whose namesakes the index counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameKey {
    /// The normalised name core.
    Core,
    /// The compact English name (lower case, spaces and legal form removed).
    English,
}

/// A candidate inside one segment.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub(crate) row: u32,
    pub(crate) score: f32,
    /// The row's place among equal scores (see [`Segment::tie_order_of_row`]).
    pub(crate) tie_order: u32,
    pub(crate) name_similarity: f32,
    pub(crate) paths: Paths,
}

impl Segment {
    pub(crate) fn len(&self) -> u32 {
        self.raw.len()
    }

    /// The company at a logical row.
    pub(crate) fn row(&self, logical: u32) -> CompanyRow<'_> {
        self.raw.row(self.physical(logical))
    }

    fn physical(&self, logical: u32) -> u32 {
        self.order
            .get(logical as usize)
            .copied()
            .unwrap_or(u32::MAX)
    }

    /// The order of a logical row among equally scored candidates: lower
    /// first (a hash of its id; 0 out of range).
    pub(crate) fn tie_order_of_row(&self, logical: u32) -> u32 {
        self.tie_order.get(logical as usize).copied().unwrap_or(0)
    }

    /// The rank key of a row for [`best_by`]: tie order, then the row.
    fn tie_rank(&self, logical: u32) -> u64 {
        (u64::from(self.tie_order_of_row(logical)) << 32) | u64::from(logical)
    }

    fn key(&self, logical: u32, field: usize) -> &str {
        self.keys.field(logical, field)
    }

    /// The row whose `id` is `id`, if any.
    pub(crate) fn find_id(&self, id: &str) -> Option<u32> {
        let key = hash_key(id);
        let start = self.ids.partition_point(|(k, _)| *k < key);
        self.ids[start..]
            .iter()
            .take_while(|(k, _)| *k == key)
            .map(|(_, row)| *row)
            .find(|row| self.row(*row).id == id)
    }

    /// How many rows of this segment share the `name` key of `row` (0 for
    /// an empty key or a row out of range).
    pub(crate) fn namesakes_of(&self, name: NameKey, row: u32) -> u32 {
        let counts = match name {
            NameKey::Core => &self.core_counts,
            NameKey::English => &self.english_counts,
        };
        counts.get(row as usize).copied().unwrap_or(0)
    }

    /// The `name` key of `row` ("" when empty or out of range).
    pub(crate) fn name_key_of(&self, name: NameKey, row: u32) -> &str {
        match name {
            NameKey::Core => self.key(row, CORE),
            NameKey::English => self.key(row, ENGLISH),
        }
    }

    /// The rows whose `name` key is `text` (exact-key postings, ascending).
    pub(crate) fn rows_named(&self, name: NameKey, text: &str) -> &[u32] {
        let postings = match name {
            NameKey::Core => &self.exact,
            NameKey::English => &self.english_exact,
        };
        postings.get(hash_key(text))
    }

    /// Heap memory held by the segment, in bytes.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.raw.heap_bytes()
            + self.keys.heap_bytes()
            + self.order.capacity() * 4
            + (self.prefecture_rows.capacity() + self.city_rows.capacity()) * 16
            + self.places.heap_bytes()
            + self.town.capacity() * 4
            + self.exact.heap_bytes()
            + self.core_counts.capacity() * 4
            + self.english_exact.heap_bytes()
            + self.english_counts.capacity() * 4
            + self.towns.heap_bytes()
            + self.phones.heap_bytes()
            + self.domains.heap_bytes()
            + self.ids.capacity() * 16
            + self.tie_order.capacity() * 4
            + self.names.heap_bytes()
            + self.readings.heap_bytes()
            + self.english.heap_bytes()
    }
}

/// The `keep` items with the highest score, best first; `rank` gives an
/// item's score and tie rank, and equal scores go to the lower tie rank, so
/// the choice never depends on the order the items came in (a hash map's,
/// say).
fn best_by<T>(mut items: Vec<T>, keep: usize, rank: impl Fn(&T) -> (f32, u64)) -> Vec<T> {
    let order = |a: &T, b: &T| {
        let ((score_a, row_a), (score_b, row_b)) = (rank(a), rank(b));
        score_b.total_cmp(&score_a).then(row_a.cmp(&row_b))
    };
    if items.len() > keep {
        items.select_nth_unstable_by(keep, order);
        items.truncate(keep);
    }
    items.sort_by(order);
    items
}

/// The tie order of a company id: the high half of a mixed hash of it, so
/// ids that differ in one digit land far apart.
fn tie_order_of(id: &str) -> u32 {
    let mut x = hash_key(id);
    // splitmix64's finaliser.
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^= x >> 31;
    (x >> 32) as u32
}

/// The part of an ascending posting list inside a row range.
pub(crate) fn within(rows: &[u32], (start, end): (u32, u32)) -> &[u32] {
    let lo = rows.partition_point(|&r| r < start);
    let hi = rows.partition_point(|&r| r < end);
    &rows[lo..hi.max(lo)]
}

/// The key of a town within its city.
fn town_key(city: u32, town: u32) -> u64 {
    (u64::from(city) << 32) | u64::from(town)
}

/// English cores are indexed without their spaces, so `sakata seed` and
/// `sakataseed` share their grams.
pub(crate) fn compact(english: &str) -> String {
    english.chars().filter(|c| !c.is_whitespace()).collect()
}
