//! delimited-text's `GenFromTxt` on arbitrary options and text: errors
//! are fine, panics and hangs are not; strings, readers and the streaming
//! `.npy` conversion must agree. The checks are in
//! `fuzz/checks/text_genfromtxt.rs`.
//!
//! An input is 14 option bytes (`Options`, derived with `arbitrary`) and
//! then the text. The checks module reads the same bytes itself (the
//! regression test that shares it has no `arbitrary`); every run asserts
//! that both readings agree.

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::{Corpus, fuzz_target};

#[path = "../checks/text_genfromtxt.rs"]
mod checks;
#[path = "../checks/same_outcome.rs"]
mod same_outcome;

/// The options at the front of an input; see `checks::build` for what
/// each byte means.
#[derive(Arbitrary, Debug)]
struct Options {
    dtype: u8,
    delimiter: u8,
    comments: u8,
    quotechar: u8,
    skip_header: u8,
    skip_footer: u8,
    max_rows: u8,
    usecols: u8,
    names: u8,
    missing: u8,
    filling: u8,
    flags: u8,
    ndmin: u8,
    block_bytes: u8,
}

impl From<Options> for checks::RawOpts {
    fn from(o: Options) -> Self {
        checks::RawOpts {
            dtype: o.dtype,
            delimiter: o.delimiter,
            comments: o.comments,
            quotechar: o.quotechar,
            skip_header: o.skip_header,
            skip_footer: o.skip_footer,
            max_rows: o.max_rows,
            usecols: o.usecols,
            names: o.names,
            missing: o.missing,
            filling: o.filling,
            flags: o.flags,
            ndmin: o.ndmin,
            block_bytes: o.block_bytes,
        }
    }
}

fuzz_target!(|data: &[u8]| -> Corpus {
    if data.len() > checks::MAX_INPUT || data.len() < checks::OPTION_BYTES {
        return Corpus::Reject;
    }
    let mut u = Unstructured::new(&data[..checks::OPTION_BYTES]);
    let derived: checks::RawOpts = Options::arbitrary(&mut u)
        .expect("14 bytes are enough options")
        .into();
    assert_eq!(
        Some(derived),
        checks::raw_opts(data),
        "the derive and checks::raw_opts read the options differently"
    );
    checks::check(data);
    Corpus::Keep
});
