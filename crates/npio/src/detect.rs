//! Telling `.npy`, `.npz` and pickle files apart by their first bytes, as
//! `np.load` does.

use crate::error::{AtPath, ErrorKind, Result};
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Bytes [`Format::sniff`] needs to decide: the length of the `.npy`
/// magic.
///
/// # Example
///
/// ```
/// assert_eq!(npio::SNIFF_LEN, npio::npy::MAGIC.len());
/// ```
pub const SNIFF_LEN: usize = 6;

/// What a file is, judged by its first bytes.
///
/// # Example
///
/// ```
/// use npio::Format;
///
/// assert_eq!(Format::sniff(b"\x93NUMPY\x01\x00"), Some(Format::Npy));
/// assert_eq!(Format::sniff(b"PK\x03\x04"), Some(Format::Npz));
/// assert_eq!(Format::sniff(b"PK\x05\x06"), Some(Format::Npz)); // an empty archive
/// assert_eq!(Format::sniff(b"\x80\x04\x95"), Some(Format::Pickle));
/// assert_eq!(Format::sniff(b"1,2,3\n"), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// A `.npy` file: it starts with `\x93NUMPY`.
    Npy,
    /// A ZIP archive, so an `.npz`: it starts with a local file header
    /// (`PK\x03\x04`) or, when empty, the end of the central directory
    /// (`PK\x05\x06`).
    Npz,
    /// A Python pickle of protocol 2 or later: it starts with `\x80`.
    Pickle,
}

impl Format {
    /// The format the bytes (a file's start) announce, or `None`.
    ///
    /// Only the first [`SNIFF_LEN`] bytes matter. Unlike `np.load`, which
    /// takes anything that is neither `.npy` nor ZIP for a pickle, a
    /// pickle is recognised only by protocol 2's mark; pickles of
    /// protocols 0 and 1 (text) come out as `None`.
    ///
    /// # Example
    ///
    /// ```
    /// use npio::Format;
    ///
    /// assert_eq!(Format::sniff(b"\x93NUMPY\x01\x00"), Some(Format::Npy));
    /// assert_eq!(Format::sniff(b"PK\x03\x04rest"), Some(Format::Npz));
    /// assert_eq!(Format::sniff(b"\x80\x04\x95"), Some(Format::Pickle));
    /// assert_eq!(Format::sniff(b"id,name\n"), None);
    /// ```
    pub fn sniff(start: &[u8]) -> Option<Format> {
        if start.starts_with(npy_format::MAGIC) {
            Some(Format::Npy)
        } else if start.starts_with(b"PK\x03\x04") || start.starts_with(b"PK\x05\x06") {
            Some(Format::Npz)
        } else if start.first() == Some(&0x80) {
            Some(Format::Pickle)
        } else {
            None
        }
    }

    /// Reads a file's first bytes and sniffs them.
    ///
    /// Errors: [`ErrorKind::Empty`] for an empty file,
    /// [`ErrorKind::UnknownFormat`] (with the first 16 bytes) for a file
    /// of none of the formats, [`ErrorKind::Io`] when the file cannot be
    /// read; each names the file.
    ///
    /// # Example
    ///
    /// ```
    /// use npio::Format;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("a.npy");
    /// npio::save(&path, &ndarray::array![1u8, 2])?;
    /// assert_eq!(Format::detect(&path)?, Format::Npy);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn detect<P: AsRef<Path>>(path: P) -> Result<Format> {
        let path = path.as_ref();
        let mut file = File::open(path).at(path)?;
        let (format, _) = Format::read_start(&mut file).at(path)?;
        Ok(format)
    }

    /// Sniffs the start of `reader`, returning the format and the bytes
    /// read (at most 16).
    pub(crate) fn read_start<R: Read>(reader: &mut R) -> Result<(Format, Vec<u8>)> {
        let mut start = Vec::with_capacity(16);
        reader.take(16).read_to_end(&mut start)?;
        if start.is_empty() {
            return Err(ErrorKind::Empty.into());
        }
        match Format::sniff(&start) {
            Some(format) => Ok((format, start)),
            None => Err(ErrorKind::UnknownFormat { start }.into()),
        }
    }

    /// The format's usual extension, without the dot.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(npio::Format::Npz.extension(), "npz");
    /// ```
    pub fn extension(self) -> &'static str {
        match self {
            Format::Npy => "npy",
            Format::Npz => "npz",
            Format::Pickle => "pkl",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_partial_magics_are_unknown() {
        assert_eq!(Format::sniff(b""), None);
        assert_eq!(Format::sniff(b"\x93NUMP"), None);
        assert_eq!(Format::sniff(b"PK"), None);
        assert_eq!(Format::sniff(b"PK\x01\x02"), None);
    }

    #[test]
    fn read_start_reports_what_it_saw() {
        let err = Format::read_start(&mut &b"hello, world, this is long"[..]).unwrap_err();
        match err.kind() {
            ErrorKind::UnknownFormat { start } => assert_eq!(start, b"hello, world, th"),
            other => panic!("{other:?}"),
        }
        let err = Format::read_start(&mut &b""[..]).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Empty));
    }
}
