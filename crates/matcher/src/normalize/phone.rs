//! Japanese phone numbers.

use super::text::{FoldMode, fold};

/// What kind of number a phone number is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PhoneKind {
    /// A fixed line (0 + area code + subscriber number, 10 digits).
    Fixed,
    /// A mobile number (070/080/090, 11 digits).
    Mobile,
    /// Free dial (0120 with 10 digits, 0800 with 11).
    FreeDial,
    /// Navi dial (0570, 10 digits).
    Navi,
    /// An IP phone (050, 11 digits).
    Ip,
    /// Anything else, or a number of the wrong length.
    Unknown,
}

impl PhoneKind {
    /// `fixed`, `mobile`, `free_dial`, `navi`, `ip` or `unknown`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            PhoneKind::Fixed => "fixed",
            PhoneKind::Mobile => "mobile",
            PhoneKind::FreeDial => "free_dial",
            PhoneKind::Navi => "navi",
            PhoneKind::Ip => "ip",
            PhoneKind::Unknown => "unknown",
        }
    }
}

/// A normalised phone number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone {
    /// The national number as ASCII digits, starting with `0` when it is a
    /// Japanese number (`+81 45-945-8800` → `0459458800`).
    pub digits: String,
    /// The area code (市外局番, with its leading 0) when determinable: from
    /// the separators the number was written with, or for 03/06 numbers.
    pub area_code: Option<String>,
    /// The kind of number.
    pub kind: PhoneKind,
    /// Whether the number has a valid length for its kind. Invalid numbers
    /// are flagged, not repaired.
    pub valid: bool,
}

/// Normalises a phone number; `None` when `input` holds fewer than 5 digits.
///
/// ```
/// use nayose::normalize::phone::{normalize_phone, PhoneKind};
/// let p = normalize_phone("+81 (0)45-945-8800").unwrap();
/// assert_eq!(p.digits, "0459458800");
/// assert_eq!(p.area_code.as_deref(), Some("045"));
/// assert_eq!(p.kind, PhoneKind::Fixed);
/// assert!(p.valid);
/// ```
#[must_use]
pub fn normalize_phone(input: &str) -> Option<Phone> {
    let folded = fold(input, FoldMode::Address);
    // Cut extensions: 内線, ext, x123.
    let mut s = folded.as_str();
    for cut in [
        "内線",
        "ext",
        "EXT",
        "Ext",
        "x",
        "(代",
        "代表",
        "FAX",
        "Fax",
        "fax",
        "/",
        "、",
        ",",
        "または",
        "or",
    ] {
        if let Some(i) = s.find(cut)
            && s[..i].bytes().filter(u8::is_ascii_digit).count() >= 9
        {
            s = &s[..i];
        }
    }
    let trimmed = s.trim_start_matches(|c: char| !c.is_ascii_digit() && c != '+');
    let mut groups: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut international = false;
    let mut rest = trimmed;
    if let Some(r) = rest.strip_prefix('+') {
        rest = r;
        international = true;
    }
    for c in rest.chars() {
        if c.is_ascii_digit() {
            cur.push(c);
        } else if !cur.is_empty() {
            groups.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        groups.push(cur);
    }
    if !international {
        // 00 81 …: the international call prefix.
        let all = groups.concat();
        if all.len() >= 10 && all.starts_with("00") && all.as_bytes()[2] != b'0' {
            international = true;
            let mut zeros = 2;
            for g in &mut groups {
                while zeros > 0 && g.starts_with('0') {
                    g.remove(0);
                    zeros -= 1;
                }
            }
            groups.retain(|g| !g.is_empty());
        }
    }
    if international {
        // +81 (0)45 … / +81 45 … / +8145…
        let first = groups.first().cloned().unwrap_or_default();
        if let Some(national) = first.strip_prefix("81") {
            if national.is_empty() {
                groups.remove(0);
                if groups.first().is_some_and(|g| g == "0") {
                    groups.remove(0);
                }
            } else {
                groups[0] = national.to_string();
            }
            if let Some(g) = groups.first_mut()
                && !g.starts_with('0')
            {
                g.insert(0, '0');
            }
        } else {
            // another country: keep the digits as written.
            let digits: String = groups.concat();
            if digits.len() < 5 {
                return None;
            }
            let valid = (8..=15).contains(&digits.len());
            return Some(Phone {
                digits: format!("+{digits}"),
                area_code: None,
                kind: PhoneKind::Unknown,
                valid,
            });
        }
    }
    let digits: String = groups.concat();
    if digits.len() < 5 {
        return None;
    }
    let d = digits.as_bytes();
    let (kind, want) = if digits.starts_with("0120") {
        (PhoneKind::FreeDial, 10)
    } else if digits.starts_with("0800") {
        (PhoneKind::FreeDial, 11)
    } else if digits.starts_with("0570") {
        (PhoneKind::Navi, 10)
    } else if digits.starts_with("050") {
        (PhoneKind::Ip, 11)
    } else if digits.starts_with("070") || digits.starts_with("080") || digits.starts_with("090") {
        (PhoneKind::Mobile, 11)
    } else if d[0] == b'0' && d.get(1).is_some_and(|c| *c != b'0') {
        (PhoneKind::Fixed, 10)
    } else {
        (PhoneKind::Unknown, 0)
    };
    let valid = digits.len() == want;
    let area_code = if kind == PhoneKind::Fixed && valid {
        if groups.len() >= 2 && (2..=5).contains(&groups[0].len()) && groups[0].starts_with('0') {
            Some(groups[0].clone())
        } else if digits.starts_with("03") || digits.starts_with("06") {
            Some(digits[..2].to_string())
        } else {
            None
        }
    } else {
        None
    };
    let kind = if valid { kind } else { PhoneKind::Unknown };
    Some(Phone {
        digits,
        area_code,
        kind,
        valid,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        for s in [
            "045-945-8800",
            "045(945)8800",
            "０４５－９４５－８８００",
            "+81-45-945-8800",
            "TEL:045.945.8800",
        ] {
            let p = normalize_phone(s);
            assert_eq!(
                p.as_ref().map(|p| p.digits.as_str()),
                Some("0459458800"),
                "{s}"
            );
        }
        let p = normalize_phone("090-1234-5678");
        assert_eq!(p.map(|p| p.kind), Some(PhoneKind::Mobile));
        let p = normalize_phone("03-1234-567");
        assert_eq!(p.map(|p| p.valid), Some(false));
        assert_eq!(normalize_phone("なし"), None);
    }
}
