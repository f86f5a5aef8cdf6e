//! Agreement of the structured parts of a query and a candidate: legal form,
//! address parts, postal code, phone and domain.
//!
//! Every comparison of two optional values gives an [`Agreement`]: the
//! values agree, conflict, or (one side or both lacking it) say nothing.

use crate::normalize::{LegalForm, ParsedAddress, Phone, PhoneKind, Position};

/// What comparing two optional values found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agreement {
    /// Both present and in agreement.
    Agree,
    /// Both present and contradicting each other.
    Conflict,
    /// At least one side lacks the value (or the comparison does not apply).
    Absent,
}

impl Agreement {
    /// `(agree, conflict)` indicators; `(0, 0)` is absent.
    #[must_use]
    pub fn indicators(self) -> (f32, f32) {
        match self {
            Agreement::Agree => (1.0, 0.0),
            Agreement::Conflict => (0.0, 1.0),
            Agreement::Absent => (0.0, 0.0),
        }
    }

    /// Compares two optional values with `agree`.
    pub fn of<T: ?Sized>(a: Option<&T>, b: Option<&T>, agree: impl Fn(&T, &T) -> bool) -> Self {
        match (a, b) {
            (Some(a), Some(b)) if agree(a, b) => Agreement::Agree,
            (Some(_), Some(_)) => Agreement::Conflict,
            _ => Agreement::Absent,
        }
    }
}

/// Legal forms: compatible forms agree.
#[must_use]
pub fn legal_form(a: Option<LegalForm>, b: Option<LegalForm>) -> Agreement {
    Agreement::of(a.as_ref(), b.as_ref(), |a, b| a.is_compatible_with(*b))
}

/// Legal-form positions (前株/後株).
#[must_use]
pub fn legal_position(a: Option<Position>, b: Option<Position>) -> Agreement {
    Agreement::of(a.as_ref(), b.as_ref(), |a, b| a == b)
}

/// The address parts, compared hierarchically.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressAgreement {
    /// Prefecture.
    pub prefecture: Agreement,
    /// Municipality.
    pub city: Agreement,
    /// Town (only when the municipalities do not conflict).
    pub town: Agreement,
    /// 丁目 (only when the towns agree).
    pub chome: Agreement,
    /// 番地・号 (only when the towns agree).
    pub block: Agreement,
}

/// Compares two parsed addresses.
#[must_use]
pub fn address(a: &ParsedAddress, b: &ParsedAddress) -> AddressAgreement {
    let prefecture = Agreement::of(a.prefecture.as_deref(), b.prefecture.as_deref(), |a, b| {
        a == b
    });
    let city = Agreement::of(a.city.as_deref(), b.city.as_deref(), same_city);
    let town = if city == Agreement::Conflict || prefecture == Agreement::Conflict {
        Agreement::Absent
    } else {
        Agreement::of(a.town.as_deref(), b.town.as_deref(), |a, b| a == b)
    };
    let (chome, block) = if town != Agreement::Agree {
        (Agreement::Absent, Agreement::Absent)
    } else if a.chome.is_some() == b.chome.is_some() {
        (
            Agreement::of(a.chome.as_ref(), b.chome.as_ref(), |a, b| a == b),
            Agreement::of(a.block.as_deref(), b.block.as_deref(), same_block),
        )
    } else {
        // One side wrote its 丁目 as the first number of a hyphenated block
        // (`粒浦3-992` is `粒浦三丁目992番地`; two numbers alone do not say
        // which is the 丁目, so the parser keeps them as the block): compare
        // the blocks with the 丁目 in front. Blocks that agree so agree on
        // the 丁目 too.
        let block = Agreement::of(
            with_chome(a).as_deref(),
            with_chome(b).as_deref(),
            same_block,
        );
        let chome = if block == Agreement::Agree {
            Agreement::Agree
        } else {
            Agreement::Absent
        };
        (chome, block)
    };
    AddressAgreement {
        prefecture,
        city,
        town,
        chome,
        block,
    }
}

/// Equal municipalities, or a designated city and one of its wards
/// (`横浜市` / `横浜市都筑区`).
fn same_city(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.strip_prefix(short)
        .is_some_and(|rest| rest.is_empty() || (short.ends_with('市') && rest.ends_with('区')))
}

/// The block with the 丁目 in front (`3-992` for 三丁目992番地).
fn with_chome(address: &ParsedAddress) -> Option<String> {
    match (address.chome, address.block.as_deref()) {
        (Some(chome), Some(block)) => Some(format!("{chome}-{block}")),
        (Some(chome), None) => Some(chome.to_string()),
        (None, block) => block.map(str::to_owned),
    }
}

/// Equal block numbers, or one extending the other (`7-1` / `7-1-3`).
fn same_block(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.strip_prefix(short)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))
}

/// Postal codes (digits only; anything but 7 digits counts as absent).
#[must_use]
pub fn postal(a: Option<&str>, b: Option<&str>) -> Agreement {
    let clean = |p: Option<&str>| {
        p.map(|p| p.chars().filter(char::is_ascii_digit).collect::<String>())
            .filter(|p| p.len() == 7)
    };
    Agreement::of(clean(a).as_deref(), clean(b).as_deref(), |a, b| a == b)
}

/// What comparing two phone numbers found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneMatch {
    /// The same number.
    Exact,
    /// Different numbers with the same area code.
    SameArea,
    /// Different numbers, different areas.
    Conflict,
    /// A side lacks a valid number.
    Absent,
}

/// Compares two normalised phone numbers (invalid ones count as absent).
#[must_use]
pub fn phone(a: Option<&Phone>, b: Option<&Phone>) -> PhoneMatch {
    let (Some(a), Some(b)) = (a.filter(|p| p.valid), b.filter(|p| p.valid)) else {
        return PhoneMatch::Absent;
    };
    if a.digits == b.digits {
        return PhoneMatch::Exact;
    }
    let area_shared = match (a.area_code.as_deref(), b.area_code.as_deref()) {
        (Some(x), Some(y)) => x == y,
        (Some(code), None) => b.digits.starts_with(code),
        (None, Some(code)) => a.digits.starts_with(code),
        (None, None) => {
            a.kind == PhoneKind::Fixed
                && b.kind == PhoneKind::Fixed
                && a.digits.get(..4).is_some_and(|p| b.digits.starts_with(p))
        }
    };
    if area_shared && a.kind == b.kind {
        PhoneMatch::SameArea
    } else {
        PhoneMatch::Conflict
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{normalize_phone, parse_address};

    #[test]
    fn legal_forms_and_positions() {
        use LegalForm::*;
        let k = Some(KabushikiKaisha);
        assert_eq!(legal_form(k, k), Agreement::Agree);
        assert_eq!(legal_form(k, Some(LatinCompany)), Agreement::Agree);
        assert_eq!(legal_form(k, Some(YugenKaisha)), Agreement::Conflict);
        assert_eq!(legal_form(k, None), Agreement::Absent);
        assert_eq!(
            legal_position(Some(Position::Prefix), Some(Position::Suffix)),
            Agreement::Conflict
        );
        assert_eq!(Agreement::Absent.indicators(), (0.0, 0.0));
    }

    #[test]
    fn addresses_compare_part_by_part() {
        let a = parse_address("神奈川県横浜市都筑区仲町台2-7-1");
        let same = address(&a, &parse_address("横浜市都筑区仲町台2丁目7番1号"));
        assert_eq!(same.prefecture, Agreement::Agree);
        assert_eq!(same.city, Agreement::Agree);
        assert_eq!(same.town, Agreement::Agree);
        assert_eq!(same.chome, Agreement::Agree);
        assert_eq!(same.block, Agreement::Agree);
        let next_door = address(&a, &parse_address("神奈川県横浜市都筑区仲町台3-1-1"));
        assert_eq!(next_door.chome, Agreement::Conflict);
        assert_eq!(next_door.block, Agreement::Conflict);
        let elsewhere = address(&a, &parse_address("東京都千代田区丸の内1-1-1"));
        assert_eq!(elsewhere.prefecture, Agreement::Conflict);
        assert_eq!(elsewhere.city, Agreement::Conflict);
        assert_eq!(elsewhere.town, Agreement::Absent);
        assert_eq!(elsewhere.block, Agreement::Absent);
        let none = address(&a, &ParsedAddress::default());
        assert_eq!(none.prefecture, Agreement::Absent);
        assert!(same_city("横浜市", "横浜市都筑区"));
        assert!(!same_city("横浜市都筑区", "横浜市青葉区"));
        assert!(!same_city("府中市", "府中町"));
        // Two numbers alone are kept as the block; written with 丁目 the
        // first is the 丁目: the same address either way.
        let hyphen = parse_address("岡山県倉敷市粒浦3-992");
        let chome = parse_address("岡山県倉敷市粒浦三丁目992番地");
        assert_eq!((hyphen.chome, chome.chome), (None, Some(3)));
        for (x, y) in [(&hyphen, &chome), (&chome, &hyphen)] {
            let same = address(x, y);
            assert_eq!(
                (same.chome, same.block),
                (Agreement::Agree, Agreement::Agree)
            );
        }
        let other = address(&hyphen, &parse_address("岡山県倉敷市粒浦四丁目992番地"));
        assert_eq!(
            (other.chome, other.block),
            (Agreement::Absent, Agreement::Conflict)
        );
        assert!(same_block("7-1", "7-1-3"));
        assert!(!same_block("7-1", "7-10"));
    }

    #[test]
    fn postal_codes() {
        assert_eq!(postal(Some("224-8520"), Some("2248520")), Agreement::Agree);
        assert_eq!(
            postal(Some("2248520"), Some("1000005")),
            Agreement::Conflict
        );
        assert_eq!(postal(Some("224"), Some("2248520")), Agreement::Absent);
        assert_eq!(postal(None, Some("2248520")), Agreement::Absent);
    }

    #[test]
    fn phones() {
        let p = |s: &str| normalize_phone(s);
        let sakata = p("045-945-8800");
        assert_eq!(
            phone(sakata.as_ref(), p("0459458800").as_ref()),
            PhoneMatch::Exact
        );
        assert_eq!(
            phone(sakata.as_ref(), p("045-123-4567").as_ref()),
            PhoneMatch::SameArea
        );
        assert_eq!(
            phone(sakata.as_ref(), p("0451234567").as_ref()),
            PhoneMatch::SameArea
        );
        assert_eq!(
            phone(sakata.as_ref(), p("03-1234-5678").as_ref()),
            PhoneMatch::Conflict
        );
        assert_eq!(phone(sakata.as_ref(), None), PhoneMatch::Absent);
    }
}
