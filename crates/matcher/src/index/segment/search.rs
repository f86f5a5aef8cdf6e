//! Candidate search inside one segment: where the query is, which rows each
//! access path finds, how each found row scores, and which rows are kept.

use super::{Hit, Segment, best_by, compact, town_key, weight, within};
use crate::index::grams::{Frequencies, GramIndex, GramQuery, IntMap};
use crate::index::keys::QueryKeys;
use crate::index::store::{CORE, ENGLISH, READING, hash_key};
use crate::index::{Paths, RetrievalConfig};
use crate::normalize::identifier::valid_neighbours;

/// The query's place in one segment's row numbering.
struct QueryPlace {
    /// The query's town id, when the segment knows it.
    town: Option<u32>,
    /// The logical rows of the query's prefecture.
    prefecture_rows: Option<(u32, u32)>,
    /// The logical rows of the query's city.
    city_rows: Option<(u32, u32)>,
    /// The rows retrieval is narrowed to: the city's, else the
    /// prefecture's; none when the query names a place the segment does not
    /// know (a misspelt city narrows nothing).
    search_rows: Option<(u32, u32)>,
    /// The query's city and town ids, for the town path.
    city_and_town: Option<(u32, u32)>,
}

impl QueryPlace {
    fn holds(range: Option<(u32, u32)>, row: u32) -> bool {
        range.is_some_and(|(a, b)| (a..b).contains(&row))
    }
}

/// The n-gram queries of one search, prepared against this segment.
struct GramQueries<'s> {
    name: GramQuery<'s>,
    reading: Option<GramQuery<'s>>,
    english: Option<GramQuery<'s>>,
}

/// The access paths that found each row.
#[derive(Default)]
struct Evidence(IntMap<u32, Paths>);

impl Evidence {
    fn with_capacity(capacity: usize) -> Self {
        Self(IntMap::with_capacity_and_hasher(
            capacity,
            Default::default(),
        ))
    }

    fn add(&mut self, row: u32, path: Paths) {
        *self.0.entry(row).or_default() |= path;
    }

    fn add_all(&mut self, rows: &[u32], path: Paths) {
        for &row in rows {
            self.add(row, path);
        }
    }

    /// The found rows in ascending order: the rows of one place are
    /// contiguous, so verifying in this order reads the key store front to
    /// back rather than at random.
    fn into_sorted(self) -> Vec<(u32, Paths)> {
        let mut found: Vec<(u32, Paths)> = self.0.into_iter().collect();
        found.sort_unstable_by_key(|&(row, _)| row);
        found
    }
}

impl Segment {
    /// Searches this segment; `weights` is the base segment when this is a
    /// delta, and `alive` filters out superseded rows.
    pub(crate) fn search(
        &self,
        query: &QueryKeys,
        config: &RetrievalConfig,
        weights: Option<&Segment>,
        alive: &dyn Fn(u32) -> bool,
    ) -> Vec<Hit> {
        let place = self.locate(query);
        let grams = self.prepare_grams(query, weights);
        let mut evidence = Evidence::with_capacity(4 * config.verify + config.town_cap);
        self.find_exact(query, config, &place, &mut evidence);
        self.find_by_grams(&grams, config, &place, &mut evidence);
        let mut scratch = Vec::new();
        let number_valid = query.number.as_ref().is_some_and(|n| n.valid);
        let hits: Vec<Hit> = evidence
            .into_sorted()
            .into_iter()
            .filter(|(row, _)| alive(*row))
            .map(|(row, found)| self.verify(row, found, &grams, &place, number_valid, &mut scratch))
            .collect();
        self.keep_best(hits, config.k, &place)
    }

    /// Where the query's address puts it among this segment's rows.
    fn locate(&self, query: &QueryKeys) -> QueryPlace {
        let place = |value: &Option<String>| value.as_deref().and_then(|v| self.places.get(v));
        let (prefecture, city, town) = (
            place(&query.prefecture),
            place(&query.city),
            place(&query.town),
        );
        let unknown_place = query.city.is_some() && city.is_none()
            || query.prefecture.is_some() && prefecture.is_none();
        let prefecture_rows = prefecture.and_then(|p| self.prefecture_rows.get(&p).copied());
        let city_rows = city.and_then(|c| self.city_rows.get(&c).copied());
        let search_rows = if unknown_place {
            None
        } else if city.is_some() {
            city_rows
        } else {
            prefecture_rows
        };
        QueryPlace {
            town,
            prefecture_rows,
            city_rows,
            search_rows,
            city_and_town: city.zip(town),
        }
    }

    /// The query's n-gram queries; a delta weighs grams with its base's
    /// frequencies.
    fn prepare_grams(&self, query: &QueryKeys, weights: Option<&Segment>) -> GramQueries<'_> {
        let base = |pick: fn(&Segment) -> &GramIndex| weights.map(|w| pick(w) as &dyn Frequencies);
        GramQueries {
            name: self.names.prepare(&query.core, base(|w| &w.names)),
            reading: query
                .reading
                .as_deref()
                .map(|r| self.readings.prepare(r, base(|w| &w.readings))),
            english: query
                .english
                .as_deref()
                .map(|e| self.english.prepare(&compact(e), base(|w| &w.english))),
        }
    }

    /// The exact paths: name core, English name (when configured), the
    /// query's small town, phone, web domain and 法人番号.
    fn find_exact(
        &self,
        query: &QueryKeys,
        config: &RetrievalConfig,
        place: &QueryPlace,
        evidence: &mut Evidence,
    ) {
        let capped = |rows| capped_to_place(rows, config.exact_cap, place.search_rows);
        if !query.core.is_empty() {
            evidence.add_all(
                capped(self.exact.get(hash_key(&query.core))),
                Paths::EXACT_NAME,
            );
        }
        // A Latin query is found under its registered English name even
        // when its n-grams are common (`TOYOTA MOTOR` among thousands of
        // romanised `TOYOTA …` rows).
        if config.exact_english
            && let Some(english) = query.english.as_deref().map(compact)
            && !english.is_empty()
        {
            evidence.add_all(
                capped(self.english_exact.get(hash_key(&english))),
                Paths::ENGLISH,
            );
        }
        // Every company of a small town: a name too garbled for the other
        // paths is still found next door.
        if let Some((city, town)) = place.city_and_town {
            let rows = self.towns.get(town_key(city, town));
            if rows.len() <= config.town_cap {
                evidence.add_all(rows, Paths::PLACE);
            }
        }
        for (key, postings, path) in [
            (&query.phone, &self.phones, Paths::PHONE),
            (&query.domain, &self.domains, Paths::DOMAIN),
        ] {
            if let Some(key) = key {
                let rows = postings.get(hash_key(key));
                evidence.add_all(&rows[..rows.len().min(config.exact_cap)], path);
            }
        }
        // The row the query's number names; with a wrong check digit, the
        // rows one slip away.
        if let Some(number) = &query.number {
            if number.valid {
                if let Some(row) = self.find_id(&number.digits) {
                    evidence.add(row, Paths::NUMBER);
                }
            } else {
                for neighbour in valid_neighbours(&number.digits) {
                    if let Some(row) = self.find_id(&neighbour) {
                        evidence.add(row, Paths::NUMBER);
                    }
                }
            }
        }
    }

    /// The n-gram paths: the best partial scores overall and the best in the
    /// query's place, so a local company is not crowded out by namesakes.
    fn find_by_grams(
        &self,
        grams: &GramQueries<'_>,
        config: &RetrievalConfig,
        place: &QueryPlace,
        evidence: &mut Evidence,
    ) {
        for (index, gram_query, path) in [
            (&self.names, Some(&grams.name), Paths::NAME_GRAMS),
            (&self.readings, grams.reading.as_ref(), Paths::READING),
            (&self.english, grams.english.as_ref(), Paths::ENGLISH),
        ] {
            let Some(gram_query) = gram_query else {
                continue;
            };
            let mut partial: IntMap<u32, f32> =
                IntMap::with_capacity_and_hasher(config.gram_budget, Default::default());
            index.generate(
                gram_query,
                config.gram_budget,
                place.search_rows,
                &mut partial,
            );
            let scored: Vec<(u32, f32)> = partial.into_iter().collect();
            let local: Vec<(u32, f32)> = scored
                .iter()
                .copied()
                .filter(|(row, _)| QueryPlace::holds(place.search_rows, *row))
                .collect();
            for (rows, keep) in [(scored, config.verify), (local, config.verify / 2)] {
                for (row, _) in best_by(rows, keep, |&(row, score)| (score, self.tie_rank(row))) {
                    evidence.add(row, path);
                }
            }
        }
    }

    /// Scores one found row: its best name similarity (an exact core is
    /// 1.0) plus the weights of the phone, domain, number and place it
    /// shares.
    fn verify(
        &self,
        row: u32,
        found: Paths,
        grams: &GramQueries<'_>,
        place: &QueryPlace,
        number_valid: bool,
        scratch: &mut Vec<u64>,
    ) -> Hit {
        let mut similarity = |index: &GramIndex, query: Option<&GramQuery<'_>>, field: usize| {
            query.map_or(0.0, |q| index.cosine(q, row, self.key(row, field), scratch))
        };
        let name = if found.contains(Paths::EXACT_NAME) {
            1.0
        } else {
            similarity(&self.names, Some(&grams.name), CORE)
        };
        let name_similarity = name
            .max(similarity(&self.readings, grams.reading.as_ref(), READING))
            .max(similarity(&self.english, grams.english.as_ref(), ENGLISH));
        let mut score = name_similarity;
        if found.contains(Paths::PHONE) {
            score += weight::PHONE;
        }
        if found.contains(Paths::DOMAIN) {
            score += weight::DOMAIN;
        }
        if found.contains(Paths::NUMBER) {
            score += if number_valid {
                weight::NUMBER
            } else {
                weight::NUMBER_NEAR
            };
        }
        let mut paths = found;
        if QueryPlace::holds(place.prefecture_rows, row) {
            score += weight::PREFECTURE;
            paths |= Paths::PLACE;
        }
        if QueryPlace::holds(place.city_rows, row) {
            score += weight::CITY;
            paths |= Paths::PLACE;
        }
        if place.town.is_some_and(|t| self.town[row as usize] == t) {
            score += weight::TOWN;
        }
        Hit {
            row,
            score,
            tie_order: self.tie_order_of_row(row),
            name_similarity,
            paths,
        }
    }

    /// The best `k` hits, best first, a quarter of the places reserved for
    /// the best of the query's city (a garbled name of a local company
    /// scores below exact namesakes elsewhere; the policy decides later).
    fn keep_best(&self, hits: Vec<Hit>, k: usize, place: &QueryPlace) -> Vec<Hit> {
        let local_rows = place.city_rows.or(place.prefecture_rows);
        let (local, elsewhere): (Vec<Hit>, Vec<Hit>) = hits
            .into_iter()
            .partition(|h| QueryPlace::holds(local_rows, h.row));
        let rank = |h: &Hit| (h.score, self.tie_rank(h.row));
        let local = best_by(local, k, rank);
        let reserved = (k / 4).min(local.len());
        let mut chosen: Vec<Hit> = local[..reserved].to_vec();
        let rest: Vec<Hit> = local[reserved..].iter().copied().chain(elsewhere).collect();
        chosen.extend(best_by(rest, k - reserved, rank));
        chosen.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(self.tie_rank(a.row).cmp(&self.tie_rank(b.row)))
        });
        chosen
    }
}

/// An exact-key posting list, or only its rows in `place` when it holds more
/// than `cap` rows (a very common name is looked up only where the query
/// is; nowhere when the query has no known place).
fn capped_to_place(rows: &[u32], cap: usize, place: Option<(u32, u32)>) -> &[u32] {
    if rows.len() > cap {
        place.map_or(&[][..], |range| within(rows, range))
    } else {
        rows
    }
}
