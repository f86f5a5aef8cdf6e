//! English (romanised) company names.

use super::legal::{LegalForm, find_latin_suffix};
use super::text::{FoldMode, fold_into};

/// A normalised English name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NormalizedEnglish {
    /// Lower-case words separated by single spaces; punctuation removed,
    /// `&` written `and`, a leading `the` and the legal suffix dropped
    /// (`holdings`, `group`, `bank` … are kept).
    pub core: String,
    /// The legal form the suffix (`Co., Ltd.`, `Inc.`, `K.K.` …) names.
    pub legal_form: Option<LegalForm>,
    /// The whole name, suffix included, as one lower-case run of letters and
    /// digits (`kadokawacorporation`, `aandbcoltd`): two names written the
    /// same way, whatever their case, spacing and punctuation.
    pub full: String,
}

/// Normalises an English company name.
///
/// ```
/// use nayose::normalize::english::normalize_english;
/// let a = normalize_english("SAKATA SEED CORPORATION");
/// assert_eq!(a.core, "sakata seed");
/// assert_eq!(normalize_english("Sakata Seed Corp.").core, a.core);
/// assert_eq!(normalize_english("A&B Co., Ltd.").core, "a and b");
/// ```
#[must_use]
pub fn normalize_english(input: &str) -> NormalizedEnglish {
    let mut folded = String::with_capacity(input.len() + 8);
    fold_into(input, FoldMode::Name, &mut folded);
    // Punctuation: dots and apostrophes vanish (k.k. → kk, o'neil → oneil),
    // other punctuation separates words, & is "and".
    let mut words = String::with_capacity(folded.len() + 8);
    for c in folded.chars() {
        match c {
            '.' | '\'' | '"' => {}
            '&' | '+' => words.push_str(" and "),
            c if c.is_alphanumeric() => words.push(c),
            _ => words.push(' '),
        }
    }
    let mut tokens: Vec<&str> = words.split(' ').filter(|t| !t.is_empty()).collect();
    while tokens.first() == Some(&"the") && tokens.len() > 1 {
        tokens.remove(0);
    }
    let full = tokens.concat();
    let mut legal_form = None;
    let mut joined = tokens.join(" ");
    // Legal suffixes, repeatedly ("… co., ltd. inc" is rare but must not
    // make the result depend on how often we normalise).
    for _ in 0..4 {
        match find_latin_suffix(&joined) {
            Some(f) if f.start > 0 => {
                legal_form.get_or_insert(f.form);
                joined.truncate(f.start);
                while joined.ends_with(' ') || joined.ends_with("and") && joined.ends_with(" and") {
                    if joined.ends_with(" and") {
                        joined.truncate(joined.len() - 4);
                    } else {
                        joined.pop();
                    }
                }
            }
            _ => break,
        }
    }
    if let Some(rest) = joined
        .strip_prefix("kabushiki kaisha ")
        .or_else(|| joined.strip_prefix("kabushikikaisha "))
    {
        legal_form.get_or_insert(LegalForm::KabushikiKaisha);
        joined = rest.to_string();
    }
    NormalizedEnglish {
        core: joined,
        legal_form,
        full,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes() {
        for s in [
            "Sakata Seed Co., Ltd.",
            "SAKATA SEED CO.,LTD",
            "sakata seed k.k.",
            "Sakata Seed Corporation",
            "The Sakata Seed Inc.",
        ] {
            assert_eq!(normalize_english(s).core, "sakata seed", "{s}");
        }
        assert_eq!(normalize_english("ABC Holdings, Inc.").core, "abc holdings");
        assert_eq!(normalize_english("The A&B Co.,Ltd.").full, "aandbcoltd");
        assert_ne!(
            normalize_english("KADOKAWA CORPORATION").full,
            normalize_english("Kadokawa Ltd.").full
        );
        assert_eq!(normalize_english("Co.").core, "co");
        assert_eq!(
            normalize_english("Johnson & Johnson K.K.").core,
            "johnson and johnson"
        );
    }
}
