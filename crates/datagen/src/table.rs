//! The company table generator: real EDINET companies plus a long synthetic
//! tail with the legal-form mix, homonyms and near duplicates of real registries,
//! and tenants sharing office buildings at the rate measured on the real list.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::address::Site;
use crate::calendar::civil_from_days;
use crate::company::{
    Company, Core, Origin, Place, Setting, corporate_number, draw_core, draw_legal_form,
    real_company, split_registered_name, synthetic_company,
};
use crate::legal_form::LEGAL_FORMS;
use crate::listed_contact::listed_contact;
use crate::real_eval::is_held_out_real;
use crate::reference::{edinet_companies, postal_towns};
use crate::rng::Rng;
use crate::vocab::{INDUSTRIES, PREFECTURE_WEIGHTS, SURNAMES};

/// Share of synthetic rows that take one of the planted popular names.
const POPULAR_SHARE: f64 = 0.04;
/// Share of synthetic rows named after a real company.
const NEAR_DUPLICATE_SHARE: f64 = 0.01;

/// Shared street addresses at the rates measured on the real EDINET list
/// (`docs/real-data-structure.md`): 31.4 % of the companies share their
/// street address with another, in groups of 2 (289 addresses), 3 (96),
/// 4–5 (80), 6–10 (36) and 11–17 (5), 3.04 companies an address on
/// average. A synthetic row joins an open building with probability
/// [`SITE_JOIN_SHARE`] (the 2nd, 3rd … tenants: 31.4 % × 2.04 / 3.04), and a
/// row that does not opens one with probability [`SITE_OPEN_SHARE`] (the
/// first tenants, 10.3 % of all rows, of the 78.9 % that do not join).
const SITE_JOIN_SHARE: f64 = 0.211;
/// See [`SITE_JOIN_SHARE`].
const SITE_OPEN_SHARE: f64 = 0.131;
/// Companies at one shared address: (smallest, largest, number of measured
/// addresses in that range).
const SITE_SIZES: [(u32, u32, f64); 5] = [
    (2, 2, 289.0),
    (3, 3, 96.0),
    (4, 5, 80.0),
    (6, 10, 36.0),
    (11, 17, 5.0),
];

/// A building with room for more tenants.
#[derive(Debug, Clone)]
struct OpenSite {
    /// Index into [`postal_towns`].
    town: usize,
    site: Site,
    /// Tenants still to come.
    remaining: u32,
}

/// How many companies a new shared address will hold.
fn draw_site_size(rng: &mut Rng) -> u32 {
    let weights: Vec<f64> = SITE_SIZES.iter().map(|s| s.2).collect();
    let (low, high, _) = SITE_SIZES[rng.weighted(&weights)];
    rng.range(low, high)
}

/// Industries of the planted popular names (the classic homonyms).
const POPULAR_INDUSTRIES: [&str; 10] = [
    "工務店",
    "建設",
    "商店",
    "運送",
    "電気工事",
    "商事",
    "工業",
    "設備",
    "塗装",
    "不動産",
];
/// Words that make a subsidiary-like name from a real one.
const AFFILIATE_WORDS: [(&str, &str, &str); 8] = [
    ("販売", "ハンバイ", "Sales"),
    ("サービス", "サービス", "Services"),
    ("ホールディングス", "ホールディングス", "Holdings"),
    ("エンジニアリング", "エンジニアリング", "Engineering"),
    ("物流", "ブツリュウ", "Logistics"),
    ("テクノ", "テクノ", "Techno"),
    ("ビジネスサポート", "ビジネスサポート", "Business Support"),
    ("不動産", "フドウサン", "Real Estate"),
];

/// Hashes of what the table holds, so held-out companies can be made that are
/// truly absent (no same name in the same city, no shared phone).
#[derive(Debug, Default)]
pub struct Fingerprints {
    names_in_city: HashMap<u64, u32>,
    cores: HashMap<u64, u32>,
    phones: HashSet<u64>,
    ids: HashSet<u64>,
}

fn fingerprint<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

impl Fingerprints {
    fn record(&mut self, company: &Company) {
        *self
            .names_in_city
            .entry(name_city_key(company))
            .or_default() += 1;
        *self
            .cores
            .entry(fingerprint(company.core.as_str()))
            .or_default() += 1;
        if let Some(phone) = &company.phone {
            self.phones.insert(fingerprint(&phone.digits()));
        }
    }

    /// Whether a company with this name (any legal form) is in the same city.
    pub fn has_name_in_city(&self, company: &Company) -> bool {
        self.names_in_city.contains_key(&name_city_key(company))
    }

    /// How many rows share this company's core name and city.
    pub fn same_name_in_city(&self, company: &Company) -> u32 {
        self.names_in_city
            .get(&name_city_key(company))
            .copied()
            .unwrap_or(0)
    }

    /// How many rows share this company's core name, anywhere.
    pub fn same_core(&self, company: &Company) -> u32 {
        self.cores
            .get(&fingerprint(company.core.as_str()))
            .copied()
            .unwrap_or(0)
    }

    /// Whether a row of the table has the core of this registered name
    /// (any legal form).
    pub fn carries_core_of(&self, name: &str) -> bool {
        let (_, _, core) = split_registered_name(name);
        self.cores.contains_key(&fingerprint(core.as_str()))
    }

    /// Whether a company of the table has this phone number.
    pub fn has_phone(&self, digits: &str) -> bool {
        self.phones.contains(&fingerprint(digits))
    }
}

fn name_city_key(company: &Company) -> u64 {
    let city = company
        .address
        .as_ref()
        .map(|a| a.city.as_str())
        .unwrap_or("");
    fingerprint(&(company.core.as_str(), company.prefecture, city))
}

/// Configuration of a generated table.
#[derive(Debug, Clone, Copy)]
pub struct TableConfig {
    /// Number of rows.
    pub rows: usize,
    /// Seed: the same seed and row count give the same table.
    pub seed: u64,
}

/// Streams the companies of a generated table, deterministically.
pub struct TableGenerator {
    config: TableConfig,
    rng: Rng,
    places: Vec<Place>,
    towns_by_prefecture: Vec<Vec<usize>>,
    popular: Vec<(Core, usize)>,
    real_count: usize,
    /// Indices into the EDINET list of the real rows, in table order.
    real_rows: Vec<usize>,
    produced: usize,
    fingerprints: Fingerprints,
    open_sites: Vec<OpenSite>,
}

impl TableGenerator {
    /// A generator for `config`.
    pub fn new(config: TableConfig) -> Self {
        let mut rng = Rng::new(config.seed, 1);
        let places = plain_city_places();
        let mut towns_by_prefecture = vec![Vec::new(); 47];
        for (i, town) in postal_towns().iter().enumerate() {
            if is_building(&town.town) {
                continue;
            }
            if let Some(list) = towns_by_prefecture.get_mut(town.prefecture) {
                list.push(i);
            }
        }
        let popular = popular_names(&mut rng);
        // Real companies the table holds: all but the held-out fifth (the
        // absent companies of the real-anchored development set).
        let mut real_rows: Vec<usize> = (0..edinet_companies().len())
            .filter(|&i| !is_held_out_real(edinet_companies()[i].corporate_number))
            .collect();
        real_rows.truncate(config.rows / 5);
        let real_count = real_rows.len();
        Self {
            config,
            rng,
            places,
            towns_by_prefecture,
            popular,
            real_count,
            real_rows,
            produced: 0,
            fingerprints: Fingerprints::default(),
            open_sites: Vec::new(),
        }
    }

    /// What the rows produced so far hold.
    pub fn fingerprints(&self) -> &Fingerprints {
        &self.fingerprints
    }

    /// The place stems names are made from.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// Makes a synthetic company that is not (and will not be) in the table:
    /// drawn from `rng`, the same way as table rows, and checked against what the
    /// table holds. `popular` asks for one of the planted homonym names.
    pub fn held_out_company(&mut self, rng: &mut Rng, popular: bool) -> Company {
        loop {
            let company = if popular {
                let (core, form) = self.popular[rng.below(self.popular.len())].clone();
                self.synthetic_with(rng, core, form, Origin::Popular, false)
            } else {
                let form = draw_legal_form(rng);
                let core = draw_core(rng, form, &self.places);
                self.synthetic_with(rng, core, form, Origin::Synthetic, false)
            };
            let phone_taken = company
                .phone
                .as_ref()
                .is_some_and(|p| self.fingerprints.has_phone(&p.digits()));
            if !self.fingerprints.has_name_in_city(&company) && !phone_taken {
                return company;
            }
        }
    }

    /// A valid 法人番号 that no row of the table has (nor any drawn before):
    /// the number of a company that is not in the table.
    pub fn unused_id(&mut self, rng: &mut Rng) -> String {
        self.fresh_id(rng)
    }

    /// A fresh 法人番号 not used by any row.
    fn fresh_id(&mut self, rng: &mut Rng) -> String {
        loop {
            let id = corporate_number(rng.next_u64() % 1_000_000_000_000);
            if self.fingerprints.ids.insert(fingerprint(&id)) {
                return id;
            }
        }
    }

    fn synthetic_with(
        &mut self,
        rng: &mut Rng,
        core: Core,
        form: usize,
        origin: Origin,
        in_table: bool,
    ) -> Company {
        let (town, site) = if in_table {
            self.place_in_table(rng)
        } else {
            (self.draw_town(rng), None)
        };
        let town = &postal_towns()[town];
        let id = if in_table {
            self.fresh_id(rng)
        } else {
            String::new()
        };
        let setting = Setting {
            town,
            id,
            updated_at: draw_timestamp(rng),
            site: site.as_ref(),
        };
        synthetic_company(rng, core, form, setting, origin)
    }

    /// A postal town (index into [`postal_towns`]) drawn by prefecture weight.
    fn draw_town(&self, rng: &mut Rng) -> usize {
        let prefecture = rng.weighted(&PREFECTURE_WEIGHTS);
        let towns = &self.towns_by_prefecture[prefecture];
        towns[rng.below(towns.len())]
    }

    /// Where a table row sits: a tenant of an open building, the first
    /// tenant of a new one, or an address of its own (see
    /// [`SITE_JOIN_SHARE`]).
    fn place_in_table(&mut self, rng: &mut Rng) -> (usize, Option<Site>) {
        if !self.open_sites.is_empty() && rng.chance(SITE_JOIN_SHARE) {
            let k = rng.below(self.open_sites.len());
            let open = &mut self.open_sites[k];
            let placed = (open.town, Some(open.site.clone()));
            open.remaining -= 1;
            if open.remaining == 0 {
                self.open_sites.swap_remove(k);
            }
            return placed;
        }
        let town = self.draw_town(rng);
        if !rng.chance(SITE_OPEN_SHARE) {
            return (town, None);
        }
        let site = Site::draw(rng, !postal_towns()[town].town.is_empty());
        let remaining = draw_site_size(rng) - 1;
        self.open_sites.push(OpenSite {
            town,
            site: site.clone(),
            remaining,
        });
        (town, Some(site))
    }

    fn next_synthetic(&mut self) -> Company {
        let mut rng = self.rng.clone();
        let roll = rng.unit();
        let real_pool = self.real_count.max(1);
        let company = if roll < POPULAR_SHARE {
            let (core, form) = self.popular[rng.below(self.popular.len())].clone();
            self.synthetic_with(&mut rng, core, form, Origin::Popular, true)
        } else if roll < POPULAR_SHARE + NEAR_DUPLICATE_SHARE && self.real_count > 0 {
            // A real company of this table (never one held out of it).
            let real_row = self.real_rows[rng.below(real_pool)];
            let real = real_company(&edinet_companies()[real_row], String::new());
            let (core, form) = affiliate_of(&mut rng, &real);
            self.synthetic_with(&mut rng, core, form, Origin::NearDuplicate, true)
        } else {
            let form = draw_legal_form(&mut rng);
            let core = draw_core(&mut rng, form, &self.places);
            self.synthetic_with(&mut rng, core, form, Origin::Synthetic, true)
        };
        self.rng = rng;
        company
    }
}

impl Iterator for TableGenerator {
    type Item = Company;

    fn next(&mut self) -> Option<Company> {
        if self.produced >= self.config.rows {
            return None;
        }
        let company = if self.produced < self.real_count {
            let edinet = &edinet_companies()[self.real_rows[self.produced]];
            let mut rng = self.rng.clone();
            let company = real_company(edinet, draw_timestamp(&mut rng));
            self.rng = rng;
            self.fingerprints.ids.insert(fingerprint(&company.id));
            // The phone the written row will carry (see `listed_contact`):
            // no held-out company may share it.
            if let Some(contact) = listed_contact(&company.id) {
                self.fingerprints
                    .phones
                    .insert(fingerprint(&contact.phone.digits()));
            }
            company
        } else {
            self.next_synthetic()
        };
        self.fingerprints.record(&company);
        self.produced += 1;
        Some(company)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.config.rows - self.produced;
        (left, Some(left))
    }
}

/// Japan Post gives large office buildings postal codes of their own; a
/// company address is drawn from ordinary towns only.
fn is_building(town: &str) -> bool {
    const MARKS: [&str; 10] = [
        "ビル",
        "タワー",
        "ヒルズ",
        "スクエア",
        "プレイス",
        "ゲート",
        "Ｂｉｚ",
        "フォレスト",
        "トリトン",
        "テラス",
    ];
    MARKS.iter().any(|m| town.contains(m))
        || town
            .char_indices()
            .any(|(i, _)| i > 0 && town[i..].starts_with("センター"))
}

/// A near duplicate of a real company: its core with an affiliate word, or the
/// same core under another legal form.
fn affiliate_of(rng: &mut Rng, real: &Company) -> (Core, usize) {
    let reading = real.core_reading.clone().unwrap_or_default();
    if rng.chance(0.3) {
        let form = if real.legal_form == Some(0) { 1 } else { 0 };
        let core = Core {
            text: real.core.clone(),
            reading,
            romaji: real.core_romaji.clone(),
        };
        return (core, form);
    }
    let (word, word_reading, word_romaji) = *rng.pick(&AFFILIATE_WORDS);
    let core = Core {
        text: format!("{}{word}", real.core),
        reading: format!("{reading}{word_reading}"),
        romaji: format!("{} {word_romaji}", real.core_romaji),
    };
    (core, 0)
}

/// The planted popular names: frequent surnames × classic trades.
fn popular_names(rng: &mut Rng) -> Vec<(Core, usize)> {
    let mut names = Vec::new();
    for surname in &SURNAMES[..30] {
        for trade in POPULAR_INDUSTRIES {
            let Some(industry) = INDUSTRIES.iter().find(|w| w.0 == trade) else {
                continue;
            };
            let core = Core {
                text: format!("{}{}", surname.0, industry.0),
                reading: format!("{}{}", surname.1, industry.1),
                romaji: format!("{} {}", surname.2, industry.2),
            };
            let form = if rng.chance(0.65) { 0 } else { 1 };
            names.push((core, form));
        }
    }
    names
}

/// Place stems from plain cities (`横浜市` → `横浜`, `ヨコハマ`).
fn plain_city_places() -> Vec<Place> {
    const CITIES_TSV: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/cities.tsv"
    ));
    let mut places: Vec<Place> = CITIES_TSV
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let (_, city, kana) = (fields.next()?, fields.next()?, fields.next()?);
            let stem = city.strip_suffix('市')?;
            let reading = kana.strip_suffix('シ')?;
            (!stem.contains(['市', '区', '郡']) && stem.chars().count() >= 2).then(|| Place {
                text: stem.to_owned(),
                reading: reading.to_owned(),
            })
        })
        .collect();
    places.dedup_by(|a, b| a.text == b.text);
    places
}

/// An ISO-8601 UTC timestamp between 2019-01-01 and 2026-10-31.
fn draw_timestamp(rng: &mut Rng) -> String {
    const START_DAY: u32 = 17_897; // 2019-01-01
    const DAYS: u32 = 2_860;
    let day = START_DAY + rng.range(0, DAYS);
    let (y, m, d) = civil_from_days(i64::from(day));
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rng.range(0, 23),
        rng.range(0, 59),
        rng.range(0, 59)
    )
}

/// The canonical spelling of a legal form index, `(none)` without one.
pub fn legal_form_name(index: Option<usize>) -> &'static str {
    index.map_or("(none)", |i| LEGAL_FORMS[i].name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::company::is_valid_corporate_number;

    #[test]
    fn same_seed_same_table_other_seed_other_table() {
        let a: Vec<String> = TableGenerator::new(TableConfig { rows: 300, seed: 5 })
            .map(|c| format!("{:?}", c.record()))
            .collect();
        let b: Vec<String> = TableGenerator::new(TableConfig { rows: 300, seed: 5 })
            .map(|c| format!("{:?}", c.record()))
            .collect();
        let c: Vec<String> = TableGenerator::new(TableConfig { rows: 300, seed: 6 })
            .map(|c| format!("{:?}", c.record()))
            .collect();
        assert_eq!(a.len(), 300);
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn rows_are_valid_and_ids_unique() {
        let companies: Vec<Company> = TableGenerator::new(TableConfig {
            rows: 5_000,
            seed: 1,
        })
        .collect();
        let ids: HashSet<&str> = companies.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids.len(), companies.len());
        assert!(
            companies.iter().all(|c| is_valid_corporate_number(&c.id)),
            "check digits"
        );
        assert!(companies.iter().all(|c| !c.name.is_empty()));
        let real = companies
            .iter()
            .filter(|c| c.origin == Origin::Real)
            .count();
        assert_eq!(real, 1_000);
    }

    #[test]
    fn legal_form_mix_follows_the_registry() {
        let synthetic: Vec<Company> = TableGenerator::new(TableConfig {
            rows: 20_000,
            seed: 2,
        })
        .filter(|c| c.origin == Origin::Synthetic)
        .collect();
        let share = |name: &str| {
            synthetic
                .iter()
                .filter(|c| legal_form_name(c.legal_form) == name)
                .count() as f64
                / synthetic.len() as f64
        };
        assert!(
            (0.50..0.60).contains(&share("株式会社")),
            "{}",
            share("株式会社")
        );
        assert!(
            (0.17..0.23).contains(&share("有限会社")),
            "{}",
            share("有限会社")
        );
        assert!(
            (0.06..0.10).contains(&share("合同会社")),
            "{}",
            share("合同会社")
        );
    }

    #[test]
    fn popular_names_make_homonyms_across_prefectures() {
        let companies: Vec<Company> = TableGenerator::new(TableConfig {
            rows: 100_000,
            seed: 3,
        })
        .collect();
        let mut counts = std::collections::HashMap::new();
        for c in companies.iter().filter(|c| c.origin == Origin::Popular) {
            *counts.entry(c.core.clone()).or_insert(0usize) += 1;
        }
        let most = counts.values().max().copied().unwrap_or(0);
        assert!(
            most >= 10,
            "most frequent popular name appears {most} times"
        );
    }

    #[test]
    fn held_out_companies_are_absent() {
        let mut generator = TableGenerator::new(TableConfig {
            rows: 20_000,
            seed: 4,
        });
        let table: Vec<Company> = generator.by_ref().collect();
        let mut rng = Rng::new(4, 99);
        for popular in [false, true] {
            for _ in 0..50 {
                let absent = generator.held_out_company(&mut rng, popular);
                let clash = table.iter().any(|c| {
                    c.core == absent.core
                        && c.address.as_ref().map(|a| &a.city)
                            == absent.address.as_ref().map(|a| &a.city)
                        && c.prefecture == absent.prefecture
                });
                assert!(!clash, "{} in {:?}", absent.name, absent.address);
            }
        }
    }

    #[test]
    fn street_addresses_are_shared_at_the_measured_rate() {
        use crate::structure::{StructureInput, measure_sharing};
        let rows: Vec<(String, String)> = TableGenerator::new(TableConfig {
            rows: 20_000,
            seed: 5,
        })
        .filter(|c| c.origin != Origin::Real)
        .map(|c| (c.name, c.address_text.unwrap_or_default()))
        .collect();
        let inputs: Vec<StructureInput<'_>> = rows
            .iter()
            .map(|(name, address)| StructureInput { name, address })
            .collect();
        let s = measure_sharing(&inputs);
        let shared = s.addresses.sharing as f64 / s.addresses.with_key as f64;
        // 31.4 % on the real list.
        assert!((0.27..=0.36).contains(&shared), "{shared}");
        let largest = s.addresses.group_sizes.keys().last().copied().unwrap_or(0);
        assert!(
            (11..=20).contains(&largest),
            "{:?}",
            s.addresses.group_sizes
        );
    }

    #[test]
    fn office_buildings_are_not_towns() {
        assert!(is_building("丸の内新丸の内ビルディング"));
        assert!(is_building("赤坂Ｂｉｚタワー"));
        assert!(!is_building("センター北"));
        assert!(!is_building("仲町台"));
    }
}
