//! Branch, department and honorific suffixes (`東京支店`, `営業部`, `御中`),
//! glued, spaced or bracketed after the name.

use nayose::normalize::parse_address;

use super::name::Parts;
use super::rng::NoiseRng;

/// Branch and department words written after a place name.
const PLACE_BRANCHES: &[&str] = &[
    "支店",
    "営業所",
    "支社",
    "事業所",
    "出張所",
    "工場",
    "本社",
    "センター",
    "オフィス",
];

/// Branches, departments and honorifics written without a place.
const BRANCHES: &[&str] = &[
    "本社",
    "本店",
    "営業部",
    "営業本部",
    "総務部",
    "経理部",
    "人事部",
    "購買部",
    "管理部",
    "技術部",
    "営業一課",
    "本社営業部",
    "御中",
    "様",
    "第一工場",
    "第二工場",
    "本社工場",
    "東日本支社",
    "西日本支社",
    "研究所",
];

/// Places of big branches, used when the address gives none.
const PLACES: &[&str] = &[
    "東京",
    "大阪",
    "名古屋",
    "福岡",
    "札幌",
    "仙台",
    "横浜",
    "広島",
    "神戸",
    "京都",
    "埼玉",
    "千葉",
    "北関東",
    "九州",
    "関西",
    "中部",
    "東北",
    "北陸",
    "四国",
];

/// The place names a branch of a company at `address` might carry: its
/// municipality and prefecture without the suffix (`横浜`, `神奈川`).
fn places_of(address: Option<&str>) -> Vec<String> {
    let Some(address) = address else {
        return Vec::new();
    };
    let parsed = parse_address(address);
    let mut out = Vec::new();
    if let Some(city) = parsed.city {
        let city = city.rsplit('郡').next().unwrap_or(&city).to_owned();
        let stem = match city.find(['市', '区', '町', '村']) {
            Some(i) if i > 0 => city[..i].to_owned(),
            _ => city,
        };
        if stem.chars().count() >= 2 {
            out.push(stem);
        }
    }
    if let Some(p) = parsed.prefecture {
        let stem = p.strip_suffix(['都', '府', '県']).unwrap_or(&p).to_owned();
        if !stem.is_empty() {
            out.push(stem);
        }
    }
    out
}

/// Appends the branch of a company at `branch_address` (another city than
/// the registered office's): its place and a branch word (`仙台支店`),
/// glued, spaced or bracketed. Returns whether the name changed (not when
/// the address names no place).
pub fn branch_at(parts: &mut Parts, branch_address: Option<&str>, rng: &mut NoiseRng) -> bool {
    let places = places_of(branch_address);
    let Some(place) = rng.pick(&places) else {
        return false;
    };
    // Every place word but 本社: the registered office is elsewhere.
    let offices: Vec<&str> = PLACE_BRANCHES
        .iter()
        .copied()
        .filter(|w| *w != "本社")
        .collect();
    let word = rng.pick(&offices).copied().unwrap_or("支店");
    attach(parts, format!("{place}{word}"), rng);
    true
}

/// Appends a branch, department or honorific, glued, spaced or bracketed.
/// Returns whether the name changed.
pub fn branch(parts: &mut Parts, address: Option<&str>, rng: &mut NoiseRng) -> bool {
    let text = if rng.chance(0.55) {
        let mut places = places_of(address);
        if places.is_empty() || rng.chance(0.2) {
            places.extend(PLACES.iter().map(|p| (*p).to_owned()));
        }
        let place = rng.pick(&places).cloned().unwrap_or_default();
        let word = rng.pick(PLACE_BRANCHES).copied().unwrap_or("支店");
        format!("{place}{word}")
    } else {
        rng.pick(BRANCHES).copied().unwrap_or("本社").to_owned()
    };
    attach(parts, text, rng);
    true
}

/// Writes `text` after the name, glued, spaced or bracketed.
fn attach(parts: &mut Parts, text: String, rng: &mut NoiseRng) {
    let honorific = text == "御中" || text == "様";
    let (sep, text) = match rng.weighted(&[0.4, 0.4, 0.12, 0.08]) {
        0 => ("", text),
        1 => (" ", text),
        2 => ("\u{3000}", text),
        _ if !honorific => ("", format!("（{text}）")),
        _ => (" ", text),
    };
    parts.sep_branch = sep.to_owned();
    parts.branch = text;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn branch_at_names_the_other_place() {
        let mut rng = NoiseRng::new(7);
        for _ in 0..20 {
            let mut parts = Parts {
                core: "サカタのタネ".into(),
                ..Parts::default()
            };
            assert!(branch_at(
                &mut parts,
                Some("宮城県仙台市青葉区一番町1-1-1"),
                &mut rng
            ));
            assert!(
                parts.branch.contains("仙台") || parts.branch.contains("宮城"),
                "{}",
                parts.branch
            );
            assert!(!parts.branch.contains("本社"), "{}", parts.branch);
        }
        let mut parts = Parts::default();
        assert!(!branch_at(&mut parts, None, &mut rng));
        assert!(parts.branch.is_empty());
    }

    #[test]
    fn places_from_address() {
        let p = places_of(Some("神奈川県横浜市都筑区仲町台2-7-1"));
        assert_eq!(p, vec!["横浜".to_owned(), "神奈川".to_owned()]);
    }
}
