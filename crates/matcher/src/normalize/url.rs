//! URLs and e-mail addresses reduced to their registrable domain.

use super::text::{FoldMode, fold};

/// Second-level labels under which registrations happen one level deeper
/// (`example.co.jp`, `example.co.uk`).
const SECOND_LEVEL: &[&str] = &[
    "co.jp", "or.jp", "ne.jp", "ac.jp", "ad.jp", "ed.jp", "go.jp", "gr.jp", "lg.jp", "co.uk",
    "org.uk", "ac.uk", "gov.uk", "ltd.uk", "plc.uk", "me.uk", "com.au", "net.au", "org.au",
    "edu.au", "gov.au", "co.nz", "org.nz", "com.cn", "net.cn", "org.cn", "com.tw", "org.tw",
    "co.kr", "or.kr", "com.sg", "com.hk", "com.my", "co.th", "co.id", "com.ph", "com.vn", "co.in",
    "com.br", "com.mx", "co.za", "com.tr",
];

/// The registrable domain of a URL, host name or e-mail address:
/// scheme, user, `www.`, port, path, query and fragment removed, lower-cased,
/// reduced to the label registered under the public suffix
/// (`https://www.sakata-netshop.com/shop/` → `sakata-netshop.com`,
/// `info@mail.sakata.co.jp` → `sakata.co.jp`,
/// `www.city.yokohama.lg.jp` → `city.yokohama.lg.jp`).
/// `None` when there is no plausible domain.
///
/// ```
/// use nayose::normalize::url::registrable_domain;
/// assert_eq!(registrable_domain("https://www.sakata-netshop.com/shop/").as_deref(), Some("sakata-netshop.com"));
/// assert_eq!(registrable_domain("info@sakataseed.co.jp").as_deref(), Some("sakataseed.co.jp"));
/// ```
#[must_use]
pub fn registrable_domain(input: &str) -> Option<String> {
    let host = host(input)?;
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2 {
        return None;
    }
    if labels.iter().all(|l| l.bytes().all(|b| b.is_ascii_digit())) {
        return (labels.len() == 4).then_some(host);
    }
    let n = labels.len();
    let last2 = format!("{}.{}", labels[n - 2], labels[n - 1]);
    let take = if last2 == "lg.jp" {
        4
    } else if SECOND_LEVEL.contains(&last2.as_str()) {
        3
    } else if labels[n - 1] == "jp" && n >= 3 && is_jp_geographic(labels[n - 2]) {
        // pref.kanagawa.jp, city.chiyoda.tokyo.jp
        if n >= 4 && matches!(labels[n - 4], "city" | "town" | "vill" | "ward") {
            4
        } else {
            3
        }
    } else {
        2
    };
    if n < take {
        return None;
    }
    Some(labels[n - take..].join("."))
}

fn is_jp_geographic(label: &str) -> bool {
    matches!(
        label,
        "hokkaido"
            | "aomori"
            | "iwate"
            | "miyagi"
            | "akita"
            | "yamagata"
            | "fukushima"
            | "ibaraki"
            | "tochigi"
            | "gunma"
            | "saitama"
            | "chiba"
            | "tokyo"
            | "kanagawa"
            | "niigata"
            | "toyama"
            | "ishikawa"
            | "fukui"
            | "yamanashi"
            | "nagano"
            | "gifu"
            | "shizuoka"
            | "aichi"
            | "mie"
            | "shiga"
            | "kyoto"
            | "osaka"
            | "hyogo"
            | "nara"
            | "wakayama"
            | "tottori"
            | "shimane"
            | "okayama"
            | "hiroshima"
            | "yamaguchi"
            | "tokushima"
            | "kagawa"
            | "ehime"
            | "kochi"
            | "fukuoka"
            | "saga"
            | "nagasaki"
            | "kumamoto"
            | "oita"
            | "miyazaki"
            | "kagoshima"
            | "okinawa"
    )
}

/// The host of a URL or the domain of an e-mail address, lower-cased,
/// without `www.`, port or trailing dot.
#[must_use]
pub fn host(input: &str) -> Option<String> {
    let folded = fold(input.trim(), FoldMode::Name);
    let mut s = folded.trim();
    if let Some(i) = s.find("://") {
        s = &s[i + 3..];
    } else if let Some(r) = s.strip_prefix("mailto:") {
        s = r;
    }
    s = s.trim_start_matches('/');
    let end = s.find(['/', '?', '#', ' ', '\\']).unwrap_or(s.len());
    s = &s[..end];
    if let Some(i) = s.rfind('@') {
        s = &s[i + 1..];
    }
    if let Some(i) = s.find(':') {
        s = &s[..i];
    }
    let s = s.trim_end_matches('.');
    let s = match s.strip_prefix("www.") {
        Some(r) if r.contains('.') => r,
        _ => s,
    };
    let s = s.trim_start_matches('.');
    if s.is_empty() || !s.contains('.') || s.contains("..") {
        return None;
    }
    if !s
        .chars()
        .all(|c| c == '.' || c == '-' || c.is_ascii_alphanumeric() || !c.is_ascii())
    {
        return None;
    }
    if s.split('.')
        .any(|l| l.is_empty() || l.starts_with('-') || l.ends_with('-'))
    {
        return None;
    }
    let tld = s.rsplit('.').next().unwrap_or("");
    let ipv4 =
        s.split('.').count() == 4 && s.split('.').all(|l| l.bytes().all(|b| b.is_ascii_digit()));
    if tld.bytes().all(|b| b.is_ascii_digit()) && !ipv4 {
        return None;
    }
    Some(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains() {
        let r = |s| registrable_domain(s);
        assert_eq!(
            r("sakata-netshop.com").as_deref(),
            Some("sakata-netshop.com")
        );
        assert_eq!(
            r("HTTP://WWW.SAKATASEED.CO.JP/index.html").as_deref(),
            Some("sakataseed.co.jp")
        );
        assert_eq!(r("www.bbc.co.uk").as_deref(), Some("bbc.co.uk"));
        assert_eq!(r("foo@mail.example.com").as_deref(), Some("example.com"));
        assert_eq!(r("localhost"), None);
        assert_eq!(r(""), None);
        assert_eq!(r("co.jp"), None);
    }
}
