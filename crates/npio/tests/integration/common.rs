//! Helpers for these tests.

use std::path::{Path, PathBuf};

pub use npio_test_support::{run_python, workspace};

/// A path's text, for Python's argv.
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("temp paths are UTF-8")
}

/// A NumPy-made fixture of `testdata/`.
pub fn fixture(rel: &str) -> PathBuf {
    workspace().join("testdata").join(rel)
}
