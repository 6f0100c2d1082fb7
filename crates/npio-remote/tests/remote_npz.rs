//! .npz archives in a store, read through RangeReader with every request
//! counted: the directory in the one request that opens the reader, each
//! member's header in one more, members streamed in growing blocks.

mod counting;

use counting::{Counting, put};
use ndarray::{Array1, Array2};
use npio_remote::{ErrorKind, RangeReader, open_npz_blocking};
use npz_archive::{Compression, NpzWriter};
use object_store::ObjectStore;
use object_store::memory::InMemory;
use object_store::path::Path;
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::sync::Arc;

fn member(i: usize) -> Array1<f64> {
    Array1::from_shape_fn(8192, |k| (i * 10_000 + k) as f64)
}

/// 100 members of 64 KiB, half stored and half deflated.
fn archive(compression: Compression) -> Vec<u8> {
    let mut w = NpzWriter::new(Cursor::new(Vec::new()), compression);
    for i in 0..100 {
        w.add(&format!("m{i:03}"), &member(i)).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn describing_100_members_costs_one_request_each_and_little_data() {
    for compression in [Compression::Stored, Compression::Deflate(6)] {
        let s = Counting::new(Arc::new(InMemory::new()));
        let bytes = archive(compression);
        let path = put(&s, "a.npz", bytes.clone());
        let store: Arc<dyn ObjectStore> = s.clone();
        let mut npz = open_npz_blocking(store, &path).unwrap();
        assert_eq!(npz.len(), 100);
        for i in 0..100 {
            let info = npz.info(i).unwrap();
            assert_eq!(info.header.unwrap().header.shape, [8192]);
        }
        let (gets, moved) = s.take();
        assert!(gets <= 103, "{compression:?}: {gets} requests");
        assert!(moved < 1 << 20, "{compression:?}: {moved} bytes");
        // A member's values, streamed.
        let got: Array1<f64> = npz.by_name("m042").unwrap();
        assert_eq!(got, member(42));
        let (gets, moved) = s.take();
        assert!(gets <= 8, "{compression:?}: {gets} requests");
        assert!(
            moved <= 64 << 10 | 32 << 10,
            "{compression:?}: {moved} bytes"
        );
    }
}

#[test]
fn describing_an_archive_npio_wrote_reads_its_directory_alone() {
    for compression in [Compression::Stored, Compression::Deflate(6)] {
        let s = Counting::new(Arc::new(InMemory::new()));
        let path = put(&s, "a.npz", archive(compression));
        let store: Arc<dyn ObjectStore> = s.clone();
        let mut npz = open_npz_blocking(store, &path).unwrap();
        for i in 0..100 {
            let d = npz.describe(i).unwrap();
            assert_eq!(d.name, format!("m{i:03}"));
            assert_eq!(d.header.unwrap().header.shape, [8192]);
            assert_eq!(d.size, 128 + 8 * 8192);
        }
        let (gets, moved) = s.take();
        // The one request that opened the reader held the directory.
        assert_eq!(gets, 1, "{compression:?}");
        assert!(moved <= 64 << 10, "{compression:?}: {moved} bytes");
    }
}

#[test]
fn large_members_stream_in_growing_blocks() {
    let s = Counting::new(Arc::new(InMemory::new()));
    let a = Array2::from_shape_fn((1000, 1000), |(i, j)| (i * 1000 + j) as f32);
    for compression in [Compression::Stored, Compression::Deflate(6)] {
        let mut w = NpzWriter::new(Cursor::new(Vec::new()), compression);
        w.add("big", &a).unwrap();
        let path = put(&s, "big.npz", w.finish().unwrap().into_inner());
        let store: Arc<dyn ObjectStore> = s.clone();
        let mut npz = open_npz_blocking(store, &path).unwrap();
        s.take();
        let got: Array2<f32> = npz.by_name("big").unwrap();
        assert_eq!(got, a);
        let (gets, _) = s.take();
        // 4 MB by blocks doubling from 4 KiB to 8 MiB: a dozen requests.
        assert!(gets <= 14, "{compression:?}: {gets} requests");
    }
}

#[test]
fn the_reader_reads_and_seeks_as_a_file_does() {
    let s = Counting::new(Arc::new(InMemory::new()));
    let bytes: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let path = put(&s, "raw.bin", bytes.clone());
    let store: Arc<dyn ObjectStore> = s.clone();
    let mut r = RangeReader::open_blocking(store, &path).unwrap();
    assert_eq!(r.len(), 300_000);
    let mut all = Vec::new();
    r.read_to_end(&mut all).unwrap();
    assert_eq!(all, bytes);
    for (at, n) in [
        (0u64, 10usize),
        (299_990, 10),
        (123_457, 5000),
        (65_530, 20),
    ] {
        r.seek(SeekFrom::Start(at)).unwrap();
        let mut buf = vec![0; n];
        r.read_exact(&mut buf).unwrap();
        assert_eq!(buf, bytes[at as usize..at as usize + n], "{at}");
    }
    r.seek(SeekFrom::End(-3)).unwrap();
    let mut end = Vec::new();
    r.read_to_end(&mut end).unwrap();
    assert_eq!(end, bytes[299_997..]);
    assert!(r.seek(SeekFrom::Current(-400_000)).is_err());
    r.seek(SeekFrom::Start(1 << 40)).unwrap();
    assert_eq!(r.read(&mut [0; 4]).unwrap(), 0);
}

#[test]
fn damaged_archives_give_typed_errors() {
    let s = Counting::new(Arc::new(InMemory::new()));
    let mut bytes = archive(Compression::Stored);
    let store: Arc<dyn ObjectStore> = s.clone();
    // No end record: not an archive.
    let path = put(&s, "junk.npz", b"PK\x03\x04 not really".to_vec());
    let err = open_npz_blocking(store.clone(), &path).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Npz(_)), "{err}");
    // Cut short: the directory points past the end.
    bytes.drain(1000..20_000);
    let path = put(&s, "cut.npz", bytes);
    match open_npz_blocking(store.clone(), &path) {
        Err(err) => assert!(matches!(err.kind(), ErrorKind::Npz(_)), "{err}"),
        Ok(mut npz) => assert!((0..npz.len()).any(|i| npz.by_index_dyn(i).is_err())),
    }
    let err = open_npz_blocking(store, &Path::from("none.npz")).unwrap_err();
    assert!(err.is_not_found(), "{err}");
}
