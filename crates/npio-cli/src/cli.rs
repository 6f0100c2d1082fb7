//! Command-line arguments.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Inspect, convert, pack, verify and preview NumPy's .npy and .npz files.
#[derive(Debug, Parser)]
#[command(name = "npio", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Describe files without reading their data.
    #[command(after_help = "Examples:\n  npio info weights.npy\n  npio info --json *.npy")]
    Info(InfoArgs),
    /// Convert between .npy and .npz, writing atomically.
    #[command(
        after_help = "Examples:\n  npio convert legacy.npy modern.npy\n  npio convert in.npy out.npy --version 2\n  npio convert weights.npy weights.npz --name w --compress zstd:3\n  npio convert model.npz small.npz --compress deflate\n  npio convert model.npz w.npy --member w\n  npio convert readings.csv readings.npy --delimiter , --skip-rows 1\n  npio convert survey.csv survey.npz --genfromtxt --delimiter , --names --dtype auto\n  npio convert big.csv.gz big.npy --delimiter , --dtype f4\n  npio convert table.npy table.csv --fmt %.6g --delimiter ,"
    )]
    Convert(Box<ConvertArgs>),
    /// Pack .npy files into an .npz archive.
    #[command(
        after_help = "Examples:\n  npio pack model.npz w=weights.npy b=bias.npy\n  npio pack data.npz *.npy --compress zstd"
    )]
    Pack(PackArgs),
    /// Extract every member of an .npz archive into a folder.
    #[command(after_help = "Examples:\n  npio unpack model.npz model/")]
    Unpack(UnpackArgs),
    /// Read every array completely; exit 1 if any file is unsound.
    #[command(after_help = "Examples:\n  npio verify data/*.npy")]
    Verify(VerifyArgs),
    /// Print the first rows of an array.
    #[command(after_help = "Examples:\n  npio head weights.npy\n  npio head -n 3 table.npy")]
    Head(HeadArgs),
}

/// Limits on what a file's header may ask for.
#[derive(Debug, Clone, Args)]
pub struct Limits {
    /// Longest .npy header accepted, in characters (NumPy's default: 10000).
    /// Raise it only for files you trust.
    #[arg(long, value_name = "CHARS", default_value_t = 10_000)]
    pub max_header_size: usize,
}

impl Limits {
    pub fn read_options(&self) -> npio::npy::ReadOptions {
        let mut opts = npio::npy::ReadOptions::new();
        opts.max_header_size(self.max_header_size);
        opts
    }

    pub fn npz_limits(&self) -> npio::npz::NpzLimits {
        let mut limits = npio::npz::NpzLimits::new();
        limits.npy_options(self.read_options());
        limits
    }
}

#[derive(Debug, Args)]
pub struct InfoArgs {
    #[command(flatten)]
    pub limits: Limits,
    /// Files to describe.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// One JSON object per file, one per line.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ConvertArgs {
    #[command(flatten)]
    pub limits: Limits,
    /// The file to read.
    pub input: PathBuf,
    /// The file to write (replaced atomically).
    pub output: PathBuf,
    /// Input format, overriding the extension (npy).
    #[arg(long, value_name = "FMT")]
    pub from: Option<String>,
    /// Output format, overriding the extension (npy).
    #[arg(long, value_name = "FMT")]
    pub to: Option<String>,
    /// Force the .npy header version (1, 2 or 3).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=3))]
    pub version: Option<u8>,
    /// The member to extract from an .npz (optional when it has one).
    #[arg(long, value_name = "NAME")]
    pub member: Option<String>,
    /// The member name for an .npy packed into an .npz.
    #[arg(long, value_name = "NAME", default_value = "arr_0")]
    pub name: String,
    /// Write a scipy.sparse archive's matrix as a dense .npy, as
    /// `.toarray()` gives it.
    #[arg(long)]
    pub dense: bool,
    /// Largest dense array --dense writes, in bytes (default 1 GiB).
    #[arg(long, value_name = "BYTES", default_value_t = npio::npz::DEFAULT_DENSE_LIMIT)]
    pub max_bytes: u64,
    #[arg(
        long,
        value_name = "METHOD",
        default_value = "none",
        value_parser = parse_compression,
        help = "Compression of .npz output: none, deflate[:LEVEL] or zstd[:LEVEL]"
    )]
    pub compress: npio::npz::Compression,
    /// Start stored .npz members' data on 64-byte boundaries, so that they
    /// can be memory-mapped in place.
    #[arg(long)]
    pub align: bool,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub text: TextArgs,
}

/// Options for text input (np.loadtxt's, or np.genfromtxt's with
/// --genfromtxt) and text output (np.savetxt's).
#[derive(Debug, Clone, Args)]
pub struct TextArgs {
    /// Read text with np.genfromtxt's semantics (missing values, names,
    /// type inference with --dtype auto) instead of np.loadtxt's.
    #[arg(long)]
    pub genfromtxt: bool,
    /// genfromtxt: raw lines to skip at the start of the input.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub skip_header: usize,
    /// genfromtxt: data rows to drop at the end of the input.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub skip_footer: usize,
    /// genfromtxt: field names, from the first line (--names alone) or a
    /// comma-separated list.
    #[arg(long, value_name = "LIST", num_args = 0..=1, default_missing_value = "")]
    pub names: Option<String>,
    /// genfromtxt: comma-separated strings that mark a missing value (the
    /// empty field always does).
    #[arg(long, value_name = "LIST")]
    pub missing_values: Option<String>,
    /// genfromtxt: what missing values become: one value for every column
    /// or a comma-separated list, one per column.
    #[arg(long, value_name = "LIST", allow_hyphen_values = true)]
    pub filling_values: Option<String>,
    /// genfromtxt: strip spaces around every field.
    #[arg(long)]
    pub autostrip: bool,
    /// genfromtxt: drop rows with the wrong number of columns (with a
    /// warning) instead of failing.
    #[arg(long)]
    pub no_invalid_raise: bool,
    /// Field delimiter (escapes like \t understood). Input: default runs of
    /// whitespace; with --genfromtxt an integer is a field width (3) and a
    /// list of integers the fields' widths (1,2,4). Output: default one
    /// space.
    #[arg(long, value_name = "STR")]
    pub delimiter: Option<String>,
    /// Comment marker (repeatable). Input: default '#'; output: the header
    /// and footer prefix, default '# '.
    #[arg(long, value_name = "STR")]
    pub comments: Vec<String>,
    /// No comment markers in the input.
    #[arg(long)]
    pub no_comments: bool,
    /// Raw lines to skip at the start of the input (loadtxt; see
    /// --skip-header for genfromtxt).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub skip_rows: usize,
    /// Columns to read: comma-separated indices, negatives from the end
    /// (and names with --genfromtxt).
    #[arg(long, value_name = "LIST", allow_hyphen_values = true)]
    pub usecols: Option<String>,
    /// At most this many data rows.
    #[arg(long, value_name = "N")]
    pub max_rows: Option<usize>,
    /// Quote character of the input (off by default).
    #[arg(long, value_name = "C")]
    pub quotechar: Option<char>,
    /// Output dtype of text input: a NumPy descr (f8, <i4, u1, b1, c16,
    /// U10, S5, `M8[D]`, `m8[s]`; U or S alone take the longest value's
    /// length, `M8` alone the finest unit the dates are written in), a
    /// JSON list of [name, descr] fields, or auto
    /// (genfromtxt's dtype=None: each column's type inferred).
    #[arg(long, value_name = "DESCR", default_value = "f8")]
    pub dtype: String,
    /// Minimum dimensions of the result (0, 1 or 2).
    #[arg(
        long,
        value_name = "N",
        default_value = "0",
        allow_hyphen_values = true
    )]
    pub ndmin: String,
    /// Encoding of the text read or written: utf-8 (default), latin1,
    /// ascii, utf-16, utf-16-le, utf-16-be, utf-32, utf-32-le, utf-32-be
    /// (Python's names; utf-16 and utf-32 read a byte-order mark and write
    /// one).
    #[arg(long, value_name = "ENC", default_value = "utf-8")]
    pub encoding: String,
    /// Text output format, as np.savetxt's fmt. Given once, as NumPy takes
    /// a string: one spec for every column, or, holding several specs, a
    /// whole-row format ('%d,%d' writes 1,2). Repeated once per column:
    /// one spec each, as a list in NumPy (--fmt %.3f --fmt %d).
    #[arg(long, value_name = "FMT", default_value = "%.18e")]
    pub fmt: Vec<String>,
    /// Line ending of the text output (escapes understood).
    #[arg(long, value_name = "STR", default_value = "\\n")]
    pub newline: String,
    /// Text written before the data, each line prefixed with --comments.
    #[arg(long, value_name = "STR", default_value = "")]
    pub header: String,
    /// Text written after the data, each line prefixed with --comments.
    #[arg(long, value_name = "STR", default_value = "")]
    pub footer: String,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub limits: Limits,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
    /// Oddities NumPy accepts (a bool byte other than 0 or 1) are errors,
    /// not warnings.
    #[arg(long)]
    pub strict: bool,
    /// Files to check.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct HeadArgs {
    #[command(flatten)]
    pub limits: Limits,
    /// The file to preview.
    pub path: PathBuf,
    /// Number of rows to print.
    #[arg(short = 'n', long = "rows", default_value_t = 10)]
    pub rows: usize,
    /// Member of an .npz archive.
    #[arg(long, value_name = "NAME")]
    pub member: Option<String>,
}

#[derive(Debug, Args)]
pub struct PackArgs {
    #[command(flatten)]
    pub limits: Limits,
    /// The archive to write (replaced atomically).
    pub output: PathBuf,
    /// Arrays to pack, as NAME=FILE.npy or FILE.npy (named by its stem).
    #[arg(required = true, value_name = "[NAME=]IN.npy")]
    pub inputs: Vec<String>,
    #[arg(
        long,
        value_name = "METHOD",
        default_value = "none",
        value_parser = parse_compression,
        help = "Compression: none, deflate[:LEVEL] or zstd[:LEVEL]"
    )]
    pub compress: npio::npz::Compression,
    /// Start stored members' data on 64-byte boundaries (for mapping).
    #[arg(long)]
    pub align: bool,
}

#[derive(Debug, Args)]
pub struct UnpackArgs {
    #[command(flatten)]
    pub limits: Limits,
    /// The archive to extract.
    pub input: PathBuf,
    /// The folder to extract into (default: the current folder).
    pub dir: Option<PathBuf>,
}

/// `none`, `deflate[:LEVEL]` (zlib's default 6 without a level, as
/// `np.savez_compressed`) or `zstd[:LEVEL]` (3 without a level).
pub fn parse_compression(text: &str) -> Result<npio::npz::Compression, String> {
    use npio::npz::Compression;
    let (method, level) = match text.split_once(':') {
        Some((m, l)) => (m, Some(l)),
        None => (text, None),
    };
    let bad_level = |l: &str| format!("bad compression level {l:?}");
    match (method, level) {
        ("none" | "stored", None) => Ok(Compression::Stored),
        ("deflate", None) => Ok(Compression::NUMPY_COMPRESSED),
        ("deflate", Some(l)) => match l.parse::<u32>() {
            Ok(n) if (1..=9).contains(&n) => Ok(Compression::Deflate(n)),
            _ => Err(bad_level(l)),
        },
        ("zstd", None) => Ok(Compression::Zstd(3)),
        ("zstd", Some(l)) => match l.parse::<i32>() {
            Ok(n) if (1..=22).contains(&n) => Ok(Compression::Zstd(n)),
            _ => Err(bad_level(l)),
        },
        _ => Err(format!(
            "unknown compression {text:?} (expected none, deflate[:1-9] or zstd[:1-22])"
        )),
    }
}
