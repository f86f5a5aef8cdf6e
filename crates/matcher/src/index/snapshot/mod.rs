//! Index snapshots: a built [`Index`] written to one file and read back
//! without normalising or indexing anything again.
//!
//! A snapshot file is
//!
//! | bytes | content |
//! |---|---|
//! | 8 | the magic `NAYOSEIX` |
//! | 4 | [`SNAPSHOT_FORMAT`], little-endian |
//! | 8 + n | the [`SnapshotHeader`] as JSON, length first |
//! | 8 + m | the body: every array of the index's segments, length first |
//! | 4 | CRC-32 of everything before it |
//!
//! It is refused, never trusted, when the checksum does not match (a
//! corrupt or truncated file), when it was written by another snapshot
//! format, normaliser or feature schema ([`SnapshotError::OtherCode`]:
//! rebuild it), or when its body does not decode. Whether it still matches
//! its source is the caller's question: the header carries the
//! [`SourceStamp`] it was given.

mod codec;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use codec::DecodeError;
pub(crate) use codec::{
    Persist, Reader, Writer, check, read_range_map, read_u64_map, write_range_map, write_u64_map,
};

use super::segment::Segment;
use super::{Index, RetrievalConfig};

/// The snapshot layout's version. Bump it whenever what a built segment
/// holds changes (a new array, a new way to derive keys or grams), even if
/// the normaliser and the feature schema do not.
pub const SNAPSHOT_FORMAT: u32 = 1;

/// The first bytes of every snapshot.
const MAGIC: &[u8; 8] = b"NAYOSEIX";

/// Magic, format, two lengths and the checksum.
const FRAME_BYTES: usize = 8 + 4 + 8 + 8 + 4;

/// What a company source held when a snapshot was made from it, as
/// [`CompanySource::stamp`](crate::source::CompanySource::stamp) reads it:
/// enough to tell whether the source has changed since.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceStamp {
    /// The source's location with any password redacted.
    pub location: String,
    /// The custom query rows were read with, if any.
    pub query: Option<String>,
    /// Rows with an id.
    pub rows: u64,
    /// The largest `updated_at` among them (`None` when no row has one or
    /// the source has no such column).
    pub max_updated_at: Option<String>,
    /// A digest of every row's id and `updated_at`, whatever their order
    /// ([`RowDigest`]).
    pub digest: String,
}

/// An order-free digest of rows: their count and the sums of two different
/// 64-bit hashes of each row's id and `updated_at`. The same rows give the
/// same digest in any order; a row added, removed, given another id or
/// another `updated_at` changes it.
#[derive(Debug, Clone, Copy, Default)]
pub struct RowDigest {
    count: u64,
    first: u64,
    second: u64,
}

impl RowDigest {
    /// Counts one row.
    pub fn add(&mut self, id: &str, updated_at: Option<&str>) {
        let (mut first, mut second) = (super::store::hash_key(id), rotating_hash(id));
        if let Some(updated_at) = updated_at {
            first ^= mix(super::store::hash_key(updated_at));
            second ^= mix(rotating_hash(updated_at).rotate_left(17));
        }
        self.count += 1;
        self.first = self.first.wrapping_add(mix(first));
        self.second = self.second.wrapping_add(mix(second));
    }

    /// The digest as text: `count:` and 32 hexadecimal digits.
    #[must_use]
    pub fn finish(&self) -> String {
        format!("{}:{:016x}{:016x}", self.count, self.first, self.second)
    }
}

/// What a snapshot says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotHeader {
    /// [`SNAPSHOT_FORMAT`] of the code that wrote it.
    pub format: u32,
    /// Normaliser version of the code that wrote it.
    pub normalizer: u32,
    /// Feature-schema version of the code that wrote it.
    pub feature_schema: u32,
    /// Live rows of the index.
    pub rows: u64,
    /// The source the rows came from.
    pub source: SourceStamp,
}

impl SnapshotHeader {
    /// The header this build writes for `rows` rows from `source`.
    fn current(rows: usize, source: SourceStamp) -> Self {
        Self {
            format: SNAPSHOT_FORMAT,
            normalizer: crate::normalize::NORMALIZER_VERSION,
            feature_schema: crate::features::FEATURE_SCHEMA_VERSION,
            rows: rows as u64,
            source,
        }
    }

    /// Whether this build can read the snapshot as it was meant.
    fn is_current(&self) -> bool {
        self.format == SNAPSHOT_FORMAT
            && self.normalizer == crate::normalize::NORMALIZER_VERSION
            && self.feature_schema == crate::features::FEATURE_SCHEMA_VERSION
    }
}

/// Why a snapshot could not be written or was refused.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// The file could not be read or written.
    #[error("index snapshot {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The failure.
        source: std::io::Error,
    },
    /// The file is not a snapshot at all.
    #[error("{path} is not an index snapshot (it does not start with NAYOSEIX)")]
    NotASnapshot {
        /// The file.
        path: PathBuf,
    },
    /// The checksum does not match: the file is corrupt or truncated.
    #[error("index snapshot {path} is corrupt or truncated (checksum mismatch)")]
    Corrupt {
        /// The file.
        path: PathBuf,
    },
    /// Written by code that builds indexes differently.
    #[error(
        "index snapshot {path} was written by other code (snapshot format {found_format}, \
         normaliser {found_normalizer}, feature schema {found_schema}; this build has \
         {SNAPSHOT_FORMAT}, {}, {}); it must be rebuilt",
        crate::normalize::NORMALIZER_VERSION,
        crate::features::FEATURE_SCHEMA_VERSION
    )]
    OtherCode {
        /// The file.
        path: PathBuf,
        /// Its snapshot format.
        found_format: u32,
        /// Its normaliser version (0 when the header could not be read).
        found_normalizer: u32,
        /// Its feature-schema version (0 when the header could not be read).
        found_schema: u32,
    },
    /// The checksum matched but the content does not decode: written by a
    /// faulty build.
    #[error("index snapshot {path} does not decode: {source}")]
    Decode {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        source: DecodeError,
    },
}

impl Index {
    /// Writes this index to `path` as a snapshot stamped with `source`,
    /// through a temporary file beside it renamed into place, so a reader
    /// never sees half a snapshot. Returns the bytes written.
    pub fn write_snapshot(&self, path: &Path, source: SourceStamp) -> Result<u64, SnapshotError> {
        let io = |source| SnapshotError::Io {
            path: path.to_owned(),
            source,
        };
        let header = SnapshotHeader::current(self.len(), source);
        let header_json = serde_json::to_vec(&header).map_err(|e| io(std::io::Error::other(e)))?;
        let mut body = Writer::with_capacity(self.heap_bytes() + (1 << 20));
        self.write_body(&mut body);
        let body = body.into_bytes();

        let temporary = temporary_path(path);
        let written = write_frame(&temporary, &header_json, &body).and_then(|bytes| {
            fs::rename(&temporary, path)?;
            Ok(bytes)
        });
        written.map_err(|e| {
            // Best effort: the failure itself is what the caller needs.
            let _ = fs::remove_file(&temporary);
            io(e)
        })
    }

    /// Reads the snapshot at `path`; `config` is the retrieval to serve
    /// with (it is not part of what a snapshot stores).
    pub fn read_snapshot(
        path: &Path,
        config: RetrievalConfig,
    ) -> Result<(Self, SnapshotHeader), SnapshotError> {
        let bytes = fs::read(path).map_err(|source| SnapshotError::Io {
            path: path.to_owned(),
            source,
        })?;
        let (header, body) = open_frame(path, &bytes)?;
        let decode = |source| SnapshotError::Decode {
            path: path.to_owned(),
            source,
        };
        let mut input = Reader::new(body);
        let index = Self::read_body(&mut input, config).map_err(decode)?;
        check(input.is_done(), || "bytes left after the index".to_owned()).map_err(decode)?;
        check(index.len() as u64 == header.rows, || {
            format!(
                "the header counts {} rows, the body {}",
                header.rows,
                index.len()
            )
        })
        .map_err(decode)?;
        Ok((index, header))
    }

    /// A [`RowDigest`] of the ids of the live rows (without `updated_at`).
    #[must_use]
    pub fn id_digest(&self) -> String {
        let mut digest = RowDigest::default();
        let rows = self.base.len() + self.delta.len();
        for row in 0..rows {
            if let Some(company) = self.company(row) {
                digest.add(company.id, None);
            }
        }
        digest.finish()
    }

    fn write_body(&self, out: &mut Writer) {
        self.base.write(out);
        self.delta.write(out);
        out.u64s(&self.dead);
        out.u32(self.dead_count);
        out.u64(self.version);
    }

    fn read_body(input: &mut Reader<'_>, config: RetrievalConfig) -> Result<Self, DecodeError> {
        let base = Segment::read(input)?;
        let delta = Segment::read(input)?;
        let dead = input.u64s()?;
        let dead_count = input.u32()?;
        let version = input.u64()?;
        check(dead.len() == (base.len() as usize).div_ceil(64), || {
            format!(
                "{} tombstone words for {} base rows",
                dead.len(),
                base.len()
            )
        })?;
        let marked: u32 = dead.iter().map(|w| w.count_ones()).sum();
        check(marked == dead_count && dead_count <= base.len(), || {
            format!("{marked} tombstones marked, {dead_count} counted")
        })?;
        Ok(Self {
            base: Arc::new(base),
            delta: Arc::new(delta),
            dead: Arc::new(dead),
            dead_count,
            version,
            config,
        })
    }
}

/// Writes the frame around `header` and `body` to a new file at `path`,
/// checksummed as it goes (the body is not copied again), and flushes it to
/// the disk. Returns the bytes written.
fn write_frame(path: &Path, header: &[u8], body: &[u8]) -> std::io::Result<u64> {
    let mut out = std::io::BufWriter::with_capacity(1 << 20, fs::File::create(path)?);
    let mut crc = crc32fast::Hasher::new();
    let header_len = (header.len() as u64).to_le_bytes();
    let body_len = (body.len() as u64).to_le_bytes();
    let format = SNAPSHOT_FORMAT.to_le_bytes();
    let parts: [&[u8]; 6] = [MAGIC, &format, &header_len, header, &body_len, body];
    for part in parts {
        crc.update(part);
        out.write_all(part)?;
    }
    out.write_all(&crc.finalize().to_le_bytes())?;
    let file = out
        .into_inner()
        .map_err(std::io::IntoInnerError::into_error)?;
    file.sync_all()?;
    Ok((FRAME_BYTES + header.len() + body.len()) as u64)
}

/// Checks the frame of a snapshot file and returns its header and body.
fn open_frame<'a>(
    path: &Path,
    bytes: &'a [u8],
) -> Result<(SnapshotHeader, &'a [u8]), SnapshotError> {
    let path_buf = || path.to_owned();
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(SnapshotError::NotASnapshot { path: path_buf() });
    }
    if bytes.len() < FRAME_BYTES {
        return Err(SnapshotError::Corrupt { path: path_buf() });
    }
    let (content, crc) = bytes.split_at(bytes.len() - 4);
    let stored = u32::from_le_bytes([crc[0], crc[1], crc[2], crc[3]]);
    let mut input = Reader::new(&content[MAGIC.len()..]);
    // The format comes before the checksum is looked at: a snapshot of
    // another format may frame itself differently.
    let format = input
        .u32()
        .map_err(|_| SnapshotError::Corrupt { path: path_buf() })?;
    if format != SNAPSHOT_FORMAT {
        return Err(SnapshotError::OtherCode {
            path: path_buf(),
            found_format: format,
            found_normalizer: 0,
            found_schema: 0,
        });
    }
    if crc32fast::hash(content) != stored {
        return Err(SnapshotError::Corrupt { path: path_buf() });
    }
    let decode = |source| SnapshotError::Decode {
        path: path_buf(),
        source,
    };
    let header_json = input.bytes().map_err(decode)?;
    let header: SnapshotHeader = serde_json::from_slice(header_json).map_err(|e| {
        decode(DecodeError::Inconsistent(format!(
            "the header is not valid: {e}"
        )))
    })?;
    if !header.is_current() {
        return Err(SnapshotError::OtherCode {
            path: path_buf(),
            found_format: header.format,
            found_normalizer: header.normalizer,
            found_schema: header.feature_schema,
        });
    }
    let body = input.bytes().map_err(decode)?;
    check(input.is_done(), || "bytes after the body".to_owned()).map_err(decode)?;
    Ok((header, body))
}

/// SplitMix64's finaliser: spreads a hash before it is summed.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A hash of `text` unlike FNV-1a (rotate, xor, multiply), so two ids
/// that collide in one rarely collide in both.
fn rotating_hash(text: &str) -> u64 {
    text.bytes().fold(0x9e37_79b9_7f4a_7c15, |hash: u64, byte| {
        (hash.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
    })
}

/// A temporary name beside `path`, unique to this process.
fn temporary_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.tmp", std::process::id()));
    path.with_file_name(name)
}

#[cfg(test)]
mod tests;
