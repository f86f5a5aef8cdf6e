//! Normalisation of Japanese company data: names, readings, English names,
//! addresses, phone numbers and URLs.
//!
//! Each kind of value has its own small normaliser, built on one shared
//! character fold ([`text::fold`]): width, case, kana, dashes, brackets and
//! variant kanji (異体字, [`variants::fold_kanji`]). Every normaliser is
//! total (never panics, whatever the input), idempotent on its output and
//! allocation-light.
//!
//! | value | function | result |
//! |---|---|---|
//! | company name | [`name::normalize_name`] | [`NormalizedName`]: core, legal form and its position, branch |
//! | reading | [`kana::normalize_reading`] | [`NormalizedReading`] |
//! | English name | [`english::normalize_english`] | [`NormalizedEnglish`] |
//! | address | [`address::parse_address`] | [`ParsedAddress`] |
//! | phone | [`phone::normalize_phone`] | [`Phone`] |
//! | URL / e-mail | [`url::registrable_domain`] | registrable domain |
//! | 法人番号, invoice number | [`identifier::parse_identifier`] | [`Identifier`]: 13 digits with a right or wrong check digit, a 会社法人等番号, or nothing |
//!
//! Similar-looking characters that are different characters (気/機, 工/エ,
//! 口/ロ, カ/力) are never folded: that similarity is evidence for the
//! scoring features, not the normaliser's business.

pub mod address;
pub mod english;
mod gazetteer;
pub mod identifier;
pub mod kana;
pub mod legal;
pub mod name;
pub mod phone;
pub mod text;
pub mod url;
pub mod variants;

pub use address::{ParsedAddress, parse_address};
pub use english::{NormalizedEnglish, normalize_english};
pub use identifier::{CorporateNumber, Identifier, parse_identifier};
pub use kana::{NormalizedReading, normalize_reading};
pub use legal::{LegalForm, Position};
pub use name::{NormalizedName, normalize_name};
pub use phone::{Phone, PhoneKind, normalize_phone};
pub use url::registrable_domain;

/// Version of the normalisers' behaviour, recorded in model artifacts: bump
/// it whenever a change makes any normaliser give a different output.
pub const NORMALIZER_VERSION: u32 = 1;
