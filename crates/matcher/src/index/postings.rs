//! Exact keys (a name core, a phone number, a domain) to the rows holding them,
//! as sorted compact arrays.

use super::snapshot::{DecodeError, Persist, Reader, Writer, check};

/// Rows per 64-bit key, in compressed sparse row form.
#[derive(Debug, Default)]
pub(crate) struct KeyPostings {
    keys: Vec<u64>,
    offsets: Vec<u32>,
    rows: Vec<u32>,
}

impl KeyPostings {
    /// Builds from `(key, row)` pairs in any order.
    pub(crate) fn build(mut pairs: Vec<(u64, u32)>) -> Self {
        pairs.sort_unstable();
        let mut postings = Self {
            keys: Vec::new(),
            offsets: Vec::new(),
            rows: Vec::with_capacity(pairs.len()),
        };
        for (key, row) in pairs {
            if postings.keys.last() != Some(&key) {
                postings.keys.push(key);
                postings.offsets.push(postings.rows.len() as u32);
            }
            postings.rows.push(row);
        }
        postings.offsets.push(postings.rows.len() as u32);
        postings.keys.shrink_to_fit();
        postings.offsets.shrink_to_fit();
        postings
    }

    /// The rows holding `key`, ascending.
    pub(crate) fn get(&self, key: u64) -> &[u32] {
        match self.keys.binary_search(&key) {
            Ok(i) => {
                let (a, b) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
                &self.rows[a..b]
            }
            Err(_) => &[],
        }
    }

    /// For each of `rows` rows, how many rows share its key (0 for a row
    /// with no key): the posting list sizes, spread back over the rows.
    pub(crate) fn group_sizes(&self, rows: usize) -> Vec<u32> {
        let mut sizes = vec![0u32; rows];
        for bounds in self.offsets.windows(2) {
            let (a, b) = (bounds[0] as usize, bounds[1] as usize);
            for &row in &self.rows[a..b] {
                if let Some(size) = sizes.get_mut(row as usize) {
                    *size = (b - a) as u32;
                }
            }
        }
        sizes
    }

    /// Every posting, key after key.
    pub(crate) fn rows(&self) -> &[u32] {
        &self.rows
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.keys.capacity() * 8 + self.offsets.capacity() * 4 + self.rows.capacity() * 4
    }
}

impl Persist for KeyPostings {
    fn write(&self, out: &mut Writer) {
        out.u64s(&self.keys);
        out.u32s(&self.offsets);
        out.u32s(&self.rows);
    }

    fn read(input: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let keys = input.u64s()?;
        let offsets = input.u32s()?;
        let rows = input.u32s()?;
        check(sparse_rows_fit(&keys, &offsets, rows.len()), || {
            "key postings out of order".to_owned()
        })?;
        Ok(Self {
            keys,
            offsets,
            rows,
        })
    }
}

/// Whether `offsets` cut `rows` postings into one ascending run per key of
/// ascending `keys` (the compressed sparse row form every look-up relies on).
pub(crate) fn sparse_rows_fit(keys: &[u64], offsets: &[u32], rows: usize) -> bool {
    (offsets.len() == keys.len() + 1 || (keys.is_empty() && offsets.len() <= 1))
        && keys.windows(2).all(|w| w[0] < w[1])
        && offsets.windows(2).all(|w| w[0] <= w[1])
        && offsets.first().is_none_or(|&first| first == 0)
        && offsets.last().is_none_or(|&last| last as usize == rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_rows_per_key() {
        let postings = KeyPostings::build(vec![(5, 2), (3, 1), (5, 0), (9, 4)]);
        assert_eq!(postings.get(5), &[0, 2]);
        assert_eq!(postings.get(3), &[1]);
        assert!(postings.get(4).is_empty());
        assert_eq!(postings.group_sizes(6), vec![2, 1, 2, 0, 1, 0]);
    }
}
