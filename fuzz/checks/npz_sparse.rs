//! The checks of the `npz_sparse` fuzz target, as plain Rust so that the
//! regression tests replay saved inputs through exactly the same code.
//!
//! The scipy.sparse reader on arbitrary bytes: errors are fine, panics,
//! hangs and unbounded allocations are not.
//!
//! An input that starts with `PK` is an archive. Any other is a list of
//! members, each one byte choosing its name among scipy's (`format`,
//! `shape`, `data`, `indices`, ...), two bytes of length (little-endian)
//! and the member's bytes, packed into a stored archive with correct
//! checksums: so the fuzzer changes the `.npy` members themselves, not
//! bytes a checksum would reject. The archive is opened with
//! limits that keep memory small (16 MiB per member, 64 MiB decompressed in
//! all). When `read_sparse` accepts the archive, the matrix it returns is
//! one whose invariants hold:
//!
//! * `sparse_info` (small members and headers only) agrees on format,
//!   shape, dtype and stored values;
//! * every entry decodes and lies inside the shape, and there are `nnz` of
//!   them (checked up to 100 000);
//! * `to_dense` with a 1 MiB limit gives the shape or `DenseTooLarge`,
//!   and `write_dense` streams the same array as an `.npy`;
//! * written back as `save_npz` writes it and read again, it is the same
//!   matrix, and converts to Rust types as its dtype says.

use npz_archive::{
    Compression, ErrorKind, NpzLimits, NpzReader, NpzWriter, SparseOptions, save_sparse_to,
};
use std::io::Cursor;

/// Inputs longer than this are not tried.
pub const MAX_INPUT: usize = 1 << 20;
const MAX_MEMBER: u64 = 16 << 20;
const MAX_TOTAL: u64 = 64 << 20;
const MAX_ENTRIES: usize = 100_000;
const DENSE_LIMIT: u64 = 1 << 20;

/// The members an input may name.
const NAMES: [&str; 10] = [
    "format",
    "shape",
    "data",
    "indices",
    "indptr",
    "row",
    "col",
    "offsets",
    "coords",
    "_is_array",
];

/// The archive an input stands for.
pub fn archive(data: &[u8]) -> Vec<u8> {
    if data.starts_with(b"PK") {
        return data.to_vec();
    }
    let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    let mut rest = data;
    while let [pick, a, b, tail @ ..] = rest {
        let len = usize::from(u16::from_le_bytes([*a, *b])).min(tail.len());
        let (member, after) = tail.split_at(len);
        let name = format!("{}.npy", NAMES[usize::from(*pick) % NAMES.len()]);
        // A name used twice is refused; the first one stays.
        let _ = w.add_file(&name, &mut &member[..]);
        rest = after;
    }
    w.finish().map(Cursor::into_inner).unwrap_or_default()
}

/// Runs every check on one input.
pub fn check(data: &[u8]) {
    let archive = archive(data);
    let mut limits = NpzLimits::new();
    limits.max_member_size(MAX_MEMBER).max_total_size(MAX_TOTAL);
    let Ok(mut npz) = NpzReader::with_limits(Cursor::new(&archive[..]), limits.clone()) else {
        return;
    };
    let _ = npz.is_sparse();
    let info = npz.sparse_info();
    let Ok(m) = npz.read_sparse() else {
        return;
    };
    let info = info.expect("a matrix that reads has headers that describe");
    assert_eq!((info.format, info.shape), (m.format(), m.shape()));
    assert_eq!(&info.dtype, m.dtype());
    assert_eq!(info.nnz, m.nnz());
    assert_eq!(info.is_array, m.is_array());
    let [rows, cols] = m.shape();
    let mut count = 0;
    for entry in m.entries().take(MAX_ENTRIES) {
        let (r, c, _) = entry.expect("a checked matrix's entries decode");
        assert!(r < rows && c < cols, "({r}, {c}) outside {rows} x {cols}");
        count += 1;
    }
    if m.nnz() <= MAX_ENTRIES {
        assert_eq!(count, m.nnz());
    }
    match m.to_dense(DENSE_LIMIT) {
        Ok(d) => {
            assert_eq!(d.shape(), [rows, cols]);
            // Streamed block by block: the same array, as a whole .npy.
            let mut npy = Vec::new();
            m.write_dense(&mut npy, DENSE_LIMIT)
                .expect("a dense copy that fits streams");
            let streamed = npy_format::NpyReader::new(&npy[..])
                .and_then(|r| r.read_dyn())
                .expect("the streamed .npy reads");
            assert_eq!(streamed, d);
        }
        Err(e) => assert!(matches!(e.kind(), ErrorKind::DenseTooLarge { .. }), "{e}"),
    }
    let mut opts = SparseOptions::new();
    opts.compressed(false);
    let bytes = save_sparse_to(Cursor::new(Vec::new()), &m, &opts)
        .expect("a checked matrix writes")
        .into_inner();
    let again = NpzReader::with_limits(Cursor::new(bytes), limits)
        .and_then(|mut z| z.read_sparse())
        .expect("npio reads what it wrote");
    assert_eq!(again, m);
}
