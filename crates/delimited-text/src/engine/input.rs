//! Reading text input: files (decompressed as their names say),
//! readers and strings, decoded as UTF-8 or latin1, a UTF-8 BOM skipped.

use crate::engine::compress::Compression;
use crate::engine::transcode::{Decoder, Order, Target, Wide};
use crate::error::{Error, ErrorKind, Result};
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// How input bytes become text (and, for savetxt, text becomes bytes):
/// the encodings NumPy's text functions are given most, by Python's names.
/// UTF-16 and UTF-32 are turned into UTF-8 as they are read.
///
/// # Example
///
/// ```
/// use delimited_text::{Encoding, LoadTxt};
///
/// let a = LoadTxt::new().encoding(Encoding::Latin1).dtype_descr("U3").from_reader(&b"\xb5m\n"[..])?;
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
    /// ASCII: bytes above 127 are an error.
    Ascii,
    /// UTF-16 in the order its byte-order mark gives (little-endian
    /// without one); written with a mark, little-endian, as Python does.
    Utf16,
    /// UTF-16, little-endian, no mark written.
    Utf16Le,
    /// UTF-16, big-endian, no mark written.
    Utf16Be,
    /// UTF-32 in the order its byte-order mark gives (little-endian
    /// without one); written with a mark, little-endian.
    Utf32,
    /// UTF-32, little-endian, no mark written.
    Utf32Le,
    /// UTF-32, big-endian, no mark written.
    Utf32Be,
    /// NumPy's `encoding='bytes'` (deprecated there): bytes read as
    /// latin1, and genfromtxt's inferred string columns become bytes
    /// (`S`) columns, with NumPy's deprecation warning.
    Bytes,
}

impl Encoding {
    /// Parses Python's names for these encodings (any case, `-` or `_`):
    /// `utf-8`, `utf8`, `utf-8-sig`, `latin1`, `latin-1`, `iso-8859-1`,
    /// `ascii`, `us-ascii`, `utf-16`, `utf-16-le`, `utf-16le`,
    /// `utf-16-be`, `utf-32` and so on; `None` for others.
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
            "utf-8" | "utf8" | "u8" | "utf-8-sig" => Some(Encoding::Utf8),
            "latin1" | "latin-1" | "iso-8859-1" | "iso8859-1" | "l1" => Some(Encoding::Latin1),
            "ascii" | "us-ascii" | "646" => Some(Encoding::Ascii),
            "bytes" => Some(Encoding::Bytes),
            "utf-16" | "utf16" | "u16" => Some(Encoding::Utf16),
            "utf-16-le" | "utf-16le" | "utf16le" => Some(Encoding::Utf16Le),
            "utf-16-be" | "utf-16be" | "utf16be" => Some(Encoding::Utf16Be),
            "utf-32" | "utf32" | "u32" => Some(Encoding::Utf32),
            "utf-32-le" | "utf-32le" | "utf32le" => Some(Encoding::Utf32Le),
            "utf-32-be" | "utf-32be" | "utf32be" => Some(Encoding::Utf32Be),
            _ => None,
        }
    }

    /// The names [`from_name`](Self::from_name) knows, for messages.
    pub const NAMES: &'static str =
        "utf-8, latin1, ascii, utf-16, utf-16-le, utf-16-be, utf-32, utf-32-le, utf-32-be, bytes";

    /// The wide encoding, if this is one.
    fn wide(self) -> Option<Wide> {
        Some(match self {
            Encoding::Utf16 => Wide::Utf16(None),
            Encoding::Utf16Le => Wide::Utf16(Some(Order::Little)),
            Encoding::Utf16Be => Wide::Utf16(Some(Order::Big)),
            Encoding::Utf32 => Wide::Utf32(None),
            Encoding::Utf32Le => Wide::Utf32(Some(Order::Little)),
            Encoding::Utf32Be => Wide::Utf32(Some(Order::Big)),
            _ => return None,
        })
    }

    /// The encoding of what [`reader`](Self::reader) gives: UTF-8 for the
    /// wide encodings, which it turns into UTF-8, else this one.
    pub(crate) fn after_reader(self) -> Encoding {
        match self.wide() {
            Some(_) => Encoding::Utf8,
            None => self,
        }
    }

    /// `reader`, turned into UTF-8 when the encoding is UTF-16 or UTF-32
    /// (the bytes then go to [`decode`](Self::decode) and
    /// [`decode_block`](Self::decode_block), which take them as UTF-8).
    pub(crate) fn reader<R: Read>(self, reader: R) -> Transcoded<R> {
        match self.wide() {
            Some(w) => Transcoded::Wide(Decoder::new(reader, w)),
            None => Transcoded::Plain(reader),
        }
    }

    /// What a writer of this encoding writes, when it is not UTF-8.
    pub(crate) fn target(self) -> Option<Target> {
        match (self, self.wide()) {
            (_, Some(w)) => Some(Target::Wide(w)),
            (Encoding::Latin1 | Encoding::Bytes, _) => Some(Target::Narrow(0xff)),
            (Encoding::Ascii, _) => Some(Target::Narrow(0x7f)),
            _ => None,
        }
    }

    /// Decodes `bytes` into text.
    pub(crate) fn decode(self, bytes: Vec<u8>) -> Result<String> {
        match self {
            Encoding::Latin1 | Encoding::Bytes => Ok(bytes.iter().map(|&b| b as char).collect()),
            Encoding::Ascii => self.decode_block(bytes, 1),
            _ => String::from_utf8(bytes).map_err(|e| {
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
            Encoding::Latin1 | Encoding::Bytes => Ok(bytes.iter().map(|&b| b as char).collect()),
            Encoding::Ascii => match bytes.iter().position(|b| !b.is_ascii()) {
                None => Ok(String::from_utf8(bytes).unwrap_or_default()),
                Some(at) => Err(ErrorKind::Encoding {
                    line: line + bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64,
                    reason: format!("byte {:#04x} is not ASCII", bytes[at]),
                }
                .into()),
            },
            _ => String::from_utf8(bytes).map_err(|e| {
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

/// A reader's bytes as the parsers take them (see [`Encoding::reader`]).
#[derive(Debug)]
pub(crate) enum Transcoded<R> {
    Plain(R),
    Wide(Decoder<R>),
}

impl<R: Read> Read for Transcoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Transcoded::Plain(r) => r.read(buf),
            Transcoded::Wide(d) => d.read(buf),
        }
    }
}
