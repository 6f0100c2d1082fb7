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

/// On Linux the data waits in an unnamed file: nothing appears in the
/// folder until the commit (so a killed write leaves nothing), the target
/// appears whole, and replacing an existing file works the same way.
#[cfg(target_os = "linux")]
#[test]
fn nothing_is_visible_until_the_commit() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.npy");
    let names = || -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    for round in 0..2 {
        let mut file = npy_format::AtomicFile::create(&path).unwrap();
        file.write_all(&vec![round as u8; 3 << 20]).unwrap();
        file.flush().unwrap();
        let before: Vec<String> = if round == 0 {
            vec![]
        } else {
            vec!["a.npy".into()]
        };
        assert_eq!(names(), before, "round {round}: visible while writing");
        file.commit().unwrap();
        assert_eq!(names(), ["a.npy"], "round {round}");
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(bytes.len(), 3 << 20);
        assert!(bytes.iter().all(|&b| b == round as u8));
    }
}

/// Errors name the file being written, not a temporary file, and keep the
/// system's error kind.
#[test]
fn errors_name_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing-folder").join("out.npy");
    let err = npy_format::write_npy(&path, &ndarray::array![1u8]).unwrap_err();
    let out = npy_format::OutputError::find(&err).expect("an output error");
    assert_eq!(out.path(), path);
    assert_eq!(out.io_error().kind(), std::io::ErrorKind::NotFound);
    let text = err.to_string();
    assert!(
        text.contains("out.npy") && !text.contains(".npio-"),
        "{text}"
    );
}
