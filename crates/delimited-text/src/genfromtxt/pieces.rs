//! Feeding text to a pass on every core: once the first line has settled
//! the columns, the data is cut into pieces at line ends, each piece is
//! scanned into a fork of the pass's sink, and the forks are joined in
//! file order (the first error in the file wins), so the result is the
//! serial one.

use super::builder::GenFromTxt;
use super::infer::ColumnInfer;
use super::plain_lines::PlainLineCut;
use super::scan::{MAX_LISTED, Scanner, Sink};
use super::sinks::{ConvertSink, InferSink};
use super::stage_options::{ReadOptions, ScanOptions};
use crate::engine::lines::{count_lines, split_pieces};
use crate::error::Result;
use rayon::prelude::*;

/// A sink whose work on pieces of the input can be done apart and
/// joined in order.
pub(crate) trait Forkable: Sink + Send + Sync + Sized {
    /// An empty sink for a piece.
    fn fork(&self) -> Self;
    /// Appends a later piece's results.
    fn join(&mut self, later: Self);
    /// Takes a piece of data lines (the first is `line`, each row of
    /// `columns` fields) cut by `cut`, without the scanner; `Ok(false)`
    /// when the piece needs the scanner (the sink is then discarded).
    fn fast_feed(
        &mut self,
        cut: &PlainLineCut,
        piece: &str,
        line: u64,
        columns: usize,
    ) -> Result<bool> {
        cut.rows(piece, line, columns, self)
    }
}

impl Forkable for InferSink<'_> {
    fn fork(&self) -> Self {
        let mut s = InferSink::new(self.opts, self.dtype);
        s.specs = self.specs.clone();
        s.columns = vec![ColumnInfer::default(); self.columns.len()];
        s
    }

    fn join(&mut self, later: Self) {
        for (c, d) in self.columns.iter_mut().zip(&later.columns) {
            c.merge(d);
        }
        self.rows += later.rows;
    }
}

impl Forkable for ConvertSink<'_> {
    fn fork(&self) -> Self {
        ConvertSink {
            plan: self.plan,
            loose: self.loose,
            usemask: self.usemask,
            data: Vec::new(),
            mask: Vec::new(),
            rows: 0,
        }
    }

    fn join(&mut self, later: Self) {
        self.data.extend_from_slice(&later.data);
        self.mask.extend_from_slice(&later.mask);
        self.rows += later.rows;
    }
}

/// Feeds blocks of text to a pass: the scan's options say how lines
/// become rows, the read options how the work is spread over the cores.
#[derive(Clone, Copy)]
pub(crate) struct PassFeeder<'o> {
    scan: &'o ScanOptions,
    read: &'o ReadOptions,
}

impl GenFromTxt {
    /// The feeder of this reader's passes.
    pub(crate) fn feeder(&self) -> PassFeeder<'_> {
        PassFeeder {
            scan: &self.scan,
            read: &self.read,
        }
    }
}

impl<'o> PassFeeder<'o> {
    /// Whether rows may be scanned apart: skip_footer and max_rows need
    /// them in order.
    fn piecewise(&self) -> bool {
        self.read.parallel && self.scan.skip_footer == 0 && self.scan.max_rows.is_none()
    }

    /// One pass of a fresh scanner and `sink` over the blocks `feed` hands
    /// out (see [`feed_all`](Self::feed_all)), the last pieces joined at
    /// the end; `after` runs after each block, with the rows joined so
    /// far, and says whether to go on. Returns the pass's scanner.
    pub(crate) fn feed_blocks<S, F>(
        &self,
        feed: F,
        sink: &mut S,
        mut after: impl FnMut(&mut S) -> Result<bool>,
    ) -> Result<Scanner<'o>>
    where
        S: Forkable,
        F: FnOnce(&mut dyn FnMut(&str) -> Result<bool>) -> Result<()>,
    {
        let mut scanner = Scanner::new(self.scan);
        let mut pending = Vec::new();
        feed(&mut |text| {
            self.feed_all(&mut scanner, sink, text, &mut pending)?;
            Ok(after(sink)? && !scanner.done())
        })?;
        self.join_pending(&mut scanner, sink, &mut pending)?;
        Ok(scanner)
    }

    /// Feeds `text` (whole lines) to `scanner` and `sink`, on every core
    /// when the options allow and the data is large enough. The pieces'
    /// results wait in `pending` and join the sink (in order) while the
    /// next block parses; [`join_pending`](Self::join_pending) joins the
    /// last ones.
    fn feed_all<S: Forkable>(
        &self,
        scanner: &mut Scanner<'o>,
        sink: &mut S,
        text: &str,
        pending: &mut Pending<'o, S>,
    ) -> Result<()> {
        if !self.piecewise() || text.len() <= self.read.chunk_bytes {
            self.join_pending(scanner, sink, pending)?;
            return scanner.feed(text, sink);
        }
        let used = scanner.feed_prelude(text, sink)?;
        let rest = &text[used..];
        let Some(setup) = scanner.setup.clone() else {
            return scanner.feed(rest, sink);
        };
        let pieces = split_pieces(rest, self.read.chunk_bytes);
        let mut starts = Vec::with_capacity(pieces.len());
        let mut line = scanner.line();
        for p in &pieces {
            starts.push(line);
            line += count_lines(p);
        }
        let template = sink.fork();
        let cut = PlainLineCut::new(self.scan, &setup);
        let earlier = std::mem::take(pending);
        let (joined, done) = rayon::join(
            || self.join_pending(scanner, sink, &mut { earlier }),
            || {
                pieces
                    .par_iter()
                    .zip(&starts)
                    .map(|(piece, &start)| {
                        let mut sc = Scanner::resume(self.scan, setup.clone(), start);
                        let mut part = template.fork();
                        if let Some(cut) = &cut
                            && part.fast_feed(cut, piece, start, setup.ncols)?
                        {
                            return Ok((sc, part));
                        }
                        let mut part = template.fork();
                        sc.feed(piece, &mut part)?;
                        Ok((sc, part))
                    })
                    .collect::<Vec<_>>()
            },
        );
        joined?;
        *pending = done;
        scanner.set_line(line);
        Ok(())
    }

    /// Joins the pieces waiting in `pending` to `sink`, in order (the
    /// first error in the file wins).
    fn join_pending<S: Forkable>(
        &self,
        scanner: &mut Scanner<'o>,
        sink: &mut S,
        pending: &mut Pending<'o, S>,
    ) -> Result<()> {
        for result in std::mem::take(pending) {
            let (sc, part) = result?;
            scanner.invalid_total += sc.invalid_total;
            let room = MAX_LISTED.saturating_sub(scanner.invalid.len());
            scanner.invalid.extend(sc.invalid.into_iter().take(room));
            sink.join(part);
        }
        Ok(())
    }
}

/// The parsed pieces of a block, waiting to join a pass's sink.
type Pending<'s, S> = Vec<Result<(Scanner<'s>, S)>>;
