//! `np.genfromtxt`: missing and filling values, masks, per-column type
//! inference, names, fixed-width fields, and streaming conversion of
//! files of any size to `.npy`.
//!
//! One job per module: [`builder`] holds the options, [`split`] cuts a
//! line into fields, [`names`] cleans field names, [`pyparse`] reads
//! Python literals, [`quick`] cuts plain lines straight from the bytes,
//! [`infer`] settles column types, [`convert`] turns a
//! field into an element, [`scan`] turns lines into rows (header, footer,
//! bad rows), [`specs`] settles each column's missing and filling values,
//! [`plan`] the output, [`sinks`] infer and convert rows, [`typed`] infers and
//! converts in one pass where it can, [`pieces`]
//! spreads a pass over every core, and [`run`] drives the two passes over
//! strings, readers and files.

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
