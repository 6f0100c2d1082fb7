//! `np.load`: one function for `.npy` and `.npz` files, told apart by
//! their first bytes.

use crate::detect::Format;
use crate::error::{AtPath, ErrorKind, Result};
use npy_format::{NpyArray, NpyReader, ReadOptions};
use std::fs::File;
use std::path::Path;

#[cfg(feature = "mmap")]
use npy_mmap::{Memmap, Mode};
#[cfg(feature = "npz")]
use npz_archive::{NpzLimits, NpzReader, SharedFile};

/// What [`load`] found: an array, a lazy archive, or (with
/// [`LoadOptions::mmap_mode`]) a memory map.
///
/// # Example
///
/// ```
/// use npio::Loaded;
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("a.npy");
/// npio::save(&path, &ndarray::array![[1.0f64, 2.0], [3.0, 4.0]])?;
///
/// match npio::load(&path)? {
///     Loaded::Array(a) => assert_eq!(a.shape(), &[2, 2]),
///     other => panic!("expected an array, got {other:?}"),
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Loaded {
    /// A `.npy` file, read whole: any dtype, bytes as in the file.
    Array(NpyArray),
    /// An `.npz` archive, opened lazily as NumPy's `NpzFile`: nothing is
    /// read until a member is asked for, and errors in a member appear
    /// when it is read.
    #[cfg(feature = "npz")]
    Archive(NpzReader<SharedFile>),
    /// A `.npy` file mapped into memory, when [`LoadOptions::mmap_mode`]
    /// is set.
    #[cfg(feature = "mmap")]
    Memmap(Memmap),
}

impl Loaded {
    /// The format of the file loaded.
    ///
    /// # Example
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("a.npy");
    /// npio::save(&path, &ndarray::array![true, false])?;
    /// assert_eq!(npio::load(&path)?.format(), npio::Format::Npy);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn format(&self) -> Format {
        match self {
            Loaded::Array(_) => Format::Npy,
            #[cfg(feature = "npz")]
            Loaded::Archive(_) => Format::Npz,
            #[cfg(feature = "mmap")]
            Loaded::Memmap(_) => Format::Npy,
        }
    }

    /// The array, when a `.npy` file was loaded (a mapped one is copied);
    /// [`ErrorKind::WrongFormat`] for an archive.
    ///
    /// # Example
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("a.npy");
    /// npio::save(&path, &ndarray::array![1i64, 2, 3])?;
    ///
    /// let a = npio::load(&path)?.into_array()?;
    /// assert_eq!(a.to_array::<i64, ndarray::Ix1>()?, ndarray::array![1, 2, 3]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_array(self) -> Result<NpyArray> {
        match self {
            Loaded::Array(a) => Ok(a),
            #[cfg(feature = "npz")]
            Loaded::Archive(_) => Err(wrong_format("npy", "npz")),
            #[cfg(feature = "mmap")]
            Loaded::Memmap(m) => Ok(m.to_npy_array()?),
        }
    }

    /// The archive, when an `.npz` file was loaded;
    /// [`ErrorKind::WrongFormat`] otherwise.
    ///
    /// # Example
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("a.npz");
    /// npio::savez(&path, &[("x", &ndarray::array![1.5f32])])?;
    ///
    /// let mut npz = npio::load(&path)?.into_archive()?;
    /// assert_eq!(npz.names(), ["x"]);
    /// assert_eq!(npz.by_name::<f32, ndarray::Ix1>("x")?[0], 1.5);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "npz")]
    pub fn into_archive(self) -> Result<NpzReader<SharedFile>> {
        match self {
            Loaded::Archive(npz) => Ok(npz),
            _ => Err(wrong_format("npz", "npy")),
        }
    }

    /// The map, when [`LoadOptions::mmap_mode`] was set and the file is a
    /// `.npy`; [`ErrorKind::NotMapped`] when it was read instead,
    /// [`ErrorKind::WrongFormat`] for an archive.
    ///
    /// # Example
    ///
    /// ```
    /// use npio::{mmap::Mode, LoadOptions};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("a.npy");
    /// npio::save(&path, &ndarray::array![1.0f64, 2.0])?;
    ///
    /// let map = LoadOptions::new().mmap_mode(Mode::ReadOnly).load(&path)?.into_memmap()?;
    /// assert_eq!(map.view::<f64, ndarray::Ix1>()?[1], 2.0);
    /// assert!(npio::load(&path)?.into_memmap().is_err()); // read, not mapped
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "mmap")]
    pub fn into_memmap(self) -> Result<Memmap> {
        match self {
            Loaded::Memmap(m) => Ok(m),
            #[cfg(feature = "npz")]
            Loaded::Archive(_) => Err(wrong_format("npy", "npz")),
            Loaded::Array(_) => Err(ErrorKind::NotMapped.into()),
        }
    }
}

#[cfg(feature = "npz")]
fn wrong_format(expected: &'static str, found: &'static str) -> crate::Error {
    ErrorKind::WrongFormat { expected, found }.into()
}

/// Loads a `.npy` or `.npz` file, as `np.load(path)` does: the format is
/// taken from the file's first bytes, not its name.
///
/// - `\x93NUMPY`: the whole array, [`Loaded::Array`].
/// - `PK\x03\x04` or `PK\x05\x06` (a ZIP archive, possibly empty): the
///   archive, opened lazily, [`Loaded::Archive`].
/// - `\x80` (a Python pickle): refused, [`ErrorKind::Pickle`]. So is a
///   `.npy` of Python objects (`|O`), [`ErrorKind::ObjectArray`]. npio
///   never runs pickles; NumPy does so only with `allow_pickle=True`.
/// - Anything else: [`ErrorKind::UnknownFormat`], showing the first bytes;
///   an empty file: [`ErrorKind::Empty`].
///
/// Errors name the file ([`Error::path`](crate::Error::path)). Limits on hostile input
/// (header size, archive sizes) are NumPy's defaults or tighter; see
/// [`LoadOptions`] to change them or to memory-map instead of reading.
///
/// # Example
///
/// ```
/// # #[cfg(feature = "npz")]
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use ndarray::array;
///
/// let dir = tempfile::tempdir()?;
/// let npy = dir.path().join("w.npy");
/// let npz = dir.path().join("w.npz");
/// npio::save(&npy, &array![1u16, 2])?;
/// npio::savez(&npz, &[("w", &array![1u16, 2])])?;
///
/// let a = npio::load(&npy)?.into_array()?;
/// let mut archive = npio::load(&npz)?.into_archive()?;
/// assert_eq!(archive.by_name_dyn("w")?.data(), a.data());
///
/// std::fs::write(&npy, b"\x80\x04\x95")?;
/// assert!(npio::load(&npy).unwrap_err().is_pickle());
/// # Ok(())
/// # }
/// # #[cfg(not(feature = "npz"))]
/// # fn main() {}
/// ```
pub fn load<P: AsRef<Path>>(path: P) -> Result<Loaded> {
    LoadOptions::new().load(path)
}

/// `np.load`'s options: header size limit, archive limits and
/// `mmap_mode`.
///
/// # Example
///
/// ```
/// # #[cfg(feature = "mmap")]
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("a.npy");
/// npio::save(&path, &ndarray::Array2::<f32>::zeros((4, 3)))?;
///
/// let loaded = npio::LoadOptions::new()
///     .max_header_size(200_000) // a trusted file
///     .mmap_mode(npio::mmap::Mode::ReadOnly)
///     .load(&path)?;
/// let map = loaded.into_memmap()?;
/// assert_eq!(map.view::<f32, ndarray::Ix2>()?.shape(), &[4, 3]);
/// # Ok(())
/// # }
/// # #[cfg(not(feature = "mmap"))]
/// # fn main() {}
/// ```
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    npy: ReadOptions,
    #[cfg(feature = "npz")]
    npz: NpzLimits,
    #[cfg(feature = "mmap")]
    mmap_mode: Option<Mode>,
}

impl LoadOptions {
    /// NumPy's defaults: headers up to 10000 characters, npz-archive's
    /// default archive limits, no memory map.
    ///
    /// # Example
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("a.npy");
    /// npio::save(&path, &ndarray::array![7u8])?;
    /// let a = npio::LoadOptions::new().load(&path)?.into_array()?; // as npio::load
    /// assert_eq!(a.data(), [7]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new() -> LoadOptions {
        LoadOptions::default()
    }

    /// The longest header accepted, in characters (`max_header_size`;
    /// default 10000, as NumPy). Applies to `.npz` members too.
    ///
    /// # Example
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("a.npy");
    /// npio::save(&path, &ndarray::array![1i32, 2])?; // a 118-character header
    ///
    /// let err = npio::LoadOptions::new().max_header_size(100).load(&path).unwrap_err();
    /// assert!(err.to_string().contains("exceeds the limit of 100"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn max_header_size(&mut self, chars: usize) -> &mut Self {
        self.npy.max_header_size(chars);
        self
    }

    /// All `.npy` header limits at once (header size, dimensions, dtype
    /// nesting); replaces what [`max_header_size`](Self::max_header_size)
    /// set.
    ///
    /// # Example
    ///
    /// ```
    /// use npio::npy::ReadOptions;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("a.npy");
    /// npio::save(&path, &ndarray::Array3::<u8>::zeros((1, 1, 1)))?;
    ///
    /// let mut opts = ReadOptions::new();
    /// opts.max_ndim(2);
    /// assert!(npio::LoadOptions::new().read_options(opts).load(&path).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_options(&mut self, opts: ReadOptions) -> &mut Self {
        self.npy = opts;
        self
    }

    /// Limits on what an `.npz` may make the reader decompress (member
    /// count, sizes, compression ratio). Its `.npy` header limits are
    /// replaced by this builder's.
    ///
    /// # Example
    ///
    /// ```
    /// use npio::npz::NpzLimits;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("a.npz");
    /// let x = ndarray::array![1u8];
    /// npio::savez(&path, &[("a", &x), ("b", &x)])?;
    ///
    /// let mut limits = NpzLimits::new();
    /// limits.max_members(1);
    /// assert!(npio::LoadOptions::new().npz_limits(limits).load(&path).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "npz")]
    pub fn npz_limits(&mut self, limits: NpzLimits) -> &mut Self {
        self.npz = limits;
        self
    }

    /// Maps a `.npy` file instead of reading it (`mmap_mode`): mode `r`,
    /// `r+` or `c` (`w+` is an error, as in NumPy, where it needs a dtype
    /// and shape: see [`create_memmap`](crate::create_memmap)). `.npz`
    /// files are still opened lazily, ignoring the mode, as NumPy does;
    /// [`NpzMap`](crate::mmap::NpzMap) maps their stored members.
    ///
    /// # Example
    ///
    /// ```
    /// use npio::{mmap::Mode, Loaded, LoadOptions};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("a.npy");
    /// npio::save(&path, &ndarray::array![1u32, 2, 3])?;
    ///
    /// let mut opts = LoadOptions::new();
    /// opts.mmap_mode(Mode::CopyOnWrite);
    /// let Loaded::Memmap(mut map) = opts.load(&path)? else { panic!("not mapped") };
    /// map.view_mut::<u32, ndarray::Ix1>()?[0] = 9; // private to this map
    /// assert_eq!(npio::load(&path)?.into_array()?.data()[0], 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "mmap")]
    pub fn mmap_mode(&mut self, mode: Mode) -> &mut Self {
        self.mmap_mode = Some(mode);
        self
    }

    /// Loads the file; see [`load`].
    ///
    /// # Example
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("a.npy");
    /// npio::save(&path, &ndarray::array![[1i8, 2], [3, 4]])?;
    ///
    /// let opts = npio::LoadOptions::new();
    /// for _ in 0..2 {
    ///     assert_eq!(opts.load(&path)?.into_array()?.shape(), &[2, 2]);
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn load<P: AsRef<Path>>(&self, path: P) -> Result<Loaded> {
        let path = path.as_ref();
        self.load_inner(path).at(path)
    }

    fn load_inner(&self, path: &Path) -> Result<Loaded> {
        let mut file = File::open(path)?;
        let (format, _) = Format::read_start(&mut file)?;
        drop(file);
        match format {
            Format::Npy => self.load_npy(path),
            Format::Npz => self.load_npz(path),
            Format::Pickle => Err(ErrorKind::Pickle.into()),
        }
    }

    fn load_npy(&self, path: &Path) -> Result<Loaded> {
        let reader = NpyReader::open_with(path, &self.npy)?;
        let header = reader.header();
        if header.dtype.has_object() {
            let shape = header.shape.clone();
            return Err(ErrorKind::ObjectArray { shape }.into());
        }
        #[cfg(feature = "mmap")]
        if let Some(mode) = self.mmap_mode {
            drop(reader);
            return Ok(Loaded::Memmap(Memmap::open_with(path, mode, &self.npy)?));
        }
        Ok(Loaded::Array(reader.read_dyn()?))
    }

    #[cfg(feature = "npz")]
    fn load_npz(&self, path: &Path) -> Result<Loaded> {
        let mut limits = self.npz.clone();
        limits.npy_options(self.npy.clone());
        Ok(Loaded::Archive(NpzReader::open_with(path, limits)?))
    }

    #[cfg(not(feature = "npz"))]
    fn load_npz(&self, _path: &Path) -> Result<Loaded> {
        Err(ErrorKind::FeatureDisabled {
            format: "npz",
            feature: "npz",
        }
        .into())
    }
}
