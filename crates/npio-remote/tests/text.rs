//! Delimited text in object storage through the library: a `.csv.gz`
//! object streamed through `RangeReader` into `.npy` in bounded memory,
//! and `savetxt` written through an `Upload`.

mod counting;

use counting::{Counting, put};
use delimited_text::{Compression, LoadTxt, SaveTxt};
use npio_remote::{RangeReader, Upload};
use npy_format::NpyArray;
use object_store::ObjectStore;
use object_store::memory::InMemory;
use object_store::path::Path;
use std::io::{Read, Write};
use std::sync::Arc;

/// 200,000 rows of three columns, gzip-compressed: about 7 MB of text.
fn csv_gz() -> (Vec<u8>, Vec<f64>) {
    let mut text = String::new();
    let mut values = Vec::new();
    for i in 0..200_000u32 {
        let row = [i as f64, (i % 97) as f64 * 0.5, -(i as f64) / 8.0];
        text.push_str(&format!("{},{},{}\n", row[0], row[1], row[2]));
        values.extend_from_slice(&row);
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    gz.write_all(text.as_bytes()).unwrap();
    (gz.finish().unwrap(), values)
}

#[test]
fn a_remote_csv_gz_streams_into_npy() {
    let s = Counting::new(Arc::new(InMemory::new()));
    let (bytes, values) = csv_gz();
    let size = bytes.len() as u64;
    let path = put(&s, "data/big.csv.gz", bytes);
    let store: Arc<dyn ObjectStore> = s.clone();

    let reader = RangeReader::open_blocking(store, &path).unwrap();
    let text = Compression::from_path(path.as_ref()).decoder(reader);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("big.npy");
    let header = LoadTxt::new()
        .delimiter(Some(','))
        .npy_from_reader(text, &out)
        .unwrap();
    assert_eq!(header.shape, [200_000, 3]);
    let got: ndarray::Array2<f64> = npy_format::read_npy(&out).unwrap();
    assert_eq!(got.as_slice().unwrap(), values.as_slice());
    // Blocks double from 4 KiB up to 8 MiB: a handful of requests, and
    // every byte of the object fetched once (plus the tail at opening).
    let (gets, moved) = s.take();
    assert!(gets <= 12, "{gets} requests");
    assert!(moved <= size + (64 << 10), "{moved} of {size} bytes");
}

#[test]
fn savetxt_writes_through_an_upload() {
    let s = Counting::new(Arc::new(InMemory::new()));
    let store: Arc<dyn ObjectStore> = s.clone();
    let a = ndarray::Array2::from_shape_fn((1000, 2), |(i, j)| (i * 2 + j) as f64 / 4.0);
    let array = NpyArray::from_array(&a);
    let path = Path::from("out/table.csv.gz");
    let upload = Upload::create(store.clone(), &path);
    let mut gz = Compression::from_path(path.as_ref())
        .encoder(upload)
        .unwrap();
    SaveTxt::new()
        .delimiter(",")
        .to_writer(&array, &mut gz)
        .unwrap();
    gz.finish().unwrap().finish().unwrap();

    let mut text = String::new();
    let reader = RangeReader::open_blocking(store, &path).unwrap();
    Compression::from_path(path.as_ref())
        .decoder(reader)
        .read_to_string(&mut text)
        .unwrap();
    let back = LoadTxt::new().delimiter(Some(',')).from_str(&text).unwrap();
    assert_eq!(back.to_array::<f64, ndarray::Ix2>().unwrap(), a);
    assert!(text.starts_with("0.000000000000000000e+00,2.500000000000000000e-01\n"));
}
