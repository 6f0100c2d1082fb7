//! A member over 4 GiB, written streaming and read back streaming: zip64
//! end to end. It writes 5 GiB to a temporary folder, so it runs in CI
//! (`cargo test -- --ignored zip64`) rather than on every `cargo test`.

use npy_format::{DType, Header};
use npz_archive::{Compression, NpzReader, NpzWriter};
use std::io::Write;

#[test]
#[ignore = "writes 5 GiB; CI runs it with --ignored"]
fn five_gib_member_round_trips_streaming() {
    let rows: usize = 5 << 20; // rows of 1 KiB: 5 GiB
    let header = Header::new(DType::parse_descr("'<u8'").unwrap(), vec![rows, 128], false);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.npz");
    let mut w = NpzWriter::create(&path, Compression::Stored).unwrap();
    w.add("small", &ndarray::array![1u8, 2, 3]).unwrap();
    let mut m = w.start_member("big", &header).unwrap();
    let mut row = vec![0u8; 1024];
    for r in 0..rows {
        // Each row: its index, then zeros.
        row[..8].copy_from_slice(&(r as u64).to_le_bytes());
        m.write_all(&row).unwrap();
    }
    m.finish().unwrap();
    w.add("after", &ndarray::array![4u8, 5]).unwrap();
    w.commit().unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() > 5 << 30);

    let mut npz = NpzReader::open(&path).unwrap();
    assert_eq!(npz.names(), ["small", "big", "after"]);
    let info = npz.info(1).unwrap();
    assert_eq!(info.size, (5u64 << 30) + 128);
    let mut reader = npz.npy_reader(1).unwrap();
    let mut r = 0u64;
    while let Some(chunk) = reader.read_rows::<u64>(1 << 16).unwrap() {
        for row in chunk.outer_iter() {
            assert_eq!(row[0], r);
            assert_eq!(row[127], 0);
            r += 1;
        }
    }
    assert_eq!(r as usize, rows);
    drop(reader);
    assert_eq!(
        npz.by_name::<u8, ndarray::Ix1>("after").unwrap(),
        ndarray::array![4u8, 5]
    );
    npz.verify_member(1).unwrap();
}
