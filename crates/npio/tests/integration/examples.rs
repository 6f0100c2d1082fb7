//! The examples, run as programs so they cannot rot. `cargo test` builds
//! them next to this test binary (`target/<profile>/examples/`).

use std::path::PathBuf;
use std::process::Command;

fn example(name: &str) -> PathBuf {
    let mut dir = std::env::current_exe().expect("test binary path");
    dir.pop();
    if dir.ends_with("deps") {
        dir.pop();
    }
    let path = dir.join("examples").join(name);
    assert!(
        path.exists(),
        "{} is missing: cargo test builds the examples; run this test through cargo test",
        path.display()
    );
    path
}

fn run(name: &str, args: &[&str]) -> String {
    let out = Command::new(example(name))
        .args(args)
        .env("NPIO_PYTHON", npio_test_support::python())
        .output()
        .unwrap_or_else(|e| panic!("running {name}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{name} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn numpy_interop() {
    let out = run("numpy_interop", &[]);
    assert!(
        out.contains("f8_be_f_3d.npy: dtype '>f8', shape [2, 3, 4]"),
        "{out}"
    );
    // NumPy itself read the files the example wrote.
    assert!(
        out.contains("read ['weights', 'labels', 'epochs']"),
        "{out}"
    );
}

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn csv_to_npz() {
    let dir = tempfile::tempdir().unwrap();
    let npz = dir.path().join("readings.npz");
    let csv = npio_test_support::workspace().join("samples/readings.csv");
    let out = run(
        "csv_to_npz",
        &[csv.to_str().unwrap(), npz.to_str().unwrap()],
    );
    assert!(out.contains("5 rows x 4 columns"), "{out}");
    let mut archive = npio::load(&npz).unwrap().into_archive().unwrap();
    assert_eq!(
        archive.names(),
        ["station", "day", "temp_c", "rain_mm", "summary"]
    );
    assert_eq!(archive.by_name_dyn("summary").unwrap().shape(), &[3, 3]);
}

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn larger_than_ram() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.npy");
    let out = run("larger_than_ram", &["100000", path.to_str().unwrap()]);
    assert!(
        out.contains("column sums: first 4999950000 (expected 4999950000)"),
        "{out}"
    );
    let header = npio::npy::read_header_file(&path).unwrap();
    assert_eq!(header.header.shape, [100_000, 16]);
}

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn append_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.npy");
    let out = run("append_rows", &[path.to_str().unwrap()]);
    assert!(out.contains("now has shape [9, 3]"), "{out}");
    // A second run grows the same file.
    let out = run("append_rows", &[path.to_str().unwrap()]);
    assert!(out.contains("now has shape [13, 3]"), "{out}");
    assert!(out.contains("byte-identical"), "{out}");
}

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn inspect() {
    let out = run("inspect", &[]);
    assert!(
        out.contains("c16_be_f_3d.npy: array, dtype '>c16', shape [2, 3, 4], Fortran order"),
        "{out}"
    );
    assert!(
        out.contains("object_na_c_1d.npy: refused (Python pickles"),
        "{out}"
    );
    assert!(
        out.contains("mixed_compressed.npz: archive of 5 members"),
        "{out}"
    );
    assert!(
        out.contains("readings.csv: refused (not NumPy binary"),
        "{out}"
    );

    // Given paths, a refusal is exit status 1.
    let dir = tempfile::tempdir().unwrap();
    let pickle = dir.path().join("p.pkl");
    std::fs::write(&pickle, b"\x80\x04K\x01.").unwrap();
    let status = Command::new(example("inspect"))
        .arg(&pickle)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
}
