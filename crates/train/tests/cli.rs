//! The `train` binary: a small run writes a loadable artifact and a report;
//! bad usage exits 2; SageMaker mode follows /opt/ml (here a temporary
//! root) and reports failures in `output/failure`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail by panicking

use std::path::Path;
use std::process::Command;

use nayose::policy::{CodeVersions, ModelArtifact};
use nayose::source::SourceLocation;
use nayose_datagen::{TableConfig, generate};

fn train() -> Command {
    Command::new(env!("CARGO_BIN_EXE_train"))
}

async fn small_table(path: &Path, eval: Option<&Path>) {
    let location = SourceLocation::parse(path.to_str().unwrap()).unwrap();
    let config = TableConfig {
        rows: 2_000,
        seed: 5,
    };
    generate(config, &location, eval.map(|dir| (dir, 300)), |_| {})
        .await
        .unwrap();
}

const SMALL_RUN: [&str; 10] = [
    "--episodes",
    "1500",
    "--validation-episodes",
    "300",
    "--steps",
    "40",
    "--batch",
    "32",
    "--eval-every",
    "20",
];

#[tokio::test]
async fn a_small_run_writes_a_loadable_artifact_and_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("companies.sqlite");
    let eval = dir.path().join("eval");
    small_table(&table, Some(&eval)).await;
    let out = dir.path().join("model");
    let status = train()
        .args(["--companies", table.to_str().unwrap()])
        .args(["--out", out.to_str().unwrap()])
        .args(["--eval-dir", eval.to_str().unwrap()])
        .args(["--seed", "3", "--quiet", "--restarts", "2"])
        .args(SMALL_RUN)
        .status()
        .unwrap();
    assert!(status.success());
    let artifact = ModelArtifact::load(&out, CodeVersions::current()).unwrap();
    assert_eq!(artifact.meta.seed, 3);
    assert_eq!(artifact.meta.hyperparameters["train"]["steps"], 40);
    // Two REINFORCE runs, the first with the run's seed; the one kept is
    // the one whose held-out reward is highest, and it is the one shipped.
    let held_out = &artifact.meta.metrics["held_out_episodes"];
    let restarts = held_out["restarts"].as_array().unwrap();
    assert_eq!(restarts.len(), 2);
    assert_eq!(restarts[0]["seed"], 3);
    let reward = |r: &serde_json::Value| r["greedy"]["mean_reward"].as_f64().unwrap();
    let kept = restarts
        .iter()
        .find(|r| r["seed"] == held_out["kept_seed"])
        .unwrap();
    assert!(
        restarts.iter().all(|r| reward(r) <= reward(kept)),
        "{held_out}"
    );
    assert_eq!(held_out["greedy"], kept["greedy"]);
    let evaluation = &artifact.meta.metrics["evaluation"];
    // A 40-step run may link nothing (precision is then null), but every
    // system is evaluated and recall is always defined.
    for system in ["RL policy (REINFORCE)", "supervised (cross-entropy)"] {
        assert!(evaluation[system]["recall"].is_number(), "{evaluation}");
        assert!(evaluation[system].get("precision").is_some());
    }
    assert!(artifact.policy().is_ok());
    for file in ["report.md", "report.json", "pr_curve.png"] {
        assert!(out.join("report").join(file).is_file(), "{file}");
    }
    let markdown = std::fs::read_to_string(out.join("report/report.md")).unwrap();
    for system in ["rule", "supervised", "RL policy"] {
        assert!(markdown.contains(system), "{system}");
    }
}

#[test]
fn bad_usage_exits_2_and_a_missing_source_exits_1() {
    let output = train().args(["--companies"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let output = train()
        .args([
            "--companies",
            dir.path().join("nope.sqlite").to_str().unwrap(),
        ])
        .args(["--out", dir.path().join("m").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("nope.sqlite"), "{stderr}");
}

#[tokio::test]
async fn sagemaker_mode_trains_from_the_layout_and_reports_failures() {
    let root = tempfile::tempdir().unwrap();
    let ml = root.path();
    std::fs::create_dir_all(ml.join("input/config")).unwrap();
    std::fs::create_dir_all(ml.join("input/data/training")).unwrap();
    // No table yet: a failure with a reason.
    let output = train()
        .env("NAYOSE_SAGEMAKER_ROOT", ml)
        .env_remove("NAYOSE_COMPANIES")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let failure = std::fs::read_to_string(ml.join("output/failure")).unwrap();
    assert!(failure.contains("training"), "{failure}");
    std::fs::remove_file(ml.join("output/failure")).unwrap();

    small_table(&ml.join("input/data/training/companies.sqlite"), None).await;
    let hyperparameters: serde_json::Map<String, serde_json::Value> = SMALL_RUN
        .chunks(2)
        .map(|pair| {
            (
                pair[0].trim_start_matches("--").replace('-', "_"),
                pair[1].into(),
            )
        })
        .chain([
            ("no_baselines".to_owned(), "true".into()),
            ("quiet".to_owned(), "true".into()),
        ])
        .collect();
    std::fs::write(
        ml.join("input/config/hyperparameters.json"),
        serde_json::to_string(&hyperparameters).unwrap(),
    )
    .unwrap();
    let status = train()
        .env("NAYOSE_SAGEMAKER_ROOT", ml)
        .env_remove("NAYOSE_COMPANIES")
        .status()
        .unwrap();
    assert!(status.success());
    assert!(ModelArtifact::load(&ml.join("model"), CodeVersions::current()).is_ok());
    assert!(ml.join("output/data/report.md").is_file());
    assert!(!ml.join("output/failure").exists());

    // An unknown hyper-parameter is a failure, explained.
    std::fs::write(
        ml.join("input/config/hyperparameters.json"),
        r#"{"learning_rat": "0.1"}"#,
    )
    .unwrap();
    let status = train()
        .env("NAYOSE_SAGEMAKER_ROOT", ml)
        .env_remove("NAYOSE_COMPANIES")
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
    let failure = std::fs::read_to_string(ml.join("output/failure")).unwrap();
    assert!(failure.contains("learning-rat"), "{failure}");
}
