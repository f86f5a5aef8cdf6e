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

mod output;

use std::cell::Cell;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Instant;

use anyhow::{Context, Result};
use nayose::index::RetrievalConfig;
use nayose::linker::{LinkResult, Linker, MatchStatus};
use nayose_progress::Progress;

use crate::clients::columns::Columns;
use crate::clients::encoding::{self, Detected};
pub use crate::clients::encoding::{InputEncoding, OutputEncoding};
use crate::clients::link::link_rows;
use crate::clients::output::{
    MATCH_CANDIDATES, MATCH_COLUMNS, candidates_cell, error_cell, match_cells,
};
use crate::clients::row::{CsvRow, csv_row};
use crate::companies::resolve_source;
use crate::model::resolve_model_dir;
use crate::usage::UsageError;
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

/// Passes reads through, showing each chunk read to `watch`: counts the
/// input bytes for the progress bar, and the double quotes of the decoded
/// text (0x22 never occurs inside a multi-byte UTF-8 or Shift_JIS
/// character), so a quote left open at the end of the file (which swallows
/// every row after it) is caught.
struct Tap<R, F> {
    inner: R,
    watch: F,
}

impl<R: Read, F: FnMut(&[u8])> Read for Tap<R, F> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        (self.watch)(&buf[..n]);
        Ok(n)
    }
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

/// The output row: the input's cells, then the result's columns.
fn output_cells(
    row: CsvRow,
    result: &LinkResult,
    explanation: Option<String>,
    args: &LinkArgs,
) -> Vec<String> {
    let mut cells = row.cells;
    cells.extend(match_cells(result));
    if args.candidates > 0 {
        cells.push(candidates_cell(result));
    }
    if args.explain {
        cells.push(explanation.unwrap_or_default());
    }
    cells.push(error_cell(result));
    cells
}

/// Runs `nayose link`.
pub async fn run(args: &LinkArgs) -> Result<()> {
    let file = File::open(&args.input)
        .map_err(|e| UsageError::new(format!("cannot read {}: {e}", args.input.display())))?;
    let input_bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
    let bytes_read = Rc::new(Cell::new(0));
    let counted = Tap {
        inner: file,
        watch: {
            let bytes_read = Rc::clone(&bytes_read);
            move |chunk: &[u8]| bytes_read.set(bytes_read.get() + chunk.len() as u64)
        },
    };
    let (text, detected) = encoding::open_text(counted, args.encoding)
        .map_err(|e| UsageError::new(format!("cannot read {}: {e}", args.input.display())))?;
    let quotes = Rc::new(Cell::new(0));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(Tap {
            inner: text,
            watch: {
                let quotes = Rc::clone(&quotes);
                move |chunk: &[u8]| {
                    let found = chunk.iter().filter(|&&b| b == b'"').count() as u64;
                    quotes.set(quotes.get() + found);
                }
            },
        });
    let header_record = reader
        .byte_headers()
        .map_err(|e| UsageError::new(format!("{}: {e}", args.input.display())))?
        .clone();
    if header_record.is_empty() || (header_record.len() == 1 && header_record[0].is_empty()) {
        return Err(UsageError::new(format!(
            "{} is empty: a client list needs a header row (CONTRACTS §2)",
            args.input.display()
        ))
        .into());
    }
    let headers: Vec<String> = header_record
        .iter()
        .map(|h| String::from_utf8_lossy(h).into_owned())
        .collect();
    let columns = Columns::from_headers(&headers).ok_or_else(|| {
        UsageError::new(format!(
            "{} has no company-name column (one of: {}); its columns are: {}",
            args.input.display(),
            Columns::name_aliases(),
            headers.join(", ")
        ))
    })?;
    let output_path = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.input));
    let output_encoding = detected.output(args.output_encoding);

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
            detected.name(),
            source.location(),
            model_dir.display()
        );
    }
    let started = Instant::now();
    let (linker, load) = Linker::open(&source, &model_dir, RetrievalConfig::default())
        .await
        .context("cannot prepare the linker")?;
    let linker = linker.with_candidates(args.candidates);
    let startup = started.elapsed();
    if !args.quiet {
        eprintln!(
            "indexed {} companies in {:.1} s",
            load.rows,
            startup.as_secs_f64()
        );
    }

    let mut extra = MATCH_COLUMNS.to_vec();
    if args.candidates > 0 {
        extra.push(MATCH_CANDIDATES);
    }
    if args.explain {
        extra.push("match_explanation");
    }
    let mut out = OutputFile::create(&output_path)?;
    out.write_header(&headers, &extra)?;

    let cp932 = detected == Detected::Cp932;
    let mut progress = Progress::detailed("linking", input_bytes.max(1), args.quiet);
    let mut tally = Tally::default();
    let linking = Instant::now();
    let mut record = csv::ByteRecord::new();
    let mut last_start_line = 1;
    let mut row_number = 0;
    let link_chunk = |rows: Vec<CsvRow>| {
        let results = link_rows(&linker, &rows, args.explain);
        (rows, results)
    };
    // Chunk n is linked on the pool while this thread reads chunk n + 1 and
    // writes chunk n - 1; results are written in input order.
    std::thread::scope(|scope| -> Result<()> {
        let mut linking_chunk = None;
        loop {
            let mut chunk = Vec::with_capacity(CHUNK_ROWS);
            while chunk.len() < CHUNK_ROWS {
                let more = reader.read_byte_record(&mut record).map_err(|e| {
                    let line = e.position().map_or(0, csv::Position::line);
                    UsageError::new(format!(
                        "{}: malformed CSV at line {line}: {e}",
                        args.input.display()
                    ))
                })?;
                if !more {
                    break;
                }
                last_start_line = record
                    .position()
                    .map_or(last_start_line, csv::Position::line);
                row_number += 1;
                chunk.push(csv_row(row_number, &record, &columns, cp932));
            }
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
                    out.write_row(&output_cells(row, &result, explanation, args))?;
                }
                let rate = tally.rows as f64 / linking.elapsed().as_secs_f64().max(1e-9);
                progress.set_with_detail(
                    bytes_read.get(),
                    &format!("{} rows, {rate:.0} rows/s", tally.rows),
                );
            }
            if last {
                return Ok(());
            }
        }
    })?;
    progress.finish();
    if quotes.get() % 2 == 1 {
        return Err(UsageError::new(format!(
            "{}: malformed CSV: a quoted field opened at line {last_start_line} is never closed \
             (unbalanced quotes); nothing was written",
            args.input.display()
        ))
        .into());
    }
    let seconds = linking.elapsed().as_secs_f64();
    out.finish(tally.errors > 0, output_encoding)?;
    if let Some(path) = &args.summary_json {
        let summary = serde_json::json!({
            "rows": tally.rows,
            "matched": tally.matched,
            "review": tally.review,
            "unmatched": tally.unmatched,
            "errors": tally.errors,
            "companies": load.rows,
            "startup_seconds": startup.as_secs_f64(),
            "link_seconds": seconds,
            "rows_per_second": tally.rows as f64 / seconds.max(1e-9),
            "output": output_path.display().to_string(),
        });
        std::fs::write(path, format!("{summary:#}\n"))
            .with_context(|| format!("cannot write the summary to {}", path.display()))?;
    }
    if !args.quiet {
        eprintln!(
            "linked {} rows in {seconds:.1} s ({:.0} rows/s after {:.1} s start-up): {} matched, {} review, {} unmatched, {} errors → {}",
            tally.rows,
            tally.rows as f64 / seconds.max(1e-9),
            startup.as_secs_f64(),
            tally.matched,
            tally.review,
            tally.unmatched,
            tally.errors,
            output_path.display()
        );
    }
    Ok(())
}
