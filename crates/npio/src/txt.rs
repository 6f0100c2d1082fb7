//! `np.loadtxt` and `np.savetxt`, from delimited-text.
//!
//! `np.genfromtxt` is being built in delimited-text as a `GenFromTxt`
//! builder; its entry point belongs in this module, next to `loadtxt`,
//! once the layer exports it.

use crate::error::{AtPath, Result};
use crate::save::SaveArray;
use delimited_text::SaveTxt;
use ndarray::{Array, Dimension};
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
pub fn savetxt<P: AsRef<Path>, T: SaveArray + ?Sized>(path: P, array: &T) -> Result<()> {
    let path = path.as_ref();
    SaveTxt::new().to_path(path, &array.to_npy_array()).at(path)
}
