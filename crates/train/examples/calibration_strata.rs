//! How well a model's scores hold on training's own held-out episodes, by
//! episode kind and by the evidence behind the proposal (a phone number or
//! web domain that agrees, a 法人番号 that agrees, points to another row
//! or is one slip from the candidate's, a block-level address that agrees,
//! an exact name): each cell is accuracy − mean score of the proposals in a 0.1-wide
//! score bin, with their count. Tied proposals are left out (they have
//! their own map).
//!
//! ```sh
//! cargo run --release -p nayose-train --example calibration_strata -- \
//!     data/default/companies.sqlite opt/ml/model [EPISODES] [SEED]
//! ```
//!
//! The episodes are those `train` holds out for calibration with the
//! default environment and noise (`--validation-episodes`, `--seed`).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use nayose::features::Feature;
use nayose::index::RetrievalConfig;
use nayose::policy::{CodeVersions, DecisionRule, ModelArtifact, Policy, decide_with};
use nayose::source::CompanySource;
use nayose_train::calibrate::score_policy;
use nayose_train::episodes::{Environment, EnvironmentConfig};
use nayose_train::noise::{NoiseConfig, NoiseModel};
use nayose_train::report::{RELIABILITY_BINS, reliability};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [companies, model, rest @ ..] = args.as_slice() else {
        anyhow::bail!("usage: calibration_strata COMPANIES MODEL_DIR [EPISODES] [SEED]");
    };
    let episodes: usize = rest
        .first()
        .map_or(Ok(20_000), |s| s.parse())
        .context("EPISODES")?;
    let seed: u64 = rest.get(1).map_or(Ok(42), |s| s.parse()).context("SEED")?;
    let source = CompanySource::parse(companies)?;
    let (rows, _) = source.load_records().await?;
    let environment = Environment::new(
        rows,
        NoiseModel::new(NoiseConfig::default()),
        EnvironmentConfig::default(),
        RetrievalConfig::default(),
        seed,
    )?;
    // The validation seed `train` uses.
    let validation = environment.episodes(episodes, seed ^ 0x005e_ed0f_7a11_da7e);
    let artifact = ModelArtifact::load(Path::new(model), CodeVersions::current())?;
    let policy = artifact.policy()?;
    let unfitted = Policy::new(policy.weights().clone(), DecisionRule::default())?;
    // Per stratum: (score, right) of each proposal.
    let mut strata: BTreeMap<String, Vec<(f32, bool)>> = BTreeMap::new();
    for (scored, episode) in score_policy(&unfitted, &validation).iter().zip(&validation) {
        let Some((best, _)) = scored.best() else {
            continue;
        };
        if scored.output.is_tied(best) {
            continue;
        }
        let score = decide_with(policy.rule(), scored.output.clone()).confidence;
        let f = &episode.features[best];
        let flag = |feature: Feature| f[feature as usize] > 0.5;
        let contact = flag(Feature::PhoneExact) || flag(Feature::DomainAgree);
        let (block, exact) = (flag(Feature::BlockAgree), flag(Feature::NameExact));
        let number = if flag(Feature::NumberAgree) {
            "agrees"
        } else if flag(Feature::NumberNear) {
            "one slip away"
        } else if flag(Feature::NumberConflict) {
            "conflicts"
        } else {
            "none"
        };
        for key in [
            "all".to_owned(),
            format!("kind {}", episode.kind.name()),
            format!("contact {contact}"),
            format!("number {number}"),
            format!("number {number}, exact name {exact}"),
            format!("contact {contact}, block {block}, exact name {exact}"),
        ] {
            strata
                .entry(key)
                .or_default()
                .push((score, scored.correct()));
        }
    }
    for (key, outcomes) in &strata {
        let cells: Vec<String> = reliability(outcomes, RELIABILITY_BINS)
            .bins
            .iter()
            .map(|bin| {
                if bin.count == 0 {
                    String::new()
                } else {
                    format!("{:+.3} ({})", bin.accuracy - bin.mean_score, bin.count)
                }
            })
            .collect();
        println!("{key:42} | {}", cells.join(" | "));
    }
    Ok(())
}
