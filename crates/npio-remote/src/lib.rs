//! NumPy `.npy` arrays and `.npz` archives in object storage — S3, Google Cloud Storage,
//! Azure, HTTP servers and local files through [`object_store`] — read
//! lazily, by byte range.
//!
//! - [`RemoteNpy::open`] reads the header with one small range request;
//! - [`RemoteNpy::read_rows`] fetches rows `[a, b)` of a C-order array
//!   with one request of exactly their bytes, so many workers can each
//!   read their part of one object;
//! - [`load_npy`] reads a whole array with one GET (header and data from
//!   one stream);
//! - [`RemoteNpy::read`] and [`RemoteNpy::read_into`] fetch the whole
//!   array as one streamed request or as several ranges in flight
//!   ([`Transfer`]);
//! - [`open_npz_blocking`] opens a remote `.npz` archive as a
//!   [`RemoteNpz`] (npz-archive's reader over a [`RangeReader`]): its
//!   directory from the object's last 64 KiB, each member's header by a
//!   small range, members streamed as they are read;
//! - [`save_npy_blocking`], [`savez_blocking`] and [`Upload`] write
//!   objects as multipart uploads in bounded memory, aborted on any
//!   error: an object appears whole or not at all.
//!
//! Every method is async, for tokio users, and has a `_blocking` twin for
//! ordinary programs (the runtime is hidden inside). URLs (`s3://`,
//! `gs://`, `az://`, `abfs://`, `http(s)://`, `file://`) are opened with
//! [`open_url`], which takes credentials and endpoints from the
//! environment as `object_store` names them (`AWS_ACCESS_KEY_ID`,
//! `AWS_ENDPOINT_URL`, `AWS_ALLOW_HTTP`, …) and never prints them.
//!
//! This crate sits above the file layers: npy-format and the others stay
//! free of async code and of the network.
//!
//! # Example
//!
//! ```
//! use npio_remote::{RemoteNpy, Transfer};
//!
//! let dir = tempfile::tempdir()?;
//! let file = dir.path().join("big.npy");
//! npy_format::write_npy(&file, &ndarray::Array2::<f64>::ones((1000, 4)))?;
//!
//! let npy = RemoteNpy::open_url_blocking(&format!("file://{}", file.display()))?;
//! assert_eq!(npy.header().shape, [1000, 4]);
//! // This worker's share: rows 250..500, one request of 8000 bytes.
//! let part = npy.read_rows_blocking(250..500)?;
//! assert_eq!(part.shape(), &[250, 4]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![cfg_attr(docsrs, feature(doc_cfg))]

mod error;
mod load;
mod location;
mod member;
mod npy;
mod range_reader;
mod runtime;
mod save;
mod upload;

pub use crate::error::{Error, ErrorKind, Result};
pub use crate::load::{load_npy, load_npy_blocking};
pub use crate::location::open_url;
pub use crate::npy::{RemoteNpy, Transfer};
pub use crate::range_reader::{
    RangeReader, RemoteNpz, describe_npz, describe_npz_blocking, open_npz, open_npz_blocking,
    open_npz_url_blocking, open_npz_with_blocking,
};
pub use crate::save::{save_npy, save_npy_blocking, savez, savez_blocking};
pub use crate::upload::{MIN_PART_SIZE, Upload, upload_file_blocking};
pub use npz_archive;
pub use object_store;
