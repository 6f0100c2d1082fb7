//! The `.npy` header: parsing, writing and the limits that guard parsing.

/*
Layout of a .npy file (all versions):

    bytes 0..6   \x93NUMPY
    byte  6, 7   major, minor version: (1,0), (2,0) or (3,0)
    then         HEADER_LEN: u16 little-endian in 1.0, u32 in 2.0 and 3.0
    then         HEADER_LEN bytes of header text: a Python dict literal,
                 latin1 in 1.0/2.0, UTF-8 in 3.0, ending in '\n'
    then         the data

NumPy pads the text with spaces so that the data starts on a multiple of 64
bytes (16 before NumPy 1.14, so readers must not assume 64). Before that
alignment padding it adds "growth padding": 21 - len(repr(shape[axis]))
spaces, where axis is 0 (or the last axis in Fortran order). That leaves room
for the growth axis to reach 21 digits without the header changing length,
which is what lets npio's streaming writer and appender patch the shape in
place and still produce exactly the bytes np.save would.
*/

mod parse;
mod write;

pub use parse::{read_header, ParsedHeader};

use crate::dtype::DType;
use crate::{Error, ErrorKind, Result};

/// The magic string every `.npy` file starts with.
pub const MAGIC: &[u8; 6] = b"\x93NUMPY";

/// A `.npy` format version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Version {
    /// 1.0: u16 header length, latin1 header.
    V1,
    /// 2.0: u32 header length, latin1 header.
    V2,
    /// 3.0: u32 header length, UTF-8 header.
    V3,
}

impl Version {
    /// `(major, minor)`.
    pub fn as_tuple(self) -> (u8, u8) {
        match self {
            Version::V1 => (1, 0),
            Version::V2 => (2, 0),
            Version::V3 => (3, 0),
        }
    }

    /// The version for `(major, minor)`, if it exists.
    pub fn from_tuple(major: u8, minor: u8) -> Option<Version> {
        match (major, minor) {
            (1, 0) => Some(Version::V1),
            (2, 0) => Some(Version::V2),
            (3, 0) => Some(Version::V3),
            _ => None,
        }
    }

    /// Bytes of the HEADER_LEN field.
    pub fn len_field_size(self) -> usize {
        match self {
            Version::V1 => 2,
            Version::V2 | Version::V3 => 4,
        }
    }

    /// Bytes before the header text: magic, version and HEADER_LEN.
    pub fn prefix_len(self) -> usize {
        MAGIC.len() + 2 + self.len_field_size()
    }
}

/// Limits that bound what a header may ask of the reader. The defaults are
/// safe for untrusted files.
///
/// # Example
///
/// ```
/// use npy_format::ReadOptions;
///
/// let mut opts = ReadOptions::new();
/// opts.max_header_size(200_000); // a trusted file with many fields
/// # let _ = opts;
/// ```
#[derive(Debug, Clone)]
pub struct ReadOptions {
    pub(crate) max_header_size: usize,
    pub(crate) max_ndim: usize,
    pub(crate) max_depth: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_header_size: 10_000,
            max_ndim: 64,
            max_depth: 32,
        }
    }
}

impl ReadOptions {
    /// The default, safe limits.
    pub fn new() -> ReadOptions {
        ReadOptions::default()
    }

    /// Longest header text accepted, in characters (default 10000, as
    /// NumPy). Checked against the length field before the text is read.
    pub fn max_header_size(&mut self, chars: usize) -> &mut Self {
        self.max_header_size = chars;
        self
    }

    /// Most dimensions accepted (default 64, NumPy's limit).
    pub fn max_ndim(&mut self, ndim: usize) -> &mut Self {
        self.max_ndim = ndim;
        self
    }

    /// Deepest nesting of structured dtypes accepted (default 32).
    pub fn max_depth(&mut self, depth: usize) -> &mut Self {
        self.max_depth = depth;
        self
    }
}

/// What a `.npy` header says: the element type, the shape, and whether the
/// data is in Fortran (column-major) order.
///
/// # Example
///
/// ```
/// use npy_format::{DType, Header, ScalarKind};
///
/// let h = Header::new(DType::scalar(ScalarKind::Float(8)), vec![3], false);
/// let bytes = h.to_bytes()?;
/// assert_eq!(bytes.len(), 128); // np.save(f, np.arange(3.)) starts its data at 128
/// assert_eq!(&bytes[10..60], b"{'descr': '<f8', 'fortran_order': False, 'shape': ");
/// # Ok::<(), npy_format::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The element type.
    pub dtype: DType,
    /// The shape; empty for a 0-d array.
    pub shape: Vec<usize>,
    /// True when the data is stored column-major.
    pub fortran_order: bool,
}

impl Header {
    /// A header for this dtype, shape and order.
    pub fn new(dtype: DType, shape: Vec<usize>, fortran_order: bool) -> Header {
        Header {
            dtype,
            shape,
            fortran_order,
        }
    }

    /// Number of elements: 1 for a 0-d array, else the product of the
    /// shape. Errors when it overflows.
    pub fn num_elements(&self) -> Result<usize> {
        self.shape
            .iter()
            .try_fold(1usize, |acc, &d| acc.checked_mul(d))
            .ok_or_else(|| self.overflow())
    }

    /// Bytes of data the header describes. Errors when it overflows.
    pub fn data_len(&self) -> Result<usize> {
        self.num_elements()?
            .checked_mul(self.dtype.itemsize())
            .filter(|&n| n <= isize::MAX as usize)
            .ok_or_else(|| self.overflow())
    }

    fn overflow(&self) -> Error {
        ErrorKind::SizeOverflow {
            shape: self.shape.iter().map(|&d| d as u64).collect(),
            itemsize: self.dtype.itemsize(),
        }
        .into()
    }

    /// The header `np.save` writes for the array this header describes:
    /// Fortran order is kept only when the array is not also C-contiguous
    /// (at most one dimension longer than 1, or no elements), in which case
    /// the data bytes are the same in both orders.
    pub fn canonical(&self) -> Header {
        let shape = &self.shape;
        let also_c = shape.contains(&0) || shape.iter().filter(|&&d| d > 1).count() <= 1;
        Header {
            fortran_order: self.fortran_order && !also_c,
            ..self.clone()
        }
    }

    /// The complete header as `np.save` writes it: magic, the smallest
    /// version that can hold it, length, text, padding.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        write::header_bytes(self, None)
    }

    /// The complete header in the given version; errors when that version
    /// cannot hold it (text too long for 1.0, non-latin1 text for 1.0 and
    /// 2.0).
    pub fn to_bytes_version(&self, version: Version) -> Result<Vec<u8>> {
        write::header_bytes(self, Some(version))
    }

    /// The header text without alignment padding, as NumPy builds it:
    /// `{'descr': ..., 'fortran_order': ..., 'shape': ..., }` plus growth
    /// padding.
    pub fn text(&self) -> String {
        write::header_text(self)
    }
}
