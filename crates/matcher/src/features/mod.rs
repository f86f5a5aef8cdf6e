//! The feature vector of a (query, candidate) pair: what the policy sees.
//!
//! One definition serves training and serving alike: both prepare a query
//! once with [`PreparedQuery::new`], retrieve with [`Index::search`] on
//! [`PreparedQuery::keys`], and call [`candidate_features`], which gives one
//! fixed-order vector of [`FEATURE_COUNT`] values per candidate. The
//! features, their order, ranges and meanings are listed once, in
//! [`FEATURES`] (see [`schema`]); [`FEATURE_SCHEMA_VERSION`] changes
//! whenever that list or any feature's computation changes, and a model
//! trained on another version must be refused.
//!
//! | group | features |
//! |---|---|
//! | name cores | exact, empty, Jaro-Winkler, OSA (Damerau), bigram Dice, character Jaccard, longest common substring (two ratios), visual-confusion-aware edit similarity; stems without business words: similarity, differing business words |
//! | legal form | agree / conflict, position agree / conflict |
//! | query name | carries a branch or department part |
//! | other scripts | reading (kana queries), English (Latin queries): compared + similarity |
//! | address | prefecture, city, town, 丁目, 番地 agree / conflict; postal code agree / conflict |
//! | contact | phone exact / same area / conflict; domain agree / conflict |
//! | table | rarity of the candidate's name core (homonym count) |
//! | retrieval | score, name similarity, rank, gap to the best other candidate, one indicator per access path |
//!
//! Missing evidence is never a magic value: an `agree`/`conflict` pair is
//! `(0, 0)` when a side lacks the value, and every similarity that may not
//! apply has its own `compared` indicator.
//!
//! ```
//! use nayose::CompanyRecord;
//! use nayose::features::{Feature, PreparedQuery, candidate_features};
//! use nayose::index::{Index, QueryText, RetrievalConfig};
//!
//! let rows = vec![CompanyRecord {
//!     id: "1".into(),
//!     name: "株式会社サカタのタネ".into(),
//!     phone: Some("045-945-8800".into()),
//!     ..Default::default()
//! }];
//! let index = Index::from_records(&rows, RetrievalConfig::default());
//! let query = PreparedQuery::new(QueryText {
//!     name: "㈱サカタのタネ",
//!     phone: Some("0459458800"),
//!     ..Default::default()
//! });
//! let candidates = index.search(query.keys());
//! let features = candidate_features(&query, &index, &candidates);
//! assert_eq!(features[0][Feature::NameExact as usize], 1.0);
//! assert_eq!(features[0][Feature::PhoneExact as usize], 1.0);
//! ```

pub mod compare;
pub mod confusion;
pub mod schema;
pub mod strings;
pub mod words;

pub use schema::{FEATURE_COUNT, FEATURES, Feature, FeatureSpec, Range, feature_index};

use compare::{Agreement, PhoneMatch};
use strings::{Chars, Scratch};

use crate::index::{Candidate, Index, Paths, QueryKeys, QueryText};
use crate::normalize::identifier::is_valid_corporate_number;
use crate::normalize::{
    NormalizedName, ParsedAddress, Phone, normalize_english, normalize_name, normalize_phone,
    normalize_reading, parse_address, registrable_domain,
};
use crate::source::CompanyRow;

/// Version of the feature schema: bump it whenever [`FEATURES`] or the
/// computation of any feature changes. Model artifacts record it and
/// serving refuses a model trained on another version.
pub const FEATURE_SCHEMA_VERSION: u32 = 9;

/// One candidate's feature vector, in [`FEATURES`] order.
pub type FeatureVector = [f32; FEATURE_COUNT];

/// Divides retrieval scores (whose maximum is 1 + 0.6 + 0.5 + 0.15 + 0.3 +
/// 0.3 = 2.85, and 3.85 with a query's 法人番号, clamped) into `[0, 1]`.
const SCORE_SCALE: f32 = 3.0;

/// A client query normalised once for retrieval and for every candidate's
/// features.
#[derive(Debug, Clone)]
pub struct PreparedQuery {
    keys: QueryKeys,
    name: NormalizedName,
    core: Chars,
    /// Byte length of the core's stem (the core without the business words
    /// it ends with, [`words::split_business_words`]), split once per query.
    core_stem_len: usize,
    english: Option<Chars>,
    /// The query's whole English name as one run of letters and digits,
    /// when it is Latin ([`crate::normalize::NormalizedEnglish::full`]).
    english_full: Option<String>,
    address: ParsedAddress,
    phone: Option<Phone>,
}

impl PreparedQuery {
    /// Normalises the query's fields.
    #[must_use]
    pub fn new(text: QueryText<'_>) -> Self {
        let keys = QueryKeys::from_text(text);
        let name = normalize_name(text.name);
        let core = Chars::new(&name.core);
        let core_stem_len = words::split_business_words(&name.core).stem.len();
        let english = keys.english.as_deref().map(|e| Chars::new(&compact(e)));
        let english_full = english.as_ref().map(|_| normalize_english(text.name).full);
        Self {
            name,
            core,
            core_stem_len,
            english,
            english_full,
            address: text.address.map(parse_address).unwrap_or_default(),
            phone: text.phone.and_then(normalize_phone).filter(|p| p.valid),
            keys,
        }
    }

    /// The retrieval keys (pass them to [`Index::search`]).
    #[must_use]
    pub fn keys(&self) -> &QueryKeys {
        &self.keys
    }

    /// The normalised name.
    #[must_use]
    pub fn name(&self) -> &NormalizedName {
        &self.name
    }

    /// The parsed address (empty when the query has none).
    #[must_use]
    pub fn address(&self) -> &ParsedAddress {
        &self.address
    }
}

/// The feature vectors of `candidates` (as [`Index::search`] returned them,
/// best first: a candidate's rank is its position in the slice) for `query`,
/// in the same order. `index` must be the version that produced the
/// candidates.
#[must_use]
pub fn candidate_features(
    query: &PreparedQuery,
    index: &Index,
    candidates: &[Candidate],
) -> Vec<FeatureVector> {
    let (best, second) = top_two(candidates);
    let mut work = Work::default();
    // The row the query's valid number names, if the table has it.
    let numbered_row = query
        .keys
        .number
        .as_ref()
        .filter(|n| n.valid)
        .and_then(|n| index.find(&n.digits));
    let mut vectors: Vec<FeatureVector> = candidates
        .iter()
        .enumerate()
        .map(|(rank, candidate)| {
            let best_other = match best {
                Some((i, _)) if i == rank => second.unwrap_or(0.0),
                Some((_, score)) => score,
                None => 0.0,
            };
            let company = index.company(candidate.row).unwrap_or(EMPTY_ROW);
            let mut v = pair_features(query, &company, &mut work);
            v[Feature::CoreRarity as usize] = rarity(index.core_count_at(candidate.row));
            v[Feature::EnglishRarity as usize] = if v[Feature::EnglishCompared as usize] > 0.0 {
                rarity(index.english_count_at(candidate.row))
            } else {
                1.0
            };
            v[Feature::NumberElsewhere as usize] =
                flag(numbered_row.is_some_and(|row| row != candidate.row));
            retrieval_features(&mut v, candidate, rank, best_other);
            v
        })
        .collect();
    mark_evidence_ties(&mut vectors);
    vectors
}

/// Features that say where a candidate stands in the list, or how
/// retrieval reached it, rather than what the query says about it: two
/// candidates that differ only in them are tied on the evidence.
const NOT_EVIDENCE: [Feature; 13] = [
    Feature::RankReciprocal,
    Feature::ScoreGap,
    Feature::RetrievalScore,
    Feature::RetrievalNameSimilarity,
    Feature::PathExactName,
    Feature::PathNameGrams,
    Feature::PathReading,
    Feature::PathEnglish,
    Feature::PathPhone,
    Feature::PathDomain,
    Feature::PathPlace,
    Feature::PathNumber,
    Feature::EvidenceTie,
];

/// [`NOT_EVIDENCE`] as a mask over the vector, built once at compile time.
const NOT_EVIDENCE_MASK: [bool; FEATURE_COUNT] = {
    let mut mask = [false; FEATURE_COUNT];
    let mut i = 0;
    while i < NOT_EVIDENCE.len() {
        mask[NOT_EVIDENCE[i] as usize] = true;
        i += 1;
    }
    mask
};

/// Comparisons a row may lack the data for (its reading, its English
/// name): `(compared, the features that hold the comparison)`. When one
/// candidate was compared and the other was not, that is missing data, not
/// evidence against either.
const OPTIONAL: [(Feature, &[Feature]); 2] = [
    (Feature::ReadingCompared, &[Feature::ReadingSimilarity]),
    (
        Feature::EnglishCompared,
        &[
            Feature::EnglishSimilarity,
            Feature::EnglishExact,
            Feature::EnglishRarity,
        ],
    ),
];

/// The English comparisons made on name cores alone (without the legal
/// form), which say nothing more than an exact Japanese name core already
/// does.
const ENGLISH_CORE: [Feature; 2] = [Feature::EnglishSimilarity, Feature::EnglishRarity];

/// Whether nothing the query says tells `a` and `b` apart: they agree on
/// every feature but [`NOT_EVIDENCE`], and on each [`OPTIONAL`] comparison
/// that both could make. When the query's name core is exactly the
/// registered name core of both (`LIXIL` against 株式会社ＬＩＸＩＬ and
/// 有限会社ＬＩＸＩＬ), the English cores do not separate them either
/// ([`ENGLISH_CORE`]): the query gave one name, which both carry, and that
/// one row's English name is also spelt that way is the same fact again.
/// The whole English name, legal form included (`LIXIL Corporation`), still
/// does. When the query has no name, the candidates' name rarity does not
/// separate them either.
fn same_evidence(a: &FeatureVector, b: &FeatureVector) -> bool {
    let mut skip = NOT_EVIDENCE_MASK;
    for (compared, values) in OPTIONAL {
        let c = compared as usize;
        if a[c] != b[c] {
            skip[c] = true;
            for f in values {
                skip[*f as usize] = true;
            }
        }
    }
    let exact = Feature::NameExact as usize;
    if a[exact] == 1.0 && b[exact] == 1.0 {
        for f in ENGLISH_CORE {
            skip[f as usize] = true;
        }
    }
    // Without a name in the query (a phone or a web address alone), how
    // common a candidate's name is says nothing about the query.
    let name_empty = Feature::NameEmpty as usize;
    if a[name_empty] == 1.0 && b[name_empty] == 1.0 {
        skip[Feature::CoreRarity as usize] = true;
    }
    a.iter()
        .zip(b.iter())
        .zip(skip)
        .all(|((x, y), skip)| skip || x == y)
}

/// Where a candidate stands in the list: features a tie shares, so that
/// candidates the query cannot tell apart get the same belief and only the
/// order among equals (a hash of the id, see
/// [`crate::index::Candidate::tie_order`]) picks the one proposed.
const LIST_POSITION: [Feature; 2] = [Feature::RankReciprocal, Feature::ScoreGap];

/// The groups of candidates tied on the evidence: for each candidate, the
/// first candidate of its group (the smallest index of the candidates
/// linked to it by [`same_evidence`], directly or through another one), or
/// `None` when no other candidate matches it. The query cannot tell the
/// members of a group apart, so whichever is proposed is the company meant
/// no more often than one time in the group's size.
#[must_use]
pub fn evidence_groups(vectors: &[FeatureVector]) -> Vec<Option<usize>> {
    // Union–find whose root is always a group's smallest index.
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let n = vectors.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let mut tied = vec![false; n];
    for i in 0..n {
        for j in i + 1..n {
            if same_evidence(&vectors[i], &vectors[j]) {
                tied[i] = true;
                tied[j] = true;
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    (0..n)
        .map(|i| tied[i].then(|| root(&mut parent, i)))
        .collect()
}

/// Sets [`Feature::EvidenceTie`] on every candidate of a group tied on the
/// evidence ([`evidence_groups`]), and gives each one the
/// [`LIST_POSITION`] of its group's first candidate, so its place in the
/// list is not evidence either.
pub fn mark_evidence_ties(vectors: &mut [FeatureVector]) {
    let groups = evidence_groups(vectors);
    for (j, group) in groups.into_iter().enumerate() {
        // In list order, and the features copied are not compared by
        // `same_evidence`, so the groups stay what they were.
        if let Some(first) = group
            && first != j
        {
            for f in LIST_POSITION {
                vectors[j][f as usize] = vectors[first][f as usize];
            }
        }
        vectors[j][Feature::EvidenceTie as usize] = flag(group.is_some());
    }
}

/// Puts the members of every group tied on the evidence
/// ([`evidence_groups`]; `vectors` as [`candidate_features`] returns them,
/// ties flagged) in the order of their ids' hash
/// ([`Candidate::tie_order`]) within the places the group holds, moving each
/// candidate's features with it. Retrieval lists namesakes by how it
/// reached them (a row with more fields is reached by more paths), which is
/// not evidence; after this the first member of a group, the one proposed,
/// owes its place to nothing the rows say.
pub fn order_ties_by_id(candidates: &mut [Candidate], vectors: &mut [FeatureVector]) {
    // Most queries have no tie ([`mark_evidence_ties`] flagged none): no
    // groups to work out again.
    if !vectors.iter().any(is_flagged_tie) {
        return;
    }
    let groups = evidence_groups(vectors);
    let mut done = vec![false; groups.len()];
    for start in 0..groups.len() {
        let Some(group) = groups[start] else { continue };
        if done[start] {
            continue;
        }
        let places: Vec<usize> = (start..groups.len())
            .filter(|&j| groups[j] == Some(group))
            .collect();
        let mut members: Vec<(Candidate, FeatureVector)> = places
            .iter()
            .map(|&j| (candidates[j], vectors[j]))
            .collect();
        members.sort_by_key(|(c, _)| (c.tie_order, c.row));
        for (&place, (candidate, vector)) in places.iter().zip(members) {
            candidates[place] = candidate;
            vectors[place] = vector;
            done[place] = true;
        }
    }
}

/// Whether [`mark_evidence_ties`] flagged this candidate as tied.
#[must_use]
pub fn is_flagged_tie(vector: &FeatureVector) -> bool {
    vector[Feature::EvidenceTie as usize] > 0.5
}

/// Whether the query's phone number, web domain or 法人番号 agrees with this
/// candidate's ([`Feature::PhoneExact`], [`Feature::DomainAgree`],
/// [`Feature::NumberAgree`]): an identifier that names one company,
/// whatever the names say.
#[must_use]
pub fn contact_agrees(vector: &FeatureVector) -> bool {
    [
        Feature::PhoneExact,
        Feature::DomainAgree,
        Feature::NumberAgree,
    ]
    .iter()
    .any(|f| vector[*f as usize] > 0.5)
}

/// `1 / (1 + ln n)` for `n` rows with a core (1 for 0 or 1 rows).
fn rarity(count: usize) -> f32 {
    1.0 / (1.0 + (count.max(1) as f32).ln())
}

/// The best score with its position, and the second best score.
fn top_two(candidates: &[Candidate]) -> (Option<(usize, f32)>, Option<f32>) {
    let mut best: Option<(usize, f32)> = None;
    let mut second: Option<f32> = None;
    for (i, c) in candidates.iter().enumerate() {
        match best {
            Some((_, b)) if c.score <= b => {
                second = Some(second.map_or(c.score, |s| s.max(c.score)));
            }
            _ => {
                second = best.map(|(_, b)| b);
                best = Some((i, c.score));
            }
        }
    }
    (best, second)
}

/// Stands in for a row the index no longer holds: every comparison absent.
const EMPTY_ROW: CompanyRow<'static> = CompanyRow {
    id: "",
    name: "",
    name_kana: None,
    name_en: None,
    postal_code: None,
    address: None,
    phone: None,
    url: None,
    updated_at: None,
};

/// Buffers reused across the candidates of one query.
#[derive(Default)]
struct Work {
    scratch: Scratch,
    core: Chars,
    english: Chars,
    candidate: NormalizedName,
}

/// The retrieval features: score, name similarity, rank, gap, paths.
fn retrieval_features(v: &mut FeatureVector, c: &Candidate, rank: usize, best_other: f32) {
    let clean = |x: f32| if x.is_finite() { x } else { 0.0 };
    v[Feature::RetrievalScore as usize] = (clean(c.score) / SCORE_SCALE).clamp(0.0, 1.0);
    v[Feature::RetrievalNameSimilarity as usize] = clean(c.name_similarity).clamp(0.0, 1.0);
    v[Feature::RankReciprocal as usize] = 1.0 / (1.0 + rank as f32);
    v[Feature::ScoreGap as usize] = (clean(c.score - best_other) / SCORE_SCALE).clamp(-1.0, 1.0);
    for (path, feature) in [
        (Paths::EXACT_NAME, Feature::PathExactName),
        (Paths::NAME_GRAMS, Feature::PathNameGrams),
        (Paths::READING, Feature::PathReading),
        (Paths::ENGLISH, Feature::PathEnglish),
        (Paths::PHONE, Feature::PathPhone),
        (Paths::DOMAIN, Feature::PathDomain),
        (Paths::PLACE, Feature::PathPlace),
        (Paths::NUMBER, Feature::PathNumber),
    ] {
        v[feature as usize] = flag(c.paths.contains(path));
    }
}

fn flag(b: bool) -> f32 {
    if b { 1.0 } else { 0.0 }
}

fn set_pair(v: &mut FeatureVector, agree: Feature, conflict: Feature, a: Agreement) {
    let (x, y) = a.indicators();
    v[agree as usize] = x;
    v[conflict as usize] = y;
}

/// The features that compare the query with one company row (every feature
/// but rarity and the retrieval group, which are left 0). The candidate's
/// normalised name is left in `work.candidate`.
fn pair_features(
    query: &PreparedQuery,
    company: &CompanyRow<'_>,
    work: &mut Work,
) -> FeatureVector {
    let mut v = [0.0; FEATURE_COUNT];
    work.candidate = normalize_name(company.name);
    let core = std::mem::take(&mut work.candidate.core);
    name_features(&mut v, query, &core, work);
    work.candidate.core = core;
    let cand = &work.candidate;
    v[Feature::QueryBranch as usize] = flag(query.name.branch.is_some());
    set_pair(
        &mut v,
        Feature::LegalAgree,
        Feature::LegalConflict,
        compare::legal_form(query.name.legal_form, cand.legal_form),
    );
    set_pair(
        &mut v,
        Feature::LegalPositionAgree,
        Feature::LegalPositionConflict,
        compare::legal_position(query.name.legal_form_position, cand.legal_form_position),
    );
    // Reading, when the query is kana and the candidate has one.
    if let (Some(q), Some(kana)) = (query.keys.reading.as_deref(), company.name_kana) {
        let reading = normalize_reading(kana).core;
        if !reading.is_empty() {
            v[Feature::ReadingCompared as usize] = 1.0;
            v[Feature::ReadingSimilarity as usize] = strings::jaro_winkler(q, &reading);
        }
    }
    // English name, when the query is Latin and the candidate has one.
    if let (Some(q), Some(en)) = (query.english.as_ref(), company.name_en) {
        let english = normalize_english(en);
        if !english.core.is_empty() && !q.is_empty() {
            work.english.set_text(&compact(&english.core));
            v[Feature::EnglishCompared as usize] = 1.0;
            v[Feature::EnglishSimilarity as usize] = strings::bigram_dice(q, &work.english);
            v[Feature::EnglishExact as usize] =
                flag(query.english_full.as_deref() == Some(english.full.as_str()));
        }
    }
    // Address (the candidate's is parsed only when the query has one).
    let address = match (company.address, company.postal_code) {
        _ if query.address == ParsedAddress::default() => ParsedAddress::default(),
        (Some(a), _) => parse_address(a),
        (None, Some(p)) => parse_address(p),
        (None, None) => ParsedAddress::default(),
    };
    let parts = compare::address(&query.address, &address);
    for (agreement, agree, conflict) in [
        (
            parts.prefecture,
            Feature::PrefectureAgree,
            Feature::PrefectureConflict,
        ),
        (parts.city, Feature::CityAgree, Feature::CityConflict),
        (parts.town, Feature::TownAgree, Feature::TownConflict),
        (parts.chome, Feature::ChomeAgree, Feature::ChomeConflict),
        (parts.block, Feature::BlockAgree, Feature::BlockConflict),
    ] {
        set_pair(&mut v, agree, conflict, agreement);
    }
    set_pair(
        &mut v,
        Feature::PostalAgree,
        Feature::PostalConflict,
        compare::postal(
            query.address.postal_code.as_deref(),
            company.postal_code.or(address.postal_code.as_deref()),
        ),
    );
    // Contact.
    let phone = company
        .phone
        .filter(|_| query.phone.is_some())
        .and_then(normalize_phone);
    let (exact, same_area, conflict) = match compare::phone(query.phone.as_ref(), phone.as_ref()) {
        PhoneMatch::Exact => (1.0, 0.0, 0.0),
        PhoneMatch::SameArea => (0.0, 1.0, 0.0),
        PhoneMatch::Conflict => (0.0, 0.0, 1.0),
        PhoneMatch::Absent => (0.0, 0.0, 0.0),
    };
    v[Feature::PhoneExact as usize] = exact;
    v[Feature::PhoneSameArea as usize] = same_area;
    v[Feature::PhoneConflict as usize] = conflict;
    let domain = company
        .url
        .filter(|_| query.keys.domain.is_some())
        .and_then(registrable_domain);
    set_pair(
        &mut v,
        Feature::DomainAgree,
        Feature::DomainConflict,
        Agreement::of(query.keys.domain.as_deref(), domain.as_deref(), |a, b| {
            a == b
        }),
    );
    number_features(&mut v, query, company.id);
    v
}

/// The query's 法人番号 against the candidate's id read as one
/// ([`Feature::NumberAgree`] to [`Feature::NumberInvalid`];
/// `number_elsewhere` needs the index and is set by
/// [`candidate_features`]).
fn number_features(v: &mut FeatureVector, query: &PreparedQuery, id: &str) {
    let Some(number) = &query.keys.number else {
        return;
    };
    let id_is_number = is_valid_corporate_number(id);
    v[Feature::NumberAgree as usize] = flag(number.valid && number.digits == id);
    v[Feature::NumberConflict as usize] = flag(number.valid && id_is_number && number.digits != id);
    v[Feature::NumberNear as usize] = flag(id_is_number && one_slip_apart(&number.digits, id));
    v[Feature::NumberInvalid as usize] = flag(!number.valid);
}

/// Whether two digit strings of one length differ by one substitution or
/// one swap of adjacent digits.
fn one_slip_apart(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let differing: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    match differing.as_slice() {
        [_] => true,
        [i, j] => *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i],
        _ => false,
    }
}

/// The name-core similarities.
fn name_features(v: &mut FeatureVector, query: &PreparedQuery, core: &str, work: &mut Work) {
    let q = &query.core;
    work.core.set_text(core);
    let c = &work.core;
    if q.is_empty() || c.is_empty() {
        v[Feature::NameEmpty as usize] = 1.0;
        return;
    }
    if q.chars() == c.chars() {
        // Homonyms are common: skip the dynamic programmes.
        for f in [
            Feature::NameExact,
            Feature::NameJaroWinkler,
            Feature::NameDamerau,
            Feature::NameBigramDice,
            Feature::NameCharJaccard,
            Feature::NameLcsRatio,
            Feature::NameContainment,
            Feature::NameVisual,
            Feature::NameStemSimilarity,
        ] {
            v[f as usize] = 1.0;
        }
        return;
    }
    let (q_stem, q_words) = query.name.core.split_at(query.core_stem_len);
    let candidate = words::split_business_words(core);
    v[Feature::NameStemSimilarity as usize] = if q_stem == candidate.stem {
        1.0
    } else {
        strings::jaro_winkler(q_stem, candidate.stem)
    };
    v[Feature::NameWordConflict as usize] =
        flag(!q_words.is_empty() && !candidate.words.is_empty() && q_words != candidate.words);
    let scratch = &mut work.scratch;
    let (qn, cn) = (q.len(), c.len());
    v[Feature::NameJaroWinkler as usize] = strings::jaro_winkler(&query.name.core, core);
    let osa = strings::osa_distance(q.chars(), c.chars(), scratch);
    v[Feature::NameDamerau as usize] = strings::distance_similarity(osa as f32, qn, cn);
    v[Feature::NameBigramDice as usize] = strings::bigram_dice(q, c);
    v[Feature::NameCharJaccard as usize] = strings::char_jaccard(q, c);
    let lcs = strings::longest_common_substring(q.chars(), c.chars(), scratch) as f32;
    v[Feature::NameLcsRatio as usize] = lcs / qn.max(cn) as f32;
    v[Feature::NameContainment as usize] = lcs / qn.min(cn) as f32;
    let visual = confusion::visual_distance(q.chars(), c.chars(), scratch);
    v[Feature::NameVisual as usize] = strings::distance_similarity(visual, qn, cn);
}

/// An English core without spaces (as retrieval compares them).
fn compact(english: &str) -> String {
    english.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(score: f32) -> Candidate {
        Candidate {
            row: 0,
            score,
            name_similarity: 0.5,
            paths: Paths::default(),
            tie_order: 0,
        }
    }

    #[test]
    fn top_two_finds_best_and_runner_up() {
        let c: Vec<Candidate> = [1.0, 2.5, 2.0, 0.3].map(candidate).to_vec();
        assert_eq!(top_two(&c), (Some((1, 2.5)), Some(2.0)));
        assert_eq!(top_two(&c[..1]), (Some((0, 1.0)), None));
        assert_eq!(top_two(&[]), (None, None));
        let tie: Vec<Candidate> = [2.0, 2.0].map(candidate).to_vec();
        assert_eq!(top_two(&tie), (Some((0, 2.0)), Some(2.0)));
    }

    #[test]
    fn rarity_is_one_for_unique_names_and_falls() {
        assert_eq!(rarity(0), 1.0);
        assert_eq!(rarity(1), 1.0);
        assert!(rarity(5) < rarity(2));
        assert!(rarity(1_000_000) > 0.0);
    }

    #[test]
    fn retrieval_features_are_scaled() {
        let mut v = [0.0; FEATURE_COUNT];
        let c = Candidate {
            paths: Paths::EXACT_NAME | Paths::PLACE,
            tie_order: 0,
            ..candidate(2.85)
        };
        retrieval_features(&mut v, &c, 1, 3.0);
        assert!((v[Feature::RetrievalScore as usize] - 0.95).abs() < 1e-6);
        assert_eq!(v[Feature::RankReciprocal as usize], 0.5);
        assert!((v[Feature::ScoreGap as usize] + 0.05).abs() < 1e-6);
        assert_eq!(v[Feature::PathExactName as usize], 1.0);
        assert_eq!(v[Feature::PathPlace as usize], 1.0);
        assert_eq!(v[Feature::PathPhone as usize], 0.0);
        retrieval_features(&mut v, &candidate(f32::NAN), 0, 0.0);
        assert_eq!(v[Feature::RetrievalScore as usize], 0.0);
        assert_eq!(v[Feature::ScoreGap as usize], 0.0);
    }

    #[test]
    fn candidates_equal_but_for_their_place_in_the_list_are_tied() {
        let mut a = [0.0; FEATURE_COUNT];
        a[Feature::NameExact as usize] = 1.0;
        a[Feature::RankReciprocal as usize] = 1.0;
        let mut b = a;
        b[Feature::RankReciprocal as usize] = 0.5;
        b[Feature::ScoreGap as usize] = -0.1;
        let mut c = a;
        c[Feature::PrefectureAgree as usize] = 1.0;
        let mut vectors = vec![a, b, c];
        mark_evidence_ties(&mut vectors);
        let tie = |v: &FeatureVector| v[Feature::EvidenceTie as usize];
        assert_eq!(vectors.iter().map(tie).collect::<Vec<_>>(), [1.0, 1.0, 0.0]);
        // The second of the tie stands where the first does; `c` keeps its
        // place.
        assert_eq!(vectors[1], vectors[0]);
        assert_eq!(vectors[2][Feature::RankReciprocal as usize], 1.0);
        // Marking again (the flag itself is positional) changes nothing.
        mark_evidence_ties(&mut vectors);
        assert_eq!(vectors.iter().map(tie).collect::<Vec<_>>(), [1.0, 1.0, 0.0]);
        let mut alone = vec![a];
        mark_evidence_ties(&mut alone);
        assert_eq!(tie(&alone[0]), 0.0);
    }

    #[test]
    fn a_group_takes_in_candidates_tied_through_another_one() {
        let mut a = [0.0; FEATURE_COUNT];
        a[Feature::NameExact as usize] = 1.0;
        // `b` lacks a reading, `a` and `c` have readings that compare
        // differently: a ≁ c, but each is tied with b, so the query cannot
        // tell any of the three from b.
        let mut with_reading = a;
        with_reading[Feature::ReadingCompared as usize] = 1.0;
        with_reading[Feature::ReadingSimilarity as usize] = 1.0;
        let mut other_reading = with_reading;
        other_reading[Feature::ReadingSimilarity as usize] = 0.4;
        // Two more, tied with each other only (the prefecture agrees).
        let mut in_prefecture = a;
        in_prefecture[Feature::PrefectureAgree as usize] = 1.0;
        let mut unique = a;
        unique[Feature::LegalConflict as usize] = 1.0;
        let vectors = [
            with_reading,
            in_prefecture,
            a,
            unique,
            other_reading,
            in_prefecture,
        ];
        assert!(!same_evidence(&with_reading, &other_reading));
        assert_eq!(
            evidence_groups(&vectors),
            [Some(0), Some(1), Some(0), None, Some(0), Some(1)]
        );
        assert!(evidence_groups(&[]).is_empty());
    }

    #[test]
    fn tied_candidates_are_put_in_the_order_of_their_ids_hash() {
        let mut a = [0.0; FEATURE_COUNT];
        a[Feature::NameExact as usize] = 1.0;
        // Retrieval reached the first namesake by more paths (not evidence).
        let mut reached_more = a;
        reached_more[Feature::RetrievalScore as usize] = 0.9;
        let mut other = a;
        other[Feature::LegalConflict as usize] = 1.0;
        let mut vectors = vec![reached_more, other, a];
        mark_evidence_ties(&mut vectors);
        let (reached_more, other, a) = (vectors[0], vectors[1], vectors[2]);
        let mut candidates = vec![
            Candidate {
                row: 1,
                tie_order: 900,
                ..candidate(2.0)
            },
            Candidate {
                row: 2,
                tie_order: 5,
                ..candidate(1.5)
            },
            Candidate {
                row: 3,
                tie_order: 100,
                ..candidate(1.0)
            },
        ];
        order_ties_by_id(&mut candidates, &mut vectors);
        // The tie holds places 0 and 2; the lower hash takes the first, and
        // each candidate keeps its own features. The candidate that stands
        // alone keeps its place.
        let rows: Vec<u32> = candidates.iter().map(|c| c.row).collect();
        assert_eq!(rows, [3, 2, 1]);
        assert_eq!(vectors, [a, other, reached_more]);
    }

    #[test]
    fn missing_data_and_retrieval_do_not_break_a_tie_but_a_conflict_does() {
        let mut a = [0.0; FEATURE_COUNT];
        a[Feature::NameExact as usize] = 1.0;
        // Only `a` has a reading: it was compared and agrees; retrieval
        // found it by its reading too and scored it higher.
        let mut with_reading = a;
        with_reading[Feature::ReadingCompared as usize] = 1.0;
        with_reading[Feature::ReadingSimilarity as usize] = 1.0;
        with_reading[Feature::PathReading as usize] = 1.0;
        with_reading[Feature::RetrievalScore as usize] = 0.6;
        assert!(same_evidence(&with_reading, &a));
        // Both have readings and they compare differently: evidence.
        let mut other_reading = with_reading;
        other_reading[Feature::ReadingSimilarity as usize] = 0.4;
        assert!(!same_evidence(&with_reading, &other_reading));
        // One legal form agrees with the query's, the other conflicts.
        let mut agree = a;
        agree[Feature::LegalAgree as usize] = 1.0;
        let mut conflict = a;
        conflict[Feature::LegalConflict as usize] = 1.0;
        assert!(!same_evidence(&agree, &conflict));
    }
}
