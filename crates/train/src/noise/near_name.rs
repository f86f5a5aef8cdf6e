//! Near-names: the name of another company that contains, or is contained
//! in, a row's name (`山田電機` beside `山田電機商事`, `新山田電機`). A client
//! row naming such a company, when the company itself is not in the table,
//! is the classic look-alike a name-only row is wrongly linked to.

use super::rng::NoiseRng;
use super::shorten::without_industry_word;

/// Words appended to make a longer name (kanji and katakana forms only).
const APPENDED: &[&str] = &[
    "商事",
    "工業",
    "産業",
    "興産",
    "販売",
    "開発",
    "建設",
    "不動産",
    "物流",
    "サービス",
    "システム",
    "ホールディングス",
    "エンジニアリング",
    "製作所",
];

/// Words put in front to make a longer name.
const PREFIXES: &[&str] = &["新", "東", "西", "南", "北", "日本", "第一", "大", "中央"];

/// Fewest characters a near-name keeps (shorter ones match too much).
const MIN_CHARS: usize = 2;

/// A core that contains `core`, is contained in it or names a sibling
/// company: `core` without its trailing industry word, with another in its
/// place, with one appended, or with a prefix. `None` when `core` is too
/// short to vary.
pub fn near_core(core: &str, rng: &mut NoiseRng) -> Option<String> {
    if core.chars().count() < MIN_CHARS {
        return None;
    }
    let mut options: Vec<String> = Vec::new();
    if let Some((shorter, word)) = without_industry_word(core)
        && shorter.chars().count() >= MIN_CHARS
    {
        options.push(shorter.to_owned());
        let others: Vec<&&str> = APPENDED.iter().filter(|w| **w != word).collect();
        if let Some(other) = rng.pick(&others) {
            options.push(format!("{shorter}{other}"));
        }
    }
    let appended: Vec<&&str> = APPENDED.iter().filter(|w| !core.ends_with(**w)).collect();
    if let Some(word) = rng.pick(&appended) {
        options.push(format!("{core}{word}"));
    }
    if let Some(prefix) = rng.pick(PREFIXES)
        && !core.starts_with(prefix)
    {
        options.push(format!("{prefix}{core}"));
    }
    rng.pick(&options).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_cores_contain_or_are_contained() {
        let mut rng = NoiseRng::new(11);
        let mut shorter = 0;
        for _ in 0..200 {
            let near = near_core("山田電機", &mut rng).unwrap_or_default();
            assert_ne!(near, "山田電機");
            assert!(
                near.contains("山田電機")
                    || "山田電機".contains(near.as_str())
                    || (near.starts_with("山田") && near.chars().count() > 2),
                "{near}"
            );
            assert!(near.chars().count() >= MIN_CHARS, "{near}");
            shorter += usize::from(near == "山田");
        }
        assert!(shorter > 20, "{shorter}");
        assert_eq!(near_core("山", &mut rng), None);
    }
}
