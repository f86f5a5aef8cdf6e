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
    let mut identifier_rows = IdentifierRows::default();
    for (query, truth) in queries.iter().zip(&truths) {
        assert_eq!(query["client_id"], truth["client_id"]);
        let category = truth["category"].as_str();
        // Only the identifier categories may leave the name out.
        let nameless = query["name"].trim().is_empty();
        assert!(
            !nameless || ["number", "phone_or_url_only"].contains(&category),
            "{query:?}"
        );
        seen_categories.insert(category.to_owned());
        identifier_rows.check(query, truth, &table);
        if category == "absent" || category == "number_absent" {
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
    identifier_rows.assert_as_described();
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

/// What the identifier categories claim, counted.
#[derive(Debug, Default)]
struct IdentifierRows {
    /// `number` rows whose number is the truth's, and all of them.
    right_number: (usize, usize),
    /// `number` rows with nothing else.
    number_only: usize,
    /// `number_mistyped` rows: a wrong check digit, another table row's
    /// number, all of them.
    mistyped: (usize, usize, usize),
    /// `number_absent` rows whose valid number is no row's, and all.
    absent_unknown: (usize, usize),
    /// `phone_or_url_only` rows with a phone or web address and no name.
    contact_only: (usize, usize),
    /// Rows of other categories with an identifier.
    stray: usize,
}

impl IdentifierRows {
    fn check(
        &mut self,
        query: &HashMap<String, String>,
        truth: &HashMap<String, String>,
        table: &HashMap<&str, &CompanyRecord>,
    ) {
        use nayose::normalize::identifier::{Identifier, parse_identifier};
        let cell = if query["invoice_number"].is_empty() {
            &query["corporate_number"]
        } else {
            &query["invoice_number"]
        };
        let parsed = (!cell.is_empty()).then(|| parse_identifier(cell));
        let digits = match &parsed {
            Some(Identifier::Valid(n) | Identifier::BadCheckDigit(n)) => Some(n.digits()),
            _ => None,
        };
        let valid = matches!(parsed, Some(Identifier::Valid(_)));
        match truth["category"].as_str() {
            "number" => {
                self.right_number.1 += 1;
                self.right_number.0 +=
                    usize::from(valid && digits == Some(truth["true_id"].as_str()));
                self.number_only += usize::from(
                    query["name"].is_empty()
                        && query["address"].is_empty()
                        && query["phone"].is_empty(),
                );
            }
            "number_mistyped" => {
                self.mistyped.2 += 1;
                match (&parsed, digits) {
                    (Some(Identifier::BadCheckDigit(_)), _) => self.mistyped.0 += 1,
                    (Some(Identifier::Valid(_)), Some(d))
                        if d != truth["true_id"] && table.contains_key(d) =>
                    {
                        self.mistyped.1 += 1;
                    }
                    _ => panic!("{query:?}"),
                }
            }
            "number_absent" => {
                self.absent_unknown.1 += 1;
                self.absent_unknown.0 +=
                    usize::from(valid && !digits.is_some_and(|d| table.contains_key(d)));
            }
            "phone_or_url_only" => {
                self.contact_only.1 += 1;
                self.contact_only.0 += usize::from(
                    query["name"].is_empty()
                        && !(query["phone"].is_empty() && query["url"].is_empty()),
                );
            }
            _ => self.stray += usize::from(parsed.is_some()),
        }
    }

    fn assert_as_described(&self) {
        let all = |(done, of): (usize, usize)| done == of && of > 0;
        assert!(all(self.right_number), "{self:?}");
        assert!(all(self.absent_unknown), "{self:?}");
        assert!(all(self.contact_only), "{self:?}");
        let (slips, others, rows) = self.mistyped;
        assert!(
            slips + others == rows && slips > others && others > 0,
            "{self:?}"
        );
        assert!(
            self.number_only > 0 && self.number_only * 4 < self.right_number.1,
            "{self:?}"
        );
        assert_eq!(self.stray, 0, "{self:?}");
    }
}
