/*!
NumPy's `.npy` format, complete and byte-exact.

This crate reads and writes the files `np.save` and `np.load` exchange: the
header (versions 1.0, 2.0 and 3.0, every form NumPy has ever written), the
dtype model (numbers, bools, `f16`, complex, strings, raw bytes, datetimes,
structured records), and the data, typed into [`ndarray`] arrays or
dynamically typed when the dtype is only known at run time.

It is the foundation of npio. For `.npz` archives, memory-mapped arrays
and text files, use the `npio` crate, which re-exports this one alongside
the others.

# Primary types

- [`read_npy`] / [`write_npy`]: whole files, typed or dynamic, written
  atomically.
- [`ReadNpyExt`] / [`WriteNpyExt`]: the same on any `Read` / `Write`.
- [`NpyReader`]: the header first, then the data whole or in chunks (for
  arrays larger than memory).
- [`NpyArray`]: an array of any dtype, with field access and decoded
  [`Value`]s.
- [`NpyWriter`] (to a path: [`NpyWriter::create`]): stream rows without knowing their
  number; [`append_npy`]: grow an existing file in place.
- [`view_npy`] / [`view_npy_mut`] / [`view_npy_dyn`]: `.npy` bytes already
  in memory viewed in place, without copying ([`ViewElement`], [`DynView`]).
- [`Header`], [`DType`], [`read_header`]: the format itself.

# Example

```
use ndarray::{array, Array2};
use npy_format::{ReadNpyExt, WriteNpyExt};

let a = array![[1.5f64, 2.0], [3.0, 4.5]];
let mut bytes = Vec::new();
a.write_npy(&mut bytes)?; // what np.save writes, byte for byte
assert_eq!(Array2::<f64>::read_npy(&bytes[..])?, a);
# Ok::<(), npy_format::Error>(())
```

# Untrusted input

Every malformed file gives an [`Error`], never a panic. Nothing is
allocated from a header's claims before they are checked: the header length
against [`ReadOptions::max_header_size`] (10000 characters by default, as
NumPy), the number of dimensions and the nesting depth against their
limits, the data size against the file's length (or, for streams of unknown
length, the buffer grows only as data arrives).

# Crate features

- `arbitrary`: `arbitrary::Arbitrary` for [`DType`], [`Header`] and
  [`NpyArray`], so fuzzers build valid `.npy` inputs from raw bytes.
- `proptest`: proptest strategies for dtypes, headers and arrays
  (`npy_format::strategy`).

- `hugepages` (default): on Linux, large read buffers (and the output
  buffers npio's text readers reserve) are advised to use transparent huge
  pages, as NumPy does, which makes reading large files up to three times
  faster. It is the crate's only `unsafe` code (one
  `madvise` call); without it the crate forbids unsafe code.

# Limitations

- Object arrays (`|O`) hold Python pickles: their headers can be read, their
  data cannot.
- Long doubles (`<f16`, `<c32`) have no Rust type: they are read and written
  as raw bytes ([`Value::LongDouble`]).
- Headers are parsed as the subset of Python literals NumPy writes (plus
  hex/octal/binary integers, `_` separators and Python 2's `L` suffix in
  1.0/2.0 headers); comments and expressions are refused.
*/

#![cfg_attr(not(feature = "hugepages"), forbid(unsafe_code))]
#![cfg_attr(feature = "hugepages", deny(unsafe_code))]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub use crate::atomic::{AtomicFile, OutputError};
pub use crate::dtype::{
    ByteOrder, DType, Field, NAT, NATIVE_ORDER, Record, Scalar, ScalarKind, TimeUnit,
};
pub use crate::dynamic::NpyArray;
pub use crate::elements::{ReadableElement, WritableElement};
pub use crate::error::{Error, ErrorKind, Result};
pub use crate::fused::FusedReader;
pub use crate::header::{Header, MAGIC, ParsedHeader, ReadOptions, Version, read_header};
pub use crate::read::{FromNpyFile, NpyReader, ReadNpyExt, read_header_file, read_npy};
pub use crate::value::Value;
pub use crate::view::{DynView, ViewElement, view_npy, view_npy_dyn, view_npy_mut};
pub use crate::write::{NpyWriter, WriteNpyExt, append_npy, append_npy_array, write_npy};

/// Helpers npio's other crates share with this one (NumPy's text forms of
/// values, element positions in memory, output buffers). Not part of
/// npy-format's API: they change with npio's needs, without notice.
#[doc(hidden)]
pub mod internal {
    pub use crate::hugepage::reserve_array_data;
    pub use crate::layout::{logical_positions, memory_position};
    pub use crate::repr::{
        push_array_str, push_bytes_repr, push_complex_str, push_datetime_str, push_float_digits,
        push_float_str, push_python_str_repr, push_shape_repr, push_timedelta_str,
    };
    pub use crate::value::civil_from_days;
    pub use crate::view::{typed_view, typed_view_mut};
}

pub use half;
pub use ndarray;
pub use num_complex;

#[cfg(feature = "arbitrary")]
mod arbitrary;
mod atomic;
mod dtype;
mod dynamic;
mod elements;
mod error;
mod fused;
mod header;
mod hugepage;
mod io_util;
mod layout;
mod pylit;
mod read;
mod repr;
#[cfg(any(feature = "arbitrary", feature = "proptest"))]
mod sample;
#[cfg(feature = "proptest")]
pub mod strategy;
mod value;
mod view;
mod write;

/// The README's example, compiled and run as a doctest so it cannot drift.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
