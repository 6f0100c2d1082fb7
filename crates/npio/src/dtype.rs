//! Dtypes from Rust element types, as `np.dtype(np.float32)`.

use npy_format::{DType, WritableElement};

/// The dtype of a Rust element type, in native byte order: what npio
/// writes for an array of `A`.
///
/// Dtypes with no Rust element type (strings, records, datetimes) come
/// from [`DType::parse_descr`] or [`DType::scalar`].
///
/// # Example
///
/// ```
/// use npio::npy::DType;
///
/// assert_eq!(npio::dtype::<f64>().descr_repr(), "'<f8'"); // on little-endian machines
/// assert_eq!(npio::dtype::<bool>().descr_repr(), "'|b1'");
/// assert_eq!(npio::dtype::<i16>(), DType::parse_descr("=i2")?.to_native());
/// # Ok::<(), npio::npy::Error>(())
/// ```
pub fn dtype<A: WritableElement>() -> DType {
    A::dtype()
}
