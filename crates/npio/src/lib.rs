/*!
NumPy's on-disk world in Rust: `.npy`, `.npz`, memory-mapped arrays and
delimited text, read and written with NumPy's exact behaviour.

This crate gathers npio's layers behind one feature each (all on by
default). Each layer is also a crate of its own:

| module | crate | what |
|---|---|---|
| [`npy`] | `npy-format` | `.npy` header, dtypes, typed and dynamic arrays |
| `npz` | `npz-archive` | `.npz` archives |
| `mmap` | `npy-mmap` | memory-mapped arrays |
| `text` | `delimited-text` | `loadtxt`, `genfromtxt`, `savetxt` |

# Example

```
use ndarray::array;
use npio::npy::{ReadNpyExt, WriteNpyExt};

let mut bytes = Vec::new();
array![1.0f32, 2.0].write_npy(&mut bytes)?;
let back = ndarray::Array1::<f32>::read_npy(&bytes[..])?;
assert_eq!(back, array![1.0f32, 2.0]);
# Ok::<(), npio::npy::Error>(())
```
*/

#![forbid(unsafe_code)]

pub use ndarray;
pub use npy_format as npy;

#[cfg(feature = "npz")]
pub use npz_archive as npz;

#[cfg(feature = "mmap")]
pub use npy_mmap as mmap;

#[cfg(feature = "text")]
pub use delimited_text as text;

pub use npy_format::{read_npy, write_npy, NpyArray};

/// The README's examples, compiled and run as doctests.
#[cfg(all(doctest, feature = "npz", feature = "mmap", feature = "text"))]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
