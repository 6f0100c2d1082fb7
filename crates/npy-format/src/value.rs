//! One element of a dynamically typed array, decoded.

use crate::dtype::{ByteOrder, DType, ScalarKind, TimeUnit};
use half::f16;
use std::fmt;

/// One element of an [`NpyArray`](crate::NpyArray), decoded into native
/// Rust values.
///
/// `Display` prints it the way NumPy shows values: `1.5`, `1e+16`,
/// `b'abc'`, `'text'`, `2024-01-31`, `NaT`, `(1, 2.5)` for a record.
///
/// # Example
///
/// ```
/// use ndarray::array;
/// use npy_format::{NpyArray, Value};
///
/// let a = NpyArray::from_array(&array![0.5f64, 2.0]);
/// match a.get(&[0])? {
///     Value::Float(x) => assert_eq!(x, 0.5),
///     other => panic!("expected an f8, found {other}"),
/// }
/// assert_eq!(a.get(&[1])?.to_string(), "2.0");
///
/// assert_eq!(Value::Bool(true).to_string(), "True");
/// assert_eq!(Value::Bytes(b"abc".to_vec()).to_string(), "b'abc'");
/// let rec = Value::Record(vec![("id".into(), Value::UInt(1)), ("x".into(), Value::Float(2.5))]);
/// assert_eq!(rec.to_string(), "(1, 2.5)");
/// # Ok::<(), npy_format::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// `b1`.
    Bool(bool),
    /// `i1`–`i8`.
    Int(i64),
    /// `u1`–`u8`.
    UInt(u64),
    /// `f2` and `f4` (exactly representable as `f32`).
    Float32(f32),
    /// `f8`.
    Float(f64),
    /// `c8` (parts widened exactly) and `c16`.
    Complex(f64, f64),
    /// `S n`, with trailing NUL bytes removed as NumPy does.
    Bytes(Vec<u8>),
    /// `U n`, with trailing NUL characters removed.
    Str(String),
    /// `V n`: raw bytes.
    Void(Vec<u8>),
    /// `M8`: count of `multiplier × unit` since the epoch; [`NAT`](crate::NAT) is "not a
    /// time".
    DateTime {
        /// The stored count.
        value: i64,
        /// The unit.
        unit: TimeUnit,
        /// The unit's multiplier.
        multiplier: u32,
    },
    /// `m8`: a count of `multiplier × unit`.
    TimeDelta {
        /// The stored count.
        value: i64,
        /// The unit.
        unit: TimeUnit,
        /// The unit's multiplier.
        multiplier: u32,
    },
    /// A long double (`f16`, `c32`), which Rust has no type for: its raw
    /// bytes in the file's byte order.
    LongDouble(Vec<u8>),
    /// A structured record: `(name, value)` per field.
    Record(Vec<(String, Value)>),
    /// A subarray field: its shape and values in C order. (A subarray of
    /// zero-size items holds no data and decodes as an empty `Void`.)
    Array(Vec<usize>, Vec<Value>),
}

fn bytes_n<const N: usize>(b: &[u8], order: ByteOrder) -> [u8; N] {
    let mut out = [0u8; N];
    out.copy_from_slice(&b[..N]);
    if order == ByteOrder::Big {
        out.reverse();
    }
    out
}

/// Decodes one element of `dtype` from `bytes` (at least `itemsize` long).
// Long on purpose: one arm per element kind, as a table.
pub(crate) fn decode(dtype: &DType, bytes: &[u8]) -> Value {
    let s = match dtype {
        DType::Scalar(s) => s,
        DType::Record(r) => {
            return Value::Record(
                r.fields()
                    .iter()
                    .map(|f| {
                        let fb = &bytes[f.offset..f.offset + f.size()];
                        let v = if f.shape.is_empty() {
                            decode(&f.dtype, fb)
                        } else if f.dtype.itemsize() == 0 {
                            // A subarray of items without bytes holds no
                            // data, however many elements its shape counts
                            // (which the data does not bound).
                            Value::Void(Vec::new())
                        } else {
                            let isz = f.dtype.itemsize();
                            let n: usize = f.shape.iter().product();
                            Value::Array(
                                f.shape.clone(),
                                (0..n)
                                    .map(|i| decode(&f.dtype, &fb[i * isz..(i + 1) * isz]))
                                    .collect(),
                            )
                        };
                        (f.name.clone(), v)
                    })
                    .collect(),
            );
        }
    };
    let o = s.order();
    match s.kind() {
        ScalarKind::Bool => Value::Bool(bytes[0] != 0),
        ScalarKind::Int(1) => Value::Int(bytes[0] as i8 as i64),
        ScalarKind::Int(2) => Value::Int(i16::from_le_bytes(bytes_n(bytes, o)) as i64),
        ScalarKind::Int(4) => Value::Int(i32::from_le_bytes(bytes_n(bytes, o)) as i64),
        ScalarKind::Int(_) => Value::Int(i64::from_le_bytes(bytes_n(bytes, o))),
        ScalarKind::UInt(1) => Value::UInt(bytes[0] as u64),
        ScalarKind::UInt(2) => Value::UInt(u16::from_le_bytes(bytes_n(bytes, o)) as u64),
        ScalarKind::UInt(4) => Value::UInt(u32::from_le_bytes(bytes_n(bytes, o)) as u64),
        ScalarKind::UInt(_) => Value::UInt(u64::from_le_bytes(bytes_n(bytes, o))),
        ScalarKind::Float(2) => Value::Float32(f16::from_le_bytes(bytes_n(bytes, o)).to_f32()),
        ScalarKind::Float(4) => Value::Float32(f32::from_le_bytes(bytes_n(bytes, o))),
        ScalarKind::Float(8) => Value::Float(f64::from_le_bytes(bytes_n(bytes, o))),
        ScalarKind::Complex(8) => Value::Complex(
            f32::from_le_bytes(bytes_n(bytes, o)) as f64,
            f32::from_le_bytes(bytes_n(&bytes[4..], o)) as f64,
        ),
        ScalarKind::Complex(16) => Value::Complex(
            f64::from_le_bytes(bytes_n(bytes, o)),
            f64::from_le_bytes(bytes_n(&bytes[8..], o)),
        ),
        ScalarKind::Float(n) | ScalarKind::Complex(n) => Value::LongDouble(bytes[..n].to_vec()),
        ScalarKind::Bytes(n) => {
            let b = &bytes[..n];
            let end = b.iter().rposition(|&c| c != 0).map_or(0, |p| p + 1);
            Value::Bytes(b[..end].to_vec())
        }
        ScalarKind::Unicode(n) => {
            let mut s: String = (0..n)
                .map(|i| {
                    let code = u32::from_le_bytes(bytes_n(&bytes[4 * i..], o));
                    char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER)
                })
                .collect();
            let trimmed = s.trim_end_matches('\0').len();
            s.truncate(trimmed);
            Value::Str(s)
        }
        ScalarKind::Void(n) => Value::Void(bytes[..n].to_vec()),
        ScalarKind::DateTime(unit, multiplier) => Value::DateTime {
            value: i64::from_le_bytes(bytes_n(bytes, o)),
            unit,
            multiplier,
        },
        ScalarKind::TimeDelta(unit, multiplier) => Value::TimeDelta {
            value: i64::from_le_bytes(bytes_n(bytes, o)),
            unit,
            multiplier,
        },
        // Object arrays are refused before their data is read.
        ScalarKind::Object => Value::Void(bytes.to_vec()),
    }
}

/// NumPy's `str` of the scalar (`1.0`, `1e+16`, `(1-2j)`, `b'a\n'`,
/// `2024-01-31`, `5 seconds`), strings in Python's repr (`"it's"`), and
/// records as NumPy prints one element of a structured array: a tuple of
/// the fields' reprs (`(1e+16, b'a\n', "it's", '2024-01-31')`), subarrays
/// as lists. The text comes from one module, which savetxt's `%s` and the
/// `npio` command use too.
///
/// `f2` values print with float32's digits, and `c8` parts with
/// float64's (the value does not keep the narrower type).
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.push_str(&mut out, false);
        f.write_str(&out)
    }
}

impl Value {
    /// Appends the value's text; `in_record` quotes datetimes (and NaT
    /// timedeltas) and prints other timedeltas as their count, as NumPy's
    /// record printing does.
    fn push_str(&self, out: &mut String, in_record: bool) {
        use crate::repr::*;
        match self {
            Value::Bool(b) => out.push_str(if *b { "True" } else { "False" }),
            Value::Int(v) => out.push_str(&v.to_string()),
            Value::UInt(v) => out.push_str(&v.to_string()),
            Value::Float32(v) => push_float_str(out, f64::from(*v), 4),
            Value::Float(v) => push_float_str(out, *v, 8),
            Value::Complex(re, im) => push_complex_str(out, *re, *im, 8, true),
            Value::Bytes(b) => push_bytes_repr(out, b),
            Value::Str(s) => push_python_str_repr(out, s),
            Value::Void(b) | Value::LongDouble(b) => {
                out.push_str("b'");
                for c in b {
                    out.push_str(&format!("\\x{c:02x}"));
                }
                out.push('\'');
            }
            Value::DateTime {
                value,
                unit,
                multiplier,
            } => {
                let mut text = String::new();
                push_datetime_str(&mut text, *value, *unit, *multiplier);
                quoted_in_record(out, &text, in_record);
            }
            Value::TimeDelta {
                value,
                unit,
                multiplier,
            } => {
                // In a record NumPy prints the count (`5`), or `'NaT'`.
                if in_record && *value != crate::dtype::NAT {
                    out.push_str(&value.to_string());
                } else {
                    let mut text = String::new();
                    push_timedelta_str(&mut text, *value, *unit, *multiplier);
                    quoted_in_record(out, &text, in_record);
                }
            }
            Value::Record(fields) => {
                out.push('(');
                for (i, (_, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    v.push_str(out, true);
                }
                // A one-field record is a one-item tuple.
                if fields.len() == 1 {
                    out.push(',');
                }
                out.push(')');
            }
            Value::Array(shape, values) => push_nested(out, shape, values, in_record),
        }
    }
}

/// `text` as is, or in Python's repr inside a record.
fn quoted_in_record(out: &mut String, text: &str, in_record: bool) {
    if in_record {
        crate::repr::push_python_str_repr(out, text);
    } else {
        out.push_str(text);
    }
}

/// A subarray as nested lists.
fn push_nested(out: &mut String, shape: &[usize], values: &[Value], in_record: bool) {
    let Some((&n, rest)) = shape.split_first() else {
        if let Some(v) = values.first() {
            v.push_str(out, in_record);
        }
        return;
    };
    let inner: usize = rest.iter().product();
    out.push('[');
    for i in 0..n {
        if i > 0 {
            out.push_str(", ");
        }
        let end = ((i + 1) * inner).min(values.len());
        push_nested(out, rest, &values[(i * inner).min(end)..end], in_record);
    }
    out.push(']');
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian
/// calendar, as datetime64 counts days.
///
/// # Example
///
/// ```
/// assert_eq!(npy_format::internal::civil_from_days(19_753), (2024, 1, 31));
/// assert_eq!(npy_format::internal::civil_from_days(-1), (1969, 12, 31));
/// ```
pub fn civil_from_days(days: i128) -> (i128, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i128::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtype::NAT;

    fn dt(value: i64, unit: TimeUnit, multiplier: u32) -> String {
        Value::DateTime {
            value,
            unit,
            multiplier,
        }
        .to_string()
    }

    #[test]
    fn datetimes_print_as_iso() {
        assert_eq!(dt(0, TimeUnit::Day, 1), "1970-01-01");
        assert_eq!(dt(19_753, TimeUnit::Day, 1), "2024-01-31");
        assert_eq!(dt(-1, TimeUnit::Day, 1), "1969-12-31");
        assert_eq!(dt(3, TimeUnit::Day, 3), "1970-01-10");
        assert_eq!(
            dt(1_706_659_200_123_456_789, TimeUnit::Nanosecond, 1),
            "2024-01-31T00:00:00.123456789"
        );
        assert_eq!(dt(90, TimeUnit::Second, 1), "1970-01-01T00:01:30");
        assert_eq!(dt(NAT, TimeUnit::Second, 1), "NaT");
        assert_eq!(dt(13, TimeUnit::Month, 1), "1971-02");
    }

    #[test]
    fn numbers_print_like_numpy() {
        assert_eq!(Value::Float(1.0).to_string(), "1.0");
        assert_eq!(Value::Float(1e16).to_string(), "1e+16");
        assert_eq!(Value::Float(1e-5).to_string(), "1e-05");
        assert_eq!(Value::Float(-0.0).to_string(), "-0.0");
        assert_eq!(Value::Float(0.1).to_string(), "0.1");
        assert_eq!(Value::Float32(0.1).to_string(), "0.1");
        assert_eq!(Value::Float(f64::NAN).to_string(), "nan");
        assert_eq!(Value::Complex(1.0, -2.0).to_string(), "(1-2j)");
        assert_eq!(Value::Bytes(b"a'\xff".to_vec()).to_string(), "b\"a'\\xff\"");
        let record = Value::Record(vec![
            ("a".into(), Value::Float(1e16)),
            ("b".into(), Value::Bytes(b"a\n".to_vec())),
            ("c".into(), Value::Str("it's".into())),
            ("d".into(), Value::Float(1e-5)),
        ]);
        assert_eq!(record.to_string(), "(1e+16, b'a\\n', \"it's\", 1e-05)");
    }
}
