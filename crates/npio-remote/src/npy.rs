//! A `.npy` file in object storage: its header by one small range request,
//! rows by one range request of exactly their bytes, the whole array by
//! one streamed request or several in flight at once.

use crate::error::{ErrorKind, Result};
use crate::runtime::block_on;
use futures::{StreamExt, TryStreamExt};
use npy_format::{Header, NpyArray, ParsedHeader, ReadOptions, ReadableElement, Version};
use object_store::path::Path;
use object_store::{GetOptions, GetRange, ObjectStore};
use std::ops::Range;
use std::sync::Arc;

/// Bytes asked for first: the header of nearly every `.npy` file (NumPy
/// pads it to a multiple of 64; 4 KiB holds dozens of fields). A longer
/// header costs one more request.
const HEADER_PROBE: u64 = 4096;

/// How a whole array is fetched: in parts of `part_size` bytes with at
/// most `concurrency` requests in flight.
///
/// Real object stores give more throughput to several ranges at once; a
/// server on the same machine may give less. With a concurrency of one
/// and a part as large as the array, the array comes in one streamed
/// request.
///
/// # Example
///
/// ```
/// let mut t = npio_remote::Transfer::default();
/// t.part_size(64 << 20).concurrency(4);
/// assert_eq!(t.parts(200 << 20), 4);
/// ```
#[derive(Debug, Clone)]
pub struct Transfer {
    part_size: u64,
    concurrency: usize,
}

impl Default for Transfer {
    /// Parts of 16 MiB, 8 in flight.
    fn default() -> Transfer {
        Transfer {
            part_size: 16 << 20,
            concurrency: 8,
        }
    }
}

impl Transfer {
    /// One request for the whole array, streamed into the buffer.
    pub fn single() -> Transfer {
        Transfer {
            part_size: u64::MAX,
            concurrency: 1,
        }
    }

    /// Bytes per request (at least 1).
    pub fn part_size(&mut self, bytes: u64) -> &mut Self {
        self.part_size = bytes.max(1);
        self
    }

    /// Requests in flight at once (at least 1).
    pub fn concurrency(&mut self, requests: usize) -> &mut Self {
        self.concurrency = requests.max(1);
        self
    }

    /// How many requests `len` bytes take.
    pub fn parts(&self, len: u64) -> u64 {
        len.div_ceil(self.part_size)
    }
}

/// A `.npy` file in an object store, its header read.
///
/// Every method has an async form (for tokio users) and a `_blocking`
/// form, which runs it on a runtime of this crate's own.
///
/// # Example
///
/// ```
/// use npio_remote::{RemoteNpy, Transfer};
/// use object_store::{memory::InMemory, path::Path, ObjectStoreExt, PutPayload};
/// use std::sync::Arc;
///
/// let store = Arc::new(InMemory::new());
/// let path = Path::from("runs/x.npy");
/// use npy_format::WriteNpyExt;
/// let mut bytes = Vec::new();
/// ndarray::array![[1i32, 2], [3, 4], [5, 6]].write_npy(&mut bytes)?;
/// let rt = tokio::runtime::Builder::new_current_thread().build()?;
/// rt.block_on(store.put(&path, PutPayload::from(bytes)))?;
///
/// let npy = RemoteNpy::open_blocking(store, &path)?;
/// assert_eq!(npy.header().shape, [3, 2]);
/// let rows = npy.read_rows_blocking(1..3)?;
/// assert_eq!(rows.to_array::<i32, ndarray::Ix2>()?, ndarray::array![[3, 4], [5, 6]]);
/// let all: ndarray::Array2<i32> = npy.read_array_blocking(&Transfer::default())?;
/// assert_eq!(all[[2, 1]], 6);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct RemoteNpy {
    store: Arc<dyn ObjectStore>,
    path: Path,
    size: u64,
    /// The version every later request must still find (`If-Match`).
    e_tag: Option<String>,
    parsed: ParsedHeader,
    data_len: u64,
    /// Where the `.npy` file starts in the object: 0, or a stored
    /// `.npz` member's data offset.
    base: u64,
}

impl RemoteNpy {
    /// Reads the header of the `.npy` object at `path`: one range request
    /// (two when the header is longer than 4 KiB), with npy-format's
    /// default limits.
    pub async fn open(store: Arc<dyn ObjectStore>, path: &Path) -> Result<RemoteNpy> {
        RemoteNpy::open_with(store, path, &ReadOptions::default()).await
    }

    /// [`open`](Self::open) with the header's limits given: the header's
    /// length is checked against them before a second request is made.
    pub async fn open_with(
        store: Arc<dyn ObjectStore>,
        path: &Path,
        opts: &ReadOptions,
    ) -> Result<RemoteNpy> {
        let first = store
            .get_opts(
                path,
                GetOptions::default().with_range(Some(0..HEADER_PROBE)),
            )
            .await?;
        let size = first.meta.size;
        let e_tag = first.meta.e_tag.clone();
        let mut head = first.bytes().await?.to_vec();
        let parsed = match npy_format::read_header(&mut &head[..], opts) {
            Ok(p) => p,
            Err(e) if e.is_truncated() && (head.len() as u64) < size => {
                // The length field passed the limits: fetch the rest.
                let need = header_end(&head).unwrap_or(size).min(size);
                let rest = get_exact(&store, path, head.len() as u64..need, &e_tag).await?;
                head.extend_from_slice(&rest);
                npy_format::read_header(&mut &head[..], opts)?
            }
            Err(e) => return Err(e.into()),
        };
        let data_len = parsed.header.data_len()? as u64;
        let end = parsed.data_offset.saturating_add(data_len);
        if end > size {
            return Err(ErrorKind::Truncated {
                expected: end,
                found: size,
            }
            .into());
        }
        Ok(RemoteNpy {
            store,
            path: path.clone(),
            size,
            e_tag,
            parsed,
            data_len,
            base: 0,
        })
    }

    /// [`open`](Self::open), blocking.
    pub fn open_blocking(store: Arc<dyn ObjectStore>, path: &Path) -> Result<RemoteNpy> {
        block_on(RemoteNpy::open(store, path))?
    }

    /// Opens the object a URL names (see [`open_url`](crate::open_url)).
    pub async fn open_url(url: &str) -> Result<RemoteNpy> {
        let (store, path) = crate::open_url(url)?;
        RemoteNpy::open(store, &path).await
    }

    /// [`open_url`](Self::open_url), blocking.
    pub fn open_url_blocking(url: &str) -> Result<RemoteNpy> {
        block_on(RemoteNpy::open_url(url))?
    }

    /// What the header says.
    pub fn header(&self) -> &Header {
        &self.parsed.header
    }

    /// The header, its version and where the data starts.
    pub fn parsed_header(&self) -> &ParsedHeader {
        &self.parsed
    }

    /// The object's size in bytes.
    pub fn object_size(&self) -> u64 {
        self.size
    }

    /// Where the `.npy` file starts in the object: 0 for a `.npy`
    /// object, the member's data offset for a stored `.npz` member
    /// ([`open_member`](Self::open_member)).
    pub fn start(&self) -> u64 {
        self.base
    }

    /// A `.npy` file at `base` in an object, its header already read.
    pub(crate) fn at(
        store: Arc<dyn ObjectStore>,
        path: Path,
        size: u64,
        e_tag: Option<String>,
        parsed: ParsedHeader,
        base: u64,
    ) -> Result<RemoteNpy> {
        let data_len = parsed.header.data_len()? as u64;
        let end = base
            .saturating_add(parsed.data_offset)
            .saturating_add(data_len);
        if end > size {
            return Err(ErrorKind::Truncated {
                expected: end,
                found: size,
            }
            .into());
        }
        Ok(RemoteNpy {
            store,
            path,
            size,
            e_tag,
            parsed,
            data_len,
            base,
        })
    }

    /// Rows of the first axis.
    pub fn rows(&self) -> usize {
        self.parsed.header.shape.first().copied().unwrap_or(1)
    }

    /// Bytes of one row (one element of the first axis), for a C-order
    /// array of at least one dimension.
    fn row_bytes(&self) -> Result<u64> {
        let h = &self.parsed.header;
        if h.shape.is_empty() {
            return Err(ErrorKind::NotRowMajor {
                reason: "the array is 0-d",
            }
            .into());
        }
        if h.fortran_order && h.shape.iter().filter(|&&n| n != 1).count() > 1 {
            return Err(ErrorKind::NotRowMajor {
                reason: "the array is stored in Fortran order",
            }
            .into());
        }
        let rest = Header::new(h.dtype.clone(), h.shape[1..].to_vec(), false);
        Ok(rest.data_len()? as u64)
    }

    /// Rows `range` of the first axis, by one range request of exactly
    /// their bytes (none for an empty range).
    pub async fn read_rows(&self, range: Range<usize>) -> Result<NpyArray> {
        let rows = self.rows();
        let row = self.row_bytes()?;
        if range.start > range.end || range.end > rows {
            return Err(ErrorKind::RowRange {
                start: range.start,
                end: range.end,
                rows,
            }
            .into());
        }
        let h = &self.parsed.header;
        let mut shape = h.shape.clone();
        shape[0] = range.len();
        let header = Header::new(h.dtype.clone(), shape, h.fortran_order && h.shape.len() > 1);
        let start = self.base + self.parsed.data_offset + range.start as u64 * row;
        let len = range.len() as u64 * row;
        let data = match len {
            0 => Vec::new(),
            _ => get_exact(&self.store, &self.path, start..start + len, &self.e_tag)
                .await?
                .to_vec(),
        };
        Ok(NpyArray::new(header, data)?)
    }

    /// [`read_rows`](Self::read_rows), blocking.
    pub fn read_rows_blocking(&self, range: Range<usize>) -> Result<NpyArray> {
        block_on(self.read_rows(range))?
    }

    /// Fetches the array's data into `buf` (exactly the data's length),
    /// in parts as `transfer` says; each part streams into its place, so
    /// memory holds nothing beyond `buf` and the bytes in flight.
    pub async fn read_into(&self, buf: &mut [u8], transfer: &Transfer) -> Result<()> {
        if buf.len() as u64 != self.data_len {
            return Err(ErrorKind::BufferLength {
                expected: self.data_len as usize,
                found: buf.len(),
            }
            .into());
        }
        let offset = self.base + self.parsed.data_offset;
        let part = transfer.part_size.min(self.data_len.max(1)) as usize;
        let pieces = buf
            .chunks_mut(part)
            .enumerate()
            .map(|(i, piece)| ((i * part) as u64, piece));
        futures::stream::iter(pieces)
            .map(|(at, piece)| self.fetch_part(offset + at, piece))
            .buffer_unordered(transfer.concurrency)
            .try_collect::<()>()
            .await
    }

    /// One range request streamed into `piece`.
    async fn fetch_part(&self, start: u64, piece: &mut [u8]) -> Result<()> {
        let end = start + piece.len() as u64;
        let opts = GetOptions::default()
            .with_range(Some(GetRange::Bounded(start..end)))
            .with_if_match(self.e_tag.clone());
        let mut stream = self.store.get_opts(&self.path, opts).await?.into_stream();
        let mut filled = 0;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk?;
            let Some(to) = piece.get_mut(filled..filled + chunk.len()) else {
                // The store sent more than was asked.
                return Err(ErrorKind::Truncated {
                    expected: end,
                    found: start + (filled + chunk.len()) as u64,
                }
                .into());
            };
            to.copy_from_slice(&chunk);
            filled += chunk.len();
        }
        if filled != piece.len() {
            return Err(ErrorKind::Truncated {
                expected: end,
                found: start + filled as u64,
            }
            .into());
        }
        Ok(())
    }

    /// [`read_into`](Self::read_into), blocking.
    pub fn read_into_blocking(&self, buf: &mut [u8], transfer: &Transfer) -> Result<()> {
        block_on(self.read_into(buf, transfer))?
    }

    /// The whole array (its length already checked against the object's
    /// size, so a forged header cannot make npio allocate more than the
    /// object holds).
    pub async fn read(&self, transfer: &Transfer) -> Result<NpyArray> {
        let mut data = Vec::new();
        data.try_reserve_exact(self.data_len as usize)
            .map_err(|_| ErrorKind::OutOfMemory {
                bytes: self.data_len,
            })?;
        data.resize(self.data_len as usize, 0);
        self.read_into(&mut data, transfer).await?;
        Ok(NpyArray::new(self.parsed.header.clone(), data)?)
    }

    /// [`read`](Self::read), blocking.
    pub fn read_blocking(&self, transfer: &Transfer) -> Result<NpyArray> {
        block_on(self.read(transfer))?
    }

    /// The whole array as a typed ndarray array.
    pub async fn read_array<A, D>(
        &self,
        transfer: &Transfer,
    ) -> Result<npy_format::ndarray::Array<A, D>>
    where
        A: ReadableElement,
        D: npy_format::ndarray::Dimension,
    {
        Ok(self.read(transfer).await?.to_array()?)
    }

    /// [`read_array`](Self::read_array), blocking.
    pub fn read_array_blocking<A, D>(
        &self,
        transfer: &Transfer,
    ) -> Result<npy_format::ndarray::Array<A, D>>
    where
        A: ReadableElement,
        D: npy_format::ndarray::Dimension,
    {
        block_on(self.read_array(transfer))?
    }
}

/// Where the header ends, from its version and length field.
fn header_end(head: &[u8]) -> Option<u64> {
    let version = Version::from_tuple(*head.get(6)?, *head.get(7)?)?;
    let field = head.get(8..8 + version.len_field_size())?;
    let len = field.iter().rev().fold(0u64, |n, &b| n << 8 | b as u64);
    Some(version.prefix_len() as u64 + len)
}

/// The bytes `range` of the object, from the version whose ETag was seen
/// first (`If-Match`): a changed object fails the read instead of mixing
/// two versions' bytes.
pub(crate) async fn get_exact(
    store: &Arc<dyn ObjectStore>,
    path: &Path,
    range: Range<u64>,
    e_tag: &Option<String>,
) -> Result<bytes::Bytes> {
    let opts = GetOptions::default()
        .with_range(Some(GetRange::Bounded(range.clone())))
        .with_if_match(e_tag.clone());
    let bytes = store.get_opts(path, opts).await?.bytes().await?;
    if bytes.len() as u64 != range.end - range.start {
        return Err(ErrorKind::Truncated {
            expected: range.end,
            found: range.start + bytes.len() as u64,
        }
        .into());
    }
    Ok(bytes)
}
