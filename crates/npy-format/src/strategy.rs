//! [proptest](mod@proptest) strategies for dtypes, headers and arrays (feature
//! `proptest`), for property tests of code that reads or writes `.npy`
//! data: every value is one a `.npy` file can hold and NumPy can load
//! (objects excepted, whose data is a pickle).
//!
//! # Example
//!
//! ```
//! use npy_format::{NpyReader, strategy};
//! use proptest::prelude::*;
//! use proptest::test_runner::TestRunner;
//!
//! // Whatever the array, writing then reading gives it back. (In a test
//! // suite: `proptest! { #[test] fn round_trips(a in strategy::array()) {..} }`.)
//! TestRunner::default()
//!     .run(&strategy::array(), |a| {
//!         let mut bytes = Vec::new();
//!         a.write_npy(&mut bytes).unwrap();
//!         let back = NpyReader::new(&bytes[..]).unwrap().read_dyn().unwrap();
//!         let (x, y) = (back.to_c_order(), a.to_c_order());
//!         prop_assert_eq!(x.data(), y.data());
//!         Ok(())
//!     })
//!     .unwrap();
//! ```

use crate::dtype::{DType, Field, Record, Scalar};
use crate::dynamic::NpyArray;
use crate::header::Header;
use crate::sample;
use proptest::prelude::*;

/// Scalar dtypes of every kind but objects, in either byte order where
/// the kind has one: booleans, integers, floats (long double included),
/// complex, byte and Unicode strings, raw bytes, datetimes and timedeltas
/// of every unit.
pub fn scalar_dtype() -> impl Strategy<Value = DType> {
    (
        0..sample::KINDS,
        any::<u8>(),
        any::<u8>(),
        any::<u32>(),
        any::<bool>(),
    )
        .prop_map(|(choice, size, unit, multiplier, big)| {
            let kind = sample::kind(choice, size, unit, multiplier);
            DType::Scalar(Scalar::with_order(kind, sample::order(big)))
        })
}

/// A field name or title: identifiers, printable ASCII (quotes included)
/// or any non-control characters.
fn name() -> impl Strategy<Value = String> {
    prop_oneof!["[a-z_][a-z0-9_]{0,6}", "[ -~]{1,6}", "\\PC{1,4}",]
}

/// Dtypes: scalars (see [`scalar_dtype`]) and structured records up to
/// three levels deep, with titles, subarray fields, gaps between fields
/// and trailing padding.
pub fn dtype() -> impl Strategy<Value = DType> {
    scalar_dtype().prop_recursive(3, 24, 4, |inner| {
        let field = (
            name(),
            prop::option::of(name()),
            inner,
            prop::collection::vec(1usize..4, 0..3),
            0usize..5,
        );
        (prop::collection::vec(field, 1..5), 0usize..3).prop_filter_map(
            "field names and titles are unique",
            |(fields, trailing)| {
                let mut offset = 0;
                let mut out: Vec<Field> = Vec::new();
                for (name, title, dtype, shape, gap) in fields {
                    offset += gap;
                    let size = shape.iter().product::<usize>() * dtype.itemsize();
                    let taken = |n: &str| {
                        out.iter()
                            .any(|f| f.name == n || f.title.as_deref() == Some(n))
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
                let dtype = DType::Record(Record::new(out, offset + trailing).ok()?);
                // Only what a header can say.
                DType::parse_descr(&dtype.descr_repr()).ok()?;
                Some(dtype)
            },
        )
    })
}

/// Shapes of up to three dimensions of up to four elements each (empty
/// dimensions and 0-d arrays included).
pub fn shape() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0usize..5, 0..4)
}

/// Headers: a [`dtype`], a [`shape`] and either memory order.
pub fn header() -> impl Strategy<Value = Header> {
    header_of(dtype())
}

/// Headers of dtypes from `dtype`, with a [`shape`] and either order.
pub fn header_of(dtype: impl Strategy<Value = DType>) -> impl Strategy<Value = Header> {
    (dtype, shape(), any::<bool>())
        .prop_map(|(dtype, shape, fortran)| Header::new(dtype, shape, fortran))
}

/// Arrays of any [`header`], holding valid values (booleans 0 or 1,
/// strings of Unicode scalar values) and otherwise any bytes: NaNs,
/// infinities, NaT and subnormals come up.
pub fn array() -> impl Strategy<Value = NpyArray> {
    array_of(dtype())
}

/// Arrays of dtypes from `dtype` (see [`array()`]).
///
/// # Example
///
/// ```
/// use npy_format::{DType, strategy};
/// use proptest::prelude::*;
/// use proptest::strategy::ValueTree;
/// use proptest::test_runner::TestRunner;
///
/// let f8 = DType::parse_descr("'<f8'").unwrap();
/// let mut runner = TestRunner::default();
/// let a = strategy::array_of(Just(f8.clone())).new_tree(&mut runner).unwrap().current();
/// assert_eq!(a.dtype(), &f8);
/// ```
pub fn array_of(dtype: impl Strategy<Value = DType>) -> impl Strategy<Value = NpyArray> {
    header_of(dtype).prop_flat_map(|header| {
        let len = header.data_len().unwrap_or(0);
        (Just(header), prop::collection::vec(any::<u8>(), len)).prop_filter_map(
            "a header npio can write",
            |(header, mut data)| {
                sample::make_valid(&header.dtype, &mut data);
                NpyArray::new(header, data).ok()
            },
        )
    })
}
