/*!
Memory-mapped NumPy arrays (in development).

This crate will map `.npy` files (read-only, read-write, copy-on-write and
create, as `np.memmap` and `np.lib.format.open_memmap`), raw files with a
dtype and offset, and stored members of `.npz` archives, into ndarray views
and dynamic views. Opening costs one header read, whatever the file's size.

Today it re-exports [`npy_format`], whose header parser it builds on. Most
users want the `npio` crate, which gathers every layer.
*/

pub use npy_format;
