//! Character folding shared by every normaliser: Unicode compatibility
//! (NFKC-like) folding plus what NFKC misses for Japanese text.
//!
//! The folding is done one character at a time into a reused buffer, with
//! fast paths for ASCII, kana and CJK ideographs; only rare characters go
//! through the Unicode compatibility decomposition tables.

use super::variants;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};
use unicode_normalization::{IsNormalized, is_nfkc_quick};

/// What a fold is for: the two modes differ in a few places.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldMode {
    /// Company names and readings: case folded, hiragana → katakana,
    /// middle dots removed, iteration marks (ヽヾゝゞ) expanded.
    Name,
    /// Addresses: case and hiragana kept (official place names use
    /// hiragana, e.g. さいたま市), a long-vowel mark after a number read
    /// as a hyphen.
    Address,
}

/// Folds `input` into a new string (see [`fold_into`]).
#[must_use]
pub fn fold(input: &str, mode: FoldMode) -> String {
    let mut out = String::with_capacity(input.len());
    fold_into(input, mode, &mut out);
    out
}

/// Folds `input` and appends the result to `out` (which should be empty or
/// end in a character where a new word may start).
///
/// - full-width ASCII → ASCII, half-width katakana → full-width (with their
///   voicing marks combined), compatibility characters (㈱, ①, ㌔ …)
///   decomposed as NFKC does, combining marks dropped (after combining
///   kana voicing marks);
/// - every kind of space → one ASCII space, leading and trailing spaces trimmed;
/// - every dash and long-vowel variant → `ー` after katakana, `-` elsewhere;
/// - all bracket kinds (（）【】「」『』〔〕［］｛｝〈〉《》) → `(` `)`;
/// - ヵ ヶ → カ ケ; variant kanji (異体字) folded with the crate's table;
/// - in [`FoldMode::Name`] also lower case, hiragana → katakana, middle dots
///   removed, iteration marks expanded.
///
/// Folding is idempotent: `fold(fold(x)) == fold(x)`.
pub fn fold_into(input: &str, mode: FoldMode, out: &mut String) {
    let start = out.len();
    for c in input.chars() {
        fold_char(c, mode, out, start, 0);
    }
    while out.len() > start && out.ends_with(' ') {
        out.pop();
    }
}

/// `s` without the suffix `p`, comparing the last byte before the rest
/// (most candidates fail there, without a call to `memcmp`).
#[inline]
pub(crate) fn strip_suffix_fast<'a>(s: &'a str, p: &str) -> Option<&'a str> {
    let (sb, pb) = (s.as_bytes(), p.as_bytes());
    if pb.is_empty() || sb.len() < pb.len() || sb[sb.len() - 1] != pb[pb.len() - 1] {
        return None;
    }
    s.strip_suffix(p)
}

#[inline]
fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | '\u{30FC}'..='\u{30FE}')
}

#[inline]
fn is_kanji_numeral(c: char) -> bool {
    matches!(
        c,
        '〇' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '千'
    )
}

#[inline]
fn last_char(out: &str, start: usize) -> Option<char> {
    if out.len() > start {
        out.chars().next_back()
    } else {
        None
    }
}

#[inline]
fn push_space(out: &mut String, start: usize) {
    if out.len() > start && !out.ends_with(' ') {
        out.push(' ');
    }
}

#[inline]
fn push_dash(out: &mut String, start: usize) {
    match last_char(out, start) {
        Some(p) if is_katakana(p) && p != 'ン' && p != 'ッ' => out.push('ー'),
        _ => out.push('-'),
    }
}

/// The voiced (dakuten) form of a kana, if it has one.
fn voiced(c: char) -> Option<char> {
    match c {
        'カ' | 'キ' | 'ク' | 'ケ' | 'コ' | 'サ' | 'シ' | 'ス' | 'セ' | 'ソ' | 'タ' | 'チ'
        | 'ツ' | 'テ' | 'ト' | 'ハ' | 'ヒ' | 'フ' | 'ヘ' | 'ホ' | 'か' | 'き' | 'く' | 'け'
        | 'こ' | 'さ' | 'し' | 'す' | 'せ' | 'そ' | 'た' | 'ち' | 'つ' | 'て' | 'と' | 'は'
        | 'ひ' | 'ふ' | 'へ' | 'ほ' | 'ヽ' | 'ゝ' => char::from_u32(c as u32 + 1),
        'ウ' => Some('ヴ'),
        'う' => Some('ゔ'),
        'ワ' => Some('ヷ'),
        'ヰ' => Some('ヸ'),
        'ヱ' => Some('ヹ'),
        'ヲ' => Some('ヺ'),
        _ => None,
    }
}

/// The semi-voiced (handakuten) form of a kana, if it has one.
fn semi_voiced(c: char) -> Option<char> {
    match c {
        'ハ' | 'ヒ' | 'フ' | 'ヘ' | 'ホ' | 'は' | 'ひ' | 'ふ' | 'へ' | 'ほ' => {
            char::from_u32(c as u32 + 2)
        }
        _ => None,
    }
}

/// The unvoiced form of a katakana (ガ → カ), or the character itself.
fn unvoiced(c: char) -> char {
    for base in [
        c,
        char::from_u32(c as u32 - 1).unwrap_or(c),
        char::from_u32(c as u32 - 2).unwrap_or(c),
    ] {
        if base == c {
            continue;
        }
        if voiced(base) == Some(c) || semi_voiced(base) == Some(c) {
            return base;
        }
    }
    match c {
        'ヴ' => 'ウ',
        'ヷ' => 'ワ',
        'ヸ' => 'ヰ',
        'ヹ' => 'ヱ',
        'ヺ' => 'ヲ',
        _ => c,
    }
}

/// Combines a voicing mark with the previous character of `out`; drops the
/// mark when there is nothing to combine with.
fn combine_voicing(out: &mut String, start: usize, semi: bool) {
    if let Some(p) = last_char(out, start) {
        let combined = if semi { semi_voiced(p) } else { voiced(p) };
        if let Some(v) = combined {
            out.pop();
            out.push(v);
        }
    }
}

/// Half-width katakana U+FF66..=U+FF9D to full width.
const HALF_KATAKANA: [char; 56] = [
    'ヲ', 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ャ', 'ュ', 'ョ', 'ッ', 'ー', 'ア', 'イ', 'ウ', 'エ', 'オ',
    'カ', 'キ', 'ク', 'ケ', 'コ', 'サ', 'シ', 'ス', 'セ', 'ソ', 'タ', 'チ', 'ツ', 'テ', 'ト', 'ナ',
    'ニ', 'ヌ', 'ネ', 'ノ', 'ハ', 'ヒ', 'フ', 'ヘ', 'ホ', 'マ', 'ミ', 'ム', 'メ', 'モ', 'ヤ', 'ユ',
    'ヨ', 'ラ', 'リ', 'ル', 'レ', 'ロ', 'ワ', 'ン',
];

fn fold_char(c: char, mode: FoldMode, out: &mut String, start: usize, depth: u8) {
    let name = mode == FoldMode::Name;
    match c {
        'A'..='Z' => out.push(if name { c.to_ascii_lowercase() } else { c }),
        '-' | '~' => push_dash(out, start),
        '\0'..='\x7f' => {
            if c.is_ascii_whitespace() || c.is_ascii_control() {
                push_space(out, start);
            } else if c == '[' || c == '{' {
                out.push('(');
            } else if c == ']' || c == '}' {
                out.push(')');
            } else {
                out.push(c);
            }
        }
        '\u{3000}' => push_space(out, start),
        '\u{FF0D}' | '\u{FF5E}' => push_dash(out, start),
        '\u{FF01}'..='\u{FF5E}' => {
            let a = char::from_u32(c as u32 - 0xFEE0).unwrap_or(' ');
            fold_char(a, mode, out, start, depth);
        }
        '\u{3041}'..='\u{3094}' | '\u{3095}' | '\u{3096}' => {
            let k = match c {
                'ゕ' => 'カ',
                'ゖ' => 'ケ',
                _ if name => char::from_u32(c as u32 + 0x60).unwrap_or(c),
                _ => c,
            };
            out.push(k);
        }
        '\u{3099}' | '\u{309B}' | '\u{FF9E}' => combine_voicing(out, start, false),
        '\u{309A}' | '\u{309C}' | '\u{FF9F}' => combine_voicing(out, start, true),
        'ゝ' | 'ゞ' | 'ヽ' | 'ヾ' => {
            if name {
                let voiced_mark = c == 'ゞ' || c == 'ヾ';
                match last_char(out, start) {
                    Some(p) if is_katakana(p) && p != 'ー' && p != 'ヽ' && p != 'ヾ' => {
                        let base = unvoiced(p);
                        let r = if voiced_mark {
                            voiced(base).unwrap_or(base)
                        } else {
                            base
                        };
                        out.push(r);
                    }
                    // Nothing to repeat: dropped (a later fold of the
                    // compacted name might otherwise repeat something else).
                    _ => {}
                }
            } else {
                out.push(c);
            }
        }
        'ヵ' => out.push('カ'),
        'ヶ' => out.push('ケ'),
        '\u{30A1}'..='\u{30FA}' => out.push(c),
        'ー' | '\u{FF70}' => {
            if !name
                && last_char(out, start).is_some_and(|p| p.is_ascii_digit() || is_kanji_numeral(p))
            {
                out.push('-');
            } else {
                out.push('ー');
            }
        }
        '・' | '\u{FF65}' | '\u{00B7}' | '\u{2022}' | '\u{2027}' | '\u{2219}' => {
            if !name {
                out.push('・');
            }
        }
        '\u{FF61}' => out.push('。'),
        '\u{FF62}' | '\u{FF63}' => out.push(if c == '\u{FF62}' { '(' } else { ')' }),
        '\u{FF64}' => out.push('、'),
        '\u{FF66}'..='\u{FF9D}' => {
            let k = HALF_KATAKANA[(c as u32 - 0xFF66) as usize];
            fold_char(k, mode, out, start, depth);
        }
        '\u{2010}'..='\u{2015}'
        | '\u{2212}'
        | '\u{2500}'
        | '\u{2501}'
        | '\u{301C}'
        | '\u{FE58}'
        | '\u{FE63}'
        | '\u{2043}'
        | '\u{02D7}'
        | '\u{2053}' => push_dash(out, start),
        '【' | '「' | '『' | '〔' | '〈' | '《' | '〖' | '〘' | '\u{FF5F}' | '⦅' => {
            out.push('(')
        }
        '】' | '」' | '』' | '〕' | '〉' | '》' | '〗' | '〙' | '\u{FF60}' | '⦆' => {
            out.push(')')
        }
        '\u{2018}' | '\u{2019}' | '\u{2032}' => out.push('\''),
        '\u{201C}' | '\u{201D}' | '\u{2033}' => out.push('"'),
        '\u{3400}'..='\u{9FFF}' | '\u{20000}'..='\u{3FFFF}' => out.push(variants::fold_kanji(c)),
        '\u{F900}'..='\u{FAFF}' => {
            let v = variants::fold_kanji(c);
            if v != c {
                out.push(v);
            } else {
                decompose(c, mode, out, start, depth);
            }
        }
        _ if c.is_whitespace() => push_space(out, start),
        _ if is_combining_mark(c) => {}
        _ if c.is_control()
            || matches!(
                c,
                '\u{FEFF}' | '\u{FFFD}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{206F}'
            ) => {}
        _ => decompose(c, mode, out, start, depth),
    }
}

/// The slow path: characters outside the fast ranges.
fn decompose(c: char, mode: FoldMode, out: &mut String, start: usize, depth: u8) {
    let name = mode == FoldMode::Name;
    let latin = matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}');
    if depth > 0 || (!latin && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes) {
        if name && c.is_uppercase() {
            for l in c.to_lowercase() {
                if !is_combining_mark(l) {
                    if l == c || l.is_ascii() {
                        out.push(l);
                    } else {
                        fold_char(l, mode, out, start, 1);
                    }
                }
            }
        } else {
            out.push(c);
        }
        return;
    }
    let mut buf = [' '; 18];
    let mut n = 0;
    let mut overflow = false;
    decompose_compatible(c, |d| {
        if n < buf.len() {
            buf[n] = d;
            n += 1;
        } else {
            overflow = true;
        }
    });
    if overflow || n > 4 {
        // Long ligatures (﷽ …): kept as they are, so that folding never
        // makes a string more than four times longer.
        out.push(c);
        return;
    }
    for &d in &buf[..n] {
        if d == c {
            if !is_combining_mark(d) {
                out.push(d);
            }
        } else {
            fold_char(d, mode, out, start, 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        fold(s, FoldMode::Name)
    }

    #[test]
    fn width_and_case() {
        assert_eq!(n("ＡＢＣ商事　２１世紀"), "abc商事 21世紀");
        assert_eq!(n("ｻｶﾀﾉﾀﾈ"), "サカタノタネ");
        assert_eq!(n("ｶﾞｽ ﾊﾟﾝ"), "ガス パン");
        assert_eq!(n("さかたのたね"), "サカタノタネ");
    }

    #[test]
    fn dashes_by_context() {
        assert_eq!(n("ソニ－"), "ソニー");
        assert_eq!(n("ソニ―"), "ソニー");
        assert_eq!(n("ABC－123"), "abc-123");
        assert_eq!(n("ﾃﾞｰﾀ"), "データ");
    }

    #[test]
    fn enclosed_and_compat() {
        assert_eq!(n("㈱サカタ"), "(株)サカタ");
        assert_eq!(n("㍿サカタ"), "株式会社サカタ");
        assert_eq!(n("①"), "1");
    }

    #[test]
    fn combining_voicing() {
        assert_eq!(n("か\u{3099}"), "ガ");
        assert_eq!(n("ハ\u{309A}"), "パ");
        assert_eq!(n("\u{3099}"), "");
        assert_eq!(n("e\u{301}"), "e");
        assert_eq!(n("é"), "e");
    }

    #[test]
    fn iteration_marks() {
        assert_eq!(n("いすゞ"), "イスズ");
        assert_eq!(n("ヽ"), "");
        assert_eq!(n("佐々木"), "佐々木");
    }

    #[test]
    fn spaces_and_dots() {
        assert_eq!(n("  ソニー・ミュージック \t "), "ソニーミュージック");
        assert_eq!(n("a  \u{3000} b"), "a b");
        assert_eq!(n("\u{FEFF}a\u{FFFD}\u{200B}b"), "ab");
    }

    #[test]
    fn address_mode() {
        assert_eq!(
            fold("さいたま市２丁目", FoldMode::Address),
            "さいたま市2丁目"
        );
        assert_eq!(fold("１ー２", FoldMode::Address), "1-2");
        assert_eq!(fold("霞ヶ関", FoldMode::Address), "霞ケ関");
    }

    #[test]
    fn idempotent_examples() {
        for s in [
            "ｶﾞｰﾃﾞﾝ",
            "ア -イ",
            "İstanbul",
            "ﬁ",
            "㌔",
            "Ǆ",
            "ǅ",
            "\u{1E9E}",
        ] {
            let once = n(s);
            assert_eq!(n(&once), once, "{s}");
        }
    }
}
