//! The embedded default company table: generated on first use, deterministic,
//! so a fresh clone needs nothing but the code.

use std::path::PathBuf;

use nayose::source::SourceLocation;

use crate::output::{GenerateError, GenerateSummary, generate};
use crate::table::TableConfig;

/// Rows of the default table (the size of the table the product serves).
pub const DEFAULT_ROWS: usize = 1_400_000;
/// Seed of the default table (the shipped model is trained on this table).
pub const DEFAULT_SEED: u64 = 42;
/// Queries of the default development evaluation set.
pub const DEFAULT_EVAL_QUERIES: usize = 20_000;

/// Directory of the default table: `$NAYOSE_DATA_DIR`, else `data/default`
/// in the source tree this binary was built from.
pub fn default_dir() -> PathBuf {
    match std::env::var_os("NAYOSE_DATA_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => {
            // crates/datagen → the repository root.
            let crate_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
            crate_dir
                .parent()
                .and_then(std::path::Path::parent)
                .unwrap_or(crate_dir)
                .join("data")
                .join("default")
        }
    }
}

/// The default table's SQLite file.
pub fn default_table_path() -> PathBuf {
    default_dir().join("companies.sqlite")
}

/// Generates the default table (and its evaluation set under `eval/`) unless
/// it exists; returns its path and, when it was generated, the summary.
/// Generation writes to a temporary file renamed at the end, so an interrupted
/// run never leaves a partial table behind.
pub async fn ensure_default_table(
    progress: impl FnMut(u64),
) -> Result<(PathBuf, Option<GenerateSummary>), GenerateError> {
    let path = default_table_path();
    if path.is_file() {
        return Ok((path, None));
    }
    let dir = default_dir();
    std::fs::create_dir_all(&dir).map_err(|cause| GenerateError::Io {
        path: dir.clone(),
        cause,
    })?;
    let partial = dir.join(format!("companies.sqlite.partial-{}", std::process::id()));
    let _ = std::fs::remove_file(&partial);
    let location = SourceLocation::parse(&format!("sqlite://{}", partial.display()))?;
    let config = TableConfig {
        rows: DEFAULT_ROWS,
        seed: DEFAULT_SEED,
    };
    let eval_dir = dir.join("eval");
    let summary = generate(
        config,
        &location,
        Some((&eval_dir, DEFAULT_EVAL_QUERIES)),
        progress,
    )
    .await?;
    std::fs::rename(&partial, &path).map_err(|cause| GenerateError::Io {
        path: path.clone(),
        cause,
    })?;
    Ok((path, Some(summary)))
}
