//! `loadtxt` and `savetxt` against NumPy's.

use crate::common::{arg, run_python};
use ndarray::{Array1, Array2, array};

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn savetxt_writes_np_savetxt_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let typed = dir.path().join("typed.txt");
    let dynamic = dir.path().join("dynamic.txt");
    let a = array![[1.0, -0.5, 1e-300], [2.0 / 3.0, f64::INFINITY, f64::NAN]];
    npio::savetxt(&typed, &a).unwrap();
    npio::savetxt(&dynamic, &npio::NpyArray::from_array(&a)).unwrap();
    run_python(
        r#"
import io, sys, numpy as np
a = np.array([[1.0, -0.5, 1e-300], [2 / 3, np.inf, np.nan]])
out = io.StringIO()
np.savetxt(out, a)
for path in sys.argv[1:]:
    assert open(path).read() == out.getvalue(), (open(path).read(), out.getvalue())
"#,
        &[arg(&typed), arg(&dynamic)],
    );
}

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn loadtxt_reads_np_savetxt_output() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt.gz");
    run_python(
        r#"
import sys, numpy as np
np.savetxt(sys.argv[1], np.arange(6).reshape(3, 2) * 1.25, header="x y")
"#,
        &[arg(&path)],
    );
    let a: Array2<f64> = npio::loadtxt(&path).unwrap();
    assert_eq!(a, array![[0.0, 1.25], [2.5, 3.75], [5.0, 6.25]]);

    // One column comes out 1-D, as np.loadtxt.
    let col = dir.path().join("col.txt");
    std::fs::write(&col, "1\n2\n3\n").unwrap();
    let c: Array1<i32> = npio::loadtxt(&col).unwrap();
    assert_eq!(c, array![1, 2, 3]);
}

#[test]
fn loadtxt_errors_name_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.txt");
    std::fs::write(&path, "# header\n1 2\n3 oops\n").unwrap();
    let err = npio::loadtxt::<f64, ndarray::Ix2, _>(&path).unwrap_err();
    assert!(
        matches!(err.kind(), npio::ErrorKind::Text(e) if e.line() == Some(3)),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(msg.starts_with(&format!("{}: ", path.display())), "{msg}");
    assert!(msg.contains("oops"), "{msg}");
}
