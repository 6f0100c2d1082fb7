//! The output settled from the first pass: its dtype (inferred, given,
//! or strings sized to the data), its mask's, and how every used column
//! becomes bytes.

use super::builder::DTypeChoice;
use super::convert::{Failure, Func, PyVal, str_width};
use super::infer::{ColumnInfer, Kind};
use super::names::default_name;
use super::scan::Setup;
use super::specs::{ColumnSpec, py_index};
use super::stage_options::LayoutOptions;
use crate::engine::values::leaves;
use crate::error::{Error, Result};
use npy_format::{DType, Field, Record, Scalar, ScalarKind, TimeUnit};

/// How one used column becomes bytes.
#[derive(Clone)]
pub(crate) struct ColumnLayout {
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
pub(crate) struct OutputLayout {
    pub dtype: DType,
    pub mask_dtype: DType,
    pub structured: bool,
    /// Columns of a 2-D result.
    pub width: usize,
    pub cols: Vec<ColumnLayout>,
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
        Kind::LongDouble => ScalarKind::Float(16),
        Kind::Str => ScalarKind::Unicode(width),
    })
}

/// The dtype with every string type made a bytes type of the same
/// length: NumPy's `encoding='bytes'` for inferred columns.
pub(crate) fn text_as_bytes(dtype: &DType) -> Result<DType> {
    Ok(match dtype {
        DType::Scalar(s) => match s.kind() {
            ScalarKind::Unicode(n) => DType::scalar(ScalarKind::Bytes(n)),
            _ => dtype.clone(),
        },
        DType::Record(r) => record(
            r.fields()
                .iter()
                .map(|f| Ok((f.name.clone(), text_as_bytes(&f.dtype)?)))
                .collect::<Result<_>>()?,
        )?,
        other => other.clone(),
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

/// NumPy's `dtype=None` result: one common type of the checked columns
/// and no names give a scalar (strings sized to every value, bool columns
/// that held a missing value included); otherwise a record.
fn inferred_dtype(
    opts: &LayoutOptions<'_>,
    names: Option<&[String]>,
    specs: &[ColumnSpec],
    infer: &[ColumnInfer],
    ncols: usize,
    rows: usize,
) -> Result<DType> {
    Ok({
        if ncols == 0 {
            record(Vec::new())?
        } else {
            let mut base: Vec<Kind> = infer
                .iter()
                .filter(|c| c.checked())
                .map(|c| c.kind())
                .collect();
            base.sort();
            base.dedup();
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
                            )));
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
                            .map(|(n, c)| (n, DType::Scalar(kind_scalar(c.kind(), c.width))))
                            .collect(),
                    )?
                }
            }
        }
    })
}

/// `U` or `S` without a length: as wide as the longest value.
fn sized_strings(
    opts: &LayoutOptions<'_>,
    names: Option<&[String]>,
    infer: &[ColumnInfer],
    k: char,
) -> Result<DType> {
    Ok({
        let width = infer.iter().map(|c| c.width).max().unwrap_or(0).max(1);
        let mut unit = ColumnInfer::default();
        infer.iter().for_each(|c| unit.take_unit(c.unit));
        let kind = match k {
            'S' => ScalarKind::Bytes(width),
            // One unit for the whole array; generic when every date is NaT.
            'M' => ScalarKind::DateTime(unit.unit.unwrap_or(TimeUnit::Generic), 1),
            _ => ScalarKind::Unicode(width),
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
    })
}

/// An explicit dtype, with the names applied (cleaned again, as NumPy's
/// `easy_dtype` does) and the fields usecols picks.
fn given_dtype(
    opts: &LayoutOptions<'_>,
    names: Option<&[String]>,
    setup: Option<&Setup>,
    d: &DType,
    ncols: usize,
) -> Result<DType> {
    Ok({
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
    })
}

impl OutputLayout {
    /// Settles the output from the setup (`None`: empty input), the
    /// column specs and the first pass.
    pub fn new(
        opts: &LayoutOptions<'_>,
        setup: Option<&Setup>,
        specs: &[ColumnSpec],
        infer: &[ColumnInfer],
        rows: usize,
    ) -> Result<OutputLayout> {
        let names = match setup {
            Some(s) => s.column_names()?,
            None => None,
        };
        let ncols = setup.map_or(0, |s| s.ncols);
        let funcs: Vec<Func> = match &opts.output.dtype {
            DTypeChoice::Infer => infer.iter().map(|c| Func::of_kind(c.kind())).collect(),
            _ => Vec::new(),
        };
        let names = names.as_deref();
        let dtype = match &opts.output.dtype {
            DTypeChoice::Infer if opts.bytes_text => {
                text_as_bytes(&inferred_dtype(opts, names, specs, infer, ncols, rows)?)?
            }
            DTypeChoice::Infer => inferred_dtype(opts, names, specs, infer, ncols, rows)?,
            DTypeChoice::Unsized(k) => sized_strings(opts, names, infer, *k)?,
            DTypeChoice::Given(d) => given_dtype(opts, names, setup, d, ncols)?,
        };
        let structured = dtype.as_record().is_some();
        let leaf_list = leaves(&dtype);
        let mask_dtype = mask_of(&dtype)?;
        let mask_leaves = leaves(&mask_dtype);
        let itemsize = dtype.itemsize();
        let ncols_used = columns_used(opts, structured, leaf_list.len(), ncols, rows)?;
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
                Some(f) => *f,
                None => Func::of_scalar(&scalar).ok_or_else(|| {
                    Error::option(format!(
                        "genfromtxt cannot convert text to {}",
                        DType::Scalar(scalar).descr_repr()
                    ))
                })?,
            };
            let Some(spec) = specs.get(j).cloned() else {
                break;
            };
            cols.push(ColumnLayout::new(
                opts,
                func,
                scalar,
                (offset, mask_offset),
                spec,
                structured,
            ));
        }
        let (row_bytes, mask_row_bytes) = if structured {
            (itemsize, mask_dtype.itemsize())
        } else {
            (ncols * itemsize, ncols)
        };
        Ok(OutputLayout {
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

/// How many of the text's `ncols` columns a dtype of `leaves` scalars
/// takes: all of them for a plain dtype; for a record, one per field, with
/// NumPy's refusals when the fields and columns cannot match.
fn columns_used(
    opts: &LayoutOptions<'_>,
    structured: bool,
    leaves: usize,
    ncols: usize,
    rows: usize,
) -> Result<usize> {
    Ok(if structured {
        if leaves > ncols && rows > 0 {
            return Err(Error::option(format!(
                "the dtype has {} fields for {ncols} columns",
                leaves
            )));
        }
        if opts.output.usemask && leaves < ncols && rows > 0 {
            // NumPy builds the mask from every column and fails.
            return Err(Error::option(format!(
                "usemask with a dtype of {} fields for {ncols} columns",
                leaves
            )));
        }
        leaves.min(ncols)
    } else {
        ncols
    })
}

impl ColumnLayout {
    /// One column's conversion: its function, where its value and mask
    /// byte go (`offsets`), the filling value NumPy uses for it, and (for
    /// masked records) the missing texts as values.
    fn new(
        opts: &LayoutOptions<'_>,
        func: Func,
        scalar: Scalar,
        offsets: (usize, usize),
        spec: ColumnSpec,
        structured: bool,
    ) -> ColumnLayout {
        let (offset, mask_offset) = offsets;
        let fill = match (&spec.fill, func) {
            // NumPy leaves a missing date NaT whatever the filling value.
            (_, Func::Datetime { .. }) => func.default_fill(),
            // NumPy's bool converter keeps `fill or False`.
            (Some(f), Func::Bool) if matches!(opts.output.dtype, DTypeChoice::Infer) => {
                if truthy(f) {
                    f.clone()
                } else {
                    PyVal::Bool(false)
                }
            }
            (Some(f), _) => f.clone(),
            (None, _) => func.default_fill(),
        };
        let mut plan = ColumnLayout {
            func,
            scalar,
            offset,
            mask_offset,
            fill,
            spec,
            eq_missing: Vec::new(),
        };
        if structured && opts.output.usemask {
            for m in plan.spec.missing.iter().filter(|m| !m.is_empty()) {
                match func.call(m) {
                    Ok(v) => plan.eq_missing.push(v),
                    Err(Failure::Value) => plan.eq_missing.push(plan.fill.clone()),
                    Err(Failure::Hard(_)) => {}
                }
            }
        }
        plan
    }
}
