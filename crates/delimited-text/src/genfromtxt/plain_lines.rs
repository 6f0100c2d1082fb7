//! Cutting plain lines into fields straight from the bytes, without the
//! scanner and the splitter, where the options allow: one ASCII delimiter
//! byte (not a space) or runs of whitespace, at most a one-byte comment
//! marker, no quotes, no usecols. Data lines only (a pass's pieces, after
//! the first line settled the columns); a line this cut does not take, or
//! a row with the wrong column count, sends the piece to the scanner.

use super::scan::{Setup, Sink};
use super::stage_options::ScanOptions;
use crate::engine::lines::Stops;
use crate::engine::pyparse::py_strip;
use crate::engine::tokenize::line_splitter::Delimiter;
use crate::error::Result;
use std::borrow::Cow;

/// Byte classes of [`PlainLineCut`].
const DATA: u8 = 0;
const DELIM: u8 = 1;
const NEWLINE: u8 = 2;
const COMMENT: u8 = 3;
const SPACE: u8 = 4;
/// A byte the quick cut does not take (non-ASCII text, which may hold
/// Unicode whitespace, between whitespace-delimited fields).
const OTHER: u8 = 5;

/// How data lines are cut without the scanner, when they can be: one
/// ASCII delimiter byte (not a space) or runs of whitespace, at most a
/// one-byte comment marker, no quotes, no usecols. Lines end at `\n`,
/// `\r\n` or `\r`, and the comment is cut off, as the scanner does; then
/// with a delimiter the data loses its spaces at both ends and is split
/// at every delimiter, and with whitespace it is split at runs of
/// whitespace (ASCII text only), as the splitter does.
#[derive(Clone)]
pub(crate) struct PlainLineCut {
    class: [u8; 256],
    whitespace: bool,
    /// The bytes the word-at-a-time scan stops at.
    stops: Stops,
    /// Fields lose their surrounding whitespace (genfromtxt's autostrip).
    autostrip: bool,
}

impl PlainLineCut {
    pub(crate) fn new(opts: &ScanOptions, setup: &Setup) -> Option<PlainLineCut> {
        if opts.quotechar.is_some() || setup.usecols.is_some() {
            return None;
        }
        let mut class = [DATA; 256];
        let whitespace = match &opts.delimiter {
            Delimiter::Whitespace => {
                for b in [b' ', b'\t', 0x0b, 0x0c, 0x1c, 0x1d, 0x1e, 0x1f] {
                    class[usize::from(b)] = SPACE;
                }
                class[0x80..].fill(OTHER);
                true
            }
            Delimiter::Text(d) => {
                let &[d] = d.as_bytes() else {
                    return None;
                };
                if !d.is_ascii() || matches!(d, b' ' | b'\n' | b'\r') {
                    return None;
                }
                class[usize::from(d)] = DELIM;
                false
            }
            _ => return None,
        };
        class[usize::from(b'\n')] = NEWLINE;
        class[usize::from(b'\r')] = NEWLINE;
        match opts.comments.as_deref().map(str::as_bytes) {
            None | Some([]) => {}
            Some(&[c]) if c.is_ascii() && class[usize::from(c)] == DATA => {
                class[usize::from(c)] = COMMENT;
            }
            Some(_) => return None,
        }
        let stops = Stops::new(&class, whitespace)?;
        Some(PlainLineCut {
            class,
            whitespace,
            stops,
            autostrip: opts.autostrip,
        })
    }

    /// The first byte at or after `k` that is not field data (or the end
    /// of `b`).
    #[inline]
    fn data_end(&self, b: &[u8], k: usize) -> usize {
        crate::engine::lines::field_end(b, k, &self.class, &self.stops)
    }

    /// Cuts the line at `i` of `b` into the bounds of its fields (none
    /// when it holds no data); where the next line starts, or `None` for
    /// a line this cut does not take.
    #[inline]
    pub(crate) fn line(
        &self,
        b: &[u8],
        i: usize,
        bounds: &mut Vec<(usize, usize)>,
    ) -> Option<usize> {
        let class = &self.class;
        let data = |k: usize| k < b.len() && class[usize::from(b[k])] == DATA;
        bounds.clear();
        let mut k = i;
        if self.whitespace {
            loop {
                while k < b.len() && class[usize::from(b[k])] == SPACE {
                    k += 1;
                }
                if !data(k) {
                    break;
                }
                let start = k;
                k = self.data_end(b, k);
                bounds.push((start, k));
            }
            if k < b.len() && class[usize::from(b[k])] == OTHER {
                return None;
            }
        } else {
            let mut start = k;
            loop {
                k = self.data_end(b, k);
                bounds.push((start, k));
                if k < b.len() && class[usize::from(b[k])] == DELIM {
                    k += 1;
                    start = k;
                } else {
                    break;
                }
            }
            // The line's data loses its spaces at both ends.
            if let Some(first) = bounds.first_mut() {
                while first.0 < first.1 && b[first.0] == b' ' {
                    first.0 += 1;
                }
            }
            if let Some(last) = bounds.last_mut() {
                while last.1 > last.0 && b[last.1 - 1] == b' ' {
                    last.1 -= 1;
                }
            }
            if let [(s, e)] = bounds[..]
                && s == e
            {
                bounds.clear();
            }
        }
        // Past a comment to the line's end, then past the line end.
        if k < b.len() && class[usize::from(b[k])] == COMMENT {
            k = memchr::memchr2(b'\n', b'\r', &b[k..]).map_or(b.len(), |x| k + x);
        }
        if k < b.len() {
            if b[k] == b'\r' && b.get(k + 1) == Some(&b'\n') {
                k += 1;
            }
            k += 1;
        }
        Some(k)
    }
}

impl PlainLineCut {
    /// Hands the rows of `piece` (whose first line is `line`) to `sink`;
    /// `Ok(false)` at a line this cut does not take or a row of other
    /// than `columns` fields (the scanner then takes the piece, with a
    /// fresh sink).
    pub(crate) fn rows(
        &self,
        piece: &str,
        line: u64,
        columns: usize,
        sink: &mut dyn Sink,
    ) -> Result<bool> {
        let mut fields: Vec<Cow<'_, str>> = Vec::with_capacity(columns);
        self.each_row(piece, columns, |local, bounds| {
            fields.clear();
            fields.extend(bounds.iter().map(|&b| Cow::Borrowed(self.field(piece, b))));
            sink.row(line + local, &fields)?;
            Ok(true)
        })
    }

    /// Calls `row` with each data row of `piece`: its line within the
    /// piece (lines end at `\n`, `\r\n` or `\r`, as the scanner counts
    /// them) and its fields' bounds, until `row` says to stop. `Ok(false)`
    /// at a line this cut does not take or a row of other than `columns`
    /// fields.
    #[inline]
    pub(crate) fn each_row<F>(&self, piece: &str, columns: usize, mut row: F) -> Result<bool>
    where
        F: FnMut(u64, &[(usize, usize)]) -> Result<bool>,
    {
        let b = piece.as_bytes();
        let mut bounds = Vec::with_capacity(columns + 1);
        let (mut i, mut line) = (0, 0u64);
        while i < b.len() {
            let Some(next) = self.line(b, i, &mut bounds) else {
                return Ok(false);
            };
            let this = line;
            line += 1;
            i = next;
            if bounds.is_empty() {
                continue;
            }
            if bounds.len() != columns {
                return Ok(false);
            }
            if !row(this, &bounds)? {
                break;
            }
        }
        Ok(true)
    }

    /// The text of the field at `bounds` in `piece` (stripped with
    /// autostrip).
    #[inline]
    pub(crate) fn field<'p>(&self, piece: &'p str, (s, e): (usize, usize)) -> &'p str {
        let text = &piece[s..e];
        if self.autostrip { py_strip(text) } else { text }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GenFromTxt;
    use crate::engine::lines::next_line;
    use proptest::prelude::*;

    /// The fields of every line of `text` as the splitter cuts them (no
    /// field: no row).
    fn split_lines(opts: &ScanOptions, text: &str) -> Vec<Vec<String>> {
        let splitter = opts.splitter();
        let mut rest = text;
        let mut out = Vec::new();
        let mut fields = Vec::new();
        while !rest.is_empty() {
            let (line, terminated, after) = next_line(rest);
            splitter.split(line, terminated, &mut fields);
            out.push(fields.iter().map(|f| f.to_string()).collect());
            rest = after;
        }
        out
    }

    /// The same by the quick cut, or `None` where it hands the text over.
    fn quick_lines(cut: &PlainLineCut, text: &str) -> Option<Vec<Vec<String>>> {
        let b = text.as_bytes();
        let (mut i, mut out, mut bounds) = (0, Vec::new(), Vec::new());
        while i < b.len() {
            i = cut.line(b, i, &mut bounds)?;
            out.push(
                bounds
                    .iter()
                    .map(|&(s, e)| {
                        let f = &text[s..e];
                        (if cut.autostrip { py_strip(f) } else { f }).to_string()
                    })
                    .collect(),
            );
        }
        Some(out)
    }

    proptest! {
        /// Wherever the quick cut takes text, each line's fields are the
        /// splitter's, whatever the bytes: delimiters, spaces, tabs, line
        /// ends, comments, control and non-ASCII characters, long fields.
        #[test]
        fn quick_cut_splits_as_the_splitter(
            parts in prop::collection::vec(
                prop::sample::select(vec![
                    "1", "-2.5e3", "abc", ",", ";", " ", "  ", "\t", "\n", "\r\n", "\r", "#",
                    "\u{1c}", "\u{1}", "é", "\u{a0}", "\u{2003}", "123456789012345678901234",
                ]),
                0..40,
            ),
            delimiter in prop::sample::select(vec![None, Some(","), Some(";"), Some("\t")]),
            comments in prop::sample::select(vec![None, Some("#"), Some(";")]),
            autostrip in any::<bool>(),
        ) {
            let text: String = parts.concat();
            let mut opts = GenFromTxt::new();
            opts.comments(comments).autostrip(autostrip);
            if let Some(d) = delimiter {
                opts.delimiter(d);
            }
            let setup = Setup { ncols: 1, usecols: None, names: None };
            let Some(cut) = PlainLineCut::new(&opts.scan, &setup) else {
                // Only a comment marker equal to the delimiter is refused.
                prop_assert_eq!(comments, delimiter);
                return Ok(());
            };
            if let Some(quick) = quick_lines(&cut, &text) {
                prop_assert_eq!(quick, split_lines(&opts.scan, &text));
            } else {
                // Handed over only for non-ASCII between whitespace fields.
                prop_assert!(delimiter.is_none() && !text.is_ascii());
            }
        }
    }
}
