//! What a system's decisions cost the person who uses it, at a few prices
//! for a wrong link.
//!
//! Prices are in units of one review (a person looking at one row): a wrong
//! link (matched to the wrong company, or to any company when the company is
//! absent) costs `r` reviews, a company of the table left `unmatched` costs
//! [`MISSED_LINK_PRICE`] (someone has to find it later; that includes a name
//! several rows carry, [`Decision::company_in_table`]: the answer to
//! such a tie is `review` with the namesakes listed, and "no match" hides
//! them), a `review` row costs 1 whatever its outcome, and a right link or a
//! right "no match" costs nothing. The curve is the expected cost per 1 000
//! rows as `r` grows.

use serde::{Deserialize, Serialize};

use super::{Decision, Status};

/// The wrong-link prices (in reviews) of a cost curve.
pub const WRONG_LINK_PRICES: [f64; 6] = [2.0, 5.0, 10.0, 20.0, 50.0, 100.0];

/// The price of a present company left unmatched, in reviews: the link is
/// lost (a duplicate customer, a record nobody connects), which costs more
/// than the minute a person spends on a review, or a review would never be
/// worth asking for.
pub const MISSED_LINK_PRICE: f64 = 3.0;

/// One point of a cost curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CostPoint {
    /// The price of a wrong link, in reviews.
    pub wrong_link_price: f64,
    /// Expected cost per 1 000 rows, in reviews.
    pub cost_per_thousand: f64,
}

/// The counts a cost is made of.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Outcomes {
    rows: usize,
    wrong_links: usize,
    missed: usize,
    reviews: usize,
}

fn outcomes(decisions: &[Decision]) -> Outcomes {
    let mut o = Outcomes {
        rows: decisions.len(),
        ..Outcomes::default()
    };
    for d in decisions {
        if d.is_link() {
            o.wrong_links += usize::from(!d.proposal_is_correct());
        } else if d.status == Status::Review {
            o.reviews += 1;
        } else if d.company_in_table() {
            o.missed += 1;
        }
    }
    o
}

/// The cost curve of `decisions` over [`WRONG_LINK_PRICES`]; empty when there
/// is no decision.
#[must_use]
pub fn cost_curve(decisions: &[Decision]) -> Vec<CostPoint> {
    let o = outcomes(decisions);
    if o.rows == 0 {
        return Vec::new();
    }
    WRONG_LINK_PRICES
        .iter()
        .map(|&price| {
            let cost = o.reviews as f64
                + MISSED_LINK_PRICE * o.missed as f64
                + price * o.wrong_links as f64;
            CostPoint {
                wrong_link_price: price,
                cost_per_thousand: 1000.0 * cost / o.rows as f64,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(truth: Option<&str>, proposed: Option<&str>, status: Status) -> Decision {
        Decision {
            category: "c".to_owned(),
            truth: truth.map(str::to_owned),
            intended: None,
            proposed: proposed.map(str::to_owned),
            status,
            score: 0.5,
        }
    }

    #[test]
    fn costs_count_reviews_misses_and_wrong_links() {
        use Status::*;
        let decisions = vec![
            decision(Some("a"), Some("a"), Matched), // right: 0
            decision(Some("a"), Some("b"), Matched), // wrong link: r
            decision(None, Some("b"), Matched),      // wrong link: r
            decision(Some("a"), Some("a"), Review),  // 1
            decision(None, Some("b"), Review),       // 1
            decision(Some("a"), None, Unmatched),    // missed: 3
            decision(None, None, Unmatched),         // right: 0
            decision(Some("a"), None, Error),        // missed: 3
            // A name two rows carry: no link is right, a review costs 1,
            // "no match" loses the company.
            Decision {
                intended: Some("a".to_owned()),
                ..decision(None, Some("a"), Review)
            },
            Decision {
                intended: Some("a".to_owned()),
                ..decision(None, None, Unmatched)
            },
        ];
        let curve = cost_curve(&decisions);
        assert_eq!(curve.len(), WRONG_LINK_PRICES.len());
        for point in &curve {
            let expected = 1000.0 * (3.0 + 9.0 + 2.0 * point.wrong_link_price) / 10.0;
            assert!(
                (point.cost_per_thousand - expected).abs() < 1e-9,
                "{point:?}"
            );
        }
        assert!(cost_curve(&[]).is_empty());
    }
}
