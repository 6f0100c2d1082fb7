//! Writing objects: a blocking [`Write`] that streams to a multipart
//! upload in bounded memory and aborts it on any error, so that no partial
//! object ever becomes visible.

use crate::error::{Error, ErrorKind, Result};
use crate::runtime;
use object_store::path::Path;
use object_store::{MultipartUpload, ObjectStore, PutMultipartOptions, PutOptions, PutPayload};
use std::collections::VecDeque;
use std::io::{self, Write};
use std::sync::Arc;
use tokio::task::JoinHandle;

/// The smallest part object stores accept (all but the last part of an S3
/// or GCS multipart upload must be at least 5 MiB).
pub const MIN_PART_SIZE: usize = 5 << 20;
const DEFAULT_PART_SIZE: usize = 8 << 20;
const DEFAULT_CONCURRENCY: usize = 4;

/// A blocking writer of one object: the remote equivalent of writing a
/// temporary file and renaming it into place.
///
/// Bytes are gathered into parts (8 MiB by default) and each full part is
/// sent while the next fills, up to [`concurrency`](Self::concurrency)
/// parts in flight, so memory holds at most `part_size × (concurrency + 1)`
/// bytes whatever the object's size. An object smaller than one part is
/// written with a single request. The object appears only when
/// [`finish`](Self::finish) succeeds; an upload dropped unfinished, or
/// one whose request failed, is aborted and leaves the store as it was.
///
/// Requests run on npio-remote's runtime, so an `Upload` works from any
/// thread that is not itself running an async task.
///
/// # Example
///
/// ```
/// use npio_remote::{RemoteNpy, Upload};
/// use object_store::{memory::InMemory, path::Path};
/// use std::io::Write;
/// use std::sync::Arc;
///
/// let store = Arc::new(InMemory::new());
/// let path = Path::from("runs/7/weights.npy");
/// let mut up = Upload::create(store.clone(), &path);
/// npy_format::WriteNpyExt::write_npy_to(&ndarray::array![[1.0f32, 2.0]], &mut up)?;
/// assert!(RemoteNpy::open_blocking(store.clone(), &path).is_err()); // not there yet
/// up.finish()?;
/// assert_eq!(RemoteNpy::open_blocking(store, &path)?.header().shape, [1, 2]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Upload {
    store: Arc<dyn ObjectStore>,
    path: Path,
    part_size: usize,
    concurrency: usize,
    buf: Vec<u8>,
    multipart: Option<Box<dyn MultipartUpload>>,
    in_flight: VecDeque<JoinHandle<object_store::Result<()>>>,
    written: u64,
    failed: bool,
}

impl Upload {
    /// Starts writing the object at `path`; no request is made until the
    /// first part is full or the upload is finished.
    pub fn create(store: Arc<dyn ObjectStore>, path: &Path) -> Upload {
        Upload {
            store,
            path: path.clone(),
            part_size: DEFAULT_PART_SIZE,
            concurrency: DEFAULT_CONCURRENCY,
            buf: Vec::new(),
            multipart: None,
            in_flight: VecDeque::new(),
            written: 0,
            failed: false,
        }
    }

    /// Opens a writer for the object a URL names (see
    /// [`open_url`](crate::open_url)).
    pub fn create_url(url: &str) -> Result<Upload> {
        let (store, path) = crate::open_url(url)?;
        Ok(Upload::create(store, &path))
    }

    /// Bytes per part (default 8 MiB, at least [`MIN_PART_SIZE`]; larger
    /// values are kept as given).
    pub fn part_size(&mut self, bytes: usize) -> &mut Self {
        self.part_size = bytes.max(MIN_PART_SIZE);
        self
    }

    /// Parts sent at once (default 4, at least 1).
    pub fn concurrency(&mut self, parts: usize) -> &mut Self {
        self.concurrency = parts.max(1);
        self
    }

    /// Bytes written so far.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// Sends the remaining bytes and makes the object visible; returns its
    /// size. On error the upload is aborted and the object not written.
    pub fn finish(mut self) -> Result<u64> {
        if self.failed {
            return Err(ErrorKind::UploadAborted.into());
        }
        let done = self.finish_inner();
        if done.is_err() {
            let _ = self.abort_inner();
        }
        done.map(|()| self.written)
    }

    /// Abandons the upload: parts already sent are discarded by the store
    /// and the object is not written. Dropping an unfinished upload does
    /// the same, ignoring errors.
    pub fn abort(mut self) -> Result<()> {
        self.abort_inner()
    }

    fn finish_inner(&mut self) -> Result<()> {
        let body = PutPayload::from(std::mem::take(&mut self.buf));
        if self.multipart.is_none() {
            // Smaller than a part: one request, atomic by itself.
            let (store, path) = (self.store.clone(), self.path.clone());
            runtime::run(async move {
                store
                    .put_opts(&path, body, PutOptions::default())
                    .await
                    .map(drop)
            })??;
            return Ok(());
        }
        if body.content_length() > 0 {
            self.send(body)?;
        }
        while let Some(part) = self.in_flight.pop_front() {
            runtime::join(part)??;
        }
        let mut upload = self.multipart.take().expect("started above");
        let completed = runtime::run(async move {
            match upload.complete().await {
                Ok(_) => Ok(()),
                Err(e) => {
                    // Leave nothing behind: the parts are discarded.
                    let _ = upload.abort().await;
                    Err(e)
                }
            }
        })?;
        completed.map_err(Error::from)
    }

    /// Sends one part, waiting first for the oldest when `concurrency`
    /// are in flight.
    fn send(&mut self, part: PutPayload) -> Result<()> {
        if self.multipart.is_none() {
            let (store, path) = (self.store.clone(), self.path.clone());
            let started = runtime::run(async move {
                store
                    .put_multipart_opts(&path, PutMultipartOptions::default())
                    .await
            })??;
            self.multipart = Some(started);
        }
        while self.in_flight.len() >= self.concurrency {
            let oldest = self.in_flight.pop_front().expect("not empty");
            runtime::join(oldest)??;
        }
        let upload = self.multipart.as_mut().expect("started above");
        let request = upload.put_part(part);
        self.in_flight.push_back(runtime::spawn(request)?);
        Ok(())
    }

    /// Cancels the parts in flight and aborts the multipart upload.
    fn abort_inner(&mut self) -> Result<()> {
        self.failed = true;
        self.buf = Vec::new();
        for part in self.in_flight.drain(..) {
            part.abort();
        }
        match self.multipart.take() {
            Some(mut upload) => {
                runtime::run(async move { upload.abort().await })?.map_err(Error::from)
            }
            None => Ok(()),
        }
    }
}

impl Write for Upload {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.failed {
            return Err(io::Error::other(Error::from(ErrorKind::UploadAborted)));
        }
        if self.buf.capacity() == 0 {
            self.buf.reserve_exact(self.part_size);
        }
        let n = bytes.len().min(self.part_size - self.buf.len());
        self.buf.extend_from_slice(&bytes[..n]);
        self.written += n as u64;
        if self.buf.len() == self.part_size {
            let part = std::mem::replace(&mut self.buf, Vec::with_capacity(self.part_size));
            if let Err(e) = self.send(PutPayload::from(part)) {
                let _ = self.abort_inner();
                return Err(io::Error::other(e));
            }
        }
        Ok(n)
    }

    /// Parts are sent as they fill; bytes reach the store only when the
    /// upload is [`finish`](Upload::finish)ed.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for Upload {
    fn drop(&mut self) {
        if self.multipart.is_some() || !self.in_flight.is_empty() {
            let _ = self.abort_inner();
        }
    }
}

/// Uploads a local file as the object at `path`, in parts, in bounded
/// memory; returns its size.
///
/// # Example
///
/// ```
/// use object_store::{memory::InMemory, path::Path};
/// use std::sync::Arc;
///
/// let dir = tempfile::tempdir()?;
/// let file = dir.path().join("x.npy");
/// npy_format::write_npy(&file, &ndarray::array![1u8, 2, 3])?;
/// let store = Arc::new(InMemory::new());
/// let size = npio_remote::upload_file_blocking(store, &Path::from("x.npy"), &file)?;
/// assert_eq!(size, 131);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn upload_file_blocking(
    store: Arc<dyn ObjectStore>,
    path: &Path,
    file: &std::path::Path,
) -> Result<u64> {
    let mut source = std::fs::File::open(file).map_err(ErrorKind::Local)?;
    upload_reader(store, path, &mut source)
}

/// Uploads everything `source` gives as the object at `path`.
pub(crate) fn upload_reader(
    store: Arc<dyn ObjectStore>,
    path: &Path,
    source: &mut dyn io::Read,
) -> Result<u64> {
    let mut up = Upload::create(store, path);
    copy_into(source, &mut up)?;
    up.finish()
}

/// Copies `source` into `up`, telling a local read error from the
/// upload's own.
fn copy_into(source: &mut dyn io::Read, up: &mut Upload) -> Result<()> {
    let mut block = vec![0u8; 1 << 20];
    loop {
        let n = match source.read(&mut block) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(ErrorKind::Local(e).into()),
        };
        up.write_all(&block[..n]).map_err(upload_error)?;
    }
}

/// The crate's error inside an `io::Error` that [`Upload`]'s `Write`
/// returned.
pub(crate) fn upload_error(e: io::Error) -> Error {
    match e.downcast::<Error>() {
        Ok(inner) => inner,
        Err(e) => ErrorKind::Local(e).into(),
    }
}
