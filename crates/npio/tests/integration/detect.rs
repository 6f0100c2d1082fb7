//! What `load` makes of files that are not arrays: pickles, text,
//! truncated and empty files. Each error is typed and names the file.

use crate::common::{arg, run_python};
use npio::{ErrorKind, Format};

fn load_bytes(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf, npio::Error) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input.bin");
    std::fs::write(&path, bytes).unwrap();
    let err = npio::load(&path).unwrap_err();
    (dir, path, err)
}

#[test]
fn garbage_is_refused_showing_its_first_bytes() {
    let (_dir, path, err) = load_bytes(b"time,value\n0,1.5\n1,2.5\n");
    match err.kind() {
        ErrorKind::UnknownFormat { start } => assert_eq!(start, b"time,value\n0,1.5"),
        other => panic!("{other:?}"),
    }
    assert_eq!(err.path(), Some(path.as_path()));
    let msg = err.to_string();
    assert!(msg.starts_with(&format!("{}: ", path.display())), "{msg}");
    assert!(
        msg.ends_with(r#"it starts with b"time,value\n0,1.5""#),
        "{msg}"
    );
    assert!(!err.is_pickle());
}

#[test]
fn binary_garbage_is_escaped() {
    let (_dir, _path, err) = load_bytes(&[0, 1, 0xfe, b'P', b'K']);
    assert!(err.to_string().ends_with(r#"b"\x00\x01\xfePK""#), "{err}");
}

#[test]
fn empty_file_is_refused() {
    let (_dir, path, err) = load_bytes(b"");
    assert!(matches!(err.kind(), ErrorKind::Empty), "{err:?}");
    assert_eq!(err.path(), Some(path.as_path()));
    assert_eq!(
        std::io::Error::from(err).kind(),
        std::io::ErrorKind::UnexpectedEof
    );
}

#[test]
fn missing_file_is_an_io_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.npy");
    let err = npio::load(&path).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Io(_)), "{err:?}");
    assert!(err.to_string().contains("nope.npy"), "{err}");
    assert_eq!(
        std::io::Error::from(err).kind(),
        std::io::ErrorKind::NotFound
    );
}

#[test]
fn truncated_npy_is_an_npy_error() {
    let (_dir, _path, err) = load_bytes(b"\x93NUMPY\x01\x00\x76");
    match err.kind() {
        ErrorKind::Npy(e) => assert!(e.is_truncated(), "{e}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn bad_npy_version_is_an_npy_error() {
    let (_dir, _path, err) = load_bytes(b"\x93NUMPY\x09\x00\x10\x00{}");
    assert!(
        matches!(err.kind(), ErrorKind::Npy(e) if matches!(e.kind(), npio::npy::ErrorKind::UnsupportedVersion { major: 9, .. })),
        "{err:?}"
    );
}

#[cfg(feature = "npz")]
#[test]
fn truncated_zip_is_an_npz_error() {
    let (_dir, _path, err) = load_bytes(b"PK\x03\x04\x14\x00\x00\x00");
    assert!(matches!(err.kind(), ErrorKind::Npz(_)), "{err:?}");
}

#[cfg(not(feature = "npz"))]
#[test]
fn zip_without_the_npz_feature_says_so() {
    let (_dir, _path, err) = load_bytes(b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0");
    assert!(
        matches!(
            err.kind(),
            ErrorKind::FeatureDisabled { feature: "npz", .. }
        ),
        "{err:?}"
    );
}

/// Pickles as Python writes them, protocols 2 to 5, are refused as
/// pickles; protocol 0's text is not recognised as one (NumPy's load
/// would try it as a pickle; npio names what it found instead).
#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn python_pickles_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    run_python(
        r#"
import pickle, sys, numpy as np
d = sys.argv[1]
for proto in (0, 2, 3, 4, 5):
    with open(f"{d}/p{proto}.pkl", "wb") as f:
        pickle.dump({"weights": np.arange(3.0)}, f, protocol=proto)
"#,
        &[arg(dir.path())],
    );
    for proto in [2, 3, 4, 5] {
        let path = dir.path().join(format!("p{proto}.pkl"));
        assert_eq!(Format::detect(&path).unwrap(), Format::Pickle);
        let err = npio::load(&path).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Pickle), "{err:?}");
        assert!(err.is_pickle());
        assert_eq!(err.path(), Some(path.as_path()));
        assert!(err.to_string().contains("allow_pickle"), "{err}");
        assert_eq!(
            std::io::Error::from(err).kind(),
            std::io::ErrorKind::Unsupported
        );
    }
    let path = dir.path().join("p0.pkl");
    let err = npio::load(&path).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::UnknownFormat { .. }),
        "{err:?}"
    );
}
