//! `.npz` archives: a lazy reader behind NumPy's `NpzFile` mapping, and
//! `savez` / `savez_compressed` to a path (atomically) or to bytes.

use std::io::Cursor;
use std::path::PathBuf;
use std::sync::Mutex;

use npz_archive::{Compression, NpzLimits, NpzReader, NpzWriter, SharedFile};
use numpy::PyReadonlyArray1;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};

use crate::error;
use crate::raw::{self, Borrowed, Parts};

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Archive>()?;
    m.add_function(wrap_pyfunction!(savez, m)?)?;
    Ok(())
}

/// Where an archive's bytes come from: a file, or bytes a Python file
/// object held.
#[derive(Debug)]
enum Reader {
    File(NpzReader<SharedFile>),
    Memory(NpzReader<Cursor<Vec<u8>>>),
}

macro_rules! with_reader {
    ($reader:expr, $r:ident => $body:expr) => {
        match $reader {
            Reader::File($r) => $body,
            Reader::Memory($r) => $body,
        }
    };
}

/// An open `.npz` archive; members are read on demand. Closing it
/// releases the file.
#[pyclass(module = "npio._npio")]
#[derive(Debug)]
struct Archive {
    names: Vec<String>,
    reader: Mutex<Option<Reader>>,
}

fn limits(max_header_size: usize) -> NpzLimits {
    let mut limits = NpzLimits::new();
    limits.npy_options(crate::npy::options(max_header_size));
    limits
}

#[pymethods]
impl Archive {
    /// Opens an archive file.
    #[staticmethod]
    fn open(py: Python<'_>, path: PathBuf, max_header_size: usize) -> PyResult<Archive> {
        let reader = py
            .detach(|| crate::threads::run(|| NpzReader::open_with(&path, limits(max_header_size))))
            .map_err(error::npz)?;
        Ok(Archive::new(Reader::File(reader)))
    }

    /// Opens an archive held in memory (what a file object contained).
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: Vec<u8>, max_header_size: usize) -> PyResult<Archive> {
        let reader = py
            .detach(|| {
                crate::threads::run(|| {
                    NpzReader::with_limits(Cursor::new(data), limits(max_header_size))
                })
            })
            .map_err(error::npz)?;
        Ok(Archive::new(Reader::Memory(reader)))
    }

    /// The arrays' names, in archive order (`.npy` dropped), as
    /// `NpzFile.files`.
    fn names(&self) -> Vec<String> {
        self.names.clone()
    }

    /// Every member's name in the ZIP directory, in archive order.
    fn zip_names(&self) -> PyResult<Vec<String>> {
        let guard = self
            .reader
            .lock()
            .map_err(|_| PyRuntimeError::new_err("the archive's reader panicked earlier"))?;
        let reader = guard
            .as_ref()
            .ok_or_else(|| PyValueError::new_err("the archive is closed"))?;
        Ok(with_reader!(reader, r => r.zip_names().to_vec()))
    }

    /// A member's `(descr, fortran_order, shape)`, read from its header
    /// alone (the data is not decompressed).
    fn header<'py>(
        &self,
        py: Python<'py>,
        name: &str,
    ) -> PyResult<(String, bool, Bound<'py, PyTuple>)> {
        let info = self.with(py, |r| {
            with_reader!(r, r => {
                let i = r.index_of(name)?;
                r.describe(i)
            })
        })?;
        let h = info
            .header
            .ok_or_else(|| PyValueError::new_err(format!("member {name:?} is not a .npy array")))?
            .header;
        Ok((
            h.dtype.descr_repr(),
            h.fortran_order,
            PyTuple::new(py, &h.shape)?,
        ))
    }

    /// Reads a member whole: `(descr, fortran_order, shape, data)`.
    fn read<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Parts<'py>> {
        let array = self.with(py, |r| with_reader!(r, r => r.by_name_dyn(name)))?;
        raw::into_parts(py, array)
    }

    /// Releases the archive; later reads raise.
    fn close(&self) {
        if let Ok(mut guard) = self.reader.lock() {
            guard.take();
        }
    }
}

impl Archive {
    fn new(reader: Reader) -> Archive {
        let names = with_reader!(&reader, r => r.names().to_vec());
        Archive {
            names,
            reader: Mutex::new(Some(reader)),
        }
    }

    /// Runs `f` on the open reader with the GIL released.
    fn with<T: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut Reader) -> npz_archive::Result<T> + Send,
    ) -> PyResult<T> {
        py.detach(|| {
            crate::threads::run(|| {
                let mut guard = self.reader.lock().map_err(|_| {
                    PyRuntimeError::new_err("the archive's reader panicked earlier")
                })?;
                let reader = guard
                    .as_mut()
                    .ok_or_else(|| PyValueError::new_err("the archive is closed"))?;
                f(reader).map_err(error::npz)
            })
        })
    }
}

/// One array to write: `(name, descr, shape, fortran_order, data)`.
type MemberParts<'py> = (String, String, Vec<usize>, bool, PyReadonlyArray1<'py, u8>);

fn compression(method: &str, level: Option<i32>) -> PyResult<Compression> {
    match method {
        "stored" => Ok(Compression::Stored),
        "deflate" => Ok(Compression::Deflate(level.unwrap_or(6).clamp(0, 9) as u32)),
        "zstd" => Ok(Compression::Zstd(level.unwrap_or(3))),
        other => Err(PyValueError::new_err(format!(
            "unknown compression {other:?}; expected 'stored', 'deflate' or 'zstd'"
        ))),
    }
}

/// Writes arrays as an `.npz` archive: to `path` atomically, or, with no
/// path, into the bytes returned. Members are compressed on every core.
#[pyfunction]
#[pyo3(signature = (path, members, method, level=None))]
fn savez<'py>(
    py: Python<'py>,
    path: Option<PathBuf>,
    members: Vec<MemberParts<'py>>,
    method: &str,
    level: Option<i32>,
) -> PyResult<Option<Bound<'py, PyBytes>>> {
    let compression = compression(method, level)?;
    let mut arrays = Vec::with_capacity(members.len());
    for (name, descr, shape, fortran, data) in &members {
        let header = raw::header(descr, shape.clone(), *fortran)?;
        arrays.push((name.as_str(), Borrowed::new(header, raw::bytes(data)?)?));
    }
    let refs: Vec<(&str, &Borrowed<'_>)> = arrays.iter().map(|(n, a)| (*n, a)).collect();
    match path {
        Some(path) => {
            py.detach(|| {
                crate::threads::run(|| {
                    let mut w = NpzWriter::create(&path, compression)?;
                    w.add_all(&refs)?;
                    w.commit()
                })
            })
            .map_err(error::npz)?;
            Ok(None)
        }
        None => {
            let bytes = py
                .detach(|| {
                    crate::threads::run(|| {
                        let mut w = NpzWriter::new(Cursor::new(Vec::new()), compression);
                        w.add_all(&refs)?;
                        w.finish().map(Cursor::into_inner)
                    })
                })
                .map_err(error::npz)?;
            Ok(Some(PyBytes::new(py, &bytes)))
        }
    }
}
