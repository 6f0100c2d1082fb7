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

/// npy-format's error as an exception; a header over the limit is
/// reported in NumPy's words, which callers match on.
pub(crate) fn npy(e: npy_format::Error) -> PyErr {
    if let npy_format::ErrorKind::HeaderTooLarge { len, limit } = e.kind() {
        return too_large(*len, *limit);
    }
    from_kind(e.io_kind(), e.to_string())
}

fn too_large(len: u64, limit: usize) -> PyErr {
    PyValueError::new_err(format!(
        "Header info length ({len}) is large and may not be safe to load securely \
         (limit {limit}). To allow loading, adjust `max_header_size` or fully trust \
         the `.npy` file using `allow_pickle=True`."
    ))
}

/// npz-archive's error as an exception; a missing member is a `KeyError`,
/// as `NpzFile[...]` raises.
pub(crate) fn npz(e: npz_archive::Error) -> PyErr {
    match e.kind() {
        npz_archive::ErrorKind::NoSuchMember { .. } => return PyKeyError::new_err(e.to_string()),
        npz_archive::ErrorKind::Npy { source, .. } => {
            if let npy_format::ErrorKind::HeaderTooLarge { len, limit } = source.kind() {
                return too_large(*len, *limit);
            }
        }
        _ => {}
    }
    from_kind(e.io_kind(), e.to_string())
}

/// delimited-text's error as an exception.
pub(crate) fn text(e: delimited_text::Error) -> PyErr {
    from_kind(e.io_kind(), e.to_string())
}
