/*!
NumPy's `.npz` archives (in development).

An `.npz` is a ZIP archive whose members are complete `.npy` files. This
crate will read them lazily (each member on demand, streamed, with limits
against zip bombs) and write them as `np.savez` and `np.savez_compressed`
do, plus zstd, deterministic bytes, zip64 and parallel compression.

Today it re-exports [`npy_format`], which every member is read with. Most
users want the `npio` crate, which gathers every layer.
*/

#![forbid(unsafe_code)]

pub use npy_format;
