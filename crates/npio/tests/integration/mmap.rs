//! `memmap`, `open_memmap` and `create_memmap` against NumPy's
//! `np.memmap` and `open_memmap`.

use crate::common::{arg, run_python};
use ndarray::{Ix1, Ix2};
use npio::mmap::Mode;

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn create_memmap_writes_what_np_save_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grid.npy");
    let mut map = npio::create_memmap(&path, npio::dtype::<f32>(), &[3, 5], true).unwrap();
    assert_eq!(map.mode(), Mode::Create);
    {
        let mut view = map.view_mut::<f32, Ix2>().unwrap();
        for ((i, j), x) in view.indexed_iter_mut() {
            *x = (i * 5 + j) as f32;
        }
    }
    map.flush().unwrap();
    drop(map);
    run_python(
        r#"
import io, sys, numpy as np
path = sys.argv[1]
a = np.load(path)
expected = np.asfortranarray(np.arange(15, dtype=np.float32).reshape(3, 5))
assert a.flags.f_contiguous and np.array_equal(a, expected), a
again = io.BytesIO()
np.save(again, expected)
assert open(path, "rb").read() == again.getvalue()
"#,
        &[arg(&path)],
    );
}

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn open_memmap_reads_and_writes_numpys_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.npy");
    run_python(
        "import sys, numpy as np; np.save(sys.argv[1], np.arange(10, dtype='<i8'))",
        &[arg(&path)],
    );
    {
        let map = npio::open_memmap(&path, Mode::ReadOnly).unwrap();
        assert_eq!(map.view::<i64, Ix1>().unwrap()[9], 9);
        assert!(
            npio::open_memmap(&path, Mode::ReadOnly)
                .unwrap()
                .view_mut::<i64, Ix1>()
                .is_err()
        );
    }
    {
        let mut scratch = npio::open_memmap(&path, Mode::CopyOnWrite).unwrap();
        scratch.view_mut::<i64, Ix1>().unwrap().fill(-1);
    }
    let mut map = npio::open_memmap(&path, Mode::ReadWrite).unwrap();
    map.view_mut::<i64, Ix1>().unwrap()[0] = 100;
    map.flush().unwrap();
    drop(map);
    let out = run_python(
        "import sys, numpy as np; print(np.load(sys.argv[1]).tolist())",
        &[arg(&path)],
    );
    assert_eq!(out.trim(), "[100, 1, 2, 3, 4, 5, 6, 7, 8, 9]");

    let err = npio::open_memmap(dir.path().join("none.npy"), Mode::ReadOnly).unwrap_err();
    assert!(err.to_string().contains("none.npy"), "{err}");
}

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn memmap_maps_raw_files_as_np_memmap() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("raw.bin");
    // np.memmap(path, dtype="<u2", mode="w+", offset=4, shape=(2, 3), order="F")
    run_python(
        r#"
import sys, numpy as np
m = np.memmap(sys.argv[1], dtype="<u2", mode="w+", offset=4, shape=(2, 3), order="F")
m[:] = np.arange(6).reshape(2, 3)
m.flush()
"#,
        &[arg(&path)],
    );
    let map = npio::memmap(npio::npy::DType::parse_descr("<u2").unwrap())
        .offset(4)
        .shape(&[2, 3])
        .fortran_order(true)
        .open(&path)
        .unwrap();
    let expected = ndarray::Array2::from_shape_fn((2, 3), |(i, j)| (i * 3 + j) as u16);
    assert_eq!(map.view::<u16, Ix2>().unwrap(), expected);

    // Without a shape: 1-D from the length after the offset.
    let flat = npio::memmap(npio::dtype::<u16>())
        .offset(4)
        .open(&path)
        .unwrap();
    assert_eq!(flat.shape(), &[6]);

    // w+ from npio, read by np.memmap.
    let made = dir.path().join("made.bin");
    let mut out = npio::memmap(npio::dtype::<f64>())
        .mode(Mode::Create)
        .shape(&[4])
        .open(&made)
        .unwrap();
    out.view_mut::<f64, Ix1>()
        .unwrap()
        .assign(&ndarray::array![0.5, 1.5, 2.5, 3.5]);
    out.flush().unwrap();
    drop(out);
    let out = run_python(
        "import sys, numpy as np; print(np.memmap(sys.argv[1], dtype='<f8', mode='r').tolist())",
        &[arg(&made)],
    );
    assert_eq!(out.trim(), "[0.5, 1.5, 2.5, 3.5]");
}
