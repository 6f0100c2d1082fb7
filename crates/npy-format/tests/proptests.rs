//! Property tests: header print → parse identity over arbitrary dtypes and
//! shapes; write → read identity over arbitrary arrays. The dtypes and
//! arrays come from the crate's own `strategy` module and `Arbitrary`
//! impls (features `proptest` and `arbitrary`), which this exercises.

use arbitrary::{Arbitrary, Unstructured};
use ndarray::{ArrayD, IxDyn, ShapeBuilder};
use npy_format::strategy::{self, dtype};
use npy_format::{
    DType, Header, NpyArray, NpyReader, ReadNpyExt, ReadOptions, WriteNpyExt, read_header,
};
use proptest::prelude::*;

/// Writes `a` and reads it back, with room for the largest headers.
fn write_read(a: &NpyArray) -> NpyArray {
    let mut bytes = Vec::new();
    a.write_npy(&mut bytes).unwrap();
    let mut opts = ReadOptions::new();
    opts.max_header_size(1 << 20);
    NpyReader::with_options(&bytes[..], &opts)
        .unwrap()
        .read_dyn()
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn header_print_parse_identity(
        dt in dtype(),
        shape in prop::collection::vec(0usize..100_000, 0..5),
        fortran in any::<bool>(),
    ) {
        let h = Header::new(dt, shape, fortran);
        prop_assume!(h.data_len().is_ok());
        let bytes = h.to_bytes().unwrap();
        prop_assert_eq!(bytes.len() % 64, 0);
        let mut opts = ReadOptions::new();
        opts.max_header_size(1 << 20);
        let parsed = read_header(&mut &bytes[..], &opts).unwrap();
        prop_assert_eq!(&parsed.header, &h);
        prop_assert_eq!(DType::parse_descr(&h.dtype.descr_repr()).unwrap(), h.dtype.clone());
        // The growth axis can reach 21 digits without the header moving.
        let mut grown = h.clone();
        if let Some(d) = if fortran { grown.shape.last_mut() } else { grown.shape.first_mut() } {
            *d = 999_999_999_999;
            if grown.data_len().is_ok() {
                prop_assert_eq!(grown.to_bytes().unwrap().len(), bytes.len());
            }
        }
    }

    #[test]
    fn typed_write_read_identity(
        data in prop::collection::vec(any::<f64>(), 0..200),
        dims in prop::collection::vec(1usize..5, 0..4),
        fortran in any::<bool>(),
    ) {
        let n: usize = dims.iter().product();
        let vals: Vec<f64> = data.iter().copied().cycle().take(if data.is_empty() { 0 } else { n }).collect();
        prop_assume!(vals.len() == n);
        let a = ArrayD::from_shape_vec(IxDyn(&dims).set_f(fortran), vals).unwrap();
        let mut bytes = Vec::new();
        a.write_npy(&mut bytes).unwrap();
        let b = ArrayD::<f64>::read_npy(&bytes[..]).unwrap();
        prop_assert_eq!(a.shape(), b.shape());
        for (x, y) in a.iter().zip(b.iter()) {
            prop_assert_eq!(x.to_bits(), y.to_bits());
        }
    }

    #[test]
    fn integer_and_bool_write_read_identity(
        data in prop::collection::vec(any::<i32>(), 1..100),
        flags in prop::collection::vec(any::<bool>(), 1..100),
    ) {
        let a = ndarray::Array1::from(data);
        let mut bytes = Vec::new();
        a.write_npy(&mut bytes).unwrap();
        prop_assert_eq!(ndarray::Array1::<i32>::read_npy(&bytes[..]).unwrap(), a);
        let f = ndarray::Array1::from(flags);
        let mut bytes = Vec::new();
        f.write_npy(&mut bytes).unwrap();
        prop_assert_eq!(ndarray::Array1::<bool>::read_npy(&bytes[..]).unwrap(), f);
    }

    #[test]
    fn dynamic_write_read_identity(a in strategy::array()) {
        let b = write_read(&a);
        let (x, y) = (a.to_c_order(), b.to_c_order());
        prop_assert_eq!(x.data(), y.data());
        prop_assert_eq!(a.dtype(), b.dtype());
        prop_assert_eq!(a.shape(), b.shape());
    }

    /// What a fuzzer builds from raw bytes is an array that round trips.
    #[test]
    fn arbitrary_arrays_write_read_identity(raw in prop::collection::vec(any::<u8>(), 0..400)) {
        let mut u = Unstructured::new(&raw);
        if let Ok(a) = NpyArray::arbitrary(&mut u) {
            let b = write_read(&a);
            let (x, y) = (a.to_c_order(), b.to_c_order());
            prop_assert_eq!(x.data(), y.data());
            prop_assert_eq!(a.dtype(), b.dtype());
            prop_assert_eq!(a.shape(), b.shape());
        }
    }

    /// Generated values are valid: booleans read as `bool`, strings as
    /// text, through the typed and value paths.
    #[test]
    fn generated_values_are_valid(a in strategy::array()) {
        for v in a.values() {
            let _ = v.to_string();
        }
        if a.dtype() == &DType::parse_descr("'|b1'").unwrap() {
            prop_assert!(a.to_array::<bool, IxDyn>().is_ok());
        }
        if let Some(s) = a.dtype().as_scalar()
            && matches!(s.kind(), npy_format::ScalarKind::Unicode(_))
        {
            prop_assert!(a.values().all(|v| matches!(v, npy_format::Value::Str(_))));
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let mut input = b"\x93NUMPY\x01\x00".to_vec();
        input.extend_from_slice(&bytes);
        let _ = NpyReader::new(&input[..]).and_then(|r| r.read_dyn());
    }
}

/// `Arbitrary` gives an array for most inputs, and every kind of dtype
/// turns up: a fuzzer spends its time on arrays, not on rejections.
#[test]
fn arbitrary_mostly_succeeds_and_covers_the_kinds() {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let (mut ok, mut records, mut strings, mut times) = (0, 0, 0, 0);
    for _ in 0..1000 {
        let raw: Vec<u8> = (0..200).map(|_| next() as u8).collect();
        let Ok(a) = NpyArray::arbitrary(&mut Unstructured::new(&raw)) else {
            continue;
        };
        ok += 1;
        let descr = a.dtype().descr_repr();
        records += usize::from(a.dtype().as_record().is_some());
        strings += usize::from(descr.contains('U') || descr.contains('S'));
        times += usize::from(descr.contains("M8") || descr.contains("m8"));
        let b = write_read(&a);
        assert_eq!(a.to_c_order().data(), b.to_c_order().data(), "{descr}");
    }
    assert!(ok > 800, "{ok} of 1000 inputs gave an array");
    assert!(
        records > 50 && strings > 50 && times > 50,
        "{records} {strings} {times}"
    );
}
