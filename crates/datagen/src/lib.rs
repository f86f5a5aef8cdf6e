//! Deterministic synthetic company tables and the development evaluation set
//! for nayose (`nayose gen`, CONTRACTS §4).
//!
//! A table holds the real companies of the EDINET list (but a fifth, the
//! absent companies of the real-anchored development set, [`real_eval`])
//! plus a synthetic long tail of small firms built from surnames, places,
//! trades and coinages, with
//! the legal-form mix of Japan's registry, 前株 and 後株, readings, English
//! names, real postal towns in mixed notations, phones with plausible area
//! codes, web addresses, valid 法人番号, planted homonyms (dozens of
//! 株式会社山田工務店 across prefectures), near duplicates of real names, and
//! companies sharing a street address (office buildings) at the rate
//! measured on the real EDINET list ([`structure`]).
//!
//! The evaluation sets ([`eval`], and [`real_eval`] written from real
//! companies with a noise process of its own) are client lists with ground
//! truth, for measuring only, never for training.

pub mod address;
pub mod calendar;
pub mod company;
pub mod default_table;
pub mod eval;
pub mod identifiers;
pub mod kana;
pub mod legal_form;
pub mod listed_contact;
pub mod number_structure;
pub mod output;
pub mod real_eval;
pub mod reference;
pub mod rng;
pub mod structure;
pub mod table;
pub mod vocab;

pub use eval::{Category, EvalSampler, Query, Truth};
pub use output::{GenerateSummary, generate};
pub use table::{TableConfig, TableGenerator};
