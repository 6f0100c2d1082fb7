//! Reading archives: names, per-member info, typed and dynamic reads, with
//! limits against zip bombs.

use crate::chunked::ChunkIndex;
use crate::error::{Error, ErrorKind, Result};
use crate::file::SharedFile;
use crate::indexed::{IndexedInflate, chunk_sizes};
use crate::method::Method;
use crate::names::display_name;
use ndarray::{Array, Dimension};
use npy_format::{FusedReader, NpyArray, NpyReader, ParsedHeader, ReadOptions, ReadableElement};
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
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Array1};
    /// use npz_archive::{Compression, NpzLimits, NpzReader, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    /// w.add("x", &array![1u32, 2])?;
    /// let archive = Cursor::new(w.finish()?.into_inner());
    ///
    /// let mut npz = NpzReader::with_limits(archive, NpzLimits::new())?;
    /// let x: Array1<u32> = npz.by_name("x")?;
    /// assert_eq!(x, array![1, 2]);
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn new() -> NpzLimits {
        NpzLimits::default()
    }

    /// Most members an archive may have (default 65536).
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npz_archive::{Compression, ErrorKind, NpzLimits, NpzReader, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    /// w.add("a", &array![1u8])?;
    /// w.add("b", &array![2u8])?;
    /// let bytes = w.finish()?.into_inner();
    ///
    /// let mut limits = NpzLimits::new();
    /// limits.max_members(1);
    /// let err = NpzReader::with_limits(Cursor::new(bytes), limits).unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::TooManyMembers { count: 2, limit: 1 }));
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn max_members(&mut self, n: usize) -> &mut Self {
        self.max_members = n;
        self
    }

    /// Largest uncompressed member, in bytes (default 16 GiB).
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Array1};
    /// use npz_archive::{Compression, ErrorKind, NpzLimits, NpzReader, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    /// w.add("small", &array![1.0f64])?; // 128-byte header + 8 bytes
    /// w.add("big", &Array1::<f64>::zeros(1000))?; // 128 + 8000 bytes
    /// let bytes = w.finish()?.into_inner();
    ///
    /// let mut limits = NpzLimits::new();
    /// limits.max_member_size(1024);
    /// let mut npz = NpzReader::with_limits(Cursor::new(bytes), limits)?;
    /// assert_eq!(npz.by_name_dyn("small")?.len(), 1);
    /// let err = npz.by_name_dyn("big").unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::MemberTooLarge { size: 8128, limit: 1024, .. }));
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn max_member_size(&mut self, bytes: u64) -> &mut Self {
        self.max_member_size = bytes;
        self
    }

    /// Most bytes this reader decompresses in all, counting every read
    /// (default 64 GiB).
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npz_archive::{Compression, ErrorKind, NpzLimits, NpzReader, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    /// w.add("x", &array![1i64, 2, 3, 4])?; // 128-byte header + 32 bytes
    /// let bytes = w.finish()?.into_inner();
    ///
    /// let mut limits = NpzLimits::new();
    /// limits.max_total_size(300);
    /// let mut npz = NpzReader::with_limits(Cursor::new(bytes), limits)?;
    /// npz.by_name_dyn("x")?; // 160 bytes so far
    /// let err = npz.by_name_dyn("x").unwrap_err(); // 320 in all
    /// assert!(matches!(err.kind(), ErrorKind::TotalTooLarge { total: 320, limit: 300, .. }));
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn max_total_size(&mut self, bytes: u64) -> &mut Self {
        self.max_total_size = bytes;
        self
    }

    /// Largest uncompressed/compressed ratio of a compressed member over
    /// 1 MiB (default 10000; deflate cannot exceed 1032, so only lies and
    /// other methods' extreme cases reach it).
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Array1;
    /// use npz_archive::{Compression, ErrorKind, NpzLimits, NpzReader, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// // 2 MiB of zeros deflate to a few KiB.
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::NUMPY_COMPRESSED);
    /// w.add("zeros", &Array1::<f64>::zeros(1 << 18))?;
    /// let bytes = w.finish()?.into_inner();
    ///
    /// let mut strict = NpzLimits::new();
    /// strict.max_ratio(100);
    /// let mut npz = NpzReader::with_limits(Cursor::new(bytes.clone()), strict)?;
    /// let err = npz.by_name_dyn("zeros").unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::RatioTooHigh { limit: 100, .. }));
    ///
    /// // The default limit lets it through.
    /// let mut npz = NpzReader::new(Cursor::new(bytes))?;
    /// assert_eq!(npz.by_name_dyn("zeros")?.len(), 1 << 18);
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn max_ratio(&mut self, ratio: u64) -> &mut Self {
        self.max_ratio = ratio;
        self
    }

    /// Limits for each member's `.npy` header.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Array3;
    /// use npz_archive::{Compression, ErrorKind, NpzLimits, NpzReader, NpzWriter};
    /// use npy_format::ReadOptions;
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    /// w.add("cube", &Array3::<u8>::zeros((2, 2, 2)))?;
    /// let bytes = w.finish()?.into_inner();
    ///
    /// let mut opts = ReadOptions::new();
    /// opts.max_ndim(2);
    /// let mut limits = NpzLimits::new();
    /// limits.npy_options(opts);
    /// let mut npz = NpzReader::with_limits(Cursor::new(bytes), limits)?;
    /// let err = npz.by_name_dyn("cube").unwrap_err();
    /// let ErrorKind::Npy { member, source } = err.kind() else { panic!("{err}") };
    /// assert_eq!(member, "cube.npy");
    /// assert!(matches!(source.kind(), npy_format::ErrorKind::TooManyDims { ndim: 3, limit: 2 }));
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn npy_options(&mut self, opts: ReadOptions) -> &mut Self {
        self.npy = opts;
        self
    }
}

/// What one member is, read from the archive's directory and the member's
/// `.npy` header alone.
///
/// # Example
///
/// ```
/// use ndarray::array;
/// use npz_archive::{Compression, Method, NpzReader, NpzWriter};
/// use std::io::Cursor;
///
/// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
/// w.add("m", &array![[1i32, 2, 3], [4, 5, 6]])?;
/// w.add_file("README.txt", &mut &b"hello"[..])?;
/// let mut npz = NpzReader::new(Cursor::new(w.finish()?.into_inner()))?;
///
/// let m = npz.info(0)?;
/// assert_eq!((m.name.as_str(), m.zip_name.as_str()), ("m", "m.npy"));
/// let parsed = m.header.expect("an .npy member");
/// assert_eq!(parsed.header.shape, [2, 3]);
/// assert_eq!(parsed.header.dtype.descr_repr(), "'<i4'");
/// assert_eq!(m.method, Method::Stored);
/// assert_eq!(m.size, 128 + 24); // header and data
/// assert_eq!(m.compressed_size, m.size);
///
/// let txt = npz.info(1)?;
/// assert_eq!(txt.name, "README.txt");
/// assert!(txt.header.is_none());
/// assert_eq!(txt.size, 5);
/// # Ok::<(), npz_archive::Error>(())
/// ```
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

/// A member's `.npy` header as recorded in its directory entry, if any.
type Record = Option<Box<[u8]>>;

/// Where each member must end for no two members to share a byte: the
/// start of the next member's local header, or of the central directory.
///
/// Overlapping members are how zip bombs multiply one block of data.
/// Their extents are checked from the directory alone, so that opening
/// an archive reads no member (one request for an archive in object
/// storage, not one per member): here with the least room a local header
/// can take (its fixed part and name), and each member's exact extent when
/// it is opened, once its local header is read ([`check_extent`]).
fn member_ends<R: Read + Seek>(zip: &ZipArchive<R>) -> Result<Arc<[u64]>> {
    let overlap = || Error::from(ErrorKind::OverlappingMembers);
    let mut spans = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let e = zip.by_index_data(i).map_err(|e| Error::zip(None, e))?;
        let least_end = e
            .header_start()
            .checked_add(30 + e.name_raw().len() as u64)
            .and_then(|end| end.checked_add(e.compressed_size()))
            .ok_or_else(overlap)?;
        spans.push((e.header_start(), least_end, i));
    }
    spans.sort_unstable();
    let mut ends = vec![0; spans.len()];
    for (k, &(_, least_end, i)) in spans.iter().enumerate() {
        let end = spans
            .get(k + 1)
            .map_or(zip.central_directory_start(), |next| next.0);
        if least_end > end {
            return Err(overlap());
        }
        ends[i] = end;
    }
    Ok(ends.into())
}

/// Checks that member `index`, its data at `data_start`, ends where
/// [`member_ends`] says it must.
fn check_extent(
    ends: &[u64],
    index: usize,
    data_start: Option<u64>,
    compressed: u64,
) -> Result<()> {
    let end = data_start.and_then(|start| start.checked_add(compressed));
    match (end, ends.get(index)) {
        (Some(end), Some(&limit)) if end > limit => Err(ErrorKind::OverlappingMembers.into()),
        _ => Ok(()),
    }
}

/// Options that open a member only when its local header agrees with the
/// central directory (name, compression method, flags, sizes, CRC and
/// time) and no two members share a name. Readers that trust different
/// directories see different archives, which is how zip-confusion attacks
/// work; Python's zipfile refuses a name that differs, and npio refuses
/// every difference.
fn consistent() -> zip::read::ZipReadOptions<'static> {
    zip::read::ZipReadOptions::new().enforce_header_consistency(true)
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
    /// Each member's `.npy` header as npio recorded it in the central
    /// directory, when the directory was read and agrees with the zip
    /// reader's.
    described: Option<Arc<[Record]>>,
    /// Where each member must end: the next member's local header, or
    /// the central directory (see [`member_ends`]).
    ends: Arc<[u64]>,
}

impl NpzReader<SharedFile> {
    /// Opens an archive file with the default limits.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Array2};
    /// use npz_archive::NpzReader;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("data.npz");
    /// npz_archive::savez_compressed(&path, &[("grid", &array![[1u8, 2], [3, 4]])])?;
    ///
    /// let mut npz = NpzReader::open(&path)?;
    /// assert_eq!(npz.names(), ["grid"]);
    /// let grid: Array2<u8> = npz.by_name("grid")?;
    /// assert_eq!(grid[[1, 1]], 4);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open<P: AsRef<Path>>(path: P) -> Result<Self> {
        NpzReader::open_with(path, NpzLimits::default())
    }

    /// Opens an archive file with the given limits.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npz_archive::{ErrorKind, NpzLimits, NpzReader};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("data.npz");
    /// npz_archive::savez(&path, &[("a", &array![1u8]), ("b", &array![2u8])])?;
    ///
    /// let mut limits = NpzLimits::new();
    /// limits.max_members(1);
    /// let err = NpzReader::open_with(&path, limits).unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::TooManyMembers { count: 2, .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open_with<P: AsRef<Path>>(path: P, limits: NpzLimits) -> Result<Self> {
        NpzReader::with_limits(SharedFile::new(File::open(path)?)?, limits)
    }
}

impl<R: Read + Seek> NpzReader<R> {
    /// Reads the archive's directory with the default limits.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npz_archive::{Compression, NpzReader, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    /// w.add("x", &array![1.5f32])?;
    /// let bytes: Vec<u8> = w.finish()?.into_inner();
    ///
    /// let npz = NpzReader::new(Cursor::new(bytes))?;
    /// assert_eq!(npz.len(), 1);
    /// assert!(NpzReader::new(Cursor::new(b"no zip here".to_vec())).is_err());
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn new(reader: R) -> Result<Self> {
        NpzReader::with_limits(reader, NpzLimits::default())
    }

    /// Reads the archive's directory with the given limits.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Array1;
    /// use npz_archive::{Compression, NpzLimits, NpzReader, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    /// w.add("ones", &Array1::<u8>::ones(4096))?;
    /// let bytes = w.finish()?.into_inner();
    ///
    /// let mut limits = NpzLimits::new();
    /// limits.max_member_size(1 << 20).max_total_size(1 << 20);
    /// let mut npz = NpzReader::with_limits(Cursor::new(bytes), limits)?;
    /// assert_eq!(npz.by_index_dyn(0)?.len(), 4096);
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn with_limits(mut reader: R, limits: NpzLimits) -> Result<Self> {
        let entries = crate::directory::entries(&mut reader);
        let zip = ZipArchive::new(reader).map_err(|e| Error::zip(None, e))?;
        if zip.len() > limits.max_members {
            return Err(ErrorKind::TooManyMembers {
                count: zip.len(),
                limit: limits.max_members,
            }
            .into());
        }
        let ends = member_ends(&zip)?;
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
        // Descriptions count only when the directory read for them is the
        // one the zip reader read: same entries, same names, same order.
        let described = entries.filter(|e| {
            e.len() == zip.len()
                && e.iter().enumerate().all(|(i, (name, _))| {
                    zip.by_index_data(i)
                        .is_ok_and(|entry| entry.name_raw() == name.as_slice())
                })
                && e.iter().any(|(_, field)| field.is_some())
        });
        let described = described.map(|e| e.into_iter().map(|(_, field)| field).collect());
        Ok(NpzReader {
            zip,
            zip_names: zip_names.into(),
            names,
            limits,
            total: 0,
            described,
            ends,
        })
    }

    /// The member names as NumPy lists them (`np.load(f).files`): one
    /// `.npy` suffix removed, members that are not `.npy` files included.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npz_archive::{Compression, NpzReader, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    /// w.add("b", &array![1u8])?;
    /// w.add("a.npy", &array![2u8])?; // stored as "a.npy.npy"
    /// w.add_file("notes.txt", &mut &b"hi"[..])?;
    /// let npz = NpzReader::new(Cursor::new(w.finish()?.into_inner()))?;
    ///
    /// assert_eq!(npz.names(), ["b", "a.npy", "notes.txt"]);
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The member names as stored in the archive (ended at a NUL byte,
    /// as Python's zipfile reads them).
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npz_archive::{Compression, NpzReader, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    /// w.add("x", &array![1u8])?;
    /// w.add_file("notes.txt", &mut &b"hi"[..])?;
    /// let npz = NpzReader::new(Cursor::new(w.finish()?.into_inner()))?;
    ///
    /// assert_eq!(npz.zip_names(), ["x.npy", "notes.txt"]);
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npz_archive::{Compression, ErrorKind, NpzReader, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    /// w.add("x", &array![1u8])?;
    /// w.add("y", &array![2u8])?;
    /// let npz = NpzReader::new(Cursor::new(w.finish()?.into_inner()))?;
    ///
    /// assert_eq!(npz.index_of("y")?, 1);
    /// assert_eq!(npz.index_of("y.npy")?, 1);
    /// let err = npz.index_of("z").unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::NoSuchMember { name } if name == "z"));
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
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

    /// Checks a member against the limits (counting it against the
    /// total), and gives its size and, for a deflate member npio wrote
    /// chunk by chunk whose index agrees with it, the index with the
    /// compressed size and CRC.
    fn check_member(&mut self, index: usize, serial: bool) -> Result<(u64, Option<Indexed>)> {
        self.check_index(index)?;
        let member = &self.zip_names[index];
        let file = self
            .zip
            .by_index_with_options(index, consistent())
            .map_err(|e| Error::zip(Some(member), e))?;
        let (size, compressed) = (file.size(), file.compressed_size());
        check_extent(&self.ends, index, file.data_start(), compressed)?;
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
        let parallel = !serial
            && file.compression() == zip::CompressionMethod::Deflated
            && size >= 2 * crate::chunked::CHUNK as u64
            && rayon::current_num_threads() > 1;
        let chunks = if parallel {
            file.extra_data().and_then(|extra| ChunkIndex::find(&extra))
        } else {
            None
        };
        let crc32 = file.crc32();
        self.total = total;
        // An index that disagrees with the member is ignored: the zip
        // reader's own inflate reads it, as any other archive.
        let indexed = chunks
            .filter(|c| chunk_sizes(c, size, compressed).is_some())
            .map(|chunks| Indexed {
                chunks,
                compressed,
                crc32,
            });
        Ok((size, indexed))
    }

    /// Opens a member for reading after checking it against the limits:
    /// its uncompressed bytes and their length. A deflate member npio
    /// wrote chunk by chunk inflates on every core, unless `serial`.
    fn open_member(&mut self, index: usize, serial: bool) -> Result<(MemberReader<'_, R>, u64)> {
        let (size, indexed) = self.check_member(index, serial)?;
        let member = &self.zip_names[index];
        if let Some(i) = indexed {
            let raw = self
                .zip
                .by_index_raw(index)
                .map_err(|e| Error::zip(Some(member), e))?;
            return IndexedInflate::new(raw, i.chunks, size, i.compressed, i.crc32)
                .map(|r| (MemberReader::Indexed(r), size))
                .ok_or_else(|| Error::zip(Some(member), zip::result::ZipError::FileNotFound));
        }
        let file = self
            .zip
            .by_index_with_options(index, consistent())
            .map_err(|e| Error::zip(Some(member), e))?;
        Ok((MemberReader::Zip(file), size))
    }

    /// A streaming `.npy` reader over member `index`, positioned after its
    /// header: read the data whole or in chunks
    /// ([`NpyReader::read_rows`]), a large member never held in memory.
    /// The zip reader checks the member's CRC when its end is read (read
    /// on until a read returns 0 bytes). Once a read fails, every later
    /// read fails too.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Array2;
    /// use npz_archive::{Compression, NpzReader, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let a = Array2::from_shape_fn((1000, 4), |(i, j)| (i * 4 + j) as f32);
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::NUMPY_COMPRESSED);
    /// w.add("a", &a)?;
    /// let mut npz = NpzReader::new(Cursor::new(w.finish()?.into_inner()))?;
    ///
    /// // Sum the array 256 rows at a time.
    /// let mut reader = npz.npy_reader(0)?;
    /// assert_eq!(reader.header().shape, [1000, 4]);
    /// let (mut rows, mut sum) = (0, 0.0f64);
    /// while let Some(chunk) = reader.read_rows::<f32>(256)? {
    ///     rows += chunk.shape()[0];
    ///     sum += chunk.iter().map(|&x| x as f64).sum::<f64>();
    /// }
    /// assert_eq!(rows, 1000);
    /// assert_eq!(sum, (0..4000).sum::<u32>() as f64);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn npy_reader(&mut self, index: usize) -> Result<NpyReader<impl Read + '_>> {
        let opts = self.limits.npy.clone();
        let member = self.zip_names.get(index).cloned().unwrap_or_default();
        let (file, size) = self.open_member(index, false)?;
        let reader = NpyReader::with_options(FusedReader::new(file), &opts)
            .map_err(|e| Error::npy(&member, e))?;
        let data_offset = reader.parsed_header().data_offset;
        Ok(reader.with_data_len(size.saturating_sub(data_offset)))
    }

    /// Reads member `index` through `read`, then reads what is left of
    /// it so that its CRC is checked. A member inflated from its chunk
    /// index that fails is read again by the zip reader, so that a
    /// damaged index costs time, not the data.
    fn read_member<T>(
        &mut self,
        index: usize,
        read: impl Fn(NpyReader<&mut MemberReader<'_, R>>) -> npy_format::Result<T>,
    ) -> Result<T> {
        let opts = self.limits.npy.clone();
        let member = self.zip_names.get(index).cloned().unwrap_or_default();
        let mut serial = false;
        loop {
            let (mut file, size) = self.open_member(index, serial)?;
            let indexed = matches!(file, MemberReader::Indexed(_));
            let result = (|| {
                let reader = NpyReader::with_options(&mut file, &opts)?;
                let data_offset = reader.parsed_header().data_offset;
                let value = read(reader.with_data_len(size.saturating_sub(data_offset)))?;
                io::copy(&mut file, &mut io::sink())?;
                Ok(value)
            })();
            match result {
                Err(_) if indexed => {
                    drop(file);
                    // Counted once against the total, not per attempt.
                    self.total = self.total.saturating_sub(size);
                    serial = true;
                }
                other => return other.map_err(|e| Error::npy(&member, e)),
            }
        }
    }

    /// Reads member `index` into a typed ndarray.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Array1, Array2};
    /// use npz_archive::{Compression, NpzReader, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    /// w.add("v", &array![1u16, 2])?;
    /// w.add("m", &array![[1.0f64, 2.0], [3.0, 4.0]])?;
    /// let mut npz = NpzReader::new(Cursor::new(w.finish()?.into_inner()))?;
    ///
    /// let v: Array1<u16> = npz.by_index(0)?;
    /// let m: Array2<f64> = npz.by_index(1)?;
    /// assert_eq!(v, array![1, 2]);
    /// assert_eq!(m.sum(), 10.0);
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn by_index<A: ReadableElement, D: Dimension>(
        &mut self,
        index: usize,
    ) -> Result<Array<A, D>> {
        self.read_member(index, |r| r.read_array())
    }

    /// Reads a member, by name with or without `.npy`, into a typed
    /// ndarray.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, ArrayD, Ix2};
    /// use npz_archive::{Compression, NpzReader, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::NUMPY_COMPRESSED);
    /// w.add("weights", &array![[0.5f32, -1.0], [2.0, 0.0]])?;
    /// let mut npz = NpzReader::new(Cursor::new(w.finish()?.into_inner()))?;
    ///
    /// let w = npz.by_name::<f32, Ix2>("weights")?;
    /// assert_eq!(w[[0, 1]], -1.0);
    /// let any_rank: ArrayD<f32> = npz.by_name("weights.npy")?;
    /// assert_eq!(any_rank.shape(), [2, 2]);
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn by_name<A: ReadableElement, D: Dimension>(&mut self, name: &str) -> Result<Array<A, D>> {
        let index = self.index_of(name)?;
        self.by_index(index)
    }

    /// Reads member `index` whatever its dtype.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npz_archive::{Compression, NpzReader, NpzWriter};
    /// use npy_format::Value;
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    /// w.add("t", &array![[true, false], [false, true]])?;
    /// let mut npz = NpzReader::new(Cursor::new(w.finish()?.into_inner()))?;
    ///
    /// let t = npz.by_index_dyn(0)?;
    /// assert_eq!(t.dtype().descr_repr(), "'|b1'");
    /// assert_eq!(t.get(&[1, 1])?, Value::Bool(true));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn by_index_dyn(&mut self, index: usize) -> Result<NpyArray> {
        self.read_member(index, |r| r.read_dyn())
    }

    /// Reads a member, by name with or without `.npy`, whatever its dtype.
    ///
    /// # Example
    ///
    /// ```
    /// use npz_archive::{Compression, NpzReader, NpzWriter};
    /// use npy_format::NpyArray;
    /// use std::io::Cursor;
    ///
    /// let labels = NpyArray::from_strings(&["cat", "dog"], &[2])?;
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    /// w.add("labels", &labels)?;
    /// let mut npz = NpzReader::new(Cursor::new(w.finish()?.into_inner()))?;
    ///
    /// let back = npz.by_name_dyn("labels")?;
    /// assert_eq!(back.dtype().descr_repr(), "'<U3'");
    /// assert_eq!(back.to_strings()?, ["cat", "dog"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn by_name_dyn(&mut self, name: &str) -> Result<NpyArray> {
        let index = self.index_of(name)?;
        self.by_index_dyn(index)
    }

    /// Reads every member in order, whatever their dtypes, as
    /// `(name, array)` pairs.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npz_archive::{Compression, NpzReader, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    /// w.add("i", &array![1i8, 2, 3])?;
    /// w.add("f", &array![[0.5f64]])?;
    /// let mut npz = NpzReader::new(Cursor::new(w.finish()?.into_inner()))?;
    ///
    /// let all = npz.read_all_dyn()?;
    /// let summary: Vec<(&str, &[usize])> = all.iter().map(|(n, a)| (n.as_str(), a.shape())).collect();
    /// assert_eq!(summary, [("i", &[3][..]), ("f", &[1, 1][..])]);
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn read_all_dyn(&mut self) -> Result<Vec<(String, NpyArray)>> {
        (0..self.len())
            .map(|i| Ok((self.names[i].clone(), self.by_index_dyn(i)?)))
            .collect()
    }

    /// Reads every member in order, whatever their dtypes, decompressing
    /// several at once on every core (each thread reads its own members
    /// through its own clone of the reader). Same result as
    /// [`read_all_dyn`](Self::read_all_dyn).
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Array1;
    /// use npz_archive::{Compression, NpzReader, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let arrays: Vec<(String, Array1<i64>)> =
    ///     (0..8).map(|i| (format!("a{i}"), Array1::from_elem(1000, i))).collect();
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::NUMPY_COMPRESSED);
    /// for (name, a) in &arrays {
    ///     w.add(name, a)?;
    /// }
    /// // A `Cursor` over bytes clones for each thread; so does `NpzReader::open`'s file.
    /// let mut npz = NpzReader::new(Cursor::new(w.finish()?.into_inner()))?;
    ///
    /// let all = npz.read_all_dyn_parallel()?;
    /// assert_eq!(all.len(), 8);
    /// assert_eq!(all[5].0, "a5");
    /// assert_eq!(all[5].1.to_array::<i64, ndarray::Ix1>()?, arrays[5].1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_all_dyn_parallel(&mut self) -> Result<Vec<(String, NpyArray)>>
    where
        R: Clone + Send + Sync,
    {
        let indices: Vec<usize> = (0..self.len()).collect();
        let arrays = self.read_indices_parallel(&indices)?;
        Ok(self.names.iter().cloned().zip(arrays).collect())
    }

    /// Reads the members at `indices`, whatever their dtypes, several at
    /// once on every core, in the order given.
    pub(crate) fn read_indices_parallel(&mut self, indices: &[usize]) -> Result<Vec<NpyArray>>
    where
        R: Clone + Send + Sync,
    {
        // The total limit covers every member, checked before starting.
        let mut sizes = 0u64;
        for &i in indices {
            let size = self.zip.by_index_raw(i).map(|f| f.size()).unwrap_or(0);
            sizes = sizes.saturating_add(size);
            let total = self.total.saturating_add(sizes);
            if total > self.limits.max_total_size {
                return Err(ErrorKind::TotalTooLarge {
                    member: self.zip_names.get(i).cloned().unwrap_or_default(),
                    total,
                    limit: self.limits.max_total_size,
                }
                .into());
            }
        }
        let this: &NpzReader<R> = self;
        let arrays = indices
            .par_iter()
            .map(|&i| {
                let mut own = NpzReader {
                    zip: this.zip.clone(),
                    zip_names: Arc::clone(&this.zip_names),
                    names: Arc::clone(&this.names),
                    limits: this.limits.clone(),
                    total: 0,
                    described: this.described.clone(),
                    ends: Arc::clone(&this.ends),
                };
                own.by_index_dyn(i)
            })
            .collect::<Result<Vec<_>>>()?;
        self.total = self.total.saturating_add(sizes);
        Ok(arrays)
    }

    /// Describes member `index` from the archive's directory and its
    /// `.npy` header, decompressing only the header.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Array2;
    /// use npz_archive::{Compression, NpzReader, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::NUMPY_COMPRESSED);
    /// w.add("big", &Array2::<f64>::zeros((500, 200)))?;
    /// let mut npz = NpzReader::new(Cursor::new(w.finish()?.into_inner()))?;
    ///
    /// let info = npz.info(0)?; // decompresses the header, not the 800 kB of data
    /// let header = info.header.expect("an .npy member").header;
    /// assert_eq!(header.shape, [500, 200]);
    /// assert_eq!(info.method.name(), "deflate");
    /// assert_eq!(info.size, 128 + 800_000);
    /// assert!(info.compressed_size < 10_000);
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn info(&mut self, index: usize) -> Result<MemberInfo> {
        self.check_index(index)?;
        let member = self.zip_names[index].clone();
        let opts = self.limits.npy.clone();
        let name = self.names[index].clone();
        let mut file = self
            .zip
            .by_index_with_options(index, consistent())
            .map_err(|e| Error::zip(Some(&member), e))?;
        let method = Method::from_zip(file.compression());
        let (compressed_size, size, crc32) = (file.compressed_size(), file.size(), file.crc32());
        let data_start = file.data_start();
        check_extent(&self.ends, index, data_start, compressed_size)?;
        let mut magic = [0u8; 6];
        // A member too short for the magic, or compressed with a method
        // this build does not decode, has no header to show; one whose
        // first bytes do not decompress is an error, not "not an .npy".
        let is_npy = size >= 6 && {
            match (&mut file).take(6).read_exact(&mut magic) {
                Ok(()) => &magic == npy_format::MAGIC,
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::UnexpectedEof | io::ErrorKind::Unsupported
                    ) =>
                {
                    false
                }
                Err(e) => return Err(Error::zip(Some(&member), e.into())),
            }
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

    /// Describes member `index` as [`info`](Self::info) does, from the
    /// central directory alone when npio wrote the archive: npio records
    /// each member's `.npy` header in the member's directory entry, so
    /// that describing every member of an archive reads only its end (one
    /// request for an archive in object storage, instead of one per
    /// member).
    ///
    /// A recorded header is used only when it parses within the limits
    /// and agrees with the member's size; otherwise, and for archives
    /// other writers made, this is [`info`](Self::info). A description
    /// from the directory has no `data_start` (the member's local header
    /// was not read); reading the member still checks that header.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Array2;
    /// use npz_archive::{Compression, NpzReader, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::NUMPY_COMPRESSED);
    /// w.add("m", &Array2::<f32>::zeros((30, 4)))?;
    /// let mut npz = NpzReader::new(Cursor::new(w.finish()?.into_inner()))?;
    ///
    /// let described = npz.describe(0)?;
    /// assert_eq!(described.header.as_ref().unwrap().header.shape, [30, 4]);
    /// assert_eq!(described.data_start, None); // the member was not visited
    /// let info = npz.info(0)?;
    /// assert_eq!((described.header, described.size), (info.header, info.size));
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn describe(&mut self, index: usize) -> Result<MemberInfo> {
        self.check_index(index)?;
        match self.describe_from_directory(index) {
            Some(info) => Ok(info),
            None => self.info(index),
        }
    }

    /// Member `index` as its central-directory entry describes it, when
    /// npio recorded its header there and the record holds up (see
    /// [`describe`](Self::describe)); nothing is read. `None` means the
    /// member's own header must be read ([`info`](Self::info)).
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npz_archive::{Compression, NpzReader, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    /// w.add("x", &array![1u8, 2, 3])?;
    /// w.add_file("notes.txt", &mut &b"hi"[..])?;
    /// let npz = NpzReader::new(Cursor::new(w.finish()?.into_inner()))?;
    ///
    /// assert_eq!(npz.describe_from_directory(0).unwrap().size, 128 + 3);
    /// assert!(npz.describe_from_directory(1).is_none()); // not an .npy member
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn describe_from_directory(&self, index: usize) -> Option<MemberInfo> {
        let field = self.described.as_ref()?.get(index)?.as_deref()?;
        let entry = self.zip.by_index_data(index).ok()?;
        if entry.encrypted() {
            return None;
        }
        let parsed = npy_format::read_header(&mut &field[..], &self.limits.npy).ok()?;
        let data_len = u64::try_from(parsed.header.data_len().ok()?).ok()?;
        let whole = (parsed.data_offset == field.len() as u64)
            && parsed.data_offset.checked_add(data_len) == Some(entry.size());
        whole.then(|| MemberInfo {
            name: self.names[index].clone(),
            zip_name: self.zip_names[index].clone(),
            header: Some(parsed),
            method: Method::from_zip(entry.compression()),
            compressed_size: entry.compressed_size(),
            size: entry.size(),
            data_start: None,
            crc32: entry.crc32(),
        })
    }

    /// Where member `index`'s local header starts in the archive, from the
    /// central directory (nothing is read). [`info`](Self::info) reads
    /// the member from there: its local header, then its `.npy` header, a
    /// few hundred bytes in all for NumPy's members. A reader over a slow
    /// medium (npio-remote's, over object storage) fetches those bytes
    /// for many members at once before describing them.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npz_archive::{Compression, NpzReader, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    /// w.add("a", &array![1u8])?;
    /// w.add("b", &array![2u8])?;
    /// let npz = NpzReader::new(Cursor::new(w.finish()?.into_inner()))?;
    ///
    /// assert_eq!(npz.header_offset(0)?, 0);
    /// assert!(npz.header_offset(1)? > 128);
    /// assert!(npz.header_offset(2).is_err());
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn header_offset(&self, index: usize) -> Result<u64> {
        self.check_index(index)?;
        self.zip
            .by_index_data(index)
            .map(|entry| entry.header_start())
            .map_err(|e| Error::zip(Some(&self.zip_names[index]), e))
    }

    /// The decompressed bytes of member `index`, whatever they hold, as a
    /// stream (checked against the limits first; the CRC is verified when
    /// the end is read). For copying or extracting members as they are.
    /// Once a read fails, every later read fails too.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npz_archive::{Compression, NpzReader, NpzWriter};
    /// use std::io::{Cursor, Read};
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::NUMPY_COMPRESSED);
    /// w.add("x", &array![1u8, 2])?;
    /// w.add_file("config.json", &mut &br#"{"lr": 0.01}"#[..])?;
    /// let mut npz = NpzReader::new(Cursor::new(w.finish()?.into_inner()))?;
    ///
    /// let mut text = String::new();
    /// npz.raw_reader(npz.index_of("config.json")?)?.read_to_string(&mut text)?;
    /// assert_eq!(text, r#"{"lr": 0.01}"#);
    ///
    /// let mut npy = Vec::new(); // a member's bytes are a whole .npy file
    /// npz.raw_reader(0)?.read_to_end(&mut npy)?;
    /// assert!(npy.starts_with(npy_format::MAGIC));
    /// assert_eq!(&npy[128..], [1, 2]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn raw_reader(&mut self, index: usize) -> Result<impl Read + '_> {
        self.open_member(index, false)
            .map(|(file, _)| FusedReader::new(file))
    }

    /// Reads member `index` completely, checking its CRC, without keeping
    /// the data: the building block of `npio verify`.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Array1;
    /// use npz_archive::{Compression, NpzReader, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::NUMPY_COMPRESSED);
    /// w.add("x", &Array1::<u32>::ones(100))?;
    /// let mut bytes = w.finish()?.into_inner();
    ///
    /// let mut npz = NpzReader::new(Cursor::new(bytes.clone()))?;
    /// assert_eq!(npz.verify_member(0)?, 128 + 400); // bytes read, CRC checked
    ///
    /// // A damaged stored member fails its CRC check.
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    /// w.add("x", &Array1::<u32>::ones(100))?;
    /// bytes = w.finish()?.into_inner();
    /// let data_start = NpzReader::new(Cursor::new(bytes.clone()))?.info(0)?.data_start.unwrap();
    /// bytes[data_start as usize + 200] ^= 0xff;
    /// let mut npz = NpzReader::new(Cursor::new(bytes))?;
    /// assert!(npz.verify_member(0).is_err());
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn verify_member(&mut self, index: usize) -> Result<u64> {
        let member = self.zip_names.get(index).cloned().unwrap_or_default();
        let (mut file, _) = self.open_member(index, false)?;
        io::copy(&mut file, &mut io::sink()).map_err(|e| Error::npy(&member, e.into()))
    }

    /// Unwraps the underlying reader.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npz_archive::{Compression, NpzReader, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    /// w.add("x", &array![1u8])?;
    /// let bytes = w.finish()?.into_inner();
    /// let len = bytes.len();
    ///
    /// let npz = NpzReader::new(Cursor::new(bytes))?;
    /// let cursor: Cursor<Vec<u8>> = npz.into_inner();
    /// assert_eq!(cursor.into_inner().len(), len);
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn into_inner(self) -> R {
        self.zip.into_inner()
    }
}

/// A member's chunk index, checked against its sizes.
#[derive(Debug)]
struct Indexed {
    chunks: ChunkIndex,
    compressed: u64,
    crc32: u32,
}

/// A member's uncompressed bytes: from the zip reader, or inflated on
/// every core from npio's chunk index.
#[derive(Debug)]
pub(crate) enum MemberReader<'a, R: Read> {
    Zip(zip::read::ZipFile<'a, R>),
    Indexed(IndexedInflate<zip::read::ZipFile<'a, R>>),
}

impl<R: Read> Read for MemberReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            MemberReader::Zip(f) => f.read(buf),
            MemberReader::Indexed(f) => f.read(buf),
        }
    }
}
