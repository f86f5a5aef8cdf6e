//! The linking policy at serving time: the network's forward pass over
//! exported weights ([`network`]) and the model artifact ([`artifact`]).
//!
//! The policy is trained with burn in `crates/train`; the library runs the
//! same network in plain ndarray, so neither the library nor `serve` links
//! burn.

pub mod artifact;
pub mod network;

pub use artifact::{ArtifactError, CodeVersions, ModelArtifact, ModelMeta};
pub use network::{PolicyOutput, PolicyWeights, ShapeError, softmax};
