//! `np.load` of a remote `.npy` with a single request: the header parsed
//! from the start of one streamed GET, the data streamed into place.

use crate::error::{ErrorKind, Result};
use crate::runtime::block_on;
use futures::StreamExt;
use npy_format::{NpyArray, ReadOptions};
use object_store::path::Path;
use object_store::{GetOptions, ObjectStore};
use std::sync::Arc;

/// Reads the whole `.npy` object at `path` with one GET request: the
/// fastest way to load an array whole (no separate request for the
/// header). The header is checked against `opts`' limits, and its data
/// length against the object's size, before the array is allocated;
/// bytes after the data are ignored, as `np.load` ignores them.
///
/// # Example
///
/// ```
/// use object_store::{memory::InMemory, path::Path};
/// use std::sync::Arc;
///
/// let store = Arc::new(InMemory::new());
/// let path = Path::from("x.npy");
/// npio_remote::save_npy_blocking(store.clone(), &path, &ndarray::array![[1u16, 2], [3, 4]])?;
/// let a = npio_remote::load_npy_blocking(store, &path, &Default::default())?;
/// assert_eq!(a.to_array::<u16, ndarray::Ix2>()?, ndarray::array![[1, 2], [3, 4]]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub async fn load_npy(
    store: Arc<dyn ObjectStore>,
    path: &Path,
    opts: &ReadOptions,
) -> Result<NpyArray> {
    let got = store.get_opts(path, GetOptions::default()).await?;
    let size = got.meta.size;
    let mut stream = got.into_stream();
    // The first bytes, until they hold the whole header (its length is
    // checked against the limits as soon as its 10 first bytes arrive).
    let mut head = Vec::new();
    let parsed = loop {
        match npy_format::read_header(&mut &head[..], opts) {
            Ok(p) => break p,
            Err(e) if e.is_truncated() => match stream.next().await {
                Some(chunk) => head.extend_from_slice(&chunk?),
                None => return Err(e.into()),
            },
            Err(e) => return Err(e.into()),
        }
    };
    let data_len = parsed.header.data_len()?;
    let end = parsed.data_offset.saturating_add(data_len as u64);
    if end > size {
        return Err(ErrorKind::Truncated {
            expected: end,
            found: size,
        }
        .into());
    }
    let mut data = Vec::new();
    data.try_reserve_exact(data_len)
        .map_err(|_| ErrorKind::OutOfMemory {
            bytes: data_len as u64,
        })?;
    let already = &head[(parsed.data_offset as usize).min(head.len())..];
    data.extend_from_slice(&already[..already.len().min(data_len)]);
    while data.len() < data_len {
        let Some(chunk) = stream.next().await else {
            return Err(ErrorKind::Truncated {
                expected: end,
                found: parsed.data_offset + data.len() as u64,
            }
            .into());
        };
        let chunk = chunk?;
        let take = chunk.len().min(data_len - data.len());
        data.extend_from_slice(&chunk[..take]);
    }
    Ok(NpyArray::new(parsed.header, data)?)
}

/// [`load_npy`], blocking.
pub fn load_npy_blocking(
    store: Arc<dyn ObjectStore>,
    path: &Path,
    opts: &ReadOptions,
) -> Result<NpyArray> {
    let path = path.clone();
    let opts = opts.clone();
    block_on(async move { load_npy(store, &path, &opts).await })?
}
