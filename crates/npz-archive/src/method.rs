//! Compression methods: what a member uses, and what a writer applies.

use std::fmt;

/// How a member is compressed (as read from the archive).
///
/// # Example
///
/// ```
/// use ndarray::array;
/// use npz_archive::{Compression, Method, NpzReader, NpzWriter};
/// use std::io::Cursor;
///
/// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
/// w.add("raw", &array![1u8, 2, 3])?;
/// w.compression(Compression::NUMPY_COMPRESSED);
/// w.add("packed", &array![4u8, 5, 6])?;
/// let mut npz = NpzReader::new(Cursor::new(w.finish()?.into_inner()))?;
///
/// assert_eq!(npz.info(0)?.method, Method::Stored);
/// assert_eq!(npz.info(1)?.method, Method::Deflate);
/// # Ok::<(), npz_archive::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Method {
    /// No compression (`np.savez`).
    Stored,
    /// Deflate (`np.savez_compressed`).
    Deflate,
    /// Zstandard.
    Zstd,
    /// bzip2.
    Bzip2,
    /// LZMA.
    Lzma,
    /// xz.
    Xz,
    /// Another ZIP method, by number.
    Other(u16),
}

impl Method {
    pub(crate) fn from_zip(m: zip::CompressionMethod) -> Method {
        match m {
            zip::CompressionMethod::Stored => Method::Stored,
            zip::CompressionMethod::Deflated => Method::Deflate,
            #[cfg(feature = "zstd")]
            zip::CompressionMethod::Zstd => Method::Zstd,
            #[cfg(feature = "bzip2")]
            zip::CompressionMethod::Bzip2 => Method::Bzip2,
            #[cfg(feature = "lzma")]
            zip::CompressionMethod::Lzma => Method::Lzma,
            #[cfg(feature = "lzma")]
            zip::CompressionMethod::Xz => Method::Xz,
            other => {
                // The method's number is what identifies the ones compiled
                // out of the zip reader.
                #[allow(deprecated)]
                let n = other.to_u16();
                match n {
                    12 => Method::Bzip2,
                    14 => Method::Lzma,
                    93 => Method::Zstd,
                    95 => Method::Xz,
                    n => Method::Other(n),
                }
            }
        }
    }

    /// The name `npio info` prints: `stored`, `deflate`, `zstd`, `bzip2`,
    /// `lzma`, `xz`, or `method N`.
    ///
    /// # Example
    ///
    /// ```
    /// use npz_archive::Method;
    ///
    /// assert_eq!(Method::Deflate.name(), "deflate");
    /// assert_eq!(Method::Other(99).name(), "method 99");
    /// assert_eq!(Method::Zstd.to_string(), "zstd"); // Display prints the same
    /// ```
    pub fn name(&self) -> String {
        match self {
            Method::Stored => "stored".into(),
            Method::Deflate => "deflate".into(),
            Method::Zstd => "zstd".into(),
            Method::Bzip2 => "bzip2".into(),
            Method::Lzma => "lzma".into(),
            Method::Xz => "xz".into(),
            Method::Other(n) => format!("method {n}"),
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// How a writer compresses members.
///
/// # Example
///
/// ```
/// use ndarray::Array1;
/// use npz_archive::{Compression, NpzWriter};
/// use std::io::Cursor;
///
/// let zeros = Array1::<f64>::zeros(10_000);
/// let size = |c: Compression| -> Result<usize, npz_archive::Error> {
///     let mut w = NpzWriter::new(Cursor::new(Vec::new()), c);
///     w.add("z", &zeros)?;
///     Ok(w.finish()?.into_inner().len())
/// };
/// let stored = size(Compression::Stored)?;
/// assert!(stored > 80_000);
/// assert!(size(Compression::Deflate(9))? < stored / 50);
/// assert!(size(Compression::Zstd(3))? < stored / 50);
/// # Ok::<(), npz_archive::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Compression {
    /// No compression, as `np.savez`.
    Stored,
    /// Deflate at a level from 1 (fastest) to 9 (smallest); 6 is zlib's
    /// default, as `np.savez_compressed`. 0 counts as 1, and levels over 9
    /// as 9. A member is compressed in 1 MiB chunks on every core, as one
    /// ordinary deflate stream; level 6 gives archives within 1% of
    /// NumPy's size (docs/benchmarks.md has each level's size and speed
    /// beside zlib's).
    Deflate(u32),
    /// Zstandard at a level from 1 to 22 (3 is zstd's default; others are
    /// brought into that range), one frame per member compressed by zstd's
    /// worker threads on every core. NumPy
    /// reads it through Python's zipfile with zstd support (Python 3.14, or
    /// the `backports.zstd` package).
    #[cfg(feature = "zstd")]
    Zstd(i32),
}

impl Compression {
    /// What `np.savez_compressed` uses: deflate at zlib's default level.
    ///
    /// # Example
    ///
    /// ```
    /// use npz_archive::Compression;
    ///
    /// assert_eq!(Compression::NUMPY_COMPRESSED, Compression::Deflate(6));
    /// assert!(!Compression::NUMPY_COMPRESSED.is_stored());
    /// ```
    pub const NUMPY_COMPRESSED: Compression = Compression::Deflate(6);

    /// The zip method number members get: 0 stored, 8 deflate, 93 zstd.
    pub(crate) fn zip_method_id(self) -> u16 {
        match self {
            Compression::Stored => 0,
            Compression::Deflate(_) => 8,
            #[cfg(feature = "zstd")]
            Compression::Zstd(_) => 93,
        }
    }

    pub(crate) fn zip_method(self) -> (zip::CompressionMethod, Option<i64>) {
        match self {
            Compression::Stored => (zip::CompressionMethod::Stored, None),
            Compression::Deflate(level) => (
                zip::CompressionMethod::Deflated,
                Some(level.clamp(1, 9) as i64),
            ),
            #[cfg(feature = "zstd")]
            Compression::Zstd(level) => (
                zip::CompressionMethod::Zstd,
                Some(level.clamp(1, 22) as i64),
            ),
        }
    }

    /// True for [`Compression::Stored`].
    ///
    /// # Example
    ///
    /// ```
    /// use npz_archive::Compression;
    ///
    /// assert!(Compression::Stored.is_stored());
    /// assert!(!Compression::Deflate(1).is_stored());
    /// ```
    pub fn is_stored(self) -> bool {
        self == Compression::Stored
    }
}
