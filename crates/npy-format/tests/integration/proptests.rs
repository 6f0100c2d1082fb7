//! Property tests: header print → parse identity over arbitrary dtypes and
//! shapes; write → read identity over arbitrary arrays.

use ndarray::{ArrayD, IxDyn, ShapeBuilder};
use npy_format::{
    ByteOrder, DType, Field, Header, NpyArray, NpyReader, ReadNpyExt, ReadOptions, Record, Scalar,
    ScalarKind, TimeUnit, WriteNpyExt, read_header,
};
use proptest::prelude::*;

fn scalar() -> impl Strategy<Value = DType> {
    let kind = prop_oneof![
        Just(ScalarKind::Bool),
        prop::sample::select(vec![1usize, 2, 4, 8]).prop_map(ScalarKind::Int),
        prop::sample::select(vec![1usize, 2, 4, 8]).prop_map(ScalarKind::UInt),
        prop::sample::select(vec![2usize, 4, 8, 16]).prop_map(ScalarKind::Float),
        prop::sample::select(vec![8usize, 16, 32]).prop_map(ScalarKind::Complex),
        (0usize..40).prop_map(ScalarKind::Bytes),
        (0usize..10).prop_map(ScalarKind::Unicode),
        (1usize..20).prop_map(ScalarKind::Void),
        (
            prop::sample::select(vec![
                TimeUnit::Year,
                TimeUnit::Month,
                TimeUnit::Week,
                TimeUnit::Day,
                TimeUnit::Hour,
                TimeUnit::Minute,
                TimeUnit::Second,
                TimeUnit::Millisecond,
                TimeUnit::Microsecond,
                TimeUnit::Nanosecond,
                TimeUnit::Picosecond,
                TimeUnit::Femtosecond,
                TimeUnit::Attosecond,
                TimeUnit::Generic,
            ]),
            1u32..1000,
            any::<bool>()
        )
            .prop_map(|(u, m, dt)| {
                let m = if u == TimeUnit::Generic { 1 } else { m };
                if dt {
                    ScalarKind::DateTime(u, m)
                } else {
                    ScalarKind::TimeDelta(u, m)
                }
            }),
    ];
    (kind, any::<bool>()).prop_map(|(k, big)| {
        DType::Scalar(Scalar::with_order(
            k,
            if big {
                ByteOrder::Big
            } else {
                ByteOrder::Little
            },
        ))
    })
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_][a-z0-9_]{0,6}",
        "[ -~]{1,6}",
        any::<String>().prop_filter("non-empty", |s| !s.is_empty()),
    ]
}

fn dtype() -> impl Strategy<Value = DType> {
    scalar().prop_recursive(3, 24, 4, |inner| {
        prop::collection::vec(
            (
                name(),
                prop::option::of(name()),
                inner,
                prop::collection::vec(1usize..4, 0..3),
                0usize..5,
            ),
            1..5,
        )
        .prop_filter_map("unique names and titles", |fields| {
            let mut offset = 0;
            let mut out = Vec::new();
            for (name, title, dtype, shape, gap) in fields {
                offset += gap;
                let size = shape.iter().product::<usize>() * dtype.itemsize();
                let taken = |n: &str| {
                    out.iter()
                        .any(|f: &Field| f.name == n || f.title.as_deref() == Some(n))
                };
                if taken(&name) || title.as_deref().is_some_and(|t| taken(t) || t == name) {
                    return None;
                }
                out.push(Field {
                    name,
                    title,
                    dtype,
                    shape,
                    offset,
                });
                offset += size;
            }
            let trailing = out.len() % 3;
            Record::new(out, offset + trailing).ok().map(DType::Record)
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn header_print_parse_identity(
        dt in dtype(),
        shape in prop::collection::vec(0usize..100_000, 0..5),
        fortran in any::<bool>(),
    ) {
        let h = Header::new(dt, shape, fortran);
        prop_assume!(h.data_len().is_ok());
        let bytes = h.to_bytes().unwrap();
        prop_assert_eq!(bytes.len() % 64, 0);
        let mut opts = ReadOptions::new();
        opts.max_header_size(1 << 20);
        let parsed = read_header(&mut &bytes[..], &opts).unwrap();
        prop_assert_eq!(&parsed.header, &h);
        prop_assert_eq!(DType::parse_descr(&h.dtype.descr()).unwrap(), h.dtype.clone());
        // The growth axis can reach 21 digits without the header moving.
        let mut grown = h.clone();
        if let Some(d) = if fortran { grown.shape.last_mut() } else { grown.shape.first_mut() } {
            *d = 999_999_999_999;
            if grown.data_len().is_ok() {
                prop_assert_eq!(grown.to_bytes().unwrap().len(), bytes.len());
            }
        }
    }

    #[test]
    fn typed_write_read_identity(
        data in prop::collection::vec(any::<f64>(), 0..200),
        dims in prop::collection::vec(1usize..5, 0..4),
        fortran in any::<bool>(),
    ) {
        let n: usize = dims.iter().product();
        let vals: Vec<f64> = data.iter().copied().cycle().take(if data.is_empty() { 0 } else { n }).collect();
        prop_assume!(vals.len() == n);
        let a = ArrayD::from_shape_vec(IxDyn(&dims).set_f(fortran), vals).unwrap();
        let mut bytes = Vec::new();
        a.write_npy(&mut bytes).unwrap();
        let b = ArrayD::<f64>::read_npy(&bytes[..]).unwrap();
        prop_assert_eq!(a.shape(), b.shape());
        for (x, y) in a.iter().zip(b.iter()) {
            prop_assert_eq!(x.to_bits(), y.to_bits());
        }
    }

    #[test]
    fn integer_and_bool_write_read_identity(
        data in prop::collection::vec(any::<i32>(), 1..100),
        flags in prop::collection::vec(any::<bool>(), 1..100),
    ) {
        let a = ndarray::Array1::from(data);
        let mut bytes = Vec::new();
        a.write_npy(&mut bytes).unwrap();
        prop_assert_eq!(ndarray::Array1::<i32>::read_npy(&bytes[..]).unwrap(), a);
        let f = ndarray::Array1::from(flags);
        let mut bytes = Vec::new();
        f.write_npy(&mut bytes).unwrap();
        prop_assert_eq!(ndarray::Array1::<bool>::read_npy(&bytes[..]).unwrap(), f);
    }

    #[test]
    fn dynamic_write_read_identity(
        dt in dtype(),
        shape in prop::collection::vec(0usize..4, 0..4),
        fortran in any::<bool>(),
        seed in any::<u8>(),
    ) {
        let h = Header::new(dt, shape, fortran);
        let len = h.data_len().unwrap();
        prop_assume!(len < 1 << 16);
        let data: Vec<u8> = (0..len).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)).collect();
        let a = NpyArray::new(h, data).unwrap();
        let mut bytes = Vec::new();
        a.write_npy(&mut bytes).unwrap();
        let mut opts = ReadOptions::new();
        opts.max_header_size(1 << 20);
        let b = NpyReader::with_options(&bytes[..], &opts).unwrap().read_dyn().unwrap();
        let (ac, bc) = (a.to_c_order(), b.to_c_order());
        prop_assert_eq!(ac.data(), bc.data());
        prop_assert_eq!(a.dtype(), b.dtype());
        prop_assert_eq!(a.shape(), b.shape());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let mut input = b"\x93NUMPY\x01\x00".to_vec();
        input.extend_from_slice(&bytes);
        let _ = NpyReader::new(&input[..]).and_then(|r| r.read_dyn());
    }
}
