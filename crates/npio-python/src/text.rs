//! Delimited text: `loadtxt` through delimited-text, with its warnings
//! handed back for Python's `warnings` module.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use delimited_text::{Encoding, LoadTxt};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::error;
use crate::raw::{self, Parts};

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(loadtxt, m)?)?;
    Ok(())
}

/// Where the text comes from.
#[derive(Debug)]
enum Source {
    /// A path (a `.gz` file is decompressed).
    Path(PathBuf),
    /// The whole text, already decoded.
    Text(String),
    /// The whole text as bytes, decoded with `encoding`.
    Bytes(Vec<u8>),
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
    usecols, max_rows, ndmin, encoding
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
) -> PyResult<(Parts<'py>, Vec<String>)> {
    let source = if is_path {
        Source::Path(source.extract()?)
    } else if let Ok(text) = source.extract::<String>() {
        Source::Text(text)
    } else {
        Source::Bytes(source.extract()?)
    };
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
        let enc = Encoding::from_name(name)
            .ok_or_else(|| PyValueError::new_err(format!("unknown encoding: {name}")))?;
        opts.encoding(enc);
    }
    let sink = Arc::clone(&warnings);
    opts.on_warning(move |w| {
        if let Ok(mut list) = sink.lock() {
            list.push(w.to_string());
        }
    });
    let array = py
        .detach(|| match &source {
            Source::Path(p) => opts.from_path(p),
            Source::Text(t) => opts.from_str(t),
            Source::Bytes(b) => opts.from_reader(&b[..]),
        })
        .map_err(error::text)?;
    let warnings = warnings.lock().map(|w| w.clone()).unwrap_or_default();
    Ok((raw::into_parts(py, array)?, warnings))
}
