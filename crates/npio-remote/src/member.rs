//! Stored `.npz` members read as `.npy` objects: rows by one range
//! request of exactly their bytes, the whole member streamed or in
//! parallel ranges, as for a `.npy` object.

use crate::error::{ErrorKind, Result};
use crate::npy::RemoteNpy;
use crate::range_reader::RangeReader;
use npz_archive::{Method, NpzReader};
use object_store::ObjectStore;
use object_store::path::Path;
use std::sync::Arc;

impl RemoteNpy {
    /// Opens member `name` (with or without `.npy`, as `np.load(f)[name]`
    /// finds it) of the `.npz` object at `path`, when it is stored (as
    /// `np.savez` writes members): two requests, the archive's end (its
    /// directory) and the member's local and `.npy` headers. The member's
    /// rows then cost one range request each, as for a `.npy` object.
    /// A compressed member is refused ([`ErrorKind::Compressed`]): read
    /// it whole through [`RemoteNpz`](crate::RemoteNpz).
    ///
    /// # Example
    ///
    /// ```
    /// use npio_remote::RemoteNpy;
    /// use npz_archive::{Compression, NpzWriter};
    /// use object_store::{memory::InMemory, path::Path, ObjectStoreExt, PutPayload};
    /// use std::sync::Arc;
    ///
    /// let mut w = NpzWriter::new(std::io::Cursor::new(Vec::new()), Compression::Stored);
    /// w.add("ids", &ndarray::Array1::from_iter(0..1000i64))?;
    /// w.add("x", &ndarray::Array2::from_shape_fn((1000, 3), |(i, j)| (i * 3 + j) as f32))?;
    /// let store = Arc::new(InMemory::new());
    /// let path = Path::from("data.npz");
    /// let rt = tokio::runtime::Builder::new_current_thread().build()?;
    /// rt.block_on(store.put(&path, PutPayload::from(w.finish()?.into_inner())))?;
    ///
    /// let x = RemoteNpy::open_member_blocking(store, &path, "x")?;
    /// assert_eq!(x.header().shape, [1000, 3]);
    /// let rows = x.read_rows_blocking(500..502)?; // one request of 24 bytes
    /// let rows = rows.to_array::<f32, ndarray::Ix2>()?;
    /// assert_eq!(rows, ndarray::array![[1500.0, 1501.0, 1502.0], [1503.0, 1504.0, 1505.0]]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub async fn open_member(
        store: Arc<dyn ObjectStore>,
        path: &Path,
        name: &str,
    ) -> Result<RemoteNpy> {
        let reader = RangeReader::open(store, path).await?;
        let name = name.to_string();
        crate::runtime::blocking(move || member_of(reader, &name)).await?
    }

    /// [`open_member`](Self::open_member), blocking.
    pub fn open_member_blocking(
        store: Arc<dyn ObjectStore>,
        path: &Path,
        name: &str,
    ) -> Result<RemoteNpy> {
        member_of(RangeReader::open_blocking(store, path)?, name)
    }
}

/// Member `name` of the archive `reader` reads, as a `.npy` object.
fn member_of(reader: RangeReader, name: &str) -> Result<RemoteNpy> {
    let (store, path, e_tag) = reader.object();
    let size = reader.len();
    let mut npz = NpzReader::new(reader)?;
    let index = npz.index_of(name)?;
    let info = npz.info(index)?;
    if info.method != Method::Stored {
        return Err(ErrorKind::Compressed {
            member: info.zip_name,
            method: info.method.name().to_string(),
        }
        .into());
    }
    let (Some(parsed), Some(start)) = (info.header, info.data_start) else {
        return Err(ErrorKind::NotNpy {
            member: info.zip_name,
        }
        .into());
    };
    // A stored member's bytes are its data: sizes that differ would let
    // reads by range run past the extent the archive's checks cover.
    if info.compressed_size != info.size {
        return Err(ErrorKind::Truncated {
            expected: start.saturating_add(info.size),
            found: start.saturating_add(info.compressed_size),
        }
        .into());
    }
    // The member must be exactly the .npy file: header and data.
    let needed = parsed
        .data_offset
        .saturating_add(parsed.header.data_len()? as u64);
    if needed != info.size {
        return Err(ErrorKind::Truncated {
            expected: start.saturating_add(needed),
            found: start.saturating_add(info.size),
        }
        .into());
    }
    RemoteNpy::at(store, path, size, e_tag, parsed, start)
}
