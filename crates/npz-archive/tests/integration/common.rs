//! Helpers shared by the integration tests.

pub use npio_test_support::{hex, run_python, to_hex, workspace};
