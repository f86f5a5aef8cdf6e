//! The development evaluation set: client rows written the way real client
//! lists write companies, each with its ground truth and category.
//!
//! This noise process exists for measuring only. Training must use its own,
//! independently written noise model (in `crates/train`), so that accuracy
//! measured here is not accuracy on the training distribution.

use crate::address::{AddressStyle, NOTATIONS};
use crate::company::{Company, Origin, bank_style, draw_business_core};
use crate::kana::{to_full_width_ascii, to_half_width, to_hiragana};
use crate::legal_form::{FormKind, LEGAL_FORMS};
use crate::reference::prefectures;
use crate::rng::Rng;
use crate::table::TableGenerator;
use crate::vocab::VARIANT_KANJI;

mod identifiers;

/// The kinds of variation the evaluation set covers, reported separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// The official name as registered.
    Exact,
    /// The legal form in another spelling or position, or left out.
    LegalForm,
    /// Half-width kana, full-width letters, spaces.
    WidthSpacing,
    /// The name written as its reading (katakana, hiragana, half-width, bank style).
    Kana,
    /// The English name.
    English,
    /// A branch, department or addressee suffix glued to the name.
    Branch,
    /// Variant kanji (髙/高, 﨑/崎…).
    VariantKanji,
    /// One OCR confusion (カ/力, ロ/口…), a dropped or swapped character.
    Typo,
    /// The address in another notation.
    AddressNotation,
    /// A weak (shortened) name with a phone number or web address.
    ContactWeakName,
    /// A name shared by many companies; only the address or phone decides.
    Homonym,
    /// The company's former name with its address and phone.
    Renamed,
    /// Several variations at once.
    Mixed,
    /// A company that is not in the table.
    Absent,
    /// A name (or nothing else) with the company's 法人番号 or invoice
    /// number, written as client lists do.
    Number,
    /// A name with a mistyped number: one slip the check digit catches, or
    /// the number of another company in the table.
    NumberMistyped,
    /// A company that is not in the table, with its own 法人番号.
    NumberAbsent,
    /// No name: a phone number or a web address (web forms, e-mail
    /// signatures), now and then an address.
    PhoneOrUrlOnly,
}

impl Category {
    /// Every category, in report order: the sampled ones, then the
    /// identifier categories.
    pub const ALL: [Category; 18] = {
        let mut all = [Category::Exact; 18];
        let mut i = 0;
        while i < Self::SAMPLED.len() {
            all[i] = Self::SAMPLED[i];
            i += 1;
        }
        let mut j = 0;
        while j < Self::IDENTIFIER.len() {
            all[Self::SAMPLED.len() + j] = Self::IDENTIFIER[j];
            j += 1;
        }
        all
    };

    /// The identifier categories ([`identifiers`]).
    const IDENTIFIER: [Category; 4] = [
        Self::Number,
        Self::NumberMistyped,
        Self::NumberAbsent,
        Self::PhoneOrUrlOnly,
    ];

    /// The categories drawn by weight from one stream; the identifier
    /// categories ([`identifiers`]) have their own and come after them, so
    /// adding those left every other row as it was.
    const SAMPLED: [Category; 14] = [
        Self::Exact,
        Self::LegalForm,
        Self::WidthSpacing,
        Self::Kana,
        Self::English,
        Self::Branch,
        Self::VariantKanji,
        Self::Typo,
        Self::AddressNotation,
        Self::ContactWeakName,
        Self::Homonym,
        Self::Renamed,
        Self::Mixed,
        Self::Absent,
    ];

    /// The name used in `truth.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::LegalForm => "legal_form",
            Self::WidthSpacing => "width_spacing",
            Self::Kana => "kana",
            Self::English => "english",
            Self::Branch => "branch",
            Self::VariantKanji => "variant_kanji",
            Self::Typo => "typo",
            Self::AddressNotation => "address_notation",
            Self::ContactWeakName => "contact_weak_name",
            Self::Homonym => "homonym",
            Self::Renamed => "renamed",
            Self::Mixed => "mixed",
            Self::Absent => "absent",
            Self::Number => "number",
            Self::NumberMistyped => "number_mistyped",
            Self::NumberAbsent => "number_absent",
            Self::PhoneOrUrlOnly => "phone_or_url_only",
        }
    }

    /// Share of the evaluation set (relative weight).
    fn weight(self) -> f64 {
        match self {
            Self::Exact | Self::WidthSpacing | Self::Kana | Self::ContactWeakName => 6.0,
            Self::English | Self::VariantKanji => 5.0,
            Self::LegalForm | Self::Homonym | Self::Mixed => 8.0,
            Self::Branch | Self::Typo | Self::AddressNotation => 7.0,
            Self::Renamed => 3.0,
            Self::Absent => 14.0,
            Self::Number | Self::NumberMistyped | Self::NumberAbsent | Self::PhoneOrUrlOnly => 0.0,
        }
    }

    /// Whether a table company can be the truth of a query of this category.
    fn accepts(self, c: &Company) -> bool {
        let plain = c.origin != Origin::Popular;
        match self {
            Self::Exact | Self::WidthSpacing | Self::Branch | Self::Mixed => plain,
            Self::LegalForm => plain && c.legal_form.is_some(),
            Self::Kana => plain && c.name_kana.is_some() && c.core_reading.is_some(),
            Self::English => plain && c.name_en.is_some(),
            Self::VariantKanji => plain && variant_swap_candidates(&c.core).next().is_some(),
            Self::Typo => plain && c.core.chars().count() >= 3,
            Self::AddressNotation => plain && c.address.is_some(),
            Self::ContactWeakName => plain && (c.phone.is_some() || c.domain.is_some()),
            Self::Homonym => c.origin == Origin::Popular,
            Self::Renamed => plain && c.address.is_some() && c.phone.is_some(),
            Self::Number | Self::NumberMistyped => true,
            Self::PhoneOrUrlOnly => plain && (c.phone.is_some() || c.domain.is_some()),
            Self::Absent | Self::NumberAbsent => false,
        }
    }
}

/// One client row of the evaluation set (CONTRACTS §2 columns).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// `client_id`.
    pub client_id: String,
    /// `name`.
    pub name: String,
    /// `address`.
    pub address: String,
    /// `phone`.
    pub phone: String,
    /// `url`.
    pub url: String,
    /// `corporate_number` (empty but in the identifier categories).
    pub corporate_number: String,
    /// `invoice_number` (empty but in the identifier categories).
    pub invoice_number: String,
}

/// The ground truth of one query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Truth {
    /// `client_id`.
    pub client_id: String,
    /// The company's id, or empty when it is not in the table.
    pub true_id: String,
    /// Category.
    pub category: Category,
}

/// Samples table companies per category while the table streams by
/// (reservoir sampling, so memory stays at the evaluation set's size).
pub struct EvalSampler {
    identifiers: identifiers::IdentifierSampler,
    rng: Rng,
    targets: Vec<(Category, usize)>,
    reservoirs: Vec<Vec<Company>>,
    seen: Vec<u64>,
}

impl EvalSampler {
    /// A sampler for an evaluation set of `queries` rows.
    pub fn new(seed: u64, queries: usize) -> Self {
        let total: f64 = Category::SAMPLED.iter().map(|c| c.weight()).sum();
        let targets: Vec<(Category, usize)> = Category::SAMPLED
            .iter()
            .map(|&c| (c, ((queries as f64) * c.weight() / total).round() as usize))
            .collect();
        Self {
            identifiers: identifiers::IdentifierSampler::new(seed, queries),
            rng: Rng::new(seed, 2),
            reservoirs: vec![Vec::new(); targets.len()],
            seen: vec![0; targets.len()],
            targets,
        }
    }

    /// Considers one table company.
    pub fn observe(&mut self, company: &Company) {
        self.identifiers.observe(company);
        for (i, (category, target)) in self.targets.iter().enumerate() {
            if *target == 0 || !category.accepts(company) {
                continue;
            }
            self.seen[i] += 1;
            let reservoir = &mut self.reservoirs[i];
            if reservoir.len() < *target {
                reservoir.push(company.clone());
            } else {
                let j = self.rng.below(self.seen[i] as usize);
                if j < *target {
                    reservoir[j] = company.clone();
                }
            }
        }
    }

    /// Writes the queries once the whole table has been generated.
    pub fn finish(mut self, table: &mut TableGenerator) -> Vec<(Query, Truth)> {
        let mut items = Vec::new();
        let mut noise = Noise {
            rng: self.rng.clone(),
            fingerprints: None,
        };
        for (i, (category, target)) in self.targets.iter().enumerate() {
            if *category == Category::Absent {
                let mut absent_rng = Rng::new(self.rng.next_u64(), 3);
                for n in 0..*target {
                    let company = table.held_out_company(&mut absent_rng, n % 5 < 2);
                    let query = noise.absent(&company);
                    items.push((query, String::new(), *category));
                }
                continue;
            }
            for company in &self.reservoirs[i] {
                noise.fingerprints = Some((
                    table.fingerprints().same_core(company),
                    table.fingerprints().same_name_in_city(company),
                ));
                let query = noise.render(*category, company, table);
                items.push((query, company.id.clone(), *category));
            }
        }
        // Mix the categories, then number the rows; the identifier rows
        // come last, mixed among themselves.
        for i in (1..items.len()).rev() {
            let j = self.rng.below(i + 1);
            items.swap(i, j);
        }
        items.extend(self.identifiers.finish(table));
        items
            .into_iter()
            .enumerate()
            .map(|(n, (mut query, true_id, category))| {
                let client_id = format!("Q{:06}", n + 1);
                query.client_id = client_id.clone();
                let truth = Truth {
                    client_id,
                    true_id,
                    category,
                };
                (query, truth)
            })
            .collect()
    }
}

/// Characters of a core that have a variant form (either direction).
fn variant_swap_candidates(core: &str) -> impl Iterator<Item = (char, char)> + '_ {
    core.chars().filter_map(|c| {
        VARIANT_KANJI.iter().find_map(|&(common, variant)| {
            if c == common {
                Some((common, variant))
            } else if c == variant {
                Some((variant, common))
            } else {
                None
            }
        })
    })
}

/// Visual confusions OCR and hurried typing produce.
const CONFUSIONS: &[(char, char)] = &[
    ('カ', '力'),
    ('力', 'カ'),
    ('ロ', '口'),
    ('口', 'ロ'),
    ('ー', '一'),
    ('一', 'ー'),
    ('エ', '工'),
    ('工', 'エ'),
    ('ニ', '二'),
    ('二', 'ニ'),
    ('ト', '卜'),
    ('ハ', '八'),
    ('八', 'ハ'),
    ('タ', '夕'),
    ('夕', 'タ'),
    ('へ', 'ヘ'),
    ('オ', '才'),
    ('チ', '千'),
    ('士', '土'),
    ('土', '士'),
    ('未', '末'),
    ('大', '太'),
    ('人', '入'),
    ('シ', 'ツ'),
    ('ソ', 'ン'),
    ('ン', 'ソ'),
    ('ツ', 'シ'),
    ('ク', 'ケ'),
    ('日', '曰'),
    ('王', '玉'),
];

/// Branch, department and addressee suffixes clients glue to names.
const BRANCHES: &[&str] = &[
    "本社",
    "本店",
    "東京支店",
    "大阪支店",
    "名古屋営業所",
    "横浜支社",
    "福岡出張所",
    "営業部",
    "総務部",
    "経理部 御中",
    "御中",
    "様",
    "（本社）",
    "【本店】",
    "第二工場",
    "技術研究所",
    "物流センター",
    "仙台事業所",
    "札幌支店",
    "人事課",
];

struct Noise {
    rng: Rng,
    /// (rows sharing the core, rows sharing core and city) of the current truth.
    fingerprints: Option<(u32, u32)>,
}

impl Noise {
    fn render(&mut self, category: Category, c: &Company, table: &TableGenerator) -> Query {
        let (same_core, same_in_city) = self.fingerprints.unwrap_or((1, 1));
        // Client rows carry an address most of the time; a name shared by other
        // companies always comes with one (and with the phone when the city is
        // shared too), or the truth would be undecidable.
        let mut want_address = self.rng.chance(0.85) || same_core > 1;
        let mut want_phone = self.rng.chance(0.3) || same_in_city > 1;
        let mut want_url = self.rng.chance(0.1);
        let mut address_style = self.query_address_style(None);
        let name = match category {
            Category::Exact => c.name.clone(),
            Category::LegalForm => self.legal_form_variant(c),
            Category::WidthSpacing => self.width_variant(&c.name),
            Category::Kana => self.kana_variant(c),
            Category::English => self.english_variant(c),
            Category::Branch => self.branch_variant(&c.name),
            Category::VariantKanji => self.variant_kanji(c),
            Category::Typo => self.typo(c),
            Category::AddressNotation => {
                want_address = true;
                address_style = self.query_address_style(c.address.as_ref().map(|_| c));
                if self.rng.chance(0.5) {
                    c.name.clone()
                } else {
                    self.legal_form_variant(c)
                }
            }
            Category::ContactWeakName => {
                want_phone = c.phone.is_some();
                want_url = c.domain.is_some() && (!want_phone || self.rng.chance(0.4));
                want_address = self.rng.chance(0.3);
                self.weak_name(c)
            }
            Category::Homonym => {
                if self.rng.chance(0.8) || c.phone.is_none() {
                    want_address = true;
                } else {
                    want_phone = true;
                    want_address = false;
                }
                if self.rng.chance(0.5) {
                    c.name.clone()
                } else {
                    self.legal_form_variant(c)
                }
            }
            Category::Renamed => {
                want_address = true;
                want_phone = true;
                let former = draw_business_core(&mut self.rng, table.places());
                c.name.replace(&c.core, &former.text)
            }
            Category::Mixed => self.mixed(c),
            // The identifier categories write their names with the other
            // categories' noise (see `identifiers`).
            Category::Absent
            | Category::Number
            | Category::NumberMistyped
            | Category::NumberAbsent
            | Category::PhoneOrUrlOnly => c.name.clone(),
        };
        Query {
            name,
            address: if want_address {
                self.address(c, address_style)
            } else {
                String::new()
            },
            phone: if want_phone {
                self.phone(c)
            } else {
                String::new()
            },
            url: if want_url { self.url(c) } else { String::new() },
            ..Query::default()
        }
    }

    fn absent(&mut self, c: &Company) -> Query {
        let name = match self.rng.below(4) {
            0 => self.legal_form_variant(c),
            1 => self.width_variant(&c.name),
            _ => c.name.clone(),
        };
        let style = self.query_address_style(None);
        Query {
            name,
            address: if self.rng.chance(0.9) {
                self.address(c, style)
            } else {
                String::new()
            },
            phone: if self.rng.chance(0.3) {
                self.phone(c)
            } else {
                String::new()
            },
            ..Query::default()
        }
    }

    /// A random query address style; with `differ_from`, one that differs from
    /// how the table writes that company's address.
    fn query_address_style(&mut self, differ_from: Option<&Company>) -> AddressStyle {
        let mut style = AddressStyle {
            notation: NOTATIONS[self.rng.below(NOTATIONS.len())],
            with_prefecture: self.rng.chance(0.7),
            with_building: self.rng.chance(0.5),
        };
        if let Some(company) = differ_from
            && let (Some(address), Some(table_text)) = (&company.address, &company.address_text)
        {
            for _ in 0..8 {
                if address.render(style) != *table_text {
                    break;
                }
                style.notation = NOTATIONS[self.rng.below(NOTATIONS.len())];
                style.with_prefecture = !style.with_prefecture;
            }
        }
        style
    }

    fn address(&mut self, c: &Company, style: AddressStyle) -> String {
        let text = match &c.address {
            Some(address) => address.render(style),
            None => {
                let raw = c.address_text.clone().unwrap_or_default();
                let without_prefecture = c
                    .prefecture
                    .and_then(|p| raw.strip_prefix(prefectures()[p].name))
                    .map(str::to_owned);
                match (style.with_prefecture, without_prefecture) {
                    (false, Some(rest)) => rest,
                    _ => raw,
                }
            }
        };
        let postal = c.address.as_ref().map(|a| a.postal_code.clone());
        match postal {
            Some(code) if self.rng.chance(0.15) => {
                format!("〒{}-{} {text}", &code[..3], &code[3..])
            }
            _ => text,
        }
    }

    fn phone(&mut self, c: &Company) -> String {
        c.phone
            .as_ref()
            .map(|p| p.render(self.rng.below(6)))
            .unwrap_or_default()
    }

    fn url(&mut self, c: &Company) -> String {
        let Some(domain) = &c.domain else {
            return String::new();
        };
        match self.rng.below(5) {
            0 => domain.clone(),
            1 => format!("https://www.{domain}/company/about.html"),
            2 => format!("info@{domain}"),
            3 => format!("http://{domain}"),
            _ => format!("www.{domain}/"),
        }
    }

    fn legal_form_variant(&mut self, c: &Company) -> String {
        let Some(form) = c.form() else {
            return c.name.clone();
        };
        let swap_position = form.kind == FormKind::Company && self.rng.chance(0.4);
        let first = c.form_first != swap_position;
        match self.rng.below(6) {
            0 => c.core.clone(),
            1 if form.kind == FormKind::Company => {
                let latin = self.rng.pick(form.english);
                format!("{} {latin}", c.core)
            }
            2 => {
                if first {
                    format!("{} {}", form.name, c.core)
                } else {
                    format!("{} {}", c.core, form.name)
                }
            }
            _ => {
                let abbreviation = self.rng.pick(form.abbreviations);
                c.name_with_form(abbreviation, first)
            }
        }
    }

    fn width_variant(&mut self, name: &str) -> String {
        let mut text = name.to_owned();
        let mut changed = false;
        if self.rng.chance(0.6) {
            let half = to_half_width(&text);
            changed |= half != text;
            text = half;
        }
        if self.rng.chance(0.5) || !changed {
            let full = to_full_width_ascii(&text);
            changed |= full != text;
            text = full;
        }
        if self.rng.chance(0.6) || !changed {
            text = insert_space(&mut self.rng, &text);
        }
        text
    }

    fn kana_variant(&mut self, c: &Company) -> String {
        let reading = c.core_reading.clone().unwrap_or_default();
        let form_reading = c.form().map(|f| f.reading).unwrap_or_default();
        let with_form = |first: bool| {
            if first {
                format!("{form_reading} {reading}")
            } else {
                format!("{reading} {form_reading}")
            }
        };
        match self.rng.below(5) {
            0 => reading,
            1 => to_hiragana(&reading),
            2 => to_half_width(&reading),
            3 => with_form(c.form_first),
            _ => bank_style(c).unwrap_or(reading),
        }
    }

    fn english_variant(&mut self, c: &Company) -> String {
        let english = c.name_en.clone().unwrap_or_default();
        match self.rng.below(5) {
            0 => english.to_uppercase(),
            1 => english.to_lowercase(),
            2 => english
                .replace("Co., Ltd.", "Co.,Ltd")
                .replace("CO., LTD.", "CO.,LTD")
                .replace("Corporation", "Corp."),
            3 => {
                let cut = [
                    "Co.",
                    "CO.",
                    "Corporation",
                    "CORPORATION",
                    "Inc.",
                    "K.K.",
                    "Ltd",
                    "LTD",
                ]
                .iter()
                .filter_map(|s| english.find(s))
                .min();
                match cut {
                    Some(i) if i > 0 => english[..i].trim_end_matches([' ', ',']).to_owned(),
                    _ => english,
                }
            }
            _ => english,
        }
    }

    fn branch_variant(&mut self, name: &str) -> String {
        let branch = self.rng.pick(BRANCHES);
        let separator = self.rng.pick(&["", " ", "\u{3000}"]);
        format!("{name}{separator}{branch}")
    }

    fn variant_kanji(&mut self, c: &Company) -> String {
        let swaps: Vec<(char, char)> = variant_swap_candidates(&c.core).collect();
        let (from, to) = swaps[self.rng.below(swaps.len())];
        let core = c.core.replace(from, &to.to_string());
        c.name.replace(&c.core, &core)
    }

    fn typo(&mut self, c: &Company) -> String {
        let chars: Vec<char> = c.core.chars().collect();
        let confusable: Vec<usize> = chars
            .iter()
            .enumerate()
            .filter(|(_, ch)| CONFUSIONS.iter().any(|(a, _)| a == *ch))
            .map(|(i, _)| i)
            .collect();
        let mut edited = chars.clone();
        if !confusable.is_empty() && self.rng.chance(0.6) {
            let i = confusable[self.rng.below(confusable.len())];
            if let Some((_, to)) = CONFUSIONS.iter().find(|(a, _)| *a == chars[i]) {
                edited[i] = *to;
            }
        } else if self.rng.chance(0.6) {
            edited.remove(self.rng.below(chars.len()));
        } else {
            let i = self.rng.below(chars.len() - 1);
            edited.swap(i, i + 1);
            if edited == chars {
                edited.remove(i);
            }
        }
        let core: String = edited.into_iter().collect();
        c.name.replace(&c.core, &core)
    }

    fn weak_name(&mut self, c: &Company) -> String {
        let chars: Vec<char> = c.core.chars().collect();
        let keep = (chars.len() * 3).div_ceil(5).max(2).min(chars.len());
        match self.rng.below(3) {
            0 => chars[..keep].iter().collect(),
            1 => c.core.clone(),
            _ => {
                let abbreviation = c
                    .form()
                    .and_then(|f| f.abbreviations.first().copied())
                    .unwrap_or("");
                format!("{}{abbreviation}", chars[..keep].iter().collect::<String>())
            }
        }
    }

    fn mixed(&mut self, c: &Company) -> String {
        let mut name = self.legal_form_variant(c);
        if self.rng.chance(0.6) {
            name = self.width_variant(&name);
        }
        if self.rng.chance(0.5) {
            name = self.branch_variant(&name);
        }
        if self.rng.chance(0.3)
            && let Some((from, to)) = variant_swap_candidates(&c.core).next()
        {
            name = name.replace(from, &to.to_string());
        }
        name
    }
}

/// Inserts a space between the legal form and the core, or inside the name.
fn insert_space(rng: &mut Rng, text: &str) -> String {
    let space = if rng.chance(0.5) { " " } else { "\u{3000}" };
    for form in LEGAL_FORMS {
        if let Some(rest) = text.strip_prefix(form.name) {
            return format!("{}{space}{rest}", form.name);
        }
        if let Some(rest) = text.strip_suffix(form.name) {
            return format!("{rest}{space}{}", form.name);
        }
    }
    let chars: Vec<char> = text.chars().collect();
    if chars.len() < 2 {
        return text.to_owned();
    }
    let at = 1 + rng.below(chars.len() - 1);
    let (head, tail) = chars.split_at(at);
    format!(
        "{}{space}{}",
        head.iter().collect::<String>(),
        tail.iter().collect::<String>()
    )
}
