//! The identifier categories of the real-anchored set: real companies with
//! their real 法人番号 (right, mistyped, or of a company held out of the
//! table) and rows with no name. Drawn from their own random stream and
//! appended after the other rows, which stay exactly as they were.

use super::{RealCategory, Row, full_address, shuffled, written};
use crate::identifiers::{WrittenNumber, slip_caught_by_check_digit, write_number};
use crate::listed_contact::listed_contact;
use crate::reference::EdinetCompany;
use crate::rng::Rng;

/// Rows per category.
const QUOTAS: [(RealCategory, usize); 4] = [
    (RealCategory::Number, 300),
    (RealCategory::NumberMistyped, 200),
    (RealCategory::NumberAbsent, 150),
    (RealCategory::PhoneOrUrlOnly, 300),
];

/// Share of `number` rows that carry nothing but the number.
const NUMBER_ONLY_SHARE: f64 = 0.15;
/// Share of `number_mistyped` rows whose number is another table company's.
const OTHER_COMPANY_SHARE: f64 = 0.3;

/// The identifier rows: `kept` are the companies in the table, `held_out`
/// those kept out (with no namesake in the table).
pub(super) fn identifier_rows(
    seed: u64,
    kept: &[&EdinetCompany],
    held_out: &[&EdinetCompany],
) -> Vec<(Row, WrittenNumber)> {
    let mut rng = Rng::new(seed, 29);
    let mut rows = Vec::new();
    if kept.len() < 2 {
        return rows;
    }
    let order = shuffled(&mut rng, kept.len());
    let mut next_kept = order.iter().map(|&i| kept[i]).cycle();
    for (category, quota) in QUOTAS {
        let mut made = 0;
        let mut tries = 0;
        while made < quota && tries < 4 * kept.len() {
            tries += 1;
            let row = match category {
                RealCategory::NumberAbsent if held_out.is_empty() => break,
                RealCategory::NumberAbsent => {
                    let company = held_out[rng.below(held_out.len())];
                    numbered(&mut rng, company, String::new(), company.corporate_number)
                }
                RealCategory::PhoneOrUrlOnly => {
                    let Some(company) = next_kept.next() else {
                        break;
                    };
                    let Some(row) = contact_only(&mut rng, company) else {
                        continue;
                    };
                    (row, WrittenNumber::default())
                }
                RealCategory::NumberMistyped => {
                    let Some(company) = next_kept.next() else {
                        break;
                    };
                    let number = if rng.chance(OTHER_COMPANY_SHARE) {
                        let other = kept[rng.below(kept.len())];
                        if other.corporate_number == company.corporate_number {
                            continue;
                        }
                        other.corporate_number.to_owned()
                    } else {
                        slip_caught_by_check_digit(&mut rng, company.corporate_number)
                    };
                    numbered(
                        &mut rng,
                        company,
                        company.corporate_number.to_owned(),
                        &number,
                    )
                }
                _ => {
                    let Some(company) = next_kept.next() else {
                        break;
                    };
                    let true_id = company.corporate_number.to_owned();
                    let (mut row, number) =
                        numbered(&mut rng, company, true_id, company.corporate_number);
                    if rng.chance(NUMBER_ONLY_SHARE) {
                        row.name.clear();
                        row.address.clear();
                    }
                    (row, number)
                }
            };
            let (row, number) = row;
            rows.push((Row { category, ..row }, number));
            made += 1;
        }
    }
    rows
}

/// A row naming `company` as client lists do (its legal form respelt or
/// dropped, or its short name), half the time with its address, and with
/// `number` in its identifier cells.
fn numbered(
    rng: &mut Rng,
    company: &EdinetCompany,
    true_id: String,
    number: &str,
) -> (Row, WrittenNumber) {
    let name = if rng.chance(0.3) {
        written::half_width(&written::short(company.name))
    } else {
        written::legal_form(rng, company.name)
    };
    let address = if rng.chance(0.5) {
        full_address(company)
    } else {
        String::new()
    };
    let row = Row::named(name, address, true_id, RealCategory::Number);
    (row, write_number(rng, number))
}

/// A row with no name: the company's listed phone, web address or both,
/// and now and then its address; `None` without a listed contact.
fn contact_only(rng: &mut Rng, company: &EdinetCompany) -> Option<Row> {
    let contact = listed_contact(company.corporate_number)?;
    let phone = written::phone(rng, &contact.phone.area, &contact.phone.rest);
    let (phone, url) = match &contact.domain {
        Some(domain) => match rng.below(10) {
            0..=3 => (phone, written::web(rng, domain)),
            4..=6 => (phone, String::new()),
            _ => (String::new(), written::web(rng, domain)),
        },
        None => (phone, String::new()),
    };
    let address = if rng.chance(0.3) {
        full_address(company)
    } else {
        String::new()
    };
    Some(Row {
        phone,
        url,
        ..Row::named(
            String::new(),
            address,
            company.corporate_number.to_owned(),
            RealCategory::PhoneOrUrlOnly,
        )
    })
}
