//! The feature schema: the one list that names, orders, bounds and documents
//! every feature.
//!
//! The list is written once (in the `schema!` invocation below) and gives
//! [`FEATURES`] (name, range, meaning, in vector order), the [`Feature`]
//! enum (a feature's position in the vector) and [`FEATURE_COUNT`], so the
//! three cannot disagree.

/// The closed range `[min, max]` a feature's value lies in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    /// Smallest value.
    pub min: f32,
    /// Largest value.
    pub max: f32,
}

impl Range {
    /// Whether `value` is finite and inside the range.
    #[must_use]
    pub fn contains(self, value: f32) -> bool {
        value.is_finite() && self.min <= value && value <= self.max
    }
}

/// `[0, 1]`: a similarity, a ratio or a scaled count.
const UNIT: Range = Range { min: 0.0, max: 1.0 };
/// `{0, 1}` (stored in the same closed range): an indicator.
const FLAG: Range = Range { min: 0.0, max: 1.0 };
/// `[-1, 1]`: a signed, scaled difference.
const SIGNED: Range = Range {
    min: -1.0,
    max: 1.0,
};

/// One feature: its name, range and meaning.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FeatureSpec {
    /// Stable snake_case name (used in artifacts and explanations).
    pub name: &'static str,
    /// The range every value lies in.
    pub range: Range,
    /// What the value means, including how missing evidence is encoded.
    pub meaning: &'static str,
}

macro_rules! schema {
    ($($variant:ident => $name:literal, $range:expr, $meaning:literal;)*) => {
        /// A feature's position in the vector (`Feature::NameExact as usize`).
        ///
        /// Each variant's documentation is its meaning in [`FEATURES`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(usize)]
        pub enum Feature {
            $(
                #[doc = $meaning]
                $variant,
            )*
        }

        /// Number of features (the vector's length).
        pub const FEATURE_COUNT: usize = [$($name),*].len();

        /// Every feature in vector order.
        pub const FEATURES: [FeatureSpec; FEATURE_COUNT] = [
            $(FeatureSpec { name: $name, range: $range, meaning: $meaning },)*
        ];
    };
}

// Conventions: a comparison of two optional values is two indicators,
// `*_agree` and `*_conflict`; both 0 means the evidence is absent (one side
// or both lack the value). A third `absent` indicator would be their linear
// complement and add nothing to a model with a bias. Similarities are 0
// when not computed, and a separate indicator says whether they were.
schema! {
    // The normalised name cores (legal form, branch and decoration removed).
    NameExact => "name_exact", FLAG,
        "1 when both name cores are non-empty and equal.";
    NameEmpty => "name_empty", FLAG,
        "1 when either name core is empty (every name similarity is then 0).";
    NameJaroWinkler => "name_jaro_winkler", UNIT,
        "Jaro-Winkler similarity of the cores (characters).";
    NameDamerau => "name_damerau", UNIT,
        "1 - OSA (restricted Damerau-Levenshtein) distance / longer core length.";
    NameBigramDice => "name_bigram_dice", UNIT,
        "Dice coefficient of the cores' character-bigram multisets (a 1-character core is its own bigram).";
    NameCharJaccard => "name_char_jaccard", UNIT,
        "Jaccard index of the cores' character sets (order-free; bigram Jaccard would only restate the Dice).";
    NameLcsRatio => "name_lcs_ratio", UNIT,
        "Longest common substring length / longer core length.";
    NameContainment => "name_containment", UNIT,
        "Longest common substring length / shorter core length (1 when one core contains the other).";
    NameVisual => "name_visual", UNIT,
        "1 - visual-confusion-aware edit distance / longer core length: substituting look-alikes (カ/力, ロ/口, ー/一 …) costs 1/4.";
    NameStemSimilarity => "name_stem_similarity", UNIT,
        "Jaro-Winkler similarity of the cores' stems: each core without the business words it ends with (ホールディングス, グループ, 証券, 工業 …; words::split_business_words). 1 for equal cores.";
    NameWordConflict => "name_word_conflict", FLAG,
        "1 when both cores end with business words and the words differ (マネックス証券 / マネックスファイナンス): related companies, often at one address, differ there.";
    // Legal form (法人格) and its position (前株/後株).
    LegalAgree => "legal_agree", FLAG,
        "1 when both names have a legal form and they are compatible (LegalForm::is_compatible_with).";
    LegalConflict => "legal_conflict", FLAG,
        "1 when both names have a legal form and they are incompatible (株式会社 vs 有限会社).";
    LegalPositionAgree => "legal_position_agree", FLAG,
        "1 when both legal forms stand on the same side of the name (both 前株 or both 後株).";
    LegalPositionConflict => "legal_position_conflict", FLAG,
        "1 when both positions are known and differ (前株 vs 後株).";
    // The query's name itself.
    QueryBranch => "query_branch", FLAG,
        "1 when the query name carries a branch, department or office part (仙台支店, 営業部), so its address and phone may be the branch's rather than the registered office's.";
    // Other scripts of the name.
    ReadingCompared => "reading_compared", FLAG,
        "1 when the query name is kana only and the candidate has a reading (フリガナ), so reading_similarity was computed.";
    ReadingSimilarity => "reading_similarity", UNIT,
        "Jaro-Winkler similarity of the query's reading and the candidate's normalised reading; 0 when not compared.";
    EnglishCompared => "english_compared", FLAG,
        "1 when the query name is Latin script and the candidate has an English name, so english_similarity was computed.";
    EnglishSimilarity => "english_similarity", UNIT,
        "Character-bigram Dice of the English cores with spaces removed; 0 when not compared.";
    EnglishExact => "english_exact", FLAG,
        "1 when the English names are compared and equal, legal suffix included (\"KADOKAWA CORPORATION\" is not \"KADOKAWA Ltd.\"), ignoring case, spaces and punctuation.";
    // Address, from parse_address of both sides.
    PrefectureAgree => "prefecture_agree", FLAG,
        "1 when both addresses name the same prefecture.";
    PrefectureConflict => "prefecture_conflict", FLAG,
        "1 when both addresses name a prefecture and they differ.";
    CityAgree => "city_agree", FLAG,
        "1 when both name the same municipality (or one is the designated city of the other's ward: 横浜市 / 横浜市都筑区).";
    CityConflict => "city_conflict", FLAG,
        "1 when both name a municipality and they differ.";
    TownAgree => "town_agree", FLAG,
        "1 when both name the same town and the municipalities do not conflict.";
    TownConflict => "town_conflict", FLAG,
        "1 when both name a town, they differ, and the municipalities do not conflict.";
    ChomeAgree => "chome_agree", FLAG,
        "1 when the towns agree and both give the same 丁目.";
    ChomeConflict => "chome_conflict", FLAG,
        "1 when the towns agree and both give a 丁目 and they differ.";
    BlockAgree => "block_agree", FLAG,
        "1 when the towns agree and the 番地・号 numbers are equal or one extends the other (7-1 / 7-1-3).";
    BlockConflict => "block_conflict", FLAG,
        "1 when the towns agree and both give 番地 numbers that disagree.";
    PostalAgree => "postal_agree", FLAG,
        "1 when both sides have a postal code and they are equal.";
    PostalConflict => "postal_conflict", FLAG,
        "1 when both sides have a postal code and they differ.";
    // Contact.
    PhoneExact => "phone_exact", FLAG,
        "1 when both valid phone numbers are equal.";
    PhoneSameArea => "phone_same_area", FLAG,
        "1 when the numbers differ but share the area code (known on either side, or for fixed lines without one a 4-digit prefix).";
    PhoneConflict => "phone_conflict", FLAG,
        "1 when both sides have a valid phone number and neither phone_exact nor phone_same_area holds.";
    DomainAgree => "domain_agree", FLAG,
        "1 when both sides have a web domain (URL or e-mail) and the registrable domains are equal.";
    DomainConflict => "domain_conflict", FLAG,
        "1 when both sides have a domain and they differ.";
    // Identifiers: the query's 法人番号 (its corporate_number, else its
    // invoice number) against the candidate's id read as one.
    NumberAgree => "number_agree", FLAG,
        "1 when the query's valid 法人番号 is the candidate's id.";
    NumberConflict => "number_conflict", FLAG,
        "1 when the query gives a valid 法人番号, the candidate's id is a valid 法人番号 too, and they differ.";
    NumberElsewhere => "number_elsewhere", FLAG,
        "1 when the query's valid 法人番号 is the id of another row of the table: it names another company than this candidate.";
    NumberNear => "number_near", FLAG,
        "1 when the query's number (valid or not) is one digit substitution or adjacent swap from the candidate's id.";
    NumberInvalid => "number_invalid", FLAG,
        "1 when the query's number has a wrong check digit (the same for every candidate): a mistyped number, weak evidence.";
    // The table.
    CoreRarity => "core_rarity", UNIT,
        "1 / (1 + ln n), n = rows of the table with the candidate's name core (homonyms; 1 for a unique name).";
    EnglishRarity => "english_rarity", UNIT,
        "1 / (1 + ln n), n = rows of the table with the candidate's English name (compared without case, spaces or Latin legal form); 1 for a unique English name, and when the English names are not compared (the query is not Latin, or the candidate has none).";
    // Retrieval.
    RetrievalScore => "retrieval_score", UNIT,
        "The retrieval score / 3, clamped (its maximum is 2.85 without a number, 3.85 with one).";
    RetrievalNameSimilarity => "retrieval_name_similarity", UNIT,
        "Retrieval's name similarity (best IDF-weighted n-gram cosine over name, reading and English).";
    RankReciprocal => "rank_reciprocal", UNIT,
        "1 / (1 + rank), rank = the candidate's 0-based position in the candidate list.";
    ScoreGap => "score_gap", SIGNED,
        "(this score - the best other candidate's score) / 3, clamped; the best other score is 0 when the candidate is alone.";
    PathExactName => "path_exact_name", FLAG,
        "1 when retrieval found the candidate by its exact name core.";
    PathNameGrams => "path_name_grams", FLAG,
        "1 when found by name character n-grams.";
    PathReading => "path_reading", FLAG,
        "1 when found by reading n-grams.";
    PathEnglish => "path_english", FLAG,
        "1 when found by English-name n-grams.";
    PathPhone => "path_phone", FLAG,
        "1 when found by phone number.";
    PathDomain => "path_domain", FLAG,
        "1 when found by web domain.";
    PathPlace => "path_place", FLAG,
        "1 when the candidate lies in the query's prefecture or city (retrieval's place flag).";
    PathNumber => "path_number", FLAG,
        "1 when found by the query's 法人番号 (its row, or one slip from a number with a wrong check digit).";
    // The candidate set.
    EvidenceTie => "evidence_tie", FLAG,
        "1 when another candidate compares with the query exactly as this one does: the same value for every feature but the retrieval ones (retrieval_score to path_number) and this one, where a reading or English name only one of the two has is missing data, not a difference. Nothing the query says tells the two apart.";
}

impl Feature {
    /// This feature's specification.
    #[must_use]
    pub fn spec(self) -> &'static FeatureSpec {
        static SPECS: [FeatureSpec; FEATURE_COUNT] = FEATURES;
        &SPECS[self as usize]
    }
}

/// The position of the feature called `name`.
#[must_use]
pub fn feature_index(name: &str) -> Option<usize> {
    FEATURES.iter().position(|f| f.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_snake_case_and_ranges_sane() {
        let mut names: Vec<&str> = FEATURES.iter().map(|f| f.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), FEATURE_COUNT);
        for spec in &FEATURES {
            assert!(
                spec.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_'),
                "{}",
                spec.name
            );
            assert!(spec.range.min < spec.range.max, "{}", spec.name);
            assert!(!spec.meaning.is_empty());
        }
    }

    #[test]
    fn enum_and_table_agree() {
        assert_eq!(Feature::NameExact.spec().name, "name_exact");
        assert_eq!(Feature::EvidenceTie as usize, FEATURE_COUNT - 1);
        assert_eq!(feature_index("score_gap"), Some(Feature::ScoreGap as usize));
        assert_eq!(feature_index("nope"), None);
    }
}
