//! The checks of the `npz_read` fuzz target, as plain Rust so that the
//! regression tests replay saved inputs through exactly the same code.
//!
//! The `.npz` reader on arbitrary bytes: errors are fine, panics, hangs and
//! unbounded allocations are not. The archive is opened with limits that
//! keep memory small (64 MiB per member, 256 MiB decompressed in all), then
//! for every member:
//!
//! * `info`: its names agree with `names()` / `zip_names()`.
//! * `describe`: its names agree too; described from the directory, its
//!   header's data ends where the member does; else it equals `info`.
//! * `by_index_dyn`: on success up to 10 000 values are decoded, the array
//!   is written with `write_npy` and read back (same dtype, shape and C-order
//!   data), and its dtype and shape are those `info` read from the header.
//! * `npy_reader` + `read_rows_dyn` in chunks until `None` (at most 4096
//!   chunks): every chunk has the header's dtype; when `by_index_dyn`
//!   succeeded, the chunks must too, and hold as many elements.
//! * `verify_member` and `raw_reader`: never more bytes than declared.
//!
//! Then every name: `index_of(display name)` and `index_of(zip name)` find
//! it as NumPy's `NpzFile.__getitem__` does, and `safe_extract_path` never
//! leaves its directory.

use npz_archive::npy_format::{DType, NpyArray, NpyReader, ReadOptions};
use npz_archive::{NpzLimits, NpzReader, safe_extract_path};
use std::io::{self, Cursor, Read};
use std::path::{Component, Path};

#[path = "decode_cost.rs"]
mod decode_cost;
use decode_cost::decode_cost;

/// Inputs longer than this are not tried.
pub const MAX_INPUT: usize = 1 << 20;
/// Largest decompressed member.
const MAX_MEMBER: u64 = 64 << 20;
/// Most bytes decompressed per input, counting every read.
const MAX_TOTAL: u64 = 256 << 20;
/// Elements decoded per array.
const MAX_VALUES: usize = 10_000;
/// Values (including those of subarray fields) decoded per array.
const MAX_DECODED: u128 = 1 << 20;
/// Rows per `read_rows_dyn` call, and most calls per member.
const CHUNK_ROWS: usize = 7;
const MAX_CHUNKS: usize = 4096;

/// Runs every check on one input.
pub fn check(data: &[u8]) {
    let mut limits = NpzLimits::new();
    limits.max_member_size(MAX_MEMBER).max_total_size(MAX_TOTAL);
    let Ok(mut npz) = NpzReader::with_limits(Cursor::new(data), limits) else {
        return;
    };
    let n = npz.len();
    assert_eq!(npz.names().len(), n);
    assert_eq!(npz.zip_names().len(), n);
    assert_eq!(npz.is_empty(), n == 0);
    for i in 0..n {
        member(&mut npz, i);
    }
    assert!(npz.info(n).is_err());
    assert!(npz.by_index_dyn(n).is_err());
    assert!(npz.verify_member(n).is_err());
    names(&npz);
}

fn member(npz: &mut NpzReader<Cursor<&[u8]>>, i: usize) {
    let name = npz.names()[i].clone();
    let zip_name = npz.zip_names()[i].clone();
    let info = npz.info(i).ok();
    let mut header = None;
    if let Some(info) = &info {
        assert_eq!(info.name, name);
        assert_eq!(info.zip_name, zip_name);
        header = info.header.clone();
    }
    if let Ok(d) = npz.describe(i) {
        assert_eq!((&d.name, &d.zip_name), (&name, &zip_name));
        match d.data_start {
            None => {
                let h = d.header.as_ref().expect("a description has a header");
                let data = h.header.data_len().expect("a described length") as u64;
                assert_eq!(h.data_offset + data, d.size);
            }
            Some(_) => assert_eq!(Some(&d), info.as_ref()),
        }
    }

    let arr = npz.by_index_dyn(i).ok();
    if let Some(arr) = &arr {
        if let Some(info) = &info {
            // by_index_dyn parsed the same header bytes.
            let h = info
                .header
                .as_ref()
                .expect("by_index_dyn read a member info found no .npy header in");
            assert_eq!(arr.dtype(), &h.header.dtype);
            assert_eq!(arr.shape(), &h.header.shape[..]);
            assert_eq!(arr.fortran_order(), h.header.fortran_order);
        }
        exercise(arr);
        roundtrip(arr);
    }

    if let Ok(mut r) = npz.npy_reader(i) {
        let dtype = r.header().dtype.clone();
        let ndim = r.header().shape.len();
        let mut elements = 0usize;
        let mut finished = false;
        for _ in 0..MAX_CHUNKS {
            match r.read_rows_dyn(CHUNK_ROWS) {
                Ok(Some(chunk)) => {
                    assert_eq!(chunk.dtype(), &dtype);
                    assert_eq!(chunk.ndim(), ndim);
                    elements = elements.saturating_add(chunk.len());
                }
                Ok(None) => {
                    finished = true;
                    break;
                }
                Err(e) => {
                    // The whole member read without error, so its rows must.
                    assert!(
                        arr.is_none(),
                        "read_rows_dyn failed where by_index_dyn did not: {e}"
                    );
                    // A caller may try again: an error again, not a panic.
                    let _ = r.read_rows_dyn(CHUNK_ROWS);
                    break;
                }
            }
        }
        if let (Some(arr), true) = (&arr, finished) {
            assert_eq!(elements, arr.len(), "chunks and whole read differ");
        }
    }
    if let Some(h) = &header {
        let _ = h.header.dtype.itemsize();
    }

    let declared = info.as_ref().map(|x| x.size);
    if let Ok(read) = npz.verify_member(i)
        && let Some(size) = declared
    {
        assert!(read <= size, "verify_member read {read} bytes of {size}");
    }
    if let Ok(mut raw) = npz.raw_reader(i) {
        if let Ok(read) = io::copy(&mut raw, &mut io::sink())
            && let Some(size) = declared
        {
            assert!(read <= size, "raw_reader read {read} bytes of {size}");
        }
        // Reading on after the end, or after an error, is an error or
        // nothing, never a panic.
        let mut byte = [0u8; 1];
        let _ = raw.read(&mut byte);
        let _ = raw.read(&mut byte);
    }
}

fn exercise(arr: &NpyArray) {
    let n = arr.len();
    assert_eq!(arr.data().len(), n * arr.dtype().itemsize());
    let budget = (MAX_DECODED / decode_cost(arr.dtype()).max(1)).min(MAX_VALUES as u128) as usize;
    let mut seen = 0;
    for v in arr.values().take(budget) {
        let _ = v.to_string();
        seen += 1;
    }
    assert_eq!(seen, n.min(budget));
}

fn roundtrip(arr: &NpyArray) {
    let mut buf = Vec::new();
    arr.write_npy(&mut buf)
        .unwrap_or_else(|e| panic!("write_npy failed for {}: {e}", arr.dtype()));
    let mut opts = ReadOptions::new();
    opts.max_header_size(1 << 20);
    let back = NpyReader::with_options(&buf[..], &opts)
        .unwrap_or_else(|e| panic!("written header does not parse: {e}"))
        .read_dyn()
        .unwrap_or_else(|e| panic!("written array does not read: {e}"));
    assert_eq!(back.dtype(), arr.dtype());
    assert_eq!(back.shape(), arr.shape());
    assert_eq!(back.to_c_order().data(), arr.to_c_order().data());
}

fn names(npz: &NpzReader<Cursor<&[u8]>>) {
    let zip_names = npz.zip_names();
    // NumPy's lookup: the exact zip name first, else the name plus `.npy`.
    for name in npz.names() {
        let i = npz
            .index_of(name)
            .unwrap_or_else(|e| panic!("index_of({name:?}) failed: {e}"));
        let first_exact = zip_names.iter().position(|z| z == name);
        match first_exact {
            Some(j) => assert_eq!(i, j, "index_of({name:?})"),
            None => {
                assert_eq!(zip_names[i], format!("{name}.npy"), "index_of({name:?})");
                assert_eq!(&npz.names()[i], name, "index_of({name:?})");
            }
        }
    }
    for (j, zip_name) in zip_names.iter().enumerate() {
        let i = npz
            .index_of(zip_name)
            .unwrap_or_else(|e| panic!("index_of({zip_name:?}) failed: {e}"));
        assert_eq!(&zip_names[i], zip_name);
        assert!(i <= j);

        let base = Path::new("/tmp/base");
        if let Some(p) = safe_extract_path(base, zip_name) {
            assert!(p.starts_with(base), "{zip_name:?} extracts to {p:?}");
            assert_ne!(p, base, "{zip_name:?} extracts to the base itself");
            assert!(
                !p.components().any(|c| c == Component::ParentDir),
                "{zip_name:?} extracts to {p:?}"
            );
        }
    }
    let _ = npz.index_of("\0no such member\0");
}
