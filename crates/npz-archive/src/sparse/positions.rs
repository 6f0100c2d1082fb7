//! Where each stored value of a checked structure sits: `(row, column,
//! position in the data)`, in storage order.

use super::check::dia_columns;
use super::element::SparseIndex;

/// An index already checked to be in range.
fn at<I: SparseIndex>(i: I) -> usize {
    usize::try_from(i.to_i64()).unwrap_or(usize::MAX)
}

/// CSR (`row_major`) or CSC entries.
pub(crate) fn compressed<'a, I: SparseIndex>(
    indptr: &'a [I],
    indices: &'a [I],
    row_major: bool,
) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
    indptr.windows(2).enumerate().flat_map(move |(major, w)| {
        let (start, end) = (at(w[0]), at(w[1]));
        let slice = indices.get(start..end).unwrap_or(&[]);
        slice.iter().enumerate().map(move |(k, &minor)| {
            let minor = at(minor);
            if row_major {
                (major, minor, start + k)
            } else {
                (minor, major, start + k)
            }
        })
    })
}

/// COO entries.
pub(crate) fn coo<'a, I: SparseIndex>(
    row: &'a [I],
    col: &'a [I],
) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
    row.iter()
        .zip(col)
        .enumerate()
        .map(|(k, (&r, &c))| (at(r), at(c), k))
}

/// BSR entries: every value of every stored block, block by block, each
/// block in row-major order.
pub(crate) fn bsr<'a, I: SparseIndex>(
    indptr: &'a [I],
    indices: &'a [I],
    block: [usize; 2],
) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
    let [r, c] = block;
    compressed(indptr, indices, true).flat_map(move |(block_row, block_col, k)| {
        (0..r * c).map(move |inner| {
            let (i, j) = (inner / c, inner % c);
            (block_row * r + i, block_col * c + j, k * r * c + inner)
        })
    })
}

/// DIA entries: the in-matrix positions of each stored diagonal.
pub(crate) fn dia<'a, I: SparseIndex>(
    offsets: &'a [I],
    shape: [usize; 2],
    width: usize,
) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
    offsets.iter().enumerate().flat_map(move |(d, offset)| {
        let offset = offset.to_i64();
        dia_columns(shape, width, offset).map(move |j| {
            // `dia_columns` keeps `j - offset` within `0..rows`.
            let row = (j as i128 - i128::from(offset)) as usize;
            (row, j, d * width + j)
        })
    })
}

/// Stored values of a DIA structure, as scipy counts them (saturated:
/// from headers alone, the width is a claim, not values read).
pub(crate) fn dia_count<I: SparseIndex>(offsets: &[I], shape: [usize; 2], width: usize) -> usize {
    offsets.iter().fold(0usize, |n, o| {
        n.saturating_add(dia_columns(shape, width, o.to_i64()).len())
    })
}
