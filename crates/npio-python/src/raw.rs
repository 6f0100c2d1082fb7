//! Arrays at the boundary: npio's `NpyArray` out as parts NumPy can view
//! without a copy, and NumPy's contiguous bytes in as something npio's
//! writers take without a copy.

use std::io::Write;

use npy_format::{DType, Header, NpyArray, WriteNpyExt};
use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::error;

/// An array as the Python side rebuilds it:
/// `(descr, fortran_order, shape, data)`, where `data` is a `uint8` array
/// owning npio's buffer.
pub(crate) type Parts<'py> = (String, bool, Bound<'py, PyTuple>, Bound<'py, PyArray1<u8>>);

/// Hands an array's buffer to NumPy (moved, not copied).
pub(crate) fn into_parts(py: Python<'_>, array: NpyArray) -> PyResult<Parts<'_>> {
    let (header, data) = array.into_parts();
    Ok((
        header.dtype.descr_repr(),
        header.fortran_order,
        PyTuple::new(py, &header.shape)?,
        PyArray1::from_vec(py, data),
    ))
}

/// A header from the parts the Python side sends: the dtype's `descr`
/// literal, the shape and the memory order.
pub(crate) fn header(descr: &str, shape: Vec<usize>, fortran_order: bool) -> PyResult<Header> {
    let dtype = DType::parse_descr(descr).map_err(error::npy)?;
    Ok(Header::new(dtype, shape, fortran_order))
}

/// A header and the bytes of a contiguous NumPy array, borrowed: what
/// npio's writers take in place of an `NpyArray`, so that saving copies
/// nothing.
#[derive(Debug)]
pub(crate) struct Borrowed<'a> {
    header: Header,
    data: &'a [u8],
}

impl<'a> Borrowed<'a> {
    /// Checks that the bytes are exactly what the header describes.
    pub(crate) fn new(header: Header, data: &'a [u8]) -> PyResult<Borrowed<'a>> {
        let want = header.data_len().map_err(error::npy)?;
        if want != data.len() {
            return Err(PyValueError::new_err(format!(
                "array data is {} bytes; its dtype and shape need {want}",
                data.len()
            )));
        }
        Ok(Borrowed { header, data })
    }
}

impl WriteNpyExt for Borrowed<'_> {
    fn write_npy_to(&self, writer: &mut dyn Write) -> npy_format::Result<()> {
        writer.write_all(&self.header.to_bytes()?)?;
        writer.write_all(self.data)?;
        writer.flush()?;
        Ok(())
    }

    fn npy_len(&self) -> Option<u64> {
        let header = self.header.to_bytes().ok()?;
        Some((header.len() + self.data.len()) as u64)
    }

    fn npy_header(&self) -> Option<Header> {
        Some(self.header.clone())
    }
}

/// The bytes of an array the Python side made contiguous and viewed as
/// `uint8`.
pub(crate) fn bytes<'a>(data: &'a PyReadonlyArray1<'_, u8>) -> PyResult<&'a [u8]> {
    data.as_slice()
        .map_err(|_| PyValueError::new_err("array data must be contiguous"))
}
