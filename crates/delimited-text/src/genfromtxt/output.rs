//! What genfromtxt returns: the array, the mask, the warnings.

use crate::error::Result;
use npy_format::{DType, NpyArray};
use std::fmt;

/// Something NumPy would report with a warning, kept for the caller.
///
/// # Example
///
/// ```
/// use delimited_text::{GenFromTxt, Warning};
///
/// let out = GenFromTxt::new().from_str("")?;
/// assert_eq!(out.warnings, [Warning::EmptyInput]);
/// # Ok::<(), delimited_text::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// The input holds no data.
    EmptyInput,
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
            Warning::EmptyInput => f.write_str("empty input"),
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

/// The result of [`GenFromTxt`](crate::GenFromTxt): NumPy's array (or
/// masked array, as the array and its mask) and its warnings.
///
/// # Example
///
/// ```
/// let out = delimited_text::GenFromTxt::new().delimiter(",").usemask(true).from_str("1,\n,4")?;
/// assert_eq!(out.array.shape(), &[2, 2]);
/// let mask = out.mask.as_ref().unwrap().to_array::<bool, ndarray::Ix2>()?;
/// assert_eq!(mask, ndarray::array![[false, true], [true, false]]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct GenFromTxtOutput {
    /// The values; missing entries hold their filling value.
    pub array: NpyArray,
    /// With `usemask`: `true` where an entry was missing. A bool array of
    /// the array's shape, or for records a record of bools with the same
    /// field names.
    pub mask: Option<NpyArray>,
    /// What NumPy would have warned about.
    pub warnings: Vec<Warning>,
}

impl GenFromTxtOutput {
    /// NumPy's `unpack=True` for records: one array per field (and one
    /// per column of a 2-D array, the array itself otherwise).
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().dtype_infer().from_str("1 a\n2 b")?;
    /// let fields = out.unpacked()?;
    /// assert_eq!(fields[1].to_strings()?, ["a", "b"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn unpacked(&self) -> Result<Vec<NpyArray>> {
        crate::loadtxt::unpack(&self.array)
    }

    /// The array's dtype.
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().dtype_infer().from_str("1 2")?;
    /// assert_eq!(out.dtype().descr(), "'<i8'");
    /// # Ok::<(), delimited_text::Error>(())
    /// ```
    pub fn dtype(&self) -> &DType {
        self.array.dtype()
    }
}

/// What [`GenFromTxt::convert_path`](crate::GenFromTxt::convert_path)
/// wrote.
///
/// # Example
///
/// ```no_run
/// let s = delimited_text::GenFromTxt::new().dtype_infer().convert_path("in.csv", "out.npy")?;
/// println!("{} rows of {}", s.rows, s.dtype.descr());
/// # Ok::<(), delimited_text::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ConvertSummary {
    /// The dtype written.
    pub dtype: DType,
    /// The shape written.
    pub shape: Vec<usize>,
    /// Rows converted.
    pub rows: usize,
    /// What NumPy would have warned about.
    pub warnings: Vec<Warning>,
}
