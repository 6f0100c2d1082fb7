//! Reading the archives of `scipy.sparse.save_npz`.

use super::SparseFormat;
use super::any::SparseMatrix;
use super::check::invalid;
use super::dynamic::{DynSparse, flat};
use super::element::{SparseIndex, SparseValue};
use super::structure::{IndexArray, Indexed};
use crate::{Error, ErrorKind, NpzReader, Result};
use ndarray::IxDyn;
use npy_format::{DType, NpyArray, ReadableElement, ScalarKind, Value};
use std::io::{Read, Seek};
use std::path::Path;

/// What an archive's headers say about the sparse matrix it holds,
/// without reading its indices or values: what `npio info` prints.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SparseInfo {
    /// The storage format.
    pub format: SparseFormat,
    /// `[rows, columns]`.
    pub shape: [usize; 2],
    /// Number of stored values, from the headers (for DIA, from the
    /// offsets).
    pub nnz: usize,
    /// The values' dtype.
    pub dtype: DType,
    /// True for scipy's sparse arrays, false for its sparse matrices.
    pub is_array: bool,
}

impl<R: Read + Seek> NpzReader<R> {
    /// True when the archive has the members `scipy.sparse.save_npz`
    /// always writes (`format`, `shape` and `data`).
    pub fn is_sparse(&self) -> bool {
        ["format", "shape", "data"]
            .iter()
            .all(|n| self.names().iter().any(|m| m == n))
    }

    /// Reads the sparse matrix the archive holds, checking every
    /// invariant of its format first, as `scipy.sparse.load_npz` does.
    ///
    /// # Example
    ///
    /// ```
    /// use npz_archive::{save_sparse_to, Coo, NpzReader, SparseFormat, SparseMatrix, SparseOptions};
    /// use std::io::Cursor;
    ///
    /// let m = SparseMatrix::from(Coo::<u8>::new([3, 3], vec![2], vec![0], vec![9])?);
    /// let bytes = save_sparse_to(Cursor::new(Vec::new()), &m, &SparseOptions::new())?.into_inner();
    ///
    /// let mut npz = NpzReader::new(Cursor::new(bytes))?;
    /// assert!(npz.is_sparse());
    /// let back = npz.read_sparse()?;
    /// assert_eq!(back.format(), SparseFormat::Coo);
    /// assert_eq!(back.into_typed::<u8, i32>()?, m);
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn read_sparse(&mut self) -> Result<DynSparse> {
        let plan = self.sparse_plan()?;
        let arrays = plan
            .members
            .iter()
            .map(|name| self.by_name_dyn(name))
            .collect::<Result<Vec<_>>>()?;
        plan.build(arrays)
    }

    /// [`read_sparse`](Self::read_sparse) with the index and value
    /// members read at once on every core.
    pub(crate) fn read_sparse_parallel(&mut self) -> Result<DynSparse>
    where
        R: Clone + Send + Sync,
    {
        let plan = self.sparse_plan()?;
        let indices = plan
            .members
            .iter()
            .map(|name| self.index_of(name))
            .collect::<Result<Vec<_>>>()?;
        let arrays = self.read_indices_parallel(&indices)?;
        plan.build(arrays)
    }

    /// The format, shape and kind from the small members, and the names
    /// of the large ones to read.
    fn sparse_plan(&mut self) -> Result<Plan> {
        let format = self.sparse_format()?;
        let shape = self.sparse_shape(format)?;
        let is_array = self.is_array_flag()?;
        let mut members: Vec<&'static str> = match format {
            SparseFormat::Csr | SparseFormat::Csc | SparseFormat::Bsr => vec!["indptr", "indices"],
            SparseFormat::Dia => vec!["offsets"],
            // Newer scipy writes COO arrays' indices as one `coords`.
            SparseFormat::Coo if !self.has("row") && self.has("coords") => vec!["coords"],
            SparseFormat::Coo => vec!["row", "col"],
        };
        members.push("data");
        Ok(Plan {
            format,
            shape,
            is_array,
            members,
        })
    }

    /// Reads the sparse matrix as Rust types: `T` must be the stored
    /// value dtype; indices are converted to `I` (refused when one does
    /// not fit).
    pub fn read_sparse_as<T: SparseValue, I: SparseIndex>(&mut self) -> Result<SparseMatrix<T, I>> {
        self.read_sparse()?.into_typed()
    }

    /// The sparse matrix's format, shape, stored-value count and dtype,
    /// from the small members (`format`, `shape`, `indptr` or `offsets`)
    /// and the header of `data`. The arrays are not checked: [`read_sparse`](Self::read_sparse)
    /// does that.
    pub fn sparse_info(&mut self) -> Result<SparseInfo> {
        let format = self.sparse_format()?;
        let shape = self.sparse_shape(format)?;
        let index = self.index_of("data")?;
        let header = self
            .describe(index)?
            .header
            .ok_or_else(|| invalid("data", "not a .npy member"))?
            .header;
        let count = header
            .shape
            .iter()
            .try_fold(1usize, |a, &d| a.checked_mul(d))
            .ok_or_else(|| invalid("data", "shape overflows"))?;
        let nnz = match format {
            SparseFormat::Dia => {
                let offsets = self.index_member("offsets")?;
                let width = header.shape.get(1).copied().unwrap_or(0);
                super::positions::dia_count(&offsets, shape, width)
            }
            SparseFormat::Coo => count,
            // scipy's nnz: where indptr ends, in values (entries past it
            // are dropped), never more than `data` holds.
            _ => {
                let end = self.index_member("indptr")?.last().copied().unwrap_or(0);
                let per_entry = header
                    .shape
                    .iter()
                    .skip(1)
                    .try_fold(1usize, |a, &d| a.checked_mul(d))
                    .unwrap_or(usize::MAX);
                usize::try_from(end)
                    .unwrap_or(0)
                    .saturating_mul(per_entry)
                    .min(count)
            }
        };
        Ok(SparseInfo {
            format,
            shape,
            nnz,
            dtype: header.dtype,
            is_array: self.is_array_flag()?,
        })
    }

    fn has(&self, name: &str) -> bool {
        self.names().iter().any(|n| n == name)
    }

    fn sparse_format(&mut self) -> Result<SparseFormat> {
        if !self.has("format") {
            return Err(ErrorKind::NotSparse.into());
        }
        let member = self.by_name_dyn("format")?;
        if member.len() != 1 {
            return Err(invalid(
                "format",
                format!("{} values, expected one", member.len()),
            ));
        }
        let name = match member.dtype().as_scalar().map(|s| s.kind()) {
            Some(ScalarKind::Bytes(_)) => member
                .to_byte_strings()
                .map_err(|e| Error::npy("format", e))?
                .concat(),
            Some(ScalarKind::Unicode(_)) => member
                .to_strings()
                .map_err(|e| Error::npy("format", e))?
                .concat()
                .into_bytes(),
            _ => {
                return Err(invalid(
                    "format",
                    format!("dtype {}, expected a string", member.dtype().descr_repr()),
                ));
            }
        };
        let name = String::from_utf8_lossy(&name).into_owned();
        SparseFormat::from_name(&name).ok_or_else(|| {
            ErrorKind::UnsupportedSparse {
                what: format!("format {name:?}"),
            }
            .into()
        })
    }

    fn sparse_shape(&mut self, format: SparseFormat) -> Result<[usize; 2]> {
        let dims = self.index_member("shape")?;
        match dims[..] {
            [rows, cols] => Ok([
                super::check::dimension(rows)?,
                super::check::dimension(cols)?,
            ]),
            _ if format == SparseFormat::Coo => Err(ErrorKind::UnsupportedSparse {
                what: format!("a COO array of {} dimensions", dims.len()),
            }
            .into()),
            _ => Err(invalid(
                "shape",
                format!("{} dimensions, expected 2", dims.len()),
            )),
        }
    }

    fn is_array_flag(&mut self) -> Result<bool> {
        if !self.has("_is_array") {
            return Ok(false);
        }
        let flag = self.by_name_dyn("_is_array")?;
        if flag.len() != 1 {
            return Err(invalid("_is_array", "expected one value"));
        }
        Ok(match flag.values().next() {
            Some(Value::Bool(b)) => b,
            Some(Value::Int(i)) => i != 0,
            Some(Value::UInt(u)) => u != 0,
            _ => return Err(invalid("_is_array", "expected a bool")),
        })
    }

    /// An integer member, widened to `i64`.
    fn index_member(&mut self, name: &str) -> Result<Vec<i64>> {
        let member = self.by_name_dyn(name)?;
        Ok(one_dimensional(name, &member)?.into_wide())
    }
}

/// What [`NpzReader::read_sparse`] learnt from the small members.
struct Plan {
    format: SparseFormat,
    shape: [usize; 2],
    is_array: bool,
    /// The index members, then `data`.
    members: Vec<&'static str>,
}

impl Plan {
    /// The checked matrix from the members named in `members`, in order.
    fn build(self, mut arrays: Vec<NpyArray>) -> Result<DynSparse> {
        let data = arrays
            .pop()
            .ok_or_else(|| invalid("data", "member missing"))?;
        let mut parts = Vec::new();
        for (name, member) in self.members.iter().zip(&arrays) {
            if *name == "coords" {
                let (row, col) = coords(member)?;
                parts.push(row);
                parts.push(col);
            } else {
                parts.push(one_dimensional(name, member)?);
            }
        }
        let structure = Indexed::assemble(self.format, parts);
        DynSparse::checked(self.shape, structure, data, self.is_array)
    }
}

/// A one-dimensional index member.
fn one_dimensional(name: &str, member: &NpyArray) -> Result<IndexArray> {
    if member.ndim() != 1 {
        return Err(invalid(
            name,
            format!("{} dimensions, expected 1", member.ndim()),
        ));
    }
    integers(name, member)
}

/// The `coords` member newer scipy writes for COO arrays, of shape
/// `(2, nnz)`: its rows and its columns.
fn coords(member: &NpyArray) -> Result<(IndexArray, IndexArray)> {
    if member.ndim() != 2 || member.shape()[0] != 2 {
        return Err(invalid(
            "coords",
            format!("shape {:?}, expected (2, nnz)", member.shape()),
        ));
    }
    Ok(match integers("coords", member)? {
        IndexArray::Narrow(mut row) => {
            let col = row.split_off(row.len() / 2);
            (IndexArray::Narrow(row), IndexArray::Narrow(col))
        }
        IndexArray::Wide(mut row) => {
            let col = row.split_off(row.len() / 2);
            (IndexArray::Wide(row), IndexArray::Wide(col))
        }
    })
}

/// The values of an integer array in C order: as `i32` when its dtype's
/// values all fit, as `i64` otherwise (`int64`, `uint32`, `uint64`; a
/// `uint64` value past `i64::MAX` is refused).
fn integers(name: &str, member: &NpyArray) -> Result<IndexArray> {
    let narrow = |v: Vec<i32>| Ok(IndexArray::Narrow(v));
    match member.dtype().as_scalar().map(|s| s.kind()) {
        Some(ScalarKind::Int(4)) => narrow(typed::<i32>(name, member)?),
        Some(ScalarKind::Int(8)) => Ok(IndexArray::Wide(typed::<i64>(name, member)?)),
        Some(ScalarKind::Int(1)) => narrow(widened::<i8, i32>(name, member)?),
        Some(ScalarKind::Int(2)) => narrow(widened::<i16, i32>(name, member)?),
        Some(ScalarKind::UInt(1)) => narrow(widened::<u8, i32>(name, member)?),
        Some(ScalarKind::UInt(2)) => narrow(widened::<u16, i32>(name, member)?),
        Some(ScalarKind::UInt(4)) => Ok(IndexArray::Wide(widened::<u32, i64>(name, member)?)),
        Some(ScalarKind::UInt(8)) => {
            let values = typed::<u64>(name, member)?;
            let wide = values
                .into_iter()
                .map(|v| {
                    i64::try_from(v).map_err(|_| invalid(name, format!("index {v} is too large")))
                })
                .collect::<Result<Vec<i64>>>()?;
            Ok(IndexArray::Wide(wide))
        }
        _ => Err(invalid(
            name,
            format!("dtype {}, expected integers", member.dtype().descr_repr()),
        )),
    }
}

/// The values of an array of `T`, in C order.
fn typed<T: ReadableElement + Clone>(name: &str, member: &NpyArray) -> Result<Vec<T>> {
    let array = member
        .to_array::<T, IxDyn>()
        .map_err(|e| Error::npy(name, e))?;
    Ok(flat(array))
}

/// The values of an array of `T`, in C order, as the wider `U`.
fn widened<T: ReadableElement + Clone, U: From<T>>(
    name: &str,
    member: &NpyArray,
) -> Result<Vec<U>> {
    Ok(typed::<T>(name, member)?.into_iter().map(U::from).collect())
}

/// Reads the sparse matrix of a `scipy.sparse.save_npz` archive, checked:
/// npio's `scipy.sparse.load_npz`.
///
/// # Example
///
/// ```
/// use npz_archive::{load_sparse, save_sparse, Csr, SparseFormat, SparseMatrix};
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("m.npz");
/// let m = SparseMatrix::from(Csr::<f64>::new([2, 2], vec![0, 1, 1], vec![1], vec![3.0])?);
/// save_sparse(&path, &m)?;
///
/// let back = load_sparse(&path)?;
/// assert_eq!((back.format(), back.shape(), back.nnz()), (SparseFormat::Csr, [2, 2], 1));
/// assert_eq!(back.into_typed::<f64, i32>()?, m);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load_sparse<P: AsRef<Path>>(path: P) -> Result<DynSparse> {
    NpzReader::open(path)?.read_sparse_parallel()
}

/// [`load_sparse`] as Rust types.
pub fn load_sparse_as<T: SparseValue, I: SparseIndex, P: AsRef<Path>>(
    path: P,
) -> Result<SparseMatrix<T, I>> {
    NpzReader::open(path)?.read_sparse_parallel()?.into_typed()
}
