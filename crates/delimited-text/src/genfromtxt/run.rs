//! The two passes (infer and count, then convert) over a string, a
//! reader, a file, or a file streamed into an `.npy` in bounded memory.

use super::builder::GenFromTxt;
use super::layout::OutputLayout;
use super::one_pass::OnePassSink;
use super::output::{ConvertSummary, GenFromTxtOutput};
use super::pieces::Forkable;
use super::scan::Setup;
use super::sinks::{ConvertSink, InferSink};
use super::specs::ColumnSpec;
use crate::engine::compress::Compression;
use crate::engine::input::read_fully;
use crate::error::{Error, ErrorKind, Result};
use crate::warning::Warning;
use npy_format::{AtomicFile, Header, NpyArray, NpyWriter};
use std::io::{Read, Write};
use std::path::Path;

/// loadtxt's array as genfromtxt's result, when it has rows (an empty
/// input goes through genfromtxt's own passes, which warn about it).
fn plain_output(array: NpyArray) -> Option<GenFromTxtOutput> {
    (!array.is_empty()).then(|| GenFromTxtOutput {
        array,
        mask: None,
        warnings: Vec::new(),
    })
}

/// What the first pass learned.
struct Pass1 {
    setup: Option<Setup>,
    specs: Vec<ColumnSpec>,
    infer: Vec<super::infer::ColumnInfer>,
    rows: usize,
    warnings: Vec<Warning>,
}

/// NumPy's squeeze, then pad to `ndmin` dimensions (as loadtxt shapes).
fn shape_for_ndmin(shape: Vec<usize>, ndmin: u8) -> Vec<usize> {
    crate::engine::shape::shape_for_ndmin(shape, ndmin, false)
}

/// The transpose of a C-order `rows × cols` matrix of `size`-byte items.
fn transpose(data: &[u8], rows: usize, cols: usize, size: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    for j in 0..cols {
        for i in 0..rows {
            let at = (i * cols + j) * size;
            out.extend_from_slice(&data[at..at + size]);
        }
    }
    out
}

impl GenFromTxt {
    /// Parses text.
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().dtype_infer().from_str("1 2\n3 4")?;
    /// assert_eq!(out.array.to_array::<i64, ndarray::Ix2>()?, ndarray::array![[1, 2], [3, 4]]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(&self, text: &str) -> Result<GenFromTxtOutput> {
        self.check_options()?;
        if let Some(out) = self.plain_loadtxt().and_then(|l| l.from_str(text).ok())
            && let Some(out) = plain_output(out)
        {
            return Ok(out);
        }
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if let Some(out) = self.typed_pass(Some(text.len() as u64), |f| f(text).map(|_| ()))? {
            return Ok(out);
        }
        // Reserved at most 64 bytes of output per byte of text.
        self.read_passes(|f| f(text).map(|_| ()), text.len().saturating_mul(64))
    }

    /// Both passes over the blocks `feed` hands out (twice), the result
    /// kept in memory (at most `reserve_cap` bytes reserved up front).
    fn read_passes<F>(&self, feed: F, reserve_cap: usize) -> Result<GenFromTxtOutput>
    where
        F: Fn(&mut dyn FnMut(&str) -> Result<bool>) -> Result<()>,
    {
        let p1 = self.pass1(&feed)?;
        let plan = OutputLayout::new(
            &self.layout_options(),
            p1.setup.as_ref(),
            &p1.specs,
            &p1.infer,
            p1.rows,
        )?;
        self.check_size(p1.rows, plan.row_bytes + plan.mask_row_bytes)?;
        let mut sink = ConvertSink {
            plan: &plan,
            loose: self.columns.loose,
            usemask: self.output.usemask,
            data: Vec::new(),
            mask: Vec::new(),
            rows: 0,
        };
        // Within max_output_bytes, which check_size enforced.
        npy_format::internal::reserve_array_data(
            &mut sink.data,
            p1.rows.saturating_mul(plan.row_bytes).min(reserve_cap),
        );
        self.feeder().feed_blocks(&feed, &mut sink, |_| Ok(true))?;
        let (rows, data, mask) = (sink.rows, sink.data, sink.mask);
        self.assemble(&plan, rows, data, mask, p1.warnings)
    }

    /// Reads everything from a reader, then parses it. A text of up to
    /// [`spool_bytes`](Self::spool_bytes) (64 MiB) is held in memory; a
    /// longer one goes to a temporary file, read as
    /// [`from_path`](Self::from_path) reads files (genfromtxt may need the
    /// text twice, and a reader can be read once), so memory holds the
    /// result and a few blocks, whatever the text's length.
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().from_reader(&b"1 2\n"[..])?;
    /// assert_eq!(out.array.shape(), &[2]);
    /// # Ok::<(), delimited_text::Error>(())
    /// ```
    pub fn from_reader<R: Read>(&self, reader: R) -> Result<GenFromTxtOutput> {
        let mut reader = self.read.encoding.reader(reader);
        let mut bytes = Vec::new();
        let limit = self.read.spool_bytes as u64;
        (&mut reader)
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes)?;
        if bytes.len() as u64 <= limit {
            return self.from_str(&self.read.encoding.decode(bytes)?);
        }
        let mut spool = tempfile::NamedTempFile::new()?;
        spool.write_all(&bytes)?;
        drop(bytes);
        std::io::copy(&mut reader, &mut spool)?;
        spool.flush()?;
        // The file's name ends in no `.gz`: its text is read as it is,
        // already out of UTF-16 or UTF-32.
        let mut plain = self.clone();
        plain.encoding(self.read.encoding.after_reader());
        plain.from_path(spool.path())
    }

    /// Reads a file; a name ending `.gz` is decompressed, block by block,
    /// so memory holds the result and a few blocks of text, never the
    /// whole text. The file is read twice (types and row count, then the
    /// rows), or, with inferred types, usually once: each field is parsed
    /// as its column's type so far, and the two reads happen only when a
    /// column's change of type needs the text again.
    ///
    /// # Example
    ///
    /// ```no_run
    /// let out = delimited_text::GenFromTxt::new().dtype_infer().from_path("data.csv.gz")?;
    /// # Ok::<(), delimited_text::Error>(())
    /// ```
    pub fn from_path<P: AsRef<Path>>(&self, path: P) -> Result<GenFromTxtOutput> {
        self.check_options()?;
        let path = path.as_ref();
        let size = std::fs::metadata(path).ok().map(|m| m.len());
        // Where one pass stands for both, the progress covers the file.
        let done = |out| {
            if let Some(progress) = &self.read.progress {
                progress(size.unwrap_or(0));
            }
            Ok(out)
        };
        if let Some(l) = self.plain_loadtxt()
            && let Some(out) = l.from_path(path).ok().and_then(plain_output)
        {
            return done(out);
        }
        // The text's length, for reserving the result (a compressed
        // file's is not known).
        let text_len = size.filter(|_| !Compression::from_path(path).is_compressed());
        if let Some(out) = self.typed_pass(text_len, |f| self.blocks(path, f))? {
            return done(out);
        }
        // Two passes over the file, block by block: memory holds the
        // result and a block of text, not the whole text.
        self.read_passes(|f| self.blocks(path, f), usize::MAX)
    }

    /// Converts a text file (`.gz` decompressed) into an `.npy` file in
    /// bounded memory: a first pass infers the types and counts the rows
    /// keeping no data, a second converts blocks of rows and streams them
    /// to the output, which replaces `output` only once complete. The
    /// result is what [`from_path`](Self::from_path) gives (for the
    /// mask, see [`convert_path_with_mask`](Self::convert_path_with_mask));
    /// `unpack` is refused. Memory holds about two blocks
    /// ([`block_bytes`](Self::block_bytes)) and their converted rows, plus
    /// `skip_footer` rows; blocks are parsed on every core as in
    /// [`parallel`](Self::parallel).
    ///
    /// # Example
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let (src, dst) = (dir.path().join("in.csv"), dir.path().join("out.npy"));
    /// std::fs::write(&src, "a,b\n1,2.5\n3,\n")?;
    /// let summary = delimited_text::GenFromTxt::new()
    ///     .delimiter(",")
    ///     .names(true)
    ///     .dtype_infer()
    ///     .convert_path(&src, &dst)?;
    /// assert_eq!(summary.rows, 2);
    /// let back: delimited_text::npy_format::NpyArray = delimited_text::npy_format::read_npy(&dst)?;
    /// assert_eq!(back.dtype().descr_repr(), "[('a', '<i8'), ('b', '<f8')]");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn convert_path<P: AsRef<Path>, Q: AsRef<Path>>(
        &self,
        input: P,
        output: Q,
    ) -> Result<ConvertSummary> {
        self.convert(input.as_ref(), output.as_ref(), None)
    }

    /// [`convert_path`](Self::convert_path), also writing the mask of
    /// missing entries (NumPy's `usemask`) to `mask_output`: a bool `.npy`
    /// of the same shape, or for records a record of bools with the same
    /// field names. Each file replaces its target only once complete.
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::npy_format::{read_npy, NpyArray};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let src = dir.path().join("in.csv");
    /// std::fs::write(&src, "1,\n,4\n")?;
    /// let (values, mask) = (dir.path().join("v.npy"), dir.path().join("m.npy"));
    /// delimited_text::GenFromTxt::new()
    ///     .delimiter(",")
    ///     .dtype_infer()
    ///     .convert_path_with_mask(&src, &values, &mask)?;
    /// let m: NpyArray = read_npy(&mask)?;
    /// assert_eq!(m.to_array::<bool, ndarray::Ix2>()?, ndarray::array![[false, true], [true, false]]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn convert_path_with_mask<P, Q, M>(
        &self,
        input: P,
        output: Q,
        mask_output: M,
    ) -> Result<ConvertSummary>
    where
        P: AsRef<Path>,
        Q: AsRef<Path>,
        M: AsRef<Path>,
    {
        self.convert(input.as_ref(), output.as_ref(), Some(mask_output.as_ref()))
    }

    fn convert(
        &self,
        input: &Path,
        output: &Path,
        mask_output: Option<&Path>,
    ) -> Result<ConvertSummary> {
        self.check_options()?;
        if self.output.unpack {
            return Err(Error::option(
                "unpack cannot be streamed to a file (transpose after reading)",
            ));
        }
        if let (Some(l), None) = (self.plain_loadtxt(), mask_output)
            && let Ok((header, rows)) = l.npy_rows_from_path(input, output)
            && rows > 0
        {
            // One pass stood for both: the progress covers two.
            if let Some(progress) = &self.read.progress {
                let len = std::fs::metadata(input).map_or(0, |m| m.len());
                progress(2 * len);
            }
            return Ok(ConvertSummary {
                dtype: header.dtype,
                shape: header.shape,
                rows,
                warnings: Vec::new(),
            });
        }
        let p1 = self.pass1(|f| self.blocks(input, f))?;
        let plan = OutputLayout::new(
            &self.layout_options(),
            p1.setup.as_ref(),
            &p1.specs,
            &p1.infer,
            p1.rows,
        )?;
        let shape = shape_for_ndmin(plan.raw_shape(p1.rows), self.output.ndmin);
        let mut sink = ConvertSink {
            plan: &plan,
            loose: self.columns.loose,
            usemask: mask_output.is_some(),
            data: Vec::new(),
            mask: Vec::new(),
            rows: 0,
        };
        if shape.is_empty() || plan.dtype.itemsize() == 0 {
            self.write_whole(input, output, mask_output, &plan, &shape, &mut sink)?;
        } else {
            self.write_rows(input, output, mask_output, &plan, &shape, &mut sink)?;
        }
        let mut warnings = p1.warnings;
        self.warn_bytes_columns(&plan.dtype, &mut warnings);
        Ok(ConvertSummary {
            dtype: plan.dtype.clone(),
            shape,
            rows: p1.rows,
            warnings,
        })
    }

    /// `convert`'s second pass when the result is one element, or elements
    /// of no bytes (which a stream cannot count): written whole, from at
    /// most one element of data.
    fn write_whole(
        &self,
        input: &Path,
        output: &Path,
        mask_output: Option<&Path>,
        plan: &OutputLayout,
        shape: &[usize],
        sink: &mut ConvertSink<'_>,
    ) -> Result<()> {
        // One element, or elements of no bytes (which a stream cannot
        // count): written whole, from at most one element of data.
        self.feeder()
            .feed_blocks(|f| self.blocks(input, f), sink, |_| Ok(true))?;
        let arr = NpyArray::new(
            Header::new(plan.dtype.clone(), shape.to_vec(), false),
            std::mem::take(&mut sink.data),
        )?;
        let mut file = AtomicFile::create(output)?;
        arr.write_npy(&mut file)?;
        let mut mask_file = None;
        if let Some(m) = mask_output {
            let mask = NpyArray::new(
                Header::new(plan.mask_dtype.clone(), shape.to_vec(), false),
                std::mem::take(&mut sink.mask),
            )?;
            let mut f = AtomicFile::create(m)?;
            mask.write_npy(&mut f)?;
            mask_file = Some(f);
        }
        file.commit()?;
        if let Some(f) = mask_file {
            f.commit()?;
        }
        Ok(())
    }

    /// `convert`'s second pass: rows appended to the `.npy` (and mask)
    /// files as blocks finish, so memory holds a few blocks.
    fn write_rows(
        &self,
        input: &Path,
        output: &Path,
        mask_output: Option<&Path>,
        plan: &OutputLayout,
        shape: &[usize],
        sink: &mut ConvertSink<'_>,
    ) -> Result<()> {
        let mut writer = NpyWriter::create(output, plan.dtype.clone(), &shape[1..])?;
        let mut mask_writer = match mask_output {
            Some(m) => Some(NpyWriter::create(m, plan.mask_dtype.clone(), &shape[1..])?),
            None => None,
        };
        // Rows joined so far go to the files (the last block's after
        // the input ends).
        let mut flush = |sink: &mut ConvertSink<'_>| -> Result<()> {
            writer.append_raw(&sink.data)?;
            sink.data.clear();
            if let Some(w) = mask_writer.as_mut() {
                w.append_raw(&sink.mask)?;
                sink.mask.clear();
            }
            Ok(())
        };
        self.feeder().feed_blocks(
            |f| self.blocks(input, f),
            sink,
            |sink| flush(sink).map(|()| true),
        )?;
        flush(sink)?;
        writer.commit()?;
        if let Some(w) = mask_writer {
            w.commit()?;
        }
        Ok(())
    }

    /// NumPy's deprecation warning when `encoding='bytes'` made inferred
    /// string columns bytes columns.
    fn warn_bytes_columns(&self, dtype: &npy_format::DType, warnings: &mut Vec<Warning>) {
        let bytes_columns = crate::engine::values::leaves(dtype)
            .iter()
            .any(|l| matches!(l.scalar.kind(), npy_format::ScalarKind::Bytes(_)));
        if self.read.encoding == crate::engine::input::Encoding::Bytes
            && self.output.dtype == super::builder::DTypeChoice::Infer
            && bytes_columns
        {
            warnings.push(Warning::BytesColumns);
        }
    }

    /// The first pass: `feed` hands every block of text to the closure it
    /// is given (which says whether to go on).
    fn pass1<F>(&self, feed: F) -> Result<Pass1>
    where
        F: FnOnce(&mut dyn FnMut(&str) -> Result<bool>) -> Result<()>,
    {
        let mut sink = InferSink::new(&self.columns, &self.output.dtype);
        let (setup, warnings) = self.scan(feed, &mut sink, |_| false)?;
        Ok(Pass1 {
            setup,
            specs: sink.specs,
            infer: sink.columns,
            rows: sink.rows,
            warnings,
        })
    }

    /// `dtype=None` in one pass (see `typed.rs`); `None` when the options
    /// or the data need the two passes.
    fn typed_pass<F>(&self, input_bytes: Option<u64>, feed: F) -> Result<Option<GenFromTxtOutput>>
    where
        F: FnOnce(&mut dyn FnMut(&str) -> Result<bool>) -> Result<()>,
    {
        let eligible = self.read.plain
            && self.output.dtype == super::builder::DTypeChoice::Infer
            && self.columns.converters.is_empty()
            && !self.output.usemask
            && self.scan.skip_footer == 0;
        if !eligible {
            return Ok(None);
        }
        let mut sink = OnePassSink::new(&self.columns, self.output.max_output_bytes);
        sink.input_bytes = input_bytes;
        // A pass that gave up stops early: its errors are the two passes'
        // to find, in the whole input.
        let scanned = self.scan(feed, &mut sink, |s| s.failed);
        if sink.failed {
            return Ok(None);
        }
        let (setup, warnings) = scanned?;
        let plan = OutputLayout::new(
            &self.layout_options(),
            setup.as_ref(),
            &sink.specs,
            &sink.infer,
            sink.rows,
        )?;
        self.check_size(sink.rows, plan.row_bytes + plan.mask_row_bytes)?;
        let rows = sink.rows;
        match sink.into_rows(&plan) {
            Some(data) => self
                .assemble(&plan, rows, data, Vec::new(), warnings)
                .map(Some),
            None => Ok(None),
        }
    }

    /// One pass of `sink` over the blocks `feed` hands out, until the
    /// input ends or `stop` says so: the columns' setup and the warnings
    /// (or the error for rows with a wrong column count).
    fn scan<S, F>(
        &self,
        feed: F,
        sink: &mut S,
        stop: impl Fn(&S) -> bool,
    ) -> Result<(Option<Setup>, Vec<Warning>)>
    where
        S: Forkable,
        F: FnOnce(&mut dyn FnMut(&str) -> Result<bool>) -> Result<()>,
    {
        let mut scanner = self.feeder().feed_blocks(feed, sink, |s| Ok(!stop(s)))?;
        let empty = scanner.setup.is_none();
        if empty && matches!(self.scan.names, super::builder::Names::Header) {
            return Err(Error::option(
                "names from the header, but the input holds no line with data",
            ));
        }
        scanner.finish(sink)?;
        let setup = scanner.setup.clone();
        let warnings = self.settle(
            empty,
            setup.as_ref(),
            std::mem::take(&mut scanner.invalid),
            scanner.invalid_total,
        )?;
        Ok((setup, warnings))
    }

    /// The warnings of a first pass, or the error for rows with a wrong
    /// column count.
    fn settle(
        &self,
        empty: bool,
        setup: Option<&Setup>,
        rows: Vec<(u64, usize)>,
        total: usize,
    ) -> Result<Vec<Warning>> {
        let mut warnings = Vec::new();
        if empty {
            warnings.push(Warning::EmptyInput);
        } else if let (Some(s), true) = (setup, total > 0) {
            let expected = s.ncols;
            if self.scan.invalid_raise {
                return Err(ErrorKind::InvalidRows {
                    rows,
                    total,
                    expected,
                }
                .into());
            }
            warnings.push(Warning::InvalidRows {
                rows,
                total,
                expected,
            });
        }
        Ok(warnings)
    }

    /// Calls `f` with blocks of whole lines of the file until it returns
    /// false or the file ends. The next block is read and decoded on
    /// another thread while `f` works on this one.
    fn blocks(&self, path: &Path, f: &mut dyn FnMut(&str) -> Result<bool>) -> Result<()> {
        let (reader, _) = crate::engine::input::open_path(path)?;
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Result<String>>(1);
            let reading = scope.spawn(move || {
                // A send fails once the receiver is gone: `f` is done.
                if let Err(e) = self.read_blocks(reader, &mut |text| tx.send(Ok(text)).is_ok()) {
                    let _ = tx.send(Err(e));
                }
            });
            let mut outcome = Ok(());
            for block in rx {
                match block.and_then(|b| f(&b)) {
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(e) => {
                        outcome = Err(e);
                        break;
                    }
                }
            }
            // The receiver is gone (the loop consumed it), so the reading
            // thread ends; joining it here, not at the scope's end, waits
            // for its thread-local destructors too, so that a caller's
            // leak checker sees nothing left when this returns.
            if reading.join().is_err() {
                return Err(Error::option("the reading thread failed"));
            }
            outcome
        })
    }

    /// Reads blocks of whole lines, decoded, the first without its byte
    /// order mark, and hands each to `send` until it returns false.
    fn read_blocks(
        &self,
        reader: Box<dyn Read + Send>,
        send: &mut dyn FnMut(String) -> bool,
    ) -> Result<()> {
        let mut reader = self.read.encoding.reader(reader);
        let mut carry: Vec<u8> = Vec::new();
        let mut line = 1u64;
        let mut first = true;
        loop {
            let mut buf = std::mem::take(&mut carry);
            let filled = buf.len();
            buf.resize(filled + self.read.block_bytes, 0);
            let got = read_fully(&mut reader, &mut buf[filled..])?;
            buf.truncate(filled + got);
            if let Some(progress) = &self.read.progress {
                progress(got as u64);
            }
            let eof = got == 0;
            if buf.is_empty() {
                return Ok(());
            }
            let cut = if eof {
                buf.len()
            } else {
                match memchr::memrchr(b'\n', &buf) {
                    Some(i) => i + 1,
                    None => {
                        carry = buf;
                        continue;
                    }
                }
            };
            carry = buf.split_off(cut);
            let lines = memchr::memchr_iter(b'\n', &buf).count() as u64;
            let mut text = self.read.encoding.decode_block(buf, line)?;
            line += lines;
            if first {
                if text.starts_with('\u{feff}') {
                    text.drain(..'\u{feff}'.len_utf8());
                }
                first = false;
            }
            if !send(text) || eof {
                return Ok(());
            }
        }
    }

    fn assemble(
        &self,
        plan: &OutputLayout,
        rows: usize,
        mut data: Vec<u8>,
        mut mask: Vec<u8>,
        warnings: Vec<Warning>,
    ) -> Result<GenFromTxtOutput> {
        let mut shape = shape_for_ndmin(plan.raw_shape(rows), self.output.ndmin);
        if self.output.unpack
            && !plan.structured
            && let [r, c] = shape[..]
        {
            data = transpose(&data, r, c, plan.dtype.itemsize());
            if self.output.usemask {
                mask = transpose(&mask, r, c, 1);
            }
            shape = vec![c, r];
        }
        let array = NpyArray::new(Header::new(plan.dtype.clone(), shape.clone(), false), data)?;
        let mask = if self.output.usemask {
            Some(NpyArray::new(
                Header::new(plan.mask_dtype.clone(), shape, false),
                mask,
            )?)
        } else {
            None
        };
        let mut warnings = warnings;
        self.warn_bytes_columns(&plan.dtype, &mut warnings);
        Ok(GenFromTxtOutput {
            array,
            mask,
            warnings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(shape_for_ndmin(vec![1, 1], 0), Vec::<usize>::new());
        assert_eq!(shape_for_ndmin(vec![1], 2), vec![1, 1]);
        assert_eq!(shape_for_ndmin(vec![3], 2), vec![3, 1]);
        assert_eq!(
            transpose(&[1, 2, 3, 4, 5, 6], 2, 3, 1),
            vec![1, 4, 2, 5, 3, 6]
        );
    }
}
