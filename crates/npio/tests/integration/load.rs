//! `npio::load` on files NumPy made, live: values, dtypes, shapes and
//! orders as NumPy sees them; object arrays refused; header limits.

use crate::common::{arg, fixture, run_python};
use npio::{ErrorKind, LoadOptions, Loaded};
use std::path::Path;

/// Writes arrays with `np.save` under `dir` and prints, per file, its
/// name, descr, shape, order and data bytes (hex, in the file's order).
const MAKE_NPY: &str = r#"
import sys, numpy as np
d = sys.argv[1]
arrays = {
    "f8_c": np.arange(12.0).reshape(3, 4) / 7,
    "f4_f": np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)),
    "i2_be": np.array([1, -2, 300], dtype=">i2"),
    "u1_0d": np.array(7, dtype=np.uint8),
    "b1": np.array([True, False, True]),
    "c16": np.array([1 + 2j, -0.5j]),
    "U5": np.array(["a", "héllo", "€"]),
    "S3": np.array([b"ab", b"xyz"]),
    "M8": np.array(["2024-02-29", "NaT"], dtype="M8[D]"),
    "rec": np.array([(1, 2.5, b"x"), (2, -1.0, b"yz")],
                    dtype=[("id", "<u2"), ("v", ">f8"), ("tag", "S2")]),
    "empty": np.zeros((0, 3), dtype=np.int64),
}
for name, a in arrays.items():
    np.save(f"{d}/{name}.npy", a)
    fortran = a.flags.f_contiguous and not a.flags.c_contiguous
    data = a.tobytes(order="F" if fortran else "C")
    descr = repr(np.lib.format.dtype_to_descr(a.dtype))
    print(name, descr.replace(" ", "~"), ",".join(map(str, a.shape)) or "-", fortran, data.hex() or "-")
"#;

fn check_listing(dir: &Path, listing: &str, mut load: impl FnMut(&Path, &str) -> npio::NpyArray) {
    let mut n = 0;
    for line in listing.lines() {
        let parts: Vec<&str> = line.split(' ').collect();
        let [name, descr, shape, fortran, hex] = parts[..] else {
            panic!("bad line {line:?}");
        };
        let array = load(dir, name);
        assert_eq!(
            array.dtype().descr_repr(),
            descr.replace('~', " "),
            "{name}"
        );
        let shape: Vec<usize> = match shape {
            "-" => vec![],
            s => s.split(',').map(|d| d.parse().unwrap()).collect(),
        };
        assert_eq!(array.shape(), &shape[..], "{name}");
        assert_eq!(array.fortran_order(), fortran == "True", "{name}");
        let hex = if hex == "-" { "" } else { hex };
        assert_eq!(npio_test_support::to_hex(array.data()), hex, "{name}");
        n += 1;
    }
    assert_eq!(n, 11);
}

#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn numpy_npy_files_load_as_numpy_sees_them() {
    let dir = tempfile::tempdir().unwrap();
    let listing = run_python(MAKE_NPY, &[arg(dir.path())]);
    check_listing(dir.path(), &listing, |dir, name| {
        match npio::load(dir.join(format!("{name}.npy"))).unwrap() {
            Loaded::Array(a) => a,
            other => panic!("{name}: {other:?}"),
        }
    });
}

#[cfg(feature = "npz")]
#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn numpy_npz_files_load_lazily_with_numpys_names() {
    let dir = tempfile::tempdir().unwrap();
    let script = format!(
        "{MAKE_NPY}\nnp.savez(f'{{d}}/stored.npz', *list(arrays.values())[:2], **arrays)\n\
         np.savez_compressed(f'{{d}}/deflated.npz', **arrays)\n\
         np.savez(f'{{d}}/empty.npz')\n"
    );
    let listing = run_python(&script, &[arg(dir.path())]);
    for archive in ["stored", "deflated"] {
        let path = dir.path().join(format!("{archive}.npz"));
        let mut npz = npio::load(&path).unwrap().into_archive().unwrap();
        let mut names: Vec<&str> = listing
            .lines()
            .map(|l| l.split(' ').next().unwrap())
            .collect();
        if archive == "stored" {
            names.extend(["arr_0", "arr_1"]); // after the keywords, as NumPy orders them
        }
        assert_eq!(npz.names(), &names[..], "{archive}");
        check_listing(dir.path(), &listing, |_, name| {
            npz.by_name_dyn(name).unwrap()
        });
    }
    let npz = npio::load(dir.path().join("empty.npz")).unwrap();
    assert!(npz.into_archive().unwrap().is_empty());
}

#[cfg(feature = "mmap")]
#[test]
fn into_memmap_of_a_read_array_says_how_to_map() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.npy");
    npio::save(&path, &ndarray::array![1u8]).unwrap();
    let err = npio::load(&path).unwrap().into_memmap().unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::NotMapped), "{err:?}");
    assert!(err.to_string().contains("mmap_mode"), "{err}");
}

/// `np.save(path, objects, allow_pickle=True)` gives a `.npy` whose dtype
/// is `|O`: its header is fine, its data a pickle, so load refuses it
/// with the shape from the header.
#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn object_arrays_are_refused_as_pickles() {
    let dir = tempfile::tempdir().unwrap();
    run_python(
        r#"
import sys, numpy as np
d = sys.argv[1]
objects = np.empty((2, 3), dtype=object)
objects[:] = [[1, "a", None], [{"k": 1}, 2.5, [1, 2]]]
np.save(f"{d}/objects.npy", objects, allow_pickle=True)
np.save(f"{d}/records.npy", np.zeros(2, dtype=[("x", "<f8"), ("o", "O")]), allow_pickle=True)
np.savez(f"{d}/mixed.npz", numbers=np.arange(3), objects=objects)
"#,
        &[arg(dir.path())],
    );
    for (name, shape) in [("objects.npy", vec![2, 3]), ("records.npy", vec![2])] {
        let path = dir.path().join(name);
        let err = npio::load(&path).unwrap_err();
        match err.kind() {
            ErrorKind::ObjectArray { shape: s } => assert_eq!(s, &shape, "{name}"),
            other => panic!("{name}: {other:?}"),
        }
        assert!(err.is_pickle());
        assert!(err.to_string().contains("allow_pickle"), "{err}");
        // The header itself is readable.
        let header = npio::npy::read_header_file(&path).unwrap();
        assert!(header.header.dtype.has_object());
    }

    // In an archive, as with NumPy's NpzFile, the error comes when the
    // member is read; the other members load.
    #[cfg(feature = "npz")]
    {
        let mut npz = npio::load(dir.path().join("mixed.npz"))
            .unwrap()
            .into_archive()
            .unwrap();
        assert_eq!(npz.by_name_dyn("numbers").unwrap().shape(), &[3]);
        let err = npio::Error::from(npz.by_name_dyn("objects").unwrap_err());
        assert!(err.is_pickle(), "{err:?}");
    }

    // The committed fixture, too.
    let err = npio::load(fixture("npy/object_na_c_1d.npy")).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::ObjectArray { .. }),
        "{err:?}"
    );
}

/// NumPy refuses headers over 10000 characters unless told otherwise;
/// so does npio, and `max_header_size` raises the limit.
#[test]
fn max_header_size_is_numpys() {
    let path = fixture("npy/recmany_na_c_1d.npy");
    let err = npio::load(&path).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Npy(e) if matches!(e.kind(), npio::npy::ErrorKind::HeaderTooLarge { limit: 10_000, .. })),
        "{err:?}"
    );
    let array = LoadOptions::new()
        .max_header_size(100_000)
        .load(&path)
        .unwrap()
        .into_array()
        .unwrap();
    assert!(array.dtype().as_record().unwrap().fields().len() > 1000);
}

#[cfg(feature = "mmap")]
#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn mmap_mode_maps_npy_and_opens_npz_lazily() {
    use npio::mmap::Mode;
    let dir = tempfile::tempdir().unwrap();
    run_python(
        r#"
import sys, numpy as np
d = sys.argv[1]
a = np.arange(20, dtype="<i4").reshape(4, 5)
np.save(f"{d}/a.npy", a)
np.savez(f"{d}/a.npz", a=a)
"#,
        &[arg(dir.path())],
    );
    let mut opts = LoadOptions::new();
    opts.mmap_mode(Mode::ReadOnly);
    let map = opts
        .load(dir.path().join("a.npy"))
        .unwrap()
        .into_memmap()
        .unwrap();
    let view = map.view::<i32, ndarray::Ix2>().unwrap();
    assert_eq!(view[[3, 4]], 19);
    assert_eq!(map.mode(), Mode::ReadOnly);

    // np.load ignores mmap_mode for archives.
    let npz = opts.load(dir.path().join("a.npz")).unwrap();
    assert!(matches!(npz, Loaded::Archive(_)));
    assert!(matches!(
        npz.into_memmap().unwrap_err().kind(),
        ErrorKind::WrongFormat {
            expected: "npy",
            found: "npz"
        }
    ));

    // w+ needs a dtype and shape: create_memmap.
    opts.mmap_mode(Mode::Create);
    let err = opts.load(dir.path().join("a.npy")).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Mmap(_)), "{err:?}");
}

#[cfg(feature = "npz")]
#[test]
fn loaded_says_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let npy = dir.path().join("a.npy");
    let npz = dir.path().join("a.npz");
    npio::save(&npy, &ndarray::array![1u8]).unwrap();
    npio::savez(&npz, &[("a", &ndarray::array![1u8])]).unwrap();

    let loaded = npio::load(&npy).unwrap();
    assert_eq!(loaded.format(), npio::Format::Npy);
    let err = loaded.into_archive().unwrap_err();
    assert!(matches!(
        err.kind(),
        ErrorKind::WrongFormat {
            expected: "npz",
            found: "npy"
        }
    ));
    assert_eq!(err.to_string(), "expected a .npz file, found a .npy file");

    let loaded = npio::load(&npz).unwrap();
    assert_eq!(loaded.format(), npio::Format::Npz);
    assert!(loaded.into_array().is_err());
}
