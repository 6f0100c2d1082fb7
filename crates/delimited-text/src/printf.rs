//! Python's `%` string formatting, as `np.savetxt` applies it to the values
//! of an array.
//!
//! `np.savetxt` builds one format string for a row and applies Python's `%`
//! operator to the tuple of the row's NumPy scalars. This module reproduces
//! that operator: the format grammar ([`parse_format`]) and the conversion of
//! one value by one specification ([`format_value`]), with Python's rules
//! rather than C's where they differ (`%#o` is `0o17`, negative hex is
//! `-ff`, the `0` flag pads `nan` and `inf` with zeros, `%s` of a float is
//! NumPy's shortest repr, `%d` of a float truncates it).
//!
//! Floats are correctly rounded (ties to even on exact halves), as
//! Python's and C's `printf` are: a 128-bit exact path covers the common
//! magnitudes and the standard library's exact formatting covers the rest.

use crate::error::{Error, Result};
use npy_format::{NAT, TimeUnit, Value};
use std::cmp::Ordering;
use std::fmt::{self, Write as _};

/// The flags of a conversion specification: `-`, `+`, space, `#`, `0`.
///
/// # Example
///
/// ```
/// use delimited_text::{format_value, Conv, Flags, Spec};
/// use npy_format::Value;
///
/// let spec = Spec { flags: Flags { plus: true, zero: true, ..Flags::default() }, width: Some(6), ..Spec::new(Conv::D) };
/// let mut out = String::new();
/// format_value(&spec, &Value::Int(42), &mut out)?;
/// assert_eq!(out, "+00042");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Flags {
    /// `-`: left-justify within the width (overrides `0`).
    pub left: bool,
    /// `+`: a sign on non-negative numbers too.
    pub plus: bool,
    /// ` `: a space before non-negative numbers (unless `+`).
    pub space: bool,
    /// `#`: the alternate form (`0x`/`0o` prefixes, a decimal point always,
    /// `%g` keeps its trailing zeros).
    pub alt: bool,
    /// `0`: pad numbers with zeros after the sign.
    pub zero: bool,
}

/// The conversion character of a specification.
///
/// # Example
///
/// ```
/// use delimited_text::{format_value, Conv, Spec};
/// use npy_format::Value;
///
/// let mut out = String::new();
/// format_value(&Spec::new(Conv::UpperX), &Value::Int(255), &mut out)?;
/// assert_eq!(out, "FF");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Conv {
    /// `%d`: a decimal integer (floats are truncated toward zero).
    D,
    /// `%i`: the same as `%d`.
    I,
    /// `%u`: the same as `%d` (Python keeps the sign).
    U,
    /// `%o`: octal (integers only); `#` adds `0o`.
    O,
    /// `%x`: lowercase hexadecimal (integers only); `#` adds `0x`.
    X,
    /// `%X`: uppercase hexadecimal; `#` adds `0X`.
    UpperX,
    /// `%e`: `d.dddddde+XX`.
    E,
    /// `%E`: `d.ddddddE+XX`, `NAN`, `INF`.
    UpperE,
    /// `%f`: `ddd.dddddd`.
    F,
    /// `%F`: `%f` with `NAN`, `INF`.
    UpperF,
    /// `%g`: `%e` or `%f`, whichever is shorter, trailing zeros removed.
    G,
    /// `%G`: `%g` with `E`, `NAN`, `INF`.
    UpperG,
    /// `%s`: Python's `str` of the NumPy scalar.
    S,
    /// `%r`: Python's `repr` of the NumPy scalar (`np.float64(1.5)`).
    R,
    /// `%a`: `%r` with non-ASCII characters escaped.
    A,
    /// `%c`: the character of an integer code point or of a one-character
    /// string.
    C,
}

impl Conv {
    /// The conversion character (`'d'`, `'e'`, ...).
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::Conv;
    ///
    /// assert_eq!(Conv::UpperE.letter(), 'E');
    /// assert_eq!(Conv::D.letter(), 'd');
    /// ```
    pub fn letter(self) -> char {
        match self {
            Conv::D => 'd',
            Conv::I => 'i',
            Conv::U => 'u',
            Conv::O => 'o',
            Conv::X => 'x',
            Conv::UpperX => 'X',
            Conv::E => 'e',
            Conv::UpperE => 'E',
            Conv::F => 'f',
            Conv::UpperF => 'F',
            Conv::G => 'g',
            Conv::UpperG => 'G',
            Conv::S => 's',
            Conv::R => 'r',
            Conv::A => 'a',
            Conv::C => 'c',
        }
    }

    fn from_letter(c: char) -> Option<Conv> {
        Some(match c {
            'd' => Conv::D,
            'i' => Conv::I,
            'u' => Conv::U,
            'o' => Conv::O,
            'x' => Conv::X,
            'X' => Conv::UpperX,
            'e' => Conv::E,
            'E' => Conv::UpperE,
            'f' => Conv::F,
            'F' => Conv::UpperF,
            'g' => Conv::G,
            'G' => Conv::UpperG,
            's' => Conv::S,
            'r' => Conv::R,
            'a' => Conv::A,
            'c' => Conv::C,
            _ => return None,
        })
    }

    fn is_upper(self) -> bool {
        matches!(
            self,
            Conv::UpperX | Conv::UpperE | Conv::UpperF | Conv::UpperG
        )
    }
}

/// One conversion specification: `%[flags][width][.precision][hlL]conv`.
///
/// `Display` writes it back in canonical form (flags in the order `-+ #0`,
/// without a length modifier).
///
/// # Example
///
/// ```
/// use delimited_text::{parse_format, Conv, Piece};
///
/// let pieces = parse_format("%-8.2e")?;
/// let Piece::Spec(spec) = &pieces[0] else { unreachable!() };
/// assert!(spec.flags.left);
/// assert_eq!((spec.width, spec.precision, spec.conv), (Some(8), Some(2), Conv::E));
/// assert_eq!(spec.to_string(), "%-8.2e");
/// # Ok::<(), delimited_text::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Spec {
    /// The flags.
    pub flags: Flags,
    /// The minimum width in characters.
    pub width: Option<usize>,
    /// The precision: digits after the point (`%e`, `%f`), significant
    /// digits (`%g`), minimum digits (integers) or maximum characters
    /// (`%s`, `%r`, `%a`).
    pub precision: Option<usize>,
    /// The conversion.
    pub conv: Conv,
}

impl Spec {
    /// A specification without flags, width or precision.
    ///
    /// # Example
    ///
    /// ```
    /// use delimited_text::{Conv, Spec};
    ///
    /// let spec = Spec::new(Conv::G);
    /// assert_eq!((spec.width, spec.precision), (None, None));
    /// assert_eq!(spec.to_string(), "%g");
    /// ```
    pub fn new(conv: Conv) -> Spec {
        Spec {
            flags: Flags::default(),
            width: None,
            precision: None,
            conv,
        }
    }
}

impl fmt::Display for Spec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('%')?;
        let fl = &self.flags;
        for (on, c) in [
            (fl.left, '-'),
            (fl.plus, '+'),
            (fl.space, ' '),
            (fl.alt, '#'),
            (fl.zero, '0'),
        ] {
            if on {
                f.write_char(c)?;
            }
        }
        if let Some(w) = self.width {
            write!(f, "{w}")?;
        }
        if let Some(p) = self.precision {
            write!(f, ".{p}")?;
        }
        f.write_char(self.conv.letter())
    }
}

/// A piece of a parsed format: literal text (with `%%` already turned into
/// `%`) or a conversion specification.
///
/// # Example
///
/// ```
/// use delimited_text::{parse_format, Piece};
///
/// let pieces = parse_format("%d%%")?;
/// assert!(matches!(pieces[0], Piece::Spec(_)));
/// assert_eq!(pieces[1], Piece::Literal("%".into()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Text copied as is.
    Literal(String),
    /// A conversion, which consumes one value.
    Spec(Spec),
}

/// Parses a format string with Python's `%` grammar.
///
/// Accepted: `%%`; flags `-+ #0` in any order; a decimal width; `.` and a
/// decimal precision (empty means 0); one length modifier `h`, `l` or `L`
/// (ignored, as Python does); the conversions of [`Conv`]. Refused, as
/// Python refuses them for NumPy scalars: mapping keys (`%(name)s`), `*`
/// widths or precisions, unknown conversions, a trailing `%`, and flags or
/// widths on `%%`.
///
/// # Example
///
/// ```
/// use delimited_text::{parse_format, Piece};
///
/// let pieces = parse_format("x=%5.2f, 100%%")?;
/// assert_eq!(pieces.len(), 3);
/// assert_eq!(pieces[0], Piece::Literal("x=".into()));
/// assert_eq!(pieces[2], Piece::Literal(", 100%".into()));
/// assert!(parse_format("%y").is_err());
/// # Ok::<(), delimited_text::Error>(())
/// ```
pub fn parse_format(fmt: &str) -> Result<Vec<Piece>> {
    let mut pieces = Vec::new();
    let mut lit = String::new();
    let b = fmt.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let Some(off) = memchr::memchr(b'%', &b[i..]) else {
            lit.push_str(&fmt[i..]);
            break;
        };
        lit.push_str(&fmt[i..i + off]);
        i += off + 1;
        if b.get(i) == Some(&b'%') {
            lit.push('%');
            i += 1;
            continue;
        }
        let (spec, next) = parse_spec(fmt, i)?;
        i = next;
        if !lit.is_empty() {
            pieces.push(Piece::Literal(std::mem::take(&mut lit)));
        }
        pieces.push(Piece::Spec(spec));
    }
    if !lit.is_empty() {
        pieces.push(Piece::Literal(lit));
    }
    Ok(pieces)
}

/// Parses one specification starting after its `%` at byte `i`; returns it
/// and the byte after it.
fn parse_spec(fmt: &str, mut i: usize) -> Result<(Spec, usize)> {
    let b = fmt.as_bytes();
    let incomplete = || Error::format(fmt, "incomplete format");
    let mut flags = Flags::default();
    if b.get(i) == Some(&b'(') {
        return Err(Error::format(
            fmt,
            "format requires a mapping (%(name)s keys are not supported)",
        ));
    }
    while let Some(&c) = b.get(i) {
        match c {
            b'-' => flags.left = true,
            b'+' => flags.plus = true,
            b' ' => flags.space = true,
            b'#' => flags.alt = true,
            b'0' => flags.zero = true,
            _ => break,
        }
        i += 1;
    }
    let number = |i: &mut usize, what: &str| -> Result<Option<usize>> {
        if b.get(*i) == Some(&b'*') {
            return Err(Error::format(
                fmt,
                "* wants int (a NumPy scalar cannot give a width or precision)",
            ));
        }
        let start = *i;
        let mut n: usize = 0;
        while let Some(&c) = b.get(*i).filter(|c| c.is_ascii_digit()) {
            n = n
                .checked_mul(10)
                .and_then(|n| n.checked_add((c - b'0') as usize))
                .filter(|&n| n <= i32::MAX as usize)
                .ok_or_else(|| Error::format(fmt, format!("{what} too big")))?;
            *i += 1;
        }
        Ok((*i > start).then_some(n))
    };
    let width = number(&mut i, "width")?;
    let mut precision = None;
    if b.get(i) == Some(&b'.') {
        i += 1;
        precision = Some(number(&mut i, "precision")?.unwrap_or(0));
    }
    if matches!(b.get(i), Some(b'h' | b'l' | b'L')) {
        i += 1;
    }
    let c = fmt[i..].chars().next().ok_or_else(incomplete)?;
    let conv = Conv::from_letter(c).ok_or_else(|| {
        let index = fmt[..i].chars().count();
        let shown = if c.is_ascii_graphic() || c == ' ' || !c.is_control() {
            c.to_string()
        } else {
            "?".to_string()
        };
        Error::format(
            fmt,
            format!(
                "unsupported format character '{shown}' (0x{:x}) at index {index}",
                c as u32
            ),
        )
    })?;
    Ok((
        Spec {
            flags,
            width,
            precision,
            conv,
        },
        i + c.len_utf8(),
    ))
}

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
    fn name(self) -> &'static str {
        match self {
            FloatWidth::F16 => "float16",
            FloatWidth::F32 => "float32",
            FloatWidth::F64 => "float64",
            FloatWidth::Long(_) => "longdouble",
        }
    }

    /// Bytes of one value.
    fn itemsize(self) -> usize {
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
    fn type_name(&self) -> String {
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

fn unsupported(spec: &Spec, what: &str) -> Error {
    Error::format(spec.to_string(), format!("{what} cannot be formatted"))
}

/// Formats one argument (see [`format_value`]).
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
fn time_item(arg: &Arg<'_>) -> Option<i64> {
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

fn type_error(spec: &Spec, reason: &str) -> Error {
    let reason = if reason.starts_with('%') || reason.starts_with("must") {
        reason.to_string()
    } else {
        format!("%{} format: {reason}", spec.conv.letter())
    };
    Error::format(spec.to_string(), reason)
}

/// An integer to print: sign and magnitude, or the decimal digits of a
/// float too large for 128 bits.
enum IntVal {
    Small(bool, u128),
    Big(bool, String),
}

fn float_to_int(spec: &Spec, v: f64) -> Result<IntVal> {
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

fn write_int(out: &mut String, spec: &Spec, int: IntVal, radix: u32) {
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

fn push_sign(out: &mut String, spec: &Spec, neg: bool) {
    if neg {
        out.push('-');
    } else if spec.flags.plus {
        out.push('+');
    } else if spec.flags.space {
        out.push(' ');
    }
}

const SPACES: &str = "                                                                ";
const ZEROS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

fn push_repeat(out: &mut String, c: char, mut n: usize) {
    let src = if c == '0' { ZEROS } else { SPACES };
    while n > 0 {
        let k = n.min(src.len());
        out.push_str(&src[..k]);
        n -= k;
    }
}

fn insert_repeat(out: &mut String, at: usize, c: char, mut n: usize) {
    let src = if c == '0' { ZEROS } else { SPACES };
    while n > 0 {
        let k = n.min(src.len());
        out.insert_str(at, &src[..k]);
        n -= k;
    }
}

/// Pads the ASCII number written from `start` (its digits from `body`,
/// after sign and prefix) to the width.
fn pad_number(out: &mut String, start: usize, body: usize, spec: &Spec) {
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
fn finish_text(out: &mut String, start: usize, spec: &Spec) {
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

fn pad_text(out: &mut String, start: usize, chars: usize, spec: &Spec) {
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
// Floats: %e %f %g.

fn write_float(out: &mut String, spec: &Spec, v: f64) {
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

/// Decimal digits of a value rounded to a number of significant digits.
struct Digits {
    stack: [u8; 20],
    len: usize,
    heap: Vec<u8>,
}

impl Digits {
    fn new() -> Digits {
        Digits {
            stack: [0; 20],
            len: 0,
            heap: Vec::new(),
        }
    }

    fn bytes(&self) -> &[u8] {
        if self.heap.is_empty() {
            &self.stack[..self.len]
        } else {
            &self.heap
        }
    }

    fn set_u64(&mut self, mut v: u64, n: usize) {
        // `n` digits, zero-padded on the left.
        self.heap.clear();
        self.len = n;
        let mut i = n;
        // Eight digits at a time, in independent pairs (short dependency
        // chains of divisions).
        while i >= 8 {
            let x = (v % 100_000_000) as u32;
            v /= 100_000_000;
            let (hi, lo) = ((x / 10_000) as usize, (x % 10_000) as usize);
            for (k, p) in [hi / 100, hi % 100, lo / 100, lo % 100]
                .into_iter()
                .enumerate()
            {
                self.stack[i - 8 + 2 * k..i - 6 + 2 * k]
                    .copy_from_slice(&DIGIT_PAIRS[2 * p..2 * p + 2]);
            }
            i -= 8;
        }
        while i >= 2 {
            let d = (v % 100) as usize;
            v /= 100;
            i -= 2;
            self.stack[i..i + 2].copy_from_slice(&DIGIT_PAIRS[2 * d..2 * d + 2]);
        }
        if i == 1 {
            self.stack[0] = b'0' + (v % 10) as u8;
        }
    }
}

const DIGIT_PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

const fn pow5_table() -> [u128; 56] {
    let mut t = [1u128; 56];
    let mut i = 1;
    while i < 56 {
        t[i] = t[i - 1] * 5;
        i += 1;
    }
    t
}

const fn pow10_table() -> [u128; 39] {
    let mut t = [1u128; 39];
    let mut i = 1;
    while i < 39 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
}

static POW5: [u128; 56] = pow5_table();
static POW10: [u128; 39] = pow10_table();

/// `a = m × 2^e` with `m` odd (`a` finite and positive).
fn decompose(a: f64) -> (u64, i32) {
    let bits = a.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    let (m, e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp - 1075)
    };
    let tz = m.trailing_zeros();
    (m >> tz, e + tz as i32)
}

/// `floor(m × 2^e × 10^k)` and whether the rest rounds it up (to nearest,
/// ties to even), when both are computable exactly in 128 bits.
fn scale_round(m: u64, e: i32, k: i32) -> Option<(u128, bool)> {
    let s = e + k;
    let m = m as u128;
    let (q, rest) = if k >= 0 {
        let num = m.checked_mul(*POW5.get(k as usize)?)?;
        if s >= 0 {
            if num.leading_zeros() < s as u32 {
                return None;
            }
            return Some((num << s, false));
        }
        let sh = (-s) as u32;
        if sh >= 127 {
            return None;
        }
        let half = 1u128 << (sh - 1);
        (num >> sh, (num & ((half << 1) - 1)).cmp(&half))
    } else {
        let p5 = *POW5.get((-k) as usize)?;
        let (num, den) = if s >= 0 {
            if m.leading_zeros() < s as u32 {
                return None;
            }
            (m << s, p5)
        } else {
            if p5.leading_zeros() <= (-s) as u32 {
                return None;
            }
            (m, p5 << (-s))
        };
        let (q, r) = (num / den, num % den);
        (q, r.cmp(&(den - r)))
    };
    let up = match rest {
        Ordering::Greater => true,
        Ordering::Equal => q & 1 == 1,
        Ordering::Less => false,
    };
    Some((q, up))
}

/// `floor(log10(2^b))`.
fn floor_log10_pow2(b: i32) -> i32 {
    (b * 78913) >> 18
}

/// Rounds `a` (finite, positive) to `n` significant digits: fills `digits`
/// and returns the decimal exponent of the first digit.
fn sig_digits(a: f64, n: usize, digits: &mut Digits) -> i32 {
    if a == 0.0 {
        if n <= 20 {
            digits.set_u64(0, n);
        } else {
            digits.heap.clear();
            digits.heap.resize(n, b'0');
        }
        return 0;
    }
    if n <= 19 {
        let (m, e) = decompose(a);
        let b = e + (64 - m.leading_zeros() as i32) - 1;
        let mut est = floor_log10_pow2(b);
        for _ in 0..3 {
            let Some((q, up)) = scale_round(m, e, n as i32 - 1 - est) else {
                break;
            };
            if q >= POW10[n] {
                est += 1;
                continue;
            }
            if q < POW10[n - 1] {
                est -= 1;
                continue;
            }
            let mut d = q + up as u128;
            let mut x = est;
            if d == POW10[n] {
                d = POW10[n - 1];
                x += 1;
            }
            digits.set_u64(d as u64, n);
            return x;
        }
    }
    // The standard library's exact formatting: `d.ddde±x`.
    let s = format!("{:.*e}", n - 1, a);
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    digits.heap.clear();
    digits
        .heap
        .extend(mant.bytes().filter(|c| c.is_ascii_digit()));
    if digits.heap.len() <= 20 && n <= 20 {
        let len = digits.heap.len();
        digits.stack[..len].copy_from_slice(&digits.heap);
        digits.len = len;
        digits.heap.clear();
    }
    exp.parse().unwrap_or(0)
}

fn push_exponent(out: &mut String, x: i32, upper: bool) {
    out.push(if upper { 'E' } else { 'e' });
    out.push(if x < 0 { '-' } else { '+' });
    let x = x.unsigned_abs() as usize;
    if x >= 100 {
        out.push((b'0' + (x / 100 % 10) as u8) as char);
    }
    let d = x % 100;
    push_ascii(out, &DIGIT_PAIRS[2 * d..2 * d + 2]);
}

fn push_ascii(out: &mut String, bytes: &[u8]) {
    // Digits are ASCII.
    out.push_str(std::str::from_utf8(bytes).unwrap_or_default());
}

/// A short ASCII text built on the stack, pushed to a `String` at once.
struct Ascii {
    buf: [u8; 48],
    len: usize,
}

impl Ascii {
    fn new() -> Ascii {
        Ascii {
            buf: [0; 48],
            len: 0,
        }
    }

    fn push(&mut self, c: u8) {
        self.buf[self.len] = c;
        self.len += 1;
    }

    fn extend(&mut self, s: &[u8]) {
        self.buf[self.len..self.len + s.len()].copy_from_slice(s);
        self.len += s.len();
    }

    fn exponent(&mut self, x: i32, upper: bool) {
        self.push(if upper { b'E' } else { b'e' });
        self.push(if x < 0 { b'-' } else { b'+' });
        let x = x.unsigned_abs() as usize;
        if x >= 100 {
            self.push(b'0' + (x / 100 % 10) as u8);
        }
        let d = x % 100;
        self.extend(&DIGIT_PAIRS[2 * d..2 * d + 2]);
    }

    fn write_to(&self, out: &mut String) {
        push_ascii(out, &self.buf[..self.len]);
    }
}

fn write_exp(out: &mut String, a: f64, prec: usize, alt: bool, upper: bool) {
    let mut d = Digits::new();
    let x = sig_digits(a, prec + 1, &mut d);
    let digits = d.bytes();
    if digits.len() + 8 <= 48 {
        let mut b = Ascii::new();
        b.push(digits[0]);
        if prec > 0 || alt {
            b.push(b'.');
        }
        b.extend(&digits[1..]);
        b.exponent(x, upper);
        b.write_to(out);
        return;
    }
    push_ascii(out, &digits[..1]);
    if prec > 0 || alt {
        out.push('.');
    }
    push_ascii(out, &digits[1..]);
    push_exponent(out, x, upper);
}

fn write_fixed(out: &mut String, a: f64, prec: usize, alt: bool) {
    let exact = if a == 0.0 {
        Some((0, false))
    } else {
        let (m, e) = decompose(a);
        scale_round(m, e, prec as i32)
    };
    match exact {
        Some((q, up)) if prec <= 38 => {
            let d = q + up as u128;
            // At least prec + 1 digits: the integer part is never empty.
            let mut buf = [0u8; 40];
            let mut i = buf.len();
            let mut n = d;
            // 128-bit division is slow: peel 19 digits at a time down to
            // 64 bits.
            while n > u64::MAX as u128 {
                let mut low = (n % POW10[19]) as u64;
                n /= POW10[19];
                for _ in 0..19 {
                    i -= 1;
                    buf[i] = b'0' + (low % 10) as u8;
                    low /= 10;
                }
            }
            let mut n = n as u64;
            while n >= 100 {
                let p = (n % 100) as usize;
                n /= 100;
                i -= 2;
                buf[i..i + 2].copy_from_slice(&DIGIT_PAIRS[2 * p..2 * p + 2]);
            }
            while n > 0 || buf.len() - i < prec + 1 {
                i -= 1;
                buf[i] = b'0' + (n % 10) as u8;
                n /= 10;
            }
            let digits = &buf[i..];
            let int_len = digits.len() - prec;
            if digits.len() < 48 {
                let mut b = Ascii::new();
                b.extend(&digits[..int_len]);
                if prec > 0 || alt {
                    b.push(b'.');
                }
                b.extend(&digits[int_len..]);
                b.write_to(out);
                return;
            }
            push_ascii(out, &digits[..int_len]);
            if prec > 0 || alt {
                out.push('.');
            }
            push_ascii(out, &digits[int_len..]);
        }
        _ => {
            let _ = write!(out, "{a:.prec$}");
            if prec == 0 && alt {
                out.push('.');
            }
        }
    }
}

fn write_general(out: &mut String, a: f64, prec: usize, alt: bool, upper: bool) {
    let p = prec.max(1);
    let mut d = Digits::new();
    let x = sig_digits(a, p, &mut d);
    let digits = d.bytes();
    let keep = |frac: &[u8]| -> usize {
        if alt {
            frac.len()
        } else {
            frac.iter().rposition(|&c| c != b'0').map_or(0, |i| i + 1)
        }
    };
    if x >= -4 && (x as i64) < p as i64 {
        if x >= 0 {
            let int_len = x as usize + 1;
            push_ascii(out, &digits[..int_len]);
            let frac = &digits[int_len..];
            let k = keep(frac);
            if k > 0 || alt {
                out.push('.');
            }
            push_ascii(out, &frac[..k]);
        } else {
            // 0.000ddd: every significant digit is after the point, and the
            // first is not zero.
            out.push_str("0.");
            push_repeat(out, '0', (-x - 1) as usize);
            let k = keep(digits);
            push_ascii(out, &digits[..k]);
        }
    } else {
        push_ascii(out, &digits[..1]);
        let frac = &digits[1..];
        let k = keep(frac);
        if k > 0 || alt {
            out.push('.');
        }
        push_ascii(out, &frac[..k]);
        push_exponent(out, x, upper);
    }
}

// ---------------------------------------------------------------------
// %s and %r: Python's str and repr of NumPy scalars.

/// NumPy's `str` of a float scalar of this width (see
/// [`npy_format::internal::push_float_str`]).
fn write_np_float(out: &mut String, v: f64, width: FloatWidth) {
    match width {
        FloatWidth::Long(raw) => out.push_str(&crate::longdouble::x87_str(&raw)),
        _ => npy_format::internal::push_float_str(out, v, width.itemsize()),
    }
}

/// `%s` and `%r` of a complex long double, which NumPy prints with each
/// part's long double digits.
fn long_complex(spec: &Spec) -> Error {
    Error::format(
        spec.to_string(),
        "%s and %r of a clongdouble value are not supported (%e, %f and %g are)",
    )
}

fn write_str(out: &mut String, spec: &Spec, arg: Arg<'_>) -> Result<()> {
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

fn write_repr(out: &mut String, spec: &Spec, arg: Arg<'_>) -> Result<()> {
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
            let _ = write!(out, "np.longdouble('{}')", crate::longdouble::x87_str(&raw));
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

fn escape_char(out: &mut String, c: char) {
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
fn ascii_escape(out: &mut String, start: usize) {
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

fn write_datetime(
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

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(f: &str, v: Value) -> String {
        let Piece::Spec(spec) = parse_format(f).unwrap().remove(0) else {
            panic!("not a spec")
        };
        let mut out = String::new();
        format_value(&spec, &v, &mut out).unwrap();
        out
    }

    #[test]
    fn exact_path_agrees_with_std() {
        let vals = [
            0.1,
            1.0,
            2.5,
            0.125,
            1e-13,
            3.0e17,
            1e23,
            123456.789,
            1e21,
            0.5,
            1.5,
            5e-324,
            1.7976931348623157e308,
            0.3,
            2.0f64.powi(60),
            1e-4,
        ];
        for &v in &vals {
            for n in 1..=19 {
                let mut d = Digits::new();
                let x = sig_digits(v, n, &mut d);
                let got = format!("{}e{x}", std::str::from_utf8(d.bytes()).unwrap());
                let s = format!("{:.*e}", n - 1, v);
                let (m, e) = s.split_once('e').unwrap();
                let want = format!("{}e{e}", m.replace('.', ""));
                assert_eq!(got, want, "{v} with {n} digits");
            }
            for p in 0..25 {
                let mut out = String::new();
                write_fixed(&mut out, v, p, false);
                assert_eq!(out, format!("{v:.p$}"), "{v} with .{p}f");
            }
        }
    }

    #[test]
    fn python_forms() {
        assert_eq!(fmt("%.18e", Value::Float(0.1)), "1.000000000000000056e-01");
        assert_eq!(fmt("%g", Value::Float(1e-5)), "1e-05");
        assert_eq!(fmt("%#.0g", Value::Float(255.0)), "3.e+02");
        assert_eq!(fmt("%#08x", Value::Int(-255)), "-0x000ff");
        assert_eq!(fmt("%05.3d", Value::Float(-2.7)), "-0002");
        assert_eq!(fmt("%s", Value::Float32(0.1)), "0.1");
        assert_eq!(fmt("%s", Value::Float(1e16)), "1e+16");
        assert_eq!(
            fmt("%r", Value::Bytes(b"a'b".to_vec())),
            "np.bytes_(b\"a'b\")"
        );
    }
}
