//! Phone numbers and web addresses as users write them.

use nayose::normalize::{PhoneKind, normalize_phone};

use super::rng::NoiseRng;
use super::script::to_full_width_ascii;

/// A phone number as area code, local exchange and subscriber number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneGroups {
    /// 市外局番 with its leading 0 (`03`, `045`, `0120`, `090`).
    pub area: String,
    /// 市内局番.
    pub local: String,
    /// 加入者番号.
    pub subscriber: String,
}

/// Splits a phone number into its three groups: as it was written when it
/// was written in three groups, else by the numbering plan. `None` when it
/// is not a 10- or 11-digit national number.
#[must_use]
pub fn phone_groups(phone: &str) -> Option<PhoneGroups> {
    let normalized = normalize_phone(phone)?;
    let digits = normalized.digits;
    if !(10..=11).contains(&digits.len()) || !digits.starts_with('0') {
        return None;
    }
    let written: Vec<String> = super::script::to_ascii_width(phone)
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .map(str::to_owned)
        .collect();
    if written.len() == 3 && written.concat() == digits {
        let mut it = written.into_iter();
        return Some(PhoneGroups {
            area: it.next().unwrap_or_default(),
            local: it.next().unwrap_or_default(),
            subscriber: it.next().unwrap_or_default(),
        });
    }
    let area_len = match normalized.area_code.as_deref() {
        Some(a) if a.len() < digits.len().saturating_sub(4) => a.len(),
        _ => match normalized.kind {
            PhoneKind::FreeDial | PhoneKind::Navi => 4,
            PhoneKind::Mobile | PhoneKind::Ip => 3,
            _ if digits.starts_with("03") || digits.starts_with("06") => 2,
            _ => 3,
        },
    };
    let sub_at = digits.len() - 4;
    let (area, rest) = digits.split_at(area_len.min(sub_at));
    let (local, subscriber) = rest.split_at(sub_at - area.len());
    Some(PhoneGroups {
        area: area.to_owned(),
        local: local.to_owned(),
        subscriber: subscriber.to_owned(),
    })
}

/// Writes a number in one of the formats users type: `03-1234-5678`,
/// `(03)1234-5678`, `03(1234)5678`, `0312345678`, `03 1234 5678`,
/// full-width, `+81-3-1234-5678`, with `TEL:` or `(代)`. `style` selects the
/// format (taken modulo the number of formats).
#[must_use]
pub fn format_phone(g: &PhoneGroups, style: usize) -> String {
    let (a, l, s) = (&g.area, &g.local, &g.subscriber);
    let intl = a.strip_prefix('0').unwrap_or(a);
    match style % 13 {
        0 => format!("{a}-{l}-{s}"),
        1 => format!("({a}){l}-{s}"),
        2 => format!("{a}({l}){s}"),
        3 => format!("{a}{l}{s}"),
        4 => format!("{a} {l} {s}"),
        5 => to_full_width_ascii(&format!("{a}-{l}-{s}")),
        6 => format!(
            "０{}ー{}ー{}",
            to_full_width_ascii(intl),
            to_full_width_ascii(l),
            to_full_width_ascii(s)
        ),
        7 => format!("+81-{intl}-{l}-{s}"),
        8 => format!("+81 {intl} {l} {s}"),
        9 => format!("TEL:{a}-{l}-{s}"),
        10 => format!("TEL {a}({l}){s}"),
        11 => format!("{a}-{l}-{s}(代)"),
        _ => format!("{a}.{l}.{s}"),
    }
}

/// Formats a phone number unlike it was written; `None` when it cannot be
/// read into groups.
pub fn reformat_phone(phone: &str, rng: &mut NoiseRng) -> Option<String> {
    let g = phone_groups(phone)?;
    for _ in 0..4 {
        let s = format_phone(&g, rng.below(13));
        if s != phone {
            return Some(s);
        }
    }
    None
}

/// Another number of the same area and exchange (a branch line, the fax),
/// written as the original was; `None` when it cannot be read into groups.
pub fn other_phone(phone: &str, rng: &mut NoiseRng) -> Option<String> {
    let mut g = phone_groups(phone)?;
    let old = g.subscriber.clone();
    let width = old.len().max(1);
    let modulus = 10u64.saturating_pow(u32::try_from(width).unwrap_or(4));
    let n = old.parse::<u64>().unwrap_or(0);
    let delta = 1 + rng.below(modulus.saturating_sub(1).max(1) as usize) as u64;
    g.subscriber = format!("{:0width$}", (n + delta) % modulus);
    let style = if phone.contains('(') { 1 } else { 0 };
    Some(format_phone(&g, style))
}

/// A web address split into host and what follows it.
fn host_and_path(url: &str) -> Option<(String, String)> {
    let t = url.trim();
    let lower = t.to_ascii_lowercase();
    let rest = ["https://", "http://", "//"]
        .iter()
        .find_map(|p| lower.starts_with(p).then(|| &t[p.len()..]))
        .unwrap_or(t);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (host, path) = rest.split_at(end);
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    (host.contains('.') && !host.contains(['@', ' '])).then(|| (host, path.to_owned()))
}

/// Paths users copy along with the site.
const PATHS: &[&str] = &[
    "",
    "/",
    "/index.html",
    "/company/",
    "/ja/",
    "/jp/index.html",
    "/corporate/",
];

/// The web address written differently: with or without scheme, `www.`
/// and a path; `None` when it has no host or nothing changed.
pub fn reformat_url(url: &str, rng: &mut NoiseRng) -> Option<String> {
    let (host, path) = host_and_path(url)?;
    let bare = host.strip_prefix("www.").unwrap_or(&host).to_owned();
    for _ in 0..4 {
        let scheme = *rng.pick(&["", "http://", "https://", "https://"])?;
        let www = if rng.chance(0.5) { "www." } else { "" };
        let path = if rng.chance(0.3) {
            path.as_str()
        } else {
            rng.pick(PATHS).copied().unwrap_or("")
        };
        let s = format!("{scheme}{www}{bare}{path}");
        if s != url {
            return Some(s);
        }
    }
    None
}

/// Mailbox names of company addresses.
const MAILBOXES: &[&str] = &[
    "info",
    "contact",
    "sales",
    "support",
    "webmaster",
    "soumu",
    "office",
];

/// An e-mail address at the web address's domain; `None` without a host.
pub fn email_of(url: &str, rng: &mut NoiseRng) -> Option<String> {
    let (host, _) = host_and_path(url)?;
    let domain = host.strip_prefix("www.").unwrap_or(&host);
    let mailbox = rng.pick(MAILBOXES).copied().unwrap_or("info");
    Some(format!("{mailbox}@{domain}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::noise::script::digits_of;

    #[test]
    fn groups_and_formats() {
        let g = phone_groups("03-1234-5678");
        assert_eq!(
            g,
            Some(PhoneGroups {
                area: "03".into(),
                local: "1234".into(),
                subscriber: "5678".into()
            })
        );
        let g = phone_groups("0459458800");
        assert!(g.is_some_and(|g| g.area == "045" && g.subscriber == "8800"));
        assert!(phone_groups("12").is_none());
        assert!(phone_groups("").is_none());
        let Some(g) = phone_groups("090-1234-5678") else {
            panic!("mobile");
        };
        for style in 0..13 {
            let s = format_phone(&g, style);
            let d = digits_of(&s);
            if s.starts_with("+81") {
                assert_eq!(d, "81901234".to_owned() + "5678", "{s}");
            } else {
                assert_eq!(d, "09012345678", "{s}");
            }
        }
    }

    #[test]
    fn other_numbers_differ_in_the_subscriber_part() {
        let mut rng = NoiseRng::new(9);
        for _ in 0..50 {
            let o = other_phone("03-1234-5678", &mut rng).unwrap_or_default();
            assert!(o.starts_with("03-1234-"), "{o}");
            assert_ne!(o, "03-1234-5678");
        }
    }

    #[test]
    fn urls() {
        let mut rng = NoiseRng::new(3);
        for _ in 0..30 {
            let u = reformat_url("https://www.sakataseed.co.jp/", &mut rng).unwrap_or_default();
            assert!(u.contains("sakataseed.co.jp"), "{u}");
            assert_ne!(u, "https://www.sakataseed.co.jp/");
        }
        assert_eq!(
            email_of("http://www.example.co.jp/a", &mut rng).map(|e| e.ends_with("@example.co.jp")),
            Some(true)
        );
        assert!(reformat_url("not a url", &mut rng).is_none());
        assert!(email_of("", &mut rng).is_none());
    }
}
