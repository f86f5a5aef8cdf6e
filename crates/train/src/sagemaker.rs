//! SageMaker's training layout (CONTRACTS §7): `train` with no arguments
//! reads its hyper-parameters from `input/config/hyperparameters.json` (all
//! values are strings), the company table from the `training` channel (or
//! `NAYOSE_COMPANIES`), the development set from the `eval` channel if
//! present, writes the artifact to `model/`, the report to `output/data/`,
//! and on failure a reason to `output/failure`.
//!
//! The root is `/opt/ml`, or `NAYOSE_SAGEMAKER_ROOT` when set (for tests).

use std::fs;
use std::path::{Path, PathBuf};

/// Why the SageMaker layout cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SageMakerError {
    /// A file or directory could not be read.
    #[error("cannot read {path}: {cause}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        cause: std::io::Error,
    },
    /// `hyperparameters.json` is not a JSON object of strings.
    #[error("{path} is not a JSON object of hyper-parameters: {reason}")]
    Hyperparameters {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// No company table was found.
    #[error(
        "no company table: put a .sqlite, .db or .csv file in {dir} (the `training` channel) \
         or set NAYOSE_COMPANIES"
    )]
    NoTable {
        /// The training channel.
        dir: PathBuf,
    },
}

/// The directories of SageMaker's training layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    root: PathBuf,
}

impl Layout {
    /// `/opt/ml`, or `NAYOSE_SAGEMAKER_ROOT` when set.
    #[must_use]
    pub fn from_env() -> Self {
        let root = std::env::var_os("NAYOSE_SAGEMAKER_ROOT")
            .map_or_else(|| PathBuf::from("/opt/ml"), PathBuf::from);
        Self { root }
    }

    /// A layout under `root`.
    #[must_use]
    pub fn at(root: &Path) -> Self {
        Self {
            root: root.to_owned(),
        }
    }

    /// `input/config/hyperparameters.json`.
    #[must_use]
    pub fn hyperparameters(&self) -> PathBuf {
        self.root.join("input/config/hyperparameters.json")
    }

    /// `input/data/training/`.
    #[must_use]
    pub fn training_channel(&self) -> PathBuf {
        self.root.join("input/data/training")
    }

    /// `input/data/eval/`.
    #[must_use]
    pub fn eval_channel(&self) -> PathBuf {
        self.root.join("input/data/eval")
    }

    /// `model/`.
    #[must_use]
    pub fn model_dir(&self) -> PathBuf {
        self.root.join("model")
    }

    /// `output/data/`.
    #[must_use]
    pub fn report_dir(&self) -> PathBuf {
        self.root.join("output/data")
    }

    /// `output/failure`.
    #[must_use]
    pub fn failure_file(&self) -> PathBuf {
        self.root.join("output/failure")
    }

    /// The command line equivalent to this layout: the source, the output
    /// directories, the development set when the `eval` channel has one,
    /// and every hyper-parameter as `--name value` (`"true"` makes a bare
    /// flag, `"false"` leaves it out).
    pub fn arguments(&self) -> Result<Vec<String>, SageMakerError> {
        let mut args = vec!["train".to_owned()];
        let companies = match std::env::var("NAYOSE_COMPANIES") {
            Ok(value) if !value.trim().is_empty() => value,
            _ => find_table(&self.training_channel())?,
        };
        args.extend(["--companies".to_owned(), companies]);
        args.extend(["--out".to_owned(), self.model_dir().display().to_string()]);
        args.extend([
            "--report".to_owned(),
            self.report_dir().display().to_string(),
        ]);
        let eval = self.eval_channel();
        if eval.join("queries.csv").is_file() {
            args.extend(["--eval-dir".to_owned(), eval.display().to_string()]);
        }
        let path = self.hyperparameters();
        if path.is_file() {
            args.extend(hyperparameter_arguments(&path)?);
        }
        Ok(args)
    }

    /// Writes `reason` to the failure file (best effort: the exit code
    /// still tells SageMaker that the job failed).
    pub fn write_failure(&self, reason: &str) {
        let path = self.failure_file();
        if let Some(parent) = path.parent() {
            let _ = fs::create_dir_all(parent);
        }
        if let Err(error) = fs::write(&path, format!("{reason}\n")) {
            eprintln!("cannot write {}: {error}", path.display());
        }
    }
}

/// `--name value` pairs from a hyper-parameters file (names may use `_`
/// or `-`).
pub fn hyperparameter_arguments(path: &Path) -> Result<Vec<String>, SageMakerError> {
    let text = fs::read_to_string(path).map_err(|cause| SageMakerError::Io {
        path: path.to_owned(),
        cause,
    })?;
    let invalid = |reason: String| SageMakerError::Hyperparameters {
        path: path.to_owned(),
        reason,
    };
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| invalid(e.to_string()))?;
    let object = value
        .as_object()
        .ok_or_else(|| invalid("the top level is not an object".to_owned()))?;
    let mut args = Vec::new();
    for (name, value) in object {
        let flag = format!("--{}", name.replace('_', "-"));
        let text = match value {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Bool(b) => b.to_string(),
            other => return Err(invalid(format!("`{name}` has the value {other}"))),
        };
        match text.as_str() {
            "true" | "True" => args.push(flag),
            "false" | "False" => {}
            _ => args.extend([flag, text]),
        }
    }
    Ok(args)
}

/// The first `.sqlite`, `.db` or `.csv` file in `dir` (by name).
pub fn find_table(dir: &Path) -> Result<String, SageMakerError> {
    let entries = fs::read_dir(dir).map_err(|_| SageMakerError::NoTable {
        dir: dir.to_owned(),
    })?;
    let mut tables: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| matches!(e, "sqlite" | "sqlite3" | "db" | "csv"))
        })
        .collect();
    tables.sort();
    tables
        .first()
        .map(|p| p.display().to_string())
        .ok_or_else(|| SageMakerError::NoTable {
            dir: dir.to_owned(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyperparameters_become_flags() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hyperparameters.json");
        fs::write(
            &path,
            r#"{"steps": "200", "wrong_link_cost": "12.5", "quiet": "true", "no_baselines": "false"}"#,
        )
        .unwrap();
        let args = hyperparameter_arguments(&path).unwrap();
        assert_eq!(
            args,
            // serde_json's map is sorted by name.
            ["--quiet", "--steps", "200", "--wrong-link-cost", "12.5"].map(String::from)
        );
        fs::write(&path, r#"["steps"]"#).unwrap();
        assert!(hyperparameter_arguments(&path).is_err());
    }

    #[test]
    fn finds_the_table_in_the_channel() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            find_table(dir.path()),
            Err(SageMakerError::NoTable { .. })
        ));
        fs::write(dir.path().join("notes.txt"), "x").unwrap();
        fs::write(dir.path().join("companies.sqlite"), "x").unwrap();
        assert!(
            find_table(dir.path())
                .unwrap()
                .ends_with("companies.sqlite")
        );
    }
}
