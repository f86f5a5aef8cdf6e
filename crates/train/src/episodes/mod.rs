//! The environment: episodes generated from the company table itself.
//!
//! An episode is one decision. A company row is turned into a messy client
//! record by the training noise model ([`crate::noise`]), candidates are
//! retrieved with the real index and turned into feature vectors with the
//! library's feature code, and the agent links one candidate or says "no
//! match". No labels are needed: the environment knows which row it
//! corrupted.
//!
//! Kinds of episode:
//! - **present**: the row is in the index (it is usually among the
//!   candidates, and linking it is right);
//! - **homonym**: a present row whose name core other rows share, so only
//!   the address, phone or web address can decide;
//! - **held out**: the row was left out of the index when it was built, so
//!   the company is absent and "no match" is right (often a namesake is
//!   among the candidates);
//! - **withheld**: a present row removed from its own candidate list, the
//!   cheap way to make the look-alikes of a real row the only options;
//! - **near name**: an absent company whose name contains a present row's
//!   name, is contained in it or swaps its trade word (`山田電機` when the
//!   table has only `山田電機商事`), written with the name alone or with
//!   another row's address;
//! - **co-located**: an absent company's registered name written with the
//!   address of the present row it retrieves best (a tenant of the same building:
//!   same street address, a name that only looks alike), without phone or
//!   web address.

mod environment;
mod reward;

pub use environment::{Environment, EnvironmentConfig, EnvironmentError, FEW_CANDIDATES_MAX};
pub use reward::Reward;

use nayose::features::FeatureVector;
use serde::{Deserialize, Serialize};

/// How an episode was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EpisodeKind {
    /// The corrupted row is in the index.
    Present,
    /// The corrupted row is in the index and shares its name core with others.
    Homonym,
    /// The corrupted row was left out of the index.
    HeldOut,
    /// The corrupted row was removed from its candidate list.
    Withheld,
    /// An absent company named like a present row, one word longer or
    /// shorter.
    NearName,
    /// An absent company at the street address of a present look-alike.
    Colocated,
    /// An absent group company at the street address of a present one,
    /// named like it one word longer or other.
    Sibling,
}

impl EpisodeKind {
    /// Stable lower-case name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Present => "present",
            Self::Homonym => "homonym",
            Self::HeldOut => "held_out",
            Self::Withheld => "withheld",
            Self::NearName => "near_name",
            Self::Colocated => "colocated",
            Self::Sibling => "sibling",
        }
    }
}

/// One decision to make.
#[derive(Debug, Clone, PartialEq)]
pub struct Episode {
    /// Feature vectors of the candidates, in retrieval order.
    pub features: Vec<FeatureVector>,
    /// Position of the true row among the candidates, when it is there.
    pub truth: Option<usize>,
    /// Whether the company is in the table (so "no match" is a miss).
    pub present: bool,
    /// How the episode was made.
    pub kind: EpisodeKind,
}

impl Episode {
    /// The right action: the true candidate, or "no match" (`None`) when
    /// it is not among the candidates.
    #[must_use]
    pub fn best_action(&self) -> Option<usize> {
        self.truth
    }
}
