//! From the network's probabilities to a link decision (CONTRACTS §3).
//!
//! The network gives a probability to "no match" and to each candidate. The
//! best candidate's probability is calibrated into a confidence that linking
//! it is correct. The link is `matched` when the policy's own choice is that
//! candidate and the confidence reaches the accept threshold; a candidate
//! whose confidence reaches the review threshold but not that is proposed as
//! `review`; anything else is `unmatched`.

use serde::{Deserialize, Serialize};

use super::calibration::Calibration;
use super::network::{PolicyOutput, PolicyWeights, ShapeError};
use crate::features::{FEATURE_COUNT, FeatureVector};
use crate::status::MatchStatus;

/// The calibration and thresholds that turn probabilities into a status;
/// stored in `model.json` beside the weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionRule {
    /// Raw best-candidate probability → confidence.
    pub calibration: Calibration,
    /// Confidence at or above which the policy's chosen link is `matched`.
    pub accept_threshold: f32,
    /// Confidence at or above which a candidate is proposed for `review`.
    pub review_threshold: f32,
}

impl Default for DecisionRule {
    fn default() -> Self {
        Self {
            calibration: Calibration::identity(),
            accept_threshold: 0.5,
            review_threshold: 0.2,
        }
    }
}

/// One decision: the proposed candidate (if any), its confidence, the
/// status, and the network's full output for explanations.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyDecision {
    /// The best candidate (index into the candidate list), proposed when the
    /// status is `matched` or `review`.
    pub proposed: Option<usize>,
    /// The network's probability for the best candidate (0 without
    /// candidates).
    pub raw_probability: f32,
    /// The calibrated confidence that linking the best candidate is correct.
    pub confidence: f32,
    /// The outcome: `Matched`, `Review` or `Unmatched` (never `Error`).
    pub status: MatchStatus,
    /// The network's logits and probabilities (index 0 = no match).
    pub output: PolicyOutput,
}

/// A ready-to-use policy: weights plus decision rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    weights: PolicyWeights,
    rule: DecisionRule,
}

impl Policy {
    /// A policy from weights and a rule; the weights must take
    /// [`FEATURE_COUNT`] features.
    pub fn new(weights: PolicyWeights, rule: DecisionRule) -> Result<Self, ShapeError> {
        weights.check()?;
        if weights.features() != FEATURE_COUNT {
            return Err(ShapeError::Features {
                found: weights.features(),
                expected: FEATURE_COUNT,
            });
        }
        Ok(Self { weights, rule })
    }

    /// The same weights under another decision rule (training fits the
    /// rule on the weights' own output).
    #[must_use]
    pub fn with_rule(self, rule: DecisionRule) -> Self {
        Self { rule, ..self }
    }

    /// The weights.
    #[must_use]
    pub fn weights(&self) -> &PolicyWeights {
        &self.weights
    }

    /// The decision rule.
    #[must_use]
    pub fn rule(&self) -> &DecisionRule {
        &self.rule
    }

    /// Decides among `candidates` (feature vectors in retrieval order).
    #[must_use]
    pub fn decide(&self, candidates: &[FeatureVector]) -> PolicyDecision {
        self.decide_output(self.score(candidates))
    }

    /// The network's output for one query's candidates (feature vectors in
    /// retrieval order; index 0 of the output is "no match").
    #[must_use]
    pub fn score(&self, candidates: &[FeatureVector]) -> PolicyOutput {
        self.weights
            .score(candidates)
            // `new` checked that the weights take FEATURE_COUNT features, so
            // this cannot fail; abstaining would be the safe answer if it did.
            .unwrap_or_else(|_| PolicyOutput::abstain())
    }

    /// Applies the decision rule to an already computed network output.
    #[must_use]
    pub fn decide_output(&self, output: PolicyOutput) -> PolicyDecision {
        decide_with(&self.rule, output)
    }
}

/// Applies `rule` to a network output (index 0 = no match): the one
/// decision function of the workspace. Serving, calibration, threshold
/// fitting and evaluation all decide through it.
#[must_use]
pub fn decide_with(rule: &DecisionRule, output: PolicyOutput) -> PolicyDecision {
    let best = output.best_candidate();
    let chosen = output.choice();
    let (proposed, raw_probability, confidence, status) = match best {
        None => (None, 0.0, 0.0, MatchStatus::Unmatched),
        Some((candidate, p)) => {
            let confidence = rule.calibration.apply(p);
            let status = if chosen == Some(candidate) && confidence >= rule.accept_threshold {
                MatchStatus::Matched
            } else if confidence >= rule.review_threshold {
                MatchStatus::Review
            } else {
                MatchStatus::Unmatched
            };
            let proposed = (status != MatchStatus::Unmatched).then_some(candidate);
            (proposed, p, confidence, status)
        }
    };
    PolicyDecision {
        proposed,
        raw_probability,
        confidence,
        status,
        output,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(probabilities: &[f32]) -> PolicyOutput {
        PolicyOutput {
            logits: probabilities.iter().map(|p| p.ln()).collect(),
            probabilities: probabilities.to_vec(),
        }
    }

    #[test]
    fn statuses_follow_choice_and_thresholds() {
        let rule = DecisionRule {
            calibration: Calibration::identity(),
            accept_threshold: 0.8,
            review_threshold: 0.3,
        };
        let d = decide_with(&rule, output(&[0.05, 0.9, 0.05]));
        assert_eq!((d.proposed, d.status), (Some(0), MatchStatus::Matched));
        let d = decide_with(&rule, output(&[0.1, 0.2, 0.7]));
        assert_eq!((d.proposed, d.status), (Some(1), MatchStatus::Review));
        // The policy prefers "no match" but a candidate is plausible.
        let d = decide_with(&rule, output(&[0.55, 0.45]));
        assert_eq!((d.proposed, d.status), (Some(0), MatchStatus::Review));
        let d = decide_with(&rule, output(&[0.8, 0.1, 0.1]));
        assert_eq!((d.proposed, d.status), (None, MatchStatus::Unmatched));
        let d = decide_with(&rule, output(&[1.0]));
        assert_eq!(
            (d.proposed, d.status, d.confidence),
            (None, MatchStatus::Unmatched, 0.0)
        );
    }

    #[test]
    fn policy_refuses_wrong_feature_count_and_decides_without_candidates() {
        let weights = PolicyWeights::zeros(FEATURE_COUNT - 1, 4);
        assert!(Policy::new(weights, DecisionRule::default()).is_err());
        let policy = Policy::new(
            PolicyWeights::zeros(FEATURE_COUNT, 4),
            DecisionRule::default(),
        )
        .unwrap();
        let d = policy.decide(&[]);
        assert_eq!(d.status, MatchStatus::Unmatched);
        // Zero weights: every option equally likely, so no candidate is chosen
        // with confidence ≥ 0.5 among 3 options.
        let d = policy.decide(&[[0.5; FEATURE_COUNT], [0.1; FEATURE_COUNT]]);
        assert_eq!(d.output.probabilities.len(), 3);
        assert_eq!(d.status, MatchStatus::Review);
    }
}
