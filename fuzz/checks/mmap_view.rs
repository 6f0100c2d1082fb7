//! Checks of the `mmap_view` target: a file of arbitrary bytes mapped as a
//! .npy. Opening must check the header and the file's length before
//! mapping; every view must agree with npy-format's reader of the same
//! bytes. Errors are fine; panics, hangs, faults and unbounded
//! allocations are bugs.

use npy_format::ndarray::IxDyn;
use npy_format::{NpyReader, ReadOptions};
use npy_mmap::Memmap;
use std::path::PathBuf;

/// Inputs larger than this are not worth a file write per run.
pub const MAX_INPUT: usize = 1 << 16;

/// Values decoded per input, at most.
const MAX_VALUES: usize = 10_000;

fn scratch() -> PathBuf {
    std::env::temp_dir().join(format!("npio-fuzz-mmap-{}.npy", std::process::id()))
}

pub fn check(data: &[u8]) {
    let path = scratch();
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let opts = ReadOptions::default();
    let Ok(map) = Memmap::open_with(&path, npy_mmap::Mode::ReadOnly, &opts) else {
        return;
    };
    // Whatever maps, npy-format reads the same way.
    let read = NpyReader::with_options(data, &opts).and_then(|r| r.read_dyn());
    let copied = map.to_npy_array();
    match (&read, &copied) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.header(), b.header());
            assert_eq!(a.data(), b.data());
        }
        (Err(_), Ok(_)) => panic!("mapped an array npy-format refuses"),
        _ => {}
    }
    let view = map.view_dyn();
    for v in view.values().take(MAX_VALUES) {
        let _ = v;
    }
    if let Some(rec) = map.dtype().as_record() {
        for f in rec.fields() {
            if let Ok(field) = view.field(&f.name) {
                for v in field.values().take(MAX_VALUES) {
                    let _ = v;
                }
            }
        }
    }
    if let (Ok(typed), Ok(owned)) = (map.view::<f64, IxDyn>(), map.to_owned_array::<f64, IxDyn>()) {
        assert_eq!(typed.shape(), owned.shape());
        for (x, y) in typed.iter().zip(owned.iter()).take(MAX_VALUES) {
            assert_eq!(x.to_bits(), y.to_bits());
        }
    }
    let _ = map.view::<u8, IxDyn>();
    let _ = map.view::<bool, IxDyn>();
}
