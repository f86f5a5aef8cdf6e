//! Calibration: a monotone map from the policy's raw probability for its
//! best candidate to a confidence that the link is correct (CONTRACTS §3:
//! of links scored about 0.9, about 90 % are right).
//!
//! The map is piecewise linear through sorted knots `(raw, calibrated)`,
//! flat outside them. Training fits it (isotonic regression) on held-out
//! episodes and stores the knots in `model.json`.

use serde::{Deserialize, Serialize};

/// Why calibration knots are unusable.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum CalibrationError {
    /// A knot lies outside `[0, 1]` or is not finite.
    #[error("calibration knot {index} ({raw}, {calibrated}) lies outside [0, 1]")]
    OutOfRange {
        /// Position of the knot.
        index: usize,
        /// Its raw probability.
        raw: f32,
        /// Its calibrated value.
        calibrated: f32,
    },
    /// The knots are not sorted by raw probability, or the map decreases.
    #[error(
        "calibration knot {index} breaks monotonicity (raw and calibrated values must not decrease)"
    )]
    NotMonotone {
        /// Position of the offending knot.
        index: usize,
    },
    /// There is nothing to fit a calibration on (no sample with a finite
    /// score).
    #[error("no scored sample to fit a calibration on")]
    NoSamples,
}

/// A monotone, piecewise-linear calibration map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Vec<[f32; 2]>", into = "Vec<[f32; 2]>")]
pub struct Calibration {
    knots: Vec<[f32; 2]>,
}

impl Calibration {
    /// The identity map (raw probabilities taken as they are).
    #[must_use]
    pub fn identity() -> Self {
        Self {
            knots: vec![[0.0, 0.0], [1.0, 1.0]],
        }
    }

    /// A map through `knots` (`[raw, calibrated]`, both in `[0, 1]`, raw
    /// non-decreasing, calibrated non-decreasing). No knots means identity.
    pub fn from_knots(knots: Vec<[f32; 2]>) -> Result<Self, CalibrationError> {
        if knots.is_empty() {
            return Ok(Self::identity());
        }
        for (index, &[raw, calibrated]) in knots.iter().enumerate() {
            let inside = |v: f32| v.is_finite() && (0.0..=1.0).contains(&v);
            if !inside(raw) || !inside(calibrated) {
                return Err(CalibrationError::OutOfRange {
                    index,
                    raw,
                    calibrated,
                });
            }
            if index > 0 {
                let [prev_raw, prev_cal] = knots[index - 1];
                if raw < prev_raw || calibrated < prev_cal {
                    return Err(CalibrationError::NotMonotone { index });
                }
            }
        }
        Ok(Self { knots })
    }

    /// The knots, `[raw, calibrated]`, sorted.
    #[must_use]
    pub fn knots(&self) -> &[[f32; 2]] {
        &self.knots
    }

    /// The calibrated confidence for raw probability `raw` (a NaN input
    /// gives the lowest calibrated value).
    #[must_use]
    pub fn apply(&self, raw: f32) -> f32 {
        let (Some(first), Some(last)) = (self.knots.first(), self.knots.last()) else {
            return raw.clamp(0.0, 1.0);
        };
        if raw.is_nan() || raw <= first[0] {
            return first[1];
        }
        if raw >= last[0] {
            return last[1];
        }
        // First knot with x >= raw; it exists and is not the first one.
        let upper = self.knots.partition_point(|k| k[0] < raw);
        let [x1, y1] = self.knots[upper];
        let [x0, y0] = self.knots[upper - 1];
        if x1 <= x0 {
            return y1;
        }
        y0 + (y1 - y0) * (raw - x0) / (x1 - x0)
    }
}

impl Default for Calibration {
    fn default() -> Self {
        Self::identity()
    }
}

impl TryFrom<Vec<[f32; 2]>> for Calibration {
    type Error = CalibrationError;

    fn try_from(knots: Vec<[f32; 2]>) -> Result<Self, Self::Error> {
        Self::from_knots(knots)
    }
}

impl From<Calibration> for Vec<[f32; 2]> {
    fn from(calibration: Calibration) -> Self {
        calibration.knots
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolates_between_knots_and_is_flat_outside() {
        let c = Calibration::from_knots(vec![[0.2, 0.1], [0.6, 0.5], [0.9, 0.95]]).unwrap();
        assert_eq!(c.apply(0.0), 0.1);
        assert_eq!(c.apply(0.2), 0.1);
        assert!((c.apply(0.4) - 0.3).abs() < 1e-6);
        assert!((c.apply(0.75) - 0.725).abs() < 1e-6);
        assert_eq!(c.apply(1.0), 0.95);
        assert_eq!(c.apply(f32::NAN), 0.1);
    }

    #[test]
    fn identity_by_default_and_for_no_knots() {
        let c = Calibration::from_knots(Vec::new()).unwrap();
        assert_eq!(c, Calibration::default());
        assert!((c.apply(0.37) - 0.37).abs() < 1e-6);
    }

    #[test]
    fn refuses_bad_knots() {
        assert_eq!(
            Calibration::from_knots(vec![[0.5, 0.5], [0.4, 0.6]]),
            Err(CalibrationError::NotMonotone { index: 1 })
        );
        assert_eq!(
            Calibration::from_knots(vec![[0.5, 0.6], [0.7, 0.5]]),
            Err(CalibrationError::NotMonotone { index: 1 })
        );
        assert!(matches!(
            Calibration::from_knots(vec![[0.5, 1.5]]),
            Err(CalibrationError::OutOfRange { index: 0, .. })
        ));
        assert!(serde_json::from_str::<Calibration>("[[0.9, 0.1], [0.1, 0.2]]").is_err());
    }

    #[test]
    fn serde_round_trip() {
        let c = Calibration::from_knots(vec![[0.1, 0.05], [0.8, 0.9]]).unwrap();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(json, "[[0.1,0.05],[0.8,0.9]]");
        assert_eq!(serde_json::from_str::<Calibration>(&json).unwrap(), c);
    }
}
