//! One immutable segment of the index: its rows, their keys, and every access
//! path over them.

use rayon::prelude::*;

use super::grams::{Frequencies, GramIndex, GramQuery, IntMap};
use super::keys::{CompanyKeys, QueryKeys};
use super::postings::KeyPostings;
use super::store::{CORE, ENGLISH, Interner, KEY_FIELDS, RAW_FIELDS, READING, Store, hash_key};
use super::{Paths, RetrievalConfig};
use crate::source::CompanyRow;

/// Rows normalised per parallel batch while building (bounds the memory of
/// keys in flight).
const BUILD_BATCH: usize = 65_536;

/// The weights of a candidate's retrieval score.
mod weight {
    pub(super) const PHONE: f32 = 0.6;
    pub(super) const DOMAIN: f32 = 0.5;
    pub(super) const PREFECTURE: f32 = 0.1;
    pub(super) const CITY: f32 = 0.15;
    pub(super) const TOWN: f32 = 0.1;
}

/// An immutable set of indexed rows.
#[derive(Debug, Default)]
pub(crate) struct Segment {
    pub(crate) raw: Store<RAW_FIELDS>,
    keys: Store<KEY_FIELDS>,
    places: Interner,
    prefecture: Vec<u32>,
    city: Vec<u32>,
    town: Vec<u32>,
    exact: KeyPostings,
    phones: KeyPostings,
    domains: KeyPostings,
    ids: Vec<(u64, u32)>,
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
    pub(crate) fn build(mut self, weights: Option<&Segment>) -> Segment {
        self.raw.shrink_to_fit();
        let rows = self.raw.len();
        let mut segment = Segment {
            keys: Store::with_capacity(rows as usize, rows as usize * 40),
            prefecture: Vec::with_capacity(rows as usize),
            city: Vec::with_capacity(rows as usize),
            town: Vec::with_capacity(rows as usize),
            ..Segment::default()
        };
        let mut exact = Vec::with_capacity(rows as usize);
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
                segment.keys.push([
                    Some(keys.core.as_str()),
                    Some(keys.reading.as_str()),
                    Some(compact(&keys.english).as_str()),
                ]);
                segment
                    .prefecture
                    .push(segment.places.intern(keys.prefecture.as_deref()));
                segment
                    .city
                    .push(segment.places.intern(keys.city.as_deref()));
                segment
                    .town
                    .push(segment.places.intern(keys.town.as_deref()));
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
        segment.keys.shrink_to_fit();
        segment.exact = KeyPostings::build(exact);
        segment.phones = KeyPostings::build(phones);
        segment.domains = KeyPostings::build(domains);
        segment.ids = (0..rows)
            .map(|r| (hash_key(self.raw.field(r, 0)), r))
            .collect();
        segment.ids.sort_unstable();
        let keys = &segment.keys;
        let (names, (readings, english)) = rayon::join(
            || {
                GramIndex::build(
                    rows,
                    |r| keys.field(r, CORE),
                    weights.map(|w| &w.names as &dyn Frequencies),
                )
            },
            || {
                rayon::join(
                    || {
                        GramIndex::build(
                            rows,
                            |r| keys.field(r, READING),
                            weights.map(|w| &w.readings as &dyn Frequencies),
                        )
                    },
                    || {
                        GramIndex::build(
                            rows,
                            |r| keys.field(r, ENGLISH),
                            weights.map(|w| &w.english as &dyn Frequencies),
                        )
                    },
                )
            },
        );
        segment.names = names;
        segment.readings = readings;
        segment.english = english;
        segment.raw = self.raw;
        segment
    }
}

/// A candidate inside one segment.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub(crate) row: u32,
    pub(crate) score: f32,
    pub(crate) name_similarity: f32,
    pub(crate) paths: Paths,
}

impl Segment {
    pub(crate) fn len(&self) -> u32 {
        self.raw.len()
    }

    /// The row whose `id` is `id`, if any.
    pub(crate) fn find_id(&self, id: &str) -> Option<u32> {
        let key = hash_key(id);
        let start = self.ids.partition_point(|(k, _)| *k < key);
        self.ids[start..]
            .iter()
            .take_while(|(k, _)| *k == key)
            .map(|(_, row)| *row)
            .find(|row| self.raw.field(*row, 0) == id)
    }

    /// Searches this segment; `weights` is the base segment when this is a
    /// delta, and `alive` filters out superseded rows.
    pub(crate) fn search(
        &self,
        query: &QueryKeys,
        config: &RetrievalConfig,
        weights: Option<&Segment>,
        alive: &dyn Fn(u32) -> bool,
    ) -> Vec<Hit> {
        let place = |value: &Option<String>| value.as_deref().and_then(|v| self.places.get(v));
        let (q_pref, q_city, q_town) = (
            place(&query.prefecture),
            place(&query.city),
            place(&query.town),
        );
        let unknown_place = query.city.is_some() && q_city.is_none()
            || query.prefecture.is_some() && q_pref.is_none();
        let in_place = |row: u32| match (q_city, q_pref) {
            (Some(city), _) => self.city[row as usize] == city,
            (None, Some(pref)) => self.prefecture[row as usize] == pref,
            (None, None) => false,
        };
        let place_filter: Option<&dyn Fn(u32) -> bool> =
            (!unknown_place && (q_city.is_some() || q_pref.is_some())).then_some(&in_place);

        let mut evidence: IntMap<u32, Paths> = IntMap::default();
        let mut add = |row: u32, path: Paths| {
            *evidence.entry(row).or_default() |= path;
        };
        // Exact name core: every row, or only the ones in the query's place
        // when the name is very common.
        if !query.core.is_empty() {
            let rows = self.exact.get(hash_key(&query.core));
            let crowded = rows.len() > config.exact_cap;
            for &row in rows {
                if !crowded || place_filter.is_some_and(|f| f(row)) {
                    add(row, Paths::EXACT_NAME);
                }
            }
        }
        for (digits, postings, path) in [
            (&query.phone, &self.phones, Paths::PHONE),
            (&query.domain, &self.domains, Paths::DOMAIN),
        ] {
            if let Some(key) = digits {
                for &row in postings.get(hash_key(key)).iter().take(config.exact_cap) {
                    add(row, path);
                }
            }
        }
        // n-gram paths: generate, keep the best partial scores, verify below.
        let name_query = self
            .names
            .prepare(&query.core, weights.map(|w| &w.names as &dyn Frequencies));
        let reading_query = query.reading.as_deref().map(|r| {
            self.readings
                .prepare(r, weights.map(|w| &w.readings as &dyn Frequencies))
        });
        let english_query = query.english.as_deref().map(|e| {
            self.english
                .prepare(&compact(e), weights.map(|w| &w.english as &dyn Frequencies))
        });
        for (index, gram_query, path) in [
            (&self.names, Some(&name_query), Paths::NAME_GRAMS),
            (&self.readings, reading_query.as_ref(), Paths::READING),
            (&self.english, english_query.as_ref(), Paths::ENGLISH),
        ] {
            let Some(gram_query) = gram_query else {
                continue;
            };
            let mut partial: IntMap<u32, f32> = IntMap::default();
            index.generate(gram_query, config.gram_budget, place_filter, &mut partial);
            let mut best: Vec<(u32, f32)> = partial.into_iter().collect();
            if best.len() > config.verify {
                best.select_nth_unstable_by(config.verify, |a, b| b.1.total_cmp(&a.1));
                best.truncate(config.verify);
            }
            for (row, _) in best {
                add(row, path);
            }
        }

        let mut scratch = Vec::new();
        let mut hits: Vec<Hit> = evidence
            .into_iter()
            .filter(|(row, _)| alive(*row))
            .map(|(row, found)| {
                let similarity = |index: &GramIndex,
                                  q: Option<&GramQuery<'_>>,
                                  field: usize,
                                  scratch: &mut Vec<u64>| {
                    q.map_or(0.0, |q| {
                        index.cosine(q, row, self.keys.field(row, field), scratch)
                    })
                };
                let mut name_similarity = if found.contains(Paths::EXACT_NAME) {
                    1.0
                } else {
                    similarity(&self.names, Some(&name_query), CORE, &mut scratch)
                };
                name_similarity = name_similarity
                    .max(similarity(
                        &self.readings,
                        reading_query.as_ref(),
                        READING,
                        &mut scratch,
                    ))
                    .max(similarity(
                        &self.english,
                        english_query.as_ref(),
                        ENGLISH,
                        &mut scratch,
                    ));
                let r = row as usize;
                let mut score = name_similarity;
                if found.contains(Paths::PHONE) {
                    score += weight::PHONE;
                }
                if found.contains(Paths::DOMAIN) {
                    score += weight::DOMAIN;
                }
                let mut paths = found;
                if q_pref.is_some_and(|p| self.prefecture[r] == p) {
                    score += weight::PREFECTURE;
                    paths |= Paths::PLACE;
                }
                if q_city.is_some_and(|c| self.city[r] == c) {
                    score += weight::CITY;
                    paths |= Paths::PLACE;
                }
                if q_town.is_some_and(|t| self.town[r] == t) {
                    score += weight::TOWN;
                }
                Hit {
                    row,
                    score,
                    name_similarity,
                    paths,
                }
            })
            .collect();
        let k = config.k.min(hits.len());
        if k < hits.len() {
            hits.select_nth_unstable_by(k, |a, b| b.score.total_cmp(&a.score));
            hits.truncate(k);
        }
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.row.cmp(&b.row)));
        hits
    }

    /// Heap memory held by the segment, in bytes.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.raw.heap_bytes()
            + self.keys.heap_bytes()
            + self.places.heap_bytes()
            + (self.prefecture.capacity() + self.city.capacity() + self.town.capacity()) * 4
            + self.exact.heap_bytes()
            + self.phones.heap_bytes()
            + self.domains.heap_bytes()
            + self.ids.capacity() * 16
            + self.names.heap_bytes()
            + self.readings.heap_bytes()
            + self.english.heap_bytes()
    }
}

/// English cores are indexed without their spaces, so `sakata seed` and
/// `sakataseed` share their grams.
fn compact(english: &str) -> String {
    english.chars().filter(|c| !c.is_whitespace()).collect()
}
