//! Maps arbitrary bytes as a .npy file: the header → view path of
//! npy-mmap. The checks are in `fuzz/checks/mmap_view.rs`.

#![no_main]

use libfuzzer_sys::{Corpus, fuzz_target};

#[path = "../checks/mmap_view.rs"]
mod checks;

fuzz_target!(|data: &[u8]| -> Corpus {
    if data.len() > checks::MAX_INPUT {
        return Corpus::Reject;
    }
    checks::check(data);
    Corpus::Keep
});
