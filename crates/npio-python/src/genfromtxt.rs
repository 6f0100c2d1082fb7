//! `np.genfromtxt` through delimited-text's `GenFromTxt`; the Python side
//! normalises NumPy's argument forms (comma-separated strings, dicts,
//! scalars) into the plain ones taken here.

use std::sync::{Arc, Mutex};

use delimited_text::{Case, Col, Delimiter, Fill, GenFromTxt, Names, Warning};
use pyo3::prelude::*;

use crate::raw::{self, Parts};
use crate::text::{PyConverter, Source, encoding_named, with_converters};

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(genfromtxt, m)?)?;
    Ok(())
}

/// A column by index or by name.
#[derive(Debug, FromPyObject)]
pub(crate) enum ColArg {
    Index(isize),
    Name(String),
}

impl From<ColArg> for Col {
    fn from(c: ColArg) -> Col {
        match c {
            ColArg::Index(i) => Col::Index(i),
            ColArg::Name(n) => Col::Name(n),
        }
    }
}

/// NumPy's `delimiter`: a string, one field width, or a list of widths.
#[derive(Debug, FromPyObject)]
enum DelimiterArg {
    Text(String),
    Width(usize),
    Widths(Vec<usize>),
}

/// A filling value; the Python side sends a complex number as
/// `(real, imag)`.
#[derive(Debug, FromPyObject)]
enum FillArg {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    Complex((f64, f64)),
}

impl From<FillArg> for Fill {
    fn from(f: FillArg) -> Fill {
        match f {
            FillArg::Bool(b) => Fill::Bool(b),
            FillArg::Int(i) => Fill::Int(i),
            FillArg::Float(x) => Fill::Float(x),
            FillArg::Text(s) => Fill::Str(s),
            FillArg::Complex((re, im)) => Fill::Complex(re, im),
        }
    }
}

/// What `genfromtxt` returns to the Python side:
/// `(array, mask or None, [(warning class, message)])`.
type Output<'py> = (Parts<'py>, Option<Parts<'py>>, Vec<(&'static str, String)>);

/// The class NumPy warns with: string columns made bytes is NumPy's
/// deprecation, rows skipped with `invalid_raise=False` its
/// `ConversionWarning`, the rest `UserWarning`.
fn category(w: &Warning) -> &'static str {
    match w {
        Warning::BytesColumns => "VisibleDeprecationWarning",
        Warning::InvalidRows { .. } => "ConversionWarning",
        _ => "UserWarning",
    }
}

/// `np.genfromtxt` on a path, text or bytes.
#[pyfunction]
#[pyo3(signature = (
    source, *, is_path, dtype, comments, delimiter, skip_header, skip_footer,
    max_rows, usecols, names_header, names, excludelist, deletechars,
    replace_space, case, defaultfmt, converters, missing_all, missing_cols,
    missing_per_column, filling_all, filling_cols, filling_per_column,
    autostrip, loose, invalid_raise, usemask, ndmin, encoding,
    bytes_to_converters
))]
#[allow(clippy::too_many_arguments)]
fn genfromtxt<'py>(
    py: Python<'py>,
    source: Bound<'py, PyAny>,
    is_path: bool,
    dtype: Option<&str>,
    comments: Option<&str>,
    delimiter: Option<DelimiterArg>,
    skip_header: usize,
    skip_footer: usize,
    max_rows: Option<usize>,
    usecols: Option<Vec<ColArg>>,
    names_header: bool,
    names: Option<Vec<String>>,
    excludelist: Option<Vec<String>>,
    deletechars: Option<&str>,
    replace_space: &str,
    case: &str,
    defaultfmt: &str,
    converters: Vec<(ColArg, Py<PyAny>)>,
    missing_all: Option<Vec<String>>,
    missing_cols: Vec<(ColArg, Vec<String>)>,
    missing_per_column: Option<Vec<String>>,
    filling_all: Option<FillArg>,
    filling_cols: Vec<(ColArg, FillArg)>,
    filling_per_column: Option<Vec<FillArg>>,
    autostrip: bool,
    loose: bool,
    invalid_raise: bool,
    usemask: bool,
    ndmin: u8,
    encoding: Option<&str>,
    bytes_to_converters: bool,
) -> PyResult<Output<'py>> {
    let source = Source::from_py(&source, is_path)?;
    let mut opts = GenFromTxt::new();
    match dtype {
        Some(descr) => opts.dtype_descr(descr),
        None => opts.dtype_infer(),
    };
    opts.comments(comments)
        .delimiter_kind(match delimiter {
            None => Delimiter::Whitespace,
            Some(DelimiterArg::Text(t)) if t.is_empty() => Delimiter::Whitespace,
            Some(DelimiterArg::Text(t)) => Delimiter::Text(t),
            Some(DelimiterArg::Width(w)) => Delimiter::Width(w),
            Some(DelimiterArg::Widths(ws)) => Delimiter::Widths(ws),
        })
        .skip_header(skip_header)
        .skip_footer(skip_footer)
        .replace_space(replace_space)
        .defaultfmt(defaultfmt)
        .autostrip(autostrip)
        .loose(loose)
        .invalid_raise(invalid_raise)
        .usemask(usemask)
        .ndmin(ndmin)
        .case_sensitive(match case {
            "upper" => Case::Upper,
            "lower" => Case::Lower,
            _ => Case::Keep,
        });
    if let Some(n) = max_rows {
        opts.max_rows(n);
    }
    if let Some(cols) = usecols {
        let cols: Vec<Col> = cols.into_iter().map(Col::from).collect();
        opts.usecols(&cols);
    }
    if names_header {
        opts.names(Names::Header);
    } else if let Some(list) = names {
        opts.names(Names::List(list));
    }
    if let Some(list) = &excludelist {
        opts.excludelist(list);
    }
    if let Some(chars) = deletechars {
        opts.deletechars(chars);
    }
    let failure = Arc::new(Mutex::new(None));
    if !converters.is_empty() {
        opts.parallel(false);
    }
    for (col, func) in converters {
        let convert = PyConverter::new(func, bytes_to_converters, Arc::clone(&failure));
        opts.converter(Col::from(col), move |t| convert.call(t));
    }
    if let Some(values) = &missing_all {
        opts.missing_values_all(values);
    }
    for (col, values) in missing_cols {
        opts.missing_values(Col::from(col), &values);
    }
    if let Some(values) = &missing_per_column {
        opts.missing_values_per_column(values);
    }
    if let Some(fill) = filling_all {
        opts.filling_values_all(Fill::from(fill));
    }
    for (col, fill) in filling_cols {
        opts.filling_values(Col::from(col), Fill::from(fill));
    }
    if let Some(fills) = filling_per_column {
        opts.filling_values_per_column(fills.into_iter().map(Fill::from).collect());
    }
    if let Some(name) = encoding {
        opts.encoding(encoding_named(name)?);
    }
    let result = py.detach(|| {
        crate::threads::run(|| match &source {
            Source::Path(p) => opts.from_path(p),
            Source::Text(t) => opts.from_str(t),
            Source::Bytes(b) => opts.from_reader(&b[..]),
        })
    });
    let out = with_converters(py, &failure, result)?;
    let warnings = out
        .warnings
        .iter()
        .map(|w| (category(w), w.to_string()))
        .collect();
    let mask = match out.mask {
        Some(m) => Some(raw::into_parts(py, m)?),
        None => None,
    };
    Ok((raw::into_parts(py, out.array)?, mask, warnings))
}
