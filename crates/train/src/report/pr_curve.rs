//! Precision and recall as the auto-accept threshold sweeps over the scores.

use serde::{Deserialize, Serialize};

use super::{Decision, clean_score, ratio};

/// Precision and recall when every proposal scored at least `threshold` is
/// accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrPoint {
    /// The accept threshold (a score that occurs among the proposals).
    pub threshold: f64,
    /// Correct accepted proposals ÷ accepted proposals.
    #[serde(with = "super::nan_null")]
    pub precision: f64,
    /// Correct accepted proposals ÷ present queries; NaN when no query's
    /// company is present.
    #[serde(with = "super::nan_null")]
    pub recall: f64,
}

/// Sweeps an accept threshold over the scores of every proposal (status
/// `Matched` or `Review`, any decision with a proposed id): a proposal counts
/// as a link when its score is ≥ the threshold. One point per distinct score,
/// from the highest threshold to the lowest, so recall never decreases along
/// the curve and the last point accepts every proposal. Scores are clamped
/// to [0, 1] (NaN = 0). Empty when nothing was proposed.
pub fn precision_recall_curve(decisions: &[Decision]) -> Vec<PrPoint> {
    let present = decisions.iter().filter(|d| d.is_present()).count();
    let mut proposals: Vec<(f64, bool)> = decisions
        .iter()
        .filter(|d| d.proposed.is_some())
        .map(|d| (clean_score(d.score), d.proposal_is_correct()))
        .collect();
    proposals.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut points = Vec::new();
    let (mut accepted, mut correct) = (0usize, 0usize);
    for (i, &(score, is_correct)) in proposals.iter().enumerate() {
        accepted += 1;
        correct += usize::from(is_correct);
        let last_of_tie = proposals.get(i + 1).is_none_or(|next| next.0 != score);
        if last_of_tie {
            points.push(PrPoint {
                threshold: score,
                precision: ratio(correct, accepted),
                recall: ratio(correct, present),
            });
        }
    }
    points
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::report::Status;

    fn decision(
        truth: Option<&str>,
        proposed: Option<&str>,
        status: Status,
        score: f32,
    ) -> Decision {
        Decision {
            category: "c".to_owned(),
            truth: truth.map(str::to_owned),
            intended: None,
            proposed: proposed.map(str::to_owned),
            status,
            score,
        }
    }

    fn sample() -> Vec<Decision> {
        use Status::*;
        vec![
            decision(Some("a"), Some("a"), Matched, 0.95),
            decision(Some("b"), Some("x"), Matched, 0.9),
            decision(Some("c"), Some("c"), Matched, 0.9),
            decision(Some("d"), Some("d"), Review, 0.6),
            decision(None, Some("y"), Review, 0.4),
            decision(Some("e"), None, Unmatched, 0.0),
        ]
    }

    #[test]
    fn one_point_per_distinct_score_with_hand_computed_values() {
        let curve = precision_recall_curve(&sample());
        let thresholds: Vec<f64> = curve.iter().map(|p| p.threshold).collect();
        assert_eq!(thresholds.len(), 4);
        assert!((thresholds[1] - 0.9).abs() < 1e-6);
        // At 0.9: a, x, c accepted; 2 right of 3; recall 2/5.
        assert!((curve[1].precision - 2.0 / 3.0).abs() < 1e-12);
        assert!((curve[1].recall - 0.4).abs() < 1e-12);
    }

    #[test]
    fn curve_is_monotone_in_threshold() {
        let curve = precision_recall_curve(&sample());
        for pair in curve.windows(2) {
            assert!(pair[0].threshold > pair[1].threshold);
            assert!(pair[0].recall <= pair[1].recall);
        }
    }

    #[test]
    fn last_point_accepts_every_proposal() {
        let decisions = sample();
        let last = precision_recall_curve(&decisions).last().cloned().unwrap();
        let proposed = decisions.iter().filter(|d| d.proposed.is_some()).count();
        let right = decisions.iter().filter(|d| d.proposal_is_correct()).count();
        let present = decisions.iter().filter(|d| d.is_present()).count();
        assert_eq!((proposed, right, present), (5, 3, 5));
        assert!((last.precision - right as f64 / proposed as f64).abs() < 1e-12);
        assert!((last.recall - right as f64 / present as f64).abs() < 1e-12);
        assert!((last.threshold - 0.4).abs() < 1e-6);
    }

    #[test]
    fn no_proposals_give_an_empty_curve_and_no_present_gives_nan_recall() {
        assert!(precision_recall_curve(&[]).is_empty());
        let absent_only = vec![decision(None, Some("x"), Status::Matched, 0.7)];
        let curve = precision_recall_curve(&absent_only);
        assert_eq!(curve.len(), 1);
        assert_eq!(curve[0].precision, 0.0);
        assert!(curve[0].recall.is_nan());
    }
}
