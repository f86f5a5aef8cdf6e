//! The character set of a request body: UTF-8, or, for CSV, Shift_JIS/CP932
//! as Excel writes Japanese CSV files (which Batch Transform then sends line
//! by line). A `charset` parameter in `Content-Type` decides; without one, a
//! CSV body that is not UTF-8 but is clean Shift_JIS is taken as Shift_JIS.
//! JSON and JSON Lines are UTF-8 (RFC 8259).

use std::borrow::Cow;

use encoding_rs::SHIFT_JIS;

use super::error::ApiError;

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
    /// Decodes `body` to UTF-8 bytes (borrowed when it already is UTF-8),
    /// with the charset it was in; Shift_JIS only when `csv`. A body that is
    /// in neither gets a 400 naming the first bad byte.
    pub fn decode<'a>(
        body: &'a [u8],
        content_type: &str,
        csv: bool,
    ) -> Result<(Cow<'a, [u8]>, Self), ApiError> {
        let declared = charset_parameter(content_type);
        let shift_jis = |body: &'a [u8]| {
            SHIFT_JIS
                .decode_without_bom_handling_and_without_replacement(body)
                .map(|text| (Cow::Owned(text.into_owned().into_bytes()), Self::ShiftJis))
        };
        match declared.as_deref() {
            Some(name) if csv && SHIFT_JIS_NAMES.contains(&name) => shift_jis(body).ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "the body is declared `charset={name}` but is not valid Shift_JIS"
                ))
            }),
            Some(name) if name != "utf-8" && name != "utf8" => {
                Err(ApiError::UnsupportedMediaType(if csv {
                    format!("unsupported charset `{name}`; send UTF-8 or Shift_JIS (CP932)")
                } else {
                    format!("unsupported charset `{name}`; JSON is UTF-8")
                }))
            }
            declared => match std::str::from_utf8(body) {
                Ok(_) => Ok((Cow::Borrowed(body), Self::Utf8)),
                Err(error) if csv && declared.is_none() => shift_jis(body).ok_or_else(|| {
                    ApiError::BadRequest(format!(
                        "the body is neither UTF-8 nor Shift_JIS (CP932): invalid byte at offset {}",
                        error.valid_up_to()
                    ))
                }),
                Err(error) => Err(ApiError::BadRequest(format!(
                    "the body is not valid UTF-8 (invalid byte at offset {}); send UTF-8{}",
                    error.valid_up_to(),
                    if csv { ", or Shift_JIS (CP932)" } else { "" }
                ))),
            },
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

    fn sjis(text: &str) -> Vec<u8> {
        SHIFT_JIS.encode(text).0.into_owned()
    }

    #[test]
    fn utf8_is_borrowed_and_shift_jis_is_detected_or_declared() {
        let (text, charset) = Charset::decode("株式会社".as_bytes(), "text/csv", true).unwrap();
        assert!(matches!(text, Cow::Borrowed(_)));
        assert_eq!(charset, Charset::Utf8);
        let body = sjis("株式会社サカタのタネ,横浜市");
        let (text, charset) = Charset::decode(&body, "text/csv", true).unwrap();
        assert_eq!(
            (std::str::from_utf8(&text).unwrap(), charset),
            ("株式会社サカタのタネ,横浜市", Charset::ShiftJis)
        );
        let (_, charset) = Charset::decode(&body, "text/csv; charset=Windows-31J", true).unwrap();
        assert_eq!(charset, Charset::ShiftJis);
    }

    #[test]
    fn bad_bytes_and_unknown_charsets_are_refused() {
        let bad = b"\xff\xfe\xfd";
        let message = |r: Result<(Cow<'_, [u8]>, Charset), ApiError>| match r {
            Err(ApiError::BadRequest(m) | ApiError::UnsupportedMediaType(m)) => m,
            other => panic!("{other:?}"),
        };
        assert!(
            message(Charset::decode(bad, "text/csv", true)).contains("neither UTF-8 nor Shift_JIS")
        );
        assert!(
            message(Charset::decode(bad, "text/csv; charset=utf-8", true))
                .contains("not valid UTF-8")
        );
        assert!(
            message(Charset::decode(bad, "text/csv; charset=sjis", true))
                .contains("not valid Shift_JIS")
        );
        assert!(
            message(Charset::decode(b"a", "text/csv; charset=latin1", true)).contains("latin1")
        );
        // JSON is UTF-8 only: Shift_JIS bytes are neither guessed nor declared.
        let sjis_body = sjis("{\"name\":\"日本\"}");
        assert!(
            message(Charset::decode(&sjis_body, "application/json", false))
                .contains("not valid UTF-8")
        );
        assert!(
            message(Charset::decode(
                &sjis_body,
                "application/json; charset=sjis",
                false
            ))
            .contains("JSON is UTF-8")
        );
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
