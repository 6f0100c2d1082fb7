//! Dense copies of sparse matrices, with the memory they need checked
//! against a limit first.

use super::element::SparseValue;
use crate::{ErrorKind, Result};
use ndarray::{Array2, ShapeBuilder};

/// The limit of [`SparseMatrix::to_dense`](crate::SparseMatrix::to_dense)
/// callers are advised to start from: 1 GiB. The command uses it unless
/// `--max-bytes` says otherwise.
pub const DEFAULT_DENSE_LIMIT: u64 = 1 << 30;

/// Bytes a dense `shape` array of `itemsize`-byte elements takes,
/// saturated rather than overflowing.
pub(crate) fn dense_bytes(shape: [usize; 2], itemsize: usize) -> u128 {
    (shape[0] as u128)
        .saturating_mul(shape[1] as u128)
        .saturating_mul(itemsize as u128)
}

/// Refuses a dense array over `limit` bytes, or over what one allocation
/// can hold (`isize::MAX` bytes), whatever the limit.
pub(crate) fn check_limit(shape: [usize; 2], itemsize: usize, limit: u64) -> Result<()> {
    let bytes = dense_bytes(shape, itemsize);
    if bytes > u128::from(limit) || bytes > isize::MAX as u128 {
        return Err(ErrorKind::DenseTooLarge {
            shape,
            bytes,
            limit,
        }
        .into());
    }
    Ok(())
}

/// The dense array: zeros, then every stored value added at its position
/// (so duplicates sum, as in scipy's `toarray`). In column-major order
/// when `fortran`, as scipy gives CSC matrices.
pub(crate) fn fill<T: SparseValue>(
    shape: [usize; 2],
    positions: impl Iterator<Item = (usize, usize, usize)>,
    data: &[T],
    limit: u64,
    fortran: bool,
) -> Result<Array2<T>> {
    check_limit(shape, std::mem::size_of::<T>(), limit)?;
    let mut dense = Array2::from_elem((shape[0], shape[1]).set_f(fortran), T::zero());
    for (row, col, k) in positions {
        if let (Some(cell), Some(&value)) = (dense.get_mut((row, col)), data.get(k)) {
            *cell = cell.accumulate(value);
        }
    }
    Ok(dense)
}
