//! The training noise model: determinism, the zero configuration, each kind
//! forced on suitable rows, and robustness on arbitrary rows.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use nayose::normalize::{normalize_english, normalize_name, parse_address, registrable_domain};
use nayose::source::CompanyRecord;
use nayose_train::noise::{ClientRecord, NoiseConfig, NoiseKind, NoiseModel, NoiseRng};
use proptest::prelude::*;

fn row(
    id: &str,
    name: &str,
    kana: Option<&str>,
    en: Option<&str>,
    address: Option<&str>,
    phone: Option<&str>,
    url: Option<&str>,
) -> CompanyRecord {
    CompanyRecord {
        id: id.into(),
        name: name.into(),
        name_kana: kana.map(Into::into),
        name_en: en.map(Into::into),
        postal_code: None,
        address: address.map(Into::into),
        phone: phone.map(Into::into),
        url: url.map(Into::into),
        updated_at: None,
    }
}

fn rows() -> Vec<CompanyRecord> {
    vec![
        row(
            "1",
            "株式会社サカタのタネ",
            Some("サカタノタネカブシキガイシャ"),
            Some("SAKATA SEED CORPORATION"),
            Some("神奈川県横浜市都筑区仲町台2-7-1"),
            Some("045-945-8800"),
            Some("https://www.sakataseed.co.jp/"),
        ),
        row(
            "2",
            "五洋建設株式会社",
            Some("ゴヨウケンセツカブシキガイシャ"),
            Some("PENTA-OCEAN CONSTRUCTION CO.,LTD."),
            Some("東京都文京区後楽二丁目２番８号"),
            Some("03-3816-7111"),
            Some("http://www.penta-ocean.co.jp"),
        ),
        row(
            "3",
            "カネコ種苗株式会社",
            Some("カネコシュビョウカブシキガイシャ"),
            Some("KANEKO SEEDS CO., LTD."),
            Some("群馬県前橋市古市町1-50-12"),
            Some("027-251-1611"),
            Some("https://www.kanekoseeds.jp/"),
        ),
        row(
            "4",
            "有限会社髙橋工務店",
            Some("ユウゲンガイシャタカハシコウムテン"),
            None,
            Some("長野県長野市南堀138-1"),
            Some("026-243-0000"),
            None,
        ),
        row(
            "5",
            "ウシオ電機株式会社",
            Some("ウシオデンキカブシキガイシャ"),
            Some("USHIO INC."),
            Some("東京都千代田区丸の内一丁目６番５号"),
            Some("0332421811"),
            Some("www.ushio.co.jp"),
        ),
        row(
            "6",
            "一般社団法人日本・データ協会",
            Some("イッパンシャダンホウジンニホンデータキョウカイ"),
            None,
            Some("大阪府大阪市北区梅田3-1-3"),
            Some("06-1234-5678"),
            None,
        ),
    ]
}

fn corrupt_all(config: NoiseConfig, seed: u64) -> Vec<ClientRecord> {
    let model = NoiseModel::new(config);
    let mut rng = NoiseRng::new(seed);
    let rows = rows();
    let mut out = Vec::new();
    for _ in 0..20 {
        for (i, r) in rows.iter().enumerate() {
            let donor = &rows[(i + 1) % rows.len()];
            out.push(model.corrupt(r, Some(donor), &mut rng));
        }
    }
    out
}

/// Corrupts `r` under `config` with seeds 0..n.
fn many(config: &NoiseConfig, r: &CompanyRecord, n: u64) -> Vec<ClientRecord> {
    let model = NoiseModel::new(config.clone());
    (0..n)
        .map(|seed| model.corrupt(r, None, &mut NoiseRng::new(seed)))
        .collect()
}

fn digits(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_u32(c as u32 - 0xFEE0),
            _ => None,
        })
        .collect()
}

#[test]
fn same_seed_same_records_other_seed_other_records() {
    let a = corrupt_all(NoiseConfig::default(), 7);
    let b = corrupt_all(NoiseConfig::default(), 7);
    assert_eq!(a, b);
    let c = corrupt_all(NoiseConfig::default(), 8);
    let differing = a.iter().zip(&c).filter(|(x, y)| x != y).count();
    assert!(differing > a.len() / 4, "{differing} of {}", a.len());
}

#[test]
fn zero_rates_copy_the_row() {
    for (i, r) in rows().iter().enumerate() {
        let donor = &rows()[(i + 1) % 6];
        for seed in 0..20 {
            let c = NoiseModel::new(NoiseConfig::none()).corrupt(
                r,
                Some(donor),
                &mut NoiseRng::new(seed),
            );
            assert_eq!(c.name, r.name);
            assert_eq!(c.address, r.address);
            assert_eq!(c.phone, r.phone);
            assert_eq!(c.url, r.url);
            assert!(c.kinds.is_empty());
        }
    }
}

#[test]
fn defaults_are_mostly_mild_with_a_tail() {
    let records = corrupt_all(NoiseConfig::default(), 1);
    let rows = rows();
    let same_name = records
        .iter()
        .enumerate()
        .filter(|(i, c)| c.name == rows[i % rows.len()].name)
        .count();
    assert!(
        same_name * 10 >= records.len() * 3,
        "{same_name} of {}",
        records.len()
    );
    assert!(same_name < records.len());
    let kinds: std::collections::BTreeSet<NoiseKind> = records
        .iter()
        .flat_map(|c| c.kinds.iter().copied())
        .collect();
    assert!(kinds.len() >= 10, "{kinds:?}");
}

#[test]
fn config_round_trips_and_names_kinds() {
    let c = NoiseConfig::default().with(NoiseKind::Kana, 0.5);
    assert_eq!(c.rate(NoiseKind::Kana), 0.5);
    for k in NoiseKind::ALL {
        assert_eq!(NoiseKind::from_name(k.name()), Some(k));
    }
}

#[test]
fn legal_form_respelling_keeps_core_and_form() {
    let mut cfg = NoiseConfig::none().with(NoiseKind::LegalForm, 1.0);
    cfg.legal_form_drop = 0.0;
    cfg.legal_form_move = 0.0;
    for r in rows() {
        let orig = normalize_name(&r.name);
        let mut spellings = std::collections::BTreeSet::new();
        for c in many(&cfg, &r, 30) {
            assert!(c.has(NoiseKind::LegalForm), "{}", c.name);
            assert_ne!(c.name, r.name);
            let n = normalize_name(&c.name);
            assert_eq!(n.core, orig.core, "{} → {}", r.name, c.name);
            assert_eq!(n.legal_form, orig.legal_form, "{}", c.name);
            assert_eq!(
                n.legal_form_position, orig.legal_form_position,
                "{}",
                c.name
            );
            spellings.insert(c.name);
        }
        assert!(spellings.len() >= 2, "{spellings:?}");
    }
}

#[test]
fn legal_form_moves_and_drops() {
    let mut moved = NoiseConfig::none().with(NoiseKind::LegalForm, 1.0);
    moved.legal_form_drop = 0.0;
    moved.legal_form_move = 1.0;
    let mut dropped = moved.clone();
    dropped.legal_form_drop = 1.0;
    dropped.legal_form_move = 0.0;
    for r in rows() {
        let orig = normalize_name(&r.name);
        for c in many(&moved, &r, 10) {
            let n = normalize_name(&c.name);
            assert_eq!(n.core, orig.core, "{}", c.name);
            assert_ne!(
                n.legal_form_position, orig.legal_form_position,
                "{}",
                c.name
            );
        }
        for c in many(&dropped, &r, 10) {
            let n = normalize_name(&c.name);
            assert_eq!(n.core, orig.core, "{}", c.name);
            assert_eq!(n.legal_form, None, "{}", c.name);
        }
    }
}

#[test]
fn width_and_spacing_keep_the_core() {
    let cfg = NoiseConfig::none().with(NoiseKind::WidthSpacing, 1.0);
    let mut half = 0;
    for r in rows() {
        let orig = normalize_name(&r.name).core;
        for c in many(&cfg, &r, 30) {
            assert!(c.has(NoiseKind::WidthSpacing), "{}", c.name);
            assert_ne!(c.name, r.name);
            assert_eq!(
                normalize_name(&c.name).core,
                orig,
                "{} → {}",
                r.name,
                c.name
            );
            half += usize::from(
                c.name
                    .chars()
                    .any(|ch| ('\u{FF66}'..='\u{FF9F}').contains(&ch)),
            );
        }
    }
    assert!(half > 10, "{half}");
}

fn is_kana_text(s: &str) -> bool {
    s.chars().all(|c| {
        matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | 'ー' | '・'
            | '\u{FF66}'..='\u{FF9F}' | '･' | '(' | ')' | ' ')
    })
}

#[test]
fn kana_gives_kana_only() {
    let cfg = NoiseConfig::none().with(NoiseKind::Kana, 1.0);
    let mut styles = std::collections::BTreeSet::new();
    for r in rows() {
        for c in many(&cfg, &r, 40) {
            assert!(c.has(NoiseKind::Kana));
            assert!(is_kana_text(&c.name), "{}", c.name);
            styles.insert(
                if c.name.contains(['ｶ', 'ﾕ', 'ｼ']) && c.name.contains(['(', ')']) {
                    "bank"
                } else if c
                    .name
                    .chars()
                    .any(|ch| ('\u{3041}'..='\u{3096}').contains(&ch))
                {
                    "hiragana"
                } else if c
                    .name
                    .chars()
                    .any(|ch| ('\u{FF66}'..='\u{FF9F}').contains(&ch))
                {
                    "half"
                } else {
                    "katakana"
                },
            );
        }
    }
    assert_eq!(styles.len(), 4, "{styles:?}");
}

#[test]
fn english_keeps_the_english_core() {
    let cfg = NoiseConfig::none().with(NoiseKind::English, 1.0);
    for r in rows() {
        for c in many(&cfg, &r, 20) {
            match r.name_en.as_deref() {
                Some(en) => {
                    assert!(c.has(NoiseKind::English));
                    assert!(c.name.is_ascii(), "{}", c.name);
                    assert_eq!(
                        normalize_english(&c.name).core,
                        normalize_english(en).core,
                        "{en} → {}",
                        c.name
                    );
                }
                None => assert_eq!(c.name, r.name),
            }
        }
    }
}

#[test]
fn english_names_often_come_without_contacts() {
    let mut cfg = NoiseConfig::none().with(NoiseKind::English, 1.0);
    cfg.english_name_only = 0.5;
    let (mut english, mut bare) = (0usize, 0usize);
    for r in rows()
        .iter()
        .filter(|r| r.name_en.is_some() && r.address.is_some())
    {
        for c in many(&cfg, r, 200) {
            english += 1;
            if c.address.is_none() && c.phone.is_none() && c.url.is_none() {
                assert!(c.has(NoiseKind::NameOnly), "{c:?}");
                bare += 1;
            }
        }
    }
    assert!(english > 0);
    let share = bare as f64 / english as f64;
    assert!((0.4..0.6).contains(&share), "{share}");
    // Off: the contacts stay.
    cfg.english_name_only = 0.0;
    for r in rows()
        .iter()
        .filter(|r| r.name_en.is_some() && r.address.is_some())
    {
        assert!(many(&cfg, r, 50).iter().all(|c| c.address.is_some()));
    }
}

#[test]
fn branch_is_appended() {
    let cfg = NoiseConfig::none().with(NoiseKind::Branch, 1.0);
    for r in rows() {
        for c in many(&cfg, &r, 20) {
            assert!(c.has(NoiseKind::Branch));
            assert!(c.name.starts_with(&r.name), "{}", c.name);
            assert!(c.name.chars().count() > r.name.chars().count());
        }
    }
}

#[test]
fn variant_kanji_ocr_and_typos_touch_characters() {
    let cfg = NoiseConfig::none().with(NoiseKind::VariantKanji, 1.0);
    let r = &rows()[3]; // 髙橋工務店
    for c in many(&cfg, r, 20) {
        assert!(c.has(NoiseKind::VariantKanji));
        assert_ne!(c.name, r.name);
        assert_eq!(c.name.chars().count(), r.name.chars().count());
    }
    // No variant in the name: nothing happens.
    let c = &many(&cfg, &rows()[0], 1)[0];
    assert_eq!(c.name, rows()[0].name);

    let cfg = NoiseConfig::none().with(NoiseKind::Ocr, 1.0);
    let r = &rows()[2]; // カネコ
    for c in many(&cfg, r, 20) {
        assert!(c.has(NoiseKind::Ocr));
        assert_ne!(c.name, r.name);
        assert_eq!(c.name.chars().count(), r.name.chars().count());
    }

    let cfg = NoiseConfig::none().with(NoiseKind::Typo, 1.0);
    for r in rows() {
        let n = r.name.chars().count();
        let mut changed = 0;
        for c in many(&cfg, &r, 20) {
            let m = c.name.chars().count();
            assert!(m + 1 >= n && m <= n + 1, "{}", c.name);
            changed += usize::from(c.name != r.name);
        }
        assert!(changed >= 15, "{changed}");
    }
}

#[test]
fn abbreviation_shortens() {
    let cfg = NoiseConfig::none().with(NoiseKind::Abbreviation, 1.0);
    for r in rows() {
        let core = normalize_name(&r.name).core;
        for c in many(&cfg, &r, 20) {
            assert!(c.has(NoiseKind::Abbreviation), "{}", c.name);
            let short = normalize_name(&c.name).core;
            assert!(short.chars().count() < core.chars().count(), "{}", c.name);
            assert!(core.contains(&short), "{core} / {short}");
        }
    }
}

#[test]
fn addresses_change_notation_or_go() {
    let cfg = NoiseConfig::none().with(NoiseKind::AddressNotation, 1.0);
    for r in rows() {
        let orig = parse_address(r.address.as_deref().unwrap());
        for c in many(&cfg, &r, 20) {
            let a = c.address.unwrap();
            assert!(c.kinds.contains(&NoiseKind::AddressNotation));
            assert_ne!(Some(a.as_str()), r.address.as_deref());
            let p = parse_address(&a);
            assert_eq!(p.town, orig.town, "{a}");
            assert_eq!(p.chome, orig.chome, "{a}");
        }
    }
    let cfg = NoiseConfig::none().with(NoiseKind::AddressDropped, 1.0);
    assert!(
        many(&cfg, &rows()[0], 5)
            .iter()
            .all(|c| c.address.is_none())
    );
    let cfg = NoiseConfig::none().with(NoiseKind::AddressTruncated, 1.0);
    for c in many(&cfg, &rows()[0], 5) {
        assert_eq!(c.address.as_deref(), Some("神奈川県横浜市都筑区"));
    }
}

#[test]
fn phone_formats_keep_the_digits() {
    let cfg = NoiseConfig::none().with(NoiseKind::PhoneFormat, 1.0);
    let mut intl = 0;
    for r in rows() {
        let d = digits(r.phone.as_deref().unwrap());
        for c in many(&cfg, &r, 30) {
            let p = c.phone.unwrap();
            assert!(c.kinds.contains(&NoiseKind::PhoneFormat));
            assert_ne!(Some(p.as_str()), r.phone.as_deref());
            if p.starts_with("+81") {
                intl += 1;
                assert_eq!(digits(&p), format!("81{}", &d[1..]), "{p}");
            } else {
                assert_eq!(digits(&p), d, "{p}");
            }
        }
    }
    assert!(intl > 0);
    let cfg = NoiseConfig::none().with(NoiseKind::PhoneDropped, 1.0);
    assert!(many(&cfg, &rows()[0], 5).iter().all(|c| c.phone.is_none()));
    let cfg = NoiseConfig::none().with(NoiseKind::PhoneOther, 1.0);
    for c in many(&cfg, &rows()[1], 10) {
        let p = c.phone.unwrap();
        assert!(p.starts_with("03-3816-"), "{p}");
        assert_ne!(digits(&p), "0338167111");
    }
}

#[test]
fn urls_change_form_or_go() {
    let r = &rows()[0];
    let domain = registrable_domain(r.url.as_deref().unwrap());
    let cfg = NoiseConfig::none().with(NoiseKind::UrlFormat, 1.0);
    for c in many(&cfg, r, 20) {
        let u = c.url.unwrap();
        assert_ne!(Some(u.as_str()), r.url.as_deref());
        assert_eq!(registrable_domain(&u), domain, "{u}");
    }
    let cfg = NoiseConfig::none().with(NoiseKind::UrlEmail, 1.0);
    for c in many(&cfg, r, 5) {
        let u = c.url.unwrap();
        assert!(u.contains('@'), "{u}");
        assert_eq!(registrable_domain(&u), domain, "{u}");
    }
    let cfg = NoiseConfig::none().with(NoiseKind::UrlDropped, 1.0);
    assert!(many(&cfg, r, 5).iter().all(|c| c.url.is_none()));
}

#[test]
fn renamed_takes_the_donor_name_and_keeps_address_and_phone() {
    let cfg = NoiseConfig {
        clean: 0.0,
        ..NoiseConfig::default()
    }
    .with(NoiseKind::Renamed, 1.0);
    let model = NoiseModel::new(cfg);
    let rows = rows();
    for seed in 0..30 {
        let c = model.corrupt(&rows[0], Some(&rows[2]), &mut NoiseRng::new(seed));
        assert!(c.has(NoiseKind::Renamed));
        assert!(c.address.is_some() && c.phone.is_some());
        assert!(!c.has(NoiseKind::AddressDropped) && !c.has(NoiseKind::PhoneDropped));
    }
    let only = NoiseModel::new(NoiseConfig::none().with(NoiseKind::Renamed, 1.0));
    let c = only.corrupt(&rows[0], Some(&rows[2]), &mut NoiseRng::new(1));
    assert_eq!(c.name, "株式会社カネコ種苗");
    assert_eq!(c.address, rows[0].address);
    // The donor is the row itself: nothing to rename to.
    let c = only.corrupt(&rows[0], Some(&rows[0]), &mut NoiseRng::new(1));
    assert_eq!(c.name, rows[0].name);
}

#[test]
fn as_query_borrows_the_fields() {
    let c = corrupt_all(NoiseConfig::default(), 3).remove(0);
    let q = c.as_query();
    assert_eq!(q.name, c.name);
    assert_eq!(q.address, c.address.as_deref());
    assert_eq!(q.phone, c.phone.as_deref());
    assert_eq!(q.url, c.url.as_deref());
}

fn all_on() -> NoiseConfig {
    let mut c = NoiseConfig::none();
    for k in NoiseKind::ALL {
        c.set_rate(k, 1.0);
    }
    c.legal_form_bare = 0.5;
    c
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "\\PC{0,40}",
        "[ァ-ヶー株式会社㈱()（）0-9a-zA-Z 　・-]{0,30}",
        "(株式会社|㈱|有限会社)?[ァ-ヶ髙﨑邊カロー]{0,10}(株式会社|（株）)?",
        "[😀-🙏]{0,5}",
        "\\PC{200,400}",
    ]
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    prop_oneof![Just(None), text().prop_map(Some)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn corrupt_never_panics_nor_empties_the_name(
        id in text(), name in text(), kana in opt_text(), en in opt_text(),
        address in opt_text(), phone in opt_text(), url in opt_text(),
        donor_name in text(), seed in any::<u64>(), every in any::<bool>(),
    ) {
        let r = CompanyRecord {
            id, name, name_kana: kana, name_en: en, postal_code: phone.clone(),
            address, phone, url, updated_at: None,
        };
        let donor = CompanyRecord { id: "donor".into(), name: donor_name, ..CompanyRecord::default() };
        let config = if every { all_on() } else { NoiseConfig::default() };
        let model = NoiseModel::new(config);
        let mut rng = NoiseRng::new(seed);
        for _ in 0..3 {
            let c = model.corrupt(&r, Some(&donor), &mut rng);
            prop_assert!(!c.name.trim().is_empty());
        }
    }
}
