//! Integration tests of delimited-text: live differential tests against
//! NumPy and property tests.

mod common;
mod genfromtxt;
mod genfromtxt_props;
mod genfromtxt_regressions;
mod loadtxt;
mod regressions;
mod savetxt;

/// The fuzz targets' comparison of two reads, shared by both text checks
/// the regression tests replay.
#[path = "../../../../fuzz/checks/same_outcome.rs"]
mod same_outcome;
