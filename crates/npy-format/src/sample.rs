//! What the `arbitrary` and `proptest` features share: the element kinds a
//! `.npy` file can hold, and data made valid for its dtype, so that
//! generated arrays are arrays NumPy itself could have written.

use crate::dtype::{ByteOrder, DType, ScalarKind, TimeUnit};

/// The time units of `datetime64` and `timedelta64`, `Generic` last.
pub(crate) const TIME_UNITS: [TimeUnit; 14] = [
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
];

/// The number of element kinds [`kind`] chooses from.
pub(crate) const KINDS: u8 = 10;

/// Element kind number `choice` (below [`KINDS`]), sized by `size` and, for
/// times, with `unit` (an index into [`TIME_UNITS`]) and `multiplier`.
/// Every kind a `.npy` file holds except objects, whose data is a pickle.
pub(crate) fn kind(choice: u8, size: u8, unit: u8, multiplier: u32) -> ScalarKind {
    let pick = |sizes: &[usize]| sizes[usize::from(size) % sizes.len()];
    let time = || {
        let unit = TIME_UNITS[usize::from(unit) % TIME_UNITS.len()];
        // NumPy writes a generic time unit without a multiplier.
        let m = if unit == TimeUnit::Generic {
            1
        } else {
            1 + multiplier % 1000
        };
        (unit, m)
    };
    match choice % KINDS {
        0 => ScalarKind::Bool,
        1 => ScalarKind::Int(pick(&[1, 2, 4, 8])),
        2 => ScalarKind::UInt(pick(&[1, 2, 4, 8])),
        3 => ScalarKind::Float(pick(&[2, 4, 8, 16])),
        4 => ScalarKind::Complex(pick(&[8, 16, 32])),
        5 => ScalarKind::Bytes(usize::from(size % 17)),
        6 => ScalarKind::Unicode(usize::from(size % 5)),
        7 => ScalarKind::Void(1 + usize::from(size % 8)),
        8 => {
            let (u, m) = time();
            ScalarKind::DateTime(u, m)
        }
        _ => {
            let (u, m) = time();
            ScalarKind::TimeDelta(u, m)
        }
    }
}

/// A byte order for a kind that has one.
pub(crate) fn order(big: bool) -> ByteOrder {
    if big {
        ByteOrder::Big
    } else {
        ByteOrder::Little
    }
}

/// Makes `data` (whole elements of `dtype`) hold valid values: booleans 0
/// or 1, and string characters that are Unicode scalar values.
pub(crate) fn make_valid(dtype: &DType, data: &mut [u8]) {
    let size = dtype.itemsize();
    if size == 0 {
        return;
    }
    for element in data.chunks_exact_mut(size) {
        fix(dtype, element);
    }
}

fn fix(dtype: &DType, bytes: &mut [u8]) {
    match dtype {
        DType::Scalar(s) => match s.kind() {
            ScalarKind::Bool => {
                if let Some(b) = bytes.first_mut() {
                    *b &= 1;
                }
            }
            ScalarKind::Unicode(_) => {
                for unit in bytes.chunks_exact_mut(4) {
                    let raw = [unit[0], unit[1], unit[2], unit[3]];
                    let big = s.order() == ByteOrder::Big;
                    let v = if big {
                        u32::from_be_bytes(raw)
                    } else {
                        u32::from_le_bytes(raw)
                    };
                    // Below the surrogates: always a scalar value.
                    let v = v % 0xD800;
                    unit.copy_from_slice(&if big {
                        v.to_be_bytes()
                    } else {
                        v.to_le_bytes()
                    });
                }
            }
            _ => {}
        },
        DType::Record(r) => {
            for f in r.fields() {
                let size = f.dtype.itemsize();
                let count: usize = f.shape.iter().product();
                for k in 0..count {
                    let at = f.offset + k * size;
                    if let Some(part) = bytes.get_mut(at..at + size) {
                        fix(&f.dtype, part);
                    }
                }
            }
        }
    }
}
