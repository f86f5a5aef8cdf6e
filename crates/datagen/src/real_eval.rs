//! The real-anchored development set: client rows written from the real
//! companies of the EDINET list, for measuring only.
//!
//! A fifth of the EDINET companies ([`is_held_out_real`]) are kept out of
//! the generated table; they are the absent companies of this set, and each
//! is put in the hardest category it qualifies for against the real
//! companies the table does hold: a **superstring** (its name lies inside
//! a table company's name or holds one), **colocated_absent** (a table
//! company has its street address), **group_sibling** (a table company
//! shares its name stem), else **absent_real**. Present companies are
//! written as client lists write them: **real_official** (the registered
//! name and address), **short_name** (no legal form, no address),
//! **english_only** (the English name alone) and **branch_address** (a
//! branch suffix and the address of an office in another prefecture; only
//! for a company whose name no other row carries, as for short names) and
//! **renamed** (a former name with the phone or web address the table row
//! carries, [`crate::listed_contact`]; the EDINET list has no former names,
//! so they are written here: another real company's name, as after a
//! complete rename, or the company's own name with a holding suffix or an
//! industry word taken away, added or swapped).
//!
//! The writing here is this module's own ([`written`]): it shares no
//! function with the training noise (`crates/train/src/noise`) nor with the
//! first development set ([`crate::eval`]), so a policy cannot score well on
//! it by having learned one noise process.

use std::collections::{HashMap, HashSet};

use nayose::normalize::normalize_name;

use crate::eval::Query;
use crate::identifiers::WrittenNumber;
use crate::listed_contact::listed_contact;
use crate::reference::{EdinetCompany, edinet_companies, postal_towns, prefectures};
use crate::rng::Rng;
use crate::structure::{MIN_CONTAINED_CHARS, stem, street_key};

mod identifiers;

/// One in this many EDINET companies is held out of the table.
const HELD_OUT_EVERY: u64 = 5;

/// Present queries per present category.
const PRESENT_PER_CATEGORY: usize = 500;
/// Queries of [`RealCategory::TiedNameOnly`].
const TIED_QUERIES: usize = 300;
/// Share of [`RealCategory::Renamed`] queries whose former name is another
/// real company's (a complete rename); the others keep the stem.
const UNRELATED_FORMER_NAME_SHARE: f64 = 0.5;

/// Whether the real company with this 法人番号 is kept out of the
/// generated table (a fifth of them, by number).
#[must_use]
pub fn is_held_out_real(corporate_number: &str) -> bool {
    corporate_number
        .parse::<u64>()
        .is_ok_and(|n| (n / 10) % HELD_OUT_EVERY == 0)
}

/// A category of the real-anchored set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RealCategory {
    /// Present: the registered name and the address as published.
    RealOfficial,
    /// Present: the name without legal form, nothing else; the name is the
    /// only row of the table with that core.
    ShortName,
    /// In the table, but so are other rows with the same name core (another
    /// legal form): the name without legal form, nothing else, cannot tell
    /// them apart, so there is no single right link and an auto-link is a
    /// guess. Written with an empty true id: the right answer is no
    /// `matched` link (review or unmatched).
    TiedNameOnly,
    /// Present: the English name alone.
    EnglishOnly,
    /// Present: a branch suffix and a branch office's address in another
    /// prefecture.
    BranchAddress,
    /// Present: a former name no row of the table carries, with the phone or
    /// the web address of the company's row (and its address half of the
    /// time).
    Renamed,
    /// Absent: the name lies inside a table company's name, or holds one;
    /// name only.
    Superstring,
    /// Absent: a table company has the same street address; name and address.
    ColocatedAbsent,
    /// Absent: a table company shares the name stem; name and address.
    GroupSibling,
    /// Absent, with nothing of the above; name and address.
    AbsentReal,
    /// Present: the company's real 法人番号 (or invoice number) with its
    /// name written as lists write it, half the time its address; now and
    /// then the number alone.
    Number,
    /// Present: the name with a mistyped number (a slip the check digit
    /// catches, or another table company's number).
    NumberMistyped,
    /// Absent: a held-out company's name and its real 法人番号.
    NumberAbsent,
    /// Present: no name, the company's phone or web address (or both), now
    /// and then its address.
    PhoneOrUrlOnly,
}

impl RealCategory {
    /// The name used in `truth.csv`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RealOfficial => "real_official",
            Self::ShortName => "short_name",
            Self::TiedNameOnly => "tied_name_only",
            Self::EnglishOnly => "english_only",
            Self::BranchAddress => "branch_address",
            Self::Renamed => "renamed",
            Self::Superstring => "superstring",
            Self::ColocatedAbsent => "colocated_absent",
            Self::GroupSibling => "group_sibling",
            Self::AbsentReal => "absent_real",
            Self::Number => "number",
            Self::NumberMistyped => "number_mistyped",
            Self::NumberAbsent => "number_absent",
            Self::PhoneOrUrlOnly => "phone_or_url_only",
        }
    }
}

/// One query of the set with its truth (`true_id` empty when absent).
#[derive(Debug, Clone)]
pub struct RealItem {
    /// The client row.
    pub query: Query,
    /// The company's id in the table, empty when it is not there.
    pub true_id: String,
    /// The company the row was written from when it is in the table but
    /// `true_id` is left empty because nothing in the row can say which
    /// row it is ([`RealCategory::TiedNameOnly`]: its name is carried by
    /// other rows too); empty otherwise. Calibration judges a proposal
    /// against it: a score is the chance that the proposal is the company
    /// meant.
    pub intended_id: String,
    /// The category.
    pub category: RealCategory,
}

/// The published address with its prefecture.
fn full_address(company: &EdinetCompany) -> String {
    if company.address.starts_with(company.prefecture) {
        company.address.to_owned()
    } else {
        format!("{}{}", company.prefecture, company.address)
    }
}

/// What the table holds of the real list, to place held-out companies.
struct KeptIndex {
    street_keys: HashSet<String>,
    stems: HashSet<String>,
    cores: Vec<String>,
}

impl KeptIndex {
    fn new(kept: &[&EdinetCompany]) -> Self {
        let cores: Vec<String> = kept
            .iter()
            .map(|c| normalize_name(c.name).core)
            .filter(|c| !c.is_empty())
            .collect();
        Self {
            street_keys: kept
                .iter()
                .filter_map(|c| street_key(&full_address(c)))
                .collect(),
            stems: cores.iter().filter_map(|c| stem(c)).collect(),
            cores,
        }
    }

    /// The category a held-out company falls in.
    fn category(&self, company: &EdinetCompany) -> RealCategory {
        let core = normalize_name(company.name).core;
        let long_enough = |c: &str| c.chars().count() >= MIN_CONTAINED_CHARS;
        let superstring = long_enough(&core)
            && self.cores.iter().any(|other| {
                other != &core
                    && ((other.contains(core.as_str()))
                        || (long_enough(other) && core.contains(other.as_str())))
            });
        if superstring {
            RealCategory::Superstring
        } else if street_key(&full_address(company)).is_some_and(|k| self.street_keys.contains(&k))
        {
            RealCategory::ColocatedAbsent
        } else if stem(&core).is_some_and(|s| self.stems.contains(&s)) {
            RealCategory::GroupSibling
        } else {
            RealCategory::AbsentReal
        }
    }
}

/// How a person writes a company name and address on a client list: this
/// module's own variations, independent of every other noise process.
pub mod written {
    use crate::rng::Rng;

    /// Legal forms and the ways client lists abbreviate them.
    const FORMS: [(&str, &[&str]); 3] = [
        ("株式会社", &["㈱", "(株)", "（株）", "株式会社", ""]),
        ("有限会社", &["㈲", "(有)", "（有）", "有限会社", ""]),
        ("合同会社", &["(同)", "合同会社", ""]),
    ];

    /// The name with its legal form written another way (or left out), in
    /// the same position.
    pub fn legal_form(rng: &mut Rng, name: &str) -> String {
        for (form, spellings) in FORMS {
            if name.contains(form) {
                let spelling = spellings[rng.below(spellings.len())];
                return name.replacen(form, spelling, 1).trim().to_owned();
            }
        }
        name.to_owned()
    }

    /// The name without any legal form and without spaces: what people
    /// write when they mean the company (`トヨタ自動車`).
    pub fn short(name: &str) -> String {
        let mut out = name.to_owned();
        for (form, _) in FORMS {
            out = out.replace(form, "");
        }
        out.chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
            .collect()
    }

    /// Full-width ASCII letters and digits made half-width, as a
    /// spreadsheet export often does.
    pub fn half_width(text: &str) -> String {
        text.chars()
            .map(|c| match c {
                '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                    char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
                }
                _ => c,
            })
            .collect()
    }

    /// Branch suffixes as client lists write them.
    pub const BRANCHES: [&str; 6] = ["支店", "営業所", "支社", "事業所", "出張所", "オフィス"];

    /// Words a holding company's name ends with.
    const HOLDING_WORDS: [&str; 4] = ["ホールディングス", "ＨＤ", "グループ本社", "グループ"];

    /// Industry words a rename drops, adds or swaps
    /// (`富士写真フイルム` → `富士フイルム`, `ブラザー工業`).
    const INDUSTRY_WORDS: [&str; 10] = [
        "工業",
        "産業",
        "商事",
        "製作所",
        "電機",
        "興業",
        "物産",
        "化学",
        "建設",
        "製薬",
    ];

    /// A former name of a company named `name`, keeping its stem: before a
    /// holding structure (`〇〇ホールディングス` was `〇〇`), or with an
    /// industry word that the rename dropped or swapped. None when the name
    /// gives nothing to change.
    pub fn former_name(rng: &mut Rng, name: &str) -> Option<String> {
        for word in HOLDING_WORDS {
            if let Some(at) = name.find(word) {
                let mut former = name.to_owned();
                former.replace_range(at..at + word.len(), "");
                return (short(&former).chars().count() >= 2).then_some(former);
            }
        }
        let form = ["株式会社", "有限会社", "合同会社"]
            .into_iter()
            .find(|f| name.contains(f))?;
        let core = name.replace(form, "");
        let form_first = name.starts_with(form);
        let new_core = match INDUSTRY_WORDS.iter().find(|w| core.ends_with(**w)) {
            // A word swapped, or dropped.
            Some(word) => {
                let stem = &core[..core.len() - word.len()];
                if stem.chars().count() >= 2 && rng.chance(0.5) {
                    stem.to_owned()
                } else {
                    let other = loop {
                        let other = INDUSTRY_WORDS[rng.below(INDUSTRY_WORDS.len())];
                        if other != *word {
                            break other;
                        }
                    };
                    format!("{stem}{other}")
                }
            }
            // A word the rename dropped.
            None => format!("{core}{}", INDUSTRY_WORDS[rng.below(INDUSTRY_WORDS.len())]),
        };
        Some(if form_first {
            format!("{form}{new_core}")
        } else {
            format!("{new_core}{form}")
        })
    }

    /// A phone number as people write it on a client list.
    pub fn phone(rng: &mut Rng, area: &str, rest: &str) -> String {
        let split = rest.len().saturating_sub(4);
        let (local, line) = rest.split_at(split);
        match rng.below(5) {
            0 => format!("{area}-{local}-{line}"),
            1 => format!("TEL:{area}-{local}-{line}"),
            2 => format!("{area}({local}){line}"),
            3 => format!("{area}{local}{line}"),
            _ => format!("{area}-{local}-{line}")
                .chars()
                .map(|c| match c {
                    '0'..='9' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
                    '-' => '－',
                    _ => c,
                })
                .collect(),
        }
    }

    /// A web address as people write it: a page of the site, the bare
    /// domain, or an e-mail address at it.
    pub fn web(rng: &mut Rng, domain: &str) -> String {
        match rng.below(4) {
            0 => format!("https://www.{domain}/ir/"),
            1 => domain.to_owned(),
            2 => format!("contact@{domain}"),
            _ => format!("http://www.{domain}"),
        }
    }
}

/// Builds the real-anchored set. `namesakes` gives, for a real company,
/// how many rows of the table carry its name core (itself included when it
/// is in the table); it separates [`RealCategory::ShortName`] from
/// [`RealCategory::TiedNameOnly`] and leaves out held-out companies whose
/// name a table row carries. `name_taken` says whether a row of the table
/// carries the name core of a registered name; a former name of
/// [`RealCategory::Renamed`] never is. Deterministic for a seed and table.
#[must_use]
pub fn real_eval_set(
    seed: u64,
    namesakes: impl Fn(&EdinetCompany) -> u32,
    name_taken: impl Fn(&str) -> bool,
) -> Vec<RealItem> {
    let mut rng = Rng::new(seed, 23);
    let all = edinet_companies();
    let (held_out, kept): (Vec<&EdinetCompany>, Vec<&EdinetCompany>) = all
        .iter()
        .partition(|c| is_held_out_real(c.corporate_number));
    let index = KeptIndex::new(&kept);
    let mut items = Vec::new();

    for company in &held_out {
        // A held-out company whose name a table row carries exactly (EDINET
        // lists a few names under two 法人番号) is written just like that
        // row's short name: nothing in the query can tell them apart, so
        // it measures nothing.
        if namesakes(company) > 0 {
            continue;
        }
        let category = index.category(company);
        let name = written::legal_form(&mut rng, company.name);
        let address = match category {
            RealCategory::Superstring => String::new(),
            _ => full_address(company),
        };
        items.push(Row::named(name, address, String::new(), category));
    }

    let towns = postal_towns();
    let mut present_by: HashMap<RealCategory, usize> = HashMap::new();
    let order = shuffled(&mut rng, kept.len());
    let mut left_over = Vec::new();
    for i in order {
        let company = kept[i];
        let tied = namesakes(company) > 1;
        let applies = |category: RealCategory| match category {
            // A branch office or a short name identifies a company only
            // when no other row carries its name (the issue's "a name
            // unique in the table"); namesakes are tied_name_only's.
            RealCategory::ShortName | RealCategory::BranchAddress => !tied,
            RealCategory::TiedNameOnly => tied,
            RealCategory::EnglishOnly => !company.name_en.is_empty(),
            _ => true,
        };
        let quota = |category: RealCategory| match category {
            RealCategory::TiedNameOnly => TIED_QUERIES,
            _ => PRESENT_PER_CATEGORY,
        };
        // The first category from a random start that applies and is not
        // full yet.
        let start = rng.below(WANTED.len());
        let Some(category) = (0..WANTED.len())
            .map(|k| WANTED[(start + k) % WANTED.len()])
            .find(|&c| applies(c) && present_by.get(&c).copied().unwrap_or(0) < quota(c))
        else {
            left_over.push(company);
            continue;
        };
        let (name, address) = match category {
            RealCategory::RealOfficial => (company.name.to_owned(), full_address(company)),
            RealCategory::ShortName | RealCategory::TiedNameOnly => (
                written::half_width(&written::short(company.name)),
                String::new(),
            ),
            RealCategory::EnglishOnly => (company.name_en.to_owned(), String::new()),
            _ => {
                // A branch office in a city of another prefecture.
                let town = loop {
                    let town = &towns[rng.below(towns.len())];
                    if prefectures()[town.prefecture].name != company.prefecture {
                        break town;
                    }
                };
                let branch = format!(
                    "{}{}",
                    branch_place(&town.city),
                    written::BRANCHES[rng.below(written::BRANCHES.len())]
                );
                let name = format!("{} {branch}", written::legal_form(&mut rng, company.name));
                let address = format!(
                    "{}{}{}{}-{}-{}",
                    prefectures()[town.prefecture].name,
                    town.city,
                    town.town,
                    rng.range(1, 5),
                    rng.range(1, 30),
                    rng.range(1, 20)
                );
                (name, address)
            }
        };
        let (true_id, intended_id) = match category {
            RealCategory::TiedNameOnly => (String::new(), company.corporate_number.to_owned()),
            _ => (company.corporate_number.to_owned(), String::new()),
        };
        *present_by.entry(category).or_default() += 1;
        items.push(Row {
            intended_id,
            ..Row::named(name, address, true_id, category)
        });
    }

    // Renamed companies come last, from the companies no other category
    // took, so adding them left every other row as it was.
    let unrelated: Vec<&EdinetCompany> = held_out
        .iter()
        .copied()
        .filter(|c| namesakes(c) == 0)
        .collect();
    let mut renamed = 0;
    for company in left_over {
        if renamed == PRESENT_PER_CATEGORY {
            break;
        }
        let Some(contact) = listed_contact(company.corporate_number) else {
            continue;
        };
        let own = (!rng.chance(UNRELATED_FORMER_NAME_SHARE))
            .then(|| written::former_name(&mut rng, company.name))
            .flatten()
            .filter(|former| !name_taken(former));
        let former = match own {
            Some(former) => former,
            None if unrelated.is_empty() => continue,
            None => unrelated[rng.below(unrelated.len())].name.to_owned(),
        };
        let name = written::legal_form(&mut rng, &former);
        let (phone, url) = match &contact.domain {
            Some(domain) if rng.chance(0.4) => (String::new(), written::web(&mut rng, domain)),
            _ => (
                written::phone(&mut rng, &contact.phone.area, &contact.phone.rest),
                String::new(),
            ),
        };
        let address = if rng.chance(0.5) {
            full_address(company)
        } else {
            String::new()
        };
        items.push(Row {
            name,
            address,
            phone,
            url,
            true_id: company.corporate_number.to_owned(),
            intended_id: String::new(),
            category: RealCategory::Renamed,
        });
        renamed += 1;
    }

    // The identifier rows come last, from their own stream.
    let numbered = identifiers::identifier_rows(seed, &kept, &unrelated);
    items
        .into_iter()
        .map(|row| (row, WrittenNumber::default()))
        .chain(numbered)
        .enumerate()
        .map(|(i, (row, number))| RealItem {
            query: Query {
                client_id: format!("R{:05}", i + 1),
                name: row.name,
                address: row.address,
                phone: row.phone,
                url: row.url,
                corporate_number: number.corporate_number,
                invoice_number: number.invoice_number,
            },
            true_id: row.true_id,
            intended_id: row.intended_id,
            category: row.category,
        })
        .collect()
}

/// A query of the set before it is numbered.
struct Row {
    name: String,
    address: String,
    phone: String,
    url: String,
    true_id: String,
    intended_id: String,
    category: RealCategory,
}

impl Row {
    /// A row with a name and an address only.
    fn named(name: String, address: String, true_id: String, category: RealCategory) -> Self {
        Self {
            name,
            address,
            phone: String::new(),
            url: String::new(),
            true_id,
            intended_id: String::new(),
            category,
        }
    }
}

/// The categories made from companies kept in the table.
const WANTED: [RealCategory; 5] = [
    RealCategory::RealOfficial,
    RealCategory::ShortName,
    RealCategory::TiedNameOnly,
    RealCategory::EnglishOnly,
    RealCategory::BranchAddress,
];

/// The place name a branch is called after: the city without 市
/// (`横浜市都筑区` → `横浜`), else the municipality without its last
/// character (`千代田区` → `千代田`).
fn branch_place(city: &str) -> &str {
    match city.find('市') {
        Some(i) if i > 0 => &city[..i],
        _ => city.char_indices().last().map_or(city, |(i, _)| &city[..i]),
    }
}

/// `0..n` in a seeded random order.
fn shuffled(rng: &mut Rng, n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        order.swap(i, rng.below(i + 1));
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifth_is_held_out_and_categories_are_filled() {
        let held = edinet_companies()
            .iter()
            .filter(|c| is_held_out_real(c.corporate_number))
            .count();
        let share = held as f64 / edinet_companies().len() as f64;
        assert!((0.17..0.23).contains(&share), "{share}");
        // Every third company has a namesake in this imagined table.
        let namesakes = |c: &EdinetCompany| {
            let tied = u32::from(c.corporate_number.bytes().map(u32::from).sum::<u32>() % 3 == 0);
            u32::from(!is_held_out_real(c.corporate_number)) + tied
        };
        // Every seventh registered name's core is taken.
        let name_taken = |name: &str| name.chars().count().is_multiple_of(7);
        let items = real_eval_set(42, namesakes, name_taken);
        let count = |c: RealCategory| items.iter().filter(|i| i.category == c).count();
        let by_number: HashMap<&str, &EdinetCompany> = edinet_companies()
            .iter()
            .map(|c| (c.corporate_number, c))
            .collect();
        assert_eq!(count(RealCategory::RealOfficial), PRESENT_PER_CATEGORY);
        assert_eq!(count(RealCategory::BranchAddress), PRESENT_PER_CATEGORY);
        assert!(
            count(RealCategory::ColocatedAbsent) > 100,
            "{}",
            count(RealCategory::ColocatedAbsent)
        );
        assert!(count(RealCategory::Superstring) > 20);
        assert!(count(RealCategory::GroupSibling) > 50);
        assert_eq!(count(RealCategory::ShortName), PRESENT_PER_CATEGORY);
        assert_eq!(count(RealCategory::TiedNameOnly), TIED_QUERIES);
        assert_eq!(count(RealCategory::Renamed), PRESENT_PER_CATEGORY);
        for (category, rows) in [
            (RealCategory::Number, 300),
            (RealCategory::NumberMistyped, 200),
            (RealCategory::NumberAbsent, 150),
            (RealCategory::PhoneOrUrlOnly, 300),
        ] {
            assert_eq!(count(category), rows, "{category:?}");
        }
        // The identifier rows come last: every row before them is as it was
        // written before they existed.
        let first_numbered = items
            .iter()
            .position(|i| i.category == RealCategory::Number)
            .unwrap_or(0);
        assert_eq!(first_numbered, items.len() - 950);
        assert!(
            items[..first_numbered].iter().all(|i| {
                i.query.corporate_number.is_empty() && i.query.invoice_number.is_empty()
            })
        );
        let mut unrelated_names = 0;
        let held_out_short: HashSet<String> = edinet_companies()
            .iter()
            .filter(|c| is_held_out_real(c.corporate_number))
            .map(|c| normalize_name(c.name).core)
            .collect();
        for item in items.iter().filter(|i| i.category == RealCategory::Renamed) {
            let company = by_number[item.true_id.as_str()];
            let query = &item.query;
            assert_ne!(
                normalize_name(&query.name).core,
                normalize_name(company.name).core
            );
            assert!(
                query.phone.is_empty() != query.url.is_empty(),
                "one contact: {query:?}"
            );
            let contact = listed_contact(company.corporate_number).expect("listed");
            if !query.phone.is_empty() {
                assert!(
                    query
                        .phone
                        .contains(&contact.phone.rest[contact.phone.rest.len() - 4..])
                        || query.phone.chars().any(|c| ('０'..='９').contains(&c)),
                    "{query:?}"
                );
            } else {
                let domain = contact.domain.expect("a domain");
                assert!(query.url.contains(&domain), "{query:?}");
            }
            if held_out_short.contains(&normalize_name(&query.name).core) {
                unrelated_names += 1;
            }
        }
        // Half or more are complete renames to another real company's name.
        assert!((200..=400).contains(&unrelated_names), "{unrelated_names}");
        for item in &items {
            if matches!(
                item.category,
                RealCategory::ShortName | RealCategory::BranchAddress
            ) {
                assert_eq!(namesakes(by_number[item.true_id.as_str()]), 1);
            }
            let absent = matches!(
                item.category,
                RealCategory::TiedNameOnly
                    | RealCategory::Superstring
                    | RealCategory::ColocatedAbsent
                    | RealCategory::GroupSibling
                    | RealCategory::AbsentReal
                    | RealCategory::NumberAbsent
            );
            assert_eq!(item.true_id.is_empty(), absent, "{item:?}");
            // A tie names the company it was written from, one of the
            // namesakes; nothing else does.
            let tied = item.category == RealCategory::TiedNameOnly;
            assert_eq!(item.intended_id.is_empty(), !tied, "{item:?}");
            if tied {
                assert!(namesakes(by_number[item.intended_id.as_str()]) > 1);
            }
            let may_be_nameless = matches!(
                item.category,
                RealCategory::Number | RealCategory::PhoneOrUrlOnly
            );
            assert!(
                may_be_nameless || !item.query.name.trim().is_empty(),
                "{item:?}"
            );
            if !absent {
                assert!(!is_held_out_real(&item.true_id));
            }
        }
        // Held-out companies named exactly like a table row are left out.
        let clear = edinet_companies()
            .iter()
            .filter(|c| is_held_out_real(c.corporate_number) && namesakes(c) == 0)
            .count();
        let absent_written = items
            .iter()
            .filter(|i| {
                i.true_id.is_empty()
                    && !matches!(
                        i.category,
                        RealCategory::TiedNameOnly | RealCategory::NumberAbsent
                    )
            })
            .count();
        assert_eq!(absent_written, clear);
        assert!(clear < held, "{clear} {held}");
        // Deterministic.
        let again = real_eval_set(42, namesakes, name_taken);
        assert_eq!(again.len(), items.len());
        assert!(
            again
                .iter()
                .zip(&items)
                .all(|(a, b)| a.query.name == b.query.name)
        );
    }

    #[test]
    fn branches_are_named_after_the_place() {
        assert_eq!(branch_place("横浜市都筑区"), "横浜");
        assert_eq!(branch_place("千代田区"), "千代田");
        assert_eq!(branch_place("上川郡東神楽町"), "上川郡東神楽");
    }

    #[test]
    fn written_forms() {
        assert_eq!(written::short("トヨタ自動車株式会社"), "トヨタ自動車");
        assert_eq!(
            written::short("株式会社　ＳＭ　ＥＮＴＥＲ"),
            "ＳＭＥＮＴＥＲ"
        );
        assert_eq!(written::half_width("ＪＴＯＷＥＲ１"), "JTOWER1");
        let mut rng = Rng::new(1, 1);
        assert_eq!(
            written::former_name(&mut rng, "ＧＭＯインターネットグループ株式会社").as_deref(),
            Some("ＧＭＯインターネット株式会社")
        );
        assert_eq!(written::former_name(&mut rng, "トヨタ自動車"), None);
        for _ in 0..20 {
            let former = written::former_name(&mut rng, "株式会社サンプル工業").expect("a word");
            assert!(former.starts_with("株式会社サンプル"), "{former}");
            assert_ne!(former, "株式会社サンプル工業");
            let former = written::former_name(&mut rng, "北海電設株式会社").expect("a word");
            assert!(
                former.starts_with("北海電設")
                    && former.ends_with("株式会社")
                    && former.len() > "北海電設株式会社".len(),
                "{former}"
            );
        }
        for _ in 0..20 {
            let name = written::legal_form(&mut rng, "株式会社サンプル");
            assert!(
                name.ends_with("サンプル") && !name.starts_with(' '),
                "{name}"
            );
        }
    }
}
