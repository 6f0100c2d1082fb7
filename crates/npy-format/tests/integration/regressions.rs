//! Inputs the fuzz targets (`fuzz/`) found problems with, replayed through
//! the targets' own checks (`fuzz/checks/*.rs`, included below), so that a
//! fixed bug stays fixed.
//!
//! Every file in `testdata/regressions/` is named `<target>-<what>.bin`;
//! `<target>` picks the checks. Each input runs on its own thread with a
//! time limit, so a hang fails the test instead of stalling it.

use npio_test_support::{fuzz_inputs, replay, workspace};
use std::time::Duration;

#[allow(dead_code)]
#[path = "../../../../fuzz/checks/npy_header.rs"]
mod npy_header;

#[allow(dead_code)]
#[path = "../../../../fuzz/checks/npy_read.rs"]
mod npy_read;

/// Generous for a debug build: every input takes milliseconds once fixed.
const TIME_LIMIT: Duration = Duration::from_secs(60);

/// The checks of one fuzz target.
fn checks_for(target: &str) -> Option<fn(&[u8])> {
    match target {
        "npy_header" => Some(npy_header::check),
        "npy_read" => Some(npy_read::check),
        _ => None,
    }
}

#[test]
fn fuzz_regressions_do_not_panic_or_hang() {
    let dir = workspace().join("testdata/regressions");
    let mut failures = Vec::new();
    for path in fuzz_inputs(&dir, "") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let target = name.split('-').next().unwrap_or_default();
        let check = checks_for(target).unwrap_or_else(|| {
            panic!(
                "{name}: no replay for target {target:?}; name regression files \
                 npy_header-*.bin or npy_read-*.bin (other targets keep theirs in \
                 a folder of their own)"
            )
        });
        if let Err(e) = replay(&path, check, TIME_LIMIT) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
