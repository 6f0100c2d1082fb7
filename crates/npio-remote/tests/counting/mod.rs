//! A store that counts the requests and bytes it serves, to prove that
//! npio-remote reads lazily.

// Each test file uses a part of these helpers.
#![allow(dead_code)]

use futures::stream::BoxStream;
use object_store::path::Path;
use object_store::{
    CopyOptions, GetOptions, GetResult, GetResultPayload, ListResult, MultipartUpload, ObjectMeta,
    ObjectStore, ObjectStoreExt, PutMultipartOptions, PutOptions, PutPayload, PutResult, Result,
    UploadPart,
};
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Counts the GET requests (ranges and HEADs included) passed on to the
/// store inside, and the bytes they return.
#[derive(Debug)]
pub struct Counting {
    /// The store that serves the requests.
    pub inner: Arc<dyn ObjectStore>,
    /// GET requests so far.
    pub gets: AtomicU64,
    /// Bytes they returned.
    pub bytes: AtomicU64,
    /// Single-request writes (`put`).
    pub puts: AtomicU64,
    /// What multipart uploads did.
    pub uploads: Arc<Uploads>,
    /// A fault every GET from now on suffers.
    pub fault: Mutex<Option<Fault>>,
}

/// How a GET goes wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The server fails the request (as a 500 that retries did not cure).
    ServerError,
    /// The body ends early: fewer bytes than the range asked.
    Short,
    /// The connection breaks in the middle of the body.
    Cut,
}

/// Parts sent, uploads completed and aborted; a part number to fail at.
#[derive(Debug, Default)]
pub struct Uploads {
    /// Parts sent (failed ones included).
    pub parts: AtomicU64,
    /// Uploads completed.
    pub completed: AtomicU64,
    /// Uploads aborted.
    pub aborted: AtomicU64,
    /// The part (counted from 1 across uploads) that fails; 0: none.
    pub fail_part: AtomicU64,
}

/// A multipart upload whose parts are counted (and one failed on demand).
#[derive(Debug)]
struct CountedUpload {
    inner: Box<dyn MultipartUpload>,
    uploads: Arc<Uploads>,
}

#[async_trait::async_trait]
impl MultipartUpload for CountedUpload {
    fn put_part(&mut self, data: PutPayload) -> UploadPart {
        let n = self.uploads.parts.fetch_add(1, Ordering::SeqCst) + 1;
        if n == self.uploads.fail_part.load(Ordering::SeqCst) {
            return Box::pin(async {
                Err(object_store::Error::Generic {
                    store: "Counting",
                    source: "part refused by the test".into(),
                })
            });
        }
        self.inner.put_part(data)
    }

    async fn complete(&mut self) -> Result<PutResult> {
        let r = self.inner.complete().await?;
        self.uploads.completed.fetch_add(1, Ordering::SeqCst);
        Ok(r)
    }

    async fn abort(&mut self) -> Result<()> {
        self.uploads.aborted.fetch_add(1, Ordering::SeqCst);
        self.inner.abort().await
    }
}

impl Counting {
    /// Counts the requests `inner` serves.
    pub fn new(inner: Arc<dyn ObjectStore>) -> Arc<Counting> {
        Arc::new(Counting {
            inner,
            gets: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            puts: AtomicU64::new(0),
            uploads: Arc::default(),
            fault: Mutex::new(None),
        })
    }

    /// Requests and bytes since the last call.
    pub fn take(&self) -> (u64, u64) {
        (
            self.gets.swap(0, Ordering::SeqCst),
            self.bytes.swap(0, Ordering::SeqCst),
        )
    }
}

impl fmt::Display for Counting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Counting({})", self.inner)
    }
}

#[async_trait::async_trait]
impl ObjectStore for Counting {
    async fn put_opts(
        &self,
        location: &Path,
        payload: PutPayload,
        opts: PutOptions,
    ) -> Result<PutResult> {
        self.puts.fetch_add(1, Ordering::SeqCst);
        self.inner.put_opts(location, payload, opts).await
    }

    async fn put_multipart_opts(
        &self,
        location: &Path,
        opts: PutMultipartOptions,
    ) -> Result<Box<dyn MultipartUpload>> {
        let inner = self.inner.put_multipart_opts(location, opts).await?;
        Ok(Box::new(CountedUpload {
            inner,
            uploads: self.uploads.clone(),
        }))
    }

    async fn get_opts(&self, location: &Path, options: GetOptions) -> Result<GetResult> {
        self.gets.fetch_add(1, Ordering::SeqCst);
        let head = options.head;
        let fault = *self.fault.lock().unwrap();
        if fault == Some(Fault::ServerError) {
            return Err(object_store::Error::Generic {
                store: "Counting",
                source: "500 Internal Server Error".into(),
            });
        }
        let mut r = self.inner.get_opts(location, options).await?;
        if !head {
            self.bytes
                .fetch_add(r.range.end - r.range.start, Ordering::SeqCst);
        }
        if let Some(f) = fault {
            let (meta, range) = (r.meta.clone(), r.range.clone());
            let body = r.bytes().await?;
            let half = body.slice(..body.len() / 2);
            let parts: Vec<Result<bytes::Bytes>> = match f {
                Fault::Cut => vec![
                    Ok(half),
                    Err(object_store::Error::Generic {
                        store: "Counting",
                        source: "connection reset by peer".into(),
                    }),
                ],
                _ => vec![Ok(half)],
            };
            r = GetResult {
                payload: GetResultPayload::Stream(Box::pin(futures::stream::iter(parts))),
                meta,
                range,
                attributes: Default::default(),
            };
        }
        Ok(r)
    }

    fn delete_stream(
        &self,
        locations: BoxStream<'static, Result<Path>>,
    ) -> BoxStream<'static, Result<Path>> {
        self.inner.delete_stream(locations)
    }

    fn list(&self, prefix: Option<&Path>) -> BoxStream<'static, Result<ObjectMeta>> {
        self.inner.list(prefix)
    }

    async fn list_with_delimiter(&self, prefix: Option<&Path>) -> Result<ListResult> {
        self.inner.list_with_delimiter(prefix).await
    }

    async fn copy_opts(&self, from: &Path, to: &Path, options: CopyOptions) -> Result<()> {
        self.inner.copy_opts(from, to, options).await
    }
}

/// Stores `bytes` as the object `name` in the store inside `store` (not
/// counted); its path.
pub fn put(store: &Counting, name: &str, bytes: Vec<u8>) -> Path {
    let path = Path::from(name);
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(store.inner.put(&path, PutPayload::from(bytes)))
        .unwrap();
    path
}
