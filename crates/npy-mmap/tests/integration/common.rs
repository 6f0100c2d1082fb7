//! Helpers shared by the integration tests.

pub use npio_test_support::run_python;
