//! The index and value types a sparse matrix holds.

use npy_format::num_complex::Complex;
use npy_format::{ReadableElement, WritableElement};
use std::fmt::Debug;

mod sealed {
    pub trait Sealed {}
}

/// An index type scipy stores: `i32` or `i64`.
///
/// scipy picks `int32` when every index fits and `int64` otherwise; npio
/// reads either into either type, refusing an index that does not fit.
///
/// # Example
///
/// ```
/// use npz_archive::SparseIndex;
///
/// assert_eq!(<i32 as SparseIndex>::from_i64(7), Some(7));
/// assert_eq!(<i32 as SparseIndex>::from_i64(1 << 40), None);
/// assert_eq!(5i64.to_i64(), 5);
/// ```
pub trait SparseIndex:
    ReadableElement
    + WritableElement
    + Copy
    + Debug
    + PartialEq
    + Send
    + Sync
    + 'static
    + sealed::Sealed
{
    /// The index widened to `i64`.
    fn to_i64(self) -> i64;
    /// The index from an `i64`, or `None` when it does not fit.
    fn from_i64(value: i64) -> Option<Self>;
}

impl sealed::Sealed for i32 {}
impl sealed::Sealed for i64 {}

impl SparseIndex for i32 {
    fn to_i64(self) -> i64 {
        i64::from(self)
    }
    fn from_i64(value: i64) -> Option<i32> {
        i32::try_from(value).ok()
    }
}

impl SparseIndex for i64 {
    fn to_i64(self) -> i64 {
        self
    }
    fn from_i64(value: i64) -> Option<i64> {
        Some(value)
    }
}

/// A value type scipy's sparse matrices hold: `bool`, the integers of 8
/// to 64 bits, `f32`, `f64`, and complex numbers of `f32` and `f64`.
///
/// [`accumulate`](Self::accumulate) is how duplicate entries combine in a
/// dense copy, as in scipy's `toarray`: integers wrap as NumPy's do, and
/// `bool` entries combine with "or".
///
/// # Example
///
/// ```
/// use npz_archive::SparseValue;
///
/// assert_eq!(250u8.accumulate(10), 4);
/// assert!(false.accumulate(true));
/// assert_eq!(f64::zero(), 0.0);
/// ```
pub trait SparseValue:
    ReadableElement
    + WritableElement
    + Copy
    + Debug
    + PartialEq
    + Send
    + Sync
    + 'static
    + sealed::Sealed
{
    /// The value of the positions a sparse matrix does not store.
    fn zero() -> Self;
    /// Two entries at one position, combined.
    fn accumulate(self, other: Self) -> Self;
}

impl sealed::Sealed for bool {}

impl SparseValue for bool {
    fn zero() -> bool {
        false
    }
    fn accumulate(self, other: bool) -> bool {
        self | other
    }
}

macro_rules! integer_values {
    ($($t:ty),*) => {$(
        impl sealed::Sealed for $t {}
        impl SparseValue for $t {
            fn zero() -> $t {
                0
            }
            fn accumulate(self, other: $t) -> $t {
                self.wrapping_add(other)
            }
        }
    )*};
}

integer_values!(i8, i16, u8, u16, u32, u64);

// i32 and i64 are sealed as indices already.
impl SparseValue for i32 {
    fn zero() -> i32 {
        0
    }
    fn accumulate(self, other: i32) -> i32 {
        self.wrapping_add(other)
    }
}

impl SparseValue for i64 {
    fn zero() -> i64 {
        0
    }
    fn accumulate(self, other: i64) -> i64 {
        self.wrapping_add(other)
    }
}

macro_rules! float_values {
    ($($t:ty => $zero:expr),*) => {$(
        impl sealed::Sealed for $t {}
        impl SparseValue for $t {
            fn zero() -> $t {
                $zero
            }
            fn accumulate(self, other: $t) -> $t {
                self + other
            }
        }
    )*};
}

float_values!(
    f32 => 0.0,
    f64 => 0.0,
    Complex<f32> => Complex::new(0.0, 0.0),
    Complex<f64> => Complex::new(0.0, 0.0)
);
