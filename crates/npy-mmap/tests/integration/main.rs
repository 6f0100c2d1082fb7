//! Integration tests of npy-mmap: live round trips through NumPy (both
//! ways), modes, raw maps, `.npz` members, a sparse file past 4 GiB, and
//! property tests over dtypes, shapes, orders and offsets.

mod common;
mod modes;
#[cfg(feature = "npz")]
mod npz;
mod numpy_live;
mod proptests;
mod raw;
mod sparse;
