//! Fitting the decision rule on held-out episodes: isotonic calibration of
//! the best candidate's probability. Episodes are scored by the library's network
//! ([`Policy::score`]) and judged by the library's decision function
//! ([`decide_with`]), exactly as `nayose link` scores and decides.

use nayose::MatchStatus;
use nayose::policy::{
    Calibration, CalibrationError, DecisionMode, DecisionRule, Policy, PolicyOutput, decide_with,
};

use crate::episodes::Episode;

/// At most this many knots are kept (samples are pooled into equal-count
/// bins first).
const MAX_BINS: usize = 400;

/// Isotonic regression (pool-adjacent-violators) of `correct` on `score`,
/// returned as a calibration map. Samples are pooled into at most
/// [`MAX_BINS`] equal-count bins first, so the map stays small. Fails when
/// there is nothing to fit (no sample with a finite score), rather than
/// pretending the scores are calibrated.
pub fn fit_isotonic(samples: &[(f32, bool)]) -> Result<Calibration, CalibrationError> {
    let mut sorted: Vec<(f32, bool)> = samples
        .iter()
        .copied()
        .filter(|(s, _)| s.is_finite())
        .collect();
    if sorted.is_empty() {
        return Err(CalibrationError::NoSamples);
    }
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let per_bin = sorted.len().div_ceil(MAX_BINS);
    // Blocks: (sum of scores, sum of outcomes, count).
    let mut blocks: Vec<(f64, f64, f64)> = Vec::new();
    for chunk in equal_count_chunks(&sorted, per_bin) {
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
    Calibration::from_knots(knots)
}

/// `sorted` cut into runs of at least `per_bin` samples, never between two
/// equal scores: samples with one score must get one calibrated value, or
/// the map would depend on the order they came in.
fn equal_count_chunks(sorted: &[(f32, bool)], per_bin: usize) -> Vec<&[(f32, bool)]> {
    let mut chunks = Vec::new();
    let mut start = 0;
    for end in 1..=sorted.len() {
        let at_end = end == sorted.len();
        if at_end || (end - start >= per_bin && sorted[end].0 != sorted[end - 1].0) {
            chunks.push(&sorted[start..end]);
            start = end;
        }
    }
    chunks
}

/// One system's output on one held-out episode, with the episode's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// The system's output (index 0 = no match, `i + 1` = candidate `i`).
    pub output: PolicyOutput,
    /// Position of the true row among the candidates, when it is there.
    pub truth: Option<usize>,
    /// The company is present.
    pub present: bool,
}

impl Scored {
    /// The candidate the library proposes ([`PolicyOutput::proposal`]) and
    /// its raw score.
    #[must_use]
    pub fn best(&self) -> Option<(usize, f32)> {
        self.output.proposal()
    }

    /// Raw score of the best candidate (0 without candidates).
    #[must_use]
    pub fn raw(&self) -> f32 {
        self.best().map_or(0.0, |(_, p)| p)
    }

    /// The best candidate is the true row.
    #[must_use]
    pub fn correct(&self) -> bool {
        self.best().is_some_and(|(b, _)| self.truth == Some(b))
    }

    /// For a best candidate tied with others on the evidence: the network's
    /// belief in its group and whether the true row is one of the group.
    #[must_use]
    pub fn group_sample(&self) -> Option<(f32, bool)> {
        let (best, _) = self.best()?;
        let members = self.output.tie_members(best);
        let hit = self.truth.is_some_and(|t| members.contains(&t));
        Some((self.output.tie_mass(best), hit))
    }

    /// The system's own choice is the best candidate (before thresholds).
    #[must_use]
    pub fn chosen(&self) -> bool {
        self.best()
            .is_some_and(|(b, _)| self.output.choice() == Some(b))
    }

    /// The status `rule` gives this episode: the library's decision.
    #[must_use]
    pub fn status(&self, rule: &DecisionRule) -> MatchStatus {
        decide_with(rule, self.output.clone()).status
    }
}

/// Scores `episodes` with the policy's network.
#[must_use]
pub fn score_policy(policy: &Policy, episodes: &[Episode]) -> Vec<Scored> {
    episodes
        .iter()
        .map(|episode| Scored {
            output: policy.score(&episode.features),
            truth: episode.truth,
            present: episode.present,
        })
        .collect()
}

/// Fewest held-out proposals tied on the evidence for which a separate tie
/// map is fitted; with fewer, one map serves every proposal.
const MIN_TIE_SAMPLES: usize = 200;

/// Fewest held-out proposals agreeing with the query on a phone number or
/// web domain (and as many that do not) for which each kind gets its own
/// map; with fewer, one map serves both.
const MIN_CONTACT_SAMPLES: usize = 200;

/// Fits a decision rule: the calibration of the best candidate's
/// probability, with `mode` choosing the status. Proposals tied with
/// other candidates on the evidence get their own map
/// ([`DecisionRule::tie_calibration`]) when there are at least
/// [`MIN_TIE_SAMPLES`] of them: from the network's belief in the whole tied
/// group to how often the company is one of the group (the library divides
/// that among the group's members, which the query cannot tell apart). A
/// network that spreads its belief evenly over two or three namesakes gives
/// each a probability that means something else than the same probability
/// on a candidate that stands alone. Likewise proposals that agree with the
/// query on a phone number or web domain get their own map
/// ([`DecisionRule::contact_calibration`]) when there are at least
/// [`MIN_CONTACT_SAMPLES`] of them and of the others: a raw probability
/// reached on an identifier is right far more often than the same one
/// reached on a name and an address. Fails when there is nothing to
/// calibrate on.
pub fn fit_rule(scored: &[Scored], mode: DecisionMode) -> Result<DecisionRule, CalibrationError> {
    let alone = |set: &[&Scored]| -> Vec<(f32, bool)> {
        set.iter().map(|s| (s.raw(), s.correct())).collect()
    };
    let (tied, clear): (Vec<&Scored>, Vec<&Scored>) = scored
        .iter()
        .partition(|s| s.best().is_some_and(|(b, _)| s.output.is_tied(b)));
    let tie_calibration = if tied.len() < MIN_TIE_SAMPLES || clear.is_empty() {
        None
    } else {
        let groups: Vec<(f32, bool)> = tied.iter().filter_map(|s| s.group_sample()).collect();
        Some(fit_isotonic(&groups)?)
    };
    // Without a tie map, tied proposals are calibrated with the others.
    let single: Vec<&Scored> = if tie_calibration.is_some() {
        clear
    } else {
        scored.iter().collect()
    };
    let (contact, other): (Vec<&Scored>, Vec<&Scored>) = single
        .iter()
        .partition(|s| s.best().is_some_and(|(b, _)| s.output.contact_backed(b)));
    let (calibration, contact_calibration) =
        if contact.len() < MIN_CONTACT_SAMPLES || other.len() < MIN_CONTACT_SAMPLES {
            (fit_isotonic(&alone(&single))?, None)
        } else {
            (
                fit_isotonic(&alone(&other))?,
                Some(fit_isotonic(&alone(&contact))?),
            )
        };
    Ok(DecisionRule {
        calibration,
        tie_calibration,
        contact_calibration,
        mode,
    })
}

/// Fraction of links (status matched) that are right, and of present
/// episodes linked right, under `rule` — the figures the threshold targets.
#[must_use]
pub fn rule_precision_recall(scored: &[Scored], rule: &DecisionRule) -> (f64, f64) {
    let (mut links, mut right, mut present) = (0usize, 0usize, 0usize);
    for s in scored {
        present += usize::from(s.present);
        if s.status(rule) == MatchStatus::Matched {
            links += 1;
            right += usize::from(s.correct());
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    (ratio(right, links), ratio(right, present))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scored episode whose output puts `raw` on candidate 0 and the rest
    /// on "no match" (so candidate 0 is chosen when `raw` > 0.5).
    fn scored(raw: f32, correct: bool) -> Scored {
        Scored {
            output: PolicyOutput::from_logits(vec![(1.0 - raw).ln(), raw.ln()], f32::NEG_INFINITY),
            truth: correct.then_some(0),
            present: true,
        }
    }

    #[test]
    fn isotonic_is_monotone_and_matches_rates() {
        // Scores 0.1..0.9 with hit rates rising, and one violation.
        let mut samples = Vec::new();
        for (score, hits) in [(0.1f32, 1), (0.3, 5), (0.5, 3), (0.7, 8), (0.9, 10)] {
            for i in 0..10 {
                samples.push((score, i < hits));
            }
        }
        let c = fit_isotonic(&samples).expect("samples to fit");
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
    fn equal_scores_get_one_value() {
        // One score, right every other time, listed in that order.
        let samples: Vec<(f32, bool)> = (0..1000).map(|i| (0.4, i % 2 == 0)).collect();
        let c = fit_isotonic(&samples).expect("samples to fit");
        assert_eq!(c.knots(), [[0.4, 0.5]]);
    }

    #[test]
    fn nothing_to_fit_is_an_error_not_a_calibration() {
        assert!(matches!(
            fit_isotonic(&[]),
            Err(CalibrationError::NoSamples)
        ));
        assert!(matches!(
            fit_isotonic(&[(f32::NAN, true)]),
            Err(CalibrationError::NoSamples)
        ));
        assert!(fit_rule(&[], DecisionMode::Policy).is_err());
    }

    #[test]
    fn thresholds_from_the_prices_decide_calibrated_scores() {
        // 100 confident right links, 50 middling links of which 40 right,
        // 50 weak links of which 10 right (all chosen: raw > 0.5).
        let mut all = Vec::new();
        for i in 0..200 {
            let (raw, correct) = match i {
                0..100 => (0.95, true),
                100..150 => (0.75, i < 140),
                _ => (0.55, i < 160),
            };
            all.push(scored(raw, correct));
        }
        let mode = DecisionMode::Thresholds {
            accept_threshold: 0.99,
            review_threshold: 0.5,
        };
        let rule = fit_rule(&all, mode).expect("a rule");
        // Calibrated: 0.95 → 1.0, 0.75 → 0.8, 0.55 → 0.2.
        let (precision, recall) = rule_precision_recall(&all, &rule);
        assert!((precision - 1.0).abs() < 1e-9, "{precision}");
        assert!((recall - 0.5).abs() < 1e-9, "{recall}");
        assert_eq!(all[0].status(&rule), MatchStatus::Matched);
        assert_eq!(all[120].status(&rule), MatchStatus::Review);
        assert_eq!(all[180].status(&rule), MatchStatus::Unmatched);
    }

    #[test]
    fn proposals_agreeing_on_a_phone_or_web_domain_get_their_own_map() {
        // At one raw score, proposals backed by a phone or web domain are
        // always right, the others half of the time.
        let with_contact = |correct: bool| {
            let mut s = scored(0.9, correct);
            s.output.contact_agrees = vec![true];
            s
        };
        let mut all: Vec<Scored> = (0..MIN_CONTACT_SAMPLES)
            .map(|_| with_contact(true))
            .collect();
        all.extend((0..2 * MIN_CONTACT_SAMPLES).map(|i| scored(0.9, i % 2 == 0)));
        let rule = fit_rule(&all, DecisionMode::Policy).expect("a rule");
        let contact = rule.contact_calibration.as_ref().expect("a contact map");
        assert!(
            (contact.apply(0.9) - 1.0).abs() < 1e-6,
            "{:?}",
            contact.knots()
        );
        assert!((rule.calibration.apply(0.9) - 0.5).abs() < 1e-6);
        let d = nayose::policy::decide_with(&rule, all[0].output.clone());
        assert!((d.confidence - 1.0).abs() < 1e-6, "{}", d.confidence);
        let d = nayose::policy::decide_with(&rule, all[MIN_CONTACT_SAMPLES].output.clone());
        assert!((d.confidence - 0.5).abs() < 1e-6, "{}", d.confidence);
        // Too few of them: one map for all (right 2 times in 3).
        let rule = fit_rule(&all[1..], DecisionMode::Policy).expect("a rule");
        assert!(rule.contact_calibration.is_none());
        assert!((rule.calibration.apply(0.9) - 399.0 / 599.0).abs() < 1e-5);
    }

    #[test]
    fn tied_proposals_get_their_own_map() {
        // Clear proposals at 0.4 are always right; tied ones at 0.4 (two
        // namesakes sharing the belief, 0.8 for the pair) name the true row
        // half of the time, and the true row is one of the pair three
        // times in four.
        let mut all: Vec<Scored> = (0..300).map(|_| scored(0.4, true)).collect();
        for i in 0..MIN_TIE_SAMPLES {
            let mut s = Scored {
                output: PolicyOutput::from_logits(
                    vec![0.2f32.ln(), 0.4f32.ln(), 0.4f32.ln()],
                    f32::NEG_INFINITY,
                ),
                truth: (i % 4 != 3).then_some(i % 2),
                present: true,
            };
            s.output.tie_group = vec![Some(0), Some(0)];
            all.push(s);
        }
        let rule = fit_rule(&all, DecisionMode::Policy).expect("a rule");
        assert!((rule.calibration.apply(0.4) - 1.0).abs() < 1e-6);
        let tie = rule.tie_calibration.as_ref().expect("a tie map");
        assert!((tie.apply(0.8) - 0.75).abs() < 1e-6, "{:?}", tie.knots());
        // Each member: 0.75 shared by two.
        let d = nayose::policy::decide_with(&rule, all[300].output.clone());
        assert!((d.confidence - 0.375).abs() < 1e-6, "{}", d.confidence);
        // Too few tied proposals: one map for all.
        all.truncate(300 + MIN_TIE_SAMPLES - 1);
        let rule = fit_rule(&all, DecisionMode::Policy).expect("a rule");
        assert!(rule.tie_calibration.is_none());
    }
}
