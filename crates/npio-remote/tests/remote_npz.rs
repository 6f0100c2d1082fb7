//! .npz archives in a store, read through RangeReader with every request
//! counted: the directory in the one request that opens the reader, each
//! member's header in one more, members streamed in growing blocks.

mod counting;

use counting::{Counting, put};
use ndarray::{Array1, Array2};
use npio_remote::{ErrorKind, RangeReader, describe_npz_blocking, open_npz_blocking};
use npz_archive::{Compression, NpzLimits, NpzWriter};
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

/// 100 stored members as NumPy's np.savez lays them out, without npio's
/// header records.
fn plain_archive() -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(true);
    for i in 0..100 {
        zip.start_file(format!("m{i:03}.npy"), options).unwrap();
        npy_format::WriteNpyExt::write_npy_to(&member(i), &mut zip).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn describing_other_archives_fetches_every_header_in_one_round() {
    let s = Counting::new(Arc::new(InMemory::new()));
    let path = put(&s, "plain.npz", plain_archive());
    let store: Arc<dyn ObjectStore> = s.clone();
    let reader = RangeReader::open_blocking(store, &path).unwrap();
    let (mut npz, members) = describe_npz_blocking(reader, NpzLimits::default()).unwrap();
    assert_eq!(members.len(), 100);
    for (i, m) in members.iter().enumerate() {
        assert_eq!(m.name, format!("m{i:03}"));
        assert!(m.data_start.is_some(), "read from the member");
        assert_eq!(m.header.as_ref().unwrap().header.shape, [8192]);
    }
    let (gets, moved) = s.take();
    // The directory, then the 4 KiB at each member's local header.
    assert_eq!(gets, 1 + 100);
    assert!(moved <= (64 << 10) + 100 * (4 << 10), "{moved} bytes");
    // The reader goes on reading; the prefetched header is not fetched again.
    let got: Array1<f64> = npz.by_name("m042").unwrap();
    assert_eq!(got, member(42));

    // An archive npio wrote: the directory alone.
    let path = put(&s, "npio.npz", archive(Compression::Deflate(6)));
    s.take();
    let store: Arc<dyn ObjectStore> = s.clone();
    let reader = RangeReader::open_blocking(store, &path).unwrap();
    let (_, members) = describe_npz_blocking(reader, NpzLimits::default()).unwrap();
    assert!(members.iter().all(|m| m.data_start.is_none()));
    assert_eq!(s.take().0, 1);
}

#[test]
fn prefetched_blocks_are_shared_by_clones() {
    let s = Counting::new(Arc::new(InMemory::new()));
    let bytes: Vec<u8> = (0..1_000_000u32).map(|i| (i % 251) as u8).collect();
    let path = put(&s, "a.bin", bytes.clone());
    let store: Arc<dyn ObjectStore> = s.clone();
    let r = RangeReader::open_blocking(store, &path).unwrap();
    s.take();
    let mut clone = r.clone();
    // Starts past the end, inside the tail or already held cost nothing.
    r.prefetch_blocking(&[10, 500_000, 500_000, 2_000_000, 999_000])
        .unwrap();
    assert_eq!(s.take().0, 2);
    r.prefetch_blocking(&[10, 500_100]).unwrap();
    assert_eq!(s.take().0, 0);
    clone.seek(SeekFrom::Start(500_000)).unwrap();
    let mut got = vec![0u8; 4096];
    clone.read_exact(&mut got).unwrap();
    assert_eq!(got, bytes[500_000..504_096]);
    assert_eq!(s.take().0, 0);
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
