/*!
NumPy's on-disk world in Rust: `.npy`, `.npz`, memory-mapped arrays and
delimited text, read and written with NumPy's exact behaviour.

This crate is the front door to npio. Its root has NumPy's functions
under NumPy's names, for programs that trade files with Python; its
modules are npio's layers, one crate each, for everything else:

| NumPy | npio |
|---|---|
| `np.load(f)` | [`load`] → [`Loaded`]: an array, or a lazy archive |
| `np.load(f, mmap_mode=m, max_header_size=n)` | [`LoadOptions`] |
| `np.save(f, a)` | [`save`] (typed ndarray arrays and [`NpyArray`]s) |
| `np.savez(f, x=a)` / `np.savez_compressed` | `savez` / `savez_compressed` |
| `np.memmap(f, dtype, mode, offset, shape, order)` | `memmap` → a `MemmapBuilder` |
| `np.lib.format.open_memmap(f, mode)` | `open_memmap`, and `create_memmap` for `w+` |
| `np.loadtxt(f)` / `np.savetxt(f, a)` | `loadtxt` / `savetxt`; every option on `text::LoadTxt` / `text::SaveTxt` |
| `np.genfromtxt(f)` | `genfromtxt`; every option on `text::GenFromTxt` |
| `scipy.sparse.load_npz(f)` / `save_npz(f, m)` | `load_sparse` / `save_sparse`; the matrices in `npz::sparse` |

| module | crate | what |
|---|---|---|
| [`npy`] | `npy-format` | `.npy` header, dtypes, typed and dynamic arrays, streaming and appending |
| `npz` | `npz-archive` | `.npz` archives: lazy reads, limits, deterministic writes, zstd; scipy.sparse matrices |
| `mmap` | `npy-mmap` | memory maps of `.npy` files, raw files and stored `.npz` members |
| `text` | `delimited-text` | `loadtxt`, `genfromtxt`, `savetxt` |
| `remote` | `npio-remote` | `.npy` arrays in object storage (S3, GCS, Azure, HTTP) by byte range |

`docs/numpy-to-npio.md` in the repository maps every NumPy parameter to
its npio equivalent, and says where npio differs and why. The
`examples/` folder has whole programs, shown in the [`cookbook`]: NumPy
interop, a CSV-to-npz pipeline, a larger-than-RAM memory map, appending
to a `.npy`, and `inspect`, which loads any files and says why it refuses
some.

# Example

```
# #[cfg(feature = "npz")]
# fn main() -> Result<(), Box<dyn std::error::Error>> {
use ndarray::{array, Array2};
use npio::Loaded;

let dir = tempfile::tempdir()?;
let npy = dir.path().join("weights.npy");
let npz = dir.path().join("model.npz");

// np.save / np.savez: what NumPy writes, byte for byte for .npy.
let w = array![[0.5f32, -1.0], [2.0, 0.25]];
let ids = array![3u32, 1, 2];
npio::save(&npy, &w)?;
npio::savez_compressed(&npz, &[("w", &w), ("ids", &ids)])?;

// np.load: the format comes from the file's first bytes.
let w2: Array2<f32> = npio::load(&npy)?.into_array()?.to_array()?;
assert_eq!(w2, w);
match npio::load(&npz)? {
    Loaded::Archive(mut archive) => {
        assert_eq!(archive.names(), ["w", "ids"]); // as NpzFile.files
        assert_eq!(archive.by_name::<u32, ndarray::Ix1>("ids")?, ids);
    }
    other => panic!("not an archive: {other:?}"),
}
# Ok(())
# }
# #[cfg(not(feature = "npz"))]
# fn main() {}
```

# Errors

Every function at the root that opens a file returns [`Result`], whose
[`Error`] wraps the failing layer's own error unchanged
([`ErrorKind::Npy`], `Npz`, `Mmap`, `Text`), adds what [`load`] detects
itself (pickles, unknown formats, empty files), and names the file
([`Error::path`]). The exception is `memmap`, which returns npy-mmap's
builder, whose `open` returns that layer's error. The layers' types,
used directly through the modules, keep their own error types; all of
them convert into [`Error`] with `?`.

# Crate features

Each layer is a feature, all on by default; `npy` is always there.

- `npy`: `.npy` files ([`npy`], [`load`], [`save`], [`Format`]).
- `npz`: `.npz` archives (`npz`; [`load`] of archives, `savez`,
  `savez_compressed`). Without it, [`load`] of an archive is
  [`ErrorKind::FeatureDisabled`].
- `mmap`: memory maps (`mmap`; `memmap`, `open_memmap`,
  `create_memmap`, `LoadOptions::mmap_mode`). Brings in `npz` too (npy-mmap maps
  `.npz` members).
- `text`: delimited text (`text`; `loadtxt`, `savetxt`).
- `sprs` (off by default): conversions between `npz::sparse`'s matrices
  and the `sprs` crate's. Brings in `npz`.
- `remote` (off by default): `.npy` arrays in object storage (`remote`;
  `remote::RemoteNpy`). It brings an async runtime and HTTP clients, which
  no other feature needs.

# Limitations

- Pickles are never loaded: not pickle files, not object (`|O`) arrays
  (their headers can be read with [`npy::read_header_file`]). NumPy loads
  them only with `allow_pickle=True`; npio has no Python to run them.
- Paths are used as given: `save` and `savez` do not append `.npy` /
  `.npz` as NumPy does.
- [`load`] reads from paths only; for any `Read` use
  [`npy::NpyReader`] or `npz::NpzReader`.
- A `.npy` file is never extended when mapped: a short file is an error
  in every mode.
*/

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

pub use crate::detect::{Format, SNIFF_LEN};
pub use crate::dtype::dtype;
pub use crate::error::{Error, ErrorKind, Result};
pub use crate::load::{LoadOptions, Loaded, load};
pub use crate::save::{Member, SaveArray, save};
#[cfg(feature = "npz")]
pub use crate::save::{savez, savez_compressed};
#[cfg(feature = "npz")]
pub use npz_archive::{load_sparse, save_sparse};

#[cfg(feature = "mmap")]
pub use crate::memmap::{create_memmap, memmap, open_memmap};

#[cfg(feature = "text")]
pub use crate::txt::{genfromtxt, loadtxt, savetxt};

pub use ndarray;
pub use npy_format as npy;
pub use npy_format::{NpyArray, read_npy, view_npy, write_npy};

#[cfg(feature = "npz")]
pub use npz_archive as npz;

#[cfg(feature = "mmap")]
pub use npy_mmap as mmap;

#[cfg(feature = "text")]
pub use delimited_text as text;

#[cfg(feature = "remote")]
pub use npio_remote as remote;

pub mod cookbook;
pub mod prelude;

mod detect;
mod dtype;
mod error;
mod load;
#[cfg(feature = "mmap")]
mod memmap;
mod save;
#[cfg(feature = "text")]
mod txt;

/// The README's examples, compiled and run as doctests.
#[cfg(all(doctest, feature = "npz", feature = "mmap", feature = "text"))]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;

/// The crate README's example, compiled and run as a doctest so it cannot
/// drift (it uses `savez_compressed`, hence the `npz` feature).
#[cfg(all(doctest, feature = "npz"))]
#[doc = include_str!("../README.md")]
struct CrateReadmeDoctests;
