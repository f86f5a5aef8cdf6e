//! Character n-gram retrieval with IDF weighting: bigrams and trigrams of a
//! normalised string, a cap above which a gram is too common to cost anything,
//! and a cosine score verified exactly on the short list.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::postings::sparse_rows_fit;
use super::segment::within;
use super::snapshot::{DecodeError, Persist, Reader, Writer, check, read_u64_map, write_u64_map};

/// Hashes integer keys by one multiplication (the keys are already spread).
#[derive(Default)]
pub(crate) struct IntHasher(u64);

impl Hasher for IntHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = (value ^ (value >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    }
    fn write_u32(&mut self, value: u32) {
        self.write_u64(u64::from(value));
    }
}

/// A hash map keyed by integers.
pub(crate) type IntMap<K, V> = HashMap<K, V, BuildHasherDefault<IntHasher>>;

/// Tag of a gram's length in its top two bits.
const UNIGRAM: u64 = 3 << 62;
const BIGRAM: u64 = 1 << 62;
const TRIGRAM: u64 = 2 << 62;

/// Unigrams say less than longer grams: their weight is scaled down.
const UNIGRAM_FACTOR: f32 = 0.5;

/// The distinct grams of `text`: its characters, bigrams and trigrams. Each
/// gram is its characters packed into a `u64` and tagged by length, so
/// distinct grams never collide.
pub(crate) fn grams_of(text: &str, out: &mut Vec<u64>) {
    out.clear();
    let (mut a, mut b) = (None::<u64>, None::<u64>);
    for c in text.chars().map(|c| u64::from(u32::from(c))) {
        out.push(UNIGRAM | c);
        if let Some(b) = b {
            out.push(BIGRAM | (b << 21) | c);
            if let Some(a) = a {
                out.push(TRIGRAM | (a << 42) | (b << 21) | c);
            }
        }
        a = b;
        b = Some(c);
    }
    out.sort_unstable();
    out.dedup();
}

/// How much a gram counts relative to its IDF.
fn length_factor(gram: u64) -> f32 {
    if gram >> 62 == UNIGRAM >> 62 {
        UNIGRAM_FACTOR
    } else {
        1.0
    }
}

/// Inverse document frequency.
pub(crate) fn idf(rows: u32, df: u32) -> f32 {
    (1.0 + rows as f32 / df.max(1) as f32).ln()
}

/// An n-gram index over one text per row.
#[derive(Debug, Default)]
pub(crate) struct GramIndex {
    grams: Vec<u64>,
    offsets: Vec<u32>,
    postings: Vec<u32>,
    /// Grams more common than the cap, with their document frequency: they
    /// weigh nothing and have no postings.
    stop: IntMap<u64, u32>,
    norms: Vec<f32>,
    rows: u32,
}

/// One gram of a query, with its weight and rows.
pub(crate) struct QueryGram<'a> {
    pub(crate) gram: u64,
    pub(crate) weight: f32,
    pub(crate) rows: &'a [u32],
}

/// A query prepared against an index.
pub(crate) struct GramQuery<'a> {
    pub(crate) grams: Vec<QueryGram<'a>>,
    pub(crate) norm: f32,
}

/// The document-frequency view used for weights: a delta segment weighs its
/// grams with the base segment's statistics, so scores are comparable.
pub(crate) trait Frequencies {
    /// Rows the frequencies are counted over.
    fn total_rows(&self) -> u32;
    /// Rows holding `gram`.
    fn df(&self, gram: u64) -> u32;
}

impl Frequencies for GramIndex {
    fn total_rows(&self) -> u32 {
        self.rows
    }
    fn df(&self, gram: u64) -> u32 {
        match self.grams.binary_search(&gram) {
            Ok(i) => self.offsets[i + 1] - self.offsets[i],
            Err(_) => self.stop.get(&gram).copied().unwrap_or(0),
        }
    }
}

impl GramIndex {
    /// Builds over `rows` texts given by `text(row)`. Grams held by more than
    /// [`stop_threshold`] rows are stop grams: no postings, no weight.
    /// `weights` supplies the frequencies weights and stop grams follow
    /// (`None`: this index's own; a delta segment passes the base's).
    pub(crate) fn build<'t>(
        rows: u32,
        text: impl Fn(u32) -> &'t str,
        weights: Option<&dyn Frequencies>,
    ) -> Self {
        let mut counts: IntMap<u64, u32> = IntMap::default();
        let mut grams = Vec::new();
        for row in 0..rows {
            grams_of(text(row), &mut grams);
            for gram in &grams {
                *counts.entry(*gram).or_default() += 1;
            }
        }
        let threshold = stop_threshold(rows);
        let mut stop = IntMap::default();
        let mut kept: Vec<(u64, u32)> = Vec::with_capacity(counts.len());
        for (gram, df) in counts {
            let is_stop = match weights {
                Some(w) => w.is_stop(gram),
                None => df > threshold,
            };
            if is_stop {
                stop.insert(gram, df);
            } else {
                kept.push((gram, df));
            }
        }
        kept.sort_unstable();
        let mut index = Self {
            grams: kept.iter().map(|(g, _)| *g).collect(),
            offsets: Vec::with_capacity(kept.len() + 1),
            postings: Vec::new(),
            stop,
            norms: vec![0.0; rows as usize],
            rows,
        };
        // Slot and weight of every kept gram.
        let mut slot_of: IntMap<u64, (u32, f32)> = IntMap::default();
        slot_of.reserve(kept.len());
        let mut total = 0u32;
        for (slot, (gram, df)) in kept.iter().enumerate() {
            index.offsets.push(total);
            let weight = length_factor(*gram)
                * match weights {
                    Some(w) => idf(w.total_rows(), w.df(*gram).max(1)),
                    None => idf(rows, *df),
                };
            slot_of.insert(*gram, (slot as u32, weight));
            total += df;
        }
        index.offsets.push(total);
        index.postings = vec![0; total as usize];
        let mut cursors: Vec<u32> = index.offsets[..kept.len()].to_vec();
        for row in 0..rows {
            grams_of(text(row), &mut grams);
            let mut norm = 0.0f32;
            for gram in &grams {
                if let Some(&(slot, weight)) = slot_of.get(gram) {
                    let cursor = &mut cursors[slot as usize];
                    index.postings[*cursor as usize] = row;
                    *cursor += 1;
                    norm += weight * weight;
                }
            }
            index.norms[row as usize] = norm.sqrt();
        }
        index
    }

    /// Whether a gram carries weight (stop grams do not).
    fn weighs(&self, gram: u64, weights: Option<&dyn Frequencies>) -> bool {
        match weights {
            Some(w) => !w.is_stop(gram),
            None => !self.stop.contains_key(&gram),
        }
    }

    /// Prepares a query text; `weights` as in [`GramIndex::build`].
    pub(crate) fn prepare(&self, text: &str, weights: Option<&dyn Frequencies>) -> GramQuery<'_> {
        let mut grams = Vec::new();
        grams_of(text, &mut grams);
        let mut out = Vec::with_capacity(grams.len());
        let mut norm = 0.0f32;
        for gram in grams {
            if !self.weighs(gram, weights) {
                continue;
            }
            let weight = length_factor(gram)
                * match weights {
                    Some(w) => idf(w.total_rows(), w.df(gram).max(1)),
                    None => idf(self.rows, self.df(gram).max(1)),
                };
            norm += weight * weight;
            let rows = match self.grams.binary_search(&gram) {
                Ok(i) => &self.postings[self.offsets[i] as usize..self.offsets[i + 1] as usize],
                Err(_) => &[][..],
            };
            out.push(QueryGram { gram, weight, rows });
        }
        out.sort_by_key(|g| g.rows.len());
        GramQuery {
            grams: out,
            norm: norm.sqrt(),
        }
    }

    /// Adds partial scores to `scores`: rows of the rarest grams until
    /// `budget` postings have been read, and of the commoner grams only the
    /// rows in `place` (the query's city or prefecture, a range of rows), so
    /// a long posting list costs two binary searches, not a candidate each.
    pub(crate) fn generate(
        &self,
        query: &GramQuery<'_>,
        budget: usize,
        place: Option<(u32, u32)>,
        scores: &mut IntMap<u32, f32>,
    ) {
        let mut read = 0usize;
        for (i, gram) in query.grams.iter().enumerate() {
            let rows = if i == 0 || read + gram.rows.len() <= budget {
                read += gram.rows.len();
                gram.rows
            } else if let Some(range) = place {
                within(gram.rows, range)
            } else {
                continue;
            };
            for &row in rows {
                *scores.entry(row).or_default() += gram.weight;
            }
        }
    }

    /// The exact cosine between the query and a row whose text is `text`.
    pub(crate) fn cosine(
        &self,
        query: &GramQuery<'_>,
        row: u32,
        text: &str,
        scratch: &mut Vec<u64>,
    ) -> f32 {
        let norm = self.norms.get(row as usize).copied().unwrap_or(0.0);
        if norm == 0.0 || query.norm == 0.0 {
            return 0.0;
        }
        grams_of(text, scratch);
        let dot: f32 = query
            .grams
            .iter()
            .filter(|g| scratch.binary_search(&g.gram).is_ok())
            .map(|g| g.weight * g.weight)
            .sum();
        (dot / (norm * query.norm)).min(1.0)
    }

    /// Rows indexed.
    pub(crate) fn rows(&self) -> u32 {
        self.rows
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.grams.capacity() * 8
            + self.offsets.capacity() * 4
            + self.postings.capacity() * 4
            + self.norms.capacity() * 4
            + self.stop.capacity() * 16
    }
}

impl Persist for GramIndex {
    fn write(&self, out: &mut Writer) {
        out.u64s(&self.grams);
        out.u32s(&self.offsets);
        out.u32s(&self.postings);
        write_u64_map(&self.stop, out);
        out.f32s(&self.norms);
        out.u32(self.rows);
    }

    fn read(input: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let grams = input.u64s()?;
        let offsets = input.u32s()?;
        let postings = input.u32s()?;
        let stop = read_u64_map(input)?;
        let norms = input.f32s()?;
        let rows = input.u32()?;
        check(
            sparse_rows_fit(&grams, &offsets, postings.len())
                && norms.len() == rows as usize
                && postings.iter().all(|&row| row < rows),
            || "gram postings out of order or past the last row".to_owned(),
        )?;
        Ok(Self {
            grams,
            offsets,
            postings,
            stop,
            norms,
            rows,
        })
    }
}

/// Stop grams as the weighting view sees them.
pub(crate) trait StopGrams {
    /// Whether `gram` is too common to weigh anything.
    fn is_stop(&self, gram: u64) -> bool;
}

impl<T: Frequencies + ?Sized> StopGrams for T {
    fn is_stop(&self, gram: u64) -> bool {
        self.df(gram) > stop_threshold(self.total_rows())
    }
}

/// Rows above which a gram is a stop gram: 2 % of the table, at least 1 000.
pub(crate) fn stop_threshold(rows: u32) -> u32 {
    (rows / 50).max(1_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(texts: &[&str]) -> GramIndex {
        let owned: Vec<String> = texts.iter().map(|s| s.to_string()).collect();
        GramIndex::build(owned.len() as u32, |r| owned[r as usize].as_str(), None)
    }

    #[test]
    fn grams_are_distinct_and_tagged() {
        let mut grams = Vec::new();
        grams_of("ABAB", &mut grams);
        assert_eq!(grams.len(), 2 + 2 + 2); // A, B; AB, BA; ABA, BAB
        grams_of("A", &mut grams);
        assert_eq!(grams, vec![UNIGRAM | u64::from(u32::from('A'))]);
        assert_eq!(length_factor(grams[0]), UNIGRAM_FACTOR);
        grams_of("AB", &mut grams);
        assert_eq!(
            grams.iter().map(|g| length_factor(*g)).sum::<f32>(),
            2.0 * UNIGRAM_FACTOR + 1.0
        );
    }

    #[test]
    fn cosine_ranks_one_edit_above_unrelated() {
        let texts = [
            "サカタノタネ",
            "サカタ物産",
            "ホクト",
            "サカタノタ",
            "カネコシュビョウ",
        ];
        let idx = index(&texts);
        let query = idx.prepare("サ力タノタネ", None); // カ → 力
        let mut scratch = Vec::new();
        let scores: Vec<f32> = texts
            .iter()
            .enumerate()
            .map(|(row, text)| idx.cosine(&query, row as u32, text, &mut scratch))
            .collect();
        assert!(scores[0] > scores[1] && scores[0] > scores[2], "{scores:?}");
        assert_eq!(scores[2], 0.0);
        let exact = idx.prepare("サカタノタネ", None);
        assert!((idx.cosine(&exact, 0, texts[0], &mut scratch) - 1.0).abs() < 1e-5);
    }

    #[test]
    fn generation_reads_rare_grams_and_filters_common_ones() {
        let texts = ["AB", "AB", "AB", "ABC", "XY"];
        let idx = index(&texts);
        let query = idx.prepare("ABC", None);
        let mut scores = IntMap::default();
        idx.generate(&query, 1, Some((2, 3)), &mut scores);
        // the rarest grams (C, BC, ABC: row 3) are read; A, B, AB (rows 0-3)
        // only for row 2.
        let mut rows: Vec<u32> = scores.keys().copied().collect();
        rows.sort_unstable();
        assert_eq!(rows, vec![2, 3]);
    }
}
