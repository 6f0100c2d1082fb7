//! Runs one npio workload and prints its timing as JSON, for
//! `benches/compare.py`, which runs the same work in NumPy in the same run.
//!
//! Usage: `npio-bench OP FILE [REPEAT]` with OP one of
//! - `read`: `read_npy` of a native f64 file into `ArrayD<f64>`;
//! - `read-swap`: the same for a big-endian file (swapped to native);
//! - `plain-read`: one `read` of the file into a buffer allocated and
//!   faulted in beforehand (the floor);
//! - `write`: writes a C-order f64 array of FILE's size to FILE.npio.npy;
//! - `peak-read`: one `read`, reporting peak memory above the baseline.

use ndarray::ArrayD;
use npio_benches::{best_of, current_rss, peak_rss};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: npio-bench OP FILE [REPEAT]");
        return ExitCode::from(2);
    }
    let (op, file) = (args[1].as_str(), args[2].as_str());
    let repeat: usize = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(5);
    let result = match op {
        "read" | "read-swap" => timed(repeat, || {
            let a: ArrayD<f64> = npy_format::read_npy(file)?;
            Ok(a.len())
        }),
        "plain-read" => {
            // The floor: one read of the whole file into a buffer that is
            // already allocated and faulted in.
            let len = std::fs::metadata(file)
                .map(|m| m.len() as usize)
                .unwrap_or(0);
            let mut buf = vec![1u8; len];
            timed(repeat, || {
                let mut f = std::fs::File::open(file)?;
                std::io::Read::read_exact(&mut f, &mut buf)?;
                Ok(buf.len())
            })
        }
        "write" => {
            let a: ArrayD<f64> = match npy_format::read_npy(file) {
                Ok(a) => a,
                Err(e) => return fail(e),
            };
            let out = format!("{file}.npio.npy");
            let r = timed(repeat, || {
                npy_format::write_npy(&out, &a)?;
                Ok(a.len())
            });
            let _ = std::fs::remove_file(&out);
            r
        }
        "peak-read" => {
            let base = current_rss().unwrap_or(0);
            let a: ArrayD<f64> = match npy_format::read_npy(file) {
                Ok(a) => a,
                Err(e) => return fail(e),
            };
            let peak = peak_rss().unwrap_or(0);
            println!(
                "{{\"op\": \"peak-read\", \"array_bytes\": {}, \"peak_above_base\": {}}}",
                a.len() * 8,
                peak.saturating_sub(base)
            );
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("unknown op {op}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok((secs, n)) => {
            println!("{{\"op\": \"{op}\", \"seconds\": {secs}, \"elements\": {n}}}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn timed(
    repeat: usize,
    mut f: impl FnMut() -> Result<usize, Box<dyn std::error::Error>>,
) -> Result<(f64, usize), Box<dyn std::error::Error>> {
    let (d, r) = best_of(repeat, &mut f);
    Ok((d.as_secs_f64(), r?))
}

fn fail(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(1)
}
