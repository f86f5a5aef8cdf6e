//! The model artifact (CONTRACTS §7): `model.json` (versions, hyper-parameters,
//! seed, metrics, checksum) beside the weights, `policy.bin` (little-endian
//! f32 tensors in a fixed order). Loading refuses an artifact whose versions
//! do not match the code, or whose weights do not match their checksum.

use std::fs;
use std::path::{Path, PathBuf};

use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::decide::{DecisionRule, Policy};
use super::network::{PolicyWeights, REVIEW_EXTRA_INPUTS, ShapeError};

/// Version of the artifact layout written by this code.
pub const ARTIFACT_FORMAT_VERSION: u32 = 4;
/// Name of the metadata file.
pub const META_FILE: &str = "model.json";
/// Name of the weights file.
pub const WEIGHTS_FILE: &str = "policy.bin";

/// `model.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelMeta {
    /// Artifact layout version.
    pub format_version: u32,
    /// Normaliser version the model was trained with.
    pub normalizer_version: u32,
    /// Feature-schema version the model was trained with.
    pub feature_schema_version: u32,
    /// Features per candidate (F).
    pub features: usize,
    /// Hidden width (H).
    pub hidden: usize,
    /// Hyper-parameters of the training run.
    #[serde(default)]
    pub hyperparameters: serde_json::Map<String, serde_json::Value>,
    /// Training seed.
    pub seed: u64,
    /// Training and evaluation metrics.
    #[serde(default)]
    pub metrics: serde_json::Map<String, serde_json::Value>,
    /// Calibration and thresholds that turn the network's output into a
    /// status.
    pub decision: DecisionRule,
    /// The weights file, relative to the artifact directory.
    pub weights_file: String,
    /// SHA-256 of the weights file, lower-case hex.
    pub weights_sha256: String,
}

/// The versions of the running code an artifact must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeVersions {
    /// The normaliser version.
    pub normalizer: u32,
    /// The feature-schema version.
    pub feature_schema: u32,
    /// Features per candidate.
    pub features: usize,
}

impl CodeVersions {
    /// The versions of this build: its normaliser and feature schema.
    pub fn current() -> Self {
        Self {
            normalizer: crate::normalize::NORMALIZER_VERSION,
            feature_schema: crate::features::FEATURE_SCHEMA_VERSION,
            features: crate::features::FEATURE_COUNT,
        }
    }
}

/// Why an artifact could not be written or used.
#[derive(Debug, thiserror::Error)]
pub enum ArtifactError {
    /// A file could not be read or written.
    #[error("cannot access {path}: {cause}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        cause: std::io::Error,
    },
    /// `model.json` is not valid.
    #[error("invalid {path}: {cause}")]
    Json {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        cause: serde_json::Error,
    },
    /// The artifact was made by other code.
    #[error(
        "the model in {dir} was trained with {what} {artifact}, but this build uses {code}; \
         retrain the model (train --companies … --out {dir}) or use a matching build"
    )]
    Version {
        /// The artifact directory.
        dir: PathBuf,
        /// Which version differs.
        what: &'static str,
        /// The artifact's.
        artifact: u64,
        /// The code's.
        code: u64,
    },
    /// The weights do not match their checksum.
    #[error("the weights in {path} are corrupt: SHA-256 {found}, model.json says {expected}")]
    Checksum {
        /// The weights file.
        path: PathBuf,
        /// The checksum in model.json.
        expected: String,
        /// The checksum of the file.
        found: String,
    },
    /// The weights file has the wrong size for the shapes in model.json.
    #[error("{path} holds {found} bytes, the shapes in model.json need {expected}")]
    Size {
        /// The weights file.
        path: PathBuf,
        /// Bytes needed.
        expected: usize,
        /// Bytes found.
        found: usize,
    },
    /// The tensors do not fit together.
    #[error(transparent)]
    Shape(#[from] ShapeError),
}

/// A trained policy with its metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelArtifact {
    /// `model.json`.
    pub meta: ModelMeta,
    /// The weights.
    pub weights: PolicyWeights,
}

/// The tensors in file order with their element counts.
fn tensor_lengths(features: usize, hidden: usize) -> [usize; 10] {
    [
        hidden * features,
        hidden,
        hidden * hidden,
        hidden,
        hidden,
        1,
        2 * hidden,
        1,
        2 * hidden + REVIEW_EXTRA_INPUTS,
        1,
    ]
}

fn encode(weights: &PolicyWeights) -> Vec<u8> {
    let mut values: Vec<f32> = Vec::new();
    values.extend(weights.w1.iter());
    values.extend(weights.b1.iter());
    values.extend(weights.w2.iter());
    values.extend(weights.b2.iter());
    values.extend(weights.w_score.iter());
    values.push(weights.b_score);
    values.extend(weights.w_none.iter());
    values.push(weights.b_none);
    values.extend(weights.w_review.iter());
    values.push(weights.b_review);
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn decode(bytes: &[u8], features: usize, hidden: usize) -> Option<PolicyWeights> {
    let values: Vec<f32> = bytes
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    let mut parts = Vec::new();
    let mut start = 0;
    for len in tensor_lengths(features, hidden) {
        parts.push(values.get(start..start + len)?.to_vec());
        start += len;
    }
    let mut parts = parts.into_iter();
    let mut next = || parts.next().unwrap_or_default();
    Some(PolicyWeights {
        w1: Array2::from_shape_vec((hidden, features), next()).ok()?,
        b1: Array1::from(next()),
        w2: Array2::from_shape_vec((hidden, hidden), next()).ok()?,
        b2: Array1::from(next()),
        w_score: Array1::from(next()),
        b_score: next().first().copied()?,
        w_none: Array1::from(next()),
        b_none: next().first().copied()?,
        w_review: Array1::from(next()),
        b_review: next().first().copied()?,
    })
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl ModelArtifact {
    /// The ready-to-use policy (weights plus decision rule).
    pub fn policy(&self) -> Result<Policy, ShapeError> {
        Policy::new(self.weights.clone(), self.meta.decision.clone())
    }

    /// Writes `model.json` and `policy.bin` into `dir` (created if needed);
    /// the checksum and shapes in `meta` are filled in from the weights.
    pub fn save(&mut self, dir: &Path) -> Result<(), ArtifactError> {
        self.weights.check()?;
        let io = |path: &Path| {
            let path = path.to_owned();
            move |cause| ArtifactError::Io { path, cause }
        };
        fs::create_dir_all(dir).map_err(io(dir))?;
        let bytes = encode(&self.weights);
        self.meta.format_version = ARTIFACT_FORMAT_VERSION;
        self.meta.features = self.weights.features();
        self.meta.hidden = self.weights.hidden();
        self.meta.weights_file = WEIGHTS_FILE.to_owned();
        self.meta.weights_sha256 = sha256_hex(&bytes);
        let weights_path = dir.join(WEIGHTS_FILE);
        fs::write(&weights_path, &bytes).map_err(io(&weights_path))?;
        let meta_path = dir.join(META_FILE);
        let json = serde_json::to_vec_pretty(&self.meta).map_err(|cause| ArtifactError::Json {
            path: meta_path.clone(),
            cause,
        })?;
        fs::write(&meta_path, json).map_err(io(&meta_path))
    }

    /// Reads the artifact in `dir`, refusing one made for other code.
    pub fn load(dir: &Path, code: CodeVersions) -> Result<Self, ArtifactError> {
        let meta_path = dir.join(META_FILE);
        let text = fs::read(&meta_path).map_err(|cause| ArtifactError::Io {
            path: meta_path.clone(),
            cause,
        })?;
        let meta: ModelMeta =
            serde_json::from_slice(&text).map_err(|cause| ArtifactError::Json {
                path: meta_path.clone(),
                cause,
            })?;
        let version = |what, artifact: u64, code: u64| {
            if artifact == code {
                Ok(())
            } else {
                Err(ArtifactError::Version {
                    dir: dir.to_owned(),
                    what,
                    artifact,
                    code,
                })
            }
        };
        version(
            "artifact format",
            u64::from(meta.format_version),
            u64::from(ARTIFACT_FORMAT_VERSION),
        )?;
        version(
            "normaliser version",
            u64::from(meta.normalizer_version),
            u64::from(code.normalizer),
        )?;
        version(
            "feature-schema version",
            u64::from(meta.feature_schema_version),
            u64::from(code.feature_schema),
        )?;
        version("feature count", meta.features as u64, code.features as u64)?;
        let weights_path = dir.join(&meta.weights_file);
        let bytes = fs::read(&weights_path).map_err(|cause| ArtifactError::Io {
            path: weights_path.clone(),
            cause,
        })?;
        let found = sha256_hex(&bytes);
        if found != meta.weights_sha256 {
            return Err(ArtifactError::Checksum {
                path: weights_path,
                expected: meta.weights_sha256,
                found,
            });
        }
        let expected: usize = tensor_lengths(meta.features, meta.hidden)
            .iter()
            .sum::<usize>()
            * 4;
        let weights = decode(&bytes, meta.features, meta.hidden)
            .filter(|_| bytes.len() == expected)
            .ok_or(ArtifactError::Size {
                path: weights_path,
                expected,
                found: bytes.len(),
            })?;
        weights.check()?;
        Ok(Self { meta, weights })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn artifact() -> ModelArtifact {
        let mut weights = PolicyWeights::zeros(3, 4);
        for (i, w) in weights.w1.iter_mut().enumerate() {
            *w = i as f32 * 0.25 - 1.0;
        }
        weights.b_none = 0.5;
        weights.w_none[7] = -2.0;
        weights.w_review[9] = 3.0;
        weights.b_review = -1.5;
        ModelArtifact {
            meta: ModelMeta {
                format_version: 0,
                normalizer_version: 1,
                feature_schema_version: 9,
                features: 0,
                hidden: 0,
                hyperparameters: serde_json::Map::from_iter([("lambda".into(), "20".into())]),
                seed: 42,
                metrics: serde_json::Map::new(),
                decision: DecisionRule {
                    calibration: crate::policy::Calibration::from_knots(vec![
                        [0.1, 0.2],
                        [0.9, 0.8],
                    ])
                    .unwrap(),
                    tie_calibration: None,
                    contact_calibration: None,
                    mode: crate::policy::DecisionMode::Thresholds {
                        accept_threshold: 0.7,
                        review_threshold: 0.3,
                    },
                },
                weights_file: String::new(),
                weights_sha256: String::new(),
            },
            weights,
        }
    }

    const CODE: CodeVersions = CodeVersions {
        normalizer: 1,
        feature_schema: 9,
        features: 3,
    };

    #[test]
    fn current_versions_follow_the_code() {
        let current = CodeVersions::current();
        assert_eq!(current.features, crate::features::FEATURES.len());
        assert_eq!(current.normalizer, crate::normalize::NORMALIZER_VERSION);
    }

    #[test]
    fn round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let mut original = artifact();
        original.save(dir.path()).unwrap();
        let loaded = ModelArtifact::load(dir.path(), CODE).unwrap();
        assert_eq!(loaded, original);
        assert_eq!(loaded.meta.features, 3);
        assert_eq!(loaded.meta.weights_sha256.len(), 64);
    }

    #[test]
    fn refuses_other_versions_and_corrupt_weights() {
        let dir = tempfile::tempdir().unwrap();
        artifact().save(dir.path()).unwrap();
        let err = ModelArtifact::load(
            dir.path(),
            CodeVersions {
                feature_schema: 10,
                ..CODE
            },
        )
        .unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("feature-schema version 9") && message.contains("uses 10"),
            "{message}"
        );
        let err = ModelArtifact::load(
            dir.path(),
            CodeVersions {
                normalizer: 2,
                ..CODE
            },
        )
        .unwrap_err();
        assert!(matches!(
            err,
            ArtifactError::Version {
                what: "normaliser version",
                ..
            }
        ));
        let weights = dir.path().join(WEIGHTS_FILE);
        let mut bytes = fs::read(&weights).unwrap();
        bytes[0] ^= 1;
        fs::write(&weights, &bytes).unwrap();
        assert!(matches!(
            ModelArtifact::load(dir.path(), CODE),
            Err(ArtifactError::Checksum { .. })
        ));
        let missing = ModelArtifact::load(&dir.path().join("nowhere"), CODE).unwrap_err();
        assert!(missing.to_string().contains("model.json"), "{missing}");
    }
}
