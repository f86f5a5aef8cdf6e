//! Remarks on a record's identifier fields (`match_note`, CONTRACTS §3): a
//! 会社法人等番号 where a 法人番号 belongs, a cell that is no number of
//! either kind, a 13-digit number whose check digit is wrong. A remark
//! never changes the status; a record without one gets none.

use crate::index::QueryText;
use crate::normalize::identifier::{Identifier, parse_identifier};

/// The remarks on `record`'s `corporate_number` and `invoice_number`,
/// joined by `; `, or `None` when there is nothing to say.
#[must_use]
pub fn identifier_note(record: &QueryText<'_>) -> Option<String> {
    let remarks: Vec<String> = [
        ("corporate_number", record.corporate_number),
        ("invoice_number", record.invoice_number),
    ]
    .into_iter()
    .filter_map(|(field, value)| {
        let value = value.map(str::trim).filter(|v| !v.is_empty())?;
        remark(field, value)
    })
    .collect();
    (!remarks.is_empty()).then(|| remarks.join("; "))
}

/// What to say of one identifier cell.
fn remark(field: &str, value: &str) -> Option<String> {
    match parse_identifier(value) {
        Identifier::Valid(_) => None,
        Identifier::BadCheckDigit(number) => Some(format!(
            "`{field}` {} has a wrong check digit (a mistyped number?)",
            number.digits()
        )),
        Identifier::RegistryNumber(digits) => Some(format!(
            "`{field}` {digits} is a 12-digit 会社法人等番号, not a 法人番号: not used"
        )),
        Identifier::Unrecognised => Some(format!(
            "`{field}` is neither a 法人番号 (13 digits) nor an invoice number (T + 13 digits): not used"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(corporate_number: Option<&str>, invoice_number: Option<&str>) -> Option<String> {
        identifier_note(&QueryText {
            name: "x",
            corporate_number,
            invoice_number,
            ..Default::default()
        })
    }

    #[test]
    fn valid_or_absent_numbers_need_no_note() {
        assert_eq!(note(None, None), None);
        assert_eq!(note(Some(" "), Some("T1180301018771")), None);
        assert_eq!(note(Some("1180-3010-18771"), None), None);
    }

    #[test]
    fn set_aside_and_doubtful_numbers_are_named() {
        assert_eq!(
            note(Some("0104-01-012345"), None).as_deref(),
            Some(
                "`corporate_number` 010401012345 is a 12-digit 会社法人等番号, not a 法人番号: not used"
            )
        );
        let both = note(Some("1180301018772"), Some("N/A")).unwrap_or_default();
        assert!(
            both.starts_with("`corporate_number` 1180301018772 has a wrong check digit"),
            "{both}"
        );
        assert!(both.contains("; `invoice_number` is neither"), "{both}");
    }
}
