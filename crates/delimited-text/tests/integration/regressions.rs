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

use npio_test_support::{fuzz_inputs, replay, workspace};
use std::time::Duration;

#[allow(dead_code)]
#[path = "../../../../fuzz/checks/text_loadtxt.rs"]
mod text_loadtxt;

/// Generous for a debug build: every input takes milliseconds once fixed.
const TIME_LIMIT: Duration = Duration::from_secs(60);

#[test]
fn fuzz_regressions_do_not_panic_or_hang() {
    let dir = workspace().join("testdata/regressions/text_loadtxt");
    let failures: Vec<String> = fuzz_inputs(&dir, "text_loadtxt-")
        .iter()
        .filter_map(|p| replay(p, text_loadtxt::check, TIME_LIMIT).err())
        .collect();
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
