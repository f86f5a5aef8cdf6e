//! The development evaluation set: deterministic, truthful, and every
//! category really varies what it claims to vary.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail by panicking

use std::collections::{HashMap, HashSet};
use std::path::Path;

use nayose::source::{CompanyRecord, CompanySource, SourceLocation};
use nayose_datagen::{Category, TableConfig, generate};

async fn generate_into(dir: &Path) {
    let location = SourceLocation::parse(dir.join("c.sqlite").to_str().unwrap()).unwrap();
    let config = TableConfig {
        rows: 30_000,
        seed: 9,
    };
    generate(config, &location, Some((&dir.join("eval"), 3_000)), |_| {})
        .await
        .unwrap();
}

fn read_csv(path: &Path) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .map(str::to_owned)
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn evaluation_set_is_deterministic_and_truthful() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    generate_into(a.path()).await;
    generate_into(b.path()).await;
    for file in ["queries.csv", "truth.csv"] {
        let left = std::fs::read(a.path().join("eval").join(file)).unwrap();
        let right = std::fs::read(b.path().join("eval").join(file)).unwrap();
        assert!(
            left == right,
            "{file} differs between two runs with the same seed"
        );
    }

    let source = CompanySource::parse(a.path().join("c.sqlite").to_str().unwrap()).unwrap();
    let (records, _) = source.load_records().await.unwrap();
    let table: HashMap<&str, &CompanyRecord> = records.iter().map(|r| (r.id.as_str(), r)).collect();
    let queries = read_csv(&a.path().join("eval/queries.csv"));
    let truths = read_csv(&a.path().join("eval/truth.csv"));
    assert_eq!(queries.len(), truths.len());
    assert!(queries.len() > 2_500, "{}", queries.len());

    let mut seen_categories = HashSet::new();
    let mut same_name: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut same_address: (usize, usize) = (0, 0);
    for (query, truth) in queries.iter().zip(&truths) {
        assert_eq!(query["client_id"], truth["client_id"]);
        assert!(!query["name"].trim().is_empty(), "{query:?}");
        let category = truth["category"].as_str();
        seen_categories.insert(category.to_owned());
        if category == "absent" {
            assert!(truth["true_id"].is_empty());
            continue;
        }
        let company = table
            .get(truth["true_id"].as_str())
            .unwrap_or_else(|| panic!("truth {} is not in the table", truth["true_id"]));
        let counts = same_name.entry(category).or_default();
        counts.0 += usize::from(query["name"] == company.name);
        counts.1 += 1;
        if category == "address_notation" {
            same_address.0 +=
                usize::from(Some(query["address"].as_str()) == company.address.as_deref());
            same_address.1 += 1;
        }
    }
    let all: HashSet<String> = Category::ALL
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect();
    assert_eq!(seen_categories, all);
    // Categories that vary the name must (almost) never leave it as registered.
    for category in [
        "legal_form",
        "width_spacing",
        "kana",
        "english",
        "branch",
        "variant_kanji",
        "typo",
        "renamed",
    ] {
        let (same, total) = same_name[category];
        assert!(
            same * 50 <= total,
            "{category}: {same} of {total} names unchanged"
        );
    }
    assert_eq!(
        same_name["exact"].0, same_name["exact"].1,
        "exact names are exact"
    );
    assert!(
        same_address.0 * 20 <= same_address.1,
        "address notation unchanged: {same_address:?}"
    );
}
