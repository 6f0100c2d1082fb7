//! Helpers shared by the integration tests of every npio crate: where the
//! workspace is, the Python interpreter with NumPy that the live round
//! trips need, hex for manifests, and the replay of saved fuzz inputs.

#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

/// The workspace root.
pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The Python interpreter with NumPy: `$NPIO_PYTHON`, else the workspace's
/// `.venv`. NumPy is required: the round trips through it are the point of
/// these tests, so its absence is a failure with instructions, not a skip.
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

/// Runs a Python script with arguments; panics with its output on failure.
pub fn run_python(script: &str, args: &[&str]) -> String {
    let out = Command::new(python())
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("running python: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "python failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// Bytes from hex text.
pub fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap_or_else(|e| panic!("hex: {e}")))
        .collect()
}

/// Hex text of bytes.
pub fn to_hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The saved fuzz inputs in `dir` whose names start with `prefix` and end
/// `.bin`, sorted; panics when there are none (a replay of nothing proves
/// nothing).
pub fn fuzz_inputs(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            name.starts_with(prefix) && name.ends_with(".bin")
        })
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no {prefix}*.bin inputs in {}",
        dir.display()
    );
    files
}

/// Runs `check` on the input at `path` on its own thread, so that a panic
/// is reported and a hang fails after `limit` instead of stalling the
/// tests. `Err` says which happened.
pub fn replay(path: &Path, check: fn(&[u8]), limit: Duration) -> Result<(), String> {
    let name = path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let data = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
    let (done_tx, done_rx) = mpsc::channel();
    let worker = std::thread::Builder::new()
        .name(name.clone())
        .spawn(move || {
            check(&data);
            let _ = done_tx.send(());
        })
        .map_err(|e| format!("{name}: {e}"))?;
    match done_rx.recv_timeout(limit) {
        Ok(()) => worker.join().map_err(|_| format!("{name}: panicked")),
        // The thread is left running; the test process ends anyway.
        Err(mpsc::RecvTimeoutError::Timeout) => {
            Err(format!("{name}: still running after {limit:?}"))
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let panic = worker.join().err();
            let msg = panic
                .as_ref()
                .and_then(|p| {
                    p.downcast_ref::<String>()
                        .cloned()
                        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                })
                .unwrap_or_default();
            Err(format!("{name}: panicked: {msg}"))
        }
    }
}
