//! Mapping members of `.npz` archives in place.

use crate::npy::{check_len, refuse_objects};
use crate::{Error, ErrorKind, Memmap, Mode, Result};
use npz_archive::{MemberInfo, Method, NpzLimits, NpzReader, SharedFile};
use std::fs::File;
use std::io;
use std::path::Path;

/// Alignment a member's array data must have in the archive file to be
/// mapped: what [`NpzWriter::align`](npz_archive::NpzWriter::align) gives.
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
/// use npz_archive::{Compression, NpzFileWriter};
/// use npy_mmap::NpzMap;
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("model.npz");
/// let mut w = NpzFileWriter::create(&path, Compression::Stored)?;
/// w.align(true);
/// w.add("w", &array![1.0f64, 2.0, 3.0])?;
/// w.finish()?;
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
    pub fn open<P: AsRef<Path>>(path: P) -> Result<NpzMap> {
        NpzMap::open_with(path, NpzLimits::default())
    }

    /// Opens an archive with the given limits (the `.npy` header limits
    /// among them).
    pub fn open_with<P: AsRef<Path>>(path: P, limits: NpzLimits) -> Result<NpzMap> {
        let file = File::open(path)?;
        let shared = SharedFile::new(file.try_clone()?)?;
        let reader = NpzReader::with_limits(shared, limits)?;
        Ok(NpzMap { file, reader })
    }

    /// The member names as NumPy lists them (one `.npy` suffix removed).
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
    pub fn info(&mut self, name: &str) -> Result<MemberInfo> {
        let index = self.reader.index_of(name)?;
        Ok(self.reader.info(index)?)
    }

    /// The reader underneath, to read members that cannot be mapped.
    pub fn reader(&mut self) -> &mut NpzReader<SharedFile> {
        &mut self.reader
    }

    /// Maps a member (with or without `.npy`) read-only.
    pub fn map(&mut self, name: &str) -> Result<Memmap> {
        self.map_mode(name, Mode::ReadOnly)
    }

    /// Maps a member in mode `r` or `c`.
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
        check_len(offset, len, self.file.metadata()?.len())?;
        Memmap::map_file(&self.file, parsed.header, offset, mode)
    }
}
