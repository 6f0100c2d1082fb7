//! Inputs the `text_genfromtxt` fuzz target (`fuzz/`) found problems
//! with, and inputs derived from its seeds, replayed through the target's
//! own checks (`fuzz/checks/text_genfromtxt.rs`, included below), so that
//! a fixed bug stays fixed.
//!
//! Every `testdata/regressions/text_genfromtxt/text_genfromtxt-*.bin` is
//! replayed: 14 option bytes, then the text (see the checks module), each
//! on its own thread with a time limit, so a hang fails the test instead
//! of stalling it.

use npio_test_support::{fuzz_inputs, replay, workspace};
use std::time::Duration;

#[allow(dead_code)]
#[path = "../../../../fuzz/checks/text_genfromtxt.rs"]
mod text_genfromtxt;

/// Generous for a debug build: every input takes milliseconds once fixed.
const TIME_LIMIT: Duration = Duration::from_secs(60);

#[test]
fn genfromtxt_fuzz_regressions_do_not_panic_or_hang() {
    let dir = workspace().join("testdata/regressions/text_genfromtxt");
    let failures: Vec<String> = fuzz_inputs(&dir, "text_genfromtxt-")
        .iter()
        .filter_map(|p| replay(p, text_genfromtxt::check, TIME_LIMIT).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The seed-derived inputs load, so the comparisons of the checks run.
#[test]
fn genfromtxt_seed_inputs_load() {
    let dir = workspace().join("testdata/regressions/text_genfromtxt");
    for p in fuzz_inputs(&dir, "text_genfromtxt-seed-") {
        let data = std::fs::read(&p).unwrap();
        let (raw, text) = text_genfromtxt::decode(&data).expect("options");
        let g = text_genfromtxt::build(&raw).expect("dtype");
        let out = g
            .from_str(&text)
            .unwrap_or_else(|e| panic!("{} does not load: {e}", p.display()));
        assert!(!out.array.is_empty(), "{}", p.display());
    }
}
