//! Stored `.npz` members read by range as `.npy` objects, and the async
//! `.npz` API, with every request counted.

mod counting;

use counting::{Counting, put};
use ndarray::{Array1, Array2, s};
use npio_remote::{ErrorKind, RangeReader, RemoteNpy, Transfer, describe_npz, open_npz};
use npz_archive::{Compression, NpzLimits, NpzWriter};
use object_store::ObjectStore;
use object_store::memory::InMemory;
use std::io::Cursor;
use std::sync::Arc;

fn table() -> Array2<f64> {
    Array2::from_shape_fn((10_000, 4), |(i, j)| (i * 4 + j) as f64)
}

/// A stored archive: a table, a Fortran-order copy, a text member; and a
/// deflated member.
fn archive() -> Vec<u8> {
    let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    w.add("ids", &Array1::from_iter(0..100i32)).unwrap();
    w.add("table", &table()).unwrap();
    w.add("fortran", &table().t()).unwrap();
    w.add_file("notes.txt", &mut &b"hello"[..]).unwrap();
    w.compression(Compression::Deflate(6));
    w.add("packed", &table()).unwrap();
    w.finish().unwrap().into_inner()
}

#[test]
fn rows_of_a_stored_member_cost_one_request_of_exactly_their_bytes() {
    let s = Counting::new(Arc::new(InMemory::new()));
    let path = put(&s, "a.npz", archive());
    let store: Arc<dyn ObjectStore> = s.clone();
    let table_npy = RemoteNpy::open_member_blocking(store.clone(), &path, "table.npy").unwrap();
    assert_eq!(table_npy.header().shape, [10_000, 4]);
    assert!(table_npy.start() > 0);
    let (gets, _) = s.take();
    assert_eq!(gets, 2, "the directory, then the member's headers");

    let rows = table_npy.read_rows_blocking(2500..2600).unwrap();
    assert_eq!(
        rows.to_array::<f64, ndarray::Ix2>().unwrap(),
        table().slice(s![2500..2600, ..])
    );
    assert_eq!(s.take(), (1, 100 * 4 * 8));

    // The whole member, in parallel ranges.
    let mut transfer = Transfer::default();
    transfer.part_size(64 << 10).concurrency(4);
    let all: Array2<f64> = table_npy.read_array_blocking(&transfer).unwrap();
    assert_eq!(all, table());
    let (gets, moved) = s.take();
    assert_eq!(moved, 10_000 * 4 * 8);
    assert_eq!(gets, moved.div_ceil(64 << 10));

    // Members by the name NumPy lists; other members refused by kind.
    let ids = RemoteNpy::open_member_blocking(store.clone(), &path, "ids").unwrap();
    let ids = ids.read_rows_blocking(98..100).unwrap();
    assert_eq!(
        ids.to_array::<i32, ndarray::Ix1>().unwrap(),
        ndarray::array![98, 99]
    );
    let fortran = RemoteNpy::open_member_blocking(store.clone(), &path, "fortran").unwrap();
    let err = fortran.read_rows_blocking(0..1).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::NotRowMajor { .. }), "{err}");
    let whole: Array2<f64> = fortran.read_array_blocking(&Transfer::single()).unwrap();
    assert_eq!(whole, table().t());
    let err = RemoteNpy::open_member_blocking(store.clone(), &path, "packed").unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Compressed { member, method } if member == "packed.npy" && method == "deflate"),
        "{err}"
    );
    let err = RemoteNpy::open_member_blocking(store.clone(), &path, "notes.txt").unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::NotNpy { .. }), "{err}");
    let err = RemoteNpy::open_member_blocking(store, &path, "nope").unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Npz(_)), "{err}");
    assert!(err.to_string().contains("nope"), "{err}");
}

#[tokio::test]
async fn the_async_api_works_inside_a_runtime() {
    let s = Counting::new(Arc::new(InMemory::new()));
    let path = object_store::path::Path::from("a.npz");
    let bytes = archive();
    object_store::ObjectStoreExt::put(&*s.inner, &path, bytes.into())
        .await
        .unwrap();
    let store: Arc<dyn ObjectStore> = s.clone();

    let table_npy = RemoteNpy::open_member(store.clone(), &path, "table")
        .await
        .unwrap();
    let rows = table_npy.read_rows(9_998..10_000).await.unwrap();
    assert_eq!(
        rows.to_array::<f64, ndarray::Ix2>().unwrap(),
        table().slice(s![9_998.., ..])
    );

    let reader = RangeReader::open(store.clone(), &path).await.unwrap();
    let (_, members) = describe_npz(reader, NpzLimits::default()).await.unwrap();
    let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["ids", "table", "fortran", "notes.txt", "packed"]);

    let mut npz = open_npz(store, &path, NpzLimits::default()).await.unwrap();
    let packed = tokio::task::spawn_blocking(move || npz.by_name::<f64, ndarray::Ix2>("packed"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(packed, table());
}

#[tokio::test]
async fn arrays_are_written_from_async_code() {
    let store: Arc<dyn ObjectStore> = Arc::new(InMemory::new());
    let t = Arc::new(table());
    let path = object_store::path::Path::from("out/table.npy");
    let size = npio_remote::save_npy(store.clone(), &path, t.clone())
        .await
        .unwrap();
    assert_eq!(size, 128 + 10_000 * 4 * 8);
    let back = npio_remote::load_npy(store.clone(), &path, &Default::default())
        .await
        .unwrap();
    assert_eq!(back.to_array::<f64, ndarray::Ix2>().unwrap(), *t);

    let arrays = vec![("a".to_string(), t.clone()), ("b".to_string(), t.clone())];
    let path = object_store::path::Path::from("out/pair.npz");
    npio_remote::savez(store.clone(), &path, arrays, Compression::Deflate(6))
        .await
        .unwrap();
    let reader = RangeReader::open(store, &path).await.unwrap();
    let (_, members) = describe_npz(reader, NpzLimits::default()).await.unwrap();
    let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
    assert!(members.iter().all(|m| m.data_start.is_none()));
}
