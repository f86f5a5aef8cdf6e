//! The client list being read: its encoding, header and columns, then its
//! rows in chunks, with the counts the progress bar and the final check
//! need.

use std::cell::Cell;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use anyhow::Result;

use crate::clients::columns::Columns;
use crate::clients::encoding::{self, Detected, InputEncoding};
use crate::clients::row::{CsvRow, csv_row};
use crate::usage::UsageError;

/// Sees each chunk of bytes read.
type Watch = Box<dyn FnMut(&[u8])>;

/// Passes reads through, showing each chunk read to `watch`.
struct Tap<R> {
    inner: R,
    watch: Watch,
}

impl<R: Read> Read for Tap<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        (self.watch)(&buf[..n]);
        Ok(n)
    }
}

/// A shared counter a [`Tap`] adds to.
fn counter() -> Rc<Cell<u64>> {
    Rc::new(Cell::new(0))
}

/// An open client list (CSV with a header row; CONTRACTS §2).
pub(super) struct ClientList {
    path: PathBuf,
    reader: csv::Reader<Tap<Box<dyn Read>>>,
    /// The header's cells as text.
    pub(super) headers: Vec<String>,
    /// Where the fields the linker reads sit.
    pub(super) columns: Columns,
    /// The input's encoding.
    pub(super) detected: Detected,
    /// The file's size in bytes (0 when unknown).
    pub(super) size: u64,
    /// Input bytes read so far, for the progress bar.
    bytes_read: Rc<Cell<u64>>,
    /// Double quotes in the decoded text (0x22 never occurs inside a
    /// multi-byte UTF-8 or Shift_JIS character), so a quote left open at
    /// the end of the file, which swallows every row after it, is caught.
    quotes: Rc<Cell<u64>>,
    record: csv::ByteRecord,
    /// The line the last row read starts on.
    last_start_line: u64,
    rows_read: usize,
}

impl ClientList {
    /// Opens `path`, decides its encoding and reads its header; a file that
    /// cannot be read, is empty or has no company-name column is a usage
    /// error.
    pub(super) fn open(path: &Path, choice: InputEncoding) -> Result<Self> {
        let cannot_read =
            |e: std::io::Error| UsageError::new(format!("cannot read {}: {e}", path.display()));
        let file = File::open(path).map_err(cannot_read)?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let bytes_read = counter();
        let counted = Tap {
            inner: file,
            watch: Box::new({
                let bytes_read = Rc::clone(&bytes_read);
                move |chunk: &[u8]| bytes_read.set(bytes_read.get() + chunk.len() as u64)
            }),
        };
        let (text, detected) = encoding::open_text(counted, choice).map_err(cannot_read)?;
        let quotes = counter();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(Tap {
                inner: text,
                watch: Box::new({
                    let quotes = Rc::clone(&quotes);
                    move |chunk: &[u8]| {
                        let found = chunk.iter().filter(|&&b| b == b'"').count() as u64;
                        quotes.set(quotes.get() + found);
                    }
                }),
            });
        let headers = read_headers(&mut reader, path)?;
        let columns = Columns::from_headers(&headers).ok_or_else(|| {
            UsageError::new(format!(
                "{} has no company-name column (one of: {}); its columns are: {}",
                path.display(),
                Columns::name_aliases(),
                headers.join(", ")
            ))
        })?;
        Ok(Self {
            path: path.to_owned(),
            reader,
            headers,
            columns,
            detected,
            size,
            bytes_read,
            quotes,
            record: csv::ByteRecord::new(),
            last_start_line: 1,
            rows_read: 0,
        })
    }

    /// Up to `max_rows` next rows (none at the end of the file); a row the
    /// CSV reader cannot parse fails with its line.
    pub(super) fn read_chunk(&mut self, max_rows: usize) -> Result<Vec<CsvRow>> {
        let cp932 = self.detected == Detected::Cp932;
        let mut chunk = Vec::with_capacity(max_rows);
        while chunk.len() < max_rows {
            let more = self
                .reader
                .read_byte_record(&mut self.record)
                .map_err(|e| {
                    let line = e.position().map_or(0, csv::Position::line);
                    UsageError::new(format!(
                        "{}: malformed CSV at line {line}: {e}",
                        self.path.display()
                    ))
                })?;
            if !more {
                break;
            }
            self.last_start_line = self
                .record
                .position()
                .map_or(self.last_start_line, csv::Position::line);
            self.rows_read += 1;
            chunk.push(csv_row(self.rows_read, &self.record, &self.columns, cp932));
        }
        Ok(chunk)
    }

    /// Input bytes read so far.
    pub(super) fn bytes_read(&self) -> u64 {
        self.bytes_read.get()
    }

    /// After the last row: fails when a quoted field was never closed.
    pub(super) fn check_quotes_closed(&self) -> Result<()> {
        if self.quotes.get() % 2 == 1 {
            return Err(UsageError::new(format!(
                "{}: malformed CSV: a quoted field opened at line {} is never closed \
                 (unbalanced quotes); nothing was written",
                self.path.display(),
                self.last_start_line
            ))
            .into());
        }
        Ok(())
    }
}

/// The header row's cells; an empty file (or an empty header) is a usage
/// error.
fn read_headers<R: Read>(reader: &mut csv::Reader<R>, path: &Path) -> Result<Vec<String>> {
    let header_record = reader
        .byte_headers()
        .map_err(|e| UsageError::new(format!("{}: {e}", path.display())))?;
    if header_record.is_empty() || (header_record.len() == 1 && header_record[0].is_empty()) {
        return Err(UsageError::new(format!(
            "{} is empty: a client list needs a header row (CONTRACTS §2)",
            path.display()
        ))
        .into());
    }
    Ok(header_record
        .iter()
        .map(|h| String::from_utf8_lossy(h).into_owned())
        .collect())
}
