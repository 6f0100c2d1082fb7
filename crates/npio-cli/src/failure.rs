//! One problem to report as an `error:` line.

use npio::npy::OutputError;
use std::any::Any;
use std::fmt;
use std::path::Path;

/// A failure tied to a file: printed as `error: PATH: message`.
#[derive(Debug)]
pub struct Failure(String);

impl Failure {
    /// A failure about `path`, unless `err` is a failure to write an
    /// output file: that one names the output it was writing (a full disk
    /// while converting `in.npy` is about `out.npy`, not `in.npy`).
    pub fn at<E: fmt::Display + 'static>(path: &Path, err: E) -> Failure {
        if let Some(out) = output_error(&err) {
            return Failure(format!("{}: {}", out.path().display(), out.io_error()));
        }
        // Neither the path nor a store's message may show a password.
        Failure(crate::location::redacted(&format!(
            "{}: {err}",
            path.display()
        )))
    }
}

/// The [`OutputError`] inside one of the layers' errors, if any.
fn output_error(err: &dyn Any) -> Option<&OutputError> {
    if let Some(e) = err.downcast_ref::<std::io::Error>() {
        OutputError::find(e)
    } else if let Some(e) = err.downcast_ref::<npio::npy::Error>() {
        e.output_error()
    } else if let Some(e) = err.downcast_ref::<npio::npz::Error>() {
        e.output_error()
    } else {
        err.downcast_ref::<npio::text::Error>()?.output_error()
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
