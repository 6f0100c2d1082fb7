//! The one error type of this crate.

use std::fmt;
use std::io;

/// A specialized `Result` whose error is this crate's [`Error`].
///
/// # Example
///
/// ```
/// use npy_format::{DType, Result};
///
/// fn row_bytes(descr: &str, width: usize) -> Result<usize> {
///     Ok(DType::parse_descr(descr)?.itemsize() * width)
/// }
///
/// assert_eq!(row_bytes("'<f4'", 3)?, 12);
/// assert!(row_bytes("'<f3'", 3).is_err());
/// # Ok::<(), npy_format::Error>(())
/// ```
pub type Result<T> = std::result::Result<T, Error>;

/// An error reading or writing `.npy` data.
///
/// The error is boxed so that `Result<T>` stays one pointer wide; look at
/// [`Error::kind`] for what went wrong.
///
/// The message is complete: it includes the message of any error this one
/// wraps, so [`source`](std::error::Error::source) is `None` and a chain
/// printer shows each message once. The wrapped error itself is in
/// [`Error::kind`].
///
/// # Example
///
/// ```
/// use npy_format::{ErrorKind, NpyReader};
///
/// let err = NpyReader::new(&b"PK\x03\x04 not a .npy file"[..]).unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::BadMagic { .. }));
/// assert_eq!(
///     err.to_string(),
///     r"not a .npy file: expected magic \x93NUMPY, found \x50\x4b\x03\x04\x20\x6e"
/// );
///
/// // In code that returns `io::Result`, `?` converts it.
/// let io_err = std::io::Error::from(err);
/// assert_eq!(io_err.kind(), std::io::ErrorKind::InvalidData);
/// ```
#[derive(Debug)]
pub struct Error(Box<ErrorKind>);

/// What went wrong. Every variant carries the context needed to find the
/// problem: byte offsets into the header text, the sizes involved, the
/// dtypes compared.
///
/// # Example
///
/// ```
/// use ndarray::{array, Array1};
/// use npy_format::{ErrorKind, ReadNpyExt, WriteNpyExt};
///
/// let mut bytes = Vec::new();
/// array![1.5f64, 2.5].write_npy(&mut bytes)?;
///
/// let err = Array1::<i32>::read_npy(&bytes[..]).unwrap_err();
/// match err.kind() {
///     ErrorKind::TypeMismatch { expected, found } => {
///         assert_eq!(expected, "'<i4'");
///         assert_eq!(found, "'<f8'");
///     }
///     other => panic!("unexpected error: {other:?}"),
/// }
/// # Ok::<(), npy_format::Error>(())
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An I/O error from the underlying reader or writer.
    Io(io::Error),
    /// The input ended before `what` was complete.
    Truncated {
        /// The part of the file that was being read.
        what: &'static str,
        /// Bytes needed.
        expected: u64,
        /// Bytes actually available.
        found: u64,
    },
    /// The first six bytes are not `\x93NUMPY`.
    BadMagic {
        /// The bytes found instead (at most six).
        found: Vec<u8>,
    },
    /// The format version is not 1.0, 2.0 or 3.0.
    UnsupportedVersion {
        /// Major version byte.
        major: u8,
        /// Minor version byte.
        minor: u8,
    },
    /// The header is longer than the configured limit.
    HeaderTooLarge {
        /// Header length (characters, or bytes before decoding).
        len: u64,
        /// The limit in force.
        limit: usize,
    },
    /// The header text is not valid UTF-8 (version 3.0 headers).
    HeaderEncoding {
        /// Byte offset of the first invalid byte within the header text.
        offset: usize,
    },
    /// The header text is not a Python literal npio understands.
    HeaderSyntax {
        /// Character offset within the header text.
        offset: usize,
        /// What the parser expected there.
        expected: &'static str,
    },
    /// The header dict is well formed but its contents are wrong: a missing or
    /// unknown key, or a value of the wrong type.
    HeaderValue {
        /// The key concerned (`descr`, `fortran_order`, `shape`, or the
        /// unexpected key).
        key: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A descr (dtype description) that npio cannot interpret.
    InvalidDescr {
        /// The offending descr text.
        descr: String,
        /// Why it was refused.
        reason: String,
    },
    /// More dimensions than the configured limit.
    TooManyDims {
        /// Number of dimensions in the header.
        ndim: usize,
        /// The limit in force.
        limit: usize,
    },
    /// The product of the shape and the item size does not fit in memory
    /// addresses.
    SizeOverflow {
        /// The shape from the header.
        shape: Vec<u64>,
        /// The item size in bytes.
        itemsize: usize,
    },
    /// The array's dtype is not the one the caller asked for.
    TypeMismatch {
        /// The dtype the caller's element type reads, as a descr.
        expected: String,
        /// The dtype in the file, as a descr.
        found: String,
    },
    /// The array's number of dimensions is not the one the caller asked for.
    DimensionMismatch {
        /// Dimensions the caller's array type has.
        expected: usize,
        /// Dimensions in the file.
        found: usize,
    },
    /// A shape that does not fit the data or the operation.
    ShapeMismatch {
        /// What was being done.
        what: &'static str,
        /// The shape expected.
        expected: Vec<usize>,
        /// The shape found.
        found: Vec<usize>,
    },
    /// A `|b1` element holds a byte other than 0 or 1.
    InvalidBool {
        /// Index of the element in memory order.
        index: usize,
        /// The byte found.
        value: u8,
    },
    /// The array holds Python objects (`|O`): its data is a pickle, which
    /// npio cannot load.
    ObjectData,
    /// The data does not start on a multiple of the element type's
    /// alignment, so a typed view of it in place would be unsound.
    Misaligned {
        /// Offset of the first data byte (in the file, for mapped files;
        /// in the byte slice, for [`view_npy`](crate::view_npy)).
        offset: u64,
        /// Alignment the element type needs, in bytes.
        align: usize,
    },
    /// The data is not in this machine's byte order, so a typed view of it
    /// in place would read wrong values.
    ByteOrder {
        /// The array's descr.
        descr: String,
    },
    /// The header needs a newer format version than the one requested.
    VersionTooSmall {
        /// The requested version.
        requested: (u8, u8),
        /// Why the header does not fit.
        reason: &'static str,
    },
    /// A structured array has no field of this name.
    NoSuchField {
        /// The name asked for.
        name: String,
    },
    /// The operation does not apply to this array.
    Unsupported {
        /// What was attempted and why it is not possible.
        what: String,
    },
}

impl Error {
    /// The kind of error.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{ErrorKind, NpyReader};
    ///
    /// // A file from a future format version.
    /// let err = NpyReader::new(&b"\x93NUMPY\x04\x00"[..]).unwrap_err();
    /// assert!(matches!(
    ///     err.kind(),
    ///     ErrorKind::UnsupportedVersion { major: 4, minor: 0 }
    /// ));
    /// ```
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// Unwraps the kind of error.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{DType, ErrorKind};
    ///
    /// let err = DType::parse_descr("'<f3'").unwrap_err();
    /// match err.into_kind() {
    ///     ErrorKind::InvalidDescr { descr, reason } => {
    ///         assert_eq!(descr, "'<f3'");
    ///         assert_eq!(reason, "no such size for this type code");
    ///     }
    ///     other => panic!("unexpected error: {other:?}"),
    /// }
    /// ```
    pub fn into_kind(self) -> ErrorKind {
        *self.0
    }

    pub(crate) fn truncated(what: &'static str, expected: u64, found: u64) -> Error {
        ErrorKind::Truncated {
            what,
            expected,
            found,
        }
        .into()
    }

    pub(crate) fn syntax(offset: usize, expected: &'static str) -> Error {
        ErrorKind::HeaderSyntax { offset, expected }.into()
    }

    pub(crate) fn value(key: &str, reason: impl Into<String>) -> Error {
        ErrorKind::HeaderValue {
            key: key.to_string(),
            reason: reason.into(),
        }
        .into()
    }

    pub(crate) fn descr(descr: impl Into<String>, reason: impl Into<String>) -> Error {
        ErrorKind::InvalidDescr {
            descr: descr.into(),
            reason: reason.into(),
        }
        .into()
    }

    pub(crate) fn mismatch(expected: impl Into<String>, found: impl Into<String>) -> Error {
        ErrorKind::TypeMismatch {
            expected: expected.into(),
            found: found.into(),
        }
        .into()
    }

    pub(crate) fn unsupported(what: impl Into<String>) -> Error {
        ErrorKind::Unsupported { what: what.into() }.into()
    }

    /// True when the error says the input ended early.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Array1};
    /// use npy_format::{ReadNpyExt, WriteNpyExt};
    ///
    /// let mut bytes = Vec::new();
    /// array![1u32, 2, 3].write_npy(&mut bytes)?;
    /// bytes.truncate(bytes.len() - 4); // an interrupted download: the last element is missing
    ///
    /// let err = Array1::<u32>::read_npy(&bytes[..]).unwrap_err();
    /// assert!(err.is_truncated());
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn is_truncated(&self) -> bool {
        matches!(*self.0, ErrorKind::Truncated { .. })
    }

    /// True when the array holds Python objects, whose data is a pickle
    /// npio does not load ([`ErrorKind::ObjectData`]).
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{DType, Header, NpyReader};
    ///
    /// // What np.save writes for an object array: a header, then a pickle.
    /// let header = Header::new(DType::parse_descr("'|O'")?, vec![1], false);
    /// let mut file = header.to_bytes()?;
    /// file.extend_from_slice(b"\x80\x04...");
    /// let err = NpyReader::new(&file[..])?.read_dyn().unwrap_err();
    /// assert!(err.is_object_data());
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn is_object_data(&self) -> bool {
        matches!(*self.0, ErrorKind::ObjectData)
    }

    /// The failure to write an output file this error reports, if it is
    /// one: how a program tells a failure to write its output (a full
    /// disk) from a problem with its input.
    pub fn output_error(&self) -> Option<&crate::OutputError> {
        match &*self.0 {
            ErrorKind::Io(e) => e.get_ref()?.downcast_ref(),
            _ => None,
        }
    }

    /// The [`io::ErrorKind`] this error has as an `io::Error`: an I/O
    /// error's own kind, `UnexpectedEof` for truncated input, `Unsupported`
    /// for pickled objects and unsupported operations, `InvalidData`
    /// otherwise.
    ///
    /// # Example
    ///
    /// ```
    /// let err = npy_format::NpyReader::new(&b"\x93NUMPY"[..]).unwrap_err();
    /// assert_eq!(err.io_kind(), std::io::ErrorKind::UnexpectedEof);
    /// ```
    pub fn io_kind(&self) -> io::ErrorKind {
        match &*self.0 {
            ErrorKind::Io(e) => e.kind(),
            ErrorKind::Truncated { .. } => io::ErrorKind::UnexpectedEof,
            ErrorKind::Unsupported { .. } | ErrorKind::ObjectData => io::ErrorKind::Unsupported,
            _ => io::ErrorKind::InvalidData,
        }
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error(Box::new(kind))
    }
}

impl From<io::Error> for Error {
    fn from(err: io::Error) -> Error {
        ErrorKind::Io(err).into()
    }
}

impl From<Error> for io::Error {
    fn from(err: Error) -> io::Error {
        let kind = err.io_kind();
        match err.into_kind() {
            ErrorKind::Io(e) => e,
            other => io::Error::new(kind, Error::from(other)),
        }
    }
}

/// No `source`: the message already includes the I/O error's.
impl std::error::Error for Error {}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0 {
            ErrorKind::Io(e) => write!(f, "i/o error: {e}"),
            ErrorKind::Truncated {
                what,
                expected,
                found,
            } => write!(
                f,
                "truncated {what}: expected {expected} bytes, found {found}"
            ),
            ErrorKind::BadMagic { found } => {
                write!(f, "not a .npy file: expected magic \\x93NUMPY, found ")?;
                for b in found {
                    write!(f, "\\x{b:02x}")?;
                }
                Ok(())
            }
            ErrorKind::UnsupportedVersion { major, minor } => write!(
                f,
                "unsupported .npy format version {major}.{minor} (expected 1.0, 2.0 or 3.0)"
            ),
            ErrorKind::HeaderTooLarge { len, limit } => write!(
                f,
                "header of {len} bytes exceeds the limit of {limit} (raise max_header_size for trusted files)"
            ),
            ErrorKind::HeaderEncoding { offset } => {
                write!(f, "header is not valid UTF-8 at byte {offset}")
            }
            ErrorKind::HeaderSyntax { offset, expected } => {
                write!(
                    f,
                    "malformed header at character {offset}: expected {expected}"
                )
            }
            ErrorKind::HeaderValue { key, reason } => {
                write!(f, "bad header value for '{key}': {reason}")
            }
            ErrorKind::InvalidDescr { descr, reason } => {
                write!(f, "invalid descr {descr}: {reason}")
            }
            ErrorKind::TooManyDims { ndim, limit } => {
                write!(f, "{ndim} dimensions exceed the limit of {limit}")
            }
            ErrorKind::SizeOverflow { shape, itemsize } => write!(
                f,
                "array of shape {shape:?} with {itemsize}-byte items is too large to address"
            ),
            ErrorKind::TypeMismatch { expected, found } => {
                write!(f, "dtype mismatch: expected {expected}, found {found}")
            }
            ErrorKind::DimensionMismatch { expected, found } => write!(
                f,
                "dimension mismatch: expected {expected} dimensions, found {found}"
            ),
            ErrorKind::ShapeMismatch {
                what,
                expected,
                found,
            } => write!(
                f,
                "shape mismatch in {what}: expected {expected:?}, found {found:?}"
            ),
            ErrorKind::InvalidBool { index, value } => write!(
                f,
                "invalid bool at element {index}: byte {value:#04x} is neither 0 nor 1"
            ),
            ErrorKind::ObjectData => write!(
                f,
                "the array holds Python objects (|O): its data is a pickle, which npio cannot load"
            ),
            ErrorKind::Misaligned { offset, align } => write!(
                f,
                "data at offset {offset} is not aligned to {align} bytes: \
                 a typed view in place is impossible (read the array by copying it instead)"
            ),
            ErrorKind::ByteOrder { descr } => write!(
                f,
                "data of dtype {descr} is not in native byte order: \
                 a typed view in place is impossible (read the array by copying it instead)"
            ),
            ErrorKind::VersionTooSmall { requested, reason } => write!(
                f,
                "header does not fit format version {}.{}: {reason}",
                requested.0, requested.1
            ),
            ErrorKind::NoSuchField { name } => write!(f, "no field named {name:?}"),
            ErrorKind::Unsupported { what } => write!(f, "unsupported: {what}"),
        }
    }
}
