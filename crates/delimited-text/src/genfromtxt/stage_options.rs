//! The options of each genfromtxt stage, as the builder groups them.
//!
//! [`GenFromTxt`](super::GenFromTxt) is the public builder; inside it the
//! options live in one small struct per stage, and each stage is handed
//! only its own: the scanner and the line cutters get [`ScanOptions`], the
//! column specs and conversion get [`ColumnOptions`], the output layout
//! [`OutputOptions`], and the drivers [`ReadOptions`] for how text is read.

use super::builder::{Col, Converter, DTypeChoice, Names};
use super::convert::Fill;
use super::names::NameRules;
use crate::engine::input::Encoding;
use crate::engine::tokenize::line_splitter::{Delimiter, Splitter};
use std::sync::Arc;

/// Lines into rows of fields: comments, the delimiter, quotes, which lines
/// and columns are data, names, and what a row of the wrong width does.
#[derive(Clone)]
pub(crate) struct ScanOptions {
    pub(crate) comments: Option<String>,
    pub(crate) delimiter: Delimiter,
    pub(crate) quotechar: Option<char>,
    pub(crate) autostrip: bool,
    pub(crate) skip_header: usize,
    pub(crate) skip_footer: usize,
    pub(crate) max_rows: Option<usize>,
    pub(crate) usecols: Option<Vec<Col>>,
    pub(crate) names: Names,
    pub(crate) rules: NameRules,
    pub(crate) invalid_raise: bool,
}

impl ScanOptions {
    /// The splitter that cuts this scan's lines into fields.
    pub(crate) fn splitter(&self) -> Splitter {
        Splitter {
            delimiter: self.delimiter.clone(),
            comments: self.comments.clone(),
            autostrip: self.autostrip,
            quote: self.quotechar,
        }
    }
}

/// Fields into values, column by column: converters, missing and filling
/// values, and whether unconvertible text is an error.
#[derive(Clone)]
pub(crate) struct ColumnOptions {
    pub(crate) converters: Vec<(Col, Converter)>,
    pub(crate) missing_all: Vec<String>,
    pub(crate) missing_per_column: Option<Vec<String>>,
    pub(crate) missing_by_col: Vec<(Col, Vec<String>)>,
    pub(crate) filling_all: Option<Fill>,
    pub(crate) filling_per_column: Option<Vec<Fill>>,
    pub(crate) filling_by_col: Vec<(Col, Fill)>,
    pub(crate) loose: bool,
}

/// The array made: its dtype, the mask, the shape's adjustments and the
/// size limit.
#[derive(Clone)]
pub(crate) struct OutputOptions {
    pub(crate) dtype: DTypeChoice,
    /// A descr `dtype_descr` could not read: the error when the reader
    /// is used.
    pub(crate) bad_descr: Option<String>,
    pub(crate) usemask: bool,
    pub(crate) unpack: bool,
    pub(crate) ndmin: u8,
    pub(crate) max_output_bytes: u64,
}

/// What the output layout is settled from: the output's options, the
/// rules for the names it gives fields, and whether text columns hold
/// bytes (`encoding="bytes"`).
pub(crate) struct LayoutOptions<'o> {
    pub(crate) output: &'o OutputOptions,
    pub(crate) rules: &'o NameRules,
    pub(crate) bytes_text: bool,
}

/// How the text is read: its encoding, block and piece sizes, threads,
/// progress, and whether clean numeric text may take loadtxt's parse.
#[derive(Clone)]
pub(crate) struct ReadOptions {
    pub(crate) encoding: Encoding,
    pub(crate) block_bytes: usize,
    pub(crate) spool_bytes: usize,
    pub(crate) parallel: bool,
    pub(crate) chunk_bytes: usize,
    pub(crate) progress: Option<Arc<dyn Fn(u64) + Send + Sync>>,
    /// Whether clean numeric input may go through loadtxt's parse (see
    /// `via_loadtxt.rs`).
    pub(crate) plain: bool,
}
