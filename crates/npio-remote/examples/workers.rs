//! N workers, each reading a disjoint share of the rows of one `.npy`
//! object: two requests per worker (the header, then its rows).
//!
//! ```text
//! cargo run -p npio-remote --example workers -- [URL] [WORKERS]
//! ```
//!
//! Without a URL it writes a 1000 × 16 array to a temporary file and reads
//! it through a `file://` URL; with one (`s3://bucket/big.npy`, with
//! credentials in the environment) it reads that object, which must hold
//! float64 values.

use npio_remote::RemoteNpy;

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
    let sums = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|worker| {
                let url = &url;
                scope.spawn(move || -> Result<(usize, f64), npio_remote::Error> {
                    let npy = RemoteNpy::open_url_blocking(url)?;
                    let rows = npy.rows();
                    let share = rows.div_ceil(workers.max(1));
                    let start = (worker * share).min(rows);
                    let end = (start + share).min(rows);
                    let part = npy.read_rows_blocking(start..end)?;
                    let values: ndarray::ArrayD<f64> = part.to_array()?;
                    Ok((end - start, values.sum()))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a worker panicked"))
            .collect::<Result<Vec<_>, _>>()
    })?;
    for (worker, (rows, sum)) in sums.iter().enumerate() {
        println!("worker {worker}: {rows} rows, sum {sum}");
    }
    let total: f64 = sums.iter().map(|s| s.1).sum();
    println!("total {total}");
    Ok(())
}
