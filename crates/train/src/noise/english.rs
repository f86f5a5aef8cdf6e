//! The English name instead of the Japanese one, with its Latin legal form
//! kept, dropped or replaced, in one of the cases users type.

use super::name::Parts;
use super::rng::NoiseRng;

/// Latin legal forms at the end of an English name, lower-case, longest
/// first.
const LATIN_FORMS: &[&str] = &[
    "company, limited",
    "company limited",
    "co., limited",
    "kabushiki kaisha",
    "corporation",
    "co., ltd.",
    "co.,ltd.",
    "co. ltd.",
    "co., ltd",
    "co.,ltd",
    "co ltd",
    "limited",
    "corp.",
    "corp",
    "inc.",
    "inc",
    "k.k.",
    "ltd.",
    "ltd",
    "llc",
    "g.k.",
];

/// Latin forms a user may write instead.
const REPLACEMENTS: &[&str] = &[
    "Co., Ltd.",
    "CO.,LTD.",
    "Co.,Ltd.",
    "Corporation",
    "Corp.",
    "K.K.",
    "Inc.",
    "Ltd.",
];

/// Splits an English name into core and trailing Latin legal form.
fn split_english(name: &str) -> (String, String) {
    let name = name.trim();
    let lower = name.to_lowercase();
    for form in LATIN_FORMS {
        if lower.ends_with(form) && lower.len() == name.len() {
            let cut = name.len() - form.len();
            let Some(core) = name.get(..cut) else {
                continue;
            };
            // A whole word: `Inc` must not be the end of `Zinc`.
            if !core.ends_with([' ', ',', '.']) {
                continue;
            }
            let core = core.trim_end_matches([' ', ',']).trim();
            if !core.is_empty() {
                return (core.to_owned(), name[cut..].to_owned());
            }
        }
    }
    (name.to_owned(), String::new())
}

/// `SAKATA SEED` → `Sakata Seed`.
fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric();
    }
    out
}

/// The English name as parts, its form and case varied; `None` when it is
/// blank.
pub fn english_parts(name_en: &str, rng: &mut NoiseRng) -> Option<Parts> {
    if name_en.trim().is_empty() {
        return None;
    }
    let (core, form) = split_english(name_en);
    let mut parts = Parts {
        core,
        ..Parts::default()
    };
    let tail = match rng.weighted(&[0.3, 0.3, 0.4]) {
        0 => form,
        1 => String::new(),
        _ => rng
            .pick(REPLACEMENTS)
            .copied()
            .unwrap_or_default()
            .to_owned(),
    };
    if !tail.is_empty() {
        parts.sep_tail = if tail.starts_with("Inc") && rng.chance(0.3) {
            ", "
        } else {
            " "
        }
        .to_owned();
        parts.tail = tail;
    }
    match rng.weighted(&[0.5, 0.3, 0.15, 0.05]) {
        0 => {}
        1 => parts.map(str::to_uppercase),
        2 => parts.map(title_case),
        _ => parts.map(str::to_lowercase),
    }
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_and_vary() {
        assert_eq!(
            split_english("PENTA-OCEAN CONSTRUCTION CO.,LTD."),
            ("PENTA-OCEAN CONSTRUCTION".to_owned(), "CO.,LTD.".to_owned())
        );
        assert_eq!(
            split_english("USHIO INC."),
            ("USHIO".to_owned(), "INC.".to_owned())
        );
        assert_eq!(split_english("Zinc").0, "Zinc");
        assert_eq!(title_case("SAKATA SEED"), "Sakata Seed");
        let mut rng = NoiseRng::new(2);
        for _ in 0..50 {
            let p = english_parts("SAKATA SEED CORPORATION", &mut rng).map(|p| p.render());
            let s = p.unwrap_or_default();
            assert!(s.to_lowercase().starts_with("sakata seed"), "{s}");
        }
        assert!(english_parts("  ", &mut rng).is_none());
    }
}
