//! Errors that are the caller's to fix (bad usage, unreadable input): the
//! binaries exit with code 2 for these and 1 for anything else.

/// A usage or input error, with the message to show.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(String);

impl UsageError {
    /// A usage error saying `message`.
    #[must_use]
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

/// The exit code for `error`: 2 when it is (or wraps) a [`UsageError`], else 1.
#[must_use]
pub fn exit_code(error: &anyhow::Error) -> u8 {
    if error.chain().any(|cause| cause.is::<UsageError>()) {
        2
    } else {
        1
    }
}
