//! Variant kanji (異体字) folding, from the hand-written table
//! `variants.txt` next to this file.

use std::sync::LazyLock;

const TABLE: &str = include_str!("variants.txt");

/// Sorted (variant, common form) pairs.
static PAIRS: LazyLock<Vec<(char, char)>> = LazyLock::new(|| {
    let mut pairs = Vec::with_capacity(320);
    for line in TABLE.lines() {
        if line.starts_with('#') {
            continue;
        }
        let mut parts = line.split('\t');
        let (Some(target), Some(sources)) = (parts.next(), parts.next()) else {
            continue;
        };
        let Some(t) = target.chars().next() else {
            continue;
        };
        for s in sources.chars() {
            if s != t {
                pairs.push((s, t));
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup_by_key(|p| p.0);
    pairs
});

/// A 4096-bit filter of the variants (by their low 12 bits): most kanji
/// are not variants and are rejected without a search.
static FILTER: LazyLock<[u64; 64]> = LazyLock::new(|| {
    let mut f = [0u64; 64];
    for &(s, _) in PAIRS.iter() {
        let b = (s as u32 & 0xFFF) as usize;
        f[b >> 6] |= 1 << (b & 63);
    }
    f
});

/// Folds one kanji to its common form (髙 → 高, 﨑 → 崎, 邊 → 辺 …); any
/// other character is returned unchanged.
#[must_use]
pub fn fold_kanji(c: char) -> char {
    let b = (c as u32 & 0xFFF) as usize;
    if FILTER[b >> 6] & (1 << (b & 63)) == 0 {
        return c;
    }
    let pairs = &*PAIRS;
    match pairs.binary_search_by_key(&c, |p| p.0) {
        Ok(i) => pairs[i].1,
        Err(_) => c,
    }
}

/// Number of variant characters the table folds.
#[must_use]
pub fn table_len() -> usize {
    PAIRS.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_idempotent_and_unambiguous() {
        let mut seen = std::collections::HashMap::new();
        for line in TABLE.lines().filter(|l| !l.starts_with('#')) {
            let mut parts = line.split('\t');
            let t = parts.next().and_then(|t| t.chars().next());
            let srcs = parts.next().unwrap_or("");
            let t = t.unwrap_or(' ');
            for s in srcs.chars() {
                if let Some(prev) = seen.insert(s, t) {
                    assert_eq!(prev, t, "{s} listed twice with different targets");
                }
            }
        }
        for (&s, &t) in &seen {
            assert_eq!(fold_kanji(t), t, "target {t} (of {s}) is itself folded");
            assert_eq!(fold_kanji(s), t);
        }
        assert!(table_len() > 250, "{}", table_len());
    }

    #[test]
    fn examples() {
        for (a, b) in [
            ('髙', '高'),
            ('﨑', '崎'),
            ('嵜', '崎'),
            ('邊', '辺'),
            ('邉', '辺'),
            ('齋', '斎'),
            ('齊', '斉'),
            ('澤', '沢'),
            ('𠮷', '吉'),
            ('龍', '竜'),
        ] {
            assert_eq!(fold_kanji(a), b);
        }
        for c in ['気', '機', '工', '口', '力', '電', '雷', '斉', '埼'] {
            assert_eq!(fold_kanji(c), c);
        }
    }
}
