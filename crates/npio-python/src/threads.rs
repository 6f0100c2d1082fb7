//! How many threads npio's work uses: every core by default, or the
//! number set with `npio.set_threads(n)` (a pool of its own, kept until
//! the number changes).

use std::sync::{Arc, Mutex};

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;

/// The pool of `set_threads`, or none for rayon's global pool (every core).
static POOL: Mutex<Option<(usize, Arc<rayon::ThreadPool>)>> = Mutex::new(None);

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(set_threads, m)?)?;
    m.add_function(wrap_pyfunction!(get_threads, m)?)?;
    Ok(())
}

/// Uses `n` threads for npio's work from now on (`None`: every core).
#[pyfunction]
#[pyo3(signature = (n=None))]
fn set_threads(n: Option<usize>) -> PyResult<()> {
    let mut pool = POOL
        .lock()
        .map_err(|_| PyRuntimeError::new_err("npio's thread setting was poisoned"))?;
    *pool = match n {
        None => None,
        Some(0) => return Err(PyValueError::new_err("threads must be at least 1")),
        Some(n) => {
            let built = rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .thread_name(|i| format!("npio-{i}"))
                .build()
                .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
            Some((n, Arc::new(built)))
        }
    };
    Ok(())
}

/// The number of threads npio's work uses.
#[pyfunction]
fn get_threads() -> usize {
    match POOL.lock().ok().and_then(|p| p.as_ref().map(|(n, _)| *n)) {
        Some(n) => n,
        None => rayon::current_num_threads(),
    }
}

/// Runs `f` on the pool `set_threads` chose (the caller has released the
/// GIL).
pub(crate) fn run<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    let pool = POOL
        .lock()
        .ok()
        .and_then(|p| p.as_ref().map(|(_, p)| Arc::clone(p)));
    match pool {
        Some(pool) => pool.install(f),
        None => f(),
    }
}
