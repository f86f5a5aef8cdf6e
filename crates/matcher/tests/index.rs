//! Candidate retrieval: each access path, the merge, homonyms decided by
//! place, and incremental versions.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail by panicking

use nayose::CompanyRecord;
use nayose::index::{Change, Index, Paths, QueryKeys, QueryText, RetrievalConfig};

fn company(id: &str, name: &str, address: &str) -> CompanyRecord {
    CompanyRecord {
        id: id.into(),
        name: name.into(),
        address: (!address.is_empty()).then(|| address.into()),
        ..Default::default()
    }
}

fn table() -> Vec<CompanyRecord> {
    let mut rows = vec![
        CompanyRecord {
            name_kana: Some("カブシキガイシャ サカタノタネ".into()),
            name_en: Some("SAKATA SEED CORPORATION".into()),
            phone: Some("045-945-8800".into()),
            url: Some("https://www.sakata-netshop.com/".into()),
            ..company(
                "6020001008662",
                "株式会社サカタのタネ",
                "神奈川県横浜市都筑区仲町台2-7-1",
            )
        },
        CompanyRecord {
            name_kana: Some("カブシキガイシャタカシマヤ".into()),
            ..company(
                "5120001077467",
                "株式会社髙島屋",
                "大阪府大阪市中央区難波5丁目1番5号",
            )
        },
        company("6100001003151", "ホクト株式会社", "長野県長野市南堀138-1"),
        company(
            "5070001000715",
            "カネコ種苗株式会社",
            "群馬県前橋市古市町1-50-12",
        ),
        company(
            "9000000000001",
            "サカタ物産株式会社",
            "東京都千代田区丸の内1-1-1",
        ),
        company(
            "9000000000002",
            "株式会社サカタ技研",
            "愛知県名古屋市中区栄3-1-1",
        ),
    ];
    let places = [
        ("北海道札幌市中央区北一条西2-1", "1"),
        ("宮城県仙台市青葉区国分町1-1", "2"),
        ("東京都世田谷区三軒茶屋1-1", "3"),
        ("愛知県名古屋市中区栄1-1", "4"),
        ("大阪府大阪市北区梅田1-1", "5"),
        ("福岡県福岡市博多区博多駅前1-1", "6"),
        ("福岡県北九州市小倉北区魚町1-1", "7"),
    ];
    for (address, n) in places {
        rows.push(company(
            &format!("800000000000{n}"),
            "株式会社山田工務店",
            address,
        ));
    }
    // Filler so that n-gram weights are meaningful.
    for i in 0..300 {
        rows.push(company(
            &format!("7{i:012}"),
            &format!("株式会社テスト{i}商事"),
            "東京都港区芝1-1",
        ));
    }
    rows
}

fn index() -> Index {
    Index::from_records(&table(), RetrievalConfig::default())
}

fn query(name: &str, address: Option<&str>, phone: Option<&str>, url: Option<&str>) -> QueryKeys {
    QueryKeys::from_text(QueryText {
        name,
        address,
        phone,
        url,
        ..Default::default()
    })
}

fn top_id(index: &Index, q: &QueryKeys) -> (String, Paths) {
    let candidates = index.search(q);
    let first = candidates.first().expect("no candidates");
    (index.company(first.row).unwrap().id.to_owned(), first.paths)
}

#[test]
fn exact_name_path_finds_spelling_variants() {
    let index = index();
    for name in [
        "㈱サカタのタネ 横浜本社",
        "サカタのタネ（株）",
        "株式会社　サカタのタネ",
    ] {
        let (id, paths) = top_id(&index, &query(name, None, None, None));
        assert_eq!(id, "6020001008662", "{name}");
        assert!(
            paths.contains(Paths::EXACT_NAME),
            "{name}: {:?}",
            paths.names()
        );
    }
}

#[test]
fn name_grams_tolerate_a_dropped_character_and_an_ocr_confusion() {
    let index = index();
    for name in [
        "株式会社サカタノタ",
        "サ力タのタネ株式会社",
        "株式会社サカタタネ",
    ] {
        let (id, paths) = top_id(&index, &query(name, None, None, None));
        assert_eq!(id, "6020001008662", "{name}");
        assert!(paths.contains(Paths::NAME_GRAMS), "{name}");
        assert!(!paths.contains(Paths::EXACT_NAME), "{name}");
    }
}

#[test]
fn kana_queries_use_the_reading() {
    let index = index();
    let (id, paths) = top_id(&index, &query("ﾀｶｼﾏﾔ", None, None, None));
    assert_eq!(id, "5120001077467");
    assert!(paths.contains(Paths::READING), "{:?}", paths.names());
    let (id, _) = top_id(
        &index,
        &query("たかしまや", Some("大阪市中央区難波5-1-5"), None, None),
    );
    assert_eq!(id, "5120001077467");
}

#[test]
fn latin_queries_use_the_english_name() {
    let index = index();
    let (id, paths) = top_id(&index, &query("Sakata Seed Corp.", None, None, None));
    assert_eq!(id, "6020001008662");
    assert!(paths.contains(Paths::ENGLISH), "{:?}", paths.names());
}

#[test]
fn an_exact_english_name_is_found_without_the_gram_path() {
    // No n-gram candidates at all: only the exact English key can find it,
    // as when thousands of romanised `TOYOTA …` rows crowd the grams.
    let config = RetrievalConfig {
        verify: 0,
        exact_english: true,
        ..RetrievalConfig::default()
    };
    let mut rows = table();
    rows.push(CompanyRecord {
        name_en: Some("TOYOTA MOTOR CORPORATION".into()),
        ..company("1180301018771", "トヨタ自動車株式会社", "")
    });
    // Off, nothing finds it.
    let off = Index::from_records(
        &rows,
        RetrievalConfig {
            exact_english: false,
            ..config
        },
    );
    assert!(
        off.search(&query("TOYOTA MOTOR CORPORATION", None, None, None))
            .is_empty()
    );
    let index = Index::from_records(&rows, config);
    for name in ["TOYOTA MOTOR CORPORATION", "Toyota Motor Co., Ltd."] {
        let (id, paths) = top_id(&index, &query(name, None, None, None));
        assert_eq!(id, "1180301018771", "{name}");
        assert!(
            paths.contains(Paths::ENGLISH),
            "{name}: {:?}",
            paths.names()
        );
    }
    // A core that is only a prefix of the English name is not exact.
    assert!(
        index
            .search(&query("TOYOTA Corporation", None, None, None))
            .is_empty()
    );
}

#[test]
fn phone_and_domain_find_a_company_with_a_weak_name() {
    let index = index();
    let (id, paths) = top_id(
        &index,
        &query("サカタ", None, Some("+81 45 945 8800"), None),
    );
    assert_eq!(id, "6020001008662");
    assert!(paths.contains(Paths::PHONE));
    let (id, paths) = top_id(
        &index,
        &query("サカタ", None, None, Some("info@sakata-netshop.com")),
    );
    assert_eq!(id, "6020001008662");
    assert!(paths.contains(Paths::DOMAIN));
}

#[test]
fn homonyms_rank_the_one_in_the_query_place_first() {
    let index = index();
    let cases = [
        ("福岡市博多区博多駅前1丁目1番", "8000000000006"),
        ("北九州市小倉北区魚町1-1", "8000000000007"),
        ("宮城県仙台市青葉区", "8000000000002"),
        ("北海道札幌市中央区北1条西2丁目", "8000000000001"),
    ];
    for (address, want) in cases {
        let candidates = index.search(&query("(株)山田工務店", Some(address), None, None));
        let got = index.company(candidates[0].row).unwrap().id;
        assert_eq!(got, want, "{address}");
        assert!(candidates[0].paths.contains(Paths::PLACE));
        // the other homonyms are still among the candidates, ranked lower
        assert!(candidates.len() >= 7);
        assert!(candidates[0].score > candidates[1].score);
    }
}

#[test]
fn namesakes_come_in_the_same_order_whatever_the_order_of_the_table() {
    // Twelve rows named alike in twelve prefectures, with nothing in the
    // query to tell them apart: equal scores.
    let prefectures = [
        "北海道",
        "青森県",
        "岩手県",
        "宮城県",
        "秋田県",
        "山形県",
        "福島県",
        "茨城県",
        "栃木県",
        "群馬県",
        "埼玉県",
        "千葉県",
    ];
    let rows: Vec<CompanyRecord> = prefectures
        .iter()
        .enumerate()
        .map(|(i, p)| {
            company(
                &format!("{:013}", 7_000_000 + i * 37),
                "株式会社山本製作所",
                &format!("{p}某市本町1-1"),
            )
        })
        .collect();
    let order = |rows: &[CompanyRecord]| -> Vec<String> {
        let index = Index::from_records(rows, RetrievalConfig::default());
        let candidates = index.search(&query("山本製作所", None, None, None));
        assert!(candidates.windows(2).all(|w| w[0].score == w[1].score));
        candidates
            .iter()
            .map(|c| index.company(c.row).unwrap().id.to_owned())
            .collect()
    };
    let forward = order(&rows);
    assert_eq!(forward.len(), rows.len());
    let mut reversed = rows.clone();
    reversed.reverse();
    assert_eq!(order(&reversed), forward);
    let mut rotated = rows.clone();
    rotated.rotate_left(5);
    assert_eq!(order(&rotated), forward);
    // And it is not simply the table's or the ids' order.
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    assert_ne!(forward, ids);
}

#[test]
fn k_limits_the_candidates_and_scores_are_ordered() {
    let index = index();
    let candidates = index.search_k(&query("株式会社テスト1商事", None, None, None), 5);
    assert_eq!(candidates.len(), 5);
    assert!(candidates.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(
        candidates
            .iter()
            .all(|c| (0.0..=1.0).contains(&c.name_similarity))
    );
}

#[test]
fn incremental_changes_make_a_new_version_and_leave_the_old_one_alone() {
    let v1 = index();
    let newcomer = company(
        "9100000000001",
        "株式会社ニューカマー",
        "東京都渋谷区渋谷1-1-1",
    );
    let renamed = company(
        "6100001003151",
        "ホクトきのこ株式会社",
        "長野県長野市南堀138-1",
    );
    let v2 = v1.apply(&[
        Change::Upsert(newcomer),
        Change::Upsert(renamed),
        Change::Delete("5070001000715".into()),
    ]);
    assert_eq!(v2.version(), v1.version() + 1);
    assert_eq!(v2.len(), v1.len());
    let new_query = query("ニューカマー", None, None, None);
    // added: visible in v2, not in v1
    assert_eq!(top_id(&v2, &new_query).0, "9100000000001");
    assert!(v1.find("9100000000001").is_none());
    assert!(
        v1.search(&new_query)
            .iter()
            .all(|c| v1.company(c.row).unwrap().id != "9100000000001")
    );
    // updated: the new name finds it in v2; v1 still has the old name
    assert_eq!(
        top_id(&v2, &query("ホクトきのこ", None, None, None)).0,
        "6100001003151"
    );
    let row = v2.find("6100001003151").unwrap();
    assert_eq!(v2.company(row).unwrap().name, "ホクトきのこ株式会社");
    let row = v1.find("6100001003151").unwrap();
    assert_eq!(v1.company(row).unwrap().name, "ホクト株式会社");
    // deleted: gone from v2, still in v1
    assert!(v2.find("5070001000715").is_none());
    let kaneko = query("カネコ種苗株式会社", None, None, None);
    assert!(
        v2.search(&kaneko)
            .iter()
            .all(|c| v2.company(c.row).unwrap().id != "5070001000715")
    );
    assert_eq!(top_id(&v1, &kaneko).0, "5070001000715");
    // a second batch replaces a delta row, and compaction keeps every answer
    let v3 = v2.apply(&[Change::Upsert(company(
        "9100000000001",
        "株式会社ニューカマーズ",
        "",
    ))]);
    assert_eq!(v3.delta_len(), 2);
    let v4 = v3.compact();
    assert_eq!(v4.delta_len(), 0);
    assert_eq!(v4.len(), v3.len());
    for q in [
        query("ニューカマーズ", None, None, None),
        query("ホクトきのこ", None, None, None),
        query("サカタのタネ", None, None, None),
    ] {
        assert_eq!(top_id(&v3, &q).0, top_id(&v4, &q).0);
    }
}

#[test]
fn per_row_homonym_counts_agree_with_the_posting_lists_in_every_version() {
    let v1 = index();
    let namesake = company("9200000000001", "山田工務店株式会社", "沖縄県那覇市泉崎1-1");
    let v2 = v1.apply(&[Change::Upsert(namesake.clone())]);
    let v3 = v2.apply(&[Change::Delete("8000000000003".into())]);
    let v4 = v3.compact();
    let core_of = |index: &Index, row: u32| {
        nayose::normalize::normalize_name(index.company(row).unwrap().name).core
    };
    for (label, version) in [("v1", &v1), ("v2", &v2), ("v3", &v3), ("v4", &v4)] {
        let rows = (0..(version.len() + version.delta_len() + 2) as u32)
            .filter(|&row| version.company(row).is_some());
        for row in rows {
            assert_eq!(
                version.core_count_at(row),
                version.core_count(&core_of(version, row)),
                "{label}, row {row}"
            );
        }
    }
    // 7 namesakes, an 8th added in v2, one deleted in v3
    let yamada = |index: &Index, id: &str| index.core_count_at(index.find(id).unwrap());
    assert_eq!(yamada(&v1, "8000000000001"), 7);
    assert_eq!(yamada(&v2, "8000000000001"), 8);
    assert_eq!(yamada(&v2, "9200000000001"), 8);
    assert_eq!(yamada(&v3, "8000000000001"), 7);
    assert_eq!(yamada(&v4, "9200000000001"), 7);
}
