//! Helpers shared by the integration tests.

pub use npio_test_support::{fingerprint, live_numpy, numpy_answers, python, run_python};

use npy_format::{NpyArray, Value};

/// Deterministic pseudo-random numbers for generated corpora.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Same dtype, shape and values, any NaN matching any NaN.
pub fn same_values(a: &NpyArray, b: &NpyArray) -> bool {
    fn eq(x: &Value, y: &Value) -> bool {
        match (x, y) {
            (Value::Float(p), Value::Float(q)) => {
                p.to_bits() == q.to_bits() || (p.is_nan() && q.is_nan())
            }
            (Value::Float32(p), Value::Float32(q)) => {
                p.to_bits() == q.to_bits() || (p.is_nan() && q.is_nan())
            }
            (Value::Complex(a, b), Value::Complex(c, d)) => {
                eq(&Value::Float(*a), &Value::Float(*c)) && eq(&Value::Float(*b), &Value::Float(*d))
            }
            (Value::Record(f), Value::Record(g)) => {
                f.len() == g.len() && f.iter().zip(g).all(|((_, p), (_, q))| eq(p, q))
            }
            _ => x == y,
        }
    }
    a.dtype() == b.dtype()
        && a.shape() == b.shape()
        && a.values().zip(b.values()).all(|(x, y)| eq(&x, &y))
}

/// An array from NumPy's descr, shape and C-order bytes in hex.
pub fn array_from_hex(descr: &str, shape: &serde_json::Value, hex: &str) -> NpyArray {
    let header = npy_format::Header::new(
        npy_format::DType::parse_descr(descr).unwrap(),
        serde_json::from_value(shape.clone()).unwrap(),
        false,
    );
    NpyArray::new(header, npio_test_support::hex(hex)).unwrap()
}

/// Writes each case's file (named by its options' `"name"`) to a temporary
/// folder and returns the folder and NumPy's results, one per case: from
/// live NumPy under `./test` (`script` gets the options file, the folder and
/// the results file), else as recorded in `testdata/numpy-answers/<test>.json`.
pub fn numpy_results(
    test: &str,
    script: &str,
    cases: &[(Vec<u8>, serde_json::Value)],
) -> (tempfile::TempDir, Vec<serde_json::Value>) {
    let dir = tempfile::tempdir().unwrap();
    let mut specs = Vec::new();
    for (bytes, opts) in cases {
        std::fs::write(dir.path().join(opts["name"].as_str().unwrap()), bytes).unwrap();
        specs.push(opts.clone());
    }
    let spec_text = serde_json::to_string(&specs).unwrap();
    let mut key: Vec<&[u8]> = vec![script.as_bytes(), spec_text.as_bytes()];
    key.extend(cases.iter().map(|(bytes, _)| &bytes[..]));
    let answers = numpy_answers(test, &key, || {
        let spec = dir.path().join("cases.json");
        std::fs::write(&spec, &spec_text).unwrap();
        let results = dir.path().join("numpy.json");
        let out = run_python(
            script,
            &[
                spec.to_str().unwrap(),
                dir.path().to_str().unwrap(),
                results.to_str().unwrap(),
            ],
        );
        assert_eq!(out.trim(), cases.len().to_string());
        serde_json::from_str(&std::fs::read_to_string(&results).unwrap()).unwrap()
    });
    let numpy: Vec<serde_json::Value> = serde_json::from_value(answers).unwrap();
    assert_eq!(numpy.len(), cases.len());
    (dir, numpy)
}

/// A Python helper for the scripts that return arrays' bytes:
/// `zero_padding(a)` is the hex of `a`'s data with the 6 padding bytes of
/// each long double zeroed (NumPy leaves them unset; npio writes zeros).
pub const PY_ZERO_PADDING: &str = r#"
import numpy as np
def zero_padding(a):
    # Long doubles carry 6 bytes of padding NumPy leaves unset: zeroed,
    # wherever they sit (fields of records too, either byte order).
    b = bytearray(np.ascontiguousarray(np.ma.getdata(a)).tobytes())
    def spots(dt, base):
        if dt.names:
            for n in dt.names:
                sub, off = dt.fields[n][:2]
                yield from spots(sub, base + off)
        elif dt.subdtype:
            item, shape = dt.subdtype
            for k in range(int(np.prod(shape))):
                yield from spots(item, base + k * item.itemsize)
        elif (dt.kind, dt.itemsize) in (("f", 16), ("c", 32)):
            for part in range(dt.itemsize // 16):
                at = base + 16 * part + (0 if dt.byteorder == ">" else 10)
                yield at
    offsets = list(spots(a.dtype, 0))
    if offsets:
        for row in range(0, len(b), a.dtype.itemsize):
            for at in offsets:
                b[row + at:row + at + 6] = bytes(6)
    return b.hex()
"#;
