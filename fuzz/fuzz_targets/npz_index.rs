//! npio's chunk index of a deflate member, damaged in every way: reads
//! still give the array written, or an error, never other bytes. The checks
//! are in `fuzz/checks/npz_index.rs`.

#![no_main]

use libfuzzer_sys::{Corpus, fuzz_target};

#[path = "../checks/npz_index.rs"]
mod checks;

fuzz_target!(|data: &[u8]| -> Corpus {
    if data.len() > checks::MAX_INPUT {
        return Corpus::Reject;
    }
    checks::check(data);
    Corpus::Keep
});
