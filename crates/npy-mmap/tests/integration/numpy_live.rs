//! Live round trips through NumPy, both ways. NumPy is required.

use crate::common::run_python;
use ndarray::{Array, Array2, Ix1, Ix2, array};
use npy_format::half::f16;
use npy_format::num_complex::Complex;
use npy_format::{DType, ScalarKind, Value, WriteNpyExt};
use npy_mmap::{Memmap, MemmapBuilder, Mode};
use serde_json::json;

const NUMPY_WRITES: &str = r#"
import sys, numpy as np
from numpy.lib.format import open_memmap
d = sys.argv[1]
def om(name, dtype, shape, values, fortran=False):
    m = open_memmap(d + '/' + name, mode='w+', dtype=dtype, shape=shape, fortran_order=fortran)
    m[...] = values
    m.flush()
    del m
om('f8.npy', '<f8', (3, 4), np.arange(12.).reshape(3, 4))
om('i4be_f.npy', '>i4', (2, 3), np.arange(6).reshape(2, 3) * -7, fortran=True)
rec = np.dtype([('x', '<f4'), ('tag', 'S3'), ('v', '<i2', (2,))])
om('rec.npy', rec, (2,), np.array([(1.5, b'ab', [1, 2]), (-2, b'xyz', [3, 4])], dtype=rec))
om('b1.npy', '?', (4,), [True, False, False, True])
om('c8.npy', '<c8', (2,), [1 + 2j, -3.5j])
om('f2.npy', '<f2', (3,), [0.5, -1, 65504])
om('dt.npy', '<M8[D]', (2,), np.array(['2024-01-31', 'NaT'], dtype='M8[D]'))
m = np.memmap(d + '/raw.bin', dtype='<u2', mode='w+', offset=3, shape=(5,))
m[:] = [1, 2, 3, 4, 65535]; m.flush(); del m
m = np.memmap(d + '/raw_f.bin', dtype='<i8', mode='w+', shape=(2, 3), order='F')
m[:] = np.arange(6).reshape(2, 3); m.flush(); del m
np.save(d + '/saved.npy', np.arange(10, dtype='<u4'))
"#;

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn numpy_memmaps_read_by_npio() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    run_python(NUMPY_WRITES, &[d.to_str().unwrap()]);

    let f8 = Memmap::open(d.join("f8.npy")).unwrap();
    let want = Array::range(0.0, 12.0, 1.0)
        .into_shape_with_order((3, 4))
        .unwrap();
    assert_eq!(f8.view::<f64, Ix2>().unwrap(), want);
    assert_eq!(f8.data_offset(), 128);

    let be = Memmap::open(d.join("i4be_f.npy")).unwrap();
    assert!(be.fortran_order());
    assert!(matches!(
        be.view::<i32, Ix2>().unwrap_err().npy_kind(),
        Some(npy_format::ErrorKind::ByteOrder { descr }) if descr == "'>i4'"
    ));
    let want = array![[0, -7, -14], [-21, -28, -35]];
    assert_eq!(be.to_owned_array::<i32, Ix2>().unwrap(), want);
    assert_eq!(be.view_dyn().get(&[1, 2]).unwrap(), Value::Int(-35));

    let rec = Memmap::open(d.join("rec.npy")).unwrap();
    let v = rec.view_dyn();
    assert_eq!(
        v.field("x").unwrap().get(&[1]).unwrap(),
        Value::Float32(-2.0)
    );
    assert_eq!(
        v.field("tag").unwrap().get(&[1]).unwrap(),
        Value::Bytes(b"xyz".to_vec())
    );
    assert_eq!(
        v.field("v").unwrap().get(&[1]).unwrap(),
        Value::Array(vec![2], vec![Value::Int(3), Value::Int(4)])
    );
    assert!(matches!(v.get(&[0]).unwrap(), Value::Record(f) if f.len() == 3));
    assert!(rec.view::<f32, Ix1>().is_err());

    let b1 = Memmap::open(d.join("b1.npy")).unwrap();
    assert_eq!(
        b1.view::<bool, Ix1>().unwrap(),
        array![true, false, false, true]
    );
    let c8 = Memmap::open(d.join("c8.npy")).unwrap();
    assert_eq!(
        c8.view::<Complex<f32>, Ix1>().unwrap(),
        array![Complex::new(1.0, 2.0), Complex::new(0.0, -3.5)]
    );
    let f2 = Memmap::open(d.join("f2.npy")).unwrap();
    assert_eq!(
        f2.view::<f16, Ix1>().unwrap(),
        array![f16::from_f32(0.5), f16::from_f32(-1.0), f16::MAX]
    );
    let dt = Memmap::open(d.join("dt.npy")).unwrap();
    assert_eq!(dt.view_dyn().get(&[0]).unwrap().to_string(), "2024-01-31");
    assert_eq!(dt.view_dyn().get(&[1]).unwrap().to_string(), "NaT");

    let saved = Memmap::open(d.join("saved.npy")).unwrap();
    assert_eq!(
        saved.view::<u32, Ix1>().unwrap(),
        Array::from_iter(0u32..10)
    );

    let raw = MemmapBuilder::new(DType::parse_descr("'<u2'").unwrap())
        .offset(3)
        .open(d.join("raw.bin"))
        .unwrap();
    assert_eq!(raw.shape(), &[5]);
    assert!(matches!(
        raw.view::<u16, Ix1>().unwrap_err().npy_kind(),
        Some(npy_format::ErrorKind::Misaligned {
            offset: 3,
            align: 2
        })
    ));
    assert_eq!(
        raw.to_owned_array::<u16, Ix1>().unwrap(),
        array![1, 2, 3, 4, 65535]
    );
    let raw_f = MemmapBuilder::new(DType::parse_descr("'<i8'").unwrap())
        .shape(&[2, 3])
        .fortran_order(true)
        .open(d.join("raw_f.bin"))
        .unwrap();
    assert_eq!(
        raw_f.view::<i64, Ix2>().unwrap(),
        array![[0, 1, 2], [3, 4, 5]]
    );
}

const NUMPY_CHECKS: &str = r#"
import io, json, sys, numpy as np
from numpy.lib.format import open_memmap
entries = json.load(open(sys.argv[1]))
bad = []
for e in entries:
    p = e["path"]
    raw = open(p, "rb").read()
    if e.get("raw"):
        r = e["raw"]
        a = np.memmap(p, dtype=r["dtype"], mode="r", offset=r["offset"], shape=tuple(r["shape"]), order=r["order"])
    else:
        a = np.load(p, mmap_mode="r")
    if not eval(e["check"]):
        bad.append((p, "check failed", e["check"], repr(np.asarray(a))))
    if e.get("save_identical"):
        buf = io.BytesIO()
        np.save(buf, np.asarray(a))
        if buf.getvalue() != raw:
            bad.append((p, "differs from np.save", buf.getvalue()[:140], raw[:140]))
    if e.get("open_memmap_identical"):
        q = p + ".numpy"
        m = open_memmap(q, mode="w+", dtype=a.dtype, shape=a.shape, fortran_order=e["fortran"])
        m[...] = a
        m.flush()
        del m
        if open(q, "rb").read() != raw:
            bad.append((p, "differs from open_memmap"))
for b in bad:
    print(b)
print("checked", len(entries))
sys.exit(1 if bad else 0)
"#;

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn npio_memmaps_read_by_numpy() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let path = |n: &str| d.join(n).to_str().unwrap().to_string();
    let mut entries = Vec::new();

    let mut m = Memmap::create(
        path("f8.npy"),
        DType::scalar(ScalarKind::Float(8)),
        &[3, 4],
        false,
    )
    .unwrap();
    m.view_mut::<f64, Ix2>().unwrap().assign(
        &Array::range(0.0, 12.0, 1.0)
            .into_shape_with_order((3, 4))
            .unwrap(),
    );
    m.flush().unwrap();
    entries.push(json!({"path": path("f8.npy"), "save_identical": true,
        "check": "a.dtype == np.dtype('<f8') and (a == np.arange(12.).reshape(3, 4)).all()"}));

    let mut m = Memmap::create(
        path("i2_f.npy"),
        DType::scalar(ScalarKind::Int(2)),
        &[3, 2],
        true,
    )
    .unwrap();
    m.view_mut::<i16, Ix2>()
        .unwrap()
        .indexed_iter_mut()
        .for_each(|((i, j), v)| *v = (i * 10 + j) as i16 - 5);
    m.flush_async().unwrap();
    m.flush().unwrap();
    entries.push(json!({"path": path("i2_f.npy"), "save_identical": true,
        "check": "a.flags.f_contiguous and (a == np.array([[0, 1], [10, 11], [20, 21]]) - 5).all()"}));

    // Fortran order asked for a 1-D array: open_memmap keeps the flag,
    // np.save would not.
    let mut m = Memmap::create(
        path("u1_f.npy"),
        DType::scalar(ScalarKind::UInt(1)),
        &[5],
        true,
    )
    .unwrap();
    m.view_mut::<u8, Ix1>()
        .unwrap()
        .assign(&array![1, 2, 3, 4, 255]);
    m.flush().unwrap();
    entries.push(
        json!({"path": path("u1_f.npy"), "open_memmap_identical": true, "fortran": true,
        "check": "(a == [1, 2, 3, 4, 255]).all()"}),
    );

    let mut m =
        Memmap::create(path("b1.npy"), DType::scalar(ScalarKind::Bool), &[3], false).unwrap();
    m.view_mut::<bool, Ix1>().unwrap()[2] = true;
    m.flush().unwrap();
    entries.push(json!({"path": path("b1.npy"), "save_identical": true,
        "check": "a.dtype == np.bool_ and a.tolist() == [False, False, True]"}));

    let mut m = Memmap::create(
        path("c16.npy"),
        DType::scalar(ScalarKind::Complex(16)),
        &[2],
        false,
    )
    .unwrap();
    m.view_mut::<Complex<f64>, Ix1>().unwrap()[1] = Complex::new(1.5, -2.0);
    m.flush().unwrap();
    entries.push(json!({"path": path("c16.npy"), "save_identical": true,
        "check": "a.tolist() == [0j, 1.5-2j]"}));

    let mut m = Memmap::create(
        path("f2.npy"),
        DType::scalar(ScalarKind::Float(2)),
        &[2, 2],
        false,
    )
    .unwrap();
    m.view_mut::<f16, Ix2>().unwrap()[[1, 1]] = f16::from_f32(-0.25);
    m.flush().unwrap();
    entries.push(json!({"path": path("f2.npy"), "save_identical": true,
        "check": "a.dtype == np.float16 and a.tolist() == [[0, 0], [0, -0.25]]"}));

    let rec = DType::parse_descr("[('id', '<u4'), ('name', '|S4'), ('w', '<f8')]").unwrap();
    let mut m = Memmap::create(path("rec.npy"), rec, &[2], false).unwrap();
    {
        let b = m.as_bytes_mut().unwrap();
        b[..4].copy_from_slice(&7u32.to_le_bytes());
        b[4..8].copy_from_slice(b"abcd");
        b[16 + 8..16 + 16].copy_from_slice(&2.5f64.to_le_bytes());
    }
    m.flush().unwrap();
    entries.push(json!({"path": path("rec.npy"), "save_identical": true,
        "check": "a.tolist() == [(7, b'abcd', 0.0), (0, b'', 2.5)]"}));

    // A raw map at an odd offset: typed views refuse, bytes work.
    let mut r = MemmapBuilder::new(DType::parse_descr("'<i4'").unwrap());
    r.mode(Mode::Create).offset(5).shape(&[2, 2]);
    let mut m = r.open(path("raw.bin")).unwrap();
    assert!(matches!(
        m.view_mut::<i32, Ix2>().unwrap_err().npy_kind(),
        Some(npy_format::ErrorKind::Misaligned {
            offset: 5,
            align: 4
        })
    ));
    for (k, chunk) in m.as_bytes_mut().unwrap().chunks_exact_mut(4).enumerate() {
        chunk.copy_from_slice(&(k as i32 * -3).to_le_bytes());
    }
    m.flush().unwrap();
    entries.push(json!({"path": path("raw.bin"),
        "raw": {"dtype": "<i4", "offset": 5, "shape": [2, 2], "order": "C"},
        "check": "a.tolist() == [[0, -3], [-6, -9]] and len(raw) == 21"}));

    // r+ extends a short file with zeros, as np.memmap.
    std::fs::write(path("grow.bin"), [9u8; 3]).unwrap();
    let mut r = MemmapBuilder::new(DType::parse_descr("'>u2'").unwrap());
    r.mode(Mode::ReadWrite)
        .offset(1)
        .shape(&[2, 3])
        .fortran_order(true);
    let mut m = r.open(path("grow.bin")).unwrap();
    m.as_bytes_mut().unwrap()[11] = 1; // last element, big-endian 1
    m.flush().unwrap();
    entries.push(json!({"path": path("grow.bin"),
        "raw": {"dtype": ">u2", "offset": 1, "shape": [2, 3], "order": "F"},
        "check": "a[1, 2] == 1 and a[0, 0] == 9 * 256 + 9 and a[1, 0] == 0 and len(raw) == 13"}));

    let manifest = d.join("manifest.json");
    std::fs::write(&manifest, serde_json::to_string(&entries).unwrap()).unwrap();
    let out = run_python(NUMPY_CHECKS, &[manifest.to_str().unwrap()]);
    assert!(out.contains(&format!("checked {}", entries.len())), "{out}");
}

#[test]
fn created_files_equal_write_npy_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(Array2<i32>, bool)> = vec![
        (
            Array::from_shape_fn((4, 3), |(i, j)| (i * 3 + j) as i32 - 6),
            false,
        ),
        (Array::from_shape_fn((0, 3), |_| 0), false),
    ];
    for (k, (a, fortran)) in cases.into_iter().enumerate() {
        let p = dir.path().join(format!("{k}.npy"));
        let mut m =
            Memmap::create(&p, DType::scalar(ScalarKind::Int(4)), a.shape(), fortran).unwrap();
        m.view_mut::<i32, Ix2>().unwrap().assign(&a);
        m.flush().unwrap();
        drop(m);
        let mut want = Vec::new();
        a.write_npy(&mut want).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), want, "case {k}");
    }
}
