//! Block streaming: blocks read while earlier ones parse on the pool (at
//! most [`IN_FLIGHT`] at once), quoted text given up record by record,
//! rows accumulated in file order, and rows written to an `.npy` as
//! blocks finish.

use super::rows::{Chunk, RowLayout};
use super::*;
use crate::engine::input::read_fully;
use crate::engine::shape::shape_for_ndmin;

impl LoadTxt {
    /// Reads a whole input: streamed in blocks unless quotes or string
    /// discovery need all of it.
    pub(super) fn read_input<R: Read>(&self, reader: R, len_hint: Option<u64>) -> Result<NpyArray> {
        let mut reader = self.encoding.reader(reader);
        self.check_options()?;
        if self.discover.is_some() {
            let mut bytes = Vec::new();
            reader.read_to_end(&mut bytes)?;
            return self.from_str(&self.encoding.decode(bytes)?);
        }
        let plan = RowLayout::new(self, &self.dtype)?;
        let mut acc = Accum::new(self.max_rows, self.skiprows);
        match self.quotechar {
            Some(_) => self.stream_quoted(reader, &plan, &mut acc)?,
            None => self.stream(reader, len_hint, &plan, &mut acc)?,
        }
        let empty_line = acc.empty_line;
        let a = acc.finish(&plan, self.ndmin)?;
        self.warn_after(empty_line, a.shape());
        Ok(a)
    }

    /// Reads quoted text from `reader` in blocks (see
    /// [`quoted_rows`](Self::quoted_rows)), after the byte-order mark and
    /// the skipped lines.
    pub(super) fn stream_quoted<R: Read>(
        &self,
        mut reader: R,
        plan: &RowLayout,
        acc: &mut Accum,
    ) -> Result<()> {
        let mut blocks = Blocks::new(self.block_bytes);
        let mut lines = BlockLines::new(self.skiprows);
        let encoding = self.encoding;
        let mut next = move || -> Result<Option<(String, u64)>> {
            while let Some(raw) = blocks.next(&mut reader)? {
                let block = encoding.decode_block(raw, lines.line)?;
                let (rest, start) = lines.data(&block);
                let text = (!rest.is_empty()).then(|| (rest.to_string(), start));
                blocks.recycle(block.into_bytes());
                if text.is_some() {
                    return Ok(text);
                }
            }
            Ok(None)
        };
        let Some((head, start)) = next()? else {
            return Ok(());
        };
        let mut head = Some(head);
        self.quoted_rows(plan, acc, start, || match head.take() {
            Some(h) => Ok(Some(h)),
            None => Ok(next()?.map(|(t, _)| t)),
        })
    }

    /// Reads quoted text block by block (from `next_text`, which gives the
    /// raw text after the byte-order mark, `None` at the end), converting
    /// each complete record; a record cut by a block's end waits for the
    /// next block.
    pub(super) fn quoted_rows<F>(
        &self,
        plan: &RowLayout,
        acc: &mut Accum,
        first_line: u64,
        mut next_text: F,
    ) -> Result<()>
    where
        F: FnMut() -> Result<Option<String>>,
    {
        let tokenizer = self.tokenizer();
        let mut pending = String::new();
        let mut line = first_line;
        // Re-scan a record that spans blocks only once its text has doubled,
        // so a huge quoted field costs linear time.
        let mut wait_for = 0;
        loop {
            let more = next_text()?;
            let complete = more.is_none();
            if let Some(t) = more {
                pending.push_str(&t);
                if pending.len() < wait_for {
                    continue;
                }
            }
            let limit = acc.limit.saturating_sub(acc.rows);
            let crate::engine::tokenize::Records {
                records,
                used,
                first_empty,
            } = tokenizer.quoted_records_partial(&pending, line, complete, limit)?;
            let mut chunk = Chunk::new();
            chunk.first_empty = first_empty
                .filter(|_| self.max_rows.is_some())
                .map(|(_, before)| before);
            for r in &records {
                let fields: Vec<&str> = r.fields.iter().map(|f| f.as_ref()).collect();
                if !chunk.row(plan, &fields, r.line) {
                    break;
                }
            }
            if !acc.take(plan, vec![chunk])? || complete {
                return Ok(());
            }
            line += count_lines(&pending[..used]);
            drop(records);
            pending.drain(..used);
            wait_for = if used == 0 { pending.len() * 2 } else { 0 };
        }
    }

    pub(super) fn tokenizer(&self) -> Tokenizer {
        Tokenizer {
            delimiter: self.delimiter,
            comments: self.comments.clone(),
            quote: self.quotechar,
        }
    }

    /// Reads `reader` in blocks ending at a line end, into `acc`. Up to
    /// [`IN_FLIGHT`] blocks parse on the pool at once while this thread
    /// reads and checks the next ones and joins finished ones to the
    /// output in file order, so the pool has work queued whenever a block
    /// is done and never waits for this thread.
    pub(super) fn stream<R: Read>(
        &self,
        mut reader: R,
        len_hint: Option<u64>,
        plan: &RowLayout,
        acc: &mut Accum,
    ) -> Result<()> {
        let tokenizer = self.tokenizer();
        let mut blocks = Blocks::new(self.block_bytes);
        let mut lines = BlockLines::new(self.skiprows);
        let mut flight = Flight::new();
        rayon::in_place_scope(|scope| {
            // Input read through each block in flight (for the output's
            // reservation).
            let mut through = VecDeque::new();
            let mut consumed = 0u64;
            let mut read_error = None;
            let mut ended = false;
            loop {
                while read_error.is_none() && !ended && flight.len() < IN_FLIGHT {
                    let next = blocks.next(&mut reader).and_then(|raw| {
                        raw.map(|r| self.encoding.decode_block(r, lines.line))
                            .transpose()
                    });
                    match next {
                        Ok(Some(text)) => {
                            consumed += text.len() as u64;
                            through.push_back(consumed);
                            let (rest, start) = lines.data(&text);
                            let skip = text.len() - rest.len();
                            let reply = flight.reply();
                            let tokenizer = &tokenizer;
                            scope.spawn(move |_| {
                                let chunks =
                                    self.parse_block(plan, tokenizer, &text[skip..], start);
                                reply.send(Parsed { chunks, text });
                            });
                        }
                        Ok(None) => ended = true,
                        Err(e) => read_error = Some(e),
                    }
                }
                let Some(parsed) = flight.next() else {
                    // Nothing in flight: the input is read (or failed).
                    return read_error.map_or(Ok(()), Err);
                };
                let upto = through.pop_front().unwrap_or(consumed);
                blocks.recycle(parsed.text.into_bytes());
                // A block's rows (and errors) come before a later block's
                // read error; max_rows or an error ends the reading (the
                // scope still waits for the blocks in flight).
                if !acc.take_first(plan, parsed.chunks, upto, len_hint)? {
                    return Ok(());
                }
            }
        })
    }

    /// Parses text without quotes: cut into pieces at line ends, parsed on
    /// every core (or in order, and no further than needed, with max_rows).
    pub(super) fn parse_block(
        &self,
        plan: &RowLayout,
        tokenizer: &Tokenizer,
        text: &str,
        line: u64,
    ) -> Vec<Chunk> {
        let limit = self.max_rows.unwrap_or(usize::MAX);
        let piece_bytes = if self.parallel && self.max_rows.is_none() {
            self.chunk_bytes
        } else {
            usize::MAX
        };
        let pieces = split_pieces(text, piece_bytes);
        let fast = NumbersPlan::new(
            &plan.dtype,
            self.delimiter,
            &self.comments,
            self.fast && plan.converters.is_empty() && plan.usecols.is_none(),
        );
        // A piece's rows, and its lines when the fast path counted them.
        let parse_piece = |piece: &str| {
            if let Some(rows) = fast.as_ref().and_then(|f| f.parse(piece, limit)) {
                let chunk = Chunk {
                    data: rows.data,
                    rows: rows.rows,
                    first_cols: rows.first_cols,
                    error: None,
                    first_empty: self
                        .max_rows
                        .and_then(|_| first_empty_line(tokenizer, piece, limit)),
                };
                return (chunk, rows.lines);
            }
            let mut chunk = Chunk::new();
            let mut fields = Vec::new();
            let mut text = piece;
            let mut local = 0u64;
            while !text.is_empty() && chunk.rows < limit {
                let (l, _, after) = next_line(text);
                text = after;
                if !tokenizer.split_line(l, &mut fields) {
                    if self.max_rows.is_some() && chunk.first_empty.is_none() {
                        chunk.first_empty = Some(chunk.rows);
                    }
                } else if !chunk.row(plan, &fields, local) {
                    break;
                }
                local += 1;
            }
            (chunk, None)
        };
        // Each piece is parsed and its lines counted on a core of its own.
        let parse = |piece: &&str| {
            let (chunk, lines) = parse_piece(piece);
            (chunk, lines.unwrap_or_else(|| count_lines(piece)))
        };
        let parsed: Vec<(Chunk, u64)> = if self.parallel && pieces.len() > 1 {
            pieces.par_iter().map(parse).collect()
        } else {
            pieces.iter().map(parse).collect()
        };
        // Local line numbers become file line numbers.
        let mut first = line;
        parsed
            .into_iter()
            .map(|(mut c, lines)| {
                c.shift_lines(first);
                first += lines;
                c
            })
            .collect()
    }
}

/// Reads a stream in blocks of whole lines into buffers handed back when
/// their block is parsed ([`Blocks::recycle`]), so that a block costs
/// neither fresh pages nor zeroing: a recycled buffer keeps its length,
/// and reads go straight into bytes already initialized.
pub(super) struct Blocks {
    size: usize,
    /// The bytes after the last line end read so far.
    carry: Vec<u8>,
    /// Buffers of parsed blocks, ready for reuse.
    spare: Vec<Vec<u8>>,
}

impl Blocks {
    /// Blocks of about `size` bytes.
    pub(super) fn new(size: usize) -> Blocks {
        Blocks {
            size,
            carry: Vec::new(),
            spare: Vec::new(),
        }
    }

    /// Hands back a parsed block's buffer for a later block.
    pub(super) fn recycle(&mut self, buf: Vec<u8>) {
        if self.spare.len() < IN_FLIGHT {
            self.spare.push(buf);
        }
    }

    /// The next block: about `size` bytes ending after a line end (or the
    /// input's last bytes); `None` at the end.
    pub(super) fn next<R: Read>(&mut self, reader: &mut R) -> Result<Option<Vec<u8>>> {
        loop {
            let mut buf = self.spare.pop().unwrap_or_default();
            let kept = self.carry.len();
            let want = kept + self.size;
            // Zeroes only what this buffer never held before.
            if buf.len() < want {
                buf.resize(want, 0);
            }
            buf[..kept].copy_from_slice(&self.carry);
            self.carry.clear();
            let filled = kept + read_fully(reader, &mut buf[kept..want])?;
            buf.truncate(filled);
            if buf.is_empty() {
                return Ok(None);
            }
            if filled == kept {
                return Ok(Some(buf));
            }
            match memchr::memrchr(b'\n', &buf) {
                Some(i) => {
                    self.carry.extend_from_slice(&buf[i + 1..]);
                    buf.truncate(i + 1);
                    return Ok(Some(buf));
                }
                // No line end yet: keep everything and read on.
                None => self.carry = buf,
            }
        }
    }
}

/// Where a stream of blocks stands: the byte-order mark (once) and the
/// skipped lines taken off each block's front, and the lines counted.
pub(super) struct BlockLines {
    /// The line the next block starts on.
    pub(super) line: u64,
    pub(super) to_skip: usize,
    pub(super) first: bool,
}

impl BlockLines {
    pub(super) fn new(skiprows: usize) -> BlockLines {
        BlockLines {
            line: 1,
            to_skip: skiprows,
            first: true,
        }
    }

    /// The part of the next block that holds data, and its first line.
    pub(super) fn data<'t>(&mut self, block: &'t str) -> (&'t str, u64) {
        let mut text = block;
        if self.first {
            text = text.strip_prefix('\u{feff}').unwrap_or(text);
            self.first = false;
        }
        let (rest, start) = skip_lines(text, self.to_skip, self.line);
        self.to_skip = self.to_skip.saturating_sub((start - self.line) as usize);
        self.line = start + count_lines(rest);
        (rest, start)
    }
}

/// Skips `n` raw lines of `text`, whose first line is `line`; returns the
/// rest and its first line's number.
pub(super) fn skip_lines(text: &str, n: usize, line: u64) -> (&str, u64) {
    let mut rest = text;
    let mut line = line;
    for _ in 0..n {
        if rest.is_empty() {
            break;
        }
        rest = next_line(rest).2;
        line += 1;
    }
    (rest, line)
}

/// How many blocks [`LoadTxt`]'s stream parses at once.
pub(super) const IN_FLIGHT: usize = 8;

/// One block of [`LoadTxt`]'s stream, parsed: its rows, and its text
/// (whose buffer a later block reuses).
pub(super) struct Parsed {
    pub(super) chunks: Vec<Chunk>,
    pub(super) text: String,
}

/// The rows parsed so far, joined in file order.
pub(super) struct Accum {
    pub(super) data: Vec<u8>,
    pub(super) rows: usize,
    /// Column count of the first row (checked against every piece's).
    pub(super) expected: Option<usize>,
    pub(super) limit: usize,
    /// Set when the rows go straight to an `.npy` file.
    pub(super) spill: Option<Spill>,
    /// The first line without data before `limit` rows (NumPy's warning),
    /// counted as NumPy counts it: records and empty lines, a quoted
    /// record over several lines counting once, after `skipped` lines.
    pub(super) empty_line: Option<u64>,
    pub(super) skipped: u64,
}

/// Rows on their way to an `.npy` file instead of memory.
pub(super) struct Spill {
    pub(super) path: std::path::PathBuf,
    pub(super) ndmin: u8,
    /// Opened with the first rows, once their column count is known.
    pub(super) writer: Option<NpyWriter<AtomicFile>>,
    /// The first row's bytes: a single row has another shape (NumPy
    /// squeezes it), so that file is written afresh at the end.
    pub(super) first_row: Vec<u8>,
}

impl Accum {
    pub(super) fn new(max_rows: Option<usize>, skiprows: usize) -> Accum {
        Accum {
            data: Vec::new(),
            rows: 0,
            expected: None,
            limit: max_rows.unwrap_or(usize::MAX),
            spill: None,
            empty_line: None,
            skipped: skiprows as u64,
        }
    }

    /// Reserves the output once, from the first block's bytes per row and
    /// the input's length, so the output is not reallocated as it grows
    /// and is faulted in by huge pages, not 4 KiB ones.
    pub(super) fn reserve_for(
        &mut self,
        chunks: &[Chunk],
        block_bytes: u64,
        len_hint: Option<u64>,
    ) {
        let rows: usize = chunks.iter().map(|c| c.rows).sum();
        let bytes: usize = chunks.iter().map(|c| c.data.len()).sum();
        if let (Some(total), true, None) = (len_hint, rows > 0 && block_bytes > 0, &self.spill) {
            let ratio = bytes as f64 / block_bytes as f64;
            let estimate = (total as f64 * ratio * 1.02) as usize;
            // On huge pages where available; when memory is short the
            // output grows as rows come, and fails only if they do not fit.
            npy_format::internal::reserve_array_data(&mut self.data, estimate.min(1 << 40));
        }
    }

    /// [`take`](Self::take), reserving the output first if these are the
    /// first rows (from the first block's `block_bytes` of input).
    pub(super) fn take_first(
        &mut self,
        plan: &RowLayout,
        chunks: Vec<Chunk>,
        block_bytes: u64,
        len_hint: Option<u64>,
    ) -> Result<bool> {
        if self.rows == 0 {
            self.reserve_for(&chunks, block_bytes, len_hint);
        }
        self.take(plan, chunks)
    }

    /// Appends the pieces in order, applying max_rows and reporting the
    /// first error in file order. False once max_rows is reached.
    pub(super) fn take(&mut self, plan: &RowLayout, chunks: Vec<Chunk>) -> Result<bool> {
        for c in chunks {
            if self.rows >= self.limit {
                return Ok(false);
            }
            if let (None, Some(before)) = (self.empty_line, c.first_empty)
                && self.rows + before < self.limit
            {
                // Only records come before the first empty line.
                self.empty_line = Some(self.skipped + (self.rows + before) as u64 + 1);
            }
            let by_first_row = plan.usecols.is_none() && !plan.structured;
            if let (Some((first_line, count)), true) = (c.first_cols, by_first_row) {
                match self.expected {
                    None => self.expected = Some(count),
                    Some(e) if e != count => {
                        return Err(ErrorKind::Ragged {
                            line: first_line,
                            expected: e,
                            found: count,
                        }
                        .into());
                    }
                    _ => {}
                }
            }
            let take = c.rows.min(self.limit - self.rows);
            if let Some((at_row, err)) = c.error
                && at_row < self.limit - self.rows
            {
                return Err(err);
            }
            let bytes = &c.data[..take * plan.row_bytes(c.first_cols)];
            match &mut self.spill {
                None => self.data.extend_from_slice(bytes),
                Some(spill) => {
                    let cols = self.expected.unwrap_or(0);
                    spill.write(plan, cols, bytes)?;
                }
            }
            self.rows += take;
        }
        Ok(self.rows < self.limit)
    }

    /// Completes the `.npy` file the rows went to; its header.
    pub(super) fn finish_file(mut self, plan: &RowLayout, ndmin: u8) -> Result<Header> {
        let Some(spill) = self.spill.take() else {
            return Err(Error::option("no output file"));
        };
        if let (Some(w), true) = (spill.writer, self.rows >= 2) {
            w.commit()?;
            let mut shape = vec![self.rows];
            shape.extend_from_slice(&spill_row_shape(plan, self.cols(plan), ndmin));
            return Ok(Header::new(plan.dtype.clone(), shape, false));
        }
        // No rows or one: the (tiny) array is written afresh, shaped as
        // NumPy shapes it; an opened stream is dropped unfinished.
        self.data = spill.first_row;
        let a = self.finish(plan, ndmin)?;
        npy_format::write_npy(&spill.path, &a)?;
        Ok(a.header().clone())
    }

    /// Columns of the result (before NumPy's squeeze).
    pub(super) fn cols(&self, plan: &RowLayout) -> usize {
        match plan.structured {
            true => 1,
            false => match (&plan.usecols, self.expected) {
                (Some(u), _) => u.len(),
                (None, Some(n)) => n,
                (None, None) => 0,
            },
        }
    }

    /// The array, shaped as NumPy shapes loadtxt's result.
    pub(super) fn finish(self, plan: &RowLayout, ndmin: u8) -> Result<NpyArray> {
        let cols = self.cols(plan);
        let raw_shape = if plan.structured {
            vec![self.rows]
        } else if self.rows == 0 && cols == 0 {
            vec![0]
        } else {
            vec![self.rows, cols]
        };
        let shape = shape_for_ndmin(raw_shape, ndmin, plan.structured);
        Ok(NpyArray::new(
            Header::new(plan.dtype.clone(), shape, false),
            self.data,
        )?)
    }
}

impl Spill {
    /// Writes rows of `cols` columns, opening the file with the first.
    pub(super) fn write(&mut self, plan: &RowLayout, cols: usize, bytes: &[u8]) -> Result<()> {
        if bytes.is_empty() {
            return Ok(());
        }
        let writer = match &mut self.writer {
            Some(w) => w,
            None => {
                let cols = match &plan.usecols {
                    Some(u) => u.len(),
                    None => cols,
                };
                let row_shape = spill_row_shape(plan, cols, self.ndmin);
                let row = plan.row_bytes(Some((0, cols))).min(bytes.len());
                self.first_row = bytes[..row].to_vec();
                self.writer.insert(NpyWriter::create(
                    &self.path,
                    plan.dtype.clone(),
                    &row_shape,
                )?)
            }
        };
        writer.append_raw(bytes)?;
        Ok(())
    }
}

/// The shape of each row of a result with two rows or more, as NumPy
/// shapes loadtxt's result: `[cols]`, or nothing for one column (unless
/// `ndmin` is 2) and for records.
pub(super) fn spill_row_shape(plan: &RowLayout, cols: usize, ndmin: u8) -> Vec<usize> {
    let raw = match plan.structured {
        true => vec![2],
        false => vec![2, cols],
    };
    shape_for_ndmin(raw, ndmin, plan.structured)[1..].to_vec()
}

#[cfg(test)]
mod tests {
    use super::Blocks;
    use proptest::prelude::*;

    /// A reader that gives at most `step` bytes per call, as pipes and
    /// decompressors do.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(self.step).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    proptest! {
        /// Blocks read into recycled buffers (holding older, longer
        /// blocks) give back the input exactly, each block but the last
        /// ending after a line end.
        #[test]
        fn recycled_blocks_give_back_the_input(
            text in proptest::collection::vec(prop_oneof![Just(b'\n'), Just(b'x'), any::<u8>()], 0..400),
            size in 1usize..40,
            step in 1usize..50,
            recycle_every in 1usize..4,
        ) {
            let mut blocks = Blocks::new(size);
            let mut reader = Trickle { data: &text, step };
            let mut got = Vec::new();
            let mut parts = Vec::new();
            let mut held = Vec::new();
            while let Some(block) = blocks.next(&mut reader).unwrap() {
                prop_assert!(!block.is_empty());
                got.extend_from_slice(&block);
                parts.push(block.clone());
                held.push(block);
                if held.len() >= recycle_every {
                    for b in held.drain(..) {
                        blocks.recycle(b);
                    }
                }
            }
            prop_assert_eq!(&got, &text);
            for p in &parts[..parts.len().saturating_sub(1)] {
                prop_assert_eq!(p.last(), Some(&b'\n'));
            }
        }
    }
}
