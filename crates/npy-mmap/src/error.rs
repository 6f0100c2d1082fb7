//! The one error type of this crate.

use std::fmt;
use std::io;

/// A specialized `Result` whose error is this crate's [`Error`].
///
/// # Example
///
/// ```
/// use ndarray::{array, Ix1};
/// use npy_mmap::{Memmap, Result};
/// use std::path::Path;
///
/// fn total(path: &Path) -> Result<i64> {
///     Ok(Memmap::open(path)?.view::<i64, Ix1>()?.sum())
/// }
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("x.npy");
/// npy_format::write_npy(&path, &array![1i64, 2, 3])?;
/// assert_eq!(total(&path)?, 6);
/// assert!(total(&dir.path().join("missing.npy")).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type Result<T> = std::result::Result<T, Error>;

/// An error mapping or viewing a NumPy array.
///
/// The message is complete: it includes the message of any error this one
/// wraps, so [`source`](std::error::Error::source) is `None` and a chain
/// printer shows each message once. The wrapped error itself is in
/// [`Error::kind`].
///
/// The error is boxed so that `Result<T>` stays one pointer wide; look at
/// [`Error::kind`] for what went wrong.
///
/// # Example
///
/// ```
/// use ndarray::{array, Ix1};
/// use npy_mmap::Memmap;
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("x.npy");
/// npy_format::write_npy(&path, &array![1.0f32, 2.0])?;
///
/// let map = Memmap::open(&path)?;
/// let err = map.view::<f64, Ix1>().unwrap_err();
/// assert_eq!(err.to_string(), "dtype mismatch: expected '<f8', found '<f4'");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Error(Box<ErrorKind>);

/// What went wrong. Errors from the lower layers (`.npy` headers, `.npz`
/// directories) are wrapped whole, not re-stringified.
///
/// # Example
///
/// ```
/// use ndarray::{array, Ix1};
/// use npy_mmap::{ErrorKind, Memmap};
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("x.npy");
/// npy_format::write_npy(&path, &array![1u8, 2])?;
///
/// let mut map = Memmap::open(&path)?; // mode r
/// match map.view_mut::<u8, Ix1>() {
///     Err(e) => assert!(matches!(e.kind(), ErrorKind::ReadOnly { mode: "r" })),
///     Ok(_) => panic!("a read-only map gave a mutable view"),
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An I/O error opening, sizing, mapping or flushing the file.
    Io(io::Error),
    /// The `.npy` header or data could not be interpreted.
    Npy(npy_format::Error),
    /// The `.npz` archive could not be read.
    #[cfg(feature = "npz")]
    Npz(npz_archive::Error),
    /// The file is shorter than the array it should hold.
    LengthMismatch {
        /// Bytes the file needs (offset of the data plus its length).
        expected: u64,
        /// Bytes the file has.
        found: u64,
    },
    /// A `.npy` file (or stored `.npz` member) is shorter than its header
    /// says: it is truncated or damaged. npio maps it in no mode; NumPy's
    /// `r+` pads it with zeros, which would hide the damage.
    Truncated {
        /// Bytes the file needs (offset of the data plus its length).
        expected: u64,
        /// Bytes the file has.
        found: u64,
    },
    /// Writing was asked of a read-only map.
    ReadOnly {
        /// The map's mode, as NumPy spells it (`r`).
        mode: &'static str,
    },
    /// The operation does not support this mode.
    UnsupportedMode {
        /// What was attempted.
        what: &'static str,
        /// The mode, as NumPy spells it.
        mode: &'static str,
    },
    /// An `.npz` member is compressed, so its array is not in the file as
    /// is and cannot be mapped.
    Compressed {
        /// The member's name in the archive.
        member: String,
        /// Its compression method (`deflate`, `zstd`, ...).
        method: String,
    },
    /// A stored `.npz` member's data does not start on a 64-byte boundary.
    UnalignedMember {
        /// The member's name in the archive.
        member: String,
        /// File offset of its array data.
        offset: u64,
    },
    /// An `.npz` member is not a `.npy` file.
    NotNpy {
        /// The member's name in the archive.
        member: String,
    },
    /// With no shape given, the bytes after the offset are not a whole
    /// number of elements.
    ShapeRemainder {
        /// Bytes after the offset.
        len: u64,
        /// Bytes per element.
        itemsize: usize,
    },
    /// A shape is needed (creating a file, or elements of zero bytes) but
    /// none was given.
    ShapeRequired,
    /// The file is empty and the mode does not allow extending it.
    EmptyFile,
}

impl Error {
    /// The kind of error.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Ix2;
    /// use npy_mmap::{ErrorKind, Memmap};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("v.npy");
    /// npy_format::write_npy(&path, &ndarray::array![1i32, 2, 3])?;
    ///
    /// let err = Memmap::open(&path)?.view::<i32, Ix2>().unwrap_err();
    /// let ErrorKind::Npy(e) = err.kind() else { panic!("{err}") };
    /// assert!(matches!(
    ///     e.kind(),
    ///     npy_format::ErrorKind::DimensionMismatch { expected: 2, found: 1 }
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// Unwraps the kind of error.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_mmap::{ErrorKind, Memmap};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("not-npy.bin");
    /// std::fs::write(&path, b"plain text, not an array")?;
    ///
    /// // The `.npy` error is kept whole, with its own kind.
    /// let ErrorKind::Npy(npy) = Memmap::open(&path).unwrap_err().into_kind() else {
    ///     panic!("expected a .npy error");
    /// };
    /// assert!(matches!(npy.kind(), npy_format::ErrorKind::BadMagic { .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_kind(self) -> ErrorKind {
        *self.0
    }

    /// The `.npy`-level kind when the error is npy-format's
    /// ([`ErrorKind::Npy`]), including one met inside an `.npz` member:
    /// what a typed view refuses (dtype, dimensions, byte order, alignment,
    /// bool bytes) and what a header gets wrong.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Ix1};
    /// use npy_mmap::{Memmap, MemmapBuilder};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("raw.bin");
    /// std::fs::write(&path, [0u8; 9])?;
    /// let map = MemmapBuilder::new(npy_format::DType::parse_descr("'<u2'")?)
    ///     .offset(1)
    ///     .open(&path)?;
    /// let err = map.view::<u16, Ix1>().unwrap_err();
    /// assert!(matches!(
    ///     err.npy_kind(),
    ///     Some(npy_format::ErrorKind::Misaligned { offset: 1, align: 2 })
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn npy_kind(&self) -> Option<&npy_format::ErrorKind> {
        match &*self.0 {
            ErrorKind::Npy(e) => Some(e.kind()),
            #[cfg(feature = "npz")]
            ErrorKind::Npz(e) => match e.kind() {
                npz_archive::ErrorKind::Npy { source, .. } => Some(source.kind()),
                _ => None,
            },
            _ => None,
        }
    }

    /// True when the array (or `.npz` member) holds Python objects, whose
    /// data is a pickle npio does not load.
    pub fn is_object_data(&self) -> bool {
        match &*self.0 {
            ErrorKind::Npy(e) => e.is_object_data(),
            #[cfg(feature = "npz")]
            ErrorKind::Npz(e) => e.is_object_data(),
            _ => false,
        }
    }

    /// The failure to write an output file this error reports, if it is
    /// one: how a program tells a failure to write its output (a full
    /// disk) from a problem with its input.
    pub fn output_error(&self) -> Option<&npy_format::OutputError> {
        match &*self.0 {
            ErrorKind::Io(e) => e.get_ref()?.downcast_ref(),
            ErrorKind::Npy(e) => e.output_error(),
            #[cfg(feature = "npz")]
            ErrorKind::Npz(e) => e.output_error(),
            _ => None,
        }
    }

    /// The [`io::ErrorKind`] this error has as an `io::Error`: an I/O
    /// error's own kind, the wrapped layer's kind for `.npy` and `.npz`
    /// errors, `UnexpectedEof` for short files, `PermissionDenied` for
    /// writes to a read-only map, `Unsupported` for what a mode or a
    /// compressed member cannot do, `InvalidInput` for a missing shape,
    /// `InvalidData` otherwise.
    ///
    /// # Example
    ///
    /// ```
    /// let err = npy_mmap::Memmap::open("no/such/file.npy").unwrap_err();
    /// assert_eq!(err.io_kind(), std::io::ErrorKind::NotFound);
    /// ```
    pub fn io_kind(&self) -> io::ErrorKind {
        match &*self.0 {
            ErrorKind::Io(e) => e.kind(),
            ErrorKind::Npy(e) => e.io_kind(),
            #[cfg(feature = "npz")]
            ErrorKind::Npz(e) => e.io_kind(),
            ErrorKind::LengthMismatch { .. } | ErrorKind::Truncated { .. } => {
                io::ErrorKind::UnexpectedEof
            }
            ErrorKind::ReadOnly { .. } => io::ErrorKind::PermissionDenied,
            ErrorKind::UnsupportedMode { .. } | ErrorKind::Compressed { .. } => {
                io::ErrorKind::Unsupported
            }
            ErrorKind::ShapeRequired => io::ErrorKind::InvalidInput,
            _ => io::ErrorKind::InvalidData,
        }
    }

    pub(crate) fn length(expected: u64, found: u64) -> Error {
        ErrorKind::LengthMismatch { expected, found }.into()
    }

    /// A `.npy`-level error: the dtype, dimensions or values do not fit
    /// the caller's element type, as npy-format says it.
    pub(crate) fn npy(kind: npy_format::ErrorKind) -> Error {
        ErrorKind::Npy(kind.into()).into()
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

impl From<npy_format::Error> for Error {
    fn from(err: npy_format::Error) -> Error {
        ErrorKind::Npy(err).into()
    }
}

#[cfg(feature = "npz")]
impl From<npz_archive::Error> for Error {
    fn from(err: npz_archive::Error) -> Error {
        ErrorKind::Npz(err).into()
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

/// No `source`: the message already includes the wrapped error's.
impl std::error::Error for Error {}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0 {
            ErrorKind::Io(e) => write!(f, "i/o error: {e}"),
            ErrorKind::Npy(e) => write!(f, "{e}"),
            #[cfg(feature = "npz")]
            ErrorKind::Npz(e) => write!(f, "{e}"),
            ErrorKind::LengthMismatch { expected, found } => write!(
                f,
                "file too short: the array needs {expected} bytes, the file has {found}"
            ),
            ErrorKind::Truncated { expected, found } => write!(
                f,
                "file too short: the array needs {expected} bytes, the file has {found}; \
                 the file is truncated or damaged, and npio maps it in no mode \
                 (NumPy's r+ would pad it with zeros)"
            ),
            ErrorKind::ReadOnly { mode } => {
                write!(
                    f,
                    "the map is read-only (mode '{mode}'): open it with 'r+' to write"
                )
            }
            ErrorKind::UnsupportedMode { what, mode } => {
                write!(f, "{what} does not support mode '{mode}'")
            }
            ErrorKind::Compressed { member, method } => write!(
                f,
                "member {member} is compressed ({method}) and cannot be mapped: \
                 read it with NpzReader, or rewrite the archive stored and aligned \
                 (npio convert IN.npz OUT.npz --align, or NpzWriter::align(true) with Compression::Stored)"
            ),
            ErrorKind::UnalignedMember { member, offset } => write!(
                f,
                "member {member} has its data at offset {offset}, not a multiple of 64 \
                 (offset % 64 = {}): rewrite the archive aligned (npio convert IN.npz OUT.npz --align, \
                 or NpzWriter::align(true)), or read it with NpzReader",
                offset % 64
            ),
            ErrorKind::NotNpy { member } => write!(f, "member {member} is not a .npy file"),
            ErrorKind::ShapeRemainder { len, itemsize } => {
                write!(
                    f,
                    "{len} bytes after the offset are not a whole number of {itemsize}-byte elements \
                 ({} bytes left over)",
                    if *itemsize == 0 {
                        0
                    } else {
                        len % *itemsize as u64
                    }
                )
            }
            ErrorKind::ShapeRequired => write!(
                f,
                "a shape is required (creating a file, or elements of 0 bytes)"
            ),
            ErrorKind::EmptyFile => write!(
                f,
                "cannot map an empty file in mode 'r' or 'c' (use 'r+' or 'w+' to extend it)"
            ),
        }
    }
}
