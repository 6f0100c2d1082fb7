//! Mapping members of `.npz` archives in place.

use crate::npy::{check_whole, refuse_objects};
use crate::{Error, ErrorKind, Memmap, Mode, Result};
use npz_archive::{MemberInfo, Method, NpzLimits, NpzReader, SharedFile};
use std::fs::File;
use std::io;
use std::path::Path;

/// Alignment a member's array data must have in the archive file to be
/// mapped: what [`NpzWriter::align`](npz_archive::NpzWriter::align) gives.
///
/// # Example
///
/// ```
/// use ndarray::array;
/// use npz_archive::{Compression, NpzWriter};
/// use npy_mmap::{NpzMap, MEMBER_ALIGN};
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("a.npz");
/// let mut w = NpzWriter::create(&path, Compression::Stored)?;
/// w.align(true);
/// w.add("x", &array![1u16, 2, 3])?;
/// w.commit()?;
///
/// let info = NpzMap::open(&path)?.info("x")?;
/// let array_data = info.data_start.unwrap() + info.header.unwrap().data_offset;
/// assert_eq!(array_data % MEMBER_ALIGN, 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const MEMBER_ALIGN: u64 = 64;

/// An `.npz` archive whose stored members can be mapped without copying,
/// something NumPy cannot do (numpy#5976).
///
/// A member maps when it is stored (not compressed) and its array data
/// starts on a 64-byte boundary of the archive file, as
/// [`NpzWriter::align`](npz_archive::NpzWriter::align)`(true)` and
/// `npio pack --align` and `npio convert --align` write it. Other members give a clear error rather
/// than a silent copy:
/// - compressed members: [`ErrorKind::Compressed`];
/// - stored members at other offsets (what `np.savez` writes):
///   [`ErrorKind::UnalignedMember`], whose message says how to rewrite the
///   archive aligned. Read such members with [`NpzReader`] instead (one
///   copy), or rewrite the archive once.
///
/// Members map read-only ([`map`](Self::map)) or copy-on-write
/// ([`map_mode`](Self::map_mode) with [`Mode::CopyOnWrite`]); writing
/// through to the archive is refused, as it would break the member's
/// CRC-32.
///
/// # Example
///
/// ```
/// use ndarray::{array, Ix1};
/// use npz_archive::{Compression, NpzWriter};
/// use npy_mmap::NpzMap;
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("model.npz");
/// let mut w = NpzWriter::create(&path, Compression::Stored)?;
/// w.align(true);
/// w.add("w", &array![1.0f64, 2.0, 3.0])?;
/// w.commit()?;
///
/// let mut npz = NpzMap::open(&path)?;
/// let w = npz.map("w")?;
/// assert_eq!(w.view::<f64, Ix1>()?, array![1.0, 2.0, 3.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct NpzMap {
    file: File,
    reader: NpzReader<SharedFile>,
}

impl NpzMap {
    /// Opens an archive and reads its directory, with the default limits.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Ix2};
    /// use npz_archive::{Compression, NpzWriter};
    /// use npy_mmap::NpzMap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("m.npz");
    /// let mut w = NpzWriter::create(&path, Compression::Stored)?;
    /// w.align(true).add("m", &array![[1i32, 2], [3, 4]])?;
    /// w.commit()?;
    ///
    /// let mut npz = NpzMap::open(&path)?;
    /// assert_eq!(npz.map("m")?.view::<i32, Ix2>()?[[1, 0]], 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open<P: AsRef<Path>>(path: P) -> Result<NpzMap> {
        NpzMap::open_with(path, NpzLimits::default())
    }

    /// Opens an archive with the given limits (the `.npy` header limits
    /// among them).
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npz_archive::NpzLimits;
    /// use npy_mmap::{ErrorKind, NpzMap};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("two.npz");
    /// npz_archive::savez(&path, &[("a", &array![1u8]), ("b", &array![2u8])])?;
    ///
    /// let mut limits = NpzLimits::new();
    /// limits.max_members(1);
    /// let err = NpzMap::open_with(&path, limits).unwrap_err();
    /// let ErrorKind::Npz(npz_err) = err.kind() else { panic!("{err}") };
    /// assert!(matches!(npz_err.kind(), npz_archive::ErrorKind::TooManyMembers { count: 2, limit: 1 }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open_with<P: AsRef<Path>>(path: P, limits: NpzLimits) -> Result<NpzMap> {
        let file = File::open(path)?;
        let shared = SharedFile::new(file.try_clone()?)?;
        let reader = NpzReader::with_limits(shared, limits)?;
        Ok(NpzMap { file, reader })
    }

    /// The member names as NumPy lists them (one `.npy` suffix removed).
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npy_mmap::NpzMap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("ab.npz");
    /// npz_archive::savez(&path, &[("a", &array![1u8]), ("b", &array![2u8])])?;
    ///
    /// assert_eq!(NpzMap::open(&path)?.names(), ["a", "b"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn names(&self) -> &[String] {
        self.reader.names()
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.reader.len()
    }

    /// True when the archive has no members.
    pub fn is_empty(&self) -> bool {
        self.reader.is_empty()
    }

    /// What a member is, from the directory and its `.npy` header.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Array2;
    /// use npz_archive::Method;
    /// use npy_mmap::NpzMap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("z.npz");
    /// npz_archive::savez_compressed(&path, &[("z", &Array2::<f64>::zeros((10, 10)))])?;
    ///
    /// let mut npz = NpzMap::open(&path)?;
    /// let info = npz.info("z")?;
    /// assert_eq!(info.method, Method::Deflate); // so it cannot be mapped
    /// assert_eq!(info.header.unwrap().header.shape, [10, 10]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn info(&mut self, name: &str) -> Result<MemberInfo> {
        let index = self.reader.index_of(name)?;
        Ok(self.reader.info(index)?)
    }

    /// The reader underneath, to read members that cannot be mapped.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Array1};
    /// use npy_mmap::NpzMap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("c.npz");
    /// npz_archive::savez_compressed(&path, &[("x", &array![1.0f32, 2.0])])?;
    ///
    /// let mut npz = NpzMap::open(&path)?;
    /// assert!(npz.map("x").is_err()); // compressed
    /// let x: Array1<f32> = npz.reader().by_name("x")?; // read with one copy instead
    /// assert_eq!(x, array![1.0, 2.0]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn reader(&mut self) -> &mut NpzReader<SharedFile> {
        &mut self.reader
    }

    /// Maps a member (with or without `.npy`) read-only.
    ///
    /// # Why this function is safe to call
    ///
    /// A map is sound only while no other process truncates the file or
    /// writes it in place, which Rust cannot enforce. npio offers opening
    /// as safe, as most memory-mapping readers do, because what such a
    /// change risks is bounded: truncation ends the process with `SIGBUS`
    /// when the lost pages are touched, and writes in place show other
    /// values in views that Rust assumes unchanging (npio never derives
    /// sizes or indices from mapped data, so no out-of-bounds access
    /// follows). npio's own writers never change a file in place. The
    /// crate's [Safety](crate#safety) section states what callers keep to.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Ix1};
    /// use npz_archive::{Compression, NpzWriter};
    /// use npy_mmap::{ErrorKind, Mode, NpzMap};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let aligned = dir.path().join("aligned.npz");
    /// let mut w = NpzWriter::create(&aligned, Compression::Stored)?;
    /// w.align(true).add("w", &array![0.5f64, 1.5])?;
    /// w.commit()?;
    ///
    /// let mut npz = NpzMap::open(&aligned)?;
    /// let w = npz.map("w.npy")?; // with or without .npy
    /// assert_eq!(w.mode(), Mode::ReadOnly);
    /// assert_eq!(w.view::<f64, Ix1>()?, array![0.5, 1.5]);
    ///
    /// // np.savez does not align its members.
    /// let plain = dir.path().join("plain.npz");
    /// npz_archive::savez(&plain, &[("w", &array![0.5f64, 1.5])])?;
    /// let err = NpzMap::open(&plain)?.map("w").unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::UnalignedMember { .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn map(&mut self, name: &str) -> Result<Memmap> {
        self.map_mode(name, Mode::ReadOnly)
    }

    /// Maps a member in mode `r` or `c`.
    ///
    /// # Why this function is safe to call
    ///
    /// A map is sound only while no other process truncates the file or
    /// writes it in place, which Rust cannot enforce. npio offers opening
    /// as safe, as most memory-mapping readers do, because what such a
    /// change risks is bounded: truncation ends the process with `SIGBUS`
    /// when the lost pages are touched, and writes in place show other
    /// values in views that Rust assumes unchanging (npio never derives
    /// sizes or indices from mapped data, so no out-of-bounds access
    /// follows). npio's own writers never change a file in place. The
    /// crate's [Safety](crate#safety) section states what callers keep to.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Ix1};
    /// use npz_archive::{Compression, NpzWriter};
    /// use npy_mmap::{ErrorKind, Mode, NpzMap};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("p.npz");
    /// let mut w = NpzWriter::create(&path, Compression::Stored)?;
    /// w.align(true).add("p", &array![1i32, 2, 3])?;
    /// w.commit()?;
    ///
    /// let mut npz = NpzMap::open(&path)?;
    /// let mut scratch = npz.map_mode("p", Mode::CopyOnWrite)?;
    /// scratch.view_mut::<i32, Ix1>()?.fill(0); // private to this map
    /// assert_eq!(npz.map("p")?.view::<i32, Ix1>()?, array![1, 2, 3]);
    ///
    /// let err = npz.map_mode("p", Mode::ReadWrite).unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::UnsupportedMode { mode: "r+", .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn map_mode(&mut self, name: &str, mode: Mode) -> Result<Memmap> {
        if !matches!(mode, Mode::ReadOnly | Mode::CopyOnWrite) {
            return Err(ErrorKind::UnsupportedMode {
                what: "mapping an .npz member (writes would break its CRC-32)",
                mode: mode.as_str(),
            }
            .into());
        }
        let info = self.info(name)?;
        let member = info.zip_name.clone();
        let parsed = info.header.ok_or_else(|| ErrorKind::NotNpy {
            member: member.clone(),
        })?;
        if info.method != Method::Stored {
            return Err(ErrorKind::Compressed {
                member,
                method: info.method.name(),
            }
            .into());
        }
        let start = info.data_start.ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("member {member}: the archive does not say where its data starts"),
            )
        })?;
        let offset = start.saturating_add(parsed.data_offset);
        if !offset.is_multiple_of(MEMBER_ALIGN) {
            return Err(ErrorKind::UnalignedMember { member, offset }.into());
        }
        refuse_objects(&parsed.header.dtype)?;
        let len = parsed.header.data_len()?;
        // The member must hold the array, and the file the member.
        let needed = parsed.data_offset.saturating_add(len as u64);
        if info.size < needed {
            return Err(Error::length(needed, info.size));
        }
        check_whole(offset, len, self.file.metadata()?.len())?;
        Memmap::map_file(&self.file, parsed.header, offset, mode)
    }
}
