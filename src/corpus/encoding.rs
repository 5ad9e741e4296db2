//! Decoding corpus files: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1256.
//!
//! Files without a BOM that are not valid UTF-8 are tried as Windows-1256, the legacy Arabic
//! code page (or, when they hold NUL bytes, as UTF-16 saved without a BOM), and accepted when
//! the result reads as Arabic text. Anything else is an error
//! that names the byte where UTF-8 broke.

use std::borrow::Cow;

use encoding_rs::{UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1256};

/// The encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1256,
}

/// Why bytes could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Looks like a binary file (NUL bytes without a UTF-16 BOM).
    Binary,
    /// Neither UTF-8 (broken at this byte) nor plausible Windows-1256.
    NotText { utf8_error_at: usize },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Binary => write!(f, "binary file (NUL bytes), not text"),
            DecodeError::NotText { utf8_error_at } => write!(
                f,
                "invalid UTF-8 at byte {utf8_error_at}, and not Windows-1256 Arabic either"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes `bytes`, detecting the encoding.
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Encoding), DecodeError> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        let kind = if encoding == UTF_16LE {
            Encoding::Utf16Le
        } else if encoding == UTF_16BE {
            Encoding::Utf16Be
        } else {
            Encoding::Utf8
        };
        if had_errors {
            let at = if encoding == UTF_8 {
                bom_len
                    + std::str::from_utf8(&bytes[bom_len..])
                        .err()
                        .map_or(0, |e| e.valid_up_to())
            } else {
                bom_len
            };
            return Err(DecodeError::NotText { utf8_error_at: at });
        }
        return Ok((text, kind));
    }
    if bytes.contains(&0) {
        return utf16_without_bom(bytes).ok_or(DecodeError::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((Cow::Borrowed(text), Encoding::Utf8)),
        Err(err) => {
            let (text, _, had_errors) = WINDOWS_1256.decode(bytes);
            if !had_errors && !mostly_utf8(bytes) && reads_as_arabic(&text) {
                Ok((text, Encoding::Windows1256))
            } else {
                Err(DecodeError::NotText {
                    utf8_error_at: err.valid_up_to(),
                })
            }
        }
    }
}

/// UTF-16 saved without a BOM: its NUL bytes (the high bytes of spaces and digits) all fall on
/// one side of each pair, and the text reads as Arabic. Anything else with NUL bytes is binary.
fn utf16_without_bom(bytes: &[u8]) -> Option<(Cow<'_, str>, Encoding)> {
    if bytes.len() % 2 != 0 {
        return None;
    }
    let nul_at = |parity: usize| bytes.iter().skip(parity).step_by(2).any(|&b| b == 0);
    let (encoding, kind) = match (nul_at(0), nul_at(1)) {
        (false, true) => (UTF_16LE, Encoding::Utf16Le),
        (true, false) => (UTF_16BE, Encoding::Utf16Be),
        _ => return None,
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    (!had_errors && reads_as_arabic(&text)).then_some((text, kind))
}

/// Whether the bytes are UTF-8 with a few broken sequences rather than a legacy code page:
/// in Windows-1256 Arabic, valid UTF-8 multi-byte sequences are rare.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    valid >= 4 * invalid.max(1)
}

/// Whether most letters are Arabic and few are control characters.
fn reads_as_arabic(text: &str) -> bool {
    let mut arabic = 0usize;
    let mut letters = 0usize;
    let mut controls = 0usize;
    for c in text.chars() {
        if c.is_alphabetic() {
            letters += 1;
            if ('\u{0600}'..='\u{06FF}').contains(&c) {
                arabic += 1;
            }
        } else if c.is_control() && !c.is_whitespace() {
            controls += 1;
        }
    }
    letters > 0 && arabic * 2 >= letters && controls * 100 <= letters
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARABIC: &str = "وزير الخارجية الصيني";

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode(ARABIC.as_bytes()).unwrap(),
            (Cow::Borrowed(ARABIC), Encoding::Utf8)
        );
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), ARABIC.as_bytes()].concat();
        assert_eq!(decode(&with_bom).unwrap().0, ARABIC);
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in ARABIC.encode_utf16() {
            le.extend(unit.to_le_bytes());
            be.extend(unit.to_be_bytes());
        }
        assert_eq!(
            decode(&le).unwrap(),
            (Cow::Owned(ARABIC.to_string()), Encoding::Utf16Le)
        );
        assert_eq!(decode(&be).unwrap().1, Encoding::Utf16Be);
    }

    #[test]
    fn utf16_without_bom_when_it_reads_as_arabic() {
        let text = "وزير الخارجية 2024";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(
            decode(&le).unwrap(),
            (Cow::Owned(text.to_string()), Encoding::Utf16Le)
        );
        assert_eq!(decode(&be).unwrap().1, Encoding::Utf16Be);
        // English in UTF-16 is not taken for Arabic; odd lengths and mixed NULs are binary.
        let english: Vec<u8> = "hello world"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(decode(&english).unwrap_err(), DecodeError::Binary);
        assert_eq!(decode(&le[1..]).unwrap_err(), DecodeError::Binary);
    }

    #[test]
    fn windows_1256() {
        let (bytes, _, _) = WINDOWS_1256.encode(ARABIC);
        assert_eq!(
            decode(&bytes).unwrap(),
            (Cow::Owned(ARABIC.to_string()), Encoding::Windows1256)
        );
    }

    #[test]
    fn binary_and_broken() {
        assert_eq!(decode(b"\x00\x01\x02abc").unwrap_err(), DecodeError::Binary);
        // Latin-1 text is not UTF-8 and does not read as Arabic in Windows-1256.
        let err = decode(b"caf\xE9 na\xEFve").unwrap_err();
        assert_eq!(err, DecodeError::NotText { utf8_error_at: 3 });
        // UTF-8 Arabic with one broken byte in the middle is not taken for Windows-1256.
        let broken = [ARABIC.as_bytes(), b"\xFF", ARABIC.as_bytes()].concat();
        let err = decode(&broken).unwrap_err();
        assert_eq!(
            err,
            DecodeError::NotText {
                utf8_error_at: ARABIC.len()
            }
        );
    }

    proptest::proptest! {
        // Any bytes: no panic; valid UTF-8 without NUL comes back as it is.
        #[test]
        fn never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            let decoded = decode(&bytes);
            if let Ok(text) = std::str::from_utf8(&bytes) {
                if !text.contains('\0') && !text.starts_with('\u{FEFF}') {
                    proptest::prop_assert_eq!(decoded, Ok((Cow::Borrowed(text), Encoding::Utf8)));
                }
            }
        }
    }
}
