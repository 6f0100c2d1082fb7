/*!
Delimited text with NumPy's semantics: `np.loadtxt`, `np.genfromtxt` and
`np.savetxt`, the same values, the same errors (with the file's line and
column), byte-identical output.

Most users want the `npio` crate, which gathers this crate with the other
layers; arrays come out as [`npy_format`] arrays, re-exported here.

# Primary types

- [`LoadTxt`]: every `np.loadtxt` parameter as a setter; reads files
  (`.gz` decompressed), readers and strings into an
  [`NpyArray`](npy_format::NpyArray), parsing on every core when no quote
  character is in use. [`loadtxt`] reads straight into a typed ndarray.
- [`GenFromTxt`]: every `np.genfromtxt` parameter: missing and filling
  values, masks, per-column type inference (`dtype=None`), names cleaned
  as NumPy cleans them, fixed-width fields, and quoted fields as an
  opt-in. [`GenFromTxt::convert_path`] streams a text file of any size
  into an `.npy` in two passes and bounded memory. [`genfromtxt`] reads
  straight into a typed ndarray.
- [`SaveTxt`]: `np.savetxt`'s parameters; output byte-identical to
  NumPy's, formatted on every core. [`savetxt`] for a typed ndarray.
- [`parse_format`] / [`format_value`]: Python's `%` formatting, as
  `savetxt` applies it.

# Example

```
use delimited_text::{LoadTxt, SaveTxt};

let a = LoadTxt::new().delimiter(Some(',')).from_str("1,2.5\n3,4\n")?;
let text = SaveTxt::new().fmt("%.2f").delimiter(",").to_string(&a)?;
assert_eq!(text, "1.00,2.50\n3.00,4.00\n");
# Ok::<(), delimited_text::Error>(())
```

# Limitations

- genfromtxt's `from_*` hold the whole text in memory while parsing;
  its `convert_path` streams.
- genfromtxt's differences from NumPy are listed on [`GenFromTxt`].
- loadtxt converts numbers, bools, complex, `S`, `U` and datetimes with a
  unit (`M8[D]`, `m8[s]`...); not generic `M8`.
*/

#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub use crate::engine::compress::{Compression, Encoder};
pub use crate::engine::input::Encoding;
pub use crate::engine::shape::unpack;
pub use crate::error::{Error, ErrorKind, Result};
pub use crate::format::{Conv, Flags, Piece, Spec, format_value, parse_format};
pub use crate::genfromtxt::{
    Case, Col, ConvertSummary, DEFAULT_DELETECHARS, Delimiter, Fill, GenFromTxt, GenFromTxtOutput,
    Names, genfromtxt,
};
pub use crate::loadtxt::{LoadTxt, loadtxt};
pub use crate::savetxt::{SaveTxt, savetxt};
pub use crate::warning::Warning;

pub use npy_format;

mod engine;
mod error;
mod format;
mod genfromtxt;
mod loadtxt;
mod savetxt;
mod warning;

/// The README's example, compiled and run as a doctest so it cannot drift.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
