//! Every file of the NumPy-made corpus: header, values, and (for files
//! today's NumPy writes) the exact bytes npio writes back.

use crate::common::{hex, manifest, npy_dir};
use bytemuck::Pod;
use ndarray::{ArrayD, IxDyn};
use npy_format::half::f16;
use npy_format::num_complex::Complex;
use npy_format::{
    DType, ErrorKind, NpyArray, NpyReader, ReadOptions, ReadableElement, WriteNpyExt,
    read_header_file,
};
use serde_json::Value as Json;

fn opts() -> ReadOptions {
    let mut o = ReadOptions::new();
    o.max_header_size(200_000);
    o
}

fn read_dyn(file: &str) -> npy_format::Result<NpyArray> {
    NpyReader::open_with(npy_dir().join(file), &opts())?.read_dyn()
}

#[test]
fn headers_match_numpy() {
    for e in manifest() {
        let file = e["file"].as_str().unwrap();
        let reader = NpyReader::open_with(npy_dir().join(file), &opts()).unwrap();
        let p = reader.parsed_header();
        let v = p.version.as_tuple();
        assert_eq!(
            serde_json::json!([v.0, v.1]),
            e["version"],
            "{file}: version"
        );
        assert_eq!(
            p.header_len as u64,
            e["header_len"].as_u64().unwrap(),
            "{file}"
        );
        assert_eq!(p.data_offset, e["data_offset"].as_u64().unwrap(), "{file}");
        let shape: Vec<usize> = e["shape"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_u64().unwrap() as usize)
            .collect();
        assert_eq!(p.header.shape, shape, "{file}");
        assert_eq!(
            p.header.fortran_order,
            e["fortran_order"].as_bool().unwrap(),
            "{file}"
        );
        assert_eq!(
            p.header.dtype.itemsize() as u64,
            e["itemsize"].as_u64().unwrap(),
            "{file}"
        );
        if let Some(descr) = e["descr"].as_str() {
            // NumPy's own files print back exactly; hand-made ones (double
            // quotes) print back as NumPy would print them.
            let expect = DType::parse_descr(descr).unwrap().descr_repr();
            assert_eq!(p.header.dtype.descr_repr(), expect, "{file}");
            if e["canonical"].as_bool().unwrap() {
                assert_eq!(p.header.dtype.descr_repr(), descr, "{file}");
            }
        }
        if let Some(fields) = e["fields"].as_array() {
            let rec = p.header.dtype.as_record().unwrap();
            assert_eq!(rec.fields().len(), fields.len(), "{file}");
            for (f, j) in rec.fields().iter().zip(fields) {
                assert_eq!(f.name, j["name"].as_str().unwrap(), "{file}");
                assert_eq!(f.offset as u64, j["offset"].as_u64().unwrap(), "{file}");
                if let Some(d) = j["descr"].as_str() {
                    assert_eq!(f.dtype.type_str().unwrap(), d, "{file}");
                }
            }
        }
    }
}

#[test]
fn header_only_inspection_reads_no_data() {
    let e = manifest();
    assert!(e.len() > 200);
    let h = read_header_file(npy_dir().join("f8_be_f_3d.npy")).unwrap();
    assert_eq!(h.header.dtype.descr_repr(), "'>f8'");
    assert_eq!(h.header.shape, vec![2, 3, 4]);
    assert!(h.header.fortran_order);
}

#[test]
fn dynamic_values_match_numpy() {
    for e in manifest() {
        let file = e["file"].as_str().unwrap();
        if e["object"].as_bool().unwrap() {
            let err = read_dyn(file).unwrap_err();
            assert!(matches!(err.kind(), ErrorKind::ObjectData), "{file}: {err}");
            continue;
        }
        let a = read_dyn(file).unwrap_or_else(|err| panic!("{file}: {err}"));
        let expect = hex(e["c_bytes"].as_str().unwrap());
        assert_eq!(a.to_c_order().data(), &expect[..], "{file}");
    }
}

#[test]
fn npio_writes_what_numpy_wrote() {
    for e in manifest() {
        let file = e["file"].as_str().unwrap();
        if !e["canonical"].as_bool().unwrap() || e["object"].as_bool().unwrap() {
            continue;
        }
        let original = std::fs::read(npy_dir().join(file)).unwrap();
        let a = read_dyn(file).unwrap();
        let mut out = Vec::new();
        a.write_npy(&mut out).unwrap();
        assert!(
            out == original,
            "{file}: npio's bytes differ from np.save's"
        );
    }
}

/// Values of one element type decoded straight from the manifest's bytes:
/// an independent check of the typed reader, including byte swapping.
fn expected<T: Pod>(bytes: &[u8], big_endian: bool, parts: usize) -> Vec<T> {
    let size = std::mem::size_of::<T>();
    bytes
        .chunks_exact(size)
        .map(|c| {
            let mut c = c.to_vec();
            if big_endian {
                for part in c.chunks_mut(size / parts) {
                    part.reverse();
                }
            }
            bytemuck::pod_read_unaligned(&c)
        })
        .collect()
}

fn check_typed<T>(e: &Json, parts: usize)
where
    T: Pod + ReadableElement + npy_format::WritableElement + PartialEq + std::fmt::Debug,
{
    let file = e["file"].as_str().unwrap();
    let be = file.contains("_be_");
    let a: ArrayD<T> = npy_format::read_npy(npy_dir().join(file)).unwrap();
    let shape: Vec<usize> = a.shape().to_vec();
    let want = expected::<T>(&hex(e["c_bytes"].as_str().unwrap()), be, parts);
    let want = ArrayD::from_shape_vec(IxDyn(&shape), want).unwrap();
    // Compare bit patterns (NaN-safe): through the bytes of each element.
    let got_bits: Vec<u8> = a
        .iter()
        .flat_map(|x| bytemuck::bytes_of(x).to_vec())
        .collect();
    let want_bits: Vec<u8> = want
        .iter()
        .flat_map(|x| bytemuck::bytes_of(x).to_vec())
        .collect();
    assert_eq!(got_bits, want_bits, "{file}");
    assert_eq!(
        a.is_standard_layout(),
        !e["fortran_order"].as_bool().unwrap() || shape.iter().filter(|&&d| d > 1).count() <= 1,
        "{file}: layout"
    );
    if !be && e["canonical"].as_bool().unwrap() {
        let mut out = Vec::new();
        a.write_npy(&mut out).unwrap();
        let original = std::fs::read(npy_dir().join(file)).unwrap();
        assert!(out == original, "{file}: typed write differs from np.save");
    }
}

#[test]
fn typed_values_match_numpy() {
    let mut checked = 0;
    for e in manifest() {
        let file = e["file"].as_str().unwrap();
        let ty = file.split('_').next().unwrap();
        match ty {
            "i1" => check_typed::<i8>(&e, 1),
            "i2" => check_typed::<i16>(&e, 1),
            "i4" => check_typed::<i32>(&e, 1),
            "i8" => check_typed::<i64>(&e, 1),
            "u1" => check_typed::<u8>(&e, 1),
            "u2" => check_typed::<u16>(&e, 1),
            "u4" => check_typed::<u32>(&e, 1),
            "u8" => check_typed::<u64>(&e, 1),
            "f2" => check_typed::<f16>(&e, 1),
            "f4" => check_typed::<f32>(&e, 1),
            "f8" => check_typed::<f64>(&e, 1),
            "c8" => check_typed::<Complex<f32>>(&e, 2),
            "c16" => check_typed::<Complex<f64>>(&e, 2),
            "b1" => {
                let a: ArrayD<bool> = npy_format::read_npy(npy_dir().join(file)).unwrap();
                let want: Vec<bool> = hex(e["c_bytes"].as_str().unwrap())
                    .iter()
                    .map(|&b| b == 1)
                    .collect();
                assert_eq!(a.iter().copied().collect::<Vec<_>>(), want, "{file}");
            }
            _ => continue,
        }
        checked += 1;
    }
    assert!(checked >= 150, "only {checked} typed fixtures checked");
}

#[test]
fn dtype_mismatch_names_both() {
    let err = npy_format::read_npy::<_, ArrayD<f32>>(npy_dir().join("i2_be_c_1d.npy")).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("<f4") && msg.contains(">i2"), "{msg}");
    let err = npy_format::read_npy::<_, ndarray::Array2<i16>>(npy_dir().join("i2_be_c_1d.npy"))
        .unwrap_err();
    assert!(matches!(
        err.kind(),
        ErrorKind::DimensionMismatch {
            expected: 2,
            found: 1
        }
    ));
}

#[test]
fn records_give_fields_by_name() {
    let a = read_dyn("recsimple_le_c_1d.npy").unwrap();
    let x = a.field("x").unwrap();
    assert_eq!(x.dtype().descr_repr(), "'<f8'");
    assert_eq!(x.shape(), a.shape());
    let nested = read_dyn("recnested_le_c_1d.npy").unwrap();
    let inner = nested.field("a").unwrap().field("c").unwrap();
    assert_eq!(inner.dtype().descr_repr(), "'<f4'");
    let sub = read_dyn("recsubarr_le_c_1d.npy").unwrap();
    let m = sub.field("m").unwrap();
    assert_eq!(m.shape(), &[sub.shape()[0], 2, 3]);
    let titled = read_dyn("rectitles_le_c_1d.npy").unwrap();
    assert_eq!(
        titled.field("My title").unwrap(),
        titled.field("t").unwrap()
    );
    assert!(matches!(
        a.field("nope").unwrap_err().kind(),
        ErrorKind::NoSuchField { .. }
    ));
}

#[test]
fn strings_and_datetimes_decode() {
    let u = read_dyn("U3_le_c_1d.npy").unwrap().to_strings().unwrap();
    let ub = read_dyn("U3_be_c_1d.npy").unwrap().to_strings().unwrap();
    assert_eq!(u, ub);
    assert!(u.iter().any(|s| !s.is_ascii()), "{u:?}");
    let s = read_dyn("S5_na_c_1d.npy")
        .unwrap()
        .to_byte_strings()
        .unwrap();
    assert!(s.iter().all(|b| b.len() <= 5 && b.last() != Some(&0)));
    let (le, unit, mult) = read_dyn("M8-3D_le_c_1d.npy")
        .unwrap()
        .to_time_counts()
        .unwrap();
    let (be, _, _) = read_dyn("M8-3D_be_c_1d.npy")
        .unwrap()
        .to_time_counts()
        .unwrap();
    assert_eq!(le, be);
    assert_eq!((unit, mult), (npy_format::TimeUnit::Day, 3));
    assert!(le.contains(&npy_format::NAT));
}

#[test]
fn big_endian_reads_swap_every_chunk() {
    // Read in many pieces with a ragged last piece; the larger size is
    // also split across threads.
    for n in [(1 << 17) + 3, (9 << 20) + 7] {
        big_endian_read_of(n);
    }
}

fn big_endian_read_of(n: usize) {
    let values: Vec<u32> = (0..n as u32)
        .map(|i| i.wrapping_mul(2_654_435_761))
        .collect();
    let header = npy_format::Header::new(DType::parse_descr("'>u4'").unwrap(), vec![n], false);
    let mut bytes = header.to_bytes().unwrap();
    bytes.extend(values.iter().flat_map(|v| v.to_be_bytes()));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.npy");
    std::fs::write(&path, &bytes).unwrap();
    let from_file: ndarray::Array1<u32> = npy_format::read_npy(&path).unwrap();
    assert_eq!(from_file.to_vec(), values);
    let from_stream: ndarray::Array1<u32> = npy_format::ReadNpyExt::read_npy(&bytes[..]).unwrap();
    assert_eq!(from_stream.to_vec(), values);
    let dynamic: NpyArray = npy_format::read_npy(&path).unwrap();
    assert_eq!(dynamic.data(), &bytes[bytes.len() - 4 * n..]);
    bytes.truncate(bytes.len() - 1);
    std::fs::write(&path, &bytes).unwrap();
    let err = npy_format::read_npy::<_, ndarray::Array1<u32>>(&path).unwrap_err();
    assert!(err.is_truncated(), "{err}");
}
