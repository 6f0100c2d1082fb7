//! `np.save`, `np.savez` and `np.savez_compressed` to object storage.

use crate::error::{ErrorKind, Result};
use crate::upload::{Upload, upload_error};
use npy_format::WriteNpyExt;
use npz_archive::{Compression, NpzWriter};
use object_store::ObjectStore;
use object_store::path::Path;
use std::io::{Seek, SeekFrom};
use std::sync::Arc;

/// Writes an array as the `.npy` object at `path`, as `np.save` writes a
/// file (same header bytes), streamed through an [`Upload`]: memory holds
/// a few parts, never a second copy of the array, and the object appears
/// only once it is whole. Returns the object's size.
///
/// # Example
///
/// ```
/// use npio_remote::RemoteNpy;
/// use object_store::{memory::InMemory, path::Path};
/// use std::sync::Arc;
///
/// let store = Arc::new(InMemory::new());
/// let path = Path::from("out/x.npy");
/// let x = ndarray::Array2::<f64>::eye(3);
/// npio_remote::save_npy_blocking(store.clone(), &path, &x)?;
/// let back: ndarray::Array2<f64> = RemoteNpy::open_blocking(store, &path)?
///     .read_array_blocking(&Default::default())?;
/// assert_eq!(back, x);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn save_npy_blocking<T: WriteNpyExt + ?Sized>(
    store: Arc<dyn ObjectStore>,
    path: &Path,
    array: &T,
) -> Result<u64> {
    let mut up = Upload::create(store, path);
    if let Err(e) = array.write_npy_to(&mut up) {
        // An upload error comes back inside npy-format's: report the
        // store's own message when there is one.
        return Err(match e.into_kind() {
            npy_format::ErrorKind::Io(io) => upload_error(io),
            kind => npy_format::Error::from(kind).into(),
        });
    }
    up.finish()
}

/// Writes arrays as the `.npz` object at `path` (`np.savez` with
/// [`Compression::Stored`], `np.savez_compressed` with
/// [`Compression::NUMPY_COMPRESSED`]; zstd too), named as given.
///
/// A ZIP writer goes back to each member's header once the member is
/// written, which an upload cannot do: the archive is built in a
/// temporary file first (on disk, not in memory), then uploaded in parts.
/// The object appears only once it is whole. Returns its size.
///
/// # Example
///
/// ```
/// use npz_archive::Compression;
/// use object_store::{memory::InMemory, path::Path};
/// use std::sync::Arc;
///
/// let store = Arc::new(InMemory::new());
/// let path = Path::from("out/model.npz");
/// let (w, b) = (ndarray::array![[1.0f32, 2.0]], ndarray::array![[0.5f32, 0.0]]);
/// npio_remote::savez_blocking(
///     store.clone(),
///     &path,
///     &[("w", &w), ("b", &b)],
///     Compression::NUMPY_COMPRESSED,
/// )?;
/// let mut npz = npio_remote::open_npz_blocking(store, &path)?;
/// assert_eq!(npz.names(), ["w", "b"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn savez_blocking<T: WriteNpyExt + Sync + ?Sized>(
    store: Arc<dyn ObjectStore>,
    path: &Path,
    arrays: &[(&str, &T)],
    compression: Compression,
) -> Result<u64> {
    let staged = tempfile::tempfile().map_err(ErrorKind::Local)?;
    let mut w = NpzWriter::new(staged, compression);
    w.add_all(arrays)?;
    let mut staged = w.finish()?;
    staged.seek(SeekFrom::Start(0)).map_err(ErrorKind::Local)?;
    crate::upload::upload_reader(store, path, &mut staged)
}

/// [`save_npy_blocking`] for async code: the array is shared (an [`Arc`])
/// because it is written from npio-remote's blocking threads while the
/// caller's task awaits, never blocking the caller's runtime.
///
/// # Example
///
/// ```
/// use object_store::{memory::InMemory, path::Path, ObjectStore};
/// use std::sync::Arc;
///
/// # tokio::runtime::Builder::new_current_thread().build()?.block_on(async {
/// let store: Arc<dyn ObjectStore> = Arc::new(InMemory::new());
/// let path = Path::from("out/x.npy");
/// let x = Arc::new(ndarray::Array1::from_iter(0..100i64));
/// npio_remote::save_npy(store.clone(), &path, x.clone()).await?;
/// let back = npio_remote::load_npy(store, &path, &Default::default()).await?;
/// assert_eq!(back.to_array::<i64, ndarray::Ix1>()?, *x);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub async fn save_npy<T>(store: Arc<dyn ObjectStore>, path: &Path, array: Arc<T>) -> Result<u64>
where
    T: WriteNpyExt + Send + Sync + ?Sized + 'static,
{
    let path = path.clone();
    crate::runtime::blocking(move || save_npy_blocking(store, &path, &*array)).await?
}

/// [`savez_blocking`] for async code, the arrays shared as for
/// [`save_npy`].
pub async fn savez<T>(
    store: Arc<dyn ObjectStore>,
    path: &Path,
    arrays: Vec<(String, Arc<T>)>,
    compression: Compression,
) -> Result<u64>
where
    T: WriteNpyExt + Send + Sync + ?Sized + 'static,
{
    let path = path.clone();
    crate::runtime::blocking(move || {
        let named: Vec<(&str, &T)> = arrays.iter().map(|(n, a)| (n.as_str(), &**a)).collect();
        savez_blocking(store, &path, &named, compression)
    })
    .await?
}
