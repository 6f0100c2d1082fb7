//! The one error type of this crate.

use std::fmt;
use std::io;

/// A specialized `Result` whose error is this crate's [`Error`].
///
/// # Example
///
/// ```
/// fn first_value(text: &str) -> delimited_text::Result<f64> {
///     let a = delimited_text::LoadTxt::new().from_str(text)?;
///     Ok(a.to_array::<f64, ndarray::IxDyn>()?.iter().next().copied().unwrap_or(f64::NAN))
/// }
/// assert_eq!(first_value("2.5 1")?, 2.5);
/// assert!(first_value("x").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type Result<T> = std::result::Result<T, Error>;

/// An error reading or writing delimited text.
///
/// The message is complete: it includes the message of any error this one
/// wraps, so [`source`](std::error::Error::source) is `None` and a chain
/// printer shows each message once. The wrapped error itself is in
/// [`Error::kind`].
///
/// # Example
///
/// ```
/// let err = delimited_text::LoadTxt::new().from_str("1 2\n3 x\n").unwrap_err();
/// assert_eq!(err.to_string(), "line 2, column 2: could not convert string 'x' to float64");
/// ```
#[derive(Debug)]
pub struct Error(Box<ErrorKind>);

/// What went wrong. Errors about the input name its line (1-based,
/// counting every line of the file) and column (1-based).
///
/// # Example
///
/// ```
/// use delimited_text::{ErrorKind, LoadTxt};
///
/// let err = LoadTxt::new().from_str("1 2\n3\n").unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::Ragged { line: 2, expected: 2, found: 1 }));
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An I/O error.
    Io(io::Error),
    /// An `.npy`-level error (building or writing the array).
    Npy(npy_format::Error),
    /// A field could not be converted to the column's dtype.
    Convert {
        /// 1-based line of the file.
        line: u64,
        /// 1-based column (field) of the line.
        column: usize,
        /// The field's text.
        text: String,
        /// The dtype it should have become (`float64`, `int32`, ...).
        dtype: String,
    },
    /// A row has a different number of columns than the first.
    Ragged {
        /// 1-based line of the file.
        line: u64,
        /// Columns of the first row.
        expected: usize,
        /// Columns of this row.
        found: usize,
    },
    /// A row of a record dtype has a different number of columns than
    /// the dtype has fields (and no usecols chose them).
    FieldCount {
        /// 1-based line of the file.
        line: u64,
        /// Fields of the dtype (nested and subarray fields flattened).
        fields: usize,
        /// Columns of this row.
        found: usize,
    },
    /// A used column does not exist in a row.
    MissingColumn {
        /// 1-based line of the file.
        line: u64,
        /// The column index asked for (as given, negatives included).
        index: isize,
        /// Columns in the row.
        columns: usize,
    },
    /// A quoted field is not closed before the end of the input.
    UnclosedQuote {
        /// 1-based line where the field starts.
        line: u64,
    },
    /// The input is not valid in its encoding.
    Encoding {
        /// 1-based line of the file.
        line: u64,
        /// What is wrong.
        reason: String,
    },
    /// An option or combination of options that cannot work.
    InvalidOption {
        /// What is wrong with it.
        reason: String,
    },
    /// Rows with a different number of columns than the first
    /// (genfromtxt's "Some errors were detected").
    InvalidRows {
        /// (1-based line, columns) of the first 1000 such rows.
        rows: Vec<(u64, usize)>,
        /// How many such rows there are.
        total: usize,
        /// The number of columns expected.
        expected: usize,
    },
    /// A savetxt format that does not fit the data.
    Format {
        /// The format text.
        fmt: String,
        /// Why it does not fit.
        reason: String,
    },
}

impl Error {
    /// The kind of error.
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::{ErrorKind, LoadTxt};
    ///
    /// let err = LoadTxt::new().dtype_descr("<i2").from_str("40000\n").unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::Convert { line: 1, column: 1, .. }));
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
    /// use delimited_text::{ErrorKind, LoadTxt};
    ///
    /// let err = LoadTxt::new().from_str("1,5\n").unwrap_err();
    /// if let ErrorKind::Convert { text, .. } = err.into_kind() {
    ///     assert_eq!(text, "1,5");
    /// }
    /// ```
    pub fn into_kind(self) -> ErrorKind {
        *self.0
    }

    /// The 1-based line of the input the error is about, if any.
    ///
    /// # Example
    ///
    /// ```
    /// let err = delimited_text::LoadTxt::new().from_str("# header\n\n1\nx\n").unwrap_err();
    /// assert_eq!(err.line(), Some(4)); // every line counts, comments and blanks too
    /// ```
    pub fn line(&self) -> Option<u64> {
        match &*self.0 {
            ErrorKind::Convert { line, .. }
            | ErrorKind::Ragged { line, .. }
            | ErrorKind::FieldCount { line, .. }
            | ErrorKind::MissingColumn { line, .. }
            | ErrorKind::UnclosedQuote { line }
            | ErrorKind::Encoding { line, .. } => Some(*line),
            ErrorKind::InvalidRows { rows, .. } => rows.first().map(|r| r.0),
            _ => None,
        }
    }

    /// The failure to write an output file this error reports, if it is
    /// one: how a program tells a failure to write its output (a full
    /// disk) from a problem with its input.
    pub fn output_error(&self) -> Option<&npy_format::OutputError> {
        match &*self.0 {
            ErrorKind::Io(e) => e.get_ref()?.downcast_ref(),
            ErrorKind::Npy(e) => e.output_error(),
            _ => None,
        }
    }

    /// The [`io::ErrorKind`] this error has as an `io::Error`: an I/O
    /// error's own kind, an `.npy` error's kind (see
    /// [`npy_format::Error::io_kind`]), `InvalidData` otherwise.
    ///
    /// # Example
    ///
    /// ```
    /// let err = delimited_text::LoadTxt::new().from_path("no/such/file.txt").unwrap_err();
    /// assert_eq!(err.io_kind(), std::io::ErrorKind::NotFound);
    /// ```
    pub fn io_kind(&self) -> io::ErrorKind {
        match &*self.0 {
            ErrorKind::Io(e) => e.kind(),
            ErrorKind::Npy(e) => e.io_kind(),
            _ => io::ErrorKind::InvalidData,
        }
    }

    pub(crate) fn option(reason: impl Into<String>) -> Error {
        ErrorKind::InvalidOption {
            reason: reason.into(),
        }
        .into()
    }

    pub(crate) fn format(fmt: impl Into<String>, reason: impl Into<String>) -> Error {
        ErrorKind::Format {
            fmt: fmt.into(),
            reason: reason.into(),
        }
        .into()
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error(Box::new(kind))
    }
}

impl From<io::Error> for Error {
    fn from(err: io::Error) -> Error {
        // Text that is not valid UTF-16 or UTF-32 is found while reading.
        let invalid = err
            .get_ref()
            .and_then(|e| e.downcast_ref::<crate::engine::transcode::InvalidText>());
        if let Some(bad) = invalid {
            return ErrorKind::Encoding {
                line: bad.line,
                reason: bad.reason.clone(),
            }
            .into();
        }
        ErrorKind::Io(err).into()
    }
}

impl From<npy_format::Error> for Error {
    fn from(err: npy_format::Error) -> Error {
        ErrorKind::Npy(err).into()
    }
}

impl From<Error> for io::Error {
    fn from(err: Error) -> io::Error {
        match err.into_kind() {
            ErrorKind::Io(e) => e,
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
            ErrorKind::Npy(e) => write!(f, "{e}"),
            ErrorKind::Convert {
                line,
                column,
                text,
                dtype,
            } => {
                let mut quoted = String::new();
                npy_format::internal::push_python_str_repr(&mut quoted, text);
                write!(
                    f,
                    "line {line}, column {column}: could not convert string {quoted} to {dtype}"
                )
            }
            ErrorKind::Ragged {
                line,
                expected,
                found,
            } => write!(
                f,
                "line {line}: the number of columns changed from {expected} to {found} (use usecols to select a subset)"
            ),
            ErrorKind::FieldCount {
                line,
                fields,
                found,
            } => write!(
                f,
                "line {line}: the dtype passed requires {fields} columns but {found} were found (use usecols to select a subset)"
            ),
            ErrorKind::MissingColumn {
                line,
                index,
                columns,
            } => write!(
                f,
                "line {line}: invalid column index {index} for a row of {columns} columns"
            ),
            ErrorKind::UnclosedQuote { line } => {
                write!(
                    f,
                    "line {line}: quoted field not closed before the end of the input"
                )
            }
            ErrorKind::Encoding { line, reason } => write!(f, "line {line}: {reason}"),
            ErrorKind::InvalidOption { reason } => write!(f, "invalid option: {reason}"),
            ErrorKind::Format { fmt, reason } => write!(f, "format {fmt:?}: {reason}"),
            ErrorKind::InvalidRows {
                rows,
                total,
                expected,
            } => {
                f.write_str("some errors were detected: ")?;
                crate::warning::list_rows(f, rows, *total, *expected)
            }
        }
    }
}
