//! The endpoints of CONTRACTS §5, plus `GET /status`.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use nayose::linker::LinkResult;
use serde_json::json;

use super::access::Linked;
use super::body::read_limited;
use super::charset::Charset;
use super::error::ApiError;
use super::format::{Format, SUPPORTED};
use super::render::render;
use super::request::parse;
use super::state::AppState;
use crate::clients::link::link_rows;

/// `GET /ping`: 200 with an empty body once the model and the index are
/// loaded, 503 before. Never waits on `/invocations`.
pub async fn ping(State(state): State<Arc<AppState>>) -> StatusCode {
    if state.linker().is_some() {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    }
}

/// `GET /execution-parameters` for Batch Transform.
pub async fn execution_parameters(State(state): State<Arc<AppState>>) -> Response {
    let config = &state.config;
    json_response(&json!({
        "MaxConcurrentTransforms": config.max_concurrent_transforms,
        "BatchStrategy": config.batch_strategy,
        "MaxPayloadInMB": config.max_payload_mb,
    }))
}

/// `GET /status`: the index version and size, the last refresh, the model.
pub async fn status(State(state): State<Arc<AppState>>) -> Response {
    json_response(&state.status())
}

/// A 200 with `value` as its JSON body.
fn json_response(value: &impl serde::Serialize) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(e) => ApiError::Internal(format!("cannot write JSON: {e}")).into_response(),
    }
}

/// Anything else: 404 with a JSON error.
pub async fn not_found() -> ApiError {
    ApiError::NotFound(
        "no such endpoint; use GET /ping, POST /invocations, GET /execution-parameters \
         or GET /status"
            .to_owned(),
    )
}

/// `POST /invocations`: links the clients in the body and answers in the
/// format `Accept` asks for (the request's by default).
pub async fn invocations(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let header_text = |name| headers.get(name).and_then(|v| v.to_str().ok());
    let content_type = header_text(header::CONTENT_TYPE).ok_or_else(|| {
        ApiError::UnsupportedMediaType(format!("missing Content-Type; use one of {SUPPORTED}"))
    })?;
    let input = Format::from_content_type(content_type).ok_or_else(|| {
        ApiError::UnsupportedMediaType(format!(
            "unsupported Content-Type `{content_type}`; use one of {SUPPORTED}"
        ))
    })?;
    let accept = header_text(header::ACCEPT);
    let output = Format::from_accept(accept, input).ok_or_else(|| {
        ApiError::NotAcceptable(format!(
            "cannot answer in `{}`; accept one of {SUPPORTED}",
            accept.unwrap_or_default()
        ))
    })?;
    let encoding = Charset::requested(content_type, input == Format::Csv)?;
    let bytes = read_limited(&headers, body, state.config.max_payload_bytes).await?;
    let linker = state.linker().ok_or_else(|| ApiError::Unavailable {
        message: "the model and the company index are still loading".to_owned(),
        retry_after: 5,
    })?;
    let permit = state.gate.enter().await?;
    let work_state = Arc::clone(&state);
    let (body, linked, charset) = tokio::task::spawn_blocking(move || {
        let parsed = parse(
            input,
            &bytes,
            encoding,
            &work_state.csv_columns,
            work_state.config.max_rows,
        )?;
        let results: Vec<LinkResult> = link_rows(&linker, &parsed.rows, false)
            .into_iter()
            .map(|(result, _)| result)
            .collect();
        let ids: Vec<&str> = parsed.rows.iter().map(|r| r.client_id.as_str()).collect();
        let header = output == Format::Csv && (parsed.csv_header || input == Format::Json);
        let errors = results.iter().filter(|r| r.match_error.is_some());
        let linked = Linked {
            rows: results.len(),
            error_rows: errors.clone().count(),
            first_error: errors.clone().next().and_then(|r| r.match_error.clone()),
        };
        // A CSV answer goes back in the request's charset, so Batch
        // Transform's joined lines are in one encoding; JSON is UTF-8.
        let charset = if output == Format::Csv {
            Charset::of(parsed.detected)
        } else {
            Charset::Utf8
        };
        render(output, &ids, &results, header).map(|body| (charset.encode(body), linked, charset))
    })
    .await
    .map_err(|e| ApiError::Internal(format!("linking failed: {e}")))??;
    drop(permit);
    let media_type = match charset {
        Charset::Utf8 => output.media_type().to_owned(),
        Charset::ShiftJis => format!("text/csv; charset={}", charset.name()),
    };
    let mut response = ([(header::CONTENT_TYPE, media_type)], body).into_response();
    response.extensions_mut().insert(linked);
    Ok(response)
}
