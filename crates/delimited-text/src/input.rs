//! Reading text input: files (decompressed as their names say),
//! readers and strings, decoded as UTF-8 or latin1, a UTF-8 BOM skipped.

use crate::compress::Compression;
use crate::error::{Error, ErrorKind, Result};
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// How input bytes become text.
///
/// # Example
///
/// ```
/// use delimited_text::{Encoding, LoadTxt};
///
/// let a = LoadTxt::new().encoding(Encoding::Latin1).dtype_descr("U3")?.from_reader(&b"\xb5m\n"[..])?;
/// assert_eq!(a.to_strings()?, ["µm"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Encoding {
    /// UTF-8 (the default); a leading byte-order mark is skipped (once).
    #[default]
    Utf8,
    /// latin1 (ISO 8859-1): every byte is one character.
    Latin1,
}

impl Encoding {
    /// Parses NumPy's encoding names: `utf-8`, `utf8`, `latin1`,
    /// `latin-1`, `iso-8859-1` (any case); `None` for others.
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::Encoding;
    ///
    /// assert_eq!(Encoding::from_name("ISO-8859-1"), Some(Encoding::Latin1));
    /// assert_eq!(Encoding::from_name("utf8"), Some(Encoding::Utf8));
    /// assert_eq!(Encoding::from_name("cp1252"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Encoding> {
        match name.to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" | "bytes" => Some(Encoding::Utf8),
            "latin1" | "latin-1" | "iso-8859-1" | "iso8859-1" | "l1" => Some(Encoding::Latin1),
            _ => None,
        }
    }

    /// Decodes `bytes` into text.
    pub(crate) fn decode(self, bytes: Vec<u8>) -> Result<String> {
        match self {
            Encoding::Latin1 => Ok(bytes.iter().map(|&b| b as char).collect()),
            Encoding::Utf8 => String::from_utf8(bytes).map_err(|e| {
                let valid = e.utf8_error().valid_up_to();
                let bytes = e.as_bytes();
                let line = 1 + bytes[..valid].iter().filter(|&&b| b == b'\n').count() as u64;
                Error::from(ErrorKind::Encoding {
                    line,
                    reason: format!(
                        "invalid UTF-8 at byte {valid} (use the latin1 encoding for such files)"
                    ),
                })
            }),
        }
    }
}

impl Encoding {
    /// Decodes one block of a stream whose first line is `line` (blocks end
    /// at line ends, so never inside a UTF-8 sequence).
    pub(crate) fn decode_block(self, bytes: Vec<u8>, line: u64) -> Result<String> {
        match self {
            Encoding::Latin1 => Ok(bytes.iter().map(|&b| b as char).collect()),
            Encoding::Utf8 => String::from_utf8(bytes).map_err(|e| {
                let valid = e.utf8_error().valid_up_to();
                let local = e.as_bytes()[..valid]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count() as u64;
                ErrorKind::Encoding {
                    line: line + local,
                    reason: "invalid UTF-8 (use the latin1 encoding for such files)".to_string(),
                }
                .into()
            }),
        }
    }
}

/// Reads until `buf` is full or the input ends; returns the bytes read.
pub(crate) fn read_fully<R: Read>(r: &mut R, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut done = 0;
    while done < buf.len() {
        match r.read(&mut buf[done..]) {
            Ok(0) => break,
            Ok(n) => done += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

/// A text file opened for reading, decompressed as its name says
/// ([`Compression::from_path`]), with the text's length when it is known.
pub(crate) fn open_path(path: &Path) -> Result<(Box<dyn Read + Send>, Option<u64>)> {
    let file = File::open(path)?;
    let compression = Compression::from_path(path);
    let len = match compression.is_compressed() {
        true => None,
        false => file.metadata().ok().map(|m| m.len()),
    };
    Ok((compression.decoder(file), len))
}
