//! The reward, in the prices the user pays: +1 for a right decision (a
//! correct link, or "no match" when the company is absent), −λ for a wrong
//! link, −μ for "no match" when the company is present, and for handing the
//! query to a person (review) the reward of the best choice among what the
//! person is shown, less the price ρ of their time. The person sees the
//! candidates and picks the right one, or "none of these": a review earns
//! 1 − ρ when the true company is among the candidates or is absent from
//! the table, and −μ − ρ when it is in the table but was not retrieved (the
//! person can only say "none of these", and the link is lost all the same).
//! Without that last case a review would pay 0.6 where "no match" pays
//! −0.2, on rows that look exactly like absent ones (a present company
//! whose look-alikes alone were retrieved), and policies learnt to review
//! absent companies wholesale.
//!
//! Linking is worth more than reviewing exactly when the link is right with
//! probability above `1 − ρ / (1 + λ)` (0.9 at the defaults), and review is
//! worth more than "no match" when the company is among the candidates with
//! probability above `ρ / (1 + μ)` (1/3): the prices set where the policy
//! defers.

use nayose::policy::Action;
use serde::{Deserialize, Serialize};

use super::Episode;

/// Reward parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Reward {
    /// λ: the cost of a wrong link.
    pub wrong_link: f32,
    /// μ: the cost of "no match" when the company is present.
    pub missed_link: f32,
    /// ρ: the cost of a review (a person's time), in the same unit.
    #[serde(default = "default_review")]
    pub review: f32,
}

/// ρ's default. With λ = 3 and μ = 0.2, in units of one review: a wrong
/// link costs (1 + λ) / ρ = 10 reviews and a missed link (1 + μ) / ρ = 3,
/// the prices of the report's cost table at its 10-review row.
fn default_review() -> f32 {
    0.4
}

impl Default for Reward {
    fn default() -> Self {
        Self {
            wrong_link: 3.0,
            missed_link: 0.2,
            review: default_review(),
        }
    }
}

impl Reward {
    /// The reward for taking `action` in `episode`.
    #[must_use]
    pub fn of(&self, episode: &Episode, action: Action) -> f32 {
        match action {
            Action::Link(i) if episode.truth == Some(i) => 1.0,
            Action::Link(_) => -self.wrong_link,
            Action::Review => self.of(episode, best_choice(episode)) - self.review,
            Action::NoMatch if episode.present => -self.missed_link,
            Action::NoMatch => 1.0,
        }
    }

    /// The confidence (that the true company is among the candidates) above
    /// which linking pays more than a review:
    /// `1 − ρ / (1 + λ)`.
    #[must_use]
    pub fn accept_confidence(&self) -> f32 {
        1.0 - self.review / (1.0 + self.wrong_link)
    }

    /// The confidence (that the true company is among the candidates) above
    /// which reviewing pays more than "no match":
    /// `ρ / (1 + μ)`.
    #[must_use]
    pub fn review_confidence(&self) -> f32 {
        self.review / (1.0 + self.missed_link)
    }
}

/// What a person shown the episode's candidates picks: the true candidate,
/// else "none of these".
fn best_choice(episode: &Episode) -> Action {
    episode.best_action().map_or(Action::NoMatch, Action::Link)
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

    fn link(i: Option<usize>) -> Action {
        i.map_or(Action::NoMatch, Action::Link)
    }

    #[test]
    fn reward_arithmetic() {
        let r = Reward {
            wrong_link: 7.5,
            missed_link: 0.25,
            review: 0.5,
        };
        let present = episode(Some(1), true);
        assert_eq!(r.of(&present, Action::Link(1)), 1.0);
        assert_eq!(r.of(&present, Action::Link(0)), -7.5);
        assert_eq!(r.of(&present, Action::NoMatch), -0.25);
        assert_eq!(r.of(&present, Action::Review), 0.5);
        assert_eq!(r.of(&present, link(present.best_action())), 1.0);
        // Present but not retrieved: every link is wrong, no match is the best.
        let unreachable = episode(None, true);
        assert_eq!(r.of(&unreachable, Action::Link(2)), -7.5);
        assert_eq!(r.of(&unreachable, link(unreachable.best_action())), -0.25);
        // A person shown only look-alikes says "none of these": the link is
        // lost and their time is spent.
        assert_eq!(r.of(&unreachable, Action::Review), -0.75);
        let absent = episode(None, false);
        assert_eq!(r.of(&absent, Action::NoMatch), 1.0);
        assert_eq!(r.of(&absent, Action::Link(0)), -7.5);
        assert_eq!(r.of(&absent, Action::Review), 0.5);
    }

    #[test]
    fn break_even_confidences_follow_the_prices() {
        let r = Reward::default();
        // A link right with probability p pays p − (1 − p)λ; a review 1 − ρ.
        let p = r.accept_confidence();
        let link = p - (1.0 - p) * r.wrong_link;
        assert!((link - (1.0 - r.review)).abs() < 1e-5, "{p} {link}");
        // "No match" on a query whose company is among the candidates with
        // probability q (absent otherwise) pays
        // (1 − q) − qμ.
        let q = r.review_confidence();
        let none = (1.0 - q) - q * r.missed_link;
        assert!((none - (1.0 - r.review)).abs() < 1e-5, "{q} {none}");
    }
}
