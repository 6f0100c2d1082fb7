//! Property tests: raw maps of every viewable dtype, both byte orders,
//! any shape, both memory orders, at any offset. A typed view is made
//! exactly when it is sound (native order, aligned) and then agrees with
//! npy-format's reader; copies and dynamic views always agree.

use ndarray::IxDyn;
use npy_format::half::f16;
use npy_format::num_complex::Complex;
use npy_format::{DType, Header, NATIVE_ORDER, NpyArray};
use npy_mmap::{ErrorKind, MemmapBuilder, Mode, ViewElement};
use proptest::prelude::*;
use std::fmt::Debug;

fn lcg_bytes(seed: u64, n: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) as u8
        })
        .collect()
}

#[derive(Debug, Clone)]
struct Case {
    dtype: usize,
    big_endian: bool,
    shape: Vec<usize>,
    fortran: bool,
    offset: u64,
    trailing: usize,
    seed: u64,
    copy_on_write: bool,
}

fn cases() -> impl Strategy<Value = Case> {
    (
        0usize..10,
        any::<bool>(),
        prop::collection::vec(0usize..5, 0..4),
        any::<bool>(),
        0u64..100,
        0usize..9,
        any::<u64>(),
        any::<bool>(),
    )
        .prop_map(
            |(dtype, big_endian, shape, fortran, offset, trailing, seed, copy_on_write)| Case {
                dtype,
                big_endian,
                shape,
                fortran,
                offset,
                trailing,
                seed,
                copy_on_write,
            },
        )
}

fn elems<T: bytemuck::NoUninit>(v: &[T]) -> Vec<u8> {
    bytemuck::cast_slice::<T, u8>(v).to_vec()
}

fn check<T>(code: &str, case: &Case) -> Result<(), TestCaseError>
where
    T: ViewElement + bytemuck::NoUninit + Debug,
{
    let swappable = !matches!(code, "i1" | "b1");
    let order = if !swappable {
        '|'
    } else if case.big_endian {
        '>'
    } else {
        '<'
    };
    let dtype = DType::parse_descr(&format!("'{order}{code}'")).unwrap();
    let header = Header::new(dtype.clone(), case.shape.clone(), case.fortran);
    let len = header.data_len().unwrap();
    let mut data = lcg_bytes(case.seed, len);
    if code == "b1" {
        data.iter_mut().for_each(|b| *b &= 1);
    }
    let expected_dyn = NpyArray::new(header.clone(), data.clone()).unwrap();
    let expected = expected_dyn.to_array::<T, IxDyn>().unwrap();

    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("raw.bin");
    let mut file = vec![0xab; case.offset as usize];
    file.extend_from_slice(&data);
    file.extend(std::iter::repeat_n(0xcd, case.trailing));
    std::fs::write(&p, &file).unwrap();

    let mode = if case.copy_on_write {
        Mode::CopyOnWrite
    } else {
        Mode::ReadOnly
    };
    let opened = MemmapBuilder::new(dtype.clone())
        .mode(mode)
        .offset(case.offset)
        .shape(&case.shape)
        .fortran_order(case.fortran)
        .open(&p);
    if file.is_empty() {
        // As np.memmap: an empty file cannot be mapped read-only.
        let err = opened.unwrap_err();
        prop_assert!(matches!(err.kind(), ErrorKind::EmptyFile), "{}", err);
        return Ok(());
    }
    let m = opened.unwrap();
    prop_assert_eq!(m.as_bytes(), &data[..]);

    // Copies always work and agree.
    let owned = m.to_owned_array::<T, IxDyn>().unwrap();
    prop_assert_eq!(owned.shape(), expected.shape());
    let logical = |a: &ndarray::ArrayD<T>| elems(&a.iter().copied().collect::<Vec<T>>());
    prop_assert_eq!(logical(&owned), logical(&expected));

    // Typed views exactly when sound.
    let native = !swappable || dtype.as_scalar().unwrap().order() == NATIVE_ORDER;
    let aligned = len == 0 || case.offset.is_multiple_of(std::mem::align_of::<T>() as u64);
    match m.view::<T, IxDyn>() {
        Ok(v) => {
            prop_assert!(native && aligned, "view made for {:?}", case);
            prop_assert_eq!(
                elems(&v.iter().copied().collect::<Vec<T>>()),
                logical(&expected)
            );
        }
        Err(e) => {
            prop_assert!(!(native && aligned), "no view for {:?}: {}", case, e);
            if !native {
                prop_assert!(
                    matches!(e.npy_kind(), Some(npy_format::ErrorKind::ByteOrder { .. })),
                    "{}",
                    e
                );
            } else {
                let is_misaligned = matches!(e.npy_kind(), Some(npy_format::ErrorKind::Misaligned { offset, .. }) if *offset == case.offset);
                prop_assert!(is_misaligned, "{}", e);
            }
        }
    }

    // Dynamic views agree with npy-format's dynamic array.
    let dv = m.view_dyn();
    prop_assert_eq!(dv.to_npy_array().unwrap(), expected_dyn.clone());
    let got: Vec<String> = dv.values().map(|v| format!("{:?}", v.unwrap())).collect();
    let want: Vec<String> = expected_dyn.values().map(|v| format!("{v:?}")).collect();
    prop_assert_eq!(got, want);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn raw_maps_at_any_offset(case in cases()) {
        match case.dtype {
            0 => check::<i8>("i1", &case)?,
            1 => check::<u16>("u2", &case)?,
            2 => check::<i32>("i4", &case)?,
            3 => check::<u64>("u8", &case)?,
            4 => check::<f16>("f2", &case)?,
            5 => check::<f32>("f4", &case)?,
            6 => check::<f64>("f8", &case)?,
            7 => check::<Complex<f32>>("c8", &case)?,
            8 => check::<Complex<f64>>("c16", &case)?,
            _ => check::<bool>("b1", &case)?,
        }
    }
}
