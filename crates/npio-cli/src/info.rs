//! `npio info`: describe files from their headers alone.

use crate::cli::InfoArgs;
use crate::failure::Failure;
use crate::format::{by_magic, Format};
use crate::json;
use npy_format::{NpyReader, ParsedHeader, ReadOptions};
use serde_json::json;
use std::path::Path;

pub fn run(args: &InfoArgs) -> Vec<Failure> {
    let mut failures = Vec::new();
    for path in &args.paths {
        match describe(path, &args.limits.read_options()) {
            Ok(h) => print(path, &h, args.json),
            Err(f) => failures.push(f),
        }
    }
    failures
}

fn describe(path: &Path, opts: &ReadOptions) -> Result<ParsedHeader, Failure> {
    match by_magic(path)? {
        Format::Npy => NpyReader::open_with(path, opts)
            .map(|r| r.parsed_header().clone())
            .map_err(|e| Failure::at(path, e)),
        other => Err(Failure::at(
            path,
            format!("{} files are not supported yet", other.name()),
        )),
    }
}

/// Data bytes the header describes; none for object arrays, whose data is
/// a pickle of unknown length.
fn data_bytes(h: &ParsedHeader) -> Option<usize> {
    if h.header.dtype.has_object() {
        return None;
    }
    h.header.data_len().ok()
}

fn print(path: &Path, h: &ParsedHeader, as_json: bool) {
    let (major, minor) = h.version.as_tuple();
    if as_json {
        let obj = json!({
            "path": path.display().to_string(),
            "format": "npy",
            "version": [major, minor],
            "descr": json::descr(&h.header.dtype),
            "shape": h.header.shape,
            "fortran_order": h.header.fortran_order,
            "header_len": h.header_len,
            "data_offset": h.data_offset,
            "data_bytes": data_bytes(h),
        });
        println!("{obj}");
        return;
    }
    let shape: Vec<String> = h.header.shape.iter().map(|d| d.to_string()).collect();
    let shape = match shape.len() {
        1 => format!("({},)", shape[0]),
        _ => format!("({})", shape.join(", ")),
    };
    println!("{}", path.display());
    println!("  format:        npy {major}.{minor}");
    println!("  descr:         {}", h.header.dtype.descr());
    println!("  shape:         {shape}");
    println!(
        "  fortran_order: {}",
        if h.header.fortran_order {
            "True"
        } else {
            "False"
        }
    );
    println!("  header_len:    {}", h.header_len);
    println!("  data_offset:   {}", h.data_offset);
    match data_bytes(h) {
        Some(n) => println!("  data_bytes:    {n}"),
        None => println!("  data_bytes:    unknown (object array: pickled data)"),
    }
}
