//! One problem to report as an `error:` line.

use std::fmt;
use std::path::Path;

/// A failure tied to a file: printed as `error: PATH: message`.
#[derive(Debug)]
pub struct Failure(String);

impl Failure {
    pub fn at(path: &Path, err: impl fmt::Display) -> Failure {
        Failure(format!("{}: {err}", path.display()))
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
