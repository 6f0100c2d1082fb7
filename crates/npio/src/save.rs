//! `np.save`, `np.savez` and `np.savez_compressed`, for typed ndarray
//! arrays and dynamic [`NpyArray`]s alike.

use crate::error::{AtPath, Result};
use ndarray::{ArrayBase, Data, Dimension};
use npy_format::{NpyArray, WritableElement, WriteNpyExt};
use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

/// An array the save functions write: any ndarray array (owned or view,
/// any layout) of an element type `.npy` knows, or an [`NpyArray`].
///
/// The trait is object safe, so one archive can hold arrays of different
/// element types: [`savez`] takes `&dyn SaveArray`, and `&array` coerces
/// to it. It is implemented for those two kinds of arrays only.
///
/// # Example
///
/// ```
/// use npio::SaveArray;
///
/// let weights = ndarray::array![[0.5f32, 1.5]];
/// let labels = npio::NpyArray::from_strings(&["cat", "dog"], &[2])?;
/// let arrays: [&dyn SaveArray; 2] = [&weights, &labels];
/// assert_eq!(arrays[0].to_npy_array().shape(), &[1, 2]);
/// assert_eq!(arrays[1].to_npy_array().dtype().descr_repr(), "'<U3'");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait SaveArray: Sync {
    /// Writes the array as a complete `.npy` stream, as `np.save` would.
    ///
    /// # Example
    ///
    /// ```
    /// use npio::SaveArray;
    ///
    /// let mut bytes = Vec::new();
    /// ndarray::array![1u8, 2].write_npy_to(&mut bytes)?;
    /// assert_eq!(bytes.len(), 128 + 2);
    /// # Ok::<(), npio::npy::Error>(())
    /// ```
    fn write_npy_to(&self, writer: &mut dyn Write) -> npy_format::Result<()>;

    /// The length of that stream, when known in advance.
    ///
    /// # Example
    ///
    /// ```
    /// use npio::SaveArray;
    ///
    /// let a = ndarray::Array2::<f64>::zeros((10, 10));
    /// assert_eq!(SaveArray::npy_len(&a), Some(128 + 800));
    /// ```
    fn npy_len(&self) -> Option<u64>;

    /// The array as an [`NpyArray`]: borrowed when it is one, else a copy.
    ///
    /// # Example
    ///
    /// ```
    /// use npio::SaveArray;
    /// use std::borrow::Cow;
    ///
    /// let dynamic = npio::NpyArray::from_array(&ndarray::array![1.5f32]);
    /// assert!(matches!(dynamic.to_npy_array(), Cow::Borrowed(_)));
    /// assert!(matches!(ndarray::array![1.5f32].to_npy_array(), Cow::Owned(_)));
    /// ```
    fn to_npy_array(&self) -> Cow<'_, NpyArray>;
}

impl<A, S, D> SaveArray for ArrayBase<S, D>
where
    A: WritableElement,
    S: Data<Elem = A>,
    D: Dimension,
    ArrayBase<S, D>: Sync,
{
    fn write_npy_to(&self, writer: &mut dyn Write) -> npy_format::Result<()> {
        WriteNpyExt::write_npy(self, writer)
    }

    fn npy_len(&self) -> Option<u64> {
        WriteNpyExt::npy_len(self)
    }

    fn to_npy_array(&self) -> Cow<'_, NpyArray> {
        Cow::Owned(NpyArray::from_array(self))
    }
}

impl SaveArray for NpyArray {
    fn write_npy_to(&self, writer: &mut dyn Write) -> npy_format::Result<()> {
        NpyArray::write_npy(self, writer)
    }

    fn npy_len(&self) -> Option<u64> {
        WriteNpyExt::npy_len(self)
    }

    fn to_npy_array(&self) -> Cow<'_, NpyArray> {
        Cow::Borrowed(self)
    }
}

/// A [`SaveArray`] seen through the layers' [`WriteNpyExt`].
struct AsNpy<'a, T: ?Sized>(&'a T);

impl<T: SaveArray + ?Sized> WriteNpyExt for AsNpy<'_, T> {
    fn write_npy<W: Write>(&self, mut writer: W) -> npy_format::Result<()> {
        self.0.write_npy_to(&mut writer)
    }

    fn npy_len(&self) -> Option<u64> {
        self.0.npy_len()
    }
}

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
pub fn save<P: AsRef<Path>, T: SaveArray + ?Sized>(path: P, array: &T) -> Result<()> {
    let path = path.as_ref();
    npy_format::write_npy(path, &AsNpy(array)).at(path)
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
/// `let members: Vec<(&str, &dyn SaveArray)> = named.iter().map(|(n, a)| (n.as_str(), a as &dyn SaveArray)).collect();`
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
pub fn savez<P: AsRef<Path>>(path: P, arrays: &[(&str, &dyn SaveArray)]) -> Result<()> {
    let path = path.as_ref();
    let wrapped = wrap(arrays);
    npz_archive::savez(path, &borrow(&wrapped)).at(path)
}

/// Writes named arrays to an `.npz` file as `np.savez_compressed` does:
/// deflate at zlib's default level, members compressed on every core.
///
/// Otherwise as [`savez`]. Other methods and levels (Zstandard, deflate
/// 1-9) are [`NpzFileWriter`](crate::npz::NpzFileWriter)'s.
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
pub fn savez_compressed<P: AsRef<Path>>(path: P, arrays: &[(&str, &dyn SaveArray)]) -> Result<()> {
    let path = path.as_ref();
    let wrapped = wrap(arrays);
    npz_archive::savez_compressed(path, &borrow(&wrapped)).at(path)
}

#[cfg(feature = "npz")]
type Member<'a> = (&'a str, AsNpy<'a, dyn SaveArray + 'a>);

#[cfg(feature = "npz")]
fn wrap<'a>(arrays: &[(&'a str, &'a dyn SaveArray)]) -> Vec<Member<'a>> {
    arrays
        .iter()
        .map(|&(name, array)| (name, AsNpy(array)))
        .collect()
}

#[cfg(feature = "npz")]
fn borrow<'b, 'a>(members: &'b [Member<'a>]) -> Vec<(&'a str, &'b AsNpy<'a, dyn SaveArray + 'a>)> {
    members.iter().map(|(name, a)| (*name, a)).collect()
}
