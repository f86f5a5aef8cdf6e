//! The outcome of linking one record (CONTRACTS §3 `match_status`): one
//! enum for the policy's decision, the linker's results, the report and
//! both front-ends.

use serde::{Deserialize, Serialize};

/// The outcome of one record. The policy decides among `Matched`, `Review`
/// and `Unmatched`; `Error` is the linker's, for a record that cannot be
/// processed (its result's `match_error` says why).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchStatus {
    /// Linked with confidence at or above the accept threshold.
    Matched,
    /// A link is proposed, but its confidence is below the accept threshold.
    Review,
    /// No company in the table is likely enough.
    Unmatched,
    /// The record could not be processed.
    Error,
}

impl MatchStatus {
    /// The contract's spelling (`matched`, `review`, `unmatched`, `error`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Matched => "matched",
            Self::Review => "review",
            Self::Unmatched => "unmatched",
            Self::Error => "error",
        }
    }
}

impl std::fmt::Display for MatchStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_are_the_contracts_and_serde_agrees() {
        use MatchStatus::*;
        let all = [Matched, Review, Unmatched, Error];
        let spelled: Vec<&str> = all.iter().map(|s| s.as_str()).collect();
        assert_eq!(spelled, ["matched", "review", "unmatched", "error"]);
        for status in all {
            let json = serde_json::to_string(&status).unwrap_or_default();
            assert_eq!(json, format!("\"{status}\""));
        }
    }
}
