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

/// Whether this run compares with live NumPy: `./test` sets
/// `$NPIO_PYTHON`; a plain `cargo test` does not, and then the tests read
/// NumPy's answers checked in under `testdata/numpy-answers/`.
pub fn live_numpy() -> bool {
    std::env::var_os("NPIO_PYTHON").is_some()
}

/// NumPy's answers for one test's cases: computed by `live` (which runs
/// NumPy) when [`live_numpy`] is true, else read from
/// `testdata/numpy-answers/<name>.json`.
///
/// `key` is everything the answers depend on (the script and the cases'
/// bytes and options); its hash is stored beside the answers, so a case
/// generator changed without regenerating the answers fails loudly, live or
/// not. `NPIO_RECORD_ANSWERS=1` with live NumPy rewrites the file
/// (`testdata/gen/numpy_answers.sh` does this for every test).
pub fn numpy_answers(
    name: &str,
    key: &[&[u8]],
    live: impl FnOnce() -> serde_json::Value,
) -> serde_json::Value {
    let path = workspace().join(format!("testdata/numpy-answers/{name}.json"));
    let key = fingerprint(key);
    let stale = |found: &str| {
        format!(
            "{}: recorded for cases {found}, these are {key}; \
             regenerate with testdata/gen/numpy_answers.sh",
            path.display()
        )
    };
    let recorded = || -> Option<serde_json::Value> {
        let text = std::fs::read_to_string(&path).ok()?;
        serde_json::from_str(&text).ok()
    };
    if live_numpy() {
        let answers = live();
        if std::env::var_os("NPIO_RECORD_ANSWERS").is_some() {
            let file = serde_json::json!({"key": key, "answers": answers});
            let mut text = serde_json::to_string(&file).expect("answers as JSON");
            text.push('\n');
            std::fs::create_dir_all(path.parent().expect("answers folder"))
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        } else {
            let found = recorded().map(|f| f["key"].as_str().unwrap_or("?").to_string());
            let found = found.unwrap_or_else(|| "nothing".to_string());
            assert_eq!(found, key, "{}", stale(&found));
        }
        return answers;
    }
    let file = recorded().unwrap_or_else(|| {
        panic!(
            "{}: missing; regenerate with testdata/gen/numpy_answers.sh",
            path.display()
        )
    });
    let found = file["key"].as_str().unwrap_or("?");
    assert_eq!(found, key, "{}", stale(found));
    file["answers"].clone()
}

/// FNV-1a over the parts, each followed by its length, as 16 hex digits:
/// a stable fingerprint of a test's cases or of an output (not a defence
/// against anyone).
pub fn fingerprint(parts: &[&[u8]]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for part in parts {
        eat(part);
        eat(&(part.len() as u64).to_le_bytes());
    }
    format!("{h:016x}")
}

/// moto's S3-compatible server on 127.0.0.1 (installed into `.venv` by
/// `./test`), started by a test and stopped when dropped.
#[derive(Debug)]
pub struct Moto {
    child: std::process::Child,
    /// `http://127.0.0.1:PORT`.
    pub endpoint: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Moto {
    /// Starts `moto_server` (found beside [`python`]) on a free port and
    /// waits until it accepts connections. It accepts any credentials.
    pub fn start() -> Moto {
        Moto::start_with(&[])
    }

    /// [`start`](Self::start), with a server that checks credentials:
    /// every request must be signed by a key moto knows, and none is
    /// known, so every request is refused as an unknown key's.
    pub fn start_checking_credentials() -> Moto {
        Moto::start_with(&[("INITIAL_NO_AUTH_ACTION_COUNT", "0")])
    }

    fn start_with(env: &[(&str, &str)]) -> Moto {
        use std::net::{TcpListener, TcpStream};
        use std::process::Stdio;
        use std::time::Instant;
        let py = python();
        let bin = match py.parent().map(|d| d.join("moto_server")) {
            Some(b) if b.exists() => b,
            _ => panic!(
                "moto_server is needed beside {}: run ./test, which installs moto[server]",
                py.display()
            ),
        };
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let child = Command::new(bin)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting moto_server");
        let moto = Moto {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "moto_server did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        moto
    }
}
