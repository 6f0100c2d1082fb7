//! `npio verify`: read every array completely.

use crate::cli::VerifyArgs;
use crate::failure::Failure;
use crate::format::{by_magic, Format};
use crate::progress;
use npy_format::{NpyReader, ReadOptions, ScalarKind};
use std::path::Path;

/// Bytes read per step, so any file verifies in bounded memory.
const CHUNK_BYTES: usize = 16 << 20;

pub fn run(args: &VerifyArgs) -> Vec<Failure> {
    let mut failures = Vec::new();
    for path in &args.paths {
        match verify(path, &args.limits.read_options(), args.quiet) {
            Ok(()) => println!("{}: ok", path.display()),
            Err(f) => failures.push(f),
        }
    }
    failures
}

fn verify(path: &Path, opts: &ReadOptions, quiet: bool) -> Result<(), Failure> {
    match by_magic(path)? {
        Format::Npy => verify_npy(path, opts, quiet),
        other => Err(Failure::at(
            path,
            format!("{} files are not supported yet", other.name()),
        )),
    }
}

fn verify_npy(path: &Path, opts: &ReadOptions, quiet: bool) -> Result<(), Failure> {
    let fail = |e| Failure::at(path, e);
    let mut reader = NpyReader::open_with(path, opts).map_err(fail)?;
    let header = reader.header().clone();
    let is_bool = header.dtype.as_scalar().map(|s| s.kind) == Some(ScalarKind::Bool);
    let row_bytes = header
        .data_len()
        .map_err(fail)?
        .checked_div(header.shape.first().copied().unwrap_or(1).max(1))
        .unwrap_or(1)
        .max(1);
    let rows_per_chunk = (CHUNK_BYTES / row_bytes).max(1);
    let mut rows_done = 0usize;
    let bar = progress::bytes(header.data_len().map_err(fail)? as u64, quiet);
    while let Some(chunk) = reader.read_rows_dyn(rows_per_chunk).map_err(fail)? {
        bar.inc(chunk.data().len() as u64);
        if is_bool {
            if let Some(pos) = chunk.data().iter().position(|&b| b > 1) {
                return Err(Failure::at(
                    path,
                    format!(
                        "invalid bool at element {}: byte {:#04x} is neither 0 nor 1",
                        rows_done * (row_bytes) + pos,
                        chunk.data()[pos]
                    ),
                ));
            }
        }
        rows_done += chunk.shape().first().copied().unwrap_or(1);
    }
    bar.finish_and_clear();
    Ok(())
}
