//! Atomic writes: what the finished file looks like from outside.

/// Files written atomically get the permissions `File::create` gives (not
/// a temporary file's owner-only mode), and a replaced file keeps its own.
#[cfg(unix)]
#[test]
fn atomic_writes_keep_ordinary_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain");
    std::fs::File::create(&plain).unwrap();
    let want = std::fs::metadata(&plain).unwrap().permissions().mode() & 0o777;
    let npy = dir.path().join("a.npy");
    npy_format::write_npy(&npy, &ndarray::array![1.0f64, 2.0]).unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&npy), want);
    std::fs::set_permissions(&npy, std::fs::Permissions::from_mode(0o640)).unwrap();
    npy_format::write_npy(&npy, &ndarray::array![3.0f64]).unwrap();
    assert_eq!(mode(&npy), 0o640);
}
