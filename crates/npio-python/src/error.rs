//! npio's errors as the Python exceptions NumPy raises for the same cause.

use std::io;

use pyo3::exceptions::{
    PyEOFError, PyFileExistsError, PyFileNotFoundError, PyIsADirectoryError, PyKeyError, PyOSError,
    PyPermissionError, PyUnicodeDecodeError, PyValueError,
};
use pyo3::prelude::*;

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

/// delimited-text's error as an exception; text that does not decode is
/// a `UnicodeDecodeError` (a `ValueError`), as Python's decoding raises.
///
/// Errors located in the input carry their details as attributes
/// (`npio_kind`, `npio_line`, …), from which the Python side words the
/// message as NumPy does (NumPy counts rows of data; npio knows lines).
pub(crate) fn text(e: delimited_text::Error) -> PyErr {
    use delimited_text::ErrorKind as K;
    let details: Option<Vec<(&str, Detail)>> = match e.kind() {
        K::Convert {
            line,
            column,
            text,
            dtype,
        } => Some(vec![
            ("kind", Detail::Str("convert".into())),
            ("line", Detail::Int(*line as i64)),
            ("column", Detail::Int(*column as i64)),
            ("text", Detail::Str(text.clone())),
            ("dtype", Detail::Str(dtype.clone())),
        ]),
        K::Ragged {
            line,
            expected,
            found,
        } => Some(vec![
            ("kind", Detail::Str("ragged".into())),
            ("line", Detail::Int(*line as i64)),
            ("expected", Detail::Int(*expected as i64)),
            ("found", Detail::Int(*found as i64)),
        ]),
        K::MissingColumn {
            line,
            index,
            columns,
        } => Some(vec![
            ("kind", Detail::Str("missing_column".into())),
            ("line", Detail::Int(*line as i64)),
            ("index", Detail::Int(*index as i64)),
            ("columns", Detail::Int(*columns as i64)),
        ]),
        _ => None,
    };
    if let Some(details) = details {
        let err = PyValueError::new_err(e.to_string());
        Python::attach(|py| {
            let value = err.value(py);
            for (name, detail) in details {
                let name = format!("npio_{name}");
                // Setting an attribute on a fresh ValueError cannot fail;
                // if it did, the message alone still says everything.
                let _ = match detail {
                    Detail::Int(i) => value.setattr(name.as_str(), i),
                    Detail::Str(s) => value.setattr(name.as_str(), s),
                };
            }
        });
        return err;
    }
    if let delimited_text::ErrorKind::Encoding { .. } = e.kind() {
        let empty: &[u8] = &[];
        return PyUnicodeDecodeError::new_err((
            "text",
            empty.to_vec(),
            0usize,
            0usize,
            e.to_string(),
        ));
    }
    from_kind(e.io_kind(), e.to_string())
}

/// One detail of a located text error.
enum Detail {
    Int(i64),
    Str(String),
}
