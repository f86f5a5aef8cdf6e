//! Character-level confusions inside a name: variant kanji (異体字), OCR
//! look-alikes, and typing slips.

use super::rng::NoiseRng;
use super::script::{to_hiragana, to_katakana};

/// Common kanji and their traditional or variant forms, as (common, variant).
/// A character may appear in several pairs.
const VARIANT_KANJI: &[(char, char)] = &[
    ('高', '髙'),
    ('崎', '﨑'),
    ('崎', '嵜'),
    ('辺', '邊'),
    ('辺', '邉'),
    ('斎', '齋'),
    ('斎', '齊'),
    ('斉', '齊'),
    ('沢', '澤'),
    ('国', '國'),
    ('浜', '濱'),
    ('会', '會'),
    ('桜', '櫻'),
    ('広', '廣'),
    ('徳', '德'),
    ('竜', '龍'),
    ('島', '嶋'),
    ('島', '嶌'),
    ('富', '冨'),
    ('吉', '𠮷'),
    ('関', '關'),
    ('恵', '惠'),
    ('栄', '榮'),
    ('学', '學'),
    ('実', '實'),
    ('万', '萬'),
    ('条', '條'),
    ('円', '圓'),
    ('県', '縣'),
    ('鉄', '鐵'),
    ('発', '發'),
    ('蔵', '藏'),
    ('薬', '藥'),
    ('礼', '禮'),
    ('郎', '郞'),
    ('瀬', '瀨'),
    ('槙', '槇'),
    ('黒', '黑'),
    ('亀', '龜'),
    ('総', '總'),
    ('穂', '穗'),
    ('峰', '峯'),
    ('館', '舘'),
    ('野', '埜'),
    ('塩', '鹽'),
    ('来', '來'),
    ('与', '與'),
    ('壮', '壯'),
    ('寿', '壽'),
    ('真', '眞'),
    ('豊', '豐'),
];

/// Pairs an OCR engine (or a person reading a fax) confuses, either way.
const OCR_PAIRS: &[(char, char)] = &[
    ('カ', '力'),
    ('ロ', '口'),
    ('ー', '一'),
    ('エ', '工'),
    ('ニ', '二'),
    ('タ', '夕'),
    ('ト', '卜'),
    ('ハ', '八'),
    ('へ', 'ヘ'),
    ('ベ', 'べ'),
    ('ペ', 'ぺ'),
    ('ソ', 'ン'),
    ('シ', 'ツ'),
    ('ミ', '三'),
    ('チ', '千'),
    ('オ', '才'),
    ('メ', 'ナ'),
    ('ク', 'ケ'),
    ('ウ', 'ワ'),
    ('ヌ', 'ス'),
    ('ル', 'レ'),
    ('リ', 'り'),
    ('ヶ', 'ケ'),
    ('バ', 'パ'),
    ('ビ', 'ピ'),
    ('ブ', 'プ'),
    ('ボ', 'ポ'),
    ('土', '士'),
    ('未', '末'),
    ('日', '曰'),
    ('O', '0'),
    ('l', '1'),
    ('I', '1'),
    ('S', '5'),
    ('B', '8'),
    ('Z', '2'),
];

/// The kana table by rows (行), for neighbouring-key substitutions.
const KANA_ROWS: &[&str] = &[
    "アイウエオ",
    "カキクケコ",
    "サシスセソ",
    "タチツテト",
    "ナニヌネノ",
    "ハヒフヘホ",
    "マミムメモ",
    "ヤユヨ",
    "ラリルレロ",
    "ワヲン",
    "ガギグゲゴ",
    "ザジズゼゾ",
    "ダヂヅデド",
    "バビブベボ",
    "パピプペポ",
];

/// Small kana and their large forms.
const SMALL_LARGE: &[(char, char)] = &[
    ('ッ', 'ツ'),
    ('ャ', 'ヤ'),
    ('ュ', 'ユ'),
    ('ョ', 'ヨ'),
    ('ァ', 'ア'),
    ('ィ', 'イ'),
    ('ゥ', 'ウ'),
    ('ェ', 'エ'),
    ('ォ', 'オ'),
];

/// Keyboard rows for Latin neighbours.
const KEY_ROWS: &[&str] = &["qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890"];

/// Replaces characters that have a variant form by it (or the variant by
/// the common form): each eligible character with probability 0.6, at least
/// one. Returns whether anything changed.
pub fn variant_kanji(text: &mut String, rng: &mut NoiseRng) -> bool {
    let mut chars: Vec<char> = text.chars().collect();
    let options = |c: char| -> Vec<char> {
        VARIANT_KANJI
            .iter()
            .filter_map(|&(a, b)| {
                if a == c && b != c {
                    Some(b)
                } else if b == c && a != c {
                    Some(a)
                } else {
                    None
                }
            })
            .collect()
    };
    let eligible: Vec<usize> = (0..chars.len())
        .filter(|&i| !options(chars[i]).is_empty())
        .collect();
    if eligible.is_empty() {
        return false;
    }
    let forced = eligible[rng.below(eligible.len())];
    for &i in &eligible {
        if i == forced || rng.chance(0.6) {
            let opts = options(chars[i]);
            if let Some(&v) = rng.pick(&opts) {
                chars[i] = v;
            }
        }
    }
    let out: String = chars.into_iter().collect();
    let changed = out != *text;
    *text = out;
    changed
}

/// The OCR look-alike of `c`, if it has one.
fn ocr_twin(c: char) -> Option<char> {
    OCR_PAIRS.iter().find_map(|&(a, b)| {
        if a == c {
            Some(b)
        } else if b == c {
            Some(a)
        } else {
            None
        }
    })
}

/// Replaces one (sometimes two) characters by an OCR look-alike. Returns
/// whether anything changed.
pub fn ocr(text: &mut String, rng: &mut NoiseRng) -> bool {
    let mut chars: Vec<char> = text.chars().collect();
    let eligible: Vec<usize> = (0..chars.len())
        .filter(|&i| ocr_twin(chars[i]).is_some())
        .collect();
    if eligible.is_empty() {
        return false;
    }
    let n = if eligible.len() > 1 && rng.chance(0.3) {
        2
    } else {
        1
    };
    for _ in 0..n {
        let i = eligible[rng.below(eligible.len())];
        if let Some(t) = ocr_twin(chars[i]) {
            chars[i] = t;
        }
    }
    let out: String = chars.into_iter().collect();
    let changed = out != *text;
    *text = out;
    changed
}

/// A character typed by a slip of the finger instead of `c`: a neighbour in
/// the kana row, the voiced/unvoiced or small/large twin, or a neighbouring
/// key for Latin letters and digits.
fn neighbour(c: char, rng: &mut NoiseRng) -> Option<char> {
    let hira = super::script::is_hiragana(c);
    let k = if hira {
        to_katakana(&c.to_string()).chars().next().unwrap_or(c)
    } else {
        c
    };
    let mut options: Vec<char> = Vec::new();
    for (r, row) in KANA_ROWS.iter().enumerate() {
        let row: Vec<char> = row.chars().collect();
        if let Some(i) = row.iter().position(|&x| x == k) {
            if i > 0 {
                options.push(row[i - 1]);
            }
            if let Some(&n) = row.get(i + 1) {
                options.push(n);
            }
            // The same column in the voiced / unvoiced row.
            let twin_row = match r {
                1..=3 => Some(r + 9),
                5 => Some(13),
                10..=12 => Some(r - 9),
                13 | 14 => Some(5),
                _ => None,
            };
            if let Some(t) = twin_row.and_then(|t| KANA_ROWS.get(t))
                && let Some(x) = t.chars().nth(i)
            {
                options.push(x);
            }
        }
    }
    for &(s, l) in SMALL_LARGE {
        if k == s {
            options.push(l);
        } else if k == l {
            options.push(s);
        }
    }
    let lower = c.to_ascii_lowercase();
    for row in KEY_ROWS {
        let row: Vec<char> = row.chars().collect();
        if let Some(i) = row.iter().position(|&x| x == lower) {
            let case = |x: char| {
                if c.is_ascii_uppercase() {
                    x.to_ascii_uppercase()
                } else {
                    x
                }
            };
            if i > 0 {
                options.push(case(row[i - 1]));
            }
            if let Some(&n) = row.get(i + 1) {
                options.push(case(n));
            }
        }
    }
    let &pick = rng.pick(&options)?;
    Some(if hira {
        to_hiragana(&pick.to_string())
            .chars()
            .next()
            .unwrap_or(pick)
    } else {
        pick
    })
}

/// One typing slip: a character dropped, doubled, swapped with its
/// neighbour, or replaced by a neighbouring kana/key. Never empties the
/// text. Returns whether anything changed.
pub fn typo(text: &mut String, rng: &mut NoiseRng) -> bool {
    let mut chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return false;
    }
    // Slips land on letters, not on spaces and brackets.
    let letters: Vec<usize> = (0..chars.len())
        .filter(|&i| chars[i].is_alphanumeric())
        .collect();
    let Some(&i) = rng.pick(&letters) else {
        return false;
    };
    // A random slip; one that does not fit (a drop in a two-character
    // name, a kanji without neighbours) draws again, at most four times.
    for _ in 0..4 {
        match rng.below(4) {
            0 if chars.len() >= 3 => {
                chars.remove(i);
                break;
            }
            1 => {
                chars.insert(i, chars[i]);
                break;
            }
            2 if i + 1 < chars.len() && chars[i] != chars[i + 1] => {
                chars.swap(i, i + 1);
                break;
            }
            3 => {
                if let Some(n) = neighbour(chars[i], rng) {
                    chars[i] = n;
                    break;
                }
            }
            _ => {}
        }
    }
    let out: String = chars.into_iter().collect();
    let changed = out != *text;
    *text = out;
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_and_ocr_change_one_way_or_the_other() {
        let mut rng = NoiseRng::new(3);
        let mut s = "高橋工業".to_owned();
        assert!(variant_kanji(&mut s, &mut rng));
        assert!(s.starts_with('髙'), "{s}");
        let mut s = "髙島屋".to_owned();
        assert!(variant_kanji(&mut s, &mut rng));
        assert_eq!(s.chars().count(), 3);
        let mut s = "ABC".to_owned();
        assert!(!variant_kanji(&mut s, &mut rng));
        let mut s = "カネコ".to_owned();
        assert!(ocr(&mut s, &mut rng));
        assert_ne!(s, "カネコ");
        let mut s = "株式会社".to_owned();
        assert!(!ocr(&mut s, &mut rng));
    }

    #[test]
    fn typos_change_and_never_empty() {
        let mut rng = NoiseRng::new(5);
        for seed in 0..200 {
            let mut r = NoiseRng::new(seed);
            for base in ["サカタのタネ", "AB", "x", "山", "東京"] {
                let mut s = base.to_owned();
                typo(&mut s, &mut r);
                assert!(!s.is_empty());
            }
        }
        let changed = (0..50)
            .filter(|_| {
                let mut s = "サカタのタネ".to_owned();
                typo(&mut s, &mut rng)
            })
            .count();
        assert!(changed > 40, "{changed}");
        let mut s = String::new();
        assert!(!typo(&mut s, &mut rng));
    }
}
