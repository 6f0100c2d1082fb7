//! Delimited text: `loadtxt` through delimited-text, with its warnings
//! handed back for Python's `warnings` module.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use delimited_text::{Encoding, LoadTxt, SaveTxt};
use npy_format::NpyArray;
use numpy::PyReadonlyArray1;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyString};

use crate::raw::Borrowed;

use crate::error;
use crate::raw::{self, Parts};

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(loadtxt, m)?)?;
    m.add_function(wrap_pyfunction!(savetxt, m)?)?;
    Ok(())
}

/// Where the text comes from.
#[derive(Debug)]
pub(crate) enum Source {
    /// A path (a `.gz` file is decompressed).
    Path(PathBuf),
    /// The whole text, already decoded.
    Text(String),
    /// The whole text as bytes, decoded with `encoding`.
    Bytes(Vec<u8>),
}

impl Source {
    /// A path when `is_path`, else the text (`str`) or its bytes.
    pub(crate) fn from_py(source: &Bound<'_, PyAny>, is_path: bool) -> PyResult<Source> {
        Ok(if is_path {
            Source::Path(source.extract()?)
        } else if let Ok(text) = source.extract::<String>() {
            Source::Text(text)
        } else {
            Source::Bytes(source.extract()?)
        })
    }
}

fn one_char(what: &str, s: Option<&str>) -> PyResult<Option<char>> {
    let Some(s) = s else { return Ok(None) };
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(Some(c)),
        _ => Err(PyValueError::new_err(format!(
            "{what} must be a single unicode character or None"
        ))),
    }
}

/// `np.loadtxt` on a path, text or bytes: `((descr, fortran_order,
/// shape, data), warnings)`.
#[pyfunction]
#[pyo3(signature = (
    source, *, is_path, dtype, comments, delimiter, quotechar, skiprows,
    usecols, max_rows, ndmin, encoding, converters=None, bytes_to_converters=false
))]
#[allow(clippy::too_many_arguments)]
fn loadtxt<'py>(
    py: Python<'py>,
    source: Bound<'py, PyAny>,
    is_path: bool,
    dtype: Option<&str>,
    comments: Vec<String>,
    delimiter: Option<&str>,
    quotechar: Option<&str>,
    skiprows: usize,
    usecols: Option<Vec<isize>>,
    max_rows: Option<usize>,
    ndmin: u8,
    encoding: Option<&str>,
    converters: Option<Vec<(Option<isize>, Py<PyAny>)>>,
    bytes_to_converters: bool,
) -> PyResult<(Parts<'py>, Vec<String>)> {
    let source = Source::from_py(&source, is_path)?;
    let warnings = Arc::new(Mutex::new(Vec::new()));
    let mut opts = LoadTxt::new();
    if let Some(descr) = dtype {
        opts.dtype_descr(descr);
    }
    opts.comments(&comments)
        .delimiter(one_char("delimiter", delimiter)?)
        .quotechar(one_char("quotechar", quotechar)?)
        .skiprows(skiprows)
        .ndmin(ndmin);
    if let Some(cols) = &usecols {
        opts.usecols(cols);
    }
    if let Some(n) = max_rows {
        opts.max_rows(n);
    }
    if let Some(name) = encoding {
        opts.encoding(encoding_named(name)?);
    }
    let failure = Arc::new(Mutex::new(None));
    if let Some(converters) = converters {
        // Each call takes the GIL: parse on one thread.
        opts.parallel(false);
        for (col, func) in converters {
            let convert = PyConverter {
                func,
                bytes: bytes_to_converters,
                failure: Arc::clone(&failure),
            };
            match col {
                Some(col) => opts.converter(col, move |t| convert.call(t)),
                None => opts.converter_all(move |t| convert.call(t)),
            };
        }
    }
    let sink = Arc::clone(&warnings);
    opts.on_warning(move |w| {
        if let Ok(mut list) = sink.lock() {
            list.push(w.to_string());
        }
    });
    let result = py.detach(|| {
        crate::threads::run(|| match &source {
            Source::Path(p) => opts.from_path(p),
            Source::Text(t) => opts.from_str(t),
            Source::Bytes(b) => opts.from_reader(&b[..]),
        })
    });
    let array = with_converters(py, &failure, result)?;
    let warnings = warnings.lock().map(|w| w.clone()).unwrap_or_default();
    Ok((raw::into_parts(py, array)?, warnings))
}

/// A parse's outcome once the converters' exceptions are counted in. A
/// converter that raised fails the call even when its stand-in text
/// parsed (string columns). When the parse failed too: the converter's
/// own exception, unless it was a `ValueError` and the parse stopped at
/// its field, which NumPy reports as that field's conversion error
/// (chained to the converter's exception, the text being the field's).
pub(crate) fn with_converters<T>(
    py: Python<'_>,
    failure: &Failure,
    result: delimited_text::Result<T>,
) -> PyResult<T> {
    let raised = failure.lock().ok().and_then(|mut f| f.take());
    match (result, raised) {
        (Ok(value), None) => Ok(value),
        (Ok(_), Some((raised, _))) => Err(raised),
        (Err(e), None) => Err(error::text(e)),
        (Err(e), Some((raised, field))) => Err(converter_failure(py, e, raised, field)),
    }
}

fn converter_failure(
    py: Python<'_>,
    e: delimited_text::Error,
    raised: PyErr,
    field: String,
) -> PyErr {
    let is_value_error = raised.is_instance_of::<PyValueError>(py);
    if !is_value_error || !matches!(e.kind(), delimited_text::ErrorKind::Convert { .. }) {
        return raised;
    }
    let err = error::text(e);
    let value = err.value(py);
    // Setting an attribute on a fresh ValueError cannot fail; if it did,
    // the message alone would still say everything.
    let _ = value.setattr("npio_text", field);
    err.set_cause(py, Some(raised));
    err
}

/// `fmt` as `np.savetxt` takes it: one string, or one per column.
#[derive(Debug, FromPyObject)]
enum Fmt {
    One(String),
    Columns(Vec<String>),
}

pub(crate) fn encoding_named(name: &str) -> PyResult<Encoding> {
    Encoding::from_name(name)
        .ok_or_else(|| PyValueError::new_err(format!("unknown encoding: {name}")))
}

/// `np.savetxt` of an array's parts: to `path` (atomically; `.gz`, `.bz2`
/// and `.xz` compressed), or, with no path, into the bytes returned.
#[pyfunction]
#[pyo3(signature = (
    path, descr, shape, fortran_order, data, *, fmt, delimiter, newline, header,
    footer, comments, encoding
))]
#[allow(clippy::too_many_arguments)]
fn savetxt<'py>(
    py: Python<'py>,
    path: Option<PathBuf>,
    descr: &str,
    shape: Vec<usize>,
    fortran_order: bool,
    data: PyReadonlyArray1<'py, u8>,
    fmt: Fmt,
    delimiter: &str,
    newline: &str,
    header: &str,
    footer: &str,
    comments: &str,
    encoding: &str,
) -> PyResult<Option<Bound<'py, PyBytes>>> {
    let header_parts = raw::header(descr, shape, fortran_order)?;
    let bytes = raw::bytes(&data)?;
    // Checked against the header before the copy SaveTxt formats from.
    Borrowed::new(header_parts.clone(), bytes)?;
    let mut opts = SaveTxt::new();
    match &fmt {
        Fmt::One(f) => opts.fmt(f),
        Fmt::Columns(fs) => opts.fmt_columns(fs),
    };
    opts.delimiter(delimiter)
        .newline(newline)
        .header(header)
        .footer(footer)
        .comments(comments)
        .encoding(encoding_named(encoding)?);
    let result = py.detach(|| {
        crate::threads::run(|| {
            let array = NpyArray::new(header_parts, bytes.to_vec())?;
            match &path {
                Some(p) => opts.to_path(p, &array).map(|()| None),
                None => {
                    let mut out = Vec::new();
                    opts.to_writer(&array, &mut out).map(|()| Some(out))
                }
            }
        })
    });
    let written = result.map_err(error::text)?;
    Ok(written.map(|b| PyBytes::new(py, &b)))
}

/// A Python callable as a loadtxt converter: called with the field's text
/// (`str`, or `bytes` with `encoding='bytes'`); what it returns is written
/// back as text (`repr` for floats, so that no digit is lost) and parsed
/// with the column's dtype. The first exception it raises is kept and
/// raised when parsing stops.
pub(crate) struct PyConverter {
    func: Py<PyAny>,
    bytes: bool,
    failure: Arc<Mutex<Option<(PyErr, String)>>>,
}

/// A converter's first exception, with the field text it was given.
pub(crate) type Failure = Arc<Mutex<Option<(PyErr, String)>>>;

impl PyConverter {
    pub(crate) fn new(func: Py<PyAny>, bytes: bool, failure: Failure) -> PyConverter {
        PyConverter {
            func,
            bytes,
            failure,
        }
    }

    pub(crate) fn call(&self, text: &str) -> String {
        Python::attach(|py| {
            let arg = if self.bytes {
                // encoding='bytes' reads each byte as one character (latin-1);
                // the converter gets those bytes back.
                let latin1: Option<Vec<u8>> = text
                    .chars()
                    .map(|c| u8::try_from(u32::from(c)).ok())
                    .collect();
                let raw = latin1.unwrap_or_else(|| text.as_bytes().to_vec());
                PyBytes::new(py, &raw).into_any()
            } else {
                PyString::new(py, text).into_any()
            };
            match self.func.bind(py).call1((arg,)).and_then(|v| as_text(&v)) {
                Ok(text) => text,
                Err(e) => {
                    if let Ok(mut slot) = self.failure.lock() {
                        slot.get_or_insert((e, text.to_string()));
                    }
                    // Not a number in any dtype: parsing stops here.
                    "\u{0}converter failed".to_string()
                }
            }
        })
    }
}

/// A converter's result as text the dtype's parser reads.
fn as_text(value: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(s.to_string());
    }
    if let Ok(b) = value.cast::<PyBytes>() {
        return Ok(b.as_bytes().iter().map(|&c| char::from(c)).collect());
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(if b.is_true() { "1" } else { "0" }.to_string());
    }
    Ok(value.repr()?.to_string())
}
