//! The linking policy at serving time: the network's forward pass over
//! exported weights ([`network`]), the calibrated decision rule
//! ([`calibration`], [`decide`]) and the model artifact ([`artifact`]).
//!
//! The policy is trained with burn in `crates/train`; the library runs the
//! same network in plain ndarray, so neither the library nor `serve` links
//! burn.

pub mod artifact;
pub mod calibration;
pub mod decide;
pub mod network;

pub use crate::status::MatchStatus;
pub use artifact::{ArtifactError, CodeVersions, ModelArtifact, ModelMeta};
pub use calibration::{Calibration, CalibrationError};
pub use decide::{DecisionMode, DecisionRule, Policy, PolicyDecision, decide_with};
pub use network::{
    Action, PolicyOutput, PolicyWeights, REVIEW_EXTRA_INPUTS, ShapeError, softmax, tie_and_gap,
};
