//! Writing objects: small ones in one request, large ones as multipart
//! uploads in parts, and nothing visible after a failure.

mod counting;

use counting::Counting;
use ndarray::{Array1, Array2};
use npio_remote::{ErrorKind, RemoteNpy, Transfer, Upload, save_npy_blocking, savez_blocking};
use npy_format::WriteNpyExt;
use npz_archive::Compression;
use object_store::memory::InMemory;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt};
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::Ordering;

fn stored(store: &Counting, path: &Path) -> Option<Vec<u8>> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(async {
        match store.inner.get(path).await {
            Ok(r) => Some(r.bytes().await.unwrap().to_vec()),
            Err(object_store::Error::NotFound { .. }) => None,
            Err(e) => panic!("{e}"),
        }
    })
}

fn npy_bytes<T: WriteNpyExt + ?Sized>(a: &T) -> Vec<u8> {
    let mut v = Vec::new();
    a.write_npy_to(&mut v).unwrap();
    v
}

#[test]
fn a_small_array_is_one_request_with_np_save_bytes() {
    let store = Counting::new(Arc::new(InMemory::new()));
    let path = Path::from("out/small.npy");
    let a = Array2::from_shape_fn((3, 5), |(i, j)| (i * 10 + j) as i32);
    let size = save_npy_blocking(store.clone(), &path, &a).unwrap();
    assert_eq!(store.puts.load(Ordering::SeqCst), 1);
    assert_eq!(store.uploads.parts.load(Ordering::SeqCst), 0);
    let bytes = stored(&store, &path).unwrap();
    assert_eq!(bytes.len() as u64, size);
    assert_eq!(bytes, npy_bytes(&a));
}

#[test]
fn a_large_array_goes_in_parts_and_reads_back() {
    let store = Counting::new(Arc::new(InMemory::new()));
    let path = Path::from("out/large.npy");
    // 12 MiB of data: two 8 MiB parts, the second short.
    let a = Array1::from_shape_fn(3 << 19, |i| i as f64 * 0.25);
    save_npy_blocking(store.clone(), &path, &a).unwrap();
    assert_eq!(store.puts.load(Ordering::SeqCst), 0);
    assert_eq!(store.uploads.parts.load(Ordering::SeqCst), 2);
    assert_eq!(store.uploads.completed.load(Ordering::SeqCst), 1);
    assert_eq!(stored(&store, &path).unwrap(), npy_bytes(&a));
    let npy = RemoteNpy::open_blocking(store, &path).unwrap();
    let back: Array1<f64> = npy.read_array_blocking(&Transfer::default()).unwrap();
    assert_eq!(back, a);
}

#[test]
fn a_failed_part_aborts_and_keeps_the_old_object() {
    let store = Counting::new(Arc::new(InMemory::new()));
    let path = Path::from("out/model.npy");
    let old = Array1::from_vec(vec![1u8, 2, 3]);
    save_npy_blocking(store.clone(), &path, &old).unwrap();
    store.uploads.fail_part.store(2, Ordering::SeqCst);
    let big = Array1::from_elem(5 << 20, 7i32); // 20 MiB: three parts
    let err = save_npy_blocking(store.clone(), &path, &big).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Store(_)), "{err}");
    assert!(
        err.to_string().contains("part refused by the test"),
        "{err}"
    );
    assert_eq!(store.uploads.aborted.load(Ordering::SeqCst), 1);
    assert_eq!(store.uploads.completed.load(Ordering::SeqCst), 0);
    // Readers still see the whole old array, never part of the new one.
    assert_eq!(stored(&store, &path).unwrap(), npy_bytes(&old));
}

#[test]
fn a_dropped_upload_leaves_nothing() {
    let store = Counting::new(Arc::new(InMemory::new()));
    let path = Path::from("out/half.bin");
    let mut up = Upload::create(store.clone(), &path);
    up.part_size(1).concurrency(2); // raised to the 5 MiB minimum
    up.write_all(&vec![9u8; 11 << 20]).unwrap();
    assert_eq!(up.written(), 11 << 20);
    assert_eq!(store.uploads.parts.load(Ordering::SeqCst), 2);
    drop(up);
    assert_eq!(store.uploads.aborted.load(Ordering::SeqCst), 1);
    assert_eq!(stored(&store, &path), None);

    // Finished, the same bytes are one object.
    let mut up = Upload::create(store.clone(), &path);
    up.part_size(1);
    up.write_all(&vec![9u8; 11 << 20]).unwrap();
    assert_eq!(up.finish().unwrap(), 11 << 20);
    assert_eq!(stored(&store, &path).unwrap(), vec![9u8; 11 << 20]);
}

#[test]
fn an_archive_is_staged_then_uploaded() {
    let store = Counting::new(Arc::new(InMemory::new()));
    let dyn_store: Arc<dyn ObjectStore> = store.clone();
    let path = Path::from("out/arrays.npz");
    let w = Array2::from_shape_fn((100, 3), |(i, j)| (i + j) as f32);
    let b = Array2::from_shape_fn((1, 3), |(_, j)| j as f32 - 1.0);
    let arrays = [("w", &w), ("b", &b)];
    let size = savez_blocking(dyn_store.clone(), &path, &arrays, Compression::Stored).unwrap();
    let bytes = stored(&store, &path).unwrap();
    assert_eq!(bytes.len() as u64, size);
    // The same bytes as the archive written to a local file.
    let mut local =
        npz_archive::NpzWriter::new(std::io::Cursor::new(Vec::new()), Compression::Stored);
    local.add_all(&arrays).unwrap();
    assert_eq!(bytes, local.finish().unwrap().into_inner());

    let z = Path::from("out/arrays_z.npz");
    savez_blocking(
        dyn_store.clone(),
        &z,
        &arrays,
        Compression::NUMPY_COMPRESSED,
    )
    .unwrap();
    let mut npz = npio_remote::open_npz_blocking(dyn_store, &z).unwrap();
    assert_eq!(npz.names(), ["w", "b"]);
    let got: Array2<f32> = npz.by_name("w").unwrap();
    assert_eq!(got, w);
    assert_eq!(npz.info(0).unwrap().method.name(), "deflate");
}

#[test]
fn a_local_file_is_uploaded_whole() {
    let store = Counting::new(Arc::new(InMemory::new()));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.npy");
    let a = Array1::from_shape_fn(1 << 20, |i| i as u64); // 8 MiB + header: 2 parts
    npy_format::write_npy(&file, &a).unwrap();
    let path = Path::from("x.npy");
    let size = npio_remote::upload_file_blocking(store.clone(), &path, &file).unwrap();
    assert_eq!(size, std::fs::metadata(&file).unwrap().len());
    assert_eq!(store.uploads.parts.load(Ordering::SeqCst), 2);
    assert_eq!(
        stored(&store, &path).unwrap(),
        std::fs::read(&file).unwrap()
    );

    let missing = dir.path().join("missing.npy");
    let err = npio_remote::upload_file_blocking(store, &path, &missing).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Local(_)), "{err}");
}
