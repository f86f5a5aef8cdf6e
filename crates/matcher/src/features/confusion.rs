//! An edit distance that knows which characters look alike.
//!
//! OCR and retyping from paper swap characters that look the same but are
//! different code points: katakana カ and kanji 力, ロ and 口, the long-vowel
//! mark ー and kanji 一. The normalisers deliberately do not fold them (they
//! are different characters); here substituting one for its look-alike
//! costs [`CONFUSION_COST`] of an ordinary edit, so `力ネコ種苗` stays close
//! to `カネコ種苗` while `タネコ種苗` does not.

use std::sync::LazyLock;

use super::strings::Scratch;

/// The cost of substituting a look-alike, as a fraction of an ordinary edit.
pub const CONFUSION_COST: f32 = 0.25;

/// Costs in quarter edits, so the dynamic programme runs on integers.
const EDIT: u32 = 4;
const CONFUSION: u32 = 1;

/// Pairs of look-alike characters as they appear in normalised cores
/// (lower case, katakana, ASCII digits), each `(smaller, larger)`, sorted.
const CONFUSABLE: [(char, char); 52] = [
    ('-', 'ー'),
    ('-', '一'),
    ('0', 'o'),
    ('1', 'i'),
    ('1', 'l'),
    ('5', 's'),
    ('8', 'b'),
    ('ァ', 'ア'),
    ('ィ', 'イ'),
    ('ゥ', 'ウ'),
    ('ェ', 'エ'),
    ('エ', '工'),
    ('ォ', 'オ'),
    ('オ', '才'),
    ('カ', '力'),
    ('シ', 'ツ'),
    ('ソ', 'ン'),
    ('タ', '夕'),
    ('チ', '千'),
    ('ッ', 'ツ'),
    ('ト', '卜'),
    ('ニ', '二'),
    ('ヌ', '又'),
    ('ハ', '八'),
    ('バ', 'パ'),
    ('ビ', 'ピ'),
    ('ブ', 'プ'),
    ('ベ', 'ペ'),
    ('ボ', 'ポ'),
    ('ミ', '三'),
    ('ャ', 'ヤ'),
    ('ュ', 'ユ'),
    ('ョ', 'ヨ'),
    ('ロ', '口'),
    ('ヮ', 'ワ'),
    ('ー', '一'),
    ('人', '入'),
    ('刀', '力'),
    ('千', '干'),
    ('土', '士'),
    ('大', '太'),
    ('大', '犬'),
    ('己', '已'),
    ('己', '巳'),
    ('已', '巳'),
    ('日', '曰'),
    ('木', '本'),
    ('未', '末'),
    ('玉', '王'),
    ('田', '由'),
    ('由', '甲'),
    ('甲', '申'),
];

/// Whether `a` and `b` are distinct look-alikes.
#[must_use]
pub fn confusable(a: char, b: char) -> bool {
    let key = if a < b { (a, b) } else { (b, a) };
    CONFUSABLE.binary_search(&key).is_ok()
}

/// Most look-alikes one character has in [`CONFUSABLE`].
const MAX_PARTNERS: usize = 3;

/// [`CONFUSABLE`] in both directions, sorted: a character's look-alikes
/// are one contiguous run.
static BY_CHAR: LazyLock<Vec<(char, char)>> = LazyLock::new(|| {
    let mut pairs: Vec<(char, char)> = CONFUSABLE
        .iter()
        .flat_map(|&(a, b)| [(a, b), (b, a)])
        .collect();
    pairs.sort_unstable();
    pairs
});

/// The look-alikes of `c` (at most [`MAX_PARTNERS`]; the rest of the array
/// is `c` itself, which costs nothing to substitute anyway).
fn partners(c: char) -> [char; MAX_PARTNERS] {
    let mut found = [c; MAX_PARTNERS];
    let start = BY_CHAR.partition_point(|&(a, _)| a < c);
    for (slot, &(a, b)) in found.iter_mut().zip(&BY_CHAR[start..]) {
        if a != c {
            break;
        }
        *slot = b;
    }
    found
}

/// Levenshtein distance where substituting a look-alike costs
/// [`CONFUSION_COST`] and every other edit 1. Uses `scratch`'s buffers.
#[must_use]
pub fn visual_distance(a: &[char], b: &[char], scratch: &mut Scratch) -> f32 {
    if a.is_empty() || b.is_empty() {
        return a.len().max(b.len()) as f32;
    }
    if a == b {
        return 0.0;
    }
    let Scratch { row, prev, .. } = scratch;
    prev.clear();
    prev.extend((0..=b.len() as u32).map(|j| j * EDIT));
    row.clear();
    row.resize(b.len() + 1, 0);
    for (i, &ca) in a.iter().enumerate() {
        // The look-alikes of this row's character, found once per row.
        let alike = partners(ca);
        row[0] = (i as u32 + 1) * EDIT;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = if ca == cb {
                0
            } else if alike.contains(&cb) {
                CONFUSION
            } else {
                EDIT
            };
            row[j + 1] = (prev[j + 1] + EDIT)
                .min(row[j] + EDIT)
                .min(prev[j] + substitution);
        }
        std::mem::swap(prev, row);
    }
    prev[b.len()] as f32 / EDIT as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(a: &str, b: &str) -> f32 {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        visual_distance(&a, &b, &mut Scratch::default())
    }

    #[test]
    fn table_is_sorted_and_ordered() {
        assert!(CONFUSABLE.windows(2).all(|w| w[0] < w[1]));
        assert!(CONFUSABLE.iter().all(|(a, b)| a < b));
        for &(a, b) in &CONFUSABLE {
            assert!(
                partners(a).contains(&b) && partners(b).contains(&a),
                "{a} {b}"
            );
            let count = CONFUSABLE
                .iter()
                .filter(|(x, y)| *x == a || *y == a)
                .count();
            assert!(count <= MAX_PARTNERS, "{a}");
        }
        assert_eq!(CONFUSION as f32 / EDIT as f32, CONFUSION_COST);
    }

    #[test]
    fn look_alikes_cost_a_quarter() {
        assert!(confusable('カ', '力') && confusable('力', 'カ'));
        assert!(confusable('ー', '一') && confusable('士', '土'));
        assert!(!confusable('カ', 'タ'));
        assert_eq!(distance("カネコ種苗", "力ネコ種苗"), 0.25);
        assert_eq!(distance("サ一ビス", "サービス"), 0.25);
        assert_eq!(distance("カネコ種苗", "タネコ種苗"), 1.0);
        assert_eq!(distance("ロ一ソン", "ローソン"), 0.25);
        assert_eq!(distance("ロ一ツン", "ローソン"), 1.25);
    }

    #[test]
    fn plain_edits_match_levenshtein() {
        for (a, b) in [
            ("サカタノタネ", "サカタタネ"),
            ("山田工務店", "山田建設"),
            ("", "アイ"),
            ("アイ", ""),
            ("abc", "acb"),
        ] {
            assert_eq!(distance(a, b), strsim::levenshtein(a, b) as f32, "{a} {b}");
        }
    }
}
