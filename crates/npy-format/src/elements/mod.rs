//! Element types that map to NumPy dtypes: the bridge between `.npy` bytes
//! and typed ndarray arrays.

mod bool;
mod num;

use crate::dtype::DType;
use crate::Result;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};

/// An element type that can be read from `.npy` data.
///
/// Implemented for `bool`, `i8`–`i64`, `u8`–`u64`, [`half::f16`], `f32`,
/// `f64`, and [`num_complex::Complex`] of `f32` and `f64`. Both byte orders
/// are read; data in the other order is swapped.
///
/// Reading returns `Err` in at least the following cases:
/// - the file's dtype is not this type's (the error names both);
/// - the data is shorter than the header says;
/// - a `bool` element holds a byte other than 0 or 1.
pub trait ReadableElement: Sized {
    /// Reads `len` elements stored as `dtype`. `avail`, when known, is the
    /// number of bytes left in the input, checked before allocating.
    fn read_vec<R: Read + ?Sized>(
        reader: &mut R,
        dtype: &DType,
        len: usize,
        avail: Option<u64>,
    ) -> Result<Vec<Self>>;

    /// Reads `len` elements stored as `dtype` from `file` at byte
    /// `offset`, where `avail` bytes are known to follow. Numbers override
    /// this to read large arrays with several threads.
    fn read_vec_at(
        file: &File,
        offset: u64,
        dtype: &DType,
        len: usize,
        avail: u64,
    ) -> Result<Vec<Self>> {
        let mut f = file;
        f.seek(SeekFrom::Start(offset))?;
        Self::read_vec(&mut f, dtype, len, Some(avail))
    }
}

/// An element type that can be written as `.npy` data, in native byte
/// order.
pub trait WritableElement: Copy {
    /// The dtype written for this type (native byte order).
    fn dtype() -> DType;

    /// Writes the elements' bytes.
    fn write_slice<W: Write + ?Sized>(slice: &[Self], writer: &mut W) -> Result<()>;
}

/// The dtype an element type reads, for error messages.
pub(crate) fn expect_dtype<T: WritableElement>(found: &DType) -> Result<bool> {
    let want = T::dtype();
    match (found, &want) {
        (DType::Scalar(f), DType::Scalar(w)) if f.kind == w.kind => Ok(f.order.needs_swap()),
        _ => Err(crate::Error::mismatch(want.descr(), found.descr())),
    }
}
