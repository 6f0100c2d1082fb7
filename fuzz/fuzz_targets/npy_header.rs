//! Header parser and descr parser: any bytes must give `Ok` or `Err`, never
//! a panic, and whatever parses must survive print → parse unchanged. The
//! checks are in `fuzz/checks/npy_header.rs`.

#![no_main]

use libfuzzer_sys::{Corpus, fuzz_target};

#[path = "../checks/npy_header.rs"]
mod checks;

fuzz_target!(|data: &[u8]| -> Corpus {
    if data.len() > checks::MAX_INPUT {
        return Corpus::Reject;
    }
    checks::check(data);
    Corpus::Keep
});
