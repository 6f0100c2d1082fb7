//! Dense copies of sparse matrices, with the memory they need checked
//! against a limit first.

use super::check::invalid;
use super::element::SparseValue;
use crate::{Error, ErrorKind, Result};
use ndarray::{Array2, ShapeBuilder};
use std::io::Write;

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

/// Elements of one block of the streamed dense array: 4 MiB of `f64`.
const BLOCK_ELEMS: usize = 1 << 19;

/// How the stored values of a structure are ordered along the major axis
/// of the dense output (rows, or columns in Fortran order).
pub(crate) enum Order {
    /// Never decreasing by more than within a group of `n` majors (CSR
    /// and CSC: 1; BSR: the block's rows).
    Grouped(usize),
    /// Any order (COO, DIA): sorted first.
    Unsorted,
}

/// Writes the data of the dense array, majors in blocks of about 4 MiB,
/// so that memory holds one block (plus, for an unsorted structure, its
/// positions sorted), never the whole array. Values at the same place add
/// up in storage order, as in [`fill`].
pub(crate) fn write_blocks<T: SparseValue, W: Write + ?Sized>(
    shape: [usize; 2],
    fortran: bool,
    positions: impl Iterator<Item = (usize, usize, usize)>,
    order: Order,
    data: &[T],
    writer: &mut W,
) -> Result<()> {
    let (majors, minors) = if fortran {
        (shape[1], shape[0])
    } else {
        (shape[0], shape[1])
    };
    if majors == 0 || minors == 0 {
        return Ok(());
    }
    let group = match order {
        Order::Grouped(n) => n.max(1),
        Order::Unsorted => 1,
    };
    // A whole number of groups, at least one.
    let per_block = ((BLOCK_ELEMS / minors).max(1)).div_ceil(group) * group;
    let mut buf = vec![T::zero(); per_block.min(majors) * minors];
    let mut start = 0;
    let mut flush = |buf: &mut Vec<T>, start: usize| -> Result<()> {
        let rows = per_block.min(majors - start);
        T::write_slice(&buf[..rows * minors], writer).map_err(|e| Error::npy("data", e))?;
        buf.iter_mut().for_each(|v| *v = T::zero());
        Ok(())
    };
    let mut place = |(row, col, k): (usize, usize, usize), buf: &mut Vec<T>| -> Result<()> {
        let (major, minor) = if fortran { (col, row) } else { (row, col) };
        while major >= start + per_block {
            flush(buf, start)?;
            start += per_block;
        }
        let at = major
            .checked_sub(start)
            .map(|m| m * minors + minor)
            .ok_or_else(|| invalid("data", "stored values out of order"))?;
        if let (Some(cell), Some(&value)) = (buf.get_mut(at), data.get(k)) {
            *cell = cell.accumulate(value);
        }
        Ok(())
    };
    match order {
        Order::Grouped(_) => {
            for p in positions {
                place(p, &mut buf)?;
            }
        }
        Order::Unsorted => {
            let mut all: Vec<_> = positions.collect();
            // Stable: repeats keep their storage order.
            all.sort_by_key(|&(r, c, _)| if fortran { c } else { r });
            for p in all {
                place(p, &mut buf)?;
            }
        }
    }
    while start < majors {
        flush(&mut buf, start)?;
        start += per_block;
    }
    Ok(())
}
