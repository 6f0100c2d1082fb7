//! `np.savetxt`: an array to delimited text, byte for byte as NumPy writes
//! it.

use crate::engine::compress::Compression;
use crate::engine::input::Encoding;
use crate::engine::transcode::Recoder;
use crate::error::{Error, ErrorKind, Result};
use crate::format::{Arg, FloatWidth, Piece, format_arg, parse_format};
use ndarray::{ArrayBase, Data, Dimension};
use npy_format::half::f16;
use npy_format::{AtomicFile, ByteOrder, DType, Header, NpyArray, ScalarKind, WritableElement};
use rayon::prelude::*;
use std::io::Write;
use std::ops::Range;
use std::path::Path;

/// The `fmt` argument: one string, or one per column.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Fmt {
    One(String),
    Columns(Vec<String>),
}

/// Writes an array as text the way `np.savetxt` does, with the same
/// arguments and byte-identical output.
///
/// The defaults are NumPy's: `fmt = "%.18e"`, `delimiter = " "`,
/// `newline = "\n"`, no header or footer, `comments = "# "`. Text is
/// written as UTF-8.
///
/// - **Shapes.** A 1-D array writes one value per line; a 2-D array one row
///   per line; a 1-D structured array one record per line, its fields as
///   the columns. Other shapes are refused, as NumPy refuses them.
/// - **`fmt`.** A string with one `%` specification is repeated for every
///   column and joined with the delimiter; a string with one specification
///   per column is the whole line (the delimiter is then unused); a list
///   ([`fmt_columns`](Self::fmt_columns)) gives one per column, joined with
///   the delimiter. As in NumPy, the specifications are counted as `%`
///   characters (`%%` counts two). Formatting is Python's `%` operator
///   applied to the NumPy scalars: see [`format_value`](crate::format_value).
/// - **Complex arrays.** A single specification `F` becomes ` (F+Fj)` per
///   column; otherwise the format takes two values (real, imaginary) per
///   column. Every `+-` of a line is then replaced by `-`, as NumPy does.
/// - **Header and footer.** Written when not empty, each line prefixed by
///   `comments`, followed by `newline`.
///
/// # Example
///
/// ```
/// use delimited_text::SaveTxt;
/// use npy_format::NpyArray;
///
/// let a = NpyArray::from_array(&ndarray::array![[1.0, 2.5], [-3.0, 0.1]]);
/// let text = SaveTxt::new()
///     .fmt("%.3f")
///     .delimiter(",")
///     .header("x,y")
///     .to_string(&a)?;
/// assert_eq!(text, "# x,y\n1.000,2.500\n-3.000,0.100\n");
///
/// // NumPy's default format.
/// assert_eq!(
///     SaveTxt::new().to_string(&NpyArray::from_array(&ndarray::array![0.1]))?,
///     "1.000000000000000056e-01\n"
/// );
/// # Ok::<(), delimited_text::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct SaveTxt {
    fmt: Fmt,
    delimiter: String,
    newline: String,
    header: String,
    footer: String,
    comments: String,
    encoding: Encoding,
}

impl Default for SaveTxt {
    fn default() -> SaveTxt {
        SaveTxt {
            fmt: Fmt::One("%.18e".into()),
            delimiter: " ".into(),
            newline: "\n".into(),
            header: String::new(),
            footer: String::new(),
            comments: "# ".into(),
            encoding: Encoding::Utf8,
        }
    }
}

/// Values per parallel chunk: large enough that a chunk's work dwarfs its
/// scheduling, small enough to keep memory bounded.
const CHUNK_VALUES: usize = 1 << 14;

/// Bytes buffered before they are handed to the writer.
const FLUSH_BYTES: usize = 1 << 16;

impl SaveTxt {
    /// NumPy's defaults (see the type's documentation).
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::SaveTxt;
    /// use npy_format::NpyArray;
    ///
    /// let a = NpyArray::from_array(&ndarray::array![[1.5, 2.0], [3.0, 4.25]]);
    /// assert_eq!(SaveTxt::new().to_string(&a)?.lines().next(), Some("1.500000000000000000e+00 2.000000000000000000e+00"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new() -> SaveTxt {
        SaveTxt::default()
    }

    /// The format: one `%` specification for every column (`"%.3f"`), or
    /// one per column as the whole line (`"%d: %.2f"`). Default `"%.18e"`.
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::SaveTxt;
    /// use npy_format::NpyArray;
    ///
    /// let a = NpyArray::from_array(&ndarray::array![[1.5, 2.0], [3.0, 4.25]]);
    /// assert_eq!(SaveTxt::new().fmt("%.2f").to_string(&a)?, "1.50 2.00\n3.00 4.25\n");
    /// assert_eq!(SaveTxt::new().fmt("%g | %g").to_string(&a)?, "1.5 | 2\n3 | 4.25\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fmt(&mut self, fmt: &str) -> &mut Self {
        self.fmt = Fmt::One(fmt.to_string());
        self
    }

    /// One format per column, joined with the delimiter (NumPy's list
    /// `fmt`). Their number must be the number of columns.
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::SaveTxt;
    /// use npy_format::NpyArray;
    ///
    /// let a = NpyArray::from_array(&ndarray::array![[1.0, 2.0], [3.0, 4.0]]);
    /// let text = SaveTxt::new().fmt_columns(&["%d", "%.1e"]).delimiter("\t").to_string(&a)?;
    /// assert_eq!(text, "1\t2.0e+00\n3\t4.0e+00\n");
    /// # Ok::<(), delimited_text::Error>(())
    /// ```
    pub fn fmt_columns<S: AsRef<str>>(&mut self, fmts: &[S]) -> &mut Self {
        self.fmt = Fmt::Columns(fmts.iter().map(|s| s.as_ref().to_string()).collect());
        self
    }

    /// The text between columns. Default `" "`.
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::SaveTxt;
    /// use npy_format::NpyArray;
    ///
    /// let a = NpyArray::from_array(&ndarray::array![[1.5, 2.0], [3.0, 4.25]]);
    /// assert_eq!(SaveTxt::new().fmt("%g").delimiter(",").to_string(&a)?, "1.5,2\n3,4.25\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn delimiter(&mut self, d: &str) -> &mut Self {
        self.delimiter = d.to_string();
        self
    }

    /// The text ending every line (rows, header, footer). Default `"\n"`.
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::SaveTxt;
    /// use npy_format::NpyArray;
    ///
    /// let a = NpyArray::from_array(&ndarray::array![[1.5, 2.0], [3.0, 4.25]]);
    /// assert_eq!(SaveTxt::new().fmt("%g").newline("\r\n").to_string(&a)?, "1.5 2\r\n3 4.25\r\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn newline(&mut self, n: &str) -> &mut Self {
        self.newline = n.to_string();
        self
    }

    /// Text written before the rows, each of its lines prefixed by the
    /// comments text. Default none.
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::SaveTxt;
    /// use npy_format::NpyArray;
    ///
    /// let a = NpyArray::from_array(&ndarray::array![[1.5, 2.0], [3.0, 4.25]]);
    /// let text = SaveTxt::new().fmt("%g").header("x y\nunits: m").to_string(&a)?;
    /// assert_eq!(text, "# x y\n# units: m\n1.5 2\n3 4.25\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn header(&mut self, h: &str) -> &mut Self {
        self.header = h.to_string();
        self
    }

    /// Text written after the rows, each of its lines prefixed by the
    /// comments text. Default none.
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::SaveTxt;
    /// use npy_format::NpyArray;
    ///
    /// let a = NpyArray::from_array(&ndarray::array![[1.5, 2.0], [3.0, 4.25]]);
    /// let text = SaveTxt::new().fmt("%g").footer("end").to_string(&a)?;
    /// assert!(text.ends_with("3 4.25\n# end\n"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn footer(&mut self, f: &str) -> &mut Self {
        self.footer = f.to_string();
        self
    }

    /// The encoding of the bytes written (default UTF-8): NumPy's
    /// `encoding`, by [`Encoding`]. `utf-16` writes a byte-order mark
    /// first, as Python does; latin1 and ASCII refuse characters they
    /// cannot hold. [`to_string`](Self::to_string) gives text whatever the
    /// encoding.
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::{Encoding, SaveTxt};
    /// use npy_format::NpyArray;
    ///
    /// let a = NpyArray::from_array(&ndarray::array![7i64]);
    /// let mut bytes = Vec::new();
    /// SaveTxt::new().fmt("%d").encoding(Encoding::Utf16).to_writer(&a, &mut bytes)?;
    /// assert_eq!(bytes, [0xff, 0xfe, b'7', 0, b'\n', 0]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn encoding(&mut self, encoding: Encoding) -> &mut Self {
        self.encoding = encoding;
        self
    }

    /// The prefix of header and footer lines. Default `"# "`.
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::SaveTxt;
    /// use npy_format::NpyArray;
    ///
    /// let a = NpyArray::from_array(&ndarray::array![[1.5, 2.0], [3.0, 4.25]]);
    /// let text = SaveTxt::new().fmt("%g").header("x y").comments("% ").to_string(&a)?;
    /// assert!(text.starts_with("% x y\n"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn comments(&mut self, c: &str) -> &mut Self {
        self.comments = c.to_string();
        self
    }

    /// Writes the array's text to a writer.
    ///
    /// The format is checked, and the first row formatted, before anything
    /// is written; an error on a later row (`%d` of a `nan`, say) leaves the
    /// rows before it written.
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::SaveTxt;
    /// use npy_format::NpyArray;
    ///
    /// let a = NpyArray::from_array(&ndarray::array![[1.5, 2.0], [3.0, 4.25]]);
    /// let mut out = Vec::new();
    /// SaveTxt::new().fmt("%.1f").to_writer(&a, &mut out)?;
    /// assert_eq!(out, b"1.5 2.0\n3.0 4.2\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_writer<W: Write>(&self, array: &NpyArray, w: W) -> Result<()> {
        match self.encoding.target() {
            Some(target) => {
                let mut recoded = Recoder::new(w, target);
                self.write_text(array, &mut recoded)?;
                recoded.finish()?;
                Ok(())
            }
            None => self.write_text(array, w),
        }
    }

    /// The text, as UTF-8, into `w`.
    fn write_text<W: Write>(&self, array: &NpyArray, mut w: W) -> Result<()> {
        let plan = RowFormat::new(self, array)?;
        let mut buf = String::with_capacity(FLUSH_BYTES + 4096);
        if !self.header.is_empty() {
            self.comment_block(&self.header, &mut buf);
        }
        if plan.nrows > 0 {
            plan.check_format()?;
            // Type errors show on the first row: nothing is written then.
            plan.format_rows(0..1, &mut buf)?;
        }
        if plan.nrows > 1 {
            plan.write_rows(1..plan.nrows, &mut buf, &mut w)?;
        }
        if !self.footer.is_empty() {
            self.comment_block(&self.footer, &mut buf);
        }
        w.write_all(buf.as_bytes())?;
        w.flush()?;
        Ok(())
    }

    /// The array's text as a string.
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::SaveTxt;
    /// use npy_format::NpyArray;
    ///
    /// let a = NpyArray::from_array(&ndarray::array![[1.5, 2.0], [3.0, 4.25]]);
    /// assert_eq!(SaveTxt::new().fmt("%d").to_string(&a)?, "1 2\n3 4\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_string(&self, array: &NpyArray) -> Result<String> {
        let mut out = Vec::new();
        self.write_text(array, &mut out)?;
        // Only `str` pieces were written.
        String::from_utf8(out).map_err(|e| io_error(e.to_string()))
    }

    /// Writes the array's text to a file, atomically (a failure leaves the
    /// target untouched, where NumPy leaves a partial file). A path ending
    /// in `.gz`, `.bz2` or `.xz` is compressed, as NumPy does.
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::SaveTxt;
    /// use npy_format::NpyArray;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("a.txt");
    /// let a = NpyArray::from_array(&ndarray::array![1i64, 2, 3]);
    /// SaveTxt::new().fmt("%d").to_path(&path, &a)?;
    /// assert_eq!(std::fs::read_to_string(&path)?, "1\n2\n3\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_path<P: AsRef<Path>>(&self, path: P, array: &NpyArray) -> Result<()> {
        let path = path.as_ref();
        let file = AtomicFile::create(path)?;
        let mut out = Compression::from_path(path).encoder(file)?;
        self.to_writer(array, &mut out)?;
        out.finish()?.commit()?;
        Ok(())
    }

    /// `comments + text.replace('\n', '\n' + comments) + newline`.
    fn comment_block(&self, text: &str, out: &mut String) {
        out.push_str(&self.comments);
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
                out.push_str(&self.comments);
            }
            out.push_str(line);
        }
        out.push_str(&self.newline);
    }
}

/// Writes an array with NumPy's defaults (`fmt = "%.18e"`, space-delimited),
/// as `np.savetxt(path, array)`; see [`SaveTxt`] for the options.
///
/// # Example
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("a.txt");
/// delimited_text::savetxt(&path, &ndarray::array![[1.0, 0.5]])?;
/// assert_eq!(
///     std::fs::read_to_string(&path)?,
///     "1.000000000000000000e+00 5.000000000000000000e-01\n"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn savetxt<P, A, S, D>(path: P, array: &ArrayBase<S, D>) -> Result<()>
where
    P: AsRef<Path>,
    A: WritableElement,
    S: Data<Elem = A>,
    D: Dimension,
{
    SaveTxt::new().to_path(path, &NpyArray::from_array(array))
}

fn io_error(msg: String) -> Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, msg).into()
}

/// Where a column's values are and what they are.
#[derive(Debug, Clone, Copy)]
struct Column {
    /// Byte offset within the element (a record's field offset).
    offset: usize,
    kind: ScalarKind,
    big_endian: bool,
    /// A value printed whole, as Python's `str` of it (a record, or a
    /// subarray field): its index in [`RowFormat::wholes`].
    whole: Option<usize>,
}

/// A value savetxt hands to `%` whole: NumPy's `str` of a record
/// (`(1, 2.5)`) or of a subarray (`[1.  2.5]`).
struct Whole {
    dtype: DType,
    shape: Vec<usize>,
}

impl Whole {
    fn text(&self, bytes: &[u8]) -> Result<String> {
        let header = Header::new(self.dtype.clone(), self.shape.clone(), false);
        let a = NpyArray::new(header, bytes.to_vec())?;
        let mut out = String::new();
        if self.shape.is_empty() {
            let v = a
                .values()
                .next()
                .ok_or_else(|| Error::option("an empty value"))?;
            out.push_str(&v.to_string());
        } else {
            let values: Vec<npy_format::Value> = a.values().collect();
            npy_format::internal::push_array_str(&mut out, &self.shape, &values);
        }
        Ok(out)
    }

    fn len(&self) -> usize {
        self.dtype.itemsize() * self.shape.iter().product::<usize>()
    }
}

/// Everything decided once for an array and options.
struct RowFormat<'a> {
    data: &'a [u8],
    dtype: &'a DType,
    nrows: usize,
    /// Values consumed by the format per row (2 per column when complex).
    nargs: usize,
    row_stride: usize,
    col_stride: usize,
    columns: Vec<Column>,
    complex: bool,
    /// The row format, as NumPy builds it.
    format: String,
    /// Its parse, checked only when there are rows (NumPy applies the
    /// format only to rows).
    pieces: Result<Vec<Piece>>,
    /// The values of columns printed whole.
    wholes: Vec<Whole>,
}

impl<'a> RowFormat<'a> {
    fn new(opts: &SaveTxt, array: &'a NpyArray) -> Result<RowFormat<'a>> {
        let shape = array.shape();
        let dtype = array.dtype();
        let (nrows, ncol) = match shape.len() {
            1 => (shape[0], dtype.as_record().map_or(1, |r| r.fields().len())),
            2 => (shape[0], shape[1]),
            n => {
                return Err(Error::option(format!(
                    "Expected 1D or 2D array, got {n}D array instead"
                )));
            }
        };
        let (columns, wholes, row_stride, col_stride) = Self::columns(array, nrows, ncol);
        let complex =
            matches!(dtype, DType::Scalar(s) if matches!(s.kind(), ScalarKind::Complex(_)));
        let nargs = if complex { 2 * ncol } else { ncol };
        let format = Self::row_text(opts, ncol, nargs, complex)?;
        let mut pieces = parse_format(&format);
        if let Ok(p) = &mut pieces {
            // The newline ends every row's pieces.
            match p.last_mut() {
                Some(Piece::Literal(s)) => s.push_str(&opts.newline),
                _ => p.push(Piece::Literal(opts.newline.clone())),
            }
        }
        Ok(RowFormat {
            data: array.data(),
            dtype,
            nrows,
            nargs,
            row_stride,
            col_stride,
            columns,
            complex,
            format,
            pieces,
            wholes,
        })
    }

    /// Where each column's values are in a row (a scalar, a field, or a
    /// whole record or subarray printed as its str), and the byte strides
    /// from row to row and column to column.
    fn columns(
        array: &NpyArray,
        nrows: usize,
        ncol: usize,
    ) -> (Vec<Column>, Vec<Whole>, usize, usize) {
        let shape = array.shape();
        let dtype = array.dtype();
        let isz = dtype.itemsize();
        let scalar_column = |s: &npy_format::Scalar| Column {
            offset: 0,
            kind: s.kind(),
            big_endian: s.order() == ByteOrder::Big,
            whole: None,
        };
        let mut wholes = Vec::new();
        let mut whole_column = |offset: usize, dtype: &DType, shape: &[usize]| {
            wholes.push(Whole {
                dtype: dtype.clone(),
                shape: shape.to_vec(),
            });
            Column {
                offset,
                kind: ScalarKind::Bool,
                big_endian: false,
                whole: Some(wholes.len() - 1),
            }
        };
        let (columns, row_stride, col_stride) = match dtype {
            DType::Scalar(s) => {
                let col = scalar_column(s);
                let (rs, cs) = if shape.len() == 1 {
                    (isz, 0)
                } else if array.fortran_order() {
                    (isz, nrows * isz)
                } else {
                    (ncol * isz, isz)
                };
                (vec![col; ncol], rs, cs)
            }
            DType::Record(r) if shape.len() == 1 => {
                let mut cols = Vec::with_capacity(ncol);
                for f in r.fields() {
                    match (&f.dtype, f.shape.is_empty()) {
                        (DType::Scalar(s), true) => cols.push(Column {
                            offset: f.offset,
                            ..scalar_column(s)
                        }),
                        // Nested records and subarrays: their str, as
                        // NumPy's `%` prints what `tuple(row)` holds.
                        (d, _) => cols.push(whole_column(f.offset, d, &f.shape)),
                    }
                }
                (cols, isz, 0)
            }
            // A 2-D structured array: each element a record, printed
            // whole.
            _ => {
                // Every column is the same record; the strides place them.
                let cols = (0..ncol).map(|_| whole_column(0, dtype, &[])).collect();
                let (rs, cs) = if array.fortran_order() {
                    (isz, nrows * isz)
                } else {
                    (ncol * isz, isz)
                };
                (cols, rs, cs)
            }
        };
        (columns, wholes, row_stride, col_stride)
    }

    /// The format string of one row, as `np.savetxt` builds it from
    /// `fmt`: one format repeated (twice for complex columns) and joined
    /// by the delimiter, a list joined, or a whole-row format checked for
    /// its number of conversions.
    fn row_text(opts: &SaveTxt, ncol: usize, nargs: usize, complex: bool) -> Result<String> {
        Ok(match &opts.fmt {
            Fmt::Columns(list) => {
                if list.len() != ncol {
                    return Err(Error::format(
                        format!("{list:?}"),
                        format!(
                            "fmt has wrong shape: {} formats for {ncol} columns",
                            list.len()
                        ),
                    ));
                }
                list.join(&opts.delimiter)
            }
            Fmt::One(fmt) => {
                let n = fmt.matches('%').count();
                if n == 1 {
                    let one = if complex {
                        format!(" ({fmt}+{fmt}j)")
                    } else {
                        fmt.clone()
                    };
                    let mut joined =
                        String::with_capacity((one.len() + opts.delimiter.len()) * ncol);
                    for i in 0..ncol {
                        if i > 0 {
                            joined.push_str(&opts.delimiter);
                        }
                        joined.push_str(&one);
                    }
                    joined
                } else if n != nargs {
                    return Err(Error::format(
                        fmt.as_str(),
                        format!(
                            "fmt has wrong number of % formats: {n} for {ncol} {}columns",
                            if complex { "complex " } else { "" }
                        ),
                    ));
                } else {
                    fmt.clone()
                }
            }
        })
    }

    fn pieces(&self) -> Result<&[Piece]> {
        match &self.pieces {
            Ok(p) => Ok(p),
            Err(e) => Err(match e.kind() {
                ErrorKind::Format { reason, .. } => Error::format(&self.format, reason.as_str()),
                _ => Error::format(&self.format, e.to_string()),
            }),
        }
    }

    /// The specifications must consume exactly the row's values.
    fn check_format(&self) -> Result<()> {
        let specs = self
            .pieces()?
            .iter()
            .filter(|p| matches!(p, Piece::Spec(_)))
            .count();
        let problem = match specs.cmp(&self.nargs) {
            std::cmp::Ordering::Less => "not all arguments converted during string formatting",
            std::cmp::Ordering::Greater => "not enough arguments for format string",
            std::cmp::Ordering::Equal => return Ok(()),
        };
        Err(Error::format(
            &self.format,
            format!(
                "mismatch between array dtype ({}) and format specifier: {problem} \
                 ({specs} specifications for {} values per row)",
                self.dtype.descr_repr(),
                self.nargs
            ),
        ))
    }

    /// Formats and writes rows, in parallel for large arrays (the output
    /// order and bytes are the same).
    fn write_rows<W: Write>(&self, rows: Range<usize>, buf: &mut String, w: &mut W) -> Result<()> {
        let per_chunk = (CHUNK_VALUES / self.nargs.max(1)).max(1);
        let nchunks = rows.len().div_ceil(per_chunk);
        let threads = rayon::current_num_threads();
        if threads < 2 || nchunks < 2 {
            let mut row = rows.start;
            while row < rows.end {
                let end = (row + per_chunk).min(rows.end);
                self.format_rows(row..end, buf)?;
                if buf.len() >= FLUSH_BYTES {
                    w.write_all(buf.as_bytes())?;
                    buf.clear();
                }
                row = end;
            }
            return Ok(());
        }
        let batch = threads * 4;
        let mut chunk = 0;
        while chunk < nchunks {
            let last = (chunk + batch).min(nchunks);
            let texts: Vec<Result<String>> = (chunk..last)
                .into_par_iter()
                .map(|c| {
                    let start = rows.start + c * per_chunk;
                    let end = (start + per_chunk).min(rows.end);
                    let mut s = String::with_capacity(per_chunk * self.nargs.max(1) * 26);
                    self.format_rows(start..end, &mut s).map(|_| s)
                })
                .collect();
            for text in texts {
                let text = text?;
                if !buf.is_empty() {
                    w.write_all(buf.as_bytes())?;
                    buf.clear();
                }
                w.write_all(text.as_bytes())?;
            }
            chunk = last;
        }
        Ok(())
    }

    /// Appends the text of some rows (each with its newline).
    fn format_rows(&self, rows: Range<usize>, out: &mut String) -> Result<()> {
        let pieces = self.pieces()?;
        let mut text = String::new();
        for row in rows {
            let line_start = out.len();
            let mut a = 0;
            for piece in pieces {
                match piece {
                    Piece::Literal(s) => out.push_str(s),
                    Piece::Spec(spec) => {
                        let (col, part) = if self.complex { (a / 2, a % 2) } else { (a, 0) };
                        let arg = self.arg(row, col, part, &mut text)?;
                        format_arg(spec, arg, out).map_err(|e| self.context(e, row, col))?;
                        a += 1;
                    }
                }
            }
            if self.complex {
                let line = &out[line_start..];
                if memchr::memmem::find(line.as_bytes(), b"+-").is_some() {
                    let fixed = line.replace("+-", "-");
                    out.truncate(line_start);
                    out.push_str(&fixed);
                }
            }
        }
        Ok(())
    }

    fn context(&self, e: Error, row: usize, col: usize) -> Error {
        match e.into_kind() {
            ErrorKind::Format { fmt, reason } => Error::format(
                &self.format,
                format!(
                    "{fmt}: {reason} (row {row}, column {col}, dtype {})",
                    self.dtype.descr_repr()
                ),
            ),
            other => other.into(),
        }
    }

    /// The value of a row's column (for complex arrays, its real or
    /// imaginary part), as Python's `%` receives it.
    // Long on purpose: one arm per element kind, as a table: each kind's
    // conversion to Python's `%` argument sits beside the others'.
    fn arg<'t>(
        &'t self,
        row: usize,
        col: usize,
        part: usize,
        text: &'t mut String,
    ) -> Result<Arg<'t>> {
        let c = self.columns[col];
        let pos = row * self.row_stride + col * self.col_stride + c.offset;
        if let Some(w) = c.whole {
            let whole = &self.wholes[w];
            *text = whole.text(&self.data[pos..pos + whole.len()])?;
            return Ok(Arg::Str(text));
        }
        let size = c.kind.itemsize().unwrap_or(0);
        let b = &self.data[pos..pos + size];
        let be = c.big_endian;
        macro_rules! num {
            ($t:ty, $b:expr) => {{
                let mut raw = [0u8; std::mem::size_of::<$t>()];
                raw.copy_from_slice($b);
                if be {
                    <$t>::from_be_bytes(raw)
                } else {
                    <$t>::from_le_bytes(raw)
                }
            }};
        }
        let bits = (size * 8) as u8;
        Ok(match c.kind {
            ScalarKind::Bool => Arg::Bool(b[0] != 0),
            ScalarKind::Int(1) => Arg::Int(b[0] as i8 as i64, bits),
            ScalarKind::Int(2) => Arg::Int(num!(i16, b) as i64, bits),
            ScalarKind::Int(4) => Arg::Int(num!(i32, b) as i64, bits),
            ScalarKind::Int(_) => Arg::Int(num!(i64, b), bits),
            ScalarKind::UInt(1) => Arg::UInt(b[0] as u64, bits),
            ScalarKind::UInt(2) => Arg::UInt(num!(u16, b) as u64, bits),
            ScalarKind::UInt(4) => Arg::UInt(num!(u32, b) as u64, bits),
            ScalarKind::UInt(_) => Arg::UInt(num!(u64, b), bits),
            ScalarKind::Float(2) => {
                Arg::Float(f16::from_bits(num!(u16, b)).to_f64(), FloatWidth::F16)
            }
            ScalarKind::Float(4) => Arg::Float(num!(f32, b) as f64, FloatWidth::F32),
            ScalarKind::Float(8) => Arg::Float(num!(f64, b), FloatWidth::F64),
            ScalarKind::Complex(8) => {
                let (re, im) = (num!(f32, &b[..4]) as f64, num!(f32, &b[4..]) as f64);
                if self.complex {
                    Arg::Float(if part == 0 { re } else { im }, FloatWidth::F32)
                } else {
                    Arg::Complex(re, im, FloatWidth::F32)
                }
            }
            ScalarKind::Complex(16) => {
                let (re, im) = (num!(f64, &b[..8]), num!(f64, &b[8..]));
                if self.complex {
                    Arg::Float(if part == 0 { re } else { im }, FloatWidth::F64)
                } else {
                    Arg::Complex(re, im, FloatWidth::F64)
                }
            }
            ScalarKind::Bytes(_) => {
                let end = b.iter().rposition(|&c| c != 0).map_or(0, |p| p + 1);
                Arg::Bytes(&b[..end])
            }
            ScalarKind::Unicode(_) => {
                text.clear();
                for ch in b.chunks_exact(4) {
                    let code = num!(u32, ch);
                    let c = char::from_u32(code).ok_or_else(|| {
                        Error::format(
                            &self.format,
                            format!(
                                "row {row}, column {col}: code point 0x{code:x} cannot be written as UTF-8"
                            ),
                        )
                    })?;
                    text.push(c);
                }
                let keep = text.trim_end_matches('\0').len();
                text.truncate(keep);
                Arg::Str(text)
            }
            ScalarKind::Void(_) => Arg::Void(b),
            ScalarKind::DateTime(unit, mult) => Arg::DateTime(num!(i64, b), unit, mult),
            ScalarKind::TimeDelta(unit, mult) => Arg::TimeDelta(num!(i64, b), unit, mult),
            // Long doubles: Python's `%` converts them to float, `%s`
            // prints their own digits.
            ScalarKind::Float(16) => {
                let raw = x87_le(b, be);
                Arg::Float(
                    crate::engine::longdouble::x87_to_f64(&raw),
                    FloatWidth::Long(raw),
                )
            }
            ScalarKind::Complex(32) => {
                let (re, im) = (x87_le(&b[..16], be), x87_le(&b[16..], be));
                let (rf, imf) = (
                    crate::engine::longdouble::x87_to_f64(&re),
                    crate::engine::longdouble::x87_to_f64(&im),
                );
                if self.complex {
                    let (v, raw) = if part == 0 { (rf, re) } else { (imf, im) };
                    Arg::Float(v, FloatWidth::Long(raw))
                } else {
                    Arg::Complex(rf, imf, FloatWidth::Long([0; 16]))
                }
            }
            ScalarKind::Float(_) | ScalarKind::Complex(_) => {
                return Err(Error::format(
                    &self.format,
                    format!("{} values are not supported", self.dtype.descr_repr()),
                ));
            }
            _ => {
                return Err(Error::format(
                    &self.format,
                    format!("{} values are not supported", self.dtype.descr_repr()),
                ));
            }
        })
    }
}

/// A long double's 16 bytes, little-endian.
fn x87_le(b: &[u8], big_endian: bool) -> [u8; 16] {
    let mut raw = [0u8; 16];
    raw.copy_from_slice(&b[..16]);
    if big_endian {
        raw.reverse();
    }
    raw
}
