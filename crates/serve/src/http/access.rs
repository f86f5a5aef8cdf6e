//! The access log: one JSON line per request with method, path, status,
//! latency, the rows linked, how many of them were `error` rows and the
//! first one's reason.

use std::time::Instant;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use serde_json::json;

use super::log::{self, Level};

/// What a request linked, attached to its response for the access log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linked {
    /// Rows answered.
    pub rows: usize,
    /// Rows answered with status `error`.
    pub error_rows: usize,
    /// The reason of the first `error` row.
    pub first_error: Option<String>,
}

/// Middleware that logs every request except `GET /ping` (SageMaker polls it
/// constantly; its failures are logged).
pub async fn log_requests(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let status = response.status();
    if path == "/ping" && status.is_success() {
        return response;
    }
    let linked = response.extensions().get::<Linked>();
    let level = if status.is_server_error() {
        Level::Warn
    } else {
        Level::Info
    };
    log::event(
        level,
        "request",
        json!({
            "method": method.as_str(),
            "path": path,
            "status": status.as_u16(),
            "latency_ms": (started.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0,
            "rows": linked.map(|l| l.rows),
            "error_rows": linked.map(|l| l.error_rows),
            "first_error": linked.and_then(|l| l.first_error.as_deref()),
        }),
    );
    response
}
