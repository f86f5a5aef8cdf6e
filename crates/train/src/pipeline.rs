//! A whole training run: load the table, build the environment, generate
//! episodes, train the RL policy (and the two comparison systems), fit the
//! decision rule, evaluate, write the artifact and the report.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use nayose::index::{Index, IndexError, RetrievalConfig};
use nayose::linker::{LinkResult, Linker};
use nayose::policy::{
    ArtifactError, CalibrationError, CodeVersions, DecisionMode, DecisionRule, ModelArtifact,
    ModelMeta, Policy, PolicyWeights, ShapeError,
};
use nayose::source::{CompanySource, SourceError, redact};
use nayose_datagen::output::real_eval_dir;
use nayose_progress::Progress;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::calibrate::{fit_isotonic, fit_rule, rule_precision_recall, score_policy};
use crate::episodes::{Environment, EnvironmentConfig, EnvironmentError, Episode};
use crate::evaluate::{
    DevQuery, EvalSetError, link_decision, link_dev_set, missing_truths, read_dev_set,
    rule_decisions, write_dev_links,
};
use crate::noise::{NoiseConfig, NoiseKind, NoiseModel};
use crate::report::{Decision, EvaluationReport, ReportError, Series, SystemReport};
use crate::rule::RuleBaseline;
use crate::trainer::{
    CurvePoint, Objective, PolicyGradient, TrainConfig, TrainError, Trained, Validation, train,
};

/// Everything a run needs.
#[derive(Debug, Clone, Serialize)]
pub struct RunConfig {
    /// Company source (URL or path).
    pub companies: String,
    /// Artifact directory.
    pub out: PathBuf,
    /// Report directory.
    pub report_dir: PathBuf,
    /// Development set (`queries.csv`, `truth.csv`) to evaluate on, if any.
    pub eval_dir: Option<PathBuf>,
    /// Seed of everything random.
    pub seed: u64,
    /// Training episodes.
    pub episodes: usize,
    /// Held-out episodes (learning curves, calibration, thresholds).
    pub validation_episodes: usize,
    /// Episode mix.
    pub environment: EnvironmentConfig,
    /// Training noise rates.
    pub noise: NoiseConfig,
    /// Network and optimiser settings (shared by RL and supervised).
    pub train: TrainConfig,
    /// Independent REINFORCE runs (seeds derived from `seed`, the first
    /// one `seed` itself); the run with the best mean reward on the
    /// held-out episodes is kept. At least 1.
    pub restarts: usize,
    /// Which policy-gradient estimator each REINFORCE run uses (it
    /// overrides `train.policy_gradient` run by run).
    pub gradients: GradientPlan,
    /// Also train the supervised classifier and fit the rule baseline.
    pub baselines: bool,
    /// No progress output.
    #[serde(skip)]
    pub quiet: bool,
}

/// Why a run failed.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The company source could not be read.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// The environment could not be built.
    #[error(transparent)]
    Environment(#[from] EnvironmentError),
    /// The development set could not be read.
    #[error(transparent)]
    EvalSet(#[from] EvalSetError),
    /// The artifact could not be written.
    #[error(transparent)]
    Artifact(#[from] ArtifactError),
    /// The report could not be written.
    #[error(transparent)]
    Report(#[from] ReportError),
    /// The development set's index could not be built.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// Training stopped.
    #[error(transparent)]
    Train(#[from] TrainError),
    /// No decision rule could be fitted (nothing to calibrate on).
    #[error("cannot fit the decision rule: {0}")]
    Calibration(#[from] CalibrationError),
    /// The trained weights are unusable (a bug).
    #[error("the trained policy is unusable: {0}")]
    Policy(#[from] ShapeError),
}

/// What a run produced.
#[derive(Debug, Clone)]
pub struct RunSummary {
    /// The artifact directory.
    pub artifact: PathBuf,
    /// The report directory.
    pub report: PathBuf,
    /// The metrics written into `model.json`.
    pub metrics: Map<String, Value>,
}

struct Stages {
    quiet: bool,
    started: Instant,
    timings: Map<String, Value>,
    last: Instant,
}

impl Stages {
    fn new(quiet: bool) -> Self {
        Self {
            quiet,
            started: Instant::now(),
            timings: Map::new(),
            last: Instant::now(),
        }
    }

    fn say(&self, line: &str) {
        if !self.quiet {
            eprintln!("[{:7.1} s] {line}", self.started.elapsed().as_secs_f64());
        }
    }

    fn done(&mut self, stage: &str) {
        let seconds = self.last.elapsed().as_secs_f64();
        self.timings
            .insert(format!("{stage}_seconds"), json!(round3(seconds)));
        self.last = Instant::now();
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn episodes_with_progress(
    environment: &Environment,
    n: usize,
    seed: u64,
    label: &str,
    quiet: bool,
) -> Vec<Episode> {
    // Generate in chunks so the bar moves; episode i depends only on (seed, i).
    let mut progress = Progress::new(label, n as u64, "episodes", quiet);
    let chunk = (n / 50).max(1000);
    let mut out = Vec::with_capacity(n);
    let mut start = 0;
    while start < n {
        let end = (start + chunk).min(n);
        out.extend(environment.episodes_range(start..end, seed));
        start = end;
        progress.set(start as u64);
    }
    progress.finish();
    out
}

fn train_with_progress(
    objective: Objective,
    label: &str,
    episodes: &[Episode],
    validation: &[Episode],
    config: &TrainConfig,
    seed: u64,
    quiet: bool,
) -> Result<Trained, TrainError> {
    let mut progress = Progress::new(label, config.steps as u64, "steps", quiet);
    let trained = train(
        objective,
        episodes,
        validation,
        config,
        seed,
        &mut |p: &CurvePoint| {
            progress.set(p.step as u64);
            let v = p.validation;
            let train = p
                .train
                .map_or_else(|| "–".to_owned(), |t| format!("{t:.3}"));
            progress.note(&format!(
                "{label} step {}: train {train}, held-out reward {:.3} precision {:.4} recall {:.4} \
                 absent false links {:.4} review {:.4}",
                p.step,
                v.mean_reward,
                v.precision,
                v.recall,
                v.absent_false_link_rate,
                v.review_rate
            ));
        },
    )?;
    progress.finish();
    Ok(trained)
}

/// Decisions on held-out episodes, with synthetic ids (`c<i>` for candidate
/// i), so the report works without a development set.
fn episode_decisions(episodes: &[Episode], policy: &Policy) -> Vec<Decision> {
    episodes
        .iter()
        .map(|e| {
            let d = policy.decide(&e.features);
            let truth = if e.present {
                Some(
                    e.truth
                        .map_or_else(|| "not-retrieved".to_owned(), |i| format!("c{i}")),
                )
            } else {
                None
            };
            Decision {
                category: e.kind.name().to_owned(),
                truth,
                intended: None,
                proposed: d.proposed.map(|i| format!("c{i}")),
                status: d.status,
                score: if d.proposed.is_some() {
                    d.confidence
                } else {
                    0.0
                },
            }
        })
        .collect()
}

fn curve_series(curve: &[CurvePoint], train_name: &str) -> Vec<Series> {
    vec![
        Series {
            name: train_name.to_owned(),
            points: curve
                .iter()
                .filter_map(|p| p.train.map(|t| (p.step as f64, t)))
                .collect(),
        },
        Series {
            name: "validation reward (greedy)".to_owned(),
            points: curve
                .iter()
                .map(|p| (p.step as f64, p.validation.mean_reward))
                .collect(),
        },
    ]
}

fn quality_series(curve: &[CurvePoint]) -> Vec<Series> {
    let series = |name: &str, f: &dyn Fn(&CurvePoint) -> f64| Series {
        name: name.to_owned(),
        points: curve.iter().map(|p| (p.step as f64, f(p))).collect(),
    };
    vec![
        series("precision", &|p| p.validation.precision),
        series("recall", &|p| p.validation.recall),
        series("absent false-link rate", &|p| {
            p.validation.absent_false_link_rate
        }),
        series("review rate", &|p| p.validation.review_rate),
    ]
}

fn summary_metrics(report: &SystemReport) -> Value {
    // Over every query, so a link for an absent company counts against
    // precision.
    let all = report.metrics.iter().find(|m| m.category == "all");
    json!({
        "precision": all.map(|m| m.precision),
        "recall": all.map(|m| m.recall),
        "f1": all.map(|m| m.f1),
        "match_rate": all.map(|m| m.match_rate),
        "absent_false_link_rate": all.map(|m| m.false_link_rate_absent),
        "ece": report.reliability.ece,
    })
}

/// The trained systems with their decision rules.
struct Systems {
    /// The RL policy's training run (the restart kept).
    rl: Trained,
    /// Every REINFORCE run and the one kept.
    restarts: Restarts,
    /// The RL policy under its fitted rule (the shipped model).
    rl_policy: Policy,
    /// Precision and recall of that rule on the held-out episodes.
    held_out: (f64, f64),
    /// The supervised comparison, when baselines are trained.
    supervised: Option<(Trained, Policy)>,
    /// The rule baseline and its decision rule, when baselines are fitted.
    rule: Option<(RuleBaseline, DecisionRule)>,
}

/// Episodes generated from the table, and what the report says of them.
struct Generated {
    episodes: Vec<Episode>,
    validation: Vec<Episode>,
    table_rows: usize,
}

/// Runs training end to end.
pub async fn run(config: &RunConfig) -> Result<RunSummary, RunError> {
    let mut stages = Stages::new(config.quiet);
    let source = CompanySource::parse(&config.companies)?;
    let generated = generate(config, &source, &mut stages).await?;
    let systems = train_systems(config, &generated, &mut stages)?;

    let mut report = EvaluationReport {
        title: "nayose policy evaluation".to_owned(),
        notes: Vec::new(),
        systems: Vec::new(),
        learning_curves: learning_curves(&systems),
    };
    let mut metrics = Map::new();
    metrics.insert(
        "held_out_episodes".to_owned(),
        held_out_metrics(&generated, &systems),
    );
    // Evaluation: the development sets when given, else the held-out episodes.
    let dev = match &config.eval_dir {
        Some(dir) => {
            Some(evaluate_dev_sets(&source, dir, &systems, &mut report, &mut stages).await?)
        }
        None => {
            evaluate_episodes(&generated.validation, &systems, &mut report);
            None
        }
    };
    metrics.insert("evaluation".to_owned(), evaluation_metrics(&report));
    if let Some(real) = dev.as_ref().and_then(|d| d.real.as_ref()) {
        metrics.insert(
            "evaluation_real".to_owned(),
            evaluation_metrics(&real.report),
        );
    }
    stages.done("evaluate");

    metrics.insert("table_rows".to_owned(), json!(generated.table_rows));
    metrics.insert(
        "training_episodes".to_owned(),
        json!(generated.episodes.len()),
    );
    metrics.insert("timings".to_owned(), Value::Object(stages.timings.clone()));
    publish(config, systems, &metrics, report, dev, &mut stages)?;
    Ok(RunSummary {
        artifact: config.out.clone(),
        report: config.report_dir.clone(),
        metrics,
    })
}

/// The RL policy's figures on training's held-out episodes, and every
/// REINFORCE restart's.
fn held_out_metrics(generated: &Generated, systems: &Systems) -> Value {
    json!({
        "episodes": generated.validation.len(),
        "precision": systems.held_out.0,
        "recall": systems.held_out.1,
        "greedy": systems.rl.curve.last().map(|p| p.validation),
        "restarts": systems
            .restarts
            .runs
            .iter()
            .map(|r| {
                json!({
                    "seed": r.seed,
                    "policy_gradient": gradient_name(r.gradient),
                    "greedy": r.held_out,
                })
            })
            .collect::<Vec<_>>(),
        "kept_seed": systems.restarts.runs.get(systems.restarts.kept).map(|r| r.seed),
    })
}

/// Each evaluated system's summary figures, by name.
fn evaluation_metrics(report: &EvaluationReport) -> Value {
    Value::Object(
        report
            .systems
            .iter()
            .map(|s| (s.name.clone(), summary_metrics(s)))
            .collect(),
    )
}

/// Saves the model artifact, then the report (with the run's notes) and the
/// development sets' per-row results, which name the artifact's weights.
fn publish(
    config: &RunConfig,
    systems: Systems,
    metrics: &Map<String, Value>,
    mut report: EvaluationReport,
    dev: Option<DevEvaluation>,
    stages: &mut Stages,
) -> Result<(), RunError> {
    let Systems {
        rl,
        rl_policy,
        restarts,
        ..
    } = systems;
    let mut artifact = artifact(
        config,
        rl.weights,
        rl_policy.rule().clone(),
        metrics.clone(),
    );
    artifact.save(&config.out)?;
    report.notes.push(provenance_note(
        config,
        &artifact.meta.weights_sha256,
        dev.is_some(),
    ));
    report.notes.push(training_world_note(config));
    report.notes.push(restarts_note(&restarts));
    report.write(&config.report_dir)?;
    if let Some(dev) = dev {
        write_dev_results(config, &artifact.meta.weights_sha256, dev)?;
    }
    stages.say(&format!(
        "model written to {}, report to {}",
        config.out.display(),
        config.report_dir.display()
    ));
    Ok(())
}

/// A development set linked by the RL policy: its queries and results.
type DevLinks = (Vec<DevQuery>, Vec<LinkResult>);

/// The real-anchored set's evaluation: its own report and the RL policy's
/// rows.
struct RealEvaluation {
    dir: PathBuf,
    report: EvaluationReport,
    links: DevLinks,
}

/// Both development sets evaluated over one index.
struct DevEvaluation {
    first: DevLinks,
    real: Option<RealEvaluation>,
}

/// Indexes the whole table once, as `nayose link` does, and evaluates the
/// development set in `dir` into `report` and, when `nayose gen` wrote the
/// real-anchored set beside it, that set into a report of its own.
async fn evaluate_dev_sets(
    source: &CompanySource,
    dir: &Path,
    systems: &Systems,
    report: &mut EvaluationReport,
    stages: &mut Stages,
) -> Result<DevEvaluation, RunError> {
    stages.say("indexing the whole table as `nayose link` does");
    let (index, _load) = Index::build(source, RetrievalConfig::default()).await?;
    let index = Arc::new(index);
    let first = evaluate_dev_set(&index, dir, systems, report, stages)?;
    let real_dir = real_eval_dir(dir);
    let real = if real_dir.join("queries.csv").is_file() {
        let mut real_report = EvaluationReport {
            title: "nayose policy evaluation: the real-anchored development set".to_owned(),
            notes: Vec::new(),
            systems: Vec::new(),
            learning_curves: Vec::new(),
        };
        let links = evaluate_dev_set(&index, &real_dir, systems, &mut real_report, stages)?;
        Some(RealEvaluation {
            dir: real_dir,
            report: real_report,
            links,
        })
    } else {
        None
    };
    Ok(DevEvaluation { first, real })
}

/// Writes the RL policy's rows on the first set beside the report, and the
/// real-anchored set's report with its rows into [`REAL_REPORT_DIR`].
fn write_dev_results(
    config: &RunConfig,
    weights_sha256: &str,
    dev: DevEvaluation,
) -> Result<(), RunError> {
    let (queries, results) = dev.first;
    write_dev_links(&config.report_dir.join(DEV_LINKS_FILE), &queries, &results)?;
    if let Some(mut real) = dev.real {
        let real_config = RunConfig {
            eval_dir: Some(real.dir),
            ..config.clone()
        };
        real.report
            .notes
            .push(provenance_note(&real_config, weights_sha256, true));
        let dir = config.report_dir.join(REAL_REPORT_DIR);
        real.report.write(&dir)?;
        let (queries, results) = real.links;
        write_dev_links(&dir.join(DEV_LINKS_FILE), &queries, &results)?;
    }
    Ok(())
}

/// The world the policy was trained in: every noise kind with its rate per
/// record, and the episode mix.
fn training_world_note(config: &RunConfig) -> String {
    let rates: Vec<String> = NoiseKind::ALL
        .iter()
        .map(|kind| format!("{kind} {:.3}", config.noise.rate(*kind)))
        .collect();
    let env = &config.environment;
    format!(
        "Training noise, probability per record (several kinds may apply to one record; an exact copy {:.2}; of English-name records {:.2} also name only): {}. Episodes: {:.2} absent companies ({:.2} of them near names, a present name one word longer, shorter or other; of the others {:.2} group siblings, such a name at the present company's own street address; of the others {:.2} at the street address of a present company, {:.2} of them a look-alike, the rest any; of the rest {:.2} withheld from their candidates, the others held out of the index, {:.2} of the table); {:.2} of present ones drawn from names with namesakes; {:.2} of present, held-out and withheld episodes keep only their first one to {} candidates{}. Rewards: a right link or \"no match\" +1, a wrong link -{}, \"no match\" on a present company -{}, a review {} when the company is among the candidates or absent and {} when it is present but was not retrieved.",
        config.noise.clean,
        config.noise.english_name_only,
        rates.join(", "),
        env.absent_share,
        env.near_name_share,
        env.sibling_share,
        env.colocated_share,
        env.colocated_lookalike_share,
        env.withheld_share,
        env.held_out_share,
        env.homonym_share,
        env.few_candidates_share,
        crate::episodes::FEW_CANDIDATES_MAX,
        if env.english_twins_at_real_rate {
            "; episodes written by an English name another row carries are kept as rarely as real English names are shared, 14 of 4 357"
        } else {
            ""
        },
        config.train.reward.wrong_link,
        config.train.reward.missed_link,
        1.0 - config.train.reward.review,
        -config.train.reward.missed_link - config.train.reward.review,
    )
}

/// The REINFORCE restarts, their estimators, their held-out figures and
/// the one kept.
fn restarts_note(restarts: &Restarts) -> String {
    let runs: Vec<String> = restarts
        .runs
        .iter()
        .enumerate()
        .map(|(i, r)| {
            format!(
                "seed {} ({} gradient): {:.4} ({:.1} % review){}",
                r.seed,
                gradient_name(r.gradient),
                r.held_out.mean_reward,
                100.0 * r.held_out.review_rate,
                if i == restarts.kept { ", kept" } else { "" }
            )
        })
        .collect();
    format!(
        "REINFORCE runs (`--restarts {}`; an expected gradient takes each step over every action of an episode, weighed by its probability and priced by the reward, a sampled one from one sampled action per episode against the value baseline), held-out mean reward of the greedy policy at the full prices: {}. The run with the highest is the RL policy.",
        restarts.runs.len(),
        runs.join("; ")
    )
}

/// Which table, model and command produced the report's figures, and how
/// `nayose link` reproduces the RL policy's.
fn provenance_note(config: &RunConfig, weights_sha256: &str, dev_set: bool) -> String {
    let table = redact(&config.companies);
    let mut note = format!(
        "Produced by `train` (seed {}) from the table `{table}`; the RL policy is the model written to `{}` (weights SHA-256 {weights_sha256}).",
        config.seed,
        config.out.display(),
    );
    if let Some(dir) = config.eval_dir.as_ref().filter(|_| dev_set) {
        let linked = dir.join("queries.linked.csv");
        note.push_str(&format!(
            " Its row is what `nayose link --input {} --companies {table} --model {} --output {}` gives, scored by `python3 scripts/score_link.py {} {}`; its per-row results are in `{DEV_LINKS_FILE}` beside this report.",
            dir.join("queries.csv").display(),
            config.out.display(),
            linked.display(),
            linked.display(),
            dir.join("truth.csv").display(),
        ));
    }
    note
}

/// The sub-directory of the report for the real-anchored development set
/// (`<eval-dir>-real`, evaluated when it exists beside the first set).
pub const REAL_REPORT_DIR: &str = "real";

/// The per-row results of the RL policy on the development set, in the
/// report directory (`client_id,match_id,match_status,match_score`).
pub const DEV_LINKS_FILE: &str = "dev_links.csv";

/// Loads the table, builds the training environment and generates the
/// training and validation episodes. The environment (an index over the
/// table minus the held-out rows) is dropped before returning.
async fn generate(
    config: &RunConfig,
    source: &CompanySource,
    stages: &mut Stages,
) -> Result<Generated, RunError> {
    stages.say(&format!("loading companies from {}", source.location()));
    let (rows, load) = source.load_records().await?;
    stages.say(&format!(
        "loaded {} companies ({} skipped)",
        load.rows,
        load.skipped_empty_name + load.skipped_empty_id
    ));
    stages.done("load");

    let noise = NoiseModel::new(config.noise.clone());
    let table_rows = rows.len();
    let environment = Environment::new(
        rows,
        noise,
        config.environment,
        RetrievalConfig::default(),
        config.seed,
    )?;
    stages.say(&format!(
        "indexed {} companies, {} held out as absent",
        environment.index().len(),
        environment.held_out().len()
    ));
    stages.done("index");

    let episodes = episodes_with_progress(
        &environment,
        config.episodes,
        config.seed,
        "training episodes",
        config.quiet,
    );
    let validation = episodes_with_progress(
        &environment,
        config.validation_episodes,
        config.seed ^ 0x005e_ed0f_7a11_da7e,
        "validation episodes",
        config.quiet,
    );
    stages.done("episodes");
    Ok(Generated {
        episodes,
        validation,
        table_rows,
    })
}

/// One REINFORCE run: its seed and its greedy figures on the held-out
/// episodes at its end.
struct Restart {
    seed: u64,
    gradient: PolicyGradient,
    held_out: Validation,
}

/// Every REINFORCE run of a training, and which one was kept.
struct Restarts {
    runs: Vec<Restart>,
    /// Position in `runs` of the run kept.
    kept: usize,
}

/// Which policy-gradient estimator the REINFORCE runs of a training use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GradientPlan {
    /// The first run [`PolicyGradient::Expected`], the next
    /// [`PolicyGradient::Sampled`], and so on. On the default table every
    /// expected-gradient run learnt when to review (11 of 11) where sampled
    /// runs often settled never reviewing or reviewing a third of
    /// everything (9 of 15); on a hand-made table of clear and tied
    /// episodes the expected gradient settles in reviewing everything where
    /// the sampled one learns. The held-out reward picks the run that
    /// learnt, whichever it is.
    #[default]
    Alternate,
    /// Every run the expected gradient.
    Expected,
    /// Every run the sampled gradient.
    Sampled,
}

impl GradientPlan {
    /// The estimator of REINFORCE run `restart` (0 = the first).
    #[must_use]
    pub fn for_restart(self, restart: usize) -> PolicyGradient {
        match self {
            Self::Alternate if restart.is_multiple_of(2) => PolicyGradient::Expected,
            Self::Alternate | Self::Sampled => PolicyGradient::Sampled,
            Self::Expected => PolicyGradient::Expected,
        }
    }
}

/// The seed of REINFORCE restart `restart`: the run's own seed first.
fn restart_seed(seed: u64, restart: usize) -> u64 {
    if restart == 0 {
        seed
    } else {
        seed ^ (restart as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }
}

/// Runs [`RunConfig::restarts`] REINFORCE trainings and keeps the one whose
/// greedy policy earns the most on the held-out episodes (at the full
/// prices): a run can settle where it reviews a third of everything, and
/// the held-out reward tells it from one that learnt when to defer. The
/// development sets play no part in the choice.
fn train_restarts(
    config: &RunConfig,
    episodes: &[Episode],
    validation: &[Episode],
    stages: &Stages,
) -> Result<(Trained, Restarts), RunError> {
    let runs = config.restarts.max(1);
    let run = |restart: usize| -> Result<(Trained, Restart), TrainError> {
        let seed = restart_seed(config.seed, restart);
        let gradient = config.gradients.for_restart(restart);
        let label = if runs == 1 {
            "reinforce".to_owned()
        } else {
            format!("reinforce {}/{runs}", restart + 1)
        };
        let train = TrainConfig {
            policy_gradient: gradient,
            ..config.train
        };
        let trained = train_with_progress(
            Objective::Reinforce,
            &label,
            episodes,
            validation,
            &train,
            seed,
            config.quiet,
        )?;
        let last = trained
            .curve
            .last()
            .map(|p| p.validation)
            .unwrap_or_default();
        if runs > 1 {
            stages.say(&format!(
                "restart {} (seed {seed}, {} gradient): held-out reward {:.4}, review {:.1} %",
                restart + 1,
                gradient_name(gradient),
                last.mean_reward,
                100.0 * last.review_rate
            ));
        }
        Ok((
            trained,
            Restart {
                seed,
                gradient,
                held_out: last,
            },
        ))
    };
    let (mut kept, first) = run(0)?;
    let mut restarts = Restarts {
        runs: vec![first],
        kept: 0,
    };
    for restart in 1..runs {
        let (trained, this) = run(restart)?;
        if this.held_out.mean_reward > restarts.runs[restarts.kept].held_out.mean_reward {
            (kept, restarts.kept) = (trained, restart);
        }
        restarts.runs.push(this);
    }
    Ok((kept, restarts))
}

/// How a run's policy gradient is named in the log, the report and
/// `model.json`.
fn gradient_name(gradient: PolicyGradient) -> &'static str {
    match gradient {
        PolicyGradient::Expected => "expected",
        PolicyGradient::Sampled => "sampled",
    }
}

/// Trains the RL policy and fits its decision rule on the validation
/// episodes; with baselines, also the supervised network and the rule.
fn train_systems(
    config: &RunConfig,
    generated: &Generated,
    stages: &mut Stages,
) -> Result<Systems, RunError> {
    let (episodes, validation) = (&generated.episodes, &generated.validation);
    let (rl, restarts) = train_restarts(config, episodes, validation, stages)?;
    stages.done("train_reinforce");
    let rl_policy = fitted_policy(&rl.weights, validation, DecisionMode::Policy)?;
    let held_out = rule_precision_recall(&score_policy(&rl_policy, validation), rl_policy.rule());
    stages.say(&format!(
        "the policy's own decisions on held-out episodes: precision {:.4}, recall {:.4}",
        held_out.0, held_out.1
    ));

    let (mut supervised, mut rule) = (None, None);
    if config.baselines {
        let trained = train_with_progress(
            Objective::CrossEntropy,
            "supervised",
            episodes,
            validation,
            &config.train,
            config.seed,
            config.quiet,
        )?;
        // The same prices, applied to the classifier's calibrated
        // confidence: link above the confidence where a link pays more than
        // a review, review above the one where a review pays more than
        // "no match".
        let reward = &config.train.reward;
        let mode = DecisionMode::Thresholds {
            accept_threshold: reward.accept_confidence(),
            review_threshold: reward.review_confidence(),
        };
        let policy = fitted_policy(&trained.weights, validation, mode)?;
        supervised = Some((trained, policy));
        let baseline = RuleBaseline::fit(validation);
        let samples: Vec<(f32, bool)> = baseline
            .score(validation)
            .iter()
            .map(|s| (s.raw(), s.correct()))
            .collect();
        let decision = DecisionRule {
            calibration: fit_isotonic(&samples)?,
            tie_calibration: None,
            contact_calibration: None,
            // The rule links whenever its threshold is met; it has no review.
            mode: DecisionMode::Thresholds {
                accept_threshold: 0.0,
                review_threshold: f32::INFINITY,
            },
        };
        rule = Some((baseline, decision));
        stages.done("train_baselines");
    }
    Ok(Systems {
        rl,
        restarts,
        rl_policy,
        held_out,
        supervised,
        rule,
    })
}

/// `weights` deciding in `mode`, with the calibration fitted on their own
/// output for the validation episodes.
fn fitted_policy(
    weights: &PolicyWeights,
    validation: &[Episode],
    mode: DecisionMode,
) -> Result<Policy, RunError> {
    let unfitted = Policy::new(weights.clone(), DecisionRule::default())?;
    let scored = score_policy(&unfitted, validation);
    let rule = fit_rule(&scored, mode)?;
    Ok(unfitted.with_rule(rule))
}

fn learning_curves(systems: &Systems) -> Vec<(String, Vec<Series>)> {
    let mut curves = vec![
        (
            "REINFORCE: reward".to_owned(),
            curve_series(&systems.rl.curve, "training reward (sampled actions)"),
        ),
        (
            "REINFORCE: greedy policy on held-out episodes".to_owned(),
            quality_series(&systems.rl.curve),
        ),
    ];
    if let Some((trained, _)) = &systems.supervised {
        curves.push((
            "Supervised (cross-entropy): loss and reward".to_owned(),
            curve_series(&trained.curve, "training loss (cross-entropy)"),
        ));
    }
    curves
}

/// Evaluates every system on the development set in `dir` against the
/// whole table, indexed exactly as `nayose link` indexes it, and linked
/// through the library's [`Linker`]. Returns the RL policy's per-row results.
fn evaluate_dev_set(
    index: &Arc<Index>,
    dir: &Path,
    systems: &Systems,
    report: &mut EvaluationReport,
    stages: &mut Stages,
) -> Result<DevLinks, RunError> {
    let queries = read_dev_set(dir)?;
    stages.say(&format!(
        "evaluating on {} queries from {}",
        queries.len(),
        dir.display()
    ));
    let missing = missing_truths(index, &queries);
    if missing > 0 {
        report.notes.push(format!(
            "{missing} queries name a true company that is not in this table; they count as absent"
        ));
    }
    report.notes.push(format!(
        "Development set: {} ({} queries), linked through the library's Linker against {} companies indexed as `nayose link` indexes them; never used in training.",
        dir.display(),
        queries.len(),
        index.len()
    ));
    let linked = |policy: &Policy| {
        let linker = Linker::new(Arc::clone(index), policy.clone());
        link_dev_set(&linker, &queries)
    };
    let decisions = |results: &[LinkResult]| -> Vec<Decision> {
        queries
            .iter()
            .zip(results)
            .map(|(q, r)| link_decision(q, r))
            .collect()
    };
    if let Some((baseline, rule)) = &systems.rule {
        report.systems.push(SystemReport::evaluate(
            &format!("rule (similarity >= {:.2})", baseline.threshold),
            &rule_decisions(index, baseline, rule, &queries),
        ));
    }
    if let Some((_, policy)) = &systems.supervised {
        report.systems.push(SystemReport::evaluate(
            "supervised (cross-entropy)",
            &decisions(&linked(policy)),
        ));
    }
    let results = linked(&systems.rl_policy);
    report.systems.push(SystemReport::evaluate(
        "RL policy (REINFORCE)",
        &decisions(&results),
    ));
    Ok((queries, results))
}

/// Without a development set: every system on the held-out episodes.
fn evaluate_episodes(validation: &[Episode], systems: &Systems, report: &mut EvaluationReport) {
    report.notes.push(format!(
        "No development set given: figures are on {} held-out episodes of the training noise process, by episode kind.",
        validation.len()
    ));
    if let Some((_, policy)) = &systems.supervised {
        report.systems.push(SystemReport::evaluate(
            "supervised (cross-entropy)",
            &episode_decisions(validation, policy),
        ));
    }
    report.systems.push(SystemReport::evaluate(
        "RL policy (REINFORCE)",
        &episode_decisions(validation, &systems.rl_policy),
    ));
}

fn artifact(
    config: &RunConfig,
    weights: PolicyWeights,
    decision: DecisionRule,
    metrics: Map<String, Value>,
) -> ModelArtifact {
    let code = CodeVersions::current();
    let hyperparameters = match serde_json::to_value(config) {
        Ok(Value::Object(mut map)) => {
            // Paths describe this machine, not the model.
            for key in ["companies", "out", "report_dir", "eval_dir"] {
                map.remove(key);
            }
            map
        }
        _ => Map::new(),
    };
    ModelArtifact {
        meta: ModelMeta {
            format_version: 0,
            normalizer_version: code.normalizer,
            feature_schema_version: code.feature_schema,
            features: weights.features(),
            hidden: weights.hidden(),
            hyperparameters,
            seed: config.seed,
            metrics,
            decision,
            weights_file: String::new(),
            weights_sha256: String::new(),
        },
        weights,
    }
}

/// The default report directory for an artifact directory.
#[must_use]
pub fn default_report_dir(out: &Path) -> PathBuf {
    out.join("report")
}
