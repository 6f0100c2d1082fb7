//! `npio info`: describe files from their headers alone.

use crate::cli::InfoArgs;
use crate::failure::Failure;
use crate::format::{Format, by_magic};
use crate::json;
use npio::npy::{NpyReader, ParsedHeader};
use npio::npz::{MemberInfo, NpzReader};
use serde_json::{Value, json};
use std::path::Path;

pub fn run(args: &InfoArgs) -> Vec<Failure> {
    let mut failures = Vec::new();
    for path in &args.paths {
        let described = match by_magic(path) {
            Ok(Format::Npy) => NpyReader::open_with(path, &args.limits.read_options())
                .map(|r| print_npy(path, r.parsed_header(), args.json))
                .map_err(|e| Failure::at(path, e)),
            Ok(Format::Npz) => npz_members(path, args).map(|m| print_npz(path, &m, args.json)),
            Ok(other) => Err(Failure::at(
                path,
                format!("{} files are not supported yet", other.name()),
            )),
            Err(f) => Err(f),
        };
        if let Err(f) = described {
            failures.push(f);
        }
    }
    failures
}

fn npz_members(path: &Path, args: &InfoArgs) -> Result<Vec<MemberInfo>, Failure> {
    let mut npz =
        NpzReader::open_with(path, args.limits.npz_limits()).map_err(|e| Failure::at(path, e))?;
    (0..npz.len())
        .map(|i| npz.info(i).map_err(|e| Failure::at(path, e)))
        .collect()
}

/// Data bytes the header describes; none for object arrays, whose data is
/// a pickle of unknown length.
fn data_bytes(h: &ParsedHeader) -> Option<usize> {
    if h.header.dtype.has_object() {
        return None;
    }
    h.header.data_len().ok()
}

/// A shape as NumPy prints it: `()`, `(3,)`, `(2, 3)`.
pub fn shape_text(shape: &[usize]) -> String {
    let mut out = String::new();
    npio::npy::internal::push_shape_repr(&mut out, shape);
    out
}

fn print_npy(path: &Path, h: &ParsedHeader, as_json: bool) {
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
    println!("{}", path.display());
    println!("  format:        npy {major}.{minor}");
    println!("  descr:         {}", h.header.dtype.descr_repr());
    println!("  shape:         {}", shape_text(&h.header.shape));
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

fn print_npz(path: &Path, members: &[MemberInfo], as_json: bool) {
    if as_json {
        let list: Vec<Value> = members
            .iter()
            .map(|m| {
                let h = m.header.as_ref().map(|p| &p.header);
                json!({
                    "name": m.name,
                    "descr": h.map(|h| json::descr(&h.dtype)),
                    "shape": h.map(|h| h.shape.clone()),
                    "fortran_order": h.map(|h| h.fortran_order),
                    "compression": m.method.name(),
                    "compressed_size": m.compressed_size,
                    "size": m.size,
                })
            })
            .collect();
        let obj = json!({
            "path": path.display().to_string(),
            "format": "npz",
            "members": list,
        });
        println!("{obj}");
        return;
    }
    println!("{}: npz, {} members", path.display(), members.len());
    for m in members {
        let what = match &m.header {
            Some(p) => format!(
                "{} {}{}",
                p.header.dtype.descr_repr(),
                shape_text(&p.header.shape),
                if p.header.fortran_order {
                    " fortran"
                } else {
                    ""
                }
            ),
            None => "(not an array)".to_string(),
        };
        println!(
            "  {}: {what}, {}, {} -> {} bytes",
            m.name,
            m.method.name(),
            m.compressed_size,
            m.size
        );
    }
}
