//! The two passes' sinks: the first infers types and counts rows, the
//! second converts rows into element and mask bytes.

use super::builder::DTypeChoice;
use super::convert::{Failure, Func, cast, element_equals, is_missing};
use super::infer::ColumnInfer;
use super::layout::{ColumnLayout, OutputLayout};
use super::scan::{Setup, Sink};
use super::specs::ColumnSpec;
use super::stage_options::ColumnOptions;
use crate::engine::values::type_name;
use crate::error::{Error, ErrorKind, Result};
use npy_format::ScalarKind;
use std::borrow::Cow;

/// The first pass: types, widths and the row count.
pub(crate) struct InferSink<'o> {
    pub opts: &'o ColumnOptions,
    pub dtype: &'o DTypeChoice,
    pub specs: Vec<ColumnSpec>,
    pub columns: Vec<ColumnInfer>,
    pub rows: usize,
    /// Whether types are inferred (otherwise only widths are kept).
    pub infer: bool,
    /// Whether widths are needed (string types sized to the data).
    pub widths: bool,
}

impl<'o> InferSink<'o> {
    pub fn new(opts: &'o ColumnOptions, dtype: &'o DTypeChoice) -> InferSink<'o> {
        InferSink {
            opts,
            dtype,
            specs: Vec::new(),
            columns: Vec::new(),
            rows: 0,
            infer: *dtype == DTypeChoice::Infer,
            widths: matches!(dtype, DTypeChoice::Unsized(_)),
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
                // A date's unit; missing values and text that is no date
                // (which the second pass reports) have none.
                if *self.dtype == DTypeChoice::Unsized('M')
                    && !is_missing(raw, &spec.missing)
                    && let Some(unit) = crate::engine::datetime::text_unit(&text).flatten()
                {
                    col.take_unit(Some(unit));
                }
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

/// The second pass: rows into element and mask bytes.
pub(crate) struct ConvertSink<'p> {
    pub plan: &'p OutputLayout,
    pub loose: bool,
    pub usemask: bool,
    pub data: Vec<u8>,
    pub mask: Vec<u8>,
    pub rows: usize,
}

impl ConvertSink<'_> {
    fn fail(line: u64, c: &ColumnLayout, text: &str, why: Option<&str>) -> Error {
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
            let size = c.scalar.kind().itemsize().unwrap_or(0);
            let out = &mut self.data[start + c.offset..start + c.offset + size];
            // The common cases, without the detour through a Python value.
            let direct = match (c.func, c.scalar.kind()) {
                (Func::Float, ScalarKind::Float(8)) => crate::engine::pyparse::parse_float(&text)
                    .map(|x| out.copy_from_slice(&x.to_le_bytes()))
                    .is_some(),
                (Func::Int | Func::Int64 { signed: true }, ScalarKind::Int(8)) => {
                    match crate::engine::pyparse::parse_int(&text) {
                        Some(Ok(v)) => match i64::try_from(v) {
                            Ok(v) => {
                                out.copy_from_slice(&v.to_le_bytes());
                                true
                            }
                            Err(_) => false,
                        },
                        _ => false,
                    }
                }
                (Func::Str, ScalarKind::Unicode(n)) => {
                    for (k, ch) in text.chars().take(n).enumerate() {
                        out[4 * k..4 * k + 4].copy_from_slice(&(ch as u32).to_le_bytes());
                    }
                    true
                }
                _ => false,
            };
            if direct {
                if c.scalar.order() == npy_format::ByteOrder::Big {
                    match c.scalar.kind() {
                        ScalarKind::Unicode(_) => out.chunks_mut(4).for_each(|ch| ch.reverse()),
                        _ => out.reverse(),
                    }
                }
                if self.usemask {
                    self.mask[mstart + c.mask_offset] = mask_bit(c, out, missing);
                }
                continue;
            }
            let v = match c.func.call(&text) {
                Ok(v) => v,
                Err(Failure::Value) if (self.loose && c.func.loose()) || missing => c.fill.clone(),
                Err(Failure::Value) => return Err(Self::fail(line, c, &text, None)),
                Err(Failure::Hard(why)) => return Err(Self::fail(line, c, &text, Some(why))),
            };
            cast(&v, &c.scalar, out).map_err(|why| Self::fail(line, c, &text, Some(why)))?;
            if self.usemask {
                self.mask[mstart + c.mask_offset] = mask_bit(c, out, missing);
            }
        }
        self.rows += 1;
        Ok(())
    }
}

/// The mask byte of one converted entry: missing in the text, or equal to
/// one of the column's missing values once converted.
fn mask_bit(c: &ColumnLayout, out: &[u8], missing: bool) -> u8 {
    u8::from(
        missing
            || c.eq_missing
                .iter()
                .any(|e| element_equals(&c.scalar, out, e)),
    )
}
