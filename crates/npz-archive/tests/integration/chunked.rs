//! Members compressed chunk by chunk: read back whole and streamed, on one
//! thread and on several, and through a damaged chunk index.

use ndarray::Array1;
use npz_archive::{Compression, NpzReader, NpzWriter};
use std::io::{Cursor, Read};

fn archive(a: &Array1<f64>, c: Compression) -> Vec<u8> {
    let mut w = NpzWriter::new(Cursor::new(Vec::new()), c);
    w.add("a", a).unwrap();
    w.finish().unwrap().into_inner()
}

fn ramp(n: usize) -> Array1<f64> {
    Array1::from_shape_fn(n, |i| ((i % 4096) as f64).sqrt() + (i / 100_000) as f64)
}

/// Where the chunk index's lengths start, at each copy of the index
/// (local header and central directory).
fn index_positions(bytes: &[u8]) -> Vec<usize> {
    bytes
        .windows(6)
        .enumerate()
        .filter(|(_, w)| w[0] == 0x6e && w[1] == 0x70 && w[4] == 1 && w[5] == 20)
        .map(|(i, _)| i + 4 + 6)
        .collect()
}

#[test]
fn every_thread_count_reads_the_same_array() {
    let a = ramp(1_500_000); // 12 MB: a dozen chunks
    for c in [
        Compression::Deflate(1),
        Compression::Deflate(6),
        Compression::Zstd(3),
    ] {
        let bytes = archive(&a, c);
        for threads in [1, 2, 4] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| {
                let mut npz = NpzReader::new(Cursor::new(&bytes[..])).unwrap();
                let whole: Array1<f64> = npz.by_name("a").unwrap();
                assert_eq!(whole, a, "{c:?} on {threads} threads");
                let mut streamed = Vec::new();
                npz.raw_reader(0)
                    .unwrap()
                    .read_to_end(&mut streamed)
                    .unwrap();
                assert_eq!(streamed.len(), 128 + 8 * a.len());
                assert_eq!(npz.verify_member(0).unwrap(), streamed.len() as u64);
            });
        }
    }
}

#[test]
fn a_damaged_index_falls_back_to_the_zip_reader() {
    let a = ramp(1_000_000);
    let mut bytes = archive(&a, Compression::Deflate(6));
    let at = index_positions(&bytes);
    assert_eq!(
        at.len(),
        2,
        "one index in the local header, one in the directory"
    );
    for &p in &at {
        // Move a byte from the first chunk's length to the second's: the
        // lengths still add up, but the chunks no longer split there.
        let first = u32::from_le_bytes(bytes[p..p + 4].try_into().unwrap());
        let second = u32::from_le_bytes(bytes[p + 4..p + 8].try_into().unwrap());
        bytes[p..p + 4].copy_from_slice(&(first - 1).to_le_bytes());
        bytes[p + 4..p + 8].copy_from_slice(&(second + 1).to_le_bytes());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    pool.install(|| {
        let mut npz = NpzReader::new(Cursor::new(&bytes[..])).unwrap();
        let back: Array1<f64> = npz.by_name("a").unwrap();
        assert_eq!(back, a);
        // A streamed read cannot start over: it stops with an error, never
        // with wrong bytes.
        let mut streamed = Vec::new();
        let r = npz.raw_reader(0).unwrap().read_to_end(&mut streamed);
        assert!(r.is_err());
    });
    // Python's zipfile and NumPy ignore the field: the archive is sound.
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
    let mut all = Vec::new();
    zip.by_index(0).unwrap().read_to_end(&mut all).unwrap();
    assert_eq!(all.len(), 128 + 8 * a.len());
}
