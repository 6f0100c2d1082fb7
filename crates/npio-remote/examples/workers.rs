//! N workers, each reading a disjoint share of the rows of one `.npy`
//! object and writing its result as an object of its own; then one step
//! gathers the results into one `.npz` archive.
//!
//! ```text
//! cargo run -p npio-remote --example workers -- [URL] [WORKERS]
//! ```
//!
//! Without a URL it writes a 1000 × 16 array to a temporary file and works
//! through `file://` URLs; with one (`s3://bucket/big.npy`, with
//! credentials in the environment) it reads that object, which must hold
//! float64 values, and writes `URL.parts/worker-I.npy` and
//! `URL.sums.npz` beside it.
//!
//! Requests: each worker makes two reads (the header, then its rows) and
//! one write (a single `PUT`: its result is small); the gathering step one
//! read per worker and one write.

use ndarray::{Array1, Axis};
use npio_remote::object_store::path::Path;
use npio_remote::{RemoteNpy, load_npy_blocking, open_url, save_npy_blocking, savez_blocking};
use npy_format::ReadOptions;

/// One worker's share: its rows' column sums, written as
/// `PATH.parts/worker-I.npy`.
fn work(url: &str, worker: usize, workers: usize) -> Result<usize, npio_remote::Error> {
    let npy = RemoteNpy::open_url_blocking(url)?;
    let rows = npy.rows();
    let share = rows.div_ceil(workers.max(1));
    let start = (worker * share).min(rows);
    let end = (start + share).min(rows);
    let part: ndarray::Array2<f64> = npy.read_rows_blocking(start..end)?.to_array()?;
    let sums: Array1<f64> = part.sum_axis(Axis(0));
    let (store, path) = open_url(url)?;
    save_npy_blocking(
        store,
        &Path::from(format!("{path}.parts/worker-{worker}.npy")),
        &sums,
    )?;
    Ok(end - start)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = tempfile::tempdir()?;
    let url = match args.next() {
        Some(url) => url,
        None => {
            let file = dir.path().join("big.npy");
            let a = ndarray::Array2::from_shape_fn((1000, 16), |(i, j)| (i * 16 + j) as f64);
            npy_format::write_npy(&file, &a)?;
            format!("file://{}", file.display())
        }
    };
    let workers: usize = args.next().map(|w| w.parse()).transpose()?.unwrap_or(4);
    // Threads stand for machines here: each worker opens its own reader.
    let rows = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|worker| {
                let url = &url;
                scope.spawn(move || work(url, worker, workers))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a worker panicked"))
            .collect::<Result<Vec<_>, _>>()
    })?;

    // Gather: every worker's result as a member of one archive.
    let (store, path) = open_url(&url)?;
    let mut parts = Vec::new();
    for worker in 0..workers {
        let part = Path::from(format!("{path}.parts/worker-{worker}.npy"));
        let sums = load_npy_blocking(store.clone(), &part, &ReadOptions::default())?;
        parts.push((format!("worker{worker}"), sums));
    }
    let named: Vec<(&str, &npy_format::NpyArray)> =
        parts.iter().map(|(n, a)| (n.as_str(), a)).collect();
    let archive = Path::from(format!("{path}.sums.npz"));
    savez_blocking(store, &archive, &named, npz_archive::Compression::Stored)?;

    let mut total = 0.0;
    for ((name, sums), rows) in parts.iter().zip(&rows) {
        let sums: Array1<f64> = sums.to_array()?;
        println!("{name}: {rows} rows, column sums {:.0}", sums.sum());
        total += sums.sum();
    }
    println!("total {total:.0}, gathered into {url}.sums.npz");
    Ok(())
}
