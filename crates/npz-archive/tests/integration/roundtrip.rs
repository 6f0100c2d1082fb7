//! Writing and reading back: determinism, parallel = sequential, alignment,
//! streaming members, names and lookups.

use ndarray::{Array1, Array2, ArrayD, IxDyn, array};
use npy_format::{DType, Header, NpyArray, WriteNpyExt};
use npz_archive::{Compression, ErrorKind, Method, NpzReader, NpzWriter};
use std::io::{Cursor, Write};

fn arrays() -> Vec<(String, NpyArray)> {
    (0..6)
        .map(|i| {
            let a =
                Array2::from_shape_fn((50 + i * 7, 9), |(r, c)| ((r * 9 + c) as f64 * 0.37).sin());
            (format!("m{i}"), NpyArray::from_array(&a))
        })
        .collect()
}

fn write(compression: Compression, parallel: bool, align: bool) -> Vec<u8> {
    let items = arrays();
    let refs: Vec<(&str, &NpyArray)> = items.iter().map(|(n, a)| (n.as_str(), a)).collect();
    let mut w = NpzWriter::new(Cursor::new(Vec::new()), compression);
    w.align(align);
    if parallel {
        w.add_all(&refs).unwrap();
    } else {
        for (n, a) in &refs {
            w.add(n, *a).unwrap();
        }
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn parallel_equals_sequential_and_runs_repeat() {
    for c in [
        Compression::Stored,
        Compression::Deflate(6),
        Compression::Deflate(1),
        Compression::Zstd(3),
    ] {
        let seq = write(c, false, false);
        assert_eq!(seq, write(c, false, false), "{c:?}: not deterministic");
        assert_eq!(seq, write(c, true, false), "{c:?}: parallel differs");
        let mut npz = NpzReader::new(Cursor::new(seq)).unwrap();
        for (i, (name, a)) in arrays().iter().enumerate() {
            assert_eq!(&npz.names()[i], name);
            assert_eq!(&npz.by_name_dyn(name).unwrap(), a, "{c:?} {name}");
            let info = npz.info(i).unwrap();
            assert_eq!(info.header.unwrap().header, *a.header());
            let want = match c {
                Compression::Stored => Method::Stored,
                Compression::Zstd(_) => Method::Zstd,
                _ => Method::Deflate,
            };
            assert_eq!(info.method, want);
        }
    }
}

#[test]
fn aligned_stored_members_put_array_data_on_64_bytes() {
    let bytes = write(Compression::Stored, false, true);
    let mut npz = NpzReader::new(Cursor::new(bytes.clone())).unwrap();
    for i in 0..npz.len() {
        let info = npz.info(i).unwrap();
        let start = info.data_start.unwrap();
        let data = start + info.header.unwrap().data_offset;
        assert_eq!(start % 64, 0, "member {i} starts at {start}");
        assert_eq!(data % 64, 0);
        // The array bytes really are there.
        let a = npz.by_index_dyn(i).unwrap();
        assert_eq!(
            &bytes[data as usize..data as usize + a.data().len()],
            a.data()
        );
    }
    assert_ne!(bytes, write(Compression::Stored, false, false));
}

#[test]
fn names_follow_numpy() {
    let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    w.add("a.npy", &array![1u8]).unwrap();
    w.add("température", &array![2u8]).unwrap();
    let err = w.add("a.npy", &array![3u8]).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::DuplicateName { .. }));
    let bytes = w.finish().unwrap().into_inner();
    let mut npz = NpzReader::new(Cursor::new(bytes)).unwrap();
    assert_eq!(npz.names(), ["a.npy", "température"]);
    assert_eq!(npz.zip_names(), ["a.npy.npy", "température.npy"]);
    assert_eq!(
        npz.by_name::<u8, ndarray::Ix1>("a.npy").unwrap(),
        array![1u8]
    );
    assert_eq!(
        npz.by_name::<u8, ndarray::Ix1>("a.npy.npy").unwrap(),
        array![1u8]
    );
    assert_eq!(npz.by_index::<u8, ndarray::Ix1>(1).unwrap(), array![2u8]);
    let err = npz.by_name_dyn("missing").unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::NoSuchMember { .. }),
        "{err}"
    );
    let err = npz.by_index_dyn(7).unwrap_err();
    assert!(matches!(
        err.kind(),
        ErrorKind::NoSuchIndex { index: 7, len: 2 }
    ));
    let err = npz.by_name::<f64, ndarray::Ix1>("a.npy").unwrap_err();
    assert_eq!(err.member(), Some("a.npy.npy"));
    assert!(
        err.to_string().contains("<f8") && err.to_string().contains("|u1"),
        "{err}"
    );
}

#[test]
fn streamed_members_hold_little_in_memory() {
    let rows = 20_000usize;
    let header = Header::new(DType::parse_descr("'<u4'").unwrap(), vec![rows, 16], false);
    for c in [
        Compression::Stored,
        Compression::Deflate(6),
        Compression::Zstd(3),
    ] {
        let mut w = NpzWriter::new(Cursor::new(Vec::new()), c);
        let mut m = w.start_member("big", &header).unwrap();
        for r in 0..rows {
            let row: Vec<u8> = (0..16u32)
                .flat_map(|c| (r as u32 * 16 + c).to_le_bytes())
                .collect();
            m.write_all(&row).unwrap();
        }
        assert_eq!(m.remaining(), 0);
        m.finish().unwrap();
        let bytes = w.finish().unwrap().into_inner();
        let mut npz = NpzReader::new(Cursor::new(bytes)).unwrap();
        let mut reader = npz.npy_reader(0).unwrap();
        let mut seen = 0u32;
        while let Some(chunk) = reader.read_rows::<u32>(1000).unwrap() {
            for v in chunk.iter() {
                assert_eq!(*v, seen);
                seen += 1;
            }
        }
        assert_eq!(seen as usize, rows * 16, "{c:?}");
    }
    // Too few or too many bytes are refused.
    let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    let small = Header::new(DType::parse_descr("'<u4'").unwrap(), vec![2], false);
    let mut m = w.start_member("short", &small).unwrap();
    m.write_all(&[0; 4]).unwrap();
    assert!(matches!(
        m.finish().unwrap_err().kind(),
        ErrorKind::WrongLength {
            expected: 8,
            written: 4,
            ..
        }
    ));
    // The short member would stay in the archive: nothing more can be
    // added and the archive cannot finish.
    assert!(matches!(
        w.start_member("long", &small).unwrap_err().kind(),
        ErrorKind::WrongLength { .. }
    ));
    assert!(w.add("x", &ndarray::array![1u8]).is_err());
    assert!(w.finish().is_err());
    let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    let mut m = w.start_member("long", &small).unwrap();
    assert!(m.write_all(&[0; 12]).is_err());
    m.write_all(&[0; 8]).unwrap();
    m.finish().unwrap();
    assert!(w.finish().is_ok());
    // A member dropped before it is complete also stops the archive.
    let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Deflate(6));
    {
        let mut m = w.start_member("dropped", &small).unwrap();
        m.write_all(&[0; 4]).unwrap();
    }
    assert!(matches!(
        w.finish().unwrap_err().kind(),
        ErrorKind::WrongLength {
            expected: 8,
            written: 4,
            ..
        }
    ));
}

#[test]
fn empty_archives_and_odd_arrays() {
    let w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Deflate(6));
    let bytes = w.finish().unwrap().into_inner();
    let npz = NpzReader::new(Cursor::new(bytes)).unwrap();
    assert!(npz.is_empty());

    let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Deflate(6));
    w.add("zero_d", &ndarray::arr0(5i64)).unwrap();
    w.add("empty", &ArrayD::<f32>::zeros(IxDyn(&[0, 3])))
        .unwrap();
    w.add(
        "fortran",
        &Array2::from_shape_fn((3, 4), |(i, j)| (i * 4 + j) as i16).reversed_axes(),
    )
    .unwrap();
    let bytes = w.finish().unwrap().into_inner();
    let mut npz = NpzReader::new(Cursor::new(bytes)).unwrap();
    assert_eq!(
        npz.by_name::<i64, ndarray::Ix0>("zero_d").unwrap(),
        ndarray::arr0(5)
    );
    assert_eq!(
        npz.by_name::<f32, ndarray::Ix2>("empty").unwrap().shape(),
        [0, 3]
    );
    let f: Array2<i16> = npz.by_name("fortran").unwrap();
    assert_eq!(f[[3, 2]], 11);
    assert!(npz.info(2).unwrap().header.unwrap().header.fortran_order);
}

#[test]
fn typed_and_dynamic_arrays_mix() {
    let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Zstd(3));
    let words = NpyArray::from_strings(&["α", "βγ"], &[2]).unwrap();
    w.add("words", &words).unwrap();
    w.add("x", &Array1::linspace(0.0, 1.0, 5)).unwrap();
    let mut plain = Vec::new();
    Array1::linspace(0.0, 1.0, 5).write_npy(&mut plain).unwrap();
    let bytes = w.finish().unwrap().into_inner();
    let mut npz = NpzReader::new(Cursor::new(bytes)).unwrap();
    assert_eq!(
        npz.by_name_dyn("words").unwrap().to_strings().unwrap(),
        ["α", "βγ"]
    );
    let all = npz.read_all_dyn().unwrap();
    assert_eq!(all.len(), 2);
    let mut rewritten = Vec::new();
    all[1].1.write_npy(&mut rewritten).unwrap();
    assert_eq!(rewritten, plain);
}

#[test]
fn parallel_reads_equal_sequential_reads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.npz");
    let items = arrays();
    let refs: Vec<(&str, &NpyArray)> = items.iter().map(|(n, a)| (n.as_str(), a)).collect();
    npz_archive::savez_compressed(&path, &refs).unwrap();
    let mut npz = NpzReader::open(&path).unwrap();
    let par = npz.read_all_dyn_parallel().unwrap();
    let seq = npz.read_all_dyn().unwrap();
    assert_eq!(par, seq);
    assert_eq!(par, items);
    let mut limits = npz_archive::NpzLimits::new();
    limits.max_total_size(1000);
    let mut npz = NpzReader::open_with(&path, limits).unwrap();
    let err = npz.read_all_dyn_parallel().unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::TotalTooLarge { .. }),
        "{err}"
    );
}
