//! Warnings: what NumPy reports without failing.

use std::fmt;

/// Something NumPy would report with a warning, kept for the caller:
/// in [`GenFromTxtOutput::warnings`](crate::GenFromTxtOutput) for
/// genfromtxt, through [`LoadTxt::on_warning`](crate::LoadTxt::on_warning)
/// for loadtxt. Each displays as NumPy words it.
///
/// # Example
///
/// ```
/// use delimited_text::{GenFromTxt, Warning};
///
/// let out = GenFromTxt::new().from_str("")?;
/// assert_eq!(out.warnings, [Warning::EmptyInput]);
/// assert_eq!(out.warnings[0].to_string(), "Empty input file");
/// # Ok::<(), delimited_text::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// genfromtxt: the input holds no data ("Empty input file").
    EmptyInput,
    /// genfromtxt with `encoding='bytes'`: string columns were made bytes
    /// columns (NumPy's deprecation warning).
    BytesColumns,
    /// loadtxt: the result has no rows ("input contained no data"):
    /// empty, blank-only, comment-only or fully skipped input.
    NoData,
    /// loadtxt with max_rows: a line with no data before max_rows rows
    /// were read, which does not count towards them (NumPy warns once).
    EmptyLine {
        /// 1-based line of the file.
        line: u64,
        /// The max_rows given.
        max_rows: usize,
    },
    /// Rows with the wrong number of columns were dropped
    /// (`invalid_raise(false)`).
    InvalidRows {
        /// (1-based line, columns) of the first 1000 such rows.
        rows: Vec<(u64, usize)>,
        /// How many such rows there were.
        total: usize,
        /// The number of columns expected.
        expected: usize,
    },
}

/// `line 5 (got 4 columns instead of 3); ...`, as NumPy lists bad rows.
pub(crate) fn list_rows(
    f: &mut fmt::Formatter<'_>,
    rows: &[(u64, usize)],
    total: usize,
    expected: usize,
) -> fmt::Result {
    for (i, (line, got)) in rows.iter().enumerate() {
        if i > 0 {
            f.write_str("; ")?;
        }
        write!(f, "line {line} (got {got} columns instead of {expected})")?;
    }
    if total > rows.len() {
        write!(f, "; and {} more", total - rows.len())?;
    }
    Ok(())
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::EmptyInput => f.write_str("Empty input file"),
            Warning::NoData => f.write_str("input contained no data"),
            Warning::BytesColumns => f.write_str(
                "Reading unicode strings without specifying the encoding argument is deprecated. \
                 Set the encoding, use None for the system default.",
            ),
            Warning::EmptyLine { line, max_rows } => write!(
                f,
                "Input line {line} contained no data and will not be counted towards `max_rows={max_rows}`"
            ),
            Warning::InvalidRows {
                rows,
                total,
                expected,
            } => {
                f.write_str("some errors were detected: ")?;
                list_rows(f, rows, *total, *expected)
            }
        }
    }
}
