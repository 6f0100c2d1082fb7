//! One field's text to one element: the column's Python function
//! (`str2bool`, `int`, `float`, `complex`, `str`...) gives a value, or the
//! filling value when it fails; the value is then cast to the output
//! scalar as `np.array(rows, dtype)` casts Python objects.

use super::infer::Kind;
use crate::engine::datetime::parse_datetime;
use crate::engine::pyparse::{parse_bool, parse_complex, parse_float, parse_int, py_strip};
use npy_format::half::f16;
use npy_format::{ByteOrder, NAT, Scalar, ScalarKind, TimeUnit};

/// A filling value (NumPy's `filling_values`), as the Python object it
/// would be.
///
/// # Example
///
/// ```
/// use delimited_text::Fill;
///
/// assert_eq!(Fill::from(0), Fill::Int(0));
/// assert_eq!(Fill::from("n/a"), Fill::Str("n/a".into()));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Fill {
    /// `True` / `False`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A complex number (real, imaginary).
    Complex(f64, f64),
    /// A string.
    Str(String),
}

impl From<bool> for Fill {
    fn from(v: bool) -> Fill {
        Fill::Bool(v)
    }
}
impl From<i64> for Fill {
    fn from(v: i64) -> Fill {
        Fill::Int(v)
    }
}
impl From<i32> for Fill {
    fn from(v: i32) -> Fill {
        Fill::Int(v.into())
    }
}
impl From<f64> for Fill {
    fn from(v: f64) -> Fill {
        Fill::Float(v)
    }
}
impl From<&str> for Fill {
    fn from(v: &str) -> Fill {
        Fill::Str(v.to_string())
    }
}
impl From<String> for Fill {
    fn from(v: String) -> Fill {
        Fill::Str(v)
    }
}

/// A converted value before the cast to the output scalar.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PyVal {
    Bool(bool),
    Int(i128),
    Float(f64),
    Complex(f64, f64),
    Str(String),
}

impl From<&Fill> for PyVal {
    fn from(f: &Fill) -> PyVal {
        match f {
            Fill::Bool(b) => PyVal::Bool(*b),
            Fill::Int(i) => PyVal::Int(*i as i128),
            Fill::Float(x) => PyVal::Float(*x),
            Fill::Complex(a, b) => PyVal::Complex(*a, *b),
            Fill::Str(s) => PyVal::Str(s.clone()),
        }
    }
}

/// The Python function a column converts its text with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Func {
    /// `str2bool`.
    Bool,
    /// Python's `int` (no bound: the cast checks it).
    Int,
    /// `np.int64` / `np.uint64`: `int`, out of range is an error.
    Int64 { signed: bool },
    /// `int(float(x))`: NumPy's function for the other integer dtypes.
    IntViaFloat,
    /// Python's `float`.
    Float,
    /// Python's `complex`.
    Complex,
    /// `np.longdouble` of the text: the C library's strtold, correctly
    /// rounded to the long double, hexadecimals too. The text is kept and
    /// converted by the cast.
    LongDouble,
    /// The text itself.
    Str,
    /// The text as latin1 bytes (fails beyond latin1).
    Bytes,
    /// NumPy's string → datetime64 cast: ISO 8601, floored to the unit.
    /// Missing entries are NaT whatever the filling values, and text that
    /// is not a date is an error even with `loose`.
    Datetime { unit: TimeUnit, mult: u32 },
}

/// Why a field did not convert.
#[derive(Debug, PartialEq)]
pub(crate) enum Failure {
    /// The function refused the text (ValueError: the filling value, or
    /// an error when strict).
    Value,
    /// An error whatever the options (NumPy's OverflowError).
    Hard(&'static str),
}

impl Func {
    /// The function of an inferred column.
    pub fn of_kind(kind: Kind) -> Func {
        match kind {
            Kind::Bool => Func::Bool,
            Kind::Int => Func::Int,
            Kind::Float => Func::Float,
            Kind::Complex => Func::Complex,
            Kind::LongDouble => Func::LongDouble,
            Kind::Str => Func::Str,
        }
    }

    /// The function NumPy picks for an explicit scalar dtype, or `None`
    /// when genfromtxt cannot convert text to it.
    pub fn of_scalar(s: &Scalar) -> Option<Func> {
        Some(match s.kind() {
            ScalarKind::Bool => Func::Bool,
            ScalarKind::Int(8) => Func::Int64 { signed: true },
            ScalarKind::UInt(8) => Func::Int64 { signed: false },
            ScalarKind::Int(_) | ScalarKind::UInt(_) => Func::IntViaFloat,
            ScalarKind::Float(2 | 4 | 8) => Func::Float,
            ScalarKind::Float(16) => Func::LongDouble,
            ScalarKind::Complex(8 | 16 | 32) => Func::Complex,
            ScalarKind::Unicode(_) => Func::Str,
            ScalarKind::Bytes(_) => Func::Bytes,
            // A generic unit is left only when every date is NaT.
            ScalarKind::DateTime(unit, mult) => Func::Datetime { unit, mult },
            // NumPy converts timedeltas as integers, unitless ones too.
            ScalarKind::TimeDelta(..) => Func::IntViaFloat,
            _ => return None,
        })
    }

    /// NumPy's default filling value for this function.
    pub fn default_fill(self) -> PyVal {
        match self {
            Func::Bool => PyVal::Bool(false),
            Func::Int | Func::Int64 { .. } | Func::IntViaFloat => PyVal::Int(-1),
            Func::Float | Func::LongDouble => PyVal::Float(f64::NAN),
            Func::Complex => PyVal::Complex(f64::NAN, 0.0),
            Func::Str | Func::Bytes => PyVal::Str("???".into()),
            Func::Datetime { .. } => PyVal::Int(i128::from(NAT)),
        }
    }

    /// Whether `loose` lets a value this function refuses become the
    /// filling value (NumPy casts dates after conversion, and fails).
    pub fn loose(self) -> bool {
        !matches!(self, Func::Datetime { .. })
    }

    /// Applies the function.
    pub fn call(self, text: &str) -> Result<PyVal, Failure> {
        match self {
            Func::Bool => parse_bool(text).map(PyVal::Bool).ok_or(Failure::Value),
            Func::Int => match parse_int(text) {
                Some(Ok(v)) => Ok(PyVal::Int(v)),
                Some(Err(())) => Err(Failure::Hard("integer too large")),
                None => Err(Failure::Value),
            },
            Func::Int64 { signed } => match parse_int(text) {
                Some(Ok(v)) => {
                    let fits = if signed {
                        i64::try_from(v).is_ok()
                    } else {
                        u64::try_from(v).is_ok()
                    };
                    if fits {
                        Ok(PyVal::Int(v))
                    } else {
                        Err(Failure::Hard("integer out of range"))
                    }
                }
                Some(Err(())) => Err(Failure::Hard("integer out of range")),
                None => Err(Failure::Value),
            },
            Func::IntViaFloat => {
                let x = parse_float(text).ok_or(Failure::Value)?;
                if x.is_nan() {
                    return Err(Failure::Value);
                }
                if x.is_infinite() {
                    return Err(Failure::Hard("cannot convert float infinity to integer"));
                }
                // |x| < 2**128 for any finite f64 below 3.4e38; larger
                // values saturate, and the cast's range check refuses them.
                Ok(PyVal::Int(x.trunc() as i128))
            }
            Func::Float => parse_float(text).map(PyVal::Float).ok_or(Failure::Value),
            Func::LongDouble => match crate::engine::longdouble::parse_x87(text) {
                Some(_) => Ok(PyVal::Str(text.to_string())),
                None => Err(Failure::Value),
            },
            Func::Complex => parse_complex(text)
                .map(|(a, b)| PyVal::Complex(a, b))
                .ok_or(Failure::Value),
            Func::Str => Ok(PyVal::Str(text.to_string())),
            Func::Datetime { unit, mult } => parse_datetime(text, unit, mult)
                .map(|v| PyVal::Int(i128::from(v)))
                .ok_or(Failure::Value),
            Func::Bytes => {
                if text.chars().all(|c| (c as u32) < 256) {
                    Ok(PyVal::Str(text.to_string()))
                } else {
                    Err(Failure::Value)
                }
            }
        }
    }
}

/// Whether the stripped text is one of the column's missing values.
pub(crate) fn is_missing(text: &str, missing: &[String]) -> bool {
    let s = py_strip(text);
    // The empty string (always a missing value) without a call to memcmp.
    missing
        .iter()
        .any(|m| m.len() == s.len() && (s.is_empty() || m == s))
}

fn put(out: &mut [u8], bytes: &[u8], order: ByteOrder) {
    let n = bytes.len().min(out.len());
    out[..n].copy_from_slice(&bytes[..n]);
    if order == ByteOrder::Big {
        out[..n].reverse();
    }
}

/// Python's `str()` of a value (for casts to strings).
fn py_str(v: &PyVal) -> String {
    match v {
        PyVal::Bool(true) => "True".into(),
        PyVal::Bool(false) => "False".into(),
        PyVal::Int(i) => i.to_string(),
        PyVal::Float(x) => {
            let mut out = String::new();
            npy_format::internal::push_float_str(&mut out, *x, 8);
            out
        }
        PyVal::Complex(a, b) => {
            let mut out = String::new();
            npy_format::internal::push_complex_str(&mut out, *a, *b, 8, true);
            out
        }
        PyVal::Str(s) => s.clone(),
    }
}

/// The width in characters `v` takes as a string.
pub(crate) fn str_width(v: &PyVal) -> usize {
    py_str(v).chars().count()
}

/// Casts `v` into `out` (one element of `scalar`), as NumPy casts a Python
/// object into an array of that dtype. `Err` names what went wrong.
// Long on purpose: one arm per (value, target) pair of NumPy's casting table:
// kept as one table.
pub(crate) fn cast(v: &PyVal, scalar: &Scalar, out: &mut [u8]) -> Result<(), &'static str> {
    let order = scalar.order();
    let as_f64 = |v: &PyVal| -> Result<f64, &'static str> {
        Ok(match v {
            PyVal::Bool(b) => f64::from(u8::from(*b)),
            PyVal::Int(i) => *i as f64,
            PyVal::Float(x) => *x,
            PyVal::Complex(a, _) => *a,
            PyVal::Str(s) => parse_float(s).ok_or("string does not convert to a float")?,
        })
    };
    match scalar.kind() {
        ScalarKind::Bool => {
            out[0] = u8::from(match v {
                PyVal::Bool(b) => *b,
                PyVal::Int(i) => *i != 0,
                PyVal::Float(x) => *x != 0.0,
                PyVal::Complex(a, b) => *a != 0.0 || *b != 0.0,
                PyVal::Str(s) => !s.is_empty(),
            });
        }
        ScalarKind::Int(n) | ScalarKind::UInt(n) => {
            let i: i128 = match v {
                PyVal::Bool(b) => i128::from(*b),
                PyVal::Int(i) => *i,
                PyVal::Float(x) | PyVal::Complex(x, _) => {
                    if !x.is_finite() {
                        return Err("cannot convert a non-finite float to an integer");
                    }
                    x.trunc() as i128
                }
                PyVal::Str(s) => match parse_int(s) {
                    Some(Ok(i)) => i,
                    _ => return Err("string does not convert to an integer"),
                },
            };
            let bits = (n.min(8) as u32) * 8;
            let signed = matches!(scalar.kind(), ScalarKind::Int(_));
            let (lo, hi) = if signed {
                (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
            } else {
                (0, (1i128 << bits) - 1)
            };
            if i < lo || i > hi {
                return Err("integer out of bounds for the dtype");
            }
            put(out, &(i as u64).to_le_bytes()[..n.min(8)], order);
        }
        ScalarKind::DateTime(..) | ScalarKind::TimeDelta(..) => {
            let i: i64 = match v {
                PyVal::Int(i) => {
                    i64::try_from(*i).map_err(|_| "integer out of bounds for the dtype")?
                }
                _ => return Err("only integers convert to a date or duration"),
            };
            put(out, &i.to_le_bytes(), order);
        }
        ScalarKind::Float(8) => put(out, &as_f64(v)?.to_le_bytes(), order),
        ScalarKind::Float(4) => put(out, &(as_f64(v)? as f32).to_le_bytes(), order),
        ScalarKind::Float(2) => put(out, &f16::from_f64(as_f64(v)?).to_le_bytes(), order),
        ScalarKind::Float(16) => {
            let x87 = match v {
                PyVal::Str(s) => crate::engine::longdouble::parse_x87(s)
                    .ok_or("string does not convert to a long double")?,
                PyVal::Int(i) => crate::engine::longdouble::parse_x87(&i.to_string())
                    .ok_or("integer does not convert to a long double")?,
                other => crate::engine::longdouble::f64_to_x87(as_f64(other)?),
            };
            put(out, &x87, order);
        }
        ScalarKind::Complex(32) => {
            let (a, b) = match v {
                PyVal::Complex(a, b) => (*a, *b),
                PyVal::Str(s) => parse_complex(s).ok_or("string does not convert to a complex")?,
                other => (as_f64(other)?, 0.0),
            };
            put(
                &mut out[..16],
                &crate::engine::longdouble::f64_to_x87(a),
                order,
            );
            put(
                &mut out[16..],
                &crate::engine::longdouble::f64_to_x87(b),
                order,
            );
        }
        ScalarKind::Complex(n @ (8 | 16)) => {
            let (a, b) = match v {
                PyVal::Complex(a, b) => (*a, *b),
                PyVal::Str(s) => parse_complex(s).ok_or("string does not convert to a complex")?,
                other => (as_f64(other)?, 0.0),
            };
            if n == 16 {
                put(&mut out[..8], &a.to_le_bytes(), order);
                put(&mut out[8..], &b.to_le_bytes(), order);
            } else {
                put(&mut out[..4], &(a as f32).to_le_bytes(), order);
                put(&mut out[4..], &(b as f32).to_le_bytes(), order);
            }
        }
        ScalarKind::Unicode(n) => {
            let s = py_str(v);
            for (k, c) in s.chars().take(n).enumerate() {
                put(&mut out[4 * k..4 * k + 4], &(c as u32).to_le_bytes(), order);
            }
        }
        ScalarKind::Bytes(n) => {
            let s = py_str(v);
            let mut k = 0;
            for c in s.chars() {
                let code = c as u32;
                if code > 0xff {
                    return Err("text beyond latin1 in a bytes column");
                }
                if k < n {
                    out[k] = code as u8;
                    k += 1;
                }
            }
        }
        _ => return Err("genfromtxt cannot convert text to this dtype"),
    }
    Ok(())
}

/// Whether the element in `bytes` equals `v` as NumPy's `array == v`
/// compares them: numbers by value (NaN equals nothing, `True == 1`),
/// strings by text, a number and a string never.
pub(crate) fn element_equals(scalar: &Scalar, bytes: &[u8], v: &PyVal) -> bool {
    let mut le = bytes.to_vec();
    let item = |le: &mut Vec<u8>, at: usize, n: usize| -> [u8; 8] {
        let mut b = [0u8; 8];
        let part = &mut le[at..at + n];
        if scalar.order() == ByteOrder::Big {
            part.reverse();
        }
        b[..n].copy_from_slice(part);
        b
    };
    let float = |b: [u8; 8], n: usize| -> f64 {
        match n {
            8 => f64::from_le_bytes(b),
            4 => f32::from_le_bytes([b[0], b[1], b[2], b[3]]) as f64,
            _ => f16::from_le_bytes([b[0], b[1]]).to_f64(),
        }
    };
    let (re, im): (f64, f64) = match scalar.kind() {
        ScalarKind::Bool => (f64::from(bytes.first().copied().unwrap_or(0)), 0.0),
        ScalarKind::Int(n) | ScalarKind::UInt(n) if n <= 8 => {
            let b = item(&mut le, 0, n);
            let u = u64::from_le_bytes(b);
            let i: i128 = if matches!(scalar.kind(), ScalarKind::Int(_)) {
                let shift = 64 - 8 * n as u32;
                (((u << shift) as i64) >> shift) as i128
            } else {
                u as i128
            };
            if let PyVal::Int(x) = v {
                return i == *x;
            }
            (i as f64, 0.0)
        }
        ScalarKind::DateTime(..) | ScalarKind::TimeDelta(..) => {
            // NaT equals nothing, itself included.
            let i = i64::from_le_bytes(item(&mut le, 0, 8));
            return i != NAT && matches!(v, PyVal::Int(x) if *x == i128::from(i));
        }
        ScalarKind::Float(n @ (2 | 4 | 8)) => (float(item(&mut le, 0, n), n), 0.0),
        ScalarKind::Complex(n @ (8 | 16)) => {
            let h = n / 2;
            let a = float(item(&mut le, 0, h), h);
            let b = float(item(&mut le, h, h), h);
            (a, b)
        }
        ScalarKind::Unicode(_) => {
            let PyVal::Str(s) = v else {
                return false;
            };
            let text: String = bytes
                .chunks(4)
                .map(|c| {
                    let mut b = [c[0], c[1], c[2], c[3]];
                    if scalar.order() == ByteOrder::Big {
                        b.reverse();
                    }
                    u32::from_le_bytes(b)
                })
                .take_while(|&c| c != 0)
                .filter_map(char::from_u32)
                .collect();
            return text == *s.trim_end_matches('\0');
        }
        _ => return false,
    };
    let (a, b) = match v {
        PyVal::Bool(x) => (f64::from(u8::from(*x)), 0.0),
        PyVal::Int(x) => (*x as f64, 0.0),
        PyVal::Float(x) => (*x, 0.0),
        PyVal::Complex(x, y) => (*x, *y),
        PyVal::Str(_) => return false,
    };
    re == a && im == b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(v: PyVal, kind: ScalarKind) -> Result<Vec<u8>, &'static str> {
        let s = Scalar::with_order(kind, ByteOrder::Little);
        let mut out = vec![0u8; kind.itemsize().unwrap()];
        cast(&v, &s, &mut out).map(|_| out)
    }

    #[test]
    fn functions_and_casts() {
        assert_eq!(Func::IntViaFloat.call("1.9"), Ok(PyVal::Int(1)));
        assert_eq!(Func::IntViaFloat.call("nan"), Err(Failure::Value));
        assert!(matches!(
            Func::IntViaFloat.call("inf"),
            Err(Failure::Hard(_))
        ));
        assert_eq!(
            Func::Int64 { signed: true }.call("1.5"),
            Err(Failure::Value)
        );
        assert!(matches!(
            Func::Int64 { signed: false }.call("-1"),
            Err(Failure::Hard(_))
        ));
        assert_eq!(Func::Bytes.call("€"), Err(Failure::Value));
        assert_eq!(
            enc(PyVal::Int(-1), ScalarKind::Int(2)),
            Ok(vec![0xff, 0xff])
        );
        assert!(enc(PyVal::Int(-1), ScalarKind::UInt(1)).is_err());
        assert_eq!(
            enc(PyVal::Bool(true), ScalarKind::Unicode(5)).unwrap()[..4],
            [b'T', 0, 0, 0]
        );
        assert_eq!(str_width(&PyVal::Bool(false)), 5);
        assert_eq!(py_str(&PyVal::Float(1.0)), "1.0");
        // Python's str: `2j`, `(1-2.5j)`, `1e+16`.
        assert_eq!(py_str(&PyVal::Complex(0.0, 2.0)), "2j");
        assert_eq!(py_str(&PyVal::Complex(1.0, -2.5)), "(1-2.5j)");
        assert_eq!(py_str(&PyVal::Float(1e16)), "1e+16");
        let s = Scalar::with_order(ScalarKind::Float(8), ByteOrder::Little);
        assert!(element_equals(&s, &(-0.0f64).to_le_bytes(), &PyVal::Int(0)));
        assert!(!element_equals(
            &s,
            &f64::NAN.to_le_bytes(),
            &PyVal::Float(f64::NAN)
        ));
        let b = Scalar::native(ScalarKind::Bool);
        assert!(!element_equals(&b, &[1], &PyVal::Int(5)));
        assert!(element_equals(&b, &[1], &PyVal::Int(1)));
        let i = Scalar::with_order(ScalarKind::Int(2), ByteOrder::Big);
        assert!(element_equals(&i, &(-3i16).to_be_bytes(), &PyVal::Int(-3)));
    }
}
