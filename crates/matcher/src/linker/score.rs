//! The two steps from a record to a decision, public so that every caller
//! (the [`Linker`](super::Linker), `nayose link`, `serve`, and training's
//! episodes, calibration and evaluation) runs the same code:
//!
//! 1. **scoring**: [`check_record`] cleans and validates the fields,
//!    [`retrieve`] finds the candidates and computes their feature vectors,
//!    and [`score`] runs the policy network over them ([`ScoredQuery`]);
//! 2. **deciding**: [`decide`] applies the model's decision rule
//!    ([`decide_with`](crate::policy::decide_with), the one decision function).

use crate::features::{FeatureVector, PreparedQuery, candidate_features, order_ties_by_id};
use crate::index::{Candidate, Index, QueryText};
use crate::policy::{DecisionRule, Policy, PolicyDecision, PolicyOutput, decide_with};

/// The longest field accepted, in bytes; longer ones make the record an
/// `error` (a company name or address is never this long).
pub const MAX_FIELD_BYTES: usize = 4096;

/// Why a record cannot be linked: the reason of an `error` result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    /// Nothing to link on: the name is missing or blank, and so are the
    /// phone, the web address and both identifier fields (an address alone
    /// names too many companies).
    #[error("the record has no name, phone, web address or number")]
    NoUsableField,
    /// A field is longer than [`MAX_FIELD_BYTES`].
    #[error("field `{field}` is {bytes} bytes; the limit is {MAX_FIELD_BYTES}")]
    FieldTooLong {
        /// The field's name.
        field: &'static str,
        /// Its length in bytes.
        bytes: usize,
    },
}

/// Cleans a record's fields the one way every path does (surrounding
/// whitespace trimmed, a blank optional field treated as absent) and checks
/// it can be linked.
///
/// ```
/// use nayose::index::QueryText;
/// use nayose::linker::{RecordError, check_record};
///
/// let clean = check_record(&QueryText { name: " 山田工務店 ", phone: Some("  "), ..Default::default() })?;
/// assert_eq!((clean.name, clean.phone), ("山田工務店", None));
/// assert_eq!(check_record(&QueryText::default()).err(), Some(RecordError::NoUsableField));
/// // A phone number alone is enough to look for the company.
/// assert!(check_record(&QueryText { phone: Some("045-945-8800"), ..Default::default() }).is_ok());
/// # Ok::<(), RecordError>(())
/// ```
pub fn check_record<'a>(record: &QueryText<'a>) -> Result<QueryText<'a>, RecordError> {
    let fields = [
        ("name", Some(record.name)),
        ("address", record.address),
        ("phone", record.phone),
        ("url", record.url),
        ("corporate_number", record.corporate_number),
        ("invoice_number", record.invoice_number),
    ];
    for (field, value) in fields {
        if let Some(value) = value
            && value.len() > MAX_FIELD_BYTES
        {
            return Err(RecordError::FieldTooLong {
                field,
                bytes: value.len(),
            });
        }
    }
    let optional = |value: Option<&'a str>| value.map(str::trim).filter(|v| !v.is_empty());
    let clean = QueryText {
        name: record.name.trim(),
        address: optional(record.address),
        phone: optional(record.phone),
        url: optional(record.url),
        corporate_number: optional(record.corporate_number),
        invoice_number: optional(record.invoice_number),
    };
    let other_evidence = [
        clean.phone,
        clean.url,
        clean.corporate_number,
        clean.invoice_number,
    ]
    .iter()
    .any(Option::is_some);
    if clean.name.is_empty() && !other_evidence {
        return Err(RecordError::NoUsableField);
    }
    Ok(clean)
}

/// One record's candidates with their feature vectors, in retrieval order:
/// what the policy sees.
#[derive(Debug, Clone, PartialEq)]
pub struct Retrieved {
    /// The candidates, in retrieval order.
    pub candidates: Vec<Candidate>,
    /// One feature vector per candidate, same order.
    pub features: Vec<FeatureVector>,
}

/// Checks `record` and retrieves its candidates from `index` with their
/// features.
pub fn retrieve(index: &Index, record: &QueryText<'_>) -> Result<Retrieved, RecordError> {
    retrieve_where(index, record, |_| true)
}

/// [`retrieve`], keeping only the candidates `keep` accepts, before the
/// features are computed (a candidate's rank and its gap to the others are
/// features, so the kept set is featurised as if it had been retrieved
/// alone). Training uses it to take a company out of its own candidates.
pub fn retrieve_where(
    index: &Index,
    record: &QueryText<'_>,
    keep: impl FnMut(&Candidate) -> bool,
) -> Result<Retrieved, RecordError> {
    let record = check_record(record)?;
    let query = PreparedQuery::new(record);
    let mut candidates = index.search(query.keys());
    candidates.retain(keep);
    let mut features = candidate_features(&query, index, &candidates);
    order_ties_by_id(&mut candidates, &mut features);
    Ok(Retrieved {
        candidates,
        features,
    })
}

/// A record scored by the policy network: its candidates, their features,
/// and the network's output (index 0 = no match, `i + 1` = candidate `i`).
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredQuery {
    /// The candidates, in retrieval order.
    pub candidates: Vec<Candidate>,
    /// One feature vector per candidate.
    pub features: Vec<FeatureVector>,
    /// The network's logits and probabilities.
    pub output: PolicyOutput,
}

/// Runs `policy`'s network over retrieved candidates.
#[must_use]
pub fn score(policy: &Policy, retrieved: Retrieved) -> ScoredQuery {
    let output = policy.score(&retrieved.features);
    ScoredQuery {
        candidates: retrieved.candidates,
        features: retrieved.features,
        output,
    }
}

/// Applies `rule` to a scored query.
#[must_use]
pub fn decide(rule: &DecisionRule, scored: &ScoredQuery) -> PolicyDecision {
    decide_with(rule, scored.output.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oversized_fields_are_named_and_records_without_evidence_refused() {
        let long = "あ".repeat(MAX_FIELD_BYTES);
        let error = check_record(&QueryText {
            name: "山田工務店",
            url: Some(&long),
            ..Default::default()
        });
        assert_eq!(
            error.err(),
            Some(RecordError::FieldTooLong {
                field: "url",
                bytes: long.len()
            })
        );
        // A blank name with a phone, a web address or a number is linked on
        // those; with an address alone it is not.
        for record in [
            QueryText {
                phone: Some("03-1234-5678"),
                ..Default::default()
            },
            QueryText {
                url: Some("info@example.co.jp"),
                ..Default::default()
            },
            QueryText {
                invoice_number: Some("T1180301018771"),
                ..Default::default()
            },
        ] {
            let clean = check_record(&QueryText {
                name: " \t\u{3000}",
                ..record
            });
            assert_eq!(clean.map(|c| c.name), Ok(""));
        }
        assert_eq!(
            check_record(&QueryText {
                name: " ",
                address: Some("東京都千代田区丸の内1-1-1"),
                phone: Some("  "),
                ..Default::default()
            })
            .err(),
            Some(RecordError::NoUsableField)
        );
    }
}
