//! Helpers shared by the integration tests.

use std::path::PathBuf;
use std::process::Command;

pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The Python interpreter with NumPy: `$NPIO_PYTHON`, else the workspace's
/// `.venv`. Required: its absence fails the test with instructions.
pub fn python() -> PathBuf {
    let py = std::env::var_os("NPIO_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join(".venv/bin/python"));
    let ok = Command::new(&py)
        .args(["-c", "import numpy"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        ok,
        "NumPy is needed for these tests: run ./test (which creates .venv), \
         or set NPIO_PYTHON to a Python with NumPy (tried {})",
        py.display()
    );
    py
}

pub fn run_python(script: &str, args: &[&str]) -> String {
    let out = Command::new(python())
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "python failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}
