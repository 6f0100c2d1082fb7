//! Object URLs as PATH arguments: `file://` URLs on every machine, and
//! `s3://` against moto's S3 server started on 127.0.0.1 by the test
//! (`./test` installs it), with NumPy writing the inputs and reading the
//! outputs.

use npio_test_support::{Moto, run_python};
use std::process::{Command, Output};

fn npio(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_npio"))
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

/// Runs `npio`, asserting success; its stdout.
fn ok(args: &[&str], env: &[(&str, &str)]) -> String {
    let o = npio(args, env);
    assert!(
        o.status.success(),
        "npio {args:?} failed: {}",
        text(&o.stderr)
    );
    text(&o.stdout)
}

#[test]
fn file_urls_are_local_paths() {
    let dir = tempfile::tempdir().unwrap();
    let npy = dir.path().join("a b.npy");
    npio::npy::write_npy(&npy, &ndarray::array![[1i32, 2], [3, 4]]).unwrap();
    let url = format!("file://{}", dir.path().join("a%20b.npy").display());
    let info = ok(&["info", "--json", &url], &[]);
    assert!(info.contains("\"shape\":[2,2]"), "{info}");
    let out = format!("file://{}", dir.path().join("b.npz").display());
    ok(&["convert", &url, &out], &[]);
    let mut npz = npio::npz::NpzReader::open(dir.path().join("b.npz")).unwrap();
    let a: ndarray::Array2<i32> = npz.by_name("arr_0").unwrap();
    assert_eq!(a, ndarray::array![[1, 2], [3, 4]]);
}

#[test]
fn urls_never_print_passwords() {
    let o = npio(&["info", "ftp://me:hunter2@example.invalid/x.npy"], &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.starts_with("error: ftp://example.invalid/x.npy: "),
        "{err}"
    );
    assert!(!err.contains("hunter2") && !err.contains("me:"), "{err}");
}

/// The environment that points the command at moto, as a user's shell
/// would: credentials and endpoint never appear in arguments.
fn s3_env(moto: &Moto) -> Vec<(&'static str, String)> {
    vec![
        ("AWS_ENDPOINT_URL", moto.endpoint.clone()),
        ("AWS_ALLOW_HTTP", "true".into()),
        ("AWS_ACCESS_KEY_ID", "testing".into()),
        ("AWS_SECRET_ACCESS_KEY", "testing".into()),
        ("AWS_REGION", "us-east-1".into()),
    ]
}

#[test]
#[ignore = "needs NumPy and moto: ./test runs it"]
fn every_command_takes_s3_urls() {
    let moto = Moto::start();
    let env_owned = s3_env(&moto);
    let env: Vec<(&str, &str)> = env_owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    run_python(
        r#"
import io, sys, boto3, numpy as np
s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1",
                  aws_access_key_id="testing", aws_secret_access_key="testing")
s3.create_bucket(Bucket="npio")
def put(key, save, *a, **kw):
    b = io.BytesIO(); save(b, *a, **kw); s3.put_object(Bucket="npio", Key=key, Body=b.getvalue())
put("in/big.npy", np.save, np.arange(3_000_000, dtype="<f8").reshape(1_000_000, 3))
put("in/f.npy", np.save, np.asfortranarray(np.arange(12, dtype="<i2").reshape(3, 4)))
put("in/pair.npz", np.savez_compressed, x=np.arange(5), y=np.eye(2))
s3.put_object(Bucket="npio", Key="in/t.csv.gz",
              Body=__import__("gzip").compress(b"1,2\n3,4\n5,6\n"))
"#,
        &[&moto.endpoint],
    );

    // Describe and preview a 24 MB array without reading it.
    let info = ok(&["info", "--json", "s3://npio/in/big.npy"], &env);
    assert!(info.contains("\"shape\":[1000000,3]"), "{info}");
    assert!(info.contains("\"path\":\"s3://npio/in/big.npy\""), "{info}");
    let head = ok(&["head", "-n", "2", "s3://npio/in/big.npy"], &env);
    assert_eq!(
        head,
        "'<f8' shape (1000000, 3) (2 of 1000000 rows)\n[0.0 1.0 2.0]\n[3.0 4.0 5.0]\n"
    );
    let head = ok(&["head", "s3://npio/in/f.npy"], &env);
    assert!(head.contains("[0 1  2  3]"), "{head}");
    let info = ok(&["info", "s3://npio/in/pair.npz"], &env);
    assert!(info.contains("y: '<f8' (2, 2), deflate"), "{info}");
    let verified = ok(
        &["verify", "s3://npio/in/big.npy", "s3://npio/in/pair.npz"],
        &env,
    );
    assert_eq!(
        verified,
        "s3://npio/in/big.npy: ok\ns3://npio/in/pair.npz: ok\n"
    );

    // Conversions from and to objects, text included.
    ok(
        &[
            "convert",
            "s3://npio/in/big.npy",
            "s3://npio/out/big.npz",
            "--compress",
            "deflate",
        ],
        &env,
    );
    ok(
        &[
            "convert",
            "s3://npio/in/pair.npz",
            "s3://npio/out/y.npy",
            "--member",
            "y",
        ],
        &env,
    );
    ok(
        &[
            "convert",
            "s3://npio/in/t.csv.gz",
            "s3://npio/out/t.npy",
            "--delimiter",
            ",",
        ],
        &env,
    );
    ok(
        &[
            "convert",
            "s3://npio/in/t.csv.gz",
            "s3://npio/out/g.npy",
            "--delimiter",
            ",",
            "--genfromtxt",
        ],
        &env,
    );
    ok(
        &[
            "convert",
            "s3://npio/out/t.npy",
            "s3://npio/out/t.csv",
            "--delimiter",
            ",",
        ],
        &env,
    );
    ok(
        &[
            "pack",
            "s3://npio/out/packed.npz",
            "t=s3://npio/out/t.npy",
            "s3://npio/in/f.npy",
        ],
        &env,
    );
    ok(
        &["unpack", "s3://npio/out/packed.npz", "s3://npio/unpacked"],
        &env,
    );

    // A failing conversion leaves no object behind.
    let o = npio(
        &["convert", "s3://npio/in/pair.npz", "s3://npio/out/none.npy"],
        &env,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("choose one with --member"),
        "{}",
        text(&o.stderr)
    );
    let o = npio(&["info", "s3://npio/in/missing.npy"], &env);
    assert_eq!(
        text(&o.stderr),
        "error: s3://npio/in/missing.npy: object store: no object at in/missing.npy\n"
    );

    let out = run_python(
        r#"
import io, sys, boto3, numpy as np
s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1",
                  aws_access_key_id="testing", aws_secret_access_key="testing")
get = lambda k: io.BytesIO(s3.get_object(Bucket="npio", Key=k)["Body"].read())
raw = lambda k: s3.get_object(Bucket="npio", Key=k)["Body"].read()
big = np.arange(3_000_000, dtype="<f8").reshape(1_000_000, 3)
with np.load(get("out/big.npz")) as z:
    assert (z["arr_0"] == big).all()
assert (np.load(get("out/y.npy")) == np.eye(2)).all()
t = np.array([[1.0, 2], [3, 4], [5, 6]])
assert (np.load(get("out/t.npy")) == t).all()
assert (np.load(get("out/g.npy")) == t).all()
b = io.BytesIO(); np.savetxt(b, t, delimiter=",")
assert raw("out/t.csv") == b.getvalue(), raw("out/t.csv")
with np.load(get("out/packed.npz")) as z:
    assert list(z.keys()) == ["t", "f"]
    assert (z["f"] == np.arange(12).reshape(3, 4)).all()
assert raw("unpacked/t.npy") == raw("out/t.npy")
keys = [o["Key"] for o in s3.list_objects_v2(Bucket="npio")["Contents"]]
assert "out/none.npy" not in keys, keys
print("ok")
"#,
        &[&moto.endpoint],
    );
    assert_eq!(out.trim(), "ok");
}
