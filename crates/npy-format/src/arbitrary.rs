//! [`Arbitrary`] for dtypes, headers and arrays (feature `arbitrary`), so
//! that fuzzers (cargo-fuzz, AFL) can build valid `.npy` inputs from their
//! raw bytes: every value is one a `.npy` file can hold and NumPy can load
//! (objects excepted, whose data is a pickle).
//!
//! # Example
//!
//! ```
//! use arbitrary::{Arbitrary, Unstructured};
//! use npy_format::NpyArray;
//!
//! // What a fuzzer hands over: any bytes.
//! let raw = [7u8, 1, 42, 3, 2, 9, 250, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
//! let a = NpyArray::arbitrary(&mut Unstructured::new(&raw))?;
//! let mut file = Vec::new();
//! a.write_npy(&mut file).unwrap();
//! let back = npy_format::NpyReader::new(&file[..]).unwrap().read_dyn().unwrap();
//! assert_eq!(back.to_c_order().data(), a.to_c_order().data());
//! # Ok::<(), arbitrary::Error>(())
//! ```

use crate::dtype::{DType, Field, Record, Scalar};
use crate::dynamic::NpyArray;
use crate::header::Header;
use crate::sample;
use arbitrary::{Arbitrary, Result, Unstructured};

/// Deepest nesting of records generated.
const DEPTH: u32 = 3;

impl<'a> Arbitrary<'a> for DType {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<DType> {
        dtype(u, DEPTH)
    }
}

fn scalar(u: &mut Unstructured<'_>) -> Result<DType> {
    let kind = sample::kind(
        u.arbitrary()?,
        u.arbitrary()?,
        u.arbitrary()?,
        u.arbitrary()?,
    );
    Ok(DType::Scalar(Scalar::with_order(
        kind,
        sample::order(u.arbitrary()?),
    )))
}

fn dtype(u: &mut Unstructured<'_>, depth: u32) -> Result<DType> {
    if depth == 0 || u.ratio(3u8, 4)? {
        return scalar(u);
    }
    let count = u.int_in_range(1..=4usize)?;
    let mut fields: Vec<Field> = Vec::with_capacity(count);
    let mut offset = 0;
    for i in 0..count {
        let taken = |fields: &[Field], n: &str| {
            n.is_empty()
                || fields
                    .iter()
                    .any(|f| f.name == n || f.title.as_deref() == Some(n))
        };
        let mut name: String = u.arbitrary()?;
        if taken(&fields, &name) {
            name = format!("f{i}");
        }
        let title = match u.ratio(1u8, 4)? {
            true => Some(u.arbitrary::<String>()?).filter(|t| !taken(&fields, t) && *t != name),
            false => None,
        };
        let dtype = dtype(u, depth - 1)?;
        let ndim = u.int_in_range(0..=2usize)?;
        let shape = (0..ndim)
            .map(|_| u.int_in_range(1..=3usize))
            .collect::<Result<Vec<_>>>()?;
        offset += u.int_in_range(0..=4usize)?;
        let size = shape.iter().product::<usize>() * dtype.itemsize();
        fields.push(Field {
            name,
            title,
            dtype,
            shape,
            offset,
        });
        offset += size;
    }
    let itemsize = offset + u.int_in_range(0..=3usize)?;
    let record = Record::new(fields, itemsize).map_err(|_| arbitrary::Error::IncorrectFormat)?;
    let dtype = DType::Record(record);
    // Only what a header can say (a name NumPy would refuse, say).
    DType::parse_descr(&dtype.descr_repr()).map_err(|_| arbitrary::Error::IncorrectFormat)?;
    Ok(dtype)
}

impl<'a> Arbitrary<'a> for Header {
    /// A dtype, a shape of up to three dimensions of up to six elements,
    /// and either memory order.
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Header> {
        let dtype = DType::arbitrary(u)?;
        let ndim = u.int_in_range(0..=3usize)?;
        let shape = (0..ndim)
            .map(|_| u.int_in_range(0..=6usize))
            .collect::<Result<Vec<_>>>()?;
        Ok(Header::new(dtype, shape, u.arbitrary()?))
    }
}

impl<'a> Arbitrary<'a> for NpyArray {
    /// An [`Arbitrary`] header and data made of the remaining bytes
    /// (repeated, or zeros when none are left), made valid for the dtype.
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<NpyArray> {
        let header = Header::arbitrary(u)?;
        let len = header
            .data_len()
            .map_err(|_| arbitrary::Error::IncorrectFormat)?;
        let available = u.len().min(len);
        let bytes = u.bytes(available)?;
        let mut data: Vec<u8> = if bytes.is_empty() {
            vec![0; len]
        } else {
            bytes.iter().copied().cycle().take(len).collect()
        };
        sample::make_valid(&header.dtype, &mut data);
        NpyArray::new(header, data).map_err(|_| arbitrary::Error::IncorrectFormat)
    }
}
