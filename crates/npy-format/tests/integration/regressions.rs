//! Inputs the fuzz targets (`fuzz/`) found problems with, replayed through
//! the targets' own checks (`fuzz/checks/*.rs`, included below), so that a
//! fixed bug stays fixed.
//!
//! Every file in `testdata/regressions/` is named `<target>-<what>.bin`;
//! `<target>` picks the checks. Each input runs on its own thread with a
//! time limit, so a hang fails the test instead of stalling it.

use crate::common::workspace;
use std::sync::mpsc;
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
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "bin"))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no regression inputs in {}",
        dir.display()
    );

    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let target = name.split('-').next().unwrap_or_default();
        let check = checks_for(target).unwrap_or_else(|| {
            panic!(
                "{name}: no replay for target {target:?}; name regression files \
                 npy_header-*.bin or npy_read-*.bin (npy_roundtrip inputs are \
                 `arbitrary` data: turn them into an explicit test instead)"
            )
        });
        let data = std::fs::read(path).unwrap();
        let (done_tx, done_rx) = mpsc::channel();
        let worker = std::thread::Builder::new()
            .name(name.clone())
            .spawn(move || {
                check(&data);
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
