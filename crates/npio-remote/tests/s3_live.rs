//! RemoteNpy against a real S3 protocol server: moto's server mode,
//! started on 127.0.0.1 by the test itself (`./test` installs it into
//! `.venv`), holding arrays NumPy wrote. Every request is counted.

mod counting;

use counting::Counting;
use ndarray::{Array2, s};
use npio_remote::{ErrorKind, RemoteNpy, Transfer, open_npz_blocking};
use npio_test_support::Moto;
use object_store::ObjectStore;
use object_store::aws::AmazonS3Builder;
use object_store::path::Path;
use std::sync::Arc;

fn start_moto() -> Moto {
    Moto::start()
}

/// Writes NumPy's arrays to the bucket with boto3 (which moto brings).
fn numpy_puts(endpoint: &str) {
    let script = r#"
import io, sys, boto3, numpy as np
s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1",
                  aws_access_key_id="testing", aws_secret_access_key="testing")
s3.create_bucket(Bucket="npio")
def put(key, a):
    b = io.BytesIO(); np.save(b, a); s3.put_object(Bucket="npio", Key=key, Body=b.getvalue())
put("runs/table.npy", (np.arange(40000, dtype="<f8") * 0.5).reshape(10000, 4))
put("runs/big_endian.npy", np.arange(-300, 300, dtype=">i4").reshape(200, 3))
def put_npz(key, save, arrays):
    b = io.BytesIO(); save(b, **arrays); s3.put_object(Bucket="npio", Key=key, Body=b.getvalue())
put_npz("runs/hundred.npz", np.savez,
        {f"m{i:03}": np.arange(32768, dtype="<f8") + i for i in range(100)})
put_npz("runs/compressed.npz", np.savez_compressed,
        {"walk": np.cumsum(np.arange(200000) % 7 - 3).astype("<f8"),
         "labels": (np.arange(200000) % 1000).astype("<i8")})
"#;
    npio_test_support::run_python(script, &[endpoint]);
}

fn s3(endpoint: &str) -> Arc<Counting> {
    let store = AmazonS3Builder::new()
        .with_endpoint(endpoint)
        .with_allow_http(true)
        .with_bucket_name("npio")
        .with_region("us-east-1")
        .with_access_key_id("testing")
        .with_secret_access_key("testing")
        .build()
        .unwrap();
    Counting::new(Arc::new(store))
}

#[test]
#[ignore = "needs NumPy and moto: ./test runs it"]
fn numpy_arrays_on_s3_read_by_range() {
    let moto = start_moto();
    numpy_puts(&moto.endpoint);
    let store = s3(&moto.endpoint);
    let dyn_store: Arc<dyn ObjectStore> = store.clone();
    let want = Array2::from_shape_fn((10000, 4), |(i, j)| (i * 4 + j) as f64 * 0.5);

    let npy = RemoteNpy::open_blocking(dyn_store.clone(), &Path::from("runs/table.npy")).unwrap();
    assert_eq!(npy.header().shape, [10000, 4]);
    // One request for the header: the object's first 4 KiB.
    assert_eq!(store.take(), (1, 4096));

    // Four workers' shares, one request of exactly their bytes each.
    for w in 0..4 {
        let rows = w * 2500..(w + 1) * 2500;
        let got: Array2<f64> = npy
            .read_rows_blocking(rows.clone())
            .unwrap()
            .to_array()
            .unwrap();
        assert_eq!(got, want.slice(s![rows, ..]));
        assert_eq!(store.take(), (1, 2500 * 4 * 8));
    }

    // The whole array, in parallel parts and in one streamed request.
    let mut t = Transfer::default();
    t.part_size(100_000).concurrency(4);
    let got: Array2<f64> = npy.read_array_blocking(&t).unwrap();
    assert_eq!(got, want);
    assert_eq!(store.take(), (4, 320_000));
    let got: Array2<f64> = npy.read_array_blocking(&Transfer::single()).unwrap();
    assert_eq!(got, want);
    assert_eq!(store.take(), (1, 320_000));

    // Big-endian data is swapped, as np.load swaps it.
    let be =
        RemoteNpy::open_blocking(dyn_store.clone(), &Path::from("runs/big_endian.npy")).unwrap();
    let got: Array2<i32> = be.read_rows_blocking(100..102).unwrap().to_array().unwrap();
    assert_eq!(got, ndarray::array![[0, 1, 2], [3, 4, 5]]);

    // Replaced on the server after the header was read: S3 refuses the
    // If-Match of the next read, which fails rather than mix versions.
    let other = npy_format::NpyArray::from_array(&Array2::<f64>::zeros((10000, 4)));
    npio_remote::save_npy_blocking(dyn_store.clone(), &Path::from("runs/table.npy"), &other)
        .unwrap();
    let err = npy.read_rows_blocking(0..10).unwrap_err();
    assert!(
        matches!(err.kind(), npio_remote::ErrorKind::Changed),
        "{err}"
    );

    // A missing key is a typed "not found".
    let err = RemoteNpy::open_blocking(dyn_store, &Path::from("runs/missing.npy")).unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert_eq!(
        err.to_string(),
        "object store: no object at runs/missing.npy"
    );

    // So is a missing bucket, said as such.
    let no_bucket = AmazonS3Builder::new()
        .with_endpoint(&moto.endpoint)
        .with_allow_http(true)
        .with_bucket_name("no-such-bucket")
        .with_region("us-east-1")
        .with_access_key_id("testing")
        .with_secret_access_key("testing")
        .build()
        .unwrap();
    let err = RemoteNpy::open_blocking(Arc::new(no_bucket), &Path::from("x.npy")).unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert_eq!(
        err.to_string(),
        "object store: the bucket does not exist (reading x.npy)"
    );
}

#[test]
#[ignore = "needs NumPy and moto: ./test runs it"]
fn bad_credentials_are_refused_with_a_clear_message() {
    let moto = Moto::start_checking_credentials();
    let secret = "not-a-real-secret-8472";
    let store = AmazonS3Builder::new()
        .with_endpoint(&moto.endpoint)
        .with_allow_http(true)
        .with_bucket_name("npio")
        .with_region("us-east-1")
        .with_access_key_id("AKIAUNKNOWN")
        .with_secret_access_key(secret)
        .build()
        .unwrap();
    let store: Arc<dyn ObjectStore> = Arc::new(store);
    let err = RemoteNpy::open_blocking(store.clone(), &Path::from("runs/x.npy")).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::Store(object_store::Error::PermissionDenied { .. })
        ),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(
        text.starts_with("object store: access to runs/x.npy refused; check the credentials"),
        "{text}"
    );
    assert!(text.contains("InvalidAccessKeyId"), "{text}");
    assert!(!text.contains(secret), "{text}");
    // Writing is refused too, and reported.
    let err = npio_remote::save_npy_blocking(
        store,
        &Path::from("runs/y.npy"),
        &ndarray::array![1.0f64, 2.0],
    )
    .unwrap_err();
    assert!(err.to_string().contains("refused"), "{err}");
    assert!(!err.to_string().contains(secret), "{err}");
}

#[test]
#[ignore = "needs NumPy and moto: ./test runs it"]
fn numpy_archives_on_s3_read_lazily() {
    let moto = start_moto();
    numpy_puts(&moto.endpoint);
    let store = s3(&moto.endpoint);
    let dyn_store: Arc<dyn ObjectStore> = store.clone();
    store.take();

    // 100 members of 256 KiB written by np.savez: describing every member
    // costs at most 100 + 3 requests and moves under 1 MiB of 25 MiB.
    let mut npz = open_npz_blocking(dyn_store.clone(), &Path::from("runs/hundred.npz")).unwrap();
    assert_eq!(npz.len(), 100);
    for i in 0..100 {
        let info = npz.describe(i).unwrap();
        assert_eq!(info.header.unwrap().header.shape, [32768]);
    }
    let (gets, moved) = store.take();
    assert!(gets <= 103, "{gets} requests");
    assert!(moved < 1 << 20, "{moved} bytes");
    let m7: ndarray::Array1<f64> = npz.by_name("m007").unwrap();
    assert_eq!(
        m7,
        ndarray::Array1::from_shape_fn(32768, |k| (k + 7) as f64)
    );

    // The same members written by npio: the directory describes them all.
    let members: Vec<(String, ndarray::Array1<f64>)> = (0..100)
        .map(|i| {
            let a = ndarray::Array1::from_shape_fn(32768, |k| (k + i) as f64);
            (format!("m{i:03}"), a)
        })
        .collect();
    let named: Vec<(&str, &ndarray::Array1<f64>)> =
        members.iter().map(|(n, a)| (n.as_str(), a)).collect();
    let path = Path::from("runs/hundred-npio.npz");
    npio_remote::savez_blocking(
        dyn_store.clone(),
        &path,
        &named,
        npz_archive::Compression::Stored,
    )
    .unwrap();
    store.take();
    let mut npz = open_npz_blocking(dyn_store.clone(), &path).unwrap();
    for i in 0..100 {
        let d = npz.describe(i).unwrap();
        assert_eq!(d.name, format!("m{i:03}"));
        assert_eq!(d.header.unwrap().header.shape, [32768]);
    }
    let (gets, moved) = store.take();
    assert!(gets <= 3, "{gets} requests");
    assert!(moved <= 64 << 10, "{moved} bytes");

    // np.savez_compressed's members, streamed and inflated.
    let mut npz = open_npz_blocking(dyn_store, &Path::from("runs/compressed.npz")).unwrap();
    let walk: ndarray::Array1<f64> = npz.by_name("walk").unwrap();
    let mut sum = 0i64;
    let want: Vec<f64> = (0..200000i64)
        .map(|k| {
            sum += k % 7 - 3;
            sum as f64
        })
        .collect();
    assert_eq!(walk.to_vec(), want);
    let labels: ndarray::Array1<i64> = npz.by_name("labels").unwrap();
    assert_eq!(labels[123_456], 456);
}

#[test]
#[ignore = "needs NumPy and moto: ./test runs it"]
fn arrays_written_to_s3_load_in_numpy() {
    use npio_remote::{save_npy_blocking, savez_blocking};
    use std::sync::atomic::Ordering;
    let moto = start_moto();
    numpy_puts(&moto.endpoint);
    let store = s3(&moto.endpoint);
    let dyn_store: Arc<dyn ObjectStore> = store.clone();

    // 12 MiB: a multipart upload of two parts; 40 bytes: one request.
    let big = ndarray::Array2::from_shape_fn((1 << 18, 6), |(i, j)| (i * 6 + j) as f64);
    save_npy_blocking(dyn_store.clone(), &Path::from("out/big.npy"), &big).unwrap();
    assert_eq!(store.uploads.parts.load(Ordering::SeqCst), 2);
    assert_eq!(store.uploads.completed.load(Ordering::SeqCst), 1);
    let small = ndarray::array![[1i16, -2], [3, -4]];
    save_npy_blocking(dyn_store.clone(), &Path::from("out/small.npy"), &small).unwrap();
    assert_eq!(store.puts.load(Ordering::SeqCst), 1);
    let arrays = [("w", &small), ("b", &ndarray::array![[7i16, 8]])];
    savez_blocking(
        dyn_store.clone(),
        &Path::from("out/pair.npz"),
        &arrays,
        npz_archive::Compression::NUMPY_COMPRESSED,
    )
    .unwrap();

    // A failed part: the upload is aborted on the server, nothing appears.
    store.uploads.fail_part.store(3, Ordering::SeqCst);
    let err = save_npy_blocking(dyn_store, &Path::from("out/failed.npy"), &big).unwrap_err();
    assert!(err.to_string().contains("part refused"), "{err}");
    assert_eq!(store.uploads.aborted.load(Ordering::SeqCst), 1);

    let script = r#"
import io, sys, boto3, numpy as np
s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1",
                  aws_access_key_id="testing", aws_secret_access_key="testing")
def get(key):
    return io.BytesIO(s3.get_object(Bucket="npio", Key=key)["Body"].read())
big = np.load(get("out/big.npy"))
assert big.dtype == np.float64 and big.shape == (1 << 18, 6), big.shape
assert (big.ravel() == np.arange((1 << 18) * 6)).all()
assert (np.load(get("out/small.npy")) == np.array([[1, -2], [3, -4]], "<i2")).all()
with np.load(get("out/pair.npz")) as z:
    assert list(z.keys()) == ["w", "b"], list(z.keys())
    assert (z["b"] == [[7, 8]]).all()
keys = [o["Key"] for o in s3.list_objects_v2(Bucket="npio", Prefix="out/").get("Contents", [])]
assert "out/failed.npy" not in keys, keys
uploads = s3.list_multipart_uploads(Bucket="npio").get("Uploads", [])
assert uploads == [], uploads
print("ok")
"#;
    let out = npio_test_support::run_python(script, &[&moto.endpoint]);
    assert_eq!(out.trim(), "ok");
}
