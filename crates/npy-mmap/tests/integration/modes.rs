//! Read-only, read-write and copy-on-write maps of `.npy` files.

use ndarray::{Array2, Ix1, Ix2, array};
use npy_format::{DType, ScalarKind, WriteNpyExt};
use npy_mmap::{ErrorKind, Memmap, Mode};
use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, a: &Array2<f32>) -> PathBuf {
    let p = dir.join(name);
    a.write_npy(std::fs::File::create(&p).unwrap()).unwrap();
    p
}

#[test]
fn copy_on_write_never_changes_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "a.npy", &array![[1.0, 2.0], [3.0, 4.0]]);
    let before = std::fs::read(&p).unwrap();
    let mut m = Memmap::open_mode(&p, Mode::CopyOnWrite).unwrap();
    m.view_mut::<f32, Ix2>().unwrap().fill(-1.0);
    assert_eq!(m.view::<f32, Ix2>().unwrap()[[1, 1]], -1.0);
    m.flush().unwrap();
    m.flush_async().unwrap();
    // Another map sees the file, not the private pages.
    assert_eq!(
        Memmap::open(&p).unwrap().view::<f32, Ix2>().unwrap()[[1, 1]],
        4.0
    );
    drop(m);
    assert_eq!(std::fs::read(&p).unwrap(), before);
}

#[test]
fn read_write_reaches_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "a.npy", &array![[1.0, 2.0], [3.0, 4.0]]);
    let mut m = Memmap::open_mode(&p, Mode::ReadWrite).unwrap();
    m.view_mut::<f32, Ix2>().unwrap()[[0, 1]] = 20.0;
    m.flush().unwrap();
    drop(m);
    let again = Memmap::open(&p).unwrap();
    assert_eq!(
        again.view::<f32, Ix2>().unwrap(),
        array![[1.0, 20.0], [3.0, 4.0]]
    );
    // And through ordinary reads.
    let read: Array2<f32> = npy_format::read_npy(&p).unwrap();
    assert_eq!(read[[0, 1]], 20.0);
}

#[test]
fn read_only_refuses_writes() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "a.npy", &array![[1.0]]);
    let mut m = Memmap::open(&p).unwrap();
    assert_eq!(m.mode(), Mode::ReadOnly);
    let e = m.view_mut::<f32, Ix2>().unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::ReadOnly { mode: "r" }));
    assert_eq!(
        e.to_string(),
        "the map is read-only (mode 'r'): open it with 'r+' to write"
    );
    assert!(m.as_bytes_mut().is_err());
    assert!(Memmap::open_mode(&p, Mode::Create).is_err());
}

#[test]
fn wrong_types_and_dims_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "a.npy", &array![[1.0, 2.0]]);
    let m = Memmap::open(&p).unwrap();
    let e = m.view::<f64, Ix2>().unwrap_err();
    assert_eq!(e.to_string(), "dtype mismatch: expected '<f8', found '<f4'");
    let e = m.view::<f32, Ix1>().unwrap_err();
    assert!(matches!(
        e.kind(),
        ErrorKind::Npy(e) if matches!(
            e.kind(),
            npy_format::ErrorKind::DimensionMismatch { expected: 1, found: 2 }
        )
    ));
    assert_eq!(m.view::<f32, ndarray::IxDyn>().unwrap().shape(), &[1, 2]);
}

#[test]
fn short_npy_file_is_checked_before_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "a.npy", &array![[1.0, 2.0], [3.0, 4.0]]);
    let len = std::fs::metadata(&p).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&p)
        .unwrap()
        .set_len(len - 1)
        .unwrap();
    for mode in [Mode::ReadOnly, Mode::ReadWrite, Mode::CopyOnWrite] {
        let e = Memmap::open_mode(&p, mode).unwrap_err();
        assert!(
            matches!(
                e.kind(),
                ErrorKind::Truncated {
                    expected: 144,
                    found: 143
                }
            ),
            "{e}"
        );
        // The message says why, and what NumPy does instead.
        assert_eq!(
            e.to_string(),
            "file too short: the array needs 144 bytes, the file has 143; \
             the file is truncated or damaged, and npio maps it in no mode \
             (NumPy's r+ would pad it with zeros)"
        );
    }
    assert_eq!(std::fs::metadata(&p).unwrap().len(), 143);
}

#[test]
fn bad_headers_and_objects_are_wrapped_errors() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.npy");
    std::fs::write(&p, b"not numpy").unwrap();
    assert!(matches!(
        Memmap::open(&p).unwrap_err().kind(),
        ErrorKind::Npy(_)
    ));
    let obj = DType::parse_descr("'|O'").unwrap();
    let e = Memmap::create(&p, obj, &[2], false).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Npy(_)));
    // The object dtype is found through the wrapped error; the message is
    // whole, so nothing is left for `source` to repeat.
    assert!(e.is_object_data());
    assert!(std::error::Error::source(&e).is_none());
    assert!(matches!(
        Memmap::open(dir.path().join("missing.npy"))
            .unwrap_err()
            .kind(),
        ErrorKind::Io(_)
    ));
}

#[test]
fn empty_arrays_map_without_data() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("e.npy");
    let mut m = Memmap::create(&p, DType::scalar(ScalarKind::Float(8)), &[0, 5], false).unwrap();
    assert!(m.is_empty());
    assert_eq!(m.view_mut::<f64, Ix2>().unwrap().shape(), &[0, 5]);
    m.flush().unwrap();
    let r = Memmap::open(&p).unwrap();
    assert_eq!(r.view::<f64, Ix2>().unwrap().len(), 0);
    assert_eq!(r.view_dyn().values().count(), 0);
}

#[test]
fn zero_d_arrays() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.npy");
    let mut m = Memmap::create(&p, DType::scalar(ScalarKind::Int(8)), &[], false).unwrap();
    m.view_mut::<i64, ndarray::Ix0>().unwrap()[()] = 5;
    m.flush().unwrap();
    assert_eq!(
        Memmap::open(&p)
            .unwrap()
            .view::<i64, ndarray::Ix0>()
            .unwrap()[()],
        5
    );
}
