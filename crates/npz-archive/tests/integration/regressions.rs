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

use crate::common::workspace;
use std::sync::mpsc;
use std::time::Duration;

#[allow(dead_code)]
#[path = "../../../../fuzz/checks/npz_read.rs"]
mod npz_read;

/// Generous for a debug build: every input takes milliseconds once fixed.
const TIME_LIMIT: Duration = Duration::from_secs(60);

#[test]
fn fuzz_regressions_do_not_panic_or_hang() {
    let dir = workspace().join("testdata/regressions/npz_read");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("npz_read-") && name.ends_with(".bin")
        })
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no npz_read-*.bin regression inputs in {}",
        dir.display()
    );

    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let data = std::fs::read(path).unwrap();
        let (done_tx, done_rx) = mpsc::channel();
        let worker = std::thread::Builder::new()
            .name(name.clone())
            .spawn(move || {
                npz_read::check(&data);
                let _ = done_tx.send(());
            })
            .unwrap();
        match done_rx.recv_timeout(TIME_LIMIT) {
            Ok(()) => worker.join().unwrap(),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                // The thread is left running; the test process ends anyway.
                failures.push(format!("{name}: still running after {TIME_LIMIT:?}"));
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let panic = worker.join().unwrap_err();
                let msg = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failures.push(format!("{name}: panicked: {msg}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
