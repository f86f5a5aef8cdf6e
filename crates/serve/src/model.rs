//! Choosing the model directory: flag, then `NAYOSE_MODEL_DIR`, then
//! `opt/ml/model` under the working directory, then `/opt/ml/model` (the
//! container), then the model this build's source tree ships.

use std::path::{Path, PathBuf};

/// The model directory to use for `flag`.
#[must_use]
pub fn resolve_model_dir(flag: Option<&Path>) -> PathBuf {
    if let Some(dir) = flag {
        return dir.to_owned();
    }
    if let Some(dir) = std::env::var_os("NAYOSE_MODEL_DIR").filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../opt/ml/model");
    [
        PathBuf::from("opt/ml/model"),
        PathBuf::from("/opt/ml/model"),
        shipped.clone(),
    ]
    .into_iter()
    .find(|dir| dir.join("model.json").is_file())
    .unwrap_or(shipped)
}
