//! Converting one field's text into one element's bytes, with NumPy's
//! loadtxt rules: strict integers with per-width overflow checks,
//! correctly rounded floats (`nan`, `inf`, `infinity` in any case),
//! complex `a+bj` forms, bools as integers, latin1 bytes and UCS-4 text.

use npy_format::half::f16;
use npy_format::{ByteOrder, DType, Scalar, ScalarKind};

/// What one column becomes: a scalar of the output dtype and where it goes
/// in the element (records place one leaf per column).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Leaf {
    pub scalar: Scalar,
    pub offset: usize,
}

/// The leaves of a dtype in column order: one for a scalar dtype (every
/// column uses it), one per scalar of a record with nested records and
/// subarrays flattened, as NumPy's loadtxt reads structured rows.
pub(crate) fn leaves(dtype: &DType) -> Vec<Leaf> {
    fn walk(dtype: &DType, base: usize, out: &mut Vec<Leaf>) {
        match dtype {
            DType::Scalar(s) => out.push(Leaf {
                scalar: *s,
                offset: base,
            }),
            DType::Record(r) => {
                for f in r.fields() {
                    let count: usize = f.shape.iter().product();
                    let size = f.dtype.itemsize();
                    for k in 0..count {
                        walk(&f.dtype, base + f.offset + k * size, out);
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(dtype, 0, &mut out);
    out
}

/// The NumPy name of a scalar type, for error messages (`float64`).
pub(crate) fn type_name(s: &Scalar) -> String {
    match s.kind() {
        ScalarKind::Bool => "bool".into(),
        ScalarKind::Int(n) => format!("int{}", n * 8),
        ScalarKind::UInt(n) => format!("uint{}", n * 8),
        ScalarKind::Float(n) => format!("float{}", n * 8),
        ScalarKind::Complex(n) => format!("complex{}", n * 8),
        ScalarKind::Bytes(n) => format!("bytes{}", n * 8),
        ScalarKind::Unicode(n) => format!("str{}", n * 32),
        ScalarKind::DateTime(..) | ScalarKind::TimeDelta(..) => {
            let ts = DType::Scalar(*s).type_str().unwrap_or_default();
            let ts = ts.trim_start_matches(['<', '>', '|']);
            let (kind, unit) = ts.split_at(2);
            format!(
                "{}{}",
                if kind == "M8" {
                    "datetime64"
                } else {
                    "timedelta64"
                },
                unit
            )
        }
        _ => DType::Scalar(*s).descr_repr(),
    }
}

/// Whether loadtxt can convert text to this scalar.
pub(crate) fn supported(s: &Scalar) -> bool {
    matches!(
        s.kind(),
        ScalarKind::Bool
            | ScalarKind::Int(_)
            | ScalarKind::UInt(_)
            | ScalarKind::Float(2 | 4 | 8 | 16)
            | ScalarKind::Complex(8 | 16 | 32)
            | ScalarKind::Bytes(_)
            | ScalarKind::Unicode(_)
    ) || matches!(
        s.kind(),
        ScalarKind::DateTime(..) | ScalarKind::TimeDelta(..)
    )
}

fn put(out: &mut [u8], bytes: &[u8], order: ByteOrder) {
    out[..bytes.len()].copy_from_slice(bytes);
    if order == ByteOrder::Big {
        out[..bytes.len()].reverse();
    }
}

/// A strict integer: optional surrounding whitespace and sign, ASCII
/// digits only. `None` on anything else or beyond 64 bits of magnitude.
pub(crate) fn parse_int(text: &str) -> Option<i128> {
    let t = text.trim().as_bytes();
    let (neg, digits) = match t.first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() {
        return None;
    }
    let mut v: u64 = 0;
    for &b in digits {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v.checked_mul(10)?.checked_add(d as u64)?;
    }
    let v = v as i128;
    Some(if neg { -v } else { v })
}

/// A float as NumPy's parser reads it: surrounding whitespace, sign,
/// `nan`/`inf`/`infinity` in any case, `1.` and `.5`; no hex, no `_`.
pub(crate) fn parse_float(text: &str) -> Option<f64> {
    // The standard library's grammar (correctly rounded) is exactly
    // NumPy's once whitespace is trimmed: decimals, `1.`, `.5`, exponents,
    // and `nan`/`inf`/`infinity` in any case with a sign; it refuses hex,
    // `_` separators, `1d3` and `1,5`, as NumPy does.
    parse_f64(text.trim())
}

/// `text.parse::<f64>()`, faster: fast-float2 reads finite decimals (for
/// which its grammar and its correctly rounded results are the standard
/// parser's); NaN and infinity spellings, and anything it refuses, go to
/// the standard parser.
pub(crate) fn parse_f64(text: &str) -> Option<f64> {
    match fast_float2::parse::<f64, _>(text.as_bytes()) {
        Ok(v) if v.is_finite() => Some(v),
        _ => text.parse().ok(),
    }
}

/// A complex as NumPy's loadtxt reads it: whitespace around it, an
/// optional `(` followed by whitespace, a real part, then `bj` alone, or a
/// `+`/`-` and the imaginary part and `j` (after `+` the part may carry its
/// own sign, as older NumPy savetxt wrote `1+-2j`), then whitespace and the
/// closing `)` when one opened. A real part alone is `a+0j`.
pub(crate) fn parse_complex(text: &str) -> Option<(f64, f64)> {
    let b = text.as_bytes();
    let skip_space = |mut i: usize| {
        while i < b.len() {
            // Whitespace as NumPy's tokenizer counts it, ASCII or not.
            let c = text[i..].chars().next()?;
            if !crate::engine::tokenize::is_space(c) {
                break;
            }
            i += c.len_utf8();
        }
        Some(i)
    };
    let mut i = skip_space(0)?;
    let paren = b.get(i) == Some(&b'(');
    if paren {
        i = skip_space(i + 1)?;
    }
    let n = float_prefix_len(&b[i..])?;
    let mut re = parse_f64(&text[i..i + n])?;
    i += n;
    if i == b.len() {
        return (!paren).then_some((re, 0.0));
    }
    let mut im = 0.0;
    match b[i] {
        b'j' => {
            (re, im) = (0.0, re);
            i += 1;
        }
        sign @ (b'+' | b'-') => {
            // `+` is skipped so that `+-2` reads as `-2`; `-` belongs to
            // the number (so `-+2` does not read).
            let start = if sign == b'+' { i + 1 } else { i };
            let m = float_prefix_len(&b[start..])?;
            im = parse_f64(&text[start..start + m])?;
            i = start + m;
            if b.get(i) != Some(&b'j') {
                return None;
            }
            i += 1;
        }
        _ => {}
    }
    if paren {
        i = skip_space(i)?;
        if b.get(i) != Some(&b')') {
            return None;
        }
        i += 1;
    }
    (skip_space(i)? == b.len()).then_some((re, im))
}

/// The length of the longest float at the start of `b` in the grammar of
/// Python's `PyOS_string_to_double` (no whitespace, no `_`): a sign, then
/// digits with an optional point and exponent, or `inf`, `infinity`,
/// `nan` in any case. `None` when no float starts there.
pub(crate) fn float_prefix_len(b: &[u8]) -> Option<usize> {
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    for name in ["infinity", "inf", "nan"] {
        let end = i + name.len();
        if b.len() >= end && b[i..end].eq_ignore_ascii_case(name.as_bytes()) {
            return Some(end);
        }
    }
    let int = digits(i);
    i += int;
    if b.get(i) == Some(&b'.') {
        let frac = digits(i + 1);
        if int == 0 && frac == 0 {
            return None;
        }
        i += 1 + frac;
    } else if int == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let j = i + 1 + usize::from(matches!(b.get(i + 1), Some(b'+' | b'-')));
        let exp = digits(j);
        if exp > 0 {
            i = j + exp;
        }
    }
    Some(i)
}

/// Converts `text` into `out` (the leaf's bytes). `false` when the text
/// does not convert.
// Long on purpose: one arm per element kind, as a table: each kind's NumPy
// rule sits beside the others', and splitting the match would only scatter it.
pub(crate) fn encode(scalar: &Scalar, text: &str, out: &mut [u8]) -> bool {
    let order = scalar.order();
    match scalar.kind() {
        ScalarKind::Bool => match parse_int(text) {
            Some(v) if (i64::MIN as i128..=u64::MAX as i128).contains(&v) => {
                out[0] = u8::from(v != 0);
                true
            }
            _ => false,
        },
        ScalarKind::Int(n) => {
            let Some(v) = parse_int(text) else {
                return false;
            };
            let bits = n as u32 * 8;
            let (lo, hi) = (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1);
            if v < lo || v > hi {
                return false;
            }
            put(out, &(v as i64).to_le_bytes()[..n], order);
            true
        }
        ScalarKind::UInt(n) => {
            if text.trim().starts_with('-') {
                return false;
            }
            let Some(v) = parse_int(text) else {
                return false;
            };
            let bits = n as u32 * 8;
            if v > ((1u128 << bits) - 1) as i128 {
                return false;
            }
            put(out, &(v as u64).to_le_bytes()[..n], order);
            true
        }
        ScalarKind::Float(8) => match parse_float(text) {
            Some(v) => {
                put(out, &v.to_le_bytes(), order);
                true
            }
            None => false,
        },
        ScalarKind::Float(4) => match parse_float(text) {
            Some(v) => {
                put(out, &(v as f32).to_le_bytes(), order);
                true
            }
            None => false,
        },
        ScalarKind::Float(2) => match parse_float(text) {
            Some(v) => {
                put(out, &f16::from_f64(v).to_le_bytes(), order);
                true
            }
            None => false,
        },
        ScalarKind::Complex(16) => match parse_complex(text) {
            Some((re, im)) => {
                put(&mut out[..8], &re.to_le_bytes(), order);
                put(&mut out[8..], &im.to_le_bytes(), order);
                true
            }
            None => false,
        },
        // Long doubles as NumPy reads them: the real type through the C
        // library's strtold (correctly rounded, hexadecimals too), the
        // complex one through Python's complex() and then widened.
        ScalarKind::Float(16) => match crate::engine::longdouble::parse_x87(text) {
            Some(b) => {
                put(out, &b, order);
                true
            }
            None => false,
        },
        ScalarKind::Complex(32) => match crate::engine::pyparse::parse_complex(text) {
            Some((re, im)) => {
                put(
                    &mut out[..16],
                    &crate::engine::longdouble::f64_to_x87(re),
                    order,
                );
                put(
                    &mut out[16..],
                    &crate::engine::longdouble::f64_to_x87(im),
                    order,
                );
                true
            }
            None => false,
        },
        ScalarKind::Complex(8) => match parse_complex(text) {
            Some((re, im)) => {
                put(&mut out[..4], &(re as f32).to_le_bytes(), order);
                put(&mut out[4..], &(im as f32).to_le_bytes(), order);
                true
            }
            None => false,
        },
        ScalarKind::Bytes(n) => {
            // NumPy encodes text as latin1 for bytes; characters beyond it
            // do not convert.
            let mut k = 0;
            for c in text.chars() {
                let code = c as u32;
                if code > 0xff {
                    return false;
                }
                if k < n {
                    out[k] = code as u8;
                    k += 1;
                }
            }
            true
        }
        ScalarKind::Unicode(n) => {
            for (k, c) in text.chars().take(n).enumerate() {
                let b = (c as u32).to_le_bytes();
                put(&mut out[4 * k..4 * k + 4], &b, order);
            }
            true
        }
        ScalarKind::DateTime(unit, mult) => {
            match crate::engine::datetime::parse_datetime(text, unit, mult) {
                Some(v) => {
                    put(out, &v.to_le_bytes(), order);
                    true
                }
                None => false,
            }
        }
        ScalarKind::TimeDelta(..) => {
            let v = if text.trim().eq_ignore_ascii_case("nat") {
                Some(npy_format::NAT as i128)
            } else {
                parse_int(text)
            };
            match v.and_then(|v| i64::try_from(v).ok()) {
                Some(v) => {
                    put(out, &v.to_le_bytes(), order);
                    true
                }
                None => false,
            }
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(descr: &str) -> Scalar {
        *DType::parse_descr(descr).unwrap().as_scalar().unwrap()
    }

    fn enc(descr: &str, text: &str) -> Option<Vec<u8>> {
        let s = scalar(descr);
        let mut out = vec![0u8; s.kind().itemsize().unwrap()];
        encode(&s, text, &mut out).then_some(out)
    }

    #[test]
    fn integers_are_strict() {
        assert_eq!(enc("'<i2'", " -7 "), Some((-7i16).to_le_bytes().to_vec()));
        assert_eq!(enc("'>i2'", "+258"), Some(258i16.to_be_bytes().to_vec()));
        assert_eq!(enc("'|i1'", "127"), Some(vec![127]));
        for bad in ["128", "1.0", "1e3", "0x10", "1_000", "", "-"] {
            assert_eq!(enc("'|i1'", bad), None, "{bad}");
        }
        assert_eq!(enc("'|u1'", "-0"), None);
        assert_eq!(enc("'<u8'", "18446744073709551615"), Some(vec![0xff; 8]));
        assert_eq!(enc("'<u8'", "18446744073709551616"), None);
        assert_eq!(
            enc("'<i8'", "-9223372036854775808"),
            Some(i64::MIN.to_le_bytes().to_vec())
        );
        assert_eq!(enc("'|b1'", "2"), Some(vec![1]));
        assert_eq!(enc("'|b1'", "True"), None);
    }

    #[test]
    fn floats_and_complex() {
        let f = |t: &str| parse_float(t);
        assert_eq!(f(" .5"), Some(0.5));
        assert_eq!(f("1."), Some(1.0));
        assert_eq!(f("-Infinity"), Some(f64::NEG_INFINITY));
        assert!(f("+NaN").unwrap().is_nan());
        assert_eq!(f("1e400"), Some(f64::INFINITY));
        for bad in ["1_0", "0x1p3", "1d3", "1,5", ""] {
            assert_eq!(f(bad), None, "{bad}");
        }
        let c = |t: &str| parse_complex(t);
        assert_eq!(c("(1+2j)"), Some((1.0, 2.0)));
        assert_eq!(c("-1-1j"), Some((-1.0, -1.0)));
        assert_eq!(c("3j"), Some((0.0, 3.0)));
        assert_eq!(c("4"), Some((4.0, 0.0)));
        assert_eq!(c("1e-3+2E+2j"), Some((1e-3, 2e2)));
        // The forms older NumPy savetxt wrote, and spaces inside brackets.
        assert_eq!(c("7+-5.0j"), Some((7.0, -5.0)));
        assert_eq!(c("(3.25e00+-2.75e+00j)"), Some((3.25, -2.75)));
        for spaced in ["( 4+5j )", "(4+5j )", "( 4+5j)", "(\t4+5j)", " (4+5j) "] {
            assert_eq!(c(spaced), Some((4.0, 5.0)), "{spaced}");
        }
        assert_eq!(c("(3 )"), Some((3.0, 0.0)));
        assert_eq!(c("infinityj"), Some((0.0, f64::INFINITY)));
        let bad = [
            "1+j", "j", "-j", "1 + 2j", "(1+2j", "(1+2j)x", "1+2J", "7-+5j", "+-5j",
        ];
        for bad in bad
            .into_iter()
            .chain(["( 4 +5j)", "1_0+2j", "1e3+-inf j", "3x", ""])
        {
            assert_eq!(c(bad), None, "{bad}");
        }
    }

    #[test]
    fn strings() {
        assert_eq!(enc("'|S2'", "abc"), Some(b"ab".to_vec()));
        assert_eq!(enc("'|S2'", "é"), Some(vec![0xe9, 0]));
        assert_eq!(enc("'|S2'", "€"), None);
        assert_eq!(
            enc("'<U2'", "é€x"),
            Some(
                [0xe9u32, 0x20ac]
                    .iter()
                    .flat_map(|c| c.to_le_bytes())
                    .collect()
            )
        );
    }

    proptest::proptest! {
        /// The faster float parse gives the standard parser's result, or
        /// refuses where it refuses, on decimals in many forms and on
        /// arbitrary text over the float alphabet.
        #[test]
        fn parse_f64_is_the_standard_parse(
            bits in proptest::prelude::any::<u64>(),
            digits in 0usize..25,
            junk in "[-+0-9.eEinfatyINFATY_ x]{0,14}",
        ) {
            let x = f64::from_bits(bits);
            for text in [
                format!("{x:e}"),
                format!("{x:?}"),
                format!("{x:.digits$e}"),
                format!("{:.digits$}", x / 1e10),
                junk.clone(),
            ] {
                let want = text.parse::<f64>().ok().map(f64::to_bits);
                proptest::prop_assert_eq!(parse_f64(&text).map(f64::to_bits), want, "{}", text);
            }
        }
    }
}
