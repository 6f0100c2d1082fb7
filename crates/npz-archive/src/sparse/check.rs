//! The invariants of each sparse format, checked before anything is
//! built from the arrays: an untrusted archive gets a typed error, never
//! a panic or an index out of bounds later.

use super::element::SparseIndex;
use crate::{Error, ErrorKind, Result};

pub(crate) fn invalid(member: &str, reason: impl Into<String>) -> Error {
    ErrorKind::InvalidSparse {
        member: member.to_string(),
        reason: reason.into(),
    }
    .into()
}

/// A dimension from the `shape` member: not negative, and small enough to
/// be an index.
pub(crate) fn dimension(value: i64) -> Result<usize> {
    usize::try_from(value).map_err(|_| invalid("shape", format!("negative dimension {value}")))
}

/// Checks a compressed (CSR, CSC, BSR) structure: `indptr` has `major + 1`
/// entries, starts at 0 and never decreases; its last entry `nnz` is at
/// most the length of `indices`, which is the number of stored items in
/// `data`; every index in `indices[..nnz]` is in `0..minor`.
///
/// With `exact`, `nnz` must equal the length of `indices` (a matrix built
/// in code); without, trailing entries past `nnz` are allowed, as scipy
/// allows them in a file and drops them. Returns `nnz`.
pub(crate) fn compressed<I: SparseIndex>(
    major: usize,
    minor: usize,
    indptr: &[I],
    indices: &[I],
    data_items: usize,
    exact: bool,
) -> Result<usize> {
    let want = major
        .checked_add(1)
        .ok_or_else(|| invalid("shape", "dimension too large"))?;
    if indptr.len() != want {
        return Err(invalid(
            "indptr",
            format!(
                "{} entries for {major} rows of the compressed axis (expected {want})",
                indptr.len()
            ),
        ));
    }
    if indices.len() != data_items {
        return Err(invalid(
            "data",
            format!("{data_items} stored items but {} indices", indices.len()),
        ));
    }
    let mut previous = 0i64;
    for (i, p) in indptr.iter().enumerate() {
        let p = p.to_i64();
        if i == 0 && p != 0 {
            return Err(invalid("indptr", format!("starts at {p}, not 0")));
        }
        if p < previous {
            return Err(invalid(
                "indptr",
                format!("decreases at position {i} ({previous} then {p})"),
            ));
        }
        previous = p;
    }
    let nnz = usize::try_from(previous).unwrap_or(usize::MAX);
    if nnz > indices.len() || (exact && nnz != indices.len()) {
        return Err(invalid(
            "indptr",
            format!("ends at {previous} but there are {} indices", indices.len()),
        ));
    }
    in_range("indices", &indices[..nnz], minor)?;
    Ok(nnz)
}

/// Every index in `0..bound`.
pub(crate) fn in_range<I: SparseIndex>(member: &str, indices: &[I], bound: usize) -> Result<()> {
    let limit = i64::try_from(bound).unwrap_or(i64::MAX);
    match indices
        .iter()
        .enumerate()
        .find(|(_, v)| !(0..limit).contains(&v.to_i64()))
    {
        Some((at, v)) => Err(invalid(
            member,
            format!(
                "index {} at position {at} is outside 0..{bound}",
                v.to_i64()
            ),
        )),
        None => Ok(()),
    }
}

/// Checks a COO structure: as many rows and columns as stored values,
/// each in range.
pub(crate) fn coo<I: SparseIndex>(
    shape: [usize; 2],
    row: &[I],
    col: &[I],
    data_len: usize,
) -> Result<()> {
    if row.len() != data_len || col.len() != data_len {
        return Err(invalid(
            "data",
            format!(
                "{data_len} stored values but {} rows and {} columns",
                row.len(),
                col.len()
            ),
        ));
    }
    in_range("row", row, shape[0])?;
    in_range("col", col, shape[1])
}

/// Checks a BSR block size against the shape; returns the shape in blocks.
pub(crate) fn blocks(shape: [usize; 2], block: [usize; 2]) -> Result<[usize; 2]> {
    if block[0] == 0 || block[1] == 0 {
        return Err(invalid(
            "data",
            format!("block size {} x {} is empty", block[0], block[1]),
        ));
    }
    // A block's values must fit one allocation (16 bytes being the widest
    // value), even when no block is stored.
    let fits = block[0]
        .checked_mul(block[1])
        .and_then(|n| n.checked_mul(16))
        .is_some_and(|b| isize::try_from(b).is_ok());
    if !fits {
        return Err(invalid(
            "data",
            format!("block size {} x {} is too large", block[0], block[1]),
        ));
    }
    if !shape[0].is_multiple_of(block[0]) || !shape[1].is_multiple_of(block[1]) {
        return Err(invalid(
            "shape",
            format!(
                "{} x {} is not a multiple of the block size {} x {}",
                shape[0], shape[1], block[0], block[1]
            ),
        ));
    }
    Ok([shape[0] / block[0], shape[1] / block[1]])
}

/// Checks a DIA structure: one offset per stored diagonal, no offset twice.
pub(crate) fn dia<I: SparseIndex>(offsets: &[I], diagonals: usize) -> Result<()> {
    if offsets.len() != diagonals {
        return Err(invalid(
            "offsets",
            format!("{} offsets for {diagonals} stored diagonals", offsets.len()),
        ));
    }
    let mut sorted: Vec<i64> = offsets.iter().map(|o| o.to_i64()).collect();
    sorted.sort_unstable();
    if let Some(w) = sorted.windows(2).find(|w| w[0] == w[1]) {
        return Err(invalid("offsets", format!("offset {} appears twice", w[0])));
    }
    Ok(())
}

/// Positions a DIA diagonal at `offset` stores in a matrix of `shape`,
/// with `width` values per stored diagonal: columns `start..end`, each at
/// row `column - offset`.
pub(crate) fn dia_columns(shape: [usize; 2], width: usize, offset: i64) -> std::ops::Range<usize> {
    let width = width.min(shape[1]) as i128;
    let offset = i128::from(offset);
    let start = offset.max(0);
    let end = (shape[0] as i128 + offset).min(width);
    if end <= start {
        return 0..0;
    }
    // Both bounds are within 0..=width, which came from a usize.
    start as usize..end as usize
}

/// A shape scipy can store: each dimension fits the `int64` of its
/// `shape` member.
pub(crate) fn shape(shape: [usize; 2]) -> Result<()> {
    for d in shape {
        if i64::try_from(d).is_err() {
            return Err(invalid(
                "shape",
                format!("dimension {d} does not fit in int64"),
            ));
        }
    }
    Ok(())
}
