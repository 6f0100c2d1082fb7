//! Members described from the central directory alone: every way npio
//! writes a member records its header there, the description agrees with
//! the member's own header, and a record that does not hold up is never
//! believed.

use crate::common::workspace;
use ndarray::{Array1, Array2, ShapeBuilder};
use npy_format::{DType, Header, NpyArray, ScalarKind};
use npz_archive::{Compression, MemberInfo, NpzReader, NpzWriter};
use std::io::{Cursor, Read, Seek, Write};

/// Describes every member and checks each description against the
/// member's own header; returns the descriptions.
fn described<R: Read + Seek>(npz: &mut NpzReader<R>) -> Vec<MemberInfo> {
    (0..npz.len())
        .map(|i| {
            let d = npz.describe(i).unwrap();
            let info = npz.info(i).unwrap();
            assert!(info.data_start.is_some());
            assert_eq!(
                d,
                MemberInfo {
                    data_start: None,
                    ..info
                },
                "member {i}"
            );
            d
        })
        .collect()
}

fn archive(compression: Compression, align: bool) -> Vec<u8> {
    let mut w = NpzWriter::new(Cursor::new(Vec::new()), compression);
    w.align(align);
    let f = Array2::from_shape_fn((40, 3).f(), |(i, j)| (i * 3 + j) as f64);
    w.add("fortran", &f).unwrap();
    let strings = NpyArray::from_strings(&["a", "bcd"], &[2]).unwrap();
    w.add("dynamic", &strings).unwrap();
    let ints: Vec<Array1<i32>> = (0..3).map(|k| Array1::from_elem(1000, k)).collect();
    let named: Vec<(&str, &Array1<i32>)> =
        vec![("i0", &ints[0]), ("i1", &ints[1]), ("i2", &ints[2])];
    w.add_all(&named).unwrap();
    let header = Header::new(DType::scalar(ScalarKind::UInt(2)), vec![300], false);
    let mut m = w.start_member("streamed", &header).unwrap();
    for i in 0..300u16 {
        m.write_all(&i.to_le_bytes()).unwrap();
    }
    m.finish().unwrap();
    w.add("empty", &Array1::<f32>::zeros(0)).unwrap();
    w.finish().unwrap().into_inner()
}

#[test]
fn every_member_npio_writes_is_described_by_the_directory() {
    let methods = [
        (Compression::Stored, false),
        (Compression::Stored, true),
        (Compression::NUMPY_COMPRESSED, false),
        (Compression::Zstd(3), false),
    ];
    for (compression, align) in methods {
        let bytes = archive(compression, align);
        let mut npz = NpzReader::new(Cursor::new(bytes)).unwrap();
        let d = described(&mut npz);
        assert!(d.iter().all(|m| m.data_start.is_none()), "{compression:?}");
        let shapes: Vec<Vec<usize>> = d
            .iter()
            .map(|m| m.header.as_ref().unwrap().header.shape.clone())
            .collect();
        assert_eq!(
            shapes,
            [
                vec![40, 3],
                vec![2],
                vec![1000],
                vec![1000],
                vec![1000],
                vec![300],
                vec![0]
            ]
        );
        assert!(d[0].header.as_ref().unwrap().header.fortran_order);
        // The members still read, local headers checked against the directory.
        let f: Array2<f64> = npz.by_name("fortran").unwrap();
        assert_eq!(f[[39, 2]], 119.0);
        let s: ndarray::Array1<u16> = npz.by_name("streamed").unwrap();
        assert_eq!(s[299], 299);
    }
}

#[test]
fn archives_of_other_writers_are_described_from_their_members() {
    // Written by np.savez and np.savez_compressed.
    for file in ["keywords_stored.npz", "keywords_compressed.npz"] {
        let mut npz = NpzReader::open(workspace().join("testdata/npz").join(file)).unwrap();
        assert!(npz.len() > 1);
        for i in 0..npz.len() {
            let d = npz.describe(i).unwrap();
            assert!(d.data_start.is_some());
            assert_eq!(d, npz.info(i).unwrap());
        }
    }
}

/// A stored one-member archive whose directory entry records `field`.
fn with_record(field: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .into_full_options();
    options.add_extra_field(0x686e, field, true).unwrap();
    zip.start_file("x.npy", options).unwrap();
    npy_format::WriteNpyExt::write_npy_to(&Array1::<f64>::zeros(4), &mut zip).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn records_that_do_not_hold_up_are_not_believed() {
    let header_of = |shape: Vec<usize>| {
        Header::new(DType::scalar(ScalarKind::Float(8)), shape, false)
            .to_bytes()
            .unwrap()
    };
    // The true record is used; a shape the member's size denies, bytes
    // that are no header, and a header with bytes after it are not.
    let mut npz = NpzReader::new(Cursor::new(with_record(&header_of(vec![4])))).unwrap();
    assert_eq!(npz.describe(0).unwrap().data_start, None);
    let mut trailing = header_of(vec![4]);
    trailing.push(b' ');
    for lie in [
        header_of(vec![1 << 40]),
        header_of(vec![5]),
        b"\x93NUMPY junk".to_vec(),
        trailing,
    ] {
        let mut npz = NpzReader::new(Cursor::new(with_record(&lie))).unwrap();
        let d = npz.describe(0).unwrap();
        assert!(d.data_start.is_some(), "believed {lie:?}");
        assert_eq!(d.header.unwrap().header.shape, [4]);
    }
}

#[test]
fn headers_too_long_for_a_directory_entry_are_not_recorded() {
    // A record dtype whose header is 65,472 bytes: it fits an .npy file
    // and, alone, an extra field, but not a ZIP directory entry beside the
    // entry's other fields (an archive that recorded it could not finish).
    let build = |n: usize, pad: usize| {
        let fields: Vec<String> = (0..n)
            .map(|i| match i {
                0 => format!("('{}', '<u1')", "f".repeat(pad + 1)),
                _ => format!("('field_{i:05}', '<u1')"),
            })
            .collect();
        let descr = format!("[{}]", fields.join(", "));
        Header::new(DType::parse_descr(&descr).unwrap(), vec![3], false)
    };
    let size = |h: &Header| h.to_bytes().unwrap().len();
    // The most fields whose header stays under the target, then a longer
    // first name to reach it exactly.
    let (mut lo, mut hi) = (2000, 3000);
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        match size(&build(mid, 0)) <= 65_472 {
            true => lo = mid,
            false => hi = mid,
        }
    }
    let header = (0..64)
        .map(|pad| build(lo, pad))
        .find(|h| size(h) == 65_472)
        .unwrap();
    let width = header.dtype.itemsize();
    let array = NpyArray::new(header, (0..3 * width).map(|i| i as u8).collect()).unwrap();
    for compression in [Compression::Stored, Compression::NUMPY_COMPRESSED] {
        let mut w = NpzWriter::new(Cursor::new(Vec::new()), compression);
        w.add("wide", &array).unwrap();
        w.add("small", &Array1::<u8>::zeros(3)).unwrap();
        let bytes = w.finish().unwrap().into_inner();
        let mut limits = npz_archive::NpzLimits::new();
        limits.npy_options(
            npy_format::ReadOptions::new()
                .max_header_size(200_000)
                .clone(),
        );
        let mut npz = NpzReader::with_limits(Cursor::new(bytes), limits).unwrap();
        assert!(
            npz.describe(0).unwrap().data_start.is_some(),
            "{compression:?}"
        );
        assert!(
            npz.describe(1).unwrap().data_start.is_none(),
            "{compression:?}"
        );
        assert_eq!(npz.by_name_dyn("wide").unwrap().data(), array.data());
    }
}
