//! Lines to rows, in blocks: `skip_header`, the first line (names or the
//! first row, which settles the column count), rows with the wrong column
//! count set aside, `skip_footer` (a delay of N rows), `max_rows`.
//!
//! A [`Scanner`] is fed blocks of whole lines and hands each valid row to
//! a [`Sink`], so the same code reads a string or streams a file of any
//! size, once to infer types and once to convert.

use super::stage_options::ScanOptions;
use super::{Col, Names};
use crate::engine::lines::next_line;
use crate::engine::tokenize::line_splitter::Splitter;
use crate::error::{Error, Result};
use std::borrow::Cow;
use std::collections::VecDeque;

/// Rows with a wrong column count kept for the error message; beyond
/// this many only the count grows.
pub(crate) const MAX_LISTED: usize = 1000;

/// Receives the valid rows, in order, each with its 1-based line.
pub(crate) trait Sink {
    /// Called once, when the first line has settled the columns.
    fn start(&mut self, _setup: &Setup) -> Result<()> {
        Ok(())
    }
    fn row(&mut self, line: u64, fields: &[Cow<'_, str>]) -> Result<()>;
    /// A valid row dropped by `skip_footer` (NumPy infers types from
    /// them too).
    fn footer_row(&mut self, _fields: &[Cow<'_, str>]) {}
}

/// What the first line with data settles.
#[derive(Debug, Clone)]
pub(crate) struct Setup {
    /// Columns of a row (NumPy's `nbcols`).
    pub ncols: usize,
    /// The columns used, as indices into a row (negative from the end).
    pub usecols: Option<Vec<isize>>,
    /// Cleaned names (before any dtype applies them).
    pub names: Option<Vec<String>>,
}

enum Event {
    Row(u64, Vec<Cow<'static, str>>),
    Invalid(u64, usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Skip(usize),
    First,
    Data,
    Done,
}

/// The state of one pass over the input.
pub(crate) struct Scanner<'o> {
    opts: &'o ScanOptions,
    splitter: Splitter,
    phase: Phase,
    /// The line the next line of input is.
    line: u64,
    pub setup: Option<Setup>,
    pending: VecDeque<Event>,
    rows: usize,
    /// Rows with a wrong column count: (line, columns), the first
    /// [`MAX_LISTED`], and how many in all.
    pub invalid: Vec<(u64, usize)>,
    pub invalid_total: usize,
}

impl<'o> Scanner<'o> {
    pub fn new(opts: &'o ScanOptions) -> Scanner<'o> {
        Scanner {
            opts,
            splitter: opts.splitter(),
            phase: match opts.skip_header {
                0 => Phase::First,
                n => Phase::Skip(n),
            },
            line: 1,
            setup: None,
            pending: VecDeque::new(),
            rows: 0,
            invalid: Vec::new(),
            invalid_total: 0,
        }
    }

    /// A scan of a piece of the data, after the first line settled
    /// `setup`; the piece's first line is `line`.
    pub fn resume(opts: &'o ScanOptions, setup: Setup, line: u64) -> Scanner<'o> {
        let mut s = Scanner::new(opts);
        s.phase = Phase::Data;
        s.setup = Some(setup);
        s.line = line;
        s
    }

    /// The line the next line of input is.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Moves past lines scanned elsewhere.
    pub fn set_line(&mut self, line: u64) {
        self.line = line;
    }

    /// Feeds lines of `text` until the first line with data has been
    /// taken (or the text ends); returns the bytes consumed.
    pub fn feed_prelude(&mut self, text: &str, sink: &mut dyn Sink) -> Result<usize> {
        let mut rest = text;
        while !rest.is_empty() && matches!(self.phase, Phase::Skip(_) | Phase::First) {
            let (_, _, after) = next_line(rest);
            let line = &rest[..rest.len() - after.len()];
            self.feed(line, sink)?;
            rest = after;
        }
        Ok(text.len() - rest.len())
    }

    /// Whether the scan needs no more input.
    pub fn done(&self) -> bool {
        self.phase == Phase::Done
    }

    /// Feeds a block of whole lines (the last may lack its terminator
    /// only at the end of the input).
    pub fn feed(&mut self, text: &str, sink: &mut dyn Sink) -> Result<()> {
        let mut rest = text;
        let mut fields: Vec<Cow<'_, str>> = Vec::new();
        while !rest.is_empty() && self.phase != Phase::Done {
            let (line, terminated, after) = next_line(rest);
            rest = after;
            let n = self.line;
            self.line += 1;
            match self.phase {
                Phase::Skip(k) => {
                    self.phase = if k <= 1 {
                        Phase::First
                    } else {
                        Phase::Skip(k - 1)
                    };
                }
                Phase::First => {
                    let header = matches!(self.opts.names, Names::Header);
                    let text: Cow<'_, str> = match (&self.opts.comments, header) {
                        (Some(c), true) if !c.is_empty() && line.contains(c.as_str()) => {
                            Cow::Owned(line.split(c.as_str()).skip(1).collect())
                        }
                        _ => Cow::Borrowed(line),
                    };
                    let mut found: Vec<Cow<'_, str>> = Vec::new();
                    self.splitter.split(&text, terminated, &mut found);
                    if found.is_empty() {
                        continue;
                    }
                    let mut first: Vec<String> = found.iter().map(|f| f.to_string()).collect();
                    if header {
                        let fval = crate::engine::pyparse::py_strip(&first[0]);
                        if let Some(c) = &self.opts.comments
                            && c.contains(fval)
                        {
                            first.remove(0);
                        }
                    }
                    let setup = self.opts.setup(&first)?;
                    sink.start(&setup)?;
                    self.setup = Some(setup);
                    self.phase = Phase::Data;
                    if !header {
                        self.splitter.split(line, terminated, &mut fields);
                        self.data_row(n, &fields, sink)?;
                    }
                }
                Phase::Data => {
                    self.splitter.split(line, terminated, &mut fields);
                    self.data_row(n, &fields, sink)?;
                }
                Phase::Done => {}
            }
        }
        Ok(())
    }

    fn data_row(&mut self, line: u64, values: &[Cow<'_, str>], sink: &mut dyn Sink) -> Result<()> {
        if values.is_empty() {
            return Ok(());
        }
        let Some(setup) = &self.setup else {
            return Ok(());
        };
        let n = values.len();
        let mut chosen: Vec<Cow<'_, str>> = Vec::new();
        let valid = match &setup.usecols {
            Some(cols) => cols.iter().all(|&c| {
                let i = if c < 0 { n as isize + c } else { c };
                if i < 0 || i as usize >= n {
                    return false;
                }
                chosen.push(values[i as usize].clone());
                true
            }),
            None => n == setup.ncols,
        };
        let fields: &[Cow<'_, str>] = if setup.usecols.is_some() {
            &chosen
        } else {
            values
        };
        if self.opts.skip_footer == 0 {
            if valid {
                sink.row(line, fields)?;
            } else {
                self.note_invalid(line, n);
            }
        } else {
            self.pending.push_back(if valid {
                Event::Row(
                    line,
                    fields.iter().map(|f| Cow::Owned(f.to_string())).collect(),
                )
            } else {
                Event::Invalid(line, n)
            });
            if self.pending.len() > self.opts.skip_footer {
                match self.pending.pop_front() {
                    Some(Event::Row(l, f)) => sink.row(l, &f)?,
                    Some(Event::Invalid(l, c)) => self.note_invalid(l, c),
                    None => {}
                }
            }
        }
        if valid {
            self.rows += 1;
            if self.opts.max_rows == Some(self.rows) {
                self.phase = Phase::Done;
            }
        }
        Ok(())
    }

    /// Ends the input: the rows held back for `skip_footer` are the
    /// footer. An input without data settles its columns from usecols and
    /// names alone.
    pub fn finish(&mut self, sink: &mut dyn Sink) -> Result<()> {
        for e in std::mem::take(&mut self.pending) {
            if let Event::Row(_, f) = e {
                sink.footer_row(&f);
            }
        }
        if self.setup.is_none() && !matches!(self.opts.names, Names::Header) {
            let setup = self.opts.setup(&[])?;
            sink.start(&setup)?;
            self.setup = Some(setup);
        }
        Ok(())
    }

    fn note_invalid(&mut self, line: u64, count: usize) {
        self.invalid_total += 1;
        if self.invalid.len() < MAX_LISTED {
            self.invalid.push((line, count));
        }
    }
}

impl ScanOptions {
    /// Resolves names, usecols and the column count from the first
    /// line's values.
    pub(crate) fn setup(&self, first: &[String]) -> Result<Setup> {
        let names: Option<Vec<String>> = match &self.names {
            Names::None => None,
            Names::Header => Some(
                self.rules.clean(
                    &first
                        .iter()
                        .map(|s| crate::engine::pyparse::py_strip(s).to_string())
                        .collect::<Vec<_>>(),
                    None,
                    false,
                )?,
            ),
            Names::List(list) => Some(self.rules.clean(list, None, false)?),
        };
        let mut usecols: Option<Vec<isize>> = None;
        if let Some(cols) = &self.usecols {
            let mut out = Vec::with_capacity(cols.len());
            for c in cols {
                out.push(match c {
                    Col::Name(name) => {
                        let found = names
                            .as_ref()
                            .and_then(|ns| ns.iter().position(|n| n == name));
                        match found {
                            Some(i) => i as isize,
                            None => {
                                return Err(Error::option(format!(
                                    "usecols names {name:?}, which is not a column name"
                                )));
                            }
                        }
                    }
                    Col::Index(i) if *i < 0 => *i + first.len() as isize,
                    Col::Index(i) => *i,
                });
            }
            usecols = Some(out);
        }
        let ncols = match &usecols {
            Some(u) if !u.is_empty() => u.len(),
            _ => first.len(),
        };
        Ok(Setup {
            ncols,
            usecols: usecols.filter(|u| !u.is_empty()),
            names,
        })
    }
}
