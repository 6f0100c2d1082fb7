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

pub use parse::{ParsedHeader, read_header};

use crate::dtype::DType;
use crate::{Error, ErrorKind, Result};

/// The magic string every `.npy` file starts with.
///
/// # Example
///
/// ```
/// use ndarray::array;
/// use npy_format::{WriteNpyExt, MAGIC};
///
/// let mut bytes = Vec::new();
/// array![1u8, 2].write_npy(&mut bytes)?;
/// assert!(bytes.starts_with(MAGIC));
/// assert_eq!(MAGIC, b"\x93NUMPY");
/// # Ok::<(), npy_format::Error>(())
/// ```
pub const MAGIC: &[u8; 6] = b"\x93NUMPY";

/// A `.npy` format version.
///
/// # Example
///
/// ```
/// use npy_format::{read_header, DType, Header, ReadOptions, ScalarKind, Version};
///
/// // np.save picks the oldest version that can hold the header.
/// let plain = Header::new(DType::scalar(ScalarKind::Float(8)), vec![3], false).to_bytes()?;
/// let parsed = read_header(&mut &plain[..], &ReadOptions::new())?;
/// assert_eq!(parsed.version, Version::V1);
///
/// // A field name outside latin1 needs a UTF-8 header: version 3.0.
/// let named = Header::new(DType::parse_descr("[('数据', '<f8')]")?, vec![3], false).to_bytes()?;
/// let parsed = read_header(&mut &named[..], &ReadOptions::new())?;
/// assert_eq!(parsed.version, Version::V3);
/// # Ok::<(), npy_format::Error>(())
/// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{DType, Header, ScalarKind, Version};
    ///
    /// assert_eq!(Version::V2.as_tuple(), (2, 0));
    ///
    /// // The two bytes after the magic.
    /// let h = Header::new(DType::scalar(ScalarKind::Int(4)), vec![2], false);
    /// let bytes = h.to_bytes_version(Version::V2)?;
    /// assert_eq!((bytes[6], bytes[7]), Version::V2.as_tuple());
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn as_tuple(self) -> (u8, u8) {
        match self {
            Version::V1 => (1, 0),
            Version::V2 => (2, 0),
            Version::V3 => (3, 0),
        }
    }

    /// The version for `(major, minor)`, if it exists.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::Version;
    ///
    /// assert_eq!(Version::from_tuple(3, 0), Some(Version::V3));
    /// assert_eq!(Version::from_tuple(1, 1), None);
    ///
    /// let file_start = b"\x93NUMPY\x01\x00";
    /// assert_eq!(Version::from_tuple(file_start[6], file_start[7]), Some(Version::V1));
    /// ```
    pub fn from_tuple(major: u8, minor: u8) -> Option<Version> {
        match (major, minor) {
            (1, 0) => Some(Version::V1),
            (2, 0) => Some(Version::V2),
            (3, 0) => Some(Version::V3),
            _ => None,
        }
    }

    /// Bytes of the HEADER_LEN field.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::Version;
    ///
    /// assert_eq!(Version::V1.len_field_size(), 2); // u16: headers up to 65535 bytes
    /// assert_eq!(Version::V2.len_field_size(), 4);
    /// assert_eq!(Version::V3.len_field_size(), 4);
    /// ```
    pub fn len_field_size(self) -> usize {
        match self {
            Version::V1 => 2,
            Version::V2 | Version::V3 => 4,
        }
    }

    /// Bytes before the header text: magic, version and HEADER_LEN.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{read_header, DType, Header, ReadOptions, ScalarKind, Version};
    ///
    /// assert_eq!(Version::V1.prefix_len(), 10);
    /// assert_eq!(Version::V3.prefix_len(), 12);
    ///
    /// let bytes = Header::new(DType::scalar(ScalarKind::Int(8)), vec![4], false).to_bytes()?;
    /// let p = read_header(&mut &bytes[..], &ReadOptions::new())?;
    /// assert_eq!(p.data_offset, (p.version.prefix_len() + p.header_len) as u64);
    /// # Ok::<(), npy_format::Error>(())
    /// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npy_format::{NpyReader, ReadOptions, WriteNpyExt};
    ///
    /// let mut bytes = Vec::new();
    /// array![1i64, 2].write_npy(&mut bytes)?;
    /// let reader = NpyReader::with_options(&bytes[..], &ReadOptions::new())?;
    /// assert_eq!(reader.header().shape, vec![2]);
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn new() -> ReadOptions {
        ReadOptions::default()
    }

    /// Longest header text accepted, in characters (default 10000, as
    /// NumPy). Checked against the length field before the text is read.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{read_header, DType, ErrorKind, Header, ReadOptions};
    ///
    /// // A record of 1000 fields: its header is longer than the default limit.
    /// let fields: Vec<String> = (0..1000).map(|i| format!("('f{i}', '<f8')")).collect();
    /// let dtype = DType::parse_descr(&format!("[{}]", fields.join(", ")))?;
    /// let bytes = Header::new(dtype, vec![1], false).to_bytes()?;
    ///
    /// let err = read_header(&mut &bytes[..], &ReadOptions::new()).unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::HeaderTooLarge { limit: 10_000, .. }));
    ///
    /// let mut opts = ReadOptions::new();
    /// opts.max_header_size(100_000);
    /// assert_eq!(read_header(&mut &bytes[..], &opts)?.header.dtype.itemsize(), 8000);
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn max_header_size(&mut self, chars: usize) -> &mut Self {
        self.max_header_size = chars;
        self
    }

    /// Most dimensions accepted (default 64, NumPy's limit).
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{read_header, DType, ErrorKind, Header, ReadOptions, ScalarKind};
    ///
    /// let bytes = Header::new(DType::scalar(ScalarKind::UInt(1)), vec![1; 8], false).to_bytes()?;
    ///
    /// let mut opts = ReadOptions::new();
    /// opts.max_ndim(4);
    /// let err = read_header(&mut &bytes[..], &opts).unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::TooManyDims { ndim: 8, limit: 4 }));
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn max_ndim(&mut self, ndim: usize) -> &mut Self {
        self.max_ndim = ndim;
        self
    }

    /// Deepest nesting of structured dtypes accepted (default 32).
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{read_header, DType, ErrorKind, Header, ReadOptions};
    ///
    /// // A record nested three levels deep.
    /// let dtype = DType::parse_descr("[('a', [('b', [('c', '<i4')])])]")?;
    /// let bytes = Header::new(dtype, vec![1], false).to_bytes()?;
    ///
    /// let mut opts = ReadOptions::new();
    /// opts.max_depth(2);
    /// let err = read_header(&mut &bytes[..], &opts).unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::InvalidDescr { .. }));
    /// opts.max_depth(3);
    /// assert!(read_header(&mut &bytes[..], &opts).is_ok());
    /// # Ok::<(), npy_format::Error>(())
    /// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{DType, Header, NpyArray, ScalarKind, Value};
    ///
    /// // 2 × 3 bytes, stored column by column.
    /// let h = Header::new(DType::scalar(ScalarKind::UInt(1)), vec![2, 3], true);
    /// let a = NpyArray::new(h, vec![0, 1, 2, 3, 4, 5])?;
    /// assert_eq!(a.get(&[0, 1])?, Value::UInt(2));
    /// assert_eq!(a.get(&[1, 0])?, Value::UInt(1));
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn new(dtype: DType, shape: Vec<usize>, fortran_order: bool) -> Header {
        Header {
            dtype,
            shape,
            fortran_order,
        }
    }

    /// Number of elements: 1 for a 0-d array, else the product of the
    /// shape. Errors when it overflows.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{DType, Header, ScalarKind};
    ///
    /// let f8 = DType::scalar(ScalarKind::Float(8));
    /// assert_eq!(Header::new(f8.clone(), vec![2, 3, 4], false).num_elements()?, 24);
    /// assert_eq!(Header::new(f8.clone(), vec![], false).num_elements()?, 1); // 0-d
    /// assert_eq!(Header::new(f8.clone(), vec![5, 0], false).num_elements()?, 0);
    /// assert!(Header::new(f8, vec![usize::MAX, 2], false).num_elements().is_err());
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn num_elements(&self) -> Result<usize> {
        self.shape
            .iter()
            .try_fold(1usize, |acc, &d| acc.checked_mul(d))
            .ok_or_else(|| self.overflow())
    }

    /// Bytes of data the header describes. Errors when it overflows.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{DType, Header, ScalarKind};
    ///
    /// let h = Header::new(DType::parse_descr("'<U4'")?, vec![3], false);
    /// assert_eq!(h.data_len()?, 48); // 3 strings of 4 four-byte characters
    ///
    /// let huge = Header::new(DType::scalar(ScalarKind::Float(8)), vec![1 << 62], false);
    /// assert!(huge.data_len().is_err());
    /// # Ok::<(), npy_format::Error>(())
    /// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{DType, Header, ScalarKind};
    ///
    /// let f8 = DType::scalar(ScalarKind::Float(8));
    /// // A column vector is C-contiguous too: np.save writes it in C order.
    /// assert!(!Header::new(f8.clone(), vec![5, 1], true).canonical().fortran_order);
    /// // A 5 × 2 Fortran-order matrix stays in Fortran order.
    /// assert!(Header::new(f8, vec![5, 2], true).canonical().fortran_order);
    /// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{DType, Header, ScalarKind};
    ///
    /// let h = Header::new(DType::scalar(ScalarKind::Int(2)), vec![4], false);
    /// let bytes = h.to_bytes()?;
    /// assert_eq!(&bytes[..8], b"\x93NUMPY\x01\x00");
    /// assert_eq!(bytes.len() % 64, 0); // the data that follows is aligned
    /// assert_eq!(bytes.last(), Some(&b'\n'));
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        write::header_bytes(self, None)
    }

    /// The complete header in the given version; errors when that version
    /// cannot hold it (text too long for 1.0, non-latin1 text for 1.0 and
    /// 2.0).
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{DType, ErrorKind, Header, ScalarKind, Version};
    ///
    /// let h = Header::new(DType::scalar(ScalarKind::Int(2)), vec![4], false);
    /// let v2 = h.to_bytes_version(Version::V2)?;
    /// assert_eq!(&v2[6..8], &[2, 0]);
    /// assert_eq!(v2.len(), 128);
    ///
    /// // A field name outside latin1 does not fit versions 1.0 and 2.0.
    /// let named = Header::new(DType::parse_descr("[('数据', '<f8')]")?, vec![1], false);
    /// let err = named.to_bytes_version(Version::V1).unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::VersionTooSmall { requested: (1, 0), .. }));
    /// assert_eq!(&named.to_bytes_version(Version::V3)?[6..8], &[3, 0]);
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn to_bytes_version(&self, version: Version) -> Result<Vec<u8>> {
        write::header_bytes(self, Some(version))
    }

    /// The header text without alignment padding, as NumPy builds it:
    /// `{'descr': ..., 'fortran_order': ..., 'shape': ..., }` plus growth
    /// padding.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{DType, Header};
    ///
    /// let h = Header::new(DType::parse_descr("'<f8'")?, vec![3], false);
    /// let text = h.text();
    /// assert_eq!(text.trim_end(), "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }");
    /// // Room for the row count to grow to 21 digits in place.
    /// assert!(text.ends_with(&" ".repeat(20)));
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn text(&self) -> String {
        write::header_text(self)
    }
}
