/*!
The compiled half of npio's Python module (`npio._npio`).

Python users import `npio`, whose functions keep NumPy's signatures
(`python/npio/`); they normalise the arguments (paths, file objects,
dtypes) and call the functions here, which do the work in npio's Rust
layers with the GIL released. Arrays cross the boundary without a copy:
data read by npio becomes a `uint8` NumPy array owning npio's buffer, which
the Python side views with the file's dtype and shape; data to write is
read in place from contiguous NumPy arrays.

Dtypes cross as the `.npy` header's `descr` literal (`'<f8'`,
`[('x', '<i4')]`), which both npio and NumPy parse, so that every dtype
the format holds travels unchanged.
*/

mod error;
mod genfromtxt;
mod npy;
mod npz;
mod raw;
mod text;
mod threads;

use pyo3::prelude::*;

/// npio's Rust functions; `npio` (the Python package) wraps them with
/// NumPy's signatures.
#[pymodule]
fn _npio(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    npy::register(m)?;
    npz::register(m)?;
    text::register(m)?;
    genfromtxt::register(m)?;
    threads::register(m)?;
    Ok(())
}
