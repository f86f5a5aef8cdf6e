//! Readings (フリガナ) of company names.

use super::legal::{LegalForm, Position};
use super::name;

/// A normalised reading.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NormalizedReading {
    /// The reading in full-width katakana without the legal form's reading,
    /// spaces or punctuation; small kana kept distinct, long vowels unified.
    pub core: String,
    /// The legal form whose reading (カブシキガイシャ, `ｶ)` …) was split off.
    pub legal_form: Option<LegalForm>,
    /// Where it stood.
    pub legal_form_position: Option<Position>,
}

/// Normalises a reading, so that `カブシキガイシャ サカタノタネ`, `ｻｶﾀﾉﾀﾈ` and
/// `さかたのたね` compare equal.
///
/// ```
/// use nayose::normalize::kana::normalize_reading;
/// let a = normalize_reading("カブシキガイシャ サカタノタネ");
/// assert_eq!(a.core, "サカタノタネ");
/// assert_eq!(normalize_reading("ｻｶﾀﾉﾀﾈ").core, a.core);
/// assert_eq!(normalize_reading("さかたのたね").core, a.core);
/// ```
#[must_use]
pub fn normalize_reading(input: &str) -> NormalizedReading {
    let n = name::normalize(input, false);
    NormalizedReading {
        core: n.core,
        legal_form: n.legal_form,
        legal_form_position: n.legal_form_position,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zengin_and_width() {
        let r = normalize_reading("ｶ)ｻｶﾀﾉﾀﾈ");
        assert_eq!(r.core, "サカタノタネ");
        assert_eq!(r.legal_form, Some(LegalForm::KabushikiKaisha));
        assert_eq!(
            normalize_reading("ｻｶﾀﾉﾀﾈ(ｶ").legal_form_position,
            Some(Position::Suffix)
        );
        assert_eq!(
            normalize_reading("ゴヨウケンセツカブシキガイシャ").core,
            "ゴヨウケンセツ"
        );
        assert_ne!(
            normalize_reading("キャノン").core,
            normalize_reading("キヤノン").core
        );
    }
}
