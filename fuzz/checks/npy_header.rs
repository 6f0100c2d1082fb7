//! The checks of the `npy_header` fuzz target, as plain Rust so that the
//! regression tests (`crates/npy-format/tests/integration/regressions.rs`)
//! replay saved inputs through exactly the same code.
//!
//! * The input as a `.npy` file: `read_header` with the default limits. On
//!   success the header is written back with `Header::to_bytes` (64-byte
//!   aligned, the same bytes a second time) and parsed again to an equal
//!   `Header`; its descr parses back to an equal `DType`.
//! * The input as descr text (UTF-8, lossily): `DType::parse_descr`. On
//!   success `descr()` parses back to an equal `DType` and prints the same.
//!
//! Any failed assertion or panic is a bug in npy-format.

use npy_format::{DType, ReadOptions, read_header};

/// Inputs longer than this are not tried.
pub const MAX_INPUT: usize = 64 << 10;

/// Runs every check on one input.
pub fn check(data: &[u8]) {
    check_header(data);
    check_descr(data);
}

fn check_header(data: &[u8]) {
    let Ok(parsed) = read_header(&mut &data[..], &ReadOptions::default()) else {
        return;
    };
    let h = &parsed.header;
    assert_eq!(
        parsed.data_offset,
        (parsed.version.prefix_len() + parsed.header_len) as u64
    );

    let bytes = h
        .to_bytes()
        .unwrap_or_else(|e| panic!("to_bytes failed for {h:?}: {e}"));
    assert_eq!(bytes.len() % 64, 0, "header of {} bytes", bytes.len());

    // The text may grow when written (escapes, growth padding), so the
    // re-parse gets a generous limit.
    let mut opts = ReadOptions::new();
    opts.max_header_size(1 << 20);
    let back = read_header(&mut &bytes[..], &opts)
        .unwrap_or_else(|e| panic!("written header does not parse: {e}\n{h:?}\n{bytes:?}"));
    assert_eq!(&back.header, h, "header changed through to_bytes");
    assert_eq!(back.data_offset, bytes.len() as u64);
    assert_eq!(
        back.header.to_bytes().ok().as_deref(),
        Some(&bytes[..]),
        "to_bytes is not stable"
    );

    let descr = h.dtype.descr_repr();
    let dt = DType::parse_descr(&descr)
        .unwrap_or_else(|e| panic!("printed descr {descr:?} does not parse: {e}"));
    assert_eq!(dt, h.dtype, "descr {descr:?} changed through print → parse");
}

fn check_descr(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(dt) = DType::parse_descr(&text) else {
        return;
    };
    let printed = dt.descr_repr();
    let back = DType::parse_descr(&printed)
        .unwrap_or_else(|e| panic!("printed descr {printed:?} does not parse: {e}"));
    assert_eq!(back, dt, "descr {printed:?} changed through print → parse");
    assert_eq!(back.descr_repr(), printed, "descr printing is not stable");
    // The other accessors must not panic either.
    let _ = dt.itemsize();
    let _ = dt.type_str();
    let _ = dt.to_native().descr_repr();
}
