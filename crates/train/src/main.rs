//! `train`: trains nayose's linking policy on a company table and writes the
//! model artifact and an evaluation report (CONTRACTS §4, §7).
//!
//! With no arguments it follows SageMaker's training layout (see
//! `nayose_train::sagemaker`). Exit codes: 0 success, 2 bad usage, 1 any
//! other failure (in SageMaker mode the reason is also written to
//! `/opt/ml/output/failure`).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use nayose_train::episodes::{EnvironmentConfig, Reward};
use nayose_train::noise::NoiseConfig;
use nayose_train::pipeline::{GradientPlan, RunConfig, default_report_dir, run};
use nayose_train::sagemaker::Layout;
use nayose_train::trainer::{PolicyGradient, TrainConfig};

/// REINFORCE runs per training by default: measured on the shipped table,
/// one run in three learns when to review (3 of 9; the others never review
/// or review a third of everything), so five give a reviewing policy about
/// seven times in eight.
const DEFAULT_RESTARTS: usize = 5;

/// Train the linking policy on a company table (no labels needed).
///
/// Run with no arguments to use SageMaker's training layout under /opt/ml.
#[derive(Debug, Parser)]
#[command(name = "train", version, about, long_about = None)]
struct Args {
    /// Company source: sqlite://…, postgres://…, mysql://…, or a .sqlite/.db/.csv path.
    #[arg(long)]
    companies: String,
    /// Directory for the model artifact (model.json, policy.bin).
    #[arg(long)]
    out: PathBuf,
    /// Directory for the evaluation report [default: OUT/report].
    #[arg(long)]
    report: Option<PathBuf>,
    /// Development set to evaluate on (a directory with queries.csv and truth.csv).
    #[arg(long)]
    eval_dir: Option<PathBuf>,
    /// Seed of everything random (same seed, same model).
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Training episodes.
    #[arg(long, default_value_t = 200_000)]
    episodes: usize,
    /// Held-out episodes (learning curves, calibration, thresholds).
    #[arg(long, default_value_t = 20_000)]
    validation_episodes: usize,
    /// Optimiser steps.
    #[arg(long, default_value_t = TrainConfig::default().steps)]
    steps: usize,
    /// Episodes per step.
    #[arg(long, default_value_t = TrainConfig::default().batch)]
    batch: usize,
    /// Hidden width of the network.
    #[arg(long, default_value_t = TrainConfig::default().hidden)]
    hidden: usize,
    /// Adam's learning rate.
    #[arg(long, default_value_t = TrainConfig::default().learning_rate)]
    learning_rate: f64,
    /// Entropy bonus at the start of sampled-gradient runs (decays to a tenth).
    #[arg(long, default_value_t = TrainConfig::default().entropy)]
    entropy: f32,
    /// Entropy bonus at the start of expected-gradient runs (decays to a tenth).
    #[arg(long, default_value_t = TrainConfig::default().expected_entropy)]
    expected_entropy: f32,
    /// Weight of the baseline (value) loss.
    #[arg(long, default_value_t = TrainConfig::default().value_weight)]
    value_weight: f32,
    /// λ: cost of a wrong link, in units of a right decision's worth (higher = more precise, fewer links).
    #[arg(long, default_value_t = Reward::default().wrong_link)]
    wrong_link_cost: f32,
    /// ρ: cost of handing a row to a person (review), in the same unit; the policy links only when a link is right with probability above 1 − ρ / (1 + λ).
    #[arg(long, default_value_t = Reward::default().review)]
    review_cost: f32,
    /// μ: cost of "no match" when the company is present.
    #[arg(long, default_value_t = Reward::default().missed_link)]
    missed_link_cost: f32,
    /// Imitation warm start: cross-entropy steps towards the right action before the REINFORCE steps.
    #[arg(long, default_value_t = TrainConfig::default().imitation_steps)]
    imitation_steps: usize,
    /// The learning rate falls linearly over the REINFORCE steps to this share of --learning-rate (1: constant).
    #[arg(long, default_value_t = TrainConfig::default().final_learning_rate_share)]
    final_learning_rate_share: f64,
    /// How REINFORCE steps estimate the policy gradient: `expected` (every
    /// action weighed by its probability and priced by the reward; an action
    /// the policy stopped taking still learns its price), `sampled` (one
    /// sampled action per episode against the value baseline), or
    /// `alternate` (the first restart expected, the next sampled, and so on).
    #[arg(long, value_enum, default_value_t = PolicyGradientArg::Alternate)]
    policy_gradient: PolicyGradientArg,
    /// How often episodes are written by an English name another row
    /// carries: `real` (as often as real English names are shared, 14 of
    /// 4 357 EDINET companies; declined episodes are redrawn) or `table`
    /// (as often as this table shares them).
    #[arg(long, value_enum, default_value_t = EnglishTwinsArg::Real)]
    english_twins: EnglishTwinsArg,
    /// The same as `--english-twins real` (the default since issue 24;
    /// kept so earlier commands still run).
    #[arg(long, hide = true)]
    english_twins_at_real_rate: bool,
    /// Curriculum: share of the steps with equal costs for wrong and missed links, then as many to reach the full costs.
    #[arg(long, default_value_t = TrainConfig::default().warmup)]
    warmup: f32,
    /// Steps between learning-curve points.
    #[arg(long, default_value_t = TrainConfig::default().eval_every)]
    eval_every: usize,
    /// Share of episodes whose company is absent.
    #[arg(long, default_value_t = EnvironmentConfig::default().absent_share)]
    absent_share: f64,
    /// Share of the table held out of the index as absent companies.
    #[arg(long, default_value_t = EnvironmentConfig::default().held_out_share)]
    held_out_share: f64,
    /// Share of present episodes drawn from companies with namesakes.
    #[arg(long, default_value_t = EnvironmentConfig::default().homonym_share)]
    homonym_share: f64,
    /// Share of absent episodes made by withholding the true row from its candidates.
    #[arg(long, default_value_t = EnvironmentConfig::default().withheld_share)]
    withheld_share: f64,
    /// Share of absent episodes whose company is named like a present one: a trade word dropped, added or swapped, or a prefix such as 新 or 東 added.
    #[arg(long, default_value_t = EnvironmentConfig::default().near_name_share)]
    near_name_share: f64,
    /// Share of absent episodes whose company is written at the street address of a present company.
    #[arg(long, default_value_t = EnvironmentConfig::default().colocated_share)]
    colocated_share: f64,
    /// Share of co-located episodes at the address of the look-alike the absent name retrieves best (the others at any company's address).
    #[arg(long, default_value_t = EnvironmentConfig::default().colocated_lookalike_share)]
    colocated_lookalike_share: f64,
    /// Share of absent episodes whose company is a group sibling of a present one at its own street address, named like it one word longer or other (not a shortening, more than one character away).
    #[arg(long, default_value_t = EnvironmentConfig::default().sibling_share)]
    sibling_share: f64,
    /// Share of present, held-out and withheld episodes that keep only the first one to three candidates (a small table, a very rare name).
    #[arg(long, default_value_t = EnvironmentConfig::default().few_candidates_share)]
    few_candidates_share: f64,
    /// Noise rates as a JSON file (fields of NoiseConfig; missing ones keep their defaults).
    #[arg(long)]
    noise_config: Option<PathBuf>,
    /// Independent REINFORCE runs (the first with --seed, the others with seeds derived from it); the one whose policy earns the most on the held-out episodes is kept.
    #[arg(long, default_value_t = DEFAULT_RESTARTS)]
    restarts: usize,
    /// Skip the supervised classifier and the rule baseline (faster; the report then shows the RL policy alone).
    #[arg(long)]
    no_baselines: bool,
    /// No progress output.
    #[arg(long, short)]
    quiet: bool,
}

impl Args {
    fn into_config(self) -> anyhow::Result<RunConfig> {
        let noise = match &self.noise_config {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                serde_json::from_str::<NoiseConfig>(&text).with_context(|| {
                    format!("{} is not a valid noise configuration", path.display())
                })?
            }
            None => NoiseConfig::default(),
        };
        anyhow::ensure!(self.episodes > 0, "--episodes must be at least 1");
        anyhow::ensure!(
            self.validation_episodes > 0,
            "--validation-episodes must be at least 1"
        );
        anyhow::ensure!(self.restarts > 0, "--restarts must be at least 1");
        anyhow::ensure!(
            self.batch > 0 && self.hidden > 0,
            "--batch and --hidden must be at least 1"
        );
        for (flag, cost) in [
            ("--wrong-link-cost", self.wrong_link_cost),
            ("--missed-link-cost", self.missed_link_cost),
            ("--review-cost", self.review_cost),
        ] {
            anyhow::ensure!(
                cost.is_finite() && cost >= 0.0,
                "{flag} must be a number at least 0, not {cost}"
            );
        }
        for (flag, share) in [
            ("--absent-share", self.absent_share),
            ("--held-out-share", self.held_out_share),
            ("--homonym-share", self.homonym_share),
            ("--withheld-share", self.withheld_share),
            ("--near-name-share", self.near_name_share),
            ("--colocated-share", self.colocated_share),
            (
                "--colocated-lookalike-share",
                self.colocated_lookalike_share,
            ),
            ("--sibling-share", self.sibling_share),
            ("--few-candidates-share", self.few_candidates_share),
            (
                "--final-learning-rate-share",
                self.final_learning_rate_share,
            ),
        ] {
            anyhow::ensure!((0.0..=1.0).contains(&share), "{flag} must lie in [0, 1]");
        }
        Ok(RunConfig {
            report_dir: self
                .report
                .clone()
                .unwrap_or_else(|| default_report_dir(&self.out)),
            companies: self.companies,
            out: self.out,
            eval_dir: self.eval_dir,
            seed: self.seed,
            episodes: self.episodes,
            validation_episodes: self.validation_episodes,
            environment: EnvironmentConfig {
                held_out_share: self.held_out_share,
                absent_share: self.absent_share,
                withheld_share: self.withheld_share,
                homonym_share: self.homonym_share,
                near_name_share: self.near_name_share,
                colocated_share: self.colocated_share,
                colocated_lookalike_share: self.colocated_lookalike_share,
                sibling_share: self.sibling_share,
                few_candidates_share: self.few_candidates_share,
                english_twins_at_real_rate: self.english_twins_at_real_rate
                    || self.english_twins == EnglishTwinsArg::Real,
            },
            noise,
            train: TrainConfig {
                hidden: self.hidden,
                steps: self.steps,
                batch: self.batch,
                learning_rate: self.learning_rate,
                entropy: self.entropy,
                value_weight: self.value_weight,
                reward: Reward {
                    wrong_link: self.wrong_link_cost,
                    missed_link: self.missed_link_cost,
                    review: self.review_cost,
                },
                warmup: self.warmup,
                eval_every: self.eval_every,
                imitation_steps: self.imitation_steps,
                final_learning_rate_share: self.final_learning_rate_share,
                policy_gradient: PolicyGradient::Sampled,
                expected_entropy: self.expected_entropy,
            },
            gradients: match self.policy_gradient {
                PolicyGradientArg::Alternate => GradientPlan::Alternate,
                PolicyGradientArg::Expected => GradientPlan::Expected,
                PolicyGradientArg::Sampled => GradientPlan::Sampled,
            },
            restarts: self.restarts,
            baselines: !self.no_baselines,
            quiet: self.quiet,
        })
    }
}

/// `--policy-gradient`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum PolicyGradientArg {
    /// Restarts alternate, the first expected.
    Alternate,
    /// Every action weighed by its probability.
    Expected,
    /// One sampled action per episode.
    Sampled,
}

/// `--english-twins`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum EnglishTwinsArg {
    /// As often as real English names are shared.
    Real,
    /// As often as the training table shares them.
    Table,
}

fn train(args: Args) -> anyhow::Result<()> {
    let config = args.into_config()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let summary = runtime.block_on(run(&config))?;
    if !config.quiet {
        eprintln!(
            "done: artifact in {}, report in {}",
            summary.artifact.display(),
            summary.report.display()
        );
    }
    Ok(())
}

fn report(error: &anyhow::Error) -> String {
    format!("{error:#}")
}

fn sagemaker() -> ExitCode {
    let layout = Layout::from_env();
    let outcome = layout
        .arguments()
        .map_err(anyhow::Error::from)
        .and_then(|argv| {
            Args::try_parse_from(&argv).map_err(|e| anyhow::anyhow!("bad hyper-parameters: {e}"))
        })
        .and_then(train);
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let reason = report(&error);
            eprintln!("error: {reason}");
            layout.write_failure(&reason);
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    if std::env::args_os().len() <= 1 {
        return sagemaker();
    }
    let args = Args::parse();
    match train(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {}", report(&error));
            ExitCode::FAILURE
        }
    }
}
