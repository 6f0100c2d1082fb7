//! Plain numeric text at loadtxt's speed.
//!
//! For an explicit integer or float dtype and options that change nothing
//! on clean numbers (no names, usecols, converters, missing or filling
//! values, footer, row limit, mask, quotes or unpacking), genfromtxt and
//! loadtxt read every text loadtxt accepts identically: same splitting at
//! whitespace or one delimiter, same comments, same skipped lines, same
//! correctly rounded values, same shapes. So such inputs go to
//! [`LoadTxt`]'s streaming, parallel, low-memory parse first. Anything it
//! refuses (an empty field, a ragged row, text only Python's `float` or
//! `int` reads, no rows at all) goes through genfromtxt's own two passes,
//! which decide the result and its warnings. A property test compares the
//! two on every numeric dtype.

use super::builder::{DTypeChoice, GenFromTxt, Names};
use crate::engine::tokenize::line_splitter::Delimiter;
use crate::loadtxt::LoadTxt;
use npy_format::ScalarKind;

impl GenFromTxt {
    /// The [`LoadTxt`] that reads clean input exactly as these options
    /// do, or `None` when the options can make them differ.
    pub(crate) fn plain_loadtxt(&self) -> Option<LoadTxt> {
        if !self.read.plain {
            return None;
        }
        let DTypeChoice::Given(dtype) = &self.output.dtype else {
            return None;
        };
        let kind = dtype.as_scalar()?.kind();
        if !matches!(
            kind,
            ScalarKind::Float(2 | 4 | 8) | ScalarKind::Int(_) | ScalarKind::UInt(_)
        ) {
            return None;
        }
        let untouched = self.scan.quotechar.is_none()
            && self.scan.skip_footer == 0
            && self.scan.max_rows.is_none()
            && self.scan.usecols.is_none()
            && matches!(self.scan.names, Names::None)
            && self.columns.converters.is_empty()
            && self.columns.missing_all.is_empty()
            && self.columns.missing_per_column.is_none()
            && self.columns.missing_by_col.is_empty()
            && self.columns.filling_all.is_none()
            && self.columns.filling_per_column.is_none()
            && self.columns.filling_by_col.is_empty()
            && !self.output.usemask
            && !self.output.unpack;
        if !untouched {
            return None;
        }
        let mut l = LoadTxt::new();
        l.dtype(dtype.clone())
            .skiprows(self.scan.skip_header)
            .ndmin(self.output.ndmin)
            .encoding(self.read.encoding)
            .parallel(self.read.parallel);
        match &self.scan.comments {
            Some(c) => l.comments(&[c.as_str()]),
            None => l.comments::<&str>(&[]),
        };
        match &self.scan.delimiter {
            Delimiter::Whitespace => {
                l.delimiter(None);
            }
            Delimiter::Text(t) => {
                let mut chars = t.chars();
                match (chars.next(), chars.next()) {
                    // genfromtxt strips spaces off each line first and
                    // loadtxt does not; where that matters (a space or tab
                    // delimiter next to spaces), loadtxt sees an empty
                    // field, refuses it, and genfromtxt's passes decide.
                    (Some(c), None) => {
                        l.delimiter(Some(c));
                    }
                    _ => return None,
                }
            }
            _ => return None,
        }
        Some(l)
    }
}
