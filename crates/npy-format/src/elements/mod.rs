//! Element types that map to NumPy dtypes: the bridge between `.npy` bytes
//! and typed ndarray arrays.

mod bool;
mod num;

use crate::Result;
use crate::dtype::DType;
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
///
/// # Example
///
/// ```
/// use ndarray::{array, IxDyn};
/// use npy_format::{DType, NpyReader, ReadableElement, WriteNpyExt};
///
/// // Code generic over the element type.
/// fn total<A: ReadableElement + Copy + Into<f64>>(bytes: &[u8]) -> npy_format::Result<f64> {
///     let a = NpyReader::new(bytes)?.read_array::<A, IxDyn>()?;
///     Ok(a.iter().map(|&x| x.into()).sum())
/// }
/// let mut bytes = Vec::new();
/// array![1.5f32, 2.5].write_npy(&mut bytes)?;
/// assert_eq!(total::<f32>(&bytes)?, 4.0);
/// assert!(total::<f64>(&bytes).is_err()); // the file holds '<f4'
///
/// // Raw data in the other byte order is swapped.
/// let big = DType::parse_descr("'>i4'")?;
/// let v = i32::read_vec(&mut &[0, 0, 1, 0, 0, 0, 0, 7][..], &big, 2, None)?;
/// assert_eq!(v, vec![256, 7]);
/// # Ok::<(), npy_format::Error>(())
/// ```
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
///
/// # Example
///
/// ```
/// use npy_format::WritableElement;
///
/// assert_eq!(f32::dtype().descr_repr(), "'<f4'");
/// assert_eq!(bool::dtype().descr_repr(), "'|b1'");
///
/// let mut out = Vec::new();
/// u16::write_slice(&[1, 2], &mut out)?;
/// assert_eq!(out, [1, 0, 2, 0]);
/// # Ok::<(), npy_format::Error>(())
/// ```
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
        (DType::Scalar(f), DType::Scalar(w)) if f.kind() == w.kind() => Ok(f.order().needs_swap()),
        _ => Err(crate::Error::mismatch(
            want.descr_repr(),
            found.descr_repr(),
        )),
    }
}
