//! The one error type of this crate.

use std::fmt;
use std::io;

/// A specialized `Result` whose error is this crate's [`Error`].
///
/// # Example
///
/// ```
/// use ndarray::array;
/// use npz_archive::{Compression, NpzReader, NpzWriter, Result};
/// use std::io::Cursor;
///
/// fn member_names(archive: Vec<u8>) -> Result<Vec<String>> {
///     Ok(NpzReader::new(Cursor::new(archive))?.names().to_vec())
/// }
///
/// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
/// w.add("a", &array![1u8, 2])?;
/// assert_eq!(member_names(w.finish()?.into_inner())?, ["a"]);
/// assert!(member_names(b"not a zip".to_vec()).is_err());
/// # Ok::<(), npz_archive::Error>(())
/// ```
pub type Result<T> = std::result::Result<T, Error>;

/// An error reading or writing an `.npz` archive.
///
/// The message is complete: it includes the message of any error this one
/// wraps, so [`source`](std::error::Error::source) is `None` and a chain
/// printer shows each message once. The wrapped error itself is in
/// [`Error::kind`].
///
/// Its message names the member concerned, and [`kind`](Self::kind) says
/// what went wrong.
///
/// # Example
///
/// ```
/// use ndarray::array;
/// use npz_archive::{Compression, NpzReader, NpzWriter};
/// use std::io::Cursor;
///
/// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
/// w.add("a", &array![1.0f64])?;
/// let mut npz = NpzReader::new(Cursor::new(w.finish()?.into_inner()))?;
///
/// let err = npz.by_name_dyn("b").unwrap_err();
/// assert_eq!(err.to_string(), "no member named \"b\"");
/// # Ok::<(), npz_archive::Error>(())
/// ```
#[derive(Debug)]
pub struct Error(Box<ErrorKind>);

/// What went wrong; every variant about one member names it.
///
/// # Example
///
/// ```
/// use ndarray::array;
/// use npz_archive::{Compression, ErrorKind, NpzWriter};
/// use std::io::Cursor;
///
/// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
/// w.add("x", &array![1i32])?;
/// let err = w.add("x", &array![2i32]).unwrap_err();
/// match err.kind() {
///     ErrorKind::DuplicateName { name } => assert_eq!(name, "x"),
///     other => panic!("unexpected error: {other:?}"),
/// }
/// # Ok::<(), npz_archive::Error>(())
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An I/O error outside any member (opening, writing the archive).
    Io(io::Error),
    /// The ZIP structure is damaged or unsupported (the zip reader's
    /// message, and the member when one is concerned).
    Zip {
        /// The member, when the problem is in one.
        member: Option<String>,
        /// What the zip reader or writer reported.
        message: String,
    },
    /// Reading or writing a member's `.npy` data failed: its header, its
    /// data, or its checksum (reported when the member's end is reached).
    Npy {
        /// The member's name in the archive.
        member: String,
        /// The `.npy` error.
        source: npy_format::Error,
    },
    /// No member has this name (with or without `.npy`).
    NoSuchMember {
        /// The name asked for.
        name: String,
    },
    /// A member index past the end.
    NoSuchIndex {
        /// The index asked for.
        index: usize,
        /// Members in the archive.
        len: usize,
    },
    /// A member decompresses to more than the per-member limit.
    MemberTooLarge {
        /// The member.
        member: String,
        /// Its declared uncompressed size.
        size: u64,
        /// The limit in force.
        limit: u64,
    },
    /// Reading would decompress more than the total limit of this reader.
    TotalTooLarge {
        /// The member whose reading crossed the limit.
        member: String,
        /// Bytes decompressed, that member included.
        total: u64,
        /// The limit in force.
        limit: u64,
    },
    /// A member claims a compression ratio beyond the limit: a zip bomb,
    /// or a lying size field.
    RatioTooHigh {
        /// The member.
        member: String,
        /// Declared uncompressed size.
        size: u64,
        /// Compressed size.
        compressed: u64,
        /// The largest ratio allowed.
        limit: u64,
    },
    /// More members than the limit.
    TooManyMembers {
        /// Members in the archive.
        count: usize,
        /// The limit in force.
        limit: usize,
    },
    /// Members whose data overlap: a zip bomb built from shared data.
    OverlappingMembers,
    /// Two members would get the same name.
    DuplicateName {
        /// The name.
        name: String,
    },
    /// A member name that would escape the folder it is extracted to.
    UnsafeName {
        /// The name.
        name: String,
    },
    /// A streamed member got a different number of bytes than its header
    /// promised.
    WrongLength {
        /// The member.
        member: String,
        /// Bytes the header promised.
        expected: u64,
        /// Bytes written.
        written: u64,
    },
    /// The archive has no `format` member: it is not one that
    /// `scipy.sparse.save_npz` wrote.
    NotSparse,
    /// A sparse archive of a kind npio does not read: a format other than
    /// csr, csc, coo, bsr and dia, or a COO array of other than two
    /// dimensions.
    UnsupportedSparse {
        /// What the archive holds.
        what: String,
    },
    /// A member of a sparse archive breaks one of the matrix's
    /// invariants: an index out of range, an `indptr` that decreases,
    /// lengths that disagree, a negative or oversized shape, a dtype
    /// scipy does not store.
    InvalidSparse {
        /// The member (`indptr`, `indices`, `data`, ...) or, for a
        /// constructor, the argument.
        member: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A dense copy of a sparse matrix would need more memory than the
    /// limit given.
    DenseTooLarge {
        /// The matrix's shape.
        shape: [usize; 2],
        /// Bytes the dense array would take (saturated at `u128::MAX`).
        bytes: u128,
        /// The limit in force.
        limit: u64,
    },
}

impl Error {
    /// The kind of error.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npz_archive::{Compression, ErrorKind, NpzReader, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    /// w.add("a", &array![1u8])?;
    /// let mut npz = NpzReader::new(Cursor::new(w.finish()?.into_inner()))?;
    ///
    /// let err = npz.by_index_dyn(3).unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::NoSuchIndex { index: 3, len: 1 }));
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// Unwraps the kind of error.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npz_archive::{Compression, ErrorKind, NpzReader, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    /// w.add("a", &array![1u8])?;
    /// let mut npz = NpzReader::new(Cursor::new(w.finish()?.into_inner()))?;
    ///
    /// // The `.npy` error of a member, taken out whole.
    /// let err = npz.by_name::<f64, ndarray::Ix1>("a").unwrap_err();
    /// let ErrorKind::Npy { member, source } = err.into_kind() else {
    ///     panic!("expected a .npy error");
    /// };
    /// assert_eq!(member, "a.npy");
    /// assert!(matches!(source.kind(), npy_format::ErrorKind::TypeMismatch { .. }));
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn into_kind(self) -> ErrorKind {
        *self.0
    }

    /// The member the error concerns, if any.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Ix1};
    /// use npz_archive::{Compression, NpzReader, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    /// w.add("bias", &array![0.5f32])?;
    /// let mut npz = NpzReader::new(Cursor::new(w.finish()?.into_inner()))?;
    ///
    /// let err = npz.by_name::<i64, Ix1>("bias").unwrap_err();
    /// assert_eq!(err.member(), Some("bias.npy"));
    /// let err = npz.by_index_dyn(7).unwrap_err();
    /// assert_eq!(err.member(), None);
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn member(&self) -> Option<&str> {
        match &*self.0 {
            ErrorKind::Zip { member, .. } => member.as_deref(),
            ErrorKind::Npy { member, .. }
            | ErrorKind::MemberTooLarge { member, .. }
            | ErrorKind::TotalTooLarge { member, .. }
            | ErrorKind::RatioTooHigh { member, .. }
            | ErrorKind::WrongLength { member, .. }
            | ErrorKind::InvalidSparse { member, .. } => Some(member),
            ErrorKind::NoSuchMember { name }
            | ErrorKind::DuplicateName { name }
            | ErrorKind::UnsafeName { name } => Some(name),
            _ => None,
        }
    }

    /// True when a member's array holds Python objects, whose data is a
    /// pickle npio does not load.
    pub fn is_object_data(&self) -> bool {
        matches!(&*self.0, ErrorKind::Npy { source, .. } if source.is_object_data())
    }

    /// The failure to write an output file this error reports, if it is
    /// one: how a program tells a failure to write its output (a full
    /// disk) from a problem with its input.
    pub fn output_error(&self) -> Option<&npy_format::OutputError> {
        match &*self.0 {
            ErrorKind::Io(e) => e.get_ref()?.downcast_ref(),
            ErrorKind::Npy { source, .. } => source.output_error(),
            _ => None,
        }
    }

    /// The [`io::ErrorKind`] this error has as an `io::Error`: an I/O
    /// error's own kind, a member's `.npy` error's kind (see
    /// [`npy_format::Error::io_kind`]), `InvalidData` otherwise.
    ///
    /// # Example
    ///
    /// ```
    /// let err = npz_archive::NpzReader::open("no/such/archive.npz").unwrap_err();
    /// assert_eq!(err.io_kind(), std::io::ErrorKind::NotFound);
    /// ```
    pub fn io_kind(&self) -> io::ErrorKind {
        match &*self.0 {
            ErrorKind::Io(e) => e.kind(),
            ErrorKind::Npy { source, .. } => source.io_kind(),
            _ => io::ErrorKind::InvalidData,
        }
    }

    pub(crate) fn npy(member: &str, source: npy_format::Error) -> Error {
        ErrorKind::Npy {
            member: member.to_string(),
            source,
        }
        .into()
    }

    pub(crate) fn zip(member: Option<&str>, err: zip::result::ZipError) -> Error {
        let message = err.to_string();
        match err {
            zip::result::ZipError::Io(e) if member.is_none() => ErrorKind::Io(e).into(),
            _ => ErrorKind::Zip {
                member: member.map(str::to_string),
                message,
            }
            .into(),
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
        match err.into_kind() {
            ErrorKind::Io(e) => e,
            ErrorKind::Npy { source, .. } => source.into(),
            other => io::Error::new(io::ErrorKind::InvalidData, Error::from(other)),
        }
    }
}

/// No `source`: the message already includes the wrapped error's.
impl std::error::Error for Error {}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0 {
            ErrorKind::Io(e) => write!(f, "i/o error: {e}"),
            ErrorKind::Zip {
                member: Some(m),
                message,
            } => write!(f, "member {m:?}: {message}"),
            ErrorKind::Zip {
                member: None,
                message,
            } => write!(f, "bad zip archive: {message}"),
            ErrorKind::Npy { member, source } => write!(f, "member {member:?}: {source}"),
            ErrorKind::NoSuchMember { name } => write!(f, "no member named {name:?}"),
            ErrorKind::NoSuchIndex { index, len } => {
                write!(f, "no member at index {index} (the archive has {len})")
            }
            ErrorKind::MemberTooLarge {
                member,
                size,
                limit,
            } => write!(
                f,
                "member {member:?}: {size} bytes uncompressed exceed the limit of {limit} (raise max_member_size for trusted archives)"
            ),
            ErrorKind::TotalTooLarge {
                member,
                total,
                limit,
            } => write!(
                f,
                "member {member:?}: {total} bytes decompressed in all exceed the limit of {limit} (raise max_total_size for trusted archives)"
            ),
            ErrorKind::RatioTooHigh {
                member,
                size,
                compressed,
                limit,
            } => write!(
                f,
                "member {member:?}: {size} bytes from {compressed} compressed exceed the ratio limit of {limit} (a zip bomb or a lying size; raise max_ratio for trusted archives)"
            ),
            ErrorKind::TooManyMembers { count, limit } => {
                write!(f, "{count} members exceed the limit of {limit}")
            }
            ErrorKind::OverlappingMembers => {
                write!(f, "members share their data (a zip bomb)")
            }
            ErrorKind::DuplicateName { name } => write!(f, "two members named {name:?}"),
            ErrorKind::UnsafeName { name } => {
                write!(f, "member name {name:?} would escape the target folder")
            }
            ErrorKind::WrongLength {
                member,
                expected,
                written,
            } => write!(
                f,
                "member {member:?}: expected {expected} data bytes, got {written}"
            ),
            ErrorKind::NotSparse => write!(
                f,
                "not a scipy.sparse archive (it has no \"format\" member)"
            ),
            ErrorKind::UnsupportedSparse { what } => {
                write!(f, "unsupported sparse archive: {what}")
            }
            ErrorKind::InvalidSparse { member, reason } => {
                write!(f, "sparse member {member:?}: {reason}")
            }
            ErrorKind::DenseTooLarge {
                shape,
                bytes,
                limit,
            } => write!(
                f,
                "a dense {} x {} array would take {bytes} bytes, over the limit of {limit} (raise the limit to densify it)",
                shape[0], shape[1]
            ),
        }
    }
}
