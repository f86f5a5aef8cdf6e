//! The input of the report: one decision of a linking system on one query.

use serde::{Deserialize, Serialize};

/// What a linking system did with a query: the library's status
/// (CONTRACTS §3 `match_status`; an `error` row links nothing and counts as
/// not linked).
pub use nayose::MatchStatus as Status;

/// One decision on one evaluation query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// Evaluation category, e.g. `"typo"`, `"absent"`.
    pub category: String,
    /// The true company id; `None` when the company is absent from the table.
    pub truth: Option<String>,
    /// The company id the system proposed (`None` = no proposal).
    pub proposed: Option<String>,
    /// [`Status::Matched`] (auto-accepted), [`Status::Review`] (proposed but
    /// below the threshold) or [`Status::Unmatched`].
    pub status: Status,
    /// Calibrated confidence that `proposed` is correct; 0 when there is no
    /// proposal. Metrics clamp it to [0, 1] and read NaN as 0.
    pub score: f32,
}

impl Decision {
    /// Whether the query's company is in the table (`truth` is known).
    pub fn is_present(&self) -> bool {
        self.truth.is_some()
    }

    /// Whether this decision is an auto-accepted link: status
    /// [`Status::Matched`] *and* a proposed id. A `Matched` decision without a
    /// proposal links nothing and counts as not linked.
    pub fn is_link(&self) -> bool {
        self.status == Status::Matched && self.proposed.is_some()
    }

    /// Whether a proposal exists and names the true company (whatever the
    /// status). Always false for absent companies.
    pub fn proposal_is_correct(&self) -> bool {
        matches!((&self.proposed, &self.truth), (Some(p), Some(t)) if p == t)
    }
}
