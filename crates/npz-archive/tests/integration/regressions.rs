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

#[allow(dead_code)]
#[path = "../../../../fuzz/checks/npz_index.rs"]
mod npz_index;

/// The `npz_index` target's checks on its seeds and on damage of every
/// kind to the chunk index: each byte of the field flipped in turn.
#[test]
fn damaged_chunk_indexes_never_change_what_is_read() {
    let seeds = workspace().join("fuzz/corpus/npz_index");
    for entry in std::fs::read_dir(&seeds).unwrap() {
        let p = entry.unwrap().path();
        if p.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("seed-")
        {
            npz_index::check(&std::fs::read(&p).unwrap());
        }
    }
    for at in 0..24 {
        for bits in [0x01u8, 0x80, 0xff] {
            let mut input = vec![0u8; at + 1];
            input[at] = bits;
            npz_index::check(&input);
        }
    }
}

#[allow(dead_code)]
#[path = "../../../../fuzz/checks/npz_sparse.rs"]
mod npz_sparse;

/// The `npz_sparse` target's checks on its seeds (each must read as a
/// matrix) and on every byte of each member-list seed changed in turn: a
/// damaged member of every kind.
#[test]
fn sparse_seeds_damaged_byte_by_byte_never_panic() {
    let seeds = workspace().join("fuzz/corpus/npz_sparse");
    let mut tried = 0;
    let mut paths: Vec<_> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("seed-")
        })
        .collect();
    paths.sort();
    assert!(paths.len() >= 10, "{paths:?}");
    for path in paths {
        let bytes = std::fs::read(&path).unwrap();
        let archive = npz_sparse::archive(&bytes);
        let mut npz = npz_archive::NpzReader::new(std::io::Cursor::new(archive)).unwrap();
        npz.read_sparse()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        npz_sparse::check(&bytes);
        if path.to_string_lossy().ends_with("-members") {
            for at in 0..bytes.len() {
                for change in [0xffu8, 0x01, 0x80] {
                    let mut damaged = bytes.clone();
                    damaged[at] ^= change;
                    npz_sparse::check(&damaged);
                    tried += 1;
                }
            }
        }
    }
    assert!(tried > 10_000, "{tried}");
}
