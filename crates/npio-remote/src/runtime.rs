//! The runtime behind the blocking API: started on first use, shared by
//! every blocking call of the process.

use crate::error::{ErrorKind, Result};
use std::future::Future;
use std::sync::OnceLock;
use tokio::runtime::Runtime;

static RUNTIME: OnceLock<std::io::Result<Runtime>> = OnceLock::new();

/// Runs `fut` to completion on this crate's runtime. Refused (not a
/// panic) when called from inside an async runtime, where the async
/// methods are the ones to call.
pub(crate) fn block_on<F: Future>(fut: F) -> Result<F::Output> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(ErrorKind::Runtime(std::io::Error::other(
            "a blocking npio-remote call inside an async runtime: call the async method instead",
        ))
        .into());
    }
    Ok(runtime()?.block_on(fut))
}

/// Runs `fut` on this crate's runtime from any thread, a runtime's own
/// threads included (the calling thread waits; the future runs on the
/// runtime's workers).
pub(crate) fn run<F>(fut: F) -> Result<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    join(spawn(fut)?)
}

/// Starts `fut` on this crate's runtime and returns at once; the handle
/// waits for it from any thread.
pub(crate) fn spawn<F>(fut: F) -> Result<tokio::task::JoinHandle<F::Output>>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    Ok(runtime()?.spawn(fut))
}

/// Waits from any thread for a task [`spawn`]ed earlier.
pub(crate) fn join<T>(task: tokio::task::JoinHandle<T>) -> Result<T> {
    futures::executor::block_on(task).map_err(|e| {
        ErrorKind::Runtime(std::io::Error::other(format!("a request task failed: {e}"))).into()
    })
}

/// The runtime, started on first use.
fn runtime() -> Result<&'static Runtime> {
    let started = RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("npio-remote")
            .enable_all()
            .build()
    });
    started
        .as_ref()
        .map_err(|e| ErrorKind::Runtime(std::io::Error::new(e.kind(), e.to_string())).into())
}

/// Runs blocking work (a reader written for files over a
/// [`RangeReader`](crate::RangeReader)) on this crate's blocking threads,
/// for the async API: the caller's runtime is never blocked, whichever
/// executor awaits it.
pub(crate) async fn blocking<F, T>(f: F) -> Result<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    runtime()?.spawn_blocking(f).await.map_err(|e| {
        ErrorKind::Runtime(std::io::Error::other(format!(
            "a blocking task failed: {e}"
        )))
        .into()
    })
}
