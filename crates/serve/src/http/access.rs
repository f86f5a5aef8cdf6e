//! The access log: one JSON line per request with method, path, status,
//! latency and the rows linked.

use std::time::Instant;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use serde_json::json;

use super::log::{self, Level};

/// Rows linked by a request, attached to its response for the access log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rows(pub usize);

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
    let rows = response.extensions().get::<Rows>().map(|r| r.0);
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
            "rows": rows,
        }),
    );
    response
}
