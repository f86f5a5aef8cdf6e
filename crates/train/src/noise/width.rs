//! Width and spacing: spaces around the legal form or between words, middle
//! dots and hyphens removed, half-width katakana, full-width Latin.

use super::name::Parts;
use super::rng::NoiseRng;
use super::script::{
    is_half_katakana, is_katakana, katakana_to_half, script_class, to_ascii_width,
    to_full_width_ascii,
};

/// Characters users leave out or add between words.
const DOTS: &[char] = &['・', '･', '-', '‐', '－', '−', ' ', '\u{3000}'];

/// Changes width and spacing: spaces around the legal form or between the
/// words of the core, middle dots and hyphens removed, katakana in half
/// width, Latin letters and digits in full width (or back). Returns the
/// name written out and whether it changed.
pub fn width_spacing(parts: &mut Parts, rng: &mut NoiseRng) -> (String, bool) {
    let before = parts.render();
    let chars: Vec<char> = parts.core.chars().collect();
    let boundaries: Vec<usize> = (1..chars.len())
        .filter(|&i| {
            let (a, b) = (script_class(chars[i - 1]), script_class(chars[i]));
            a != 0 && b != 0 && a != b
        })
        .collect();
    let has_form = !parts.lead.is_empty() || !parts.tail.is_empty();
    let has_dots = parts.core.contains(DOTS);
    let has_katakana = before
        .chars()
        .any(|c| is_katakana(c) && !is_half_katakana(c) && c != '・');
    let has_ascii = before.chars().any(|c| c.is_ascii_alphanumeric());
    let has_wide = before
        .chars()
        .any(|c| matches!(c, '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}'));
    // 0 form spacing, 1 word spacing, 2 dots, 3 half-width kana, 4 width of Latin.
    let applicable: Vec<u8> = [
        (0, has_form),
        (1, !boundaries.is_empty()),
        (2, has_dots),
        (3, has_katakana),
        (4, has_ascii || has_wide),
    ]
    .into_iter()
    .filter_map(|(op, ok)| ok.then_some(op))
    .collect();
    let mut ops = Vec::new();
    if let Some(&op) = rng.pick(&applicable) {
        ops.push(op);
        if rng.chance(0.3)
            && let Some(&second) = rng.pick(&applicable)
            && second != op
        {
            ops.push(second);
        }
    }
    let space = |rng: &mut NoiseRng| if rng.chance(0.7) { " " } else { "\u{3000}" };
    for &op in &ops {
        match op {
            0 => {
                let s = if parts.sep_lead.is_empty() && parts.sep_tail.is_empty() {
                    space(rng)
                } else {
                    ""
                };
                parts.sep_lead = s.to_owned();
                parts.sep_tail = s.to_owned();
            }
            1 => {
                if let Some(&at) = rng.pick(&boundaries) {
                    let mut c = chars.clone();
                    for (k, sc) in space(rng).chars().enumerate() {
                        c.insert(at + k, sc);
                    }
                    parts.core = c.into_iter().collect();
                }
            }
            2 => {
                let mid = rng.chance(0.3) && parts.core.contains(['・', '･']);
                parts.core = if mid {
                    parts.core.replace(['・', '･'], " ")
                } else {
                    parts.core.replace(DOTS, "")
                };
            }
            _ => {}
        }
    }
    let mut out = parts.render();
    if ops.contains(&3) {
        out = katakana_to_half(&out);
    }
    if ops.contains(&4) {
        out = if has_ascii {
            to_full_width_ascii(&out)
        } else {
            to_ascii_width(&out)
        };
    }
    let changed = out != before;
    (out, changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::noise::legal::split_name;

    #[test]
    fn always_changes_something_when_it_can() {
        for seed in 0..50 {
            let mut rng = NoiseRng::new(seed);
            let mut parts = Parts::from_split(&split_name("株式会社サカタのタネ"));
            let (out, changed) = width_spacing(&mut parts, &mut rng);
            assert!(changed, "{out}");
            assert_ne!(out, "株式会社サカタのタネ");
        }
        // Nothing to change: a single kanji.
        let mut parts = Parts::from_split(&split_name("山"));
        let (out, changed) = width_spacing(&mut parts, &mut NoiseRng::new(1));
        assert!(!changed);
        assert_eq!(out, "山");
    }
}
