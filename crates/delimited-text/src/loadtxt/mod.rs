//! `np.loadtxt`: the builder, and the parse of text into an array, split
//! across cores at line boundaries when no quote character is in use.

use crate::engine::in_order::Flight;
use crate::engine::input::{Encoding, open_path as open_text};
use crate::engine::lines::{count_lines, first_empty_line, next_line, split_pieces};
use crate::engine::tokenize::ascii_numbers::NumbersPlan;
use crate::engine::tokenize::{Tokenizer, is_space};
use crate::engine::values::{Leaf, encode, leaves, supported, type_name};
use crate::error::{Error, ErrorKind, Result};
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

mod options;
mod rows;
mod stream;
mod strings;

use rows::{RowLayout, apply_converters, select};
use stream::{Accum, Spill, skip_lines};

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
        self.discover = (dtype.as_scalar().map(|s| s.kind()) == Some(generic)).then_some('M');
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
        let plan = RowLayout::new(self, &self.dtype)?;
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
        let plan = RowLayout::new(self, &self.dtype)?;
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
