//! Contacts of the real companies in the table.
//!
//! The EDINET code list publishes no phone numbers or web addresses, but a
//! company master carries them, and a renamed company is found by them: the
//! client list still has the old name, the phone and the web address did
//! not change. So each real company of the table gets a representative
//! phone number in one of its prefecture's area codes and a web address made
//! from its English name (else its reading). Both are drawn from the
//! company's 法人番号 alone, so they do not depend on the order in which the
//! table is generated and the real-anchored development set
//! ([`crate::real_eval`]) can look them up.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::address::Phone;
use crate::company::{Company, Origin};
use crate::reference::{EdinetCompany, edinet_companies, prefectures};
use crate::rng::Rng;
use crate::vocab::AREA_CODES;

/// Stream of the per-company random numbers (see [`Rng::new`]).
const CONTACT_STREAM: u64 = 31;

/// Index of 東京都 in [`prefectures`] (JIS code 13): the area codes of a
/// company whose prefecture the list does not give (most filers are there).
const TOKYO: usize = 12;

/// Words of English company names that say what kind of company it is, not
/// which one; a web address is made of the other words.
const GENERIC_WORDS: [&str; 14] = [
    "co",
    "ltd",
    "corporation",
    "corp",
    "inc",
    "kabushiki",
    "kaisha",
    "company",
    "limited",
    "the",
    "and",
    "of",
    "k",
    "gk",
];

/// A real company's phone number and registrable domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedContact {
    /// Representative phone number.
    pub phone: Phone,
    /// Registrable domain (`toyota-motor.co.jp`), none when neither the
    /// English name nor the reading gives one.
    pub domain: Option<String>,
}

/// The contact of the real company with this 法人番号, if the EDINET list
/// has it.
#[must_use]
pub fn listed_contact(corporate_number: &str) -> Option<ListedContact> {
    let company = by_number().get(corporate_number)?;
    let seed = corporate_number.parse::<u64>().unwrap_or(0);
    let mut rng = Rng::new(seed, CONTACT_STREAM);
    let prefecture = prefectures()
        .iter()
        .position(|p| p.name == company.prefecture)
        .unwrap_or(TOKYO);
    let phone = Phone::draw_landline(&mut rng, AREA_CODES[prefecture]);
    Some(ListedContact {
        phone,
        domain: domains().get(corporate_number).cloned(),
    })
}

/// `company` with its listed contact when it is a real company of the
/// table; any other company unchanged.
#[must_use]
pub fn with_listed_contact(mut company: Company) -> Company {
    if company.origin != Origin::Real {
        return company;
    }
    if let Some(contact) = listed_contact(&company.id) {
        company.phone_text = Some(contact.phone.render(0));
        company.phone = Some(contact.phone);
        company.url_text = contact.domain.as_ref().map(|d| format!("https://www.{d}/"));
        company.domain = contact.domain;
    }
    company
}

fn by_number() -> &'static HashMap<&'static str, &'static EdinetCompany> {
    static MAP: OnceLock<HashMap<&'static str, &'static EdinetCompany>> = OnceLock::new();
    MAP.get_or_init(|| {
        edinet_companies()
            .iter()
            .map(|c| (c.corporate_number, c))
            .collect()
    })
}

/// Domains of every company of the EDINET list, distinct: a name whose
/// domain an earlier company took gets a numbered one (`sanwa-2.co.jp`).
fn domains() -> &'static HashMap<&'static str, String> {
    static MAP: OnceLock<HashMap<&'static str, String>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut taken = HashSet::new();
        let mut map = HashMap::new();
        for company in edinet_companies() {
            let Some(label) = domain_label(company) else {
                continue;
            };
            let mut candidate = label.clone();
            let mut n = 2;
            while !taken.insert(candidate.clone()) {
                candidate = format!("{label}-{n}");
                n += 1;
            }
            map.insert(company.corporate_number, format!("{candidate}.co.jp"));
        }
        map
    })
}

/// The label of a company's domain: up to three distinctive words of its
/// English name joined by hyphens (`TOYOTA MOTOR CORPORATION` →
/// `toyota-motor`), else its reading in Latin letters.
fn domain_label(company: &EdinetCompany) -> Option<String> {
    let words: Vec<String> = company
        .name_en
        .split(|c: char| !c.is_ascii_alphanumeric())
        .map(str::to_ascii_lowercase)
        .filter(|w| !w.is_empty() && !GENERIC_WORDS.contains(&w.as_str()))
        .take(3)
        .collect();
    if !words.is_empty() {
        return Some(words.join("-"));
    }
    let reading = crate::kana::to_romaji(company.name_kana)
        .to_ascii_lowercase()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(20)
        .collect::<String>();
    (reading.len() >= 3).then_some(reading)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_company_has_a_phone_and_distinct_domains() {
        let mut domains_seen = HashSet::new();
        let mut with_domain = 0;
        for company in edinet_companies() {
            let contact = listed_contact(company.corporate_number).expect("listed");
            assert!(contact.phone.digits().starts_with('0'));
            assert_eq!(contact.phone.digits().len(), 10, "{:?}", contact.phone);
            // Drawn from the number alone.
            assert_eq!(
                listed_contact(company.corporate_number),
                Some(contact.clone())
            );
            if let Some(domain) = contact.domain {
                with_domain += 1;
                assert!(domain.ends_with(".co.jp"), "{domain}");
                assert!(domains_seen.insert(domain.clone()), "{domain} twice");
            }
        }
        assert!(
            with_domain * 10 > edinet_companies().len() * 9,
            "{with_domain}"
        );
        assert_eq!(listed_contact("0000000000000"), None);
        assert_eq!(prefectures()[TOKYO].name, "東京都");
    }

    #[test]
    fn domains_are_made_of_the_distinctive_words() {
        let company = EdinetCompany {
            corporate_number: "1",
            name: "トヨタ自動車株式会社",
            name_kana: "トヨタジドウシャカブシキガイシャ",
            name_en: "TOYOTA MOTOR CORPORATION",
            prefecture: "愛知県",
            address: "豊田市トヨタ町1番地",
        };
        assert_eq!(domain_label(&company).as_deref(), Some("toyota-motor"));
        let no_english = EdinetCompany {
            name_en: "",
            ..company
        };
        let label = domain_label(&no_english).expect("a reading");
        assert!(label.starts_with("toyota"), "{label}");
    }
}
