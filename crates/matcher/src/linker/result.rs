//! What linking one record gives back (CONTRACTS §3), and the explanation
//! of a decision.

use crate::policy::DecisionMode;
use serde::Serialize;

pub use crate::status::MatchStatus;

/// A candidate with its calibrated score, for review work.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoredCandidate {
    /// Company id.
    pub id: String,
    /// Company name.
    pub name: String,
    /// Calibrated confidence that this candidate is the company.
    pub score: f32,
}

/// The result of linking one record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkResult {
    /// The linked (or proposed, under review) company's id.
    pub match_id: Option<String>,
    /// That company's name.
    pub match_name: Option<String>,
    /// Calibrated confidence that the link is correct, in [0, 1]; 0 without
    /// a link.
    pub match_score: f32,
    /// The outcome.
    pub match_status: MatchStatus,
    /// Why the record could not be processed (status `error` only).
    pub match_error: Option<String>,
    /// A remark on the record's identifier fields, whatever the status but
    /// `error`: a 会社法人等番号 or a cell that is no number (set aside), a
    /// 13-digit number with a wrong check digit ([`identifier_note`]).
    ///
    /// [`identifier_note`]: super::identifier_note
    pub match_note: Option<String>,
    /// The candidates, best first (as many as the linker was asked for).
    pub candidates: Vec<ScoredCandidate>,
}

impl LinkResult {
    /// An `error` result with its reason.
    #[must_use]
    pub fn error(reason: impl Into<String>) -> Self {
        Self {
            match_id: None,
            match_name: None,
            match_score: 0.0,
            match_status: MatchStatus::Error,
            match_error: Some(reason.into()),
            match_note: None,
            candidates: Vec::new(),
        }
    }

    /// The same result with `note` as its [`LinkResult::match_note`].
    #[must_use]
    pub fn with_note(mut self, note: Option<String>) -> Self {
        self.match_note = note;
        self
    }

    /// `match_score` as text (CONTRACTS §3): [`format_score`], or empty
    /// when nothing is linked.
    #[must_use]
    pub fn score_text(&self) -> String {
        if self.match_id.is_some() {
            format_score(self.match_score)
        } else {
            String::new()
        }
    }
}

/// A score as every text output spells it: four decimals.
///
/// ```
/// assert_eq!(nayose::linker::format_score(0.987_654), "0.9877");
/// ```
#[must_use]
pub fn format_score(score: f32) -> String {
    format!("{score:.4}")
}

/// One candidate in an explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExplainedCandidate {
    /// Position in retrieval order.
    pub rank: usize,
    /// Company id.
    pub id: String,
    /// Company name.
    pub name: String,
    /// Retrieval score.
    pub retrieval_score: f32,
    /// The access paths that found it.
    pub paths: Vec<&'static str>,
    /// The policy's probability for linking it.
    pub probability: f32,
    /// Every feature's value, by name, in schema order.
    pub features: Vec<(&'static str, f32)>,
}

/// Why a record was linked, proposed or left unmatched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The decision.
    pub result: LinkResult,
    /// The policy's probability for "no match".
    pub no_match_probability: f32,
    /// The best candidate's raw probability before calibration.
    pub raw_probability: f32,
    /// The policy's probability for the review action (deferring to a
    /// person).
    pub review_probability: f32,
    /// How the model chooses the status: its own action (`policy`) or
    /// thresholds on the calibrated score (with their values).
    pub decision_mode: DecisionMode,
    /// The candidates considered, in retrieval order.
    pub candidates: Vec<ExplainedCandidate>,
}
