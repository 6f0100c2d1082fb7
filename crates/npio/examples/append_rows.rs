//! Growing a `.npy` file: stream rows of unknown number into a new file,
//! then append more to it in place, run after run, as a logger or a
//! simulation writing snapshots would.
//!
//! ```sh
//! cargo run -p npio --example append_rows                # in a temp dir
//! cargo run -p npio --example append_rows -- log.npy     # run it twice: the log grows
//! ```
//!
//! NumPy has no append; npio relies on the growth padding `np.save` has
//! put in every header since NumPy 1.14, so the header is rewritten in
//! place with the same length, and the file stays what `np.save` would
//! write for the whole array.

use ndarray::{Array2, Ix2, array};
use npio::npy::{NpyWriter, append_npy};
use std::path::PathBuf;

const COLS: usize = 3;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let tmp = tempfile::tempdir()?;
    let path = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| tmp.path().join("log.npy"));

    // 1. A new file, when there is none: rows are streamed as they come,
    //    without knowing how many there will be. The shape is patched in
    //    when the writer finishes; until then the old file (if any) stays.
    if !path.exists() {
        let mut w = NpyWriter::create(&path, npio::dtype::<f64>(), &[COLS])?;
        for step in 0..5 {
            let t = step as f64;
            w.append(&array![[t, t * t, (t * 0.5).sin()]])?;
        }
        println!("streamed {} rows into {}", w.rows(), path.display());
        w.commit()?;
    }

    // 2. Append to it in place: data first, header last, so a crash in
    //    between leaves the old array intact.
    let before: Array2<f64> = npio::load(&path)?.into_array()?.to_array()?;
    let n = before.nrows();
    let more = Array2::from_shape_fn((4, COLS), |(i, j)| (n + i) as f64 * 10.0 + j as f64);
    append_npy(&path, &more)?;

    let after = npio::load(&path)?.into_array()?;
    println!(
        "appended {} rows: {} now has shape {:?}",
        more.nrows(),
        path.display(),
        after.shape()
    );
    let after = after.to_array::<f64, Ix2>()?;
    assert_eq!(after.nrows(), n + more.nrows());
    assert_eq!(after.slice(ndarray::s![..n, ..]), before);
    println!("last row: {}", after.row(after.nrows() - 1));

    // 3. The file is exactly np.save's bytes for the whole array.
    let whole = tmp.path().join("whole.npy");
    npio::save(&whole, &after)?;
    assert_eq!(std::fs::read(&whole)?, std::fs::read(&path)?);
    println!("byte-identical to saving the whole array at once");
    Ok(())
}
