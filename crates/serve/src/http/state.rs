//! What the handlers share: the settings, the current linker (swapped whole
//! on each refresh), the status report and the concurrency gate.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

use nayose::linker::Linker;
use serde::Serialize;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::config::Config;
use super::error::ApiError;
use crate::clients::columns::Columns;

/// The model in use, for `/status`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ModelStatus {
    /// The artifact directory.
    pub dir: String,
    /// Artifact format version.
    pub format_version: u32,
    /// Normaliser version it was trained with.
    pub normalizer_version: u32,
    /// Feature-schema version it was trained with.
    pub feature_schema_version: u32,
    /// Training seed.
    pub seed: u64,
    /// Checksum of the weights (identifies the model).
    pub weights_sha256: String,
}

/// The index in use, for `/status`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
pub struct IndexStatus {
    /// Version number (+1 per applied refresh or compaction).
    pub version: u64,
    /// Live companies.
    pub rows: usize,
    /// Rows in the delta segment (changed since the last compaction).
    pub delta_rows: usize,
    /// Approximate heap size in bytes.
    pub heap_bytes: usize,
    /// The latest `updated_at` seen; the next refresh reads rows after it.
    pub watermark: Option<String>,
}

/// The refresh history, for `/status`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
pub struct RefreshStatus {
    /// Seconds between refreshes (`None`: never).
    pub interval_secs: Option<u64>,
    /// When the last refresh finished.
    pub last_at: Option<String>,
    /// `ok` or `error`.
    pub last_result: Option<&'static str>,
    /// Why the last refresh failed (credentials redacted).
    pub last_error: Option<String>,
    /// When a refresh last succeeded.
    pub last_success_at: Option<String>,
    /// Rows inserted or updated by the last successful refresh.
    pub last_upserts: usize,
    /// Rows deleted by the last successful refresh.
    pub last_deletes: usize,
    /// How long the last refresh took.
    pub last_duration_ms: u64,
    /// Failures in a row (0 after a success).
    pub consecutive_failures: u32,
}

/// Everything `GET /status` reports.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Status {
    /// `loading` until the first index is built, then `ready`.
    pub state: &'static str,
    /// When the process started.
    pub started_at: String,
    /// When `/ping` turned 200.
    pub ready_at: Option<String>,
    /// Seconds from start to ready.
    pub load_seconds: Option<f64>,
    /// Attempts at the initial load so far.
    pub load_attempts: u32,
    /// Why the last initial-load attempt failed.
    pub last_load_error: Option<String>,
    /// The company source (password redacted).
    pub source: String,
    /// The model.
    pub model: Option<ModelStatus>,
    /// The index.
    pub index: Option<IndexStatus>,
    /// The refreshes.
    pub refresh: RefreshStatus,
    /// Requests being linked right now.
    pub in_flight: usize,
    /// Requests waiting for a slot.
    pub waiting: usize,
}

/// Bounds how many requests link at once and how many may wait.
#[derive(Debug)]
pub struct Gate {
    slots: Arc<Semaphore>,
    size: usize,
    waiting: AtomicUsize,
    max_waiting: usize,
    timeout: Duration,
}

/// Decrements the waiting count when a wait ends, however it ends.
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Gate {
    /// A gate with `size` slots, `max_waiting` places in line and a
    /// `timeout` for the wait.
    #[must_use]
    pub fn new(size: usize, max_waiting: usize, timeout: Duration) -> Self {
        Self {
            slots: Arc::new(Semaphore::new(size)),
            size,
            waiting: AtomicUsize::new(0),
            max_waiting,
            timeout,
        }
    }

    /// A slot, or 503 with `Retry-After` when the line is full or the wait
    /// times out.
    pub async fn enter(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        if let Ok(permit) = Arc::clone(&self.slots).try_acquire_owned() {
            return Ok(permit);
        }
        let busy = |why: &str| ApiError::Unavailable {
            message: format!("the server is busy ({why}); retry shortly"),
            retry_after: 1,
        };
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.max_waiting {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(busy("too many requests waiting"));
        }
        let _waiting = Waiting(&self.waiting);
        match tokio::time::timeout(self.timeout, Arc::clone(&self.slots).acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            Ok(Err(_)) => Err(busy("shutting down")),
            Err(_) => Err(busy("no slot freed in time")),
        }
    }

    /// Requests holding a slot.
    #[must_use]
    pub fn in_flight(&self) -> usize {
        self.size - self.slots.available_permits()
    }

    /// Requests waiting for a slot.
    #[must_use]
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::SeqCst)
    }
}

/// The state every handler shares.
#[derive(Debug)]
pub struct AppState {
    /// The settings.
    pub config: Config,
    /// Column order of header-less CSV requests.
    pub csv_columns: Columns,
    /// The concurrency gate of `/invocations`.
    pub gate: Gate,
    linker: RwLock<Option<Arc<Linker>>>,
    status: Mutex<Status>,
}

impl AppState {
    /// A state with nothing loaded yet; `status` is the initial report.
    #[must_use]
    pub fn new(config: Config, csv_columns: Columns, status: Status) -> Self {
        let gate = Gate::new(
            config.max_concurrency,
            config.max_queue,
            config.queue_timeout,
        );
        Self {
            config,
            csv_columns,
            gate,
            linker: RwLock::new(None),
            status: Mutex::new(status),
        }
    }

    /// The current linker (`None` while loading). The lock is held only to
    /// clone the `Arc`: a request keeps the version it started with.
    #[must_use]
    pub fn linker(&self) -> Option<Arc<Linker>> {
        self.linker
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Swaps in a new linker (a new index version) atomically.
    pub fn set_linker(&self, linker: Arc<Linker>) {
        *self.linker.write().unwrap_or_else(PoisonError::into_inner) = Some(linker);
    }

    /// Changes the status report.
    pub fn update_status(&self, change: impl FnOnce(&mut Status)) {
        change(&mut self.status.lock().unwrap_or_else(PoisonError::into_inner));
    }

    /// A copy of the status report with the live counters filled in.
    #[must_use]
    pub fn status(&self) -> Status {
        let mut status = self
            .status
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        status.in_flight = self.gate.in_flight();
        status.waiting = self.gate.waiting();
        status
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_gate_bounds_the_line() {
        let gate = Gate::new(1, 1, Duration::from_millis(50));
        let held = gate.enter().await;
        assert!(held.is_ok());
        assert_eq!(gate.in_flight(), 1);
        let timed_out = gate.enter().await;
        assert!(matches!(timed_out, Err(ApiError::Unavailable { .. })));
        assert_eq!(gate.waiting(), 0);
        drop(held);
        assert!(gate.enter().await.is_ok());
    }
}
