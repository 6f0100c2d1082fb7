//! Helpers shared by the integration tests.

pub use npio_test_support::{python, run_python};
