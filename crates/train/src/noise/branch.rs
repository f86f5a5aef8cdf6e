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
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_from_address() {
        let p = places_of(Some("神奈川県横浜市都筑区仲町台2-7-1"));
        assert_eq!(p, vec!["横浜".to_owned(), "神奈川".to_owned()]);
    }
}
