//! Integration tests of npy-format: the NumPy-made fixture corpus, live
//! round trips through NumPy, property tests and hostile input.

mod atomic;
mod built_dtypes;
mod common;
mod fixtures;
mod hostile;
mod numpy_live;
mod regressions;
