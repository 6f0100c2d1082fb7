//! A typed sparse matrix of any of the five formats.

use super::SparseFormat;
use super::element::{SparseIndex, SparseValue};
use super::matrix::{Bsr, Coo, Csc, Csr, Dia};
use crate::Result;
use ndarray::Array2;

/// A sparse matrix in whichever of scipy's formats its archive holds,
/// with values of type `T` and indices of type `I`.
///
/// # Example
///
/// ```
/// use ndarray::array;
/// use npz_archive::{Coo, SparseFormat, SparseMatrix};
///
/// let m = SparseMatrix::from(Coo::<f64>::new([2, 2], vec![1], vec![0], vec![4.5])?);
/// assert_eq!(m.format(), SparseFormat::Coo);
/// assert_eq!((m.shape(), m.nnz()), ([2, 2], 1));
/// assert_eq!(m.iter().collect::<Vec<_>>(), [(1, 0, &4.5)]);
/// assert_eq!(m.to_dense(1 << 20)?, array![[0.0, 0.0], [4.5, 0.0]]);
/// # Ok::<(), npz_archive::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SparseMatrix<T, I = i32> {
    /// Compressed sparse rows.
    Csr(Csr<T, I>),
    /// Compressed sparse columns.
    Csc(Csc<T, I>),
    /// Coordinates.
    Coo(Coo<T, I>),
    /// Block sparse rows.
    Bsr(Bsr<T, I>),
    /// Diagonals.
    Dia(Dia<T, I>),
}

macro_rules! each {
    ($self:expr, $m:ident => $e:expr) => {
        match $self {
            SparseMatrix::Csr($m) => $e,
            SparseMatrix::Csc($m) => $e,
            SparseMatrix::Coo($m) => $e,
            SparseMatrix::Bsr($m) => $e,
            SparseMatrix::Dia($m) => $e,
        }
    };
}

impl<T: SparseValue, I: SparseIndex> SparseMatrix<T, I> {
    /// The storage format.
    pub fn format(&self) -> SparseFormat {
        match self {
            SparseMatrix::Csr(_) => SparseFormat::Csr,
            SparseMatrix::Csc(_) => SparseFormat::Csc,
            SparseMatrix::Coo(_) => SparseFormat::Coo,
            SparseMatrix::Bsr(_) => SparseFormat::Bsr,
            SparseMatrix::Dia(_) => SparseFormat::Dia,
        }
    }

    /// `[rows, columns]`.
    pub fn shape(&self) -> [usize; 2] {
        each!(self, m => m.shape())
    }

    /// Number of stored values, scipy's `nnz`.
    pub fn nnz(&self) -> usize {
        each!(self, m => m.nnz())
    }

    /// Every stored value with its row and column, in storage order.
    pub fn iter(&self) -> Box<dyn Iterator<Item = (usize, usize, &T)> + '_> {
        each!(self, m => Box::new(m.iter()))
    }

    /// The dense matrix, as scipy's `toarray()`, or
    /// [`DenseTooLarge`](crate::ErrorKind::DenseTooLarge) when it would
    /// take more than `max_bytes`.
    pub fn to_dense(&self, max_bytes: u64) -> Result<Array2<T>> {
        each!(self, m => m.to_dense(max_bytes))
    }
}

macro_rules! from_format {
    ($($t:ident),*) => {$(
        impl<T, I> From<$t<T, I>> for SparseMatrix<T, I> {
            fn from(m: $t<T, I>) -> Self {
                SparseMatrix::$t(m)
            }
        }
    )*};
}

from_format!(Csr, Csc, Coo, Bsr, Dia);
