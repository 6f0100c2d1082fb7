//! One value formatted by one specification, with Python's rules:
//! integers in every base, strings, `repr`, datetimes, and the padding
//! and signs every conversion shares.

use super::float::*;
use super::spec::*;
use crate::error::{Error, Result};
use npy_format::{NAT, TimeUnit, Value};
use std::fmt::Write as _;

/// The width of a floating-point NumPy type, which decides how `%s` and
/// `%r` print it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FloatWidth {
    F16,
    F32,
    F64,
    /// A long double: its 16 bytes, little-endian (`%s` prints them; the
    /// other formats get the `f64` Python's `%` converts it to).
    Long([u8; 16]),
}

impl FloatWidth {
    pub(super) fn name(self) -> &'static str {
        match self {
            FloatWidth::F16 => "float16",
            FloatWidth::F32 => "float32",
            FloatWidth::F64 => "float64",
            FloatWidth::Long(_) => "longdouble",
        }
    }

    /// Bytes of one value.
    pub(super) fn itemsize(self) -> usize {
        match self {
            FloatWidth::F16 => 2,
            FloatWidth::F32 => 4,
            FloatWidth::F64 => 8,
            FloatWidth::Long(_) => 16,
        }
    }
}

/// One value as Python's `%` receives it from `np.savetxt`: a NumPy scalar,
/// with what of its type matters for printing.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Arg<'a> {
    Bool(bool),
    /// A signed integer and its width in bits.
    Int(i64, u8),
    /// An unsigned integer and its width in bits.
    UInt(u64, u8),
    /// A float (widened exactly) and its type.
    Float(f64, FloatWidth),
    /// A complex number (parts widened exactly) and the type of its parts.
    Complex(f64, f64, FloatWidth),
    Bytes(&'a [u8]),
    Str(&'a str),
    Void(&'a [u8]),
    DateTime(i64, TimeUnit, u32),
    TimeDelta(i64, TimeUnit, u32),
}

impl Arg<'_> {
    /// The NumPy type name, for messages and `%r`.
    pub(super) fn type_name(&self) -> String {
        match self {
            Arg::Bool(_) => "bool".into(),
            Arg::Int(_, bits) => format!("int{bits}"),
            Arg::UInt(_, bits) => format!("uint{bits}"),
            Arg::Float(_, w) => w.name().into(),
            Arg::Complex(_, _, FloatWidth::F64) => "complex128".into(),
            Arg::Complex(_, _, FloatWidth::Long(_)) => "clongdouble".into(),
            Arg::Complex(_, _, _) => "complex64".into(),
            Arg::Bytes(_) => "bytes_".into(),
            Arg::Str(_) => "str_".into(),
            Arg::Void(_) => "void".into(),
            Arg::DateTime(..) => "datetime64".into(),
            Arg::TimeDelta(..) => "timedelta64".into(),
        }
    }
}

/// Formats one decoded array element with one specification, appending to
/// `out`, as Python's `'%…' % scalar` does for the NumPy scalar the element
/// is.
///
/// [`Value::Float32`] is taken as a `float32` (its `%s` is the shortest
/// text that reads back as that `float32`), [`Value::Int`] and
/// [`Value::UInt`] as 64-bit, [`Value::Complex`] as `complex128`. Long
/// doubles, records and subarrays are refused. Errors are
/// [`ErrorKind::Format`](crate::ErrorKind::Format), where Python raises:
/// `%d` of `nan` or `inf`, `%x` of a float, `%e` of a string, ...
///
/// # Example
///
/// ```
/// use delimited_text::{format_value, parse_format, Piece};
/// use npy_format::Value;
///
/// let spec = |f: &str| match parse_format(f).unwrap().remove(0) {
///     Piece::Spec(s) => s,
///     _ => unreachable!(),
/// };
/// let mut out = String::new();
/// format_value(&spec("%.18e"), &Value::Float(0.1), &mut out)?;
/// assert_eq!(out, "1.000000000000000056e-01");
/// out.clear();
/// format_value(&spec("%+08.2f"), &Value::Float(f64::NAN), &mut out)?;
/// assert_eq!(out, "+0000nan");
/// out.clear();
/// format_value(&spec("%#x"), &Value::Int(-255), &mut out)?;
/// assert_eq!(out, "-0xff");
/// assert!(format_value(&spec("%d"), &Value::Float(f64::INFINITY), &mut out).is_err());
/// # Ok::<(), delimited_text::Error>(())
/// ```
pub fn format_value(spec: &Spec, value: &Value, out: &mut String) -> Result<()> {
    let arg = match value {
        Value::Bool(b) => Arg::Bool(*b),
        Value::Int(v) => Arg::Int(*v, 64),
        Value::UInt(v) => Arg::UInt(*v, 64),
        Value::Float32(v) => Arg::Float(*v as f64, FloatWidth::F32),
        Value::Float(v) => Arg::Float(*v, FloatWidth::F64),
        Value::Complex(re, im) => Arg::Complex(*re, *im, FloatWidth::F64),
        Value::Bytes(b) => Arg::Bytes(b),
        Value::Str(s) => Arg::Str(s),
        Value::Void(b) => Arg::Void(b),
        Value::DateTime {
            value,
            unit,
            multiplier,
        } => Arg::DateTime(*value, *unit, *multiplier),
        Value::TimeDelta {
            value,
            unit,
            multiplier,
        } => Arg::TimeDelta(*value, *unit, *multiplier),
        Value::LongDouble(_) => return Err(unsupported(spec, "long double values")),
        Value::Record(_) => return Err(unsupported(spec, "structured (record) values")),
        Value::Array(..) => return Err(unsupported(spec, "subarray values")),
        _ => return Err(unsupported(spec, "this kind of value")),
    };
    format_arg(spec, arg, out)
}

pub(super) fn unsupported(spec: &Spec, what: &str) -> Error {
    Error::format(spec.to_string(), format!("{what} cannot be formatted"))
}

/// Formats one argument (see [`format_value`]).
// Long on purpose: one arm per conversion letter, as Python's `%` dispatches
// them: kept as one table.
pub(crate) fn format_arg(spec: &Spec, arg: Arg<'_>, out: &mut String) -> Result<()> {
    match spec.conv {
        Conv::D | Conv::I | Conv::U => {
            let int = match arg {
                Arg::Bool(b) => IntVal::Small(false, b as u128),
                Arg::Int(v, _) => IntVal::Small(v < 0, v.unsigned_abs() as u128),
                Arg::UInt(v, _) => IntVal::Small(false, v as u128),
                Arg::Float(v, _) | Arg::Complex(v, _, _) => float_to_int(spec, v)?,
                Arg::DateTime(..) | Arg::TimeDelta(..) if time_item(&arg).is_some() => {
                    let v = time_item(&arg).unwrap_or(0);
                    IntVal::Small(v < 0, v.unsigned_abs() as u128)
                }
                _ => {
                    return Err(type_error(
                        spec,
                        &format!("a real number is required, not {}", arg.type_name()),
                    ));
                }
            };
            write_int(out, spec, int, 10);
        }
        Conv::O | Conv::X | Conv::UpperX => {
            let int = match arg {
                Arg::Int(v, _) => IntVal::Small(v < 0, v.unsigned_abs() as u128),
                Arg::UInt(v, _) => IntVal::Small(false, v as u128),
                _ => {
                    return Err(type_error(
                        spec,
                        &format!("an integer is required, not {}", arg.type_name()),
                    ));
                }
            };
            write_int(out, spec, int, if spec.conv == Conv::O { 8 } else { 16 });
        }
        Conv::E | Conv::UpperE | Conv::F | Conv::UpperF | Conv::G | Conv::UpperG => {
            let v = match arg {
                Arg::Bool(b) => b as u8 as f64,
                Arg::Int(v, _) => v as f64,
                Arg::UInt(v, _) => v as f64,
                Arg::Float(v, _) | Arg::Complex(v, _, _) => v,
                Arg::DateTime(..) | Arg::TimeDelta(..) if time_item(&arg).is_some() => {
                    time_item(&arg).unwrap_or(0) as f64
                }
                _ => {
                    return Err(type_error(
                        spec,
                        &format!("must be real number, not {}", arg.type_name()),
                    ));
                }
            };
            write_float(out, spec, v);
        }
        Conv::S | Conv::R | Conv::A => {
            let start = out.len();
            match spec.conv {
                Conv::S => write_str(out, spec, arg)?,
                _ => write_repr(out, spec, arg)?,
            }
            if spec.conv == Conv::A {
                ascii_escape(out, start);
            }
            finish_text(out, start, spec);
        }
        Conv::C => {
            let c = match arg {
                Arg::Int(v, _) if (0..0x110000).contains(&v) => char::from_u32(v as u32),
                Arg::UInt(v, _) if v < 0x110000 => char::from_u32(v as u32),
                Arg::Int(..) | Arg::UInt(..) => {
                    return Err(type_error(spec, "%c arg not in range(0x110000)"));
                }
                Arg::Str(s) if s.chars().count() == 1 => s.chars().next(),
                _ => return Err(type_error(spec, "%c requires int or char")),
            };
            let c = c.ok_or_else(|| {
                type_error(spec, "%c of a surrogate code point cannot be encoded")
            })?;
            let start = out.len();
            out.push(c);
            pad_text(out, start, 1, spec);
        }
    }
    Ok(())
}

/// The count of a datetime64 or timedelta64 when its `.item()` is a Python
/// int, which `int()` and `float()` accept; `None` when it is a
/// `datetime.date`, `datetime.datetime` or `datetime.timedelta` (inside
/// their ranges) or `None` (NaT), which they refuse.
pub(super) fn time_item(arg: &Arg<'_>) -> Option<i64> {
    let (value, unit, mult, datetime) = match *arg {
        Arg::DateTime(v, u, m) => (v, u, m, true),
        Arg::TimeDelta(v, u, m) => (v, u, m, false),
        _ => return None,
    };
    if value == NAT {
        return None;
    }
    let v = value as i128 * mult as i128;
    const DAY_US: i128 = 86_400_000_000;
    // The value in microseconds, for the units Python's objects hold.
    let us = match unit {
        TimeUnit::Week => v * 7 * DAY_US,
        TimeUnit::Day => v * DAY_US,
        TimeUnit::Hour => v * 3_600_000_000,
        TimeUnit::Minute => v * 60_000_000,
        TimeUnit::Second => v * 1_000_000,
        TimeUnit::Millisecond => v * 1000,
        TimeUnit::Microsecond => v,
        TimeUnit::Year | TimeUnit::Month if datetime => {
            let year = if unit == TimeUnit::Year {
                1970 + v
            } else {
                1970 + v.div_euclid(12)
            };
            return (!(1..=9999).contains(&year)).then_some(value);
        }
        _ => return Some(value),
    };
    let in_range = if datetime {
        let year = npy_format::internal::civil_from_days(us.div_euclid(DAY_US)).0;
        (1..=9999).contains(&year)
    } else {
        (-999_999_999 * DAY_US..1_000_000_000 * DAY_US).contains(&us)
    };
    (!in_range).then_some(value)
}

pub(super) fn type_error(spec: &Spec, reason: &str) -> Error {
    let reason = if reason.starts_with('%') || reason.starts_with("must") {
        reason.to_string()
    } else {
        format!("%{} format: {reason}", spec.conv.letter())
    };
    Error::format(spec.to_string(), reason)
}

/// An integer to print: sign and magnitude, or the decimal digits of a
/// float too large for 128 bits.
pub(super) enum IntVal {
    Small(bool, u128),
    Big(bool, String),
}

pub(super) fn float_to_int(spec: &Spec, v: f64) -> Result<IntVal> {
    if v.is_nan() {
        return Err(Error::format(
            spec.to_string(),
            "cannot convert float NaN to integer",
        ));
    }
    if v.is_infinite() {
        return Err(Error::format(
            spec.to_string(),
            "cannot convert float infinity to integer",
        ));
    }
    let t = v.trunc();
    let neg = t < 0.0;
    let a = t.abs();
    Ok(if a < 3.0e38 {
        IntVal::Small(neg, a as u128)
    } else {
        IntVal::Big(neg, format!("{a:.0}"))
    })
}

pub(super) fn write_int(out: &mut String, spec: &Spec, int: IntVal, radix: u32) {
    let mut buf = [0u8; 128];
    let (neg, digits): (bool, &[u8]) = match &int {
        IntVal::Small(neg, mag) => {
            let upper = spec.conv.is_upper();
            let mut n = *mag;
            let mut i = buf.len();
            loop {
                let d = (n % radix as u128) as u8;
                n /= radix as u128;
                i -= 1;
                buf[i] = match d {
                    0..=9 => b'0' + d,
                    _ if upper => b'A' + d - 10,
                    _ => b'a' + d - 10,
                };
                if n == 0 {
                    break;
                }
            }
            (*neg, &buf[i..])
        }
        IntVal::Big(neg, s) => (*neg, s.as_bytes()),
    };
    let prefix = match (spec.flags.alt, spec.conv) {
        (true, Conv::O) => "0o",
        (true, Conv::X) => "0x",
        (true, Conv::UpperX) => "0X",
        _ => "",
    };
    let start = out.len();
    push_sign(out, spec, neg);
    out.push_str(prefix);
    let body = out.len();
    let prec_zeros = spec.precision.unwrap_or(0).saturating_sub(digits.len());
    push_repeat(out, '0', prec_zeros);
    // Digits are ASCII.
    out.push_str(std::str::from_utf8(digits).unwrap_or_default());
    pad_number(out, start, body, spec);
}

pub(super) fn push_sign(out: &mut String, spec: &Spec, neg: bool) {
    if neg {
        out.push('-');
    } else if spec.flags.plus {
        out.push('+');
    } else if spec.flags.space {
        out.push(' ');
    }
}

pub(super) fn insert_repeat(out: &mut String, at: usize, c: char, mut n: usize) {
    let src = if c == '0' { ZEROS } else { SPACES };
    while n > 0 {
        let k = n.min(src.len());
        out.insert_str(at, &src[..k]);
        n -= k;
    }
}

/// Pads the ASCII number written from `start` (its digits from `body`,
/// after sign and prefix) to the width.
pub(super) fn pad_number(out: &mut String, start: usize, body: usize, spec: &Spec) {
    let Some(width) = spec.width else { return };
    let len = out.len() - start;
    if width <= len {
        return;
    }
    let n = width - len;
    if spec.flags.left {
        push_repeat(out, ' ', n);
    } else if spec.flags.zero {
        insert_repeat(out, body, '0', n);
    } else {
        insert_repeat(out, start, ' ', n);
    }
}

/// Truncates the text written from `start` to the precision (in
/// characters) and pads it to the width with spaces.
pub(super) fn finish_text(out: &mut String, start: usize, spec: &Spec) {
    let mut chars = out[start..].chars().count();
    if let Some(p) = spec.precision
        && chars > p
    {
        let cut = out[start..]
            .char_indices()
            .nth(p)
            .map_or(out.len(), |(i, _)| start + i);
        out.truncate(cut);
        chars = p;
    }
    pad_text(out, start, chars, spec);
}

pub(super) fn pad_text(out: &mut String, start: usize, chars: usize, spec: &Spec) {
    let Some(width) = spec.width else { return };
    if width > chars {
        if spec.flags.left {
            push_repeat(out, ' ', width - chars);
        } else {
            insert_repeat(out, start, ' ', width - chars);
        }
    }
}

// ---------------------------------------------------------------------
// ---------------------------------------------------------------------
// %s and %r: Python's str and repr of NumPy scalars.

/// NumPy's `str` of a float scalar of this width (see
/// [`npy_format::internal::push_float_str`]).
pub(super) fn write_np_float(out: &mut String, v: f64, width: FloatWidth) {
    match width {
        FloatWidth::Long(raw) => out.push_str(&crate::engine::longdouble::x87_str(&raw)),
        _ => npy_format::internal::push_float_str(out, v, width.itemsize()),
    }
}

/// `%s` and `%r` of a complex long double, which NumPy prints with each
/// part's long double digits.
pub(super) fn long_complex(spec: &Spec) -> Error {
    Error::format(
        spec.to_string(),
        "%s and %r of a clongdouble value are not supported (%e, %f and %g are)",
    )
}

pub(super) fn write_str(out: &mut String, spec: &Spec, arg: Arg<'_>) -> Result<()> {
    match arg {
        Arg::Bool(b) => out.push_str(if b { "True" } else { "False" }),
        Arg::Int(v, _) => {
            let _ = write!(out, "{v}");
        }
        Arg::UInt(v, _) => {
            let _ = write!(out, "{v}");
        }
        Arg::Float(v, w) => write_np_float(out, v, w),
        Arg::Complex(_, _, FloatWidth::Long(_)) => return Err(long_complex(spec)),
        Arg::Complex(re, im, w) => {
            npy_format::internal::push_complex_str(out, re, im, w.itemsize(), true)
        }
        Arg::Bytes(b) => npy_format::internal::push_bytes_repr(out, b),
        Arg::Str(s) => out.push_str(s),
        Arg::Void(b) => {
            out.push_str("b'");
            for c in b {
                let _ = write!(out, "\\x{c:02x}");
            }
            out.push('\'');
        }
        Arg::DateTime(v, unit, mult) => write_datetime(out, spec, v, unit, mult)?,
        Arg::TimeDelta(v, unit, mult) => {
            npy_format::internal::push_timedelta_str(out, v, unit, mult)
        }
    }
    Ok(())
}

pub(super) fn write_repr(out: &mut String, spec: &Spec, arg: Arg<'_>) -> Result<()> {
    match arg {
        Arg::Bool(b) => out.push_str(if b { "np.True_" } else { "np.False_" }),
        Arg::Str(s) => {
            out.push_str("np.str_(");
            npy_format::internal::push_python_str_repr(out, s);
            out.push(')');
        }
        Arg::Bytes(b) => {
            out.push_str("np.bytes_(");
            npy_format::internal::push_bytes_repr(out, b);
            out.push(')');
        }
        Arg::Complex(_, _, FloatWidth::Long(_)) => return Err(long_complex(spec)),
        Arg::Float(_, FloatWidth::Long(raw)) => {
            let _ = write!(
                out,
                "np.longdouble('{}')",
                crate::engine::longdouble::x87_str(&raw)
            );
        }
        Arg::Complex(re, im, w) => {
            let _ = write!(out, "np.{}(", arg.type_name());
            npy_format::internal::push_complex_str(out, re, im, w.itemsize(), false);
            out.push(')');
        }
        Arg::Int(..) | Arg::UInt(..) | Arg::Float(..) => {
            let _ = write!(out, "np.{}(", arg.type_name());
            write_str(out, spec, arg)?;
            out.push(')');
        }
        Arg::Void(_) | Arg::DateTime(..) | Arg::TimeDelta(..) => {
            return Err(Error::format(
                spec.to_string(),
                format!("%r of a {} value is not supported", arg.type_name()),
            ));
        }
    }
    Ok(())
}

pub(super) fn escape_char(out: &mut String, c: char) {
    let u = c as u32;
    let _ = if u < 0x100 {
        write!(out, "\\x{u:02x}")
    } else if u < 0x10000 {
        write!(out, "\\u{u:04x}")
    } else {
        write!(out, "\\U{u:08x}")
    };
}

/// `ascii()`: escapes the non-ASCII characters written from `start`.
pub(super) fn ascii_escape(out: &mut String, start: usize) {
    if out[start..].is_ascii() {
        return;
    }
    let text = out.split_off(start);
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            escape_char(out, c);
        }
    }
}

// ---------------------------------------------------------------------
// Datetimes, as NumPy's str prints them.

pub(super) fn write_datetime(
    out: &mut String,
    spec: &Spec,
    value: i64,
    unit: TimeUnit,
    mult: u32,
) -> Result<()> {
    if unit == TimeUnit::Generic && value != NAT {
        return Err(Error::format(
            spec.to_string(),
            "%s of a datetime64 without a unit is not supported",
        ));
    }
    npy_format::internal::push_datetime_str(out, value, unit, mult);
    Ok(())
}

/// `%e`, `%f`, `%g` of a float: sign, `nan`/`inf`, the digits from the
/// float engine, padding.
pub(super) fn write_float(out: &mut String, spec: &Spec, v: f64) {
    let upper = spec.conv.is_upper();
    let start = out.len();
    push_sign(out, spec, v.is_sign_negative() && !v.is_nan());
    let body = out.len();
    if v.is_nan() {
        out.push_str(if upper { "NAN" } else { "nan" });
    } else if v.is_infinite() {
        out.push_str(if upper { "INF" } else { "inf" });
    } else {
        let a = v.abs();
        let prec = spec.precision.unwrap_or(6);
        let alt = spec.flags.alt;
        match spec.conv {
            Conv::E | Conv::UpperE => write_exp(out, a, prec, alt, upper),
            Conv::F | Conv::UpperF => write_fixed(out, a, prec, alt),
            _ => write_general(out, a, prec, alt, upper),
        }
    }
    pad_number(out, start, body, spec);
}
