//! Business words at the end of a name core: `ホールディングス`, `証券`,
//! `工業`, `グループ` … They say what a company does or how a group is
//! built, not which company it is, and in the real company list they are
//! where related companies differ: `マネックス証券` and
//! `マネックスファイナンス` are two companies at one address, as are
//! `モリタホールディングス` and `パルグループホールディングス`. Character
//! similarities of whole cores see a long shared word and call such names
//! close; the stem (the core without its business words) and the words
//! themselves tell them apart.

/// Business words as they stand in a normalised core (NFKC, Latin letters
/// in lower case), longest first where one ends another.
const BUSINESS_WORDS: [&str; 96] = [
    "ホールディングス",
    "ホールディング",
    "アセットマネジメント",
    "インベストメンツ",
    "フィナンシャル",
    "ファイナンシャル",
    "ファイナンス",
    "キャピタル",
    "マネジメント",
    "リーシング",
    "リース",
    "コーポレーション",
    "カンパニー",
    "インターナショナル",
    "グローバル",
    "ジャパン",
    "グループ",
    "サービシーズ",
    "サービス",
    "システムズ",
    "システム",
    "ソリューションズ",
    "ソリューション",
    "テクノロジーズ",
    "テクノロジー",
    "エンジニアリング",
    "コンサルティング",
    "ネットワークス",
    "ネットワーク",
    "パートナーズ",
    "マーケティング",
    "ロジスティクス",
    "エンタープライズ",
    "エンターテインメント",
    "コミュニケーションズ",
    "ラボ",
    "holdings",
    "holding",
    "hd",
    "group",
    "japan",
    "損害保険",
    "生命保険",
    "保険",
    "生命",
    "信用金庫",
    "信用組合",
    "銀行",
    "信託",
    "証券",
    "不動産",
    "商事",
    "物産",
    "産業",
    "工業",
    "興業",
    "鋼業",
    "窯業",
    "建設",
    "工務店",
    "製作所",
    "製造",
    "電機",
    "電気",
    "電子",
    "電工",
    "化学",
    "化成",
    "製薬",
    "薬品",
    "食品",
    "製菓",
    "水産",
    "運輸",
    "物流",
    "倉庫",
    "海運",
    "開発",
    "商会",
    "商店",
    "販売",
    "通商",
    "貿易",
    "印刷",
    "出版",
    "技研",
    "精機",
    "機械",
    "工機",
    "金属",
    "総研",
    "研究所",
    "設計",
    "設備",
    "自動車",
    "総合",
];

/// Fewest characters a stem keeps: a core that is a business word and
/// little more (`総合商事`) is not split.
const MIN_STEM_CHARS: usize = 2;

/// A core split into its stem and the business words it ends with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StemAndWords<'a> {
    /// The core without its trailing business words.
    pub stem: &'a str,
    /// The trailing business words, as written (`化学工業`), empty when none.
    pub words: &'a str,
}

/// Splits `core` into its stem and the business words it ends with, taking
/// words off the end while at least [`MIN_STEM_CHARS`] characters remain.
#[must_use]
pub fn split_business_words(core: &str) -> StemAndWords<'_> {
    let mut stem = core;
    'strip: loop {
        for word in BUSINESS_WORDS {
            if let Some(rest) = stem.strip_suffix(word)
                && rest.chars().count() >= MIN_STEM_CHARS
            {
                stem = rest;
                continue 'strip;
            }
        }
        break;
    }
    StemAndWords {
        stem,
        words: &core[stem.len()..],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(core: &str) -> (&str, &str) {
        let s = split_business_words(core);
        (s.stem, s.words)
    }

    #[test]
    fn trailing_business_words_are_split_off() {
        assert_eq!(split("マネックス証券"), ("マネックス", "証券"));
        assert_eq!(
            split("パルグループホールディングス"),
            ("パル", "グループホールディングス")
        );
        assert_eq!(split("積水化学工業"), ("積水", "化学工業"));
        assert_eq!(split("adワークスグループ"), ("adワークス", "グループ"));
        assert_eq!(split("サカタのタネ"), ("サカタのタネ", ""));
        // A stem keeps two characters at least.
        assert_eq!(split("総合商事"), ("総合", "商事"));
        assert_eq!(split("東工業"), ("東工業", ""));
        assert_eq!(split("abcholdings"), ("abc", "holdings"));
    }

    #[test]
    fn every_word_is_written_as_normalised_cores_are() {
        for word in BUSINESS_WORDS {
            assert_eq!(word.to_lowercase(), word, "{word}");
            assert!(!word.chars().any(char::is_whitespace), "{word}");
            let core = crate::normalize::normalize_name(&format!("株式会社テスト{word}")).core;
            assert!(core.ends_with(word), "{word}: {core}");
        }
    }
}
