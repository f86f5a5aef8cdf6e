//! The character set of a request body: UTF-8, or, for CSV, Shift_JIS/CP932
//! as Excel writes Japanese CSV files (which Batch Transform then sends line
//! by line). A `charset` parameter in `Content-Type` decides; without one, a
//! CSV body is detected the way `nayose link` detects a file (valid UTF-8 or
//! a BOM is UTF-8, clean Shift_JIS is Shift_JIS; [`crate::clients::encoding`]).
//! JSON and JSON Lines are UTF-8 (RFC 8259). Bytes that are not valid text
//! in the chosen charset do not fail a CSV or JSON Lines request: the rows
//! holding them are `error` rows (a JSON document with them is malformed).
//! A CSV answer goes back in the request's charset.

use encoding_rs::SHIFT_JIS;

use super::error::ApiError;
use crate::clients::encoding::{Detected, InputEncoding};

/// The character set of a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charset {
    /// UTF-8 (with or without a BOM).
    Utf8,
    /// Shift_JIS / CP932 (Windows-31J).
    ShiftJis,
}

/// `charset` values meaning Shift_JIS / CP932.
const SHIFT_JIS_NAMES: &[&str] = &[
    "shift_jis",
    "shift-jis",
    "sjis",
    "x-sjis",
    "cp932",
    "ms932",
    "windows-31j",
];

/// The `charset` parameter of a `Content-Type` value, lower case.
fn charset_parameter(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        (name.trim().eq_ignore_ascii_case("charset"))
            .then(|| value.trim().trim_matches('"').to_ascii_lowercase())
    })
}

impl Charset {
    /// The input encoding a request's `Content-Type` asks for: its
    /// `charset` parameter, else detection ([`InputEncoding::Auto`], CSV
    /// only). An unknown charset, or one JSON cannot be in, is a 415.
    pub fn requested(content_type: &str, csv: bool) -> Result<InputEncoding, ApiError> {
        match charset_parameter(content_type).as_deref() {
            None if csv => Ok(InputEncoding::Auto),
            None | Some("utf-8" | "utf8") => Ok(InputEncoding::Utf8),
            Some(name) if csv && SHIFT_JIS_NAMES.contains(&name) => Ok(InputEncoding::Cp932),
            Some(name) => Err(ApiError::UnsupportedMediaType(if csv {
                format!("unsupported charset `{name}`; send UTF-8 or Shift_JIS (CP932)")
            } else {
                format!("unsupported charset `{name}`; JSON is UTF-8")
            })),
        }
    }

    /// The charset of a response to a body read as `detected`.
    #[must_use]
    pub fn of(detected: Detected) -> Self {
        match detected {
            Detected::Utf8 { .. } => Self::Utf8,
            Detected::Cp932 => Self::ShiftJis,
        }
    }

    /// Encodes a UTF-8 response body in this charset (a character Shift_JIS
    /// lacks becomes a numeric character reference).
    #[must_use]
    pub fn encode(self, body: Vec<u8>) -> Vec<u8> {
        match self {
            Self::Utf8 => body,
            Self::ShiftJis => {
                let text = String::from_utf8_lossy(&body);
                SHIFT_JIS.encode(&text).0.into_owned()
            }
        }
    }

    /// The `charset` parameter naming it in a response.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Utf8 => "utf-8",
            Self::ShiftJis => "shift_jis",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn requested(content_type: &str, csv: bool) -> Result<InputEncoding, String> {
        Charset::requested(content_type, csv).map_err(|e| e.to_string())
    }

    #[test]
    fn declared_detected_and_refused_charsets() {
        assert_eq!(requested("text/csv", true), Ok(InputEncoding::Auto));
        assert_eq!(
            requested("text/csv; charset=Windows-31J", true),
            Ok(InputEncoding::Cp932)
        );
        assert_eq!(
            requested("text/csv; charset=\"utf-8\"", true),
            Ok(InputEncoding::Utf8)
        );
        assert_eq!(
            requested("application/json", false),
            Ok(InputEncoding::Utf8)
        );
        assert!(requested("text/csv; charset=latin1", true).is_err_and(|m| m.contains("latin1")));
        // JSON is UTF-8 only: Shift_JIS is never declared.
        assert!(
            requested("application/json; charset=sjis", false)
                .is_err_and(|m| m.contains("JSON is UTF-8"))
        );
        assert_eq!(Charset::of(Detected::Cp932), Charset::ShiftJis);
    }

    #[test]
    fn responses_go_back_in_the_request_charset() {
        let body = "a,1,株式会社髙島屋,0.9,matched\n".as_bytes().to_vec();
        assert_eq!(Charset::Utf8.encode(body.clone()), body);
        let encoded = Charset::ShiftJis.encode(body);
        assert_eq!(
            SHIFT_JIS.decode_without_bom_handling(&encoded).0,
            "a,1,株式会社髙島屋,0.9,matched\n"
        );
    }
}
