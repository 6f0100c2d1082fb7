//! Hostile input: truncation at every byte of every fixture, forged sizes,
//! bad values. Every case must give a typed error, never a panic.

use crate::common::{manifest, npy_dir};
use ndarray::ArrayD;
use npy_format::{ErrorKind, Header, NpyReader, ReadOptions};

fn opts() -> ReadOptions {
    let mut o = ReadOptions::new();
    o.max_header_size(200_000);
    o
}

#[test]
fn truncation_at_every_offset_is_an_error() {
    for e in manifest() {
        let file = e["file"].as_str().unwrap();
        if e["object"].as_bool().unwrap() {
            continue;
        }
        let bytes = std::fs::read(npy_dir().join(file)).unwrap();
        let data_end = e["data_offset"].as_u64().unwrap() as usize
            + e["itemsize"].as_u64().unwrap() as usize
                * e["shape"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| d.as_u64().unwrap() as usize)
                    .product::<usize>();
        // The many-fields file has a 65 KiB header: every 97th cut is
        // plenty there.
        let step = if bytes.len() > 10_000 { 97 } else { 1 };
        for cut in (0..=bytes.len()).step_by(step) {
            let slice = &bytes[..cut];
            let result = NpyReader::with_options(slice, &opts()).and_then(|r| r.read_dyn());
            if cut >= data_end {
                assert!(result.is_ok(), "{file} cut at {cut}: {:?}", result.err());
            } else {
                let err = result
                    .err()
                    .unwrap_or_else(|| panic!("{file} cut at {cut} loaded"));
                if cut >= e["data_offset"].as_u64().unwrap() as usize {
                    match err.kind() {
                        ErrorKind::Truncated {
                            expected, found, ..
                        } => {
                            let data_len =
                                (data_end - e["data_offset"].as_u64().unwrap() as usize) as u64;
                            assert_eq!(*expected, data_len, "{file} cut at {cut}");
                            assert_eq!(
                                *found,
                                (cut - e["data_offset"].as_u64().unwrap() as usize) as u64,
                                "{file} cut at {cut}"
                            );
                        }
                        k => panic!("{file} cut at {cut}: {k:?}"),
                    }
                }
            }
        }
    }
}

fn raw(version: (u8, u8), text: &str, data: &[u8]) -> Vec<u8> {
    let mut out = b"\x93NUMPY".to_vec();
    out.extend_from_slice(&[version.0, version.1]);
    if version.0 == 1 {
        out.extend_from_slice(&(text.len() as u16).to_le_bytes());
    } else {
        out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    }
    out.extend_from_slice(text.as_bytes());
    out.extend_from_slice(data);
    out
}

fn err_of(bytes: &[u8]) -> ErrorKind {
    NpyReader::new(bytes)
        .and_then(|r| r.read_dyn())
        .unwrap_err()
        .into_kind()
}

#[test]
fn forged_shapes_do_not_allocate() {
    // 2**60 elements of 8 bytes: refused as an overflow.
    let text = "{'descr': '<f8', 'fortran_order': False, 'shape': (1152921504606846976, 16)}\n";
    assert!(matches!(
        err_of(&raw((1, 0), text, &[])),
        ErrorKind::SizeOverflow { .. }
    ));
    // A plausible but huge shape with no data: the reader grows its buffer
    // only as data arrives, so this fails fast with the sizes.
    let text = "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000,)}\n";
    match err_of(&raw((1, 0), text, &[0; 16])) {
        ErrorKind::Truncated {
            expected, found, ..
        } => {
            assert_eq!(expected, 8_000_000_000_000);
            assert_eq!(found, 16);
        }
        k => panic!("{k:?}"),
    }
    // The same through a file: checked against the file's length first.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("forged.npy");
    std::fs::write(&p, raw((1, 0), text, &[0; 16])).unwrap();
    let err = npy_format::read_npy::<_, ArrayD<f64>>(&p).unwrap_err();
    assert!(err.is_truncated(), "{err}");
}

#[test]
fn bad_values_are_typed_errors() {
    let text = "{'descr': '|b1', 'fortran_order': False, 'shape': (3,)}\n";
    let bytes = raw((1, 0), text, &[1, 0, 7]);
    let err = npy_format::NpyReader::new(&bytes[..])
        .unwrap()
        .read_array::<bool, ndarray::Ix1>()
        .unwrap_err();
    assert!(matches!(
        err.kind(),
        ErrorKind::InvalidBool { index: 2, value: 7 }
    ));
    for text in [
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2.5,)}",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,)}",
        "{'descr': '<f8', 'fortran_order': 'no', 'shape': (1,)}",
        "{'descr': '<q8', 'fortran_order': False, 'shape': (1,)}",
        "{'descr': '<f8', 'fortran_order': False}",
        "['descr', '<f8']",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'descr': '<f8'}",
    ] {
        let kind = err_of(&raw((1, 0), text, &[0; 8]));
        assert!(
            matches!(
                kind,
                ErrorKind::HeaderValue { .. }
                    | ErrorKind::HeaderSyntax { .. }
                    | ErrorKind::InvalidDescr { .. }
            ),
            "{text}: {kind:?}"
        );
    }
    let deep = format!(
        "{{'descr': {}'<f8'{}, 'fortran_order': False, 'shape': (1,)}}",
        "[('a', ".repeat(200),
        ")]".repeat(200)
    );
    let kind = err_of(&raw((2, 0), &deep, &[0; 8]));
    assert!(
        matches!(
            kind,
            ErrorKind::HeaderSyntax { .. } | ErrorKind::InvalidDescr { .. }
        ),
        "{kind:?}"
    );
}

#[test]
fn trailing_bytes_are_ignored() {
    let h = Header::new(
        npy_format::DType::parse_descr("'<u2'").unwrap(),
        vec![2],
        false,
    );
    let mut bytes = h.to_bytes().unwrap();
    bytes.extend_from_slice(&[1, 0, 2, 0, 0xde, 0xad]);
    let a: ndarray::Array1<u16> = npy_format::ReadNpyExt::read_npy(&bytes[..]).unwrap();
    assert_eq!(a, ndarray::array![1, 2]);
}

#[test]
fn object_arrays_are_refused_clearly() {
    let err = npy_format::read_npy::<_, npy_format::NpyArray>(npy_dir().join("object_na_c_1d.npy"))
        .unwrap_err();
    assert!(err.to_string().contains("pickle"), "{err}");
}
