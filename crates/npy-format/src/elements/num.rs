//! Numbers: integers, floats (f16 through the `half` crate) and complex.

use super::{ReadableElement, WritableElement, expect_dtype};
use crate::Result;
use crate::dtype::{DType, ScalarKind};
use crate::io_util::{read_pod_file, read_pod_vec_then};
use half::f16;
use num_complex::Complex;
use std::fs::File;
use std::io::{Read, Write};

/// Reverses the byte order of a value in place.
pub(crate) trait SwapBytes: Copy {
    fn swapped(self) -> Self;
}

macro_rules! swap_int {
    ($($t:ty),*) => {$(
        impl SwapBytes for $t {
            #[inline]
            fn swapped(self) -> Self {
                self.swap_bytes()
            }
        }
    )*};
}
swap_int!(i8, i16, i32, i64, u8, u16, u32, u64);

impl SwapBytes for f16 {
    #[inline]
    fn swapped(self) -> Self {
        f16::from_bits(self.to_bits().swap_bytes())
    }
}
impl SwapBytes for f32 {
    #[inline]
    fn swapped(self) -> Self {
        f32::from_bits(self.to_bits().swap_bytes())
    }
}
impl SwapBytes for f64 {
    #[inline]
    fn swapped(self) -> Self {
        f64::from_bits(self.to_bits().swap_bytes())
    }
}
impl<T: SwapBytes> SwapBytes for Complex<T> {
    #[inline]
    fn swapped(self) -> Self {
        Complex::new(self.re.swapped(), self.im.swapped())
    }
}

macro_rules! number {
    ($($t:ty => $kind:expr),* $(,)?) => {$(
        impl WritableElement for $t {
            fn dtype() -> DType {
                DType::scalar($kind)
            }

            fn write_slice<W: Write + ?Sized>(slice: &[Self], writer: &mut W) -> Result<()> {
                writer.write_all(bytemuck::cast_slice(slice))?;
                Ok(())
            }
        }

        impl ReadableElement for $t {
            fn read_vec<R: Read + ?Sized>(
                reader: &mut R,
                dtype: &DType,
                len: usize,
                avail: Option<u64>,
            ) -> Result<Vec<Self>> {
                let swap = expect_dtype::<Self>(dtype)?;
                let swap_all = |piece: &mut [Self]| {
                    piece.iter_mut().for_each(|x| *x = x.swapped());
                };
                read_pod_vec_then(reader, len, avail, swap.then_some(swap_all))
            }

            fn read_vec_at(
                file: &File,
                offset: u64,
                dtype: &DType,
                len: usize,
                avail: u64,
            ) -> Result<Vec<Self>> {
                let swap = expect_dtype::<Self>(dtype)?;
                let swap_all = |piece: &mut [Self]| {
                    piece.iter_mut().for_each(|x| *x = x.swapped());
                };
                read_pod_file(file, offset, len, avail, swap.then_some(swap_all))
            }
        }
    )*};
}

number! {
    i8 => ScalarKind::Int(1),
    i16 => ScalarKind::Int(2),
    i32 => ScalarKind::Int(4),
    i64 => ScalarKind::Int(8),
    u8 => ScalarKind::UInt(1),
    u16 => ScalarKind::UInt(2),
    u32 => ScalarKind::UInt(4),
    u64 => ScalarKind::UInt(8),
    f16 => ScalarKind::Float(2),
    f32 => ScalarKind::Float(4),
    f64 => ScalarKind::Float(8),
    Complex<f32> => ScalarKind::Complex(8),
    Complex<f64> => ScalarKind::Complex(16),
}
