//! Evaluation on a client list with ground truth (the development set the
//! generator writes: `queries.csv` and `truth.csv`), never used in training.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use nayose::MatchStatus;
use nayose::index::{Index, QueryText};
use nayose::linker::{LinkResult, Linker, retrieve};
use nayose::policy::{DecisionRule, decide_with};
use rayon::prelude::*;

use crate::report::Decision;
use crate::rule::RuleBaseline;

/// Why the evaluation set cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum EvalSetError {
    /// A file is missing or unreadable, or not valid CSV.
    #[error("cannot read {path}: {cause}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        cause: csv::Error,
    },
    /// A required column is missing.
    #[error("{path} has no `{column}` column")]
    Column {
        /// The file.
        path: PathBuf,
        /// The column.
        column: &'static str,
    },
    /// A query has no truth row.
    #[error("{path}: client {client_id} has no row in truth.csv")]
    NoTruth {
        /// `queries.csv`.
        path: PathBuf,
        /// The client id.
        client_id: String,
    },
}

/// One evaluation query with its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DevQuery {
    /// Client id.
    pub client_id: String,
    /// Name as written.
    pub name: String,
    /// Address as written (may be empty).
    pub address: String,
    /// Phone as written (may be empty).
    pub phone: String,
    /// URL as written (may be empty).
    pub url: String,
    /// 法人番号 as written (may be empty).
    pub corporate_number: String,
    /// Invoice registration number as written (may be empty).
    pub invoice_number: String,
    /// The true company id; `None` when the company is absent.
    pub true_id: Option<String>,
    /// The company the query was written from when `true_id` is left empty
    /// although it is in the table (`truth.csv`'s optional `intended_id`;
    /// see [`crate::report::Decision::intended`]).
    pub intended_id: Option<String>,
    /// Evaluation category.
    pub category: String,
}

impl DevQuery {
    /// The query's fields for the library.
    #[must_use]
    pub fn as_query(&self) -> QueryText<'_> {
        QueryText {
            name: &self.name,
            address: non_empty(&self.address),
            phone: non_empty(&self.phone),
            url: non_empty(&self.url),
            corporate_number: non_empty(&self.corporate_number),
            invoice_number: non_empty(&self.invoice_number),
        }
    }
}

fn non_empty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

fn read_csv(path: &Path) -> Result<(csv::StringRecord, Vec<csv::StringRecord>), EvalSetError> {
    let error = |cause| EvalSetError::Csv {
        path: path.to_owned(),
        cause,
    };
    let mut reader = csv::Reader::from_path(path).map_err(error)?;
    let headers = reader.headers().map_err(error)?.clone();
    let rows = reader
        .records()
        .collect::<Result<Vec<_>, _>>()
        .map_err(error)?;
    Ok((headers, rows))
}

fn column(
    headers: &csv::StringRecord,
    path: &Path,
    name: &'static str,
) -> Result<usize, EvalSetError> {
    headers
        .iter()
        .position(|h| h.trim_start_matches('\u{feff}') == name)
        .ok_or_else(|| EvalSetError::Column {
            path: path.to_owned(),
            column: name,
        })
}

/// Reads `queries.csv` and `truth.csv` (`client_id,true_id,category` and
/// optionally `intended_id`) from `dir`.
pub fn read_dev_set(dir: &Path) -> Result<Vec<DevQuery>, EvalSetError> {
    let truth_path = dir.join("truth.csv");
    let (headers, rows) = read_csv(&truth_path)?;
    let (id, true_id, category) = (
        column(&headers, &truth_path, "client_id")?,
        column(&headers, &truth_path, "true_id")?,
        column(&headers, &truth_path, "category")?,
    );
    let intended = headers.iter().position(|h| h == "intended_id");
    let field = |row: &csv::StringRecord, i: usize| row.get(i).unwrap_or("").to_owned();
    let truth: HashMap<String, (String, String, String)> = rows
        .iter()
        .map(|r| {
            let intended = intended.map(|i| field(r, i)).unwrap_or_default();
            (
                field(r, id),
                (field(r, true_id), field(r, category), intended),
            )
        })
        .collect();
    let queries_path = dir.join("queries.csv");
    let (headers, rows) = read_csv(&queries_path)?;
    let id = column(&headers, &queries_path, "client_id")?;
    let name = column(&headers, &queries_path, "name")?;
    let optional = |n| headers.iter().position(|h| h == n);
    let (address, phone, url) = (optional("address"), optional("phone"), optional("url"));
    let (corporate_number, invoice_number) =
        (optional("corporate_number"), optional("invoice_number"));
    let get = |row: &csv::StringRecord, i: Option<usize>| {
        i.and_then(|i| row.get(i)).unwrap_or("").to_owned()
    };
    rows.iter()
        .map(|row| {
            let client_id = field(row, id);
            let (true_id, category, intended_id) =
                truth
                    .get(&client_id)
                    .cloned()
                    .ok_or_else(|| EvalSetError::NoTruth {
                        path: queries_path.clone(),
                        client_id: client_id.clone(),
                    })?;
            Ok(DevQuery {
                name: field(row, name),
                address: get(row, address),
                phone: get(row, phone),
                url: get(row, url),
                corporate_number: get(row, corporate_number),
                invoice_number: get(row, invoice_number),
                true_id: (!true_id.is_empty()).then_some(true_id),
                intended_id: (!intended_id.is_empty()).then_some(intended_id),
                category,
                client_id,
            })
        })
        .collect()
}

/// Links every development query through the library's [`Linker`], in
/// parallel: the path `nayose link` runs, over an index built as it builds
/// it, so its output reproduces these results row for row.
#[must_use]
pub fn link_dev_set(linker: &Linker, queries: &[DevQuery]) -> Vec<LinkResult> {
    queries
        .par_iter()
        .map(|query| linker.link(&query.as_query()))
        .collect()
}

/// A linked development query as the report's decision.
#[must_use]
pub fn link_decision(query: &DevQuery, result: &LinkResult) -> Decision {
    Decision {
        category: query.category.clone(),
        truth: query.true_id.clone(),
        intended: query.intended_id.clone(),
        proposed: result.match_id.clone(),
        status: result.match_status,
        score: result.match_score,
    }
}

/// The rule baseline's decisions on the development set: the library's
/// retrieval and decision function, with the rule's output in place of the
/// network's.
#[must_use]
pub fn rule_decisions(
    index: &Index,
    baseline: &RuleBaseline,
    rule: &DecisionRule,
    queries: &[DevQuery],
) -> Vec<Decision> {
    queries
        .par_iter()
        .map(|query| {
            let (status, proposed, score) = match retrieve(index, &query.as_query()) {
                Err(_) => (MatchStatus::Error, None, 0.0),
                Ok(retrieved) => {
                    let decision = decide_with(rule, baseline.output(&retrieved.features));
                    let proposed = decision
                        .proposed
                        .and_then(|i| retrieved.candidates.get(i))
                        .and_then(|c| index.company(c.row))
                        .map(|company| company.id.to_owned());
                    let score = if proposed.is_some() {
                        decision.confidence
                    } else {
                        0.0
                    };
                    (decision.status, proposed, score)
                }
            };
            Decision {
                category: query.category.clone(),
                truth: query.true_id.clone(),
                intended: query.intended_id.clone(),
                proposed,
                status,
                score,
            }
        })
        .collect()
}

/// Queries whose true company is not in `index`: they count as absent.
#[must_use]
pub fn missing_truths(index: &Index, queries: &[DevQuery]) -> usize {
    queries
        .iter()
        .filter(|q| {
            q.true_id
                .as_deref()
                .is_some_and(|id| index.find(id).is_none())
        })
        .count()
}

/// Writes the per-row results (`client_id,match_id,match_status,match_score`,
/// spelt as `nayose link` writes them) so a run of `nayose link` over the
/// same queries can be compared with the published figures row by row.
pub fn write_dev_links(
    path: &Path,
    queries: &[DevQuery],
    results: &[LinkResult],
) -> Result<(), EvalSetError> {
    let error = |cause| EvalSetError::Csv {
        path: path.to_owned(),
        cause,
    };
    let mut writer = csv::Writer::from_path(path).map_err(error)?;
    writer
        .write_record(["client_id", "match_id", "match_status", "match_score"])
        .map_err(error)?;
    for (query, result) in queries.iter().zip(results) {
        writer
            .write_record([
                query.client_id.as_str(),
                result.match_id.as_deref().unwrap_or(""),
                result.match_status.as_str(),
                &result.score_text(),
            ])
            .map_err(error)?;
    }
    writer.flush().map_err(|e| error(e.into()))
}
