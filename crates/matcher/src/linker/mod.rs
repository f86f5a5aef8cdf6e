//! The library's front door: a [`Linker`] links client records to the
//! company table with a trained policy, one at a time, in parallel batches,
//! or with an explanation of the decision.
//!
//! With the `database` feature (on by default), [`Linker::open`] builds the
//! index from any company source:
//!
//! ```no_run
//! # #[cfg(feature = "database")] {
//! use std::path::Path;
//! use nayose::CompanySource;
//! use nayose::index::{QueryText, RetrievalConfig};
//! use nayose::linker::Linker;
//!
//! # async fn example() -> Result<(), nayose::linker::LinkerError> {
//! let source = CompanySource::parse("data/default/companies.sqlite")?;
//! let (linker, _load) = Linker::open(&source, Path::new("opt/ml/model"), RetrievalConfig::default()).await?;
//! let result = linker.link(&QueryText {
//!     name: "㈱サカタのタネ 横浜本社",
//!     address: Some("横浜市都筑区仲町台2-7-1"),
//!     ..Default::default()
//! });
//! println!("{:?} {:?} {:.3}", result.match_status, result.match_id, result.match_score);
//! # Ok(()) }
//! # }
//! ```

mod notes;
mod result;
mod score;

pub use notes::identifier_note;
pub use result::{
    ExplainedCandidate, Explanation, LinkResult, MatchStatus, ScoredCandidate, format_score,
};
pub use score::{
    MAX_FIELD_BYTES, RecordError, Retrieved, ScoredQuery, check_record, decide, retrieve,
    retrieve_where, score,
};

#[cfg(feature = "database")]
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::features::FEATURES;
use crate::index::{Candidate, Index, QueryText};
#[cfg(feature = "database")]
use crate::index::{IndexError, RetrievalConfig};
use crate::policy::{ArtifactError, Policy, PolicyDecision};
#[cfg(feature = "database")]
use crate::policy::{CodeVersions, ModelArtifact};
#[cfg(feature = "database")]
use crate::source::{CompanySource, LoadReport, SourceError};

/// Why a linker could not be built.
#[derive(Debug, thiserror::Error)]
pub enum LinkerError {
    /// The company source is unusable.
    #[cfg(feature = "database")]
    #[error(transparent)]
    Source(#[from] SourceError),
    /// The index could not be built.
    #[cfg(feature = "database")]
    #[error(transparent)]
    Index(#[from] IndexError),
    /// The model artifact is missing, corrupt or made for other code.
    #[error(transparent)]
    Artifact(#[from] ArtifactError),
}

/// Links client records to an index with a trained policy. Cheap to clone
/// (the index is shared).
#[derive(Debug, Clone)]
pub struct Linker {
    index: Arc<Index>,
    policy: Arc<Policy>,
    candidates: usize,
}

impl Linker {
    /// A linker over an already built index and a loaded policy.
    ///
    /// ```
    /// use std::path::Path;
    /// use std::sync::Arc;
    /// use nayose::CompanyRecord;
    /// use nayose::index::{Index, QueryText, RetrievalConfig};
    /// use nayose::linker::{Linker, MatchStatus};
    /// use nayose::policy::{CodeVersions, ModelArtifact};
    ///
    /// let company = |id: &str, name: &str, address: &str| CompanyRecord {
    ///     id: id.into(),
    ///     name: name.into(),
    ///     address: Some(address.into()),
    ///     ..Default::default()
    /// };
    /// // The shipped model was trained on a 1.4 M-row table, a tenth of its
    /// // episodes offering only one to three candidates, as this table does.
    /// let companies = vec![
    ///     company("6020001008662", "株式会社サカタのタネ", "神奈川県横浜市都筑区仲町台2-7-1"),
    ///     company("1000000000009", "株式会社サカタ商店", "大阪府大阪市北区梅田1-1-1"),
    /// ];
    /// let index = Index::from_records(&companies, RetrievalConfig::default());
    /// // The model the repository ships.
    /// let model = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../opt/ml/model");
    /// let policy = ModelArtifact::load(&model, CodeVersions::current())?.policy()?;
    /// let linker = Linker::new(Arc::new(index), policy);
    ///
    /// let result = linker.link(&QueryText {
    ///     name: "㈱サカタのタネ",
    ///     address: Some("横浜市都筑区仲町台2丁目7番1号"),
    ///     ..Default::default()
    /// });
    /// assert_eq!(result.match_status, MatchStatus::Matched);
    /// assert_eq!(result.match_id.as_deref(), Some("6020001008662"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(index: Arc<Index>, policy: Policy) -> Self {
        Self {
            index,
            policy: Arc::new(policy),
            candidates: 0,
        }
    }

    /// Loads the model in `model_dir` (refusing one made for other code,
    /// before any data is read) and builds the index from `source`.
    #[cfg(feature = "database")]
    pub async fn open(
        source: &CompanySource,
        model_dir: &Path,
        retrieval: RetrievalConfig,
    ) -> Result<(Self, LoadReport), LinkerError> {
        let artifact = ModelArtifact::load(model_dir, CodeVersions::current())?;
        let policy = artifact.policy().map_err(ArtifactError::from)?;
        let (index, report) = Index::build(source, retrieval).await?;
        Ok((Self::new(Arc::new(index), policy), report))
    }

    /// The same linker reporting up to `n` scored candidates per result
    /// (`LinkResult::candidates`; CONTRACTS §4 `--candidates`).
    #[must_use]
    pub fn with_candidates(mut self, n: usize) -> Self {
        self.candidates = n;
        self
    }

    /// The same policy over another index version (for refreshes).
    #[must_use]
    pub fn with_index(&self, index: Arc<Index>) -> Self {
        Self {
            index,
            ..self.clone()
        }
    }

    /// The index.
    #[must_use]
    pub fn index(&self) -> &Arc<Index> {
        &self.index
    }

    /// The policy.
    #[must_use]
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Scores one record: its candidates, their features and the network's
    /// output (the first of the two steps; [`Linker::decide`] is the second).
    pub fn score(&self, record: &QueryText<'_>) -> Result<ScoredQuery, RecordError> {
        retrieve(&self.index, record).map(|retrieved| score(&self.policy, retrieved))
    }

    /// Decides a scored record under the model's decision rule.
    #[must_use]
    pub fn decide(&self, scored: &ScoredQuery) -> LinkResult {
        self.result(scored, &decide(self.policy.rule(), scored))
    }

    /// Links one record: [`Linker::score`], then [`Linker::decide`]. Never
    /// panics: a record that cannot be processed (no name, an oversized
    /// field) gets status `error` with the reason.
    #[must_use]
    pub fn link(&self, record: &QueryText<'_>) -> LinkResult {
        match self.score(record) {
            Ok(scored) => self.decide(&scored).with_note(identifier_note(record)),
            Err(reason) => LinkResult::error(reason.to_string()),
        }
    }

    /// Links many records in parallel; results are in input order.
    #[must_use]
    pub fn link_batch(&self, records: &[QueryText<'_>]) -> Vec<LinkResult> {
        records.par_iter().map(|r| self.link(r)).collect()
    }

    /// Links one record and says why: every candidate considered with its
    /// features and probability, the no-match probability, the calibrated
    /// confidence and the thresholds.
    #[must_use]
    pub fn explain(&self, record: &QueryText<'_>) -> Explanation {
        let rule = self.policy.rule();
        let scored = match self.score(record) {
            Ok(scored) => scored,
            Err(reason) => {
                return Explanation {
                    result: LinkResult::error(reason.to_string()),
                    no_match_probability: 1.0,
                    raw_probability: 0.0,
                    review_probability: 0.0,
                    decision_mode: rule.mode,
                    candidates: Vec::new(),
                };
            }
        };
        let decision = decide(rule, &scored);
        let probabilities = &scored.output.probabilities;
        let candidates = scored
            .candidates
            .iter()
            .zip(&scored.features)
            .enumerate()
            .map(|(rank, (candidate, features))| {
                let (id, name) = self.identify(candidate);
                ExplainedCandidate {
                    rank,
                    id,
                    name,
                    retrieval_score: candidate.score,
                    paths: candidate.paths.names(),
                    probability: probabilities.get(rank + 1).copied().unwrap_or(0.0),
                    features: FEATURES
                        .iter()
                        .zip(features.iter())
                        .map(|(spec, &value)| (spec.name, value))
                        .collect(),
                }
            })
            .collect();
        Explanation {
            result: self
                .result(&scored, &decision)
                .with_note(identifier_note(record)),
            no_match_probability: probabilities.first().copied().unwrap_or(1.0),
            raw_probability: decision.raw_probability,
            review_probability: scored.output.review_probability,
            decision_mode: rule.mode,
            candidates,
        }
    }

    fn identify(&self, candidate: &Candidate) -> (String, String) {
        self.index
            .company(candidate.row)
            .map(|c| (c.id.to_owned(), c.name.to_owned()))
            .unwrap_or_default()
    }

    fn result(&self, scored: &ScoredQuery, decision: &PolicyDecision) -> LinkResult {
        let linked = decision
            .proposed
            .and_then(|i| scored.candidates.get(i))
            .map(|c| self.identify(c));
        let rule = self.policy.rule();
        // By the score shown, then by place in the list, so the members of
        // a tie (one score) come in the order the proposed one leads.
        let listed = if self.candidates == 0 {
            0
        } else {
            scored.candidates.len()
        };
        let mut ranked: Vec<(usize, f32)> = (0..listed)
            .map(|i| (i, rule.confidence(&scored.output, i)))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let candidates = ranked
            .into_iter()
            .take(self.candidates)
            .filter_map(|(i, score)| scored.candidates.get(i).map(|c| (c, score)))
            .map(|(c, score)| {
                let (id, name) = self.identify(c);
                ScoredCandidate { id, name, score }
            })
            .collect();
        let (match_id, match_name) =
            linked.map_or((None, None), |(id, name)| (Some(id), Some(name)));
        LinkResult {
            match_score: if match_id.is_some() {
                decision.confidence
            } else {
                0.0
            },
            match_id,
            match_name,
            match_status: decision.status,
            match_error: None,
            match_note: None,
            candidates,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{DecisionRule, PolicyWeights};
    use crate::source::CompanyRecord;

    fn linker() -> Linker {
        let rows: Vec<CompanyRecord> = [("1", "株式会社山田工務店"), ("2", "有限会社田中商店")]
            .iter()
            .map(|(id, name)| CompanyRecord {
                id: (*id).to_owned(),
                name: (*name).to_owned(),
                ..CompanyRecord::default()
            })
            .collect();
        let index = Index::from_records(&rows, RetrievalConfig::default());
        let policy = Policy::new(
            PolicyWeights::zeros(crate::features::FEATURE_COUNT, 4),
            DecisionRule::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        Linker::new(Arc::new(index), policy).with_candidates(2)
    }

    #[test]
    fn bad_records_become_error_results() {
        let linker = linker();
        let empty = linker.link(&QueryText {
            name: "  ",
            ..Default::default()
        });
        assert_eq!(empty.match_status, MatchStatus::Error);
        assert!(
            empty
                .match_error
                .as_deref()
                .unwrap_or("")
                .contains("no name, phone, web address or number")
        );
        let long = "あ".repeat(MAX_FIELD_BYTES);
        let oversized = linker.link(&QueryText {
            name: "山田工務店",
            address: Some(&long),
            ..Default::default()
        });
        assert_eq!(oversized.match_status, MatchStatus::Error);
        assert!(
            oversized
                .match_error
                .as_deref()
                .unwrap_or("")
                .contains("`address`")
        );
        let explained = linker.explain(&QueryText::default());
        assert_eq!(explained.result.match_status, MatchStatus::Error);
        assert!(explained.candidates.is_empty());
    }

    #[test]
    fn batch_keeps_order_and_explanations_carry_features() {
        let linker = linker();
        let records = [
            QueryText {
                name: "山田工務店",
                ..Default::default()
            },
            QueryText {
                name: "",
                ..Default::default()
            },
            QueryText {
                name: "田中商店",
                ..Default::default()
            },
        ];
        let results = linker.link_batch(&records);
        assert_eq!(results.len(), 3);
        assert_eq!(results[1].match_status, MatchStatus::Error);
        assert!(results[0].candidates.len() <= 2);
        let explained = linker.explain(&records[0]);
        assert!(!explained.candidates.is_empty());
        let first = &explained.candidates[0];
        assert_eq!(first.features.len(), crate::features::FEATURE_COUNT);
        assert_eq!(first.features[0].0, "name_exact");
        let total: f32 = explained.no_match_probability
            + explained
                .candidates
                .iter()
                .map(|c| c.probability)
                .sum::<f32>();
        assert!((total - 1.0).abs() < 1e-4, "{total}");
    }
}
