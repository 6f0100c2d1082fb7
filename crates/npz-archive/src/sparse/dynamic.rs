//! Sparse matrices whose value and index dtypes are known only at run
//! time: what a program that did not write the archive gets.

use super::SparseFormat;
use super::any::SparseMatrix;
use super::check::{self, invalid};
use super::dense;
use super::element::{SparseIndex, SparseValue};
use super::matrix::{Bsr, Coo, Csc, Csr, Dia};
use super::structure::{Indexed, Structure, on_structure};
use crate::{Error, Result};
use ndarray::{Array2, Array3, IxDyn};
use npy_format::num_complex::Complex;
use npy_format::{DType, Header, NpyArray, ScalarKind, Value, Version, WritableElement};
use std::io::Write;

/// Runs `$body` with `$t` the Rust type of a sparse value dtype, or
/// `$other` when scipy does not store that dtype.
macro_rules! with_value_type {
    ($dtype:expr, $t:ident => $body:expr, else $other:expr) => {
        match $dtype.as_scalar().map(|s| s.kind()) {
            Some(ScalarKind::Bool) => {
                type $t = bool;
                $body
            }
            Some(ScalarKind::Int(1)) => {
                type $t = i8;
                $body
            }
            Some(ScalarKind::Int(2)) => {
                type $t = i16;
                $body
            }
            Some(ScalarKind::Int(4)) => {
                type $t = i32;
                $body
            }
            Some(ScalarKind::Int(8)) => {
                type $t = i64;
                $body
            }
            Some(ScalarKind::UInt(1)) => {
                type $t = u8;
                $body
            }
            Some(ScalarKind::UInt(2)) => {
                type $t = u16;
                $body
            }
            Some(ScalarKind::UInt(4)) => {
                type $t = u32;
                $body
            }
            Some(ScalarKind::UInt(8)) => {
                type $t = u64;
                $body
            }
            Some(ScalarKind::Float(4)) => {
                type $t = f32;
                $body
            }
            Some(ScalarKind::Float(8)) => {
                type $t = f64;
                $body
            }
            Some(ScalarKind::Complex(8)) => {
                type $t = Complex<f32>;
                $body
            }
            Some(ScalarKind::Complex(16)) => {
                type $t = Complex<f64>;
                $body
            }
            _ => $other,
        }
    };
}

/// A sparse matrix of any format, value dtype and index dtype, checked:
/// what [`load_sparse`](crate::load_sparse) returns.
///
/// The values stay an [`NpyArray`] exactly as stored (dtype and byte
/// order), the indices in the archive's index dtype (`int32` or
/// `int64`), as they are written back. [`into_typed`](Self::into_typed) gives a
/// [`SparseMatrix`] of Rust types.
///
/// # Example
///
/// ```
/// use ndarray::array;
/// use npz_archive::{Csr, DynSparse, SparseFormat, SparseMatrix};
///
/// let csr = Csr::<f32>::new([2, 2], vec![0, 1, 2], vec![1, 0], vec![0.5, 2.0])?;
/// let m = DynSparse::from(SparseMatrix::from(csr));
/// assert_eq!(m.format(), SparseFormat::Csr);
/// assert_eq!(m.dtype().descr_repr(), "'<f4'");
/// assert_eq!(m.index_dtype().descr_repr(), "'<i4'");
///
/// let first = m.entries().next().unwrap()?;
/// assert_eq!((first.0, first.1, first.2.to_string()), (0, 1, "0.5".to_string()));
///
/// let dense = m.to_dense(1 << 20)?;
/// assert_eq!(dense.to_array::<f32, ndarray::Ix2>()?, array![[0.0, 0.5], [2.0, 0.0]]);
///
/// let typed: SparseMatrix<f32, i64> = m.into_typed()?;
/// assert_eq!(typed.nnz(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DynSparse {
    shape: [usize; 2],
    structure: Indexed,
    data: NpyArray,
    is_array: bool,
}

/// The dtypes scipy keeps sparse values in (of those npio models).
pub(crate) fn value_dtype_supported(dtype: &DType) -> bool {
    with_value_type!(dtype, T => { let _ = std::marker::PhantomData::<T>; true }, else false)
}

impl DynSparse {
    /// Checks a structure read from an archive against its data, dropping
    /// entries past the end of `indptr` as scipy does.
    pub(crate) fn checked(
        shape: [usize; 2],
        structure: Indexed,
        data: NpyArray,
        is_array: bool,
    ) -> Result<DynSparse> {
        check::shape(shape)?;
        if !value_dtype_supported(data.dtype()) {
            return Err(invalid(
                "data",
                format!(
                    "dtype {} is not one scipy.sparse stores",
                    data.dtype().descr_repr()
                ),
            ));
        }
        let is_bool = matches!(
            data.dtype().as_scalar().map(|s| s.kind()),
            Some(ScalarKind::Bool)
        );
        if is_bool && let Some(at) = data.data().iter().position(|&b| b > 1) {
            // As npio's bool reads refuse them: every use would fail later.
            return Err(invalid(
                "data",
                format!(
                    "bool byte {:#04x} at byte {at} is neither 0 nor 1",
                    data.data()[at]
                ),
            ));
        }
        let data = if data.fortran_order() {
            data.to_c_order()
        } else {
            data
        };
        let dims = data.shape().to_vec();
        let want_ndim = on_structure!(&structure, s => s.data_ndim());
        if dims.len() != want_ndim {
            return Err(invalid(
                "data",
                format!("{} dimensions, expected {want_ndim}", dims.len()),
            ));
        }
        let items = dims[0];
        let mut structure = structure;
        let keep = on_structure!(&mut structure, s => s.check(shape, &dims)?);
        let data = if keep < items {
            let (header, mut bytes) = data.into_parts();
            let per_item: usize = dims[1..].iter().product::<usize>() * header.dtype.itemsize();
            bytes.truncate(keep * per_item);
            let mut shape_kept = dims.clone();
            shape_kept[0] = keep;
            NpyArray::new(Header::new(header.dtype, shape_kept, false), bytes)
                .map_err(|e| Error::npy("data", e))?
        } else {
            data
        };
        Ok(DynSparse {
            shape,
            structure,
            data,
            is_array,
        })
    }

    /// The storage format.
    pub fn format(&self) -> SparseFormat {
        self.structure.format()
    }

    /// `[rows, columns]`.
    pub fn shape(&self) -> [usize; 2] {
        self.shape
    }

    /// Number of stored values, scipy's `nnz`.
    pub fn nnz(&self) -> usize {
        on_structure!(&self.structure, s => s.nnz(self.shape, self.data.len()))
    }

    /// The values' dtype, as stored.
    pub fn dtype(&self) -> &DType {
        self.data.dtype()
    }

    /// The index dtype the archive used: `int32`, or `int64` when any
    /// index array was `int64`, `uint32` or `uint64` (types whose values
    /// may not fit in `int32`). Written back the same way.
    pub fn index_dtype(&self) -> DType {
        DType::scalar(ScalarKind::Int(if self.structure.is_wide() {
            8
        } else {
            4
        }))
    }

    /// True for scipy's sparse arrays (`csr_array`, ...), false for its
    /// sparse matrices (`csr_matrix`, ...): the archive's `_is_array`.
    pub fn is_array(&self) -> bool {
        self.is_array
    }

    /// Marks the matrix as one of scipy's sparse arrays (or matrices),
    /// which is what `scipy.sparse.load_npz` will return.
    pub fn set_array(&mut self, is_array: bool) {
        self.is_array = is_array;
    }

    /// The stored values: `(nnz,)` for CSR, CSC and COO, `(blocks, R, C)`
    /// for BSR, `(diagonals, width)` for DIA.
    pub fn data(&self) -> &NpyArray {
        &self.data
    }

    pub(crate) fn structure(&self) -> &Indexed {
        &self.structure
    }

    /// `(row, column, position in the data)` of every stored value.
    pub(crate) fn positions(&self) -> Box<dyn Iterator<Item = (usize, usize, usize)> + '_> {
        on_structure!(&self.structure, s => s.positions(self.shape))
    }

    /// Every stored value with its row and column, in storage order:
    /// what `npio head` shows.
    pub fn entries(&self) -> impl Iterator<Item = Result<(usize, usize, Value)>> + '_ {
        let dims = self.data.shape().to_vec();
        self.positions().map(move |(r, c, k)| {
            let index = unravel(k, &dims);
            let value = self.data.get(&index).map_err(|e| Error::npy("data", e))?;
            Ok((r, c, value))
        })
    }

    /// The dense matrix, as scipy's `toarray()`: in the values' dtype
    /// (native byte order), in column-major order for CSC as scipy gives
    /// it, or
    /// [`DenseTooLarge`](crate::ErrorKind::DenseTooLarge) when it would
    /// take more than `max_bytes`.
    pub fn to_dense(&self, max_bytes: u64) -> Result<NpyArray> {
        dense::check_limit(self.shape, self.data.dtype().itemsize(), max_bytes)?;
        // Written block by block into one buffer of the array's size:
        // its pages are touched once, and no typed copy is converted.
        let size = dense::dense_bytes(self.shape, self.data.dtype().itemsize());
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        self.write_dense_values(&mut bytes)?;
        NpyArray::new(self.dense_header()?, bytes).map_err(|e| Error::npy("data", e))
    }

    /// Writes the dense matrix as a whole `.npy` file, byte for byte what
    /// `np.save(f, m.toarray())` writes, a block of about 4 MiB at a time:
    /// memory holds one block (and, for COO and DIA, the stored positions
    /// sorted by row), never the whole array. Refused with
    /// [`DenseTooLarge`](crate::ErrorKind::DenseTooLarge) when the array
    /// would take more than `max_bytes`, as [`to_dense`](Self::to_dense).
    ///
    /// # Example
    ///
    /// ```
    /// use npz_archive::{Coo, DynSparse, SparseMatrix};
    ///
    /// let coo = Coo::<i16>::new([2, 3], vec![1, 0, 1], vec![2, 0, 2], vec![5, 7, 1])?;
    /// let m = DynSparse::from(SparseMatrix::from(coo));
    /// let mut npy = Vec::new();
    /// m.write_dense(&mut npy, 1 << 20)?;
    ///
    /// let dense = npy_format::NpyReader::new(&npy[..])?.read_dyn()?;
    /// assert_eq!(dense, m.to_dense(1 << 20)?);
    /// assert_eq!(dense.to_array::<i16, ndarray::Ix2>()?, ndarray::array![[7, 0, 0], [0, 0, 6]]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_dense<W: Write>(&self, writer: W, max_bytes: u64) -> Result<()> {
        self.write_dense_as(writer, max_bytes, None)
    }

    /// [`write_dense`](Self::write_dense) with the `.npy` format version
    /// chosen rather than the smallest that holds the header.
    pub fn write_dense_version<W: Write>(
        &self,
        writer: W,
        max_bytes: u64,
        version: Version,
    ) -> Result<()> {
        self.write_dense_as(writer, max_bytes, Some(version))
    }

    fn write_dense_as<W: Write>(
        &self,
        mut writer: W,
        max_bytes: u64,
        version: Option<Version>,
    ) -> Result<()> {
        dense::check_limit(self.shape, self.data.dtype().itemsize(), max_bytes)?;
        let header = self.dense_header()?;
        let bytes = match version {
            Some(v) => header.to_bytes_version(v),
            None => header.to_bytes(),
        }
        .map_err(|e| Error::npy("data", e))?;
        writer.write_all(&bytes)?;
        self.write_dense_values(&mut writer)?;
        Ok(writer.flush()?)
    }

    /// The header of the dense array: the values' dtype in native byte
    /// order and, as np.save of scipy's toarray() gives it, Fortran order
    /// for CSC unless the array is also C-contiguous (a single row or
    /// column, or empty).
    fn dense_header(&self) -> Result<Header> {
        let [rows, cols] = self.shape;
        let fortran = self.format() == SparseFormat::Csc && rows > 1 && cols > 1;
        with_value_type!(self.data.dtype(), T => {
            Ok(Header::new(T::dtype(), vec![rows, cols], fortran))
        }, else Err(invalid("data", "unsupported dtype")))
    }

    /// The dense array's data, in C order (Fortran order for CSC; the
    /// same bytes when the header says C order).
    fn write_dense_values<W: Write + ?Sized>(&self, writer: &mut W) -> Result<()> {
        let order = on_structure!(&self.structure, s => match s {
            Structure::Compressed { .. } => dense::Order::Grouped(1),
            Structure::Bsr { block, .. } => dense::Order::Grouped(block[0]),
            Structure::Coo { .. } | Structure::Dia { .. } => dense::Order::Unsorted,
        });
        let csc = self.format() == SparseFormat::Csc;
        with_value_type!(self.data.dtype(), T => {
            let values = self.values::<T>()?;
            dense::write_blocks(self.shape, csc, self.positions(), order, &values, writer)
        }, else Err(invalid("data", "unsupported dtype")))
    }

    /// The values in storage order as `T`.
    pub(crate) fn values<T: SparseValue>(&self) -> Result<Vec<T>> {
        let array = self
            .data
            .to_array::<T, IxDyn>()
            .map_err(|e| Error::npy("data", e))?;
        Ok(flat(array))
    }

    /// The matrix with Rust value and index types. Errors when `T` is not
    /// the stored dtype, or an index does not fit in `I`.
    pub fn into_typed<T: SparseValue, I: SparseIndex>(self) -> Result<SparseMatrix<T, I>> {
        let values = self.values::<T>()?;
        let dims = self.data.shape().to_vec();
        let shape = self.shape;
        let structure: Structure<I> = on_structure!(self.structure, s => s.into_index()?);
        Ok(match structure {
            Structure::Compressed {
                row_major: true,
                indptr,
                indices,
            } => SparseMatrix::Csr(Csr::new(shape, indptr, indices, values)?),
            Structure::Compressed {
                indptr, indices, ..
            } => SparseMatrix::Csc(Csc::new(shape, indptr, indices, values)?),
            Structure::Coo { row, col } => SparseMatrix::Coo(Coo::new(shape, row, col, values)?),
            Structure::Bsr {
                indptr, indices, ..
            } => {
                let data = Array3::from_shape_vec((dims[0], dims[1], dims[2]), values)
                    .map_err(|e| invalid("data", e.to_string()))?;
                SparseMatrix::Bsr(Bsr::new(shape, indptr, indices, data)?)
            }
            Structure::Dia { offsets, .. } => {
                let data = Array2::from_shape_vec((dims[0], dims[1]), values)
                    .map_err(|e| invalid("data", e.to_string()))?;
                SparseMatrix::Dia(Dia::new(shape, offsets, data)?)
            }
        })
    }
}

/// The elements of an array in C order, without a copy when it is
/// already laid out so.
pub(crate) fn flat<T: Clone, D: ndarray::Dimension>(array: ndarray::Array<T, D>) -> Vec<T> {
    if array.is_standard_layout() {
        // Contiguous in C order: `len` elements from `offset` on.
        let len = array.len();
        let (vec, offset) = array.into_raw_vec_and_offset();
        let offset = offset.unwrap_or(0);
        if offset == 0 && vec.len() == len {
            return vec;
        }
        return vec.into_iter().skip(offset).take(len).collect();
    }
    array.iter().cloned().collect()
}

/// A flat position in C order, as a multi-index of `dims`.
fn unravel(mut k: usize, dims: &[usize]) -> Vec<usize> {
    let mut index = vec![0; dims.len()];
    for (slot, &d) in index.iter_mut().zip(dims).rev() {
        if d > 0 {
            *slot = k % d;
            k /= d;
        }
    }
    index
}

impl<T: SparseValue, I: SparseIndex> From<SparseMatrix<T, I>> for DynSparse {
    fn from(m: SparseMatrix<T, I>) -> DynSparse {
        let shape = m.shape();
        // The index arrays move; the values become the bytes of an array.
        let values = |data: Vec<T>| NpyArray::from_array(&ndarray::ArrayView1::from(&data[..]));
        let (structure, data) = match m {
            SparseMatrix::Csr(m) => {
                let (_, indptr, indices, data) = m.into_parts();
                let s = Structure::Compressed {
                    row_major: true,
                    indptr,
                    indices,
                };
                (s, values(data))
            }
            SparseMatrix::Csc(m) => {
                let (_, indptr, indices, data) = m.into_parts();
                let s = Structure::Compressed {
                    row_major: false,
                    indptr,
                    indices,
                };
                (s, values(data))
            }
            SparseMatrix::Coo(m) => {
                let (_, row, col, data) = m.into_parts();
                (Structure::Coo { row, col }, values(data))
            }
            SparseMatrix::Bsr(m) => {
                let block = m.block_size();
                let (_, indptr, indices, data) = m.into_parts();
                let s = Structure::Bsr {
                    indptr,
                    indices,
                    block,
                };
                (s, NpyArray::from_array(&data))
            }
            SparseMatrix::Dia(m) => {
                let (_, offsets, data) = m.into_parts();
                let width = data.ncols();
                (
                    Structure::Dia { offsets, width },
                    NpyArray::from_array(&data),
                )
            }
        };
        DynSparse {
            shape,
            structure: Indexed::from_typed(structure),
            data,
            is_array: false,
        }
    }
}
