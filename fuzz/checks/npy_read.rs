//! The checks of the `npy_read` fuzz target, as plain Rust so that the
//! regression tests replay saved inputs through exactly the same code.
//!
//! The readers on arbitrary bytes: errors are fine, panics, hangs and
//! unbounded allocations are not.
//!
//! * Dynamic: `NpyReader::new(..).read_dyn()`. On success every accessor is
//!   exercised (decoded values, `to_c_order`, record fields), then the array
//!   is written with `write_npy` and read back to the same dtype, shape and
//!   C-order data.
//! * Typed: `read_array` for several element types and dimensions, chunked
//!   `read_rows` / `read_elements`, with and without the data length known.
//!   Where a typed read succeeds, its elements must equal the dynamic ones.
//!
//! Any failed assertion or panic is a bug in npy-format.

use npy_format::half::f16;
use npy_format::ndarray::{Array, Dimension, Ix0, Ix1, Ix2, Ix3, IxDyn};
use npy_format::num_complex::Complex;
use npy_format::{DType, NpyArray, NpyReader, ReadOptions, ReadableElement, Value};

#[path = "decode_cost.rs"]
mod decode_cost;
use decode_cost::decode_cost;

/// Inputs longer than this are not tried.
pub const MAX_INPUT: usize = 64 << 10;
/// Elements decoded per array (and per field).
const MAX_VALUES: usize = 10_000;
/// Values (including those of subarray fields) decoded per array.
const MAX_DECODED: u128 = 1 << 20;

/// Runs every check on one input.
pub fn check(data: &[u8]) {
    if let Ok(arr) = NpyReader::new(data).and_then(|r| r.read_dyn()) {
        exercise(&arr);
        roundtrip(&arr);
        typed_matches_dynamic(data, &arr);
    }
    typed_reads(data);
}

/// How many elements of `arr` to decode: at most `MAX_VALUES`, and at most
/// `MAX_DECODED` values in all.
fn decode_budget(arr: &NpyArray) -> usize {
    let per = decode_cost(arr.dtype()).max(1);
    (MAX_DECODED / per).min(MAX_VALUES as u128) as usize
}

fn exercise(arr: &NpyArray) {
    let n = arr.len();
    assert_eq!(arr.data().len(), n * arr.dtype().itemsize());
    let budget = decode_budget(arr);
    let mut seen = 0;
    for v in arr.values().take(budget) {
        let _ = v.to_string();
        seen += 1;
    }
    assert_eq!(seen, n.min(budget));
    if n > 0 && budget > 0 {
        let last: Vec<usize> = arr.shape().iter().map(|&d| d - 1).collect();
        let _ = arr.get(&last).map(|v| v.to_string());
    }
    assert!(arr.get(&vec![usize::MAX; arr.ndim()]).is_err() || arr.ndim() == 0);

    let c = arr.to_c_order();
    assert!(!c.fortran_order());
    assert_eq!(c.shape(), arr.shape());
    assert_eq!(c.data().len(), arr.data().len());

    if let Some(rec) = arr.dtype().as_record() {
        for f in rec.fields() {
            // A field's shape adds the subarray's dimensions, which may
            // overflow: an error, not a panic.
            let Ok(field) = arr.field(&f.name) else {
                continue;
            };
            assert_eq!(field.dtype(), &f.dtype);
            for v in field.values().take(decode_budget(&field)) {
                let _ = v.to_string();
            }
            if let Some(title) = &f.title {
                let _ = arr.field(title);
            }
        }
        assert!(arr.field("\u{0}no such field\u{0}").is_err());
    } else {
        assert!(arr.field("x").is_err());
    }
    // These build one Rust value per element; zero-size items (`<U0`) make
    // the element count independent of the input size. Small arrays, and
    // arrays too large to fit in memory at all (which must give an error),
    // are tried.
    if n <= MAX_VALUES || n > isize::MAX as usize / 16 {
        let _ = arr.to_strings();
        let _ = arr.to_byte_strings();
        let _ = arr.to_time_counts();
    }
}

fn roundtrip(arr: &NpyArray) {
    let mut buf = Vec::new();
    arr.write_npy(&mut buf)
        .unwrap_or_else(|e| panic!("write_npy failed for {}: {e}", arr.dtype()));
    let mut opts = ReadOptions::new();
    opts.max_header_size(1 << 20);
    let reader = NpyReader::with_options(&buf[..], &opts)
        .unwrap_or_else(|e| panic!("written header does not parse: {e}"));
    assert_eq!(reader.parsed_header().data_offset % 64, 0);
    let back = reader
        .read_dyn()
        .unwrap_or_else(|e| panic!("written array does not read: {e}"));
    assert_eq!(back.dtype(), arr.dtype());
    assert_eq!(back.shape(), arr.shape());
    assert_eq!(back.to_c_order().data(), arr.to_c_order().data());
}

/// Bit patterns of the numeric values, so that NaNs compare equal.
fn bits(v: &Value) -> Option<(u64, u64)> {
    Some(match *v {
        Value::Bool(b) => (b as u64, 0),
        Value::Int(i) => (i as u64, 0),
        Value::UInt(u) => (u, 0),
        Value::Float32(f) => ((f as f64).to_bits(), 0),
        Value::Float(f) => (f.to_bits(), 0),
        Value::Complex(re, im) => (re.to_bits(), im.to_bits()),
        _ => return None,
    })
}

fn same<A: Copy>(typed: &Array<A, IxDyn>, arr: &NpyArray, conv: impl Fn(A) -> (u64, u64)) {
    assert_eq!(typed.shape(), arr.shape());
    for (t, v) in typed.iter().zip(arr.values()).take(decode_budget(arr)) {
        assert_eq!(Some(conv(*t)), bits(&v), "typed and dynamic reads differ");
    }
}

fn typed_matches_dynamic(data: &[u8], arr: &NpyArray) {
    fn read(data: &[u8]) -> NpyReader<&[u8]> {
        NpyReader::new(data).expect("header parsed before")
    }
    if let Ok(a) = read(data).read_array::<f64, IxDyn>() {
        same(&a, arr, |x| (x.to_bits(), 0));
    }
    if let Ok(a) = read(data).read_array::<f32, IxDyn>() {
        same(&a, arr, |x| ((x as f64).to_bits(), 0));
    }
    if let Ok(a) = read(data).read_array::<f16, IxDyn>() {
        same(&a, arr, |x| ((x.to_f32() as f64).to_bits(), 0));
    }
    if let Ok(a) = read(data).read_array::<i32, IxDyn>() {
        same(&a, arr, |x| (x as i64 as u64, 0));
    }
    if let Ok(a) = read(data).read_array::<u16, IxDyn>() {
        same(&a, arr, |x| (x as u64, 0));
    }
    if let Ok(a) = read(data).read_array::<i8, IxDyn>() {
        same(&a, arr, |x| (x as i64 as u64, 0));
    }
    if let Ok(a) = read(data).read_array::<bool, IxDyn>() {
        same(&a, arr, |x| (x as u64, 0));
    }
    if let Ok(a) = read(data).read_array::<Complex<f64>, IxDyn>() {
        same(&a, arr, |x| (x.re.to_bits(), x.im.to_bits()));
    }
    if let Ok(a) = read(data).read_array::<Complex<f32>, IxDyn>() {
        same(&a, arr, |x| {
            ((x.re as f64).to_bits(), (x.im as f64).to_bits())
        });
    }
}

fn typed<A: ReadableElement, D: Dimension>(data: &[u8]) {
    let Ok(r) = NpyReader::new(data) else {
        return;
    };
    let offset = r.parsed_header().data_offset as usize;
    let _ = r.read_array::<A, D>();
    // Again with the data length known, as for a file.
    if let Ok(r) = NpyReader::new(data) {
        let _ = r
            .with_data_len(data.len().saturating_sub(offset) as u64)
            .read_array::<A, D>();
    }
}

fn chunked<A: ReadableElement>(data: &[u8]) {
    if let Ok(mut r) = NpyReader::new(data) {
        for _ in 0..64 {
            match r.read_rows::<A>(3) {
                Ok(Some(_)) => {}
                _ => break,
            }
        }
    }
    if let Ok(mut r) = NpyReader::new(data) {
        for _ in 0..64 {
            match r.read_elements::<A>(7) {
                Ok(Some(_)) => {}
                _ => break,
            }
        }
    }
}

fn chunked_dyn(data: &[u8]) {
    let Ok(mut r) = NpyReader::new(data) else {
        return;
    };
    let header = r.header().clone();
    for _ in 0..64 {
        match r.read_rows_dyn(5) {
            Ok(Some(chunk)) => {
                assert_eq!(chunk.dtype(), &header.dtype);
                assert_eq!(chunk.ndim(), header.shape.len());
            }
            _ => break,
        }
    }
}

fn typed_reads(data: &[u8]) {
    typed::<f64, IxDyn>(data);
    typed::<f32, Ix1>(data);
    typed::<f16, Ix2>(data);
    typed::<i64, Ix0>(data);
    typed::<i32, Ix2>(data);
    typed::<i16, Ix3>(data);
    typed::<i8, IxDyn>(data);
    typed::<u64, IxDyn>(data);
    typed::<u32, Ix1>(data);
    typed::<u16, IxDyn>(data);
    typed::<u8, Ix1>(data);
    typed::<bool, IxDyn>(data);
    typed::<Complex<f32>, IxDyn>(data);
    typed::<Complex<f64>, Ix2>(data);
    chunked::<f64>(data);
    chunked::<i32>(data);
    chunked::<u8>(data);
    chunked::<bool>(data);
    chunked_dyn(data);
}
