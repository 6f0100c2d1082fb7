//! Write → read round trips of valid arrays built from structured input by
//! npy-format's `arbitrary` feature (as other projects' fuzzers build them).
//!
//! The array written with `write_npy` must read back with `read_dyn` to the
//! same dtype, shape and C-order data, with the data starting on a 64-byte
//! boundary and the Fortran flag kept whenever it matters.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::{Corpus, fuzz_target};
use npy_format::ndarray::IxDyn;
use npy_format::{DType, NpyArray, NpyReader, Version};

/// A valid array, built by npy-format's own `Arbitrary` (every kind of
/// element, both byte orders, records with padding, nesting, titles and
/// subarrays, zero-size items and shapes), and the format version to write.
#[derive(Arbitrary, Debug)]
struct Input {
    array: NpyArray,
    v3: bool,
}

fuzz_target!(|input: Input| -> Corpus {
    let arr = input.array;
    if arr.data().len() > 64 << 10 {
        return Corpus::Reject;
    }

    let mut buf = Vec::new();
    if input.v3 {
        arr.write_npy_version(&mut buf, Version::V3)
    } else {
        arr.write_npy(&mut buf)
    }
    .expect("write_npy to a Vec");

    let reader = NpyReader::new(&buf[..]).expect("written header parses");
    let parsed = reader.parsed_header().clone();
    assert_eq!(
        parsed.data_offset % 64,
        0,
        "data starts at {}",
        parsed.data_offset
    );
    let header_bytes = arr.header().to_bytes().expect("header bytes");
    assert_eq!(header_bytes.len() % 64, 0);
    if input.v3 {
        assert_eq!(parsed.version, Version::V3);
    } else {
        // The lowest version that holds the header, as np.save picks it:
        // 1.0, or 2.0 past 64 KiB, or 3.0 for names beyond latin-1.
        // (The order flag may differ: it is written False where it does
        // not matter.)
        assert_eq!(buf[6..8], header_bytes[6..8]);
    }
    let back = reader.read_dyn().expect("written array reads back");

    assert_eq!(back.dtype(), arr.dtype());
    assert_eq!(back.shape(), arr.shape());
    assert_eq!(back.to_c_order().data(), arr.to_c_order().data());
    assert_eq!(
        buf.len() as u64,
        parsed.data_offset + arr.data().len() as u64
    );
    // Fortran order is dropped only where C and Fortran bytes coincide.
    let multi = arr.shape().iter().filter(|&&d| d > 1).count() > 1 && !arr.is_empty();
    if multi {
        assert_eq!(back.fortran_order(), arr.fortran_order());
        assert_eq!(back.data(), arr.data());
    }

    // Decoding agrees element by element (compared as text: NaN != NaN).
    for (a, b) in arr.values().zip(back.values()) {
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
    }
    if let Some(rec) = arr.dtype().as_record() {
        for f in rec.fields() {
            let fa = arr.field(&f.name).expect("field of the original");
            let fb = back.field(&f.name).expect("field of the copy");
            assert_eq!(fa.shape(), fb.shape());
            assert_eq!(fa.to_c_order().data(), fb.to_c_order().data());
        }
    }
    if arr.dtype() == &DType::parse_descr("'<f8'").expect("f8") {
        let typed = back.to_array::<f64, IxDyn>().expect("typed f64");
        assert_eq!(typed.shape(), arr.shape());
    }
    Corpus::Keep
});
