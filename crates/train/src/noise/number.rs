//! Identifier noise, training's own (the development sets' is written
//! apart, in `nayose-datagen`): whether a record carries a 法人番号 or an
//! invoice number, whose number it is, and how it is written and mistyped.
//!
//! The real registry's numbers are dense (a 0 ↔ 9 slip in a serial names
//! another real company; `docs/real-data-structure.md`), the generated
//! table's are not, so a valid number naming another company is drawn on
//! purpose ([`NoiseKind::NumberOther`]) rather than left to slips.

use nayose::normalize::identifier::corporate_number_of_base;

use super::{NoiseConfig, NoiseKind, NoiseRng};

/// Share of numbers written in the invoice column as `T` + the digits.
const INVOICE_FORM: f64 = 0.3;
/// Share of numbers written with full-width digits.
const FULL_WIDTH: f64 = 0.1;
/// Share of numbers written in groups with hyphens.
const HYPHENATED: f64 = 0.15;

/// The identifier cells of a record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NumberCells {
    /// The `corporate_number` cell.
    pub corporate_number: Option<String>,
    /// The `invoice_number` cell.
    pub invoice_number: Option<String>,
}

/// Draws the identifier cells of a record of the company whose number is
/// `own` (`None` when the company has no number the table knows: it is not
/// in the table), with `other` another company's number.
pub fn number_cells(
    config: &NoiseConfig,
    own: Option<&str>,
    other: Option<&str>,
    rng: &mut NoiseRng,
    kinds: &mut Vec<NoiseKind>,
) -> NumberCells {
    if !rng.chance(config.number) {
        return NumberCells::default();
    }
    kinds.push(NoiseKind::Number);
    let unknown = |rng: &mut NoiseRng| corporate_number_of_base(rng.next_u64());
    let mut digits = match (own, other) {
        (_, Some(other)) if rng.chance(config.number_other) => {
            kinds.push(NoiseKind::NumberOther);
            other.to_owned()
        }
        (Some(own), _) if !rng.chance(config.number_unknown) => own.to_owned(),
        _ => {
            kinds.push(NoiseKind::NumberUnknown);
            unknown(rng)
        }
    };
    if rng.chance(config.number_slip) {
        kinds.push(NoiseKind::NumberSlip);
        digits = slip(&digits, rng);
    }
    write(&digits, rng)
}

/// One digit replaced, or two neighbours swapped.
fn slip(digits: &str, rng: &mut NoiseRng) -> String {
    let mut bytes: Vec<u8> = digits.bytes().collect();
    if bytes.len() < 2 || !bytes.iter().all(u8::is_ascii_digit) {
        return digits.to_owned();
    }
    let at = rng.below(bytes.len());
    if rng.chance(0.25) && at + 1 < bytes.len() && bytes[at] != bytes[at + 1] {
        bytes.swap(at, at + 1);
    } else {
        let offset = 1 + rng.below(9) as u8;
        bytes[at] = b'0' + (bytes[at] - b'0' + offset) % 10;
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The digits as a list writes them: bare, grouped, full width, or as an
/// invoice number in the invoice column.
fn write(digits: &str, rng: &mut NoiseRng) -> NumberCells {
    let mut text = digits.to_owned();
    if rng.chance(HYPHENATED) && text.len() == 13 {
        text = format!(
            "{}-{}-{}-{}",
            &text[..1],
            &text[1..5],
            &text[5..9],
            &text[9..]
        );
    }
    if rng.chance(FULL_WIDTH) {
        text = text
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(u32::from(c) - 0x30 + 0xFF10).unwrap_or(c),
                '-' => 'ー',
                _ => c,
            })
            .collect();
    }
    if rng.chance(INVOICE_FORM) {
        NumberCells {
            corporate_number: None,
            invoice_number: Some(format!("T{text}")),
        }
    } else {
        NumberCells {
            corporate_number: Some(text),
            invoice_number: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nayose::normalize::identifier::{Identifier, parse_identifier};

    #[test]
    fn numbers_read_back_and_kinds_say_what_happened() {
        let config = NoiseConfig {
            number: 1.0,
            ..NoiseConfig::default()
        };
        let own = "1180301018771";
        let (mut mine, mut others, mut slips) = (0, 0, 0);
        let mut rng = NoiseRng::new(7);
        for _ in 0..500 {
            let mut kinds = Vec::new();
            let cells = number_cells(
                &config,
                Some(own),
                Some("6020001008662"),
                &mut rng,
                &mut kinds,
            );
            let cell = cells
                .corporate_number
                .or(cells.invoice_number)
                .unwrap_or_default();
            let parsed = parse_identifier(&cell);
            let digits = match &parsed {
                Identifier::Valid(n) | Identifier::BadCheckDigit(n) => n.digits().to_owned(),
                other => panic!("{cell}: {other:?}"),
            };
            if kinds.contains(&NoiseKind::NumberSlip) {
                slips += 1;
            } else if kinds.contains(&NoiseKind::NumberOther) {
                others += 1;
                assert_eq!(digits, "6020001008662");
            } else if !kinds.contains(&NoiseKind::NumberUnknown) {
                mine += 1;
                assert_eq!(digits, own);
                assert!(matches!(parsed, Identifier::Valid(_)));
            }
        }
        assert!(
            mine > 300 && others > 5 && slips > 40,
            "{mine} {others} {slips}"
        );
    }
}
