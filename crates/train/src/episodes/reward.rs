//! The reward: +1 for a correct link, −λ for a wrong link, +1 for "no match"
//! when the company is absent, −μ for "no match" when it is present.

use serde::{Deserialize, Serialize};

use super::Episode;

/// Reward parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Reward {
    /// λ: the cost of a wrong link (sets the precision/recall trade-off).
    pub wrong_link: f32,
    /// μ: the cost of "no match" when the company is present.
    pub missed_link: f32,
}

impl Default for Reward {
    fn default() -> Self {
        Self {
            wrong_link: 9.0,
            missed_link: 0.2,
        }
    }
}

impl Reward {
    /// The reward for taking `action` (`None` = no match, `Some(i)` = link
    /// candidate `i`) in `episode`.
    #[must_use]
    pub fn of(&self, episode: &Episode, action: Option<usize>) -> f32 {
        match action {
            Some(i) if episode.truth == Some(i) => 1.0,
            Some(_) => -self.wrong_link,
            None if episode.present => -self.missed_link,
            None => 1.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::episodes::EpisodeKind;
    use nayose::features::FEATURE_COUNT;

    fn episode(truth: Option<usize>, present: bool) -> Episode {
        Episode {
            features: vec![[0.0; FEATURE_COUNT]; 3],
            truth,
            present,
            kind: EpisodeKind::Present,
        }
    }

    #[test]
    fn reward_arithmetic() {
        let r = Reward {
            wrong_link: 7.5,
            missed_link: 0.25,
        };
        let present = episode(Some(1), true);
        assert_eq!(r.of(&present, Some(1)), 1.0);
        assert_eq!(r.of(&present, Some(0)), -7.5);
        assert_eq!(r.of(&present, None), -0.25);
        assert_eq!(r.of(&present, present.best_action()), 1.0);
        // Present but not retrieved: every link is wrong, no match is the best.
        let unreachable = episode(None, true);
        assert_eq!(r.of(&unreachable, Some(2)), -7.5);
        assert_eq!(r.of(&unreachable, unreachable.best_action()), -0.25);
        let absent = episode(None, false);
        assert_eq!(r.of(&absent, None), 1.0);
        assert_eq!(r.of(&absent, Some(0)), -7.5);
    }
}
