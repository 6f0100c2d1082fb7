//! Property tests: arbitrary member sets and compressions round trip, and
//! parallel writing equals sequential writing.

use npy_format::{DType, Header, NpyArray};
use npz_archive::{Compression, NpzReader, NpzWriter};
use proptest::prelude::*;
use std::io::Cursor;

fn member() -> impl Strategy<Value = NpyArray> {
    (
        prop::sample::select(vec![
            "'<f8'",
            "'>i2'",
            "'|u1'",
            "'|b1'",
            "'<c8'",
            "'|S3'",
            "[('a', '<i4'), ('b', '|u1', (2,))]",
        ]),
        prop::collection::vec(0usize..5, 0..3),
        any::<bool>(),
        any::<u8>(),
    )
        .prop_map(|(descr, shape, fortran, seed)| {
            let dtype = DType::parse_descr(descr).unwrap();
            let bool_like = descr == "'|b1'";
            let h = Header::new(dtype, shape, fortran);
            let n = h.data_len().unwrap();
            let data = (0..n)
                .map(|i| {
                    let b = (i as u8).wrapping_mul(37).wrapping_add(seed);
                    if bool_like { b & 1 } else { b }
                })
                .collect();
            NpyArray::new(h, data).unwrap()
        })
}

fn compression() -> impl Strategy<Value = Compression> {
    prop_oneof![
        Just(Compression::Stored),
        (0u32..10).prop_map(Compression::Deflate),
        (1i32..10).prop_map(Compression::Zstd),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn members_round_trip(
        members in prop::collection::vec(member(), 0..6),
        c in compression(),
        align in any::<bool>(),
    ) {
        let names: Vec<String> = (0..members.len()).map(|i| format!("arr_{i}")).collect();
        let refs: Vec<(&str, &NpyArray)> = names.iter().map(String::as_str).zip(&members).collect();
        let mut seq = NpzWriter::new(Cursor::new(Vec::new()), c);
        seq.align(align);
        for (n, a) in &refs {
            seq.add(n, *a).unwrap();
        }
        let seq = seq.finish().unwrap().into_inner();
        let mut par = NpzWriter::new(Cursor::new(Vec::new()), c);
        par.align(align);
        par.add_all(&refs).unwrap();
        prop_assert_eq!(&seq, &par.finish().unwrap().into_inner());

        let mut npz = NpzReader::new(Cursor::new(seq)).unwrap();
        prop_assert_eq!(npz.names(), &names[..]);
        for (i, a) in members.iter().enumerate() {
            let back = npz.by_index_dyn(i).unwrap();
            let (x, y) = (back.to_c_order(), a.to_c_order());
            prop_assert_eq!(x.data(), y.data());
            prop_assert_eq!(back.dtype(), a.dtype());
            prop_assert_eq!(back.shape(), a.shape());
        }
    }
}
