//! Writing sparse matrices as `scipy.sparse.save_npz` does: the same
//! members, in the same order, with the same dtypes.

use super::SparseFormat;
use super::any::SparseMatrix;
use super::check::invalid;
use super::dynamic::DynSparse;
use super::element::{SparseIndex, SparseValue};
use super::matrix::{Bsr, Coo, Csc, Csr, Dia};
use super::structure::on_structure;
use crate::{Compression, Error, NpzWriter, Result};
use ndarray::{ArrayView1, arr0, arr1};
use npy_format::{NpyArray, WriteNpyExt};
use std::io::{Seek, Write};
use std::path::Path;

mod sealed {
    pub trait Sealed {}
}

/// A sparse matrix that can be written as a `scipy.sparse.save_npz`
/// archive: [`Csr`], [`Csc`], [`Coo`], [`Bsr`], [`Dia`],
/// [`SparseMatrix`] and [`DynSparse`].
pub trait WriteSparse: sealed::Sealed {
    /// Adds the matrix's members to `npz` in scipy's order (index arrays,
    /// `format`, `shape`, `data`), without `_is_array`.
    fn write_members<W: Write + Seek>(&self, npz: &mut NpzWriter<W>) -> Result<()>;

    /// Whether scipy should load it as a sparse array rather than a
    /// sparse matrix, unless [`SparseOptions::array`] says otherwise.
    fn is_array(&self) -> bool {
        false
    }
}

/// How [`save_sparse_with`] writes: compressed or not (compressed by
/// default, as `save_npz`), and whether scipy loads the result as a sparse
/// array or a sparse matrix.
///
/// # Example
///
/// ```
/// use npz_archive::{save_sparse_to, Dia, NpzReader, SparseOptions};
/// use std::io::Cursor;
///
/// let m = Dia::<i16>::new([2, 2], vec![0], ndarray::array![[1, 2]])?;
/// let mut opts = SparseOptions::new();
/// opts.compressed(false).array(true);
/// let bytes = save_sparse_to(Cursor::new(Vec::new()), &m, &opts)?.into_inner();
///
/// let mut npz = NpzReader::new(Cursor::new(bytes))?;
/// assert_eq!(npz.names(), ["offsets", "format", "shape", "data", "_is_array"]);
/// assert_eq!(npz.info(0)?.method.name(), "stored");
/// assert!(npz.read_sparse()?.is_array());
/// # Ok::<(), npz_archive::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct SparseOptions {
    compression: Compression,
    array: Option<bool>,
}

impl Default for SparseOptions {
    fn default() -> SparseOptions {
        SparseOptions::new()
    }
}

impl SparseOptions {
    /// `save_npz`'s defaults: compressed as `np.savez_compressed`, the
    /// matrix's own array flag.
    pub fn new() -> SparseOptions {
        SparseOptions {
            compression: Compression::NUMPY_COMPRESSED,
            array: None,
        }
    }

    /// `compressed=False` stores the members, as `np.savez`.
    pub fn compressed(&mut self, yes: bool) -> &mut Self {
        self.compression = if yes {
            Compression::NUMPY_COMPRESSED
        } else {
            Compression::Stored
        };
        self
    }

    /// Any of npio's compressions (zstd archives need a reader that knows
    /// zstd, such as npio).
    pub fn compression(&mut self, compression: Compression) -> &mut Self {
        self.compression = compression;
        self
    }

    /// Writes `_is_array` so that scipy loads a `csr_array` (and so on)
    /// rather than a `csr_matrix`.
    pub fn array(&mut self, yes: bool) -> &mut Self {
        self.array = Some(yes);
        self
    }
}

/// Writes `matrix` to `path` as `scipy.sparse.save_npz(path, matrix)`
/// does (compressed), through a temporary file renamed into place.
pub fn save_sparse<P: AsRef<Path>, M: WriteSparse + ?Sized>(path: P, matrix: &M) -> Result<()> {
    save_sparse_with(path, matrix, &SparseOptions::new())
}

/// [`save_sparse`] with options.
pub fn save_sparse_with<P: AsRef<Path>, M: WriteSparse + ?Sized>(
    path: P,
    matrix: &M,
    options: &SparseOptions,
) -> Result<()> {
    let mut npz = NpzWriter::create(path, options.compression)?;
    write_all(&mut npz, matrix, options)?;
    npz.commit()
}

/// Writes the archive into `writer` and returns it.
pub fn save_sparse_to<W: Write + Seek, M: WriteSparse + ?Sized>(
    writer: W,
    matrix: &M,
    options: &SparseOptions,
) -> Result<W> {
    let mut npz = NpzWriter::new(writer, options.compression);
    write_all(&mut npz, matrix, options)?;
    npz.finish()
}

fn write_all<W: Write + Seek, M: WriteSparse + ?Sized>(
    npz: &mut NpzWriter<W>,
    matrix: &M,
    options: &SparseOptions,
) -> Result<()> {
    matrix.write_members(npz)?;
    if options.array.unwrap_or_else(|| matrix.is_array()) {
        npz.add("_is_array", &arr0(true))?;
    }
    Ok(())
}

/// `format`, `shape` and `data`, after the index arrays.
fn finish<W: Write + Seek, D: WriteNpyExt + ?Sized>(
    npz: &mut NpzWriter<W>,
    format: SparseFormat,
    shape: [usize; 2],
    data: &D,
) -> Result<()> {
    let name =
        NpyArray::from_byte_strings(&[format.name()], &[]).map_err(|e| Error::npy("format", e))?;
    npz.add("format", &name)?;
    let dims: Vec<i64> = shape
        .iter()
        .map(|&d| i64::try_from(d).map_err(|_| invalid("shape", "dimension too large")))
        .collect::<Result<_>>()?;
    npz.add("shape", &arr1(&dims))?;
    npz.add("data", data)
}

fn index<W: Write + Seek, I: SparseIndex>(
    npz: &mut NpzWriter<W>,
    name: &str,
    values: &[I],
) -> Result<()> {
    npz.add(name, &ArrayView1::from(values))
}

impl<T, I> sealed::Sealed for Csr<T, I> {}
impl<T, I> sealed::Sealed for Csc<T, I> {}
impl<T, I> sealed::Sealed for Coo<T, I> {}
impl<T, I> sealed::Sealed for Bsr<T, I> {}
impl<T, I> sealed::Sealed for Dia<T, I> {}
impl<T, I> sealed::Sealed for SparseMatrix<T, I> {}
impl sealed::Sealed for DynSparse {}

impl<T: SparseValue, I: SparseIndex> WriteSparse for Csr<T, I> {
    fn write_members<W: Write + Seek>(&self, npz: &mut NpzWriter<W>) -> Result<()> {
        index(npz, "indices", self.indices())?;
        index(npz, "indptr", self.indptr())?;
        finish(
            npz,
            SparseFormat::Csr,
            self.shape(),
            &ArrayView1::from(self.data()),
        )
    }
}

impl<T: SparseValue, I: SparseIndex> WriteSparse for Csc<T, I> {
    fn write_members<W: Write + Seek>(&self, npz: &mut NpzWriter<W>) -> Result<()> {
        index(npz, "indices", self.indices())?;
        index(npz, "indptr", self.indptr())?;
        finish(
            npz,
            SparseFormat::Csc,
            self.shape(),
            &ArrayView1::from(self.data()),
        )
    }
}

impl<T: SparseValue, I: SparseIndex> WriteSparse for Coo<T, I> {
    fn write_members<W: Write + Seek>(&self, npz: &mut NpzWriter<W>) -> Result<()> {
        index(npz, "row", self.row())?;
        index(npz, "col", self.col())?;
        finish(
            npz,
            SparseFormat::Coo,
            self.shape(),
            &ArrayView1::from(self.data()),
        )
    }
}

impl<T: SparseValue, I: SparseIndex> WriteSparse for Bsr<T, I> {
    fn write_members<W: Write + Seek>(&self, npz: &mut NpzWriter<W>) -> Result<()> {
        index(npz, "indices", self.indices())?;
        index(npz, "indptr", self.indptr())?;
        finish(npz, SparseFormat::Bsr, self.shape(), self.data())
    }
}

impl<T: SparseValue, I: SparseIndex> WriteSparse for Dia<T, I> {
    fn write_members<W: Write + Seek>(&self, npz: &mut NpzWriter<W>) -> Result<()> {
        index(npz, "offsets", self.offsets())?;
        finish(npz, SparseFormat::Dia, self.shape(), self.data())
    }
}

impl<T: SparseValue, I: SparseIndex> WriteSparse for SparseMatrix<T, I> {
    fn write_members<W: Write + Seek>(&self, npz: &mut NpzWriter<W>) -> Result<()> {
        match self {
            SparseMatrix::Csr(m) => m.write_members(npz),
            SparseMatrix::Csc(m) => m.write_members(npz),
            SparseMatrix::Coo(m) => m.write_members(npz),
            SparseMatrix::Bsr(m) => m.write_members(npz),
            SparseMatrix::Dia(m) => m.write_members(npz),
        }
    }
}

impl WriteSparse for DynSparse {
    fn write_members<W: Write + Seek>(&self, npz: &mut NpzWriter<W>) -> Result<()> {
        on_structure!(self.structure(), s => {
            for (name, values) in s.members() {
                index(npz, name, values)?;
            }
        });
        finish(npz, self.format(), self.shape(), self.data())
    }

    fn is_array(&self) -> bool {
        DynSparse::is_array(self)
    }
}
