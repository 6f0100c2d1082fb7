//! `np.loadtxt`, `np.genfromtxt` and `np.savetxt`, from delimited-text.

use crate::error::{AtPath, Result};
use delimited_text::SaveTxt;
use ndarray::{Array, Dimension};
use npy_format::WriteNpyExt;
use npy_format::{ReadableElement, WritableElement};
use std::path::Path;

/// Reads a text file into a typed array with `np.loadtxt`'s defaults:
/// fields separated by whitespace, `#` comments, the element type's dtype
/// (so `Array2<f64>` is `dtype=float`). Paths ending `.gz` are
/// decompressed.
///
/// Every other `np.loadtxt` parameter (delimiter, skiprows, usecols,
/// quotechar, converters, structured dtypes...) is a setter of
/// [`LoadTxt`](crate::text::LoadTxt), which reads into an
/// [`NpyArray`](crate::NpyArray). Errors name the file, and the line and
/// column of bad text.
///
/// # Example
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("points.txt");
/// std::fs::write(&path, "# x y\n1 2\n3 4.5\n")?;
///
/// let a: ndarray::Array2<f64> = npio::loadtxt(&path)?;
/// assert_eq!(a, ndarray::array![[1.0, 2.0], [3.0, 4.5]]);
///
/// std::fs::write(&path, "1 2\n3 x\n")?;
/// let err = npio::loadtxt::<f64, ndarray::Ix2, _>(&path).unwrap_err();
/// assert!(err.to_string().contains("line 2, column 2"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn loadtxt<A, D, P>(path: P) -> Result<Array<A, D>>
where
    A: ReadableElement + WritableElement,
    D: Dimension,
    P: AsRef<Path>,
{
    let path = path.as_ref();
    delimited_text::loadtxt(path).at(path)
}

/// Reads a text file into a typed array with `np.genfromtxt`'s defaults:
/// fields separated by whitespace, `#` comments, missing values (empty
/// fields) filled with the type's default (NaN for floats, -1 for
/// integers), the element type's dtype. Paths ending `.gz` are
/// decompressed.
///
/// Every other `np.genfromtxt` parameter (names, dtype inference,
/// missing and filling values, usemask, fixed-width fields...) is a setter
/// of [`GenFromTxt`](crate::text::GenFromTxt), which also converts files
/// larger than memory straight to `.npy`.
///
/// # Example
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("gaps.txt");
/// std::fs::write(&path, "1 2\n3 4\n")?;
///
/// let a: ndarray::Array2<f64> = npio::genfromtxt(&path)?;
/// assert_eq!(a, ndarray::array![[1.0, 2.0], [3.0, 4.0]]);
///
/// // Missing values need a delimiter to show: the builder has every option.
/// std::fs::write(&path, "1,2\n3,\n")?;
/// let out = npio::text::GenFromTxt::new().delimiter(",").from_path(&path)?;
/// let b: ndarray::Array2<f64> = out.array.to_array()?;
/// assert!(b[[1, 1]].is_nan());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn genfromtxt<A, D, P>(path: P) -> Result<Array<A, D>>
where
    A: ReadableElement + WritableElement,
    D: Dimension,
    P: AsRef<Path>,
{
    let path = path.as_ref();
    delimited_text::genfromtxt(path).at(path)
}

/// Writes a 1-D or 2-D array as text with `np.savetxt`'s defaults
/// (`fmt="%.18e"`, one space between values, `\n` after each row),
/// byte-identical to NumPy's output; paths ending `.gz` are gzipped.
///
/// Takes typed ndarray arrays and [`NpyArray`](crate::NpyArray)s
/// (records write one row each). `fmt`, `delimiter`, `newline`, `header`,
/// `footer` and `comments` are setters of
/// [`SaveTxt`](crate::text::SaveTxt).
///
/// # Example
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("a.txt");
/// npio::savetxt(&path, &ndarray::array![[1.0, 0.5], [2.0, 0.25]])?;
/// assert_eq!(
///     std::fs::read_to_string(&path)?.lines().next(),
///     Some("1.000000000000000000e+00 5.000000000000000000e-01")
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn savetxt<P: AsRef<Path>, T: WriteNpyExt + ?Sized>(path: P, array: &T) -> Result<()> {
    let path = path.as_ref();
    let array = array.to_npy_array().at(path)?;
    SaveTxt::new().to_path(path, &array).at(path)
}
