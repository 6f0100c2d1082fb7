//! Integration tests of delimited-text: live differential tests against
//! NumPy and property tests.

mod common;
mod genfromtxt;
mod genfromtxt_props;
mod genfromtxt_regressions;
mod loadtxt;
mod regressions;
mod savetxt;
