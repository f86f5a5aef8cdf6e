//! Shortened names: the user wrote only part of the name
//! (`株式会社サカタのタネ` → `サカタ`), usually without the legal form.

use super::name::Parts;
use super::rng::NoiseRng;
use super::script::script_class;

/// Words a company name often ends with, that users leave out
/// (`住友林業` → `住友`). Longest first where one contains another.
const INDUSTRY_WORDS: &[&str] = &[
    "ホールディングス",
    "ホールディング",
    "エンジニアリング",
    "テクノロジーズ",
    "テクノロジー",
    "コーポレーション",
    "インターナショナル",
    "システムズ",
    "システム",
    "サービス",
    "ジャパン",
    "グループ",
    "総合研究所",
    "研究所",
    "製作所",
    "建設工業",
    "重工業",
    "工業",
    "産業",
    "商事",
    "商店",
    "商会",
    "建設",
    "電機",
    "電気",
    "電工",
    "電子",
    "化学",
    "化成",
    "自動車",
    "不動産",
    "興業",
    "興産",
    "物産",
    "証券",
    "銀行",
    "製薬",
    "薬品",
    "食品",
    "運輸",
    "運送",
    "物流",
    "工務店",
    "技研",
    "販売",
    "設計",
    "開発",
    "情報",
    "製菓",
    "製紙",
    "鉄鋼",
    "重工",
    "精機",
    "精工",
    "機械",
    "通信",
    "海運",
    "観光",
    "百貨店",
    "種苗",
    "紡績",
    "印刷",
    "住宅",
    "ホーム",
    "ハウス",
    // Readings, for names written in kana.
    "セイサクショ",
    "コウムテン",
    "ケンセツ",
    "コウギョウ",
    "サンギョウ",
    "ショウジ",
    "ショウテン",
    "ショウカイ",
    "デンキ",
    "デンコウ",
    "デンシ",
    "カガク",
    "ジドウシャ",
    "フドウサン",
    "シュビョウ",
    "ショクヒン",
    "ウンユ",
    "ギケン",
    "ハンバイ",
    "キョウカイ",
];

/// Shorter forms of `core` a user might write: its first word, its leading
/// run of one script (`サカタのタネ` → `サカタ`), the core without a trailing
/// industry word, or its first characters.
fn shortenings(core: &str) -> Vec<String> {
    let chars: Vec<char> = core.chars().collect();
    let n = chars.len();
    let mut out: Vec<String> = Vec::new();
    let push = |out: &mut Vec<String>, s: String| {
        let len = s.chars().count();
        if len >= 2 && len < n && !out.contains(&s) {
            out.push(s);
        }
    };
    // First word.
    if let Some(w) = core
        .split([' ', '\u{3000}', '・', '･', '/', '／'])
        .find(|w| !w.is_empty())
    {
        push(&mut out, w.to_owned());
    }
    // Leading run of one script.
    if let Some(&first) = chars.first() {
        let class = script_class(first);
        if class != 0 {
            let run: String = chars
                .iter()
                .take_while(|&&c| script_class(c) == class)
                .collect();
            push(&mut out, run);
        }
    }
    // Without an industry word.
    if let Some((stem, _)) = without_industry_word(core) {
        push(&mut out, stem.to_owned());
    }
    // The first characters of a long name.
    if out.is_empty() && n >= 4 {
        let head = chars[..n.div_ceil(2).max(2)].iter().collect();
        push(&mut out, head);
    }
    out
}

/// `core` without its trailing industry word (`住友林業` → `住友`), and
/// that word; `None` when it ends with none.
pub(crate) fn without_industry_word(core: &str) -> Option<(&str, &'static str)> {
    let word = INDUSTRY_WORDS.iter().find(|w| core.ends_with(**w))?;
    Some((core[..core.len() - word.len()].trim_end(), word))
}

/// Shortens the core (and usually drops the legal form). Returns whether
/// the name changed.
pub fn abbreviate(parts: &mut Parts, rng: &mut NoiseRng) -> bool {
    let options = shortenings(&parts.core);
    let Some(short) = rng.pick(&options) else {
        return false;
    };
    parts.core.clone_from(short);
    if rng.chance(0.7) {
        parts.drop_form();
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortenings_are_shorter() {
        assert!(shortenings("サカタのタネ").contains(&"サカタ".to_owned()));
        assert!(
            shortenings("住友林業").contains(&"住友".to_owned())
                || !shortenings("住友林業").is_empty()
        );
        assert!(shortenings("五洋建設").contains(&"五洋".to_owned()));
        assert!(shortenings("ウシオ電機").contains(&"ウシオ".to_owned()));
        assert!(shortenings("SAKATA SEED").contains(&"SAKATA".to_owned()));
        assert!(shortenings("山").is_empty());
        assert!(shortenings("タカハシコウムテン").contains(&"タカハシ".to_owned()));
    }
}
