//! Errors of writing a report.

use std::path::PathBuf;

/// Why a report, or one of its files, could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The output directory could not be created.
    #[error("cannot create the report directory {}: {source}", path.display())]
    CreateDir {
        /// The directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A report file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The report could not be serialised to JSON.
    #[error("cannot serialise the report to JSON for {}: {source}", path.display())]
    Json {
        /// The file that was to be written.
        path: PathBuf,
        /// The underlying error.
        source: serde_json::Error,
    },
    /// A chart could not be drawn or saved (plotters' message; often a missing
    /// directory or a full disk).
    #[error("cannot draw the chart {}: {message}", path.display())]
    Chart {
        /// The PNG file.
        path: PathBuf,
        /// What plotters said.
        message: String,
    },
    /// The chart font embedded in the binary (`data/fonts/DejaVuSans-ascii.ttf`)
    /// was rejected by the font parser; the build embedded a broken file.
    #[error(
        "the embedded chart font (data/fonts/DejaVuSans-ascii.ttf) is not a valid font, so {} cannot be drawn; rebuild with the file from git",
        path.display()
    )]
    Font {
        /// The PNG file that was to be drawn.
        path: PathBuf,
    },
}
