//! `nayose link`: links a client list (CSV) to the company table
//! (CONTRACTS §2–§4).
//!
//! The input is read and the output written in chunks, so memory stays at
//! the index plus one chunk whatever the file's size. Rows of a chunk are
//! linked in parallel and written in input order, exactly one output row per
//! input row. Decoding, the header, each row and the result columns go
//! through the client-list layer shared with `serve` ([`crate::clients`]):
//! a row with bytes that are not valid text, or with more fields than the
//! header, is an `error` row with a `match_error` (its cells cut to the
//! header's width), as is a row the library cannot link (no name, a field
//! over 4 096 bytes); a row with fewer fields reads the missing cells as
//! empty (and is written padded). Only a file that cannot be read as CSV at
//! all (an unclosed quote) fails the run. The input's cells are written back
//! as they were; an unlinked row's `match_score` is empty. The output goes
//! to a temporary file in the target directory and is renamed at the end,
//! so a killed run never leaves a half file under the final name.

mod input;
mod output;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use std::sync::Arc;

use nayose::index::{BuildReason, Index, IndexOrigin, OpenedIndex, RetrievalConfig};
use nayose::linker::{LinkResult, Linker, MatchStatus};
use nayose::policy::{CodeVersions, ModelArtifact};
use nayose_progress::Progress;

pub use crate::clients::encoding::{InputEncoding, OutputEncoding};
use crate::clients::link::link_rows;
use crate::clients::output::{
    MATCH_CANDIDATES, MATCH_COLUMNS, MATCH_NOTE, candidates_cell, error_cell, match_cells,
    note_cell,
};
use crate::clients::row::CsvRow;
use crate::companies::{resolve_source, snapshot_path};
use crate::model::resolve_model_dir;
use input::ClientList;
use output::OutputFile;

/// Rows linked per chunk.
const CHUNK_ROWS: usize = 4096;

/// `nayose link` arguments.
#[derive(Debug, clap::Args)]
pub struct LinkArgs {
    /// The client list (CSV with a header row; CONTRACTS §2).
    #[arg(long)]
    pub input: PathBuf,
    /// Where to write the result [default: INPUT's name with `.linked.csv`, next to it].
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Company source: sqlite://…, postgres://…, mysql://…, or a .sqlite/.db/.csv path
    /// [default: NAYOSE_COMPANIES, DATABASE_URL, else the embedded default table].
    #[arg(long)]
    pub companies: Option<String>,
    /// Custom query for the company source (default: NAYOSE_COMPANIES_QUERY).
    #[arg(long)]
    pub companies_query: Option<String>,
    /// Model directory [default: NAYOSE_MODEL_DIR, else the shipped opt/ml/model].
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Input encoding.
    #[arg(long, value_enum, default_value_t = InputEncoding::Auto)]
    pub encoding: InputEncoding,
    /// Output encoding.
    #[arg(long, value_enum, default_value_t = OutputEncoding::Auto)]
    pub output_encoding: OutputEncoding,
    /// Add a `match_candidates` column: up to N candidates, best first, as `id:score` joined by `|`.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub candidates: usize,
    /// Add a `match_explanation` column: the decision explained as JSON.
    #[arg(long)]
    pub explain: bool,
    /// Also write the run's summary as JSON to this file (rows per status,
    /// start-up and linking seconds, rows/s), for scripts and benchmarks.
    #[arg(long, value_name = "FILE")]
    pub summary_json: Option<PathBuf>,
    /// Keep the built index as a snapshot in DIR and read it from there
    /// while the company source is unchanged [default: NAYOSE_INDEX_DIR,
    /// else beside the embedded default table when that is the source].
    #[arg(long, value_name = "DIR")]
    pub index_dir: Option<PathBuf>,
    /// No progress output and no summary.
    #[arg(long, short)]
    pub quiet: bool,
}

/// The default output path: `clients.csv` → `clients.linked.csv`.
fn default_output(input: &Path) -> PathBuf {
    let stem = input
        .file_stem()
        .map_or_else(|| "clients".into(), |s| s.to_string_lossy().into_owned());
    input.with_file_name(format!("{stem}.linked.csv"))
}

/// Counts of outcomes.
#[derive(Debug, Default)]
struct Tally {
    rows: u64,
    matched: u64,
    review: u64,
    unmatched: u64,
    errors: u64,
}

impl Tally {
    fn add(&mut self, status: MatchStatus) {
        self.rows += 1;
        match status {
            MatchStatus::Matched => self.matched += 1,
            MatchStatus::Review => self.review += 1,
            MatchStatus::Unmatched => self.unmatched += 1,
            MatchStatus::Error => self.errors += 1,
        }
    }
}

/// Rows of one chunk and their results, in order.
type LinkedChunk = (Vec<CsvRow>, Vec<(LinkResult, Option<String>)>);

/// Waits for a chunk being linked on another thread.
fn join_chunk(handle: std::thread::ScopedJoinHandle<'_, LinkedChunk>) -> Result<LinkedChunk> {
    handle
        .join()
        .map_err(|_| anyhow::anyhow!("internal error: linking a chunk of rows panicked"))
}

/// Which optional result columns a run writes.
#[derive(Debug, Clone, Copy)]
struct ResultColumns {
    candidates: bool,
    explanation: bool,
    /// `match_note`, when the input has an identifier column.
    note: bool,
}

impl ResultColumns {
    fn of(args: &LinkArgs, input: &ClientList) -> Self {
        Self {
            candidates: args.candidates > 0,
            explanation: args.explain,
            note: input.columns.has_identifier(),
        }
    }

    /// The columns added after the input's, before `match_error`.
    fn names(self) -> Vec<&'static str> {
        let mut names = MATCH_COLUMNS.to_vec();
        if self.candidates {
            names.push(MATCH_CANDIDATES);
        }
        if self.explanation {
            names.push("match_explanation");
        }
        if self.note {
            names.push(MATCH_NOTE);
        }
        names
    }

    /// The output row: the input's cells, then the result's columns, then
    /// `match_error`.
    fn cells(self, row: CsvRow, result: &LinkResult, explanation: Option<String>) -> Vec<String> {
        let mut cells = row.cells;
        cells.extend(match_cells(result));
        if self.candidates {
            cells.push(candidates_cell(result));
        }
        if self.explanation {
            cells.push(explanation.unwrap_or_default());
        }
        if self.note {
            cells.push(note_cell(result));
        }
        cells.push(error_cell(result));
        cells
    }
}

/// Runs `nayose link`.
pub async fn run(args: &LinkArgs) -> Result<()> {
    let mut input = ClientList::open(&args.input, args.encoding)?;
    let output_path = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.input));
    let output_encoding = input.detected.output(args.output_encoding);
    let (linker, companies, startup) = open_linker(args, &input).await?;
    let mut out = OutputFile::create(&output_path)?;
    let columns = ResultColumns::of(args, &input);
    out.write_header(&input.headers, &columns.names())?;
    let linking = Instant::now();
    let tally = link_all(&linker, &mut input, &mut out, columns, args)?;
    input.check_quotes_closed()?;
    let seconds = linking.elapsed().as_secs_f64();
    out.finish(tally.errors > 0, output_encoding)?;
    let summary = RunSummary {
        tally: &tally,
        companies,
        startup_seconds: startup.as_secs_f64(),
        link_seconds: seconds,
        output: &output_path,
    };
    if let Some(path) = &args.summary_json {
        summary.write_json(path)?;
    }
    if !args.quiet {
        eprintln!("{}", summary.line());
    }
    Ok(())
}

/// Opens the company source and the model and builds the index; returns the
/// linker, the number of companies indexed and the start-up time.
async fn open_linker(args: &LinkArgs, input: &ClientList) -> Result<(Linker, u64, Duration)> {
    let model_dir = resolve_model_dir(args.model.as_deref());
    let source = resolve_source(
        args.companies.as_deref(),
        args.companies_query.as_deref(),
        args.quiet,
    )
    .await?;
    if !args.quiet {
        eprintln!(
            "input {} ({}); loading companies from {} and the model from {}",
            args.input.display(),
            input.detected.name(),
            source.location(),
            model_dir.display()
        );
    }
    let started = Instant::now();
    let Some(snapshot) = snapshot_path(args.index_dir.as_deref(), &source) else {
        let (linker, load) = Linker::open(&source, &model_dir, RetrievalConfig::default())
            .await
            .context("cannot prepare the linker")?;
        let startup = started.elapsed();
        if !args.quiet {
            eprintln!(
                "indexed {} companies in {:.1} s",
                load.rows,
                startup.as_secs_f64()
            );
        }
        return Ok((linker.with_candidates(args.candidates), load.rows, startup));
    };
    let policy = ModelArtifact::load(&model_dir, CodeVersions::current())
        .and_then(|artifact| artifact.policy().map_err(Into::into))
        .with_context(|| format!("cannot load the model from {}", model_dir.display()))?;
    if let Some(dir) = snapshot.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the index directory {}", dir.display()))?;
    }
    let opened = Index::open_with_snapshot(&source, RetrievalConfig::default(), &snapshot)
        .await
        .context("cannot prepare the linker")?;
    let startup = started.elapsed();
    let rows = opened.index.len() as u64;
    if !args.quiet {
        report_index_origin(&opened, &snapshot, startup);
    }
    let linker = Linker::new(Arc::new(opened.index), policy);
    Ok((linker.with_candidates(args.candidates), rows, startup))
}

/// Says where the index came from: the snapshot, or a build (and why), and
/// whether the snapshot was saved.
fn report_index_origin(opened: &OpenedIndex, snapshot: &Path, startup: Duration) {
    let rows = opened.index.len();
    let seconds = startup.as_secs_f64();
    match &opened.origin {
        IndexOrigin::Snapshot => eprintln!(
            "read the index of {rows} companies from {} in {seconds:.1} s (the source is unchanged)",
            snapshot.display()
        ),
        IndexOrigin::Built(reason) => {
            let why = match reason {
                BuildReason::NoSnapshot => "no snapshot yet".to_owned(),
                BuildReason::Outdated => "the source changed since the snapshot".to_owned(),
                BuildReason::Refused(why) => format!("snapshot refused: {why}"),
            };
            eprintln!("indexed {rows} companies in {seconds:.1} s ({why})");
            match &opened.saved {
                Some(Ok(bytes)) => eprintln!(
                    "saved the index snapshot to {} ({:.0} MiB)",
                    snapshot.display(),
                    *bytes as f64 / f64::from(1 << 20)
                ),
                Some(Err(error)) => {
                    eprintln!("warning: the index snapshot was not saved: {error}");
                }
                None => {}
            }
        }
    }
}

/// Links every row of `input` into `out`, showing progress. Chunk n is
/// linked on the pool while this thread reads chunk n + 1 and writes chunk
/// n - 1; results are written in input order.
fn link_all(
    linker: &Linker,
    input: &mut ClientList,
    out: &mut OutputFile,
    columns: ResultColumns,
    args: &LinkArgs,
) -> Result<Tally> {
    let mut progress = Progress::detailed("linking", input.size.max(1), args.quiet);
    let mut tally = Tally::default();
    let linking = Instant::now();
    let link_chunk = |rows: Vec<CsvRow>| {
        let results = link_rows(linker, &rows, args.explain);
        (rows, results)
    };
    std::thread::scope(|scope| -> Result<()> {
        let mut linking_chunk = None;
        loop {
            let chunk = input.read_chunk(CHUNK_ROWS)?;
            let done = match linking_chunk.take() {
                Some(handle) => Some(join_chunk(handle)?),
                None => None,
            };
            let last = chunk.is_empty();
            if !last {
                linking_chunk = Some(scope.spawn(|| link_chunk(chunk)));
            }
            if let Some((rows, results)) = done {
                for (row, (result, explanation)) in rows.into_iter().zip(results) {
                    tally.add(result.match_status);
                    out.write_row(&columns.cells(row, &result, explanation))?;
                }
                let rate = tally.rows as f64 / linking.elapsed().as_secs_f64().max(1e-9);
                progress.set_with_detail(
                    input.bytes_read(),
                    &format!("{} rows, {rate:.0} rows/s", tally.rows),
                );
            }
            if last {
                return Ok(());
            }
        }
    })?;
    progress.finish();
    Ok(tally)
}

/// What a finished run reports.
struct RunSummary<'a> {
    tally: &'a Tally,
    companies: u64,
    startup_seconds: f64,
    link_seconds: f64,
    output: &'a Path,
}

impl RunSummary<'_> {
    fn rows_per_second(&self) -> f64 {
        self.tally.rows as f64 / self.link_seconds.max(1e-9)
    }

    /// Writes the summary as JSON (`--summary-json`, CONTRACTS §4.1).
    fn write_json(&self, path: &Path) -> Result<()> {
        let tally = self.tally;
        let summary = serde_json::json!({
            "rows": tally.rows,
            "matched": tally.matched,
            "review": tally.review,
            "unmatched": tally.unmatched,
            "errors": tally.errors,
            "companies": self.companies,
            "startup_seconds": self.startup_seconds,
            "link_seconds": self.link_seconds,
            "rows_per_second": self.rows_per_second(),
            "output": self.output.display().to_string(),
        });
        std::fs::write(path, format!("{summary:#}\n"))
            .with_context(|| format!("cannot write the summary to {}", path.display()))
    }

    /// The closing line on standard error.
    fn line(&self) -> String {
        let tally = self.tally;
        format!(
            "linked {} rows in {:.1} s ({:.0} rows/s after {:.1} s start-up): {} matched, {} review, {} unmatched, {} errors → {}",
            tally.rows,
            self.link_seconds,
            self.rows_per_second(),
            self.startup_seconds,
            tally.matched,
            tally.review,
            tally.unmatched,
            tally.errors,
            self.output.display()
        )
    }
}
