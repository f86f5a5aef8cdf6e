//! The structure of a table's company ids read as 法人番号: how many are
//! valid numbers, how their twelve-digit base is built (registry office,
//! kind of corporation, serial), and how often a slip the check digit does
//! not catch turns one company's number into another's. Measured on the
//! real EDINET list and on the generated table alike (`examples/
//! real_structure.rs`), these are the rates identifier episodes are to
//! reproduce (issue 26).

use std::collections::{BTreeMap, HashSet};

use nayose::normalize::identifier::{is_valid_corporate_number, valid_neighbours};

/// Figures of one table's ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NumberStructure {
    /// Ids measured.
    pub ids: usize,
    /// Ids that are 13 digits with a right check digit.
    pub valid: usize,
    /// Distinct registry offices (the base's first four digits) among the
    /// valid numbers.
    pub offices: usize,
    /// Valid numbers by kind of corporation (the base's digits 5–6: `01`
    /// 株式会社, `02` 有限会社 …), most common first.
    pub kinds: Vec<(String, usize)>,
    /// Numbers one substitution or adjacent transposition away from a
    /// valid number whose check digit still fits (a slip the check digit
    /// does not catch), over all valid numbers.
    pub uncaught_slips: usize,
    /// Of those, the numbers that are another id of the table.
    pub slips_onto_another: usize,
    /// Valid numbers with at least one such neighbour in the table.
    pub with_neighbour: usize,
}

/// Measures `ids`.
#[must_use]
pub fn measure_numbers(ids: &[&str]) -> NumberStructure {
    let valid: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| is_valid_corporate_number(id))
        .collect();
    let known: HashSet<&str> = valid.iter().copied().collect();
    let offices: HashSet<&str> = valid.iter().map(|n| &n[1..5]).collect();
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for number in &valid {
        *kinds.entry(&number[5..7]).or_default() += 1;
    }
    let mut kinds: Vec<(String, usize)> = kinds
        .into_iter()
        .map(|(kind, n)| (kind.to_owned(), n))
        .collect();
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut structure = NumberStructure {
        ids: ids.len(),
        valid: valid.len(),
        offices: offices.len(),
        kinds,
        ..NumberStructure::default()
    };
    for number in &valid {
        let mut onto_another = 0;
        for slipped in valid_neighbours(number) {
            structure.uncaught_slips += 1;
            if known.contains(slipped.as_str()) {
                onto_another += 1;
            }
        }
        structure.slips_onto_another += onto_another;
        structure.with_neighbour += usize::from(onto_another > 0);
    }
    structure
}

impl NumberStructure {
    /// The figures as (name, value) rows for a Markdown table.
    #[must_use]
    pub fn rows(&self) -> Vec<(String, String)> {
        let share = |part: usize, whole: usize| {
            if whole == 0 {
                format!("{part}")
            } else {
                format!("{part} ({:.1} %)", 100.0 * part as f64 / whole as f64)
            }
        };
        let kinds: Vec<String> = self
            .kinds
            .iter()
            .take(4)
            .map(|(kind, n)| format!("{kind}: {}", share(*n, self.valid)))
            .collect();
        vec![
            ("ids".to_owned(), self.ids.to_string()),
            (
                "valid 法人番号 (13 digits, right check digit)".to_owned(),
                share(self.valid, self.ids),
            ),
            (
                "registry offices (base digits 1–4)".to_owned(),
                self.offices.to_string(),
            ),
            (
                "kinds of corporation (base digits 5–6), most common".to_owned(),
                kinds.join(", "),
            ),
            (
                "slips the check digit misses (one substitution or adjacent swap), per valid number"
                    .to_owned(),
                if self.valid == 0 {
                    "–".to_owned()
                } else {
                    format!("{:.2}", self.uncaught_slips as f64 / self.valid as f64)
                },
            ),
            (
                "of those, another id of the table".to_owned(),
                share(self.slips_onto_another, self.uncaught_slips),
            ),
            (
                "valid numbers with such a neighbour in the table".to_owned(),
                share(self.with_neighbour, self.valid),
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nayose::normalize::identifier::corporate_number_of_base;

    #[test]
    fn only_zero_nine_slips_escape_the_check_digit() {
        // A substitution changes the weighted sum by 1× or 2× the
        // difference, a swap by the difference: the check (mod 9) misses
        // only differences of 9, that is 0 ↔ 9.
        let number = corporate_number_of_base(180_301_018_771);
        let slips = valid_neighbours(&number);
        assert!(!slips.is_empty());
        for slip in &slips {
            let changed: Vec<(u8, u8)> = slip
                .bytes()
                .zip(number.bytes())
                .filter(|(a, b)| a != b)
                .collect();
            assert!(
                changed
                    .iter()
                    .all(|&(a, b)| matches!((a, b), (b'0', b'9') | (b'9', b'0'))),
                "{slip} from {number}"
            );
        }
    }

    #[test]
    fn neighbours_in_the_table_are_counted() {
        // Two numbers one 0 ↔ 9 slip apart, and one far from both.
        let a = corporate_number_of_base(100_000_000_010);
        let b = corporate_number_of_base(100_000_000_019);
        let c = corporate_number_of_base(555_555_555_555);
        assert!(valid_neighbours(&a).contains(&b), "{a} {b}");
        let figures = measure_numbers(&[&a, &b, &c, "not a number"]);
        assert_eq!((figures.ids, figures.valid), (4, 3));
        assert_eq!(figures.with_neighbour, 2);
        assert_eq!(figures.slips_onto_another, 2);
        assert_eq!(figures.kinds[0].0, "00");
    }
}
