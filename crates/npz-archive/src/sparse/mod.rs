//! The sparse matrices of `scipy.sparse.save_npz` archives.
//!
//! scipy keeps one sparse matrix per `.npz`: a `format` member (`b'csr'`,
//! `b'csc'`, `b'coo'`, `b'bsr'` or `b'dia'`), its `shape`, its stored
//! values `data`, and the format's index arrays (`indices` and `indptr`,
//! `row` and `col`, or `offsets`). This module reads them into typed
//! matrices ([`Csr`], [`Csc`], [`Coo`], [`Bsr`], [`Dia`], gathered in
//! [`SparseMatrix`]) or into a [`DynSparse`] when the dtypes are known
//! only at run time, checking every invariant of the format before
//! anything is built; and it writes them back as `save_npz` does, so that
//! `scipy.sparse.load_npz` reads npio's archives.
//!
//! # Example
//!
//! ```
//! use ndarray::array;
//! use npz_archive::{load_sparse_as, save_sparse, Csr, SparseMatrix};
//!
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join("adjacency.npz");
//! let m = Csr::<bool>::new([2, 3], vec![0, 1, 3], vec![2, 0, 1], vec![true; 3])?;
//! save_sparse(&path, &m)?;
//!
//! let back: SparseMatrix<bool, i32> = load_sparse_as(&path)?;
//! assert_eq!(
//!     back.to_dense(1 << 20)?,
//!     array![[false, false, true], [true, true, false]]
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod any;
mod check;
mod dense;
mod dynamic;
mod element;
mod matrix;
mod positions;
mod read;
#[cfg(feature = "sprs")]
mod sprs_interop;
mod structure;
mod write;

pub use any::SparseMatrix;
pub use dense::DEFAULT_DENSE_LIMIT;
pub use dynamic::DynSparse;
pub use element::{SparseIndex, SparseValue};
pub use matrix::{Bsr, Coo, Csc, Csr, Dia};
pub use read::{SparseInfo, load_sparse, load_sparse_as};
pub use write::{SparseOptions, WriteSparse, save_sparse, save_sparse_to, save_sparse_with};

/// scipy's sparse storage formats.
///
/// # Example
///
/// ```
/// use npz_archive::SparseFormat;
///
/// assert_eq!(SparseFormat::from_name("csr"), Some(SparseFormat::Csr));
/// assert_eq!(SparseFormat::Dia.name(), "dia");
/// assert_eq!(SparseFormat::from_name("lil"), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SparseFormat {
    /// Compressed sparse rows.
    Csr,
    /// Compressed sparse columns.
    Csc,
    /// Coordinates (row, column, value).
    Coo,
    /// Block sparse rows.
    Bsr,
    /// Diagonals.
    Dia,
}

impl SparseFormat {
    /// The name scipy gives it (its `format` member).
    pub fn name(self) -> &'static str {
        match self {
            SparseFormat::Csr => "csr",
            SparseFormat::Csc => "csc",
            SparseFormat::Coo => "coo",
            SparseFormat::Bsr => "bsr",
            SparseFormat::Dia => "dia",
        }
    }

    /// The format scipy names so, if npio reads it.
    pub fn from_name(name: &str) -> Option<SparseFormat> {
        [
            SparseFormat::Csr,
            SparseFormat::Csc,
            SparseFormat::Coo,
            SparseFormat::Bsr,
            SparseFormat::Dia,
        ]
        .into_iter()
        .find(|f| f.name() == name)
    }
}

impl std::fmt::Display for SparseFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
