/*!
NumPy's `.npz` archives: read lazily, written deterministically, safe on
hostile input.

An `.npz` is a ZIP archive whose members are complete `.npy` files, one per
array, named `NAME.npy`. This crate reads them member by member (nothing is
decompressed until asked for, and each member streams straight into its
array), and writes them as `np.savez` (stored) and `np.savez_compressed`
(deflate) do, plus Zstandard, 64-byte alignment of stored data, streaming
members and parallel compression.

Most users want the `npio` crate, which gathers this crate with the other
layers. `.npy` itself is [`npy_format`], re-exported here.

# Primary types

- [`NpzReader`]: [`names`](NpzReader::names) as NumPy lists them, typed
  ([`by_name`](NpzReader::by_name)) and dynamic
  ([`by_name_dyn`](NpzReader::by_name_dyn)) reads, [`info`](NpzReader::info)
  per member from its header alone, [`NpzLimits`] against zip bombs.
- [`NpzWriter`] (to a path: [`NpzWriter::create`]): [`add`](NpzWriter::add),
  [`add_all`](NpzWriter::add_all) (parallel, byte-identical to
  sequential), [`start_member`](NpzWriter::start_member) (streaming),
  [`Compression`].
- [`savez`] / [`savez_compressed`]: NumPy's functions.

# Example

```
use ndarray::{array, Array2};
use npz_archive::{Compression, NpzReader, NpzWriter};
use std::io::Cursor;

let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::NUMPY_COMPRESSED);
w.add("w", &array![[1.0f32, 2.0], [3.0, 4.0]])?;
let bytes = w.finish()?.into_inner();

let mut npz = NpzReader::new(Cursor::new(bytes))?;
let info = npz.info(0)?;
assert_eq!(info.name, "w");
assert_eq!(info.method.name(), "deflate");
let w: Array2<f32> = npz.by_name("w.npy")?; // with or without .npy
assert_eq!(w[[1, 0]], 3.0);
# Ok::<(), npz_archive::Error>(())
```

# Crate features

- `zstd` (default): Zstandard members, read and written.
- `bzip2`, `lzma`: reading bzip2, LZMA and xz members.

# Limitations

- Encrypted archives are not supported.
- Deflate compresses several members in parallel, but one member on one
  core.
*/

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub use crate::error::{Error, ErrorKind, Result};
pub use crate::file::SharedFile;
pub use crate::method::{Compression, Method};
pub use crate::names::safe_extract_path;
pub use crate::reader::{MemberInfo, NpzLimits, NpzReader};
pub use crate::sparse::{
    Bsr, Coo, Csc, Csr, DEFAULT_DENSE_LIMIT, Dia, DynSparse, SparseFormat, SparseIndex, SparseInfo,
    SparseMatrix, SparseOptions, SparseValue, WriteSparse, load_sparse, load_sparse_as,
    save_sparse, save_sparse_to, save_sparse_with,
};
pub use crate::writer::{MemberWriter, NpzWriter, savez, savez_compressed};

pub use npy_format;

mod chunked;
mod directory;
mod error;
mod file;
mod indexed;
mod latch;
mod method;
mod names;
mod raw_member;
mod reader;
pub mod sparse;
mod writer;

/// The README's example, compiled and run as a doctest so it cannot drift.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
