//! A piece's rows into row bytes: [`RowLayout`] (settled once: which column
//! goes where, with which element encoder) and [`Chunk`] (one piece's rows,
//! converters and usecols applied).

use super::*;

/// Applies the converters that concern column `col` (of a row of `ncols`)
/// to its text, in the order they were given.
pub(super) fn apply_converters<'t>(
    converters: &[(Option<isize>, Converter)],
    col: usize,
    ncols: usize,
    text: &'t str,
) -> std::borrow::Cow<'t, str> {
    let mut out: Option<String> = None;
    for (c, f) in converters {
        let applies = match c {
            None => true,
            Some(k) => *k == col as isize || (*k < 0 && ncols as isize + *k == col as isize),
        };
        if applies {
            out = Some(f(out.as_deref().unwrap_or(text)));
        }
    }
    match out {
        Some(s) => std::borrow::Cow::Owned(s),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// The columns a row uses: (column as numbered in the file, index into
/// the row's fields). Checks the column count when no usecols is given.
pub(super) fn select(
    usecols: &Option<Vec<isize>>,
    fields: &[String],
    line: u64,
    expected: &mut Option<usize>,
) -> Result<Vec<(usize, usize)>> {
    match usecols {
        None => {
            match expected {
                None => *expected = Some(fields.len()),
                Some(e) if *e != fields.len() => {
                    return Err(ErrorKind::Ragged {
                        line,
                        expected: *e,
                        found: fields.len(),
                    }
                    .into());
                }
                _ => {}
            }
            Ok((0..fields.len()).map(|i| (i, i)).collect())
        }
        Some(cols) => cols
            .iter()
            .map(|&c| {
                let idx = if c < 0 { fields.len() as isize + c } else { c };
                if idx < 0 || idx as usize >= fields.len() {
                    return Err(ErrorKind::MissingColumn {
                        line,
                        index: c,
                        columns: fields.len(),
                    }
                    .into());
                }
                Ok((idx as usize, idx as usize))
            })
            .collect(),
    }
}

/// What the parse of every row needs, settled once.
pub(super) struct RowLayout<'a> {
    pub(super) dtype: DType,
    pub(super) leaves: Vec<Leaf>,
    pub(super) itemsize: usize,
    pub(super) structured: bool,
    pub(super) usecols: Option<Vec<isize>>,
    pub(super) converters: &'a [(Option<isize>, Converter)],
}

impl<'a> RowLayout<'a> {
    pub(super) fn new(opts: &'a LoadTxt, dtype: &DType) -> Result<RowLayout<'a>> {
        let leaves = leaves(dtype);
        if let Some(bad) = leaves.iter().find(|l| !supported(&l.scalar)) {
            return Err(Error::option(format!(
                "loadtxt cannot convert text to {}",
                DType::Scalar(bad.scalar).descr_repr()
            )));
        }
        let structured = dtype.as_record().is_some();
        if let (true, Some(cols)) = (structured, &opts.usecols)
            && cols.len() != leaves.len()
        {
            return Err(Error::option(format!(
                "with a record dtype, usecols must give one column per field: {} usecols for {} fields",
                cols.len(),
                leaves.len()
            )));
        }
        Ok(RowLayout {
            dtype: dtype.clone(),
            itemsize: dtype.itemsize(),
            leaves,
            structured,
            usecols: opts.usecols.clone(),
            converters: &opts.converters,
        })
    }

    /// Bytes of one row given its column count.
    pub(super) fn row_bytes(&self, first_cols: Option<(u64, usize)>) -> usize {
        if self.structured {
            return self.itemsize;
        }
        let cols = match &self.usecols {
            Some(u) => u.len(),
            None => first_cols.map_or(0, |(_, n)| n),
        };
        cols * self.itemsize
    }

    pub(super) fn convert<'t>(
        &self,
        col: usize,
        ncols: usize,
        text: &'t str,
    ) -> std::borrow::Cow<'t, str> {
        apply_converters(self.converters, col, ncols, text)
    }
}

/// The rows of one piece of the input, parsed.
pub(super) struct Chunk {
    pub(super) data: Vec<u8>,
    pub(super) rows: usize,
    /// Line and column count of the piece's first row.
    pub(super) first_cols: Option<(u64, usize)>,
    /// The first error, with the row (within the piece) it happened at.
    pub(super) error: Option<(usize, Error)>,
    /// With max_rows: the rows before the piece's first line without data.
    pub(super) first_empty: Option<usize>,
}

impl Chunk {
    pub(super) fn new() -> Chunk {
        Chunk {
            data: Vec::new(),
            rows: 0,
            first_cols: None,
            error: None,
            first_empty: None,
        }
    }

    /// Converts one row; false once an error stops the piece.
    pub(super) fn row(&mut self, plan: &RowLayout, fields: &[&str], line: u64) -> bool {
        match self.try_row(plan, fields, line) {
            Ok(()) => {
                self.rows += 1;
                true
            }
            Err(e) => {
                self.error = Some((self.rows, e));
                false
            }
        }
    }

    pub(super) fn try_row(&mut self, plan: &RowLayout, fields: &[&str], line: u64) -> Result<()> {
        let n = fields.len();
        let first = *self.first_cols.get_or_insert((line, n));
        let ncols = match &plan.usecols {
            Some(u) => u.len(),
            // Each row of a record dtype has one column per field (as
            // NumPy checks it, row by row, not against the first row).
            None if plan.structured => n,
            None => {
                if n != first.1 {
                    return Err(ErrorKind::Ragged {
                        line,
                        expected: first.1,
                        found: n,
                    }
                    .into());
                }
                n
            }
        };
        if plan.structured && ncols != plan.leaves.len() {
            return Err(ErrorKind::FieldCount {
                line,
                fields: plan.leaves.len(),
                found: ncols,
            }
            .into());
        }
        let start = self.data.len();
        let row_len = if plan.structured {
            plan.itemsize
        } else {
            ncols * plan.itemsize
        };
        self.data.resize(start + row_len, 0);
        for k in 0..ncols {
            let idx = match &plan.usecols {
                None => k,
                Some(u) => {
                    let c = u[k];
                    let i = if c < 0 { n as isize + c } else { c };
                    if i < 0 || i as usize >= n {
                        self.data.truncate(start);
                        return Err(ErrorKind::MissingColumn {
                            line,
                            index: c,
                            columns: n,
                        }
                        .into());
                    }
                    i as usize
                }
            };
            let (leaf, at) = if plan.structured {
                (plan.leaves[k], start + plan.leaves[k].offset)
            } else {
                (plan.leaves[0], start + k * plan.itemsize)
            };
            let text = plan.convert(idx, n, fields[idx]);
            let size = leaf.scalar.kind().itemsize().unwrap_or(0);
            if !encode(&leaf.scalar, &text, &mut self.data[at..at + size]) {
                self.data.truncate(start);
                return Err(ErrorKind::Convert {
                    line,
                    column: idx + 1,
                    text: text.into_owned(),
                    dtype: type_name(&leaf.scalar),
                }
                .into());
            }
        }
        Ok(())
    }

    /// Turns the piece's local line numbers into the file's.
    pub(super) fn shift_lines(&mut self, first_line: u64) {
        if let Some((l, n)) = self.first_cols {
            self.first_cols = Some((l + first_line, n));
        }

        if let Some((row, err)) = self.error.take() {
            let shifted = match err.into_kind() {
                ErrorKind::Convert {
                    line,
                    column,
                    text,
                    dtype,
                } => ErrorKind::Convert {
                    line: line + first_line,
                    column,
                    text,
                    dtype,
                },
                ErrorKind::Ragged {
                    line,
                    expected,
                    found,
                } => ErrorKind::Ragged {
                    line: line + first_line,
                    expected,
                    found,
                },
                ErrorKind::FieldCount {
                    line,
                    fields,
                    found,
                } => ErrorKind::FieldCount {
                    line: line + first_line,
                    fields,
                    found,
                },
                ErrorKind::MissingColumn {
                    line,
                    index,
                    columns,
                } => ErrorKind::MissingColumn {
                    line: line + first_line,
                    index,
                    columns,
                },
                other => other,
            };
            self.error = Some((row, shifted.into()));
        }
    }
}
