/*!
Delimited text with NumPy's semantics (in development).

This crate will parse and write text the way `np.loadtxt`, `np.genfromtxt`
and `np.savetxt` do (same values, same errors, byte-identical output), in
parallel and in bounded memory for files larger than RAM.

Today it re-exports [`npy_format`], whose arrays it produces. Most users
want the `npio` crate, which gathers every layer.
*/

#![forbid(unsafe_code)]

pub use npy_format;
