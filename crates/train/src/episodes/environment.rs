//! Builds the index (minus held-out rows) and generates episodes from it.

use nayose::features::Feature;
use nayose::features::strings::{Scratch, osa_distance};
use nayose::index::{Index, RetrievalConfig};
use nayose::linker::{Retrieved, retrieve, retrieve_where};
use nayose::normalize::normalize_name;
use nayose::source::CompanyRecord;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{Episode, EpisodeKind};
use crate::noise::{ClientRecord, NoiseKind, NoiseModel, NoiseRng, number_cells};

/// Episode mix and hold-out.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EnvironmentConfig {
    /// Share of the table left out of the index, for absent companies.
    pub held_out_share: f64,
    /// Share of episodes whose company is absent (held out or withheld).
    pub absent_share: f64,
    /// Share of absent episodes made by withholding a present row from its
    /// candidates (the rest use held-out rows).
    pub withheld_share: f64,
    /// Share of present episodes drawn from rows with namesakes.
    pub homonym_share: f64,
    /// Share of absent episodes whose company is named like a present row:
    /// a trade word dropped, added or swapped, or a prefix such as 新 or 東
    /// added ([`EpisodeKind::NearName`]).
    #[serde(default)]
    pub near_name_share: f64,
    /// Share of absent episodes whose company is written at the street
    /// address of a present row, a look-alike or any
    /// ([`EpisodeKind::Colocated`]).
    #[serde(default)]
    pub colocated_share: f64,
    /// Share of co-located episodes whose present row is the look-alike the
    /// absent name retrieves best (a group sibling, a trade-word
    /// neighbour); the others sit at any row's address (a tenant whose
    /// name shares nothing with it). Configurations written before it
    /// existed used a third.
    #[serde(default = "third")]
    pub colocated_lookalike_share: f64,
    /// Share of absent episodes whose company is a group sibling of a
    /// present row at that row's own street address, named like it one
    /// word longer or other (`積水化学工業` beside `積水化成品工業`,
    /// [`EpisodeKind::Sibling`]). Off by default: at 0.05 and 0.1 it cut
    /// co-located false links on the real-anchored set from 6 to 2 and 3
    /// but cost the first set 2.4–2.6 points of recall (typos at the
    /// parent's address went to review).
    #[serde(default)]
    pub sibling_share: f64,
    /// Share of present, held-out and withheld episodes that keep only the
    /// first one to [`FEW_CANDIDATES_MAX`] candidates retrieval returns, as
    /// a small table or a very rare name gives them.
    #[serde(default)]
    pub few_candidates_share: f64,
    /// Whether companies written by an English name that another row
    /// carries (any row for a held-out company, one beside its own row
    /// otherwise) are kept only as often as real English names are shared
    /// ([`REAL_SHARED_ENGLISH_SHARE`]); declined episodes are redrawn.
    #[serde(default)]
    pub english_twins_at_real_rate: bool,
}

/// The most candidates a few-candidates episode keeps.
pub const FEW_CANDIDATES_MAX: usize = 3;

/// The look-alike share of co-located episodes before it could be set.
fn third() -> f64 {
    1.0 / 3.0
}

impl Default for EnvironmentConfig {
    fn default() -> Self {
        Self {
            held_out_share: 0.02,
            absent_share: 0.2,
            withheld_share: 0.3,
            homonym_share: 0.15,
            near_name_share: 0.15,
            // Of the wrong links to a co-located company that issue 23
            // reports from real client lists, two thirds went to a company
            // whose name had nothing in common with the query's and most
            // of the rest to one sharing a stem. 0.3 with a third
            // look-alikes (31 % of real companies share their street
            // address) cost the first set's typo rows 4 points of recall
            // (sent to review: a typo at the company's own address looks
            // like a look-alike); 0.3 with a sixth keeps the look-alike
            // episodes as many as at 0.15 and doubles the others.
            colocated_share: 0.3,
            colocated_lookalike_share: 1.0 / 6.0,
            sibling_share: 0.0,
            few_candidates_share: 0.1,
            english_twins_at_real_rate: true,
        }
    }
}

/// Why the environment cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum EnvironmentError {
    /// Too few rows to hold some out and keep an index.
    #[error(
        "the company table has {rows} usable rows; training needs at least {needed} \
         (some are held out of the index as absent companies)"
    )]
    TooSmall {
        /// Rows given.
        rows: usize,
        /// Rows needed.
        needed: usize,
    },
}

/// Smallest table the environment accepts.
const MIN_ROWS: usize = 50;
/// Draws before giving up on finding a row with namesakes.
const HOMONYM_TRIES: usize = 40;

/// Share of real companies whose English name another company carries: 14
/// of the 4 357 EDINET companies with an English name (same text, case
/// folded; docs/real-data-structure.md). A generated table shares far more
/// (35.5 % of its English names: romanised surnames and trades), so a
/// company written by its English name would meet another row with exactly
/// that name, and nothing else to tell them apart, a hundred times as often
/// as real companies do; the policy then learns not to trust an English
/// name that no other row carries.
const REAL_SHARED_ENGLISH_SHARE: f64 = 14.0 / 4357.0;

/// Redraws of an episode the environment declined
/// ([`Environment::english_twin_keep`]) before it takes one as drawn.
const REDRAWS: u64 = 8;

/// Mixed into an episode's seed for its identifier draws.
const NUMBER_STREAM: u64 = 0x6e75_6d62_6572_0026;

/// The training environment: the index over the table minus the held-out
/// rows, the held-out rows, and the noise model.
pub struct Environment {
    index: Index,
    held_out: Vec<CompanyRecord>,
    noise: NoiseModel,
    config: EnvironmentConfig,
    /// Probability of keeping an episode written by an English name that
    /// another row carries: with
    /// [`EnvironmentConfig::english_twins_at_real_rate`],
    /// [`REAL_SHARED_ENGLISH_SHARE`] over this table's share of English
    /// names carried by two rows or more (at most 1, so a table that shares
    /// as few as real companies do keeps them all); else 1.
    english_twin_keep: f64,
}

/// A well-mixed 64-bit hash (SplitMix64's finaliser).
#[must_use]
pub(crate) fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn id_hash(id: &str, seed: u64) -> u64 {
    id.bytes().fold(mix(seed), |h, b| mix(h ^ u64::from(b)))
}

impl Environment {
    /// Splits `rows` into the index and the held-out rows (chosen by a hash
    /// of the id and `seed`, so the split does not depend on row order) and
    /// builds the index.
    pub fn new(
        rows: Vec<CompanyRecord>,
        noise: NoiseModel,
        config: EnvironmentConfig,
        retrieval: RetrievalConfig,
        seed: u64,
    ) -> Result<Self, EnvironmentError> {
        if rows.len() < MIN_ROWS {
            return Err(EnvironmentError::TooSmall {
                rows: rows.len(),
                needed: MIN_ROWS,
            });
        }
        let cut = (config.held_out_share.clamp(0.0, 0.5) * u64::MAX as f64) as u64;
        let (held_out, kept): (Vec<_>, Vec<_>) = rows
            .into_iter()
            .partition(|row| id_hash(&row.id, seed) < cut);
        let index = Index::from_record_iter(kept, retrieval);
        let english_twin_keep = if config.english_twins_at_real_rate {
            (REAL_SHARED_ENGLISH_SHARE / shared_english_share(&index)).min(1.0)
        } else {
            1.0
        };
        Ok(Self {
            index,
            held_out,
            noise,
            config,
            english_twin_keep,
        })
    }

    /// Probability of keeping an episode written by an English name that
    /// another row carries (1 when the table shares English names no more
    /// often than real companies do, or when not asked to keep them at the
    /// real rate).
    #[must_use]
    pub fn english_twin_keep(&self) -> f64 {
        self.english_twin_keep
    }

    /// The index episodes retrieve from.
    #[must_use]
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Rows left out of the index.
    #[must_use]
    pub fn held_out(&self) -> &[CompanyRecord] {
        &self.held_out
    }

    /// `n` episodes, reproducible for `seed` (episode `i` depends only on
    /// `seed` and `i`), generated in parallel.
    #[must_use]
    pub fn episodes(&self, n: usize, seed: u64) -> Vec<Episode> {
        self.episodes_range(0..n, seed)
    }

    /// Episodes `range` of the sequence for `seed` (so a long run can be
    /// generated in chunks with the same result).
    #[must_use]
    pub fn episodes_range(&self, range: std::ops::Range<usize>, seed: u64) -> Vec<Episode> {
        range
            .into_par_iter()
            .map(|i| self.episode(mix(seed ^ mix(i as u64))))
            .collect()
    }

    fn random_row(&self, rng: &mut NoiseRng) -> Option<CompanyRecord> {
        let row = rng.below(self.index.len()) as u32;
        self.index.company(row).map(|r| r.to_record())
    }

    fn has_namesakes(&self, row: &CompanyRecord, at_least: usize) -> bool {
        let core = normalize_name(&row.name).core;
        !core.is_empty() && self.index.core_count(&core) >= at_least
    }

    /// A near-name episode: a present row's name with a trade word dropped,
    /// added or swapped or a prefix added, checked to be no row's name
    /// core. `None` when no row drawn gave one.
    fn near_name_episode(&self, rng: &mut NoiseRng) -> Option<Episode> {
        for _ in 0..HOMONYM_TRIES {
            let Some(row) = self.random_row(rng) else {
                continue;
            };
            let elsewhere = self.random_row(rng);
            let Some(client) = self.noise.near_name(&row, elsewhere.as_ref(), rng) else {
                continue;
            };
            if self.index.core_count(&normalize_name(&client.name).core) > 0 {
                continue;
            }
            return Some(self.absent_episode(&client, EpisodeKind::NearName));
        }
        None
    }

    /// A sibling episode: a present row's name one word longer or other (as
    /// for near names, checked to be no row's name core and to differ in
    /// more than a character, [`names_a_sibling`]), at the
    /// row's own address, without phone or web address: a group company
    /// sharing its parent's building. `None` when no row drawn gave one.
    fn sibling_episode(&self, rng: &mut NoiseRng) -> Option<Episode> {
        for _ in 0..HOMONYM_TRIES {
            let Some(row) = self.random_row(rng) else {
                continue;
            };
            let Some(address) = row.address.clone() else {
                continue;
            };
            let Some(mut client) = self.noise.near_name(&row, None, rng) else {
                continue;
            };
            let core = normalize_name(&client.name).core;
            if !names_a_sibling(&normalize_name(&row.name).core, &core)
                || self.index.core_count(&core) > 0
            {
                continue;
            }
            client.address = Some(address);
            return Some(self.absent_episode(&client, EpisodeKind::Sibling));
        }
        None
    }

    /// An episode for `client`, a company the table does not hold: its
    /// candidates as the library retrieves them, none of them right.
    fn absent_episode(&self, client: &ClientRecord, kind: EpisodeKind) -> Episode {
        let features = retrieve(&self.index, &client.as_query())
            .map(|r| r.features)
            .unwrap_or_default();
        Episode {
            features,
            truth: None,
            present: false,
            kind,
        }
    }

    /// A co-located episode: a held-out row's registered name without
    /// phone or web address, at the address of a present row: for
    /// [`EnvironmentConfig::colocated_lookalike_share`] of them the best candidate its name
    /// retrieves (a group sibling, a trade-word neighbour), for the rest any
    /// row (a tenant whose name shares nothing with it). `None` when there
    /// is no held-out row, no such row, or the look-alike carries the same
    /// name (a namesake at the same address cannot be told apart, so it
    /// teaches nothing).
    fn colocated_episode(&self, rng: &mut NoiseRng) -> Option<Episode> {
        let row = rng.pick(&self.held_out)?;
        // Its registered name as written: a noisy name (shortened, in kana)
        // at a look-alike's address is that look-alike as often as not.
        let mut client = ClientRecord {
            name: row.name.clone(),
            ..ClientRecord::default()
        };
        let decoy = if rng.chance(self.config.colocated_lookalike_share) {
            let by_name = retrieve(&self.index, &client.as_query()).ok()?;
            if by_name.features.first()?[Feature::NameExact as usize] > 0.0 {
                return None;
            }
            by_name.candidates.first()?.row
        } else {
            rng.below(self.index.len()) as u32
        };
        client.address = self.index.company(decoy)?.address.map(str::to_owned);
        client.address.as_ref()?;
        Some(self.absent_episode(&client, EpisodeKind::Colocated))
    }

    /// One episode from `seed`.
    #[must_use]
    pub fn episode(&self, seed: u64) -> Episode {
        let (mut seed, mut attempt) = (seed, 1);
        loop {
            if let Some(episode) = self.drawn_episode(seed, attempt == REDRAWS) {
                return episode;
            }
            seed = mix(seed ^ attempt);
            attempt += 1;
        }
    }

    /// The episode `seed` draws; `None` when the environment declines it
    /// ([`Environment::english_twin_keep`]), before its candidates are
    /// retrieved, unless it is the `last` draw, which is taken as drawn.
    fn drawn_episode(&self, seed: u64, last: bool) -> Option<Episode> {
        let mut rng = NoiseRng::new(seed);
        let absent = rng.chance(self.config.absent_share);
        if absent
            && rng.chance(self.config.near_name_share)
            && let Some(episode) = self.near_name_episode(&mut rng)
        {
            return Some(episode);
        }
        // Drawn only when asked for, so a run without siblings draws the
        // same episodes as before they existed.
        if absent
            && self.config.sibling_share > 0.0
            && rng.chance(self.config.sibling_share)
            && let Some(episode) = self.sibling_episode(&mut rng)
        {
            return Some(episode);
        }
        if absent
            && rng.chance(self.config.colocated_share)
            && let Some(episode) = self.colocated_episode(&mut rng)
        {
            return Some(episode);
        }
        let withheld =
            absent && (self.held_out.is_empty() || rng.chance(self.config.withheld_share));
        let (row, kind) = if absent && !withheld {
            // A held-out row; prefer one with namesakes left in the index.
            let want_namesake = rng.chance(self.config.homonym_share);
            let mut pick = || self.held_out[rng.below(self.held_out.len())].clone();
            let mut row = pick();
            if want_namesake {
                for _ in 0..HOMONYM_TRIES {
                    if self.has_namesakes(&row, 1) {
                        break;
                    }
                    row = pick();
                }
            }
            (Some(row), EpisodeKind::HeldOut)
        } else {
            let homonym = !absent && rng.chance(self.config.homonym_share);
            let mut row = self.random_row(&mut rng);
            if homonym {
                for _ in 0..HOMONYM_TRIES {
                    if row.as_ref().is_some_and(|r| self.has_namesakes(r, 2)) {
                        break;
                    }
                    row = self.random_row(&mut rng);
                }
            }
            let kind = match (withheld, homonym) {
                (true, _) => EpisodeKind::Withheld,
                (false, true) => EpisodeKind::Homonym,
                (false, false) => EpisodeKind::Present,
            };
            (row, kind)
        };
        let row = row.unwrap_or_default();
        let donor = self.random_row(&mut rng);
        let mut client = self.noise.corrupt(&row, donor.as_ref(), &mut rng);
        // Identifiers from a stream of their own, so every other draw of
        // the episode is what it was without them. A withheld company's
        // own number would still name its row: it gets a number no row has.
        let mut number_rng = NoiseRng::new(seed ^ NUMBER_STREAM);
        let own = (kind != EpisodeKind::Withheld).then_some(row.id.as_str());
        let cells = number_cells(
            self.noise.config(),
            own,
            donor.as_ref().map(|d| d.id.as_str()),
            &mut number_rng,
            &mut client.kinds,
        );
        let client = client.with_identifiers(cells, self.noise.config(), &mut number_rng);
        // Another row carries the English name: any row at all for a
        // held-out company, one beside the company's own row otherwise.
        let twin_count = if kind == EpisodeKind::HeldOut { 1 } else { 2 };
        let declined = self.english_twin_keep < 1.0
            && client.has(NoiseKind::English)
            && row
                .name_en
                .as_deref()
                .is_some_and(|en| self.index.english_count(en) >= twin_count)
            && !rng.chance(self.english_twin_keep);
        if declined && !last {
            return None;
        }
        let true_row = match kind {
            EpisodeKind::HeldOut => None,
            _ => self.index.find(&row.id),
        };
        let withheld = (kind == EpisodeKind::Withheld)
            .then_some(true_row)
            .flatten();
        let keep_at_most = rng
            .chance(self.config.few_candidates_share)
            .then(|| 1 + rng.below(FEW_CANDIDATES_MAX));
        let mut kept = 0usize;
        // The library's retrieval, as `nayose link` runs it; a corrupted row
        // the library refuses (no name left) offers no candidates.
        let Retrieved {
            candidates,
            features,
        } = retrieve_where(&self.index, &client.as_query(), |c| {
            if Some(c.row) == withheld {
                return false;
            }
            kept += 1;
            keep_at_most.is_none_or(|most| kept <= most)
        })
        .unwrap_or_else(|_| Retrieved {
            candidates: Vec::new(),
            features: Vec::new(),
        });
        let truth = true_row.and_then(|t| candidates.iter().position(|c| c.row == t));
        Some(Episode {
            features,
            truth,
            present: matches!(kind, EpisodeKind::Present | EpisodeKind::Homonym),
            kind,
        })
    }
}

/// Whether `near`, a near name of `core`, names another company rather than
/// `core` written as a client writes it: not `core` shortened (a trade word
/// dropped, as clients write the company itself) and more than one
/// character away (a one-character prefix such as 新 reads as a typo).
fn names_a_sibling(core: &str, near: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (core.chars().collect(), near.chars().collect());
    !core.contains(near) && osa_distance(&a, &b, &mut Scratch::default()) >= 2
}

/// Share of the index's rows with an English name whose English name at
/// least one other row carries (0 when no row has one).
fn shared_english_share(index: &Index) -> f64 {
    let (mut named, mut shared) = (0usize, 0usize);
    for row in 0..index.len() as u32 {
        let count = index.english_count_at(row);
        named += usize::from(count >= 1);
        shared += usize::from(count >= 2);
    }
    if named == 0 {
        0.0
    } else {
        shared as f64 / named as f64
    }
}

#[cfg(test)]
mod tests {
    use super::names_a_sibling;

    #[test]
    fn a_sibling_differs_by_more_than_a_shortening_or_a_character() {
        assert!(names_a_sibling("積水化学工業", "積水化成品工業"));
        assert!(names_a_sibling("山田電機", "山田電機商事"));
        assert!(names_a_sibling("山田電機", "日本山田電機"));
        // A trade word dropped: how clients write the company itself.
        assert!(!names_a_sibling("山田電機商事", "山田電機"));
        // One character more or other: a typo as often as a sibling.
        assert!(!names_a_sibling("山田電機", "新山田電機"));
        assert!(!names_a_sibling("シーラ", "シーズ"));
    }
}
