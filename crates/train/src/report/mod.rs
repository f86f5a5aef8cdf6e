//! The evaluation report: how well a linking system did on an evaluation set.
//!
//! Input is one [`Decision`] per evaluation query (what the system proposed,
//! with which status and score, and what the truth was). From those:
//!
//! - [`category_metrics`]: precision, recall, F1, match rate (名寄せ率) and the
//!   false-link rate on absent companies, per evaluation category;
//! - [`reliability`]: a reliability diagram and the expected calibration error
//!   (ECE) of the link scores (CONTRACTS §3: of links scored ~0.9, ~90% should
//!   be right);
//! - [`precision_recall_curve`]: precision and recall as the auto-accept
//!   threshold sweeps over the scores;
//! - [`cost_curve`]: the expected cost per 1 000 rows for a few prices of a
//!   wrong link, in reviews;
//! - [`line_chart_png`], [`pr_chart_png`], [`reliability_png`]: PNG charts
//!   drawn with an embedded font (no system fonts needed);
//! - [`EvaluationReport::write`]: `report.md`, `report.json` and the charts in
//!   one directory, several systems side by side.
//!
//! # Not applicable values
//!
//! A ratio whose denominator is zero (recall of a category with no present
//! company, precision of a system that linked nothing, the false-link rate of a
//! category without absent companies, …) is `f64::NAN` in the structs, `–` in
//! `report.md` and `null` in `report.json`; reading the JSON back gives `NAN`
//! again. Nothing here panics or divides by zero on empty input.

mod calibration_metrics;
mod charts;
mod cost;
mod decision;
mod document;
mod error;
mod markdown;
mod metrics;
mod nan_null;
mod pr_curve;

pub use calibration_metrics::{Reliability, ReliabilityBin, reliability};
pub use charts::{CHART_SIZE, Series, line_chart_png, pr_chart_png, reliability_png};
pub use cost::{CostPoint, MISSED_LINK_PRICE, WRONG_LINK_PRICES, cost_curve};
pub use decision::{Decision, Status};
pub use document::{CategoryReliability, EvaluationReport, RELIABILITY_BINS, SystemReport};
pub use error::ReportError;
pub use metrics::{ALL_CATEGORY, CategoryMetrics, PRESENT_CATEGORY, category_metrics};
pub use pr_curve::{PrPoint, precision_recall_curve};

/// `numerator ÷ denominator`, or `NAN` (not applicable) when the denominator is 0.
pub(crate) fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        f64::NAN
    } else {
        numerator as f64 / denominator as f64
    }
}

/// A score as used by every metric here: `f64`, clamped to [0, 1], with a
/// non-finite score (NaN) counted as 0 (no confidence).
pub(crate) fn clean_score(score: f32) -> f64 {
    let score = f64::from(score);
    if score.is_nan() {
        0.0
    } else {
        score.clamp(0.0, 1.0)
    }
}
