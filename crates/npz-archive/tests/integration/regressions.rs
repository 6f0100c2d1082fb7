//! Inputs the `npz_read` fuzz target (`fuzz/`) found problems with, and a
//! few damaged archives derived from its seeds, replayed through the
//! target's own checks (`fuzz/checks/npz_read.rs`, included below), so that
//! a fixed bug stays fixed.
//!
//! Every `testdata/regressions/npz_read/npz_read-*.bin` is replayed. They
//! are in a folder of their own because npy-format's regression test
//! replays every `testdata/regressions/*.bin` and refuses targets it does
//! not know. Each input runs on its own thread with a time limit, so a hang
//! fails the test instead of stalling it.

use npio_test_support::{fuzz_inputs, replay, workspace};
use std::time::Duration;

#[allow(dead_code)]
#[path = "../../../../fuzz/checks/npz_read.rs"]
mod npz_read;

/// Generous for a debug build: every input takes milliseconds once fixed.
const TIME_LIMIT: Duration = Duration::from_secs(60);

#[test]
fn fuzz_regressions_do_not_panic_or_hang() {
    let dir = workspace().join("testdata/regressions/npz_read");
    let failures: Vec<String> = fuzz_inputs(&dir, "npz_read-")
        .iter()
        .filter_map(|p| replay(p, npz_read::check, TIME_LIMIT).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
