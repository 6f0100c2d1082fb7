//! Property tests: whatever `save` and `savez` are given, `load` gives
//! back the same dtype, shape and values.

use ndarray::{Array, IxDyn};
use npio::NpyArray;
use proptest::prelude::*;

/// Arrays of every dtype a `.npy` file holds (records too), with valid
/// data: npy-format's own strategy.
fn npy_array() -> impl Strategy<Value = NpyArray> {
    npy_format::strategy::array()
}

fn typed_array() -> impl Strategy<Value = Array<f64, IxDyn>> {
    prop::collection::vec(0usize..5, 0..4).prop_flat_map(|shape| {
        let n = shape.iter().product::<usize>();
        prop::collection::vec(any::<f64>(), n)
            .prop_map(move |v| Array::from_shape_vec(IxDyn(&shape), v).unwrap())
    })
}

fn same(a: &NpyArray, b: &NpyArray) -> bool {
    a.dtype() == b.dtype()
        && a.shape() == b.shape()
        && a.to_c_order().data() == b.to_c_order().data()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn save_then_load_is_identity(a in npy_array(), t in typed_array()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.npy");
        npio::save(&path, &a).unwrap();
        prop_assert!(same(&npio::load(&path).unwrap().into_array().unwrap(), &a));

        npio::save(&path, &t).unwrap();
        let back = npio::load(&path).unwrap().into_array().unwrap();
        let back = back.to_array::<f64, IxDyn>().unwrap();
        prop_assert_eq!(back.shape(), t.shape());
        prop_assert!(back.iter().zip(t.iter()).all(|(x, y)| x.to_bits() == y.to_bits()));
    }

    #[cfg(feature = "npz")]
    #[test]
    fn savez_then_load_is_identity(
        arrays in prop::collection::vec(npy_array(), 0..4),
        compressed in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.npz");
        let names: Vec<String> = (0..arrays.len()).map(|i| format!("arr_{i}")).collect();
        let members: Vec<npio::Member> = names
            .iter()
            .zip(&arrays)
            .map(|(n, a)| (n.as_str(), a as _))
            .collect();
        if compressed {
            npio::savez_compressed(&path, &members).unwrap();
        } else {
            npio::savez(&path, &members).unwrap();
        }
        let mut npz = npio::load(&path).unwrap().into_archive().unwrap();
        prop_assert_eq!(npz.names(), &names[..]);
        for (name, a) in names.iter().zip(&arrays) {
            prop_assert!(same(&npz.by_name_dyn(name).unwrap(), a));
        }
    }
}
