//! The names most programs using npio need, for a glob import.
//!
//! ```
//! use npio::prelude::*;
//!
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join("a.npy");
//! save(&path, &ndarray::array![1.0f64, 2.0])?;
//! let a: ndarray::Array1<f64> = load(&path)?.into_array()?.to_array()?;
//! assert_eq!(a[1], 2.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! It holds the entry points ([`load`], [`save`], ...), [`Loaded`],
//! [`LoadOptions`], [`SaveArray`], [`NpyArray`], [`DType`], the ndarray
//! read/write traits, and, with their features, `NpzReader`,
//! `NpzWriter`, `Compression`, `Memmap`, `MemmapBuilder`, `Mode`,
//! `GenFromTxt`, `LoadTxt` and `SaveTxt`. Errors are not in it: name them `npio::Error`
//! and `npio::Result`.

pub use crate::{LoadOptions, Loaded, SaveArray, dtype, load, save};
pub use npy_format::{DType, NpyArray, ReadNpyExt, WriteNpyExt};

#[cfg(feature = "npz")]
pub use crate::{savez, savez_compressed};
#[cfg(feature = "npz")]
pub use npz_archive::{Compression, NpzReader, NpzWriter};

#[cfg(feature = "mmap")]
pub use crate::{create_memmap, memmap, open_memmap};
#[cfg(feature = "mmap")]
pub use npy_mmap::{Memmap, MemmapBuilder, Mode};

#[cfg(feature = "text")]
pub use crate::{genfromtxt, loadtxt, savetxt};
#[cfg(feature = "text")]
pub use delimited_text::{GenFromTxt, LoadTxt, SaveTxt};
