//! The kinds of noise, as labels of what was done to a record.

use serde::{Deserialize, Serialize};

/// One kind of variation applied to a client record (an episode's labels,
/// for reporting recall by kind).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NoiseKind {
    /// The legal form respelt (株式会社 → ㈱), moved (前株 ↔ 後株) or dropped.
    LegalForm,
    /// Half-width katakana, full-width Latin, spaces added or removed,
    /// middle dots and hyphens removed.
    WidthSpacing,
    /// The reading in kana instead of the name (katakana, hiragana,
    /// half-width, bank-transfer style).
    Kana,
    /// The English name instead of the Japanese one.
    English,
    /// A branch, department or honorific glued or spaced after the name.
    Branch,
    /// A branch in another city: the branch's place in the name
    /// (`仙台支店`), the branch's address (another row's) instead of the
    /// registered office's, the head office's phone left out.
    BranchElsewhere,
    /// Variant kanji (髙/高, 﨑/崎 …) swapped.
    VariantKanji,
    /// OCR look-alikes (カ/力, ロ/口, ー/一 …).
    Ocr,
    /// A typing slip: a character dropped, doubled, swapped or replaced.
    Typo,
    /// A shortened name (a word dropped), legal form usually gone too.
    Abbreviation,
    /// A former (unrelated) name with this company's legal form, address and
    /// phone.
    Renamed,
    /// The address in another notation (numerals, 丁目/番地/号 or hyphens,
    /// width, prefecture or 〒 code, building).
    AddressNotation,
    /// The address cut to prefecture and municipality.
    AddressTruncated,
    /// The address left out.
    AddressDropped,
    /// The phone number in another format.
    PhoneFormat,
    /// Another number of the same area (a branch line, a fax).
    PhoneOther,
    /// The phone number left out.
    PhoneDropped,
    /// The web address in another form (scheme, www, path).
    UrlFormat,
    /// An e-mail address at the company's domain instead of the web address.
    UrlEmail,
    /// The web address left out.
    UrlDropped,
    /// Only the name: address, phone and web address all left out, the
    /// legal form usually too (`トヨタ自動車` as people write it).
    NameOnly,
    /// A 法人番号 or invoice number given, in some notation (the company's own unless another kind below says otherwise).
    Number,
    /// The number mistyped: one digit replaced or two neighbours swapped (the check digit usually no longer fits).
    NumberSlip,
    /// Another company's valid number (a parent's, a copy from the next row) instead of the company's own.
    NumberOther,
    /// A valid number no row of the table has (a sole proprietor's invoice number, a company not yet in the table).
    NumberUnknown,
    /// No name at all: a record with a phone, a web address or a number only.
    NameDropped,
}

impl NoiseKind {
    /// Every kind, in declaration order.
    pub const ALL: [NoiseKind; 26] = [
        NoiseKind::LegalForm,
        NoiseKind::WidthSpacing,
        NoiseKind::Kana,
        NoiseKind::English,
        NoiseKind::Branch,
        NoiseKind::BranchElsewhere,
        NoiseKind::VariantKanji,
        NoiseKind::Ocr,
        NoiseKind::Typo,
        NoiseKind::Abbreviation,
        NoiseKind::Renamed,
        NoiseKind::AddressNotation,
        NoiseKind::AddressTruncated,
        NoiseKind::AddressDropped,
        NoiseKind::PhoneFormat,
        NoiseKind::PhoneOther,
        NoiseKind::PhoneDropped,
        NoiseKind::UrlFormat,
        NoiseKind::UrlEmail,
        NoiseKind::UrlDropped,
        NoiseKind::NameOnly,
        NoiseKind::Number,
        NoiseKind::NumberSlip,
        NoiseKind::NumberOther,
        NoiseKind::NumberUnknown,
        NoiseKind::NameDropped,
    ];

    /// The kind's snake_case name (as in the config and in reports).
    #[must_use]
    pub const fn name(&self) -> &'static str {
        match self {
            NoiseKind::LegalForm => "legal_form",
            NoiseKind::WidthSpacing => "width_spacing",
            NoiseKind::Kana => "kana",
            NoiseKind::English => "english",
            NoiseKind::Branch => "branch",
            NoiseKind::BranchElsewhere => "branch_elsewhere",
            NoiseKind::VariantKanji => "variant_kanji",
            NoiseKind::Ocr => "ocr",
            NoiseKind::Typo => "typo",
            NoiseKind::Abbreviation => "abbreviation",
            NoiseKind::Renamed => "renamed",
            NoiseKind::AddressNotation => "address_notation",
            NoiseKind::AddressTruncated => "address_truncated",
            NoiseKind::AddressDropped => "address_dropped",
            NoiseKind::PhoneFormat => "phone_format",
            NoiseKind::PhoneOther => "phone_other",
            NoiseKind::PhoneDropped => "phone_dropped",
            NoiseKind::UrlFormat => "url_format",
            NoiseKind::UrlEmail => "url_email",
            NoiseKind::UrlDropped => "url_dropped",
            NoiseKind::NameOnly => "name_only",
            NoiseKind::Number => "number",
            NoiseKind::NumberSlip => "number_slip",
            NoiseKind::NumberOther => "number_other",
            NoiseKind::NumberUnknown => "number_unknown",
            NoiseKind::NameDropped => "name_dropped",
        }
    }

    /// The kind called `name` (see [`NoiseKind::name`]).
    #[must_use]
    pub fn from_name(name: &str) -> Option<NoiseKind> {
        NoiseKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Whether the kind changes the name (rather than address or contact).
    #[must_use]
    pub const fn is_name(&self) -> bool {
        matches!(
            self,
            NoiseKind::LegalForm
                | NoiseKind::WidthSpacing
                | NoiseKind::Kana
                | NoiseKind::English
                | NoiseKind::Branch
                | NoiseKind::BranchElsewhere
                | NoiseKind::VariantKanji
                | NoiseKind::Ocr
                | NoiseKind::Typo
                | NoiseKind::Abbreviation
                | NoiseKind::Renamed
        )
    }
}

impl std::fmt::Display for NoiseKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
