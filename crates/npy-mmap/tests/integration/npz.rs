//! Mapping `.npz` members: aligned stored ones in place, the rest refused
//! with a clear error.

use crate::common::run_python;
use ndarray::{Array, Ix1, Ix2, array};
use npy_mmap::{ErrorKind, MEMBER_ALIGN, NpzMap};
use npz_archive::{Compression, NpzWriter};

#[test]
fn aligned_stored_members_map_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("m.npz");
    let w0 = Array::from_shape_fn((30, 7), |(i, j)| (i * 7 + j) as f64 * 0.5);
    let mut w = NpzWriter::create(&p, Compression::Stored).unwrap();
    w.align(true);
    w.add("w0", &w0).unwrap();
    w.add("odd_name_b", &array![1u8, 2, 3]).unwrap();
    w.add("i", &array![-1i16, 5]).unwrap();
    w.commit().unwrap();

    let file = std::fs::read(&p).unwrap();
    let mut npz = NpzMap::open(&p).unwrap();
    assert_eq!(npz.names(), ["w0", "odd_name_b", "i"]);
    assert_eq!(npz.len(), 3);
    let m = npz.map("w0").unwrap();
    assert_eq!(m.data_offset() % MEMBER_ALIGN, 0);
    let view = m.view::<f64, Ix2>().unwrap();
    assert_eq!(view, w0);
    // Zero-copy: the view points into the map, which holds the file's
    // bytes at the member's data offset.
    assert_eq!(view.as_ptr() as *const u8, m.as_bytes().as_ptr());
    let off = m.data_offset() as usize;
    assert_eq!(m.as_bytes(), &file[off..off + 30 * 7 * 8]);
    assert_eq!(
        npz.map("odd_name_b.npy")
            .unwrap()
            .view::<u8, Ix1>()
            .unwrap(),
        array![1, 2, 3]
    );
    assert_eq!(
        npz.map("i").unwrap().view::<i16, Ix1>().unwrap(),
        array![-1, 5]
    );

    // Copy-on-write works; writing through is refused.
    let mut c = npz.map_mode("i", npy_mmap::Mode::CopyOnWrite).unwrap();
    c.view_mut::<i16, Ix1>().unwrap()[0] = 9;
    assert_eq!(std::fs::read(&p).unwrap(), file);
    let e = npz.map_mode("i", npy_mmap::Mode::ReadWrite).unwrap_err();
    assert!(matches!(
        e.kind(),
        ErrorKind::UnsupportedMode { mode: "r+", .. }
    ));
    assert!(matches!(
        npz.map("nope").unwrap_err().kind(),
        ErrorKind::Npz(_)
    ));
}

const NUMPY_SAVEZ: &str = r#"
import sys, numpy as np
d = sys.argv[1]
np.savez(d + '/plain.npz', a=np.arange(5, dtype='<f8'))
np.savez_compressed(d + '/packed.npz', a=np.arange(5, dtype='<f8'))
"#;

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn unaligned_and_compressed_members_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    run_python(NUMPY_SAVEZ, &[dir.path().to_str().unwrap()]);

    let mut plain = NpzMap::open(dir.path().join("plain.npz")).unwrap();
    let info = plain.info("a").unwrap();
    let offset = info.data_start.unwrap() + info.header.as_ref().unwrap().data_offset;
    assert_ne!(offset % 64, 0, "np.savez happened to align this member");
    let e = plain.map("a").unwrap_err();
    match e.kind() {
        ErrorKind::UnalignedMember { member, offset: o } => {
            assert_eq!(member, "a.npy");
            assert_eq!(*o, offset);
        }
        other => panic!("{other:?}"),
    }
    let msg = e.to_string();
    assert!(msg.contains("--align"), "{msg}");
    assert!(msg.contains(&format!("offset {offset}")), "{msg}");
    // The documented way out: read it.
    let a: ndarray::Array1<f64> = plain.reader().by_name("a").unwrap();
    assert_eq!(a, array![0.0, 1.0, 2.0, 3.0, 4.0]);

    let mut packed = NpzMap::open(dir.path().join("packed.npz")).unwrap();
    let e = packed.map("a").unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::Compressed { member, method } if member == "a.npy" && method == "deflate")
    );
    assert!(
        e.to_string()
            .starts_with("member a.npy is compressed (deflate) and cannot be mapped")
    );
}

#[test]
fn non_npy_members_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.npz");
    let mut w = NpzWriter::create(&p, Compression::Stored).unwrap();
    w.add_file("notes.txt", &mut &b"hello"[..]).unwrap();
    w.commit().unwrap();
    let mut npz = NpzMap::open(&p).unwrap();
    let e = npz.map("notes.txt").unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::NotNpy { .. }), "{e}");
}
