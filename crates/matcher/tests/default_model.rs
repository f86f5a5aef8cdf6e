//! The model the repository ships in `opt/ml/model` loads with this build's
//! versions (a feature or normaliser change without retraining fails here)
//! and decides sensibly on a plain case and on namesakes it cannot tell
//! apart.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail by panicking

use std::path::Path;

use nayose::index::{Candidate, Index, QueryText, RetrievalConfig};
use nayose::linker::retrieve;
use nayose::policy::{CodeVersions, MatchStatus, ModelArtifact, Policy, PolicyDecision};
use nayose::source::CompanyRecord;

fn shipped() -> ModelArtifact {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../opt/ml/model");
    ModelArtifact::load(&dir, CodeVersions::current())
        .unwrap_or_else(|e| panic!("the shipped model does not load: {e}"))
}

fn row(id: &str, name: &str, address: &str, phone: &str) -> CompanyRecord {
    CompanyRecord {
        id: id.to_owned(),
        name: name.to_owned(),
        address: Some(address.to_owned()),
        phone: Some(phone.to_owned()),
        ..CompanyRecord::default()
    }
}

/// Retrieves, featurises and decides a query of `name` and `address` as
/// the linker does; the candidates come back with the decision.
fn decide(
    policy: &Policy,
    index: &Index,
    name: &str,
    address: Option<&str>,
) -> (PolicyDecision, Vec<Candidate>) {
    let retrieved = retrieve(
        index,
        &QueryText {
            name,
            address,
            ..Default::default()
        },
    )
    .unwrap();
    (policy.decide(&retrieved.features), retrieved.candidates)
}

#[test]
fn the_shipped_model_loads_and_links_an_obvious_match() {
    let artifact = shipped();
    let policy = artifact.policy().unwrap();
    let index = Index::from_records(
        &[
            row(
                "1",
                "株式会社サカタのタネ",
                "神奈川県横浜市都筑区仲町台2-7-1",
                "045-945-8800",
            ),
            row(
                "2",
                "株式会社サカタ商店",
                "大阪府大阪市北区梅田1-1-1",
                "06-6123-4567",
            ),
            row(
                "3",
                "有限会社タネヤ",
                "東京都千代田区丸の内1-1-1",
                "03-3123-4567",
            ),
        ],
        RetrievalConfig::default(),
    );
    let decide = |name: &str, address: Option<&str>| {
        let (decision, candidates) = decide(&policy, &index, name, address);
        let id = decision
            .proposed
            .map(|i| index.company(candidates[i].row).unwrap().id.to_owned());
        (decision.status, id)
    };
    assert_eq!(
        decide("㈱サカタのタネ", Some("横浜市都筑区仲町台2丁目7番1号")),
        (MatchStatus::Matched, Some("1".to_owned()))
    );
    let (status, _) = decide(
        "丸山精密工業株式会社",
        Some("北海道札幌市中央区北一条西2-1"),
    );
    assert_eq!(
        status,
        MatchStatus::Unmatched,
        "an unrelated company is not linked"
    );
}

#[test]
fn namesakes_the_query_cannot_tell_apart_are_never_matched() {
    // Two rows with one name in different cities, a third unrelated: a
    // query with the name alone (or with a prefecture both share) cannot
    // tell the two apart, so the shipped model must hand it to a person
    // however sure it is that one of them is meant.
    let policy = shipped().policy().unwrap();
    let index = Index::from_records(
        &[
            row(
                "1",
                "株式会社ミナト精工",
                "大阪府大阪市北区梅田1-1-1",
                "06-6123-4567",
            ),
            row(
                "2",
                "株式会社ミナト精工",
                "大阪府堺市堺区南瓦町3-1",
                "072-222-2222",
            ),
            row(
                "3",
                "有限会社タネヤ",
                "東京都千代田区丸の内1-1-1",
                "03-3123-4567",
            ),
        ],
        RetrievalConfig::default(),
    );
    let mut reviewed = 0;
    for (name, address) in [
        ("株式会社ミナト精工", None),
        ("ミナト精工", None),
        ("(株)ミナト精工", Some("大阪府")),
    ] {
        let (decision, _) = decide(&policy, &index, name, address);
        assert_ne!(
            decision.status,
            MatchStatus::Matched,
            "{name} {address:?}: a tie was linked"
        );
        let tied = (0..decision.output.tie_group.len())
            .filter(|&i| decision.output.is_tied(i))
            .count();
        assert!(tied >= 2, "{name} {address:?}: {tied} tied");
        // The one proposed (when the row goes to review rather than
        // unmatched) is the first of the tie in the list, and the two share
        // one score: half the belief that one of them is meant.
        assert_eq!(decision.output.tie_group[..2], [Some(0), Some(0)]);
        if decision.status == MatchStatus::Review {
            assert_eq!(decision.proposed, Some(0), "{name} {address:?}");
            reviewed += 1;
        }
        let rule = policy.rule();
        let (a, b) = (
            rule.confidence(&decision.output, 0),
            rule.confidence(&decision.output, 1),
        );
        assert!((a - b).abs() < 1e-6 && a <= 0.5 + 1e-6, "{a} {b}");
    }
    assert!(reviewed > 0, "no tie went to review");
    // The city tells them apart: the tie is gone.
    let (decision, _) = decide(
        &policy,
        &index,
        "株式会社ミナト精工",
        Some("大阪府堺市堺区南瓦町3-1"),
    );
    assert!(decision.output.tie_group.iter().all(Option::is_none));
}
