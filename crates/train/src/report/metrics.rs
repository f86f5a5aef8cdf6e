//! Link quality per evaluation category: precision, recall, F1, match rate and
//! the false-link rate on companies absent from the table.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{Decision, Status, ratio};

/// Name of the row that pools every query whose company is in the table.
pub const PRESENT_CATEGORY: &str = "present";
/// Name of the row that pools every query.
pub const ALL_CATEGORY: &str = "all";

/// Link quality on one evaluation category (or a pooled row).
///
/// A *link* is an auto-accepted decision ([`Decision::is_link`]); review
/// proposals are not links. Ratios with a zero denominator are NaN (not
/// applicable; see the [module docs](super)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryMetrics {
    /// The category, or [`PRESENT_CATEGORY`] / [`ALL_CATEGORY`].
    pub category: String,
    /// Queries in the category.
    pub queries: usize,
    /// Queries whose company is in the table (`truth` is known).
    pub present: usize,
    /// Auto-accepted links.
    pub linked: usize,
    /// Links to the true company.
    pub correct: usize,
    /// Links to another company, or links made for an absent company.
    pub wrong: usize,
    /// Decisions with status [`Status::Review`].
    pub review: usize,
    /// `correct ÷ linked`; NaN when nothing was linked.
    #[serde(with = "super::nan_null")]
    pub precision: f64,
    /// `correct ÷ present`; NaN when no company of the category is present.
    #[serde(with = "super::nan_null")]
    pub recall: f64,
    /// Harmonic mean of precision and recall, computed as
    /// `2·correct ÷ (linked + present)` (so 0 when both are 0, and 0 when
    /// nothing was linked); NaN when no company of the category is present.
    #[serde(with = "super::nan_null")]
    pub f1: f64,
    /// Match rate (名寄せ率): `linked ÷ queries`; NaN for an empty row.
    #[serde(with = "super::nan_null")]
    pub match_rate: f64,
    /// Links made for absent companies ÷ absent companies (`queries −
    /// present`); NaN when the category has no absent company.
    #[serde(with = "super::nan_null")]
    pub false_link_rate_absent: f64,
}

impl CategoryMetrics {
    /// Queries whose company is absent from the table.
    pub fn absent(&self) -> usize {
        self.queries - self.present
    }
}

/// Running counts for one row.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    queries: usize,
    present: usize,
    linked: usize,
    correct: usize,
    review: usize,
    linked_absent: usize,
}

impl Counts {
    fn add(&mut self, decision: &Decision) {
        self.queries += 1;
        let present = decision.is_present();
        let link = decision.is_link();
        self.present += usize::from(present);
        self.linked += usize::from(link);
        self.correct += usize::from(link && decision.proposal_is_correct());
        self.review += usize::from(decision.status == Status::Review);
        self.linked_absent += usize::from(link && !present);
    }

    fn metrics(&self, category: &str) -> CategoryMetrics {
        let f1 = if self.present == 0 {
            f64::NAN
        } else {
            // present > 0, so the denominator is positive.
            2.0 * self.correct as f64 / (self.linked + self.present) as f64
        };
        CategoryMetrics {
            category: category.to_owned(),
            queries: self.queries,
            present: self.present,
            linked: self.linked,
            correct: self.correct,
            wrong: self.linked - self.correct,
            review: self.review,
            precision: ratio(self.correct, self.linked),
            recall: ratio(self.correct, self.present),
            f1,
            match_rate: ratio(self.linked, self.queries),
            false_link_rate_absent: ratio(self.linked_absent, self.queries - self.present),
        }
    }
}

/// Metrics per category, in the order categories first appear in
/// `decisions`, followed by [`PRESENT_CATEGORY`] (every decision whose company
/// is in the table, whatever its category) and [`ALL_CATEGORY`] (every
/// decision). The two pooled rows are always there, even for empty input
/// (with zero counts and NaN ratios). A category that is itself named
/// `"present"` or `"all"` keeps its own row before the pooled ones.
pub fn category_metrics(decisions: &[Decision]) -> Vec<CategoryMetrics> {
    let mut order: Vec<&str> = Vec::new();
    let mut counts: HashMap<&str, Counts> = HashMap::new();
    let mut present = Counts::default();
    let mut all = Counts::default();
    for decision in decisions {
        let category = decision.category.as_str();
        counts
            .entry(category)
            .or_insert_with(|| {
                order.push(category);
                Counts::default()
            })
            .add(decision);
        if decision.is_present() {
            present.add(decision);
        }
        all.add(decision);
    }
    order
        .iter()
        .map(|category| {
            counts
                .get(category)
                .copied()
                .unwrap_or_default()
                .metrics(category)
        })
        .chain([present.metrics(PRESENT_CATEGORY), all.metrics(ALL_CATEGORY)])
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn decision(
        category: &str,
        truth: Option<&str>,
        proposed: Option<&str>,
        status: Status,
    ) -> Decision {
        Decision {
            category: category.to_owned(),
            truth: truth.map(str::to_owned),
            intended: None,
            proposed: proposed.map(str::to_owned),
            status,
            score: if proposed.is_some() { 0.9 } else { 0.0 },
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    /// typo: 4 present; 2 right links, 1 wrong link, 1 review. absent: 2 rows,
    /// 1 false link, 1 unmatched.
    fn sample() -> Vec<Decision> {
        use Status::*;
        vec![
            decision("typo", Some("a"), Some("a"), Matched),
            decision("absent", None, Some("x"), Matched),
            decision("typo", Some("b"), Some("b"), Matched),
            decision("typo", Some("c"), Some("z"), Matched),
            decision("typo", Some("d"), Some("d"), Review),
            decision("absent", None, None, Unmatched),
        ]
    }

    #[test]
    fn rows_come_in_first_seen_order_then_present_and_all() {
        let rows = category_metrics(&sample());
        let names: Vec<&str> = rows.iter().map(|r| r.category.as_str()).collect();
        assert_eq!(names, ["typo", "absent", "present", "all"]);
    }

    #[test]
    fn typo_row_has_the_hand_computed_values() {
        let rows = category_metrics(&sample());
        let typo = &rows[0];
        assert_eq!((typo.queries, typo.present, typo.linked), (4, 4, 3));
        assert_eq!((typo.correct, typo.wrong, typo.review), (2, 1, 1));
        assert!(close(typo.precision, 2.0 / 3.0));
        assert!(close(typo.recall, 0.5));
        // 2·(2/3)·(1/2) / (2/3 + 1/2) = 4/7
        assert!(close(typo.f1, 4.0 / 7.0));
        assert!(close(typo.match_rate, 0.75));
        assert!(typo.false_link_rate_absent.is_nan());
        assert_eq!(typo.absent(), 0);
    }

    #[test]
    fn absent_row_reports_false_links_and_no_recall() {
        let rows = category_metrics(&sample());
        let absent = &rows[1];
        assert_eq!((absent.queries, absent.present, absent.linked), (2, 0, 1));
        assert_eq!((absent.correct, absent.wrong), (0, 1));
        assert!(close(absent.precision, 0.0));
        assert!(absent.recall.is_nan());
        assert!(absent.f1.is_nan());
        assert!(close(absent.match_rate, 0.5));
        assert!(close(absent.false_link_rate_absent, 0.5));
    }

    #[test]
    fn pooled_rows_add_up() {
        let rows = category_metrics(&sample());
        let present = &rows[2];
        assert_eq!(
            (
                present.queries,
                present.present,
                present.linked,
                present.correct
            ),
            (4, 4, 3, 2)
        );
        let all = &rows[3];
        assert_eq!(
            (all.queries, all.present, all.linked, all.correct, all.wrong),
            (6, 4, 4, 2, 2)
        );
        assert!(close(all.precision, 0.5));
        assert!(close(all.recall, 0.5));
        assert!(close(all.f1, 0.5));
        assert!(close(all.match_rate, 4.0 / 6.0));
        assert!(close(all.false_link_rate_absent, 0.5));
    }

    #[test]
    fn perfect_system_scores_one() {
        use Status::*;
        let decisions = vec![
            decision("exact", Some("a"), Some("a"), Matched),
            decision("exact", Some("b"), Some("b"), Matched),
        ];
        let exact = &category_metrics(&decisions)[0];
        assert!(close(exact.precision, 1.0) && close(exact.recall, 1.0) && close(exact.f1, 1.0));
        assert!(close(exact.match_rate, 1.0));
    }

    #[test]
    fn nothing_linked_gives_no_precision_and_zero_f1() {
        let decisions = vec![decision("kana", Some("a"), Some("a"), Status::Review)];
        let kana = &category_metrics(&decisions)[0];
        assert!(kana.precision.is_nan());
        assert!(close(kana.recall, 0.0));
        assert!(close(kana.f1, 0.0));
        assert!(close(kana.match_rate, 0.0));
        assert_eq!(kana.review, 1);
    }

    #[test]
    fn matched_without_a_proposal_is_not_a_link() {
        let decisions = vec![decision("odd", Some("a"), None, Status::Matched)];
        let odd = &category_metrics(&decisions)[0];
        assert_eq!((odd.linked, odd.correct, odd.wrong), (0, 0, 0));
    }

    #[test]
    fn empty_input_gives_the_two_pooled_rows_without_panicking() {
        let rows = category_metrics(&[]);
        assert_eq!(rows.len(), 2);
        for row in &rows {
            assert_eq!(row.queries, 0);
            assert!(row.precision.is_nan() && row.recall.is_nan() && row.f1.is_nan());
            assert!(row.match_rate.is_nan() && row.false_link_rate_absent.is_nan());
        }
    }

    #[test]
    fn not_applicable_values_are_null_in_json_and_read_back_as_nan() {
        let rows = category_metrics(&sample());
        let json = serde_json::to_string(&rows[1]).unwrap();
        assert!(json.contains("\"recall\":null"), "{json}");
        let back: CategoryMetrics = serde_json::from_str(&json).unwrap();
        assert!(back.recall.is_nan());
        assert!(close(back.false_link_rate_absent, 0.5));
    }
}
