//! Trading arrays with Python: read files NumPy wrote, write files NumPy
//! reads.
//!
//! ```sh
//! cargo run -p npio --example numpy_interop           # writes to a temp dir
//! cargo run -p npio --example numpy_interop -- out/   # keeps the files in out/
//! ```
//!
//! The first half loads NumPy-made fixtures from `testdata/` with
//! `npio::load`, whatever their dtype, byte order or memory order. The
//! second half writes a `.npy` and an `.npz` and prints the Python that
//! loads them; when the workspace's `.venv` has NumPy, it runs that Python
//! too.

use ndarray::{Array2, Ix3, array};
use npio::{Loaded, NpyArray};
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let root = root.canonicalize().unwrap_or(root);

    // 1. Files NumPy wrote. Big-endian, Fortran-order data loads as is;
    //    converting to a typed array swaps and reorders.
    for name in ["f8_be_f_3d.npy", "U3_le_c_1d.npy", "recsimple_le_c_1d.npy"] {
        let path = root.join("testdata/npy").join(name);
        let array = npio::load(&path)?.into_array()?;
        let first = array.values().next().map(|v| v.to_string());
        println!(
            "{name}: dtype {}, shape {:?}, first value {}",
            array.dtype().descr_repr(),
            array.shape(),
            first.unwrap_or_default()
        );
    }
    let cube = npio::load(root.join("testdata/npy/f8_be_f_3d.npy"))?.into_array()?;
    let cube = cube.to_array::<f64, Ix3>()?; // native f64, logical order
    println!(
        "as ndarray: shape {:?}, [1, 2, 3] = {}",
        cube.shape(),
        cube[[1, 2, 3]]
    );

    // An archive NumPy wrote with np.savez_compressed(f, a=..., b=...).
    match npio::load(root.join("testdata/npz/keywords_compressed.npz"))? {
        Loaded::Archive(mut npz) => {
            for i in 0..npz.len() {
                let info = npz.info(i)?;
                let header = info.header.as_ref().map(|h| &h.header);
                println!(
                    "keywords_compressed.npz member {:?}: {:?} {}",
                    info.name,
                    header.map(|h| h.shape.clone()),
                    info.method.name()
                );
            }
        }
        other => return Err(format!("expected an archive, got {other:?}").into()),
    }

    // 2. Files for NumPy.
    let tmp = tempfile::tempdir()?;
    let out = match std::env::args_os().nth(1) {
        Some(dir) => PathBuf::from(dir),
        None => tmp.path().to_path_buf(),
    };
    std::fs::create_dir_all(&out)?;

    let weights: Array2<f32> = array![[0.5, -1.0, 2.0], [0.25, 4.0, -8.0]];
    let labels = NpyArray::from_strings(&["cat", "dog", "émeu"], &[3])?;
    npio::save(out.join("weights.npy"), &weights.t())?; // Fortran order, as NumPy would write it
    npio::savez_compressed(
        out.join("model.npz"),
        &[
            ("weights", &weights),
            ("labels", &labels),
            ("epochs", &array![12u16]),
        ],
    )?;

    let script = r#"
import sys, numpy as np
out = sys.argv[1]
w = np.load(out + "/weights.npy")
assert w.flags.f_contiguous and w.shape == (3, 2), w.flags
with np.load(out + "/model.npz") as npz:
    assert npz.files == ["weights", "labels", "epochs"], npz.files
    assert (npz["weights"].T == w).all()
    assert list(npz["labels"]) == ["cat", "dog", "émeu"]
    print("numpy", np.__version__, "read", npz.files, "and weights", w.shape)
"#;
    println!("\nwrote {}; in Python:\n{script}", out.display());

    let python = std::env::var_os("NPIO_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join(".venv/bin/python"));
    if python.exists() {
        let status = Command::new(&python)
            .arg("-c")
            .arg(script)
            .arg(&out)
            .status()?;
        if !status.success() {
            return Err("NumPy could not read what npio wrote".into());
        }
    } else {
        println!(
            "(no Python with NumPy at {}: skipped running it)",
            python.display()
        );
    }
    Ok(())
}
