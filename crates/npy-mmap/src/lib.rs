/*!
Memory-mapped NumPy arrays: `.npy` files, raw files as `np.memmap`, and
stored members of `.npz` archives, viewed in place as ndarray arrays.

Opening a map reads the header only, whatever the file's size; the data
is paged in by the operating system as it is touched. Most users want the
`npio` crate, which gathers this crate with the other layers; the format
itself is [`npy_format`], re-exported here.

# Primary types

- [`Memmap`]: a mapped array. [`Memmap::open`] / [`open_mode`](Memmap::open_mode)
  map a `.npy` file in mode `r`, `r+` or `c` ([`Mode`]);
  [`Memmap::create`] writes a `.npy` header as `open_memmap` does and maps
  zeroed data (`w+`). Views: [`view`](Memmap::view) /
  [`view_mut`](Memmap::view_mut) (typed, in place),
  [`view_dyn`](Memmap::view_dyn) (any dtype, records included),
  [`to_owned_array`](Memmap::to_owned_array) (a copy, byte-swapped if
  needed). [`flush`](Memmap::flush) / [`flush_async`](Memmap::flush_async)
  and what they guarantee are described on [`Memmap`].
- [`MemmapBuilder`]: `np.memmap` on any file: dtype, offset, shape, order,
  mode.
- [`NpzMap`]: stored, 64-byte aligned `.npz` members mapped in place.
- [`DynView`], [`ViewElement`], [`Error`] / [`ErrorKind`].

# Example

```
use ndarray::Ix2;
use npy_format::{DType, ScalarKind};
use npy_mmap::{Memmap, Mode};

let dir = tempfile::tempdir()?;
let path = dir.path().join("big.npy");

// w+: the file is np.save's bytes once written and flushed.
let mut out = Memmap::create(&path, DType::scalar(ScalarKind::Int(4)), &[1000, 1000], false)?;
out.view_mut::<i32, Ix2>()?[[999, 999]] = 42;
out.flush()?;
drop(out);

// r: only the header is read now.
let map = Memmap::open(&path)?;
assert_eq!(map.view::<i32, Ix2>()?[[999, 999]], 42);

// c: private changes, the file stays as it is.
let mut scratch = Memmap::open_mode(&path, Mode::CopyOnWrite)?;
scratch.view_mut::<i32, Ix2>()?.fill(1);
assert_eq!(Memmap::open(&path)?.view::<i32, Ix2>()?[[0, 0]], 0);
# Ok::<(), Box<dyn std::error::Error>>(())
```

# Byte order and alignment

A typed view is only made when it reads the right values: the dtype must be
the element type's, in native byte order, and the data must start on a
multiple of the element type's alignment (`.npy` files written by NumPy
1.14 and later start their data on 64 bytes; raw maps at odd offsets may
not). Otherwise the view is an error naming the problem (npy-format's
[`ByteOrder`](npy_format::ErrorKind::ByteOrder) or
[`Misaligned`](npy_format::ErrorKind::Misaligned), in [`ErrorKind::Npy`]),
never a wrong view,
and [`Memmap::to_owned_array`] reads the data by copying and swapping.
Dynamic views work at any alignment and byte order.

# Safety

Mapping is the crate's only unsafe code, in one private module. A map is
sound as long as the file is not changed behind it, which no process can
prevent: **if another process truncates a mapped file, touching the lost
pages kills this process with `SIGBUS`** (an access violation on
Windows), and changes written by other processes (or through a second map
of the same file in this process) appear in views that Rust assumes are
unchanging. npio checks the file's length against the header before
mapping but cannot guard against later changes. Do not truncate, replace
in place or write files while they are mapped; npio's own writers replace
files atomically (a new file renamed over the old), which leaves existing
maps reading the old data safely.

# Limitations

- A `.npy` file is never extended: a short file is an error in every mode
  (NumPy's `open_memmap` in `r+` would extend it). Raw maps in `r+`/`w+`
  extend, as `np.memmap`.
- `.npz` members map only when stored and 64-byte aligned, read-only or
  copy-on-write; see [`NpzMap`].
- Object arrays (`|O`) cannot be mapped, as in NumPy.
- Long doubles (`f16`, `c32`) have no typed view; [`DynView`] shows their
  raw bytes.
- Maps have a fixed size: arrays cannot grow while mapped.
*/

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub use crate::error::{Error, ErrorKind, Result};
pub use crate::mapped::Memmap;
pub use crate::mode::{Mode, ParseModeError};
#[cfg(feature = "npz")]
pub use crate::npz::{MEMBER_ALIGN, NpzMap};
pub use crate::raw::MemmapBuilder;
pub use npy_format::{DynView, ViewElement};

pub use npy_format;

mod error;
mod map;
mod mapped;
mod mode;
mod npy;
#[cfg(feature = "npz")]
mod npz;
mod raw;
mod view;

/// The README's example, compiled and run as a doctest so it cannot drift.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
