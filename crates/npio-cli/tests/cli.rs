//! End-to-end tests of the `npio` binary.

use npio_test_support::run_python;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn npio(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_npio"))
        .args(args)
        .output()
        .unwrap()
}

fn npy_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/npy")
}

fn fixture(name: &str) -> String {
    npy_dir().join(name).to_str().unwrap().to_string()
}

fn manifest() -> Vec<Value> {
    let text = std::fs::read_to_string(npy_dir().join("manifest.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts the command failed cleanly: exit 1, every stderr line an
/// `error:` line naming the file.
fn assert_clean_failure(o: &Output, path: &str) {
    assert_eq!(o.status.code(), Some(1), "{}", stderr(o));
    let err = stderr(o);
    assert!(!err.is_empty());
    for line in err.lines() {
        assert!(line.starts_with("error: "), "{line}");
    }
    assert!(err.contains(path), "{err}");
}

#[test]
fn info_json_matches_numpy() {
    let entries = manifest();
    let paths: Vec<String> = entries
        .iter()
        .filter(|e| e["descr"].is_string())
        .map(|e| fixture(e["file"].as_str().unwrap()))
        .collect();
    let mut args = vec!["info", "--json"];
    args.extend(paths.iter().map(|s| s.as_str()));
    let o = npio(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), paths.len());
    for (line, e) in lines
        .iter()
        .zip(entries.iter().filter(|e| e["descr"].is_string()))
    {
        let file = e["file"].as_str().unwrap();
        assert_eq!(line["format"], "npy", "{file}");
        assert_eq!(line["descr"], e["descr_json"], "{file}");
        assert_eq!(line["shape"], e["shape"], "{file}");
        assert_eq!(line["version"], e["version"], "{file}");
        assert_eq!(line["fortran_order"], e["fortran_order"], "{file}");
        assert_eq!(line["header_len"], e["header_len"], "{file}");
        assert_eq!(line["data_offset"], e["data_offset"], "{file}");
        if !e["object"].as_bool().unwrap() {
            let n: u64 = e["shape"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d.as_u64().unwrap())
                .product();
            assert_eq!(
                line["data_bytes"],
                n * e["itemsize"].as_u64().unwrap(),
                "{file}"
            );
        }
    }
}

#[test]
fn info_text_describes_the_header() {
    let o = npio(&["info", &fixture("f8_be_f_3d.npy")]);
    assert!(o.status.success());
    let out = stdout(&o);
    for want in [
        "npy 1.0",
        "'>f8'",
        "(2, 3, 4)",
        "True",
        "data_bytes:    192",
    ] {
        assert!(out.contains(want), "{want} missing from\n{out}");
    }
}

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn convert_writes_what_np_save_writes() {
    let dir = tempfile::tempdir().unwrap();
    let mut hand_made = Vec::new();
    for e in manifest() {
        let file = e["file"].as_str().unwrap();
        if e["object"].as_bool().unwrap() || file.starts_with("recmany") {
            continue;
        }
        let out = dir.path().join(file);
        let o = npio(&["convert", &fixture(file), out.to_str().unwrap()]);
        assert!(o.status.success(), "{file}: {}", stderr(&o));
        if e["canonical"].as_bool().unwrap() {
            assert!(
                std::fs::read(&out).unwrap() == std::fs::read(npy_dir().join(file)).unwrap(),
                "{file}: convert changed the bytes"
            );
        } else {
            hand_made.push((fixture(file), out.to_str().unwrap().to_string()));
        }
    }
    assert!(hand_made.len() >= 8);
    // Legacy headers come out as today's np.save writes the array NumPy loads.
    let script = r#"
import io, sys, warnings
import numpy as np
warnings.simplefilter("ignore")
args = sys.argv[1:]
bad = 0
for src, out in zip(args[::2], args[1::2]):
    buf = io.BytesIO()
    np.save(buf, np.load(src))
    if buf.getvalue() != open(out, "rb").read():
        print("differs:", src)
        bad += 1
sys.exit(bad)
"#;
    let args: Vec<&str> = hand_made
        .iter()
        .flat_map(|(src, out)| [src.as_str(), out.as_str()])
        .collect();
    run_python(script, &args);
}

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn convert_forces_versions_numpy_reads() {
    let dir = tempfile::tempdir().unwrap();
    for v in ["1", "2", "3"] {
        let out = dir.path().join(format!("v{v}.npy"));
        let o = npio(&[
            "convert",
            &fixture("i4_le_c_3d.npy"),
            out.to_str().unwrap(),
            "--version",
            v,
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let bytes = std::fs::read(&out).unwrap();
        assert_eq!(bytes[6].to_string(), v);
        let check = "import numpy as np, sys; a = np.load(sys.argv[1]); b = np.load(sys.argv[2]); \
             sys.exit(0 if (a == b).all() and a.shape == b.shape else 1)";
        run_python(check, &[&fixture("i4_le_c_3d.npy"), out.to_str().unwrap()]);
    }
    // A version that cannot hold the header is an error.
    let out = dir.path().join("v1.npy");
    let o = npio(&[
        "convert",
        &fixture("recunicode_le_c_1d.npy"),
        out.to_str().unwrap(),
        "--version",
        "1",
    ]);
    assert_clean_failure(&o, "v1.npy");
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn failed_convert_leaves_existing_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.npy");
    std::fs::write(&out, b"precious").unwrap();
    let truncated = dir.path().join("truncated.npy");
    let mut bytes = std::fs::read(npy_dir().join("f8_le_c_3d.npy")).unwrap();
    bytes.truncate(bytes.len() - 5);
    std::fs::write(&truncated, &bytes).unwrap();
    let o = npio(&[
        "convert",
        truncated.to_str().unwrap(),
        out.to_str().unwrap(),
    ]);
    assert_clean_failure(&o, "truncated.npy");
    assert!(
        stderr(&o).contains("expected 192 bytes, found 187"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"precious");
    let mut left = leftovers(dir.path());
    left.sort();
    assert_eq!(left, vec!["out.npy", "truncated.npy"]);
}

#[test]
fn verify_reports_each_problem() {
    let dir = tempfile::tempdir().unwrap();
    let bad_bool = dir.path().join("bad_bool.npy");
    let mut bytes = std::fs::read(npy_dir().join("b1_na_c_1d.npy")).unwrap();
    let n = bytes.len();
    bytes[n - 1] = 7;
    std::fs::write(&bad_bool, &bytes).unwrap();
    let short = dir.path().join("short.npy");
    let mut bytes = std::fs::read(npy_dir().join("u2_be_c_3d.npy")).unwrap();
    bytes.truncate(100);
    std::fs::write(&short, &bytes).unwrap();
    let good = fixture("recnested_le_c_1d.npy");
    let o = npio(&[
        "verify",
        &good,
        bad_bool.to_str().unwrap(),
        short.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("recnested_le_c_1d.npy: ok"));
    // NumPy loads a bool byte other than 0 or 1: a warning, and the file
    // is otherwise sound.
    assert!(stdout(&o).contains("bad_bool.npy: ok"), "{}", stdout(&o));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 2, "{err}");
    assert!(
        err.lines()
            .any(|l| l.starts_with("warning: ")
                && l.contains("bad_bool.npy: invalid bool at element 4")),
        "{err}"
    );
    assert!(
        err.contains("error: ") && err.contains("short.npy: truncated header"),
        "{err}"
    );
    let o = npio(&["verify", &good, bad_bool.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // --strict makes it an error, in an .npz member too.
    let o = npio(&["verify", "--strict", bad_bool.to_str().unwrap()]);
    assert_clean_failure(&o, "bad_bool.npy");
    assert!(stderr(&o).contains("invalid bool at element 4"));
    let npz = dir.path().join("bools.npz");
    let member = format!("flags={}", bad_bool.display());
    assert!(
        npio(&["pack", npz.to_str().unwrap(), &member])
            .status
            .success()
    );
    let o = npio(&["verify", npz.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).starts_with("warning: "), "{}", stderr(&o));
    let o = npio(&["verify", "--strict", npz.to_str().unwrap()]);
    assert_clean_failure(&o, "bools.npz");
    assert!(
        stderr(&o).contains("member \"flags.npy\": invalid bool at element 4"),
        "{}",
        stderr(&o)
    );
    let o = npio(&["verify", &good]);
    assert!(o.status.success());
}

#[test]
fn head_prints_first_rows() {
    let o = npio(&["head", "-n", "2", &fixture("recsimple_le_c_1d.npy")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("[('x', '<f8'), ('y', '<i4')] shape (4,) (2 of 4 rows)\n"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 3, "{out}");
    let o = npio(&["head", &fixture("i2_le_f_3d.npy")]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("(2 of 2 rows)"));
    let o = npio(&["head", &fixture("u1_na_c_0d.npy")]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn bad_inputs_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let mut x: u32 = 12345;
    for i in 0..40 {
        let p = dir.path().join(format!("junk{i}.npy"));
        let mut bytes = std::fs::read(npy_dir().join("recsubarr_le_c_1d.npy")).unwrap();
        for _ in 0..(i % 5 + 1) {
            x = x.wrapping_mul(1103515245).wrapping_add(12345);
            let pos = (x as usize >> 8) % bytes.len();
            bytes[pos] = (x >> 3) as u8;
        }
        if i % 7 == 0 {
            bytes.truncate((x as usize) % bytes.len());
        }
        std::fs::write(&p, &bytes).unwrap();
        let path = p.to_str().unwrap();
        for args in [
            vec!["info", path],
            vec!["info", "--json", path],
            vec!["verify", path],
            vec!["head", path],
        ] {
            let o = npio(&args);
            assert!(
                matches!(o.status.code(), Some(0) | Some(1)),
                "{args:?}: {:?} {}",
                o.status,
                stderr(&o)
            );
            if o.status.code() == Some(1) {
                assert_clean_failure(&o, &format!("junk{i}.npy"));
            }
        }
    }
    let o = npio(&["info", "/nonexistent/file.npy"]);
    assert_clean_failure(&o, "/nonexistent/file.npy");
    let o = npio(&["convert", "a.npy"]);
    assert_eq!(o.status.code(), Some(2));
}

/// A .npy of this header text and no data.
fn header_only(dir: &Path, name: &str, text: &str) -> String {
    let pad = 64 - (10 + text.len() + 1) % 64;
    let header = format!("{text}{}\n", " ".repeat(pad));
    let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
    bytes.extend_from_slice(&(header.len() as u16).to_le_bytes());
    bytes.extend_from_slice(header.as_bytes());
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn head_summarises_rows_the_data_does_not_bound() {
    // Zero-size items: element counts far beyond what the (empty) data
    // holds. head must answer at once, summarising as NumPy does.
    let dir = tempfile::tempdir().unwrap();
    let sub = header_only(
        dir.path(),
        "sub.npy",
        "{'descr': [('a', '|V0', (2147483647,))], 'fortran_order': False, 'shape': (1,), }",
    );
    let o = npio(&["head", &sub]);
    assert!(o.status.success(), "{}", stderr(&o));
    // A one-field record prints as a one-item tuple, as NumPy prints it.
    assert!(stdout(&o).ends_with("(b'',)\n"), "{}", stdout(&o));
    let wide = header_only(
        dir.path(),
        "wide.npy",
        "{'descr': '<U0', 'fortran_order': False, 'shape': (1, 1000000000000000000), }",
    );
    let o = npio(&["head", &wide]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).ends_with("['' '' '' ... '' '' '']\n"),
        "{}",
        stdout(&o)
    );
    let o = npio(&["verify", &wide]);
    assert!(o.status.success(), "{}", stderr(&o));
}

fn npz_fixture(name: &str) -> String {
    npy_dir()
        .join("../npz")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

fn npz_manifest() -> Vec<Value> {
    let text = std::fs::read_to_string(npy_dir().join("../npz/manifest.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn info_json_describes_npz_members() {
    for e in npz_manifest() {
        let file = e["file"].as_str().unwrap();
        let o = npio(&["info", "--json", &npz_fixture(file)]);
        assert!(o.status.success(), "{file}: {}", stderr(&o));
        let v: Value = serde_json::from_str(stdout(&o).trim()).unwrap();
        assert_eq!(v["format"], "npz");
        let members = v["members"].as_array().unwrap();
        assert_eq!(
            members.len(),
            e["zip_names"].as_array().unwrap().len(),
            "{file}"
        );
        let names: Vec<&str> = members
            .iter()
            .map(|m| m["name"].as_str().unwrap())
            .collect();
        let want: Vec<&str> = e["numpy_files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap())
            .collect();
        assert_eq!(names, want, "{file}");
        let Some(ms) = e["members"].as_array() else {
            continue;
        };
        for (m, want) in members.iter().zip(ms) {
            assert_eq!(m["size"], want["file_size"], "{file}");
            assert_eq!(m["compressed_size"], want["compressed_size"], "{file}");
            let method = match want["compress_type"].as_u64().unwrap() {
                0 => "stored",
                8 => "deflate",
                12 => "bzip2",
                14 => "lzma",
                93 => "zstd",
                _ => "other",
            };
            assert_eq!(m["compression"], method, "{file}");
            if want["is_npy"].as_bool().unwrap() {
                assert_eq!(m["shape"], want["shape"], "{file}");
                assert_eq!(m["fortran_order"], want["fortran_order"], "{file}");
            } else {
                assert!(m["descr"].is_null());
            }
        }
    }
}

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn convert_and_pack_give_archives_numpy_reads() {
    let dir = tempfile::tempdir().unwrap();
    let d = |n: &str| dir.path().join(n).to_str().unwrap().to_string();
    // Every fixture archive, recompressed: same names, same values.
    let mut pairs = Vec::new();
    for e in npz_manifest() {
        let file = e["file"].as_str().unwrap();
        for (tag, method) in [("deflate", "deflate"), ("stored", "none")] {
            let out = d(&format!("{tag}-{file}"));
            let o = npio(&["convert", &npz_fixture(file), &out, "--compress", method]);
            assert!(o.status.success(), "{file}: {}", stderr(&o));
            pairs.push((npz_fixture(file), out));
        }
    }
    let o = npio(&[
        "pack",
        &d("packed.npz"),
        &format!("w={}", fixture("f8_le_f_3d.npy")),
        &fixture("recnested_le_c_1d.npy"),
        "--compress",
        "deflate:9",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = npio(&[
        "convert",
        &fixture("u2_be_c_3d.npy"),
        &d("one.npz"),
        "--name",
        "big_endian",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let script = r#"
import sys, numpy as np
from backports.zstd import zipfile as zzip
from numpy.lib import format as fmt
def load(path):
    with zzip.ZipFile(path) as zf:
        out = {}
        for n in zf.namelist():
            with zf.open(n) as fp:
                data = fp.read()
            if data.startswith(b"\x93NUMPY"):
                import io
                out[n] = fmt.read_array(io.BytesIO(data))
            else:
                out[n] = data
        return out
args = sys.argv[1:]
bad = 0
for src, out in zip(args[::2], args[1::2]):
    a, b = load(src), load(out)
    if list(a) != list(b):
        print("names differ", src, list(a), list(b)); bad += 1; continue
    for k in a:
        x, y = a[k], b[k]
        if isinstance(x, bytes):
            same = x == y
        else:
            # NumPy leaves record padding uninitialised when it reads:
            # compare field by field.
            fields = x.dtype.names or [None]
            same = x.dtype == y.dtype and x.shape == y.shape and all(
                (x if f is None else x[f]).tobytes() == (y if f is None else y[f]).tobytes() for f in fields)
        if not same:
            print("differs", src, k); bad += 1
sys.exit(bad)
"#;
    let args: Vec<&str> = pairs
        .iter()
        .flat_map(|(a, b)| [a.as_str(), b.as_str()])
        .collect();
    run_python(script, &args);
    let check = r#"
import sys, numpy as np
p = np.load(sys.argv[1]); one = np.load(sys.argv[2])
assert p.files == ["w", "recnested_le_c_1d"], p.files
assert (p["w"] == np.load(sys.argv[3])).all() or np.isnan(np.load(sys.argv[3])).any()
assert np.array_equal(one["big_endian"], np.load(sys.argv[4])) and one["big_endian"].dtype == np.dtype(">u2")
print("ok")
"#;
    run_python(
        check,
        &[
            &d("packed.npz"),
            &d("one.npz"),
            &fixture("f8_le_f_3d.npy"),
            &fixture("u2_be_c_3d.npy"),
        ],
    );
    // npz -> npy gives back the exact file.
    let o = npio(&["convert", &d("one.npz"), &d("back.npy")]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(d("back.npy")).unwrap(),
        std::fs::read(fixture("u2_be_c_3d.npy")).unwrap()
    );
    let o = npio(&["convert", &d("packed.npz"), &d("x.npy")]);
    assert_clean_failure(&o, "packed.npz");
    let o = npio(&[
        "convert",
        &d("packed.npz"),
        &d("x.npz"),
        "--compress",
        "brotli",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn unpack_refuses_escaping_names() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out");
    let o = npio(&[
        "unpack",
        &npz_fixture("dotdot_names.npz"),
        target.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 3, "{err}");
    assert!(err.contains("\"../escape.npy\" would escape"), "{err}");
    assert!(!target.exists(), "something was extracted");
    assert!(!dir.path().join("escape.npy").exists());
    let o = npio(&[
        "unpack",
        &npz_fixture("mixed_compressed.npz"),
        target.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(&target)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "arr_0.npy",
            "arr_1.npy",
            "dates.npy",
            "empty.npy",
            "fortran.npy"
        ]
    );
    let o = npio(&["verify", target.join("fortran.npy").to_str().unwrap()]);
    assert!(o.status.success());
}

#[test]
fn verify_checks_every_npz_crc() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.npz");
    let mut bytes = std::fs::read(npz_fixture("keywords_stored.npz")).unwrap();
    // Damage the last byte of the first member's array data.
    let second = bytes
        .windows(4)
        .skip(4)
        .position(|w| w == b"PK\x03\x04")
        .unwrap()
        + 4;
    bytes[second - 1] ^= 0x40;
    std::fs::write(&p, &bytes).unwrap();
    let o = npio(&["verify", p.to_str().unwrap()]);
    assert_clean_failure(&o, "bad.npz");
    assert!(stderr(&o).contains("weights.npy"), "{}", stderr(&o));
    let o = npio(&[
        "verify",
        &npz_fixture("bzip2.npz"),
        &npz_fixture("lzma.npz"),
        &npz_fixture("zstd.npz"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = npio(&[
        "head",
        &npz_fixture("keywords_stored.npz"),
        "--member",
        "labels",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("'<U5'"), "{}", stdout(&o));
}

#[test]
fn npz_members_convert_to_the_same_npy_whatever_their_compression() {
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    for member in ["weights", "labels"] {
        let stored = out(&format!("{member}_stored.npy"));
        let deflated = out(&format!("{member}_deflated.npy"));
        for (archive, target) in [
            ("keywords_stored.npz", &stored),
            ("keywords_compressed.npz", &deflated),
        ] {
            let o = npio(&["convert", &npz_fixture(archive), target, "--member", member]);
            assert!(o.status.success(), "{archive}: {}", stderr(&o));
        }
        let a = std::fs::read(&stored).unwrap();
        assert_eq!(a, std::fs::read(&deflated).unwrap(), "{member}");
        assert_eq!(&a[..6], b"\x93NUMPY");
    }

    // A member whose data fails its CRC is an error naming the member,
    // and no output appears.
    let p = dir.path().join("bad.npz");
    let mut bytes = std::fs::read(npz_fixture("keywords_stored.npz")).unwrap();
    let second = bytes
        .windows(4)
        .skip(4)
        .position(|w| w == b"PK\x03\x04")
        .unwrap()
        + 4;
    bytes[second - 1] ^= 0x40;
    std::fs::write(&p, &bytes).unwrap();
    let target = out("never.npy");
    let o = npio(&[
        "convert",
        p.to_str().unwrap(),
        &target,
        "--member",
        "weights",
    ]);
    assert_clean_failure(&o, "bad.npz");
    assert!(stderr(&o).contains("member weights.npy"), "{}", stderr(&o));
    assert!(!Path::new(&target).exists());
}

#[test]
fn head_maps_files_of_any_size() {
    // A 64 GiB sparse .npy: head answers at once, whatever the order.
    let dir = tempfile::tempdir().unwrap();
    for (name, fortran) in [("c.npy", "False"), ("f.npy", "True")] {
        let text =
            format!("{{'descr': '<f8', 'fortran_order': {fortran}, 'shape': (1048576, 8192), }}");
        let p = header_only(dir.path(), name, &text);
        let header_len = std::fs::metadata(&p).unwrap().len();
        let f = std::fs::OpenOptions::new().write(true).open(&p).unwrap();
        f.set_len(header_len + (64u64 << 30)).unwrap();
        let start = std::time::Instant::now();
        let o = npio(&["head", "-n", "2", &p]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            start.elapsed().as_secs_f64() < 5.0,
            "head took {:?}",
            start.elapsed()
        );
        let out = stdout(&o);
        assert!(
            out.starts_with("'<f8' shape (1048576, 8192) (2 of 1048576 rows)\n"),
            "{out}"
        );
        assert!(out.contains("[0.0 0.0 0.0 ... 0.0 0.0 0.0]"), "{out}");
    }
}

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn convert_align_makes_members_mappable() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("aligned.npz");
    let o = npio(&[
        "convert",
        &npz_fixture("mixed_compressed.npz"),
        out.to_str().unwrap(),
        "--align",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let script = r#"
import sys, zipfile, struct
with open(sys.argv[1], "rb") as f:
    raw = f.read()
with zipfile.ZipFile(sys.argv[1]) as zf:
    for info in zf.infolist():
        h = info.header_offset
        name_len, extra_len = struct.unpack("<HH", raw[h + 26:h + 30])
        data = h + 30 + name_len + extra_len
        header_len = struct.unpack("<H", raw[data + 8:data + 10])[0] + 10
        assert info.compress_type == 0, info
        assert data % 64 == 0 and (data + header_len) % 64 == 0, (info.filename, data)
print("ok")
"#;
    run_python(script, &[out.to_str().unwrap()]);
}

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn convert_text_follows_loadtxt() {
    let dir = tempfile::tempdir().unwrap();
    let d = |n: &str| dir.path().join(n).to_str().unwrap().to_string();
    std::fs::write(
        d("m.csv"),
        "# t;v;label\n1;2.5;a\n2;nan;bb\n\n3;-1e3;c # note\n",
    )
    .unwrap();
    let o = npio(&[
        "convert",
        &d("m.csv"),
        &d("v.npy"),
        "--delimiter",
        ";",
        "--usecols",
        "1,0",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = npio(&[
        "convert",
        &d("m.csv"),
        &d("r.npz"),
        "--delimiter",
        ";",
        "--name",
        "rows",
        "--dtype",
        r#"[["t", "<i2"], ["v", "<f4"], ["label", "U2"]]"#,
        "--compress",
        "deflate",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let script = r#"
import sys, numpy as np
v = np.load(sys.argv[1])
want = np.loadtxt(sys.argv[3], delimiter=";", usecols=(1, 0))
assert v.dtype == want.dtype and v.shape == want.shape and np.array_equal(v, want, equal_nan=True), (v, want)
r = np.load(sys.argv[2])["rows"]
want = np.loadtxt(sys.argv[3], delimiter=";", dtype=[("t", "<i2"), ("v", "<f4"), ("label", "U2")])
assert r.dtype == want.dtype and r.shape == want.shape, (r.dtype, want.dtype)
assert r["t"].tolist() == want["t"].tolist() and r["label"].tolist() == want["label"].tolist()
print("ok")
"#;
    run_python(script, &[&d("v.npy"), &d("r.npz"), &d("m.csv")]);
    // Errors name the file, its line and column.
    std::fs::write(d("bad.txt"), "1 2\n\n3 oops\n").unwrap();
    let o = npio(&["convert", &d("bad.txt"), &d("bad.npy")]);
    assert_clean_failure(&o, "bad.txt");
    assert!(
        stderr(&o).contains("line 3, column 2: could not convert string 'oops' to float64"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("bad.npy").exists());
    std::fs::write(d("ragged.txt"), "1 2\n3 4 5\n").unwrap();
    let o = npio(&["convert", &d("ragged.txt"), &d("x.npy")]);
    assert!(
        stderr(&o).contains("line 2: the number of columns changed from 2 to 3"),
        "{}",
        stderr(&o)
    );
}

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn convert_text_streams_gz_into_aligned_npz_without_leftovers() {
    let dir = tempfile::tempdir().unwrap();
    let d = |n: &str| dir.path().join(n).to_str().unwrap().to_string();
    // Enough rows for many blocks; gzipped by Python so the test checks
    // a real .gz.
    let script = r#"
import sys, gzip, numpy as np
a = np.arange(60000, dtype=np.int64).reshape(20000, 3) - 7
with gzip.open(sys.argv[1], "wt") as f:
    np.savetxt(f, a, fmt="%d", delimiter=",")
"#;
    run_python(script, &[&d("big.csv.gz")]);
    let o = npio(&[
        "convert",
        &d("big.csv.gz"),
        &d("out.npz"),
        "--delimiter",
        ",",
        "--dtype",
        "i8",
        "--align",
        "-q",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["big.csv.gz", "out.npz"]);
    let script = r#"
import sys, numpy as np
a = np.load(sys.argv[1])["arr_0"]
assert a.dtype == np.int64 and a.shape == (20000, 3), (a.dtype, a.shape)
assert (a == np.arange(60000).reshape(20000, 3) - 7).all()
print("ok")
"#;
    run_python(script, &[&d("out.npz")]);
}

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn convert_genfromtxt_follows_numpy() {
    let dir = tempfile::tempdir().unwrap();
    let d = |n: &str| dir.path().join(n).to_str().unwrap().to_string();
    std::fs::write(
        d("survey.csv"),
        "# id, name, score, ok\nid,name,score,ok\n1,ada,3.5,True\n2,,N/A,False\n3,bob,,True\n4,cy,2,\n",
    )
    .unwrap();
    let args = [
        "--genfromtxt",
        "--delimiter",
        ",",
        "--skip-header",
        "1",
        "--names",
        "--dtype",
        "auto",
        "--missing-values",
        "N/A",
    ];
    let (csv, npy, npz) = (d("survey.csv"), d("survey.npy"), d("survey.npz"));
    let mut cmd = vec!["convert", &csv, &npy];
    cmd.extend(args);
    let o = npio(&cmd);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut cmd = vec!["convert", &csv, &npz];
    cmd.extend(args);
    cmd.extend(["--name", "rows", "--compress", "deflate"]);
    let o = npio(&cmd);
    assert!(o.status.success(), "{}", stderr(&o));
    let script = r#"
import sys, numpy as np
want = np.genfromtxt(sys.argv[3], delimiter=",", skip_header=1, names=True, dtype=None,
                     missing_values="N/A", encoding="utf-8")
for got in (np.load(sys.argv[1]), np.load(sys.argv[2])["rows"]):
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    assert got.shape == want.shape
    for name in want.dtype.names:
        a, b = got[name], want[name]
        if a.dtype.kind == "f":
            assert np.array_equal(a, b, equal_nan=True), (name, a, b)
        else:
            assert (a == b).all(), (name, a, b)
print("ok")
"#;
    run_python(
        script,
        &[&d("survey.npy"), &d("survey.npz"), &d("survey.csv")],
    );
    // Fixed-width fields: an integer is every field's width, a list the
    // widths in order, as np.genfromtxt takes them.
    std::fs::write(d("fixed.txt"), "123456789\n 87 54 32\n").unwrap();
    for (flag, (out, numpy)) in ["3", "1,2,4"]
        .iter()
        .zip([("w3.npy", "3"), ("w124.npy", "[1, 2, 4]")])
    {
        let o = npio(&[
            "convert",
            &d("fixed.txt"),
            &d(out),
            "--genfromtxt",
            "--delimiter",
            flag,
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let check = format!(
            "import sys, numpy as np\nwant = np.genfromtxt(sys.argv[1], delimiter={numpy})\ngot = np.load(sys.argv[2])\nassert got.shape == want.shape and np.array_equal(got, want, equal_nan=True), (got, want)\nprint(want.shape)\n"
        );
        let shape = run_python(&check, &[&d("fixed.txt"), &d(out)]);
        assert_eq!(shape.trim(), "(2, 3)");
    }
    // Ragged rows: an error listing them, or dropped with a warning.
    std::fs::write(d("ragged.csv"), "1,2\n3\n4,5\n6,7,8\n").unwrap();
    let o = npio(&[
        "convert",
        &d("ragged.csv"),
        &d("r.npy"),
        "--genfromtxt",
        "--delimiter",
        ",",
    ]);
    assert_clean_failure(&o, "ragged.csv");
    assert!(
        stderr(&o).contains("line 2 (got 1 columns instead of 2)"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("r.npy").exists());
    let o = npio(&[
        "convert",
        &d("ragged.csv"),
        &d("r.npy"),
        "--genfromtxt",
        "--delimiter",
        ",",
        "--no-invalid-raise",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).starts_with("warning: "), "{}", stderr(&o));
    let a = npio::npy::NpyReader::open(d("r.npy"))
        .and_then(|r| r.read_dyn())
        .unwrap();
    assert_eq!(a.shape(), &[2, 2]);
    let values: Vec<String> = a.values().map(|v| v.to_string()).collect();
    assert_eq!(values, ["1.0", "2.0", "4.0", "5.0"]); // NumPy's str of the floats
    // genfromtxt's options need --genfromtxt.
    let o = npio(&["convert", &d("ragged.csv"), &d("x.npy"), "--names"]);
    assert_clean_failure(&o, "ragged.csv");
    assert!(
        stderr(&o).contains("--names needs --genfromtxt"),
        "{}",
        stderr(&o)
    );
}

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn convert_to_text_is_byte_identical_to_savetxt() {
    let dir = tempfile::tempdir().unwrap();
    let d = |n: &str| dir.path().join(n).to_str().unwrap().to_string();
    let cases: Vec<(&str, Vec<&str>, &str)> = vec![
        ("f8_le_c_1d.npy", vec![], "{}"),
        ("f4_be_f_3d.npy", vec![], "SKIP"),
        (
            "i8_le_c_1d.npy",
            vec!["--fmt", "%d", "--delimiter", ","],
            "{'fmt': '%d', 'delimiter': ','}",
        ),
        ("c16_le_c_1d.npy", vec!["--fmt", "%.4e"], "{'fmt': '%.4e'}"),
        (
            "recsimple_le_c_1d.npy",
            vec![
                "--fmt",
                "%.3f",
                "--fmt",
                "%5d",
                "--delimiter",
                "\\t",
                "--header",
                "x\\ty",
                "--comments",
                "// ",
            ],
            "{'fmt': ['%.3f', '%5d'], 'delimiter': '\\t', 'header': 'x\\ty', 'comments': '// '}",
        ),
        ("u2_be_c_3d.npy", vec![], "SKIP"),
        // One --fmt holding several specs is a whole-row format.
        (
            "recsimple_le_c_1d.npy",
            vec!["--fmt", "%.1f,%d"],
            "{'fmt': '%.1f,%d'}",
        ),
        (
            "recsimple_le_c_1d.npy",
            vec!["--fmt", "%.2f, %d", "--delimiter", ";"],
            "{'fmt': '%.2f, %d', 'delimiter': ';'}",
        ),
    ];
    let mut script = String::from("import sys, numpy as np\nbad = 0\n");
    let mut n = 0;
    for (i, (file, extra, kwargs)) in cases.iter().enumerate() {
        let out = d(&format!("out{i}.txt"));
        let fx = fixture(file);
        let mut args = vec!["convert", &fx[..], &out];
        args.extend(extra.iter().copied());
        let o = npio(&args);
        if *kwargs == "SKIP" {
            // 3-D arrays have no text form, as in NumPy.
            assert_clean_failure(&o, &format!("out{i}.txt"));
            continue;
        }
        assert!(o.status.success(), "{file}: {}", stderr(&o));
        let want = d(&format!("want{i}.txt"));
        script.push_str(&format!(
            "np.savetxt({want:?}, np.load({fx:?}), **{kwargs})\nbad += open({want:?}, 'rb').read() != open({out:?}, 'rb').read()\n"
        ));
        n += 1;
    }
    script.push_str("print(bad)\n");
    let bad = run_python(&script, &[]);
    assert_eq!(bad.trim(), "0", "{n} files compared");
}

/// A conversion killed with SIGKILL while it writes leaves nothing beside
/// its output (the data waits in an unnamed file), and an output that
/// cannot be written is the file an error names.
#[cfg(target_os = "linux")]
#[test]
fn killed_writes_leave_nothing_and_write_errors_name_the_output() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("in.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let out = dir.path().join("out").join("o.npy");
    std::fs::create_dir(out.parent().unwrap()).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_npio"))
        .args([
            "convert",
            fifo.to_str().unwrap(),
            out.to_str().unwrap(),
            "-q",
        ])
        .spawn()
        .unwrap();
    // Rows arrive and the writer starts; the input stays open.
    let mut w = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    for i in 0..200_000 {
        writeln!(w, "{i} {i}.5").unwrap();
    }
    w.flush().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    drop(w);
    let left: Vec<_> = std::fs::read_dir(out.parent().unwrap()).unwrap().collect();
    assert!(left.is_empty(), "left behind: {left:?}");

    // Writing into a folder that does not exist: the error names the
    // output, for every kind of conversion.
    let csv = dir.path().join("t.csv");
    std::fs::write(&csv, "1,2\n3,4\n").unwrap();
    let missing = dir.path().join("nowhere").join("x.npy");
    let m = missing.to_str().unwrap();
    for args in [
        vec!["convert", csv.to_str().unwrap(), m, "--delimiter", ","],
        vec![
            "convert",
            csv.to_str().unwrap(),
            m,
            "--delimiter",
            ",",
            "--genfromtxt",
        ],
    ] {
        let o = npio(&args);
        assert_clean_failure(&o, m);
        assert!(
            stderr(&o).starts_with(&format!("error: {m}: ")),
            "{}",
            stderr(&o)
        );
        assert!(!stderr(&o).contains(".npio-"), "{}", stderr(&o));
    }
}

/// NumPy's warnings reach the user as `warning:` lines, and the
/// conversion still succeeds.
#[test]
fn text_warnings_are_warning_lines() {
    let dir = tempfile::tempdir().unwrap();
    let d = |n: &str| dir.path().join(n).to_str().unwrap().to_string();
    std::fs::write(d("blank.txt"), "# nothing\n\n").unwrap();
    std::fs::write(d("gap.txt"), "1 2\n\n3 4\n5 6\n").unwrap();
    let cases: [(&str, Vec<&str>, &str); 3] = [
        ("blank.txt", vec![], "input contained no data"),
        ("blank.txt", vec!["--genfromtxt"], "Empty input file"),
        (
            "gap.txt",
            vec!["--max-rows", "2"],
            "Input line 2 contained no data and will not be counted towards `max_rows=2`",
        ),
    ];
    for (file, extra, said) in cases {
        let (input, out) = (d(file), d("out.npy"));
        let mut args = vec!["convert", &input, &out];
        args.extend(extra);
        let o = npio(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(stderr(&o).trim_end(), format!("warning: {input}: {said}"));
    }
}

/// A 3 × 4 CSR matrix with three stored values, as `save_npz` writes it.
fn sparse_archive(dir: &Path) -> String {
    use npio::npz::{Csr, save_sparse};
    let m = Csr::<f64>::new(
        [3, 4],
        vec![0, 2, 2, 3],
        vec![1, 3, 0],
        vec![1.5, -2.0, 4.25],
    )
    .unwrap();
    let path = dir.join("m.npz");
    save_sparse(&path, &m).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn sparse_archives_are_described_shown_and_densified() {
    let dir = tempfile::tempdir().unwrap();
    let path = sparse_archive(dir.path());
    let o = npio(&["info", &path]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("\n  csr matrix 3 × 4, float64, 3 stored values\n"),
        "{text}"
    );
    let o = npio(&["info", "--json", &path]);
    let v: Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(
        v["sparse"],
        serde_json::json!({"format": "csr", "shape": [3, 4], "nnz": 3, "dtype": "<f8"})
    );
    let o = npio(&["head", "-n", "2", &path]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "csr matrix 3 × 4, float64, 3 stored values\n  (0, 1)\t1.5\n  (0, 3)\t-2.0\n  ... 1 more\n"
    );
    let out = dir.path().join("dense.npy");
    let o = npio(&["convert", &path, out.to_str().unwrap(), "--dense"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let dense: ndarray::Array2<f64> = npio::npy::read_npy(&out).unwrap();
    assert_eq!(
        dense,
        ndarray::array![[0.0, 1.5, 0.0, -2.0], [0.0; 4], [4.25, 0.0, 0.0, 0.0]]
    );
    // Over the limit: refused with the size, and nothing written.
    let refused = dir.path().join("refused.npy");
    let o = npio(&[
        "convert",
        &path,
        refused.to_str().unwrap(),
        "--dense",
        "--max-bytes",
        "95",
    ]);
    assert_clean_failure(&o, &path);
    assert!(
        stderr(&o).contains("96 bytes, over --max-bytes 95"),
        "{}",
        stderr(&o)
    );
    assert!(!refused.exists());
    // --dense needs a sparse archive.
    let loose = dir.path().join("loose.npz");
    let o = npio(&[
        "convert",
        &fixture("f8_be_c_1d.npy"),
        loose.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = npio(&[
        "convert",
        loose.to_str().unwrap(),
        refused.to_str().unwrap(),
        "--dense",
    ]);
    assert_clean_failure(&o, "loose.npz");
    assert!(
        stderr(&o).contains("scipy.sparse.save_npz"),
        "{}",
        stderr(&o)
    );
    // A damaged matrix is an error naming the member, not a panic.
    use npio::npz::{Compression, NpzWriter};
    let bad = dir.path().join("bad.npz");
    let mut w = NpzWriter::create(&bad, Compression::Stored).unwrap();
    w.add("indices", &ndarray::arr1(&[0i32, 9])).unwrap();
    w.add("indptr", &ndarray::arr1(&[0i32, 2])).unwrap();
    w.add(
        "format",
        &npio::NpyArray::from_byte_strings(&["csr"], &[]).unwrap(),
    )
    .unwrap();
    w.add("shape", &ndarray::arr1(&[1i64, 3])).unwrap();
    w.add("data", &ndarray::arr1(&[1.0f64, 2.0])).unwrap();
    w.commit().unwrap();
    let o = npio(&["head", bad.to_str().unwrap()]);
    assert_clean_failure(&o, "bad.npz");
    assert!(
        stderr(&o).contains("sparse member \"indices\": index 9"),
        "{}",
        stderr(&o)
    );
}

#[test]
#[ignore = "needs SciPy: ./test runs it"]
fn dense_output_is_np_save_of_toarray() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let make = r#"
import sys, numpy as np, scipy.sparse as sp
d = sys.argv[1]
rng = np.random.default_rng(3)
a = (rng.random((6, 4)) < 0.4) * rng.integers(1, 9, (6, 4))
cases = {
    "csr": sp.csr_matrix(a.astype("f8")), "csc": sp.csc_matrix(a.astype("c8")),
    "coo": sp.coo_array(a.astype("i2")), "bsr": sp.bsr_matrix(a.astype("u4"), blocksize=(3, 2)),
    "dia": sp.dia_matrix(a.astype("?")),
}
for name, m in cases.items():
    sp.save_npz(f"{d}/{name}.npz", m)
print(" ".join(cases))
"#;
    let names = run_python(make, &[d]);
    let mut pairs = Vec::new();
    for name in names.split_whitespace() {
        let src = format!("{d}/{name}.npz");
        let out = format!("{d}/{name}.npy");
        let o = npio(&["convert", &src, &out, "--dense"]);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        pairs.push(src);
        pairs.push(out);
    }
    let check = r#"
import io, sys, numpy as np, scipy.sparse as sp
args = sys.argv[1:]
for src, out in zip(args[::2], args[1::2]):
    buf = io.BytesIO()
    np.save(buf, sp.load_npz(src).toarray())
    assert buf.getvalue() == open(out, "rb").read(), src
print("same", len(args) // 2)
"#;
    let args: Vec<&str> = pairs.iter().map(String::as_str).collect();
    assert_eq!(run_python(check, &args).trim(), "same 5");
}

#[test]
fn a_reader_that_goes_away_ends_the_command_quietly() {
    // `npio info ... | head -1`: the pipe closes before npio has written.
    let paths: Vec<String> = (0..200).map(|_| fixture("f8_be_c_1d.npy")).collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_npio"))
        .arg("info")
        .args(&paths)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}
