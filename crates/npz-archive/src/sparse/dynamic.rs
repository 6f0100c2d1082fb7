//! Sparse matrices whose value and index dtypes are known only at run
//! time: what a program that did not write the archive gets.

use super::SparseFormat;
use super::any::SparseMatrix;
use super::check::{self, invalid};
use super::dense;
use super::element::{SparseIndex, SparseValue};
use super::matrix::{Bsr, Coo, Csc, Csr, Dia};
use super::positions;
use crate::{Error, Result};
use ndarray::{Array2, Array3, IxDyn};
use npy_format::num_complex::Complex;
use npy_format::{DType, Header, NpyArray, ScalarKind, Value};

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

/// The index arrays of each format, widened to `i64`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Structure {
    Compressed {
        row_major: bool,
        indptr: Vec<i64>,
        indices: Vec<i64>,
    },
    Coo {
        row: Vec<i64>,
        col: Vec<i64>,
    },
    Bsr {
        indptr: Vec<i64>,
        indices: Vec<i64>,
        block: [usize; 2],
    },
    Dia {
        offsets: Vec<i64>,
        width: usize,
    },
}

/// A sparse matrix of any format, value dtype and index dtype, checked:
/// what [`load_sparse`](crate::load_sparse) returns.
///
/// The values stay an [`NpyArray`] exactly as stored (dtype and byte
/// order), the indices are kept as `i64` and written back in the archive's
/// index dtype. [`into_typed`](Self::into_typed) gives a
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
    structure: Structure,
    data: NpyArray,
    wide: bool,
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
        structure: Structure,
        data: NpyArray,
        wide: bool,
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
        if let Some(at) = data.data().iter().position(|&b| b > 1).filter(|_| is_bool) {
            // As npio's bool reads refuse them: every use would fail later.
            return Err(invalid(
                "data",
                format!(
                    "bool byte {:#04x} at byte {at} is neither 0 nor 1",
                    data.data()[at]
                ),
            ));
        }
        let data = data.to_c_order();
        let dims = data.shape().to_vec();
        let want_ndim = match structure {
            Structure::Compressed { .. } | Structure::Coo { .. } => 1,
            Structure::Bsr { .. } => 3,
            Structure::Dia { .. } => 2,
        };
        if dims.len() != want_ndim {
            return Err(invalid(
                "data",
                format!("{} dimensions, expected {want_ndim}", dims.len()),
            ));
        }
        let items = dims[0];
        let (structure, keep) = match structure {
            Structure::Compressed {
                row_major,
                indptr,
                mut indices,
            } => {
                let (major, minor) = if row_major {
                    (shape[0], shape[1])
                } else {
                    (shape[1], shape[0])
                };
                let nnz = check::compressed(major, minor, &indptr, &indices, items, false)?;
                indices.truncate(nnz);
                let s = Structure::Compressed {
                    row_major,
                    indptr,
                    indices,
                };
                (s, nnz)
            }
            Structure::Coo { row, col } => {
                check::coo(shape, &row, &col, items)?;
                (Structure::Coo { row, col }, items)
            }
            Structure::Bsr {
                indptr,
                mut indices,
                ..
            } => {
                let block = [dims[1], dims[2]];
                let [rows, cols] = check::blocks(shape, block)?;
                let nnz = check::compressed(rows, cols, &indptr, &indices, items, false)?;
                indices.truncate(nnz);
                let s = Structure::Bsr {
                    indptr,
                    indices,
                    block,
                };
                (s, nnz)
            }
            Structure::Dia { offsets, .. } => {
                check::dia(&offsets, items)?;
                let width = dims[1];
                (Structure::Dia { offsets, width }, items)
            }
        };
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
            wide,
            is_array,
        })
    }

    /// The storage format.
    pub fn format(&self) -> SparseFormat {
        match &self.structure {
            Structure::Compressed {
                row_major: true, ..
            } => SparseFormat::Csr,
            Structure::Compressed { .. } => SparseFormat::Csc,
            Structure::Coo { .. } => SparseFormat::Coo,
            Structure::Bsr { .. } => SparseFormat::Bsr,
            Structure::Dia { .. } => SparseFormat::Dia,
        }
    }

    /// `[rows, columns]`.
    pub fn shape(&self) -> [usize; 2] {
        self.shape
    }

    /// Number of stored values, scipy's `nnz`.
    pub fn nnz(&self) -> usize {
        match &self.structure {
            Structure::Dia { offsets, width } => positions::dia_count(offsets, self.shape, *width),
            _ => self.data.len(),
        }
    }

    /// The values' dtype, as stored.
    pub fn dtype(&self) -> &DType {
        self.data.dtype()
    }

    /// The index dtype the archive used: `int32`, or `int64` when any
    /// index array was `int64`, `uint32` or `uint64` (types whose values
    /// may not fit in `int32`). Written back the same way.
    pub fn index_dtype(&self) -> DType {
        DType::scalar(ScalarKind::Int(if self.wide { 8 } else { 4 }))
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

    pub(crate) fn structure(&self) -> &Structure {
        &self.structure
    }

    pub(crate) fn wide(&self) -> bool {
        self.wide
    }

    /// `(row, column, position in the data)` of every stored value.
    fn positions(&self) -> Box<dyn Iterator<Item = (usize, usize, usize)> + '_> {
        match &self.structure {
            Structure::Compressed {
                row_major,
                indptr,
                indices,
            } => Box::new(positions::compressed(indptr, indices, *row_major)),
            Structure::Coo { row, col } => Box::new(positions::coo(row, col)),
            Structure::Bsr {
                indptr,
                indices,
                block,
            } => Box::new(positions::bsr(indptr, indices, *block)),
            Structure::Dia { offsets, width } => {
                Box::new(positions::dia(offsets, self.shape, *width))
            }
        }
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
        with_value_type!(self.data.dtype(), T => {
            let values = self.values::<T>()?;
            let fortran = self.format() == SparseFormat::Csc;
            let dense = dense::fill(self.shape, self.positions(), &values, max_bytes, fortran)?;
            Ok(NpyArray::from_array(&dense))
        }, else Err(invalid("data", "unsupported dtype")))
    }

    /// The values in storage order as `T`.
    fn values<T: SparseValue>(&self) -> Result<Vec<T>> {
        let array = self
            .data
            .to_array::<T, IxDyn>()
            .map_err(|e| Error::npy("data", e))?;
        Ok(array
            .as_standard_layout()
            .into_owned()
            .into_raw_vec_and_offset()
            .0)
    }

    /// The matrix with Rust value and index types. Errors when `T` is not
    /// the stored dtype, or an index does not fit in `I`.
    pub fn into_typed<T: SparseValue, I: SparseIndex>(self) -> Result<SparseMatrix<T, I>> {
        let values = self.values::<T>()?;
        let dims = self.data.shape().to_vec();
        let shape = self.shape;
        Ok(match self.structure {
            Structure::Compressed {
                row_major,
                indptr,
                indices,
            } => {
                let (indptr, indices) = (narrow("indptr", indptr)?, narrow("indices", indices)?);
                if row_major {
                    SparseMatrix::Csr(Csr::new(shape, indptr, indices, values)?)
                } else {
                    SparseMatrix::Csc(Csc::new(shape, indptr, indices, values)?)
                }
            }
            Structure::Coo { row, col } => SparseMatrix::Coo(Coo::new(
                shape,
                narrow("row", row)?,
                narrow("col", col)?,
                values,
            )?),
            Structure::Bsr {
                indptr, indices, ..
            } => {
                let data = Array3::from_shape_vec((dims[0], dims[1], dims[2]), values)
                    .map_err(|e| invalid("data", e.to_string()))?;
                SparseMatrix::Bsr(Bsr::new(
                    shape,
                    narrow("indptr", indptr)?,
                    narrow("indices", indices)?,
                    data,
                )?)
            }
            Structure::Dia { offsets, .. } => {
                let data = Array2::from_shape_vec((dims[0], dims[1]), values)
                    .map_err(|e| invalid("data", e.to_string()))?;
                SparseMatrix::Dia(Dia::new(shape, narrow("offsets", offsets)?, data)?)
            }
        })
    }
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

fn narrow<I: SparseIndex>(member: &str, values: Vec<i64>) -> Result<Vec<I>> {
    values
        .into_iter()
        .map(|v| {
            I::from_i64(v).ok_or_else(|| {
                invalid(
                    member,
                    format!("index {v} does not fit in {}", I::dtype().descr_repr()),
                )
            })
        })
        .collect()
}

fn widen<I: SparseIndex>(values: &[I]) -> Vec<i64> {
    values.iter().map(|v| v.to_i64()).collect()
}

impl<T: SparseValue, I: SparseIndex> From<SparseMatrix<T, I>> for DynSparse {
    fn from(m: SparseMatrix<T, I>) -> DynSparse {
        let wide = std::mem::size_of::<I>() > 4;
        let shape = m.shape();
        let (structure, data) = match m {
            SparseMatrix::Csr(m) => (
                Structure::Compressed {
                    row_major: true,
                    indptr: widen(m.indptr()),
                    indices: widen(m.indices()),
                },
                NpyArray::from_array(&ndarray::ArrayView1::from(m.data())),
            ),
            SparseMatrix::Csc(m) => (
                Structure::Compressed {
                    row_major: false,
                    indptr: widen(m.indptr()),
                    indices: widen(m.indices()),
                },
                NpyArray::from_array(&ndarray::ArrayView1::from(m.data())),
            ),
            SparseMatrix::Coo(m) => (
                Structure::Coo {
                    row: widen(m.row()),
                    col: widen(m.col()),
                },
                NpyArray::from_array(&ndarray::ArrayView1::from(m.data())),
            ),
            SparseMatrix::Bsr(m) => (
                Structure::Bsr {
                    indptr: widen(m.indptr()),
                    indices: widen(m.indices()),
                    block: m.block_size(),
                },
                NpyArray::from_array(m.data()),
            ),
            SparseMatrix::Dia(m) => (
                Structure::Dia {
                    offsets: widen(m.offsets()),
                    width: m.data().ncols(),
                },
                NpyArray::from_array(m.data()),
            ),
        };
        DynSparse {
            shape,
            structure,
            data,
            wide,
            is_array: false,
        }
    }
}
