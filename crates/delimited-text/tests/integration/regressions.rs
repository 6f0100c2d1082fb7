//! Inputs the `text_loadtxt` fuzz target (`fuzz/`) found problems with,
//! and a few inputs derived from its seeds, replayed through the target's
//! own checks (`fuzz/checks/text_loadtxt.rs`, included below), so that a
//! fixed bug stays fixed.
//!
//! Every `testdata/regressions/text_loadtxt/text_loadtxt-*.bin` is
//! replayed: 12 option bytes, then the text (see the checks module). They
//! are in a folder of their own because npy-format's regression test
//! replays every `testdata/regressions/*.bin` and refuses targets it does
//! not know. Each input runs on its own thread with a time limit, so a hang
//! fails the test instead of stalling it.

use crate::common::workspace;
use std::sync::mpsc;
use std::time::Duration;

#[allow(dead_code)]
#[path = "../../../../fuzz/checks/text_loadtxt.rs"]
mod text_loadtxt;

/// Generous for a debug build: every input takes milliseconds once fixed.
const TIME_LIMIT: Duration = Duration::from_secs(60);

#[test]
fn fuzz_regressions_do_not_panic_or_hang() {
    let dir = workspace().join("testdata/regressions/text_loadtxt");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("text_loadtxt-") && name.ends_with(".bin")
        })
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no text_loadtxt-*.bin regression inputs in {}",
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
                text_loadtxt::check(&data);
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

/// The replayed inputs exercise what they are meant to: the seed-derived
/// ones load (so the parallel/serial and savetxt round-trip checks run).
#[test]
fn seed_inputs_load() {
    let dir = workspace().join("testdata/regressions/text_loadtxt");
    for name in [
        "text_loadtxt-seed-chunked-floats-crlf.bin",
        "text_loadtxt-seed-quoted-csv-unicode.bin",
    ] {
        let data = std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (opts, text) = text_loadtxt::decode(&data).expect("options");
        let l = opts.loadtxt().expect("dtype");
        let arr = l
            .from_str(&text)
            .unwrap_or_else(|e| panic!("{name} does not load: {e}"));
        assert!(!arr.is_empty(), "{name}");
    }
}
