//! The feature vector on hand-made (query, company) pairs, over a real
//! index, and its ranges on random inputs.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail by panicking

use nayose::CompanyRecord;
use nayose::features::{
    FEATURE_COUNT, FEATURES, Feature, FeatureVector, PreparedQuery, candidate_features,
};
use nayose::index::{Candidate, Index, Paths, QueryText, RetrievalConfig};
use proptest::prelude::*;

fn company(id: &str, name: &str, address: &str, phone: &str) -> CompanyRecord {
    let some = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    CompanyRecord {
        id: id.into(),
        name: name.into(),
        address: some(address),
        phone: some(phone),
        ..Default::default()
    }
}

fn sakata() -> CompanyRecord {
    CompanyRecord {
        name_kana: Some("カブシキガイシャ サカタノタネ".into()),
        name_en: Some("SAKATA SEED CORPORATION".into()),
        postal_code: Some("224-8520".into()),
        url: Some("https://www.sakata-netshop.com/".into()),
        ..company(
            "1",
            "株式会社サカタのタネ",
            "神奈川県横浜市都筑区仲町台2-7-1",
            "045-945-8800",
        )
    }
}

fn table() -> Vec<CompanyRecord> {
    let mut rows = vec![
        sakata(),
        company(
            "2",
            "カネコ種苗株式会社",
            "群馬県前橋市古市町1-50-12",
            "027-251-1611",
        ),
        company("3", "有限会社山田工務店", "東京都世田谷区三軒茶屋1-1-1", ""),
    ];
    for (i, place) in [
        "北海道札幌市中央区北一条西2-1",
        "宮城県仙台市青葉区国分町1-1",
        "愛知県名古屋市中区栄1-1",
        "大阪府大阪市北区梅田1-1",
        "福岡県福岡市博多区博多駅前1-1",
    ]
    .into_iter()
    .enumerate()
    {
        rows.push(company(&format!("y{i}"), "株式会社山田工務店", place, ""));
    }
    rows
}

fn index() -> Index {
    Index::from_records(&table(), RetrievalConfig::default())
}

/// The features of `query` against the company `id` alone, as if retrieval
/// had returned it first with `score`.
fn pair(index: &Index, query: QueryText<'_>, id: &str) -> FeatureVector {
    let row = index.find(id).expect("id in the table");
    let candidate = Candidate {
        row,
        score: 1.0,
        name_similarity: 1.0,
        paths: Paths::EXACT_NAME,
        tie_order: 0,
    };
    candidate_features(&PreparedQuery::new(query), index, &[candidate])[0]
}

/// [`pair`] for a query that is a name alone.
fn by_name(index: &Index, name: &str, id: &str) -> FeatureVector {
    pair(
        index,
        QueryText {
            name,
            ..Default::default()
        },
        id,
    )
}

/// A company with an English name and nothing else but its name.
fn with_english(id: &str, name: &str, en: &str) -> CompanyRecord {
    CompanyRecord {
        name_en: Some(en.into()),
        ..company(id, name, "", "")
    }
}

fn at(v: &FeatureVector, f: Feature) -> f32 {
    v[f as usize]
}

fn in_range(v: &FeatureVector) -> Result<(), String> {
    for (value, spec) in v.iter().zip(FEATURES.iter()) {
        if !spec.range.contains(*value) {
            return Err(format!("{} = {value} outside {:?}", spec.name, spec.range));
        }
    }
    Ok(())
}

#[test]
fn the_schema_and_the_vectors_have_one_length() {
    assert_eq!(FEATURES.len(), FEATURE_COUNT);
    assert_eq!(Feature::EvidenceTie as usize + 1, FEATURE_COUNT);
    let v = pair(
        &index(),
        QueryText {
            name: "サカタのタネ",
            ..Default::default()
        },
        "1",
    );
    assert_eq!(v.len(), FEATURES.len());
}

#[test]
fn an_exact_match_agrees_on_everything() {
    let index = index();
    let v = pair(
        &index,
        QueryText {
            name: "株式会社サカタのタネ",
            address: Some("〒224-8520 神奈川県横浜市都筑区仲町台2丁目7番1号"),
            phone: Some("045-945-8800"),
            url: Some("info@sakata-netshop.com"),
            ..Default::default()
        },
        "1",
    );
    in_range(&v).unwrap();
    for f in [
        Feature::NameExact,
        Feature::NameJaroWinkler,
        Feature::NameDamerau,
        Feature::NameBigramDice,
        Feature::NameCharJaccard,
        Feature::NameLcsRatio,
        Feature::NameContainment,
        Feature::NameVisual,
        Feature::LegalAgree,
        Feature::LegalPositionAgree,
        Feature::PrefectureAgree,
        Feature::CityAgree,
        Feature::TownAgree,
        Feature::ChomeAgree,
        Feature::BlockAgree,
        Feature::PostalAgree,
        Feature::PhoneExact,
        Feature::DomainAgree,
        Feature::CoreRarity,
        // the core サカタノタネ is kana only: its reading is compared too
        Feature::ReadingCompared,
        Feature::ReadingSimilarity,
    ] {
        assert_eq!(at(&v, f), 1.0, "{}", f.spec().name);
    }
    for f in [
        Feature::NameEmpty,
        Feature::LegalConflict,
        Feature::LegalPositionConflict,
        Feature::PrefectureConflict,
        Feature::CityConflict,
        Feature::TownConflict,
        Feature::ChomeConflict,
        Feature::BlockConflict,
        Feature::PostalConflict,
        Feature::PhoneSameArea,
        Feature::PhoneConflict,
        Feature::DomainConflict,
        // the query is not Latin
        Feature::EnglishCompared,
    ] {
        assert_eq!(at(&v, f), 0.0, "{}", f.spec().name);
    }
}

#[test]
fn missing_evidence_sets_neither_agree_nor_conflict() {
    let v = pair(
        &index(),
        QueryText {
            name: "サカタのタネ",
            ..Default::default()
        },
        "1",
    );
    for spec in FEATURES.iter().filter(|s| {
        s.name.ends_with("_agree") || s.name.ends_with("_conflict") || s.name.starts_with("phone")
    }) {
        let i = nayose::features::feature_index(spec.name).unwrap();
        assert_eq!(v[i], 0.0, "{}", spec.name);
    }
    assert_eq!(at(&v, Feature::NameExact), 1.0);
}

#[test]
fn an_ocr_confusion_costs_little_on_the_visual_distance() {
    // 力 (kanji "power") for カ (katakana ka).
    let v = pair(
        &index(),
        QueryText {
            name: "力ネコ種苗株式会社",
            ..Default::default()
        },
        "2",
    );
    let plain = strsim::normalized_levenshtein("力ネコ種苗", "カネコ種苗") as f32;
    assert!((plain - 0.8).abs() < 1e-6);
    assert!((at(&v, Feature::NameVisual) - 0.95).abs() < 1e-6);
    assert!(at(&v, Feature::NameVisual) > plain);
    assert!(at(&v, Feature::NameVisual) > at(&v, Feature::NameDamerau));
    assert_eq!(at(&v, Feature::NameExact), 0.0);
    // A different character is an ordinary edit.
    let other = pair(
        &index(),
        QueryText {
            name: "タネコ種苗株式会社",
            ..Default::default()
        },
        "2",
    );
    assert!((at(&other, Feature::NameVisual) - 0.8).abs() < 1e-6);
}

#[test]
fn related_companies_differ_in_their_business_words() {
    let rows = vec![
        company("s", "マネックス証券株式会社", "東京都港区赤坂1-12-32", ""),
        company(
            "m",
            "株式会社モリタホールディングス",
            "大阪府大阪市中央区道修町3-6-1",
            "",
        ),
        company("t", "東日本出版株式会社", "", ""),
    ];
    let index = Index::from_records(&rows, RetrievalConfig::default());
    let query = |name| QueryText {
        name,
        ..Default::default()
    };
    // A sibling: the stem is the same, the business words differ.
    let sibling = pair(&index, query("マネックスファイナンス株式会社"), "s");
    assert_eq!(at(&sibling, Feature::NameStemSimilarity), 1.0);
    assert_eq!(at(&sibling, Feature::NameWordConflict), 1.0);
    // Another company sharing only the business word: the whole cores look
    // alike, the stems do not.
    let other = pair(&index, query("株式会社パルグループホールディングス"), "m");
    assert_eq!(at(&other, Feature::NameWordConflict), 1.0);
    assert!(
        at(&other, Feature::NameStemSimilarity) < at(&other, Feature::NameJaroWinkler) - 0.2,
        "{} vs {}",
        at(&other, Feature::NameStemSimilarity),
        at(&other, Feature::NameJaroWinkler)
    );
    // A typo keeps the business word: no conflict, a close stem.
    let typo = pair(&index, query("東曰本出版株式会社"), "t");
    assert_eq!(at(&typo, Feature::NameWordConflict), 0.0);
    assert!(at(&typo, Feature::NameStemSimilarity) > 0.7);
    // A name without its business word (as people shorten it): no conflict.
    let short = pair(&index, query("マネックス"), "s");
    assert_eq!(at(&short, Feature::NameWordConflict), 0.0);
    assert_eq!(at(&short, Feature::NameStemSimilarity), 1.0);
    // Equal cores.
    let exact = pair(&index, query("マネックス証券"), "s");
    assert_eq!(at(&exact, Feature::NameStemSimilarity), 1.0);
    assert_eq!(at(&exact, Feature::NameWordConflict), 0.0);
}

#[test]
fn a_legal_form_conflict_is_flagged() {
    let index = index();
    let query = QueryText {
        name: "株式会社山田工務店",
        ..Default::default()
    };
    let v = pair(&index, query, "3");
    assert_eq!(at(&v, Feature::NameExact), 1.0);
    assert_eq!(at(&v, Feature::LegalConflict), 1.0);
    assert_eq!(at(&v, Feature::LegalAgree), 0.0);
    assert_eq!(at(&v, Feature::LegalPositionAgree), 1.0);
    let v = pair(
        &index,
        QueryText {
            name: "山田工務店(株)",
            ..Default::default()
        },
        "y0",
    );
    assert_eq!(at(&v, Feature::LegalAgree), 1.0);
    assert_eq!(at(&v, Feature::LegalPositionConflict), 1.0);
}

#[test]
fn phones_exact_same_area_and_conflict() {
    let index = index();
    let with_phone = |phone| {
        pair(
            &index,
            QueryText {
                name: "サカタのタネ",
                phone: Some(phone),
                ..Default::default()
            },
            "1",
        )
    };
    let flags = |v: FeatureVector| {
        (
            at(&v, Feature::PhoneExact),
            at(&v, Feature::PhoneSameArea),
            at(&v, Feature::PhoneConflict),
        )
    };
    assert_eq!(flags(with_phone("+81 45-945-8800")), (1.0, 0.0, 0.0));
    assert_eq!(flags(with_phone("045-111-2222")), (0.0, 1.0, 0.0));
    assert_eq!(flags(with_phone("0451112222")), (0.0, 1.0, 0.0));
    assert_eq!(flags(with_phone("03-1111-2222")), (0.0, 0.0, 1.0));
    assert_eq!(flags(with_phone("12")), (0.0, 0.0, 0.0));
}

#[test]
fn a_prefecture_conflict_is_flagged() {
    let v = pair(
        &index(),
        QueryText {
            name: "株式会社サカタのタネ",
            address: Some("大阪府大阪市北区梅田1-1"),
            ..Default::default()
        },
        "1",
    );
    assert_eq!(at(&v, Feature::PrefectureConflict), 1.0);
    assert_eq!(at(&v, Feature::PrefectureAgree), 0.0);
    assert_eq!(at(&v, Feature::CityConflict), 1.0);
    // Towns, 丁目 and 番地 are not compared across municipalities.
    assert_eq!(at(&v, Feature::TownConflict), 0.0);
    assert_eq!(at(&v, Feature::BlockConflict), 0.0);
}

#[test]
fn homonyms_lower_the_rarity() {
    let index = index();
    assert_eq!(index.core_count("山田工務店"), 6); // 5 株式会社 + 1 有限会社
    assert_eq!(index.core_count("サカタノタネ"), 1);
    assert_eq!(index.core_count("ナイ"), 0);
    assert_eq!(index.core_count(""), 0);
    let v = pair(
        &index,
        QueryText {
            name: "株式会社山田工務店",
            ..Default::default()
        },
        "y0",
    );
    let expected = 1.0 / (1.0 + 6f32.ln());
    assert!((at(&v, Feature::CoreRarity) - expected).abs() < 1e-6);
    // Deleting a namesake is seen by the next version.
    let next = index.apply(&[nayose::index::Change::Delete("y1".into())]);
    assert_eq!(next.core_count("山田工務店"), 5);
    assert_eq!(index.core_count("山田工務店"), 6);
}

#[test]
fn five_namesakes_give_a_count_of_five() {
    let rows: Vec<CompanyRecord> = (0..5)
        .map(|i| company(&i.to_string(), "株式会社山田工務店", "", ""))
        .chain([company("x", "ホクト株式会社", "", "")])
        .collect();
    let index = Index::from_records(&rows, RetrievalConfig::default());
    assert_eq!(index.core_count("山田工務店"), 5);
    let query = PreparedQuery::new(QueryText {
        name: "山田工務店",
        ..Default::default()
    });
    let candidates = index.search(query.keys());
    let features = candidate_features(&query, &index, &candidates);
    assert_eq!(features.len(), 5);
    for v in &features {
        assert!((at(v, Feature::CoreRarity) - 1.0 / (1.0 + 5f32.ln())).abs() < 1e-6);
        // equal scores: no gap
        assert_eq!(at(v, Feature::ScoreGap), 0.0);
    }
}

#[test]
fn shared_english_names_lower_the_english_rarity() {
    let rows = vec![
        with_english(
            "a",
            "株式会社野村ホールディングス",
            "Nomura Holdings Co., Ltd.",
        ),
        with_english("b", "野村ホールディングス有限会社", "NOMURA HOLDINGS LTD."),
        with_english("c", "株式会社ノムラ", "Nomura Holdings, Inc."),
        with_english("d", "株式会社サカタのタネ", "SAKATA SEED CORPORATION"),
        company("e", "株式会社山田工務店", "", ""),
    ];
    let index = Index::from_records(&rows, RetrievalConfig::default());
    let rarity_of = |index: &Index, id: &str| {
        at(
            &by_name(index, "Nomura Holdings", id),
            Feature::EnglishRarity,
        )
    };
    let three = 1.0 / (1.0 + 3f32.ln());
    assert!((rarity_of(&index, "a") - three).abs() < 1e-6);
    assert!((rarity_of(&index, "c") - three).abs() < 1e-6);
    assert_eq!(rarity_of(&index, "d"), 1.0);
    // No English name: nothing shared.
    assert_eq!(rarity_of(&index, "e"), 1.0);
    // A namesake added in a delta and one deleted from the base are seen
    // by the next version, the earlier version unchanged.
    let next = index.apply(&[
        nayose::index::Change::Upsert(with_english("f", "野村HD株式会社", "Nomura Holdings")),
        nayose::index::Change::Delete("b".into()),
    ]);
    assert!((rarity_of(&next, "a") - three).abs() < 1e-6);
    assert!((rarity_of(&next, "f") - three).abs() < 1e-6);
    let next = next.apply(&[nayose::index::Change::Delete("c".into())]);
    let two = 1.0 / (1.0 + 2f32.ln());
    assert!((rarity_of(&next, "a") - two).abs() < 1e-6);
    assert!((rarity_of(&index, "a") - three).abs() < 1e-6);
    // A query that is not Latin compares no English name: the sharing of
    // the candidate's says nothing about it.
    let japanese = by_name(&index, "野村ホールディングス", "a");
    assert_eq!(at(&japanese, Feature::EnglishCompared), 0.0);
    assert_eq!(at(&japanese, Feature::EnglishRarity), 1.0);
}

#[test]
fn an_exact_english_name_includes_its_legal_suffix() {
    let rows = vec![
        with_english("a", "株式会社ＫＡＤＯＫＡＷＡ", "KADOKAWA CORPORATION"),
        with_english("b", "ＫＡＤＯＫＡＷＡ有限会社", "kadokawa Inc."),
    ];
    let index = Index::from_records(&rows, RetrievalConfig::default());
    let exact = |query: &str, id: &str| {
        let v = by_name(&index, query, id);
        (
            at(&v, Feature::EnglishSimilarity),
            at(&v, Feature::EnglishExact),
        )
    };
    // Both cores are "kadokawa"; only the suffix tells them apart.
    assert_eq!(exact("Kadokawa Corporation", "a"), (1.0, 1.0));
    assert_eq!(exact("Kadokawa Corporation", "b"), (1.0, 0.0));
    assert_eq!(exact("KADOKAWA, INC.", "b"), (1.0, 1.0));
    assert_eq!(exact("KADOKAWA", "a"), (1.0, 0.0));
}

#[test]
fn one_name_carried_by_two_rows_is_a_tie_whatever_their_english_names() {
    let rows = vec![
        with_english("a", "株式会社ＬＩＸＩＬ", "LIXIL Corporation"),
        with_english("b", "有限会社ＬＩＸＩＬ", "RIKUSHIRU CO., LTD."),
        with_english("c", "株式会社ＬＩＸＩＬビバ", "LIXIL VIVA CORPORATION"),
    ];
    let index = Index::from_records(&rows, RetrievalConfig::default());
    let ties = |name: &str| -> Vec<(String, f32)> {
        let query = PreparedQuery::new(QueryText {
            name,
            ..Default::default()
        });
        let candidates = index.search(query.keys());
        let features = candidate_features(&query, &index, &candidates);
        let mut ties: Vec<(String, f32)> = candidates
            .iter()
            .zip(&features)
            .map(|(c, v)| {
                let id = index.company(c.row).unwrap().id.to_owned();
                (id, at(v, Feature::EvidenceTie))
            })
            .collect();
        ties.sort_by(|x, y| x.0.cmp(&y.0));
        ties
    };
    // `LIXIL` is the registered name of a and of b: that a's English name
    // is also `LIXIL` does not make it the one meant.
    let by_short_name = ties("LIXIL");
    assert!(
        by_short_name.contains(&("a".into(), 1.0)),
        "{by_short_name:?}"
    );
    assert!(
        by_short_name.contains(&("b".into(), 1.0)),
        "{by_short_name:?}"
    );
    assert!(
        !by_short_name.contains(&("c".into(), 1.0)),
        "{by_short_name:?}"
    );
    // The whole English name of one of them, legal form included, is
    // evidence: no tie.
    let by_english = ties("LIXIL Corporation");
    assert!(
        by_english.iter().all(|(_, tie)| *tie == 0.0),
        "{by_english:?}"
    );
}

#[test]
fn a_phone_two_rows_share_is_a_tie_when_the_query_has_no_name() {
    // Two companies at one number (a shared switchboard, a data-entry
    // slip), one of them with a name many rows carry.
    let mut rows = vec![
        company(
            "a",
            "有限会社佐藤不動産",
            "宮城県加美郡加美町上野目5-22-10",
            "0225-30-1938",
        ),
        company(
            "b",
            "カメイ株式会社",
            "宮城県仙台市青葉区国分町3-1-18",
            "0225-30-1938",
        ),
    ];
    for (i, city) in ["仙台市", "石巻市", "塩竈市"].iter().enumerate() {
        rows.push(company(
            &format!("s{i}"),
            "有限会社佐藤不動産",
            &format!("宮城県{city}1-1"),
            "",
        ));
    }
    let index = Index::from_records(&rows, RetrievalConfig::default());
    let query = PreparedQuery::new(QueryText {
        phone: Some("0225301938"),
        ..Default::default()
    });
    let candidates = index.search(query.keys());
    let features = candidate_features(&query, &index, &candidates);
    let tie: Vec<(String, f32, f32)> = candidates
        .iter()
        .zip(&features)
        .map(|(c, v)| {
            let id = index.company(c.row).unwrap().id.to_owned();
            (id, at(v, Feature::EvidenceTie), at(v, Feature::CoreRarity))
        })
        .filter(|(id, _, _)| id == "a" || id == "b")
        .collect();
    assert_eq!(tie.len(), 2, "{tie:?}");
    // The names are not equally common, and that does not matter.
    assert_ne!(tie[0].2, tie[1].2, "{tie:?}");
    assert!(tie.iter().all(|(_, flag, _)| *flag == 1.0), "{tie:?}");
}

#[test]
fn a_number_agrees_names_another_row_or_is_one_slip_away() {
    const TOYOTA: &str = "1180301018771";
    const SAKATA: &str = "6020001008662";
    let rows = vec![
        company(TOYOTA, "トヨタ自動車株式会社", "愛知県豊田市トヨタ町1", ""),
        company(
            SAKATA,
            "株式会社サカタのタネ",
            "神奈川県横浜市都筑区仲町台2-7-1",
            "",
        ),
        company(
            "x1",
            "トヨタ自動車販売株式会社",
            "愛知県名古屋市中村区名駅1-1",
            "",
        ),
    ];
    let index = Index::from_records(&rows, RetrievalConfig::default());
    // The features of every retrieved candidate, by id.
    let features = |name: &str, corporate_number: Option<&str>, invoice_number: Option<&str>| {
        let query = PreparedQuery::new(QueryText {
            name,
            corporate_number,
            invoice_number,
            ..Default::default()
        });
        let candidates = index.search(query.keys());
        let vectors = candidate_features(&query, &index, &candidates);
        candidates
            .iter()
            .zip(vectors)
            .map(|(c, v)| (index.company(c.row).unwrap().id.to_owned(), v))
            .collect::<Vec<(String, FeatureVector)>>()
    };
    let of = |list: &[(String, FeatureVector)], id: &str| {
        list.iter()
            .find(|(i, _)| i == id)
            .map(|(_, v)| *v)
            .unwrap_or_else(|| panic!("{id} not retrieved"))
    };
    let number = [
        Feature::NumberAgree,
        Feature::NumberConflict,
        Feature::NumberElsewhere,
        Feature::NumberNear,
        Feature::NumberInvalid,
        Feature::PathNumber,
    ];
    let flags = |v: FeatureVector| number.map(|f| at(&v, f));
    // Its own number agrees; the row it names is found by it.
    let own = features("トヨタ自動車", Some("1180-3010-18771"), None);
    assert_eq!(flags(of(&own, TOYOTA)), [1.0, 0.0, 0.0, 0.0, 0.0, 1.0]);
    // Another company's number (as an invoice number): a conflict that
    // names another row, and that row is retrieved by the number alone.
    let other = features("トヨタ自動車", None, Some("T6020001008662"));
    assert_eq!(flags(of(&other, TOYOTA)), [0.0, 1.0, 1.0, 0.0, 0.0, 0.0]);
    assert_eq!(flags(of(&other, SAKATA)), [1.0, 0.0, 0.0, 0.0, 0.0, 1.0]);
    // A wrong check digit: weak evidence, one slip from the row it meant,
    // which retrieval finds through the number's valid neighbours.
    let slipped = features("", Some("1180301013771"), None);
    assert_eq!(flags(of(&slipped, TOYOTA)), [0.0, 0.0, 0.0, 1.0, 1.0, 1.0]);
    // A row whose id is no 法人番号 neither agrees nor conflicts.
    let plain = features("トヨタ自動車", Some(TOYOTA), None);
    assert_eq!(flags(of(&plain, "x1"))[..2], [0.0, 0.0]);
    assert_eq!(at(&of(&plain, "x1"), Feature::NumberElsewhere), 1.0);
}

#[test]
fn kana_and_latin_queries_compare_the_other_scripts() {
    let index = index();
    let v = pair(
        &index,
        QueryText {
            name: "ｻｶﾀﾉﾀﾈ",
            ..Default::default()
        },
        "1",
    );
    assert_eq!(at(&v, Feature::ReadingCompared), 1.0);
    assert_eq!(at(&v, Feature::ReadingSimilarity), 1.0);
    assert_eq!(at(&v, Feature::EnglishCompared), 0.0);
    let v = pair(
        &index,
        QueryText {
            name: "SAKATA SEED CORP.",
            ..Default::default()
        },
        "1",
    );
    assert_eq!(at(&v, Feature::EnglishCompared), 1.0);
    assert_eq!(at(&v, Feature::EnglishSimilarity), 1.0);
    assert_eq!(at(&v, Feature::ReadingCompared), 0.0);
    // No reading on the candidate: not compared.
    let v = pair(
        &index,
        QueryText {
            name: "ｶﾈｺｼｭﾋﾞｮｳ",
            ..Default::default()
        },
        "2",
    );
    assert_eq!(at(&v, Feature::ReadingCompared), 0.0);
    assert_eq!(at(&v, Feature::ReadingSimilarity), 0.0);
}

#[test]
fn retrieval_features_follow_the_candidate_list() {
    let index = index();
    let query = PreparedQuery::new(QueryText {
        name: "株式会社サカタのタネ",
        address: Some("神奈川県横浜市都筑区仲町台2-7-1"),
        phone: Some("045-945-8800"),
        ..Default::default()
    });
    let candidates = index.search(query.keys());
    let features = candidate_features(&query, &index, &candidates);
    assert_eq!(features.len(), candidates.len());
    assert_eq!(index.company(candidates[0].row).unwrap().id, "1");
    let top = &features[0];
    assert_eq!(at(top, Feature::RankReciprocal), 1.0);
    assert_eq!(at(top, Feature::PathExactName), 1.0);
    assert_eq!(at(top, Feature::PathPhone), 1.0);
    assert_eq!(at(top, Feature::PathPlace), 1.0);
    assert!(at(top, Feature::ScoreGap) > 0.0);
    for (rank, v) in features.iter().enumerate().skip(1) {
        assert_eq!(at(v, Feature::RankReciprocal), 1.0 / (1.0 + rank as f32));
        assert!(at(v, Feature::ScoreGap) <= 0.0);
    }
    assert!(candidate_features(&query, &index, &[]).is_empty());
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[株式会社有限(㈱)サカタのタネ力カロ口ー一山田工務店 A-Za-z0-9.,]{0,16}",
        "[ｱ-ﾝﾞﾟ]{0,10}",
        "\\PC{0,20}",
    ]
}

fn address() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "(〒[0-9]{3}-[0-9]{4} )?(東京都|神奈川県|大阪府)?(千代田区|横浜市都筑区|大阪市北区)?(丸の内|仲町台|梅田)?[1-3一二三]{0,2}(丁目)?[0-9]{0,2}(-[0-9]{1,2})?",
        "\\PC{0,30}",
    ]
}

fn phone() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "0[3-9]{1,3}-[0-9]{2,4}-[0-9]{4}",
        "[0-9+() -]{0,16}",
    ]
}

fn record() -> impl Strategy<Value = CompanyRecord> {
    (text(), text(), text(), address(), phone(), text()).prop_map(
        |(name, kana, en, address, phone, url)| {
            let some = |s: String| (!s.trim().is_empty()).then_some(s);
            CompanyRecord {
                id: String::new(),
                name: if name.trim().is_empty() {
                    "x".into()
                } else {
                    name
                },
                name_kana: some(kana),
                name_en: some(en),
                postal_code: None,
                address: some(address),
                phone: some(phone),
                url: some(url),
                updated_at: None,
            }
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn every_value_is_finite_and_in_its_range(
        rows in prop::collection::vec(record(), 1..6),
        query in record(),
        scores in prop::collection::vec(-1.0f32..5.0, 0..6),
    ) {
        let rows: Vec<CompanyRecord> = rows
            .into_iter()
            .enumerate()
            .map(|(i, r)| CompanyRecord { id: i.to_string(), ..r })
            .collect();
        let index = Index::from_records(&rows, RetrievalConfig::default());
        let prepared = PreparedQuery::new(QueryText {
            name: &query.name,
            address: query.address.as_deref(),
            phone: query.phone.as_deref(),
            url: query.url.as_deref(),
            ..Default::default()
        });
        let mut candidates = index.search(prepared.keys());
        // Plus made-up candidates with arbitrary scores (and a stale row).
        candidates.extend(scores.iter().enumerate().map(|(i, &score)| Candidate {
            row: i as u32 * 3,
            score,
            name_similarity: score.clamp(0.0, 1.0),
            paths: Paths::NAME_GRAMS,
            tie_order: 0,
        }));
        for v in candidate_features(&prepared, &index, &candidates) {
            prop_assert!(in_range(&v).is_ok(), "{:?}", in_range(&v));
        }
    }
}

#[test]
fn a_row_the_index_does_not_hold_has_no_evidence() {
    let index = index();
    let query = PreparedQuery::new(QueryText {
        name: "株式会社サカタのタネ",
        address: Some("神奈川県横浜市都筑区仲町台2-7-1"),
        phone: Some("045-945-8800"),
        ..Default::default()
    });
    let stale = Candidate {
        row: 10_000,
        score: 0.5,
        name_similarity: 0.5,
        paths: Paths::NAME_GRAMS,
        tie_order: 0,
    };
    let v = candidate_features(&query, &index, &[stale])[0];
    in_range(&v).unwrap();
    assert_eq!(at(&v, Feature::NameEmpty), 1.0);
    assert_eq!(at(&v, Feature::NameJaroWinkler), 0.0);
    for spec in FEATURES
        .iter()
        .filter(|s| s.name.ends_with("_agree") || s.name.ends_with("_conflict"))
    {
        let i = nayose::features::feature_index(spec.name).unwrap();
        assert_eq!(v[i], 0.0, "{}", spec.name);
    }
    assert_eq!(at(&v, Feature::PathNameGrams), 1.0);
    assert!((at(&v, Feature::ScoreGap) - 0.5 / 3.0).abs() < 1e-6);
}
