//! Text to values with the rules of the Python functions genfromtxt
//! calls: `bool` as NumPy's `str2bool` (`true`/`false` in any case),
//! Python's `int()`, `float()` and `complex()` (surrounding whitespace,
//! `_` between digits, `inf`/`nan`, `1+j`). ASCII digits only.

use crate::engine::tokenize::is_space;

/// Python's `str.strip()`: Unicode whitespace at both ends.
pub(crate) fn py_strip(text: &str) -> &str {
    let b = text.as_bytes();
    let solid = |c: u8| c > b' ' && c < 0x7f;
    match (b.first(), b.last()) {
        // The common case: nothing to strip.
        (Some(&f), Some(&l)) if solid(f) && solid(l) => text,
        _ => text.trim_matches(is_space),
    }
}

/// NumPy's `str2bool`: `TRUE` or `FALSE` once upper-cased; no stripping.
pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    if text.is_ascii() {
        return if text.eq_ignore_ascii_case("true") {
            Some(true)
        } else if text.eq_ignore_ascii_case("false") {
            Some(false)
        } else {
            None
        };
    }
    // Some non-ASCII letters upper-case to ASCII ones (`ſ` to `S`).
    // Upper-casing never shrinks text below a third of its bytes; longer
    // text cannot become five letters.
    if text.len() > 15 {
        return None;
    }
    match text.to_uppercase().as_str() {
        "TRUE" => Some(true),
        "FALSE" => Some(false),
        _ => None,
    }
}

/// `digit (["_"] digit)*` at the start of `b`, pushing the digits to `out`;
/// the bytes consumed (0 when there is no digit).
fn digitpart(b: &[u8], out: &mut String) -> usize {
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            out.push(b[i] as char);
            i += 1;
        } else if b[i] == b'_' && i > 0 && b.get(i + 1).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// An optional sign and 1 to 18 ASCII digits, nothing else: the plain
/// integers Python's `int()` reads, in the range where they cannot
/// overflow an `i64`.
#[inline]
pub(crate) fn plain_int(t: &[u8]) -> Option<i64> {
    let (neg, digits) = match t.first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() || digits.len() > 18 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let v = digits
        .iter()
        .fold(0i64, |v, &d| v * 10 + i64::from(d - b'0'));
    Some(if neg { -v } else { v })
}

/// Python's `int()` of stripped text: sign, digits with single `_` between
/// them. `None` when the text is not an integer; `Some(Err(()))` when it is
/// one beyond 128 bits.
pub(crate) fn parse_int(text: &str) -> Option<Result<i128, ()>> {
    let t = py_strip(text).as_bytes();
    // The common case, which cannot overflow.
    if let Some(v) = plain_int(t) {
        return Some(Ok(i128::from(v)));
    }
    let (neg, rest) = match t.first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    if rest.is_empty() || !rest[0].is_ascii_digit() || rest[rest.len() - 1] == b'_' {
        return None;
    }
    let mut v: i128 = 0;
    let mut overflow = false;
    let mut prev_underscore = false;
    for &b in rest {
        if b == b'_' {
            if prev_underscore {
                return None;
            }
            prev_underscore = true;
            continue;
        }
        prev_underscore = false;
        if !b.is_ascii_digit() {
            return None;
        }
        match v
            .checked_mul(10)
            .and_then(|x| x.checked_add((b - b'0') as i128))
        {
            Some(x) => v = x,
            None => overflow = true,
        }
    }
    if overflow {
        return Some(Err(()));
    }
    Some(Ok(if neg { -v } else { v }))
}

/// The longest Python float literal at the start of `b` (no whitespace),
/// as Rust's parser accepts it (underscores dropped), and its length.
fn float_prefix(b: &[u8]) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut i = 0;
    if let Some(&s) = b.first()
        && (s == b'+' || s == b'-')
    {
        out.push(s as char);
        i = 1;
    }
    // Special names, longest first.
    for name in ["infinity", "inf", "nan"] {
        let n = name.len();
        if b.len() >= i + n && b[i..i + n].eq_ignore_ascii_case(name.as_bytes()) {
            out.push_str(name);
            return Some((out, i + n));
        }
    }
    let int_len = digitpart(&b[i..], &mut out);
    i += int_len;
    if b.get(i) == Some(&b'.') {
        out.push('.');
        let frac_len = digitpart(&b[i + 1..], &mut out);
        if int_len == 0 && frac_len == 0 {
            return None;
        }
        i += 1 + frac_len;
    } else if int_len == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        let mut exp = String::from("e");
        if let Some(&s) = b.get(j)
            && (s == b'+' || s == b'-')
        {
            exp.push(s as char);
            j += 1;
        }
        let n = digitpart(&b[j..], &mut exp);
        if n > 0 {
            out.push_str(&exp);
            i = j + n;
        }
    }
    Some((out, i))
}

/// Python's `float()`: stripped text that is wholly one float literal.
pub(crate) fn parse_float(text: &str) -> Option<f64> {
    let s = py_strip(text);
    // Without underscores Python's grammar is Rust's: optional sign,
    // digits with an optional point and exponent, or inf, infinity, nan in
    // any case. Rust's has no underscore, so text it reads has none.
    if let Some(v) = crate::engine::values::parse_f64(s) {
        return Some(v);
    }
    if !s.contains('_') {
        return None;
    }
    let t = s.as_bytes();
    let (lit, used) = float_prefix(t)?;
    if used != t.len() {
        return None;
    }
    lit.parse::<f64>().ok()
}

/// Python's `complex()`: `a`, `bj`, `a+bj`, `a-bj`, `j`, `-j`, `a+j`,
/// optionally in parentheses, whitespace allowed around the number (also
/// inside the parentheses) but not within it.
pub(crate) fn parse_complex(text: &str) -> Option<(f64, f64)> {
    let mut t = py_strip(text);
    if let Some(inner) = t.strip_prefix('(') {
        t = py_strip(inner.strip_suffix(')')?);
    }
    let b = t.as_bytes();
    if b.is_empty() {
        return None;
    }
    let is_j = |i: usize| matches!(b.get(i), Some(b'j' | b'J'));
    let num = |lit: &str| lit.parse::<f64>().ok();
    match float_prefix(b) {
        Some((lit, n)) => {
            let x = num(&lit)?;
            if n == b.len() {
                return Some((x, 0.0));
            }
            if is_j(n) && n + 1 == b.len() {
                return Some((0.0, x));
            }
            let sign = match b[n] {
                b'+' => 1.0,
                b'-' => -1.0,
                _ => return None,
            };
            // An imaginary part follows: a number without its own sign,
            // or nothing (`1+j`).
            let rest = &b[n + 1..];
            if rest.first().is_some_and(|c| *c == b'+' || *c == b'-') {
                return None;
            }
            let (y, m) = match float_prefix(rest) {
                Some((lit, m)) => (num(&lit)?, m),
                None => (1.0, 0),
            };
            (is_j(n + 1 + m) && n + 2 + m == b.len()).then_some((x, sign * y))
        }
        None => {
            // `j`, `+j`, `-j`.
            let (sign, i) = match b[0] {
                b'+' => (1.0, 1),
                b'-' => (-1.0, 1),
                _ => (1.0, 0),
            };
            (is_j(i) && i + 1 == b.len()).then_some((0.0, sign))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_literals() {
        assert_eq!(parse_bool("tRuE"), Some(true));
        assert_eq!(parse_bool(" true"), None);
        assert_eq!(parse_bool("1"), None);
        assert_eq!(parse_int(" -1_000 "), Some(Ok(-1000)));
        for bad in ["1__0", "_1", "1_", "1.0", "", "+", "0x1"] {
            assert_eq!(parse_int(bad), None, "{bad}");
        }
        assert_eq!(parse_int("1".repeat(50).as_str()), Some(Err(())));
        assert_eq!(parse_float("1_0.2_5e1_0"), Some(10.25e10));
        assert_eq!(parse_float(" -Infinity\t"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_float("1."), Some(1.0));
        assert_eq!(parse_float(".5e-1"), Some(0.05));
        for bad in [".", "1e", "e5", "1d3", "0x1p3", "1 2", "nanx", "--1"] {
            assert_eq!(parse_float(bad), None, "{bad}");
        }
        assert_eq!(parse_complex("j"), Some((0.0, 1.0)));
        assert_eq!(parse_complex("-J"), Some((0.0, -1.0)));
        assert_eq!(parse_complex("1+j"), Some((1.0, 1.0)));
        assert_eq!(parse_complex(" ( 1-2.5j ) "), Some((1.0, -2.5)));
        assert_eq!(parse_complex("1e3-1e-3j"), Some((1e3, -1e-3)));
        assert_eq!(parse_complex("inf+nanj").map(|c| c.0), Some(f64::INFINITY));
        assert_eq!(parse_complex("4"), Some((4.0, 0.0)));
        for bad in ["1 + 2j", "1+-2j", "(1+2j", "1+2", "jj", "", "()"] {
            assert_eq!(parse_complex(bad), None, "{bad}");
        }
    }
}
