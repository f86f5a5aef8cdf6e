//! Loading the model and the index (retrying with backoff until it works)
//! and keeping the index up to date with the company source.
//!
//! A refresh reads the rows whose `updated_at` is later than the watermark
//! (the latest `updated_at` seen so far) and the source's current id set:
//! ids the index holds but the source no longer returns are hard deletes,
//! which `changed_since` cannot see. The changes are applied to a new index
//! version that is swapped in atomically; requests in flight finish on the
//! version they started with. A failed refresh changes nothing and is
//! reported in the logs and `/status`. A source without an `updated_at`
//! column is rebuilt whole at each refresh instead.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use nayose::CompanySource;
use nayose::index::{Change, Index, RetrievalConfig};
use nayose::linker::Linker;
use nayose::policy::{CodeVersions, ModelArtifact};
use nayose::source::SourceError;
use serde_json::json;

use super::log::{self, Level, timestamp};
use super::state::{AppState, IndexStatus, ModelStatus};

/// Longest pause between two attempts at the initial load.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// Why loading or refreshing failed (messages carry no credentials: sources
/// name their location redacted).
#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    /// The model artifact could not be loaded.
    #[error("cannot load the model in {dir}: {cause}")]
    Model {
        /// The artifact directory.
        dir: PathBuf,
        /// Why.
        cause: String,
    },
    /// The company source could not be read.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// Building the index failed.
    #[error("cannot build the index: {0}")]
    Index(String),
}

/// The latest `updated_at` of an index's live rows (the first watermark).
fn watermark_of(index: &Index) -> Option<String> {
    let mut latest: Option<&str> = None;
    for_each_live(index, |_, row| {
        if let Some(updated) = row.updated_at.map(str::trim).filter(|u| !u.is_empty())
            && latest.is_none_or(|l| updated > l)
        {
            latest = Some(updated);
        }
    });
    latest.map(str::to_owned)
}

/// Calls `f` with every live row of `index` and its row number. Rows are
/// numbered contiguously (deleted ones leave gaps), so the walk stops once
/// `index.len()` live rows were seen.
fn for_each_live<'a>(index: &'a Index, mut f: impl FnMut(u32, nayose::CompanyRow<'a>)) {
    let mut seen = 0;
    let mut row = 0u32;
    while seen < index.len() && row < u32::MAX {
        if let Some(company) = index.company(row) {
            seen += 1;
            f(row, company);
        }
        row += 1;
    }
}

fn index_status(index: &Index, watermark: Option<String>) -> IndexStatus {
    IndexStatus {
        version: index.version(),
        rows: index.len(),
        delta_rows: index.delta_len(),
        heap_bytes: index.heap_bytes(),
        watermark,
    }
}

/// Loads the model and builds the index once.
async fn load_once(
    source: &CompanySource,
    model_dir: &Path,
    candidates: usize,
) -> Result<(Linker, ModelStatus, Option<String>), RefreshError> {
    let model_error = |cause: String| RefreshError::Model {
        dir: model_dir.to_owned(),
        cause,
    };
    let artifact = ModelArtifact::load(model_dir, CodeVersions::current())
        .map_err(|e| model_error(e.to_string()))?;
    let policy = artifact.policy().map_err(|e| model_error(e.to_string()))?;
    let meta = &artifact.meta;
    let model = ModelStatus {
        dir: std::fs::canonicalize(model_dir)
            .unwrap_or_else(|_| model_dir.to_owned())
            .display()
            .to_string(),
        format_version: meta.format_version,
        normalizer_version: meta.normalizer_version,
        feature_schema_version: meta.feature_schema_version,
        seed: meta.seed,
        weights_sha256: meta.weights_sha256.clone(),
    };
    let (index, _report) = Index::build(source, RetrievalConfig::default())
        .await
        .map_err(|e| RefreshError::Index(e.to_string()))?;
    let index = Arc::new(index);
    let for_watermark = Arc::clone(&index);
    let watermark = tokio::task::spawn_blocking(move || watermark_of(&for_watermark))
        .await
        .map_err(|e| RefreshError::Index(e.to_string()))?;
    let linker = Linker::new(index, policy).with_candidates(candidates);
    Ok((linker, model, watermark))
}

/// Loads the model and the index, retrying with backoff (1 s doubling to
/// 30 s) and logging each failure, until it works. `/ping` answers 503
/// meanwhile. Returns the watermark for the first refresh.
pub async fn load_until_ready(
    state: &AppState,
    source: &CompanySource,
    model_dir: &Path,
    started: Instant,
) -> Option<String> {
    let mut backoff = Duration::from_secs(1);
    let mut attempt = 0u32;
    loop {
        attempt += 1;
        state.update_status(|s| s.load_attempts = attempt);
        log::event(
            Level::Info,
            "load_start",
            json!({ "attempt": attempt, "source": source.location().to_string(),
                    "model_dir": model_dir.display().to_string() }),
        );
        match load_once(source, model_dir, state.config.candidates).await {
            Ok((linker, model, watermark)) => {
                let index = index_status(linker.index(), watermark.clone());
                let seconds = started.elapsed().as_secs_f64();
                log::event(
                    Level::Info,
                    "ready",
                    json!({ "rows": index.rows, "index_version": index.version,
                            "heap_bytes": index.heap_bytes, "load_seconds": seconds,
                            "attempts": attempt }),
                );
                state.set_linker(Arc::new(linker));
                state.update_status(|s| {
                    s.state = "ready";
                    s.ready_at = Some(timestamp(SystemTime::now()));
                    s.load_seconds = Some(seconds);
                    s.last_load_error = None;
                    s.model = Some(model);
                    s.index = Some(index);
                });
                return watermark;
            }
            Err(error) => {
                let message = error.to_string();
                log::event(
                    Level::Error,
                    "load_failed",
                    json!({ "attempt": attempt, "error": message,
                            "retry_in_secs": backoff.as_secs() }),
                );
                state.update_status(|s| s.last_load_error = Some(message));
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
    }
}

/// What one refresh did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RefreshOutcome {
    /// Rows inserted or updated.
    pub upserts: usize,
    /// Rows deleted.
    pub deletes: usize,
    /// Whether a new index version was swapped in.
    pub swapped: bool,
}

/// A growable bit set over row numbers.
#[derive(Default)]
struct RowSet(Vec<u64>);

impl RowSet {
    fn insert(&mut self, row: u32) {
        let word = row as usize / 64;
        if word >= self.0.len() {
            self.0.resize(word + 1, 0);
        }
        self.0[word] |= 1 << (row % 64);
    }

    fn contains(&self, row: u32) -> bool {
        self.0
            .get(row as usize / 64)
            .is_some_and(|w| w & (1 << (row % 64)) != 0)
    }
}

/// Refreshes once: reads changed rows and the id set, applies them to a
/// new index version and swaps it in. `watermark` advances on success.
pub async fn refresh_once(
    state: &AppState,
    source: &CompanySource,
    watermark: &mut Option<String>,
) -> Result<RefreshOutcome, RefreshError> {
    let Some(current) = state.linker() else {
        return Ok(RefreshOutcome::default());
    };
    let index = Arc::clone(current.index());
    let mut upserts = Vec::new();
    let since = watermark.clone().unwrap_or_default();
    match source
        .changed_since(&since, |row| upserts.push(row.to_record()))
        .await
    {
        Ok(_) => {}
        Err(SourceError::NoUpdatedAt { .. }) => return rebuild(state, source, &current).await,
        Err(e) => return Err(e.into()),
    }
    let mut present = RowSet::default();
    source
        .ids(|id| {
            if let Some(row) = index.find(id) {
                present.insert(row);
            }
        })
        .await?;
    let upsert_count = upserts.len();
    let next_watermark = upserts
        .iter()
        .filter_map(|r| r.updated_at.as_deref().map(str::trim))
        .max()
        .map(str::to_owned);
    let compact_rows = state.config.compact_rows;
    // Walking 1.4 M rows and rebuilding segments is CPU work: off the async workers.
    let (next, deletes) = tokio::task::spawn_blocking(move || {
        let mut changes = Vec::with_capacity(upserts.len());
        for_each_live(&index, |row, company| {
            if !present.contains(row) {
                changes.push(Change::Delete(company.id.to_owned()));
            }
        });
        let deletes = changes.len();
        changes.extend(upserts.into_iter().map(Change::Upsert));
        if changes.is_empty() {
            return (None, 0);
        }
        let next = index.apply(&changes);
        let next = if next.delta_len() > compact_rows {
            next.compact()
        } else {
            next
        };
        (Some(next), deletes)
    })
    .await
    .map_err(|e| RefreshError::Index(e.to_string()))?;
    let Some(next) = next else {
        return Ok(RefreshOutcome::default());
    };
    if let Some(next_watermark) = next_watermark
        && watermark
            .as_deref()
            .is_none_or(|w| next_watermark.as_str() > w)
    {
        *watermark = Some(next_watermark);
    }
    let status = index_status(&next, watermark.clone());
    state.set_linker(Arc::new(current.with_index(Arc::new(next))));
    state.update_status(|s| s.index = Some(status));
    Ok(RefreshOutcome {
        upserts: upsert_count,
        deletes,
        swapped: true,
    })
}

/// Rebuilds the whole index (for sources without `updated_at`).
async fn rebuild(
    state: &AppState,
    source: &CompanySource,
    current: &Linker,
) -> Result<RefreshOutcome, RefreshError> {
    let (index, report) = Index::build(source, current.index().config())
        .await
        .map_err(|e| RefreshError::Index(e.to_string()))?;
    let status = index_status(&index, None);
    state.set_linker(Arc::new(current.with_index(Arc::new(index))));
    state.update_status(|s| s.index = Some(status));
    Ok(RefreshOutcome {
        upserts: usize::try_from(report.rows).unwrap_or(usize::MAX),
        deletes: 0,
        swapped: true,
    })
}

/// Refreshes every `interval` forever, logging and recording each result.
pub async fn refresh_loop(
    state: Arc<AppState>,
    source: CompanySource,
    interval: Duration,
    mut watermark: Option<String>,
) {
    loop {
        tokio::time::sleep(interval).await;
        let started = Instant::now();
        let result = refresh_once(&state, &source, &mut watermark).await;
        let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let now = timestamp(SystemTime::now());
        match result {
            Ok(outcome) => {
                if outcome.swapped {
                    let index = state.status().index.unwrap_or_default();
                    log::event(
                        Level::Info,
                        "refresh",
                        json!({ "result": "ok", "upserts": outcome.upserts,
                                "deletes": outcome.deletes, "index_version": index.version,
                                "rows": index.rows, "duration_ms": duration_ms }),
                    );
                }
                state.update_status(|s| {
                    let r = &mut s.refresh;
                    r.last_at = Some(now.clone());
                    r.last_success_at = Some(now);
                    r.last_result = Some("ok");
                    r.last_error = None;
                    r.last_upserts = outcome.upserts;
                    r.last_deletes = outcome.deletes;
                    r.last_duration_ms = duration_ms;
                    r.consecutive_failures = 0;
                });
            }
            Err(error) => {
                let message = error.to_string();
                log::event(
                    Level::Warn,
                    "refresh",
                    json!({ "result": "error", "error": message,
                            "duration_ms": duration_ms,
                            "note": "still serving the last good index" }),
                );
                state.update_status(|s| {
                    let r = &mut s.refresh;
                    r.last_at = Some(now);
                    r.last_result = Some("error");
                    r.last_error = Some(message);
                    r.last_duration_ms = duration_ms;
                    r.consecutive_failures += 1;
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nayose::CompanyRecord;

    fn record(id: &str, updated_at: &str) -> CompanyRecord {
        CompanyRecord {
            id: id.to_owned(),
            name: format!("株式会社テスト{id}"),
            updated_at: Some(updated_at.to_owned()),
            ..CompanyRecord::default()
        }
    }

    #[test]
    fn live_rows_skip_deleted_ones() {
        let rows = vec![
            record("1", "2026-01-01"),
            record("2", "2026-03-01"),
            record("3", "2026-02-01"),
        ];
        let index = Index::from_records(&rows, RetrievalConfig::default());
        assert_eq!(watermark_of(&index).as_deref(), Some("2026-03-01"));
        let next = index.apply(&[
            Change::Delete("2".to_owned()),
            Change::Upsert(record("4", "2026-04-01")),
        ]);
        let mut ids = Vec::new();
        for_each_live(&next, |_, c| ids.push(c.id.to_owned()));
        assert_eq!(ids, ["1", "3", "4"]);
        assert_eq!(watermark_of(&next).as_deref(), Some("2026-04-01"));
    }

    #[test]
    fn row_sets() {
        let mut set = RowSet::default();
        set.insert(3);
        set.insert(200);
        assert!(set.contains(3) && set.contains(200));
        assert!(!set.contains(4) && !set.contains(100_000));
    }
}
