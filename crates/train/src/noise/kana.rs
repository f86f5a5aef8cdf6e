//! The name written as its kana reading: katakana, hiragana or half-width,
//! with or without the reading of the legal form, or as a bank-transfer
//! (全銀) name such as `ｶ)ｻｶﾀﾉﾀﾈ`.

use super::legal::{Split, split_reading};
use super::name::Parts;
use super::rng::NoiseRng;
use super::script::{enlarge_small_kana, is_kana, to_half_kana, to_hiragana, to_katakana};

/// The script a reading is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Full-width katakana, as the table stores readings.
    Katakana,
    /// Hiragana.
    Hiragana,
    /// Half-width katakana (voiced marks split off).
    HalfWidth,
}

impl Script {
    /// Writes every part of `parts` in this script.
    pub fn apply(self, parts: &mut Parts) {
        match self {
            Script::Katakana => {}
            Script::Hiragana => parts.map(to_hiragana),
            Script::HalfWidth => parts.map(to_half_kana),
        }
    }
}

/// The reading of a name as parts, and the script to write it in; `None`
/// when the reading is empty or holds no kana.
///
/// `name` is the split official name: its legal form and position decide
/// where the form's reading (or bank abbreviation) goes.
pub fn reading_parts(reading: &str, name: &Split, rng: &mut NoiseRng) -> Option<(Parts, Script)> {
    let reading = to_katakana(reading.trim());
    if !reading.chars().any(is_kana) {
        return None;
    }
    let split = split_reading(&reading);
    if split.core.is_empty() {
        return None;
    }
    let form = name.form.or(split.form);
    let prefix = if name.form.is_some() {
        name.prefix
    } else {
        split.prefix
    };
    let mut parts = Parts {
        core: split.core.clone(),
        ..Parts::default()
    };
    let bank_ok = form.is_some_and(|f| !f.zengin.is_empty());
    let with_form = if form.is_some() { 0.35 } else { 0.0 };
    let bank = if bank_ok { 0.3 } else { 0.0 };
    let style = rng.weighted(&[with_form, 0.35, bank]);
    let script = match style {
        2 => Script::HalfWidth,
        _ => match rng.weighted(&[0.4, 0.4, 0.2]) {
            0 => Script::Katakana,
            1 => Script::HalfWidth,
            _ => Script::Hiragana,
        },
    };
    match (style, form) {
        (0, Some(f)) => {
            let spelled = if split.form.is_some() {
                split.spelled.clone()
            } else {
                f.readings.first().copied().unwrap_or_default().to_owned()
            };
            let gap = if rng.chance(0.2) { " " } else { "" }.to_owned();
            parts.set_form(prefix, spelled, gap);
        }
        (2, Some(f)) => {
            if rng.chance(0.7) {
                parts.core = enlarge_small_kana(&to_half_kana(&parts.core));
            }
            let z = f.zengin;
            if prefix {
                parts.lead = match rng.below(3) {
                    0 => format!("{z})"),
                    1 => format!("({z})"),
                    _ => format!("({z}) "),
                };
            } else {
                parts.tail = match rng.below(3) {
                    0 => format!("({z}"),
                    1 => format!("({z})"),
                    _ => format!(" ({z})"),
                };
            }
        }
        _ => {}
    }
    Some((parts, script))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::noise::legal::split_name;

    #[test]
    fn readings_are_kana() {
        let name = split_name("株式会社サカタのタネ");
        let mut seen_bank = false;
        for seed in 0..100 {
            let mut rng = NoiseRng::new(seed);
            let Some((mut parts, script)) =
                reading_parts("サカタノタネカブシキガイシャ", &name, &mut rng)
            else {
                panic!("no reading");
            };
            script.apply(&mut parts);
            let s = parts.render();
            seen_bank |= s.contains("ｶ)") || s.contains("(ｶ");
            assert!(
                s.chars()
                    .all(|c| is_kana(c) || matches!(c, '(' | ')' | ' ')),
                "{s}"
            );
            assert!(!s.contains("サカタノタネカブシキガイシャ"), "{s}");
        }
        assert!(seen_bank);
        let mut rng = NoiseRng::new(1);
        assert!(reading_parts("", &name, &mut rng).is_none());
        assert!(reading_parts("ABC", &name, &mut rng).is_none());
    }
}
