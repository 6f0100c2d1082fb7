//! An array past 4 GiB, in a sparse file: offsets and lengths stay 64-bit
//! all the way. Cheap on any file system with holes, so it always runs.

use ndarray::Ix1;
use npy_format::{DType, ScalarKind};
use npy_mmap::{Memmap, Mode};
use std::os::unix::fs::MetadataExt;

#[test]
fn five_gib_sparse_create_write_far_end_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.npy");
    let n: usize = (5 << 30) / 8; // 5 GiB of f64
    let mut m = Memmap::create(&p, DType::scalar(ScalarKind::Float(8)), &[n], false).unwrap();
    {
        let mut v = m.view_mut::<f64, Ix1>().unwrap();
        v[n - 1] = 42.5;
        v[n / 2] = -1.0;
    }
    m.flush().unwrap();
    drop(m);

    let meta = std::fs::metadata(&p).unwrap();
    assert_eq!(meta.len(), 128 + (5u64 << 30));
    // Holes: only the header and the written pages take space.
    assert!(
        meta.blocks() * 512 < 64 << 20,
        "not sparse: {} blocks",
        meta.blocks()
    );

    let r = Memmap::open(&p).unwrap();
    let v = r.view::<f64, Ix1>().unwrap();
    assert_eq!(v.len(), n);
    assert_eq!(v[n - 1], 42.5);
    assert_eq!(v[n / 2], -1.0);
    assert_eq!(v[n - 2], 0.0);
    let tail = &r.as_bytes()[(5usize << 30) - 8..];
    assert_eq!(tail, 42.5f64.to_ne_bytes());
    drop(r);

    let mut rw = Memmap::open_mode(&p, Mode::ReadWrite).unwrap();
    rw.view_mut::<f64, Ix1>().unwrap()[n - 1] = 1.0;
    rw.flush().unwrap();
    drop(rw);
    let last = Memmap::open(&p).unwrap().view_dyn().get(&[n - 1]).unwrap();
    assert_eq!(last, npy_format::Value::Float(1.0));
}
