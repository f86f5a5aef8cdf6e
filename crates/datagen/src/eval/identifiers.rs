//! The identifier categories of the first development set: rows with a
//! 法人番号 or invoice number (right, mistyped, or of a company not in the
//! table) and rows with no name at all. Drawn from their own random stream
//! and appended after the other rows, which stay exactly as they were.

use super::{Category, Noise, Query};
use crate::company::{Company, Origin};
use crate::identifiers::{slip_caught_by_check_digit, write_number};
use crate::rng::Rng;
use crate::table::TableGenerator;

/// Rows per category per 20 000 rows of the set.
const PER_20000: [(Category, usize); 4] = [
    (Category::Number, 500),
    (Category::NumberMistyped, 300),
    (Category::NumberAbsent, 250),
    (Category::PhoneOrUrlOnly, 500),
];

/// Share of `number` rows that carry nothing but the number.
const NUMBER_ONLY_SHARE: f64 = 0.15;
/// Share of `number_mistyped` rows whose number is another table company's.
const OTHER_COMPANY_SHARE: f64 = 0.3;

/// The name noises a row with a number is written with.
const NAME_NOISES: [Category; 5] = [
    Category::Exact,
    Category::LegalForm,
    Category::WidthSpacing,
    Category::Typo,
    Category::Mixed,
];

/// Samples table companies for the identifier categories while the table
/// streams by (reservoir sampling, as [`super::EvalSampler`] does).
pub(super) struct IdentifierSampler {
    rng: Rng,
    targets: Vec<(Category, usize)>,
    reservoirs: Vec<Vec<Company>>,
    seen: Vec<u64>,
    /// Companies whose numbers stand in for a mistyped one (as many as
    /// there are `number_mistyped` rows).
    others: Vec<String>,
    others_seen: u64,
}

impl IdentifierSampler {
    pub(super) fn new(seed: u64, queries: usize) -> Self {
        let targets: Vec<(Category, usize)> = PER_20000
            .iter()
            .map(|&(c, n)| (c, (n * queries).div_ceil(20_000)))
            .collect();
        Self {
            rng: Rng::new(seed, 6),
            reservoirs: vec![Vec::new(); targets.len()],
            seen: vec![0; targets.len()],
            targets,
            others: Vec::new(),
            others_seen: 0,
        }
    }

    pub(super) fn observe(&mut self, company: &Company) {
        for (i, (category, target)) in self.targets.iter().enumerate() {
            if *target == 0 || !category.accepts(company) {
                continue;
            }
            self.seen[i] += 1;
            keep_sample(
                &mut self.rng,
                &mut self.reservoirs[i],
                *target,
                self.seen[i],
                company,
            );
        }
        let wanted = self
            .targets
            .iter()
            .find(|(category, _)| *category == Category::NumberMistyped)
            .map_or(0, |(_, rows)| *rows);
        self.others_seen += 1;
        if wanted > 0 {
            keep_sample(
                &mut self.rng,
                &mut self.others,
                wanted,
                self.others_seen,
                &company.id,
            );
        }
    }

    /// The rows, mixed among themselves: (query, true id, category).
    pub(super) fn finish(mut self, table: &mut TableGenerator) -> Vec<(Query, String, Category)> {
        let mut noise = Noise {
            rng: Rng::new(self.rng.next_u64(), 7),
            fingerprints: None,
        };
        let mut items = Vec::new();
        let targets = self.targets.clone();
        let reservoirs = std::mem::take(&mut self.reservoirs);
        for ((category, target), reservoir) in targets.iter().zip(&reservoirs) {
            if *category == Category::NumberAbsent {
                for _ in 0..*target {
                    let company = table.held_out_company(&mut self.rng, false);
                    let mut query = noise.absent(&company);
                    let number = table.unused_id(&mut self.rng);
                    set_number(&mut query, &mut self.rng, &number);
                    items.push((query, String::new(), *category));
                }
                continue;
            }
            for company in reservoir {
                noise.fingerprints = Some((
                    table.fingerprints().same_core(company),
                    table.fingerprints().same_name_in_city(company),
                ));
                let query = match category {
                    Category::PhoneOrUrlOnly => contact_only(&mut noise, company),
                    _ => {
                        let mut query = named(&mut noise, company, table);
                        let number = if *category == Category::NumberMistyped {
                            if self.rng.chance(OTHER_COMPANY_SHARE) {
                                self.other_than(&company.id)
                            } else {
                                slip_caught_by_check_digit(&mut self.rng, &company.id)
                            }
                        } else {
                            if noise.rng.chance(NUMBER_ONLY_SHARE) {
                                query = Query::default();
                            }
                            company.id.clone()
                        };
                        set_number(&mut query, &mut self.rng, &number);
                        query
                    }
                };
                items.push((query, company.id.clone(), *category));
            }
        }
        for i in (1..items.len()).rev() {
            let j = self.rng.below(i + 1);
            items.swap(i, j);
        }
        items
    }
}

impl IdentifierSampler {
    /// The id of a sampled company other than `id` (empty when there is
    /// none).
    fn other_than(&mut self, id: &str) -> String {
        for _ in 0..8 {
            if self.others.is_empty() {
                break;
            }
            let other = &self.others[self.rng.below(self.others.len())];
            if other != id {
                return other.clone();
            }
        }
        String::new()
    }
}

/// One step of reservoir sampling: keeps `item` in `reservoir` (of
/// `target` places, `seen` items so far) with the right chance.
fn keep_sample<T: Clone>(
    rng: &mut Rng,
    reservoir: &mut Vec<T>,
    target: usize,
    seen: u64,
    item: &T,
) {
    if reservoir.len() < target {
        reservoir.push(item.clone());
    } else {
        let j = rng.below(seen as usize);
        if j < target {
            reservoir[j] = item.clone();
        }
    }
}

/// A row naming `company` with one of the name noises of the other
/// categories (its address, phone and web address as those write them).
fn named(noise: &mut Noise, company: &Company, table: &TableGenerator) -> Query {
    let mut kind = NAME_NOISES[noise.rng.below(NAME_NOISES.len())];
    let applies = match kind {
        Category::LegalForm => company.legal_form.is_some(),
        Category::Typo => company.core.chars().count() >= 3,
        _ => true,
    };
    if !applies || company.origin == Origin::Popular && kind != Category::Exact {
        kind = Category::Exact;
    }
    noise.render(kind, company, table)
}

/// A row with no name: the company's phone, web address or both, and now
/// and then its address.
fn contact_only(noise: &mut Noise, company: &Company) -> Query {
    let (phone, url) = match (company.phone.is_some(), company.domain.is_some()) {
        (true, true) => match noise.rng.below(10) {
            0..=3 => (true, true),
            4..=6 => (true, false),
            _ => (false, true),
        },
        (phone, url) => (phone, url),
    };
    let style = noise.query_address_style(None);
    Query {
        address: if noise.rng.chance(0.3) {
            noise.address(company, style)
        } else {
            String::new()
        },
        phone: if phone {
            noise.phone(company)
        } else {
            String::new()
        },
        url: if url {
            noise.url(company)
        } else {
            String::new()
        },
        ..Query::default()
    }
}

/// Writes `digits` into the row's identifier cells.
fn set_number(query: &mut Query, rng: &mut Rng, digits: &str) {
    let written = write_number(rng, digits);
    query.corporate_number = written.corporate_number;
    query.invoice_number = written.invoice_number;
}
