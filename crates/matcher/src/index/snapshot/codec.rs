//! The byte layer of a snapshot: little-endian integers, length-prefixed
//! arrays and strings, read back with every length checked against what is
//! left, so a truncated or corrupt body is an error, never a panic.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash};

/// Why a body could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The body ended inside a value.
    #[error("the snapshot ends early ({needed} bytes wanted at byte {at}, {left} left)")]
    Truncated {
        /// Offset of the value.
        at: usize,
        /// Bytes the value needs.
        needed: usize,
        /// Bytes left.
        left: usize,
    },
    /// A value read is impossible (a string that is not UTF-8, offsets out
    /// of order, arrays of different lengths that must agree).
    #[error("the snapshot is inconsistent: {0}")]
    Inconsistent(String),
}

/// Appends values to a byte buffer.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    pub(crate) fn with_capacity(bytes: usize) -> Self {
        Self {
            bytes: Vec::with_capacity(bytes),
        }
    }

    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    pub(crate) fn u32(&mut self, value: u32) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    pub(crate) fn u64(&mut self, value: u64) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    /// A length, as a `u64` whatever the platform.
    pub(crate) fn len(&mut self, len: usize) {
        self.u64(len as u64);
    }

    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        self.len(bytes.len());
        self.bytes.extend_from_slice(bytes);
    }

    pub(crate) fn str(&mut self, text: &str) {
        self.bytes(text.as_bytes());
    }

    pub(crate) fn u32s(&mut self, values: &[u32]) {
        self.len(values.len());
        self.bytes.reserve(values.len() * 4);
        for value in values {
            self.bytes.extend_from_slice(&value.to_le_bytes());
        }
    }

    pub(crate) fn u64s(&mut self, values: &[u64]) {
        self.len(values.len());
        self.bytes.reserve(values.len() * 8);
        for value in values {
            self.bytes.extend_from_slice(&value.to_le_bytes());
        }
    }

    pub(crate) fn f32s(&mut self, values: &[f32]) {
        self.len(values.len());
        self.bytes.reserve(values.len() * 4);
        for value in values {
            self.bytes.extend_from_slice(&value.to_bits().to_le_bytes());
        }
    }
}

/// Reads values back in the order they were written.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, at: 0 }
    }

    /// Whether every byte was read.
    pub(crate) fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }

    fn take(&mut self, needed: usize) -> Result<&'a [u8], DecodeError> {
        let left = self.bytes.len() - self.at;
        if needed > left {
            return Err(DecodeError::Truncated {
                at: self.at,
                needed,
                left,
            });
        }
        let slice = &self.bytes[self.at..self.at + needed];
        self.at += needed;
        Ok(slice)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    pub(crate) fn u32(&mut self) -> Result<u32, DecodeError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    pub(crate) fn u64(&mut self) -> Result<u64, DecodeError> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    /// A length of items of `size` bytes each, checked against what is left
    /// before anything is allocated for it.
    fn len(&mut self, size: usize) -> Result<usize, DecodeError> {
        let at = self.at;
        let len = usize::try_from(self.u64()?)
            .map_err(|_| DecodeError::Inconsistent(format!("a length at byte {at} overflows")))?;
        let left = self.bytes.len() - self.at;
        match len.checked_mul(size) {
            Some(needed) if needed <= left => Ok(len),
            needed => Err(DecodeError::Truncated {
                at: self.at,
                needed: needed.unwrap_or(usize::MAX),
                left,
            }),
        }
    }

    pub(crate) fn bytes(&mut self) -> Result<&'a [u8], DecodeError> {
        let len = self.len(1)?;
        self.take(len)
    }

    pub(crate) fn string(&mut self) -> Result<String, DecodeError> {
        let at = self.at;
        let bytes = self.bytes()?;
        String::from_utf8(bytes.to_vec())
            .map_err(|_| DecodeError::Inconsistent(format!("the text at byte {at} is not UTF-8")))
    }

    pub(crate) fn u32s(&mut self) -> Result<Vec<u32>, DecodeError> {
        let len = self.len(4)?;
        let raw = self.take(len * 4)?;
        Ok(raw
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }

    pub(crate) fn u64s(&mut self) -> Result<Vec<u64>, DecodeError> {
        let len = self.len(8)?;
        let raw = self.take(len * 8)?;
        Ok(raw
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect())
    }

    pub(crate) fn f32s(&mut self) -> Result<Vec<f32>, DecodeError> {
        Ok(self.u32s()?.into_iter().map(f32::from_bits).collect())
    }
}

/// A part of an index that writes itself to a snapshot and reads itself
/// back.
pub(crate) trait Persist: Sized {
    fn write(&self, out: &mut Writer);
    fn read(input: &mut Reader<'_>) -> Result<Self, DecodeError>;
}

/// Fails with [`DecodeError::Inconsistent`] unless `ok`.
pub(crate) fn check(ok: bool, what: impl FnOnce() -> String) -> Result<(), DecodeError> {
    if ok {
        Ok(())
    } else {
        Err(DecodeError::Inconsistent(what()))
    }
}

/// Integer maps (`IntMap`) as two sorted arrays, so equal maps write equal
/// bytes.
pub(crate) fn write_u64_map<S>(map: &HashMap<u64, u32, S>, out: &mut Writer) {
    let mut pairs: Vec<(u64, u32)> = map.iter().map(|(k, v)| (*k, *v)).collect();
    pairs.sort_unstable();
    out.u64s(&pairs.iter().map(|p| p.0).collect::<Vec<_>>());
    out.u32s(&pairs.iter().map(|p| p.1).collect::<Vec<_>>());
}

pub(crate) fn read_u64_map<S: BuildHasher + Default>(
    input: &mut Reader<'_>,
) -> Result<HashMap<u64, u32, S>, DecodeError> {
    let keys = input.u64s()?;
    let values = input.u32s()?;
    check(keys.len() == values.len(), || {
        format!("a map has {} keys and {} values", keys.len(), values.len())
    })?;
    Ok(collect_map(keys.into_iter().zip(values)))
}

/// Maps from a `u32` to a row range.
pub(crate) fn write_range_map<S>(map: &HashMap<u32, (u32, u32), S>, out: &mut Writer) {
    let mut pairs: Vec<(u32, (u32, u32))> = map.iter().map(|(k, v)| (*k, *v)).collect();
    pairs.sort_unstable();
    out.u32s(&pairs.iter().map(|p| p.0).collect::<Vec<_>>());
    out.u32s(&pairs.iter().map(|p| p.1.0).collect::<Vec<_>>());
    out.u32s(&pairs.iter().map(|p| p.1.1).collect::<Vec<_>>());
}

pub(crate) fn read_range_map<S: BuildHasher + Default>(
    input: &mut Reader<'_>,
) -> Result<HashMap<u32, (u32, u32), S>, DecodeError> {
    let keys = input.u32s()?;
    let starts = input.u32s()?;
    let ends = input.u32s()?;
    check(
        keys.len() == starts.len() && keys.len() == ends.len(),
        || "a range map's arrays differ in length".to_owned(),
    )?;
    Ok(collect_map(
        keys.into_iter().zip(starts.into_iter().zip(ends)),
    ))
}

fn collect_map<K: Hash + Eq, V, S: BuildHasher + Default>(
    pairs: impl Iterator<Item = (K, V)>,
) -> HashMap<K, V, S> {
    let mut map = HashMap::with_hasher(S::default());
    map.extend(pairs);
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_back_in_order() {
        let mut out = Writer::default();
        out.u32(7);
        out.str("東京都");
        out.u32s(&[1, 2, u32::MAX]);
        out.u64s(&[u64::MAX, 0]);
        out.f32s(&[0.5, -1.25]);
        let bytes = out.into_bytes();
        let mut input = Reader::new(&bytes);
        assert_eq!(input.u32(), Ok(7));
        assert_eq!(input.string().as_deref(), Ok("東京都"));
        assert_eq!(input.u32s(), Ok(vec![1, 2, u32::MAX]));
        assert_eq!(input.u64s(), Ok(vec![u64::MAX, 0]));
        assert_eq!(input.f32s(), Ok(vec![0.5, -1.25]));
        assert!(input.is_done());
    }

    #[test]
    fn a_cut_body_is_an_error_at_every_length() {
        let mut out = Writer::default();
        out.str("株式会社");
        out.u32s(&[1, 2, 3]);
        let bytes = out.into_bytes();
        for cut in 0..bytes.len() {
            let mut input = Reader::new(&bytes[..cut]);
            let read = input.string().and_then(|_| input.u32s());
            assert!(
                matches!(read, Err(DecodeError::Truncated { .. })),
                "{cut}: {read:?}"
            );
        }
    }

    #[test]
    fn a_huge_length_is_refused_before_allocating() {
        let mut out = Writer::default();
        out.u64(u64::MAX / 2);
        let bytes = out.into_bytes();
        assert!(Reader::new(&bytes).u32s().is_err());
        assert!(Reader::new(&bytes).bytes().is_err());
    }

    #[test]
    fn text_that_is_not_utf8_is_inconsistent() {
        let mut out = Writer::default();
        out.bytes(&[0xff, 0xfe]);
        let bytes = out.into_bytes();
        assert!(matches!(
            Reader::new(&bytes).string(),
            Err(DecodeError::Inconsistent(_))
        ));
    }
}
