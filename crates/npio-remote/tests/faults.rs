//! Stores that fail: server errors, short bodies, broken connections, and
//! objects replaced between two requests. Each read ends with a typed
//! error; none returns wrong bytes.

mod counting;

use counting::{Counting, Fault, put};
use ndarray::Array2;
use npio_remote::{ErrorKind, RemoteNpy, Transfer, open_npz_blocking};
use object_store::memory::InMemory;
use std::io::Read;
use std::sync::Arc;

fn npy_bytes(a: &Array2<f64>) -> Vec<u8> {
    let mut v = Vec::new();
    npy_format::WriteNpyExt::write_npy_to(a, &mut v).unwrap();
    v
}

fn table(scale: f64) -> Array2<f64> {
    Array2::from_shape_fn((1000, 4), |(i, j)| (i * 4 + j) as f64 * scale)
}

#[test]
fn a_replaced_object_fails_the_read_instead_of_mixing_versions() {
    let store = Counting::new(Arc::new(InMemory::new()));
    let path = put(&store, "t.npy", npy_bytes(&table(1.0)));
    let npy = RemoteNpy::open_blocking(store.clone(), &path).unwrap();
    // Same size, same header, other values: only the version tells.
    put(&store, "t.npy", npy_bytes(&table(2.0)));
    let err = npy.read_rows_blocking(0..10).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Changed), "{err}");
    assert!(
        err.to_string().contains("changed while it was read"),
        "{err}"
    );
    let err = npy.read_blocking(&Transfer::default()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Changed), "{err}");
    // Opened again, the new version reads.
    let npy = RemoteNpy::open_blocking(store.clone(), &path).unwrap();
    let rows: Array2<f64> = npy.read_rows_blocking(1..2).unwrap().to_array().unwrap();
    assert_eq!(rows, ndarray::array![[8.0, 10.0, 12.0, 14.0]]);

    // An archive replaced after its directory was read.
    let archive = |scale: f64| {
        let mut w = npz_archive::NpzWriter::new(
            std::io::Cursor::new(Vec::new()),
            npz_archive::Compression::Stored,
        );
        w.add("t", &table(scale)).unwrap();
        w.add("pad", &Array2::<u8>::zeros((300, 300))).unwrap();
        w.finish().unwrap().into_inner()
    };
    let path = put(&store, "a.npz", archive(1.0));
    let mut npz = open_npz_blocking(store.clone(), &path).unwrap();
    put(&store, "a.npz", archive(3.0));
    let err = npz.by_name_dyn("t").unwrap_err();
    assert!(
        err.to_string().contains("changed while it was read"),
        "{err}"
    );
}

#[test]
fn server_errors_short_bodies_and_cut_connections_are_errors() {
    let store = Counting::new(Arc::new(InMemory::new()));
    let path = put(&store, "t.npy", npy_bytes(&table(1.0)));
    let npy = RemoteNpy::open_blocking(store.clone(), &path).unwrap();
    let set = |f: Option<Fault>| *store.fault.lock().unwrap() = f;

    set(Some(Fault::ServerError));
    let err = npy.read_rows_blocking(0..10).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Store(_)), "{err}");
    assert!(err.to_string().contains("500"), "{err}");
    assert!(RemoteNpy::open_blocking(store.clone(), &path).is_err());

    set(Some(Fault::Short));
    let err = npy.read_rows_blocking(0..10).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Truncated { .. }), "{err}");
    for t in [Transfer::single(), Transfer::default()] {
        let err = npy.read_blocking(&t).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Truncated { .. }), "{err}");
    }

    let opts = npy_format::ReadOptions::default();
    let err = npio_remote::load_npy_blocking(store.clone(), &path, &opts).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Truncated { .. }), "{err}");

    set(Some(Fault::Cut));
    let err = npio_remote::load_npy_blocking(store.clone(), &path, &opts).unwrap_err();
    assert!(err.to_string().contains("connection reset"), "{err}");
    let err = npy.read_rows_blocking(0..10).unwrap_err();
    assert!(err.to_string().contains("connection reset"), "{err}");
    let err = npy.read_blocking(&Transfer::single()).unwrap_err();
    assert!(err.to_string().contains("connection reset"), "{err}");

    // Through the blocking reader, as npz-archive reads (an object larger
    // than the 64 KiB tail fetched when it is opened).
    set(None);
    let big = Array2::from_shape_fn((20000, 4), |(i, j)| (i + j) as f64);
    let path = put(&store, "big.npy", npy_bytes(&big));
    let mut r = npio_remote::RangeReader::open_blocking(store.clone(), &path).unwrap();
    for (fault, expect) in [
        (Fault::ServerError, "500"),
        (Fault::Short, "fewer"),
        (Fault::Cut, "connection reset"),
    ] {
        set(Some(fault));
        let mut buf = vec![0u8; 100];
        let err = r.read_exact(&mut buf).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains(expect) || (expect == "fewer" && text.contains("holds")),
            "{fault:?}: {text}"
        );
    }
    set(None);
    let mut start = [0u8; 6];
    r.read_exact(&mut start).unwrap();
    assert_eq!(&start, b"\x93NUMPY");
}
