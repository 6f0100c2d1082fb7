//! Conversions to and from the matrices of the `sprs` crate (feature
//! `sprs`).

use super::any::SparseMatrix;
use super::check::invalid;
use super::element::{SparseIndex, SparseValue};
use super::matrix::{Coo, Csc, Csr};
use crate::{Error, Result};
use sprs::{CsMatI, SpIndex, TriMatI};

/// One major line's entries sorted by minor index, repeats combined as a
/// dense copy combines them: the canonical form `sprs` requires.
fn canonical<T: SparseValue, I: SparseIndex>(
    indptr: &[I],
    indices: &[I],
    data: &[T],
) -> (Vec<I>, Vec<I>, Vec<T>) {
    let mut out_ptr = Vec::with_capacity(indptr.len());
    let mut out_idx = Vec::with_capacity(indices.len());
    let mut out_data: Vec<T> = Vec::with_capacity(data.len());
    out_ptr.extend(indptr.first().copied());
    let mut line: Vec<(i64, T)> = Vec::new();
    for w in indptr.windows(2) {
        let (a, b) = (w[0].to_i64() as usize, w[1].to_i64() as usize);
        line.clear();
        line.extend(
            indices
                .get(a..b)
                .unwrap_or(&[])
                .iter()
                .zip(data.get(a..b).unwrap_or(&[]))
                .map(|(i, &v)| (i.to_i64(), v)),
        );
        line.sort_by_key(|&(i, _)| i);
        let line_start = out_idx.len();
        for &(i, v) in &line {
            let repeat =
                out_idx.len() > line_start && out_idx.last().map(|l: &I| l.to_i64()) == Some(i);
            match out_data.last_mut() {
                Some(acc) if repeat => *acc = acc.accumulate(v),
                // Checked indices fit in I: they came from an I.
                _ => {
                    if let Some(i) = I::from_i64(i) {
                        out_idx.push(i);
                        out_data.push(v);
                    }
                }
            }
        }
        if let Some(end) = I::from_i64(out_idx.len() as i64) {
            out_ptr.push(end);
        }
    }
    (out_ptr, out_idx, out_data)
}

fn structure_error(e: sprs::errors::StructureError) -> Error {
    invalid("sprs", e.to_string())
}

macro_rules! compressed_sprs {
    ($name:ident, $try_new:ident, $csr:expr) => {
        impl<T: SparseValue, I: SparseIndex + SpIndex> $name<T, I> {
            /// The matrix as a `sprs` matrix: indices sorted within each
            /// line and repeated positions added up, as `sprs` requires.
            ///
            /// Available with the `sprs` feature.
            pub fn to_sprs(&self) -> Result<CsMatI<T, I>> {
                let [rows, cols] = self.shape();
                let (indptr, indices, data) = canonical(self.indptr(), self.indices(), self.data());
                CsMatI::$try_new((rows, cols), indptr, indices, data)
                    .map_err(|(_, _, _, e)| structure_error(e))
            }
        }
    };
}

compressed_sprs!(Csr, try_new, true);
compressed_sprs!(Csc, try_new_csc, false);

impl<T: SparseValue, I: SparseIndex + SpIndex> Coo<T, I> {
    /// The matrix as a `sprs` triplet matrix (repeats kept, as in COO).
    ///
    /// Available with the `sprs` feature.
    pub fn to_sprs(&self) -> TriMatI<T, I> {
        let [rows, cols] = self.shape();
        TriMatI::from_triplets(
            (rows, cols),
            self.row().to_vec(),
            self.col().to_vec(),
            self.data().to_vec(),
        )
    }

    /// A COO matrix from a `sprs` triplet matrix.
    ///
    /// Available with the `sprs` feature.
    pub fn from_sprs(m: &TriMatI<T, I>) -> Result<Coo<T, I>> {
        Coo::new(
            [m.rows(), m.cols()],
            m.row_inds().to_vec(),
            m.col_inds().to_vec(),
            m.data().to_vec(),
        )
    }
}

impl<T: SparseValue, I: SparseIndex + SpIndex> SparseMatrix<T, I> {
    /// A CSR or CSC matrix (as `m` is stored) from a `sprs` matrix.
    ///
    /// Available with the `sprs` feature.
    ///
    /// # Example
    ///
    /// ```
    /// use npz_archive::{Csr, SparseMatrix};
    ///
    /// let csr = Csr::<f64, i64>::new([2, 2], vec![0, 2, 2], vec![1, 0], vec![5.0, 7.0])?;
    /// let m = csr.to_sprs()?; // sorted for sprs: (0, 0) then (0, 1)
    /// assert_eq!(m.get(0, 1), Some(&5.0));
    ///
    /// let back = SparseMatrix::from_sprs(&m)?;
    /// assert_eq!(back.to_dense(1 << 20)?, csr.to_dense(1 << 20)?);
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn from_sprs(m: &CsMatI<T, I>) -> Result<SparseMatrix<T, I>> {
        let mut indptr = Vec::with_capacity(m.outer_dims() + 1);
        let mut indices = Vec::with_capacity(m.nnz());
        let mut data = Vec::with_capacity(m.nnz());
        indptr.push(from_len(0)?);
        for line in m.outer_iterator() {
            indices.extend_from_slice(line.indices());
            data.extend_from_slice(line.data());
            indptr.push(from_len(indices.len())?);
        }
        let shape = [m.rows(), m.cols()];
        Ok(if m.is_csr() {
            SparseMatrix::Csr(Csr::new(shape, indptr, indices, data)?)
        } else {
            SparseMatrix::Csc(Csc::new(shape, indptr, indices, data)?)
        })
    }
}

fn from_len<I: SparseIndex>(n: usize) -> Result<I> {
    i64::try_from(n)
        .ok()
        .and_then(I::from_i64)
        .ok_or_else(|| invalid("indptr", format!("{n} entries do not fit the index type")))
}
