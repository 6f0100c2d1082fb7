//! `np.memmap` and `np.lib.format.open_memmap`: arrays whose data stays
//! in a file, paged in as it is touched.

use crate::error::{AtPath, Result};
use npy_format::DType;
use npy_mmap::{Memmap, MemmapBuilder, Mode};
use std::path::Path;

/// Starts a raw map of any file, as `np.memmap(path, dtype, mode, offset,
/// shape, order)`: set the options on the returned builder, then
/// [`open`](MemmapBuilder::open) the file.
///
/// The defaults are mode `r` (read-only; NumPy's default is `r+`, which
/// may write), offset 0, a 1-D shape from the file's length, C order.
/// There is no header: the file is bare data, as `tofile` writes it. For
/// `.npy` files use [`open_memmap`] / [`create_memmap`]. The builder is
/// npy-mmap's, so `open` returns its error type, `npio::mmap::Error`
/// (which `?` converts into [`Error`](crate::Error), without the path).
///
/// # Example
///
/// ```
/// use npio::mmap::Mode;
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("samples.f32");
///
/// // w+: create a 1000 x 4 array of zeros.
/// let mut out = npio::memmap(npio::dtype::<f32>()).mode(Mode::Create).shape(&[1000, 4]).open(&path)?;
/// out.view_mut::<f32, ndarray::Ix2>()?[[999, 3]] = 2.5;
/// out.flush()?;
/// drop(out);
/// assert_eq!(std::fs::metadata(&path)?.len(), 16_000);
///
/// // r: the shape comes from the file's length.
/// let map = npio::memmap(npio::dtype::<f32>()).open(&path)?;
/// assert_eq!(map.shape(), &[4000]);
/// assert_eq!(map.view::<f32, ndarray::Ix1>()?[3999], 2.5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn memmap(dtype: DType) -> MemmapBuilder {
    MemmapBuilder::new(dtype)
}

/// Maps an existing `.npy` file, as `np.lib.format.open_memmap(path,
/// mode)` (or `np.load(path, mmap_mode=mode)`) with mode `r`, `r+` or `c`.
///
/// Only the header is read; the data is mapped where it lies. Errors for
/// mode `w+` (use [`create_memmap`]), object arrays, and files shorter
/// than their header says (NumPy would extend such a file in `r+`; npio
/// treats it as damaged).
///
/// # Example
///
/// ```
/// use npio::mmap::Mode;
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("counts.npy");
/// npio::save(&path, &ndarray::array![1i64, 2, 3])?;
///
/// let mut map = npio::open_memmap(&path, Mode::ReadWrite)?;
/// map.view_mut::<i64, ndarray::Ix1>()?[0] = 100;
/// map.flush()?;
/// drop(map);
///
/// let back = npio::load(&path)?.into_array()?;
/// assert_eq!(back.to_array::<i64, ndarray::Ix1>()?, ndarray::array![100, 2, 3]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn open_memmap<P: AsRef<Path>>(path: P, mode: Mode) -> Result<Memmap> {
    let path = path.as_ref();
    Memmap::open_mode(path, mode).at(path)
}

/// Creates (or replaces) a `.npy` file of zeros and maps it read-write,
/// as `np.lib.format.open_memmap(path, mode="w+", dtype, shape,
/// fortran_order)`.
///
/// The header is the one `np.save` writes for that dtype and shape, so
/// once filled and flushed the file is what `np.save` would have written.
/// The data is not written out on creation: on file systems with sparse
/// files it takes disk space only as it is filled. A forced header
/// version is [`Memmap::create_version`](crate::mmap::Memmap::create_version)'s.
///
/// # Example
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("grid.npy");
///
/// let mut grid = npio::create_memmap(&path, npio::dtype::<u8>(), &[512, 512], false)?;
/// grid.view_mut::<u8, ndarray::Ix2>()?.row_mut(7).fill(255);
/// grid.flush()?;
/// drop(grid);
///
/// let back = npio::load(&path)?.into_array()?;
/// assert_eq!(back.shape(), &[512, 512]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn create_memmap<P: AsRef<Path>>(
    path: P,
    dtype: DType,
    shape: &[usize],
    fortran_order: bool,
) -> Result<Memmap> {
    let path = path.as_ref();
    Memmap::create(path, dtype, shape, fortran_order).at(path)
}
