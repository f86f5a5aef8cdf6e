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
    /// The company the query was written from when the set leaves `truth`
    /// empty although the company is in the table, because nothing in the
    /// query can say which row it is (a name several rows carry). Metrics
    /// count such a query as one no link can be right for; calibration
    /// judges a proposal against it, since a score is the chance that the
    /// proposal is the company meant.
    #[serde(default)]
    pub intended: Option<String>,
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

    /// Whether the company the query was written from is in the table:
    /// [`Decision::is_present`], or a name several rows carry
    /// ([`Decision::intended`]). Such a row left `unmatched` loses a
    /// company the table holds, whether or not one row can be named right.
    pub fn company_in_table(&self) -> bool {
        self.truth.is_some() || self.intended.is_some()
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

    /// Whether a proposal exists and names the company the query was
    /// written from: the true company, or [`Decision::intended`] when the
    /// set leaves the truth empty. What calibration judges.
    pub fn proposal_is_meant(&self) -> bool {
        let meant = self.truth.as_ref().or(self.intended.as_ref());
        matches!((&self.proposed, meant), (Some(p), Some(m)) if p == m)
    }
}
