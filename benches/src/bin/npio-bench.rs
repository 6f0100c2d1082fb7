//! Runs one npio workload and prints its timing as JSON, for
//! `benches/compare.py`, which runs the same work in NumPy in the same run.
//!
//! Usage: `npio-bench OP FILE [REPEAT]` with OP one of
//! - `read`: `read_npy` of a native f64 file into `ArrayD<f64>`;
//! - `read-swap`: the same for a big-endian file (swapped to native);
//! - `plain-read`: one `read` of the file into a buffer allocated and
//!   faulted in beforehand (the floor);
//! - `write`: writes a C-order f64 array of FILE's size to FILE.npio.npy;
//! - `peak-read`: one `read`, reporting peak memory above the baseline;
//! - `npz-write-stored|npz-write-deflate|npz-write-zstd DIR`: loads every
//!   `.npy` in DIR (untimed), then writes them to DIR.npio.npz;
//! - `npz-read FILE`: reads every member of an archive;
//! - `loadtxt-f8|loadtxt-i8[-1] FILE`: np.loadtxt of a whitespace-delimited
//!   file as float64 or int64;
//! - `loadtxt-peak-f8|loadtxt-peak-i8 FILE`: one loadtxt, reporting peak
//!   memory above the baseline;
//! - `genfromtxt-f8|genfromtxt-i8|genfromtxt-messy FILE` (and `-peak`):
//!   np.genfromtxt of an anchor file as float64 or int64, or of a CSV with
//!   a header row, types inferred;
//! - `stream-genfromtxt FILE 1 OUT`: genfromtxt's streaming conversion to
//!   .npy (types inferred);
//! - `stream-loadtxt FILE 1 OUT`: converts text to .npy through the
//!   streaming path, reporting the time and peak memory;
//! - `savetxt FILE`: np.savetxt of an .npy with the default `%.18e` to
//!   FILE.npio.txt;
//! - `mmap-open-last FILE`: maps a .npy and reads its last f64;
//! - `mmap-sum FILE` / `mem-sum FILE`: sums a mapped f64 array, or the
//!   same array read into memory (only the sum is timed).
//! - `npz-peak-read FILE 1 NAME`: reads one member, reporting peak memory.
//! - `remote-read URL REPEAT [PART_MIB CONCURRENCY]`: reads a remote .npy
//!   whole with npio-remote, in parts (`0` parts: one streamed request);
//! - `remote-load URL REPEAT`: `load_npy`, header and data in one GET;
//! - `remote-get URL`: one plain `object_store` GET of the object's bytes
//!   (the floor);
//! - `remote-upload FILE REPEAT URL [PART_MIB CONCURRENCY]`: uploads a
//!   local file in parts, reporting the time and the process's peak
//!   memory.
//! - `remote-describe FILE REPEAT MS MODE`: describes every member of the
//!   archive FILE held in `object_store`'s in-memory store behind its
//!   `ThrottledStore`, which waits MS milliseconds per request (an object
//!   store's latency): MODE `sequential` (one `info` after another),
//!   `concurrent` (`describe_npz_blocking`) or `npio` (the same on an npio
//!   copy of the archive, whose directory records every header).
//! - `sparse-load FILE REPEAT`: `load_sparse` of a scipy.sparse archive;
//! - `sparse-save FILE REPEAT [stored]`: loads it (untimed), then writes it
//!   with `save_sparse` (compressed, or stored) to FILE.npio.npz;
//! - `sparse-dense FILE REPEAT`: loads it (untimed), then `to_dense`.

use ndarray::ArrayD;
use npio_benches::{best_of, current_rss, peak_rss};
use std::process::ExitCode;

/// genfromtxt as the comparison script runs it in NumPy: the anchor files
/// as float64 or int64; the messy CSV with names from its header, types
/// inferred, comma-delimited.
fn genfromtxt_opts(op: &str) -> Result<delimited_text::GenFromTxt, delimited_text::Error> {
    let mut g = delimited_text::GenFromTxt::new();
    if op.starts_with("genfromtxt-i8") {
        g.dtype_descr("<i8");
    } else if op.starts_with("genfromtxt-messy") {
        g.delimiter(",").names(true).dtype_infer();
    }
    Ok(g)
}

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
        "npz-write-stored" | "npz-write-deflate" | "npz-write-zstd" => {
            let compression = match op {
                "npz-write-stored" => npz_archive::Compression::Stored,
                "npz-write-deflate" => npz_archive::Compression::NUMPY_COMPRESSED,
                _ => npz_archive::Compression::Zstd(3),
            };
            let arrays = match load_dir(file) {
                Ok(a) => a,
                Err(e) => return fail(e),
            };
            let refs: Vec<(&str, &npy_format::NpyArray)> =
                arrays.iter().map(|(n, a)| (n.as_str(), a)).collect();
            let out = format!("{file}.npio.npz");
            let r = timed(repeat, || {
                let mut w = npz_archive::NpzWriter::create(&out, compression)?;
                w.add_all(&refs)?;
                w.commit()?;
                Ok(refs.len())
            });
            let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
            if let Ok((secs, n)) = r {
                println!(
                    "{{\"op\": \"{op}\", \"seconds\": {secs}, \"elements\": {n}, \"bytes\": {size}}}"
                );
                return ExitCode::SUCCESS;
            }
            r
        }
        "deflate-raw" => {
            // One core's raw deflate speed at zlib's default level, the
            // building block of the archive writer.
            let data = std::fs::read(file).unwrap_or_default();
            timed(repeat, || {
                use std::io::Write;
                let mut e =
                    flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::new(6));
                e.write_all(&data)?;
                Ok(e.finish()?.len())
            })
        }
        "loadtxt-f8" | "loadtxt-i8" | "loadtxt-f8-1" | "loadtxt-i8-1" => timed(repeat, || {
            let mut opts = delimited_text::LoadTxt::new();
            if op.starts_with("loadtxt-i8") {
                opts.dtype_descr("<i8");
            }
            // The `-1` variants parse on one core: the per-core speed.
            opts.parallel(!op.ends_with("-1"));
            Ok(opts.from_path(file)?.len())
        }),
        "genfromtxt-f8" | "genfromtxt-i8" | "genfromtxt-messy" => timed(repeat, || {
            Ok(genfromtxt_opts(op)?.from_path(file)?.array.len())
        }),
        "genfromtxt-f8-peak" | "genfromtxt-i8-peak" | "genfromtxt-messy-peak" => {
            let base = current_rss().unwrap_or(0);
            let out = match genfromtxt_opts(op).and_then(|o| o.from_path(file)) {
                Ok(out) => out,
                Err(e) => return fail(e),
            };
            return report_peak(op, out.array.data().len(), base);
        }
        "stream-genfromtxt" => {
            // Text → .npy in genfromtxt's two streaming passes (types
            // inferred); reports the peak.
            let out = args
                .get(4)
                .cloned()
                .unwrap_or_else(|| format!("{file}.npy"));
            let start = std::time::Instant::now();
            let mut opts = delimited_text::GenFromTxt::new();
            opts.dtype_infer();
            if let Err(e) = opts.convert_path(file, &out) {
                return fail(e);
            }
            return report_stream(op, start);
        }
        "stream-loadtxt" => {
            // Text → .npy through the streaming path; reports the peak.
            let out = args
                .get(4)
                .cloned()
                .unwrap_or_else(|| format!("{file}.npy"));
            let start = std::time::Instant::now();
            if let Err(e) = delimited_text::LoadTxt::new().npy_from_path(file, &out) {
                return fail(e);
            }
            return report_stream(op, start);
        }
        "savetxt" => {
            // np.savetxt's default format, to FILE.npio.txt.
            let a = match npy_format::NpyReader::open(file).and_then(|r| r.read_dyn()) {
                Ok(a) => a,
                Err(e) => return fail(e),
            };
            let out = format!("{file}.npio.txt");
            // The output stays, for the caller to compare with NumPy's.
            timed(repeat, || {
                delimited_text::SaveTxt::new().to_path(&out, &a)?;
                Ok(a.len())
            })
        }
        "mmap-open-last" => timed(repeat, || {
            let map = npy_mmap::Memmap::open(file)?;
            let view = map.view::<f64, ndarray::Ix1>()?;
            let last = view.last().copied().unwrap_or(0.0);
            Ok(std::hint::black_box(last) as usize)
        }),
        "mmap-sum" => {
            let map = match npy_mmap::Memmap::open(file) {
                Ok(m) => m,
                Err(e) => return fail(e),
            };
            let view = match map.view::<f64, ndarray::IxDyn>() {
                Ok(v) => v,
                Err(e) => return fail(e),
            };
            timed(repeat, || Ok(std::hint::black_box(view.sum()) as usize))
        }
        "mem-sum" => {
            let a: ArrayD<f64> = match npy_format::read_npy(file) {
                Ok(a) => a,
                Err(e) => return fail(e),
            };
            timed(repeat, || Ok(std::hint::black_box(a.sum()) as usize))
        }
        "npz-read" => timed(repeat, || {
            let mut npz = npz_archive::NpzReader::open(file)?;
            let all = npz.read_all_dyn_parallel()?;
            Ok(all.iter().map(|(_, a)| a.len()).sum())
        }),
        "npz-peak-read" => {
            let name = args.get(4).cloned().unwrap_or_default();
            let base = current_rss().unwrap_or(0);
            let a = match npz_archive::NpzReader::open(file).and_then(|mut n| n.by_name_dyn(&name))
            {
                Ok(a) => a,
                Err(e) => return fail(e),
            };
            return report_peak("npz-peak-read", a.data().len(), base);
        }
        "loadtxt-peak-f8" | "loadtxt-peak-i8" => {
            let base = current_rss().unwrap_or(0);
            let mut opts = delimited_text::LoadTxt::new();
            if op == "loadtxt-peak-i8" {
                opts.dtype(npy_format::DType::scalar(npy_format::ScalarKind::Int(8)));
            }
            let a = match opts.from_path(file) {
                Ok(a) => a,
                Err(e) => return fail(e),
            };
            return report_peak(op, a.data().len(), base);
        }
        "peak-read" => {
            let base = current_rss().unwrap_or(0);
            let a: ArrayD<f64> = match npy_format::read_npy(file) {
                Ok(a) => a,
                Err(e) => return fail(e),
            };
            return report_peak("peak-read", a.len() * 8, base);
        }
        "remote-read" => {
            let part_mib: u64 = args.get(4).and_then(|v| v.parse().ok()).unwrap_or(16);
            let concurrency: usize = args.get(5).and_then(|v| v.parse().ok()).unwrap_or(8);
            let transfer = match part_mib {
                0 => npio_remote::Transfer::single(),
                mib => {
                    let mut t = npio_remote::Transfer::default();
                    t.part_size(mib << 20).concurrency(concurrency);
                    t
                }
            };
            timed(repeat, || {
                let npy = npio_remote::RemoteNpy::open_url_blocking(file)?;
                Ok(npy.read_blocking(&transfer)?.len())
            })
        }
        "remote-load" => timed(repeat, || {
            let (store, path) = npio_remote::open_url(file)?;
            let a = npio_remote::load_npy_blocking(store, &path, &Default::default())?;
            Ok(a.len())
        }),
        "remote-get" => timed(repeat, || {
            let (store, path) = npio_remote::open_url(file)?;
            let rt = tokio_runtime()?;
            let bytes = rt.block_on(async {
                use npio_remote::object_store::ObjectStoreExt;
                store.get(&path).await?.bytes().await
            })?;
            Ok(bytes.len())
        }),
        "remote-upload" => {
            let Some(url) = args.get(4) else {
                eprintln!("usage: npio-bench remote-upload FILE REPEAT URL");
                return ExitCode::from(2);
            };
            let part_mib: Option<usize> = args.get(5).and_then(|v| v.parse().ok());
            let concurrency: Option<usize> = args.get(6).and_then(|v| v.parse().ok());
            let base = current_rss().unwrap_or(0);
            let result = timed(repeat, || {
                let (store, path) = npio_remote::open_url(url)?;
                let n = match (part_mib, concurrency) {
                    (None, None) => {
                        npio_remote::upload_file_blocking(store, &path, std::path::Path::new(file))?
                    }
                    (mib, conc) => {
                        let mut up = npio_remote::Upload::create(store, &path);
                        if let Some(mib) = mib {
                            up.part_size(mib << 20);
                        }
                        if let Some(conc) = conc {
                            up.concurrency(conc);
                        }
                        std::io::copy(&mut std::fs::File::open(file)?, &mut up)?;
                        up.finish()?
                    }
                };
                Ok(n as usize)
            });
            return match result {
                Ok((secs, n)) => {
                    println!(
                        "{{\"op\": \"{op}\", \"seconds\": {secs}, \"bytes\": {n}, \"peak_above_base\": {}}}",
                        peak_rss().unwrap_or(0).saturating_sub(base)
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            };
        }
        "remote-describe" => {
            let ms: u64 = args.get(4).and_then(|v| v.parse().ok()).unwrap_or(20);
            let mode = args.get(5).map_or("concurrent", String::as_str);
            let store = match throttled_archive(file, ms, mode == "npio") {
                Ok(s) => s,
                Err(e) => return fail(e),
            };
            let path = npio_remote::object_store::path::Path::from("a.npz");
            timed(repeat, || {
                if mode == "sequential" {
                    let mut npz = npio_remote::open_npz_blocking(store.clone(), &path)?;
                    for i in 0..npz.len() {
                        npz.info(i)?;
                    }
                    return Ok(npz.len());
                }
                let reader = npio_remote::RangeReader::open_blocking(store.clone(), &path)?;
                let limits = npz_archive::NpzLimits::default();
                Ok(npio_remote::describe_npz_blocking(reader, limits)?.1.len())
            })
        }
        "sparse-load" => timed(repeat, || Ok(npz_archive::load_sparse(file)?.nnz())),
        "sparse-save" => {
            let m = match npz_archive::load_sparse(file) {
                Ok(m) => m,
                Err(e) => return fail(e),
            };
            let mut opts = npz_archive::SparseOptions::new();
            opts.compressed(args.get(4).map(String::as_str) != Some("stored"));
            let out = format!("{file}.npio.npz");
            // As compare.py times SciPy: the output removed and the page
            // cache flushed before each run, outside the timing.
            let mut best = f64::INFINITY;
            let mut r: Result<(f64, usize), npz_archive::Error> = Ok((0.0, 0));
            for _ in 0..repeat.max(1) {
                let _ = std::fs::remove_file(&out);
                let _ = std::process::Command::new("sync").status();
                let start = std::time::Instant::now();
                if let Err(e) = npz_archive::save_sparse_with(&out, &m, &opts) {
                    r = Err(e);
                    break;
                }
                best = best.min(start.elapsed().as_secs_f64());
                r = Ok((best, m.nnz()));
            }
            let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
            if let Ok((secs, n)) = r {
                println!(
                    "{{\"op\": \"{op}\", \"seconds\": {secs}, \"elements\": {n}, \"bytes\": {size}}}"
                );
                return ExitCode::SUCCESS;
            }
            r.map_err(Into::into)
        }
        "sparse-dense" => {
            let m = match npz_archive::load_sparse(file) {
                Ok(m) => m,
                Err(e) => return fail(e),
            };
            timed(repeat, || Ok(m.to_dense(u64::MAX)?.len()))
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

/// Every `.npy` file of a folder, by file stem, in name order.
fn load_dir(dir: &str) -> Result<Vec<(String, npy_format::NpyArray)>, Box<dyn std::error::Error>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "npy"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = p
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            Ok((name, npy_format::read_npy(&p)?))
        })
        .collect()
}

/// A runtime for the plain `object_store` GET the remote reads are
/// measured against.
fn tokio_runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
}

/// The archive `file` (or, with `rewrite`, an npio copy of its members)
/// as the object `a.npz` of an in-memory store that waits `ms` per GET.
fn throttled_archive(
    file: &str,
    ms: u64,
    rewrite: bool,
) -> Result<std::sync::Arc<dyn npio_remote::object_store::ObjectStore>, Box<dyn std::error::Error>>
{
    use npio_remote::object_store::throttle::{ThrottleConfig, ThrottledStore};
    use npio_remote::object_store::{ObjectStoreExt, memory::InMemory, path::Path};
    let bytes = if rewrite {
        let mut npz = npz_archive::NpzReader::open(file)?;
        let members = npz.read_all_dyn()?;
        let named: Vec<(&str, &npy_format::NpyArray)> =
            members.iter().map(|(n, a)| (n.as_str(), a)).collect();
        let cursor = std::io::Cursor::new(Vec::new());
        let mut w = npz_archive::NpzWriter::new(cursor, npz_archive::Compression::Stored);
        w.add_all(&named)?;
        w.finish()?.into_inner()
    } else {
        std::fs::read(file)?
    };
    let memory = InMemory::new();
    tokio_runtime()?.block_on(memory.put(&Path::from("a.npz"), bytes.into()))?;
    let config = ThrottleConfig {
        wait_get_per_call: std::time::Duration::from_millis(ms),
        ..ThrottleConfig::default()
    };
    Ok(std::sync::Arc::new(ThrottledStore::new(memory, config)))
}

fn timed(
    repeat: usize,
    mut f: impl FnMut() -> Result<usize, Box<dyn std::error::Error>>,
) -> Result<(f64, usize), Box<dyn std::error::Error>> {
    let (d, r) = best_of(repeat, &mut f);
    Ok((d.as_secs_f64(), r?))
}

/// Prints a peak-memory result: the array's bytes and the peak resident
/// memory above `base`.
fn report_peak(op: &str, array_bytes: usize, base: u64) -> ExitCode {
    let peak = peak_rss().unwrap_or(0);
    println!(
        "{{\"op\": \"{op}\", \"array_bytes\": {array_bytes}, \"peak_above_base\": {}}}",
        peak.saturating_sub(base)
    );
    ExitCode::SUCCESS
}

/// Prints a streaming conversion's time and the process's peak memory.
fn report_stream(op: &str, start: std::time::Instant) -> ExitCode {
    println!(
        "{{\"op\": \"{op}\", \"seconds\": {}, \"peak\": {}}}",
        start.elapsed().as_secs_f64(),
        peak_rss().unwrap_or(0)
    );
    ExitCode::SUCCESS
}

fn fail(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(1)
}
