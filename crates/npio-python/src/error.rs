//! npio's errors as the Python exceptions NumPy raises for the same cause.

use std::io;

use pyo3::PyErr;
use pyo3::exceptions::{
    PyEOFError, PyFileExistsError, PyFileNotFoundError, PyIsADirectoryError, PyKeyError, PyOSError,
    PyPermissionError, PyValueError,
};

/// An I/O failure as Python's matching `OSError` subclass; anything else
/// (a malformed file, a refused limit) as `ValueError`, as NumPy reports
/// a bad header.
fn from_kind(kind: io::ErrorKind, message: String) -> PyErr {
    match kind {
        io::ErrorKind::NotFound => PyFileNotFoundError::new_err(message),
        io::ErrorKind::PermissionDenied => PyPermissionError::new_err(message),
        io::ErrorKind::AlreadyExists => PyFileExistsError::new_err(message),
        io::ErrorKind::IsADirectory => PyIsADirectoryError::new_err(message),
        io::ErrorKind::UnexpectedEof => PyEOFError::new_err(message),
        io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput | io::ErrorKind::Unsupported => {
            PyValueError::new_err(message)
        }
        _ => PyOSError::new_err(message),
    }
}

/// npy-format's error as an exception.
pub(crate) fn npy(e: npy_format::Error) -> PyErr {
    from_kind(e.io_kind(), e.to_string())
}

/// npz-archive's error as an exception; a missing member is a `KeyError`,
/// as `NpzFile[...]` raises.
pub(crate) fn npz(e: npz_archive::Error) -> PyErr {
    if let npz_archive::ErrorKind::NoSuchMember { .. } = e.kind() {
        return PyKeyError::new_err(e.to_string());
    }
    from_kind(e.io_kind(), e.to_string())
}

/// delimited-text's error as an exception.
pub(crate) fn text(e: delimited_text::Error) -> PyErr {
    from_kind(e.io_kind(), e.to_string())
}
