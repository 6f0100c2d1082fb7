//! Reading archives: names, per-member info, typed and dynamic reads, with
//! limits against zip bombs.

use crate::error::{Error, ErrorKind, Result};
use crate::file::SharedFile;
use crate::method::Method;
use crate::names::display_name;
use ndarray::{Array, Dimension};
use npy_format::{NpyArray, NpyReader, ParsedHeader, ReadOptions, ReadableElement};
use rayon::prelude::*;
use std::fs::File;
use std::io::{self, Read, Seek};
use std::path::Path;
use std::sync::Arc;
use zip::ZipArchive;

/// Compressed members below this size are not held to the ratio limit.
const RATIO_FLOOR: u64 = 1 << 20;

/// Limits on what an archive may ask of the reader. The defaults are safe
/// for untrusted archives.
///
/// # Example
///
/// ```
/// use npz_archive::NpzLimits;
///
/// let mut limits = NpzLimits::new();
/// limits.max_member_size(64 << 30).max_ratio(100_000); // a trusted archive of zeros
/// # let _ = limits;
/// ```
#[derive(Debug, Clone)]
pub struct NpzLimits {
    pub(crate) max_members: usize,
    pub(crate) max_member_size: u64,
    pub(crate) max_total_size: u64,
    pub(crate) max_ratio: u64,
    pub(crate) npy: ReadOptions,
}

impl Default for NpzLimits {
    fn default() -> Self {
        NpzLimits {
            max_members: 65_536,
            max_member_size: 16 << 30,
            max_total_size: 64 << 30,
            max_ratio: 10_000,
            npy: ReadOptions::default(),
        }
    }
}

impl NpzLimits {
    /// The default, safe limits.
    pub fn new() -> NpzLimits {
        NpzLimits::default()
    }

    /// Most members an archive may have (default 65536).
    pub fn max_members(&mut self, n: usize) -> &mut Self {
        self.max_members = n;
        self
    }

    /// Largest uncompressed member, in bytes (default 16 GiB).
    pub fn max_member_size(&mut self, bytes: u64) -> &mut Self {
        self.max_member_size = bytes;
        self
    }

    /// Most bytes this reader decompresses in all, counting every read
    /// (default 64 GiB).
    pub fn max_total_size(&mut self, bytes: u64) -> &mut Self {
        self.max_total_size = bytes;
        self
    }

    /// Largest uncompressed/compressed ratio of a compressed member over
    /// 1 MiB (default 10000; deflate cannot exceed 1032, so only lies and
    /// other methods' extreme cases reach it).
    pub fn max_ratio(&mut self, ratio: u64) -> &mut Self {
        self.max_ratio = ratio;
        self
    }

    /// Limits for each member's `.npy` header.
    pub fn npy_options(&mut self, opts: ReadOptions) -> &mut Self {
        self.npy = opts;
        self
    }
}

/// What one member is, read from the archive's directory and the member's
/// `.npy` header alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberInfo {
    /// The name NumPy lists (one `.npy` suffix removed).
    pub name: String,
    /// The name in the archive.
    pub zip_name: String,
    /// The `.npy` header, or `None` for a member that is not a `.npy` file.
    pub header: Option<ParsedHeader>,
    /// How the member is compressed.
    pub method: Method,
    /// Bytes in the archive.
    pub compressed_size: u64,
    /// Bytes once decompressed.
    pub size: u64,
    /// Offset of the member's data in the archive file.
    pub data_start: Option<u64>,
    /// CRC-32 of the uncompressed data.
    pub crc32: u32,
}

/// A member's decompressed stream that stops at its first error: every
/// later read returns an error of the same kind without calling the
/// decompressor again. Decoders are not all safe to resume after a data
/// error: bzip2's (`bzip2` 0.6 over `libbz2-rs-sys` 0.2.6) panics with an
/// index out of bounds when read on after a corrupt block.
struct Fused<T> {
    inner: T,
    failed: Option<(io::ErrorKind, String)>,
}

impl<T> Fused<T> {
    fn new(inner: T) -> Self {
        Fused {
            inner,
            failed: None,
        }
    }
}

impl<T: Read> Read for Fused<T> {
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

/// Reads an `.npz` archive lazily: each member is read (and decompressed)
/// only when asked for, streamed into its array.
///
/// # Example
///
/// ```
/// use ndarray::{array, Array1};
/// use npz_archive::{Compression, NpzReader, NpzWriter};
/// use std::io::Cursor;
///
/// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Deflate(6));
/// w.add("x", &array![1.0, 2.0])?;
/// let bytes = w.finish()?.into_inner();
///
/// let mut npz = NpzReader::new(Cursor::new(bytes))?;
/// assert_eq!(npz.names(), ["x"]);
/// let x: Array1<f64> = npz.by_name("x")?;
/// assert_eq!(x, array![1.0, 2.0]);
/// # Ok::<(), npz_archive::Error>(())
/// ```
#[derive(Debug)]
pub struct NpzReader<R: Read + Seek> {
    zip: ZipArchive<R>,
    zip_names: Arc<[String]>,
    names: Arc<[String]>,
    limits: NpzLimits,
    total: u64,
}

impl NpzReader<SharedFile> {
    /// Opens an archive file with the default limits.
    pub fn open<P: AsRef<Path>>(path: P) -> Result<Self> {
        NpzReader::open_with(path, NpzLimits::default())
    }

    /// Opens an archive file with the given limits.
    pub fn open_with<P: AsRef<Path>>(path: P, limits: NpzLimits) -> Result<Self> {
        NpzReader::with_limits(SharedFile::new(File::open(path)?)?, limits)
    }
}

impl<R: Read + Seek> NpzReader<R> {
    /// Reads the archive's directory with the default limits.
    pub fn new(reader: R) -> Result<Self> {
        NpzReader::with_limits(reader, NpzLimits::default())
    }

    /// Reads the archive's directory with the given limits.
    pub fn with_limits(reader: R, limits: NpzLimits) -> Result<Self> {
        let mut zip = ZipArchive::new(reader).map_err(|e| Error::zip(None, e))?;
        if zip.len() > limits.max_members {
            return Err(ErrorKind::TooManyMembers {
                count: zip.len(),
                limit: limits.max_members,
            }
            .into());
        }
        if zip
            .has_overlapping_entries()
            .map_err(|e| Error::zip(None, e))?
        {
            return Err(ErrorKind::OverlappingMembers.into());
        }
        let mut zip_names = Vec::with_capacity(zip.len());
        for i in 0..zip.len() {
            let name = match zip.name_for_index(i) {
                // Python's zipfile ends names at a NUL byte, and so NumPy.
                Some(Ok(n)) => n.split('\0').next().unwrap_or_default().to_string(),
                Some(Err(e)) => return Err(Error::zip(None, e)),
                None => String::new(),
            };
            zip_names.push(name);
        }
        let names = zip_names
            .iter()
            .map(|n| display_name(n).to_string())
            .collect();
        Ok(NpzReader {
            zip,
            zip_names: zip_names.into(),
            names,
            limits,
            total: 0,
        })
    }

    /// The member names as NumPy lists them (`np.load(f).files`): one
    /// `.npy` suffix removed, members that are not `.npy` files included.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The member names as stored in the archive (ended at a NUL byte,
    /// as Python's zipfile reads them).
    pub fn zip_names(&self) -> &[String] {
        &self.zip_names
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when the archive has no members.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The index of a member, by its name with or without `.npy` (as
    /// `np.load(f)[name]` finds it).
    pub fn index_of(&self, name: &str) -> Result<usize> {
        self.zip_names
            .iter()
            .position(|n| n == name)
            .or_else(|| {
                let with_suffix = format!("{name}.npy");
                self.zip_names.iter().position(|n| *n == with_suffix)
            })
            .ok_or_else(|| {
                ErrorKind::NoSuchMember {
                    name: name.to_string(),
                }
                .into()
            })
    }

    fn check_index(&self, index: usize) -> Result<()> {
        if index >= self.len() {
            return Err(ErrorKind::NoSuchIndex {
                index,
                len: self.len(),
            }
            .into());
        }
        Ok(())
    }

    /// Opens a member for reading after checking it against the limits.
    fn open_member(&mut self, index: usize) -> Result<zip::read::ZipFile<'_, R>> {
        self.check_index(index)?;
        let member = &self.zip_names[index];
        let file = self
            .zip
            .by_index(index)
            .map_err(|e| Error::zip(Some(member), e))?;
        let (size, compressed) = (file.size(), file.compressed_size());
        if size > self.limits.max_member_size {
            return Err(ErrorKind::MemberTooLarge {
                member: member.clone(),
                size,
                limit: self.limits.max_member_size,
            }
            .into());
        }
        let stored = file.compression() == zip::CompressionMethod::Stored;
        if !stored && size > RATIO_FLOOR && size / compressed.max(1) > self.limits.max_ratio {
            return Err(ErrorKind::RatioTooHigh {
                member: member.clone(),
                size,
                compressed,
                limit: self.limits.max_ratio,
            }
            .into());
        }
        let total = self.total.saturating_add(size);
        if total > self.limits.max_total_size {
            return Err(ErrorKind::TotalTooLarge {
                member: member.clone(),
                total,
                limit: self.limits.max_total_size,
            }
            .into());
        }
        self.total = total;
        Ok(file)
    }

    /// A streaming `.npy` reader over member `index`, positioned after its
    /// header: read the data whole or in chunks
    /// ([`NpyReader::read_rows`]), a large member never held in memory.
    /// The zip reader checks the member's CRC when its end is read (read
    /// on until a read returns 0 bytes). Once a read fails, every later
    /// read fails too.
    pub fn npy_reader(&mut self, index: usize) -> Result<NpyReader<impl Read + '_>> {
        let opts = self.limits.npy.clone();
        let member = self.zip_names.get(index).cloned().unwrap_or_default();
        let file = self.open_member(index)?;
        let size = file.size();
        let reader =
            NpyReader::with_options(Fused::new(file), &opts).map_err(|e| Error::npy(&member, e))?;
        let data_offset = reader.parsed_header().data_offset;
        Ok(reader.with_data_len(size.saturating_sub(data_offset)))
    }

    /// Reads member `index` through `read`, then reads what is left of
    /// it so that the zip reader reaches its end and checks the CRC.
    fn read_member<T>(
        &mut self,
        index: usize,
        read: impl FnOnce(NpyReader<&mut zip::read::ZipFile<'_, R>>) -> npy_format::Result<T>,
    ) -> Result<T> {
        let opts = self.limits.npy.clone();
        let member = self.zip_names.get(index).cloned().unwrap_or_default();
        let mut file = self.open_member(index)?;
        let size = file.size();
        let result = (|| {
            let reader = NpyReader::with_options(&mut file, &opts)?;
            let data_offset = reader.parsed_header().data_offset;
            let value = read(reader.with_data_len(size.saturating_sub(data_offset)))?;
            io::copy(&mut file, &mut io::sink())?;
            Ok(value)
        })();
        result.map_err(|e| Error::npy(&member, e))
    }

    /// Reads member `index` into a typed ndarray.
    pub fn by_index<A: ReadableElement, D: Dimension>(
        &mut self,
        index: usize,
    ) -> Result<Array<A, D>> {
        self.read_member(index, |r| r.read_array())
    }

    /// Reads a member, by name with or without `.npy`, into a typed
    /// ndarray.
    pub fn by_name<A: ReadableElement, D: Dimension>(&mut self, name: &str) -> Result<Array<A, D>> {
        let index = self.index_of(name)?;
        self.by_index(index)
    }

    /// Reads member `index` whatever its dtype.
    pub fn by_index_dyn(&mut self, index: usize) -> Result<NpyArray> {
        self.read_member(index, |r| r.read_dyn())
    }

    /// Reads a member, by name with or without `.npy`, whatever its dtype.
    pub fn by_name_dyn(&mut self, name: &str) -> Result<NpyArray> {
        let index = self.index_of(name)?;
        self.by_index_dyn(index)
    }

    /// Reads every member in order, whatever their dtypes, as
    /// `(name, array)` pairs.
    pub fn read_all_dyn(&mut self) -> Result<Vec<(String, NpyArray)>> {
        (0..self.len())
            .map(|i| Ok((self.names[i].clone(), self.by_index_dyn(i)?)))
            .collect()
    }

    /// Reads every member in order, whatever their dtypes, decompressing
    /// several at once on every core (each thread reads its own members
    /// through its own clone of the reader). Same result as
    /// [`read_all_dyn`](Self::read_all_dyn).
    pub fn read_all_dyn_parallel(&mut self) -> Result<Vec<(String, NpyArray)>>
    where
        R: Clone + Send + Sync,
    {
        // The total limit covers every member, checked before starting.
        let mut sizes = 0u64;
        for i in 0..self.len() {
            let size = self.zip.by_index_raw(i).map(|f| f.size()).unwrap_or(0);
            sizes = sizes.saturating_add(size);
            let total = self.total.saturating_add(sizes);
            if total > self.limits.max_total_size {
                return Err(ErrorKind::TotalTooLarge {
                    member: self.zip_names[i].clone(),
                    total,
                    limit: self.limits.max_total_size,
                }
                .into());
            }
        }
        let this: &NpzReader<R> = self;
        let arrays = (0..this.len())
            .into_par_iter()
            .map(|i| {
                let mut own = NpzReader {
                    zip: this.zip.clone(),
                    zip_names: Arc::clone(&this.zip_names),
                    names: Arc::clone(&this.names),
                    limits: this.limits.clone(),
                    total: 0,
                };
                own.by_index_dyn(i).map(|a| (this.names[i].clone(), a))
            })
            .collect::<Result<Vec<_>>>()?;
        self.total = self.total.saturating_add(sizes);
        Ok(arrays)
    }

    /// Describes member `index` from the archive's directory and its
    /// `.npy` header, decompressing only the header.
    pub fn info(&mut self, index: usize) -> Result<MemberInfo> {
        self.check_index(index)?;
        let member = self.zip_names[index].clone();
        let opts = self.limits.npy.clone();
        let name = self.names[index].clone();
        let mut file = self
            .zip
            .by_index(index)
            .map_err(|e| Error::zip(Some(&member), e))?;
        let method = Method::from_zip(file.compression());
        let (compressed_size, size, crc32) = (file.compressed_size(), file.size(), file.crc32());
        let data_start = file.data_start();
        let mut magic = [0u8; 6];
        let is_npy = size >= 6 && {
            let mut peek = (&mut file).take(6);
            peek.read_exact(&mut magic).is_ok() && &magic == npy_format::MAGIC
        };
        let header = if is_npy {
            let mut chained = io::Cursor::new(magic).chain(&mut file);
            Some(npy_format::read_header(&mut chained, &opts).map_err(|e| Error::npy(&member, e))?)
        } else {
            None
        };
        Ok(MemberInfo {
            name,
            zip_name: member,
            header,
            method,
            compressed_size,
            size,
            data_start,
            crc32,
        })
    }

    /// The decompressed bytes of member `index`, whatever they hold, as a
    /// stream (checked against the limits first; the CRC is verified when
    /// the end is read). For copying or extracting members as they are.
    /// Once a read fails, every later read fails too.
    pub fn raw_reader(&mut self, index: usize) -> Result<impl Read + '_> {
        self.open_member(index).map(Fused::new)
    }

    /// Reads member `index` completely, checking its CRC, without keeping
    /// the data: the building block of `npio verify`.
    pub fn verify_member(&mut self, index: usize) -> Result<u64> {
        let member = self.zip_names.get(index).cloned().unwrap_or_default();
        let mut file = self.open_member(index)?;
        io::copy(&mut file, &mut io::sink()).map_err(|e| Error::npy(&member, e.into()))
    }

    /// Unwraps the underlying reader.
    pub fn into_inner(self) -> R {
        self.zip.into_inner()
    }
}
