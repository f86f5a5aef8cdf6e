//! Text encodings of client lists: UTF-8 (with or without BOM) or
//! Shift_JIS/CP932 as Excel writes it, detected from the first 64 KiB or
//! chosen by the user; and the encoding of the output.
//!
//! One policy for both front-ends: [`open_text`] (a file, streamed, for
//! `nayose link`) and [`decode`] (a request body in memory, for `serve`)
//! decide the encoding with the same [`detect`] over the same window. Bytes
//! that are not valid text never fail the input as a whole: UTF-8 is passed
//! on as bytes, and CP932 is transcoded with U+FFFD for what it cannot map;
//! [`super::row`] then makes each row holding such bytes an `error` row.

use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read};

use clap::ValueEnum;
use encoding_rs::SHIFT_JIS;
use encoding_rs_io::DecodeReaderBytesBuilder;

/// Bytes looked at to detect the encoding.
const SNIFF_BYTES: usize = 64 * 1024;
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// An input encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputEncoding {
    /// Detect: a BOM or valid UTF-8 means UTF-8, otherwise CP932 if it decodes.
    Auto,
    /// UTF-8 (a BOM is skipped).
    Utf8,
    /// Shift_JIS / CP932 (Windows-31J).
    #[value(alias = "shift_jis", alias = "sjis", alias = "windows-31j")]
    Cp932,
}

/// An output encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputEncoding {
    /// UTF-8 with a BOM when the input had one or was CP932 (so Excel opens it), else without.
    Auto,
    /// UTF-8 without BOM.
    Utf8,
    /// UTF-8 with BOM.
    #[value(name = "utf-8-bom", alias = "utf8-bom")]
    Utf8Bom,
    /// Shift_JIS / CP932 (characters it lacks become numeric character references).
    #[value(alias = "shift_jis", alias = "sjis")]
    Cp932,
}

/// What detection found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    /// UTF-8, with or without a BOM.
    Utf8 {
        /// The input started with a BOM.
        bom: bool,
    },
    /// CP932.
    Cp932,
}

impl Detected {
    /// Name for messages.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Utf8 { bom: true } => "UTF-8 with BOM",
            Self::Utf8 { bom: false } => "UTF-8",
            Self::Cp932 => "CP932 (Shift_JIS)",
        }
    }

    /// The output encoding `choice` resolves to for this input.
    #[must_use]
    pub fn output(self, choice: OutputEncoding) -> OutputEncoding {
        match (choice, self) {
            (OutputEncoding::Auto, Self::Utf8 { bom: false }) => OutputEncoding::Utf8,
            (OutputEncoding::Auto, _) => OutputEncoding::Utf8Bom,
            (other, _) => other,
        }
    }
}

/// Whether `bytes` (a prefix of the input, possibly cut inside a character)
/// is valid UTF-8.
fn is_utf8_prefix(bytes: &[u8]) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(_) => true,
        // Only an incomplete character at the very end is allowed.
        Err(error) => error.error_len().is_none(),
    }
}

/// Whether `bytes` decodes as Shift_JIS without errors (ignoring a
/// character cut at the end).
fn is_cp932_prefix(bytes: &[u8]) -> bool {
    let mut decoder = SHIFT_JIS.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3);
    let (result, _read) = decoder.decode_to_string_without_replacement(bytes, &mut out, false);
    !matches!(result, encoding_rs::DecoderResult::Malformed(_, _))
}

/// The encoding of an input that starts with `head` (at least the first
/// [`SNIFF_BYTES`] bytes, or all of a shorter input): a BOM or valid UTF-8
/// means UTF-8, otherwise clean CP932 means CP932, otherwise UTF-8 (whose
/// rows with invalid bytes become `error` rows).
#[must_use]
pub fn detect(head: &[u8], choice: InputEncoding) -> Detected {
    let head = &head[..head.len().min(SNIFF_BYTES)];
    let bom = head.starts_with(BOM);
    match choice {
        InputEncoding::Utf8 => Detected::Utf8 { bom },
        InputEncoding::Cp932 => Detected::Cp932,
        InputEncoding::Auto if bom || is_utf8_prefix(head) => Detected::Utf8 { bom },
        InputEncoding::Auto if is_cp932_prefix(head) => Detected::Cp932,
        InputEncoding::Auto => Detected::Utf8 { bom: false },
    }
}

/// Decodes a whole input in memory to UTF-8 bytes (BOM removed; borrowed
/// unless CP932 had to be transcoded), detected as [`detect`] does. The
/// result may still hold invalid UTF-8: that is for the rows to report.
#[must_use]
pub fn decode(bytes: &[u8], choice: InputEncoding) -> (Cow<'_, [u8]>, Detected) {
    let detected = detect(bytes, choice);
    let text = match detected {
        Detected::Utf8 { .. } => Cow::Borrowed(bytes.strip_prefix(BOM).unwrap_or(bytes)),
        Detected::Cp932 => {
            let (text, _) = SHIFT_JIS.decode_without_bom_handling(bytes);
            Cow::Owned(text.into_owned().into_bytes())
        }
    };
    (text, detected)
}

/// Decides the encoding of `reader`'s content (without consuming it) and
/// returns a reader of its text as UTF-8 bytes (BOM removed).
pub fn open_text<R: Read + 'static>(
    reader: R,
    choice: InputEncoding,
) -> std::io::Result<(Box<dyn Read>, Detected)> {
    let mut buffered = BufReader::with_capacity(SNIFF_BYTES, reader);
    let head = buffered.fill_buf()?.to_vec();
    let detected = detect(&head, choice);
    let text: Box<dyn Read> = match detected {
        Detected::Utf8 { bom } => {
            if bom {
                buffered.consume(BOM.len());
            }
            Box::new(buffered)
        }
        Detected::Cp932 => Box::new(
            DecodeReaderBytesBuilder::new()
                .encoding(Some(SHIFT_JIS))
                .build(buffered),
        ),
    };
    Ok((text, detected))
}

/// Encodes UTF-8 text for output.
#[must_use]
pub fn encode(text: &[u8], encoding: OutputEncoding) -> Vec<u8> {
    match encoding {
        OutputEncoding::Cp932 => {
            let text = String::from_utf8_lossy(text);
            let (bytes, _, _) = SHIFT_JIS.encode(&text);
            bytes.into_owned()
        }
        _ => text.to_vec(),
    }
}

/// The bytes an output file starts with.
#[must_use]
pub fn preamble(encoding: OutputEncoding) -> &'static [u8] {
    match encoding {
        OutputEncoding::Utf8Bom => BOM,
        _ => b"",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8], choice: InputEncoding) -> (String, Detected) {
        let (mut reader, detected) = open_text(std::io::Cursor::new(bytes.to_vec()), choice)
            .unwrap_or_else(|e| panic!("{e}"));
        let mut text = String::new();
        reader
            .read_to_string(&mut text)
            .unwrap_or_else(|e| panic!("{e}"));
        (text, detected)
    }

    #[test]
    fn detects_utf8_bom_and_cp932() {
        let csv = "会社名\n㈱サカタのタネ\n";
        assert_eq!(
            read_all(csv.as_bytes(), InputEncoding::Auto),
            (csv.to_owned(), Detected::Utf8 { bom: false })
        );
        let with_bom = [BOM, csv.as_bytes()].concat();
        assert_eq!(
            read_all(&with_bom, InputEncoding::Auto),
            (csv.to_owned(), Detected::Utf8 { bom: true })
        );
        let (sjis, _, _) = SHIFT_JIS.encode(csv);
        assert_eq!(
            read_all(&sjis, InputEncoding::Auto),
            (csv.to_owned(), Detected::Cp932)
        );
        assert_eq!(read_all(&sjis, InputEncoding::Cp932).1, Detected::Cp932);
    }

    #[test]
    fn output_follows_the_input_unless_chosen() {
        assert_eq!(
            Detected::Cp932.output(OutputEncoding::Auto),
            OutputEncoding::Utf8Bom
        );
        assert_eq!(
            Detected::Utf8 { bom: true }.output(OutputEncoding::Auto),
            OutputEncoding::Utf8Bom
        );
        assert_eq!(
            Detected::Utf8 { bom: false }.output(OutputEncoding::Auto),
            OutputEncoding::Utf8
        );
        assert_eq!(
            Detected::Utf8 { bom: false }.output(OutputEncoding::Cp932),
            OutputEncoding::Cp932
        );
        let encoded = encode("株式会社".as_bytes(), OutputEncoding::Cp932);
        assert_eq!(SHIFT_JIS.decode(&encoded).0, "株式会社");
    }

    #[test]
    fn in_memory_decoding_detects_the_same_way() {
        let csv = "会社名\n㈱サカタのタネ\n";
        let (sjis, _, _) = SHIFT_JIS.encode(csv);
        let (text, detected) = decode(&sjis, InputEncoding::Auto);
        assert_eq!((&*text, detected), (csv.as_bytes(), Detected::Cp932));
        let with_bom = [BOM, csv.as_bytes()].concat();
        let (text, detected) = decode(&with_bom, InputEncoding::Auto);
        assert_eq!(
            (&*text, detected),
            (csv.as_bytes(), Detected::Utf8 { bom: true })
        );
        // Neither encoding: UTF-8, bad bytes kept for the rows to report.
        let (text, detected) = decode(b"a,\xff\n", InputEncoding::Auto);
        assert_eq!(
            (&*text, detected),
            (&b"a,\xff\n"[..], Detected::Utf8 { bom: false })
        );
    }

    #[test]
    fn a_character_cut_by_the_sniff_window_is_still_utf8() {
        let text = "あ".repeat(SNIFF_BYTES / 3 + 1);
        assert!(is_utf8_prefix(&text.as_bytes()[..SNIFF_BYTES]));
        assert!(!is_utf8_prefix(b"\x82\xa0abc"));
    }
}
