//! The output file: rows go to a temporary UTF-8 file beside the target;
//! at the end they are copied, in the chosen encoding and without the
//! `match_error` column when no row errored (CONTRACTS §3), into a second
//! temporary file that is renamed over the target. A run that dies leaves
//! only temporary files, never a half-written file under the final name.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use tempfile::NamedTempFile;

use crate::clients::encoding::{OutputEncoding, encode, preamble};

/// Records encoded per batch when copying.
const BATCH: usize = 1024;

/// An output being written.
pub struct OutputFile {
    target: PathBuf,
    dir: PathBuf,
    staging: NamedTempFile,
    writer: csv::Writer<BufWriter<File>>,
}

fn directory_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    }
}

impl OutputFile {
    /// Starts an output for `target`.
    pub fn create(target: &Path) -> Result<Self> {
        let dir = directory_of(target);
        let staging = tempfile::Builder::new()
            .prefix(".nayose-link-")
            .suffix(".tmp")
            .tempfile_in(&dir)
            .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
        let file = staging
            .reopen()
            .with_context(|| format!("cannot open {}", staging.path().display()))?;
        Ok(Self {
            target: target.to_owned(),
            dir,
            staging,
            writer: csv::Writer::from_writer(BufWriter::new(file)),
        })
    }

    fn io_context(&self) -> String {
        format!("cannot write {}", self.staging.path().display())
    }

    /// Writes the header: the input's columns, `extra`, then `match_error`.
    pub fn write_header(&mut self, input: &[String], extra: &[&str]) -> Result<()> {
        let mut header: Vec<&str> = input.iter().map(String::as_str).collect();
        header.extend_from_slice(extra);
        header.push("match_error");
        let context = self.io_context();
        self.writer.write_record(&header).context(context)
    }

    /// Writes one row (its last cell is `match_error`).
    pub fn write_row(&mut self, cells: &[String]) -> Result<()> {
        let context = self.io_context();
        self.writer.write_record(cells).context(context)
    }

    /// Finishes: copies into `encoding` (dropping the `match_error` column
    /// unless `keep_errors`) and renames the copy over the target.
    pub fn finish(mut self, keep_errors: bool, encoding: OutputEncoding) -> Result<()> {
        let context = self.io_context();
        self.writer.flush().context(context)?;
        drop(self.writer);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(self.staging.path())
            .with_context(|| format!("cannot read back {}", self.staging.path().display()))?;
        let mut final_file = tempfile::Builder::new()
            .prefix(".nayose-link-")
            .suffix(".tmp")
            .tempfile_in(&self.dir)
            .with_context(|| format!("cannot create a temporary file in {}", self.dir.display()))?;
        let path = final_file.path().to_owned();
        let write_error = || format!("cannot write {}", path.display());
        final_file
            .write_all(preamble(encoding))
            .with_context(write_error)?;
        // Rows are re-encoded in batches of BATCH, each appended on its own.
        let mut flush = |batch: csv::Writer<Vec<u8>>| -> Result<()> {
            let bytes = batch
                .into_inner()
                .map_err(|e| anyhow::anyhow!("{}", e.error()))?;
            final_file
                .write_all(&encode(&bytes, encoding))
                .with_context(write_error)
        };
        let mut batch = csv::Writer::from_writer(Vec::new());
        let mut in_batch = 0;
        let mut record = csv::ByteRecord::new();
        while reader
            .read_byte_record(&mut record)
            .with_context(|| format!("cannot read back {}", self.staging.path().display()))?
        {
            let keep = if keep_errors {
                record.len()
            } else {
                record.len().saturating_sub(1)
            };
            batch
                .write_record(record.iter().take(keep))
                .with_context(write_error)?;
            in_batch += 1;
            if in_batch == BATCH {
                flush(std::mem::replace(
                    &mut batch,
                    csv::Writer::from_writer(Vec::new()),
                ))?;
                in_batch = 0;
            }
        }
        flush(batch)?;
        final_file.as_file().sync_all().with_context(write_error)?;
        final_file
            .persist(&self.target)
            .map_err(|e| e.error)
            .with_context(|| format!("cannot rename the result to {}", self.target.display()))?;
        Ok(())
    }
}
