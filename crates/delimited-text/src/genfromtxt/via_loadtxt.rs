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
        if !self.plain {
            return None;
        }
        let DTypeChoice::Given(dtype) = &self.dtype else {
            return None;
        };
        let kind = dtype.as_scalar()?.kind();
        if !matches!(
            kind,
            ScalarKind::Float(2 | 4 | 8) | ScalarKind::Int(_) | ScalarKind::UInt(_)
        ) {
            return None;
        }
        let untouched = self.quotechar.is_none()
            && self.skip_footer == 0
            && self.max_rows.is_none()
            && self.usecols.is_none()
            && matches!(self.names, Names::None)
            && self.converters.is_empty()
            && self.missing_all.is_empty()
            && self.missing_per_column.is_none()
            && self.missing_by_col.is_empty()
            && self.filling_all.is_none()
            && self.filling_per_column.is_none()
            && self.filling_by_col.is_empty()
            && !self.usemask
            && !self.unpack;
        if !untouched {
            return None;
        }
        let mut l = LoadTxt::new();
        l.dtype(dtype.clone())
            .skiprows(self.skip_header)
            .ndmin(self.ndmin)
            .encoding(self.encoding)
            .parallel(self.parallel);
        match &self.comments {
            Some(c) => l.comments(&[c.as_str()]),
            None => l.comments::<&str>(&[]),
        };
        match &self.delimiter {
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
