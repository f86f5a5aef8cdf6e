//! One generated company: its structured parts (what the evaluation set's
//! noise works from) and its row in the table.

use nayose::CompanyRecord;

use crate::address::{Address, AddressStyle, NOTATIONS, Phone, Site};
use crate::kana::{to_half_width, to_romaji};
use crate::legal_form::{FormKind, LEGAL_FORMS, split_legal_form, strip_form_reading};
use crate::reference::{EdinetCompany, PostalTown, prefectures};
use crate::rng::Rng;
use crate::vocab::{
    AREA_CODES, COINAGE_ENDINGS, COINAGE_SYLLABLES, INDUSTRIES, LATIN_LETTERS, LETTER_READINGS,
    NPO_CAUSES, STEMS, SURNAMES, VIRTUE_KANJI, Word,
};

/// Where a company came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A real company from the EDINET list.
    Real,
    /// A synthetic small firm.
    Synthetic,
    /// A synthetic firm whose name is one of the planted popular names (homonyms).
    Popular,
    /// A synthetic firm named after a real one (a subsidiary-like near duplicate).
    NearDuplicate,
}

/// A generated company with everything the noise process needs.
#[derive(Debug, Clone)]
pub struct Company {
    /// 法人番号.
    pub id: String,
    /// The name without legal form.
    pub core: String,
    /// Reading of the core, katakana.
    pub core_reading: Option<String>,
    /// Romanised core (for English names and domains).
    pub core_romaji: String,
    /// Index into [`LEGAL_FORMS`].
    pub legal_form: Option<usize>,
    /// Whether the legal form comes first (前株).
    pub form_first: bool,
    /// Official name.
    pub name: String,
    /// Reading as stored in the table.
    pub name_kana: Option<String>,
    /// English name as stored.
    pub name_en: Option<String>,
    /// Structured address (synthetic companies).
    pub address: Option<Address>,
    /// Address as stored.
    pub address_text: Option<String>,
    /// Prefecture index, when known.
    pub prefecture: Option<usize>,
    /// Phone (synthetic companies).
    pub phone: Option<Phone>,
    /// Phone as stored.
    pub phone_text: Option<String>,
    /// Registrable domain.
    pub domain: Option<String>,
    /// URL as stored.
    pub url_text: Option<String>,
    /// Postal code as stored.
    pub postal_text: Option<String>,
    /// Last update, ISO-8601.
    pub updated_at: String,
    /// Where it came from.
    pub origin: Origin,
}

impl Company {
    /// The table row.
    pub fn record(&self) -> CompanyRecord {
        CompanyRecord {
            id: self.id.clone(),
            name: self.name.clone(),
            name_kana: self.name_kana.clone(),
            name_en: self.name_en.clone(),
            postal_code: self.postal_text.clone(),
            address: self.address_text.clone(),
            phone: self.phone_text.clone(),
            url: self.url_text.clone(),
            updated_at: Some(self.updated_at.clone()),
        }
    }

    /// The official name with the legal form in another `spelling` and position.
    pub fn name_with_form(&self, spelling: &str, first: bool) -> String {
        if first {
            format!("{spelling}{}", self.core)
        } else {
            format!("{}{spelling}", self.core)
        }
    }

    /// The legal form's spec.
    pub fn form(&self) -> Option<&'static crate::legal_form::LegalFormSpec> {
        self.legal_form.map(|i| &LEGAL_FORMS[i])
    }
}

/// A name core with its reading and romanisation.
#[derive(Debug, Clone)]
pub struct Core {
    /// Written form.
    pub text: String,
    /// Reading.
    pub reading: String,
    /// Romanisation, words separated by spaces.
    pub romaji: String,
}

fn join(parts: &[Word]) -> Core {
    Core {
        text: parts.iter().map(|p| p.0).collect(),
        reading: parts.iter().map(|p| p.1).collect(),
        romaji: parts.iter().map(|p| p.2).collect::<Vec<_>>().join(" "),
    }
}

/// A place stem (`横浜`) from a plain city name (`横浜市`), with its reading.
#[derive(Debug, Clone)]
pub struct Place {
    /// Written form.
    pub text: String,
    /// Reading.
    pub reading: String,
}

/// Draws the core of a business name.
pub fn draw_business_core(rng: &mut Rng, places: &[Place]) -> Core {
    let industry = *rng.pick(INDUSTRIES);
    match rng.below(100) {
        0..=32 => join(&[*rng.pick(SURNAMES), industry]),
        33..=47 => join(&[*rng.pick(STEMS), industry]),
        48..=62 => {
            let place = rng.pick(places);
            let romaji = capitalise(&to_romaji(&place.reading));
            Core {
                text: format!("{}{}", place.text, industry.0),
                reading: format!("{}{}", place.reading, industry.1),
                romaji: format!("{romaji} {}", industry.2),
            }
        }
        63..=82 => {
            let coinage = draw_coinage(rng);
            if rng.chance(0.5) {
                coinage
            } else {
                Core {
                    text: format!("{}{}", coinage.text, industry.0),
                    reading: format!("{}{}", coinage.reading, industry.1),
                    romaji: format!("{} {}", coinage.romaji, industry.2),
                }
            }
        }
        83..=90 => {
            let letters: String = (0..rng.range(2, 4))
                .map(|_| *rng.pick(LATIN_LETTERS))
                .collect();
            let reading: String = letters
                .chars()
                .filter_map(|c| {
                    LETTER_READINGS
                        .iter()
                        .find(|(l, _)| *l == c)
                        .map(|(_, r)| *r)
                })
                .collect();
            Core {
                text: format!("{letters}{}", industry.0),
                reading: format!("{reading}{}", industry.1),
                romaji: format!("{letters} {}", industry.2),
            }
        }
        _ => {
            let surname = rng.pick(SURNAMES);
            let (noun, noun_reading, noun_romaji) = *rng.pick(&[
                ("タネ", "タネ", "Tane"),
                ("森", "モリ", "Mori"),
                ("里", "サト", "Sato"),
                ("工房", "コウボウ", "Kobo"),
                ("家", "ヤ", "Ya"),
                ("杜", "モリ", "Mori"),
            ]);
            Core {
                text: format!("{}の{noun}", surname.1),
                reading: format!("{}ノ{noun_reading}", surname.1),
                romaji: format!("{} no {noun_romaji}", surname.2),
            }
        }
    }
}

fn draw_coinage(rng: &mut Rng) -> Core {
    let mut text = String::new();
    let mut romaji = String::new();
    for _ in 0..rng.range(2, 3) {
        let (kana, roman) = rng.pick(COINAGE_SYLLABLES);
        text.push_str(kana);
        romaji.push_str(roman);
    }
    let (kana, roman) = rng.pick(COINAGE_ENDINGS);
    text.push_str(kana);
    romaji.push_str(roman);
    Core {
        reading: text.clone(),
        text,
        romaji: capitalise(&romaji),
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// Draws the core of a non-company organisation's name.
fn draw_organisation_core(rng: &mut Rng, kind: FormKind, places: &[Place]) -> Core {
    let place = rng.pick(places);
    let virtue = |rng: &mut Rng| {
        let a = *rng.pick(VIRTUE_KANJI);
        let b = *rng.pick(VIRTUE_KANJI);
        (a, b)
    };
    let with_place = |suffix: &str, suffix_reading: &str, suffix_romaji: &str| Core {
        text: format!("{}{suffix}", place.text),
        reading: format!("{}{suffix_reading}", place.reading),
        romaji: format!("{} {suffix_romaji}", capitalise(&to_romaji(&place.reading))),
    };
    match kind {
        FormKind::Medical => {
            let (a, b) = virtue(rng);
            join(&[a, b, ("会", "カイ", "Kai")])
        }
        FormKind::Welfare => {
            let (a, b) = virtue(rng);
            join(&[a, b, ("福祉会", "フクシカイ", "Fukushikai")])
        }
        FormKind::School => {
            if rng.chance(0.5) {
                join(&[*rng.pick(SURNAMES), ("学園", "ガクエン", "Gakuen")])
            } else {
                with_place("学園", "ガクエン", "Gakuen")
            }
        }
        FormKind::Religious => {
            if rng.chance(0.5) {
                with_place("神社", "ジンジャ", "Shrine")
            } else {
                let (a, b) = virtue(rng);
                join(&[a, b, ("寺", "ジ", "Temple")])
            }
        }
        FormKind::NonProfit => {
            let cause = rng.pick(NPO_CAUSES);
            with_place(cause.0, cause.1, cause.2)
        }
        FormKind::Association => {
            let industry = rng.pick(INDUSTRIES);
            with_place(
                &format!("{}協会", industry.0),
                &format!("{}キョウカイ", industry.1),
                &format!("{} Association", industry.2),
            )
        }
        FormKind::Foundation => {
            let industry = rng.pick(INDUSTRIES);
            with_place(
                &format!("{}振興財団", industry.0),
                &format!("{}シンコウザイダン", industry.1),
                &format!("{} Foundation", industry.2),
            )
        }
        FormKind::Cooperative => {
            let industry = rng.pick(INDUSTRIES);
            with_place(
                &format!("{}業", industry.0),
                &format!("{}ギョウ", industry.1),
                industry.2,
            )
        }
        FormKind::Company => draw_business_core(rng, places),
    }
}

/// Draws a legal form by its share of registrations.
pub fn draw_legal_form(rng: &mut Rng) -> usize {
    let weights: Vec<f64> = LEGAL_FORMS.iter().map(|f| f.weight).collect();
    rng.weighted(&weights)
}

/// Everything a synthetic company needs besides its name.
pub struct Setting<'a> {
    /// The postal town it is in.
    pub town: &'a PostalTown,
    /// Its 法人番号.
    pub id: String,
    /// Its last update.
    pub updated_at: String,
    /// The building it shares with other companies, if any.
    pub site: Option<&'a Site>,
}

/// Builds a synthetic company from a core and a legal form.
pub fn synthetic_company(
    rng: &mut Rng,
    core: Core,
    form: usize,
    setting: Setting<'_>,
    origin: Origin,
) -> Company {
    let spec = &LEGAL_FORMS[form];
    let form_first = rng.chance(spec.prefix_share);
    let separator = if rng.chance(0.04) { "\u{3000}" } else { "" };
    let name = if form_first {
        format!("{}{separator}{}", spec.name, core.text)
    } else {
        format!("{}{separator}{}", core.text, spec.name)
    };
    let name_kana = rng.chance(0.7).then(|| {
        let with_form = rng.chance(0.4);
        match (with_form, form_first) {
            (false, _) => core.reading.clone(),
            (true, true) => format!("{}{}", spec.reading, core.reading),
            (true, false) => format!("{}{}", core.reading, spec.reading),
        }
    });
    let name_en = (spec.kind == FormKind::Company && rng.chance(0.15)).then(|| {
        let suffix = rng.pick(spec.english);
        let text = format!("{} {suffix}", core.romaji);
        if rng.chance(0.3) {
            text.to_uppercase()
        } else {
            text
        }
    });
    let town = setting.town;
    let address = match setting.site {
        Some(site) => Address::at_site(
            rng,
            site,
            town.prefecture,
            &town.city,
            &town.town,
            &town.postal_code,
        ),
        None => Address::draw(
            rng,
            town.prefecture,
            &town.city,
            &town.town,
            &town.postal_code,
        ),
    };
    let style = AddressStyle {
        notation: NOTATIONS[rng.weighted(&[0.4, 0.35, 0.15, 0.1])],
        with_prefecture: rng.chance(0.93),
        with_building: true,
    };
    let address_text = Some(address.render(style));
    let postal_text = rng.chance(0.7).then(|| {
        if rng.chance(0.5) {
            address.postal_code.clone()
        } else {
            format!(
                "{}-{}",
                &address.postal_code[..3],
                &address.postal_code[3..]
            )
        }
    });
    let phone = rng
        .chance(0.75)
        .then(|| Phone::draw(rng, AREA_CODES[town.prefecture]));
    let phone_text = phone.as_ref().map(|p| {
        let style = rng.weighted(&[0.75, 0.1, 0.1, 0.0, 0.05, 0.0]);
        p.render(style)
    });
    let slug: String = core
        .romaji
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ')
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(if rng.chance(0.5) { "-" } else { "" });
    let domain = (rng.chance(0.25) && !slug.is_empty()).then(|| {
        let tld = rng.pick(&["co.jp", "co.jp", "jp", "com", "net", "or.jp"]);
        let tag = rng.below(1000);
        format!("{slug}{tag}.{tld}")
    });
    let url_text = domain.as_ref().map(|d| match rng.below(4) {
        0 => format!("https://www.{d}/"),
        1 => format!("http://www.{d}"),
        2 => format!("https://{d}/"),
        _ => format!("www.{d}"),
    });
    Company {
        id: setting.id,
        core: core.text,
        core_reading: Some(core.reading),
        core_romaji: core.romaji,
        legal_form: Some(form),
        form_first,
        name,
        name_kana,
        name_en,
        prefecture: Some(address.prefecture),
        address: Some(address),
        address_text,
        phone,
        phone_text,
        domain,
        url_text,
        postal_text,
        updated_at: setting.updated_at,
        origin,
    }
}

/// Draws the core of a synthetic organisation of legal form `form`.
pub fn draw_core(rng: &mut Rng, form: usize, places: &[Place]) -> Core {
    draw_organisation_core(rng, LEGAL_FORMS[form].kind, places)
}

/// A registered name's legal form (index into the registry's forms), whether
/// it comes first, and the core: the name without legal form and spaces.
#[must_use]
pub fn split_registered_name(name: &str) -> (Option<usize>, bool, String) {
    match split_legal_form(name) {
        Some((form, first, core)) => (Some(form), first, core),
        None => (
            None,
            false,
            name.chars().filter(|c| !c.is_whitespace()).collect(),
        ),
    }
}

/// A real company from the EDINET list, as it stands in the table.
pub fn real_company(edinet: &EdinetCompany, updated_at: String) -> Company {
    let (legal_form, form_first, core) = split_registered_name(edinet.name);
    let core_reading = (!edinet.name_kana.is_empty()).then(|| strip_form_reading(edinet.name_kana));
    let prefecture = prefectures()
        .iter()
        .position(|p| p.name == edinet.prefecture);
    let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    Company {
        id: edinet.corporate_number.to_owned(),
        core_romaji: core_reading.as_deref().map(to_romaji).unwrap_or_default(),
        core,
        core_reading,
        legal_form,
        form_first,
        name: edinet.name.to_owned(),
        name_kana: non_empty(edinet.name_kana),
        name_en: non_empty(edinet.name_en),
        address: None,
        address_text: non_empty(edinet.address).map(|a| match prefecture {
            Some(p) if !a.starts_with(prefectures()[p].name) => {
                format!("{}{a}", prefectures()[p].name)
            }
            _ => a,
        }),
        prefecture,
        phone: None,
        phone_text: None,
        domain: None,
        url_text: None,
        postal_text: None,
        updated_at,
        origin: Origin::Real,
    }
}

pub use nayose::normalize::identifier::{
    corporate_number_of_base as corporate_number, is_valid_corporate_number,
};

/// The bank-transfer spelling of a name: half-width reading with the form code.
pub fn bank_style(company: &Company) -> Option<String> {
    let reading = company.core_reading.as_deref()?;
    let code = company.form().map(|f| f.bank_code).unwrap_or_default();
    let body = to_half_width(reading);
    Some(if code.is_empty() {
        body
    } else if company.form_first {
        format!("{code}){body}")
    } else {
        format!("{body}({code}")
    })
}
