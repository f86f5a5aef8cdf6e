//! Reading a request body with a size limit (413 beyond it, CONTRACTS §5).

use std::time::Duration;

use axum::body::{Body, BodyDataStream};
use axum::http::{HeaderMap, header};
use futures_util::StreamExt;

use super::error::ApiError;

/// Bytes of an oversized body read and thrown away before the 413 is sent,
/// so a client that writes its whole body before reading still gets the
/// answer (beyond this the connection is simply closed).
const DISCARD_BYTES: usize = 64 * 1024 * 1024;

/// How long discarding an oversized body may take.
const DISCARD_TIME: Duration = Duration::from_secs(10);

fn too_large(limit: usize) -> ApiError {
    ApiError::TooLarge(format!(
        "the body is larger than the limit of {limit} bytes ({:.1} MiB; \
         NAYOSE_MAX_PAYLOAD_MB); split the input",
        limit as f64 / (1024.0 * 1024.0)
    ))
}

/// The whole body, or 413 once it is known to exceed `limit` bytes (from
/// `Content-Length`, or while it streams in).
pub async fn read_limited(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
) -> Result<Vec<u8>, ApiError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<usize>().ok());
    let mut stream = body.into_data_stream();
    if declared.is_some_and(|n| n > limit) {
        discard(&mut stream, 0).await;
        return Err(too_large(limit));
    }
    let mut bytes = Vec::with_capacity(declared.unwrap_or(0));
    while let Some(chunk) = stream.next().await {
        let chunk = chunk
            .map_err(|e| ApiError::BadRequest(format!("cannot read the request body: {e}")))?;
        if bytes.len() + chunk.len() > limit {
            let seen = bytes.len() + chunk.len();
            drop(bytes);
            discard(&mut stream, seen).await;
            return Err(too_large(limit));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// Reads and drops the rest of a body, up to [`DISCARD_BYTES`] in all and
/// [`DISCARD_TIME`].
async fn discard(stream: &mut BodyDataStream, mut seen: usize) {
    let drain = async {
        while seen <= DISCARD_BYTES {
            match stream.next().await {
                Some(Ok(chunk)) => seen += chunk.len(),
                _ => break,
            }
        }
    };
    let _ = tokio::time::timeout(DISCARD_TIME, drain).await;
}
