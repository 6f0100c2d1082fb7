//! Long double (`f16`, `c32` on x86-64: x87 80-bit extended precision in
//! 16 bytes) from text, correctly rounded as the C library's `strtold`
//! reads it for NumPy; and back to `f64`, as Python's `%` formatting
//! converts it. Exact arithmetic comes from `num-bigint`.

use num_bigint::BigUint;

/// Significand bits of an x87 extended value (the integer bit included).
const X87_BITS: u32 = 64;
/// Smallest exponent of a normal x87 value.
const X87_EMIN: i64 = -16382;
/// Largest exponent of a finite x87 value.
const X87_EMAX: i64 = 16383;
/// Decimal digits kept: more than any halfway point between two x87
/// values has, so that the rest only tells whether it is zero.
const MAX_DIGITS: usize = 12_000;

/// A binary float's parts: significand, exponent of its lowest bit, sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parsed {
    Finite { neg: bool, mant: u64, exp: i64 },
    Inf { neg: bool },
    Nan { neg: bool },
}

/// The 16 bytes of a little-endian x87 long double read from `text`
/// (surrounding whitespace, a sign, decimals, `0x` hexadecimals with an
/// optional `p` exponent, `inf`, `infinity`, `nan`), `None` when it is not
/// a number. The 6 padding bytes are zero.
pub(crate) fn parse_x87(text: &str) -> Option<[u8; 16]> {
    let p = parse(text.trim(), X87_BITS, X87_EMIN, X87_EMAX)?;
    Some(encode_x87(p))
}

/// `f64` of a little-endian x87 long double, rounded to nearest (ties to
/// even), as a C cast rounds it.
pub(crate) fn x87_to_f64(bytes: &[u8]) -> f64 {
    let mant = u64::from_le_bytes(bytes[..8].try_into().unwrap_or([0; 8]));
    let top = u16::from_le_bytes([bytes[8], bytes[9]]);
    let neg = top & 0x8000 != 0;
    let biased = i64::from(top & 0x7fff);
    let sign = if neg { -1.0 } else { 1.0 };
    if biased == 0x7fff {
        return if mant << 1 == 0 {
            sign * f64::INFINITY
        } else {
            f64::NAN
        };
    }
    if mant == 0 {
        return sign * 0.0;
    }
    // The value is mant × 2^(e - 63), e the unbiased exponent (subnormals
    // and pseudo-denormals at the smallest one).
    let e = biased.max(1) - 16383;
    match round(BigUint::from(mant), e - 63, false, 53, -1022, 1023) {
        Rounded::Finite(m, lowest) => {
            // A normal f64 has its 53rd bit set; a subnormal's lowest bit
            // is 2^-1074 and its exponent field 0.
            let field = if m >> 52 == 1 {
                (lowest + 52 + 1023) as u64
            } else {
                0
            };
            let bits = (u64::from(neg) << 63) | (field << 52) | (m & ((1 << 52) - 1));
            f64::from_bits(bits)
        }
        Rounded::Inf => sign * f64::INFINITY,
    }
}

/// The 16 bytes of `v` widened exactly to a little-endian x87 long double.
pub(crate) fn f64_to_x87(v: f64) -> [u8; 16] {
    let neg = v.is_sign_negative();
    if v.is_nan() {
        return encode_x87(Parsed::Nan { neg });
    }
    if v.is_infinite() {
        return encode_x87(Parsed::Inf { neg });
    }
    let bits = v.to_bits();
    let field = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1 << 52) - 1);
    // v = m × 2^e with m an integer (the implicit bit added to normals).
    let (m, e) = match field {
        0 => (frac, -1074),
        _ => (frac | (1 << 52), field - 1075),
    };
    if m == 0 {
        return encode_x87(Parsed::Finite {
            neg,
            mant: 0,
            exp: 0,
        });
    }
    // Every f64 is a normal x87 value: its leading bit goes to bit 63.
    let shift = m.leading_zeros();
    encode_x87(Parsed::Finite {
        neg,
        mant: m << shift,
        exp: e - i64::from(shift),
    })
}

/// NumPy's `str` of a little-endian x87 long double: the shortest digits
/// that read back as the same value, positional from 1e-4 to 1e16 (with
/// `.0` on whole numbers), scientific otherwise; `nan`, `inf`.
pub(crate) fn x87_str(bytes: &[u8]) -> String {
    let mant = u64::from_le_bytes(bytes[..8].try_into().unwrap_or([0; 8]));
    let top = u16::from_le_bytes([bytes[8], bytes[9]]);
    let mut out = String::new();
    if top & 0x8000 != 0 {
        out.push('-');
    }
    let biased = i64::from(top & 0x7fff);
    if biased == 0x7fff {
        if mant << 1 == 0 {
            out.push_str("inf");
        } else {
            out = "nan".into();
        }
        return out;
    }
    if mant == 0 {
        out.push_str("0.0");
        return out;
    }
    let e = biased.max(1) - 16383 - 63;
    // The exact decimal expansion: digits × 10^(x + 1 - len).
    let (exact, x) = if e >= 0 {
        let s = (BigUint::from(mant) << e as usize).to_string();
        let x = s.len() as i64 - 1;
        (s, x)
    } else {
        let s = (BigUint::from(mant) * BigUint::from(5u8).pow((-e) as u32)).to_string();
        let x = s.len() as i64 - 1 + e;
        (s, x)
    };
    let target = &bytes[..10];
    let (digits, x) = (1..=21)
        .map(|n| round_digits(&exact, x, n))
        .find(|(d, x)| {
            let text = format!("{}.{}e{x}", &d[..1], &d[1..]);
            parse_x87(&text).is_some_and(|b| b[..10] == *target)
        })
        .unwrap_or_else(|| round_digits(&exact, x, 21));
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    // Positional from 1e-4 to 1e16, as NumPy prints a long double.
    npy_format::internal::push_float_digits(&mut out, digits, x, (-4..16).contains(&x), true);
    out
}

/// `exact` (all the significant digits, the first at exponent `x`)
/// rounded to `n` digits, ties to even; the digits and the first's
/// exponent (one more when rounding carries).
fn round_digits(exact: &str, x: i64, n: usize) -> (String, i64) {
    if exact.len() <= n {
        return (exact.to_string(), x);
    }
    let (head, tail) = exact.split_at(n);
    let first = tail.as_bytes()[0];
    let rest_zero = tail[1..].bytes().all(|b| b == b'0');
    let last_odd = head.as_bytes()[n - 1] % 2 == 1;
    let up = first > b'5' || (first == b'5' && (!rest_zero || last_odd));
    if !up {
        return (head.to_string(), x);
    }
    let mut d = head.as_bytes().to_vec();
    let mut i = n;
    while i > 0 {
        i -= 1;
        if d[i] == b'9' {
            d[i] = b'0';
        } else {
            d[i] += 1;
            return (String::from_utf8(d).unwrap_or_default(), x);
        }
    }
    // 99…9 rounded up: 100…0, one place higher.
    d.insert(0, b'1');
    d.pop();
    (String::from_utf8(d).unwrap_or_default(), x + 1)
}

fn encode_x87(p: Parsed) -> [u8; 16] {
    let (neg, exp_field, mant) = match p {
        Parsed::Inf { neg } => (neg, 0x7fff, 1u64 << 63),
        Parsed::Nan { neg } => (neg, 0x7fff, 3u64 << 62),
        Parsed::Finite { neg, mant: 0, .. } => (neg, 0, 0),
        Parsed::Finite { neg, mant, exp } => {
            // exp is the exponent of the lowest bit; a normal value has its
            // integer bit (63) set.
            if mant >> 63 == 1 {
                (neg, (exp + 63 + 16383) as u16, mant)
            } else {
                (neg, 0, mant)
            }
        }
    };
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&mant.to_le_bytes());
    let top = exp_field | if neg { 0x8000 } else { 0 };
    out[8..10].copy_from_slice(&top.to_le_bytes());
    out
}

/// Reads `t` (already trimmed) into a float of `bits` significand bits
/// with exponents from `emin` to `emax`.
fn parse(t: &str, bits: u32, emin: i64, emax: i64) -> Option<Parsed> {
    let (neg, body) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = body.to_ascii_lowercase();
    if lower == "inf" || lower == "infinity" {
        return Some(Parsed::Inf { neg });
    }
    if lower == "nan" {
        return Some(Parsed::Nan { neg });
    }
    let (q, e2, sticky) = match lower.strip_prefix("0x") {
        Some(hex) => hexadecimal(hex)?,
        None => decimal(body, bits, emin, emax)?,
    };
    Some(match round(q, e2, sticky, bits, emin, emax) {
        Rounded::Finite(mant, exp) => Parsed::Finite { neg, mant, exp },
        Rounded::Inf => Parsed::Inf { neg },
    })
}

/// `h[.h][p±d]` (after `0x`): the value as an integer times a power of two.
fn hexadecimal(s: &str) -> Option<(BigUint, i64, bool)> {
    let (mant, exp) = match s.split_once('p') {
        Some((m, e)) => (m, e.parse::<i64>().ok()?.clamp(-100_000, 100_000)),
        None => (s, 0),
    };
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let digits: String = int.chars().chain(frac.chars()).collect();
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) || digits.len() > MAX_DIGITS {
        return None;
    }
    let q = BigUint::parse_bytes(digits.as_bytes(), 16)?;
    Some((q, exp - 4 * frac.len() as i64, false))
}

/// `d[.d][e±d]` (or `.d`): the value as an integer times a power of two
/// with at least `bits + 2` significant bits, and whether a remainder was
/// dropped.
fn decimal(s: &str, bits: u32, emin: i64, emax: i64) -> Option<(BigUint, i64, bool)> {
    let (mant, exp) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], s[i + 1..].parse::<i64>().ok()?),
        None => (s, 0),
    };
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    if (int.is_empty() && frac.is_empty())
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let all: String = int.chars().chain(frac.chars()).collect();
    let trimmed = all.trim_start_matches('0');
    let mut e10 = exp.saturating_sub(frac.len() as i64);
    if trimmed.is_empty() {
        return Some((BigUint::from(0u8), 0, false));
    }
    // Digits past MAX_DIGITS only tell whether the value is above the
    // digits kept: one non-zero digit stands for them all.
    let mut digits = trimmed.to_string();
    if digits.len() > MAX_DIGITS {
        let rest_nonzero = digits[MAX_DIGITS..].bytes().any(|b| b != b'0');
        e10 = e10.saturating_add((digits.len() - MAX_DIGITS - 1) as i64);
        digits.truncate(MAX_DIGITS);
        digits.push(if rest_nonzero { '1' } else { '0' });
    }
    // Far outside the range: no need for exact arithmetic (and none of
    // the cost of a huge power of ten).
    let magnitude = e10.saturating_add(digits.len() as i64);
    let decimal_limit = (emax as f64 * std::f64::consts::LOG10_2) as i64 + 2;
    let tiny_limit = ((emin - i64::from(bits)) as f64 * std::f64::consts::LOG10_2) as i64 - 2;
    if magnitude > decimal_limit {
        return Some((BigUint::from(1u8), emax + 1, false));
    }
    if magnitude < tiny_limit {
        // Below half the smallest subnormal: zero.
        return Some((BigUint::from(1u8), emin - i64::from(bits) - 2, false));
    }
    let d = BigUint::parse_bytes(digits.as_bytes(), 10)?;
    if e10 >= 0 {
        return Some((d * BigUint::from(10u8).pow(e10 as u32), 0, false));
    }
    let p = BigUint::from(10u8).pow((-e10) as u32);
    // Enough quotient bits for the significand, a rounding bit and more.
    let shift = (i64::from(bits) + 3 + p.bits() as i64 - d.bits() as i64).max(0) as usize;
    let n = d << shift;
    let q = &n / &p;
    let sticky = &q * &p != n;
    Some((q, -(shift as i64), sticky))
}

enum Rounded {
    /// Significand and the exponent of its lowest bit.
    Finite(u64, i64),
    Inf,
}

/// Rounds `q × 2^e2` (plus a bit more when `sticky`) to `bits` significand
/// bits, to nearest with ties to even, subnormal below `emin`.
fn round(q: BigUint, e2: i64, sticky: bool, bits: u32, emin: i64, emax: i64) -> Rounded {
    let len = q.bits() as i64;
    if len == 0 {
        return Rounded::Finite(0, emin - i64::from(bits) + 1);
    }
    // Exponent of the leading bit; precision left for a subnormal.
    let lead = len - 1 + e2;
    let lowest_allowed = emin - i64::from(bits) + 1;
    let lowest = (lead - i64::from(bits) + 1).max(lowest_allowed);
    let drop = lowest - e2;
    let (mut m, half, rest) = if drop <= 0 {
        ((q << (-drop) as usize), false, false)
    } else {
        let d = drop as u64;
        let kept = &q >> d;
        let half = q.bit(d - 1);
        let below = d >= 2 && q.trailing_zeros().is_some_and(|z| z < d - 1);
        (kept, half, below)
    };
    if half && (rest || sticky || m.bit(0)) {
        m += 1u8;
    }
    let mut lowest = lowest;
    if m.bits() > u64::from(bits) {
        m >>= 1;
        lowest += 1;
    }
    if lowest + i64::from(bits) - 1 > emax {
        return Rounded::Inf;
    }
    let digits = m.to_u64_digits();
    Rounded::Finite(digits.first().copied().unwrap_or(0), lowest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn x87(text: &str) -> (u64, u16) {
        let b = parse_x87(text).unwrap();
        (
            u64::from_le_bytes(b[..8].try_into().unwrap()),
            u16::from_le_bytes([b[8], b[9]]),
        )
    }

    #[test]
    fn exact_and_rounded_values() {
        assert_eq!(x87("1"), (1 << 63, 16383));
        assert_eq!(x87(" -2.5 "), (5 << 61, 0x8000 | 16384));
        assert_eq!(x87("0"), (0, 0));
        assert_eq!(x87("-0.0"), (0, 0x8000));
        // 0.1 = 0xCCCCCCCCCCCCCCCD × 2^-67 (rounded up).
        assert_eq!(x87("0.1"), (0xcccc_cccc_cccc_cccd, 16383 - 4));
        assert_eq!(x87("0x1.8p1"), (3 << 62, 16384));
        assert_eq!(x87("0X10"), (1 << 63, 16387));
        assert_eq!(x87("inf"), (1 << 63, 0x7fff));
        assert_eq!(x87("-Infinity"), (1 << 63, 0xffff));
        assert_eq!(x87("1e5000"), (1 << 63, 0x7fff));
        assert_eq!(x87("1e-5000"), (0, 0));
        // The smallest subnormal, 2^-16445, and a value just above half
        // of it.
        assert_eq!(x87("3.6451995318824746e-4951"), (1, 0));
        assert_eq!(x87("1.9e-4951"), (1, 0));
        assert_eq!(x87("1.8e-4951"), (0, 0));
        for bad in ["", "x", "1e", "0x", "1.2.3", "--1", "1_0", "0xg"] {
            assert!(parse_x87(bad).is_none(), "{bad}");
        }
        // A very long decimal is still exact: 1 followed by 20000 zeros
        // times 10^-20000.
        let long = format!("1{}e-20000", "0".repeat(20_000));
        assert_eq!(x87(&long), (1 << 63, 16383));
    }

    #[test]
    fn back_to_f64() {
        for v in [1.0, -2.5, 0.1, 1e300, 5e-324, 1.7976931348623157e308, 0.0] {
            let b = parse_x87(&format!("{v:e}")).unwrap();
            assert_eq!(x87_to_f64(&b), v, "{v}");
        }
        assert!(x87_to_f64(&parse_x87("nan").unwrap()).is_nan());
        assert_eq!(x87_to_f64(&parse_x87("1e400").unwrap()), f64::INFINITY);
        assert_eq!(x87_to_f64(&parse_x87("1e-400").unwrap()), 0.0);
        for v in [0.1, -1e-310, 5e-324, 1.5, f64::MAX, -0.0] {
            assert_eq!(x87_to_f64(&f64_to_x87(v)).to_bits(), v.to_bits(), "{v}");
        }
        assert_eq!(f64_to_x87(1.0), parse_x87("1").unwrap());
    }

    #[test]
    fn shortest_text() {
        let s = |t: &str| x87_str(&parse_x87(t).unwrap());
        assert_eq!(s("0.1"), "0.1");
        assert_eq!(s("1"), "1.0");
        assert_eq!(s("-2.5"), "-2.5");
        assert_eq!(s("1e20"), "1e+20");
        assert_eq!(s("1e-4940"), "1e-4940");
        assert_eq!(s("0.00012"), "0.00012");
        assert_eq!(s("123456789012345678"), "1.23456789012345678e+17");
        assert_eq!(s("1e16"), "1e+16");
        assert_eq!(s("9999999999999999"), "9999999999999999.0");
        assert_eq!(s("1e-5"), "1e-05");
        assert_eq!(s("nan"), "nan");
        assert_eq!(s("-inf"), "-inf");
        // 1/3 in long double, and 0.1 widened from a double.
        assert_eq!(s("0.333333333333333333342"), "0.33333333333333333334");
        assert_eq!(x87_str(&f64_to_x87(0.1)), "0.10000000000000000555");
    }
}
