//! `save`, `savez` and `savez_compressed`, read back by npio and by
//! NumPy, whose own `np.save` must produce the same bytes.

use crate::common::{arg, run_python};
use ndarray::{Array, Array2, Array3, array, s};
use npio::{NpyArray, SaveArray};

/// Arrays of every kind `save` takes: typed arrays in C order, Fortran
/// order and neither, 0-d and empty; NpyArrays of strings, records and a
/// big-endian dtype. Python rebuilds each to compare values.
fn arrays() -> Vec<(&'static str, Box<dyn SaveArray + Sync>)> {
    let grid = Array::from_shape_fn((3, 4), |(i, j)| (i * 4 + j) as f64 / 7.0);
    let cube = Array3::from_shape_fn((2, 3, 4), |(i, j, k)| (i * 12 + j * 4 + k) as u64);
    let big_endian = NpyArray::new(
        npio::npy::Header::new(
            npio::npy::DType::parse_descr(">i4").unwrap(),
            vec![2],
            false,
        ),
        vec![0, 0, 1, 0, 0xff, 0xff, 0xff, 0xfe],
    )
    .unwrap();
    let record = NpyArray::new(
        npio::npy::Header::new(
            npio::npy::DType::parse_descr("[('id', '<u2'), ('name', '|S3')]").unwrap(),
            vec![2],
            false,
        ),
        vec![1, 0, b'a', b'b', b'c', 2, 0, b'x', 0, 0],
    )
    .unwrap();
    vec![
        ("f8_c", Box::new(grid.clone())),
        ("f8_f", Box::new(grid.t().to_owned())),
        ("f8_strided", Box::new(grid.slice(s![.., ..;2]).to_owned())),
        (
            "f4_view_f",
            Box::new(grid.mapv(|x| x as f32).reversed_axes()),
        ),
        ("i2", Box::new(array![-1i16, 0, 300])),
        ("b1", Box::new(array![true, false])),
        (
            "c16",
            Box::new(array![npio::npy::num_complex::Complex64::new(1.0, -2.0)]),
        ),
        ("u8_3d", Box::new(cube)),
        ("i8_0d", Box::new(ndarray::arr0(-5i64))),
        ("f8_empty", Box::new(Array2::<f64>::zeros((0, 3)))),
        (
            "U_strings",
            Box::new(NpyArray::from_strings(&["a", "héllo", "€"], &[3]).unwrap()),
        ),
        ("i4_be", Box::new(big_endian)),
        ("record", Box::new(record)),
    ]
}

const EXPECTED: &str = r#"
import numpy as np
grid = np.arange(12).reshape(3, 4) / 7.0
expected = {
    "f8_c": grid,
    "f8_f": grid.T,
    "f8_strided": grid[:, ::2],
    "f4_view_f": grid.astype(np.float32).T,
    "i2": np.array([-1, 0, 300], dtype=np.int16),
    "b1": np.array([True, False]),
    "c16": np.array([1 - 2j]),
    "u8_3d": np.arange(24, dtype=np.uint64).reshape(2, 3, 4),
    "i8_0d": np.array(-5, dtype=np.int64),
    "f8_empty": np.zeros((0, 3)),
    "U_strings": np.array(["a", "héllo", "€"]),
    "i4_be": np.array([256, -2], dtype=">i4"),
    "record": np.array([(1, b"abc"), (2, b"x")], dtype=[("id", "<u2"), ("name", "S3")]),
}
def check(name, a):
    e = expected[name]
    assert a.dtype == e.dtype, (name, a.dtype, e.dtype)
    assert a.shape == e.shape, (name, a.shape, e.shape)
    assert np.array_equal(a, e), (name, a, e)
"#;

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn numpy_reads_save_and_np_save_writes_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let arrays = arrays();
    for (name, a) in &arrays {
        npio::save(dir.path().join(format!("{name}.npy")), a.as_ref()).unwrap();
    }
    let script = format!(
        r#"{EXPECTED}
import io, sys
d = sys.argv[1]
for name in expected:
    path = f"{{d}}/{{name}}.npy"
    a = np.load(path)
    check(name, a)
    again = io.BytesIO()
    np.save(again, a)
    with open(path, "rb") as f:
        mine = f.read()
    assert mine == again.getvalue(), (name, mine[:128], again.getvalue()[:128])
    # Fortran order exactly where NumPy would write it.
    print(name, a.flags.f_contiguous and not a.flags.c_contiguous)
"#
    );
    let out = run_python(&script, &[arg(dir.path())]);
    assert_eq!(out.lines().count(), arrays.len());
    assert!(out.contains("f8_f True"));
    assert!(out.contains("f4_view_f True"));
    assert!(out.contains("f8_strided False"));
}

#[test]
fn save_then_load_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    for (name, a) in arrays() {
        let path = dir.path().join(format!("{name}.npy"));
        npio::save(&path, a.as_ref()).unwrap();
        let back = npio::load(&path).unwrap().into_array().unwrap();
        let expected = a.to_npy_array().unwrap();
        assert_eq!(back.dtype(), expected.dtype(), "{name}");
        assert_eq!(back.shape(), expected.shape(), "{name}");
        assert_eq!(
            back.to_c_order().data(),
            expected.to_c_order().data(),
            "{name}"
        );
    }
}

#[test]
fn save_names_the_file_on_failure_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing-dir/a.npy");
    let err = npio::save(&path, &array![1.0f64]).unwrap_err();
    assert_eq!(err.path(), Some(path.as_path()));
    assert!(err.to_string().contains("missing-dir"), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn save_replaces_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.npy");
    npio::save(&path, &array![1u8, 2, 3]).unwrap();
    npio::save(&path, &array![[4u8]]).unwrap();
    let back: Array2<u8> = npio::load(&path)
        .unwrap()
        .into_array()
        .unwrap()
        .to_array()
        .unwrap();
    assert_eq!(back, array![[4u8]]);
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[cfg(feature = "npz")]
#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn numpy_reads_savez_and_savez_compressed() {
    let dir = tempfile::tempdir().unwrap();
    let arrays = arrays();
    let members: Vec<npio::Member> = arrays.iter().map(|(n, a)| (*n, a.as_ref() as _)).collect();
    npio::savez(dir.path().join("stored.npz"), &members).unwrap();
    npio::savez_compressed(dir.path().join("deflated.npz"), &members).unwrap();
    let script = format!(
        r#"{EXPECTED}
import sys, zipfile
d = sys.argv[1]
for archive, method in (("stored", zipfile.ZIP_STORED), ("deflated", zipfile.ZIP_DEFLATED)):
    path = f"{{d}}/{{archive}}.npz"
    with np.load(path) as npz:
        assert npz.files == list(expected), npz.files
        for name in npz.files:
            check(name, npz[name])
    with zipfile.ZipFile(path) as z:
        assert all(i.compress_type == method for i in z.infolist()), archive
        assert z.namelist() == [n + ".npy" for n in expected]
    print(archive, "ok")
"#
    );
    let out = run_python(&script, &[arg(dir.path())]);
    assert_eq!(out, "stored ok\ndeflated ok\n");
}

#[cfg(feature = "npz")]
#[test]
fn savez_mixes_element_types_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mixed.npz");
    let x = array![1.0f64, 2.0, 3.0];
    let labels = NpyArray::from_strings(&["a", "b"], &[2]).unwrap();
    let view = x.slice(s![..;2]);
    npio::savez(&path, &[("x", &x), ("labels", &labels), ("view", &view)]).unwrap();

    let mut npz = npio::load(&path).unwrap().into_archive().unwrap();
    assert_eq!(npz.names(), ["x", "labels", "view"]);
    assert_eq!(npz.by_name::<f64, ndarray::Ix1>("x").unwrap(), x);
    assert_eq!(
        npz.by_name::<f64, ndarray::Ix1>("view").unwrap(),
        array![1.0, 3.0]
    );
    assert_eq!(
        npz.by_name_dyn("labels").unwrap().to_strings().unwrap(),
        ["a", "b"]
    );

    // Same arrays, same bytes: archives are deterministic.
    let again = dir.path().join("again.npz");
    npio::savez(&again, &[("x", &x), ("labels", &labels), ("view", &view)]).unwrap();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        std::fs::read(&again).unwrap()
    );

    // Duplicate names are refused, as the layer does.
    let err = npio::savez(dir.path().join("dup.npz"), &[("x", &x), ("x", &x)]).unwrap_err();
    assert!(matches!(err.kind(), npio::ErrorKind::Npz(_)), "{err:?}");
    assert!(!dir.path().join("dup.npz").exists());
}
