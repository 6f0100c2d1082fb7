//! What genfromtxt returns: the array, the mask, the warnings.

use crate::error::Result;
use crate::warning::Warning;
use npy_format::{DType, NpyArray};

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
        crate::engine::shape::unpack(&self.array)
    }

    /// The array's dtype.
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().dtype_infer().from_str("1 2")?;
    /// assert_eq!(out.dtype().descr_repr(), "'<i8'");
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
/// println!("{} rows of {}", s.rows, s.dtype.descr_repr());
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
