//! From the network's output to a link decision (CONTRACTS §3).
//!
//! The network gives an action (link a candidate, review, no match) and a
//! belief: a probability that "no match" or each candidate is the right
//! option. The best candidate's belief is calibrated into a confidence that
//! linking it is correct (`match_score`). How the status is chosen is the
//! rule's [`DecisionMode`]: the policy's own action (the reinforcement-
//! learning policy, which learned when to defer from the price of a review
//! and of a wrong link), or thresholds on the confidence (the supervised
//! baseline, whose thresholds follow from the same prices). Either way a
//! candidate tied on the evidence with another one
//! ([`crate::features::Feature::EvidenceTie`]) is never `matched`: the
//! query cannot tell them apart, so a person must.

use serde::{Deserialize, Serialize};

use super::calibration::Calibration;
use super::network::{Action, PolicyOutput, PolicyWeights, ShapeError};
use crate::features::{FEATURE_COUNT, FeatureVector};
use crate::status::MatchStatus;

/// How the status is chosen from the network's output.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "choice", rename_all = "snake_case")]
pub enum DecisionMode {
    /// The policy's own action: a link is `matched`, review is `review`,
    /// no match is `unmatched`.
    Policy,
    /// Thresholds on the calibrated confidence of the best candidate.
    Thresholds {
        /// Confidence at or above which the likeliest candidate is
        /// `matched` (when it is likelier than "no match").
        accept_threshold: f32,
        /// Confidence at or above which a candidate is proposed for
        /// `review`.
        review_threshold: f32,
    },
}

/// The calibration and the mode that turn the network's output into a
/// status; stored in `model.json` beside the weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionRule {
    /// Raw best-candidate probability → confidence.
    pub calibration: Calibration,
    /// For a candidate tied with others on the evidence
    /// ([`PolicyOutput::is_tied`]): the network's belief in the whole group
    /// ([`PolicyOutput::tie_mass`]) → the probability that the company meant
    /// is one of the group. The query cannot tell the members apart, so the
    /// confidence in any one of them is that probability divided by the
    /// group's size. `None` (a model without one) uses `calibration` for
    /// every candidate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tie_calibration: Option<Calibration>,
    /// For a candidate that stands alone and agrees with the query on a
    /// phone number or web domain ([`PolicyOutput::contact_backed`]): its
    /// raw probability → confidence, fitted on such proposals alone. An
    /// identifier that names one company makes a link far more certain than
    /// the same raw probability reached on names and addresses, so one map
    /// for both would understate the one and overstate the other. `None`
    /// (a model without one) uses `calibration`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_calibration: Option<Calibration>,
    /// How the status is chosen.
    pub mode: DecisionMode,
}

impl Default for DecisionRule {
    fn default() -> Self {
        Self {
            calibration: Calibration::identity(),
            tie_calibration: None,
            contact_calibration: None,
            mode: DecisionMode::Policy,
        }
    }
}

impl DecisionRule {
    /// The calibrated confidence that linking candidate `i` of `output` is
    /// correct. For a tied candidate, when the rule has a tie map: the
    /// calibrated belief in its group, shared evenly by the group's members.
    /// For a candidate that agrees with the query on a phone number or web
    /// domain, when the rule has a contact map: that map.
    #[must_use]
    pub fn confidence(&self, output: &PolicyOutput, i: usize) -> f32 {
        if let Some(tie) = &self.tie_calibration
            && output.is_tied(i)
        {
            let members = output.tie_members(i).len().max(1);
            return tie.apply(output.tie_mass(i)) / members as f32;
        }
        let raw = output.probabilities.get(i + 1).copied().unwrap_or(0.0);
        match &self.contact_calibration {
            Some(contact) if output.contact_backed(i) => contact.apply(raw),
            _ => self.calibration.apply(raw),
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
/// decision function of the workspace. Serving, calibration, fitting and
/// evaluation all decide through it.
#[must_use]
pub fn decide_with(rule: &DecisionRule, output: PolicyOutput) -> PolicyDecision {
    let best = output.proposal();
    let (proposed, raw_probability, confidence, status) = match best {
        None => (None, 0.0, 0.0, MatchStatus::Unmatched),
        Some((candidate, p)) => {
            let confidence = rule.confidence(&output, candidate);
            let status = match rule.mode {
                DecisionMode::Policy => match output.action() {
                    Action::Link(i) if i == candidate => MatchStatus::Matched,
                    Action::Link(_) | Action::Review => MatchStatus::Review,
                    Action::NoMatch => MatchStatus::Unmatched,
                },
                DecisionMode::Thresholds {
                    accept_threshold,
                    review_threshold,
                } => {
                    if output.choice() == Some(candidate) && confidence >= accept_threshold {
                        MatchStatus::Matched
                    } else if confidence >= review_threshold {
                        MatchStatus::Review
                    } else {
                        MatchStatus::Unmatched
                    }
                }
            };
            let status = if status == MatchStatus::Matched && output.is_tied(candidate) {
                MatchStatus::Review
            } else {
                status
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

    /// An output with these beliefs (index 0 = no match) and review logit.
    fn output(probabilities: &[f32], review_logit: f32) -> PolicyOutput {
        PolicyOutput::from_logits(probabilities.iter().map(|p| p.ln()).collect(), review_logit)
    }

    const NEVER: f32 = f32::NEG_INFINITY;

    #[test]
    fn thresholds_follow_choice_and_confidence() {
        let rule = DecisionRule {
            calibration: Calibration::identity(),
            tie_calibration: None,
            contact_calibration: None,
            mode: DecisionMode::Thresholds {
                accept_threshold: 0.8,
                review_threshold: 0.3,
            },
        };
        let d = decide_with(&rule, output(&[0.05, 0.9, 0.05], NEVER));
        assert_eq!((d.proposed, d.status), (Some(0), MatchStatus::Matched));
        let d = decide_with(&rule, output(&[0.1, 0.2, 0.7], NEVER));
        assert_eq!((d.proposed, d.status), (Some(1), MatchStatus::Review));
        // "No match" is likelier but a candidate is plausible.
        let d = decide_with(&rule, output(&[0.55, 0.45], NEVER));
        assert_eq!((d.proposed, d.status), (Some(0), MatchStatus::Review));
        let d = decide_with(&rule, output(&[0.8, 0.1, 0.1], NEVER));
        assert_eq!((d.proposed, d.status), (None, MatchStatus::Unmatched));
        let d = decide_with(&rule, output(&[1.0], NEVER));
        assert_eq!(
            (d.proposed, d.status, d.confidence),
            (None, MatchStatus::Unmatched, 0.0)
        );
    }

    #[test]
    fn the_policy_mode_follows_the_action() {
        let rule = DecisionRule::default();
        // Link: the candidate's logit is the highest of all.
        let d = decide_with(&rule, output(&[0.05, 0.9, 0.05], -5.0));
        assert_eq!((d.proposed, d.status), (Some(0), MatchStatus::Matched));
        // Review beats the candidate: proposed with its confidence.
        let d = decide_with(&rule, output(&[0.05, 0.9, 0.05], 0.0));
        assert_eq!((d.proposed, d.status), (Some(0), MatchStatus::Review));
        assert!((d.confidence - 0.9).abs() < 1e-6);
        // No match beats everything: nothing proposed, whatever the
        // candidate's confidence.
        let d = decide_with(&rule, output(&[0.6, 0.4], -3.0));
        assert_eq!((d.proposed, d.status), (None, MatchStatus::Unmatched));
    }

    #[test]
    fn a_tie_on_the_evidence_is_never_matched() {
        let policy = DecisionRule::default();
        let thresholds = DecisionRule {
            calibration: Calibration::identity(),
            tie_calibration: None,
            contact_calibration: None,
            mode: DecisionMode::Thresholds {
                accept_threshold: 0.0,
                review_threshold: 0.0,
            },
        };
        for rule in [policy, thresholds] {
            let mut tied = output(&[0.001, 0.998, 0.001], NEVER);
            assert_eq!(
                decide_with(&rule, tied.clone()).status,
                MatchStatus::Matched
            );
            tied.tie_group = vec![Some(0), Some(0)];
            let d = decide_with(&rule, tied);
            assert_eq!((d.proposed, d.status), (Some(0), MatchStatus::Review));
        }
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
        // Zero weights: every logit 0, review included; the tie between
        // equal logits goes to the first candidate, which is not matched
        // because the two candidates are tied on the evidence.
        let mut a = [0.5; FEATURE_COUNT];
        a[crate::features::Feature::EvidenceTie as usize] = 1.0;
        let d = policy.decide(&[a, a]);
        assert_eq!(d.output.probabilities.len(), 3);
        assert_eq!(d.output.tie_group, vec![Some(0), Some(0)]);
        assert_eq!(d.output.best_candidate().map(|(i, _)| i), Some(0));
        assert_ne!(d.status, MatchStatus::Matched);
        // A candidate flagged as tied is never matched, even when no other
        // candidate matches it any more: it is a group of its own.
        let mut b = [0.1; FEATURE_COUNT];
        b[crate::features::Feature::EvidenceTie as usize] = 1.0;
        let d = policy.decide(&[a, b]);
        assert_eq!(d.output.tie_group, vec![Some(0), Some(1)]);
        assert_ne!(d.status, MatchStatus::Matched);
    }

    #[test]
    fn a_candidate_backed_by_a_phone_or_web_domain_is_scored_by_the_contact_map() {
        let raise = Calibration::from_knots(vec![[0.0, 0.5], [1.0, 1.0]]).expect("knots");
        let halve = Calibration::from_knots(vec![[0.0, 0.0], [1.0, 0.5]]).expect("knots");
        let rule = DecisionRule {
            tie_calibration: Some(halve),
            contact_calibration: Some(raise),
            ..DecisionRule::default()
        };
        let mut out = output(&[0.2, 0.4, 0.4], NEVER);
        // Not known or not agreeing: the main map (identity here).
        assert!((decide_with(&rule, out.clone()).confidence - 0.4).abs() < 1e-6);
        out.contact_agrees = vec![true, false];
        assert!((decide_with(&rule, out.clone()).confidence - 0.7).abs() < 1e-6);
        // A tie stays a tie, whatever agrees: the tie map, shared.
        out.tie_group = vec![Some(0), Some(0)];
        let d = decide_with(&rule, out.clone());
        assert!((d.confidence - 0.2).abs() < 1e-6, "{}", d.confidence);
        // Without a tie map, a tied candidate takes the main map, as the
        // contact map is fitted on candidates that stand alone.
        let no_tie_map = DecisionRule {
            tie_calibration: None,
            ..rule.clone()
        };
        let d = decide_with(&no_tie_map, out);
        assert!((d.confidence - 0.4).abs() < 1e-6, "{}", d.confidence);
        // The flags come from the features.
        let mut phone = [0.1; FEATURE_COUNT];
        phone[crate::features::Feature::PhoneExact as usize] = 1.0;
        let policy = Policy::new(PolicyWeights::zeros(FEATURE_COUNT, 4), rule).expect("shape");
        let scored = policy.score(&[phone, [0.1; FEATURE_COUNT]]);
        assert_eq!(scored.contact_agrees, vec![true, false]);
    }

    #[test]
    fn a_tied_candidate_is_scored_by_the_tie_map() {
        let halve = Calibration::from_knots(vec![[0.0, 0.0], [1.0, 0.5]]).expect("knots");
        let rule = DecisionRule {
            tie_calibration: Some(halve),
            ..DecisionRule::default()
        };
        let mut tied = output(&[0.2, 0.4, 0.4], NEVER);
        let alone = decide_with(&rule, tied.clone());
        assert!(
            (alone.confidence - 0.4).abs() < 1e-6,
            "{}",
            alone.confidence
        );
        // The tie map reads the group's belief (0.8), halves it, and the
        // two members share it.
        tied.tie_group = vec![Some(0), Some(0)];
        let d = decide_with(&rule, tied.clone());
        assert!((d.confidence - 0.2).abs() < 1e-6, "{}", d.confidence);
        // Three members share the group's belief three ways.
        let mut three = output(&[0.1, 0.3, 0.3, 0.3], NEVER);
        three.tie_group = vec![Some(0), Some(0), Some(0)];
        let d = decide_with(&rule, three);
        assert!((d.confidence - 0.15).abs() < 1e-6, "{}", d.confidence);
        // Without a tie map the tie is scored like any candidate.
        let d = decide_with(&DecisionRule::default(), tied);
        assert!((d.confidence - 0.4).abs() < 1e-6, "{}", d.confidence);
    }
}
