//! The umbrella's one error type: each layer's error as a variant, plus
//! what `load` finds out about a file before any layer sees it.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// A specialized `Result` whose error is npio's [`Error`].
///
/// # Example
///
/// ```
/// fn rows(path: &std::path::Path) -> npio::Result<usize> {
///     Ok(npio::load(path)?.into_array()?.shape()[0])
/// }
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("a.npy");
/// npio::save(&path, &ndarray::array![[1u8, 2], [3, 4], [5, 6]])?;
/// assert_eq!(rows(&path)?, 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type Result<T> = std::result::Result<T, Error>;

/// An error from one of npio's entry points.
///
/// The message is complete: it includes the message of any error this one
/// wraps, so [`source`](std::error::Error::source) is `None` and a chain
/// printer shows each message once. The wrapped error itself is in
/// [`Error::kind`].
///
/// It wraps the error of the layer that failed ([`ErrorKind::Npy`],
/// [`ErrorKind::Npz`], [`ErrorKind::Mmap`], [`ErrorKind::Text`]) unchanged,
/// so nothing the layer said is lost, and adds the path of the file when
/// the entry point was given one ([`Error::path`]). The layers' own types
/// convert into it with `?`.
///
/// # Example
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("notes.txt");
/// std::fs::write(&path, "hello")?;
///
/// let err = npio::load(&path).unwrap_err();
/// assert!(matches!(err.kind(), npio::ErrorKind::UnknownFormat { .. }));
/// assert_eq!(err.path(), Some(path.as_path()));
/// assert!(err.to_string().contains("hello"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Error(Box<Inner>);

#[derive(Debug)]
struct Inner {
    kind: ErrorKind,
    path: Option<PathBuf>,
}

/// What went wrong.
///
/// The layer variants hold the layer's error as it was; the others are
/// what [`load`](crate::load) finds out about a file before handing it to
/// a layer.
///
/// # Example
///
/// ```
/// use npio::ErrorKind;
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("input");
/// for (bytes, expected) in [
///     (&b""[..], "empty"),
///     (&b"\x80\x04"[..], "pickle"),
///     (&b"a,b\n"[..], "unknown"),
///     (&b"\x93NUMPY\x07\x00"[..], "npy"),
/// ] {
///     std::fs::write(&path, bytes)?;
///     let found = match npio::load(&path).unwrap_err().kind() {
///         ErrorKind::Empty => "empty",
///         ErrorKind::Pickle => "pickle",
///         ErrorKind::UnknownFormat { .. } => "unknown",
///         ErrorKind::Npy(_) => "npy",
///         _ => "other",
///     };
///     assert_eq!(found, expected);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An I/O error outside any layer (opening a file to detect its
    /// format, for instance).
    Io(io::Error),
    /// An error of the `.npy` layer, [`npy_format`].
    Npy(npy_format::Error),
    /// An error of the `.npz` layer, [`npz_archive`].
    #[cfg(feature = "npz")]
    Npz(npz_archive::Error),
    /// An error of the memory-map layer, [`npy_mmap`].
    #[cfg(feature = "mmap")]
    Mmap(npy_mmap::Error),
    /// An error of the text layer, [`delimited_text`].
    #[cfg(feature = "text")]
    Text(delimited_text::Error),
    /// The file is empty: there is nothing to load.
    Empty,
    /// The file is a Python pickle (it starts with `\x80`, the mark of
    /// pickle protocols 2 and later). `np.load` unpickles such files only
    /// with `allow_pickle=True`; npio never runs pickles.
    Pickle,
    /// The array's dtype holds Python objects (`|O`), so its data is a
    /// pickle; its header is readable (`shape` is here) but its data is
    /// not. NumPy needs `allow_pickle=True` for these too.
    ObjectArray {
        /// The array's shape, from its header.
        shape: Vec<usize>,
    },
    /// The file is none of the formats `load` knows.
    UnknownFormat {
        /// The file's first bytes (at most 16).
        start: Vec<u8>,
    },
    /// The file is of a format whose layer this build of npio leaves out.
    FeatureDisabled {
        /// The format found (`"npz"`).
        format: &'static str,
        /// The cargo feature that brings it.
        feature: &'static str,
    },
    /// [`Loaded::into_memmap`](crate::Loaded::into_memmap) of a `.npy`
    /// file that was read into memory: set
    /// `LoadOptions::mmap_mode` to map it.
    NotMapped,
    /// The file is of a format this operation does not take.
    WrongFormat {
        /// What the operation needs.
        expected: &'static str,
        /// What the file is.
        found: &'static str,
    },
}

impl Error {
    /// The kind of error.
    ///
    /// # Example
    ///
    /// ```
    /// use npio::ErrorKind;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("empty.npy");
    /// std::fs::write(&path, b"")?;
    /// assert!(matches!(npio::load(&path).unwrap_err().kind(), ErrorKind::Empty));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// Unwraps the kind of error (the path, if any, is dropped).
    ///
    /// # Example
    ///
    /// ```
    /// use npio::ErrorKind;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("short.npy");
    /// std::fs::write(&path, b"\x93NUMPY\x01\x00")?;
    /// match npio::load(&path).unwrap_err().into_kind() {
    ///     ErrorKind::Npy(e) => assert!(e.is_truncated()),
    ///     other => panic!("{other:?}"),
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_kind(self) -> ErrorKind {
        self.0.kind
    }

    /// The file the entry point was working on, when it had one. The
    /// error's message starts with it too.
    ///
    /// # Example
    ///
    /// ```
    /// let err = npio::load("no/such/file.npy").unwrap_err();
    /// assert_eq!(err.path(), Some(std::path::Path::new("no/such/file.npy")));
    /// assert!(err.to_string().starts_with("no/such/file.npy: "));
    /// ```
    pub fn path(&self) -> Option<&Path> {
        self.0.path.as_deref()
    }

    /// True when the file or array holds Python pickles, which npio does
    /// not load: a pickle file ([`ErrorKind::Pickle`]), an object array
    /// ([`ErrorKind::ObjectArray`]), or a layer's object-data error (an
    /// object member of an `.npz`, read lazily).
    ///
    /// # Example
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("model.pkl");
    /// std::fs::write(&path, b"\x80\x05\x95\x10\x00")?; // pickle protocol 5
    /// let err = npio::load(&path).unwrap_err();
    /// assert!(err.is_pickle());
    /// assert!(err.to_string().contains("allow_pickle"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_pickle(&self) -> bool {
        match self.kind() {
            ErrorKind::Pickle | ErrorKind::ObjectArray { .. } => true,
            ErrorKind::Npy(e) => e.is_object_data(),
            #[cfg(feature = "npz")]
            ErrorKind::Npz(e) => e.is_object_data(),
            #[cfg(feature = "mmap")]
            ErrorKind::Mmap(e) => e.is_object_data(),
            _ => false,
        }
    }

    /// The failure to write an output file this error reports, if it is
    /// one: how a program tells a failure to write its output (a full
    /// disk) from a problem with its input.
    pub fn output_error(&self) -> Option<&npy_format::OutputError> {
        match self.kind() {
            ErrorKind::Io(e) => e.get_ref()?.downcast_ref(),
            ErrorKind::Npy(e) => e.output_error(),
            #[cfg(feature = "npz")]
            ErrorKind::Npz(e) => e.output_error(),
            #[cfg(feature = "mmap")]
            ErrorKind::Mmap(e) => e.output_error(),
            #[cfg(feature = "text")]
            ErrorKind::Text(e) => e.output_error(),
            _ => None,
        }
    }

    /// The [`io::ErrorKind`] this error has as an `io::Error`: each layer's
    /// error as that layer says, an empty file `UnexpectedEof`, pickles and
    /// left-out features `Unsupported`, a file of another format
    /// `InvalidData`.
    ///
    /// # Example
    ///
    /// ```
    /// let err = npio::load("no/such/file.npy").unwrap_err();
    /// assert_eq!(err.io_kind(), std::io::ErrorKind::NotFound);
    /// ```
    pub fn io_kind(&self) -> io::ErrorKind {
        match self.kind() {
            ErrorKind::Io(e) => e.kind(),
            ErrorKind::Npy(e) => e.io_kind(),
            #[cfg(feature = "npz")]
            ErrorKind::Npz(e) => e.io_kind(),
            #[cfg(feature = "mmap")]
            ErrorKind::Mmap(e) => e.io_kind(),
            #[cfg(feature = "text")]
            ErrorKind::Text(e) => e.io_kind(),
            ErrorKind::Empty => io::ErrorKind::UnexpectedEof,
            ErrorKind::Pickle
            | ErrorKind::ObjectArray { .. }
            | ErrorKind::FeatureDisabled { .. } => io::ErrorKind::Unsupported,
            ErrorKind::UnknownFormat { .. } | ErrorKind::WrongFormat { .. } => {
                io::ErrorKind::InvalidData
            }
            ErrorKind::NotMapped => io::ErrorKind::InvalidInput,
        }
    }

    /// Attaches the path of the file concerned, unless one is there.
    pub(crate) fn at(mut self, path: &Path) -> Error {
        if self.0.path.is_none() {
            self.0.path = Some(path.to_path_buf());
        }
        self
    }
}

/// Converts a layer's result into npio's, naming the file.
pub(crate) trait AtPath<T> {
    fn at(self, path: &Path) -> Result<T>;
}

impl<T, E: Into<Error>> AtPath<T> for std::result::Result<T, E> {
    fn at(self, path: &Path) -> Result<T> {
        self.map_err(|e| e.into().at(path))
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error(Box::new(Inner { kind, path: None }))
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Error {
        ErrorKind::Io(e).into()
    }
}

impl From<npy_format::Error> for Error {
    fn from(e: npy_format::Error) -> Error {
        ErrorKind::Npy(e).into()
    }
}

#[cfg(feature = "npz")]
impl From<npz_archive::Error> for Error {
    fn from(e: npz_archive::Error) -> Error {
        ErrorKind::Npz(e).into()
    }
}

#[cfg(feature = "mmap")]
impl From<npy_mmap::Error> for Error {
    fn from(e: npy_mmap::Error) -> Error {
        ErrorKind::Mmap(e).into()
    }
}

#[cfg(feature = "text")]
impl From<delimited_text::Error> for Error {
    fn from(e: delimited_text::Error) -> Error {
        ErrorKind::Text(e).into()
    }
}

impl From<Error> for io::Error {
    /// Without a path, a layer's error converts as that layer converts
    /// it. Otherwise the `io::Error` carries npio's error (path included):
    /// truncated input is `UnexpectedEof`, pickles and left-out features
    /// are `Unsupported`, an I/O error keeps its kind, the rest is
    /// `InvalidData`.
    fn from(err: Error) -> io::Error {
        if err.0.path.is_none() {
            match err.0.kind {
                ErrorKind::Io(e) => return e,
                ErrorKind::Npy(e) => return e.into(),
                #[cfg(feature = "npz")]
                ErrorKind::Npz(e) => return e.into(),
                #[cfg(feature = "mmap")]
                ErrorKind::Mmap(e) => return e.into(),
                #[cfg(feature = "text")]
                ErrorKind::Text(e) => return e.into(),
                kind => {
                    let err = Error::from(kind);
                    return io::Error::new(err.io_kind(), err);
                }
            }
        }
        io::Error::new(err.io_kind(), err)
    }
}

/// No `source`: the message already includes the wrapped error's.
impl std::error::Error for Error {}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.0.path {
            write!(f, "{}: ", path.display())?;
        }
        match self.kind() {
            ErrorKind::Io(e) => write!(f, "i/o error: {e}"),
            ErrorKind::Npy(e) => e.fmt(f),
            #[cfg(feature = "npz")]
            ErrorKind::Npz(e) => e.fmt(f),
            #[cfg(feature = "mmap")]
            ErrorKind::Mmap(e) => e.fmt(f),
            #[cfg(feature = "text")]
            ErrorKind::Text(e) => e.fmt(f),
            ErrorKind::Empty => write!(f, "empty file: no data to load"),
            ErrorKind::Pickle => write!(
                f,
                "a Python pickle (starts with \\x80): npio does not load pickles \
                 (NumPy needs allow_pickle=True for them)"
            ),
            ErrorKind::ObjectArray { shape } => write!(
                f,
                "an array of Python objects (|O) of shape {shape:?}: its data is a pickle, \
                 which npio does not load (NumPy needs allow_pickle=True)"
            ),
            ErrorKind::UnknownFormat { start } => {
                write!(
                    f,
                    "not a .npy, .npz or pickle file: it starts with b\"{}\"",
                    escape_bytes(start)
                )
            }
            ErrorKind::FeatureDisabled { format, feature } => write!(
                f,
                "a .{format} file, but npio was built without its `{feature}` feature"
            ),
            ErrorKind::NotMapped => write!(
                f,
                "the .npy file was read into memory, not mapped (set LoadOptions::mmap_mode)"
            ),
            ErrorKind::WrongFormat { expected, found } => {
                write!(f, "expected a .{expected} file, found a .{found} file")
            }
        }
    }
}

/// Bytes as a Python bytes literal shows them: printable ASCII as is,
/// the rest escaped.
fn escape_bytes(bytes: &[u8]) -> String {
    let mut out = String::new();
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'"' => out.push_str("\\\""),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_escaped_as_python_shows_them() {
        assert_eq!(
            escape_bytes(b"PK\x01\x02\"a\\\n"),
            "PK\\x01\\x02\\\"a\\\\\\n"
        );
    }

    #[test]
    fn path_is_named_once() {
        let e = Error::from(ErrorKind::Empty)
            .at(Path::new("a.npy"))
            .at(Path::new("b.npy"));
        assert_eq!(e.to_string(), "a.npy: empty file: no data to load");
    }

    #[test]
    fn messages_are_whole_and_printed_once() {
        let inner = npy_format::Error::from(io::Error::other("disk on fire"));
        let e = Error::from(inner).at(Path::new("a.npy"));
        assert_eq!(e.to_string(), "a.npy: i/o error: disk on fire");
        assert!(std::error::Error::source(&e).is_none());
    }

    #[cfg(feature = "mmap")]
    #[test]
    fn object_data_is_found_through_every_layer() {
        // An object member of an .npz, met while mapping: mmap → npz → npy.
        let npy = npy_format::Error::from(npy_format::ErrorKind::ObjectData);
        let npz = npz_archive::Error::from(npz_archive::ErrorKind::Npy {
            member: "x.npy".into(),
            source: npy,
        });
        let e = Error::from(npy_mmap::Error::from(npz));
        assert!(e.is_pickle());
        assert_eq!(e.io_kind(), io::ErrorKind::Unsupported);
        let other = Error::from(npy_mmap::Error::from(npy_mmap::ErrorKind::EmptyFile));
        assert!(!other.is_pickle());
    }

    #[test]
    fn io_kinds_follow_the_layers() {
        let e = Error::from(npy_format::Error::from(io::Error::from(
            io::ErrorKind::NotFound,
        )));
        assert_eq!(io::Error::from(e).kind(), io::ErrorKind::NotFound);
        let e = Error::from(ErrorKind::Empty).at(Path::new("a.npy"));
        assert_eq!(io::Error::from(e).kind(), io::ErrorKind::UnexpectedEof);
        let e: io::Error = Error::from(ErrorKind::Pickle).into();
        assert_eq!(e.kind(), io::ErrorKind::Unsupported);
    }
}
