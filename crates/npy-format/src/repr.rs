//! Python's and NumPy's text for values, in one place: the `repr` of the
//! strings and tuples a header holds (so that npio's headers are
//! byte-identical to NumPy's), and `str` of NumPy's scalars (floats,
//! complex numbers, bytes, datetimes, timedeltas) as `Value`'s `Display`,
//! savetxt's `%s`/`%r` and the `npio` command print them.

use crate::dtype::{NAT, TimeUnit};
use std::fmt::Write;

/// Appends NumPy's `str` of a float scalar whose type is `itemsize`
/// bytes wide (2, 4 or 8): the shortest digits that read back as the same
/// value of that type (ties to the even digit, as Python), positional
/// from 1e-4 up to the type's limit (1e3, 1e6, 1e16) with `.0` on whole
/// numbers, scientific otherwise (`1e+16`, `1e-05`); `nan`, `inf`, `-0.0`.
/// For float64 this is Python's `repr(float)`.
///
/// # Example
///
/// ```
/// let s = |v: f64, size| {
///     let mut out = String::new();
///     npy_format::internal::push_float_str(&mut out, v, size);
///     out
/// };
/// assert_eq!(s(1.0, 8), "1.0");
/// assert_eq!(s(1e16, 8), "1e+16");
/// assert_eq!(s(1e-5, 8), "1e-05");
/// assert_eq!(s(0.1f32 as f64, 4), "0.1");
/// assert_eq!(s(-0.0, 8), "-0.0");
/// ```
pub fn push_float_str(out: &mut String, v: f64, itemsize: usize) {
    push_float(out, v, itemsize, true, false);
}

/// [`push_float_str`] with the choices complex parts need: `.0` kept on
/// whole numbers or not, and a `+` on non-negative values or not.
pub(crate) fn push_float(out: &mut String, v: f64, itemsize: usize, one_zero: bool, plus: bool) {
    if v.is_nan() {
        out.push_str(if plus { "+nan" } else { "nan" });
        return;
    }
    if v.is_sign_negative() {
        out.push('-');
    } else if plus {
        out.push('+');
    }
    if v.is_infinite() {
        out.push_str("inf");
        return;
    }
    let a = v.abs();
    let (digits, x) = if a == 0.0 {
        (String::from("0"), 0)
    } else {
        shortest_digits(a, itemsize)
    };
    let max_positional = match itemsize {
        2 => 1e3,
        4 => 1e6,
        _ => 1e16,
    };
    let positional = a == 0.0 || (1e-4..max_positional).contains(&a);
    push_float_digits(out, &digits, i64::from(x), positional, one_zero);
}

/// Lays out a float's significant `digits` (no sign, the first at decimal
/// exponent `x`) as NumPy's `str` does: positional (`.0` added to whole
/// numbers when `one_zero`) or scientific with a two-digit exponent at
/// least (`1e+16`, `1.5e-05`). For digits npio computes itself, such as a
/// long double's.
///
/// # Example
///
/// ```
/// let mut out = String::new();
/// npy_format::internal::push_float_digits(&mut out, "15", -5, false, true);
/// out.push(' ');
/// npy_format::internal::push_float_digits(&mut out, "3", 0, true, true);
/// assert_eq!(out, "1.5e-05 3.0");
/// ```
pub fn push_float_digits(out: &mut String, digits: &str, x: i64, positional: bool, one_zero: bool) {
    if positional {
        if x >= 0 {
            let int_len = x as usize + 1;
            if digits.len() <= int_len {
                out.push_str(digits);
                out.extend(std::iter::repeat_n('0', int_len - digits.len()));
                if one_zero {
                    out.push_str(".0");
                }
            } else {
                out.push_str(&digits[..int_len]);
                out.push('.');
                out.push_str(&digits[int_len..]);
            }
        } else {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (-x - 1) as usize));
            out.push_str(digits);
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let _ = write!(
            out,
            "e{}{:02}",
            if x < 0 { '-' } else { '+' },
            x.unsigned_abs()
        );
    }
}

/// The shortest significant digits of `a` (finite, positive) that read
/// back as the same value of its type, and the decimal exponent of the
/// first. When two texts of that length read back and are equally close,
/// Python and NumPy take the even digit: the correctly rounded text of
/// that length (the standard library rounds exactly, ties to even) wins
/// whenever it reads back.
fn shortest_digits(a: f64, itemsize: usize) -> (String, i32) {
    let reads_back = |text: &str| {
        match itemsize {
            2 => text
                .parse::<f64>()
                .map(|r| half::f16::from_f64(r) == half::f16::from_f64(a)),
            4 => text.parse::<f32>().map(|r| r == a as f32),
            _ => text.parse::<f64>().map(|r| r == a),
        }
        .unwrap_or(false)
    };
    let shortest = match itemsize {
        2 => (1..=5)
            .map(|n| format!("{:.*e}", n - 1, a))
            .find(|t| reads_back(t))
            .unwrap_or_else(|| format!("{a:e}")),
        4 => format!("{:e}", a as f32),
        _ => format!("{a:e}"),
    };
    let split = |t: &str| -> (String, i32) {
        let (mant, exp) = t.split_once('e').unwrap_or((t, "0"));
        let mut digits: String = mant.chars().filter(char::is_ascii_digit).collect();
        // Trailing zeros are not significant.
        while digits.len() > 1 && digits.ends_with('0') {
            digits.pop();
        }
        (digits, exp.parse().unwrap_or(0))
    };
    let (digits, x) = split(&shortest);
    let rounded = format!("{:.*e}", digits.len() - 1, a);
    let (r_digits, rx) = split(&rounded);
    if (r_digits.as_str(), rx) != (digits.as_str(), x) && reads_back(&rounded) {
        return (r_digits, rx);
    }
    (digits, x)
}

/// Appends NumPy's `str` of a complex scalar whose parts are
/// `itemsize` bytes wide: `2j` when the real part is zero, else
/// `(1+2j)` (parentheses when `parens`), parts without `.0`, `nan`/`inf`
/// as they are.
///
/// # Example
///
/// ```
/// let mut out = String::new();
/// npy_format::internal::push_complex_str(&mut out, 1.0, -2.0, 8, true);
/// out.push(' ');
/// npy_format::internal::push_complex_str(&mut out, 0.0, 1e16, 8, true);
/// assert_eq!(out, "(1-2j) 1e+16j");
/// ```
pub fn push_complex_str(out: &mut String, re: f64, im: f64, itemsize: usize, parens: bool) {
    if re == 0.0 && !re.is_sign_negative() {
        push_float(out, im, itemsize, false, false);
        out.push('j');
        return;
    }
    if parens {
        out.push('(');
    }
    push_float(out, re, itemsize, false, false);
    push_float(out, im, itemsize, false, true);
    out.push('j');
    if parens {
        out.push(')');
    }
}

/// Appends Python's `repr(b)` for `bytes`: `b'...'` (double quotes when
/// the bytes hold `'` and no `"`), `\n`, `\r`, `\t`, `\\` and other
/// bytes outside printable ASCII as `\xNN`.
///
/// # Example
///
/// ```
/// let mut out = String::new();
/// npy_format::internal::push_bytes_repr(&mut out, b"a\n\x00'");
/// assert_eq!(out, r#"b"a\n\x00'""#);
/// ```
pub fn push_bytes_repr(out: &mut String, b: &[u8]) {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    out.push('b');
    out.push(quote);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            _ if c as char == quote => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7e => out.push(c as char),
            _ => {
                let _ = write!(out, "\\x{c:02x}");
            }
        }
    }
    out.push(quote);
}

/// Appends NumPy's `str` of a datetime64 of `value` × `mult` `unit`s:
/// ISO 8601 to the unit's precision (years with at least four digits),
/// `NaT`; a generic unit prints the bare count.
///
/// # Example
///
/// ```
/// use npy_format::TimeUnit;
///
/// let mut out = String::new();
/// npy_format::internal::push_datetime_str(&mut out, 19_753, TimeUnit::Day, 1);
/// out.push(' ');
/// npy_format::internal::push_datetime_str(&mut out, 5, TimeUnit::Nanosecond, 1);
/// assert_eq!(out, "2024-01-31 1970-01-01T00:00:00.000000005");
/// ```
pub fn push_datetime_str(out: &mut String, value: i64, unit: TimeUnit, mult: u32) {
    if value == NAT {
        out.push_str("NaT");
        return;
    }
    let v = value as i128 * mult as i128;
    let (per_day, frac_digits): (i128, usize) = match unit {
        TimeUnit::Year => {
            let _ = write!(out, "{:04}", 1970 + v);
            return;
        }
        TimeUnit::Month => {
            let _ = write!(
                out,
                "{:04}-{:02}",
                1970 + v.div_euclid(12),
                v.rem_euclid(12) + 1
            );
            return;
        }
        TimeUnit::Week | TimeUnit::Day => {
            let days = if unit == TimeUnit::Week { v * 7 } else { v };
            let (y, m, d) = crate::value::civil_from_days(days);
            let _ = write!(out, "{y:04}-{m:02}-{d:02}");
            return;
        }
        TimeUnit::Hour => (24, 0),
        TimeUnit::Minute => (1440, 0),
        TimeUnit::Second => (86_400, 0),
        TimeUnit::Millisecond => (86_400 * 10i128.pow(3), 3),
        TimeUnit::Microsecond => (86_400 * 10i128.pow(6), 6),
        TimeUnit::Nanosecond => (86_400 * 10i128.pow(9), 9),
        TimeUnit::Picosecond => (86_400 * 10i128.pow(12), 12),
        TimeUnit::Femtosecond => (86_400 * 10i128.pow(15), 15),
        TimeUnit::Attosecond => (86_400 * 10i128.pow(18), 18),
        TimeUnit::Generic => {
            let _ = write!(out, "{value}");
            return;
        }
    };
    let (y, m, d) = crate::value::civil_from_days(v.div_euclid(per_day));
    let in_day = v.rem_euclid(per_day);
    let _ = write!(out, "{y:04}-{m:02}-{d:02}T");
    let _ = match unit {
        TimeUnit::Hour => write!(out, "{in_day:02}"),
        TimeUnit::Minute => write!(out, "{:02}:{:02}", in_day / 60, in_day % 60),
        _ => {
            let scale = 10i128.pow(frac_digits as u32);
            let secs = in_day / scale;
            let _ = write!(
                out,
                "{:02}:{:02}:{:02}",
                secs / 3600,
                secs / 60 % 60,
                secs % 60
            );
            if frac_digits > 0 {
                write!(out, ".{:0w$}", in_day % scale, w = frac_digits)
            } else {
                Ok(())
            }
        }
    };
}

/// Appends NumPy's `str` of a timedelta64: `5 seconds`, `1 days`,
/// `3 generic time units`, `NaT`.
///
/// # Example
///
/// ```
/// let mut out = String::new();
/// npy_format::internal::push_timedelta_str(&mut out, 5, npy_format::TimeUnit::Second, 1);
/// assert_eq!(out, "5 seconds");
/// ```
pub fn push_timedelta_str(out: &mut String, value: i64, unit: TimeUnit, mult: u32) {
    if value == NAT {
        out.push_str("NaT");
        return;
    }
    let v = value as i128 * mult as i128;
    let name = match unit {
        TimeUnit::Year => "years",
        TimeUnit::Month => "months",
        TimeUnit::Week => "weeks",
        TimeUnit::Day => "days",
        TimeUnit::Hour => "hours",
        TimeUnit::Minute => "minutes",
        TimeUnit::Second => "seconds",
        TimeUnit::Millisecond => "milliseconds",
        TimeUnit::Microsecond => "microseconds",
        TimeUnit::Nanosecond => "nanoseconds",
        TimeUnit::Picosecond => "picoseconds",
        TimeUnit::Femtosecond => "femtoseconds",
        TimeUnit::Attosecond => "attoseconds",
        TimeUnit::Generic => "generic time units",
    };
    let _ = write!(out, "{v} {name}");
}

/// Appends Python's `repr(s)` for a `str`, as NumPy writes field names
/// in headers (and `%r` formats text).
///
/// Single quotes unless the text contains `'` and no `"`; backslash, the
/// chosen quote, `\n`, `\r`, `\t` escaped; other non-printable characters as
/// `\xNN`, `\uNNNN` or `\UNNNNNNNN`; printable non-ASCII written as is.
///
/// # Example
///
/// ```
/// let mut out = String::new();
/// npy_format::internal::push_python_str_repr(&mut out, "it's\n");
/// assert_eq!(out, "\"it's\\n\"");
/// ```
pub fn push_python_str_repr(out: &mut String, s: &str) {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c => {
                let code = c as u32;
                // Writing to a String cannot fail.
                let _ = if code < 0x100 {
                    write!(out, "\\x{code:02x}")
                } else if code < 0x10000 {
                    write!(out, "\\u{code:04x}")
                } else {
                    write!(out, "\\U{code:08x}")
                };
            }
        }
    }
    out.push(quote);
}

/// Appends NumPy's `str` of a small array (as `str(ndarray)` prints a
/// subarray field): elements in brackets separated by spaces, rows of a
/// 2-D array on lines of their own; integers and bools right-aligned to
/// the widest, floats as NumPy's default print options lay them out
/// (positional with up to 8 decimals, aligned on the point, or scientific
/// when the largest is 1e8 or more, the smallest non-zero under 1e-4, or
/// their ratio above 1000), strings and bytes in repr. Values of other
/// kinds print as their `Display`.
///
/// # Example
///
/// ```
/// use npy_format::Value;
///
/// let mut out = String::new();
/// npy_format::internal::push_array_str(&mut out, &[2], &[Value::Float(1.0), Value::Float(2.5)]);
/// out.push(' ');
/// npy_format::internal::push_array_str(&mut out, &[3], &[Value::Int(1), Value::Int(10), Value::Int(-5)]);
/// assert_eq!(out, "[1.  2.5] [ 1 10 -5]");
/// ```
pub fn push_array_str(out: &mut String, shape: &[usize], values: &[crate::Value]) {
    let cells = array_cells(values);
    push_cells(out, shape, &cells, 1);
}

/// Each element's text, padded as NumPy pads a column of them.
fn array_cells(values: &[crate::Value]) -> Vec<String> {
    use crate::Value;
    let floats: Option<Vec<(f64, usize)>> = values
        .iter()
        .map(|v| match v {
            Value::Float(x) => Some((*x, 8)),
            Value::Float32(x) => Some((f64::from(*x), 4)),
            _ => None,
        })
        .collect();
    if let Some(floats) = floats.filter(|f| !f.is_empty()) {
        return float_cells(&floats);
    }
    let mut cells: Vec<String> = values
        .iter()
        .map(|v| match v {
            Value::Str(s) => {
                let mut t = String::new();
                push_python_str_repr(&mut t, s);
                t
            }
            other => other.to_string(),
        })
        .collect();
    let numeric = values
        .iter()
        .all(|v| matches!(v, Value::Int(_) | Value::UInt(_) | Value::Bool(_)));
    if numeric {
        // NumPy always gives `True` the room of `False`.
        let bools = values.iter().any(|v| matches!(v, Value::Bool(_)));
        let widest = cells.iter().map(String::len).max().unwrap_or(0);
        let width = if bools { widest.max(5) } else { widest };
        for c in &mut cells {
            *c = format!("{c:>width$}");
        }
    }
    cells
}

/// NumPy's float layout for the elements of one array.
// Long on purpose: NumPy's float array formatting decides positional or
// scientific, precision and padding together from the whole column; the steps
// share their state.
fn float_cells(values: &[(f64, usize)]) -> Vec<String> {
    let finite: Vec<f64> = values
        .iter()
        .map(|v| v.0.abs())
        .filter(|a| a.is_finite() && *a != 0.0)
        .collect();
    let (lo, hi) = finite.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), &a| {
        (lo.min(a), hi.max(a))
    });
    let scientific = !finite.is_empty() && (hi >= 1e8 || lo < 1e-4 || hi / lo > 1e3);
    // Each finite value's shortest text, at most 8 decimals (positional)
    // or 8 mantissa decimals (scientific): (sign and integer part,
    // fraction digits, exponent).
    let parts: Vec<Option<(String, String, i32)>> = values
        .iter()
        .map(|&(v, size)| {
            if !v.is_finite() {
                return None;
            }
            let (digits, x) = if v == 0.0 {
                ("0".to_string(), 0)
            } else {
                shortest_digits(v.abs(), size)
            };
            let sign = if v.is_sign_negative() { "-" } else { "" };
            Some(if scientific {
                let mut frac = digits[1..].to_string();
                let mut x = x;
                let mut lead = digits[..1].to_string();
                if frac.len() > 8 {
                    let t = format!("{:.8e}", v.abs());
                    let (m, e) = t.split_once('e').unwrap_or((&t, "0"));
                    lead = m[..1].to_string();
                    frac = m.get(2..).unwrap_or("").trim_end_matches('0').to_string();
                    x = e.parse().unwrap_or(x);
                }
                (format!("{sign}{lead}"), frac, x)
            } else {
                let mut text = String::new();
                push_float(&mut text, v.abs(), size, false, false);
                if text.contains('e') || text.split('.').nth(1).is_some_and(|f| f.len() > 8) {
                    text = format!("{:.8}", v.abs());
                }
                let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
                (
                    format!("{sign}{int}"),
                    frac.trim_end_matches('0').to_string(),
                    0,
                )
            })
        })
        .collect();
    let pad_left = parts.iter().flatten().map(|p| p.0.len()).max().unwrap_or(0);
    let precision = parts.iter().flatten().map(|p| p.1.len()).max().unwrap_or(0);
    let exp_digits = parts
        .iter()
        .flatten()
        .map(|p| p.2.unsigned_abs().to_string().len())
        .max()
        .unwrap_or(0)
        .max(2);
    let cells: Vec<String> = parts
        .iter()
        .zip(values)
        .map(|(p, &(v, _))| match p {
            Some((int, frac, x)) if scientific => {
                let sign = if *x < 0 { '-' } else { '+' };
                format!(
                    "{int:>pad_left$}.{frac:0<precision$}e{sign}{:0>exp_digits$}",
                    x.unsigned_abs()
                )
            }
            Some((int, frac, _)) => format!("{int:>pad_left$}.{frac:<precision$}"),
            None => String::from(if v.is_nan() {
                "nan"
            } else if v > 0.0 {
                "inf"
            } else {
                "-inf"
            }),
        })
        .collect();
    let width = cells.iter().map(String::len).max().unwrap_or(0);
    cells.into_iter().map(|c| format!("{c:>width$}")).collect()
}

/// Lays out cells in brackets, one line per row of a 2-D array (later
/// lines indented by the depth).
fn push_cells(out: &mut String, shape: &[usize], cells: &[String], depth: usize) {
    let Some((&n, rest)) = shape.split_first() else {
        if let Some(c) = cells.first() {
            out.push_str(c);
        }
        return;
    };
    let inner: usize = rest.iter().product();
    out.push('[');
    for i in 0..n {
        if i > 0 {
            if rest.is_empty() {
                out.push(' ');
            } else {
                out.push('\n');
                out.extend(std::iter::repeat_n(' ', depth));
            }
        }
        let end = ((i + 1) * inner).min(cells.len());
        push_cells(out, rest, &cells[(i * inner).min(end)..end], depth + 1);
    }
    out.push(']');
}

/// Appends Python's repr of a tuple of integers: `()`, `(3,)`, `(2, 3)`,
/// as NumPy prints a shape.
///
/// # Example
///
/// ```
/// let mut out = String::new();
/// npy_format::internal::push_shape_repr(&mut out, &[7]);
/// assert_eq!(out, "(7,)");
/// ```
pub fn push_shape_repr(out: &mut String, shape: &[usize]) {
    out.push('(');
    for (i, d) in shape.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{d}");
    }
    if shape.len() == 1 {
        out.push(',');
    }
    out.push(')');
}

/// Python's `str.isprintable` for one character.
///
/// Non-printable are the control characters, separators other than the
/// ASCII space, format characters, private-use characters and the
/// noncharacters (`U+FFFE`, `U+FFFF` of every plane). Other unassigned
/// code points count as printable (the standard library carries no
/// Unicode category table; Python escapes them).
fn is_printable(c: char) -> bool {
    let u = c as u32;
    if u < 0x7f {
        return u >= 0x20;
    }
    !(c.is_control()
        || matches!(u,
            0xa0 | 0xad | 0x600..=0x605 | 0x61c | 0x6dd | 0x70f | 0x890..=0x891 | 0x8e2
            | 0x1680 | 0x180e | 0x2000..=0x200f | 0x2028..=0x202f | 0x205f..=0x2064
            | 0x2066..=0x206f | 0x3000 | 0xe000..=0xf8ff | 0xfeff | 0xfff9..=0xfffb
            | 0x110bd | 0x110cd | 0x13430..=0x1343f | 0x1bca0..=0x1bca3
            | 0x1d173..=0x1d17a | 0xe0001 | 0xe0020..=0xe007f | 0xf0000..)
        || (u & 0xfffe) == 0xfffe)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> String {
        let mut out = String::new();
        push_python_str_repr(&mut out, s);
        out
    }

    #[test]
    fn quotes_like_python() {
        assert_eq!(r("abc"), "'abc'");
        assert_eq!(r("it's"), "\"it's\"");
        assert_eq!(r("say \"hi\""), "'say \"hi\"'");
        assert_eq!(r("both ' and \""), "'both \\' and \"'");
        assert_eq!(r("a\\b\n\t\r"), "'a\\\\b\\n\\t\\r'");
        assert_eq!(r("\x00\x7f\u{a0}é€😀"), "'\\x00\\x7f\\xa0é€😀'");
        assert_eq!(r("\u{200b}\u{e000}"), "'\\u200b\\ue000'");
    }

    #[test]
    fn shapes_like_python() {
        let s = |sh: &[usize]| {
            let mut out = String::new();
            push_shape_repr(&mut out, sh);
            out
        };
        assert_eq!(s(&[]), "()");
        assert_eq!(s(&[3]), "(3,)");
        assert_eq!(s(&[2, 3, 4]), "(2, 3, 4)");
    }
}
