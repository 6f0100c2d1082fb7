//! `npio info`: describe files from their headers alone.

use crate::cli::InfoArgs;
use crate::failure::Failure;
use crate::format::{Format, by_magic};
use crate::json;
use crate::location::{self, Source};
use crate::sparse;
use npio::npy::{NpyReader, ParsedHeader};
use npio::npz::{MemberInfo, NpzReader, SparseInfo};
use serde_json::{Value, json};
use std::io::{Read, Seek};
use std::path::Path;

pub fn run(args: &InfoArgs) -> Vec<Failure> {
    args.paths
        .iter()
        .filter_map(|path| describe(path, args).err())
        .collect()
}

fn describe(path: &Path, args: &InfoArgs) -> Result<(), Failure> {
    let opts = args.limits.read_options();
    match location::source(path)? {
        Source::Local(file) => match by_magic(&file)? {
            Format::Npy => NpyReader::open_with(&file, &opts)
                .map(|r| print_npy(path, r.parsed_header(), args.json))
                .map_err(|e| Failure::at(path, e)),
            Format::Npz => {
                let mut npz = NpzReader::open_with(&file, args.limits.npz_limits())
                    .map_err(|e| Failure::at(path, e))?;
                let members = members(path, &mut npz)?;
                let sparse = sparse::info(path, &mut npz)?;
                print_npz(path, &members, sparse.as_ref(), args.json);
                Ok(())
            }
            other => Err(unsupported(path, other)),
        },
        // An object: its end (one request), then its header.
        Source::Remote(mut r) => match location::sniff_remote(path, &mut r)? {
            Format::Npy => {
                let reader = location::npy_reader(path, r, &opts)?;
                print_npy(path, reader.parsed_header(), args.json);
                Ok(())
            }
            Format::Npz => {
                let (mut npz, members) = location::describe_npz(path, r, args.limits.npz_limits())?;
                let sparse = sparse::info(path, &mut npz)?;
                print_npz(path, &members, sparse.as_ref(), args.json);
                Ok(())
            }
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

fn members<R: Read + Seek>(
    path: &Path,
    npz: &mut NpzReader<R>,
) -> Result<Vec<MemberInfo>, Failure> {
    (0..npz.len())
        .map(|i| npz.describe(i).map_err(|e| Failure::at(path, e)))
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
            "path": location::shown(path),
            "format": "npy",
            "version": [major, minor],
            "descr": json::descr(&h.header.dtype),
            "shape": h.header.shape,
            "fortran_order": h.header.fortran_order,
            "header_len": h.header_len,
            "data_offset": h.data_offset,
            "data_bytes": data_bytes(h),
        });
        outln!("{obj}");
        return;
    }
    outln!("{}", location::shown(path));
    outln!("  format:        npy {major}.{minor}");
    outln!("  descr:         {}", h.header.dtype.descr_repr());
    outln!("  shape:         {}", shape_text(&h.header.shape));
    outln!(
        "  fortran_order: {}",
        if h.header.fortran_order {
            "True"
        } else {
            "False"
        }
    );
    outln!("  header_len:    {}", h.header_len);
    outln!("  data_offset:   {}", h.data_offset);
    match data_bytes(h) {
        Some(n) => outln!("  data_bytes:    {n}"),
        None => outln!("  data_bytes:    unknown (object array: pickled data)"),
    }
}

fn print_npz(path: &Path, members: &[MemberInfo], sparse: Option<&SparseInfo>, as_json: bool) {
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
        let mut obj = json!({
            "path": location::shown(path),
            "format": "npz",
            "members": list,
        });
        if let Some(s) = sparse {
            obj["sparse"] = json!({
                "format": s.format.name(),
                "shape": s.shape,
                "nnz": s.nnz,
                "dtype": json::descr(&s.dtype),
            });
        }
        outln!("{obj}");
        return;
    }
    outln!("{}: npz, {} members", location::shown(path), members.len());
    if let Some(s) = sparse {
        outln!("  {}", sparse::summary(s));
    }
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
        outln!(
            "  {}: {what}, {}, {} -> {} bytes",
            m.name,
            m.method.name(),
            m.compressed_size,
            m.size
        );
    }
}
