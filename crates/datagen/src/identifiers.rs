//! How client lists write company identifiers, for the development sets: a
//! 法人番号 in the notations exports use, or as an invoice registration
//! number (`T` + the 法人番号), and the slips a typed number suffers.
//!
//! Written for measuring only; training has its own, independently written
//! identifier noise (in `crates/train`).

use nayose::normalize::identifier::is_valid_corporate_number;

use crate::kana::to_full_width_ascii;
use crate::rng::Rng;

/// The identifier cells of one client row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WrittenNumber {
    /// The `corporate_number` cell.
    pub corporate_number: String,
    /// The `invoice_number` cell.
    pub invoice_number: String,
}

/// A 13-digit number as one client list would write it: most often bare in
/// the 法人番号 column, sometimes grouped with hyphens or spaces or in
/// full-width digits (typed in a Japanese input method), and in three rows of
/// ten as an accounting export's invoice registration number.
pub fn write_number(rng: &mut Rng, digits: &str) -> WrittenNumber {
    match rng.below(10) {
        0..=3 => corporate(digits.to_owned()),
        4 => corporate(grouped(digits)),
        5 => corporate(to_full_width_ascii(digits)),
        6 => corporate(grouped(digits).replace('-', " ")),
        7 | 8 => invoice(format!("T{digits}")),
        _ => invoice(format!("T{}", grouped(digits))),
    }
}

fn corporate(corporate_number: String) -> WrittenNumber {
    WrittenNumber {
        corporate_number,
        invoice_number: String::new(),
    }
}

fn invoice(invoice_number: String) -> WrittenNumber {
    WrittenNumber {
        corporate_number: String::new(),
        invoice_number,
    }
}

/// `1-2345-6789-0123`: the check digit, then the base in groups of four.
fn grouped(digits: &str) -> String {
    if digits.len() != 13 || !digits.is_ascii() {
        return digits.to_owned();
    }
    format!(
        "{}-{}-{}-{}",
        &digits[..1],
        &digits[1..5],
        &digits[5..9],
        &digits[9..]
    )
}

/// `digits` with one digit mistyped so that the check digit no longer fits
/// (a slip a check-digit test catches; `0` for `9` and back would not be
/// caught, and is not drawn).
pub fn slip_caught_by_check_digit(rng: &mut Rng, digits: &str) -> String {
    let mut bytes: Vec<u8> = digits.bytes().collect();
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return digits.to_owned();
    }
    loop {
        let at = rng.below(bytes.len());
        let original = bytes[at];
        let replacement = b'0' + u8::try_from(rng.below(10)).unwrap_or(0);
        if replacement == original {
            continue;
        }
        bytes[at] = replacement;
        let slipped = String::from_utf8_lossy(&bytes).into_owned();
        if !is_valid_corporate_number(&slipped) {
            return slipped;
        }
        bytes[at] = original;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nayose::normalize::identifier::{Identifier, parse_identifier};

    const TOYOTA: &str = "1180301018771";

    #[test]
    fn every_notation_reads_back_as_the_number() {
        let mut rng = Rng::new(3, 0);
        let mut invoices = 0;
        for _ in 0..200 {
            let written = write_number(&mut rng, TOYOTA);
            let (cell, invoice) = if written.invoice_number.is_empty() {
                (written.corporate_number, false)
            } else {
                invoices += 1;
                (written.invoice_number, true)
            };
            match parse_identifier(&cell) {
                Identifier::Valid(number) => {
                    assert_eq!(
                        (number.digits(), number.is_invoice_form()),
                        (TOYOTA, invoice)
                    );
                }
                other => panic!("{cell}: {other:?}"),
            }
        }
        assert!((30..90).contains(&invoices), "{invoices}");
    }

    #[test]
    fn a_slip_breaks_the_check_digit_in_one_place() {
        let mut rng = Rng::new(5, 0);
        for _ in 0..200 {
            let slipped = slip_caught_by_check_digit(&mut rng, TOYOTA);
            assert!(!is_valid_corporate_number(&slipped), "{slipped}");
            let differences = slipped.bytes().zip(TOYOTA.bytes()).filter(|(a, b)| a != b);
            assert_eq!(differences.count(), 1, "{slipped}");
        }
    }
}
