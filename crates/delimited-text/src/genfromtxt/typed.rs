//! `dtype=None` in one pass: each value is parsed once, as its column's
//! type so far, into an 8-byte slot, while the types are inferred.
//!
//! When a column's type goes up, the values it already holds follow:
//! int64 slots become float64 (exactly the float Python's `float` gives
//! for the same text, as both round the same integer correctly), and a
//! column that held only empty missing entries simply changes type. Any
//! other change (bools or numbers becoming strings, complex numbers, a
//! missing value other than the empty string that the new type might
//! read) needs the text again: the pass gives up and the two passes of
//! `run.rs` decide, so the result never depends on which path ran.
//!
//! At the end the slots are rewritten in place into the output's rows, so
//! memory holds about the larger of the slots and the output, plus the
//! text of string columns.

use super::builder::GenFromTxt;
use super::convert::{cast, Func};
use super::infer::{ColumnInfer, Kind, Value};
use super::pieces::Forkable;
use super::plan::Plan;
use super::scan::{Setup, Sink};
use super::specs::ColumnSpec;
use crate::error::Result;
use npy_format::{ByteOrder, ScalarKind};
use std::borrow::Cow;

/// The slot of a string entry with no text.
const EMPTY_TEXT: u64 = u64::MAX;

/// The rows read so far, as slots.
pub(crate) struct TypedSink<'o> {
    opts: &'o GenFromTxt,
    pub specs: Vec<ColumnSpec>,
    pub infer: Vec<ColumnInfer>,
    /// Per column: an entry that is not missing is held.
    has_values: Vec<bool>,
    /// Per column: a missing entry's text was not empty.
    odd_missing: Vec<bool>,
    /// `rows × columns` little-endian slots: a bool (0/1), an int64, a
    /// float64's bits, or the offset of a string in `text`.
    slots: Vec<u8>,
    /// `rows × columns`: 1 where the entry is missing (to be filled).
    missing: Vec<u8>,
    /// The strings: each a 4-byte little-endian length, then its bytes.
    text: Vec<u8>,
    pub rows: usize,
    /// The pass gave up (see the module's comment).
    pub failed: bool,
}

impl<'o> TypedSink<'o> {
    pub fn new(opts: &'o GenFromTxt) -> TypedSink<'o> {
        TypedSink {
            opts,
            specs: Vec::new(),
            infer: Vec::new(),
            has_values: Vec::new(),
            odd_missing: Vec::new(),
            slots: Vec::new(),
            missing: Vec::new(),
            text: Vec::new(),
            rows: 0,
            failed: false,
        }
    }

    fn columns(&self) -> usize {
        self.specs.len()
    }

    fn set_columns(&mut self, n: usize) {
        self.infer = vec![ColumnInfer::default(); n];
        self.has_values = vec![false; n];
        self.odd_missing = vec![false; n];
    }

    /// Whether the slots take more memory than the result may.
    fn too_big(&self) -> bool {
        (self.slots.len() + self.text.len()) as u64 > self.opts.max_output_bytes
    }

    fn slot(&self, at: usize) -> u64 {
        let mut b = [0u8; 8];
        b.copy_from_slice(&self.slots[8 * at..8 * at + 8]);
        u64::from_le_bytes(b)
    }

    fn set_slot(&mut self, at: usize, v: u64) {
        self.slots[8 * at..8 * at + 8].copy_from_slice(&v.to_le_bytes());
    }

    /// Moves column `c` from type `from` to `to`; `false` when its entries
    /// would need their text again.
    fn retype(&mut self, c: usize, from: Kind, to: Kind) -> bool {
        if from == to {
            return true;
        }
        if self.odd_missing[c] {
            return false;
        }
        let n = self.columns();
        if !self.has_values[c] {
            // Only empty missing entries: a string column holds them as
            // empty strings, any other stays missing.
            if to == Kind::Str {
                for r in 0..self.rows {
                    self.set_slot(r * n + c, EMPTY_TEXT);
                    self.missing[r * n + c] = 0;
                }
            }
            return true;
        }
        if (from, to) != (Kind::Int, Kind::Float) {
            return false;
        }
        for r in 0..self.rows {
            let at = r * n + c;
            if self.missing[at] == 0 {
                let v = self.slot(at) as i64 as f64;
                self.set_slot(at, v.to_bits());
            }
        }
        true
    }
}

impl Sink for TypedSink<'_> {
    fn start(&mut self, setup: &Setup) -> Result<()> {
        self.specs = self.opts.column_specs(setup)?;
        // Converters need the two passes.
        self.failed |= self.specs.iter().any(|s| s.converter.is_some());
        self.set_columns(self.specs.len());
        Ok(())
    }

    fn row(&mut self, _line: u64, fields: &[Cow<'_, str>]) -> Result<()> {
        if self.failed || fields.len() != self.columns() {
            self.failed = true;
            return Ok(());
        }
        for (c, raw) in fields.iter().enumerate() {
            let raw: &str = raw;
            let before = self.infer[c].kind();
            let value = self.infer[c].push_value(raw, raw, &self.specs[c].missing);
            let after = self.infer[c].kind();
            if !self.retype(c, before, after) {
                self.failed = true;
                return Ok(());
            }
            let (slot, missing) = match (after, value) {
                (Kind::Str, _) => {
                    let Ok(len) = u32::try_from(raw.len()) else {
                        self.failed = true;
                        return Ok(());
                    };
                    let at = self.text.len() as u64;
                    self.text.extend_from_slice(&len.to_le_bytes());
                    self.text.extend_from_slice(raw.as_bytes());
                    (at, false)
                }
                (_, Value::Missing) => {
                    self.odd_missing[c] |= !raw.is_empty();
                    (0, true)
                }
                (Kind::Bool, Value::Bool(b)) => (u64::from(b), false),
                (Kind::Int, Value::Int(v)) => (v as u64, false),
                (Kind::Float, Value::Float(x)) => (x.to_bits(), false),
                _ => {
                    self.failed = true;
                    return Ok(());
                }
            };
            self.has_values[c] |= !missing;
            self.slots.extend_from_slice(&slot.to_le_bytes());
            self.missing.push(u8::from(missing));
        }
        self.rows += 1;
        if self.too_big() {
            self.failed = true;
        }
        Ok(())
    }
}

impl Forkable for TypedSink<'_> {
    fn fork(&self) -> Self {
        let mut s = TypedSink::new(self.opts);
        s.specs = self.specs.clone();
        s.failed = self.failed;
        s.set_columns(self.specs.len());
        s
    }

    fn join(&mut self, mut later: Self) {
        if self.failed || later.failed || later.columns() != self.columns() {
            self.failed = true;
            return;
        }
        let n = self.columns();
        for c in 0..n {
            let mut merged = self.infer[c].clone();
            merged.merge(&later.infer[c]);
            let to = merged.kind();
            let (mine, theirs) = (self.infer[c].kind(), later.infer[c].kind());
            if !self.retype(c, mine, to) || !later.retype(c, theirs, to) {
                self.failed = true;
                return;
            }
            if to == Kind::Str {
                let shift = self.text.len() as u64;
                for r in 0..later.rows {
                    let at = r * n + c;
                    let v = later.slot(at);
                    if v != EMPTY_TEXT {
                        later.set_slot(at, v + shift);
                    }
                }
            }
            self.infer[c] = merged;
            self.has_values[c] |= later.has_values[c];
            self.odd_missing[c] |= later.odd_missing[c];
        }
        self.slots.extend_from_slice(&later.slots);
        self.missing.extend_from_slice(&later.missing);
        self.text.extend_from_slice(&later.text);
        self.rows += later.rows;
        if self.too_big() {
            self.failed = true;
        }
    }
}

/// How one column's slots become its elements.
enum Write {
    Bool,
    Int,
    Float,
    Str(usize),
}

impl TypedSink<'_> {
    /// The rows as `plan` lays them out, built in place of the slots;
    /// `None` when the plan converts a column in a way the slots cannot
    /// give (the two passes then decide).
    pub fn into_rows(self, plan: &Plan) -> Option<Vec<u8>> {
        let n = self.columns();
        if self.failed || plan.cols.len() != n {
            return None;
        }
        let mut writes = Vec::with_capacity(n);
        let mut fills = Vec::with_capacity(n);
        for (c, col) in plan.cols.iter().enumerate() {
            if col.scalar.order == ByteOrder::Big {
                return None;
            }
            let kind = self.infer[c].kind();
            let write = match (kind, col.func, col.scalar.kind) {
                (Kind::Bool, Func::Bool, ScalarKind::Bool) => Write::Bool,
                (Kind::Int, Func::Int, ScalarKind::Int(8)) => Write::Int,
                (Kind::Float, Func::Float, ScalarKind::Float(8)) => Write::Float,
                (Kind::Str, Func::Str, ScalarKind::Unicode(w)) => Write::Str(w),
                _ => return None,
            };
            let size = col.scalar.kind.itemsize()?;
            let mut fill = vec![0u8; size];
            cast(&col.fill, &col.scalar, &mut fill).ok()?;
            writes.push(write);
            fills.push(fill);
        }
        let (rows, from, to) = (self.rows, 8 * n, plan.row_bytes);
        let mut buf = self.slots;
        if to > from {
            buf.resize(rows.checked_mul(to)?, 0);
        }
        let (mut slot_row, mut out_row) = (vec![0u8; from], vec![0u8; to]);
        // Growing rows are rewritten from the last, shrinking ones from
        // the first, so no row is overwritten before it is read.
        let order: Box<dyn Iterator<Item = usize>> = if to > from {
            Box::new((0..rows).rev())
        } else {
            Box::new(0..rows)
        };
        for r in order {
            slot_row.copy_from_slice(&buf[r * from..r * from + from]);
            out_row.fill(0);
            for (c, (col, write)) in plan.cols.iter().zip(&writes).enumerate() {
                let size = fills[c].len();
                let out = &mut out_row[col.offset..col.offset + size];
                if self.missing[r * n + c] != 0 {
                    out.copy_from_slice(&fills[c]);
                    continue;
                }
                let mut b = [0u8; 8];
                b.copy_from_slice(&slot_row[8 * c..8 * c + 8]);
                let v = u64::from_le_bytes(b);
                match write {
                    Write::Bool => out[0] = v as u8,
                    Write::Int | Write::Float => out.copy_from_slice(&v.to_le_bytes()),
                    Write::Str(w) => {
                        if v == EMPTY_TEXT {
                            continue;
                        }
                        let at = usize::try_from(v).ok()?;
                        let mut len = [0u8; 4];
                        len.copy_from_slice(self.text.get(at..at + 4)?);
                        let len = u32::from_le_bytes(len) as usize;
                        let s = std::str::from_utf8(self.text.get(at + 4..at + 4 + len)?).ok()?;
                        for (k, ch) in s.chars().take(*w).enumerate() {
                            out[4 * k..4 * k + 4].copy_from_slice(&(ch as u32).to_le_bytes());
                        }
                    }
                }
            }
            buf[r * to..r * to + to].copy_from_slice(&out_row);
        }
        buf.truncate(rows * to);
        Some(buf)
    }
}
