//! Working on an array larger than memory: create a `.npy` file of the
//! full size without writing it, fill it a block of rows at a time, flush,
//! then reopen it read-only and reduce it block by block.
//!
//! ```sh
//! cargo run -p npio --example larger_than_ram              # 64 MiB, in a temp dir
//! cargo run --release -p npio --example larger_than_ram -- 100000000 big.npy   # 100M rows x 16 f32 = 6 GiB
//! ```
//!
//! Only the pages being touched are in memory: the operating system
//! writes filled pages back to the file and drops them when memory is
//! short. The file is exactly what `np.save` would write for the same
//! array, so NumPy opens it with `np.load(path, mmap_mode="r")`.

use ndarray::{Ix2, s};
use npio::mmap::Mode;
use std::path::PathBuf;
use std::time::Instant;

const COLS: usize = 16;
const BLOCK_ROWS: usize = 65_536;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let rows: usize = match args.next() {
        Some(n) => n.parse()?,
        None => 1 << 20, // 1M rows x 16 f32 = 64 MiB
    };
    let tmp = tempfile::tempdir()?;
    let path = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| tmp.path().join("big.npy"));
    let start = Instant::now();

    // np.lib.format.open_memmap(path, mode="w+", dtype="<f4", shape=(rows, 16)):
    // the header is written and the file set to its full length, sparse.
    let mut out = npio::create_memmap(&path, npio::dtype::<f32>(), &[rows, COLS], false)?;
    let bytes = out.data_offset() + (rows * COLS * 4) as u64;
    println!(
        "created {} ({} MiB, {} rows x {COLS} f32) in {:.2?}",
        path.display(),
        bytes >> 20,
        rows,
        start.elapsed()
    );

    // Fill it a block at a time, as a producer that cannot hold it all
    // would: row r holds r + c / 100 in column c.
    {
        let mut view = out.view_mut::<f32, Ix2>()?;
        let mut first = 0;
        while first < rows {
            let last = (first + BLOCK_ROWS).min(rows);
            let mut block = view.slice_mut(s![first..last, ..]);
            for (i, mut row) in block.rows_mut().into_iter().enumerate() {
                let r = (first + i) as f32;
                for (c, x) in row.iter_mut().enumerate() {
                    *x = r + c as f32 / 100.0;
                }
            }
            first = last;
        }
    }
    out.flush()?; // on disk now, as far as the operating system is concerned
    drop(out);
    println!("filled and flushed in {:.2?}", start.elapsed());

    // Reopen read-only (np.load(path, mmap_mode="r")): only the header is
    // read; the reduction pages the data in block by block.
    let map = npio::open_memmap(&path, Mode::ReadOnly)?;
    let view = map.view::<f32, Ix2>()?;
    let mut column_sums = [0f64; COLS];
    for block in view.axis_chunks_iter(ndarray::Axis(0), BLOCK_ROWS) {
        for row in block.rows() {
            for (sum, &x) in column_sums.iter_mut().zip(row) {
                *sum += x as f64;
            }
        }
    }
    let n = rows as f64;
    let expected_first = (n - 1.0) * n / 2.0;
    println!(
        "column sums: first {} (expected {expected_first}), last {}",
        column_sums[0],
        column_sums[COLS - 1]
    );
    if rows <= 1 << 24 {
        // f32 holds every row number exactly up to 2^24.
        assert_eq!(column_sums[0], expected_first);
    }
    println!("last row: {}", view.row(rows - 1));
    println!("done in {:.2?}", start.elapsed());
    Ok(())
}
