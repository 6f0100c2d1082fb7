//! `np.memmap`-style raw maps: shapes, extension and refusals.

use ndarray::Ix1;
use npy_format::DType;
use npy_mmap::{ErrorKind, MemmapBuilder, Mode};

fn u2() -> DType {
    DType::parse_descr("'<u2'").unwrap()
}

#[test]
fn shape_is_inferred_and_a_remainder_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.bin");
    std::fs::write(&p, [1, 0, 2, 0, 3]).unwrap();
    let m = MemmapBuilder::new(u2()).offset(1).open(&p).unwrap();
    assert_eq!(m.shape(), &[2]);
    assert_eq!(
        m.to_owned_array::<u16, Ix1>().unwrap().to_vec(),
        vec![512, 768]
    );
    let e = MemmapBuilder::new(u2()).open(&p).unwrap_err();
    assert!(matches!(
        e.kind(),
        ErrorKind::ShapeRemainder {
            len: 5,
            itemsize: 2
        }
    ));
    assert_eq!(
        e.to_string(),
        "5 bytes after the offset are not a whole number of 2-byte elements (1 bytes left over)"
    );
    let e = MemmapBuilder::new(u2()).offset(9).open(&p).unwrap_err();
    assert!(matches!(
        e.kind(),
        ErrorKind::LengthMismatch {
            expected: 9,
            found: 5
        }
    ));
}

#[test]
fn short_files_extend_only_when_writable() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.bin");
    std::fs::write(&p, [1, 0]).unwrap();
    for mode in [Mode::ReadOnly, Mode::CopyOnWrite] {
        let e = MemmapBuilder::new(u2())
            .mode(mode)
            .shape(&[4])
            .open(&p)
            .unwrap_err();
        assert!(matches!(
            e.kind(),
            ErrorKind::LengthMismatch {
                expected: 8,
                found: 2
            }
        ));
    }
    let m = MemmapBuilder::new(u2())
        .mode(Mode::ReadWrite)
        .shape(&[4])
        .open(&p)
        .unwrap();
    assert_eq!(m.view::<u16, Ix1>().unwrap().to_vec(), vec![1, 0, 0, 0]);
    assert_eq!(std::fs::read(&p).unwrap(), [1, 0, 0, 0, 0, 0, 0, 0]);
}

#[test]
fn empty_files() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("e.bin");
    std::fs::write(&p, []).unwrap();
    for mode in [Mode::ReadOnly, Mode::CopyOnWrite] {
        let e = MemmapBuilder::new(u2()).mode(mode).open(&p).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::EmptyFile), "{e}");
    }
    let m = MemmapBuilder::new(u2())
        .mode(Mode::ReadWrite)
        .open(&p)
        .unwrap();
    assert_eq!(m.shape(), &[0]);
}

#[test]
fn create_truncates_and_needs_a_shape() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.bin");
    std::fs::write(&p, [7u8; 100]).unwrap();
    let e = MemmapBuilder::new(u2())
        .mode(Mode::Create)
        .open(&p)
        .unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::ShapeRequired));
    let mut m = MemmapBuilder::new(u2())
        .mode(Mode::Create)
        .offset(2)
        .shape(&[3])
        .open(&p)
        .unwrap();
    assert_eq!(std::fs::metadata(&p).unwrap().len(), 8);
    m.view_mut::<u16, Ix1>().unwrap()[2] = 0x0102;
    m.flush().unwrap();
    assert_eq!(std::fs::read(&p).unwrap(), [0, 0, 0, 0, 0, 0, 2, 1]);
}

#[test]
fn zero_size_items_need_a_shape() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("z.bin");
    std::fs::write(&p, [1]).unwrap();
    let v0 = DType::parse_descr("'|V0'").unwrap();
    let e = MemmapBuilder::new(v0.clone()).open(&p).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::ShapeRequired));
    let m = MemmapBuilder::new(v0).shape(&[3]).open(&p).unwrap();
    assert_eq!(m.view_dyn().values().count(), 3);
}
