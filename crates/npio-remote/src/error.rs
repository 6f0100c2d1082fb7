//! The one error type of this crate.

use std::fmt;

/// A specialized `Result` whose error is this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// An error reading an array from object storage.
///
/// The message is complete (it includes the message of any error this one
/// wraps), so [`source`](std::error::Error::source) is `None` and a chain
/// printer shows each message once. Messages name the object by its path
/// in the store, never by credentials: those stay in the environment.
///
/// # Example
///
/// ```
/// use npio_remote::{ErrorKind, RemoteNpy};
/// use object_store::{memory::InMemory, path::Path};
/// use std::sync::Arc;
///
/// let store = Arc::new(InMemory::new());
/// let err = RemoteNpy::open_blocking(store, &Path::from("missing.npy")).unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::Store(_)));
/// ```
#[derive(Debug)]
pub struct Error {
    kind: Box<ErrorKind>,
}

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The URL is not one this build can open (a scheme whose feature is
    /// off, or no URL at all).
    Url {
        /// The URL as given.
        url: String,
        /// Why it was refused.
        reason: String,
    },
    /// The store refused or failed a request.
    Store(object_store::Error),
    /// The bytes are not a valid `.npy` file, or do not hold what was
    /// asked (npy-format's error, with its kind).
    Npy(npy_format::Error),
    /// The bytes are not a valid `.npz` archive, or a member is not what
    /// was asked (npz-archive's error, with its kind).
    Npz(npz_archive::Error),
    /// Rows were asked of an array they cannot be cut from by one range:
    /// a 0-d array, or one stored in Fortran order.
    NotRowMajor {
        /// Why not.
        reason: &'static str,
    },
    /// Rows past the array's end.
    RowRange {
        /// The first row asked for.
        start: usize,
        /// One past the last row asked for.
        end: usize,
        /// The rows the array has.
        rows: usize,
    },
    /// The object is shorter than its header says.
    Truncated {
        /// Bytes the header needs the object to hold.
        expected: u64,
        /// Bytes the object holds.
        found: u64,
    },
    /// The caller's buffer has another length than the array's data.
    BufferLength {
        /// The data's length in bytes.
        expected: usize,
        /// The buffer's.
        found: usize,
    },
    /// The blocking API could not start its runtime.
    Runtime(std::io::Error),
    /// A local file failed: one read to be uploaded, or an archive staged
    /// on disk before its upload.
    Local(std::io::Error),
    /// The object was replaced while it was being read (its ETag no
    /// longer matches the one first seen): the read stops rather than mix
    /// two versions' bytes.
    Changed,
    /// The array's data does not fit in this process's memory.
    OutOfMemory {
        /// The bytes that could not be allocated.
        bytes: u64,
    },
    /// An upload was used after one of its requests failed: it was
    /// aborted, and the object was not written.
    UploadAborted,
    /// A `.npz` member asked for by range is compressed: its bytes are
    /// not the array's (read it whole through [`RemoteNpz`](crate::RemoteNpz)).
    Compressed {
        /// The member's name in the archive.
        member: String,
        /// Its compression method.
        method: String,
    },
    /// A `.npz` member asked for as an array is not a `.npy` file.
    NotNpy {
        /// The member's name in the archive.
        member: String,
    },
}

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// npy-format's error kind, when the bytes were at fault.
    pub fn npy_kind(&self) -> Option<&npy_format::ErrorKind> {
        match &*self.kind {
            ErrorKind::Npy(e) => Some(e.kind()),
            _ => None,
        }
    }

    /// Whether the object does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(
            &*self.kind,
            ErrorKind::Store(object_store::Error::NotFound { .. })
        )
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error {
            kind: Box::new(kind),
        }
    }
}

impl From<object_store::Error> for Error {
    fn from(e: object_store::Error) -> Error {
        match e {
            // Reads after the first carry If-Match: this is the object
            // having changed, not a failed request.
            object_store::Error::Precondition { .. } => ErrorKind::Changed.into(),
            e => ErrorKind::Store(e).into(),
        }
    }
}

impl From<npy_format::Error> for Error {
    fn from(e: npy_format::Error) -> Error {
        ErrorKind::Npy(e).into()
    }
}

impl From<npz_archive::Error> for Error {
    fn from(e: npz_archive::Error) -> Error {
        ErrorKind::Npz(e).into()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.kind {
            ErrorKind::Url { url, reason } => write!(f, "cannot open {url}: {reason}"),
            // A store's message may quote the URL it requested, with
            // the user and password an HTTP URL carries.
            ErrorKind::Store(object_store::Error::NotFound { path, source }) => {
                // S3-compatible servers tell a missing bucket by its code.
                match source.to_string().contains("NoSuchBucket") {
                    true => write!(
                        f,
                        "object store: the bucket does not exist (reading {path})"
                    ),
                    false => write!(f, "object store: no object at {path}"),
                }
            }
            ErrorKind::Store(
                object_store::Error::PermissionDenied { path, source }
                | object_store::Error::Unauthenticated { path, source },
            ) => {
                write!(
                    f,
                    "object store: access to {path} refused; check the credentials in the environment"
                )?;
                // An S3-compatible server tells why in its XML body.
                let text = source.to_string();
                match (tag(&text, "Code"), tag(&text, "Message")) {
                    (Some(code), Some(message)) => write!(f, " ({code}: {message})"),
                    _ => write!(f, " ({})", crate::location::scrubbed(&text)),
                }
            }
            ErrorKind::Store(e) => write!(
                f,
                "object store: {}",
                crate::location::scrubbed(&e.to_string())
            ),
            ErrorKind::Npy(e) => write!(f, "{e}"),
            ErrorKind::Npz(e) => write!(f, "{e}"),
            ErrorKind::NotRowMajor { reason } => {
                write!(f, "rows cannot be read by range: {reason}")
            }
            ErrorKind::RowRange { start, end, rows } => {
                write!(f, "rows {start}..{end} asked of an array of {rows} rows")
            }
            ErrorKind::Truncated { expected, found } => write!(
                f,
                "the object holds {found} bytes but its header needs {expected}"
            ),
            ErrorKind::BufferLength { expected, found } => write!(
                f,
                "the buffer holds {found} bytes but the array's data is {expected} bytes"
            ),
            ErrorKind::Runtime(e) => write!(f, "cannot start the I/O runtime: {e}"),
            ErrorKind::Changed => write!(
                f,
                "the object changed while it was read (its ETag no longer matches); read it again"
            ),
            ErrorKind::OutOfMemory { bytes } => {
                write!(f, "cannot allocate {bytes} bytes for the array")
            }
            ErrorKind::Local(e) => write!(f, "local file: {e}"),
            ErrorKind::UploadAborted => write!(
                f,
                "the upload was aborted after an earlier error: the object was not written"
            ),
            ErrorKind::Compressed { member, method } => write!(
                f,
                "member {member} is compressed ({method}): only stored members are read by range"
            ),
            ErrorKind::NotNpy { member } => write!(f, "member {member} is not a .npy file"),
        }
    }
}

impl std::error::Error for Error {}

/// The text of the first `<name>…</name>` element of an XML error body.
fn tag<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}>");
    let start = text.find(&open)? + open.len();
    let len = text[start..].find(&format!("</{name}>"))?;
    Some(&text[start..start + len])
}
