//! `npio verify`: read every array completely.

use crate::cli::{Limits, VerifyArgs};
use crate::failure::Failure;
use crate::format::{by_magic, Format};
use crate::progress;
use npy_format::{NpyReader, ReadOptions, ScalarKind};
use npz_archive::NpzReader;
use std::path::Path;

/// Bytes read per step, so any file verifies in bounded memory.
const CHUNK_BYTES: usize = 16 << 20;

pub fn run(args: &VerifyArgs) -> Vec<Failure> {
    let mut failures = Vec::new();
    for path in &args.paths {
        match verify(path, &args.limits, args.quiet) {
            Ok(()) => println!("{}: ok", path.display()),
            Err(f) => failures.push(f),
        }
    }
    failures
}

fn verify(path: &Path, limits: &Limits, quiet: bool) -> Result<(), Failure> {
    match by_magic(path)? {
        Format::Npy => verify_npy(path, &limits.read_options(), quiet),
        Format::Npz => verify_npz(path, limits),
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

/// Every member read to its end (so every CRC is checked); array members
/// also read as arrays, their bools checked.
fn verify_npz(path: &Path, limits: &Limits) -> Result<(), Failure> {
    let mut npz =
        NpzReader::open_with(path, limits.npz_limits()).map_err(|e| Failure::at(path, e))?;
    for i in 0..npz.len() {
        let is_npy = npz
            .info(i)
            .map_err(|e| Failure::at(path, e))?
            .header
            .is_some();
        if !is_npy {
            npz.verify_member(i).map_err(|e| Failure::at(path, e))?;
            continue;
        }
        let member = npz.zip_names()[i].clone();
        let in_member =
            |e: &dyn std::fmt::Display| Failure::at(path, format!("member {member:?}: {e}"));
        let mut reader = npz.npy_reader(i).map_err(|e| Failure::at(path, e))?;
        let is_bool = reader.header().dtype.as_scalar().map(|s| s.kind) == Some(ScalarKind::Bool);
        let mut index = 0usize;
        while let Some(chunk) = reader.read_rows_dyn(1 << 16).map_err(|e| in_member(&e))? {
            if is_bool {
                if let Some(pos) = chunk.data().iter().position(|&b| b > 1) {
                    return Err(in_member(&format!(
                        "invalid bool at element {}: byte {:#04x} is neither 0 nor 1",
                        index + pos,
                        chunk.data()[pos]
                    )));
                }
            }
            index += chunk.len();
        }
        // Reading on to the end makes the zip reader check the CRC.
        std::io::copy(&mut reader.into_inner(), &mut std::io::sink()).map_err(|e| in_member(&e))?;
    }
    Ok(())
}
