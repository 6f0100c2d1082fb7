//! Every archive of the NumPy-made corpus: names as NumPy lists them,
//! member info, values, and the codecs this build reads.

use crate::common::{hex, workspace};
use npz_archive::{ErrorKind, Method, NpzReader};
use serde_json::Value as Json;

fn manifest() -> Vec<Json> {
    let path = workspace().join("testdata/npz/manifest.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn open(file: &str) -> NpzReader<npz_archive::SharedFile> {
    NpzReader::open(workspace().join("testdata/npz").join(file)).unwrap()
}

/// Whether this build reads a ZIP method.
fn supported(method: u64) -> bool {
    let zstd = cfg!(feature = "zstd");
    let bzip2 = cfg!(feature = "bzip2");
    let lzma = cfg!(feature = "lzma");
    matches!(method, 0 | 8)
        || (method == 93 && zstd)
        || (method == 12 && bzip2)
        || (matches!(method, 14 | 95) && lzma)
}

#[test]
fn names_match_numpy() {
    let entries = manifest();
    assert!(entries.len() >= 14);
    for e in entries {
        let file = e["file"].as_str().unwrap();
        let npz = open(file);
        let want: Vec<String> = serde_json::from_value(e["numpy_files"].clone()).unwrap();
        assert_eq!(npz.names(), want, "{file}");
        let namelist: Vec<String> = serde_json::from_value(e["zipfile_namelist"].clone()).unwrap();
        assert_eq!(npz.zip_names(), namelist, "{file}");
    }
}

#[test]
fn members_match_numpy() {
    let mut checked = 0;
    for e in manifest() {
        let file = e["file"].as_str().unwrap();
        let Some(members) = e["members"].as_array() else {
            // Many members: read every one back.
            let mut npz = open(file);
            for i in 0..npz.len() {
                npz.by_index_dyn(i)
                    .unwrap_or_else(|err| panic!("{file}: {err}"));
            }
            assert_eq!(npz.len(), e["zip_names"].as_array().unwrap().len());
            continue;
        };
        let mut npz = open(file);
        for (i, m) in members.iter().enumerate() {
            let zip_name = m["zip_name"].as_str().unwrap();
            let method = m["compress_type"].as_u64().unwrap();
            let info = npz
                .info(i)
                .unwrap_or_else(|err| panic!("{file} {zip_name}: {err}"));
            assert_eq!(
                info.size,
                m["file_size"].as_u64().unwrap(),
                "{file} {zip_name}"
            );
            assert_eq!(info.compressed_size, m["compressed_size"].as_u64().unwrap());
            assert_eq!(info.crc32 as u64, m["crc"].as_u64().unwrap());
            let want_method = match method {
                0 => Method::Stored,
                8 => Method::Deflate,
                12 => Method::Bzip2,
                14 => Method::Lzma,
                93 => Method::Zstd,
                n => Method::Other(n as u16),
            };
            assert_eq!(info.method, want_method, "{file} {zip_name}");
            if !m["is_npy"].as_bool().unwrap() {
                assert!(info.header.is_none());
                let err = npz.by_index_dyn(i).unwrap_err();
                assert!(err.to_string().contains("not a .npy file"), "{err}");
                assert_eq!(err.member(), Some(npz.zip_names()[i].as_str()));
                continue;
            }
            if !supported(method) {
                let err = npz.by_index_dyn(i).unwrap_err();
                assert!(
                    matches!(err.kind(), ErrorKind::Zip { .. } | ErrorKind::Npy { .. }),
                    "{file} {zip_name}: {err:?}"
                );
                continue;
            }
            let header = info.header.unwrap().header;
            assert_eq!(
                header.dtype.descr_repr(),
                m["descr"].as_str().unwrap(),
                "{file} {zip_name}"
            );
            let a = npz
                .by_index_dyn(i)
                .unwrap_or_else(|err| panic!("{file} {zip_name}: {err}"));
            let shape: Vec<usize> = serde_json::from_value(m["shape"].clone()).unwrap();
            assert_eq!(a.shape(), &shape[..]);
            // NumPy leaves the padding of copied records uninitialised:
            // compare the bytes fields cover.
            let mask = covered(a.dtype());
            let ours = a.to_c_order();
            let theirs = hex(m["c_bytes"].as_str().unwrap());
            assert_eq!(ours.data().len(), theirs.len());
            for (k, (x, y)) in ours.data().iter().zip(&theirs).enumerate() {
                if mask.is_empty() || mask[k % mask.len()] {
                    assert_eq!(x, y, "{file} {zip_name}: byte {k}");
                }
            }
            if let Some(npy) = m["npy_hex"].as_str() {
                let mut again = Vec::new();
                a.write_npy(&mut again).unwrap();
                assert_eq!(again, hex(npy), "{file} {zip_name}: rewrite differs");
            }
            checked += 1;
        }
    }
    assert!(checked >= 20, "{checked}");
}

#[test]
fn lookups_follow_numpy() {
    let mut npz = open("double_suffix.npz");
    assert_eq!(npz.by_name_dyn("a.npy").unwrap().shape(), [2]);
    assert_eq!(npz.by_name_dyn("b").unwrap().shape(), [2, 2]);
    let mut npz = open("nul_name.npz");
    assert_eq!(npz.names(), ["good", "plain"]);
    npz.by_name_dyn("good").unwrap();
    let mut npz = open("dotdot_names.npz");
    assert_eq!(npz.by_name_dyn("../escape").unwrap().shape(), [2]);
    let mut npz = open("unicode_names.npz");
    for name in ["température", "数据", "emoji😀"] {
        npz.by_name_dyn(name).unwrap();
    }
}

/// Which bytes of one element belong to a field (all of them for scalars).
fn covered(dtype: &npy_format::DType) -> Vec<bool> {
    let mut mask = vec![false; dtype.itemsize()];
    match dtype.as_record() {
        None => mask.iter_mut().for_each(|b| *b = true),
        Some(rec) => {
            for f in rec.fields() {
                let inner = covered(&f.dtype);
                let count: usize = f.shape.iter().product();
                for k in 0..count {
                    for (j, &c) in inner.iter().enumerate() {
                        mask[f.offset + k * inner.len() + j] |= c;
                    }
                }
            }
        }
    }
    mask
}
