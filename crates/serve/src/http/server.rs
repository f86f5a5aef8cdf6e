//! Running the server: bind at once, load in the background, serve until
//! SIGTERM/SIGINT, then drain in-flight requests and return.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use axum::Router;
use axum::middleware;
use axum::routing::{get, post};
use axum::serve::ListenerExt;
use nayose::source::redact;
use serde_json::json;
use tokio::net::TcpListener;

use super::access::log_requests;
use super::config::Config;
use super::handlers;
use super::log::{self, Level, timestamp};
use super::refresh::{load_until_ready, refresh_loop};
use super::state::{AppState, RefreshStatus, Status};
use crate::clients::columns::Columns;
use crate::companies::resolve_source;
use crate::model::resolve_model_dir;

/// How long in-flight requests may take to finish after SIGTERM (SageMaker
/// sends SIGKILL 30 s after SIGTERM).
pub const DRAIN_TIMEOUT: Duration = Duration::from_secs(25);

/// Why the server stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The port could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The company source setting is unusable (credentials redacted).
    #[error("unusable company source: {0}")]
    Source(String),
    /// Serving failed.
    #[error("the server failed: {0}")]
    Serve(std::io::Error),
    /// A signal handler could not be installed.
    #[error("cannot install the signal handler: {0}")]
    Signal(std::io::Error),
}

/// The router of CONTRACTS §5 (plus `/status`) over `state`.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/ping", get(handlers::ping))
        .route("/invocations", post(handlers::invocations))
        .route("/execution-parameters", get(handlers::execution_parameters))
        .route("/status", get(handlers::status))
        .fallback(handlers::not_found)
        .layer(middleware::from_fn(log_requests))
        .with_state(state)
}

/// Resolves the source, loads until ready, then refreshes forever.
async fn background(state: Arc<AppState>, started: Instant) -> Result<(), ServeError> {
    let source = resolve_source(None, None, true)
        .await
        .map_err(|e| ServeError::Source(redact(&format!("{e:#}"))))?;
    let model_dir = resolve_model_dir(None);
    state.update_status(|s| s.source = source.location().to_string());
    let watermark = load_until_ready(&state, &source, &model_dir, started).await;
    if let Some(interval) = state.config.refresh {
        refresh_loop(Arc::clone(&state), source, interval, watermark).await;
    }
    Ok(())
}

/// Resolves when SIGTERM or SIGINT arrives.
async fn shutdown_signal() -> Result<&'static str, ServeError> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).map_err(ServeError::Signal)?;
    let mut int = signal(SignalKind::interrupt()).map_err(ServeError::Signal)?;
    Ok(tokio::select! {
        _ = term.recv() => "SIGTERM",
        _ = int.recv() => "SIGINT",
    })
}

/// Runs `serve`: binds `0.0.0.0:port` at once (so SageMaker's connection
/// is accepted while the index loads), answers `/ping` 503 until ready,
/// and on SIGTERM/SIGINT stops accepting, drains in-flight requests (at
/// most [`DRAIN_TIMEOUT`]) and returns `Ok`.
pub async fn run(config: Config, csv_columns: Columns) -> Result<(), ServeError> {
    let started = Instant::now();
    let addr = SocketAddr::from((Ipv4Addr::UNSPECIFIED, config.port));
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })?;
    let bound = listener.local_addr().unwrap_or(addr);
    let status = Status {
        state: "loading",
        started_at: timestamp(SystemTime::now()),
        refresh: RefreshStatus {
            interval_secs: config.refresh.map(|d| d.as_secs()),
            ..RefreshStatus::default()
        },
        ..Status::default()
    };
    log::event(
        Level::Info,
        "listening",
        json!({ "addr": bound.to_string(), "max_payload_bytes": config.max_payload_bytes,
                "max_concurrency": config.max_concurrency, "max_rows": config.max_rows,
                "refresh_secs": config.refresh.map(|d| d.as_secs()), "batch": config.batch }),
    );
    let state = Arc::new(AppState::new(config, csv_columns, status));
    let mut loader = tokio::spawn(background(Arc::clone(&state), started));
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    let server = axum::serve(listener, router(state)).with_graceful_shutdown(async move {
        let _ = stop_rx.await;
    });
    let mut server = tokio::spawn(server.into_future());
    let signal = shutdown_signal();
    tokio::pin!(signal);
    let mut loader_done = false;
    loop {
        tokio::select! {
            received = &mut signal => {
                let name = received?;
                log::event(Level::Info, "shutdown", json!({ "signal": name, "drain_timeout_secs": DRAIN_TIMEOUT.as_secs() }));
                loader.abort();
                let _ = stop_tx.send(());
                return match tokio::time::timeout(DRAIN_TIMEOUT, &mut server).await {
                    Ok(Ok(result)) => {
                        log::event(Level::Info, "stopped", json!({ "drained": true }));
                        result.map_err(ServeError::Serve)
                    }
                    Ok(Err(join)) => Err(ServeError::Serve(std::io::Error::other(join.to_string()))),
                    Err(_) => {
                        log::event(Level::Warn, "stopped", json!({ "drained": false }));
                        Ok(())
                    }
                };
            }
            finished = &mut server => {
                return match finished {
                    Ok(result) => result.map_err(ServeError::Serve),
                    Err(join) => Err(ServeError::Serve(std::io::Error::other(join.to_string()))),
                };
            }
            outcome = &mut loader, if !loader_done => {
                loader_done = true;
                match outcome {
                    Ok(Ok(())) => {}
                    Ok(Err(error)) => {
                        log::event(Level::Error, "fatal", json!({ "error": error.to_string() }));
                        return Err(error);
                    }
                    Err(join) => {
                        let error = ServeError::Source(format!("the loader stopped: {join}"));
                        log::event(Level::Error, "fatal", json!({ "error": error.to_string() }));
                        return Err(error);
                    }
                }
            }
        }
    }
}
