//! A blocking `Read + Seek` over an object, by range requests: the end of
//! the object fetched once when opened (where a ZIP archive keeps its
//! directory), and read-ahead blocks that grow while reads run forward, so
//! that a reader written for files (npz-archive's `NpzReader`) reads a
//! remote archive in few requests and bounded memory.

use crate::error::{ErrorKind, Result};
use bytes::Bytes;
use futures::{StreamExt, TryStreamExt};
use npz_archive::{MemberInfo, NpzLimits, NpzReader};
use object_store::path::Path;
use object_store::{GetOptions, GetRange, ObjectStore};
use std::collections::BTreeMap;
use std::io::{self, Read, Seek, SeekFrom};
use std::ops::Range;
use std::sync::{Arc, Mutex};

/// The end of the object fetched when opened: a ZIP archive's end record
/// and central directory for archives of up to several hundred members.
const TAIL: u64 = 64 << 10;
/// The first read-ahead after a jump (a member's local header and
/// `.npy` header fit), and the most a block grows to.
const FIRST_BLOCK: u64 = 4 << 10;
const MAX_BLOCK: u64 = 8 << 20;
/// Small blocks (headers, most often) are kept after use, up to this many
/// bytes, so that a header read when the archive is opened is not fetched
/// again when the member is described or read.
const KEPT_BYTES: usize = 4 << 20;
/// Requests in flight while prefetching.
const PREFETCH_CONCURRENCY: usize = 16;

/// Small blocks kept after use, shared by a reader's clones.
#[derive(Debug, Default)]
struct Kept {
    blocks: BTreeMap<u64, Bytes>,
    bytes: usize,
}

/// A blocking reader over an object in a store, for readers written for
/// files: [`NpzReader`](npz_archive::NpzReader) over a remote archive is
/// [`RemoteNpz`](crate::RemoteNpz).
///
/// Memory holds the object's last 64 KiB, one read-ahead block (at most
/// 8 MiB, or one caller's read) and up to 4 MiB of small blocks already
/// read or [prefetched](Self::prefetch_blocking) (headers, mostly), which
/// the reader's clones share (each clone has its own position). Each read
/// runs on npio-remote's runtime, so the reader works from any thread,
/// including a runtime's blocking threads (`tokio::task::spawn_blocking`).
///
/// # Example
///
/// ```
/// use npio_remote::RangeReader;
/// use object_store::{memory::InMemory, path::Path, ObjectStoreExt, PutPayload};
/// use std::io::{Read, Seek, SeekFrom};
/// use std::sync::Arc;
///
/// let store = Arc::new(InMemory::new());
/// let path = Path::from("a.bin");
/// let rt = tokio::runtime::Builder::new_current_thread().build()?;
/// rt.block_on(store.put(&path, PutPayload::from((0u8..=255).collect::<Vec<u8>>())))?;
///
/// let mut r = RangeReader::open_blocking(store, &path)?;
/// assert_eq!(r.len(), 256);
/// r.seek(SeekFrom::Start(250))?;
/// let mut rest = Vec::new();
/// r.read_to_end(&mut rest)?;
/// assert_eq!(rest, [250, 251, 252, 253, 254, 255]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct RangeReader {
    store: Arc<dyn ObjectStore>,
    path: Path,
    size: u64,
    /// The version every later request must still find (`If-Match`).
    e_tag: Option<String>,
    pos: u64,
    tail: (u64, Bytes),
    block: (u64, Bytes),
    next_block: u64,
    kept: Arc<Mutex<Kept>>,
}

impl RangeReader {
    /// Opens the object with one request for its last 64 KiB (which also
    /// tells its size).
    pub async fn open(store: Arc<dyn ObjectStore>, path: &Path) -> Result<RangeReader> {
        let got = store
            .get_opts(
                path,
                GetOptions::default().with_range(Some(GetRange::Suffix(TAIL))),
            )
            .await?;
        let size = got.meta.size;
        let e_tag = got.meta.e_tag.clone();
        let start = got.range.start;
        let tail = got.bytes().await?;
        if start + tail.len() as u64 != size {
            return Err(ErrorKind::Truncated {
                expected: size,
                found: start + tail.len() as u64,
            }
            .into());
        }
        Ok(RangeReader {
            store,
            path: path.clone(),
            size,
            e_tag,
            pos: 0,
            tail: (start, tail),
            block: (0, Bytes::new()),
            next_block: FIRST_BLOCK,
            kept: Arc::default(),
        })
    }

    /// [`open`](Self::open), blocking.
    pub fn open_blocking(store: Arc<dyn ObjectStore>, path: &Path) -> Result<RangeReader> {
        let path = path.clone();
        crate::runtime::run(async move { RangeReader::open(store, &path).await })?
    }

    /// The object's size in bytes.
    pub fn len(&self) -> u64 {
        self.size
    }

    /// The store, the object's path and the version every request
    /// checks, for readers built on this one's first request.
    pub(crate) fn object(&self) -> (Arc<dyn ObjectStore>, Path, Option<String>) {
        (self.store.clone(), self.path.clone(), self.e_tag.clone())
    }

    /// Whether the object is empty.
    pub fn is_empty(&self) -> bool {
        self.size == 0
    }

    /// The bytes from `pos` on held in memory, if any.
    fn cached_at(&self, pos: u64) -> Option<Bytes> {
        let within = |start: u64, bytes: &Bytes| {
            let end = start + bytes.len() as u64;
            (start..end)
                .contains(&pos)
                .then(|| bytes.slice((pos - start) as usize..))
        };
        within(self.tail.0, &self.tail.1)
            .or_else(|| within(self.block.0, &self.block.1))
            .or_else(|| {
                // A poisoned lock only loses the kept blocks: they are
                // fetched again.
                let kept = self.kept.lock().ok()?;
                let (start, bytes) = kept.blocks.range(..=pos).next_back()?;
                within(*start, bytes)
            })
    }

    /// Keeps a small block for later reads, within [`KEPT_BYTES`].
    fn keep(&self, start: u64, bytes: &Bytes) {
        let Ok(mut kept) = self.kept.lock() else {
            return;
        };
        if bytes.len() as u64 > FIRST_BLOCK || kept.bytes + bytes.len() > KEPT_BYTES {
            return;
        }
        kept.bytes += bytes.len();
        if let Some(old) = kept.blocks.insert(start, bytes.clone()) {
            kept.bytes -= old.len();
        }
    }

    /// Fetches the 4 KiB at each of `starts` not already held, 16
    /// requests in flight, and keeps them (within the 4 MiB kept for
    /// small blocks) for later reads by this reader and its clones: for
    /// work that visits many places once each, such as the headers of an
    /// archive's members ([`describe_npz_blocking`]).
    ///
    /// # Example
    ///
    /// ```
    /// use npio_remote::RangeReader;
    /// use object_store::{memory::InMemory, path::Path, ObjectStoreExt, PutPayload};
    /// use std::io::{Read, Seek, SeekFrom};
    /// use std::sync::Arc;
    ///
    /// let store = Arc::new(InMemory::new());
    /// let path = Path::from("big.bin");
    /// let rt = tokio::runtime::Builder::new_current_thread().build()?;
    /// let bytes: Vec<u8> = (0..1_000_000u32).map(|i| (i % 251) as u8).collect();
    /// rt.block_on(store.put(&path, PutPayload::from(bytes)))?;
    ///
    /// let mut r = RangeReader::open_blocking(store, &path)?;
    /// r.prefetch_blocking(&[0, 300_000, 600_000])?; // three requests at once
    /// r.seek(SeekFrom::Start(600_010))?;
    /// let mut b = [0u8; 2];
    /// r.read_exact(&mut b)?; // no request: the block is held
    /// assert_eq!(b, [(600_010 % 251) as u8, (600_011 % 251) as u8]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn prefetch_blocking(&self, starts: &[u64]) -> Result<()> {
        let budget = KEPT_BYTES / FIRST_BLOCK as usize;
        let mut starts = starts.to_vec();
        starts.sort_unstable();
        starts.dedup();
        let wanted: Vec<Range<u64>> = starts
            .iter()
            .filter(|&&s| s < self.size && self.cached_at(s).is_none())
            .map(|&s| s..(s + FIRST_BLOCK).min(self.size))
            .take(budget)
            .collect();
        let (store, path, e_tag) = (self.store.clone(), self.path.clone(), self.e_tag.clone());
        let fetched = crate::runtime::run(async move {
            futures::stream::iter(wanted)
                .map(|range| {
                    let (store, path, e_tag) = (&store, &path, &e_tag);
                    async move {
                        let start = range.start;
                        crate::npy::get_exact(store, path, range, e_tag)
                            .await
                            .map(|bytes| (start, bytes))
                    }
                })
                .buffer_unordered(PREFETCH_CONCURRENCY)
                .try_collect::<Vec<_>>()
                .await
        })??;
        for (start, bytes) in fetched {
            self.keep(start, &bytes);
        }
        Ok(())
    }

    /// Fetches the block at the current position: larger each time reads
    /// run on from the previous block, back to 4 KiB after a jump.
    fn fetch(&mut self, wanted: usize) -> io::Result<()> {
        let follows = self.block.0 + self.block.1.len() as u64 == self.pos;
        self.next_block = match follows && !self.block.1.is_empty() {
            true => (self.next_block * 2).min(MAX_BLOCK),
            false => FIRST_BLOCK,
        };
        // A read larger than a block is fetched whole.
        let len = self.next_block.max(wanted as u64);
        let range: Range<u64> = self.pos..(self.pos + len).min(self.size);
        let (store, path) = (self.store.clone(), self.path.clone());
        let want = range.clone();
        let e_tag = self.e_tag.clone();
        let bytes =
            crate::runtime::run(
                async move { crate::npy::get_exact(&store, &path, want, &e_tag).await },
            )
            .map_err(io::Error::other)?
            .map_err(|e| {
                let kind = match e.kind() {
                    ErrorKind::Truncated { .. } => io::ErrorKind::UnexpectedEof,
                    _ if e.is_not_found() => io::ErrorKind::NotFound,
                    _ => io::ErrorKind::Other,
                };
                io::Error::new(kind, e.to_string())
            })?;
        self.keep(range.start, &bytes);
        self.block = (range.start, bytes);
        Ok(())
    }
}

impl Read for RangeReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() || self.pos >= self.size {
            return Ok(0);
        }
        let mut held = self.cached_at(self.pos);
        if held.is_none() {
            self.fetch(buf.len())?;
            held = self.cached_at(self.pos);
        }
        let n = match held {
            Some(src) => {
                let n = src.len().min(buf.len());
                buf[..n].copy_from_slice(&src[..n]);
                n
            }
            None => 0,
        };
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for RangeReader {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => self.size.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        match target {
            Some(p) => {
                self.pos = p;
                Ok(p)
            }
            None => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the object's start",
            )),
        }
    }
}

/// An `.npz` archive in an object store: npz-archive's reader over a
/// [`RangeReader`]. Listing the members costs the one request that opens
/// the reader (for a directory within the object's last 64 KiB).
/// Describing every member's dtype and shape
/// ([`NpzReader::describe`](npz_archive::NpzReader::describe)) costs
/// nothing more for an archive npio wrote (the directory records each
/// member's header) and one request per member for others; reading a
/// member streams it in growing blocks, decompressed as it arrives, with
/// the same limits against bombs as a local archive.
///
/// # Example
///
/// ```
/// use npio_remote::RemoteNpz;
/// use npz_archive::{Compression, NpzWriter};
/// use object_store::{memory::InMemory, path::Path, ObjectStoreExt, PutPayload};
/// use std::sync::Arc;
///
/// let mut w = NpzWriter::new(std::io::Cursor::new(Vec::new()), Compression::Deflate(6));
/// w.add("x", &ndarray::array![1.0f64, 2.0, 3.0])?;
/// let bytes = w.finish()?.into_inner();
/// let store = Arc::new(InMemory::new());
/// let path = Path::from("a.npz");
/// let rt = tokio::runtime::Builder::new_current_thread().build()?;
/// rt.block_on(store.put(&path, PutPayload::from(bytes)))?;
///
/// let mut npz = npio_remote::open_npz_blocking(store, &path)?;
/// assert_eq!(npz.names(), ["x"]);
/// let x: ndarray::Array1<f64> = npz.by_name("x")?;
/// assert_eq!(x, ndarray::array![1.0, 2.0, 3.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type RemoteNpz = npz_archive::NpzReader<RangeReader>;

/// Opens the `.npz` object at `path` with the default limits (see
/// [`RemoteNpz`]).
pub fn open_npz_blocking(store: Arc<dyn ObjectStore>, path: &Path) -> Result<RemoteNpz> {
    open_npz_with_blocking(store, path, npz_archive::NpzLimits::default())
}

/// [`open_npz_blocking`] with the given limits.
pub fn open_npz_with_blocking(
    store: Arc<dyn ObjectStore>,
    path: &Path,
    limits: npz_archive::NpzLimits,
) -> Result<RemoteNpz> {
    let reader = RangeReader::open_blocking(store, path)?;
    Ok(npz_archive::NpzReader::with_limits(reader, limits)?)
}

/// Opens the `.npz` object at `path` with `limits`, for async code: one
/// request. The reader's own methods block; call them from a blocking
/// task (`tokio::task::spawn_blocking`, where they work), or use the
/// async [`describe_npz`] and [`RemoteNpy::open_member`](crate::RemoteNpy::open_member).
///
/// # Example
///
/// ```
/// use npz_archive::{Compression, NpzLimits, NpzWriter};
/// use object_store::{memory::InMemory, path::Path, ObjectStore, ObjectStoreExt, PutPayload};
/// use std::sync::Arc;
///
/// # tokio::runtime::Builder::new_current_thread().build()?.block_on(async {
/// let mut w = NpzWriter::new(std::io::Cursor::new(Vec::new()), Compression::Deflate(6));
/// w.add("x", &ndarray::array![1.0f64, 2.0])?;
/// let store = Arc::new(InMemory::new());
/// let path = Path::from("a.npz");
/// store.put(&path, PutPayload::from(w.finish()?.into_inner())).await?;
///
/// let store: Arc<dyn ObjectStore> = store;
/// let mut npz = npio_remote::open_npz(store, &path, NpzLimits::default()).await?;
/// let x = tokio::task::spawn_blocking(move || npz.by_name_dyn("x")).await??;
/// assert_eq!(x.shape(), &[2]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub async fn open_npz(
    store: Arc<dyn ObjectStore>,
    path: &Path,
    limits: NpzLimits,
) -> Result<RemoteNpz> {
    let reader = RangeReader::open(store, path).await?;
    Ok(crate::runtime::blocking(move || NpzReader::with_limits(reader, limits)).await??)
}

/// [`describe_npz_blocking`], for async code.
pub async fn describe_npz(
    reader: RangeReader,
    limits: NpzLimits,
) -> Result<(RemoteNpz, Vec<MemberInfo>)> {
    crate::runtime::blocking(move || describe_npz_blocking(reader, limits)).await?
}

/// Opens the `.npz` object a URL names (see [`open_url`](crate::open_url)).
pub fn open_npz_url_blocking(url: &str) -> Result<RemoteNpz> {
    let (store, path) = crate::open_url(url)?;
    open_npz_blocking(store, &path)
}

/// Every member of a remote archive described, as
/// [`NpzReader::describe`] describes each, in one round of requests at
/// most: none for an archive npio wrote (its central directory records
/// every member's header), else the first 4 KiB of every other member
/// (its local header and `.npy` header), 16 requests in flight, before
/// the members are described from them. Returns the archive's reader for
/// further reads beside the descriptions.
///
/// # Example
///
/// ```
/// use npio_remote::{RangeReader, describe_npz_blocking};
/// use npz_archive::{Compression, NpzLimits, NpzWriter};
/// use object_store::{memory::InMemory, path::Path, ObjectStoreExt, PutPayload};
/// use std::sync::Arc;
///
/// let mut w = NpzWriter::new(std::io::Cursor::new(Vec::new()), Compression::Stored);
/// for i in 0..10 {
///     w.add(&format!("m{i}"), &ndarray::Array1::<f32>::zeros(1000 + i))?;
/// }
/// let store = Arc::new(InMemory::new());
/// let path = Path::from("a.npz");
/// let rt = tokio::runtime::Builder::new_current_thread().build()?;
/// rt.block_on(store.put(&path, PutPayload::from(w.finish()?.into_inner())))?;
///
/// let reader = RangeReader::open_blocking(store, &path)?;
/// let (_npz, members) = describe_npz_blocking(reader, NpzLimits::default())?;
/// assert_eq!(members[9].header.as_ref().unwrap().header.shape, [1009]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn describe_npz_blocking(
    reader: RangeReader,
    limits: NpzLimits,
) -> Result<(RemoteNpz, Vec<MemberInfo>)> {
    let handle = reader.clone();
    let mut npz = NpzReader::with_limits(reader, limits)?;
    let mut starts = Vec::new();
    for i in 0..npz.len() {
        if npz.describe_from_directory(i).is_none() {
            starts.push(npz.header_offset(i)?);
        }
    }
    if starts.len() > 1 {
        handle.prefetch_blocking(&starts)?;
    }
    let members = (0..npz.len())
        .map(|i| npz.describe(i))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok((npz, members))
}
