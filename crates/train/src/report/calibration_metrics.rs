//! Calibration of link scores: the reliability diagram and the expected
//! calibration error (ECE).

use serde::{Deserialize, Serialize};

use super::clean_score;

/// One equal-width score bin of a reliability diagram.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReliabilityBin {
    /// Lower edge (inclusive, up to f32 rounding: a score within a relative
    /// 1e-6 below an edge counts as on it).
    pub lower: f64,
    /// Upper edge (exclusive, except for the last bin, which includes 1).
    pub upper: f64,
    /// Outcomes whose score fell in the bin.
    pub count: usize,
    /// Mean score in the bin; NaN for an empty bin.
    #[serde(with = "super::nan_null")]
    pub mean_score: f64,
    /// Share of correct outcomes in the bin; NaN for an empty bin.
    #[serde(with = "super::nan_null")]
    pub accuracy: f64,
}

/// A reliability diagram: are links scored `s` right a share `s` of the time?
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reliability {
    /// Equal-width bins over [0, 1], lowest first; empty bins included.
    pub bins: Vec<ReliabilityBin>,
    /// Expected calibration error: `Σ count/N · |accuracy − mean_score|` over
    /// the non-empty bins (0 = perfectly calibrated, at this binning); NaN when
    /// there is no outcome.
    #[serde(with = "super::nan_null")]
    pub ece: f64,
}

impl ReliabilityBin {
    /// The Wilson score interval of the bin's accuracy at `z` standard
    /// errors (1.96 for 95 %); `None` for an empty bin.
    #[must_use]
    pub fn accuracy_interval(&self, z: f64) -> Option<(f64, f64)> {
        if self.count == 0 {
            return None;
        }
        let n = self.count as f64;
        let p = self.accuracy;
        let z2 = z * z;
        let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
        let half = z / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
        Some(((centre - half).max(0.0), (centre + half).min(1.0)))
    }

    /// Whether the bin's accuracy lies more than `tolerance` from its mean
    /// score beyond what chance gives `count` proposals: its whole Wilson
    /// interval at `z` lies outside `mean score ± tolerance`. A bin of one
    /// or two proposals is never off by this test unless its score is
    /// extreme; by the bare gap it nearly always is.
    #[must_use]
    pub fn off_beyond_chance(&self, tolerance: f64, z: f64) -> bool {
        self.accuracy_interval(z).is_some_and(|(low, high)| {
            low > self.mean_score + tolerance || high < self.mean_score - tolerance
        })
    }
}

impl Reliability {
    /// Number of outcomes over all bins.
    pub fn total(&self) -> usize {
        self.bins.iter().map(|bin| bin.count).sum()
    }

    /// The largest |accuracy − mean score| over populated bins; NaN when
    /// none is.
    #[must_use]
    pub fn largest_gap(&self) -> f64 {
        self.bins
            .iter()
            .filter(|b| b.count > 0)
            .map(|b| (b.accuracy - b.mean_score).abs())
            .fold(f64::NAN, f64::max)
    }

    /// Populated bins whose accuracy lies more than `tolerance` from their
    /// mean score ([`ReliabilityBin::off_beyond_chance`] at 95 %) and those
    /// whose bare gap does, as `(beyond chance, by the bare gap)`.
    #[must_use]
    pub fn bins_off(&self, tolerance: f64) -> (usize, usize) {
        let populated = || self.bins.iter().filter(|b| b.count > 0);
        (
            populated()
                .filter(|b| b.off_beyond_chance(tolerance, WILSON_Z_95))
                .count(),
            populated()
                .filter(|b| (b.accuracy - b.mean_score).abs() > tolerance)
                .count(),
        )
    }
}

/// Standard errors of a two-sided 95 % interval.
pub const WILSON_Z_95: f64 = 1.959_964;

/// Bins `(score, link correct)` outcomes into `bins` equal-width bins over
/// [0, 1] (at least 1) and computes the ECE. Scores are clamped to [0, 1] and
/// NaN counts as 0.
pub fn reliability(outcomes: &[(f32, bool)], bins: usize) -> Reliability {
    let n = bins.max(1);
    let mut count = vec![0usize; n];
    let mut score_sum = vec![0.0f64; n];
    let mut correct = vec![0usize; n];
    for &(score, is_correct) in outcomes {
        let score = clean_score(score);
        // floor(score·n) is in 0..=n for a score in [0, 1]; 1.0 goes to the
        // last bin. The factor forgives f32 rounding at the edges: 0.9f32 is
        // 0.899999976…, and still belongs to [0.9, 1.0).
        let index = ((score * n as f64 * (1.0 + 1e-6)) as usize).min(n - 1);
        count[index] += 1;
        score_sum[index] += score;
        correct[index] += usize::from(is_correct);
    }
    let total = outcomes.len();
    let mut weighted_gap = 0.0;
    let bins = (0..n)
        .map(|i| {
            let (mean_score, accuracy) = if count[i] == 0 {
                (f64::NAN, f64::NAN)
            } else {
                let c = count[i] as f64;
                let mean_score = score_sum[i] / c;
                let accuracy = correct[i] as f64 / c;
                weighted_gap += c * (accuracy - mean_score).abs();
                (mean_score, accuracy)
            };
            ReliabilityBin {
                lower: i as f64 / n as f64,
                upper: (i + 1) as f64 / n as f64,
                count: count[i],
                mean_score,
                accuracy,
            }
        })
        .collect();
    let ece = if total == 0 {
        f64::NAN
    } else {
        weighted_gap / total as f64
    };
    Reliability { bins, ece }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    /// `n` outcomes at `score`, the first `right` of them correct.
    fn outcomes(score: f32, n: usize, right: usize) -> Vec<(f32, bool)> {
        (0..n).map(|i| (score, i < right)).collect()
    }

    #[test]
    fn a_bin_is_off_beyond_chance_only_when_its_whole_interval_is() {
        // Two wrong proposals at 0.66: 0.66 off by the bare gap, but two
        // wrong in a row happen one time in nine at that score.
        let r = reliability(&outcomes(0.66, 2, 0), 10);
        let bin = &r.bins[6];
        let (low, high) = bin.accuracy_interval(WILSON_Z_95).expect("populated");
        assert!(
            low.abs() < 1e-9 && (high - 0.658).abs() < 0.005,
            "{low} {high}"
        );
        assert!(!bin.off_beyond_chance(0.1, WILSON_Z_95));
        assert_eq!(r.bins_off(0.1), (0, 1));
        // Two hundred at 0.66 right 40 % of the time: off beyond chance;
        // right half of the time, 0.16 off, but within what chance gives.
        let r = reliability(&outcomes(0.66, 200, 80), 10);
        assert_eq!(r.bins_off(0.1), (1, 1));
        assert!((r.largest_gap() - 0.26).abs() < 1e-6, "{}", r.largest_gap());
        let r = reliability(&outcomes(0.66, 200, 100), 10);
        assert_eq!(r.bins_off(0.1), (0, 1));
        // Calibrated: neither.
        let r = reliability(&outcomes(0.65, 200, 130), 10);
        assert_eq!(r.bins_off(0.1), (0, 0));
        assert!(reliability(&[], 10).largest_gap().is_nan());
    }

    #[test]
    fn perfectly_calibrated_scores_have_zero_ece() {
        let mut all = outcomes(0.3, 10, 3);
        all.extend(outcomes(0.8, 20, 16));
        all.extend(outcomes(1.0, 5, 5));
        let r = reliability(&all, 10);
        assert!(r.ece.abs() < 1e-6, "ece {}", r.ece);
        assert_eq!(r.total(), 35);
    }

    #[test]
    fn overconfident_scores_have_the_known_ece() {
        // 10 links at 0.9 of which half are right (gap 0.4), 10 at 0.3 with 3
        // right (gap 0): ECE = ½·0.4 + ½·0 = 0.2.
        let mut all = outcomes(0.9, 10, 5);
        all.extend(outcomes(0.3, 10, 3));
        let r = reliability(&all, 10);
        assert!((r.ece - 0.2).abs() < 1e-6, "ece {}", r.ece);
        let top = &r.bins[9];
        assert_eq!(top.count, 10);
        assert!((top.accuracy - 0.5).abs() < 1e-12);
        assert!((top.mean_score - 0.9).abs() < 1e-6);
    }

    #[test]
    fn f32_scores_on_an_edge_go_to_the_upper_bin() {
        let r = reliability(&[(0.9, true), (0.7, true), (0.3, false)], 10);
        assert_eq!(r.bins[9].count, 1);
        assert_eq!(r.bins[7].count, 1);
        assert_eq!(r.bins[3].count, 1);
    }

    #[test]
    fn bins_cover_zero_to_one_and_empty_bins_are_nan() {
        let r = reliability(&outcomes(0.55, 4, 2), 4);
        assert_eq!(r.bins.len(), 4);
        assert_eq!(r.bins[0].lower, 0.0);
        assert_eq!(r.bins[3].upper, 1.0);
        assert_eq!(r.bins[2].count, 4);
        assert!(r.bins[0].mean_score.is_nan() && r.bins[0].accuracy.is_nan());
    }

    #[test]
    fn out_of_range_and_nan_scores_are_clamped() {
        let r = reliability(&[(1.5, true), (-0.2, false), (f32::NAN, false)], 5);
        assert_eq!(r.bins[4].count, 1);
        assert_eq!(r.bins[0].count, 2);
        assert!(r.ece.abs() < 1e-12);
    }

    #[test]
    fn empty_input_and_zero_bins_do_not_panic() {
        let r = reliability(&[], 10);
        assert!(r.ece.is_nan());
        assert_eq!(r.total(), 0);
        let one = reliability(&[(0.5, true)], 0);
        assert_eq!(one.bins.len(), 1);
        assert!((one.ece - 0.5).abs() < 1e-12);
    }
}
