//! Write → read round trips of valid arrays built from structured input: a
//! dtype from a fixed list, a small shape, an order flag and data bytes.
//!
//! The array written with `write_npy` must read back with `read_dyn` to the
//! same dtype, shape and C-order data, with the data starting on a 64-byte
//! boundary and the Fortran flag kept whenever it matters.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::{Corpus, fuzz_target};
use npy_format::ndarray::IxDyn;
use npy_format::{DType, Header, NpyArray, NpyReader, Version};

/// Descrs covering every kind of element, both byte orders, padding,
/// nesting, titles, subarrays and zero-size items.
const DESCRS: &[&str] = &[
    "'<f8'",
    "'>i4'",
    "'|b1'",
    "'<U3'",
    "'|S4'",
    "'>M8[ns]'",
    "[('a', '<i2'), ('b', '>f4', (2,))]",
    "'>c8'",
    "'<f2'",
    "'|u1'",
    "'<m8[25us]'",
    "'|V5'",
    "'<f16'",
    "'>U1'",
    "[('x', [('y', '>u2'), ('', '|V2')]), ('z', '|S3')]",
    "[(('A title', 't'), '<i8'), ('', '|V3'), ('s', '<U2', (2, 1))]",
    "[('e', '|S0'), ('f', '>i2', (0,))]",
    "'<c16'",
];

#[derive(Arbitrary, Debug)]
struct Input {
    descr: u8,
    dims: Vec<u8>,
    fortran: bool,
    v3: bool,
    data: Vec<u8>,
}

fuzz_target!(|input: Input| -> Corpus {
    if input.data.len() > 64 << 10 {
        return Corpus::Reject;
    }
    let descr = DESCRS[input.descr as usize % DESCRS.len()];
    let dtype = DType::parse_descr(descr).expect("listed descrs parse");
    let shape: Vec<usize> = input.dims.iter().take(3).map(|&d| d as usize % 9).collect();
    let header = Header::new(dtype, shape, input.fortran);
    let len = header.data_len().expect("small shapes fit");
    // The data bytes repeated (or cut) to the length the header needs.
    let data: Vec<u8> = if input.data.is_empty() {
        vec![0; len]
    } else {
        input.data.iter().copied().cycle().take(len).collect()
    };
    let Ok(arr) = NpyArray::new(header, data) else {
        return Corpus::Reject;
    };

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
    assert_eq!(
        parsed.version,
        if input.v3 { Version::V3 } else { Version::V1 }
    );
    let header_bytes = arr.header().to_bytes().expect("header bytes");
    assert_eq!(header_bytes.len() % 64, 0);
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
