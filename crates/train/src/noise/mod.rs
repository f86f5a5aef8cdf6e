//! The training noise model: turns a row of the company table into the
//! client record a user might have typed for that company.
//!
//! The policy is trained on episodes built from the table itself: take a
//! row, corrupt it with [`NoiseModel::corrupt`], retrieve candidates for the
//! result and reward the agent for picking the row. The variation follows
//! what real client lists contain (see the product brief): legal forms in
//! every spelling and position, full/half width and spacing, kana readings,
//! English names, branch suffixes, variant kanji, OCR look-alikes, typing
//! slips, shortened and former names, addresses in any notation, phone
//! numbers in any format, web addresses or e-mail addresses, and fields left
//! out. Each kind has its own rate in [`NoiseConfig`]; several may apply to
//! one record, and [`ClientRecord::kinds`] says which did.
//!
//! This process is deliberately independent of the one that generates the
//! evaluation set (`nayose-datagen`), so that evaluation measures
//! generalisation rather than the reproduction of one noise process.
//!
//! ```
//! use nayose::source::CompanyRecord;
//! use nayose_train::noise::{NoiseConfig, NoiseModel, NoiseRng};
//!
//! let row = CompanyRecord {
//!     id: "1".into(),
//!     name: "株式会社サカタのタネ".into(),
//!     name_kana: Some("サカタノタネカブシキガイシャ".into()),
//!     address: Some("神奈川県横浜市都筑区仲町台2-7-1".into()),
//!     phone: Some("045-945-8800".into()),
//!     ..CompanyRecord::default()
//! };
//! let model = NoiseModel::new(NoiseConfig::default());
//! let mut rng = NoiseRng::new(42);
//! let client = model.corrupt(&row, None, &mut rng);
//! assert!(!client.name.is_empty());
//! ```

mod address;
mod branch;
mod config;
mod confusion;
mod contact;
mod english;
mod kana;
mod kind;
mod legal;
mod name;
mod near_name;
mod number;
mod rng;
mod script;
mod shorten;
mod width;

pub use config::NoiseConfig;
pub use kind::NoiseKind;
pub use number::{NumberCells, number_cells};
pub use rng::NoiseRng;

use nayose::index::QueryText;
use nayose::source::CompanyRecord;

use name::Parts;

/// A client record produced from a company row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClientRecord {
    /// The company name as the user wrote it; empty only after
    /// [`NoiseKind::NameDropped`].
    pub name: String,
    /// The address as written, or `None` when left out.
    pub address: Option<String>,
    /// The phone number as written, or `None`.
    pub phone: Option<String>,
    /// The web address (or an e-mail address) as written, or `None`.
    pub url: Option<String>,
    /// The 法人番号 cell, or `None`.
    pub corporate_number: Option<String>,
    /// The invoice number cell, or `None`.
    pub invoice_number: Option<String>,
    /// What was done to the row, in the order applied; empty for an exact copy.
    pub kinds: Vec<NoiseKind>,
}

impl ClientRecord {
    /// The record as a query for retrieval and features.
    #[must_use]
    pub fn as_query(&self) -> QueryText<'_> {
        QueryText {
            name: &self.name,
            address: self.address.as_deref(),
            phone: self.phone.as_deref(),
            url: self.url.as_deref(),
            corporate_number: self.corporate_number.as_deref(),
            invoice_number: self.invoice_number.as_deref(),
        }
    }

    /// The record with `cells` as its identifier cells; with probability
    /// [`NoiseConfig::name_dropped`], when a phone, a web address or a
    /// number remains, without its name.
    #[must_use]
    pub fn with_identifiers(
        mut self,
        cells: NumberCells,
        config: &NoiseConfig,
        rng: &mut NoiseRng,
    ) -> Self {
        self.corporate_number = cells.corporate_number;
        self.invoice_number = cells.invoice_number;
        // Another company's number alone would name that company: nothing
        // in such a record could say it is this one.
        let number_is_evidence = (self.corporate_number.is_some() || self.invoice_number.is_some())
            && !self.has(NoiseKind::NumberOther);
        let other_evidence = self.phone.is_some() || self.url.is_some() || number_is_evidence;
        if other_evidence && rng.chance(config.name_dropped) {
            self.name.clear();
            self.kinds.push(NoiseKind::NameDropped);
        }
        self
    }

    /// Whether `kind` was applied.
    #[must_use]
    pub fn has(&self, kind: NoiseKind) -> bool {
        self.kinds.contains(&kind)
    }
}

/// The noise model: a configuration of rates.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NoiseModel {
    /// The rates.
    config: NoiseConfig,
}

/// What the name step decided, for the contact steps.
struct NameOutcome {
    /// The name as written.
    text: String,
    /// A former name was used: address and phone are kept.
    renamed: bool,
    /// The name was shortened: a contact is usually kept.
    abbreviated: bool,
    /// The name is a branch's in another city: the address of that branch
    /// (the donor's) replaces the registered office's.
    branch_address: Option<String>,
    /// The name is the English one.
    english: bool,
}

/// Which text the client name starts from.
enum Base {
    /// The official name (or the donor's, for a former name).
    Name,
    /// The kana reading, in a script.
    Kana(kana::Script),
    /// The English name.
    English,
}

/// The name used when every other choice is blank.
const UNKNOWN_NAME: &str = "名称不明";

/// Share of near-name records that give an address (another row's); the
/// rest give the name alone. Never the look-alike row's own address: a
/// shortened name at a company's own address is how people write that
/// company ([`NoiseKind::Abbreviation`]), so such an episode would teach
/// the opposite of what abbreviation episodes teach.
const NEAR_NAME_WITH_ADDRESS: f64 = 0.4;

impl NoiseModel {
    /// A model with these rates.
    #[must_use]
    pub fn new(config: NoiseConfig) -> Self {
        Self { config }
    }

    /// The rates.
    #[must_use]
    pub fn config(&self) -> &NoiseConfig {
        &self.config
    }

    /// Corrupts one company row into a client record.
    ///
    /// `donor` is another row of the table: with probability
    /// [`NoiseConfig::renamed`] the client knows the company under the donor's
    /// name (its core, with this company's legal form) while its address and
    /// phone are this company's. Deterministic for a given `rng` state;
    /// never panics; the name is never empty (it falls back to the row's
    /// name, then its id, then `名称不明`).
    pub fn corrupt(
        &self,
        row: &CompanyRecord,
        donor: Option<&CompanyRecord>,
        rng: &mut NoiseRng,
    ) -> ClientRecord {
        let mut kinds = Vec::new();
        let fallback = [row.name.as_str(), row.id.as_str()]
            .into_iter()
            .find(|s| !s.trim().is_empty())
            .unwrap_or(UNKNOWN_NAME);
        if rng.chance(self.config.clean) {
            return ClientRecord {
                name: fallback.to_owned(),
                address: row.address.clone(),
                phone: row.phone.clone(),
                url: row.url.clone(),
                kinds,
                ..ClientRecord::default()
            };
        }
        let name_only = rng.chance(self.config.name_only);
        let outcome = self.name(row, donor, name_only, rng, &mut kinds);
        // An English name often travels without any contact.
        let name_only = name_only || (outcome.english && rng.chance(self.config.english_name_only));
        let name = if outcome.text.trim().is_empty() {
            fallback.to_owned()
        } else {
            outcome.text
        };
        // A former name is only recognisable by the contact it keeps.
        if name_only && !outcome.renamed {
            kinds.push(NoiseKind::NameOnly);
            return ClientRecord {
                name,
                address: None,
                phone: None,
                url: None,
                kinds,
                ..ClientRecord::default()
            };
        }
        if let Some(branch_address) = outcome.branch_address {
            // The branch's own address (in any notation); the head
            // office's phone does not belong to it.
            let address = Some(
                self.notation(&branch_address, None, rng, &mut kinds)
                    .unwrap_or(branch_address),
            );
            let url = self.url(row, false, rng, &mut kinds);
            return ClientRecord {
                name,
                address,
                phone: None,
                url,
                kinds,
                ..ClientRecord::default()
            };
        }
        let address = self.address(row, outcome.renamed, rng, &mut kinds);
        let keep_contact =
            outcome.abbreviated && rng.chance(self.config.abbreviation_keeps_contact);
        let phone = self.phone(row, outcome.renamed, rng, &mut kinds);
        let url = self.url(row, keep_contact && phone.is_none(), rng, &mut kinds);
        // A shortened name that lost every contact gets its phone back.
        let phone = match (&phone, &url) {
            (None, None) if keep_contact && row.phone.is_some() => {
                kinds.retain(|k| *k != NoiseKind::PhoneDropped);
                row.phone.clone()
            }
            _ => phone,
        };
        ClientRecord {
            name,
            address,
            phone,
            url,
            kinds,
            ..ClientRecord::default()
        }
    }

    /// A client record for another company than `row`, whose name contains
    /// row's, is contained in it or swaps its trade word (`山田電機` or
    /// `山田電機販売` for `山田電機商事`): row's legal form (respelt at the
    /// usual rate), no phone or web address, and either no address or
    /// `elsewhere`'s. `None` when row's name is too
    /// short to vary. The caller checks that no row of the table carries
    /// the new name.
    pub fn near_name(
        &self,
        row: &CompanyRecord,
        elsewhere: Option<&CompanyRecord>,
        rng: &mut NoiseRng,
    ) -> Option<ClientRecord> {
        let split = legal::split_name(&row.name);
        let mut parts = Parts::from_split(&split);
        parts.core = near_name::near_core(&parts.core, rng)?;
        let mut kinds = Vec::new();
        if rng.chance(self.config.legal_form)
            && name::legal_form(&mut parts, &split, &self.config, rng)
        {
            kinds.push(NoiseKind::LegalForm);
        }
        let address = elsewhere
            .filter(|_| rng.chance(NEAR_NAME_WITH_ADDRESS))
            .and_then(|d| d.address.clone());
        Some(ClientRecord {
            name: parts.render(),
            address,
            phone: None,
            url: None,
            kinds,
            ..ClientRecord::default()
        })
    }

    /// The client's name; `name_only` when no other field will be given
    /// (the legal form is then often left out too).
    fn name(
        &self,
        row: &CompanyRecord,
        donor: Option<&CompanyRecord>,
        name_only: bool,
        rng: &mut NoiseRng,
        kinds: &mut Vec<NoiseKind>,
    ) -> NameOutcome {
        let c = &self.config;
        let split = legal::split_name(&row.name);
        let mut parts = Parts::from_split(&split);
        let mut renamed = false;
        if let Some(d) = donor
            && d.id != row.id
            && rng.chance(c.renamed)
        {
            renamed = name::rename(&mut parts, &d.name);
        }
        let mut base = Base::Name;
        if !renamed {
            if let Some(en) = row.name_en.as_deref()
                && rng.chance(c.english)
                && let Some(p) = english::english_parts(en, rng)
            {
                parts = p;
                base = Base::English;
            } else if let Some(reading) = row.name_kana.as_deref()
                && rng.chance(c.kana)
                && let Some((p, script)) = kana::reading_parts(reading, &split, rng)
            {
                parts = p;
                base = Base::Kana(script);
            }
        }
        let mut mark = |kind: NoiseKind, applied: bool| {
            if applied {
                kinds.push(kind);
            }
        };
        match base {
            Base::Name => mark(NoiseKind::Renamed, renamed),
            Base::Kana(_) => mark(NoiseKind::Kana, true),
            Base::English => mark(NoiseKind::English, true),
        }
        let mut form_changed = false;
        if matches!(base, Base::Name) && rng.chance(c.legal_form) {
            form_changed = name::legal_form(&mut parts, &split, c, rng);
            mark(NoiseKind::LegalForm, form_changed);
        }
        if matches!(base, Base::Name)
            && name_only
            && (!parts.lead.is_empty() || !parts.tail.is_empty())
            && rng.chance(c.name_only_drops_form)
        {
            parts.drop_form();
            mark(NoiseKind::LegalForm, !form_changed);
        }
        let mut abbreviated = false;
        if !renamed && rng.chance(c.abbreviation) {
            abbreviated = shorten::abbreviate(&mut parts, rng);
            mark(NoiseKind::Abbreviation, abbreviated);
        }
        if matches!(base, Base::Name) && rng.chance(c.variant_kanji) {
            mark(
                NoiseKind::VariantKanji,
                confusion::variant_kanji(&mut parts.core, rng),
            );
        }
        if rng.chance(c.ocr) {
            mark(NoiseKind::Ocr, confusion::ocr(&mut parts.core, rng));
        }
        if rng.chance(c.typo) {
            mark(NoiseKind::Typo, confusion::typo(&mut parts.core, rng));
        }
        let mut branch_address = None;
        if matches!(base, Base::Name)
            && !renamed
            && !name_only
            && let Some(d) = donor
            && d.id != row.id
            && rng.chance(c.branch_elsewhere)
            && branch::branch_at(&mut parts, d.address.as_deref(), rng)
        {
            mark(NoiseKind::BranchElsewhere, true);
            branch_address.clone_from(&d.address);
        } else if matches!(base, Base::Name) && rng.chance(c.branch) {
            mark(
                NoiseKind::Branch,
                branch::branch(&mut parts, row.address.as_deref(), rng),
            );
        }
        if let Base::Kana(script) = base {
            script.apply(&mut parts);
        }
        let mut text = parts.render();
        if rng.chance(c.width_spacing) {
            let (t, changed) = width::width_spacing(&mut parts, rng);
            text = t;
            mark(NoiseKind::WidthSpacing, changed);
        }
        // Untouched: exactly as the table has it (spacing included).
        if kinds.is_empty() {
            text.clone_from(&row.name);
        }
        NameOutcome {
            text,
            renamed,
            abbreviated,
            branch_address,
            english: matches!(base, Base::English),
        }
    }

    /// The client's address.
    fn address(
        &self,
        row: &CompanyRecord,
        keep: bool,
        rng: &mut NoiseRng,
        kinds: &mut Vec<NoiseKind>,
    ) -> Option<String> {
        let c = &self.config;
        let original = row.address.as_deref()?;
        if !keep && rng.chance(c.address_dropped) {
            kinds.push(NoiseKind::AddressDropped);
            return None;
        }
        if !keep
            && rng.chance(c.address_truncated)
            && let Some(t) = address::truncate(original)
        {
            kinds.push(NoiseKind::AddressTruncated);
            return Some(t);
        }
        if let Some(n) = self.notation(original, row.postal_code.as_deref(), rng, kinds) {
            return Some(n);
        }
        Some(original.to_owned())
    }

    /// `address` in another notation, at the rate of
    /// [`NoiseConfig::address_notation`] (`None`: left as it is).
    fn notation(
        &self,
        address: &str,
        postal: Option<&str>,
        rng: &mut NoiseRng,
        kinds: &mut Vec<NoiseKind>,
    ) -> Option<String> {
        if rng.chance(self.config.address_notation)
            && let Some(n) = address::notation(address, postal, rng)
        {
            kinds.push(NoiseKind::AddressNotation);
            return Some(n);
        }
        None
    }

    /// The client's phone number.
    fn phone(
        &self,
        row: &CompanyRecord,
        keep: bool,
        rng: &mut NoiseRng,
        kinds: &mut Vec<NoiseKind>,
    ) -> Option<String> {
        let c = &self.config;
        let original = row.phone.as_deref()?;
        if !keep && rng.chance(c.phone_dropped) {
            kinds.push(NoiseKind::PhoneDropped);
            return None;
        }
        let mut phone = original.to_owned();
        if !keep
            && rng.chance(c.phone_other)
            && let Some(o) = contact::other_phone(&phone, rng)
        {
            kinds.push(NoiseKind::PhoneOther);
            phone = o;
        }
        if rng.chance(c.phone_format)
            && let Some(f) = contact::reformat_phone(&phone, rng)
        {
            kinds.push(NoiseKind::PhoneFormat);
            phone = f;
        }
        Some(phone)
    }

    /// The client's web address (or e-mail address).
    fn url(
        &self,
        row: &CompanyRecord,
        keep: bool,
        rng: &mut NoiseRng,
        kinds: &mut Vec<NoiseKind>,
    ) -> Option<String> {
        let c = &self.config;
        let original = row.url.as_deref()?;
        if !keep && rng.chance(c.url_dropped) {
            kinds.push(NoiseKind::UrlDropped);
            return None;
        }
        if rng.chance(c.url_email)
            && let Some(e) = contact::email_of(original, rng)
        {
            kinds.push(NoiseKind::UrlEmail);
            return Some(e);
        }
        if rng.chance(c.url_format)
            && let Some(u) = contact::reformat_url(original, rng)
        {
            kinds.push(NoiseKind::UrlFormat);
            return Some(u);
        }
        Some(original.to_owned())
    }
}
