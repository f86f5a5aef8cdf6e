//! Errors of the HTTP layer, each turned into a 4xx/5xx with the JSON body
//! `{"error": "..."}` (CONTRACTS §5).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// A request that cannot be answered with results.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The body is not what its content type says, or a client is unusable (400).
    #[error("{0}")]
    BadRequest(String),
    /// The `Content-Type` is missing or not supported (415).
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// No such endpoint (404).
    #[error("{0}")]
    NotFound(String),
    /// No format in `Accept` is supported (406).
    #[error("{0}")]
    NotAcceptable(String),
    /// The body or the row count is over the limit (413).
    #[error("{0}")]
    TooLarge(String),
    /// The model or index is not loaded yet, or every slot is busy (503).
    #[error("{message}")]
    Unavailable {
        /// Why.
        message: String,
        /// Seconds to wait before retrying.
        retry_after: u64,
    },
    /// Something broke inside the server (500).
    #[error("{0}")]
    Internal(String),
}

impl ApiError {
    /// The HTTP status.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::NotAcceptable(_) => StatusCode::NOT_ACCEPTABLE,
            Self::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.to_string() }).to_string();
        let mut response = (
            self.status(),
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response();
        if let Self::Unavailable { retry_after, .. } = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        response
    }
}
