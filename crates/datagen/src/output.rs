//! Writing a generated table and its evaluation set.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use nayose::source::{SourceError, SourceLocation, write_companies};

use crate::company::real_company;
use crate::eval::{Category, EvalSampler, Query, Truth};
use crate::listed_contact::with_listed_contact;
use crate::real_eval::{RealCategory, real_eval_set};
use crate::table::{TableConfig, TableGenerator};

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// Writing the table failed.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// Writing a file failed.
    #[error("cannot write {path}: {cause}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        cause: std::io::Error,
    },
    /// Writing a CSV file failed.
    #[error("cannot write {path}: {cause}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        cause: csv::Error,
    },
}

/// What a generation run produced.
#[derive(Debug, Clone)]
pub struct GenerateSummary {
    /// Rows written to the table.
    pub rows: u64,
    /// Time to generate and write the table.
    pub table_time: Duration,
    /// Evaluation queries per category.
    pub eval_counts: BTreeMap<Category, usize>,
    /// Where the evaluation set went.
    pub eval_dir: Option<PathBuf>,
    /// Real-anchored evaluation queries per category.
    pub real_eval_counts: BTreeMap<RealCategory, usize>,
    /// Where the real-anchored evaluation set went ([`real_eval_dir`]).
    pub real_eval_dir: Option<PathBuf>,
}

/// The directory of the real-anchored development set beside the first one:
/// `<eval_dir>-real` (`data/default/eval` → `data/default/eval-real`).
#[must_use]
pub fn real_eval_dir(eval_dir: &Path) -> PathBuf {
    let mut name = eval_dir
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "eval".into());
    name.push("-real");
    eval_dir.with_file_name(name)
}

/// Generates the table for `config` into `location` (its `companies` table, or
/// the CSV file) and, with `eval`, an evaluation set of that many queries into
/// that directory (`queries.csv`, `truth.csv`) and the real-anchored set
/// ([`crate::real_eval`]) into [`real_eval_dir`] beside it. `progress` is called with the
/// number of rows generated so far, every 10 000 rows.
pub async fn generate(
    config: TableConfig,
    location: &SourceLocation,
    eval: Option<(&Path, usize)>,
    mut progress: impl FnMut(u64),
) -> Result<GenerateSummary, GenerateError> {
    let started = Instant::now();
    let mut generator = TableGenerator::new(config);
    let mut sampler = eval.map(|(_, queries)| EvalSampler::new(config.seed, queries));
    let mut produced = 0u64;
    let rows = generator.by_ref().map(|company| {
        if let Some(sampler) = sampler.as_mut() {
            sampler.observe(&company);
        }
        produced += 1;
        if produced.is_multiple_of(10_000) {
            progress(produced);
        }
        // Real companies get their phone and web address as the table row
        // is written, after the first development set has seen the row: that
        // set is written from the generator's own world and stays as it was
        // (its queries of real companies carry no contact).
        with_listed_contact(company).record()
    });
    let written = write_companies(location, "companies", rows).await?;
    progress(written);
    let table_time = started.elapsed();
    let mut summary = GenerateSummary {
        rows: written,
        table_time,
        eval_counts: BTreeMap::new(),
        eval_dir: None,
        real_eval_counts: BTreeMap::new(),
        real_eval_dir: None,
    };
    if let (Some(sampler), Some((dir, _))) = (sampler, eval) {
        let items = sampler.finish(&mut generator);
        for (_, truth) in &items {
            *summary.eval_counts.entry(truth.category).or_default() += 1;
        }
        write_eval_set(dir, &items)?;
        summary.eval_dir = Some(dir.to_owned());
        let fingerprints = generator.fingerprints();
        let real = real_eval_set(
            config.seed,
            |company| fingerprints.same_core(&real_company(company, String::new())),
            |name| fingerprints.carries_core_of(name),
        );
        for item in &real {
            *summary.real_eval_counts.entry(item.category).or_default() += 1;
        }
        let real_dir = real_eval_dir(dir);
        write_eval_files(
            &real_dir,
            true,
            real.iter().map(|i| {
                (
                    &i.query,
                    i.true_id.as_str(),
                    i.category.as_str(),
                    i.intended_id.as_str(),
                )
            }),
        )?;
        summary.real_eval_dir = Some(real_dir);
    }
    Ok(summary)
}

/// Writes `queries.csv` (CONTRACTS §2) and `truth.csv`
/// (`client_id,true_id,category`).
pub fn write_eval_set(dir: &Path, items: &[(Query, Truth)]) -> Result<(), GenerateError> {
    write_eval_files(
        dir,
        false,
        items
            .iter()
            .map(|(q, t)| (q, t.true_id.as_str(), t.category.as_str(), "")),
    )
}

/// Writes `queries.csv` and `truth.csv` from (query, true id, category,
/// intended id: the company a row was written from when the true id is
/// left empty although it is in the table, see
/// [`crate::real_eval::RealItem::intended_id`]); `truth.csv` has the
/// `intended_id` column only `with_intended`.
fn write_eval_files<'a>(
    dir: &Path,
    with_intended: bool,
    items: impl Iterator<Item = (&'a Query, &'a str, &'a str, &'a str)>,
) -> Result<(), GenerateError> {
    fs::create_dir_all(dir).map_err(|cause| GenerateError::Io {
        path: dir.to_owned(),
        cause,
    })?;
    let queries_path = dir.join("queries.csv");
    let truth_path = dir.join("truth.csv");
    let csv_error = |path: &Path| {
        let path = path.to_owned();
        move |cause| GenerateError::Csv { path, cause }
    };
    let mut queries = csv::Writer::from_path(&queries_path).map_err(csv_error(&queries_path))?;
    let mut truths = csv::Writer::from_path(&truth_path).map_err(csv_error(&truth_path))?;
    queries
        .write_record([
            "client_id",
            "name",
            "address",
            "phone",
            "url",
            "corporate_number",
            "invoice_number",
        ])
        .map_err(csv_error(&queries_path))?;
    let truth_columns = if with_intended { 4 } else { 3 };
    truths
        .write_record(
            ["client_id", "true_id", "category", "intended_id"]
                .iter()
                .take(truth_columns),
        )
        .map_err(csv_error(&truth_path))?;
    for (query, true_id, category, intended_id) in items {
        queries
            .write_record([
                &query.client_id,
                &query.name,
                &query.address,
                &query.phone,
                &query.url,
                &query.corporate_number,
                &query.invoice_number,
            ])
            .map_err(csv_error(&queries_path))?;
        truths
            .write_record(
                [query.client_id.as_str(), true_id, category, intended_id]
                    .iter()
                    .take(truth_columns),
            )
            .map_err(csv_error(&truth_path))?;
    }
    queries.flush().map_err(|cause| GenerateError::Io {
        path: queries_path.clone(),
        cause,
    })?;
    truths.flush().map_err(|cause| GenerateError::Io {
        path: truth_path.clone(),
        cause,
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_real_anchored_set_sits_beside_the_first() {
        assert_eq!(
            real_eval_dir(Path::new("data/default/eval")),
            Path::new("data/default/eval-real")
        );
        assert_eq!(
            real_eval_dir(Path::new("out/companies-eval")),
            Path::new("out/companies-eval-real")
        );
    }
}
