//! Evaluation on a client list with ground truth (the development set the
//! generator writes: `queries.csv` and `truth.csv`), never used in training.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use nayose::features::{PreparedQuery, candidate_features};
use nayose::index::{Index, QueryText};
use nayose::policy::{LinkStatus, Policy};
use rayon::prelude::*;

use crate::calibrate::{Scored, status_of};
use crate::episodes::{Episode, EpisodeKind};
use crate::report::Decision;
use nayose::policy::DecisionRule;

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
    /// The true company id; `None` when the company is absent.
    pub true_id: Option<String>,
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

/// Reads `queries.csv` and `truth.csv` (`client_id,true_id,category`) from
/// `dir`.
pub fn read_dev_set(dir: &Path) -> Result<Vec<DevQuery>, EvalSetError> {
    let truth_path = dir.join("truth.csv");
    let (headers, rows) = read_csv(&truth_path)?;
    let (id, true_id, category) = (
        column(&headers, &truth_path, "client_id")?,
        column(&headers, &truth_path, "true_id")?,
        column(&headers, &truth_path, "category")?,
    );
    let field = |row: &csv::StringRecord, i: usize| row.get(i).unwrap_or("").to_owned();
    let truth: HashMap<String, (String, String)> = rows
        .iter()
        .map(|r| (field(r, id), (field(r, true_id), field(r, category))))
        .collect();
    let queries_path = dir.join("queries.csv");
    let (headers, rows) = read_csv(&queries_path)?;
    let id = column(&headers, &queries_path, "client_id")?;
    let name = column(&headers, &queries_path, "name")?;
    let optional = |n| headers.iter().position(|h| h == n);
    let (address, phone, url) = (optional("address"), optional("phone"), optional("url"));
    let get = |row: &csv::StringRecord, i: Option<usize>| {
        i.and_then(|i| row.get(i)).unwrap_or("").to_owned()
    };
    rows.iter()
        .map(|row| {
            let client_id = field(row, id);
            let (true_id, category) =
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
                true_id: (!true_id.is_empty()).then_some(true_id),
                category,
                client_id,
            })
        })
        .collect()
}

/// A development query as an episode over an index.
#[derive(Debug, Clone)]
pub struct DevEpisode {
    /// Features, truth position and presence.
    pub episode: Episode,
    /// Company ids of the candidates, in order.
    pub candidate_ids: Vec<String>,
    /// The query's category.
    pub category: String,
    /// The true id as the set gives it (present in the table or not).
    pub true_id: Option<String>,
}

/// Retrieves and featurises every query against `index` (in parallel).
#[must_use]
pub fn dev_episodes(index: &Index, queries: &[DevQuery]) -> Vec<DevEpisode> {
    queries
        .par_iter()
        .map(|query| {
            let prepared = PreparedQuery::new(query.as_query());
            let candidates = index.search(prepared.keys());
            let features = candidate_features(&prepared, index, &candidates);
            let candidate_ids: Vec<String> = candidates
                .iter()
                .map(|c| {
                    index
                        .company(c.row)
                        .map(|r| r.id.to_owned())
                        .unwrap_or_default()
                })
                .collect();
            let present = query
                .true_id
                .as_deref()
                .is_some_and(|id| index.find(id).is_some());
            let truth = query
                .true_id
                .as_deref()
                .and_then(|id| candidate_ids.iter().position(|c| c == id));
            DevEpisode {
                episode: Episode {
                    features,
                    truth,
                    present,
                    kind: if present {
                        EpisodeKind::Present
                    } else {
                        EpisodeKind::HeldOut
                    },
                },
                candidate_ids,
                category: query.category.clone(),
                true_id: query.true_id.clone(),
            }
        })
        .collect()
}

/// Decisions of a trained policy through the library's serving path.
#[must_use]
pub fn policy_decisions(policy: &Policy, episodes: &[DevEpisode]) -> Vec<Decision> {
    episodes
        .par_iter()
        .map(|dev| {
            let decision = policy.decide(&dev.episode.features);
            Decision {
                category: dev.category.clone(),
                truth: dev.true_id.clone(),
                proposed: decision
                    .proposed
                    .and_then(|i| dev.candidate_ids.get(i).cloned()),
                status: decision.status,
                score: if decision.proposed.is_some() {
                    decision.confidence
                } else {
                    0.0
                },
            }
        })
        .collect()
}

/// Decisions from scores (the rule baseline) under `rule`.
#[must_use]
pub fn scored_decisions(
    scored: &[Scored],
    rule: &DecisionRule,
    episodes: &[DevEpisode],
) -> Vec<Decision> {
    scored
        .iter()
        .zip(episodes)
        .map(|(s, dev)| {
            let link_status = status_of(s, rule);
            let proposed = match link_status {
                LinkStatus::Unmatched => None,
                _ => s.best.and_then(|i| dev.candidate_ids.get(i).cloned()),
            };
            Decision {
                category: dev.category.clone(),
                truth: dev.true_id.clone(),
                score: if proposed.is_some() {
                    rule.calibration.apply(s.raw)
                } else {
                    0.0
                },
                proposed,
                status: link_status,
            }
        })
        .collect()
}
