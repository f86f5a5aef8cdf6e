//! Loading the model and the index (retrying with backoff until it works)
//! and keeping the index up to date with the company source.
//!
//! A refresh reads the rows whose `updated_at` is later than the watermark
//! (the latest `updated_at` seen so far) and the source's current id set,
//! and hands both to [`Index::sync`], which works out the hard deletes
//! (`changed_since` cannot see them) under its safety rules and returns the
//! next version. This module only schedules that and swaps the result in
//! atomically; requests in flight finish on the version they started with. A failed refresh changes nothing and is
//! reported in the logs and `/status`. A source without an `updated_at`
//! column is rebuilt whole at each refresh instead.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use nayose::CompanySource;
use nayose::index::{IdCensus, Index, IndexError, RetrievalConfig, SyncError, SyncRules};
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
    /// Building the index failed, or its work on a blocking thread panicked.
    #[error("cannot build the index: {0}")]
    Index(#[from] IndexError),
    /// The index refused the synchronisation (it keeps serving the last
    /// good version).
    #[error(transparent)]
    Sync(#[from] SyncError),
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
    let (index, _report) = Index::build(source, RetrievalConfig::default()).await?;
    let index = Arc::new(index);
    let for_watermark = Arc::clone(&index);
    let watermark =
        tokio::task::spawn_blocking(move || for_watermark.latest_updated_at().map(str::to_owned))
            .await
            .map_err(IndexError::from)?;
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
    let mut census = IdCensus::new(&index);
    source.ids(|id| census.see(id)).await?;
    let upsert_count = upserts.len();
    let next_watermark = upserts
        .iter()
        .filter_map(|r| r.updated_at.as_deref().map(str::trim))
        .max()
        .map(str::to_owned);
    let rules = SyncRules {
        compact_rows: state.config.compact_rows,
        ..SyncRules::default()
    };
    // The sync walks 1.4 M rows and may rebuild segments: CPU work, off the
    // async workers.
    let synced = tokio::task::spawn_blocking(move || index.sync(census, upserts, &rules))
        .await
        .map_err(IndexError::from)??;
    let deletes = synced.deletes;
    let Some(next) = synced.next else {
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
    let (index, report) = Index::build(source, current.index().config()).await?;
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
