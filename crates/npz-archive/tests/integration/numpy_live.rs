//! Live round trips through NumPy, both ways; NumPy is required, and reads
//! zstd members through backports.zstd's zipfile.

use crate::common::{hex, run_python, to_hex};
use ndarray::{Array2, Array3, ShapeBuilder};
use npy_format::{DType, Header, NpyArray};
use npz_archive::{Compression, NpzReader, NpzWriter, savez, savez_compressed};
use serde_json::json;

const CHECK: &str = r#"
import json, sys, zipfile
import numpy as np
from numpy.lib import format as fmt
from backports.zstd import zipfile as zstd_zipfile
bad = []
checked = 0
for e in json.load(open(sys.argv[1])):
    path = e["path"]
    if e["zstd"]:
        with zstd_zipfile.ZipFile(path) as zf:
            got = {}
            for n in zf.namelist():
                with zf.open(n) as fp:
                    got[n[:-4] if n.endswith(".npy") else n] = fmt.read_array(fp)
        names = list(got)
    else:
        f = np.load(path)
        names = list(f.files)
        got = {n: f[n] for n in names}
    if names != e["names"]:
        bad.append((path, "names", names, e["names"]))
        continue
    for n, m in zip(names, e["members"]):
        a = got[n]
        descr = repr(fmt.dtype_to_descr(a.dtype))
        if descr != m["descr"] or list(a.shape) != m["shape"] or a.tobytes(order="C").hex() != m["c_bytes"]:
            bad.append((path, n, descr, a.shape))
        checked += 1
    zip_module = zstd_zipfile if e["zstd"] else zipfile
    with zip_module.ZipFile(path) as zf:
        if zf.testzip() is not None:
            bad.append((path, "crc"))
for b in bad:
    print(b)
print("checked", checked)
sys.exit(1 if bad else 0)
"#;

fn members() -> Vec<(String, NpyArray)> {
    let f = Array3::from_shape_fn((3, 4, 5).f(), |(i, j, k)| (i * 20 + j * 5 + k) as f32 / 7.0);
    let rec = NpyArray::new(
        Header::new(
            DType::parse_descr("[('id', '<u2'), ('v', '>f8', (2,))]").unwrap(),
            vec![3],
            false,
        ),
        (0..54u8).collect(),
    )
    .unwrap();
    vec![
        (
            "weights".into(),
            NpyArray::from_array(&Array2::from_shape_fn((40, 30), |(i, j)| {
                ((i * j) as f64).sqrt()
            })),
        ),
        ("fortran".into(), NpyArray::from_array(&f)),
        (
            "words".into(),
            NpyArray::from_strings(&["naïve", "数据"], &[2]).unwrap(),
        ),
        ("records".into(), rec),
        (
            "température".into(),
            NpyArray::from_array(&ndarray::arr0(true)),
        ),
    ]
}

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn numpy_loads_what_npio_writes() {
    let dir = tempfile::tempdir().unwrap();
    let items = members();
    let refs: Vec<(&str, &NpyArray)> = items.iter().map(|(n, a)| (n.as_str(), a)).collect();
    let mut entries = Vec::new();
    let mut expect = |path: &std::path::Path, zstd: bool| {
        entries.push(json!({
            "path": path.to_str().unwrap(),
            "zstd": zstd,
            "names": items.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(),
            "members": items.iter().map(|(_, a)| json!({
                "descr": a.dtype().descr_repr(),
                "shape": a.shape(),
                "c_bytes": to_hex(a.to_c_order().data()),
            })).collect::<Vec<_>>(),
        }));
    };
    let p = dir.path().join("savez.npz");
    savez(&p, &refs).unwrap();
    expect(&p, false);
    let p = dir.path().join("savez_compressed.npz");
    savez_compressed(&p, &refs).unwrap();
    expect(&p, false);
    for (name, c, align) in [
        ("aligned.npz", Compression::Stored, true),
        ("deflate1.npz", Compression::Deflate(1), false),
        ("deflate9.npz", Compression::Deflate(9), false),
        ("zstd3.npz", Compression::Zstd(3), false),
        ("zstd19.npz", Compression::Zstd(19), false),
    ] {
        let p = dir.path().join(name);
        let mut w = NpzWriter::create(&p, c).unwrap();
        w.align(align);
        w.add_all(&refs).unwrap();
        w.commit().unwrap();
        expect(&p, matches!(c, Compression::Zstd(_)));
    }
    let manifest = dir.path().join("expect.json");
    std::fs::write(&manifest, serde_json::to_string(&entries).unwrap()).unwrap();
    let out = run_python(CHECK, &[manifest.to_str().unwrap()]);
    assert!(
        out.contains(&format!("checked {}", entries.len() * items.len())),
        "{out}"
    );
}

const CHECK_BIG: &str = r#"
import io, sys, zipfile
import numpy as np
from backports.zstd import zipfile as zstd_zipfile
want = np.load(sys.argv[1])
for path in sys.argv[2:]:
    zstd = path.endswith("zstd.npz")
    if zstd:
        with zstd_zipfile.ZipFile(path) as zf:
            assert zf.testzip() is None, path
            a = np.load(io.BytesIO(zf.read("big.npy")))
    else:
        with zipfile.ZipFile(path) as zf:
            assert zf.testzip() is None, path
        a = np.load(path)["big"]
    same = a.dtype == want.dtype and np.array_equal(a, want)
    print(path, a.dtype, a.shape, "ok" if same else "MISMATCH")
"#;

/// Members of several chunks (compressed on every core, as one deflate
/// stream or one zstd frame) read back in NumPy and Python's zipfile.
#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn numpy_reads_members_compressed_chunk_by_chunk() {
    let dir = tempfile::tempdir().unwrap();
    // 5.6 MiB: five full chunks and a part, with periodic and noisy parts.
    let big = Array2::from_shape_fn((1400, 525), |(i, j)| {
        ((i * 525 + j) % 1000) as f64 + if j % 7 == 0 { (i as f64).sin() } else { 0.0 }
    });
    let mut paths = Vec::new();
    for (name, c) in [
        ("deflate1.npz", Compression::Deflate(1)),
        ("deflate6.npz", Compression::Deflate(6)),
        ("deflate8.npz", Compression::Deflate(8)),
        ("deflate9.npz", Compression::Deflate(9)),
        ("zstd.npz", Compression::Zstd(3)),
    ] {
        let p = dir.path().join(name);
        let mut w = NpzWriter::create(&p, c).unwrap();
        w.add("big", &big).unwrap();
        w.commit().unwrap();
        let back: Array2<f64> = NpzReader::open(&p).unwrap().by_name("big").unwrap();
        assert_eq!(back, big, "{name}");
        paths.push(p.to_str().unwrap().to_string());
    }
    let reference = dir.path().join("big.npy");
    npy_format::write_npy(&reference, &big).unwrap();
    let mut args = vec![reference.to_str().unwrap().to_string()];
    args.extend(paths.iter().cloned());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run_python(CHECK_BIG, &args);
    assert_eq!(out.matches(" ok").count(), paths.len(), "{out}");
}

const NUMPY_WRITES: &str = r#"
import json, os, sys
import numpy as np
from numpy.lib import format as fmt
out = sys.argv[1]
rng = np.random.default_rng(7)
entries = []
for i in range(12):
    arrays = {}
    for j in range(int(rng.integers(0, 5))):
        dt = np.dtype(str(rng.choice(['<f8', '>i4', '|u1', '<c8', '<U4', '|S3', '<M8[s]', '|b1'])))
        shape = tuple(int(d) for d in rng.integers(0, 5, size=int(rng.integers(0, 3))))
        n = int(np.prod(shape)) if shape else 1
        if dt.kind == 'U':
            a = np.array(['ab', 'é', '', 'xyz!'] * n, dtype=dt)[:n].reshape(shape)
        elif dt.kind == 'b':
            a = (rng.integers(0, 2, size=n) == 1).reshape(shape)
        else:
            a = np.frombuffer(rng.bytes(dt.itemsize * n), dtype=dt).reshape(shape)
        arrays["k%d" % j] = a
    positional = [np.arange(int(rng.integers(1, 50)), dtype='<i8')] if i % 3 == 0 else []
    path = os.path.join(out, "n%02d.npz" % i)
    (np.savez_compressed if i % 2 else np.savez)(path, *positional, **arrays)
    f = np.load(path)
    entries.append({"path": path, "names": list(f.files), "members": [
        {"descr": repr(fmt.dtype_to_descr(f[n].dtype)), "shape": list(f[n].shape),
         "c_bytes": f[n].tobytes(order="C").hex()} for n in f.files]})
json.dump(entries, open(os.path.join(out, "expect.json"), "w"))
print(len(entries))
"#;

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn npio_reads_what_numpy_writes() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_python(NUMPY_WRITES, &[dir.path().to_str().unwrap()]);
    assert_eq!(out.trim(), "12");
    let text = std::fs::read_to_string(dir.path().join("expect.json")).unwrap();
    let entries: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    for e in entries {
        let path = e["path"].as_str().unwrap();
        let mut npz = NpzReader::open(path).unwrap();
        let names: Vec<String> = serde_json::from_value(e["names"].clone()).unwrap();
        assert_eq!(npz.names(), names, "{path}");
        for (name, m) in names.iter().zip(e["members"].as_array().unwrap()) {
            let a = npz.by_name_dyn(name).unwrap();
            assert_eq!(
                a.dtype().descr_repr(),
                m["descr"].as_str().unwrap(),
                "{path} {name}"
            );
            let shape: Vec<usize> = serde_json::from_value(m["shape"].clone()).unwrap();
            assert_eq!(a.shape(), &shape[..]);
            assert_eq!(
                a.to_c_order().data(),
                &hex(m["c_bytes"].as_str().unwrap())[..]
            );
        }
    }
}

/// Zip confusion: an archive whose local header disagrees with the central
/// directory reads differently in readers that trust different directories.
/// NumPy writes the archives; each field of a member's local header is
/// changed in turn, and npio refuses to read the member (Python's zipfile
/// refuses a changed name too, checked live).
#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn local_header_that_disagrees_with_the_directory_is_refused() {
    const WRITE: &str = r#"
import sys, os, zipfile, numpy as np
d = sys.argv[1]
np.savez(os.path.join(d, "stored.npz"), x=np.arange(12.0), y=np.ones(3, "<i2"))
np.savez_compressed(os.path.join(d, "deflate.npz"), x=np.arange(12.0), y=np.ones(3, "<i2"))
if len(sys.argv) > 2:
    try:
        np.load(sys.argv[2])["x"]
        print("loaded")
    except Exception as e:
        print(type(e).__name__, e)
"#;
    let dir = tempfile::tempdir().unwrap();
    run_python(WRITE, &[dir.path().to_str().unwrap()]);
    for name in ["stored.npz", "deflate.npz"] {
        let good = std::fs::read(dir.path().join(name)).unwrap();
        assert_eq!(&good[..4], b"PK\x03\x04");
        // The first member is x.npy; its local header starts the file.
        let name_len = u16::from_le_bytes([good[26], good[27]]) as usize;
        assert_eq!(&good[30..30 + name_len], b"x.npy");
        let mut npz = NpzReader::new(std::io::Cursor::new(good.clone())).unwrap();
        assert_eq!(npz.by_name_dyn("x").unwrap().len(), 12);
        // (offset in the local header, bits flipped, what it changes)
        let changes = [
            (30, 0x01, "name"),
            (8, 0x08, "compression method"),
            (6, 0x08, "flags (data descriptor)"),
            (18, 0x01, "compressed size"),
            (22, 0x01, "uncompressed size"),
            (14, 0x01, "crc"),
        ];
        for (offset, flip, what) in changes {
            let mut bytes = good.clone();
            bytes[offset] ^= flip;
            let mut npz = NpzReader::new(std::io::Cursor::new(bytes.clone())).unwrap();
            let err = npz.by_name_dyn("x").unwrap_err();
            assert_eq!(err.member(), Some("x.npy"), "{name} {what}: {err}");
            assert!(npz.info(0).is_err(), "{name} {what}");
            assert!(npz.verify_member(0).is_err(), "{name} {what}");
            // The other member is untouched and still reads.
            assert_eq!(npz.by_name_dyn("y").unwrap().len(), 3, "{name} {what}");
            if what == "name" {
                let bad = dir.path().join(format!("bad-{name}"));
                std::fs::write(&bad, &bytes).unwrap();
                let scratch = tempfile::tempdir().unwrap();
                let out = run_python(
                    WRITE,
                    &[scratch.path().to_str().unwrap(), bad.to_str().unwrap()],
                );
                assert!(out.contains("differ"), "NumPy: {out}");
            }
        }
    }
}
