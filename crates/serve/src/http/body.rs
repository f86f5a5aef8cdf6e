//! Reading a request body with a size limit (413 beyond it, CONTRACTS §5).

use axum::body::Body;
use axum::http::{HeaderMap, header};
use futures_util::StreamExt;

use super::error::ApiError;

fn too_large(limit: usize) -> ApiError {
    ApiError::TooLarge(format!(
        "the body is larger than the limit of {limit} bytes ({:.1} MiB; \
         NAYOSE_MAX_PAYLOAD_MB); split the input",
        limit as f64 / (1024.0 * 1024.0)
    ))
}

/// The whole body, or 413 as soon as it is known to exceed `limit` bytes
/// (from `Content-Length`, or while it streams in).
pub async fn read_limited(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
) -> Result<Vec<u8>, ApiError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large(limit));
    }
    let mut bytes = Vec::with_capacity(declared.unwrap_or(0));
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk
            .map_err(|e| ApiError::BadRequest(format!("cannot read the request body: {e}")))?;
        if bytes.len() + chunk.len() > limit {
            return Err(too_large(limit));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}
