//! The sparse matrices of `scipy.sparse.save_npz` archives, as `info`,
//! `head` and `convert --dense` show them.

use crate::failure::Failure;
use npio::npy::{DType, ScalarKind};
use npio::npz::{DynSparse, NpzReader, SparseInfo};
use std::io::{Read, Seek};
use std::path::Path;

/// The sparse matrix an archive holds, from its small members and
/// headers; `None` for an archive of loose arrays.
pub fn info<R: Read + Seek>(
    path: &Path,
    npz: &mut NpzReader<R>,
) -> Result<Option<SparseInfo>, Failure> {
    if !npz.is_sparse() {
        return Ok(None);
    }
    npz.sparse_info()
        .map(Some)
        .map_err(|e| Failure::at(path, e))
}

/// `csr matrix 1000 × 1000, float64, 5,012 stored values`.
pub fn summary(s: &SparseInfo) -> String {
    format!(
        "{} {} {} × {}, {}, {} stored value{}",
        s.format,
        if s.is_array { "array" } else { "matrix" },
        s.shape[0],
        s.shape[1],
        dtype_name(&s.dtype),
        thousands(s.nnz),
        if s.nnz == 1 { "" } else { "s" }
    )
}

/// NumPy's name of a dtype (`float64`), or its descr for the others.
pub fn dtype_name(dtype: &DType) -> String {
    match dtype.as_scalar().map(|s| s.kind()) {
        Some(ScalarKind::Bool) => "bool".to_string(),
        Some(ScalarKind::Int(n)) => format!("int{}", n * 8),
        Some(ScalarKind::UInt(n)) => format!("uint{}", n * 8),
        Some(ScalarKind::Float(n)) => format!("float{}", n * 8),
        Some(ScalarKind::Complex(n)) => format!("complex{}", n * 8),
        _ => dtype.descr_repr(),
    }
}

/// `5012` as `5,012`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The summary line, then the first `rows` stored values as
/// `(row, col) value`.
pub fn head(path: &Path, m: &DynSparse, info: &SparseInfo, rows: usize) -> Result<String, Failure> {
    let mut out = summary(info);
    out.push('\n');
    for entry in m.entries().take(rows) {
        let (r, c, v) = entry.map_err(|e| Failure::at(path, e))?;
        out.push_str(&format!("  ({r}, {c})\t{v}\n"));
    }
    if m.nnz() > rows {
        out.push_str(&format!("  ... {} more\n", thousands(m.nnz() - rows)));
    }
    Ok(out)
}
