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

use super::convert::{Func, cast};
use super::infer::{ColumnInfer, Kind, Value};
use super::layout::OutputLayout;
use super::pieces::Forkable;
use super::plain_lines::PlainLineCut;
use super::scan::{Setup, Sink};
use super::specs::ColumnSpec;
use super::stage_options::ColumnOptions;
use crate::engine::pyparse::{parse_bool, plain_int};
use crate::error::Result;
use npy_format::{ByteOrder, ScalarKind};
use rayon::prelude::*;
use std::borrow::Cow;

/// The slot of a string entry with no text.
const EMPTY_TEXT: u64 = u64::MAX;

/// The rows read so far, as slots.
pub(crate) struct OnePassSink<'o> {
    opts: &'o ColumnOptions,
    /// The largest output allowed (`max_output_bytes`).
    max_output_bytes: u64,
    pub specs: Vec<ColumnSpec>,
    pub infer: Vec<ColumnInfer>,
    /// Per column: an entry that is not missing is held.
    has_values: Vec<bool>,
    /// Per column: a missing entry's text was not empty.
    odd_missing: Vec<bool>,
    /// `rows × columns` little-endian slots: a bool (0/1), an int64, a
    /// float64's bits, or the offset of a string in `text`.
    slots: Vec<u8>,
    /// A bit per entry, set where it is missing (to be filled): each row
    /// takes [`stride`](Self::stride) bytes.
    missing: Vec<u8>,
    /// The strings: each its length (seven bits a byte, low first), then
    /// its bytes.
    text: Vec<u8>,
    pub rows: usize,
    /// The whole input's length, when known (to reserve the slots once).
    pub input_bytes: Option<u64>,
    /// Bytes of text this sink took through the quick cut.
    fed: u64,
    /// The slots were reserved for the whole input.
    reserved: bool,
    /// The pass gave up (see the module's comment).
    pub failed: bool,
}

impl<'o> OnePassSink<'o> {
    pub fn new(opts: &'o ColumnOptions, max_output_bytes: u64) -> OnePassSink<'o> {
        OnePassSink {
            opts,
            max_output_bytes,
            specs: Vec::new(),
            infer: Vec::new(),
            has_values: Vec::new(),
            odd_missing: Vec::new(),
            slots: Vec::new(),
            missing: Vec::new(),
            text: Vec::new(),
            rows: 0,
            input_bytes: None,
            fed: 0,
            reserved: false,
            failed: false,
        }
    }

    fn columns(&self) -> usize {
        self.specs.len()
    }

    /// Bytes of a row's missing bits.
    fn stride(&self) -> usize {
        self.columns().div_ceil(8)
    }

    fn is_missing(&self, r: usize, c: usize) -> bool {
        self.missing[r * self.stride() + c / 8] & (1 << (c % 8)) != 0
    }

    fn set_columns(&mut self, n: usize) {
        self.infer = vec![ColumnInfer::default(); n];
        self.has_values = vec![false; n];
        self.odd_missing = vec![false; n];
    }

    /// Whether the slots take more memory than the result may, or (past
    /// 8 MiB) more than twice what the output would with the types so
    /// far: bools take a byte each but a slot eight, and the two passes,
    /// which hold only the output, serve such data better.
    fn too_big(&self) -> bool {
        let held = self.slots.len() + self.text.len() + self.missing.len();
        if held as u64 > self.max_output_bytes {
            return true;
        }
        if held < 8 << 20 {
            return false;
        }
        let row: usize = self
            .infer
            .iter()
            .map(|c| match c.kind() {
                Kind::Bool => 1,
                Kind::Int | Kind::Float => 8,
                Kind::Complex | Kind::LongDouble => 16,
                Kind::Str => 4 * c.width.max(1),
            })
            .sum();
        held > self.rows.saturating_mul(row).saturating_mul(2)
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
                let stride = self.stride();
                for r in 0..self.rows {
                    self.set_slot(r * n + c, EMPTY_TEXT);
                    self.missing[r * stride + c / 8] &= !(1 << (c % 8));
                }
            }
            return true;
        }
        if (from, to) != (Kind::Int, Kind::Float) {
            return false;
        }
        for r in 0..self.rows {
            let at = r * n + c;
            if !self.is_missing(r, c) {
                let v = self.slot(at) as i64 as f64;
                self.set_slot(at, v.to_bits());
            }
        }
        true
    }
}

impl Sink for OnePassSink<'_> {
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
            if !self.take(c, raw) {
                return Ok(());
            }
        }
        self.end_row();
        Ok(())
    }
}

impl OnePassSink<'_> {
    /// Takes field `c` of a row; `false` when the pass gives up.
    fn take(&mut self, c: usize, raw: &str) -> bool {
        let before = self.infer[c].kind();
        let value = self.infer[c].push_value(raw, raw, &self.specs[c].missing);
        let after = self.infer[c].kind();
        if !self.retype(c, before, after) {
            self.failed = true;
            return false;
        }
        match (after, value) {
            (Kind::Str, _) => {
                self.push_text(c, raw);
                return true;
            }
            (_, Value::Missing) => {
                self.odd_missing[c] |= !raw.is_empty();
                self.push_slot(c, 0, true);
                return true;
            }
            (Kind::Bool, Value::Bool(b)) => self.push_slot(c, u64::from(b), false),
            (Kind::Int, Value::Int(v)) => self.push_slot(c, v as u64, false),
            (Kind::Float, Value::Float(x)) => self.push_slot(c, x.to_bits(), false),
            _ => {
                self.failed = true;
                return false;
            }
        }
        self.has_values[c] = true;
        true
    }

    /// Takes field `c` of a row, plain values of the column's type
    /// directly, anything else as [`take`](Self::take) does.
    fn take_quick(&mut self, c: usize, text: &str) -> bool {
        let quick = self.infer[c].quick();
        let hit = match quick {
            Some(Kind::Float) => quick_float(text).map(|x| (x.to_bits(), None)),
            Some(Kind::Int) => plain_int(text.as_bytes()).map(|v| (v as u64, None)),
            Some(Kind::Bool) if text.is_ascii() => {
                parse_bool(text).map(|b| (u64::from(b), Some(b)))
            }
            Some(Kind::Str) => {
                let width = if text.is_ascii() {
                    text.len()
                } else {
                    text.chars().count()
                };
                self.infer[c].take_quick(width, None);
                self.push_text(c, text);
                return true;
            }
            _ => None,
        };
        if let Some((slot, seen)) = hit {
            // Plain numbers and bools are ASCII: bytes are characters.
            self.infer[c].take_quick(text.len(), seen);
            self.has_values[c] = true;
            self.push_slot(c, slot, false);
            return true;
        }
        let empty_missing = || self.specs[c].missing.iter().any(String::is_empty);
        if text.is_empty() && matches!(quick, Some(Kind::Int | Kind::Float)) && empty_missing() {
            self.push_slot(c, 0, true);
            return true;
        }
        self.take(c, text)
    }

    /// Stores entry `c` of the row being read.
    fn push_slot(&mut self, c: usize, slot: u64, missing: bool) {
        self.slots.extend_from_slice(&slot.to_le_bytes());
        if c == 0 {
            self.missing.resize(self.missing.len() + self.stride(), 0);
        }
        if missing {
            let at = self.missing.len() - self.stride() + c / 8;
            self.missing[at] |= 1 << (c % 8);
        }
    }

    /// Stores a string entry.
    fn push_text(&mut self, c: usize, raw: &str) {
        let at = self.text.len() as u64;
        // The length, seven bits a byte (one byte below 128).
        let mut len = raw.len();
        while len >= 0x80 {
            self.text.push(0x80 | (len & 0x7f) as u8);
            len >>= 7;
        }
        self.text.push(len as u8);
        self.text.extend_from_slice(raw.as_bytes());
        self.push_slot(c, at, false);
    }

    /// Reserves the slots once, from the first piece's slots per byte of
    /// text and the input's length, with room for the rows to widen when
    /// they become the output (strings): on huge pages where available,
    /// and only the room written to is ever resident.
    fn reserve_slots(&mut self, first: &OnePassSink<'_>) {
        let Some(total) = self.input_bytes else {
            return;
        };
        let estimate = first.slots.len() as f64 / first.fed as f64 * total as f64 * 2.0;
        let cap = self.max_output_bytes as f64;
        npy_format::internal::reserve_array_data(&mut self.slots, estimate.min(cap) as usize);
    }

    fn end_row(&mut self) {
        self.rows += 1;
        if self.rows.is_multiple_of(4096) && self.too_big() {
            self.failed = true;
        }
    }

    /// The rows of `piece` cut by `cut`; `false` at a row with a wrong
    /// column count (the scanner then takes the piece).
    fn quick_rows(&mut self, cut: &PlainLineCut, piece: &str) -> bool {
        let b = piece.as_bytes();
        let n = self.columns();
        self.fed += b.len() as u64;
        // Room for a row per line, so the piece's buffers grow once.
        let lines = memchr::memchr_iter(b'\n', b).count() + 1;
        self.slots.reserve(lines * 8 * n);
        self.missing.reserve(lines * self.stride());
        if self.infer.iter().any(|c| c.kind() == Kind::Str) {
            self.text.reserve(b.len());
        }
        if self.failed {
            return true;
        }
        // Rows stop once the pass gives up.
        let taken = cut.each_row(piece, n, |_, bounds| {
            for (c, &bound) in bounds.iter().enumerate() {
                if !self.take_quick(c, cut.field(piece, bound)) {
                    return Ok(false);
                }
            }
            self.end_row();
            Ok(!self.failed)
        });
        matches!(taken, Ok(true))
    }
}

/// A float of the standard grammar with nothing to strip (Python's
/// `float` reads it alike).
fn quick_float(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    let solid = |c: u8| c > b' ' && c < 0x7f;
    match (b.first(), b.last()) {
        (Some(&f), Some(&l)) if solid(f) && solid(l) => {
            crate::engine::tokenize::ascii_numbers::decimal(text)
        }
        _ => None,
    }
}

impl Forkable for OnePassSink<'_> {
    fn fork(&self) -> Self {
        let mut s = OnePassSink::new(self.opts, self.max_output_bytes);
        s.specs = self.specs.clone();
        s.failed = self.failed;
        s.set_columns(self.specs.len());
        // The types so far: a piece then stores its entries as the column
        // already is (merging them back changes nothing).
        s.infer = self.infer.clone();
        s
    }

    fn fast_feed(
        &mut self,
        cut: &PlainLineCut,
        piece: &str,
        _line: u64,
        columns: usize,
    ) -> Result<bool> {
        Ok(columns == self.columns() && self.quick_rows(cut, piece))
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
        if !self.reserved && later.fed > 0 {
            self.reserved = true;
            self.reserve_slots(&later);
        }
        self.fed += later.fed;
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
#[derive(Clone, Copy)]
enum Write {
    Bool,
    /// An int64 or float64, as stored.
    Word,
    Str(usize),
}

/// Where and how one column is written into a row.
struct ColumnOut {
    at: usize,
    write: Write,
    /// The element of a missing entry.
    fill: Vec<u8>,
}

impl OnePassSink<'_> {
    /// The rows as `plan` lays them out, built in place of the slots;
    /// `None` when the plan converts a column in a way the slots cannot
    /// give (the two passes then decide).
    pub fn into_rows(self, plan: &OutputLayout) -> Option<Vec<u8>> {
        let n = self.columns();
        if self.failed || plan.cols.len() != n {
            return None;
        }
        let mut outs = Vec::with_capacity(n);
        for (c, col) in plan.cols.iter().enumerate() {
            if col.scalar.order() == ByteOrder::Big {
                return None;
            }
            let kind = self.infer[c].kind();
            let write = match (kind, col.func, col.scalar.kind()) {
                (Kind::Bool, Func::Bool, ScalarKind::Bool) => Write::Bool,
                (Kind::Int, Func::Int, ScalarKind::Int(8)) => Write::Word,
                (Kind::Float, Func::Float, ScalarKind::Float(8)) => Write::Word,
                (Kind::Str, Func::Str, ScalarKind::Unicode(w)) => Write::Str(w),
                _ => return None,
            };
            let mut fill = vec![0u8; col.scalar.kind().itemsize()?];
            cast(&col.fill, &col.scalar, &mut fill).ok()?;
            outs.push(ColumnOut {
                at: col.offset,
                write,
                fill,
            });
        }
        let (rows, from, to) = (self.rows, 8 * n, plan.row_bytes);
        let stride = self.stride();
        let mut buf = self.slots;
        if to > from {
            buf.resize(rows.checked_mul(to)?, 0);
        }
        let (missing, text) = (&self.missing, &self.text);
        // Every column writes each of its bytes (strings their padding),
        // so a row needs no clearing first.
        relayout(&mut buf, rows, from, to, |r, slots, out| {
            let flags = &missing[r * stride..r * stride + stride];
            for (c, o) in outs.iter().enumerate() {
                let at = o.at;
                if flags[c / 8] & (1 << (c % 8)) != 0 {
                    out[at..at + o.fill.len()].copy_from_slice(&o.fill);
                    continue;
                }
                let mut b = [0u8; 8];
                b.copy_from_slice(&slots[8 * c..8 * c + 8]);
                let v = u64::from_le_bytes(b);
                match o.write {
                    Write::Bool => out[at] = v as u8,
                    Write::Word => out[at..at + 8].copy_from_slice(&b),
                    Write::Str(w) => {
                        let out = &mut out[at..at + 4 * w];
                        out.fill(0);
                        if v == EMPTY_TEXT {
                            continue;
                        }
                        let s = stored_bytes(text, v);
                        if s.is_ascii() {
                            for (k, &b) in s.iter().take(w).enumerate() {
                                out[4 * k] = b;
                            }
                        } else {
                            let s = std::str::from_utf8(s).unwrap_or_default();
                            for (k, ch) in s.chars().take(w).enumerate() {
                                out[4 * k..4 * k + 4].copy_from_slice(&(ch as u32).to_le_bytes());
                            }
                        }
                    }
                }
            }
        });
        buf.truncate(rows * to);
        Some(buf)
    }
}

/// The string stored at `at` in `text`, as bytes (whole UTF-8, as they
/// were copied from a field).
fn stored_bytes(text: &[u8], at: u64) -> &[u8] {
    let mut at = usize::try_from(at).unwrap_or(usize::MAX);
    let (mut len, mut shift) = (0usize, 0u32);
    while let Some(&b) = text.get(at) {
        len |= usize::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
        at += 1;
        shift += 7;
        if b < 0x80 {
            break;
        }
    }
    text.get(at..at.saturating_add(len)).unwrap_or_default()
}

/// Rewrites the first `rows` rows of `from` bytes in `buf` as rows of `to`
/// bytes (`buf` holds `rows` of the larger), each by `f(row, old, new)`,
/// on every core. Rows are taken in runs whose new places hold no old row
/// still unread: from the last row back when rows grow, from the first
/// on when they shrink; the runs lengthen geometrically.
fn relayout<F>(buf: &mut [u8], rows: usize, from: usize, to: usize, f: F)
where
    F: Fn(usize, &[u8], &mut [u8]) + Sync,
{
    let run = |first: usize, old: &[u8], new: &mut [u8]| {
        old.par_chunks(from.max(1))
            .zip(new.par_chunks_mut(to.max(1)))
            .enumerate()
            .with_min_len(256)
            .for_each(|(k, (o, n))| f(first + k, o, n));
    };
    let mut spare = vec![0u8; from];
    let mut alone = |r: usize, buf: &mut [u8]| {
        spare.copy_from_slice(&buf[r * from..r * from + from]);
        f(r, &spare, &mut buf[r * to..r * to + to]);
    };
    if to == 0 || from == 0 {
        for r in 0..rows {
            alone(r, buf);
        }
    } else if to == from {
        buf[..rows * to]
            .par_chunks_mut(to)
            .enumerate()
            .with_min_len(256)
            .for_each_init(
                || vec![0u8; from],
                |old, (r, row)| {
                    old.copy_from_slice(row);
                    f(r, old, row);
                },
            );
    } else if to > from {
        // Rows a..b may move at once when their new places start past
        // their old ones' end: b × from ≤ a × to.
        let mut b = rows;
        while b > 0 {
            let a = (b * from).div_ceil(to);
            if a >= b {
                alone(b - 1, buf);
                b -= 1;
                continue;
            }
            let (head, tail) = buf.split_at_mut(a * to);
            run(a, &head[a * from..b * from], &mut tail[..(b - a) * to]);
            b = a;
        }
    } else {
        // Rows a..b may move at once when their new places end before
        // their old ones start: b × to ≤ a × from.
        let mut a = 0;
        while a < rows {
            let b = (a * from / to).min(rows);
            if b <= a {
                alone(a, buf);
                a += 1;
                continue;
            }
            let (head, tail) = buf.split_at_mut(a * from);
            run(a, &tail[..(b - a) * from], &mut head[a * to..b * to]);
            a = b;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::relayout;

    /// Every size change, row count and first byte: the rows come out as
    /// a plain copy into a fresh buffer gives them.
    #[test]
    fn relayout_moves_every_row_once() {
        for rows in [0usize, 1, 2, 3, 10, 257, 1000, 3001] {
            for (from, to) in [
                (8, 8),
                (8, 9),
                (48, 53),
                (16, 64),
                (9, 8),
                (53, 48),
                (64, 16),
                (8, 1),
            ] {
                let old: Vec<u8> = (0..rows * from).map(|i| (i * 7 + i / 251) as u8).collect();
                let convert = |r: usize, o: &[u8], n: &mut [u8]| {
                    for (k, b) in n.iter_mut().enumerate() {
                        *b = o[k % from] ^ (r as u8);
                    }
                };
                let mut want = vec![0u8; rows * to];
                for r in 0..rows {
                    convert(
                        r,
                        &old[r * from..r * from + from],
                        &mut want[r * to..r * to + to],
                    );
                }
                let mut buf = old.clone();
                buf.resize(rows * from.max(to), 0);
                relayout(&mut buf, rows, from, to, convert);
                assert_eq!(&buf[..rows * to], &want[..], "{rows} rows, {from} → {to}");
            }
        }
    }
}
