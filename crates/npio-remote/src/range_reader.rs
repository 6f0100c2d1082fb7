//! A blocking `Read + Seek` over an object, by range requests: the end of
//! the object fetched once when opened (where a ZIP archive keeps its
//! directory), and read-ahead blocks that grow while reads run forward, so
//! that a reader written for files (npz-archive's `NpzReader`) reads a
//! remote archive in few requests and bounded memory.

use crate::error::{ErrorKind, Result};
use bytes::Bytes;
use object_store::path::Path;
use object_store::{GetOptions, GetRange, ObjectStore};
use std::collections::BTreeMap;
use std::io::{self, Read, Seek, SeekFrom};
use std::ops::Range;
use std::sync::Arc;

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

/// A blocking reader over an object in a store, for readers written for
/// files: [`NpzReader`](npz_archive::NpzReader) over a remote archive is
/// [`RemoteNpz`](crate::RemoteNpz).
///
/// Memory holds the object's last 64 KiB, one read-ahead block (at most
/// 8 MiB, or one caller's read) and up to 4 MiB of small blocks already
/// read (headers, mostly). Each read runs on npio-remote's runtime, so the reader
/// works from any thread, including a runtime's blocking threads
/// (`tokio::task::spawn_blocking`).
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
#[derive(Debug)]
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
    kept: BTreeMap<u64, Bytes>,
    kept_bytes: usize,
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
            kept: BTreeMap::new(),
            kept_bytes: 0,
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

    /// Whether the object is empty.
    pub fn is_empty(&self) -> bool {
        self.size == 0
    }

    /// The bytes at the current position held in memory, if any.
    fn cached(&self) -> Option<&[u8]> {
        let kept = self.kept.range(..=self.pos).next_back();
        let held = [&self.tail, &self.block].map(|(s, b)| (s, b));
        for (start, bytes) in held.into_iter().chain(kept) {
            let end = start + bytes.len() as u64;
            if (*start..end).contains(&self.pos) {
                return Some(&bytes[(self.pos - start) as usize..]);
            }
        }
        None
    }

    /// Keeps a small block for later reads, within [`KEPT_BYTES`].
    fn keep(&mut self, start: u64, bytes: &Bytes) {
        if bytes.len() as u64 > FIRST_BLOCK || self.kept_bytes + bytes.len() > KEPT_BYTES {
            return;
        }
        self.kept_bytes += bytes.len();
        if let Some(old) = self.kept.insert(start, bytes.clone()) {
            self.kept_bytes -= old.len();
        }
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
        if self.cached().is_none() {
            self.fetch(buf.len())?;
        }
        let n = match self.cached() {
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

/// Opens the `.npz` object a URL names (see [`open_url`](crate::open_url)).
pub fn open_npz_url_blocking(url: &str) -> Result<RemoteNpz> {
    let (store, path) = crate::open_url(url)?;
    open_npz_blocking(store, &path)
}
