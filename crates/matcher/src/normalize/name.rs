//! Company names: legal form, branch/department suffixes and decoration
//! split off, the rest folded into a comparable `core`.

use super::gazetteer as places;
use super::legal::{self, Found, LegalForm, Position};
use super::text::{FoldMode, fold_into, strip_suffix_fast};

/// A normalised company name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NormalizedName {
    /// The comparable name: legal form, branch/department parts, brackets,
    /// spaces and punctuation removed; width, case, kana and variant kanji
    /// folded. Two spellings of one company name give the same core.
    pub core: String,
    /// The legal form, if one was recognised.
    pub legal_form: Option<LegalForm>,
    /// Where the legal form stood (前株/後株).
    pub legal_form_position: Option<Position>,
    /// The removed branch/department/note part (folded), if any.
    pub branch: Option<String>,
}

/// Normalises a company name (see [`NormalizedName`]).
///
/// ```
/// use nayose::normalize::name::normalize_name;
/// use nayose::normalize::{LegalForm, Position};
/// let n = normalize_name("㈱サカタのタネ 横浜本社");
/// assert_eq!(n.core, "サカタノタネ");
/// assert_eq!(n.legal_form, Some(LegalForm::KabushikiKaisha));
/// assert_eq!(n.legal_form_position, Some(Position::Prefix));
/// assert_eq!(n.branch.as_deref(), Some("横浜本社"));
/// assert_eq!(normalize_name("サカタのタネ（株）").core, "サカタノタネ");
/// ```
#[must_use]
pub fn normalize_name(input: &str) -> NormalizedName {
    normalize(input, true)
}

/// Words after which nothing of the company name follows: always a branch
/// when they end the name (also glued: `サカタのタネ横浜支店`).
const STRONG: &[&str] = &[
    "支店",
    "支社",
    "営業所",
    "出張所",
    "事業所",
    "本社",
    "本店",
    "事業部",
    "本部",
    "分室",
    "分店",
    "支所",
];

/// Words that are often part of a real name (日本データセンター, 野村総合研究所):
/// a branch only after the legal form, or as a separate word that is a place
/// name plus the word (`東京センター`), or the word alone.
const WEAK: &[&str] = &[
    "センター",
    "研究所",
    "工場",
    "事務所",
    "オフィス",
    "倉庫",
    "店",
    "営業部",
    "物流センター",
];

/// Department endings, recognised only as a separate word (`ABC 営業部`).
const DEPARTMENT: &[&str] = &["部", "課", "室", "係", "グループ", "チーム", "担当"];

/// Trailing decoration, dropped.
const DECORATION: &[&str] = &[
    "ゴ担当者",
    "御担当者",
    "担当者",
    "ゴ担当",
    "御担当",
    "御中",
    "様",
    "殿",
    "各位",
    "サマ",
];

pub(crate) fn normalize(input: &str, with_branch: bool) -> NormalizedName {
    let mut n = normalize_once(input, with_branch);
    // The core is normalised again until nothing changes, so that the
    // result is idempotent even for odd inputs (a legal form that only
    // appears once spaces are removed, "株式 会社"). For ordinary names
    // the second pass confirms the core at once.
    for _ in 0..8 {
        if is_settled(&n.core) {
            break;
        }
        let again = normalize_once(&n.core, with_branch);
        if again.core == n.core {
            break;
        }
        n.core = again.core;
        if n.legal_form.is_none() {
            n.legal_form = again.legal_form;
            n.legal_form_position = again.legal_form_position;
        }
        if let Some(b) = again.branch {
            n.branch = Some(match n.branch.take() {
                Some(old) => format!("{b} {old}"),
                None => b,
            });
        }
    }
    n
}

/// Whether normalising `core` (folded, compact) again would leave it as it
/// is: nothing in it that a pass would strip. A cheap test that spares the
/// second pass for almost every name.
fn is_settled(core: &str) -> bool {
    !core.is_empty()
        && !core.contains(['(', ')', 'ヽ', 'ヾ'])
        && strip_decoration(core).len() == core.len()
        && find_legal(core).is_none()
        && strip_glued(core) == core.len()
}

fn normalize_once(input: &str, with_branch: bool) -> NormalizedName {
    let mut folded = String::with_capacity(input.len());
    fold_into(input, FoldMode::Name, &mut folded);
    let mut branch: Vec<String> = Vec::new();

    let mut s = strip_decoration(folded.trim());
    // Leading bracketed notes (【本店】…), unless they are a legal form.
    let mut lead_notes: Vec<&str> = Vec::new();
    while with_branch && s.starts_with('(') {
        let Some(close) = s.find(')') else { break };
        if legal::find_anywhere(&s[..=close]).is_some_and(|f| f.start == 0 && f.end == close + 1) {
            break;
        }
        lead_notes.push(&s[1..close]);
        s = s[close + 1..].trim_start();
    }
    // The legal form.
    let found = find_legal(s);
    let (legal_form, position, mut part) = match found {
        Some(f) if s[..f.start].trim().is_empty() => {
            (Some(f.form), Some(Position::Prefix), s[f.end..].trim())
        }
        Some(f) => {
            let tail = trim_seps(&s[f.end..]);
            if !tail.is_empty() {
                branch.push(tail.to_string());
            }
            (Some(f.form), Some(Position::Suffix), s[..f.start].trim())
        }
        None => (None, None, s),
    };
    // Further legal forms ("(株)ABC(株)"): dropped at the start, and what
    // follows one elsewhere is a branch, as after the first one.
    while let Some(f) = find_legal(part) {
        if part[..f.start].trim().is_empty() {
            part = part[f.end..].trim();
        } else {
            let tail = trim_seps(&part[f.end..]);
            if !tail.is_empty() {
                branch.insert(0, tail.to_string());
            }
            part = part[..f.start].trim();
        }
    }

    let mut core = String::with_capacity(part.len());
    if with_branch {
        // Bracketed notes anywhere: (旧社名…), (本店), (エービーシー).
        let mut notes: Vec<&str> = Vec::new();
        let unbracketed: std::borrow::Cow<'_, str> = if part.contains(['(', ')']) {
            std::borrow::Cow::Owned(remove_brackets(part, &mut notes))
        } else {
            std::borrow::Cow::Borrowed(part)
        };
        let mut rest = strip_decoration(unbracketed.trim());
        let mut tail_branch: Vec<String> = Vec::new();
        // Space-separated trailing words.
        while let Some(sp) = rest.rfind(' ') {
            let last = &rest[sp + 1..];
            if !is_branch_word(last) {
                break;
            }
            // "holdings大阪営業所": Latin name glued to a Japanese branch.
            let split = last
                .char_indices()
                .find(|&(i, c)| {
                    i > 0
                        && !c.is_ascii()
                        && last[..i].ends_with(|p: char| p.is_ascii_alphanumeric() || p == '&')
                })
                .map(|(i, _)| i);
            if let Some(i) = split {
                tail_branch.push(last[i..].to_string());
                rest = rest[..sp + 1 + i].trim_end();
                break;
            }
            tail_branch.push(last.to_string());
            rest = strip_decoration(rest[..sp].trim_end());
        }
        // Glued strong words: サカタのタネ横浜本社.
        let compact_len = rest.len();
        let mut cut = strip_glued(rest);
        while cut < rest.len() && cut > 0 {
            let next = strip_glued(&rest[..cut]);
            if next == cut {
                break;
            }
            cut = next;
        }
        if cut < compact_len {
            tail_branch.push(rest[cut..].trim().to_string());
            rest = rest[..cut].trim_end();
        }
        push_compact(rest, &mut core);
        if core.is_empty() {
            // Everything looked like a branch: keep the name instead.
            push_compact(&unbracketed, &mut core);
            tail_branch.clear();
        }
        if core.is_empty() {
            push_compact(part, &mut core);
            notes.clear();
        }
        tail_branch.reverse();
        branch.splice(0..0, tail_branch);
        branch.splice(0..0, notes.into_iter().map(str::to_string));
        branch.splice(0..0, lead_notes.into_iter().map(str::to_string));
    } else {
        push_compact(part, &mut core);
    }
    if core.is_empty() {
        push_compact(&folded, &mut core);
    }
    let branch = if branch.is_empty() {
        None
    } else {
        let mut b = String::new();
        for p in &branch {
            let p = trim_seps(p);
            if p.is_empty() {
                continue;
            }
            if !b.is_empty() {
                b.push(' ');
            }
            b.push_str(p);
        }
        (!b.is_empty()).then_some(b)
    };
    NormalizedName {
        core,
        legal_form,
        legal_form_position: position,
        branch,
    }
}

fn find_legal(s: &str) -> Option<Found> {
    if let Some(f) = legal::find_zengin_prefix(s).or_else(|| legal::find_latin_prefix(s)) {
        return Some(f);
    }
    let any = legal::find_anywhere(s);
    let end = legal::find_zengin_suffix(s).or_else(|| legal::find_latin_suffix(s));
    match (any, end) {
        (Some(a), Some(e)) => Some(if a.start <= e.start { a } else { e }),
        (a, e) => a.or(e),
    }
}

fn trim_seps(s: &str) -> &str {
    s.trim_matches(|c: char| {
        matches!(
            c,
            ' ' | '-' | ',' | '.' | '、' | '。' | '/' | ':' | ';' | '(' | ')' | '='
        )
    })
}

fn strip_decoration(mut s: &str) -> &str {
    loop {
        let before = s.len();
        for d in DECORATION {
            if let Some(r) = strip_suffix_fast(s, d) {
                let r = r.trim_end();
                if !r.is_empty() {
                    s = r;
                }
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

/// Whether a separate trailing word is a branch, department or note.
fn is_branch_word(w: &str) -> bool {
    if STRONG.iter().any(|x| strip_suffix_fast(w, x).is_some()) {
        return true;
    }
    for x in WEAK {
        if let Some(head) = strip_suffix_fast(w, x)
            && (head.is_empty() || places::is_place(head))
        {
            return true;
        }
    }
    w.chars().count() >= 2
        && DEPARTMENT
            .iter()
            .any(|x| strip_suffix_fast(w, x).is_some() && w != *x)
}

/// Where a glued strong branch word (and a place name before it) starts, or
/// `s.len()` when `s` does not end with one.
fn strip_glued(s: &str) -> usize {
    for x in STRONG {
        if let Some(head) = strip_suffix_fast(s, x) {
            if head.is_empty() {
                return s.len();
            }
            let p = places::place_suffix_start(head);
            if p > 0 {
                return p;
            }
            // 本社/本店 glued to a name without a place before them are
            // usually part of the name (株式会社ヤクルト本社).
            if *x == "本社" || *x == "本店" {
                return s.len();
            }
            return head.len();
        }
    }
    s.len()
}

/// Removes bracketed segments, collecting their contents in `notes`.
fn remove_brackets<'a>(s: &'a str, notes: &mut Vec<&'a str>) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    let mut seg_start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' => {
                if depth == 0 {
                    seg_start = i + 1;
                    out.push(' ');
                }
                depth += 1;
            }
            ')' => {
                if depth == 1 {
                    notes.push(&s[seg_start..i]);
                }
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    out.push(' ');
                }
            }
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    if depth > 0 {
        notes.push(&s[seg_start.min(s.len())..]);
    }
    out
}

/// Appends `s` without spaces and punctuation that never tells names apart.
fn push_compact(s: &str, out: &mut String) {
    for c in s.chars() {
        if !matches!(
            c,
            ' ' | '-'
                | '.'
                | ','
                | '\''
                | '"'
                | '、'
                | '。'
                | ':'
                | ';'
                | '!'
                | '?'
                | '/'
                | '_'
                | '('
                | ')'
                | '*'
                | '#'
                | '='
                | '〃'
        ) {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn core(s: &str) -> String {
        normalize_name(s).core
    }

    #[test]
    fn legal_forms_and_positions() {
        let n = normalize_name("株式会社サカタのタネ");
        assert_eq!(n.core, "サカタノタネ");
        assert_eq!(n.legal_form_position, Some(Position::Prefix));
        let n = normalize_name("サカタのタネ(株)");
        assert_eq!(n.legal_form_position, Some(Position::Suffix));
        assert_eq!(core("ｶ)ｻｶﾀﾉﾀﾈ"), "サカタノタネ");
        assert_eq!(core("SAKATA SEED CORP."), "sakataseed");
    }

    #[test]
    fn branches() {
        let n = normalize_name("サカタのタネ株式会社 横浜本社");
        assert_eq!(n.branch.as_deref(), Some("横浜本社"));
        assert_eq!(core("日本データセンター株式会社"), "日本データセンター");
        assert_eq!(core("株式会社野村総合研究所"), "野村総合研究所");
        assert_eq!(core("みずほ銀行 新宿支店"), "ミズホ銀行");
        assert_eq!(core("サカタのタネ横浜支店"), "サカタノタネ");
    }

    #[test]
    fn degenerate() {
        assert_eq!(core(""), "");
        assert_eq!(core("株式会社"), "株式会社");
        assert_eq!(core("本社"), "本社");
        assert_eq!(core("(株)"), "株");
    }
}
