//! Each used column's missing values, filling value and converter,
//! settled from the first line: NumPy's keys by index (through usecols)
//! or by name, lists by position, values for all columns.

use super::builder::{Col, Converter};
use super::convert::PyVal;
use super::scan::Setup;
use super::stage_options::ColumnOptions;
use crate::error::{Error, Result};

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
pub(crate) fn py_index(k: isize, len: usize) -> Option<usize> {
    let i = if k < 0 { k + len as isize } else { k };
    (0..len as isize).contains(&i).then_some(i as usize)
}

impl Setup {
    /// The position of a keyed column among the used columns (NumPy's
    /// dict keys: a name is looked up in the names; an index is mapped
    /// through usecols when it is one of them). `Ok(None)`: skipped.
    fn key_position(&self, col: &Col, names: Option<&[String]>) -> Result<Option<usize>> {
        let setup = self;
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
    pub(crate) fn column_names(&self) -> Result<Option<Vec<String>>> {
        let setup = self;
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
}

impl ColumnOptions {
    /// Each used column's missing values, filling value and converter.
    pub(crate) fn column_specs(&self, setup: &Setup) -> Result<Vec<ColumnSpec>> {
        let n = setup.ncols;
        let names = setup.column_names()?;
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
            if let Some(i) = setup.key_position(col, names)?
                && let Some(s) = specs.get_mut(i)
            {
                s.missing.extend(values.iter().cloned());
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
            if let Some(i) = setup.key_position(col, names)?
                && let Some(s) = specs.get_mut(i)
            {
                s.fill = Some(f.into());
            }
        }
        for (col, conv) in &self.converters {
            let pos = match col {
                Col::Index(k) if setup.usecols.is_some() => setup
                    .usecols
                    .as_ref()
                    .and_then(|u| u.iter().position(|c| c == k)),
                _ => setup.key_position(col, names)?,
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
