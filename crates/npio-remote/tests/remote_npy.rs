//! RemoteNpy against an in-memory store and the local filesystem, with
//! every request counted: the header in one request, rows in one request
//! of exactly their bytes, the whole array in the parts asked for, and a
//! typed error (never a panic or a large allocation) for damaged objects.

mod counting;

use counting::{Counting, put};
use ndarray::{Array2, Array3, ArrayD, IxDyn, array};
use npio_remote::{ErrorKind, RemoteNpy, Transfer};
use npy_format::{DType, Header, WriteNpyExt};
use object_store::ObjectStore;
use object_store::memory::InMemory;
use object_store::path::Path;
use std::sync::Arc;

fn npy_bytes<A: WriteNpyExt>(a: &A) -> Vec<u8> {
    let mut out = Vec::new();
    a.write_npy(&mut out).unwrap();
    out
}

fn store() -> Arc<Counting> {
    Counting::new(Arc::new(InMemory::new()))
}

fn dyn_store(s: &Arc<Counting>) -> Arc<dyn ObjectStore> {
    s.clone()
}

/// 1000 × 7 float64, values that tell every element apart.
fn table() -> Array2<f64> {
    Array2::from_shape_fn((1000, 7), |(i, j)| i as f64 * 10.0 + j as f64 + 0.25)
}

#[test]
fn the_header_takes_one_small_request() {
    let s = store();
    let bytes = npy_bytes(&table());
    let path = put(&s, "t.npy", bytes.clone());
    let npy = RemoteNpy::open_blocking(dyn_store(&s), &path).unwrap();
    assert_eq!(npy.header().shape, [1000, 7]);
    assert_eq!(npy.object_size(), bytes.len() as u64);
    assert_eq!(s.take(), (1, 4096));
}

#[test]
fn rows_take_one_request_of_exactly_their_bytes() {
    let s = store();
    let a = table();
    let path = put(&s, "t.npy", npy_bytes(&a));
    let npy = RemoteNpy::open_blocking(dyn_store(&s), &path).unwrap();
    s.take();
    for (lo, hi) in [(0, 1), (250, 500), (999, 1000), (0, 1000)] {
        let got = npy.read_rows_blocking(lo..hi).unwrap();
        assert_eq!(s.take(), (1, (hi - lo) as u64 * 7 * 8), "{lo}..{hi}");
        let got: Array2<f64> = got.to_array().unwrap();
        assert_eq!(got, a.slice(ndarray::s![lo..hi, ..]));
    }
    let none = npy.read_rows_blocking(5..5).unwrap();
    assert_eq!(none.shape(), &[0, 7]);
    assert_eq!(s.take(), (0, 0));
}

#[test]
fn whole_arrays_come_in_the_parts_asked_for() {
    let s = store();
    let a = table();
    let path = put(&s, "t.npy", npy_bytes(&a));
    let npy = RemoteNpy::open_blocking(dyn_store(&s), &path).unwrap();
    s.take();
    let data = 1000 * 7 * 8;
    let mut t = Transfer::default();
    for (part, conc) in [(1000, 3), (4096, 1), (7, 8), (data, 1)] {
        t.part_size(part).concurrency(conc);
        let got: Array2<f64> = npy.read_array_blocking(&t).unwrap();
        assert_eq!(got, a, "part {part}, {conc} in flight");
        assert_eq!(s.take(), (t.parts(data), data), "part {part}");
    }
    let got: Array2<f64> = npy.read_array_blocking(&Transfer::single()).unwrap();
    assert_eq!(got, a);
    assert_eq!(s.take(), (1, data));
}

#[test]
fn the_async_api_reads_the_same() {
    let s = store();
    let a = Array3::from_shape_fn((4, 3, 2), |(i, j, k)| (i * 100 + j * 10 + k) as i16);
    let path = put(&s, "c.npy", npy_bytes(&a));
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(async {
        let npy = RemoteNpy::open(dyn_store(&s), &path).await.unwrap();
        let rows = npy.read_rows(1..3).await.unwrap();
        let rows: Array3<i16> = rows.to_array().unwrap();
        assert_eq!(rows, a.slice(ndarray::s![1..3, .., ..]));
        let all: ArrayD<i16> = npy.read_array(&Transfer::default()).await.unwrap();
        assert_eq!(all, a.into_dyn());
        // The blocking twins refuse to run inside a runtime.
        let err = npy.read_rows_blocking(0..1).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Runtime(_)), "{err}");
    });
}

#[test]
fn a_long_header_takes_a_second_request_and_no_more() {
    let s = store();
    // A record dtype whose header passes 4 KiB.
    let fields: Vec<String> = (0..500)
        .map(|i| format!("('field_{i:03}', '<f4')"))
        .collect();
    let descr = format!("[{}]", fields.join(", "));
    let dtype = DType::parse_descr(&descr).unwrap();
    let header = Header::new(dtype, vec![3], false);
    let mut bytes = header.to_bytes().unwrap();
    assert!(bytes.len() > 4096, "{}", bytes.len());
    bytes.extend(std::iter::repeat_n(7u8, 3 * 500 * 4));
    let path = put(&s, "wide.npy", bytes.clone());
    let mut limits = npy_format::ReadOptions::new();
    limits.max_header_size(1 << 20);
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let npy = rt
        .block_on(RemoteNpy::open_with(dyn_store(&s), &path, &limits))
        .unwrap();
    assert_eq!(npy.header().shape, [3]);
    let header_len = npy.parsed_header().data_offset;
    assert_eq!(s.take(), (2, header_len));
    let row = npy.read_rows_blocking(2..3).unwrap();
    assert_eq!(row.data(), &bytes[bytes.len() - 2000..]);
    assert_eq!(s.take(), (1, 2000));
    // With the default limits the length field alone refuses it.
    assert!(header_len > 10_000, "{header_len}");
    let Err(err) = RemoteNpy::open_blocking(dyn_store(&s), &path) else {
        panic!("a header over the default limit was read");
    };
    assert!(
        matches!(
            err.npy_kind(),
            Some(npy_format::ErrorKind::HeaderTooLarge { .. })
        ),
        "{err}"
    );
    assert_eq!(s.take().0, 1);
}

#[test]
fn damaged_objects_give_typed_errors() {
    let s = store();
    let good = npy_bytes(&table());
    // Cut short: the header says more data than the object holds.
    let path = put(&s, "short.npy", good[..good.len() - 1].to_vec());
    let err = RemoteNpy::open_blocking(dyn_store(&s), &path).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Truncated { .. }), "{err}");
    // A forged shape of 2^60 rows: refused before anything is allocated.
    let huge = Header::new(
        DType::parse_descr("<f8").unwrap(),
        vec![1 << 40, 1 << 20],
        false,
    );
    let path = put(&s, "huge.npy", huge.to_bytes().unwrap());
    let err = RemoteNpy::open_blocking(dyn_store(&s), &path).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Truncated { .. } | ErrorKind::Npy(_)),
        "{err}"
    );
    // Not a .npy at all, and an empty object.
    for (name, bytes) in [("text.npy", b"a,b\n1,2\n".to_vec()), ("empty.npy", vec![])] {
        let path = put(&s, name, bytes);
        let err = RemoteNpy::open_blocking(dyn_store(&s), &path).unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::Npy(_) | ErrorKind::Store(_)),
            "{name}: {err}"
        );
    }
    // Missing.
    let err = RemoteNpy::open_blocking(dyn_store(&s), &Path::from("nope.npy")).unwrap_err();
    assert!(err.is_not_found(), "{err}");
}

#[test]
fn rows_are_refused_where_no_range_holds_them() {
    let s = store();
    let path = put(&s, "t.npy", npy_bytes(&table()));
    let npy = RemoteNpy::open_blocking(dyn_store(&s), &path).unwrap();
    let err = npy.read_rows_blocking(999..1001).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::RowRange { rows: 1000, .. }),
        "{err}"
    );
    let f = table().reversed_axes();
    let path = put(&s, "f.npy", npy_bytes(&f));
    let npy = RemoteNpy::open_blocking(dyn_store(&s), &path).unwrap();
    assert!(npy.header().fortran_order);
    let err = npy.read_rows_blocking(0..1).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::NotRowMajor { .. }), "{err}");
    // The whole Fortran-order array still reads.
    let all: Array2<f64> = npy.read_array_blocking(&Transfer::default()).unwrap();
    assert_eq!(all, f);
    let zero_d = ArrayD::from_elem(IxDyn(&[]), 5u8);
    let path = put(&s, "z.npy", npy_bytes(&zero_d));
    let npy = RemoteNpy::open_blocking(dyn_store(&s), &path).unwrap();
    assert!(npy.read_rows_blocking(0..1).is_err());
    let mut buf = [0u8; 2];
    let err = npy
        .read_into_blocking(&mut buf, &Transfer::default())
        .unwrap_err();
    assert!(matches!(
        err.kind(),
        ErrorKind::BufferLength {
            expected: 1,
            found: 2
        }
    ));
}

#[test]
fn file_urls_read_local_files() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.npy");
    let a = array![[1u32, 2, 3], [4, 5, 6]];
    npy_format::write_npy(&file, &a).unwrap();
    let npy = RemoteNpy::open_url_blocking(&format!("file://{}", file.display())).unwrap();
    let got: Array2<u32> = npy.read_array_blocking(&Transfer::default()).unwrap();
    assert_eq!(got, a);
    let row: Array2<u32> = npy.read_rows_blocking(1..2).unwrap().to_array().unwrap();
    assert_eq!(row, array![[4u32, 5, 6]]);
}

#[test]
fn load_npy_reads_header_and_data_in_one_request() {
    let s = store();
    let path = put(&s, "t.npy", npy_bytes(&table()));
    let opts = npy_format::ReadOptions::default();
    let a = npio_remote::load_npy_blocking(dyn_store(&s), &path, &opts).unwrap();
    assert_eq!(a.to_array::<f64, ndarray::Ix2>().unwrap(), table());
    assert_eq!(s.take(), (1, 128 + 1000 * 7 * 8));

    // Bytes after the data are ignored, as np.load ignores them.
    let mut long = npy_bytes(&array![1i16, -2]);
    long.extend_from_slice(b"trailing");
    let path = put(&s, "long.npy", long);
    let a = npio_remote::load_npy_blocking(dyn_store(&s), &path, &opts).unwrap();
    assert_eq!(a.data(), &[1, 0, 0xfe, 0xff]);

    // A header promising more than the object holds allocates nothing.
    let mut forged = npy_bytes(&Array2::<f64>::zeros((20, 20)));
    let at = forged.windows(8).position(|w| w == b"(20, 20)").unwrap();
    forged[at..at + 8].copy_from_slice(b"(99, 99)");
    let path = put(&s, "forged.npy", forged);
    let err = npio_remote::load_npy_blocking(dyn_store(&s), &path, &opts).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Truncated { .. }), "{err}");

    // The header's limits hold before anything else is read.
    let mut strict = npy_format::ReadOptions::default();
    strict.max_ndim(1);
    let path = put(&s, "t2.npy", npy_bytes(&table()));
    let err = npio_remote::load_npy_blocking(dyn_store(&s), &path, &strict).unwrap_err();
    assert!(
        matches!(
            err.npy_kind(),
            Some(npy_format::ErrorKind::TooManyDims { .. })
        ),
        "{err}"
    );
}
