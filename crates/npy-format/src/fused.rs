//! A reader that stops at its first error.

use std::io::{self, Read};

/// Wraps a reader so that, after its first error (other than
/// `Interrupted`), every later read returns an error of the same kind
/// without calling the inner reader again.
///
/// Decompressors are not all safe to resume after a data error: `bzip2`
/// 0.6 over `libbz2-rs-sys` 0.2.6 panics with an index out of bounds, in
/// a function that cannot unwind (so the process aborts), when read on
/// after a corrupt block. npio reads every decompressed stream through
/// this wrapper, so a caller that retries after an error gets the error
/// again instead.
///
/// # Example
///
/// ```
/// use npy_format::FusedReader;
/// use std::io::{self, Read};
///
/// struct FailsOnce(bool);
/// impl Read for FailsOnce {
///     fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
///         let first = std::mem::replace(&mut self.0, false);
///         if first { Err(io::Error::other("corrupt block")) } else { Ok(0) }
///     }
/// }
///
/// let mut r = FusedReader::new(FailsOnce(true));
/// let mut buf = [0u8; 4];
/// assert!(r.read(&mut buf).is_err());
/// let again = r.read(&mut buf).unwrap_err(); // not the inner `Ok(0)`
/// assert!(again.to_string().starts_with("corrupt block"));
/// ```
#[derive(Debug)]
pub struct FusedReader<R> {
    inner: R,
    failed: Option<(io::ErrorKind, String)>,
}

impl<R> FusedReader<R> {
    /// Wraps `inner`.
    pub fn new(inner: R) -> Self {
        FusedReader {
            inner,
            failed: None,
        }
    }

    /// The inner reader.
    pub fn into_inner(self) -> R {
        self.inner
    }
}

impl<R: Read> Read for FusedReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some((kind, msg)) = &self.failed {
            return Err(io::Error::new(
                *kind,
                format!("{msg} (read again after the error)"),
            ));
        }
        match self.inner.read(buf) {
            Err(e) if e.kind() != io::ErrorKind::Interrupted => {
                self.failed = Some((e.kind(), e.to_string()));
                Err(e)
            }
            other => other,
        }
    }
}
