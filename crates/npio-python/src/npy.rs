//! `.npy` files: read whole, headers read from Python file objects, and
//! written atomically.

use std::io::{self, Read};

use npy_format::{NpyReader, ReadOptions};
use numpy::PyReadonlyArray1;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};

use crate::error;
use crate::raw::{self, Borrowed, Parts};

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(read_npy, m)?)?;
    m.add_function(wrap_pyfunction!(read_header, m)?)?;
    m.add_function(wrap_pyfunction!(npy_header, m)?)?;
    m.add_function(wrap_pyfunction!(write_npy, m)?)?;
    Ok(())
}

pub(crate) fn options(max_header_size: usize) -> ReadOptions {
    let mut opts = ReadOptions::new();
    opts.max_header_size(max_header_size);
    opts
}

/// Reads a whole `.npy` file: `(descr, fortran_order, shape, data)`.
#[pyfunction]
fn read_npy(
    py: Python<'_>,
    path: std::path::PathBuf,
    max_header_size: usize,
) -> PyResult<Parts<'_>> {
    let opts = options(max_header_size);
    let array = py
        .detach(|| crate::threads::run(|| NpyReader::open_with(&path, &opts)?.read_dyn()))
        .map_err(error::npy)?;
    raw::into_parts(py, array)
}

/// A header as the Python side reads it:
/// `(descr, fortran_order, shape, version)`.
type HeaderParts<'py> = (String, bool, Bound<'py, PyTuple>, (u8, u8));

/// Reads the magic, version and header from a Python binary file object,
/// leaving it at the first data byte, as NumPy's `read_array` does:
/// `(descr, fortran_order, shape, version)`.
#[pyfunction]
fn read_header<'py>(
    py: Python<'py>,
    file: Bound<'py, PyAny>,
    max_header_size: usize,
) -> PyResult<HeaderParts<'py>> {
    let mut reader = PyFileReader { file };
    let parsed =
        npy_format::read_header(&mut reader, &options(max_header_size)).map_err(error::npy)?;
    let h = parsed.header;
    Ok((
        h.dtype.descr_repr(),
        h.fortran_order,
        PyTuple::new(py, &h.shape)?,
        parsed.version.as_tuple(),
    ))
}

/// The header `np.save` writes for this dtype, shape and order, byte for
/// byte.
#[pyfunction]
fn npy_header<'py>(
    py: Python<'py>,
    descr: &str,
    shape: Vec<usize>,
    fortran_order: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    let header = raw::header(descr, shape, fortran_order)?;
    let bytes = header.to_bytes().map_err(error::npy)?;
    Ok(PyBytes::new(py, &bytes))
}

/// Writes a `.npy` file atomically (a temporary file renamed into
/// place) from a contiguous array's bytes.
#[pyfunction]
fn write_npy(
    py: Python<'_>,
    path: std::path::PathBuf,
    descr: &str,
    shape: Vec<usize>,
    fortran_order: bool,
    data: PyReadonlyArray1<'_, u8>,
) -> PyResult<()> {
    let header = raw::header(descr, shape, fortran_order)?;
    let bytes = raw::bytes(&data)?;
    let array = Borrowed::new(header, bytes)?;
    py.detach(|| crate::threads::run(|| npy_format::write_npy(&path, &array)))
        .map_err(error::npy)
}

/// A Python binary file object as a `Read`: each call is one
/// `file.read(n)`.
struct PyFileReader<'py> {
    file: Bound<'py, PyAny>,
}

impl Read for PyFileReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let chunk = self
            .file
            .call_method1("read", (buf.len(),))
            .map_err(io::Error::other)?;
        let bytes = chunk
            .cast::<PyBytes>()
            .map_err(|_| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "file.read() did not return bytes",
                )
            })?
            .as_bytes();
        let n = bytes.len().min(buf.len());
        buf[..n].copy_from_slice(&bytes[..n]);
        Ok(n)
    }
}
