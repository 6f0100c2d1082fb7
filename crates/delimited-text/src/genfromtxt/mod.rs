//! `np.genfromtxt`: missing and filling values, masks, per-column type
//! inference, names, fixed-width fields, and streaming conversion of
//! files of any size to `.npy`.
//!
//! One job per module: [`builder`] is the public `GenFromTxt` and its
//! setters, which keep the options in one small struct per stage
//! ([`stage_options`]: the scan, the columns, the output, the reading);
//! each stage is handed only its own. [`names`] cleans field names,
//! [`infer`] settles column types, [`convert`] turns a field into an
//! element, [`scan`] turns lines into rows (header, footer, bad rows),
//! [`specs`] settles each column's missing and filling values, [`layout`]
//! the output, [`sinks`] infer and convert rows, [`pieces`] spreads a pass
//! over every core, and [`run`] drives the two passes over strings,
//! readers and files. The faster paths say what they skip:
//! [`plain_lines`] (the scanner and splitter, for plain lines),
//! [`one_pass`] (the second pass, for inferred types) and [`via_loadtxt`]
//! (genfromtxt's own parse, for clean numbers).

mod builder;
mod convert;
mod infer;
mod layout;
mod names;
mod one_pass;
mod output;
mod pieces;
mod plain_lines;
mod run;
mod scan;
mod sinks;
mod specs;
mod stage_options;
mod via_loadtxt;

pub use crate::engine::tokenize::line_splitter::Delimiter;
pub use builder::{Col, GenFromTxt, Names};
pub use convert::Fill;
pub use names::{Case, DEFAULT_DELETECHARS};
pub use output::{ConvertSummary, GenFromTxtOutput};

use crate::error::Result;
use ndarray::{Array, Dimension};
use npy_format::{ReadableElement, WritableElement};
use std::path::Path;

/// Reads a text file into a typed array with NumPy's genfromtxt defaults
/// (whitespace-delimited, `#` comments, missing values filled with the
/// type's default: NaN for floats, -1 for integers) and the element
/// type's dtype.
///
/// # Example
///
/// ```no_run
/// let a: ndarray::Array2<f64> = delimited_text::genfromtxt("data.txt")?;
/// # Ok::<(), delimited_text::Error>(())
/// ```
pub fn genfromtxt<A, D, P>(path: P) -> Result<Array<A, D>>
where
    A: ReadableElement + WritableElement,
    D: Dimension,
    P: AsRef<Path>,
{
    let mut opts = GenFromTxt::new();
    opts.dtype(A::dtype());
    Ok(opts.from_path(path)?.array.to_array()?)
}
