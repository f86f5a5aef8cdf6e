//! The noise model's tunable rates.
//!
//! Every rate is a probability per record; values at or below 0 never fire,
//! values at or above 1 always fire (when the record allows the kind at all:
//! a kana reading for [`NoiseKind::Kana`], a legal form for
//! [`NoiseKind::LegalForm`] …). Kinds are drawn independently, so several may
//! apply to one record.

use serde::{Deserialize, Serialize};

use super::kind::NoiseKind;

/// Per-kind probabilities of the noise model.
///
/// The defaults make most records mildly noisy (a respelt legal form, an
/// address in another notation, a phone number in another format or left
/// out) with a long tail of hard ones (kana or English names, shortened or
/// former names, OCR errors).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NoiseConfig {
    /// Probability that a record is copied exactly as the table has it
    /// (drawn first; no other kind then applies).
    pub clean: f64,

    /// Legal form changed ([`NoiseKind::LegalForm`]), when the name has one.
    pub legal_form: f64,
    /// Of legal-form changes, the share that drops the form.
    pub legal_form_drop: f64,
    /// Of legal-form changes, the share that moves it to the other end
    /// (前株 ↔ 後株), often respelt at the same time; the rest respell it in
    /// place.
    pub legal_form_move: f64,
    /// Probability that a respelling uses the bare one-character form
    /// (`株 サカタのタネ`) that normalisers do not recognise.
    pub legal_form_bare: f64,
    /// Width and spacing changed ([`NoiseKind::WidthSpacing`]).
    pub width_spacing: f64,
    /// Name replaced by its kana reading ([`NoiseKind::Kana`]), when the row
    /// has one.
    pub kana: f64,
    /// Name replaced by the English name ([`NoiseKind::English`]), when the
    /// row has one. Drawn before [`NoiseConfig::kana`].
    pub english: f64,
    /// Of English-name records, the share given without any contact
    /// ([`NoiseKind::NameOnly`]; lists kept for foreign readers rarely carry
    /// a Japanese address or phone), on top of [`NoiseConfig::name_only`].
    pub english_name_only: f64,
    /// Branch, department or honorific appended ([`NoiseKind::Branch`]).
    pub branch: f64,
    /// A branch in another city ([`NoiseKind::BranchElsewhere`]), when a
    /// donor row with an address is given. Drawn before
    /// [`NoiseConfig::branch`].
    pub branch_elsewhere: f64,
    /// Variant kanji swapped ([`NoiseKind::VariantKanji`]), when the name has
    /// a kanji with a variant.
    pub variant_kanji: f64,
    /// OCR look-alikes ([`NoiseKind::Ocr`]).
    pub ocr: f64,
    /// A typing slip ([`NoiseKind::Typo`]).
    pub typo: f64,
    /// Name shortened ([`NoiseKind::Abbreviation`]).
    pub abbreviation: f64,
    /// Probability that a shortened name keeps at least one of the row's
    /// phone and URL (users who shorten a name usually give a contact).
    pub abbreviation_keeps_contact: f64,
    /// Former name taken from the donor row ([`NoiseKind::Renamed`]), when a
    /// donor is given. Address and phone are then kept.
    pub renamed: f64,

    /// Address rewritten in another notation ([`NoiseKind::AddressNotation`]).
    pub address_notation: f64,
    /// Address cut to prefecture and municipality
    /// ([`NoiseKind::AddressTruncated`]).
    pub address_truncated: f64,
    /// Address left out ([`NoiseKind::AddressDropped`]).
    pub address_dropped: f64,

    /// Phone number reformatted ([`NoiseKind::PhoneFormat`]).
    pub phone_format: f64,
    /// Phone number replaced by another number of the same area
    /// ([`NoiseKind::PhoneOther`]).
    pub phone_other: f64,
    /// Phone number left out ([`NoiseKind::PhoneDropped`]).
    pub phone_dropped: f64,

    /// Web address rewritten ([`NoiseKind::UrlFormat`]).
    pub url_format: f64,
    /// Web address replaced by an e-mail address at its domain
    /// ([`NoiseKind::UrlEmail`]).
    pub url_email: f64,
    /// Web address left out ([`NoiseKind::UrlDropped`]).
    pub url_dropped: f64,

    /// Only the name given ([`NoiseKind::NameOnly`]): every contact field
    /// left out.
    pub name_only: f64,
    /// Of name-only records written from the official name, the share that
    /// also drops the legal form.
    pub name_only_drops_form: f64,
    /// A 法人番号 or invoice number given, in some notation (the company's own unless another kind below says otherwise).
    pub number: f64,
    /// The number mistyped: one digit replaced or two neighbours swapped (the check digit usually no longer fits).
    pub number_slip: f64,
    /// Another company's valid number (a parent's, a copy from the next row) instead of the company's own.
    pub number_other: f64,
    /// A valid number no row of the table has (a sole proprietor's invoice number, a company not yet in the table).
    pub number_unknown: f64,
    /// No name at all: a record with a phone, a web address or a number only.
    pub name_dropped: f64,
}

impl Default for NoiseConfig {
    fn default() -> Self {
        Self {
            clean: 0.15,
            legal_form: 0.35,
            legal_form_drop: 0.3,
            legal_form_move: 0.15,
            legal_form_bare: 0.03,
            width_spacing: 0.15,
            kana: 0.05,
            english: 0.2,
            english_name_only: 0.5,
            branch: 0.08,
            branch_elsewhere: 0.12,
            variant_kanji: 0.3,
            ocr: 0.02,
            typo: 0.04,
            abbreviation: 0.04,
            abbreviation_keeps_contact: 0.85,
            renamed: 0.01,
            address_notation: 0.5,
            address_truncated: 0.05,
            address_dropped: 0.15,
            phone_format: 0.5,
            phone_other: 0.02,
            phone_dropped: 0.35,
            url_format: 0.3,
            url_email: 0.05,
            url_dropped: 0.6,
            name_only: 0.08,
            name_only_drops_form: 0.6,
            number: 0.15,
            number_slip: 0.15,
            number_other: 0.05,
            number_unknown: 0.04,
            name_dropped: 0.04,
        }
    }
}

impl NoiseConfig {
    /// A configuration under which nothing happens: every rate 0. The
    /// sub-shares (`legal_form_drop`, `legal_form_move`,
    /// `abbreviation_keeps_contact`, `english_name_only`,
    /// `name_only_drops_form`) keep their
    /// defaults, `legal_form_bare`
    /// is 0.
    #[must_use]
    pub fn none() -> Self {
        let mut c = Self {
            clean: 0.0,
            legal_form_bare: 0.0,
            ..Self::default()
        };
        for kind in NoiseKind::ALL {
            c.set_rate(kind, 0.0);
        }
        c
    }

    /// The rate of `kind`.
    #[must_use]
    pub fn rate(&self, kind: NoiseKind) -> f64 {
        *self.slot(kind)
    }

    /// Sets the rate of `kind`.
    pub fn set_rate(&mut self, kind: NoiseKind, rate: f64) {
        *self.slot_mut(kind) = rate;
    }

    /// This configuration with the rate of `kind` set to `rate`.
    #[must_use]
    pub fn with(mut self, kind: NoiseKind, rate: f64) -> Self {
        self.set_rate(kind, rate);
        self
    }

    /// The field holding the rate of `kind`.
    fn slot(&self, kind: NoiseKind) -> &f64 {
        match kind {
            NoiseKind::LegalForm => &self.legal_form,
            NoiseKind::WidthSpacing => &self.width_spacing,
            NoiseKind::Kana => &self.kana,
            NoiseKind::English => &self.english,
            NoiseKind::Branch => &self.branch,
            NoiseKind::BranchElsewhere => &self.branch_elsewhere,
            NoiseKind::VariantKanji => &self.variant_kanji,
            NoiseKind::Ocr => &self.ocr,
            NoiseKind::Typo => &self.typo,
            NoiseKind::Abbreviation => &self.abbreviation,
            NoiseKind::Renamed => &self.renamed,
            NoiseKind::AddressNotation => &self.address_notation,
            NoiseKind::AddressTruncated => &self.address_truncated,
            NoiseKind::AddressDropped => &self.address_dropped,
            NoiseKind::PhoneFormat => &self.phone_format,
            NoiseKind::PhoneOther => &self.phone_other,
            NoiseKind::PhoneDropped => &self.phone_dropped,
            NoiseKind::UrlFormat => &self.url_format,
            NoiseKind::UrlEmail => &self.url_email,
            NoiseKind::UrlDropped => &self.url_dropped,
            NoiseKind::NameOnly => &self.name_only,
            NoiseKind::Number => &self.number,
            NoiseKind::NumberSlip => &self.number_slip,
            NoiseKind::NumberOther => &self.number_other,
            NoiseKind::NumberUnknown => &self.number_unknown,
            NoiseKind::NameDropped => &self.name_dropped,
        }
    }

    /// The field holding the rate of `kind`, mutably.
    fn slot_mut(&mut self, kind: NoiseKind) -> &mut f64 {
        match kind {
            NoiseKind::LegalForm => &mut self.legal_form,
            NoiseKind::WidthSpacing => &mut self.width_spacing,
            NoiseKind::Kana => &mut self.kana,
            NoiseKind::English => &mut self.english,
            NoiseKind::Branch => &mut self.branch,
            NoiseKind::BranchElsewhere => &mut self.branch_elsewhere,
            NoiseKind::VariantKanji => &mut self.variant_kanji,
            NoiseKind::Ocr => &mut self.ocr,
            NoiseKind::Typo => &mut self.typo,
            NoiseKind::Abbreviation => &mut self.abbreviation,
            NoiseKind::Renamed => &mut self.renamed,
            NoiseKind::AddressNotation => &mut self.address_notation,
            NoiseKind::AddressTruncated => &mut self.address_truncated,
            NoiseKind::AddressDropped => &mut self.address_dropped,
            NoiseKind::PhoneFormat => &mut self.phone_format,
            NoiseKind::PhoneOther => &mut self.phone_other,
            NoiseKind::PhoneDropped => &mut self.phone_dropped,
            NoiseKind::UrlFormat => &mut self.url_format,
            NoiseKind::UrlEmail => &mut self.url_email,
            NoiseKind::UrlDropped => &mut self.url_dropped,
            NoiseKind::NameOnly => &mut self.name_only,
            NoiseKind::Number => &mut self.number,
            NoiseKind::NumberSlip => &mut self.number_slip,
            NoiseKind::NumberOther => &mut self.number_other,
            NoiseKind::NumberUnknown => &mut self.number_unknown,
            NoiseKind::NameDropped => &mut self.name_dropped,
        }
    }
}
