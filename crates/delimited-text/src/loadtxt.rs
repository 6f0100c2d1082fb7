//! `np.loadtxt`: the builder, and the parse of text into an array, split
//! across cores at line boundaries when no quote character is in use.

use crate::error::{Error, ErrorKind, Result};
use crate::fast::FastPlan;
use crate::flight::Flight;
use crate::input::{Encoding, open_path as open_text};
use crate::lines::{count_lines, first_empty_line, next_line, split_pieces};
use crate::tokenize::{Tokenizer, is_space};
use crate::values::{Leaf, encode, leaves, supported, type_name};
use crate::warning::Warning;
use ndarray::{Array, Dimension};
use npy_format::{
    AtomicFile, DType, Header, NpyArray, NpyWriter, ReadableElement, ScalarKind, TimeUnit,
    WritableElement,
};
use rayon::prelude::*;
use std::collections::VecDeque;
use std::fmt;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

/// A function applied to a field's text before it is converted.
type Converter = Arc<dyn Fn(&str) -> String + Send + Sync>;

/// Reads delimited text as `np.loadtxt` does.
///
/// Every `np.loadtxt` parameter has a setter of the same name. Errors name
/// the 1-based line of the file (counting every line), the 1-based column
/// and the text that failed.
///
/// # Example
///
/// ```
/// use delimited_text::LoadTxt;
///
/// let text = "# x, y\n1.5, 2\n3, -4.25\n";
/// let a = LoadTxt::new().delimiter(Some(',')).from_str(text)?;
/// assert_eq!(a.shape(), &[2, 2]);
/// let values: ndarray::Array2<f64> = a.to_array()?;
/// assert_eq!(values[[1, 1]], -4.25);
///
/// let err = LoadTxt::new().from_str("1 2\n3 x\n").unwrap_err();
/// assert_eq!(err.to_string(), "line 2, column 2: could not convert string 'x' to float64");
/// # Ok::<(), delimited_text::Error>(())
/// ```
#[derive(Clone)]
pub struct LoadTxt {
    dtype: DType,
    discover: Option<char>,
    comments: Vec<String>,
    delimiter: Option<char>,
    quotechar: Option<char>,
    skiprows: usize,
    usecols: Option<Vec<isize>>,
    max_rows: Option<usize>,
    ndmin: u8,
    encoding: Encoding,
    converters: Vec<(Option<isize>, Converter)>,
    chunk_bytes: usize,
    block_bytes: usize,
    parallel: bool,
    /// Whether plain numeric text may take the fast path (tests compare
    /// it with the general path).
    fast: bool,
    /// Called with each warning NumPy would give.
    on_warning: Option<WarningSink>,
    /// A descr `dtype_descr` could not read: the error when the reader
    /// is used.
    bad_descr: Option<String>,
}

/// A caller's handler of [`Warning`]s.
type WarningSink = Arc<dyn Fn(&Warning) + Send + Sync>;

impl fmt::Debug for LoadTxt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoadTxt")
            .field("dtype", &self.dtype.descr_repr())
            .field("comments", &self.comments)
            .field("delimiter", &self.delimiter)
            .field("quotechar", &self.quotechar)
            .field("skiprows", &self.skiprows)
            .field("usecols", &self.usecols)
            .field("max_rows", &self.max_rows)
            .field("ndmin", &self.ndmin)
            .field("encoding", &self.encoding)
            .field("converters", &self.converters.len())
            .finish()
    }
}

impl Default for LoadTxt {
    fn default() -> Self {
        LoadTxt {
            dtype: DType::scalar(ScalarKind::Float(8)),
            discover: None,
            comments: vec!["#".into()],
            delimiter: None,
            quotechar: None,
            skiprows: 0,
            usecols: None,
            max_rows: None,
            ndmin: 0,
            encoding: Encoding::Utf8,
            converters: Vec::new(),
            chunk_bytes: 64 << 10,
            block_bytes: 256 << 10,
            parallel: true,
            fast: true,
            on_warning: None,
            bad_descr: None,
        }
    }
}

impl LoadTxt {
    /// NumPy's defaults: float64, `#` comments, whitespace-delimited.
    ///
    /// # Example
    ///
    /// ```
    /// let a = delimited_text::LoadTxt::new().from_str("1 2\n3 4\n")?;
    /// assert_eq!((a.shape(), a.dtype().descr_repr()), (&[2usize, 2][..], "'<f8'".to_string()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new() -> LoadTxt {
        LoadTxt::default()
    }

    /// The output dtype: any numeric type, bool, complex, `S n`, `U n`, or
    /// a record (one column per scalar, nested records and subarrays
    /// flattened in order).
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{DType, ScalarKind};
    ///
    /// let a = delimited_text::LoadTxt::new()
    ///     .dtype(DType::scalar(ScalarKind::Int(2)))
    ///     .from_str("1 -2\n")?;
    /// assert_eq!(a.to_array::<i16, ndarray::Ix1>()?, ndarray::array![1, -2]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dtype(&mut self, dtype: DType) -> &mut Self {
        // `M8` without a unit takes the finest unit the dates are written
        // in, as NumPy does.
        let generic = ScalarKind::DateTime(TimeUnit::Generic, 1);
        self.bad_descr = None;
        self.discover = (dtype.as_scalar().map(|s| s.kind) == Some(generic)).then_some('M');
        self.dtype = dtype;
        self
    }

    /// The dtype as NumPy's descr text (`f8`, `<i4`, `c16`, `U10`, a
    /// record list); `S` and `U` without a length take the longest value's.
    /// A descr npio cannot read is reported when the reader is used (the
    /// error is npy-format's `InvalidDescr`), so the chain of options
    /// stays unbroken.
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::LoadTxt;
    ///
    /// let rows = LoadTxt::new()
    ///     .dtype_descr("[('id', '<u2'), ('name', '<U5')]")
    ///     .from_str("7 ada\n8 grace\n")?;
    /// assert_eq!(rows.shape(), &[2]);
    /// // `U` without a length takes the longest value's.
    /// let words = LoadTxt::new().dtype_descr("U").from_str("ab cde\n")?;
    /// assert_eq!(words.dtype().descr_repr(), "'<U3'");
    /// // A descr that is no dtype: the error comes with the reading.
    /// assert!(LoadTxt::new().dtype_descr("<f3").from_str("1\n").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dtype_descr(&mut self, descr: &str) -> &mut Self {
        self.bad_descr = match self.set_descr(descr) {
            Ok(()) => None,
            Err(_) => Some(descr.to_string()),
        };
        self
    }

    fn set_descr(&mut self, descr: &str) -> Result<()> {
        let bare = descr
            .trim()
            .trim_matches(['\'', '"'])
            .trim_start_matches(['<', '>', '|', '=']);
        if bare == "S" || bare == "U" || bare == "str" || bare == "bytes" {
            self.discover = Some(if bare.starts_with(['S', 'b']) {
                'S'
            } else {
                'U'
            });
            return Ok(());
        }
        self.dtype(DType::parse_descr(descr)?);
        Ok(())
    }

    /// Comment markers (default `#`); text from a marker to the end of the
    /// line is dropped.
    ///
    /// # Example
    ///
    /// ```
    /// let a = delimited_text::LoadTxt::new()
    ///     .comments(&["//", "%"])
    ///     .from_str("1 2 // note\n% header\n3 4\n")?;
    /// assert_eq!(a.shape(), &[2, 2]);
    /// // No markers at all: `#` is data (and does not convert here).
    /// assert!(delimited_text::LoadTxt::new().comments::<&str>(&[]).from_str("1 #\n").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn comments<S: AsRef<str>>(&mut self, markers: &[S]) -> &mut Self {
        self.comments = markers.iter().map(|m| m.as_ref().to_string()).collect();
        self
    }

    /// The field delimiter: `None` (default) for runs of whitespace, or
    /// one character (`' '` splits on every single space).
    ///
    /// # Example
    ///
    /// ```
    /// let a = delimited_text::LoadTxt::new().delimiter(Some(';')).from_str("1;2\n3; 4\n")?;
    /// assert_eq!(a.to_array::<f64, ndarray::Ix2>()?[[1, 1]], 4.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn delimiter(&mut self, delimiter: Option<char>) -> &mut Self {
        self.delimiter = delimiter;
        self
    }

    /// A quote character (off by default): it opens a quoted field at the
    /// start of a field, inside which delimiters, comment markers and
    /// newlines are literal and a doubled quote is one quote.
    ///
    /// # Example
    ///
    /// ```
    /// let a = delimited_text::LoadTxt::new()
    ///     .delimiter(Some(','))
    ///     .quotechar(Some('"'))
    ///     .dtype_descr("U8")
    ///     .from_str("\"a,b\",\"say \"\"hi\"\"\"\n")?;
    /// assert_eq!(a.to_strings()?, ["a,b", "say \"hi\""]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn quotechar(&mut self, quote: Option<char>) -> &mut Self {
        self.quotechar = quote;
        self
    }

    /// Raw lines to skip first (blank and comment lines count).
    ///
    /// # Example
    ///
    /// ```
    /// let a = delimited_text::LoadTxt::new().skiprows(2).from_str("title\n# units\n1 2\n")?;
    /// assert_eq!(a.shape(), &[2]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn skiprows(&mut self, n: usize) -> &mut Self {
        self.skiprows = n;
        self
    }

    /// The columns to read, in order (negative counts from the end of each
    /// row; duplicates allowed). With usecols, rows may be ragged as long
    /// as each used column exists.
    ///
    /// # Example
    ///
    /// ```
    /// let a = delimited_text::LoadTxt::new().usecols(&[-1, 0]).from_str("1 2 3\n4 5 6\n")?;
    /// assert_eq!(a.to_array::<f64, ndarray::Ix2>()?, ndarray::array![[3.0, 1.0], [6.0, 4.0]]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn usecols(&mut self, cols: &[isize]) -> &mut Self {
        self.usecols = Some(cols.to_vec());
        self
    }

    /// At most this many data rows (blank and comment lines do not count).
    ///
    /// # Example
    ///
    /// ```
    /// // The bad third row is never read.
    /// let a = delimited_text::LoadTxt::new().max_rows(2).from_str("1\n\n2\nx\n")?;
    /// assert_eq!(a.to_array::<f64, ndarray::Ix1>()?, ndarray::array![1.0, 2.0]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn max_rows(&mut self, n: usize) -> &mut Self {
        self.max_rows = Some(n);
        self
    }

    /// Calls `handler` with each warning NumPy's loadtxt would give, as it
    /// arises: [`Warning::NoData`] when the result has no rows (empty,
    /// blank-only, comment-only or fully skipped input) and, with
    /// max_rows, [`Warning::EmptyLine`] for the first line without data
    /// before max_rows rows were read. Without a handler
    /// warnings are dropped.
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::{LoadTxt, Warning};
    /// use std::sync::{Arc, Mutex};
    ///
    /// let seen = Arc::new(Mutex::new(Vec::new()));
    /// let sink = seen.clone();
    /// let a = LoadTxt::new()
    ///     .max_rows(2)
    ///     .on_warning(move |w| sink.lock().unwrap().push(w.clone()))
    ///     .from_str("1 2\n\n3 4\n5 6\n")?;
    /// assert_eq!(a.shape(), &[2, 2]);
    /// assert_eq!(*seen.lock().unwrap(), [Warning::EmptyLine { line: 2, max_rows: 2 }]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn on_warning<F: Fn(&Warning) + Send + Sync + 'static>(&mut self, handler: F) -> &mut Self {
        self.on_warning = Some(Arc::new(handler));
        self
    }

    /// Reports what NumPy warns about once a result of `shape` is read:
    /// the first line without data inside max_rows, then no data at all.
    fn warn_after(&self, empty_line: Option<u64>, shape: &[usize]) {
        let Some(warn) = &self.on_warning else {
            return;
        };
        if let (Some(line), Some(max_rows)) = (empty_line, self.max_rows) {
            warn(&Warning::EmptyLine { line, max_rows });
        }
        if shape.first() == Some(&0) {
            warn(&Warning::NoData);
        }
    }

    /// The minimum number of dimensions of the result: 0, 1 or 2.
    ///
    /// # Example
    ///
    /// ```
    /// let a = delimited_text::LoadTxt::new().from_str("5\n")?;
    /// assert_eq!(a.shape(), &[] as &[usize]); // squeezed, as NumPy does
    /// let b = delimited_text::LoadTxt::new().ndmin(2).from_str("5\n")?;
    /// assert_eq!(b.shape(), &[1, 1]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn ndmin(&mut self, n: u8) -> &mut Self {
        self.ndmin = n;
        self
    }

    /// How the input's bytes are decoded (default UTF-8).
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::{Encoding, LoadTxt};
    ///
    /// let latin1 = b"caf\xe9 1\n";
    /// let a = LoadTxt::new()
    ///     .encoding(Encoding::Latin1)
    ///     .dtype_descr("U4")
    ///     .usecols(&[0])
    ///     .from_reader(&latin1[..])?;
    /// assert_eq!(a.to_strings()?, ["café"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn encoding(&mut self, encoding: Encoding) -> &mut Self {
        self.encoding = encoding;
        self
    }

    /// A function applied to column `col`'s text before conversion
    /// (negative counts from the end of the row).
    ///
    /// # Example
    ///
    /// ```
    /// let a = delimited_text::LoadTxt::new()
    ///     .delimiter(Some(','))
    ///     .converter(-1, |t| t.trim_end_matches('%').to_string())
    ///     .from_str("1,50%\n2,75%\n")?;
    /// assert_eq!(a.to_array::<f64, ndarray::Ix2>()?[[1, 1]], 75.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn converter<F>(&mut self, col: isize, f: F) -> &mut Self
    where
        F: Fn(&str) -> String + Send + Sync + 'static,
    {
        self.converters.push((Some(col), Arc::new(f)));
        self
    }

    /// A function applied to every column's text before conversion.
    ///
    /// # Example
    ///
    /// ```
    /// let a = delimited_text::LoadTxt::new()
    ///     .converter_all(|t| t.replace(',', "."))
    ///     .from_str("1,5 2,25\n")?;
    /// assert_eq!(a.to_array::<f64, ndarray::Ix1>()?, ndarray::array![1.5, 2.25]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn converter_all<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn(&str) -> String + Send + Sync + 'static,
    {
        self.converters.push((None, Arc::new(f)));
        self
    }

    /// Whether to parse on every core (default yes; the result is the same
    /// either way).
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::LoadTxt;
    ///
    /// let text: String = (0..1000).map(|i| format!("{i} {}\n", i * 2)).collect();
    /// let one = LoadTxt::new().parallel(false).from_str(&text)?;
    /// assert_eq!(one, LoadTxt::new().parallel(true).chunk_bytes(100).from_str(&text)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parallel(&mut self, yes: bool) -> &mut Self {
        self.parallel = yes;
        self
    }

    /// The size of the pieces the input is cut into for parallel parsing
    /// (default 64 KiB; for tests).
    ///
    /// # Example
    ///
    /// ```
    /// // Pieces of 8 bytes: many pieces, the same array.
    /// let a = delimited_text::LoadTxt::new().chunk_bytes(8).from_str("1 2\n3 4\n5 6\n")?;
    /// assert_eq!(a.shape(), &[3, 2]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn chunk_bytes(&mut self, bytes: usize) -> &mut Self {
        self.chunk_bytes = bytes.max(1);
        self
    }

    /// Whether plain numeric text may take the byte-level fast path (on by
    /// default). The fast path changes speed only; this switch is for
    /// tests and fuzzing that compare the two paths.
    #[doc(hidden)]
    pub fn fast_path(&mut self, on: bool) -> &mut Self {
        self.fast = on;
        self
    }

    /// Bytes of input read per block when reading a file or reader
    /// (default 256 KiB): memory holds the output and about eight blocks
    /// (parsed while the next ones are read).
    ///
    /// # Example
    ///
    /// ```
    /// // Blocks of 4 bytes read through a reader: the same array as a string.
    /// let text = "1 2\n3 4\n5 6\n";
    /// let a = delimited_text::LoadTxt::new().block_bytes(4).from_reader(text.as_bytes())?;
    /// assert_eq!(a, delimited_text::LoadTxt::new().from_str(text)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn block_bytes(&mut self, bytes: usize) -> &mut Self {
        self.block_bytes = bytes.max(1);
        self
    }

    /// Reads a file; a name ending `.gz` is decompressed. The file is read
    /// in blocks, each parsed on every core as it arrives (quoted text, on
    /// one core, as its records may span blocks), so memory holds the
    /// output and a few blocks of text. String-length discovery reads
    /// the whole text first.
    ///
    /// # Example
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("table.txt");
    /// std::fs::write(&path, "# x y\n1 2\n3 4\n")?;
    /// let a = delimited_text::LoadTxt::new().from_path(&path)?;
    /// assert_eq!(a.shape(), &[2, 2]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_path<P: AsRef<Path>>(&self, path: P) -> Result<NpyArray> {
        // Options are checked before the file is opened, as in NumPy.
        self.check_options()?;
        let (reader, len) = open_text(path.as_ref())?;
        self.read_input(reader, len)
    }

    /// Reads everything from a reader (in blocks, as
    /// [`from_path`](Self::from_path)).
    ///
    /// # Example
    ///
    /// ```
    /// let a = delimited_text::LoadTxt::new().from_reader(std::io::Cursor::new("1 2\n"))?;
    /// assert_eq!(a.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_reader<R: Read>(&self, reader: R) -> Result<NpyArray> {
        self.read_input(reader, None)
    }

    /// Reads a file (`.gz` decompressed) and writes the array to an `.npy`
    /// file as it goes: memory holds a few blocks of text whatever the
    /// file's size, so text larger than memory converts. The output is
    /// what [`from_path`](Self::from_path) then `np.save` would give
    /// (same shape, dtype and header bytes), written to a temporary file
    /// renamed into place once complete. Returns the array's header.
    ///
    /// String-length discovery (`S`/`U` without a length) needs the whole
    /// text first, as [`from_path`](Self::from_path) does.
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::LoadTxt;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let (csv, npy) = (dir.path().join("in.csv"), dir.path().join("out.npy"));
    /// std::fs::write(&csv, "1,2\n3,4\n5,6\n")?;
    /// let header = LoadTxt::new().delimiter(Some(',')).npy_from_path(&csv, &npy)?;
    /// assert_eq!(header.shape, [3, 2]);
    /// let a: ndarray::Array2<f64> = npy_format::read_npy(&npy)?;
    /// assert_eq!(a[[2, 1]], 6.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn npy_from_path<P: AsRef<Path>, Q: AsRef<Path>>(
        &self,
        input: P,
        output: Q,
    ) -> Result<Header> {
        self.check_options()?;
        let (reader, _) = open_text(input.as_ref())?;
        self.npy_from_reader(reader, output)
    }

    /// [`npy_from_path`](Self::npy_from_path), also giving the number of
    /// rows written (which a squeezed shape hides).
    pub(crate) fn npy_rows_from_path(
        &self,
        input: &Path,
        output: &Path,
    ) -> Result<(Header, usize)> {
        self.check_options()?;
        let (reader, _) = open_text(input)?;
        self.npy_rows_from_reader(reader, output)
    }

    /// [`npy_from_path`](Self::npy_from_path) from any reader.
    ///
    /// # Example
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let out = dir.path().join("col.npy");
    /// let header = delimited_text::LoadTxt::new().npy_from_reader(&b"1\n2\n3\n"[..], &out)?;
    /// assert_eq!(header.shape, [3]); // one column reads as 1-D, as in NumPy
    /// let a: ndarray::Array1<f64> = npy_format::read_npy(&out)?;
    /// assert_eq!(a, ndarray::array![1.0, 2.0, 3.0]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn npy_from_reader<R: Read, Q: AsRef<Path>>(&self, reader: R, output: Q) -> Result<Header> {
        Ok(self.npy_rows_from_reader(reader, output.as_ref())?.0)
    }

    fn npy_rows_from_reader<R: Read>(&self, reader: R, output: &Path) -> Result<(Header, usize)> {
        if self.discover.is_some() {
            // from_reader decodes the encoding itself.
            let a = self.from_reader(reader)?;
            npy_format::write_npy(output, &a)?;
            let rows = a.shape().first().copied().unwrap_or(1);
            return Ok((a.header().clone(), rows));
        }
        let reader = self.encoding.reader(reader);
        self.check_options()?;
        let plan = Plan::new(self, &self.dtype)?;
        let mut acc = Accum::new(self.max_rows, self.skiprows);
        acc.spill = Some(Spill {
            path: output.to_path_buf(),
            ndmin: self.ndmin,
            writer: None,
            first_row: Vec::new(),
        });
        match self.quotechar {
            Some(_) => self.stream_quoted(reader, &plan, &mut acc)?,
            None => self.stream(reader, None, &plan, &mut acc)?,
        }
        let rows = acc.rows;
        let empty_line = acc.empty_line;
        let header = acc.finish_file(&plan, self.ndmin)?;
        self.warn_after(empty_line, &header.shape);
        Ok((header, rows))
    }

    /// Reads a whole input: streamed in blocks unless quotes or string
    /// discovery need all of it.
    fn read_input<R: Read>(&self, reader: R, len_hint: Option<u64>) -> Result<NpyArray> {
        let mut reader = self.encoding.reader(reader);
        self.check_options()?;
        if self.discover.is_some() {
            let mut bytes = Vec::new();
            reader.read_to_end(&mut bytes)?;
            return self.from_str(&self.encoding.decode(bytes)?);
        }
        let plan = Plan::new(self, &self.dtype)?;
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
    fn stream_quoted<R: Read>(&self, mut reader: R, plan: &Plan, acc: &mut Accum) -> Result<()> {
        let mut blocks = Blocks {
            size: self.block_bytes,
            carry: Vec::new(),
            spare: Vec::new(),
        };
        let mut lines = BlockLines::new(self.skiprows);
        let encoding = self.encoding;
        let mut next = move || -> Result<Option<(String, u64)>> {
            while let Some(raw) = blocks.next(&mut reader)? {
                let block = encoding.decode_block(raw, lines.line)?;
                let (rest, start) = lines.data(&block);
                if !rest.is_empty() {
                    return Ok(Some((rest.to_string(), start)));
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
    fn quoted_rows<F>(
        &self,
        plan: &Plan,
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
            let crate::tokenize::Records {
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

    /// Parses text.
    ///
    /// # Example
    ///
    /// ```
    /// let a = delimited_text::LoadTxt::new().from_str("1 2\n3 4\n")?;
    /// assert_eq!(a.to_array::<f64, ndarray::Ix2>()?, ndarray::array![[1.0, 2.0], [3.0, 4.0]]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(&self, text: &str) -> Result<NpyArray> {
        self.check_options()?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let (rest, line) = skip_lines(text, self.skiprows, 1);
        let tokenizer = self.tokenizer();
        if let Some(kind) = self.discover {
            let a = self.discover_strings(&tokenizer, rest, line, kind)?;
            self.warn_after(None, a.shape());
            return Ok(a);
        }
        let plan = Plan::new(self, &self.dtype)?;
        let mut acc = Accum::new(self.max_rows, self.skiprows);
        if self.quotechar.is_some() {
            let mut whole = Some(rest.to_string());
            self.quoted_rows(&plan, &mut acc, line, || Ok(whole.take()))?;
        } else {
            acc.take(&plan, self.parse_block(&plan, &tokenizer, rest, line))?;
        }
        let empty_line = acc.empty_line;
        let a = acc.finish(&plan, self.ndmin)?;
        self.warn_after(empty_line, a.shape());
        Ok(a)
    }

    fn tokenizer(&self) -> Tokenizer {
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
    fn stream<R: Read>(
        &self,
        mut reader: R,
        len_hint: Option<u64>,
        plan: &Plan,
        acc: &mut Accum,
    ) -> Result<()> {
        let tokenizer = self.tokenizer();
        let mut blocks = Blocks {
            size: self.block_bytes,
            carry: Vec::new(),
            spare: Vec::new(),
        };
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
                blocks.spare = parsed.text.into_bytes();
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
    fn parse_block(&self, plan: &Plan, tokenizer: &Tokenizer, text: &str, line: u64) -> Vec<Chunk> {
        let limit = self.max_rows.unwrap_or(usize::MAX);
        let piece_bytes = if self.parallel && self.max_rows.is_none() {
            self.chunk_bytes
        } else {
            usize::MAX
        };
        let pieces = split_pieces(text, piece_bytes);
        let fast = FastPlan::new(
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

    /// Refuses the option combinations NumPy's loadtxt refuses, in its
    /// order: empty comment markers, quotes beside long or several
    /// markers, newlines as control characters, then control characters
    /// that collide (whitespace counts as the delimiter when none is set).
    fn check_options(&self) -> Result<()> {
        if let Some(descr) = &self.bad_descr {
            // Read again for the error itself.
            LoadTxt::new().set_descr(descr)?;
        }
        if self.ndmin > 2 {
            return Err(Error::option(format!(
                "Illegal value of ndmin keyword: {}",
                self.ndmin
            )));
        }
        if self.comments.iter().any(String::is_empty) {
            return Err(Error::option(
                "comments cannot be an empty string; give no comment markers to disable comments",
            ));
        }
        if let Some(d) = self.delimiter
            && self.comments.len() > 1
            && self.comments.iter().any(|c| c.chars().eq([d]))
        {
            return Err(Error::option(format!(
                "Comment characters {:?} cannot include the delimiter {d:?}",
                self.comments
            )));
        }
        if self.quotechar.is_some()
            && (self.comments.len() > 1 || self.comments.iter().any(|c| c.chars().count() > 1))
        {
            return Err(Error::option(
                "when multiple comments or a multi-character comment is given, quotes are not supported",
            ));
        }
        // The one-character comment marker NumPy's tokenizer sees; longer
        // or several markers are stripped from lines before it.
        let comment = match self.comments.as_slice() {
            [one] if one.chars().count() == 1 => one.chars().next(),
            _ => None,
        };
        let controls = [
            ("delimiter", self.delimiter),
            ("quotechar", self.quotechar),
            ("comment", comment),
        ];
        for (name, c) in controls {
            if matches!(c, Some('\n' | '\r')) {
                return Err(Error::option(format!(
                    "control character '{name}' cannot be a newline (`\\r` or `\\n`)"
                )));
            }
        }
        // NumPy's words and pairs: whitespace counts as the delimiter when
        // none is given.
        let clash = |a: &str, b: &str| {
            Err(Error::option(format!(
                "the values for control characters '{a}' and '{b}' are incompatible"
            )))
        };
        match self.delimiter {
            Some(d) => {
                if comment == Some(d) {
                    return clash("comment", "delimiter");
                }
                if self.quotechar == Some(d) {
                    return clash("quotechar", "delimiter");
                }
            }
            None => {
                if comment.is_some_and(is_space) {
                    return clash("delimiter", "comment");
                }
                if self.quotechar.is_some_and(is_space) {
                    return clash("delimiter", "quotechar");
                }
            }
        }
        if let (Some(q), Some(c)) = (self.quotechar, comment)
            && q == c
        {
            return clash("comment", "quotechar");
        }
        Ok(())
    }

    /// `S`/`U` without a length, `M8` without a unit: every value is
    /// collected first, then the width is the longest value's, or the unit
    /// the finest that a date is written in (generic when all are NaT).
    fn discover_strings(
        &self,
        tokenizer: &Tokenizer,
        text: &str,
        line: u64,
        kind: char,
    ) -> Result<NpyArray> {
        let mut cells: Vec<Vec<String>> = Vec::new();
        let records: Vec<(u64, Vec<String>)> = if self.quotechar.is_some() {
            tokenizer
                .quoted_records(text, line)?
                .into_iter()
                .map(|r| {
                    (
                        r.line,
                        r.fields.into_iter().map(|f| f.into_owned()).collect(),
                    )
                })
                .collect()
        } else {
            let mut out = Vec::new();
            let mut rest = text;
            let mut n = line;
            let mut fields = Vec::new();
            while !rest.is_empty() {
                let (l, _, after) = next_line(rest);
                rest = after;
                if tokenizer.split_line(l, &mut fields) {
                    out.push((n, fields.iter().map(|s| s.to_string()).collect()));
                }
                n += 1;
            }
            out
        };
        let mut width = 1usize;
        let mut unit = TimeUnit::Generic;
        let mut expected = None;
        for (ln, fields) in records
            .into_iter()
            .take(self.max_rows.unwrap_or(usize::MAX))
        {
            let used = select(&self.usecols, &fields, ln, &mut expected)?;
            let mut row = Vec::with_capacity(used.len());
            for (col, idx) in used {
                let text = apply_converters(&self.converters, col, fields.len(), &fields[idx])
                    .into_owned();
                let bad = |text, dtype: &str| ErrorKind::Convert {
                    line: ln,
                    column: idx + 1,
                    text,
                    dtype: dtype.into(),
                };
                if kind == 'S' && text.chars().any(|c| c as u32 > 0xff) {
                    return Err(bad(text, "bytes").into());
                }
                if kind == 'M' {
                    match crate::datetime::text_unit(&text) {
                        Some(Some(u)) => unit = crate::datetime::finer(unit, u),
                        Some(None) => {}
                        None => return Err(bad(text, "datetime64").into()),
                    }
                }
                width = width.max(text.chars().count());
                row.push(text);
            }
            cells.push(row);
        }
        let scalar_kind = match kind {
            'S' => ScalarKind::Bytes(width),
            'M' => ScalarKind::DateTime(unit, 1),
            _ => ScalarKind::Unicode(width),
        };
        let mut fixed = self.clone();
        fixed.dtype(DType::scalar(scalar_kind));
        // Discovered: a generic unit now means only NaT.
        fixed.discover = None;
        let joined: String = cells
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect::<Vec<_>>()
            .join("\n");
        fixed
            .delimiter(Some(','))
            .quotechar(Some('"'))
            .comments::<&str>(&[])
            .skiprows(0);
        fixed.usecols = None;
        fixed.max_rows = None;
        fixed.converters.clear();
        fixed.from_str(&joined)
    }
}

/// Applies the converters that concern column `col` (of a row of `ncols`)
/// to its text, in the order they were given.
fn apply_converters<'t>(
    converters: &[(Option<isize>, Converter)],
    col: usize,
    ncols: usize,
    text: &'t str,
) -> std::borrow::Cow<'t, str> {
    let mut out: Option<String> = None;
    for (c, f) in converters {
        let applies = match c {
            None => true,
            Some(k) => *k == col as isize || (*k < 0 && ncols as isize + *k == col as isize),
        };
        if applies {
            out = Some(f(out.as_deref().unwrap_or(text)));
        }
    }
    match out {
        Some(s) => std::borrow::Cow::Owned(s),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// The columns a row uses: (column as numbered in the file, index into
/// the row's fields). Checks the column count when no usecols is given.
fn select(
    usecols: &Option<Vec<isize>>,
    fields: &[String],
    line: u64,
    expected: &mut Option<usize>,
) -> Result<Vec<(usize, usize)>> {
    match usecols {
        None => {
            match expected {
                None => *expected = Some(fields.len()),
                Some(e) if *e != fields.len() => {
                    return Err(ErrorKind::Ragged {
                        line,
                        expected: *e,
                        found: fields.len(),
                    }
                    .into());
                }
                _ => {}
            }
            Ok((0..fields.len()).map(|i| (i, i)).collect())
        }
        Some(cols) => cols
            .iter()
            .map(|&c| {
                let idx = if c < 0 { fields.len() as isize + c } else { c };
                if idx < 0 || idx as usize >= fields.len() {
                    return Err(ErrorKind::MissingColumn {
                        line,
                        index: c,
                        columns: fields.len(),
                    }
                    .into());
                }
                Ok((idx as usize, idx as usize))
            })
            .collect(),
    }
}

/// Reads a stream in blocks of whole lines, reusing one spare buffer so
/// that each block costs no fresh pages.
struct Blocks {
    size: usize,
    /// The bytes after the last line end read so far.
    carry: Vec<u8>,
    spare: Vec<u8>,
}

impl Blocks {
    /// The next block: about `size` bytes ending after a line end (or the
    /// input's last bytes); `None` at the end.
    fn next<R: Read>(&mut self, reader: &mut R) -> Result<Option<Vec<u8>>> {
        loop {
            let mut buf = std::mem::take(&mut self.spare);
            buf.clear();
            buf.append(&mut self.carry);
            buf.reserve(self.size);
            let got = reader.take(self.size as u64).read_to_end(&mut buf)?;
            if buf.is_empty() {
                return Ok(None);
            }
            if got == 0 {
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
struct BlockLines {
    /// The line the next block starts on.
    line: u64,
    to_skip: usize,
    first: bool,
}

impl BlockLines {
    fn new(skiprows: usize) -> BlockLines {
        BlockLines {
            line: 1,
            to_skip: skiprows,
            first: true,
        }
    }

    /// The part of the next block that holds data, and its first line.
    fn data<'t>(&mut self, block: &'t str) -> (&'t str, u64) {
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
fn skip_lines(text: &str, n: usize, line: u64) -> (&str, u64) {
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
const IN_FLIGHT: usize = 8;

/// One block of [`LoadTxt`]'s stream, parsed: its rows, and its text
/// (whose buffer a later block reuses).
struct Parsed {
    chunks: Vec<Chunk>,
    text: String,
}

/// The rows parsed so far, joined in file order.
struct Accum {
    data: Vec<u8>,
    rows: usize,
    /// Column count of the first row (checked against every piece's).
    expected: Option<usize>,
    limit: usize,
    /// Set when the rows go straight to an `.npy` file.
    spill: Option<Spill>,
    /// The first line without data before `limit` rows (NumPy's warning),
    /// counted as NumPy counts it: records and empty lines, a quoted
    /// record over several lines counting once, after `skipped` lines.
    empty_line: Option<u64>,
    skipped: u64,
}

/// Rows on their way to an `.npy` file instead of memory.
struct Spill {
    path: std::path::PathBuf,
    ndmin: u8,
    /// Opened with the first rows, once their column count is known.
    writer: Option<NpyWriter<AtomicFile>>,
    /// The first row's bytes: a single row has another shape (NumPy
    /// squeezes it), so that file is written afresh at the end.
    first_row: Vec<u8>,
}

impl Accum {
    fn new(max_rows: Option<usize>, skiprows: usize) -> Accum {
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
    fn reserve_for(&mut self, chunks: &[Chunk], block_bytes: u64, len_hint: Option<u64>) {
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
    fn take_first(
        &mut self,
        plan: &Plan,
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
    fn take(&mut self, plan: &Plan, chunks: Vec<Chunk>) -> Result<bool> {
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
    fn finish_file(mut self, plan: &Plan, ndmin: u8) -> Result<Header> {
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
    fn cols(&self, plan: &Plan) -> usize {
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
    fn finish(self, plan: &Plan, ndmin: u8) -> Result<NpyArray> {
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
    fn write(&mut self, plan: &Plan, cols: usize, bytes: &[u8]) -> Result<()> {
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
fn spill_row_shape(plan: &Plan, cols: usize, ndmin: u8) -> Vec<usize> {
    let raw = match plan.structured {
        true => vec![2],
        false => vec![2, cols],
    };
    shape_for_ndmin(raw, ndmin, plan.structured)[1..].to_vec()
}

/// What the parse of every row needs, settled once.
struct Plan<'a> {
    dtype: DType,
    leaves: Vec<Leaf>,
    itemsize: usize,
    structured: bool,
    usecols: Option<Vec<isize>>,
    converters: &'a [(Option<isize>, Converter)],
}

impl<'a> Plan<'a> {
    fn new(opts: &'a LoadTxt, dtype: &DType) -> Result<Plan<'a>> {
        let leaves = leaves(dtype);
        if let Some(bad) = leaves.iter().find(|l| !supported(&l.scalar)) {
            return Err(Error::option(format!(
                "loadtxt cannot convert text to {}",
                DType::Scalar(bad.scalar).descr_repr()
            )));
        }
        let structured = dtype.as_record().is_some();
        if let (true, Some(cols)) = (structured, &opts.usecols)
            && cols.len() != leaves.len()
        {
            return Err(Error::option(format!(
                "with a record dtype, usecols must give one column per field: {} usecols for {} fields",
                cols.len(),
                leaves.len()
            )));
        }
        Ok(Plan {
            dtype: dtype.clone(),
            itemsize: dtype.itemsize(),
            leaves,
            structured,
            usecols: opts.usecols.clone(),
            converters: &opts.converters,
        })
    }

    /// Bytes of one row given its column count.
    fn row_bytes(&self, first_cols: Option<(u64, usize)>) -> usize {
        if self.structured {
            return self.itemsize;
        }
        let cols = match &self.usecols {
            Some(u) => u.len(),
            None => first_cols.map_or(0, |(_, n)| n),
        };
        cols * self.itemsize
    }

    fn convert<'t>(&self, col: usize, ncols: usize, text: &'t str) -> std::borrow::Cow<'t, str> {
        apply_converters(self.converters, col, ncols, text)
    }
}

/// The rows of one piece of the input, parsed.
struct Chunk {
    data: Vec<u8>,
    rows: usize,
    /// Line and column count of the piece's first row.
    first_cols: Option<(u64, usize)>,
    /// The first error, with the row (within the piece) it happened at.
    error: Option<(usize, Error)>,
    /// With max_rows: the rows before the piece's first line without data.
    first_empty: Option<usize>,
}

impl Chunk {
    fn new() -> Chunk {
        Chunk {
            data: Vec::new(),
            rows: 0,
            first_cols: None,
            error: None,
            first_empty: None,
        }
    }

    /// Converts one row; false once an error stops the piece.
    fn row(&mut self, plan: &Plan, fields: &[&str], line: u64) -> bool {
        match self.try_row(plan, fields, line) {
            Ok(()) => {
                self.rows += 1;
                true
            }
            Err(e) => {
                self.error = Some((self.rows, e));
                false
            }
        }
    }

    fn try_row(&mut self, plan: &Plan, fields: &[&str], line: u64) -> Result<()> {
        let n = fields.len();
        let first = *self.first_cols.get_or_insert((line, n));
        let ncols = match &plan.usecols {
            Some(u) => u.len(),
            // Each row of a record dtype has one column per field (as
            // NumPy checks it, row by row, not against the first row).
            None if plan.structured => n,
            None => {
                if n != first.1 {
                    return Err(ErrorKind::Ragged {
                        line,
                        expected: first.1,
                        found: n,
                    }
                    .into());
                }
                n
            }
        };
        if plan.structured && ncols != plan.leaves.len() {
            return Err(ErrorKind::FieldCount {
                line,
                fields: plan.leaves.len(),
                found: ncols,
            }
            .into());
        }
        let start = self.data.len();
        let row_len = if plan.structured {
            plan.itemsize
        } else {
            ncols * plan.itemsize
        };
        self.data.resize(start + row_len, 0);
        for k in 0..ncols {
            let idx = match &plan.usecols {
                None => k,
                Some(u) => {
                    let c = u[k];
                    let i = if c < 0 { n as isize + c } else { c };
                    if i < 0 || i as usize >= n {
                        self.data.truncate(start);
                        return Err(ErrorKind::MissingColumn {
                            line,
                            index: c,
                            columns: n,
                        }
                        .into());
                    }
                    i as usize
                }
            };
            let (leaf, at) = if plan.structured {
                (plan.leaves[k], start + plan.leaves[k].offset)
            } else {
                (plan.leaves[0], start + k * plan.itemsize)
            };
            let text = plan.convert(idx, n, fields[idx]);
            let size = leaf.scalar.kind.itemsize().unwrap_or(0);
            if !encode(&leaf.scalar, &text, &mut self.data[at..at + size]) {
                self.data.truncate(start);
                return Err(ErrorKind::Convert {
                    line,
                    column: idx + 1,
                    text: text.into_owned(),
                    dtype: type_name(&leaf.scalar),
                }
                .into());
            }
        }
        Ok(())
    }

    /// Turns the piece's local line numbers into the file's.
    fn shift_lines(&mut self, first_line: u64) {
        if let Some((l, n)) = self.first_cols {
            self.first_cols = Some((l + first_line, n));
        }

        if let Some((row, err)) = self.error.take() {
            let shifted = match err.into_kind() {
                ErrorKind::Convert {
                    line,
                    column,
                    text,
                    dtype,
                } => ErrorKind::Convert {
                    line: line + first_line,
                    column,
                    text,
                    dtype,
                },
                ErrorKind::Ragged {
                    line,
                    expected,
                    found,
                } => ErrorKind::Ragged {
                    line: line + first_line,
                    expected,
                    found,
                },
                ErrorKind::FieldCount {
                    line,
                    fields,
                    found,
                } => ErrorKind::FieldCount {
                    line: line + first_line,
                    fields,
                    found,
                },
                ErrorKind::MissingColumn {
                    line,
                    index,
                    columns,
                } => ErrorKind::MissingColumn {
                    line: line + first_line,
                    index,
                    columns,
                },
                other => other,
            };
            self.error = Some((row, shifted.into()));
        }
    }
}

/// NumPy's squeeze-then-pad to `ndmin` dimensions.
pub(crate) fn shape_for_ndmin(shape: Vec<usize>, ndmin: u8, structured: bool) -> Vec<usize> {
    let ndmin = ndmin as usize;
    let mut shape = shape;
    if shape.len() > ndmin {
        shape.retain(|&d| d != 1);
        if structured && shape.len() > ndmin.max(1) {
            shape.truncate(1);
        }
    }
    if shape.len() < ndmin {
        shape = match (ndmin, shape.len()) {
            (1, _) => vec![1],
            (2, 0) => vec![1, 1],
            (2, _) => vec![shape[0], 1],
            _ => shape,
        };
    }
    shape
}

/// What `np.loadtxt(..., unpack=True)` returns: one array per column of a
/// 2-D result (its transpose, row by row), one per field of a record
/// result, or the array itself otherwise.
///
/// # Example
///
/// ```
/// use delimited_text::{unpack, LoadTxt};
///
/// let a = LoadTxt::new().from_str("1 2\n3 4\n5 6\n")?;
/// let cols = unpack(&a)?;
/// assert_eq!(cols.len(), 2);
/// assert_eq!(cols[1].to_array::<f64, ndarray::Ix1>()?, ndarray::array![2.0, 4.0, 6.0]);
/// # Ok::<(), delimited_text::Error>(())
/// ```
pub fn unpack(array: &NpyArray) -> Result<Vec<NpyArray>> {
    if let Some(record) = array.dtype().as_record() {
        return record
            .fields()
            .iter()
            .map(|f| array.field(&f.name).map_err(Error::from))
            .collect();
    }
    let [rows, cols] = array.shape() else {
        return Ok(vec![array.clone()]);
    };
    let (rows, cols) = (*rows, *cols);
    let c = array.to_c_order();
    let isz = c.dtype().itemsize();
    (0..cols)
        .map(|j| {
            let mut data = Vec::with_capacity(rows * isz);
            for r in 0..rows {
                let at = (r * cols + j) * isz;
                data.extend_from_slice(&c.data()[at..at + isz]);
            }
            Ok(NpyArray::new(
                Header::new(c.dtype().clone(), vec![rows], false),
                data,
            )?)
        })
        .collect()
}

/// Reads a text file into a typed array, with NumPy's loadtxt defaults and
/// the element type's dtype.
///
/// # Example
///
/// ```no_run
/// let a: ndarray::Array2<f64> = delimited_text::loadtxt("data.txt")?;
/// # Ok::<(), delimited_text::Error>(())
/// ```
pub fn loadtxt<A, D, P>(path: P) -> Result<Array<A, D>>
where
    A: ReadableElement + WritableElement,
    D: Dimension,
    P: AsRef<Path>,
{
    let mut opts = LoadTxt::new();
    opts.dtype(A::dtype());
    Ok(opts.from_path(path)?.to_array()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(opts: &LoadTxt, text: &str) -> NpyArray {
        opts.from_str(text).unwrap()
    }

    #[test]
    fn shapes_follow_ndmin() {
        assert_eq!(shape_for_ndmin(vec![1, 1], 0, false), Vec::<usize>::new());
        assert_eq!(shape_for_ndmin(vec![1, 1], 1, false), vec![1]);
        assert_eq!(shape_for_ndmin(vec![1, 2], 2, false), vec![1, 2]);
        assert_eq!(shape_for_ndmin(vec![2, 1], 0, false), vec![2]);
        assert_eq!(shape_for_ndmin(vec![0], 2, false), vec![0, 1]);
    }

    /// Text made mostly of what the fast path reads, with the odd thing it
    /// leaves to the general path.
    fn numeric_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let field = prop_oneof![
            6 => any::<i32>().prop_map(|v| v.to_string()),
            6 => any::<f64>().prop_map(|v| format!("{v:e}")),
            4 => (any::<i16>(), 0u32..6, -25i32..25).prop_map(|(m, p, e)| format!("{m}.{p}e{e}")),
            2 => prop::sample::select(vec![
                "1.", ".5", "-0", "+7", "1.e5", "1e", "nan", "-inf", "Infinity", "0x10", "1_0",
                "", " ", "\u{a0}", "9223372036854775808", "99999999999999999999", "1e400",
                "00012", "-", "+", "1..2", "#", ",", "\r", "\t", "\x1c",
            ])
            .prop_map(String::from),
        ];
        let line = prop::collection::vec(field, 0..4).prop_flat_map(|fields| {
            prop::sample::select(vec![" ", ",", "  ", "\t"]).prop_map(move |sep| fields.join(sep))
        });
        prop::collection::vec(
            (line, prop::sample::select(vec!["\n", "\r\n", "\r", "#x\n"])),
            0..6,
        )
        .prop_map(|lines| lines.into_iter().map(|(l, end)| l + end).collect())
    }

    proptest::proptest! {
        /// The fast path changes speed only: the same array, or the same
        /// error, as the general path, for every numeric dtype.
        #[test]
        fn fast_path_equals_general_path(
            text in numeric_text(),
            descr in proptest::sample::select(vec!["<f8", ">f4", "<f2", "<i8", ">i4", "<i2", "i1", "<u8", "<u2", "u1"]),
            delimiter in proptest::sample::select(vec![None, Some(','), Some('\t')]),
            max_rows in proptest::option::of(0usize..4),
        ) {
            let mut opts = LoadTxt::new();
            opts.dtype_descr(descr).delimiter(delimiter).chunk_bytes(7);
            if let Some(n) = max_rows {
                opts.max_rows(n);
            }
            let fast = opts.from_str(&text).map_err(|e| e.to_string());
            let general = opts.clone().fast_path(false).from_str(&text).map_err(|e| e.to_string());
            proptest::prop_assert_eq!(fast, general);
        }
    }

    #[test]
    fn chunked_equals_whole() {
        let text: String = (0..500)
            .map(|i| format!("{i} {}.5\n# c\n\n", i * 3))
            .collect();
        let whole = load(LoadTxt::new().parallel(false), &text);
        for size in [1, 7, 64, 1000] {
            let chunked = load(LoadTxt::new().chunk_bytes(size), &text);
            assert_eq!(chunked, whole, "chunk {size}");
        }
        let err = LoadTxt::new()
            .chunk_bytes(5)
            .from_str("1 2\n3 4\n5\n")
            .unwrap_err();
        assert_eq!(err.line(), Some(3));
        let err = LoadTxt::new()
            .chunk_bytes(5)
            .from_str("1 2\n\n3 x\n")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 3, column 2: could not convert string 'x' to float64"
        );
        // Errors past max_rows do not count.
        let a = LoadTxt::new()
            .chunk_bytes(3)
            .max_rows(2)
            .from_str("1\n2\nx\n")
            .unwrap();
        assert_eq!(a.shape(), &[2]);
    }
}
