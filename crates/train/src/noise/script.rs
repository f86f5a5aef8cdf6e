//! Character conversions between scripts and widths: katakana ↔ hiragana,
//! full-width ↔ half-width katakana (voiced marks split off), ASCII ↔
//! full-width Latin, and character classes.

/// Full-width katakana and punctuation with a half-width form, in the order
/// of the half-width block U+FF61–U+FF9F.
const FULL: &str = "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン゛゜";

/// The half-width block U+FF61–U+FF9F, parallel to [`FULL`].
const HALF: &str = "｡｢｣､･ｦｧｨｩｪｫｬｭｮｯｰｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝﾞﾟ";

/// Katakana written with the voiced mark (゛): base + 1 in Unicode.
const VOICED: &str = "ガギグゲゴザジズゼゾダヂヅデドバビブベボ";

/// Katakana written with the semi-voiced mark (゜): base + 2 in Unicode.
const SEMI_VOICED: &str = "パピプペポ";

/// The half-width form of one full-width katakana (or kana punctuation),
/// as one or two characters; `None` when it has none.
fn half_of(c: char) -> Option<(char, Option<char>)> {
    if let Some(i) = FULL.chars().position(|f| f == c) {
        return HALF.chars().nth(i).map(|h| (h, None));
    }
    let base = |offset: u32| char::from_u32(c as u32 - offset).and_then(half_of);
    if VOICED.contains(c) {
        return base(1).map(|(h, _)| (h, Some('ﾞ')));
    }
    if SEMI_VOICED.contains(c) {
        return base(2).map(|(h, _)| (h, Some('ﾟ')));
    }
    match c {
        'ヴ' => Some(('ｳ', Some('ﾞ'))),
        'ヷ' => Some(('ﾜ', Some('ﾞ'))),
        'ヺ' => Some(('ｦ', Some('ﾞ'))),
        'ヮ' => Some(('ﾜ', None)),
        'ヰ' => Some(('ｲ', None)),
        'ヱ' => Some(('ｴ', None)),
        'ヵ' => Some(('ｶ', None)),
        'ヶ' => Some(('ｹ', None)),
        _ => None,
    }
}

/// Whether `c` is katakana (full-width, incl. ー and ・) or half-width katakana.
#[must_use]
pub fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー' | '・' | '\u{FF66}'..='\u{FF9F}')
}

/// Whether `c` is half-width katakana (or a half-width voiced mark).
#[must_use]
pub fn is_half_katakana(c: char) -> bool {
    matches!(c, '\u{FF66}'..='\u{FF9F}')
}

/// Whether `c` is hiragana.
#[must_use]
pub fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | 'ゝ' | 'ゞ')
}

/// Whether `c` is a kana of either script or width.
#[must_use]
pub fn is_kana(c: char) -> bool {
    is_katakana(c) || is_hiragana(c)
}

/// Whether `c` is a CJK ideograph (incl. 々 and compatibility ideographs).
#[must_use]
pub fn is_kanji(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '々')
}

/// Katakana to hiragana (other characters unchanged).
#[must_use]
pub fn to_hiragana(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{30A1}'..='\u{30F6}' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Hiragana to katakana (other characters unchanged).
#[must_use]
pub fn to_katakana(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{3041}'..='\u{3096}' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Full-width katakana (and hiragana) to half-width katakana, voiced marks
/// as separate characters (`ガ` → `ｶﾞ`); everything else unchanged.
#[must_use]
pub fn to_half_kana(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in to_katakana(s).chars() {
        match half_of(c) {
            Some((h, mark)) => {
                out.push(h);
                out.extend(mark);
            }
            None => out.push(c),
        }
    }
    out
}

/// Full-width katakana to half-width, leaving hiragana and everything else
/// as it is (`サカタのタネ` → `ｻｶﾀのﾀﾈ`).
#[must_use]
pub fn katakana_to_half(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match half_of(c) {
            Some((h, mark)) if !is_hiragana(c) => {
                out.push(h);
                out.extend(mark);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Small kana to their large forms, as bank-transfer (全銀) names write
/// them (`ｯ` → `ﾂ`, `ャ` → `ヤ`).
#[must_use]
pub fn enlarge_small_kana(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ｧ' => 'ｱ',
            'ｨ' => 'ｲ',
            'ｩ' => 'ｳ',
            'ｪ' => 'ｴ',
            'ｫ' => 'ｵ',
            'ｬ' => 'ﾔ',
            'ｭ' => 'ﾕ',
            'ｮ' => 'ﾖ',
            'ｯ' => 'ﾂ',
            'ァ' | 'ィ' | 'ゥ' | 'ェ' | 'ォ' | 'ッ' | 'ャ' | 'ュ' | 'ョ' | 'ヮ' => {
                char::from_u32(c as u32 + 1).unwrap_or(c)
            }
            _ => c,
        })
        .collect()
}

/// Printable ASCII to full-width (`A` → `Ａ`, `1` → `１`, space → U+3000).
#[must_use]
pub fn to_full_width_ascii(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            ' ' => '\u{3000}',
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Full-width Latin, digits and signs to ASCII (U+3000 → space).
#[must_use]
pub fn to_ascii_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Digits only, full-width digits read as ASCII.
#[must_use]
pub fn digits_of(s: &str) -> String {
    to_ascii_width(s)
        .chars()
        .filter(char::is_ascii_digit)
        .collect()
}

/// Script class of a character, for word boundaries: 1 kanji, 2 katakana,
/// 3 hiragana, 4 other letters and digits, 0 anything else.
#[must_use]
pub fn script_class(c: char) -> u8 {
    if is_kanji(c) {
        1
    } else if is_katakana(c) {
        2
    } else if is_hiragana(c) {
        3
    } else if c.is_alphanumeric() {
        4
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        assert_eq!(to_half_kana("サカタのタネ"), "ｻｶﾀﾉﾀﾈ");
        assert_eq!(to_half_kana("ガッコウ・パン"), "ｶﾞｯｺｳ･ﾊﾟﾝ");
        assert_eq!(to_half_kana("ヴィ"), "ｳﾞｨ");
        assert_eq!(to_half_kana("株式会社"), "株式会社");
        assert_eq!(katakana_to_half("サカタのタネ"), "ｻｶﾀのﾀﾈ");
        assert_eq!(to_hiragana("サカタノタネー"), "さかたのたねー");
        assert_eq!(to_katakana("さかた"), "サカタ");
        assert_eq!(enlarge_small_kana("ｷｯｺｰﾏﾝ ジャ"), "ｷﾂｺｰﾏﾝ ジヤ");
        assert_eq!(to_full_width_ascii("NEC 1"), "ＮＥＣ　１");
        assert_eq!(to_ascii_width("ＮＥＣ　１"), "NEC 1");
        assert_eq!(digits_of("０３-12"), "0312");
        assert!("ｻｶﾀﾞ".chars().all(is_half_katakana));
        assert!(is_kanji('髙') && !is_kanji('カ') && is_kana('ｶ') && is_kana('が'));
    }
}
