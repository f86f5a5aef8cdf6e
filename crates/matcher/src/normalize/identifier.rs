//! Company identifiers a client list may carry: the 法人番号 (corporate
//! number: 13 digits, the first a check digit over the other twelve), the
//! qualified-invoice registration number (`T` + 13 digits; for a
//! corporation `T` + its 法人番号), and the 会社法人等番号 (the commercial
//! registry's 12-digit number), which is a different number and is only
//! recognised so that it can be set aside.
//!
//! Cells are read leniently: full-width digits and `Ｔ`, hyphens, dashes and
//! spaces between digits are accepted (`T1234-5678-90123`, `１２３４…`).

/// The length of a 法人番号.
pub const CORPORATE_NUMBER_DIGITS: usize = 13;
/// The length of a 会社法人等番号.
pub const REGISTRY_NUMBER_DIGITS: usize = 12;

/// What an identifier cell holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identifier {
    /// 13 digits with a right check digit (written bare or as an invoice
    /// number, `T` + the digits).
    Valid(CorporateNumber),
    /// 13 digits whose check digit is wrong: a mistyped number, weak
    /// evidence at most.
    BadCheckDigit(CorporateNumber),
    /// 12 digits: a 会社法人等番号, a different number, not used.
    RegistryNumber(String),
    /// Anything else (the cell's text is not kept).
    Unrecognised,
}

/// Thirteen ASCII digits, and whether they were written as an invoice
/// registration number (`T` + the digits).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CorporateNumber {
    digits: String,
    invoice: bool,
}

impl CorporateNumber {
    /// The thirteen digits.
    #[must_use]
    pub fn digits(&self) -> &str {
        &self.digits
    }

    /// Whether the cell wrote it as an invoice number (`T` + 13 digits).
    #[must_use]
    pub fn is_invoice_form(&self) -> bool {
        self.invoice
    }
}

/// Reads an identifier cell (a 法人番号, an invoice registration number or
/// a 会社法人等番号).
#[must_use]
pub fn parse_identifier(text: &str) -> Identifier {
    let mut invoice = false;
    let mut digits = String::with_capacity(CORPORATE_NUMBER_DIGITS);
    for (i, c) in text.trim().chars().enumerate() {
        if let Some(d) = ascii_digit(c) {
            digits.push(d);
        } else if i == 0 && matches!(c, 'T' | 't' | 'Ｔ' | 'ｔ') {
            invoice = true;
        } else if !is_separator(c) {
            return Identifier::Unrecognised;
        }
    }
    match digits.len() {
        CORPORATE_NUMBER_DIGITS => {
            let valid = is_valid_corporate_number(&digits);
            let number = CorporateNumber { digits, invoice };
            if valid {
                Identifier::Valid(number)
            } else {
                Identifier::BadCheckDigit(number)
            }
        }
        REGISTRY_NUMBER_DIGITS if !invoice => Identifier::RegistryNumber(digits),
        _ => Identifier::Unrecognised,
    }
}

/// The check digit of a 12-digit base (the 法人番号 is the check digit
/// followed by the base): 9 − (Σ digit × weight mod 9), the weights 1 and 2
/// alternating from the last digit. `None` unless `base` is 12 ASCII
/// digits.
#[must_use]
pub fn check_digit(base: &str) -> Option<u8> {
    if base.len() != REGISTRY_NUMBER_DIGITS || !base.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = base
        .bytes()
        .rev()
        .enumerate()
        .map(|(n, b)| u32::from(b - b'0') * if n % 2 == 0 { 1 } else { 2 })
        .sum();
    u8::try_from(9 - sum % 9).ok()
}

/// Whether `number` is 13 ASCII digits with a right check digit.
#[must_use]
pub fn is_valid_corporate_number(number: &str) -> bool {
    number.len() == CORPORATE_NUMBER_DIGITS
        && number.is_char_boundary(1)
        && check_digit(&number[1..]).is_some_and(|d| number.as_bytes()[0] == b'0' + d)
}

/// The 法人番号 of a 12-digit base (taken modulo 10¹²): its check digit,
/// then the base with leading zeros.
#[must_use]
pub fn corporate_number_of_base(base: u64) -> String {
    let base = format!("{:012}", base % 1_000_000_000_000);
    let check = check_digit(&base).unwrap_or(0);
    format!("{check}{base}")
}

/// The valid 法人番号 one substitution or adjacent swap away from `digits`
/// (13 ASCII digits): where the number meant may be when `digits` has a
/// wrong check digit. Empty for anything but 13 ASCII digits.
#[must_use]
pub fn valid_neighbours(digits: &str) -> Vec<String> {
    let bytes = digits.as_bytes();
    if bytes.len() != CORPORATE_NUMBER_DIGITS || !bytes.iter().all(u8::is_ascii_digit) {
        return Vec::new();
    }
    let mut neighbours: Vec<String> = Vec::new();
    let mut keep = |candidate: &[u8]| {
        let text = String::from_utf8_lossy(candidate);
        if text != digits
            && is_valid_corporate_number(&text)
            && !neighbours.iter().any(|n| *n == text)
        {
            neighbours.push(text.into_owned());
        }
    };
    let mut candidate = bytes.to_vec();
    for at in 0..bytes.len() {
        for digit in b'0'..=b'9' {
            candidate[at] = digit;
            keep(&candidate);
        }
        candidate[at] = bytes[at];
        if at + 1 < bytes.len() {
            candidate.swap(at, at + 1);
            keep(&candidate);
            candidate.swap(at, at + 1);
        }
    }
    neighbours
}

/// A half- or full-width digit as an ASCII digit.
fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')),
        _ => None,
    }
}

/// Spaces, hyphens and dashes written between groups of digits.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | 'ー' | 'ｰ' | '－' | '.' | '．'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(digits: &str, invoice: bool) -> Identifier {
        Identifier::Valid(CorporateNumber {
            digits: digits.to_owned(),
            invoice,
        })
    }

    #[test]
    fn check_digits_of_published_numbers() {
        // トヨタ自動車株式会社 and the national tax agency's own example.
        assert!(is_valid_corporate_number("1180301018771"));
        assert_eq!(corporate_number_of_base(180_301_018_771), "1180301018771");
        assert_eq!(corporate_number_of_base(20_001_008_662), "6020001008662");
        for wrong in [
            "2180301018771",
            "1180301018772",
            "118030101877",
            "118030101877x",
        ] {
            assert!(!is_valid_corporate_number(wrong), "{wrong}");
        }
        assert_eq!(check_digit("18030101877"), None);
    }

    #[test]
    fn notations_are_read_leniently() {
        for text in [
            "1180301018771",
            " 1180-3010-18771 ",
            "１１８０３０１０１８７７１",
            "1 180301 018771",
        ] {
            assert_eq!(
                parse_identifier(text),
                valid("1180301018771", false),
                "{text}"
            );
        }
        for text in [
            "T1180301018771",
            "t1180-3010-18771",
            "Ｔ１１８０３０１０１８７７１",
        ] {
            assert_eq!(
                parse_identifier(text),
                valid("1180301018771", true),
                "{text}"
            );
        }
    }

    #[test]
    fn a_slipped_number_has_the_number_meant_among_its_neighbours() {
        let meant = "1180301018771";
        for slipped in ["1180301013771", "1180310018771", "2180301018771"] {
            assert!(!is_valid_corporate_number(slipped));
            let neighbours = valid_neighbours(slipped);
            assert!(
                neighbours.iter().any(|n| n == meant),
                "{slipped}: {neighbours:?}"
            );
            assert!(neighbours.iter().all(|n| is_valid_corporate_number(n)));
            assert!(neighbours.len() < 40, "{}", neighbours.len());
        }
        assert!(valid_neighbours("118030101877").is_empty());
    }

    #[test]
    fn a_wrong_check_digit_is_kept_as_such() {
        assert_eq!(
            parse_identifier("1180301018772"),
            Identifier::BadCheckDigit(CorporateNumber {
                digits: "1180301018772".to_owned(),
                invoice: false
            })
        );
    }

    #[test]
    fn a_registry_number_is_recognised_and_anything_else_is_not() {
        assert_eq!(
            parse_identifier("0104-01-012345"),
            Identifier::RegistryNumber("010401012345".to_owned())
        );
        for text in [
            "",
            "T010401012345",
            "12345",
            "11803010187711",
            "N/A",
            "1180301018771号",
            "T",
        ] {
            assert_eq!(parse_identifier(text), Identifier::Unrecognised, "{text}");
        }
    }
}
