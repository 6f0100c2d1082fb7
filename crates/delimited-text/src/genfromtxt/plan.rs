//! From the first line's setup and the first pass's inference to the
//! output: each used column's missing values, filling value and
//! converter; the output dtype; the conversion of rows into element bytes
//! and mask bytes.

use super::builder::{Col, Converter, DTypeChoice, GenFromTxt};
use super::convert::{cast, element_equals, is_missing, str_width, Failure, Func, PyVal};
use super::infer::{ColumnInfer, Kind};
use super::names::default_name;
use super::scan::{Setup, Sink};
use crate::error::{Error, ErrorKind, Result};
use crate::values::{leaves, type_name};
use npy_format::{DType, Field, Record, Scalar, ScalarKind};
use std::borrow::Cow;

/// What each used column needs, settled from the first line.
#[derive(Clone)]
pub(crate) struct ColumnSpec {
    pub missing: Vec<String>,
    pub fill: Option<PyVal>,
    pub converter: Option<Converter>,
    /// 1-based column of the file, for errors.
    pub file_column: usize,
}

/// Python's list index: negative from the end.
fn py_index(k: isize, len: usize) -> Option<usize> {
    let i = if k < 0 { k + len as isize } else { k };
    (0..len as isize).contains(&i).then_some(i as usize)
}

impl GenFromTxt {
    /// The position of a keyed column among the used columns (NumPy's
    /// dict keys: a name is looked up in the names; an index is mapped
    /// through usecols when it is one of them). `Ok(None)`: skipped.
    fn key_position(
        &self,
        col: &Col,
        setup: &Setup,
        names: Option<&[String]>,
    ) -> Result<Option<usize>> {
        let k = match col {
            Col::Name(n) => match names.and_then(|ns| ns.iter().position(|x| x == n)) {
                Some(i) => i as isize,
                None => return Ok(None),
            },
            Col::Index(i) => *i,
        };
        let k = match (&setup.usecols, col) {
            (Some(u), Col::Index(_)) => u.iter().position(|&c| c == k).map_or(k, |p| p as isize),
            _ => k,
        };
        py_index(k, setup.ncols).map(Some).ok_or_else(|| {
            Error::option(format!(
                "column {k} is out of range for {} columns",
                setup.ncols
            ))
        })
    }

    /// The names the output's fields get, one per used column, if any.
    pub(crate) fn column_names(&self, setup: &Setup) -> Result<Option<Vec<String>>> {
        let Some(names) = setup.names.as_ref() else {
            return Ok(None);
        };
        match &setup.usecols {
            Some(u) if names.len() > setup.ncols => u
                .iter()
                .map(|&c| {
                    py_index(c, names.len())
                        .map(|i| names[i].clone())
                        .ok_or_else(|| {
                            Error::option(format!(
                                "usecols {c} has no name among {} names",
                                names.len()
                            ))
                        })
                })
                .collect::<Result<Vec<_>>>()
                .map(Some),
            _ => Ok(Some(names.clone())),
        }
    }

    pub(crate) fn column_specs(&self, setup: &Setup) -> Result<Vec<ColumnSpec>> {
        let n = setup.ncols;
        let names = self.column_names(setup)?;
        let names = names.as_deref();
        let mut specs: Vec<ColumnSpec> = (0..n)
            .map(|j| ColumnSpec {
                missing: vec![String::new()],
                fill: None,
                converter: None,
                file_column: match &setup.usecols {
                    Some(u) => u.get(j).map_or(j, |&c| if c >= 0 { c as usize } else { j }),
                    None => j,
                } + 1,
            })
            .collect();
        for s in specs.iter_mut() {
            s.missing.extend(self.missing_all.iter().cloned());
        }
        if let Some(list) = &self.missing_per_column {
            for (s, v) in specs.iter_mut().zip(list) {
                if !s.missing.contains(v) {
                    s.missing.push(v.clone());
                }
            }
        }
        for (col, values) in &self.missing_by_col {
            if let Some(i) = self.key_position(col, setup, names)? {
                if let Some(s) = specs.get_mut(i) {
                    s.missing.extend(values.iter().cloned());
                }
            }
        }
        if let Some(f) = &self.filling_all {
            for s in specs.iter_mut() {
                s.fill = Some(f.into());
            }
        }
        if let Some(list) = &self.filling_per_column {
            for (s, f) in specs.iter_mut().zip(list) {
                s.fill = Some(f.into());
            }
        }
        for (col, f) in &self.filling_by_col {
            if let Some(i) = self.key_position(col, setup, names)? {
                if let Some(s) = specs.get_mut(i) {
                    s.fill = Some(f.into());
                }
            }
        }
        for (col, conv) in &self.converters {
            let pos = match col {
                Col::Index(k) if setup.usecols.is_some() => setup
                    .usecols
                    .as_ref()
                    .and_then(|u| u.iter().position(|c| c == k)),
                _ => self.key_position(col, setup, names)?,
            };
            if let Some(i) = pos {
                let Some(spec) = specs.get_mut(i) else {
                    continue;
                };
                let prev = spec.converter.take();
                spec.converter = Some(match prev {
                    None => conv.clone(),
                    Some(p) => {
                        let next = conv.clone();
                        std::sync::Arc::new(move |s: &str| next(&p(s)))
                    }
                });
            }
        }
        Ok(specs)
    }
}

/// The first pass: types, widths and the row count.
pub(crate) struct InferSink<'o> {
    pub opts: &'o GenFromTxt,
    pub specs: Vec<ColumnSpec>,
    pub columns: Vec<ColumnInfer>,
    pub rows: usize,
    /// Whether types are inferred (otherwise only widths are kept).
    pub infer: bool,
    /// Whether widths are needed (string types sized to the data).
    pub widths: bool,
}

impl<'o> InferSink<'o> {
    pub fn new(opts: &'o GenFromTxt) -> InferSink<'o> {
        InferSink {
            opts,
            specs: Vec::new(),
            columns: Vec::new(),
            rows: 0,
            infer: opts.dtype == DTypeChoice::Infer,
            widths: matches!(opts.dtype, DTypeChoice::Unsized(_)),
        }
    }
}

impl InferSink<'_> {
    fn take(&mut self, fields: &[Cow<'_, str>]) {
        for ((col, spec), raw) in self.columns.iter_mut().zip(&self.specs).zip(fields) {
            let text: Cow<'_, str> = match &spec.converter {
                Some(f) => Cow::Owned(f(raw)),
                None => Cow::Borrowed(raw.as_ref()),
            };
            if self.infer {
                col.push(&text, raw, &spec.missing);
            } else {
                let w = text.chars().count();
                col.width = col.width.max(w);
            }
        }
    }
}

impl Sink for InferSink<'_> {
    fn footer_row(&mut self, fields: &[Cow<'_, str>]) {
        // Types count the footer; sizes come from the rows kept.
        if self.infer {
            let kept: Vec<(usize, [bool; 2])> =
                self.columns.iter().map(|c| (c.width, c.seen)).collect();
            self.take(fields);
            for (c, (w, seen)) in self.columns.iter_mut().zip(kept) {
                c.width = w;
                c.seen = seen;
            }
        }
    }

    fn start(&mut self, setup: &Setup) -> Result<()> {
        self.specs = self.opts.column_specs(setup)?;
        self.columns = vec![ColumnInfer::default(); setup.ncols];
        Ok(())
    }

    fn row(&mut self, _line: u64, fields: &[Cow<'_, str>]) -> Result<()> {
        self.rows += 1;
        if self.infer || self.widths {
            self.take(fields);
        }
        Ok(())
    }
}

/// How one used column becomes bytes.
#[derive(Clone)]
pub(crate) struct ColPlan {
    pub func: Func,
    pub scalar: Scalar,
    pub offset: usize,
    pub mask_offset: usize,
    pub fill: PyVal,
    pub spec: ColumnSpec,
    /// What the missing values convert to: equal values are masked too
    /// in records (compared as NumPy compares the array with them).
    pub eq_missing: Vec<PyVal>,
}

/// The output: its dtype and how every used column is converted.
pub(crate) struct Plan {
    pub dtype: DType,
    pub mask_dtype: DType,
    pub structured: bool,
    /// Columns of a 2-D result.
    pub width: usize,
    pub cols: Vec<ColPlan>,
    pub row_bytes: usize,
    pub mask_row_bytes: usize,
}

/// Python's truth of a value.
fn truthy(v: &PyVal) -> bool {
    match v {
        PyVal::Bool(b) => *b,
        PyVal::Int(i) => *i != 0,
        PyVal::Float(x) => *x != 0.0,
        PyVal::Complex(a, b) => *a != 0.0 || *b != 0.0,
        PyVal::Str(s) => !s.is_empty(),
    }
}

fn kind_scalar(kind: Kind, width: usize) -> Scalar {
    Scalar::native(match kind {
        Kind::Bool => ScalarKind::Bool,
        Kind::Int => ScalarKind::Int(8),
        Kind::Float => ScalarKind::Float(8),
        Kind::Complex => ScalarKind::Complex(16),
        Kind::Str => ScalarKind::Unicode(width),
    })
}

/// A record of these fields, packed.
fn record(fields: Vec<(String, DType)>) -> Result<DType> {
    Ok(DType::Record(Record::packed(
        fields
            .into_iter()
            .map(|(n, d)| (n, d, Vec::new()))
            .collect(),
    )?))
}

/// The same layout with every scalar a bool.
fn mask_of(dtype: &DType) -> Result<DType> {
    Ok(match dtype {
        DType::Record(r) => DType::Record(Record::packed(
            r.fields()
                .iter()
                .map(|f: &Field| Ok((f.name.clone(), mask_of(&f.dtype)?, f.shape.clone())))
                .collect::<Result<Vec<_>>>()?,
        )?),
        _ => DType::scalar(ScalarKind::Bool),
    })
}

impl Plan {
    /// Settles the output from the setup (`None`: empty input), the
    /// column specs and the first pass.
    pub fn new(
        opts: &GenFromTxt,
        setup: Option<&Setup>,
        specs: &[ColumnSpec],
        infer: &[ColumnInfer],
        rows: usize,
    ) -> Result<Plan> {
        let names = match setup {
            Some(s) => opts.column_names(s)?,
            None => None,
        };
        let ncols = setup.map_or(0, |s| s.ncols);
        let mut funcs: Vec<(Func, Option<Scalar>)> = Vec::new();
        let dtype: DType = match &opts.dtype {
            DTypeChoice::Infer => {
                if ncols == 0 {
                    record(Vec::new())?
                } else {
                    let kinds: Vec<Kind> = infer.iter().map(|c| c.kind()).collect();
                    let mut base: Vec<Kind> = infer
                        .iter()
                        .filter(|c| c.checked())
                        .map(|c| c.kind())
                        .collect();
                    base.sort();
                    base.dedup();
                    funcs = kinds.iter().map(|&k| (Func::of_kind(k), None)).collect();
                    match (&names, base.as_slice()) {
                        (None, [uniform]) => {
                            let width = if *uniform == Kind::Str {
                                infer
                                    .iter()
                                    .zip(specs)
                                    .map(|(c, s)| match c.kind() {
                                        Kind::Str => c.width,
                                        _ => {
                                            let fill = match &s.fill {
                                                Some(f) if truthy(f) => f.clone(),
                                                _ => PyVal::Bool(false),
                                            };
                                            let mut w = 0;
                                            if c.seen[1] {
                                                w = 4;
                                            }
                                            if c.seen[0] {
                                                w = 5;
                                            }
                                            if c.checked() {
                                                w
                                            } else {
                                                w.max(str_width(&fill))
                                            }
                                        }
                                    })
                                    .max()
                                    .unwrap_or(0)
                                    .max(1)
                            } else {
                                0
                            };
                            DType::Scalar(kind_scalar(*uniform, width))
                        }
                        _ => {
                            let field_names: Vec<String> = match &names {
                                Some(ns) if ns.len() < ncols && rows > 0 => {
                                    return Err(Error::option(format!(
                                        "{} names for {ncols} columns",
                                        ns.len()
                                    )))
                                }
                                Some(ns) => ns[..ncols.min(ns.len())].to_vec(),
                                None => (0..ncols)
                                    .map(|i| default_name(&opts.rules.defaultfmt, i))
                                    .collect::<Result<_>>()?,
                            };
                            record(
                                field_names
                                    .into_iter()
                                    .zip(infer)
                                    .map(|(n, c)| {
                                        (n, DType::Scalar(kind_scalar(c.kind(), c.width)))
                                    })
                                    .collect(),
                            )?
                        }
                    }
                }
            }
            DTypeChoice::Unsized(k) => {
                let width = infer.iter().map(|c| c.width).max().unwrap_or(0).max(1);
                let kind = if *k == 'S' {
                    ScalarKind::Bytes(width)
                } else {
                    ScalarKind::Unicode(width)
                };
                match &names {
                    Some(ns) => record(
                        opts.rules
                            .clean(ns, None, true)?
                            .into_iter()
                            .map(|n| (n, DType::scalar(kind)))
                            .collect(),
                    )?,
                    None => DType::scalar(kind),
                }
            }
            DTypeChoice::Given(d) => {
                let d = match (d, &names) {
                    (DType::Scalar(s), Some(ns)) => {
                        // NumPy cleans the names again when it builds a dtype.
                        let again = opts.rules.clean(ns, None, true)?;
                        record(again.into_iter().map(|n| (n, DType::Scalar(*s))).collect())?
                    }
                    (DType::Record(r), Some(ns)) => {
                        let fresh = opts.rules.clean(ns, Some(r.fields().len()), true)?;
                        DType::Record(Record::packed(
                            r.fields()
                                .iter()
                                .zip(fresh)
                                .map(|(f, n)| (n, f.dtype.clone(), f.shape.clone()))
                                .collect(),
                        )?)
                    }
                    (d, _) => d.clone(),
                };
                // More fields than columns with usecols: the fields usecols
                // names (NumPy subsets the dtype).
                match (&d, setup.and_then(|s| s.usecols.as_ref())) {
                    (DType::Record(r), Some(u)) if r.fields().len() > ncols => {
                        let mut picked = Vec::new();
                        for &c in u {
                            let i = py_index(c, r.fields().len()).ok_or_else(|| {
                                Error::option(format!("usecols {c} has no field in the dtype"))
                            })?;
                            let f = &r.fields()[i];
                            picked.push((f.name.clone(), f.dtype.clone(), f.shape.clone()));
                        }
                        DType::Record(Record::packed(picked)?)
                    }
                    _ => d,
                }
            }
        };
        let structured = dtype.as_record().is_some();
        let leaf_list = leaves(&dtype);
        let mask_dtype = mask_of(&dtype)?;
        let mask_leaves = leaves(&mask_dtype);
        let itemsize = dtype.itemsize();
        let ncols_used = if structured {
            if leaf_list.len() > ncols && rows > 0 {
                return Err(Error::option(format!(
                    "the dtype has {} fields for {ncols} columns",
                    leaf_list.len()
                )));
            }
            if opts.usemask && leaf_list.len() < ncols && rows > 0 {
                // NumPy builds the mask from every column and fails.
                return Err(Error::option(format!(
                    "usemask with a dtype of {} fields for {ncols} columns",
                    leaf_list.len()
                )));
            }
            leaf_list.len().min(ncols)
        } else {
            ncols
        };
        let mut cols = Vec::with_capacity(ncols_used);
        for j in 0..ncols_used {
            let (scalar, offset, mask_offset) = if structured {
                (
                    leaf_list[j].scalar,
                    leaf_list[j].offset,
                    mask_leaves[j].offset,
                )
            } else {
                (leaf_list[0].scalar, j * itemsize, j)
            };
            let func = match funcs.get(j) {
                Some((f, _)) => *f,
                None => Func::of_scalar(&scalar).ok_or_else(|| {
                    Error::option(format!(
                        "genfromtxt cannot convert text to {}",
                        DType::Scalar(scalar).descr()
                    ))
                })?,
            };
            let Some(spec) = specs.get(j).cloned() else {
                break;
            };
            let fill = match (&spec.fill, func) {
                // NumPy's bool converter keeps `fill or False`.
                (Some(f), Func::Bool) if matches!(opts.dtype, DTypeChoice::Infer) => {
                    if truthy(f) {
                        f.clone()
                    } else {
                        PyVal::Bool(false)
                    }
                }
                (Some(f), _) => f.clone(),
                (None, _) => func.default_fill(),
            };
            let mut plan = ColPlan {
                func,
                scalar,
                offset,
                mask_offset,
                fill,
                spec,
                eq_missing: Vec::new(),
            };
            if structured && opts.usemask {
                for m in plan.spec.missing.iter().filter(|m| !m.is_empty()) {
                    match func.call(m) {
                        Ok(v) => plan.eq_missing.push(v),
                        Err(Failure::Value) => plan.eq_missing.push(plan.fill.clone()),
                        Err(Failure::Hard(_)) => {}
                    }
                }
            }
            cols.push(plan);
        }
        let (row_bytes, mask_row_bytes) = if structured {
            (itemsize, mask_dtype.itemsize())
        } else {
            (ncols * itemsize, ncols)
        };
        Ok(Plan {
            dtype,
            mask_dtype,
            structured,
            width: ncols,
            cols,
            row_bytes,
            mask_row_bytes,
        })
    }

    /// The shape of a result of `rows` rows, before ndmin.
    pub fn raw_shape(&self, rows: usize) -> Vec<usize> {
        if self.structured {
            vec![rows]
        } else if rows == 0 {
            vec![0]
        } else {
            vec![rows, self.width]
        }
    }
}

/// The second pass: rows into element and mask bytes.
pub(crate) struct ConvertSink<'p> {
    pub plan: &'p Plan,
    pub loose: bool,
    pub usemask: bool,
    pub data: Vec<u8>,
    pub mask: Vec<u8>,
    pub rows: usize,
}

impl ConvertSink<'_> {
    fn fail(line: u64, c: &ColPlan, text: &str, why: Option<&str>) -> Error {
        let mut dtype = type_name(&c.scalar);
        if let Some(w) = why {
            dtype = format!("{dtype} ({w})");
        }
        ErrorKind::Convert {
            line,
            column: c.spec.file_column,
            text: text.to_string(),
            dtype,
        }
        .into()
    }
}

impl Sink for ConvertSink<'_> {
    fn row(&mut self, line: u64, fields: &[Cow<'_, str>]) -> Result<()> {
        let plan = self.plan;
        let start = self.data.len();
        self.data.resize(start + plan.row_bytes, 0);
        let mstart = self.mask.len();
        if self.usemask {
            self.mask.resize(mstart + plan.mask_row_bytes, 0);
        }
        for (c, raw) in plan.cols.iter().zip(fields) {
            let missing = is_missing(raw, &c.spec.missing);
            let text: Cow<'_, str> = match &c.spec.converter {
                Some(f) => Cow::Owned(f(raw)),
                None => Cow::Borrowed(raw.as_ref()),
            };
            let size = c.scalar.kind.itemsize().unwrap_or(0);
            let out = &mut self.data[start + c.offset..start + c.offset + size];
            // The common case, without the detour through a Python value.
            if c.func == Func::Float && c.scalar.kind == ScalarKind::Float(8) {
                if let Some(x) = super::pyparse::parse_float(&text) {
                    let b = x.to_le_bytes();
                    out.copy_from_slice(&b);
                    if c.scalar.order == npy_format::ByteOrder::Big {
                        out.reverse();
                    }
                    if self.usemask {
                        let m = missing
                            || c.eq_missing
                                .iter()
                                .any(|e| element_equals(&c.scalar, out, e));
                        self.mask[mstart + c.mask_offset] = u8::from(m);
                    }
                    continue;
                }
            }
            let v = match c.func.call(&text) {
                Ok(v) => v,
                Err(Failure::Value) if self.loose || missing => c.fill.clone(),
                Err(Failure::Value) => return Err(Self::fail(line, c, &text, None)),
                Err(Failure::Hard(why)) => return Err(Self::fail(line, c, &text, Some(why))),
            };
            cast(&v, &c.scalar, out).map_err(|why| Self::fail(line, c, &text, Some(why)))?;
            if self.usemask {
                let m = missing
                    || c.eq_missing
                        .iter()
                        .any(|e| element_equals(&c.scalar, out, e));
                self.mask[mstart + c.mask_offset] = u8::from(m);
            }
        }
        self.rows += 1;
        Ok(())
    }
}
