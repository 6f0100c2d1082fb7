//! Typed sparse matrices in scipy's five storage formats, each checked
//! when built.

use super::check;
use super::dense;
use super::element::{SparseIndex, SparseValue};
use super::positions;
use crate::Result;
use ndarray::{Array, Array2, Array3, Axis, Dimension, Slice};

/// The array in row-major order, copied only when it is not.
fn standard<T: Clone, D: Dimension>(a: Array<T, D>) -> Array<T, D> {
    if a.is_standard_layout() {
        a
    } else {
        a.as_standard_layout().into_owned()
    }
}

macro_rules! compressed_matrix {
    (
        $(#[$doc:meta])*
        $name:ident, row_major = $row_major:expr
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name<T, I = i32> {
            shape: [usize; 2],
            indptr: Vec<I>,
            indices: Vec<I>,
            data: Vec<T>,
        }

        impl<T: SparseValue, I: SparseIndex> $name<T, I> {
            /// A matrix from scipy's three arrays, checked: `indptr` has
            /// one more entry than the compressed axis, starts at 0, never
            /// decreases and ends at the number of stored values; every
            /// index is within the other axis. Indices need not be sorted
            /// and may repeat (repeats add up in a dense copy).
            pub fn new(shape: [usize; 2], indptr: Vec<I>, indices: Vec<I>, data: Vec<T>) -> Result<Self> {
                Self::checked(shape, indptr, indices, data, true)
            }

            /// As [`new`](Self::new), but entries past the end of
            /// `indptr` are dropped rather than refused, as scipy drops
            /// them from a file.
            pub(crate) fn checked(
                shape: [usize; 2],
                indptr: Vec<I>,
                mut indices: Vec<I>,
                mut data: Vec<T>,
                exact: bool,
            ) -> Result<Self> {
                check::shape(shape)?;
                let (major, minor) = if $row_major { (shape[0], shape[1]) } else { (shape[1], shape[0]) };
                let nnz = check::compressed(major, minor, &indptr, &indices, data.len(), exact)?;
                indices.truncate(nnz);
                data.truncate(nnz);
                Ok($name { shape, indptr, indices, data })
            }

            /// `[rows, columns]`.
            pub fn shape(&self) -> [usize; 2] {
                self.shape
            }

            /// Where each row's (CSR) or column's (CSC) entries start in
            /// `indices` and `data`.
            pub fn indptr(&self) -> &[I] {
                &self.indptr
            }

            /// The column (CSR) or row (CSC) of each stored value.
            pub fn indices(&self) -> &[I] {
                &self.indices
            }

            /// The stored values.
            pub fn data(&self) -> &[T] {
                &self.data
            }

            /// Number of stored values (explicit zeros and repeats
            /// included), scipy's `nnz`.
            pub fn nnz(&self) -> usize {
                self.data.len()
            }

            /// `(shape, indptr, indices, data)`.
            pub fn into_parts(self) -> ([usize; 2], Vec<I>, Vec<I>, Vec<T>) {
                (self.shape, self.indptr, self.indices, self.data)
            }

            /// Every stored value with its row and column, in storage
            /// order.
            pub fn iter(&self) -> impl Iterator<Item = (usize, usize, &T)> + '_ {
                positions::compressed(&self.indptr, &self.indices, $row_major)
                    .filter_map(|(r, c, k)| Some((r, c, self.data.get(k)?)))
            }

            /// The dense matrix, as scipy's `toarray()` (in column-major
            /// order for CSC, as scipy gives it), or
            /// [`DenseTooLarge`](crate::ErrorKind::DenseTooLarge) when it
            /// would take more than `max_bytes`.
            pub fn to_dense(&self, max_bytes: u64) -> Result<Array2<T>> {
                dense::fill(
                    self.shape,
                    positions::compressed(&self.indptr, &self.indices, $row_major),
                    &self.data,
                    max_bytes,
                    !$row_major,
                )
            }
        }
    };
}

compressed_matrix!(
    /// A compressed sparse row matrix: scipy's `csr_matrix` / `csr_array`.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npz_archive::Csr;
    ///
    /// // [[1, 0, 2],
    /// //  [0, 0, 3]]
    /// let m = Csr::<f64>::new([2, 3], vec![0, 2, 3], vec![0, 2, 2], vec![1.0, 2.0, 3.0])?;
    /// assert_eq!(m.nnz(), 3);
    /// assert_eq!(m.iter().nth(2), Some((1, 2, &3.0)));
    /// assert_eq!(m.to_dense(1 << 20)?, array![[1.0, 0.0, 2.0], [0.0, 0.0, 3.0]]);
    ///
    /// // A column index past the last column is refused.
    /// assert!(Csr::<f64>::new([2, 3], vec![0, 2, 3], vec![0, 3, 2], vec![1.0, 2.0, 3.0]).is_err());
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    Csr, row_major = true
);

compressed_matrix!(
    /// A compressed sparse column matrix: scipy's `csc_matrix` /
    /// `csc_array`.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npz_archive::Csc;
    ///
    /// // [[1, 0, 2],
    /// //  [0, 0, 3]]
    /// let m = Csc::<i64, i64>::new([2, 3], vec![0, 1, 1, 3], vec![0, 0, 1], vec![1, 2, 3])?;
    /// assert_eq!(m.to_dense(1 << 20)?, array![[1, 0, 2], [0, 0, 3]]);
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    Csc, row_major = false
);

/// A coordinate-format sparse matrix: scipy's `coo_matrix` / `coo_array`
/// of two dimensions.
///
/// # Example
///
/// ```
/// use ndarray::array;
/// use npz_archive::Coo;
///
/// // Repeated positions add up in the dense copy, as in scipy.
/// let m = Coo::<i32>::new([2, 2], vec![0, 1, 0], vec![1, 0, 1], vec![5, 7, 1])?;
/// assert_eq!(m.to_dense(1 << 20)?, array![[0, 6], [7, 0]]);
/// # Ok::<(), npz_archive::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Coo<T, I = i32> {
    shape: [usize; 2],
    row: Vec<I>,
    col: Vec<I>,
    data: Vec<T>,
}

impl<T: SparseValue, I: SparseIndex> Coo<T, I> {
    /// A matrix from its rows, columns and values, checked: the three have
    /// one length, and every position is inside `shape`.
    pub fn new(shape: [usize; 2], row: Vec<I>, col: Vec<I>, data: Vec<T>) -> Result<Self> {
        check::shape(shape)?;
        check::coo(shape, &row, &col, data.len())?;
        Ok(Coo {
            shape,
            row,
            col,
            data,
        })
    }

    /// `[rows, columns]`.
    pub fn shape(&self) -> [usize; 2] {
        self.shape
    }

    /// The row of each stored value.
    pub fn row(&self) -> &[I] {
        &self.row
    }

    /// The column of each stored value.
    pub fn col(&self) -> &[I] {
        &self.col
    }

    /// The stored values.
    pub fn data(&self) -> &[T] {
        &self.data
    }

    /// Number of stored values.
    pub fn nnz(&self) -> usize {
        self.data.len()
    }

    /// `(shape, row, col, data)`.
    pub fn into_parts(self) -> ([usize; 2], Vec<I>, Vec<I>, Vec<T>) {
        (self.shape, self.row, self.col, self.data)
    }

    /// Every stored value with its row and column, in storage order.
    pub fn iter(&self) -> impl Iterator<Item = (usize, usize, &T)> + '_ {
        positions::coo(&self.row, &self.col).filter_map(|(r, c, k)| Some((r, c, self.data.get(k)?)))
    }

    /// The dense matrix (repeats add up), or
    /// [`DenseTooLarge`](crate::ErrorKind::DenseTooLarge) over `max_bytes`.
    pub fn to_dense(&self, max_bytes: u64) -> Result<Array2<T>> {
        dense::fill(
            self.shape,
            positions::coo(&self.row, &self.col),
            &self.data,
            max_bytes,
            false,
        )
    }
}

/// A block sparse row matrix: scipy's `bsr_matrix` / `bsr_array`. Its
/// stored values are dense blocks of `R × C`, kept as an array of shape
/// `(blocks, R, C)`.
///
/// # Example
///
/// ```
/// use ndarray::{array, Array3};
/// use npz_archive::Bsr;
///
/// // One 2 × 2 block at block row 0, block column 1 of a 2 × 4 matrix.
/// let blocks = Array3::from_shape_vec((1, 2, 2), vec![1u8, 2, 3, 4])?;
/// let m = Bsr::<u8>::new([2, 4], vec![0, 1], vec![1], blocks)?;
/// assert_eq!(m.block_size(), [2, 2]);
/// assert_eq!(m.nnz(), 4);
/// assert_eq!(m.to_dense(1 << 20)?, array![[0, 0, 1, 2], [0, 0, 3, 4]]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Bsr<T, I = i32> {
    shape: [usize; 2],
    indptr: Vec<I>,
    indices: Vec<I>,
    data: Array3<T>,
}

impl<T: SparseValue, I: SparseIndex> Bsr<T, I> {
    /// A matrix from scipy's three arrays, checked: the block size (from
    /// `data`'s shape) divides `shape`; `indptr` has one entry more than
    /// there are block rows, starts at 0, never decreases and ends at the
    /// number of blocks; every block column is in range.
    pub fn new(
        shape: [usize; 2],
        indptr: Vec<I>,
        indices: Vec<I>,
        data: Array3<T>,
    ) -> Result<Self> {
        Self::checked(shape, indptr, indices, data, true)
    }

    pub(crate) fn checked(
        shape: [usize; 2],
        indptr: Vec<I>,
        mut indices: Vec<I>,
        mut data: Array3<T>,
        exact: bool,
    ) -> Result<Self> {
        check::shape(shape)?;
        let (blocks, r, c) = data.dim();
        let [block_rows, block_cols] = check::blocks(shape, [r, c])?;
        let nnz = check::compressed(block_rows, block_cols, &indptr, &indices, blocks, exact)?;
        indices.truncate(nnz);
        if nnz < blocks {
            data.slice_axis_inplace(Axis(0), Slice::from(..nnz));
        }
        let data = standard(data);
        Ok(Bsr {
            shape,
            indptr,
            indices,
            data,
        })
    }

    /// `[rows, columns]`.
    pub fn shape(&self) -> [usize; 2] {
        self.shape
    }

    /// `[R, C]`, the shape of each block.
    pub fn block_size(&self) -> [usize; 2] {
        let (_, r, c) = self.data.dim();
        [r, c]
    }

    /// Where each block row's blocks start in `indices` and `data`.
    pub fn indptr(&self) -> &[I] {
        &self.indptr
    }

    /// The block column of each stored block.
    pub fn indices(&self) -> &[I] {
        &self.indices
    }

    /// The stored blocks, `(blocks, R, C)`.
    pub fn data(&self) -> &Array3<T> {
        &self.data
    }

    /// Number of stored values: every value of every stored block.
    pub fn nnz(&self) -> usize {
        self.data.len()
    }

    /// `(shape, indptr, indices, data)`.
    pub fn into_parts(self) -> ([usize; 2], Vec<I>, Vec<I>, Array3<T>) {
        (self.shape, self.indptr, self.indices, self.data)
    }

    fn flat(&self) -> &[T] {
        // Built in standard layout, so always contiguous.
        self.data.as_slice().unwrap_or(&[])
    }

    /// Every stored value with its row and column, block by block.
    pub fn iter(&self) -> impl Iterator<Item = (usize, usize, &T)> + '_ {
        let flat = self.flat();
        positions::bsr(&self.indptr, &self.indices, self.block_size())
            .filter_map(move |(r, c, k)| Some((r, c, flat.get(k)?)))
    }

    /// The dense matrix, or
    /// [`DenseTooLarge`](crate::ErrorKind::DenseTooLarge) over `max_bytes`.
    pub fn to_dense(&self, max_bytes: u64) -> Result<Array2<T>> {
        dense::fill(
            self.shape,
            positions::bsr(&self.indptr, &self.indices, self.block_size()),
            self.flat(),
            max_bytes,
            false,
        )
    }
}

/// A diagonal-storage sparse matrix: scipy's `dia_matrix` / `dia_array`.
/// Row `d` of `data` holds the diagonal at `offsets[d]` (0 the main
/// diagonal, positive above it): the value at column `j` of that row
/// belongs at `(j - offset, j)`, and values falling outside the matrix
/// are not part of it.
///
/// # Example
///
/// ```
/// use ndarray::array;
/// use npz_archive::Dia;
///
/// let m = Dia::<f32>::new([3, 3], vec![0, 1], array![[1.0, 2.0, 3.0], [9.0, 4.0, 5.0]])?;
/// assert_eq!(m.nnz(), 5); // 9.0 falls outside the matrix
/// assert_eq!(
///     m.to_dense(1 << 20)?,
///     array![[1.0, 4.0, 0.0], [0.0, 2.0, 5.0], [0.0, 0.0, 3.0]]
/// );
/// # Ok::<(), npz_archive::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Dia<T, I = i32> {
    shape: [usize; 2],
    offsets: Vec<I>,
    data: Array2<T>,
}

impl<T: SparseValue, I: SparseIndex> Dia<T, I> {
    /// A matrix from its offsets and diagonals, checked: one offset per
    /// row of `data`, no offset twice.
    pub fn new(shape: [usize; 2], offsets: Vec<I>, data: Array2<T>) -> Result<Self> {
        check::shape(shape)?;
        check::dia(&offsets, data.nrows())?;
        Ok(Dia {
            shape,
            offsets,
            data: standard(data),
        })
    }

    /// `[rows, columns]`.
    pub fn shape(&self) -> [usize; 2] {
        self.shape
    }

    /// The offset of each stored diagonal.
    pub fn offsets(&self) -> &[I] {
        &self.offsets
    }

    /// The stored diagonals, one per row.
    pub fn data(&self) -> &Array2<T> {
        &self.data
    }

    /// Number of stored values inside the matrix, as scipy counts them.
    pub fn nnz(&self) -> usize {
        positions::dia_count(&self.offsets, self.shape, self.data.ncols())
    }

    /// `(shape, offsets, data)`.
    pub fn into_parts(self) -> ([usize; 2], Vec<I>, Array2<T>) {
        (self.shape, self.offsets, self.data)
    }

    fn flat(&self) -> &[T] {
        // Built in standard layout, so always contiguous.
        self.data.as_slice().unwrap_or(&[])
    }

    /// Every stored value inside the matrix with its row and column,
    /// diagonal by diagonal.
    pub fn iter(&self) -> impl Iterator<Item = (usize, usize, &T)> + '_ {
        let flat = self.flat();
        positions::dia(&self.offsets, self.shape, self.data.ncols())
            .filter_map(move |(r, c, k)| Some((r, c, flat.get(k)?)))
    }

    /// The dense matrix, or
    /// [`DenseTooLarge`](crate::ErrorKind::DenseTooLarge) over `max_bytes`.
    pub fn to_dense(&self, max_bytes: u64) -> Result<Array2<T>> {
        dense::fill(
            self.shape,
            positions::dia(&self.offsets, self.shape, self.data.ncols()),
            self.flat(),
            max_bytes,
            false,
        )
    }
}
