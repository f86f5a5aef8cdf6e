//! Fitting the decision rule on held-out episodes: isotonic calibration of
//! the best candidate's probability, and the accept threshold that reaches a
//! target precision.

use nayose::policy::{Calibration, DecisionRule, LinkStatus, PolicyWeights};

use crate::episodes::Episode;
use crate::trainer::network_output;

/// At most this many knots are kept (samples are pooled into equal-count
/// bins first).
const MAX_BINS: usize = 400;

/// Isotonic regression (pool-adjacent-violators) of `correct` on `score`,
/// returned as a calibration map. Samples are pooled into at most
/// [`MAX_BINS`] equal-count bins first, so the map stays small.
#[must_use]
pub fn fit_isotonic(samples: &[(f32, bool)]) -> Calibration {
    let mut sorted: Vec<(f32, bool)> = samples
        .iter()
        .copied()
        .filter(|(s, _)| s.is_finite())
        .collect();
    if sorted.is_empty() {
        return Calibration::identity();
    }
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let per_bin = sorted.len().div_ceil(MAX_BINS);
    // Blocks: (sum of scores, sum of outcomes, count).
    let mut blocks: Vec<(f64, f64, f64)> = Vec::new();
    for chunk in sorted.chunks(per_bin) {
        let scores: f64 = chunk.iter().map(|(s, _)| f64::from(*s)).sum();
        let hits = chunk.iter().filter(|(_, c)| *c).count() as f64;
        blocks.push((scores, hits, chunk.len() as f64));
        // Merge while the last block's rate is below the previous one's.
        while blocks.len() >= 2 {
            let n = blocks.len();
            let (last, prev) = (blocks[n - 1], blocks[n - 2]);
            if last.1 / last.2 >= prev.1 / prev.2 {
                break;
            }
            blocks.truncate(n - 2);
            blocks.push((prev.0 + last.0, prev.1 + last.1, prev.2 + last.2));
        }
    }
    let knots: Vec<[f32; 2]> = blocks
        .iter()
        .map(|(s, h, n)| [(s / n) as f32, (h / n) as f32])
        .collect();
    // Mean scores of sorted blocks are sorted; rates are non-decreasing.
    Calibration::from_knots(knots).unwrap_or_default()
}

/// Scores of one system on held-out episodes: for each episode with
/// candidates, the raw score of its best candidate, whether that candidate
/// is right, and whether the system's own choice is that candidate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    /// The best candidate (index into the episode's candidates).
    pub best: Option<usize>,
    /// Raw score of the best candidate.
    pub raw: f32,
    /// The best candidate is the true row.
    pub correct: bool,
    /// The system would link the best candidate (before thresholds).
    pub chosen: bool,
    /// The company is present.
    pub present: bool,
}

/// Scores `episodes` with the network.
#[must_use]
pub fn score_policy(weights: &PolicyWeights, episodes: &[Episode]) -> Vec<Scored> {
    episodes
        .iter()
        .map(|episode| {
            let output = network_output(weights, episode);
            let choice = output.choice();
            match output.best_candidate() {
                Some((b, p)) => Scored {
                    best: Some(b),
                    raw: p,
                    correct: episode.truth == Some(b),
                    chosen: choice == Some(b),
                    present: episode.present,
                },
                None => Scored {
                    best: None,
                    raw: 0.0,
                    correct: false,
                    chosen: false,
                    present: episode.present,
                },
            }
        })
        .collect()
}

/// Fits a decision rule: the calibration on all scored episodes, then the
/// smallest accept threshold whose links reach `target_precision` (links:
/// chosen and calibrated score ≥ threshold). When no threshold reaches it,
/// the highest calibrated value is used (few or no links).
#[must_use]
pub fn fit_rule(scored: &[Scored], target_precision: f64, review_threshold: f32) -> DecisionRule {
    let samples: Vec<(f32, bool)> = scored.iter().map(|s| (s.raw, s.correct)).collect();
    let calibration = fit_isotonic(&samples);
    let mut links: Vec<(f32, bool)> = scored
        .iter()
        .filter(|s| s.chosen)
        .map(|s| (calibration.apply(s.raw), s.correct))
        .collect();
    // Highest confidence first; grow the accepted set while precision holds.
    links.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut accept = calibration.knots().last().map_or(1.0, |k| k[1]);
    let (mut accepted, mut right) = (0usize, 0usize);
    let mut i = 0;
    while i < links.len() {
        // Take all links with the same confidence together.
        let level = links[i].0;
        let mut j = i;
        while j < links.len() && links[j].0 == level {
            accepted += 1;
            right += usize::from(links[j].1);
            j += 1;
        }
        if (right as f64) / (accepted as f64) < target_precision {
            break;
        }
        accept = level;
        i = j;
    }
    DecisionRule {
        calibration,
        accept_threshold: accept,
        review_threshold: review_threshold.min(accept),
    }
}

/// Fraction of links (status matched) that are right, and of present
/// episodes linked right, under `rule` — the figures the threshold targets.
#[must_use]
pub fn rule_precision_recall(scored: &[Scored], rule: &DecisionRule) -> (f64, f64) {
    let (mut links, mut right, mut present) = (0usize, 0usize, 0usize);
    for s in scored {
        present += usize::from(s.present);
        let confidence = rule.calibration.apply(s.raw);
        if s.chosen && confidence >= rule.accept_threshold {
            links += 1;
            right += usize::from(s.correct);
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    (ratio(right, links), ratio(right, present))
}

/// The status a rule gives a scored episode (mirrors
/// [`nayose::policy::decide_with`] on the same numbers).
#[must_use]
pub fn status_of(s: &Scored, rule: &DecisionRule) -> LinkStatus {
    let confidence = rule.calibration.apply(s.raw);
    if s.chosen && confidence >= rule.accept_threshold {
        LinkStatus::Matched
    } else if confidence >= rule.review_threshold && s.raw > 0.0 {
        LinkStatus::Review
    } else {
        LinkStatus::Unmatched
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isotonic_is_monotone_and_matches_rates() {
        // Scores 0.1..0.9 with hit rates rising, and one violation.
        let mut samples = Vec::new();
        for (score, hits) in [(0.1f32, 1), (0.3, 5), (0.5, 3), (0.7, 8), (0.9, 10)] {
            for i in 0..10 {
                samples.push((score, i < hits));
            }
        }
        let c = fit_isotonic(&samples);
        let knots = c.knots();
        assert!(
            knots
                .windows(2)
                .all(|w| w[0][0] <= w[1][0] && w[0][1] <= w[1][1])
        );
        // 0.3 and 0.5 pool to a rate of 0.4.
        assert!((c.apply(0.4) - 0.4).abs() < 1e-5, "{knots:?}");
        assert!((c.apply(0.9) - 1.0).abs() < 1e-6);
        assert!((c.apply(0.1) - 0.1).abs() < 1e-6);
    }

    #[test]
    fn threshold_reaches_the_target_precision() {
        let mut scored = Vec::new();
        // 100 confident right links, 50 middling links of which 40 right,
        // 50 weak links of which 10 right.
        for i in 0..200 {
            let (raw, correct) = match i {
                0..100 => (0.95, true),
                100..150 => (0.6, i < 140),
                _ => (0.3, i < 160),
            };
            scored.push(Scored {
                best: Some(0),
                raw,
                correct,
                chosen: true,
                present: true,
            });
        }
        let rule = fit_rule(&scored, 0.99, 0.2);
        let (precision, recall) = rule_precision_recall(&scored, &rule);
        assert!(precision >= 0.99, "{precision}");
        assert!((recall - 0.5).abs() < 1e-9, "{recall}");
        let loose = fit_rule(&scored, 0.9, 0.2);
        let (precision, recall) = rule_precision_recall(&scored, &loose);
        assert!(precision >= 0.9 && recall > 0.5, "{precision} {recall}");
        assert_eq!(status_of(&scored[120], &rule), LinkStatus::Review);
        assert_eq!(status_of(&scored[0], &rule), LinkStatus::Matched);
    }
}
