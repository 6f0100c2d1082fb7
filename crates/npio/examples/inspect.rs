//! What is in these files? `np.load` on each, reporting arrays, archive
//! members, and why a file was refused (pickles, object arrays, text,
//! damage), without stopping at the first bad one.
//!
//! ```sh
//! cargo run -p npio --example inspect                         # a few of testdata's files
//! cargo run -p npio --example inspect -- a.npy b.npz c.pkl    # yours
//! ```
//!
//! Exits with status 1 when any file given could not be loaded.

use npio::{ErrorKind, Loaded};
use std::path::{Path, PathBuf};

fn describe(path: &Path) -> npio::Result<String> {
    Ok(match npio::load(path)? {
        Loaded::Array(a) => format!(
            "array, dtype {}, shape {:?}{}",
            a.dtype().descr_repr(),
            a.shape(),
            if a.fortran_order() {
                ", Fortran order"
            } else {
                ""
            }
        ),
        Loaded::Archive(mut npz) => {
            let mut out = format!("archive of {} members", npz.len());
            for i in 0..npz.len() {
                let info = npz.info(i)?;
                match &info.header {
                    Some(h) => out.push_str(&format!(
                        "\n    {}: dtype {}, shape {:?}, {}",
                        info.name,
                        h.header.dtype.descr_repr(),
                        h.header.shape,
                        info.method.name()
                    )),
                    None => out.push_str(&format!("\n    {}: not an array", info.name)),
                }
            }
            out
        }
        other => format!("{:?}", other.format()),
    })
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let root = root.canonicalize().unwrap_or(root);
    let mut paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let demo = paths.is_empty();
    if demo {
        paths = [
            "testdata/npy/c16_be_f_3d.npy",
            "testdata/npy/recnested_le_c_1d.npy",
            "testdata/npy/object_na_c_1d.npy",
            "testdata/npz/mixed_compressed.npz",
            "samples/readings.csv",
        ]
        .iter()
        .map(|p| root.join(p))
        .collect();
    }

    let mut failed = false;
    for path in &paths {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        match describe(path) {
            Ok(text) => println!("{name}: {text}"),
            Err(e) => {
                // The kind says what to do about it; the message says what
                // was found (after the path, which is printed already).
                let advice = match e.kind() {
                    _ if e.is_pickle() => "Python pickles: load them in Python",
                    ErrorKind::UnknownFormat { .. } => "not NumPy binary: text? try npio::loadtxt",
                    ErrorKind::Empty => "empty",
                    _ => "damaged or unsupported",
                };
                let message = e.to_string();
                let prefix = format!("{}: ", path.display());
                let message = message.strip_prefix(&prefix).unwrap_or(&message);
                println!("{name}: refused ({advice}): {message}");
                failed = true;
            }
        }
    }
    if failed && !demo {
        std::process::exit(1);
    }
}
