//! Addresses as users write them: numbers in kanji or digits, 丁目・番地・号
//! or hyphens, full-width digits, with or without prefecture, 〒 code or
//! building; or cut to prefecture and municipality.

use nayose::normalize::{ParsedAddress, parse_address};

use super::rng::NoiseRng;
use super::script::{digits_of, to_ascii_width, to_full_width_ascii};

/// Kanji digits 0–9.
const KANJI_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// `n` in kanji numerals: positional up to 9999 (`百三十八`), digit by digit
/// beyond (`一二三四五`).
#[must_use]
pub fn kanji_number(n: u64) -> String {
    let digit = |d: u64| KANJI_DIGITS.get(d as usize).copied().unwrap_or('〇');
    if n == 0 {
        return "〇".to_owned();
    }
    if n > 9999 {
        return n
            .to_string()
            .chars()
            .map(|c| digit(u64::from(c.to_digit(10).unwrap_or(0))))
            .collect();
    }
    let mut out = String::new();
    for (unit, mark) in [(1000, "千"), (100, "百"), (10, "十")] {
        let d = (n / unit) % 10;
        if d > 0 {
            if d > 1 {
                out.push(digit(d));
            }
            out.push_str(mark);
        }
    }
    let ones = n % 10;
    if ones > 0 {
        out.push(digit(ones));
    }
    out
}

/// A number written as digits or in kanji.
fn number(text: &str, kanji: bool) -> String {
    match (kanji, text.parse::<u64>()) {
        (true, Ok(n)) => kanji_number(n),
        _ => text.to_owned(),
    }
}

/// The 丁目 and block numbers (`2`, `[7, 1]`) in one of the notations users
/// write.
fn numbers(chome: Option<u32>, block: &[&str], rng: &mut NoiseRng) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut style = rng.below(6);
    // Block numbers in kanji without a 丁目 before them (`南堀百三十八番一号`)
    // run into the town name; users write them so rarely that we do not.
    if style == 4 && chome.is_none() {
        style = 3;
    }
    let kanji_chome = matches!(style, 3 | 4);
    let kanji_block = style == 4;
    let mut out = String::new();
    if let Some(c) = chome {
        if style == 0 {
            parts.push(c.to_string());
        } else {
            out.push_str(&number(&c.to_string(), kanji_chome));
            out.push_str("丁目");
        }
    }
    match style {
        // 2-7-1
        0 => {
            parts.extend(block.iter().map(|b| (*b).to_owned()));
            out.push_str(&parts.join("-"));
        }
        // 2丁目7-1
        1 => out.push_str(&block.join("-")),
        // 2丁目7番地1 / 138番地の1
        5 => {
            for (i, b) in block.iter().enumerate() {
                match i {
                    0 => {
                        out.push_str(b);
                        out.push_str("番地");
                    }
                    1 if rng.chance(0.3) => {
                        out.push('の');
                        out.push_str(b);
                    }
                    _ => {
                        if i > 1 {
                            out.push('-');
                        }
                        out.push_str(b);
                    }
                }
            }
        }
        // 2丁目7番1号, 二丁目7番1号, 二丁目七番一号
        _ => {
            for (i, b) in block.iter().enumerate() {
                out.push_str(&number(b, kanji_block));
                match i {
                    0 if block.len() > 1 => out.push('番'),
                    0 => out.push_str("番地"),
                    1 => out.push('号'),
                    _ => {}
                }
                if i >= 1 && i + 1 < block.len() {
                    out.push('-');
                }
            }
        }
    }
    out
}

/// Whether `city` is a ward of a designated city (`横浜市都筑区`).
fn ward_of_city(city: &str) -> Option<&str> {
    let i = city.find('市')?;
    let ward = &city[i + '市'.len_utf8()..];
    (ward.ends_with('区') && ward.chars().count() >= 2).then_some(ward)
}

/// Buildings a user may add to an address the table has without one.
const BUILDINGS: &[&str] = &[
    "センタービル",
    "第一ビル",
    "第二ビル",
    "ビル",
    "ビルディング",
    "タワー",
    "スクエア",
];

/// `2248520` → `224-8520`.
fn postal_text(code: &str) -> Option<String> {
    let d = digits_of(code);
    (d.len() == 7).then(|| format!("{}-{}", &d[..3], &d[3..]))
}

/// The address rewritten from its parsed parts in another notation;
/// `None` when it does not parse into town and numbers.
fn renotate(
    text: &str,
    parsed: &ParsedAddress,
    postal: Option<&str>,
    rng: &mut NoiseRng,
) -> Option<String> {
    let town = parsed.town.as_deref()?;
    let city = parsed.city.as_deref()?;
    if parsed.chome.is_none() && parsed.block.is_none() {
        return None;
    }
    let block: Vec<&str> = parsed
        .block
        .as_deref()
        .map(|b| b.split('-').filter(|s| !s.is_empty()).collect())
        .unwrap_or_default();
    let mut out = String::new();
    if rng.chance(0.2)
        && let Some(p) = postal
            .and_then(postal_text)
            .or_else(|| parsed.postal_code.as_deref().and_then(postal_text))
    {
        out.push_str(if rng.chance(0.7) { "〒" } else { "" });
        out.push_str(&p);
        out.push(' ');
    }
    let sep = match rng.weighted(&[0.8, 0.15, 0.05]) {
        0 => "",
        1 => " ",
        _ => "\u{3000}",
    };
    let had_prefecture = parsed
        .prefecture
        .as_deref()
        .is_some_and(|p| to_ascii_width(text).contains(p));
    if let Some(p) = parsed.prefecture.as_deref()
        && (if had_prefecture {
            rng.chance(0.75)
        } else {
            rng.chance(0.3)
        })
    {
        out.push_str(p);
        out.push_str(sep);
    }
    match ward_of_city(city) {
        Some(ward) if rng.chance(0.1) => out.push_str(ward),
        _ => out.push_str(city),
    }
    out.push_str(sep);
    out.push_str(town);
    let mut nums = numbers(parsed.chome, &block, rng);
    if town.ends_with(|c: char| c.is_ascii_digit() || KANJI_DIGITS.contains(&c)) {
        nums.insert(0, ' ');
    }
    if rng.chance(0.3) {
        nums = to_full_width_ascii(&nums);
        if rng.chance(0.3) {
            nums = nums.replace('－', "ー");
        }
    }
    out.push_str(&nums);
    match parsed.building.as_deref() {
        Some(b) if !rng.chance(0.3) => {
            out.push(' ');
            out.push_str(b);
        }
        Some(_) => {}
        None if rng.chance(0.1) => {
            out.push(' ');
            out.push_str(town);
            out.push_str(rng.pick(BUILDINGS).copied().unwrap_or("ビル"));
            out.push_str(&format!(" {}F", rng.range(1, 12)));
        }
        None => {}
    }
    Some(out)
}

/// Text-level rewrites for an address that does not parse: digits in the
/// other width, 丁目/番地/号 as hyphens, a 〒 code in front.
fn rewrite_text(text: &str, postal: Option<&str>, rng: &mut NoiseRng) -> String {
    match rng.below(3) {
        0 => {
            let ascii = to_ascii_width(text);
            if ascii == text {
                to_full_width_ascii(text)
            } else {
                ascii
            }
        }
        1 => {
            let s = to_ascii_width(text)
                .replace("丁目", "-")
                .replace("番地", "-")
                .replace('番', "-")
                .replace('号', "");
            s.trim_end_matches('-').to_owned()
        }
        _ => match postal.and_then(postal_text) {
            Some(p) => format!("〒{p} {text}"),
            None => to_full_width_ascii(text),
        },
    }
}

/// The address in another notation; `None` when nothing could be changed.
pub fn notation(address: &str, postal: Option<&str>, rng: &mut NoiseRng) -> Option<String> {
    let parsed = parse_address(address);
    for _ in 0..3 {
        let candidate = match renotate(address, &parsed, postal, rng) {
            Some(s) => s,
            None => rewrite_text(address, postal, rng),
        };
        if candidate != address && !candidate.trim().is_empty() {
            return Some(candidate);
        }
    }
    None
}

/// The address cut to prefecture and municipality; `None` when neither is
/// found.
pub fn truncate(address: &str) -> Option<String> {
    let parsed = parse_address(address);
    let s: String = [parsed.prefecture, parsed.city]
        .into_iter()
        .flatten()
        .collect();
    (!s.is_empty() && s != address).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kanji_numbers() {
        assert_eq!(kanji_number(2), "二");
        assert_eq!(kanji_number(10), "十");
        assert_eq!(kanji_number(138), "百三十八");
        assert_eq!(kanji_number(2024), "二千二十四");
        assert_eq!(kanji_number(12345), "一二三四五");
    }

    #[test]
    fn notations_keep_the_place() {
        let a = "神奈川県横浜市都筑区仲町台2-7-1";
        let mut rng = NoiseRng::new(4);
        for _ in 0..50 {
            let n = notation(a, Some("2248520"), &mut rng).unwrap_or_default();
            assert_ne!(n, a);
            let p = parse_address(&n);
            assert_eq!(p.town.as_deref(), Some("仲町台"), "{n}");
            assert_eq!(p.chome, Some(2), "{n}");
        }
        assert_eq!(truncate(a).as_deref(), Some("神奈川県横浜市都筑区"));
        // Blank and odd input must not panic.
        let _ = notation("", None, &mut rng);
        let _ = notation("〒", Some("1"), &mut rng);
    }
}
