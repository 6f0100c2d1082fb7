//! `npio verify`: read every array completely.

use crate::cli::{Limits, VerifyArgs};
use crate::failure::Failure;
use crate::format::{Format, by_magic};
use crate::location::{self, Source};
use crate::progress;
use npio::npy::{NpyReader, ScalarKind};
use npio::npz::NpzReader;
use std::io::{Read, Seek};
use std::path::Path;

/// Bytes read per step, so any file verifies in bounded memory.
const CHUNK_BYTES: usize = 16 << 20;

pub fn run(args: &VerifyArgs) -> Vec<Failure> {
    let mut failures = Vec::new();
    for path in &args.paths {
        let mut odd = Oddities::default();
        match verify(path, &args.limits, args.quiet, &mut odd) {
            Ok(()) if args.strict && !odd.0.is_empty() => {
                failures.extend(odd.0.into_iter().map(|o| Failure::at(path, o)));
            }
            Ok(()) => {
                for o in &odd.0 {
                    eprintln!(
                        "warning: {}: {o} (NumPy reads it; --strict makes it an error)",
                        location::shown(path)
                    );
                }
                outln!("{}: ok", location::shown(path));
            }
            Err(f) => failures.push(f),
        }
    }
    failures
}

/// What NumPy reads without complaint but a careful user wants to know:
/// the first bool byte other than 0 or 1 of each array.
#[derive(Debug, Default)]
struct Oddities(Vec<String>);

impl Oddities {
    /// Notes the first invalid bool of `data`, whose first element is
    /// element `first` of the array; true when one was found.
    fn check_bools(&mut self, data: &[u8], first: usize, member: Option<&str>) -> bool {
        let Some(pos) = data.iter().position(|&b| b > 1) else {
            return false;
        };
        let what = format!(
            "invalid bool at element {}: byte {:#04x} is neither 0 nor 1",
            first + pos,
            data[pos]
        );
        self.0.push(match member {
            Some(m) => format!("member {m:?}: {what}"),
            None => what,
        });
        true
    }
}

fn verify(path: &Path, limits: &Limits, quiet: bool, odd: &mut Oddities) -> Result<(), Failure> {
    let fail = |e| Failure::at(path, e);
    let opts = limits.read_options();
    match location::source(path)? {
        Source::Local(file) => match by_magic(&file)? {
            Format::Npy => {
                let reader = NpyReader::open_with(&file, &opts).map_err(fail)?;
                verify_npy(path, reader, quiet, odd)
            }
            Format::Npz => {
                let npz = NpzReader::open_with(&file, limits.npz_limits())
                    .map_err(|e| Failure::at(path, e))?;
                verify_npz(path, npz, odd)
            }
            other => Err(unsupported(path, other)),
        },
        Source::Remote(mut r) => match location::sniff_remote(path, &mut r)? {
            Format::Npy => verify_npy(path, location::npy_reader(path, r, &opts)?, quiet, odd),
            Format::Npz => verify_npz(
                path,
                location::npz_reader(path, r, limits.npz_limits())?,
                odd,
            ),
            other => Err(unsupported(path, other)),
        },
    }
}

fn unsupported(path: &Path, format: Format) -> Failure {
    Failure::at(
        path,
        format!("{} files are not supported yet", format.name()),
    )
}

fn verify_npy<R: Read>(
    path: &Path,
    mut reader: NpyReader<R>,
    quiet: bool,
    odd: &mut Oddities,
) -> Result<(), Failure> {
    let fail = |e| Failure::at(path, e);
    let header = reader.header().clone();
    let is_bool = header.dtype.as_scalar().map(|s| s.kind()) == Some(ScalarKind::Bool);
    let row_bytes = header
        .data_len()
        .map_err(fail)?
        .checked_div(header.shape.first().copied().unwrap_or(1).max(1))
        .unwrap_or(1)
        .max(1);
    let rows_per_chunk = (CHUNK_BYTES / row_bytes).max(1);
    let (mut elements, mut checking) = (0usize, is_bool);
    let bar = progress::bytes(header.data_len().map_err(fail)? as u64, quiet);
    while let Some(chunk) = reader.read_rows_dyn(rows_per_chunk).map_err(fail)? {
        bar.inc(chunk.data().len() as u64);
        if checking && odd.check_bools(chunk.data(), elements, None) {
            checking = false;
        }
        elements += chunk.len();
    }
    bar.finish_and_clear();
    Ok(())
}

/// Every member read to its end (so every CRC is checked); array members
/// also read as arrays, their bools checked.
fn verify_npz<R: Read + Seek>(
    path: &Path,
    mut npz: NpzReader<R>,
    odd: &mut Oddities,
) -> Result<(), Failure> {
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
        let mut checking =
            reader.header().dtype.as_scalar().map(|s| s.kind()) == Some(ScalarKind::Bool);
        let mut index = 0usize;
        while let Some(chunk) = reader.read_rows_dyn(1 << 16).map_err(|e| in_member(&e))? {
            if checking && odd.check_bools(chunk.data(), index, Some(&member)) {
                checking = false;
            }
            index += chunk.len();
        }
        // Reading on to the end makes the zip reader check the CRC.
        std::io::copy(&mut reader.into_inner(), &mut std::io::sink()).map_err(|e| in_member(&e))?;
    }
    Ok(())
}
