//! Owned copies of mapped data. Views in place are npy-format's
//! ([`npy_format::view_npy`] and the machinery behind it), which this crate
//! applies to the bytes it maps.

use crate::{Error, Result};
use ndarray::{Array, Dimension, IxDyn, ShapeBuilder};
use npy_format::{Header, ReadableElement};

fn shape_of(header: &Header) -> ndarray::Shape<IxDyn> {
    IxDyn(&header.shape).set_f(header.fortran_order)
}

fn dims_error<D: Dimension>(ndim: usize) -> Error {
    Error::npy(npy_format::ErrorKind::DimensionMismatch {
        expected: D::NDIM.unwrap_or(ndim),
        found: ndim,
    })
}

fn check_ndim<D: Dimension>(ndim: usize) -> Result<()> {
    match D::NDIM {
        Some(n) if n != ndim => Err(dims_error::<D>(ndim)),
        _ => Ok(()),
    }
}

/// Copies `bytes` into an owned array, swapping the byte order when the
/// data is not native. Works at any alignment.
pub(crate) fn owned_array<T: ReadableElement, D: Dimension>(
    header: &Header,
    bytes: &[u8],
) -> Result<Array<T, D>> {
    let ndim = header.shape.len();
    check_ndim::<D>(ndim)?;
    let len = header.num_elements()?;
    let v = T::read_vec(
        &mut &bytes[..],
        &header.dtype,
        len,
        Some(bytes.len() as u64),
    )?;
    Array::from_shape_vec(shape_of(header), v)
        .map_err(|_| Error::length(header.data_len().unwrap_or(0) as u64, bytes.len() as u64))?
        .into_dimensionality::<D>()
        .map_err(|_| dims_error::<D>(ndim))
}

#[cfg(test)]
mod tests {
    use super::*;
    use npy_format::DType;

    #[test]
    fn owned_copies_swap_big_endian_data() {
        let data: Vec<u8> = (1..=16).collect();
        let h = Header::new(DType::parse_descr("'>i8'").unwrap(), vec![2], false);
        let a = owned_array::<i64, ndarray::Ix1>(&h, &data).unwrap();
        assert_eq!(a[0], 0x0102_0304_0506_0708);
        assert!(owned_array::<i64, ndarray::Ix2>(&h, &data).is_err());
    }
}
