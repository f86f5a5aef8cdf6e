//! The rule baseline: link the candidate with the best string similarity
//! when it reaches a threshold, with address agreement as the tie-break.
//! The threshold is the one with the best F1 on held-out episodes.

use nayose::features::{Feature, FeatureVector};
use nayose::policy::PolicyOutput;
use serde::{Deserialize, Serialize};

use crate::calibrate::Scored;
use crate::episodes::Episode;

/// The rule baseline.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RuleBaseline {
    /// Similarity at or above which the best candidate is linked.
    pub threshold: f32,
}

/// Best string similarity of a candidate: over the name cores (Jaro-Winkler
/// and bigram Dice), the reading and the English name.
#[must_use]
pub fn name_similarity(v: &FeatureVector) -> f32 {
    [
        Feature::NameJaroWinkler,
        Feature::NameBigramDice,
        Feature::ReadingSimilarity,
        Feature::EnglishSimilarity,
    ]
    .iter()
    .map(|&f| v[f as usize])
    .fold(0.0, f32::max)
}

/// Address agreement (prefecture, city, town, block), the tie-break.
#[must_use]
pub fn address_agreement(v: &FeatureVector) -> f32 {
    [
        Feature::PrefectureAgree,
        Feature::CityAgree,
        Feature::TownAgree,
        Feature::BlockAgree,
    ]
    .iter()
    .map(|&f| v[f as usize])
    .sum()
}

/// The best candidate by similarity, then address agreement, then rank.
#[must_use]
pub fn best_candidate(features: &[FeatureVector]) -> Option<(usize, f32)> {
    let mut best: Option<(usize, f32, f32)> = None;
    for (i, v) in features.iter().enumerate() {
        let (s, a) = (name_similarity(v), address_agreement(v));
        let better = match best {
            None => true,
            Some((_, bs, ba)) => s > bs || (s == bs && a > ba),
        };
        if better {
            best = Some((i, s, a));
        }
    }
    best.map(|(i, s, _)| (i, s))
}

/// The rule's decision as a network output, so the library's decision
/// function judges it like the policy's: "no match" gets `threshold`, the
/// rule's best candidate its similarity, the others nothing. The candidate is
/// the choice exactly when its similarity reaches the threshold (a tie goes
/// to the candidate).
#[must_use]
pub fn rule_output(features: &[FeatureVector], threshold: f32) -> PolicyOutput {
    let mut probabilities = vec![0.0; features.len() + 1];
    probabilities[0] = threshold;
    if let Some((i, s)) = best_candidate(features) {
        probabilities[i + 1] = s;
    }
    PolicyOutput {
        logits: probabilities.clone(),
        probabilities,
        review_logit: f32::NEG_INFINITY,
        review_probability: 0.0,
        tie_group: Vec::new(),
        contact_agrees: Vec::new(),
    }
}

impl RuleBaseline {
    /// The rule's output for one query's candidates ([`rule_output`]).
    #[must_use]
    pub fn output(&self, features: &[FeatureVector]) -> PolicyOutput {
        rule_output(features, self.threshold)
    }

    /// Scores episodes: raw score = the best similarity, chosen = it reaches
    /// the threshold.
    #[must_use]
    pub fn score(&self, episodes: &[Episode]) -> Vec<Scored> {
        episodes
            .iter()
            .map(|e| Scored {
                output: self.output(&e.features),
                truth: e.truth,
                present: e.present,
            })
            .collect()
    }

    /// The threshold (on a 0.50–1.00 grid) with the best F1 on `episodes`.
    #[must_use]
    pub fn fit(episodes: &[Episode]) -> Self {
        let scored = Self { threshold: 0.0 }.score(episodes);
        let present = scored.iter().filter(|s| s.present).count().max(1) as f64;
        let mut best = (f64::NEG_INFINITY, 1.0f32);
        for step in 50..=100 {
            let threshold = step as f32 / 100.0;
            let (mut links, mut right) = (0usize, 0usize);
            for s in &scored {
                if s.raw() >= threshold {
                    links += 1;
                    right += usize::from(s.correct());
                }
            }
            let precision = right as f64 / links.max(1) as f64;
            let recall = right as f64 / present;
            let f1 = if precision + recall > 0.0 {
                2.0 * precision * recall / (precision + recall)
            } else {
                0.0
            };
            if f1 > best.0 {
                best = (f1, threshold);
            }
        }
        Self { threshold: best.1 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::episodes::EpisodeKind;
    use nayose::features::FEATURE_COUNT;

    fn candidate(similarity: f32, town: f32) -> FeatureVector {
        let mut v = [0.0; FEATURE_COUNT];
        v[Feature::NameJaroWinkler as usize] = similarity;
        v[Feature::TownAgree as usize] = town;
        v
    }

    #[test]
    fn address_breaks_ties_and_threshold_decides() {
        let features = vec![
            candidate(0.9, 0.0),
            candidate(0.9, 1.0),
            candidate(0.7, 1.0),
        ];
        assert_eq!(best_candidate(&features), Some((1, 0.9)));
        let episode = Episode {
            features,
            truth: Some(1),
            present: true,
            kind: EpisodeKind::Present,
        };
        let scored = RuleBaseline { threshold: 0.95 }.score(std::slice::from_ref(&episode));
        assert!(!scored[0].chosen() && scored[0].correct());
        let scored = RuleBaseline { threshold: 0.85 }.score(&[episode]);
        assert!(scored[0].chosen() && scored[0].correct());
        assert_eq!(scored[0].best(), Some((1, 0.9)));
    }
}
