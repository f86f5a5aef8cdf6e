//! Legal forms (株式会社, 有限会社, 一般社団法人 …): their canonical spelling
//! and every spelling a client list uses, as data.

use std::fmt;
use std::sync::LazyLock;

/// A Japanese legal form (法人格), recognised in any spelling.
///
/// [`LegalForm::as_str`] gives the canonical spelling. Latin forms such as
/// `Co., Ltd.` or `Inc.` that do not say which Japanese form they stand for
/// are [`LegalForm::LatinCompany`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum LegalForm {
    /// 株式会社 (K.K.)
    KabushikiKaisha,
    /// 有限会社 (Y.K.)
    YugenKaisha,
    /// 合同会社 (G.K., LLC)
    GodoKaisha,
    /// 合資会社
    GoshiKaisha,
    /// 合名会社
    GomeiKaisha,
    /// 相互会社
    SogoKaisha,
    /// 一般社団法人
    IppanShadanHojin,
    /// 一般財団法人
    IppanZaidanHojin,
    /// 公益社団法人
    KoekiShadanHojin,
    /// 公益財団法人
    KoekiZaidanHojin,
    /// 社団法人 (before the 2008 reform, or unspecified)
    ShadanHojin,
    /// 財団法人 (before the 2008 reform, or unspecified)
    ZaidanHojin,
    /// 医療法人社団
    IryoHojinShadan,
    /// 医療法人財団
    IryoHojinZaidan,
    /// 医療法人
    IryoHojin,
    /// 社会医療法人
    ShakaiIryoHojin,
    /// 社会福祉法人
    ShakaiFukushiHojin,
    /// 学校法人
    GakkoHojin,
    /// 宗教法人
    ShukyoHojin,
    /// 特定非営利活動法人 (NPO法人)
    TokuteiHieiriKatsudoHojin,
    /// 独立行政法人
    DokuritsuGyoseiHojin,
    /// 地方独立行政法人
    ChihoDokuritsuGyoseiHojin,
    /// 国立大学法人
    KokuritsuDaigakuHojin,
    /// 国立研究開発法人
    KokuritsuKenkyuKaihatsuHojin,
    /// 協同組合 (unspecified kind)
    KyodoKumiai,
    /// 事業協同組合
    JigyoKyodoKumiai,
    /// 農業協同組合
    NogyoKyodoKumiai,
    /// 漁業協同組合
    GyogyoKyodoKumiai,
    /// 生活協同組合
    SeikatsuKyodoKumiai,
    /// 企業組合
    KigyoKumiai,
    /// 協業組合
    KyogyoKumiai,
    /// 農事組合法人
    NojiKumiaiHojin,
    /// 有限責任事業組合 (LLP)
    YugenSekininJigyoKumiai,
    /// 弁護士法人
    BengoshiHojin,
    /// 税理士法人
    ZeirishiHojin,
    /// 監査法人
    KansaHojin,
    /// 司法書士法人
    ShihoShoshiHojin,
    /// 行政書士法人
    GyoseiShoshiHojin,
    /// 社会保険労務士法人
    SharoshiHojin,
    /// 特許業務法人
    TokkyoGyomuHojin,
    /// A Latin form that does not say which Japanese form it is
    /// (Co., Ltd. / Corp. / Corporation / Inc. / Ltd. / Limited).
    LatinCompany,
}

impl LegalForm {
    /// The canonical spelling: `株式会社`, `有限会社` …, `Co., Ltd.` for
    /// [`LegalForm::LatinCompany`].
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        use LegalForm::*;
        match self {
            KabushikiKaisha => "株式会社",
            YugenKaisha => "有限会社",
            GodoKaisha => "合同会社",
            GoshiKaisha => "合資会社",
            GomeiKaisha => "合名会社",
            SogoKaisha => "相互会社",
            IppanShadanHojin => "一般社団法人",
            IppanZaidanHojin => "一般財団法人",
            KoekiShadanHojin => "公益社団法人",
            KoekiZaidanHojin => "公益財団法人",
            ShadanHojin => "社団法人",
            ZaidanHojin => "財団法人",
            IryoHojinShadan => "医療法人社団",
            IryoHojinZaidan => "医療法人財団",
            IryoHojin => "医療法人",
            ShakaiIryoHojin => "社会医療法人",
            ShakaiFukushiHojin => "社会福祉法人",
            GakkoHojin => "学校法人",
            ShukyoHojin => "宗教法人",
            TokuteiHieiriKatsudoHojin => "特定非営利活動法人",
            DokuritsuGyoseiHojin => "独立行政法人",
            ChihoDokuritsuGyoseiHojin => "地方独立行政法人",
            KokuritsuDaigakuHojin => "国立大学法人",
            KokuritsuKenkyuKaihatsuHojin => "国立研究開発法人",
            KyodoKumiai => "協同組合",
            JigyoKyodoKumiai => "事業協同組合",
            NogyoKyodoKumiai => "農業協同組合",
            GyogyoKyodoKumiai => "漁業協同組合",
            SeikatsuKyodoKumiai => "生活協同組合",
            KigyoKumiai => "企業組合",
            KyogyoKumiai => "協業組合",
            NojiKumiaiHojin => "農事組合法人",
            YugenSekininJigyoKumiai => "有限責任事業組合",
            BengoshiHojin => "弁護士法人",
            ZeirishiHojin => "税理士法人",
            KansaHojin => "監査法人",
            ShihoShoshiHojin => "司法書士法人",
            GyoseiShoshiHojin => "行政書士法人",
            SharoshiHojin => "社会保険労務士法人",
            TokkyoGyomuHojin => "特許業務法人",
            LatinCompany => "Co., Ltd.",
        }
    }

    /// Whether two recognised forms may describe the same company (equal, or
    /// one of them a Latin form that a 株式会社/有限会社/合同会社 uses in
    /// English, or a general form and a more specific one).
    #[must_use]
    pub fn is_compatible_with(self, other: LegalForm) -> bool {
        use LegalForm::*;
        if self == other {
            return true;
        }
        let pair = |a, b| (self == a && other == b) || (self == b && other == a);
        let latin_ok = |f| matches!(f, KabushikiKaisha | YugenKaisha | GodoKaisha | SogoKaisha);
        (self == LatinCompany && latin_ok(other))
            || (other == LatinCompany && latin_ok(self))
            || pair(ShadanHojin, IppanShadanHojin)
            || pair(ShadanHojin, KoekiShadanHojin)
            || pair(ZaidanHojin, IppanZaidanHojin)
            || pair(ZaidanHojin, KoekiZaidanHojin)
            || pair(IryoHojin, IryoHojinShadan)
            || pair(IryoHojin, IryoHojinZaidan)
            || (matches!(self, KyodoKumiai)
                && matches!(
                    other,
                    JigyoKyodoKumiai | NogyoKyodoKumiai | GyogyoKyodoKumiai | SeikatsuKyodoKumiai
                ))
            || (matches!(other, KyodoKumiai)
                && matches!(
                    self,
                    JigyoKyodoKumiai | NogyoKyodoKumiai | GyogyoKyodoKumiai | SeikatsuKyodoKumiai
                ))
    }
}

impl fmt::Display for LegalForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where the legal form stands: 前株 (prefix) or 後株 (suffix).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Position {
    /// Before the name (前株): `株式会社サカタのタネ`.
    Prefix,
    /// After the name (後株): `サカタのタネ株式会社`.
    Suffix,
}

impl Position {
    /// `prefix` or `suffix`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Position::Prefix => "prefix",
            Position::Suffix => "suffix",
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

use LegalForm as L;

/// Spellings recognised anywhere in a folded name (katakana, lower-case
/// ASCII, ASCII brackets: the output of `text::fold` in name mode).
const ANYWHERE: &[(&str, LegalForm)] = &[
    ("株式会社", L::KabushikiKaisha),
    ("有限会社", L::YugenKaisha),
    ("合同会社", L::GodoKaisha),
    ("合資会社", L::GoshiKaisha),
    ("合名会社", L::GomeiKaisha),
    ("相互会社", L::SogoKaisha),
    ("一般社団法人", L::IppanShadanHojin),
    ("一般財団法人", L::IppanZaidanHojin),
    ("公益社団法人", L::KoekiShadanHojin),
    ("公益財団法人", L::KoekiZaidanHojin),
    ("社団法人", L::ShadanHojin),
    ("財団法人", L::ZaidanHojin),
    ("医療法人社団", L::IryoHojinShadan),
    ("医療法人財団", L::IryoHojinZaidan),
    ("医療法人", L::IryoHojin),
    ("社会医療法人", L::ShakaiIryoHojin),
    ("社会福祉法人", L::ShakaiFukushiHojin),
    ("学校法人", L::GakkoHojin),
    ("宗教法人", L::ShukyoHojin),
    ("特定非営利活動法人", L::TokuteiHieiriKatsudoHojin),
    ("npo法人", L::TokuteiHieiriKatsudoHojin),
    ("独立行政法人", L::DokuritsuGyoseiHojin),
    ("地方独立行政法人", L::ChihoDokuritsuGyoseiHojin),
    ("国立大学法人", L::KokuritsuDaigakuHojin),
    ("国立研究開発法人", L::KokuritsuKenkyuKaihatsuHojin),
    ("協同組合", L::KyodoKumiai),
    ("事業協同組合", L::JigyoKyodoKumiai),
    ("農業協同組合", L::NogyoKyodoKumiai),
    ("漁業協同組合", L::GyogyoKyodoKumiai),
    ("生活協同組合", L::SeikatsuKyodoKumiai),
    ("企業組合", L::KigyoKumiai),
    ("協業組合", L::KyogyoKumiai),
    ("農事組合法人", L::NojiKumiaiHojin),
    ("有限責任事業組合", L::YugenSekininJigyoKumiai),
    ("弁護士法人", L::BengoshiHojin),
    ("税理士法人", L::ZeirishiHojin),
    ("監査法人", L::KansaHojin),
    ("有限責任監査法人", L::KansaHojin),
    ("司法書士法人", L::ShihoShoshiHojin),
    ("行政書士法人", L::GyoseiShoshiHojin),
    ("社会保険労務士法人", L::SharoshiHojin),
    ("特許業務法人", L::TokkyoGyomuHojin),
    ("(株)", L::KabushikiKaisha),
    ("(有)", L::YugenKaisha),
    ("(合)", L::GodoKaisha),
    ("(同)", L::GodoKaisha),
    ("(資)", L::GoshiKaisha),
    ("(名)", L::GomeiKaisha),
    ("(医)", L::IryoHojin),
    ("(福)", L::ShakaiFukushiHojin),
    ("(社)", L::ShadanHojin),
    ("(財)", L::ZaidanHojin),
    ("(一社)", L::IppanShadanHojin),
    ("(一財)", L::IppanZaidanHojin),
    ("(公社)", L::KoekiShadanHojin),
    ("(公財)", L::KoekiZaidanHojin),
    ("(学)", L::GakkoHojin),
    ("(宗)", L::ShukyoHojin),
    ("(特非)", L::TokuteiHieiriKatsudoHojin),
    ("(独)", L::DokuritsuGyoseiHojin),
    ("(協)", L::KyodoKumiai),
    ("(企)", L::KigyoKumiai),
    ("カブシキガイシャ", L::KabushikiKaisha),
    ("カブシキカイシャ", L::KabushikiKaisha),
    ("カブシキガイシヤ", L::KabushikiKaisha),
    ("カブシキカイシヤ", L::KabushikiKaisha),
    ("カブシキガシヤ", L::KabushikiKaisha),
    ("ユウゲンガイシャ", L::YugenKaisha),
    ("ユウゲンカイシャ", L::YugenKaisha),
    ("ユウゲンガイシヤ", L::YugenKaisha),
    ("ゴウドウガイシャ", L::GodoKaisha),
    ("ゴウドウカイシャ", L::GodoKaisha),
    ("ゴウドウガイシヤ", L::GodoKaisha),
    ("ゴウシガイシャ", L::GoshiKaisha),
    ("ゴウシカイシャ", L::GoshiKaisha),
    ("ゴウメイガイシャ", L::GomeiKaisha),
    ("ゴウメイカイシャ", L::GomeiKaisha),
    ("イッパンシャダンホウジン", L::IppanShadanHojin),
    ("イッパンザイダンホウジン", L::IppanZaidanHojin),
    ("コウエキシャダンホウジン", L::KoekiShadanHojin),
    ("コウエキザイダンホウジン", L::KoekiZaidanHojin),
    ("イリョウホウジンシャダン", L::IryoHojinShadan),
    ("イリョウホウジンザイダン", L::IryoHojinZaidan),
    ("イリョウホウジン", L::IryoHojin),
    ("シャカイフクシホウジン", L::ShakaiFukushiHojin),
    ("ガッコウホウジン", L::GakkoHojin),
    ("シュウキョウホウジン", L::ShukyoHojin),
    (
        "トクテイヒエイリカツドウホウジン",
        L::TokuteiHieiriKatsudoHojin,
    ),
    ("ドクリツギョウセイホウジン", L::DokuritsuGyoseiHojin),
    ("コクリツダイガクホウジン", L::KokuritsuDaigakuHojin),
];

/// Bank-transfer (全銀) abbreviations, as they are after folding: `ｶ)` at
/// the start, `(ｶ` / `(ｶ)` / `)ｶ` at the end.
const ZENGIN: &[(&str, LegalForm)] = &[
    ("カ", L::KabushikiKaisha),
    ("ユ", L::YugenKaisha),
    ("ド", L::GodoKaisha),
    ("シ", L::GoshiKaisha),
    ("メ", L::GomeiKaisha),
    ("イ", L::IryoHojin),
    ("フク", L::ShakaiFukushiHojin),
    ("ガク", L::GakkoHojin),
    ("シユウ", L::ShukyoHojin),
    ("ザイ", L::ZaidanHojin),
    ("シヤ", L::ShadanHojin),
    ("トクヒ", L::TokuteiHieiriKatsudoHojin),
    ("ドク", L::DokuritsuGyoseiHojin),
    ("キヨウ", L::KyodoKumiai),
];

/// Latin forms as token sequences (dots and commas are separators).
const LATIN: &[(&[&str], LegalForm)] = &[
    (&["kabushiki", "kaisha"], L::KabushikiKaisha),
    (&["kabushiki", "gaisha"], L::KabushikiKaisha),
    (&["kabushikikaisha"], L::KabushikiKaisha),
    (&["kabushikigaisha"], L::KabushikiKaisha),
    (&["k", "k"], L::KabushikiKaisha),
    (&["kk"], L::KabushikiKaisha),
    (&["yugen", "kaisha"], L::YugenKaisha),
    (&["y", "k"], L::YugenKaisha),
    (&["yk"], L::YugenKaisha),
    (&["godo", "kaisha"], L::GodoKaisha),
    (&["g", "k"], L::GodoKaisha),
    (&["gk"], L::GodoKaisha),
    (&["l", "l", "c"], L::GodoKaisha),
    (&["llc"], L::GodoKaisha),
    (&["co", "ltd"], L::LatinCompany),
    (&["coltd"], L::LatinCompany),
    (&["co", "limited"], L::LatinCompany),
    (&["company", "limited"], L::LatinCompany),
    (&["company", "ltd"], L::LatinCompany),
    (&["corporation"], L::LatinCompany),
    (&["corp"], L::LatinCompany),
    (&["incorporated"], L::LatinCompany),
    (&["inc"], L::LatinCompany),
    (&["ltd"], L::LatinCompany),
    (&["limited"], L::LatinCompany),
    (&["co"], L::LatinCompany),
];

/// A legal form found in a folded string, with its byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    pub form: LegalForm,
    pub start: usize,
    pub end: usize,
}

/// Patterns starting with one character, longest first.
type Group = (char, Vec<(&'static str, LegalForm)>);

/// Patterns grouped by first character.
static BY_FIRST: LazyLock<Vec<Group>> = LazyLock::new(|| {
    let mut groups: Vec<Group> = Vec::new();
    for &(p, f) in ANYWHERE {
        let Some(c) = p.chars().next() else { continue };
        match groups.iter_mut().find(|g| g.0 == c) {
            Some(g) => g.1.push((p, f)),
            None => groups.push((c, vec![(p, f)])),
        }
    }
    for g in &mut groups {
        g.1.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    }
    groups.sort_by_key(|g| g.0);
    groups
});

/// A 256-bit filter of the patterns' first characters (by their low 8
/// bits): most characters of a name are rejected without a search.
static FIRST_FILTER: LazyLock<[u64; 4]> = LazyLock::new(|| {
    let mut f = [0u64; 4];
    for g in BY_FIRST.iter() {
        let b = (g.0 as u32 & 0xFF) as usize;
        f[b >> 6] |= 1 << (b & 63);
    }
    f
});

/// The first Japanese legal form (full, bracketed abbreviation or reading)
/// occurring anywhere in `s`.
pub(crate) fn find_anywhere(s: &str) -> Option<Found> {
    let groups = &*BY_FIRST;
    let filter = &*FIRST_FILTER;
    let bytes = s.as_bytes();
    for (i, c) in s.char_indices() {
        let b = (c as u32 & 0xFF) as usize;
        if filter[b >> 6] & (1 << (b & 63)) == 0 {
            continue;
        }
        if let Ok(g) = groups.binary_search_by_key(&c, |g| g.0) {
            let rest = &bytes[i..];
            for &(p, form) in &groups[g].1 {
                let p = p.as_bytes();
                // Cheap check of the last byte before the full comparison.
                if rest.len() >= p.len()
                    && rest[p.len() - 1] == p[p.len() - 1]
                    && rest[..p.len()] == *p
                {
                    return Some(Found {
                        form,
                        start: i,
                        end: i + p.len(),
                    });
                }
            }
        }
    }
    None
}

/// A bank-transfer abbreviation at the start (`カ)…`) of `s`.
pub(crate) fn find_zengin_prefix(s: &str) -> Option<Found> {
    if !s.bytes().take(10).any(|b| b == b')') {
        return None;
    }
    for &(p, form) in ZENGIN {
        if let Some(rest) = s.strip_prefix(p)
            && rest.starts_with(')')
        {
            return Some(Found {
                form,
                start: 0,
                end: p.len() + 1,
            });
        }
    }
    None
}

/// A bank-transfer abbreviation at the end (`…(カ`, `…(カ)`, `…)カ`) of `s`.
pub(crate) fn find_zengin_suffix(s: &str) -> Option<Found> {
    if !s.bytes().rev().take(11).any(|b| b == b'(' || b == b')') {
        return None;
    }
    for &(p, form) in ZENGIN {
        let t = s.strip_suffix(')').unwrap_or(s);
        if let Some(rest) = t.strip_suffix(p)
            && (rest.ends_with('(') || (t.len() == s.len() && rest.ends_with(')')))
        {
            let start = rest.len() - 1;
            if start > 0 {
                return Some(Found {
                    form,
                    start,
                    end: s.len(),
                });
            }
        }
    }
    None
}

#[inline]
fn is_latin_sep(c: char) -> bool {
    c == ' ' || c == '.' || c == ','
}

/// A Latin legal form at the very end of `s` (`… co., ltd.`, `… inc`,
/// `… k.k.`), preceded by a separator. `start` is where the separator run
/// before the form begins.
pub(crate) fn find_latin_suffix(s: &str) -> Option<Found> {
    let trimmed = s.trim_end_matches(is_latin_sep);
    if !trimmed.ends_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    // Up to three trailing tokens.
    let mut tokens: [(usize, &str); 3] = [(0, ""); 3];
    let mut n = 0;
    let mut end = trimmed.len();
    while n < 3 {
        let head = &trimmed[..end];
        let start = head.rfind(is_latin_sep).map_or(0, |i| i + 1);
        let tok = &head[start..];
        if tok.is_empty() || !tok.bytes().all(|b| b.is_ascii_lowercase()) {
            break;
        }
        tokens[n] = (start, tok);
        n += 1;
        if start == 0 {
            break;
        }
        end = head[..start].trim_end_matches(is_latin_sep).len();
        if end == 0 {
            break;
        }
    }
    for &(pattern, form) in LATIN {
        let k = pattern.len();
        if k > n {
            continue;
        }
        // tokens are last-first
        if (0..k).all(|j| tokens[j].1 == pattern[k - 1 - j]) {
            let tok_start = tokens[k - 1].0;
            let before = &s[..tok_start];
            // must be preceded by a separator (or be the whole string)
            if !before.is_empty() && !before.ends_with(is_latin_sep) {
                continue;
            }
            let start = before.trim_end_matches(is_latin_sep).len();
            return Some(Found {
                form,
                start,
                end: s.len(),
            });
        }
    }
    None
}

/// A Latin legal form at the start of `s` (`kabushiki kaisha …`).
pub(crate) fn find_latin_prefix(s: &str) -> Option<Found> {
    if !s.starts_with('k') {
        return None;
    }
    for p in [
        "kabushiki kaisha ",
        "kabushikikaisha ",
        "kabushiki gaisha ",
        "k.k. ",
    ] {
        if s.starts_with(p) {
            return Some(Found {
                form: L::KabushikiKaisha,
                start: 0,
                end: p.len(),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anywhere() {
        let f = find_anywhere("サカタノタネ株式会社");
        assert_eq!(f.map(|f| f.form), Some(L::KabushikiKaisha));
        assert_eq!(f.map(|f| f.start), Some("サカタノタネ".len()));
        assert_eq!(
            find_anywhere("医療法人社団ABC").map(|f| f.form),
            Some(L::IryoHojinShadan)
        );
        assert_eq!(find_anywhere("abc"), None);
    }

    #[test]
    fn zengin() {
        assert_eq!(find_zengin_prefix("カ)サカタ").map(|f| f.end), Some(4));
        assert_eq!(
            find_zengin_suffix("サカタ(カ").map(|f| f.form),
            Some(L::KabushikiKaisha)
        );
        assert_eq!(
            find_zengin_suffix("サカタ(カ)").map(|f| f.start),
            Some("サカタ".len())
        );
        assert_eq!(find_zengin_suffix("(カ"), None);
        assert_eq!(find_zengin_suffix("サカタカ"), None);
    }

    #[test]
    fn latin() {
        assert_eq!(
            find_latin_suffix("sakata seed corp.").map(|f| f.start),
            Some(11)
        );
        assert_eq!(
            find_latin_suffix("abc co.,ltd.").map(|f| f.form),
            Some(L::LatinCompany)
        );
        assert_eq!(
            find_latin_suffix("abc k.k.").map(|f| f.form),
            Some(L::KabushikiKaisha)
        );
        assert_eq!(find_latin_suffix("lincoln"), None);
        assert_eq!(find_latin_suffix("abcinc"), None);
    }

    #[test]
    fn display() {
        assert_eq!(L::KabushikiKaisha.to_string(), "株式会社");
        assert_eq!(Position::Prefix.to_string(), "prefix");
        assert!(L::LatinCompany.is_compatible_with(L::KabushikiKaisha));
        assert!(!L::YugenKaisha.is_compatible_with(L::KabushikiKaisha));
    }
}
