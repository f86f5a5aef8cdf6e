//! Property tests for the normalisers: total (never panic), idempotent,
//! never much longer than their input.

use nayose::normalize::text::{FoldMode, fold};
use nayose::normalize::{
    normalize_english, normalize_name, normalize_phone, normalize_reading, parse_address,
    registrable_domain,
};
use proptest::prelude::*;

/// Pieces that real names and addresses are made of, so that random
/// strings hit the interesting code paths (legal forms, branches, brackets,
/// numbers, dashes, half-width kana, variant kanji…).
const PIECES: &[&str] = &[
    "株式会社",
    "(株)",
    "（株）",
    "㈱",
    "㍿",
    "有限会社",
    "(有)",
    "合同会社",
    "一般社団法人",
    "医療法人社団",
    "カブシキガイシャ",
    "ｶ)",
    "(ｶ",
    ")ｶ",
    "ﾕ)",
    "Co., Ltd.",
    "CORP.",
    "Inc.",
    "K.K.",
    "kk",
    "LLC",
    "co",
    "支店",
    "本社",
    "本店",
    "営業所",
    "センター",
    "研究所",
    "工場",
    "営業部",
    "課",
    "御中",
    "様",
    "ご担当者",
    "東京",
    "横浜",
    "大阪",
    "関西",
    "東京都",
    "神奈川県",
    "横浜市都筑区",
    "千代田区",
    "府中市",
    "北区",
    "上川郡東神楽町",
    "東神楽町",
    "龍ケ崎市",
    "竜ヶ崎",
    "塩釜市",
    "丸の内",
    "霞が関",
    "大字",
    "字",
    "サカタのタネ",
    "ｻｶﾀﾉﾀﾈ",
    "さかたのたね",
    "ソニー",
    "ｿﾆｰ",
    "データ",
    "日本",
    "髙",
    "﨑",
    "邊",
    "龍",
    "𠮷",
    "ABC",
    "ａｂｃ",
    "Ａ",
    "&",
    "＆",
    "and",
    "the",
    "THE",
    "一",
    "二",
    "十",
    "百",
    "千",
    "〇",
    "丁目",
    "番地",
    "番",
    "号",
    "の",
    "-",
    "－",
    "ー",
    "ｰ",
    "―",
    "〜",
    "～",
    "1",
    "23",
    "４５",
    "0",
    "〒",
    "224-8520",
    "2248520",
    "+81",
    "(0)",
    "03",
    "090",
    "0120",
    "内線",
    " ",
    "　",
    "\t",
    "・",
    "(",
    ")",
    "（",
    "）",
    "【",
    "】",
    "[",
    "]",
    ".",
    ",",
    "'",
    "/",
    "@",
    "://",
    "www.",
    "http",
    "co.jp",
    ".com",
    "lg.jp",
    "゛",
    "゙",
    "ﾞ",
    "ﾟ",
    "\u{3099}",
    "\u{301}",
    "ゝ",
    "ゞ",
    "ヽ",
    "ヾ",
    "々",
    "İ",
    "ß",
    "ﬁ",
    "﷽",
    "①",
    "㌔",
    "é",
];

fn vocab() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..12).prop_map(|v| v.concat())
}

fn mixed() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => vocab(),
        2 => any::<String>(),
        1 => prop::collection::vec(any::<u8>(), 0..64)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        1 => "[\u{300}-\u{36f}\u{3099}\u{309a}a-zｱ-ﾝﾞﾟ ー-]{0,40}",
    ]
}

/// 1,500 cases by default; `PROPTEST_CASES` overrides.
fn proptest_cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1500)
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

fn bounded(out: usize, input: &str) -> bool {
    out <= 4 * chars(input) + 4
}

proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(proptest_cases())
    })]

    #[test]
    fn fold_is_idempotent(s in mixed()) {
        for mode in [FoldMode::Name, FoldMode::Address] {
            let once = fold(&s, mode);
            prop_assert_eq!(&fold(&once, mode), &once);
            prop_assert!(bounded(chars(&once), &s));
        }
    }

    #[test]
    fn name_is_idempotent(s in mixed()) {
        let n = normalize_name(&s);
        let again = normalize_name(&n.core);
        prop_assert_eq!(&again.core, &n.core, "input {:?}", s);
        prop_assert!(bounded(chars(&n.core), &s));
        if let Some(b) = &n.branch {
            prop_assert!(bounded(chars(b), &s));
        }
    }

    #[test]
    fn reading_is_idempotent(s in mixed()) {
        let r = normalize_reading(&s);
        prop_assert_eq!(&normalize_reading(&r.core).core, &r.core, "input {:?}", s);
        prop_assert!(bounded(chars(&r.core), &s));
    }

    #[test]
    fn english_is_idempotent(s in mixed()) {
        let e = normalize_english(&s);
        prop_assert_eq!(&normalize_english(&e.core).core, &e.core, "input {:?}", s);
        // `&` becomes ` and `: at most five characters for one.
        prop_assert!(chars(&e.core) <= 5 * chars(&s) + 4);
    }

    #[test]
    fn address_is_idempotent(s in mixed()) {
        let a = parse_address(&s);
        let text = a.to_string();
        prop_assert_eq!(&parse_address(&text), &a, "input {:?} → {:?}", s, text);
        prop_assert!(bounded(chars(&text), &s) || chars(&text) <= chars(&s) + 12);
    }

    #[test]
    fn phone_is_idempotent(s in mixed()) {
        if let Some(p) = normalize_phone(&s) {
            let again = normalize_phone(&p.digits);
            prop_assert_eq!(again.as_ref().map(|a| a.digits.as_str()), Some(p.digits.as_str()), "input {:?}", s);
            prop_assert!(p.digits.len() <= s.len() + 1);
        }
    }

    #[test]
    fn domain_is_idempotent(s in mixed()) {
        if let Some(d) = registrable_domain(&s) {
            let again = registrable_domain(&d);
            prop_assert_eq!(again.as_deref(), Some(d.as_str()), "input {:?}", s);
            prop_assert!(bounded(chars(&d), &s));
        }
    }
}

#[test]
fn long_inputs_do_not_panic() {
    let long: String = PIECES.iter().cycle().take(2000).copied().collect();
    let ten_k: String = long.chars().take(10_000).collect();
    let marks: String = std::iter::repeat_n('\u{301}', 10_000).collect();
    let kana: String = std::iter::repeat_n("ｶﾞ", 5_000).collect();
    for s in [&ten_k, &marks, &kana] {
        let n = normalize_name(s);
        assert_eq!(normalize_name(&n.core).core, n.core);
        let _ = normalize_reading(s);
        let _ = normalize_english(s);
        let a = parse_address(s);
        assert_eq!(parse_address(&a.to_string()), a);
        let _ = normalize_phone(s);
        let _ = registrable_domain(s);
    }
}
