//! Live round trips through NumPy, both ways. NumPy is required.

use crate::common::{hex, run_python, to_hex};
use ndarray::{Array, Array2, Array3, ArrayD, IxDyn, ShapeBuilder, array, s};
use npy_format::half::f16;
use npy_format::num_complex::Complex;
use npy_format::{
    DType, Header, NpyArray, NpyWriter, Version, WritableElement, append_npy, append_npy_array,
    write_npy,
};
use serde_json::json;

/// Deterministic pseudo-random bytes.
fn bytes(seed: u64, n: usize) -> Vec<u8> {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) as u8
        })
        .collect()
}

const CHECK_NPIO_FILES: &str = r#"
import io, json, sys
import numpy as np
from numpy.lib import format as fmt
entries = json.load(open(sys.argv[1]))
bad = []
for e in entries:
    path = e["path"]
    raw = open(path, "rb").read()
    a = np.load(path, max_header_size=10**6)
    descr = repr(fmt.dtype_to_descr(a.dtype))
    if descr != e["descr"]:
        bad.append((path, "descr", descr, e["descr"]))
    if list(a.shape) != e["shape"]:
        bad.append((path, "shape", a.shape, e["shape"]))
    if a.tobytes(order="C").hex() != e["c_bytes"]:
        bad.append((path, "values"))
    buf = io.BytesIO()
    if e.get("version"):
        fmt.write_array(buf, a, version=tuple(e["version"]))
    else:
        np.save(buf, a)
    if buf.getvalue() != raw:
        bad.append((path, "bytes differ from NumPy's", buf.getvalue()[:200], raw[:200]))
for b in bad:
    print(b)
print("checked", len(entries))
sys.exit(1 if bad else 0)
"#;

struct Written {
    entries: Vec<serde_json::Value>,
    dir: tempfile::TempDir,
}

impl Written {
    fn new() -> Written {
        Written {
            entries: Vec::new(),
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    fn expect(&mut self, name: &str, a: &NpyArray, version: Option<[u8; 2]>) {
        self.entries.push(json!({
            "path": self.path(name).to_str().unwrap(),
            "descr": a.dtype().descr_repr(),
            "shape": a.shape(),
            "c_bytes": to_hex(a.to_c_order().data()),
            "version": version,
        }));
    }

    fn typed<A, D>(&mut self, name: &str, a: &Array<A, D>)
    where
        A: WritableElement,
        D: ndarray::Dimension,
    {
        write_npy(self.path(name), a).unwrap();
        self.expect(name, &NpyArray::from_array(a), None);
    }

    fn dynamic(&mut self, name: &str, descr: &str, shape: &[usize], fortran: bool, seed: u64) {
        let dtype = DType::parse_descr(descr).unwrap();
        let h = Header::new(dtype, shape.to_vec(), fortran);
        let a = NpyArray::new(h.clone(), bytes(seed, h.data_len().unwrap())).unwrap();
        write_npy(self.path(name), &a).unwrap();
        self.expect(name, &a, None);
    }

    fn check(self) {
        let manifest = self.path("expect.json");
        std::fs::write(&manifest, serde_json::to_string(&self.entries).unwrap()).unwrap();
        let out = run_python(CHECK_NPIO_FILES, &[manifest.to_str().unwrap()]);
        assert!(
            out.contains(&format!("checked {}", self.entries.len())),
            "{out}"
        );
    }
}

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn numpy_loads_what_npio_writes() {
    let mut w = Written::new();
    w.typed(
        "f8_c.npy",
        &array![[1.5, -2.0, f64::NAN], [f64::INFINITY, 0.0, -0.0]],
    );
    w.typed(
        "f4_f.npy",
        &Array3::from_shape_fn((3, 4, 2).f(), |(i, j, k)| (i * 8 + j * 2 + k) as f32 * 0.25),
    );
    w.typed("i8_0d.npy", &ndarray::arr0(-7i8));
    w.typed("u8_empty.npy", &Array2::<u64>::zeros((0, 3)));
    w.typed("b1.npy", &array![true, false, true]);
    w.typed(
        "f2.npy",
        &array![f16::from_f32(1.5), f16::from_f32(-65504.0)],
    );
    w.typed(
        "c8.npy",
        &array![Complex::new(1.0f32, -2.0), Complex::new(0.5, 3.0)],
    );
    w.typed(
        "c16_f.npy",
        &array![[Complex::new(1.0f64, -2.0)], [Complex::new(0.5, 3.0)]]
            .reversed_axes()
            .to_owned(),
    );
    let strided = Array2::from_shape_fn((6, 5), |(i, j)| (i * 10 + j) as i16);
    let view = strided.slice(s![..;2, 1..;2]).to_owned();
    w.typed("i2_strided.npy", &view);
    let t = Array2::from_shape_fn((3, 5), |(i, j)| (i * 5 + j) as u32);
    w.typed("u4_transposed.npy", &t.t().to_owned());
    write_npy(w.path("u4_view.npy"), &t.t()).unwrap();
    w.expect("u4_view.npy", &NpyArray::from_array(&t.t()), None);
    w.typed("i4_empty3d.npy", &ArrayD::<i32>::zeros(IxDyn(&[2, 0, 3])));

    w.dynamic(
        "rec.npy",
        "[('x', '<f8'), ('y', '>i4', (2,)), ('name', '|S3')]",
        &[4],
        false,
        1,
    );
    w.dynamic(
        "rec_pad.npy",
        "[('', '|V4'), ('a', '<i4'), ('', '|V8'), ('b', '<f8'), ('', '|V8')]",
        &[2, 3],
        false,
        2,
    );
    // NumPy copies records with padding field by field, so Fortran order is
    // checked on a packed record.
    w.dynamic(
        "rec_f.npy",
        "[('a', '>u2'), ('b', '<f4', (2,))]",
        &[2, 3],
        true,
        11,
    );
    w.dynamic(
        "rec_nested.npy",
        "[('a', [('b', '<i2'), ('c', '<f4')]), ('d', '|u1')]",
        &[5],
        false,
        3,
    );
    w.dynamic(
        "rec_title.npy",
        "[(('My title', 't'), '<f8'), (\"it's\", '<i2')]",
        &[2],
        false,
        4,
    );
    w.dynamic(
        "rec_unicode.npy",
        "[('température', '<f8'), ('数据', '<i2')]",
        &[3],
        false,
        5,
    );
    w.dynamic("bytes.npy", "'|S7'", &[2, 2], false, 6);
    w.dynamic("void.npy", "'|V3'", &[4], false, 7);
    w.dynamic("dt.npy", "'>M8[25us]'", &[3, 2], true, 8);
    w.dynamic("td.npy", "'<m8[D]'", &[], false, 9);
    w.dynamic("ld.npy", "'<f16'", &[2], false, 10);

    // Text needs valid code points.
    let text = "héllo wörld €😀";
    let chars: Vec<u8> = text
        .chars()
        .flat_map(|c| (c as u32).to_be_bytes())
        .collect();
    let u = NpyArray::new(
        Header::new(DType::parse_descr("'>U7'").unwrap(), vec![2], false),
        chars[..56].to_vec(),
    )
    .unwrap();
    write_npy(w.path("unicode.npy"), &u).unwrap();
    w.expect("unicode.npy", &u, None);

    // Forced versions are what NumPy writes with that version.
    for (v, tag) in [(Version::V2, [2, 0]), (Version::V3, [3, 0])] {
        let name = format!("v{}.npy", tag[0]);
        let a = NpyArray::from_array(&array![[1u16, 2], [3, 4]]);
        let mut f = std::fs::File::create(w.path(&name)).unwrap();
        a.write_npy_version(&mut f, v).unwrap();
        w.expect(&name, &a, Some(tag));
    }

    // A stream of rows, and appends, give what np.save gives for the whole.
    let rows = Array2::from_shape_fn((1234, 3), |(i, j)| (i * 3 + j) as f64);
    let mut sw = NpyWriter::create(w.path("stream.npy"), f64::dtype(), &[3]).unwrap();
    for chunk in rows.axis_chunks_iter(ndarray::Axis(0), 100) {
        sw.append(&chunk).unwrap();
    }
    sw.commit().unwrap();
    w.expect("stream.npy", &NpyArray::from_array(&rows), None);

    write_npy(w.path("append.npy"), &rows.slice(s![..5, ..])).unwrap();
    append_npy(w.path("append.npy"), &rows.slice(s![5..1000, ..])).unwrap();
    append_npy(w.path("append.npy"), &rows.slice(s![1000.., ..])).unwrap();
    w.expect("append.npy", &NpyArray::from_array(&rows), None);

    let f = Array2::from_shape_fn((3, 4).f(), |(i, j)| (i * 4 + j) as i64);
    write_npy(w.path("append_f.npy"), &f.slice(s![.., ..1])).unwrap();
    // A single column is C-contiguous too, so NumPy writes it in C order;
    // start from a Fortran file of two columns instead.
    write_npy(w.path("append_f.npy"), &f.slice(s![.., ..2])).unwrap();
    append_npy(w.path("append_f.npy"), &f.slice(s![.., 2..])).unwrap();
    w.expect("append_f.npy", &NpyArray::from_array(&f), None);

    // Dynamic appends: records to a C-order file, C-order data to a
    // Fortran-order file.
    let rec = DType::parse_descr("[('id', '<u2'), ('name', '|S3')]").unwrap();
    let first = NpyArray::new(Header::new(rec.clone(), vec![2], false), bytes(21, 10)).unwrap();
    let more = NpyArray::new(Header::new(rec.clone(), vec![3], false), bytes(22, 15)).unwrap();
    write_npy(w.path("append_rec.npy"), &first).unwrap();
    append_npy_array(w.path("append_rec.npy"), &more).unwrap();
    let mut all = first.data().to_vec();
    all.extend_from_slice(more.data());
    let joined = NpyArray::new(Header::new(rec, vec![5], false), all).unwrap();
    w.expect("append_rec.npy", &joined, None);

    let full = Array3::from_shape_fn((2, 3, 6).f(), |(i, j, k)| (i * 100 + j * 10 + k) as i16);
    write_npy(
        w.path("append_dyn_f.npy"),
        &full.slice(s![.., .., ..4]).to_owned(),
    )
    .unwrap();
    let tail_c = full.slice(s![.., .., 4..]).as_standard_layout().to_owned();
    append_npy_array(w.path("append_dyn_f.npy"), &NpyArray::from_array(&tail_c)).unwrap();
    w.expect("append_dyn_f.npy", &NpyArray::from_array(&full), None);

    w.check();
}

const NUMPY_WRITES: &str = r#"
import json, sys, os
import numpy as np
from numpy.lib import format as fmt
out = sys.argv[1]
rng = np.random.default_rng(20261125)
simple = ['?', 'i1', 'i2', 'i4', 'i8', 'u1', 'u2', 'u4', 'u8', 'f2', 'f4', 'f8', 'c8', 'c16',
          'S4', 'U3', 'V2', 'M8[ms]', 'm8[h]', 'M8[7s]']
entries = []
def raw(dt, n):
    a = np.frombuffer(rng.bytes(dt.itemsize * n), dtype=dt).copy() if n else np.zeros(0, dt)
    if dt.kind == 'U':
        a = np.array(["".join(chr(int(c)) for c in rng.integers(32, 0x3000, size=rng.integers(0, dt.itemsize // 4 + 1)))
                      for _ in range(n)], dtype=dt)
    if dt.kind == 'b':
        a = rng.integers(0, 2, size=n).astype(dt)
    return a
for i in range(120):
    if i % 4 == 3:
        nf = int(rng.integers(1, 4))
        fields = []
        for j in range(nf):
            code = str(rng.choice(simple[:14] + ['S3']))
            order = str(rng.choice(['<', '>']))
            shape = () if rng.random() < 0.7 else (int(rng.integers(1, 3)),)
            fields.append(('f%d_é' % j if rng.random() < 0.2 else 'f%d' % j, order + code, shape))
        dt = np.dtype(fields, align=bool(rng.random() < 0.5))
    else:
        dt = np.dtype(str(rng.choice(['<', '>'])) + str(rng.choice(simple)))
    ndim = int(rng.integers(0, 4))
    shape = tuple(int(d) for d in rng.integers(0, 4, size=ndim))
    n = int(np.prod(shape)) if shape else 1
    a = raw(dt, n).reshape(shape)
    if ndim > 1 and rng.random() < 0.5:
        a = np.asfortranarray(a)
    path = os.path.join(out, "r%03d.npy" % i)
    np.save(path, a)
    entries.append({"path": path, "descr": repr(fmt.dtype_to_descr(a.dtype)),
                    "shape": list(a.shape), "c_bytes": a.tobytes(order="C").hex()})
json.dump(entries, open(os.path.join(out, "expect.json"), "w"))
print(len(entries))
"#;

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn npio_reads_what_numpy_writes() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_python(NUMPY_WRITES, &[dir.path().to_str().unwrap()]);
    assert_eq!(out.trim(), "120");
    let text = std::fs::read_to_string(dir.path().join("expect.json")).unwrap();
    let entries: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    for e in &entries {
        let path = e["path"].as_str().unwrap();
        let a: NpyArray = npy_format::read_npy(path).unwrap_or_else(|err| panic!("{path}: {err}"));
        assert_eq!(
            a.dtype().descr_repr(),
            e["descr"].as_str().unwrap(),
            "{path}"
        );
        let shape: Vec<usize> = serde_json::from_value(e["shape"].clone()).unwrap();
        assert_eq!(a.shape(), &shape[..], "{path}");
        assert_eq!(
            a.to_c_order().data(),
            &hex(e["c_bytes"].as_str().unwrap())[..],
            "{path}"
        );
        // And npio writes the file back byte for byte.
        let mut again = Vec::new();
        a.write_npy(&mut again).unwrap();
        assert!(
            again == std::fs::read(path).unwrap(),
            "{path}: rewrite differs"
        );
    }
}

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn numpy_reads_dynamic_constructors() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n).to_str().unwrap().to_string();
    let words = NpyArray::from_strings(&["naïve", "", "日本語テキスト", "x"], &[2, 2]).unwrap();
    write_npy(p("u.npy"), &words).unwrap();
    let raw = NpyArray::from_byte_strings(&[&b"ab\xff"[..], b"", b"c"], &[3]).unwrap();
    write_npy(p("s.npy"), &raw).unwrap();
    let kind = npy_format::ScalarKind::DateTime(npy_format::TimeUnit::Second, 1);
    let times =
        NpyArray::from_time_counts(&[0, 1_700_000_000, npy_format::NAT], kind, &[3]).unwrap();
    write_npy(p("m.npy"), &times).unwrap();
    let script = r#"
import sys, numpy as np
u, s, m = (np.load(f) for f in sys.argv[1:4])
assert u.dtype == np.dtype('<U7') and u.tolist() == [["naïve", ""], ["日本語テキスト", "x"]], u
assert s.dtype == np.dtype('S3') and s.tolist() == [b"ab\xff", b"", b"c"], s
assert m.dtype == np.dtype('<M8[s]'), m.dtype
assert str(m[1]) == "2023-11-14T22:13:20" and np.isnat(m[2]) and str(m[0]) == "1970-01-01T00:00:00", m
print("ok")
"#;
    let out = run_python(script, &[&p("u.npy"), &p("s.npy"), &p("m.npy")]);
    assert_eq!(out.trim(), "ok");
    let back: NpyArray = npy_format::read_npy(p("u.npy")).unwrap();
    assert_eq!(
        back.to_strings().unwrap(),
        vec!["naïve", "", "日本語テキスト", "x"]
    );
}

/// Values print as NumPy prints them: each scalar as its `str`, each
/// record as `str` of one element of a structured array. NumPy writes the
/// awkward values and prints them; npio reads the files and must print
/// the same text, line for line.
#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn values_print_as_numpy_prints_them() {
    const SCRIPT: &str = r#"
import sys, os, numpy as np
d = sys.argv[1]
arrays = {
    "f8": np.array([1.0, 1e16, 1e-5, -0.0, np.nan, -np.inf, 0.1, 123456789.0, 1e22, 5e-324,
                    2.5, 1e15, 9007199254740993.0, 0.3, 1/3]),
    "f4": np.array([0.1, 1e16, 1e6, 123456.7, 3.4e38, 1e-5], dtype="<f4"),
    "c16": np.array([1-2j, 1e16+0.5j, 2j, complex("nan+infj"), -1.5-0j, 0j]),
    "S": np.array([b"a\n", b"it's", b'say "hi"', b"\x00\xff\\", b"both'\""], dtype="S8"),
    "U": np.array(["it's", 'a"b\'c', "tab\there\n", "\u00e9\u20ac", "\u200b\x7f", ""], dtype="U12"),
    "M8": np.array(["2024-01-31", "NaT", "0012-03-04", "-0193-01-01"], dtype="M8[D]"),
    "M8ns": np.array(["2024-01-31T01:02:03.000000005", "NaT"], dtype="M8[ns]"),
    "m8": np.array([5, -1, "NaT"], dtype="m8[s]"),
    "b1": np.array([True, False]),
    "i8": np.array([-5, 2**62]),
    "rec": np.array([(1e16, b"a\n", "it's", 1e-5, "2024-01-31", 5, [1.0, 2.5]),
                     (0.1, b"", "", 1.0, "NaT", "NaT", [0, 1e16])],
                    dtype=[("a", "f8"), ("b", "S3"), ("c", "U5"), ("d", "f8"), ("e", "M8[D]"),
                           ("f", "m8[s]"), ("g", "f8", (2,))]),
    "one": np.array([(1.0,)], dtype=[("a", "f8")]),
}
for name, a in arrays.items():
    np.save(os.path.join(d, name + ".npy"), a)
    with open(os.path.join(d, name + ".txt"), "w", encoding="utf-8") as f:
        for v in a:
            f.write(str(v) + "\x1e")
print(len(arrays))
"#;
    let dir = tempfile::tempdir().unwrap();
    let n = run_python(SCRIPT, &[dir.path().to_str().unwrap()]);
    assert_eq!(n.trim(), "12");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("npy") {
            continue;
        }
        let a = npy_format::read_npy::<_, npy_format::NpyArray>(&path).unwrap();
        let want = std::fs::read_to_string(path.with_extension("txt")).unwrap();
        // Each value ends with a separator: the last piece is empty.
        let mut want: Vec<&str> = want.split('\x1e').collect();
        want.pop();
        let mut got: Vec<String> = a.values().map(|v| v.to_string()).collect();
        // NumPy's str of a top-level string is the text itself; npio
        // prints strings in repr (as inside records) so that whitespace
        // shows: compare the text within the quotes for those.
        if a.dtype().descr_repr().contains("U12") {
            got = a
                .values()
                .map(|v| match v {
                    npy_format::Value::Str(s) => s,
                    other => other.to_string(),
                })
                .collect();
        }
        assert_eq!(got.len(), want.len(), "{}", path.display());
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g, w, "{}", path.display());
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked}");
}
