//! The `GenFromTxt` builder: every `np.genfromtxt` parameter as a setter.

use super::convert::Fill;
use super::names::{Case, NameRules};
use super::stage_options::{ColumnOptions, LayoutOptions, OutputOptions, ReadOptions, ScanOptions};
use crate::engine::input::Encoding;
use crate::engine::tokenize::line_splitter::Delimiter;
use crate::error::{Error, Result};
use npy_format::{DType, ScalarKind};
use std::fmt;
use std::sync::Arc;

/// A function applied to a field's text before it is converted.
pub(crate) type Converter = Arc<dyn Fn(&str) -> String + Send + Sync>;

/// A column, by index (negative from the end) or by name.
///
/// # Example
///
/// ```
/// use delimited_text::Col;
///
/// assert_eq!(Col::from(-1), Col::Index(-1));
/// assert_eq!(Col::from("price"), Col::Name("price".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Col {
    /// A column index; negative counts from the end.
    Index(isize),
    /// A column name (after cleaning).
    Name(String),
}

impl Col {
    /// NumPy's comma-separated form (`usecols="a, 2"`): integers are
    /// indices, anything else a name.
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::Col;
    ///
    /// assert_eq!(Col::parse_list("a, -1"), [Col::from("a"), Col::Index(-1)]);
    /// ```
    pub fn parse_list(text: &str) -> Vec<Col> {
        text.split(',')
            .map(|s| {
                let s = crate::engine::pyparse::py_strip(s);
                match s.parse::<isize>() {
                    Ok(i) => Col::Index(i),
                    Err(_) => Col::Name(s.to_string()),
                }
            })
            .collect()
    }
}

impl From<isize> for Col {
    fn from(i: isize) -> Col {
        Col::Index(i)
    }
}
impl From<i32> for Col {
    fn from(i: i32) -> Col {
        Col::Index(i as isize)
    }
}
impl From<&str> for Col {
    fn from(s: &str) -> Col {
        Col::Name(s.to_string())
    }
}
impl From<String> for Col {
    fn from(s: String) -> Col {
        Col::Name(s)
    }
}

/// Where field names come from (NumPy's `names`).
///
/// # Example
///
/// ```
/// use delimited_text::Names;
///
/// // A comma-separated string, as NumPy takes it.
/// assert_eq!(Names::from("a, b"), Names::List(vec!["a".into(), "b".into()]));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Names {
    /// No names (NumPy's `names=None`, the default).
    #[default]
    None,
    /// The first line after `skip_header` (NumPy's `names=True`); a
    /// comment marker on it is removed with the text before it.
    Header,
    /// These names, cleaned.
    List(Vec<String>),
}

impl From<&str> for Names {
    fn from(s: &str) -> Names {
        Names::List(
            s.split(',')
                .map(|n| crate::engine::pyparse::py_strip(n).to_string())
                .collect(),
        )
    }
}

impl From<bool> for Names {
    fn from(yes: bool) -> Names {
        if yes { Names::Header } else { Names::None }
    }
}

impl<S: AsRef<str>> From<&[S]> for Names {
    fn from(list: &[S]) -> Names {
        Names::List(list.iter().map(|s| s.as_ref().to_string()).collect())
    }
}

/// The dtype: inferred, given, or a string type sized to the data.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum DTypeChoice {
    Infer,
    Given(DType),
    /// `U` or `S` without a length, or `M` (datetime64 without a unit).
    Unsized(char),
}

/// Reads delimited text as `np.genfromtxt` does: missing values, filling
/// values, masks, per-column type inference, names.
///
/// Every `np.genfromtxt` parameter has a setter of the same name; the
/// defaults are NumPy's (float64, `#` comments, whitespace delimiter,
/// `loose` and `invalid_raise` on). Results come as a [`GenFromTxtOutput`](crate::GenFromTxtOutput):
/// the array, the mask of missing entries (with
/// [`usemask`](Self::usemask)) and the warnings NumPy would print.
///
/// # Example
///
/// ```
/// use delimited_text::{GenFromTxt, Names};
///
/// let text = "# name, count, price\napple, 3, 0.5\npear, , 1.25\n";
/// let out = GenFromTxt::new()
///     .delimiter(",")
///     .dtype_infer()
///     .names(Names::Header)
///     .autostrip(true)
///     .usemask(true)
///     .from_str(text)?;
/// assert_eq!(
///     out.array.dtype().descr_repr(),
///     "[('name', '<U5'), ('count', '<i8'), ('price', '<f8')]"
/// );
/// let counts: ndarray::Array1<i64> = out.array.field("count")?.to_array()?;
/// assert_eq!(counts, ndarray::array![3, -1]);
/// let mask = out.mask.unwrap();
/// assert_eq!(mask.field("count")?.to_array::<bool, ndarray::Ix1>()?, ndarray::array![false, true]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Differences from NumPy
///
/// - `loose` (default on) is NumPy's: text that does not convert to an
///   explicit dtype becomes the filling value silently. For `int64`
///   (NumPy's `dtype=int`) this turns `1.5` into `-1`, while the other
///   integer dtypes truncate it to `1` (NumPy converts them with
///   `int(float(x))`); npio does the same. Turn `loose` off to get an
///   error naming the line and column instead.
/// - Errors and warnings name true line numbers (1-based, every line
///   counted). NumPy's "Line #" misses blank and comment lines before the
///   first row.
/// - `skip_footer` drops the last N rows that hold data (valid or not;
///   types are still inferred from them, as in NumPy). NumPy finds them
///   from line numbers that also count the names line and blank lines
///   after the first row, so with rows of a wrong column count it may
///   drop or report a different set.
/// - Converters rewrite a field's text before conversion (a function
///   `&str -> String`); the column's type still comes from the dtype or
///   inference. NumPy's converters return any Python object and set the
///   column's type.
/// - Fields NumPy would read as `longdouble` (hex floats such as `0x1p3`,
///   which only `np.longdouble` parses) are strings in npio; there is no
///   long double type in Rust.
/// - Digits are ASCII only (Python's `int`/`float` take any Unicode
///   decimal digit).
/// - A UTF-8 byte-order mark at the start is skipped (NumPy keeps it in
///   the first field).
/// - Quoted fields ([`quotechar`](Self::quotechar)) are npio's: NumPy has
///   none. A quoted field ends at the end of its line.
/// - Where NumPy crashes, npio gives the sensible result: a column of
///   strings whose first decisive value is an integer (`1`, `x`; NumPy:
///   "Converting 'np.integer' to a dtype is not allowed"); string columns
///   that `skip_footer` leaves without rows (NumPy: "max() arg is an
///   empty sequence"); a record dtype with usecols and fewer names than
///   fields (NumPy: "must replace all names at once").
/// - An explicit dtype that makes a one-field record (one column with
///   names) converts like any record. NumPy sends such values through
///   bytes and a cast, so missing values fail and any non-empty text is
///   `True`.
/// - A string dtype with names keeps its size (NumPy makes the fields
///   `U0`/`S0`, empty).
/// - Datetime and timedelta dtypes convert as NumPy's do (dates as ISO
///   text floored to the unit, a missing date NaT, durations as
///   integers); a datetime without a unit (`M8`) is refused. With names,
///   NumPy drops the unit (`m8[s]` becomes `m8`, and some inputs then
///   fail to convert); npio keeps it.
/// - At most 1000 rows with a wrong column count are listed in the error
///   or warning; the count covers them all.
#[derive(Clone)]
pub struct GenFromTxt {
    pub(crate) scan: ScanOptions,
    pub(crate) columns: ColumnOptions,
    pub(crate) output: OutputOptions,
    pub(crate) read: ReadOptions,
}

impl fmt::Debug for GenFromTxt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GenFromTxt")
            .field("dtype", &self.output.dtype)
            .field("comments", &self.scan.comments)
            .field("delimiter", &self.scan.delimiter)
            .field("quotechar", &self.scan.quotechar)
            .field("skip_header", &self.scan.skip_header)
            .field("skip_footer", &self.scan.skip_footer)
            .field("max_rows", &self.scan.max_rows)
            .field("usecols", &self.scan.usecols)
            .field("names", &self.scan.names)
            .field("converters", &self.columns.converters.len())
            .field("autostrip", &self.scan.autostrip)
            .field("loose", &self.columns.loose)
            .field("invalid_raise", &self.scan.invalid_raise)
            .field("usemask", &self.output.usemask)
            .field("ndmin", &self.output.ndmin)
            .finish_non_exhaustive()
    }
}

impl Default for GenFromTxt {
    fn default() -> Self {
        GenFromTxt {
            scan: ScanOptions {
                comments: Some("#".into()),
                delimiter: Delimiter::Whitespace,
                quotechar: None,
                autostrip: false,
                skip_header: 0,
                skip_footer: 0,
                max_rows: None,
                usecols: None,
                names: Names::None,
                rules: NameRules::default(),
                invalid_raise: true,
            },
            columns: ColumnOptions {
                converters: Vec::new(),
                missing_all: Vec::new(),
                missing_per_column: None,
                missing_by_col: Vec::new(),
                filling_all: None,
                filling_per_column: None,
                filling_by_col: Vec::new(),
                loose: true,
            },
            output: OutputOptions {
                dtype: DTypeChoice::Given(DType::scalar(ScalarKind::Float(8))),
                bad_descr: None,
                usemask: false,
                unpack: false,
                ndmin: 0,
                max_output_bytes: 16 << 30,
            },
            read: ReadOptions {
                encoding: Encoding::Utf8,
                block_bytes: 1 << 20,
                spool_bytes: 64 << 20,
                parallel: true,
                chunk_bytes: 128 << 10,
                progress: None,
                plain: true,
            },
        }
    }
}

/// The examples of the setters share this shape: set an option, read a
/// string, look at the result.
impl GenFromTxt {
    /// NumPy's defaults: float64, `#` comments, whitespace-delimited.
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().from_str("1 2\n3 4\n")?;
    /// assert_eq!(out.array.shape(), &[2, 2]);
    /// # Ok::<(), delimited_text::Error>(())
    /// ```
    pub fn new() -> GenFromTxt {
        GenFromTxt::default()
    }

    /// The output dtype: a scalar (every column converts to it) or a
    /// record (one column per scalar leaf, nested records and subarrays
    /// flattened). Datetimes and timedeltas need a unit (`M8[s]`).
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::{npy_format::{DType, ScalarKind}, GenFromTxt};
    ///
    /// let out = GenFromTxt::new().dtype(DType::scalar(ScalarKind::Int(4))).from_str("1 2")?;
    /// assert_eq!(out.array.dtype().descr_repr(), "'<i4'");
    /// # Ok::<(), delimited_text::Error>(())
    /// ```
    pub fn dtype(&mut self, dtype: DType) -> &mut Self {
        // `M8` without a unit takes the finest unit the dates are written
        // in, as NumPy does.
        let generic = ScalarKind::DateTime(npy_format::TimeUnit::Generic, 1);
        self.output.bad_descr = None;
        self.output.dtype = match dtype.as_scalar().map(|s| s.kind()) == Some(generic) {
            true => DTypeChoice::Unsized('M'),
            false => DTypeChoice::Given(dtype),
        };
        self
    }

    /// The dtype as NumPy's descr text (`f8`, `<i4`, `U10`, a record
    /// list, or the comma form `i4,f8` for fields `f0`, `f1`); `U` and
    /// `S` without a length take the longest value's.
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().dtype_descr("U").from_str("ab cde")?;
    /// assert_eq!(out.array.dtype().descr_repr(), "'<U3'");
    /// // A descr that is no dtype: the error comes with the reading.
    /// assert!(delimited_text::GenFromTxt::new().dtype_descr("f3").from_str("1").is_err());
    /// # Ok::<(), delimited_text::Error>(())
    /// ```
    pub fn dtype_descr(&mut self, descr: &str) -> &mut Self {
        self.output.bad_descr = match self.set_descr(descr) {
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
        match bare {
            "U" | "str" => self.output.dtype = DTypeChoice::Unsized('U'),
            "S" | "bytes" => self.output.dtype = DTypeChoice::Unsized('S'),
            _ if !descr.trim().starts_with('[') && descr.contains(',') => {
                // NumPy's comma form: `"i8,f8"` is a record of f0, f1.
                let fields = descr
                    .split(',')
                    .enumerate()
                    .map(|(i, d)| {
                        let d = format!("'{}'", d.trim().trim_matches(['\'', '"']));
                        Ok((format!("f{i}"), DType::parse_descr(&d)?, Vec::new()))
                    })
                    .collect::<Result<Vec<_>>>()?;
                self.output.dtype =
                    DTypeChoice::Given(DType::Record(npy_format::Record::packed(fields)?));
            }
            _ => {
                let text = if descr.trim().starts_with(['[', '\'', '"']) {
                    descr.to_string()
                } else {
                    format!("'{}'", descr.trim())
                };
                self.dtype(DType::parse_descr(&text)?);
            }
        }
        Ok(())
    }

    /// NumPy's `dtype=None`: each column's type is inferred (bool, int64,
    /// float64, complex128 or a string sized to its longest value). One
    /// common type and no names give a 2-D array; otherwise a record with
    /// fields `f0`, `f1`… (or the names).
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().dtype_infer().from_str("1 2.5 x\n3 4 y")?;
    /// assert_eq!(out.array.dtype().descr_repr(), "[('f0', '<i8'), ('f1', '<f8'), ('f2', '<U1')]");
    /// # Ok::<(), delimited_text::Error>(())
    /// ```
    pub fn dtype_infer(&mut self) -> &mut Self {
        self.output.bad_descr = None;
        self.output.dtype = DTypeChoice::Infer;
        self
    }

    /// The comment marker (default `#`; any length; `None` for none).
    /// Text from it to the end of the line is dropped.
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().comments(Some("//")).from_str("1 // x\n2")?;
    /// assert_eq!(out.array.shape(), &[2]);
    /// # Ok::<(), delimited_text::Error>(())
    /// ```
    pub fn comments(&mut self, marker: Option<&str>) -> &mut Self {
        self.scan.comments = marker.filter(|m| !m.is_empty()).map(str::to_string);
        self
    }

    /// The delimiter: a string of any length (`""` means whitespace).
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().delimiter("::").from_str("1::2")?;
    /// assert_eq!(out.array.shape(), &[2]);
    /// # Ok::<(), delimited_text::Error>(())
    /// ```
    pub fn delimiter(&mut self, delimiter: &str) -> &mut Self {
        self.scan.delimiter = if delimiter.is_empty() {
            Delimiter::Whitespace
        } else {
            Delimiter::Text(delimiter.to_string())
        };
        self
    }

    /// The delimiter as a [`Delimiter`]: whitespace, a string, one field
    /// width or a list of widths.
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::{Delimiter, GenFromTxt};
    ///
    /// let out = GenFromTxt::new().delimiter_kind(Delimiter::Widths(vec![2, 3])).from_str("12345")?;
    /// assert_eq!(out.array.to_array::<f64, ndarray::Ix1>()?, ndarray::array![12.0, 345.0]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn delimiter_kind(&mut self, delimiter: Delimiter) -> &mut Self {
        self.scan.delimiter = match delimiter {
            Delimiter::Text(t) if t.is_empty() => Delimiter::Whitespace,
            Delimiter::Width(0) => Delimiter::Whitespace,
            d => d,
        };
        self
    }

    /// A quote character (npio's extension, off by default as NumPy has
    /// none): at the start of a field it protects delimiters and comment
    /// markers up to the closing quote; a doubled quote is one quote.
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new()
    ///     .delimiter(",")
    ///     .quotechar(Some('"'))
    ///     .dtype_infer()
    ///     .from_str("\"a,b\",1")?;
    /// assert_eq!(out.array.field("f0")?.to_strings()?, ["a,b"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn quotechar(&mut self, quote: Option<char>) -> &mut Self {
        self.scan.quotechar = quote;
        self
    }

    /// Raw lines skipped at the start (blank and comment lines count).
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().skip_header(1).from_str("title\n1 2")?;
    /// assert_eq!(out.array.shape(), &[2]);
    /// # Ok::<(), delimited_text::Error>(())
    /// ```
    pub fn skip_header(&mut self, n: usize) -> &mut Self {
        self.scan.skip_header = n;
        self
    }

    /// Rows with data dropped at the end (cannot be combined with
    /// `max_rows`).
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().skip_footer(1).from_str("1\n2\ntotal")?;
    /// assert_eq!(out.array.shape(), &[2]);
    /// # Ok::<(), delimited_text::Error>(())
    /// ```
    pub fn skip_footer(&mut self, n: usize) -> &mut Self {
        self.scan.skip_footer = n;
        self
    }

    /// At most this many valid rows (at least 1).
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().max_rows(1).from_str("1 2\n3 4")?;
    /// assert_eq!(out.array.shape(), &[2]);
    /// # Ok::<(), delimited_text::Error>(())
    /// ```
    pub fn max_rows(&mut self, n: usize) -> &mut Self {
        self.scan.max_rows = Some(n);
        self
    }

    /// The columns to read: indices (negative from the end of the first
    /// row) or names.
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::{Col, GenFromTxt};
    ///
    /// let out = GenFromTxt::new().usecols(&[Col::from(-1), Col::from(0)]).from_str("1 2 3")?;
    /// assert_eq!(out.array.to_array::<f64, ndarray::Ix1>()?, ndarray::array![3.0, 1.0]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn usecols(&mut self, cols: &[Col]) -> &mut Self {
        self.scan.usecols = Some(cols.to_vec());
        self
    }

    /// Field names: from the header line, a list, or none.
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().names("x, y").from_str("1 2")?;
    /// assert_eq!(out.array.dtype().descr_repr(), "[('x', '<f8'), ('y', '<f8')]");
    /// # Ok::<(), delimited_text::Error>(())
    /// ```
    pub fn names(&mut self, names: impl Into<Names>) -> &mut Self {
        self.scan.names = names.into();
        self
    }

    /// Names to which `_` is appended, besides `return`, `file`, `print`.
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().excludelist(&["x"]).names("x").from_str("1")?;
    /// assert_eq!(out.array.dtype().descr_repr(), "[('x_', '<f8')]");
    /// # Ok::<(), delimited_text::Error>(())
    /// ```
    pub fn excludelist<S: AsRef<str>>(&mut self, names: &[S]) -> &mut Self {
        self.scan.rules.excludelist = names.iter().map(|s| s.as_ref().to_string()).collect();
        self
    }

    /// Characters removed from names (default
    /// [`DEFAULT_DELETECHARS`](crate::DEFAULT_DELETECHARS); `"` is always
    /// removed).
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().deletechars("").names("a.b").from_str("1")?;
    /// assert_eq!(out.array.dtype().descr_repr(), "[('a.b', '<f8')]");
    /// # Ok::<(), delimited_text::Error>(())
    /// ```
    pub fn deletechars(&mut self, chars: &str) -> &mut Self {
        self.scan.rules.deletechars = chars.to_string();
        self
    }

    /// What spaces in names become (default `_`; empty: removed).
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().replace_space("-").deletechars("").names("a b").from_str("1")?;
    /// assert_eq!(out.array.dtype().descr_repr(), "[('a-b', '<f8')]");
    /// # Ok::<(), delimited_text::Error>(())
    /// ```
    pub fn replace_space(&mut self, with: &str) -> &mut Self {
        self.scan.rules.replace_space = with.to_string();
        self
    }

    /// The case of names (NumPy's `case_sensitive`).
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::{Case, GenFromTxt};
    ///
    /// let out = GenFromTxt::new().case_sensitive(Case::Upper).names("ab").from_str("1")?;
    /// assert_eq!(out.array.dtype().descr_repr(), "[('AB', '<f8')]");
    /// # Ok::<(), delimited_text::Error>(())
    /// ```
    pub fn case_sensitive(&mut self, case: Case) -> &mut Self {
        self.scan.rules.case = case;
        self
    }

    /// The name of unnamed fields, with one Python `%` conversion of the
    /// field's number (default `f%i`).
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().dtype_infer().defaultfmt("c%02d").from_str("1 x")?;
    /// assert_eq!(out.array.dtype().descr_repr(), "[('c00', '<i8'), ('c01', '<U1')]");
    /// # Ok::<(), delimited_text::Error>(())
    /// ```
    pub fn defaultfmt(&mut self, fmt: &str) -> &mut Self {
        self.scan.rules.defaultfmt = fmt.to_string();
        self
    }

    /// A function applied to a column's text before conversion (after
    /// the missing-value check).
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new()
    ///     .converter(0, |s| s.trim_end_matches('%').to_string())
    ///     .from_str("50% 2")?;
    /// assert_eq!(out.array.to_array::<f64, ndarray::Ix1>()?, ndarray::array![50.0, 2.0]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn converter<F>(&mut self, col: impl Into<Col>, f: F) -> &mut Self
    where
        F: Fn(&str) -> String + Send + Sync + 'static,
    {
        self.columns.converters.push((col.into(), Arc::new(f)));
        self
    }

    /// Missing values for every column (`""` always is one). NumPy's
    /// `missing_values="N/A,-"` is `missing_values_all(&["N/A", "-"])`.
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().missing_values_all(&["N/A"]).from_str("1 N/A")?;
    /// assert!(out.array.to_array::<f64, ndarray::Ix1>()?[1].is_nan());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn missing_values_all<S: AsRef<str>>(&mut self, values: &[S]) -> &mut Self {
        self.columns
            .missing_all
            .extend(values.iter().map(|s| s.as_ref().to_string()));
        self
    }

    /// Missing values of one column, by index or name (NumPy's dict).
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().missing_values(1, &["-"]).from_str("- -")?;
    /// assert!(out.array.to_array::<f64, ndarray::Ix1>()?[1].is_nan());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn missing_values<S: AsRef<str>>(
        &mut self,
        col: impl Into<Col>,
        values: &[S],
    ) -> &mut Self {
        self.columns.missing_by_col.push((
            col.into(),
            values.iter().map(|s| s.as_ref().to_string()).collect(),
        ));
        self
    }

    /// One missing value per column, in order (NumPy's list).
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().missing_values_per_column(&["a", "b"]).from_str("a a")?;
    /// assert!(out.array.to_array::<f64, ndarray::Ix1>()?[0].is_nan());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn missing_values_per_column<S: AsRef<str>>(&mut self, values: &[S]) -> &mut Self {
        self.columns.missing_per_column =
            Some(values.iter().map(|s| s.as_ref().to_string()).collect());
        self
    }

    /// The filling value of every column.
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().delimiter(",").filling_values_all(0).from_str("1,")?;
    /// assert_eq!(out.array.to_array::<f64, ndarray::Ix1>()?, ndarray::array![1.0, 0.0]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn filling_values_all(&mut self, fill: impl Into<Fill>) -> &mut Self {
        self.columns.filling_all = Some(fill.into());
        self
    }

    /// The filling value of one column, by index or name.
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().delimiter(",").filling_values(0, 9).from_str(",")?;
    /// assert_eq!(out.array.to_array::<f64, ndarray::Ix1>()?[0], 9.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn filling_values(&mut self, col: impl Into<Col>, fill: impl Into<Fill>) -> &mut Self {
        self.columns.filling_by_col.push((col.into(), fill.into()));
        self
    }

    /// Filling values per column, in order (NumPy's list).
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::Fill;
    ///
    /// let out = delimited_text::GenFromTxt::new()
    ///     .delimiter(",")
    ///     .filling_values_per_column(vec![Fill::Int(1), Fill::Int(2)])
    ///     .from_str(",")?;
    /// assert_eq!(out.array.to_array::<f64, ndarray::Ix1>()?, ndarray::array![1.0, 2.0]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn filling_values_per_column(&mut self, fills: Vec<Fill>) -> &mut Self {
        self.columns.filling_per_column = Some(fills);
        self
    }

    /// Strip whitespace from each field (default off).
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().delimiter(",").autostrip(true).dtype_descr("U").from_str(" a , b")?;
    /// assert_eq!(out.array.to_strings()?, ["a", "b"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn autostrip(&mut self, yes: bool) -> &mut Self {
        self.scan.autostrip = yes;
        self
    }

    /// On (default): text that does not convert becomes the filling
    /// value. Off: it is an error, unless it is a missing value.
    ///
    /// # Example
    ///
    /// ```
    /// let g = delimited_text::GenFromTxt::new().loose(false).from_str("1 x");
    /// assert_eq!(g.unwrap_err().line(), Some(1));
    /// ```
    pub fn loose(&mut self, yes: bool) -> &mut Self {
        self.columns.loose = yes;
        self
    }

    /// On (default): rows with a wrong column count are an error listing
    /// them. Off: they are dropped, with a warning in the output.
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().invalid_raise(false).from_str("1 2\n3\n4 5")?;
    /// assert_eq!(out.array.shape(), &[2, 2]);
    /// assert_eq!(out.warnings[0].to_string(), "some errors were detected: line 2 (got 1 columns instead of 2)");
    /// # Ok::<(), delimited_text::Error>(())
    /// ```
    pub fn invalid_raise(&mut self, yes: bool) -> &mut Self {
        self.scan.invalid_raise = yes;
        self
    }

    /// Also return the mask of missing entries (NumPy's masked array).
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().delimiter(",").usemask(true).from_str("1,")?;
    /// assert_eq!(out.mask.unwrap().to_array::<bool, ndarray::Ix1>()?, ndarray::array![false, true]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn usemask(&mut self, yes: bool) -> &mut Self {
        self.output.usemask = yes;
        self
    }

    /// Transpose a 2-D result (NumPy's `unpack`, which returns `.T`; for
    /// records use [`GenFromTxtOutput::unpacked`](crate::GenFromTxtOutput::unpacked)).
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().unpack(true).from_str("1 2\n3 4\n5 6")?;
    /// assert_eq!(out.array.shape(), &[2, 3]);
    /// # Ok::<(), delimited_text::Error>(())
    /// ```
    pub fn unpack(&mut self, yes: bool) -> &mut Self {
        self.output.unpack = yes;
        self
    }

    /// The minimum number of dimensions: 0, 1 or 2 (squeezed, then
    /// padded, as NumPy does).
    ///
    /// # Example
    ///
    /// ```
    /// let out = delimited_text::GenFromTxt::new().ndmin(2).from_str("1\n2")?;
    /// assert_eq!(out.array.shape(), &[2, 1]);
    /// # Ok::<(), delimited_text::Error>(())
    /// ```
    pub fn ndmin(&mut self, n: u8) -> &mut Self {
        self.output.ndmin = n;
        self
    }

    /// How the input's bytes are decoded (default UTF-8).
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::{Encoding, GenFromTxt};
    ///
    /// let out = GenFromTxt::new().encoding(Encoding::Latin1).dtype_infer().from_reader(&b"caf\xe9"[..])?;
    /// assert_eq!(out.array.to_strings()?, ["café"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn encoding(&mut self, encoding: Encoding) -> &mut Self {
        self.read.encoding = encoding;
        self
    }

    /// Bytes of input read per block when reading a file
    /// ([`from_path`](Self::from_path), [`convert_path`](Self::convert_path));
    /// default 1 MiB.
    ///
    /// # Example
    ///
    /// ```
    /// let mut g = delimited_text::GenFromTxt::new();
    /// g.block_bytes(1 << 16);
    /// ```
    pub fn block_bytes(&mut self, bytes: usize) -> &mut Self {
        self.read.block_bytes = bytes.max(1);
        self
    }

    /// How much of a reader's text [`from_reader`](Self::from_reader)
    /// holds in memory (default 64 MiB): a longer text goes to an unnamed
    /// temporary file (in the system's temporary folder) and is read from
    /// there as [`from_path`](Self::from_path) reads a file, so memory
    /// holds the result and a few blocks, not the text.
    ///
    /// # Example
    ///
    /// ```
    /// let text: String = (0..100).map(|i| format!("{i},{}\n", i * 2)).collect();
    /// let mut g = delimited_text::GenFromTxt::new();
    /// g.delimiter(",").dtype_infer();
    /// let spooled = g.clone().spool_bytes(64).from_reader(text.as_bytes())?;
    /// assert_eq!(spooled, g.from_str(&text)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn spool_bytes(&mut self, bytes: usize) -> &mut Self {
        self.read.spool_bytes = bytes;
        self
    }

    /// Whether to parse on every core (default yes; the result is the
    /// same either way). Inputs with `skip_footer` or `max_rows`, and
    /// small ones, are parsed in order.
    ///
    /// # Example
    ///
    /// ```
    /// let text: String = (0..1000).map(|i| format!("{i},{}\n", i * 2)).collect();
    /// let mut g = delimited_text::GenFromTxt::new();
    /// g.delimiter(",").dtype_infer().chunk_bytes(100);
    /// let parallel = g.from_str(&text)?;
    /// assert_eq!(g.parallel(false).from_str(&text)?, parallel);
    /// # Ok::<(), delimited_text::Error>(())
    /// ```
    pub fn parallel(&mut self, yes: bool) -> &mut Self {
        self.read.parallel = yes;
        self
    }

    /// The size of the pieces the text is cut into for parallel parsing
    /// (default 128 KiB; for tests).
    ///
    /// # Example
    ///
    /// ```
    /// let mut g = delimited_text::GenFromTxt::new();
    /// g.chunk_bytes(1 << 16);
    /// ```
    pub fn chunk_bytes(&mut self, bytes: usize) -> &mut Self {
        self.read.chunk_bytes = bytes.max(1);
        self
    }

    /// The largest result held in memory (values and mask), default
    /// 16 GiB: string columns are as wide as their longest value, so a
    /// small hostile input could otherwise ask for a huge array. The
    /// check comes before anything is allocated.
    /// [`convert_path`](Self::convert_path) streams and is not limited.
    ///
    /// # Example
    ///
    /// ```
    /// let mut g = delimited_text::GenFromTxt::new();
    /// g.dtype_infer().max_output_bytes(1000);
    /// let long = "x".repeat(100);
    /// let text = format!("{long}\na\nb\nc\n");
    /// assert!(g.from_str(&text).is_err()); // 4 rows of 400 bytes
    /// ```
    pub fn max_output_bytes(&mut self, bytes: u64) -> &mut Self {
        self.output.max_output_bytes = bytes;
        self
    }

    /// Whether the faster paths may be taken (on by default): loadtxt's
    /// parse for clean numeric input with a numeric dtype, and one pass
    /// instead of two for inferred types. They change speed only; this
    /// switch is for tests that compare them with the two passes.
    #[doc(hidden)]
    pub fn plain_path(&mut self, on: bool) -> &mut Self {
        self.read.plain = on;
        self
    }

    /// Called with the number of bytes read each time a block of a file
    /// is read, over both passes of [`from_path`](Self::from_path) and
    /// [`convert_path`](Self::convert_path), for progress bars (a file
    /// read once, by the faster parse of clean numbers, reports its size
    /// twice). Compressed files count decompressed bytes.
    ///
    /// # Example
    ///
    /// ```
    /// use std::sync::atomic::{AtomicU64, Ordering};
    /// use std::sync::Arc;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let (src, dst) = (dir.path().join("in.txt"), dir.path().join("out.npy"));
    /// std::fs::write(&src, "1 2\n3 4\n")?;
    /// let read = Arc::new(AtomicU64::new(0));
    /// let seen = read.clone();
    /// delimited_text::GenFromTxt::new()
    ///     .on_progress(move |n| {
    ///         seen.fetch_add(n, Ordering::Relaxed);
    ///     })
    ///     .convert_path(&src, &dst)?;
    /// assert_eq!(read.load(Ordering::Relaxed), 16); // 8 bytes, twice
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn on_progress<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn(u64) + Send + Sync + 'static,
    {
        self.read.progress = Some(Arc::new(f));
        self
    }

    /// Refuses a result beyond `max_output_bytes`.
    pub(crate) fn check_size(&self, rows: usize, row_bytes: usize) -> Result<()> {
        let total = (rows as u128) * (row_bytes as u128);
        if total > self.output.max_output_bytes as u128 {
            return Err(Error::option(format!(
                "the result would take {total} bytes, more than max_output_bytes ({})",
                self.output.max_output_bytes
            )));
        }
        Ok(())
    }

    /// The options the output layout is settled from.
    pub(crate) fn layout_options(&self) -> LayoutOptions<'_> {
        LayoutOptions {
            output: &self.output,
            rules: &self.scan.rules,
            bytes_text: self.read.encoding == Encoding::Bytes,
        }
    }

    pub(crate) fn check_options(&self) -> Result<()> {
        if let Some(descr) = &self.output.bad_descr {
            // Read again for the error itself.
            GenFromTxt::new().set_descr(descr)?;
        }
        if self.scan.max_rows.is_some() && self.scan.skip_footer > 0 {
            return Err(Error::option(
                "skip_footer and max_rows cannot be given together",
            ));
        }
        if self.scan.max_rows == Some(0) {
            return Err(Error::option("max_rows must be at least 1"));
        }
        if self.output.ndmin > 2 {
            return Err(Error::option(format!(
                "Illegal value of ndmin keyword: {}",
                self.output.ndmin
            )));
        }
        if let (Some(q), Some(c)) = (self.scan.quotechar, &self.scan.comments)
            && c.starts_with(q)
        {
            return Err(Error::option(
                "the quote character and the comment marker are the same",
            ));
        }
        if let (Some(q), Delimiter::Text(d)) = (self.scan.quotechar, &self.scan.delimiter)
            && d.starts_with(q)
        {
            return Err(Error::option(
                "the quote character and the delimiter are the same",
            ));
        }
        super::names::default_name(&self.scan.rules.defaultfmt, 0)?;
        Ok(())
    }
}
