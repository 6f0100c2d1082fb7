//! `np.save`, `np.savez` and `np.savez_compressed`, for typed ndarray
//! arrays and dynamic [`NpyArray`](crate::NpyArray)s alike.

use crate::error::{AtPath, Result};
use npy_format::WriteNpyExt;
use std::path::Path;

/// An array the save functions write: npy-format's [`WriteNpyExt`],
/// implemented for every ndarray array (owned or view, any layout) of an
/// element type `.npy` knows and for [`NpyArray`](crate::NpyArray).
///
/// The trait is object safe, so one archive can hold arrays of different
/// element types: [`savez`] takes `&(dyn SaveArray + Sync)`, and `&array`
/// coerces to it.
///
/// # Example
///
/// ```
/// use npio::SaveArray;
///
/// let weights = ndarray::array![[0.5f32, 1.5]];
/// let labels = npio::NpyArray::from_strings(&["cat", "dog"], &[2])?;
/// let arrays: [&dyn SaveArray; 2] = [&weights, &labels];
/// assert_eq!(arrays[0].to_npy_array()?.shape(), &[1, 2]);
/// assert_eq!(arrays[1].to_npy_array()?.dtype().descr_repr(), "'<U3'");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub use npy_format::WriteNpyExt as SaveArray;

/// One named member of an archive to write: an array of any element type.
pub type Member<'a> = (&'a str, &'a (dyn WriteNpyExt + Sync + 'a));

/// Writes an array to a `.npy` file, byte for byte what `np.save` writes
/// for the same array: header version, padding, memory order, data.
///
/// The file is written atomically (to a temporary file in the same folder,
/// renamed over `path` when complete), so a failure leaves any existing
/// file as it was. Unlike `np.save`, the path is used as given: no `.npy`
/// is appended.
///
/// # Example
///
/// ```
/// use ndarray::array;
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("m.npy");
/// npio::save(&path, &array![[1.0f64, 2.0], [3.0, 4.0]].t())?; // Fortran order
///
/// let bytes = std::fs::read(&path)?;
/// assert_eq!(bytes.len(), 128 + 4 * 8); // the header pads the data to 64 bytes
/// assert!(bytes[10..].starts_with(b"{'descr': '<f8', 'fortran_order': True, "));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn save<P: AsRef<Path>, T: WriteNpyExt + ?Sized>(path: P, array: &T) -> Result<()> {
    let path = path.as_ref();
    npy_format::write_npy(path, array).at(path)
}

/// Writes named arrays to an `.npz` file as `np.savez` does: one stored
/// (uncompressed) member `NAME.npy` per array, in the order given.
///
/// NumPy names positional arrays `arr_0`, `arr_1`...; here every array is
/// named, so pass those names to match. Element types may differ: each
/// `&array` coerces to `&dyn SaveArray`. The archive is written atomically
/// and is the same bytes every run (fixed timestamps), unlike NumPy's.
/// Unlike `np.savez`, no `.npz` is appended to the path. For arrays
/// gathered at run time, collect the pairs first:
/// `let members: Vec<npio::Member> = named.iter().map(|(n, a)| (n.as_str(), a as _)).collect();`
///
/// # Example
///
/// ```
/// use ndarray::array;
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("model.npz");
/// let w = array![[1.0f32, 2.0], [3.0, 4.0]];
/// let steps = array![10u32, 20, 30];
/// npio::savez(&path, &[("w", &w), ("steps", &steps)])?;
///
/// let mut npz = npio::load(&path)?.into_archive()?;
/// assert_eq!(npz.names(), ["w", "steps"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg(feature = "npz")]
pub fn savez<P: AsRef<Path>>(path: P, arrays: &[Member<'_>]) -> Result<()> {
    let path = path.as_ref();
    npz_archive::savez(path, arrays).at(path)
}

/// Writes named arrays to an `.npz` file as `np.savez_compressed` does:
/// deflate at zlib's default level, members compressed on every core.
///
/// Otherwise as [`savez`]. Other methods and levels (Zstandard, deflate
/// 1-9) are [`NpzWriter`](crate::npz::NpzWriter)'s.
///
/// # Example
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("zeros.npz");
/// let zeros = ndarray::Array2::<f64>::zeros((100, 100));
/// npio::savez_compressed(&path, &[("zeros", &zeros)])?;
/// assert!(std::fs::metadata(&path)?.len() < 80_000 / 10);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg(feature = "npz")]
pub fn savez_compressed<P: AsRef<Path>>(path: P, arrays: &[Member<'_>]) -> Result<()> {
    let path = path.as_ref();
    npz_archive::savez_compressed(path, arrays).at(path)
}
