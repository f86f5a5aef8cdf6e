//! The policy network's forward pass, in plain ndarray (no burn at serving).
//!
//! Each of the K candidates is scored by the same two-layer MLP over its
//! feature vector; the "no match" option is scored from the candidate set as
//! a whole (the mean and the max of the candidates' hidden states), so the
//! policy can abstain when no candidate looks right. Candidates beyond the
//! ones retrieved are masked out.
//!
//! ```text
//! h1_i = relu(W1 x_i + b1)          x_i: features of candidate i (F)
//! h2_i = relu(W2 h1_i + b2)         hidden width H
//! s_i  = w_s · h2_i + b_s           candidate logit
//! s_0  = w_n · [mean_i h2_i ; max_i h2_i] + b_n      no-match logit
//! m    = max_i s_i,  t = ln Σ_i exp(s_i) − m,  g = m − s_0
//! s_r  = m + w_r · [mean_i h2_i ; max_i h2_i ; t ; g] + b_r   review logit
//! p    = softmax(s_0, s_1 … s_K)                 which option is right
//! π    = softmax(s_0, s_r, s_1 … s_K)            the action taken
//! ```
//!
//! `t` is 0 when one candidate stands out and ln 2 when two are tied; `g` is
//! how far the best candidate stands above "no match". Together with the
//! pooled set they let the review head defer exactly when the evidence does
//! not decide: a tie between candidates, or a candidate that is as likely
//! wrong as right. The head gives review's margin over the best candidate
//! (`s_r − m`), so how sharp the candidates' logits are does not decide how
//! often review is tried while it is learned.

use ndarray::{Array1, Array2, ArrayView2, Axis};

use crate::features::{FEATURE_COUNT, FeatureVector, contact_agrees, is_flagged_tie};

/// The weights of the policy network.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyWeights {
    /// First layer, `H × F`.
    pub w1: Array2<f32>,
    /// First bias, `H`.
    pub b1: Array1<f32>,
    /// Second layer, `H × H`.
    pub w2: Array2<f32>,
    /// Second bias, `H`.
    pub b2: Array1<f32>,
    /// Candidate scoring vector, `H`.
    pub w_score: Array1<f32>,
    /// Candidate scoring bias.
    pub b_score: f32,
    /// No-match scoring vector over `[mean; max]`, `2H`.
    pub w_none: Array1<f32>,
    /// No-match bias.
    pub b_none: f32,
    /// Review scoring vector over `[mean; max; t; g]`, `2H + 2`.
    pub w_review: Array1<f32>,
    /// Review bias.
    pub b_review: f32,
}

/// Inputs of the review head beyond the pooled hidden states (`t`, `g`).
pub const REVIEW_EXTRA_INPUTS: usize = 2;

/// What the policy does with one query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Say the company is not in the table.
    NoMatch,
    /// Hand the query to a person with its candidates.
    Review,
    /// Link candidate `i`.
    Link(usize),
}

/// The policy's output for one query.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyOutput {
    /// Logits: index 0 is "no match", index `i + 1` is candidate `i`.
    pub logits: Vec<f32>,
    /// Probabilities (softmax of the logits, review left out): how likely
    /// each option is the right one. Same layout.
    pub probabilities: Vec<f32>,
    /// The review logit (−∞ without candidates: nothing to review).
    pub review_logit: f32,
    /// The probability of the review action among all actions.
    pub review_probability: f32,
    /// Per candidate: the first candidate of the group it is tied with on
    /// the evidence ([`crate::features::evidence_groups`], among the
    /// candidates whose [`crate::features::Feature::EvidenceTie`] flag is set), `None` when it
    /// stands alone; empty when not known.
    pub tie_group: Vec<Option<usize>>,
    /// Per candidate: whether the query's phone number or web domain agrees
    /// with it ([`crate::features::contact_agrees`]); empty when not known.
    pub contact_agrees: Vec<bool>,
}

impl PolicyOutput {
    /// The output that makes "no match" certain (no candidates).
    #[must_use]
    pub fn abstain() -> Self {
        Self::from_logits(vec![0.0], f32::NEG_INFINITY)
    }

    /// The output for no-match and candidate logits (`logits[0]` is "no
    /// match") and the review logit.
    #[must_use]
    pub fn from_logits(logits: Vec<f32>, review_logit: f32) -> Self {
        let probabilities = softmax(&logits);
        let review_probability = if review_logit.is_finite() {
            let mut all = logits.clone();
            all.push(review_logit);
            softmax(&all).last().copied().unwrap_or(0.0)
        } else {
            0.0
        };
        Self {
            logits,
            probabilities,
            review_logit,
            review_probability,
            tie_group: Vec::new(),
            contact_agrees: Vec::new(),
        }
    }

    /// Whether candidate `i` is tied with another one on the evidence.
    #[must_use]
    pub fn is_tied(&self, i: usize) -> bool {
        self.tie_group.get(i).copied().flatten().is_some()
    }

    /// Whether candidate `i` stands alone (not tied on the evidence) and the
    /// query's phone number or web domain agrees with it (false when not
    /// known): the proposals [`crate::policy::DecisionRule::contact_calibration`]
    /// is fitted on and applies to.
    #[must_use]
    pub fn contact_backed(&self, i: usize) -> bool {
        !self.is_tied(i) && self.contact_agrees.get(i).copied().unwrap_or(false)
    }

    /// The candidates tied with candidate `i` on the evidence, `i`
    /// included, in list order (just `i` when it stands alone).
    #[must_use]
    pub fn tie_members(&self, i: usize) -> Vec<usize> {
        match self.tie_group.get(i).copied().flatten() {
            None => vec![i],
            Some(group) => (0..self.tie_group.len())
                .filter(|&j| self.tie_group[j] == Some(group))
                .collect(),
        }
    }

    /// The network's belief that the company meant is one of the candidates
    /// tied with candidate `i` (the sum of their probabilities; `i`'s own
    /// when it stands alone).
    #[must_use]
    pub fn tie_mass(&self, i: usize) -> f32 {
        self.tie_members(i)
            .into_iter()
            .map(|j| self.probabilities.get(j + 1).copied().unwrap_or(0.0))
            .sum()
    }

    /// The action the policy takes: the highest of the review logit, the
    /// no-match logit and the candidates' logits.
    #[must_use]
    pub fn action(&self) -> Action {
        match self.choice() {
            _ if self.review_probability > 0.0 && self.review_wins() => Action::Review,
            None => Action::NoMatch,
            Some(i) => Action::Link(i),
        }
    }

    fn review_wins(&self) -> bool {
        let best = self
            .logits
            .iter()
            .copied()
            .fold(f32::NEG_INFINITY, f32::max);
        self.review_logit > best
    }

    /// The most probable candidate and its probability (`None` without
    /// candidates; the first in the list among equals); "no match" is not a
    /// candidate.
    pub fn best_candidate(&self) -> Option<(usize, f32)> {
        first_maximum(self.probabilities.iter().copied().enumerate().skip(1))
            .map(|(i, p)| (i - 1, p))
    }

    /// The candidate to propose and its probability: the most probable
    /// candidate, or, when it is tied with others on the evidence, the
    /// first of its group in the list (the query cannot tell them apart, so
    /// differences in the network's belief between them come from how
    /// retrieval reached them, not from the evidence).
    #[must_use]
    pub fn proposal(&self) -> Option<(usize, f32)> {
        let (best, p) = self.best_candidate()?;
        match self.tie_group.get(best).copied().flatten() {
            Some(first) if first != best => Some((
                first,
                self.probabilities.get(first + 1).copied().unwrap_or(p),
            )),
            _ => Some((best, p)),
        }
    }

    /// The likeliest option, review left out: `None` for "no match", else
    /// the candidate index. A candidate as likely as "no match" is the
    /// choice; among equally likely candidates, the first in the list.
    pub fn choice(&self) -> Option<usize> {
        let none = self.probabilities.first().copied().unwrap_or(0.0);
        self.best_candidate()
            .filter(|&(_, p)| p >= none)
            .map(|(i, _)| i)
    }
}

/// Why weights are unusable.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ShapeError {
    /// A tensor's shape does not fit the others.
    #[error("policy tensor `{tensor}` has shape {found:?}, expected {expected:?}")]
    Mismatch {
        /// The tensor.
        tensor: &'static str,
        /// Its shape.
        found: Vec<usize>,
        /// The shape it needs.
        expected: Vec<usize>,
    },
    /// A candidate's feature vector has the wrong length.
    #[error("a candidate has {found} features, the policy takes {expected}")]
    Features {
        /// Features given.
        found: usize,
        /// Features expected.
        expected: usize,
    },
}

impl PolicyWeights {
    /// Zero weights for `features` inputs and `hidden` units (a starting point
    /// for tests and for training code that fills them in).
    pub fn zeros(features: usize, hidden: usize) -> Self {
        Self {
            w1: Array2::zeros((hidden, features)),
            b1: Array1::zeros(hidden),
            w2: Array2::zeros((hidden, hidden)),
            b2: Array1::zeros(hidden),
            w_score: Array1::zeros(hidden),
            b_score: 0.0,
            w_none: Array1::zeros(2 * hidden),
            b_none: 0.0,
            w_review: Array1::zeros(2 * hidden + REVIEW_EXTRA_INPUTS),
            b_review: 0.0,
        }
    }

    /// Features per candidate (F).
    pub fn features(&self) -> usize {
        self.w1.ncols()
    }

    /// Hidden width (H).
    pub fn hidden(&self) -> usize {
        self.w1.nrows()
    }

    /// Checks that every tensor fits F and H.
    pub fn check(&self) -> Result<(), ShapeError> {
        let (f, h) = (self.features(), self.hidden());
        let checks: [(&'static str, Vec<usize>, Vec<usize>); 7] = [
            (
                "w_review",
                self.w_review.shape().to_vec(),
                vec![2 * h + REVIEW_EXTRA_INPUTS],
            ),
            ("b1", self.b1.shape().to_vec(), vec![h]),
            ("w2", self.w2.shape().to_vec(), vec![h, h]),
            ("b2", self.b2.shape().to_vec(), vec![h]),
            ("w_score", self.w_score.shape().to_vec(), vec![h]),
            ("w_none", self.w_none.shape().to_vec(), vec![2 * h]),
            ("w1", self.w1.shape().to_vec(), vec![h, f]),
        ];
        for (tensor, found, expected) in checks {
            if found != expected {
                return Err(ShapeError::Mismatch {
                    tensor,
                    found,
                    expected,
                });
            }
        }
        Ok(())
    }

    /// Scores the feature vectors of one query's candidates (in retrieval
    /// order); fails only when the weights do not take [`FEATURE_COUNT`]
    /// features.
    pub fn score(&self, candidates: &[FeatureVector]) -> Result<PolicyOutput, ShapeError> {
        let flat: Vec<f32> = candidates.iter().flatten().copied().collect();
        let view =
            ArrayView2::from_shape((candidates.len(), FEATURE_COUNT), &flat).map_err(|_| {
                ShapeError::Features {
                    found: FEATURE_COUNT,
                    expected: self.features(),
                }
            })?;
        let mut output = self.forward(view)?;
        // Groups are worked out again only when some candidate is flagged
        // (most queries have no tie).
        output.tie_group = if candidates.iter().any(is_flagged_tie) {
            crate::features::evidence_groups(candidates)
                .into_iter()
                .zip(candidates)
                .enumerate()
                // A flagged candidate that no other one matches any more
                // (the flag came from elsewhere) is a group of its own:
                // still tied.
                .map(|(i, (group, v))| is_flagged_tie(v).then(|| group.unwrap_or(i)))
                .collect()
        } else {
            vec![None; candidates.len()]
        };
        output.contact_agrees = candidates.iter().map(contact_agrees).collect();
        Ok(output)
    }

    /// Scores the candidates of one query: `features` is `K × F`, one row per
    /// retrieved candidate (K may be 0: then "no match" is certain).
    pub fn forward(&self, features: ArrayView2<'_, f32>) -> Result<PolicyOutput, ShapeError> {
        if features.nrows() > 0 && features.ncols() != self.features() {
            return Err(ShapeError::Features {
                found: features.ncols(),
                expected: self.features(),
            });
        }
        let k = features.nrows();
        let hidden = self.hidden();
        let mut logits = Vec::with_capacity(k + 1);
        let mut review = f32::NEG_INFINITY;
        if k == 0 {
            logits.push(self.b_none);
        } else {
            // K × H hidden states.
            let mut h1 = features.dot(&self.w1.t());
            h1 += &self.b1;
            h1.mapv_inplace(relu);
            let mut h2 = h1.dot(&self.w2.t());
            h2 += &self.b2;
            h2.mapv_inplace(relu);
            let mean = h2
                .mean_axis(Axis(0))
                .unwrap_or_else(|| Array1::zeros(hidden));
            let max = h2.fold_axis(Axis(0), f32::NEG_INFINITY, |a, b| a.max(*b));
            let (w_mean, w_max) = self.w_none.view().split_at(Axis(0), hidden);
            let none = w_mean.dot(&mean) + w_max.dot(&max) + self.b_none;
            logits.push(none);
            let scores = h2.dot(&self.w_score) + self.b_score;
            logits.extend(scores.iter().copied());
            let (tie, gap) = tie_and_gap(none, scores.as_slice().unwrap_or(&[]));
            let (r_mean, rest) = self.w_review.view().split_at(Axis(0), hidden);
            let (r_max, r_extra) = rest.split_at(Axis(0), hidden);
            let best = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            review = best
                + r_mean.dot(&mean)
                + r_max.dot(&max)
                + r_extra.get(0).copied().unwrap_or(0.0) * tie
                + r_extra.get(1).copied().unwrap_or(0.0) * gap
                + self.b_review;
        }
        Ok(PolicyOutput::from_logits(logits, review))
    }
}

/// The review head's extra inputs from the no-match logit and the
/// candidates' logits: `t = ln Σ exp(s_i) − max s_i` (0 when one candidate
/// stands out, ln n for n tied ones) and `g = max s_i − s_0`.
#[must_use]
pub fn tie_and_gap(none: f32, scores: &[f32]) -> (f32, f32) {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    if !max.is_finite() {
        return (0.0, 0.0);
    }
    let sum: f32 = scores.iter().map(|s| (s - max).exp()).sum();
    (sum.ln(), max - none)
}

fn relu(x: f32) -> f32 {
    x.max(0.0)
}

/// The first `(index, value)` with the largest value (NaN never wins).
fn first_maximum(items: impl Iterator<Item = (usize, f32)>) -> Option<(usize, f32)> {
    items
        .filter(|(_, p)| !p.is_nan())
        .fold(None, |best, (i, p)| match best {
            Some((_, b)) if p <= b => best,
            _ => Some((i, p)),
        })
}

/// Numerically stable softmax.
pub fn softmax(logits: &[f32]) -> Vec<f32> {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exps: Vec<f32> = logits.iter().map(|l| (l - max).exp()).collect();
    let sum: f32 = exps.iter().sum();
    exps.iter().map(|e| e / sum).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    /// A hand-sized network: F = 2, H = 2, identity layers.
    fn tiny() -> PolicyWeights {
        PolicyWeights {
            w1: array![[1.0, 0.0], [0.0, 1.0]],
            b1: array![0.0, 0.0],
            w2: array![[1.0, 0.0], [0.0, 1.0]],
            b2: array![0.0, 0.0],
            w_score: array![2.0, -1.0],
            b_score: 0.5,
            w_none: array![0.0, 0.0, -1.0, 0.0],
            b_none: 1.0,
            // Review on a tie: 10 · t − 5.
            w_review: array![0.0, 0.0, 0.0, 0.0, 10.0, 0.0],
            b_review: -5.0,
        }
    }

    #[test]
    fn the_review_head_defers_on_a_tie() {
        let weights = tiny();
        // One candidate stands out: t ≈ 0, review logit ≈ −5.
        let out = weights
            .forward(array![[1.0, 0.0], [0.0, 2.0]].view())
            .unwrap();
        assert_eq!(out.action(), Action::Link(0));
        // Two identical candidates (logit 2.5 each): t = ln 2, review logit
        // = 2.5 + 10 ln 2 − 5 ≈ 4.43, above them: the policy defers; with a
        // review bias of −8 it does not.
        let tied = weights
            .forward(array![[1.0, 0.0], [1.0, 0.0]].view())
            .unwrap();
        let (t, g) = tie_and_gap(tied.logits[0], &tied.logits[1..]);
        assert!((t - 2f32.ln()).abs() < 1e-6 && (g - 2.5).abs() < 1e-6);
        assert!((tied.review_logit - (2.5 + 10.0 * 2f32.ln() - 5.0)).abs() < 1e-5);
        assert_eq!(tied.action(), Action::Review);
        let mut shy = tiny();
        shy.b_review = -8.0;
        let tied_shy = shy.forward(array![[1.0, 0.0], [1.0, 0.0]].view()).unwrap();
        // Equal beliefs: the first of them, as the candidate list shows it.
        assert_eq!(tied_shy.action(), Action::Link(0));
        let eager = tiny();
        let tied = eager
            .forward(array![[1.0, 0.0], [1.0, 0.0]].view())
            .unwrap();
        assert_eq!(tied.action(), Action::Review);
        assert!(tied.review_probability > 0.5);
        // The belief still splits evenly between the two candidates.
        assert!((tied.probabilities[1] - tied.probabilities[2]).abs() < 1e-6);
        // Without candidates there is nothing to review.
        let empty = Array2::<f32>::zeros((0, 2));
        let out = eager.forward(empty.view()).unwrap();
        assert_eq!(
            (out.action(), out.review_probability),
            (Action::NoMatch, 0.0)
        );
    }

    #[test]
    fn forward_matches_hand_arithmetic() {
        let weights = tiny();
        weights.check().unwrap();
        let out = weights
            .forward(array![[1.0, 0.0], [0.0, 2.0]].view())
            .unwrap();
        // candidate 0: h = (1, 0) → 2 + 0.5 = 2.5; candidate 1: h = (0, 2) → -2 + 0.5 = -1.5
        // max over candidates of h[0] = 1 → none = -1 + 1 = 0
        assert_eq!(out.logits, vec![0.0, 2.5, -1.5]);
        let sum: f32 = out.probabilities.iter().sum();
        assert!((sum - 1.0).abs() < 1e-6);
        assert_eq!(out.choice(), Some(0));
    }

    #[test]
    fn relu_cuts_negative_features_and_no_candidates_means_no_match() {
        let weights = tiny();
        let out = weights.forward(array![[-3.0, -3.0]].view()).unwrap();
        assert_eq!(out.logits, vec![1.0, 0.5]);
        assert_eq!(out.choice(), None);
        let empty = Array2::<f32>::zeros((0, 2));
        let out = weights.forward(empty.view()).unwrap();
        assert_eq!(out.probabilities, vec![1.0]);
        assert_eq!(out.choice(), None);
    }

    #[test]
    fn shapes_are_checked() {
        let mut weights = tiny();
        assert!(matches!(
            weights.forward(array![[1.0, 2.0, 3.0]].view()),
            Err(ShapeError::Features {
                found: 3,
                expected: 2
            })
        ));
        weights.w_none = array![1.0];
        assert!(matches!(
            weights.check(),
            Err(ShapeError::Mismatch {
                tensor: "w_none",
                ..
            })
        ));
    }

    #[test]
    fn softmax_is_stable_for_large_logits() {
        let p = softmax(&[1000.0, 1000.0]);
        assert!((p[0] - 0.5).abs() < 1e-6 && (p[1] - 0.5).abs() < 1e-6);
    }
}
