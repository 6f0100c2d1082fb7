//! The four ways to map a file, as `np.memmap` names them.

use std::fmt;
use std::str::FromStr;

/// How a file is mapped: NumPy's `mode` argument.
///
/// # Example
///
/// ```
/// use npy_mmap::Mode;
///
/// assert_eq!("r+".parse::<Mode>()?, Mode::ReadWrite);
/// assert_eq!(Mode::CopyOnWrite.as_str(), "c");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Mode {
    /// `r`: read-only. The file must hold the whole array.
    #[default]
    ReadOnly,
    /// `r+`: read-write; writes reach the file. A raw map extends a short
    /// file with zeros.
    ReadWrite,
    /// `w+`: create or truncate the file, then read-write.
    Create,
    /// `c`: copy-on-write; writes stay in this process and the file never
    /// changes.
    CopyOnWrite,
}

impl Mode {
    /// NumPy's spelling: `r`, `r+`, `w+` or `c`.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_mmap::Mode;
    ///
    /// assert_eq!(Mode::ReadOnly.as_str(), "r");
    /// assert_eq!(Mode::Create.as_str(), "w+");
    /// assert_eq!(Mode::ReadWrite.to_string(), "r+"); // Display prints the same
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::ReadOnly => "r",
            Mode::ReadWrite => "r+",
            Mode::Create => "w+",
            Mode::CopyOnWrite => "c",
        }
    }

    /// True when views of the map can be written (every mode but `r`).
    ///
    /// # Example
    ///
    /// ```
    /// use npy_mmap::Mode;
    ///
    /// assert!(!Mode::ReadOnly.is_writable());
    /// assert!(Mode::ReadWrite.is_writable());
    /// assert!(Mode::CopyOnWrite.is_writable()); // privately
    /// ```
    pub fn is_writable(self) -> bool {
        self != Mode::ReadOnly
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing a [`Mode`] from text.
///
/// # Example
///
/// ```
/// use npy_mmap::{Mode, ParseModeError};
///
/// let err: ParseModeError = "rw".parse::<Mode>().unwrap_err();
/// assert!(err.to_string().starts_with("unknown mode \"rw\""));
/// assert_eq!("copyonwrite".parse::<Mode>(), Ok(Mode::CopyOnWrite));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseModeError {
    text: String,
}

impl fmt::Display for ParseModeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown mode {:?}: expected r, r+, w+ or c (or readonly, readwrite, write, copyonwrite)",
            self.text
        )
    }
}

impl std::error::Error for ParseModeError {}

impl FromStr for Mode {
    type Err = ParseModeError;

    /// NumPy's spellings, short (`r`, `r+`, `w+`, `c`) and long
    /// (`readonly`, `readwrite`, `write`, `copyonwrite`).
    fn from_str(text: &str) -> Result<Mode, ParseModeError> {
        Ok(match text {
            "r" | "readonly" => Mode::ReadOnly,
            "r+" | "readwrite" => Mode::ReadWrite,
            "w+" | "write" => Mode::Create,
            "c" | "copyonwrite" => Mode::CopyOnWrite,
            _ => {
                return Err(ParseModeError {
                    text: text.to_string(),
                });
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_round_trip() {
        for m in [
            Mode::ReadOnly,
            Mode::ReadWrite,
            Mode::Create,
            Mode::CopyOnWrite,
        ] {
            assert_eq!(m.as_str().parse::<Mode>().unwrap(), m);
        }
        assert_eq!("readwrite".parse::<Mode>().unwrap(), Mode::ReadWrite);
        assert!("w".parse::<Mode>().is_err());
    }
}
