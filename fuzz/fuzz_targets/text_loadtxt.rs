//! delimited-text's `LoadTxt` on arbitrary options and text: errors are
//! fine, panics and hangs are not; the parallel parse must equal the
//! serial one, and float64 results must survive `SaveTxt` → `LoadTxt`.
//! The checks are in `fuzz/checks/text_loadtxt.rs`.
//!
//! An input is 12 option bytes (`Options`, derived with `arbitrary`) and
//! then the text. The checks module reads the same bytes itself (the
//! regression test that shares it has no `arbitrary`); every run asserts
//! that both readings agree.

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::{Corpus, fuzz_target};

#[path = "../checks/text_loadtxt.rs"]
mod checks;
#[path = "../checks/same_outcome.rs"]
mod same_outcome;

/// The options at the front of an input; see `checks::Opts` for what each
/// byte means.
#[derive(Arbitrary, Debug)]
struct Options {
    dtype: u8,
    delimiter: u8,
    comments: u8,
    quotechar: u8,
    skiprows: u8,
    usecols_len: u8,
    usecols: [i8; 3],
    max_rows: u8,
    ndmin: u8,
    chunk_bytes: u8,
}

impl From<Options> for checks::RawOpts {
    fn from(o: Options) -> Self {
        checks::RawOpts {
            dtype: o.dtype,
            delimiter: o.delimiter,
            comments: o.comments,
            quotechar: o.quotechar,
            skiprows: o.skiprows,
            usecols_len: o.usecols_len,
            usecols: o.usecols,
            max_rows: o.max_rows,
            ndmin: o.ndmin,
            chunk_bytes: o.chunk_bytes,
        }
    }
}

fuzz_target!(|data: &[u8]| -> Corpus {
    if data.len() > checks::MAX_INPUT || data.len() < checks::OPTION_BYTES {
        return Corpus::Reject;
    }
    let mut u = Unstructured::new(&data[..checks::OPTION_BYTES]);
    let derived: checks::RawOpts = Options::arbitrary(&mut u)
        .expect("12 bytes are enough options")
        .into();
    assert_eq!(
        Some(derived),
        checks::raw_opts(data),
        "the derive and checks::raw_opts read the options differently"
    );
    checks::check(data);
    Corpus::Keep
});
