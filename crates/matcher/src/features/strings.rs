//! String similarities of two normalised strings, on characters (not bytes),
//! each in `[0, 1]` with 1 for equal non-empty strings.
//!
//! The n-gram and substring measures work on prepared [`Chars`] and reuse
//! the caller's [`Scratch`], so comparing one query with many candidates
//! allocates nothing after the first candidate.

/// A string prepared for repeated comparison: its characters, its sorted
/// character bigrams and its sorted, deduplicated characters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chars {
    chars: Vec<char>,
    bigrams: Vec<u64>,
    set: Vec<char>,
}

impl Chars {
    /// Prepares `text`.
    #[must_use]
    pub fn new(text: &str) -> Self {
        let mut prepared = Self::default();
        prepared.set_text(text);
        prepared
    }

    /// Replaces the prepared text, reusing the buffers.
    pub fn set_text(&mut self, text: &str) {
        self.chars.clear();
        self.chars.extend(text.chars());
        self.bigrams.clear();
        match self.chars.as_slice() {
            [] => {}
            [only] => self.bigrams.push(pack(*only, *only)),
            chars => self
                .bigrams
                .extend(chars.windows(2).map(|w| pack(w[0], w[1]))),
        }
        self.bigrams.sort_unstable();
        self.set.clear();
        self.set.extend_from_slice(&self.chars);
        self.set.sort_unstable();
        self.set.dedup();
    }

    /// The characters.
    #[must_use]
    pub fn chars(&self) -> &[char] {
        &self.chars
    }

    /// Number of characters.
    #[must_use]
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// Whether there are no characters.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }
}

fn pack(a: char, b: char) -> u64 {
    (u64::from(u32::from(a)) << 32) | u64::from(u32::from(b))
}

/// Reusable buffers for the dynamic-programming measures.
#[derive(Debug, Default)]
pub struct Scratch {
    pub(crate) row: Vec<u32>,
    pub(crate) prev: Vec<u32>,
    pub(crate) prev2: Vec<u32>,
}

/// Size of the intersection of two sorted sequences (as multisets).
fn sorted_intersection<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common
}

/// Dice coefficient of the character-bigram multisets: `2|A∩B| / (|A|+|B|)`.
#[must_use]
pub fn bigram_dice(a: &Chars, b: &Chars) -> f32 {
    let total = a.bigrams.len() + b.bigrams.len();
    if total == 0 {
        return 0.0;
    }
    (2 * sorted_intersection(&a.bigrams, &b.bigrams)) as f32 / total as f32
}

/// Jaccard index of the character sets: `|A∩B| / |A∪B|`.
#[must_use]
pub fn char_jaccard(a: &Chars, b: &Chars) -> f32 {
    let common = sorted_intersection(&a.set, &b.set);
    let union = a.set.len() + b.set.len() - common;
    if union == 0 {
        return 0.0;
    }
    common as f32 / union as f32
}

/// Length of the longest common substring (characters).
#[must_use]
pub fn longest_common_substring(a: &[char], b: &[char], scratch: &mut Scratch) -> usize {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    let prev = &mut scratch.prev;
    let row = &mut scratch.row;
    prev.clear();
    prev.resize(b.len() + 1, 0);
    row.clear();
    row.resize(b.len() + 1, 0);
    let mut best = 0;
    for &ca in a {
        for (j, &cb) in b.iter().enumerate() {
            row[j + 1] = if ca == cb { prev[j] + 1 } else { 0 };
            best = best.max(row[j + 1]);
        }
        std::mem::swap(prev, row);
    }
    best as usize
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent
/// transpositions, each substring edited once).
#[must_use]
pub fn osa_distance(a: &[char], b: &[char], scratch: &mut Scratch) -> usize {
    if a.is_empty() || b.is_empty() {
        return a.len().max(b.len());
    }
    let width = b.len() + 1;
    let Scratch { row, prev, prev2 } = scratch;
    for buffer in [&mut *row, &mut *prev, &mut *prev2] {
        buffer.clear();
        buffer.resize(width, 0);
    }
    for (j, cell) in prev.iter_mut().enumerate() {
        *cell = j as u32;
    }
    for i in 1..=a.len() {
        row[0] = i as u32;
        for j in 1..width {
            let cost = u32::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            row[j] = d;
        }
        std::mem::swap(prev2, prev);
        std::mem::swap(prev, row);
    }
    prev[b.len()] as usize
}

/// `1 - distance / longer length`, 0 when either side is empty.
#[must_use]
pub fn distance_similarity(distance: f32, a_len: usize, b_len: usize) -> f32 {
    let longest = a_len.max(b_len);
    if a_len == 0 || b_len == 0 {
        return 0.0;
    }
    (1.0 - distance / longest as f32).clamp(0.0, 1.0)
}

/// Jaro-Winkler similarity (strsim), 0 when either side is empty.
#[must_use]
pub fn jaro_winkler(a: &str, b: &str) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    (strsim::jaro_winkler(a, b) as f32).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn osa(a: &str, b: &str) -> usize {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        osa_distance(&a, &b, &mut Scratch::default())
    }

    fn lcs(a: &str, b: &str) -> usize {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        longest_common_substring(&a, &b, &mut Scratch::default())
    }

    #[test]
    fn osa_agrees_with_strsim() {
        for (a, b) in [
            ("サカタノタネ", "サカタノタネ"),
            ("サカタノタネ", "サカタタネ"),
            ("サカタノタネ", "サタカノタネ"),
            ("", "アイ"),
            ("ca", "abc"),
            ("山田工務店", "山田工業"),
        ] {
            assert_eq!(osa(a, b), strsim::osa_distance(a, b), "{a} {b}");
        }
    }

    #[test]
    fn substring_and_ngrams() {
        assert_eq!(lcs("サカタノタネ", "サカタ物産"), 3);
        assert_eq!(lcs("", "サカタ"), 0);
        let (a, b) = (Chars::new("サカタノタネ"), Chars::new("サカタノタネ"));
        assert_eq!(bigram_dice(&a, &b), 1.0);
        assert_eq!(char_jaccard(&a, &b), 1.0);
        let c = Chars::new("カネコ");
        assert_eq!(bigram_dice(&a, &c), 0.0);
        // {サカタノネ} ∩ {カネコ} = {カ, ネ}, union of 6
        assert!((char_jaccard(&a, &c) - 1.0 / 3.0).abs() < 1e-6);
        let one = Chars::new("楽");
        assert_eq!(bigram_dice(&one, &Chars::new("楽")), 1.0);
        assert_eq!(bigram_dice(&Chars::new(""), &Chars::new("")), 0.0);
        assert_eq!(char_jaccard(&Chars::new(""), &Chars::new("")), 0.0);
    }

    #[test]
    fn prepared_text_is_reusable() {
        let mut chars = Chars::new("サカタノタネ");
        chars.set_text("アイ");
        assert_eq!(chars, Chars::new("アイ"));
        assert_eq!(chars.len(), 2);
        assert!(!chars.is_empty());
    }

    #[test]
    fn similarities_are_bounded() {
        assert_eq!(distance_similarity(0.0, 0, 0), 0.0);
        assert_eq!(distance_similarity(2.0, 2, 1), 0.0);
        assert_eq!(distance_similarity(1.0, 4, 4), 0.75);
        assert_eq!(jaro_winkler("", "a"), 0.0);
        assert_eq!(jaro_winkler("ホクト", "ホクト"), 1.0);
    }
}
