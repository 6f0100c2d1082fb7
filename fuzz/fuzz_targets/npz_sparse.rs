//! The scipy.sparse reader of npz-archive on arbitrary bytes: errors are
//! fine, panics, hangs and unbounded allocations are not. The checks are
//! in `fuzz/checks/npz_sparse.rs`.

#![no_main]

use libfuzzer_sys::{Corpus, fuzz_target};

#[path = "../checks/npz_sparse.rs"]
mod checks;

fuzz_target!(|data: &[u8]| -> Corpus {
    if data.len() > checks::MAX_INPUT {
        return Corpus::Reject;
    }
    checks::check(data);
    Corpus::Keep
});
