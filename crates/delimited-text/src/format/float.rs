//! The exact float-to-decimal engine behind `%e`, `%f` and `%g`: values
//! correctly rounded (ties to even on exact halves), from a 128-bit path
//! for the common magnitudes and the standard library's exact digits for
//! the rest.

use std::cmp::Ordering;
use std::fmt::Write as _;

/// Decimal digits of a value rounded to a number of significant digits.
pub(super) struct Digits {
    stack: [u8; 20],
    len: usize,
    heap: Vec<u8>,
}

impl Digits {
    pub(super) fn new() -> Digits {
        Digits {
            stack: [0; 20],
            len: 0,
            heap: Vec::new(),
        }
    }

    pub(super) fn bytes(&self) -> &[u8] {
        if self.heap.is_empty() {
            &self.stack[..self.len]
        } else {
            &self.heap
        }
    }

    pub(super) fn set_u64(&mut self, mut v: u64, n: usize) {
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

pub(super) const DIGIT_PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

pub(super) const fn pow5_table() -> [u128; 56] {
    let mut t = [1u128; 56];
    let mut i = 1;
    while i < 56 {
        t[i] = t[i - 1] * 5;
        i += 1;
    }
    t
}

pub(super) const fn pow10_table() -> [u128; 39] {
    let mut t = [1u128; 39];
    let mut i = 1;
    while i < 39 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
}

pub(super) static POW5: [u128; 56] = pow5_table();
pub(super) static POW10: [u128; 39] = pow10_table();

/// `a = m × 2^e` with `m` odd (`a` finite and positive).
pub(super) fn decompose(a: f64) -> (u64, i32) {
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
pub(super) fn scale_round(m: u64, e: i32, k: i32) -> Option<(u128, bool)> {
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
pub(super) fn floor_log10_pow2(b: i32) -> i32 {
    (b * 78913) >> 18
}

/// Rounds `a` (finite, positive) to `n` significant digits: fills `digits`
/// and returns the decimal exponent of the first digit.
pub(super) fn sig_digits(a: f64, n: usize, digits: &mut Digits) -> i32 {
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

pub(super) fn push_exponent(out: &mut String, x: i32, upper: bool) {
    out.push(if upper { 'E' } else { 'e' });
    out.push(if x < 0 { '-' } else { '+' });
    let x = x.unsigned_abs() as usize;
    if x >= 100 {
        out.push((b'0' + (x / 100 % 10) as u8) as char);
    }
    let d = x % 100;
    push_ascii(out, &DIGIT_PAIRS[2 * d..2 * d + 2]);
}

pub(super) fn push_ascii(out: &mut String, bytes: &[u8]) {
    // Digits are ASCII.
    out.push_str(std::str::from_utf8(bytes).unwrap_or_default());
}

/// A short ASCII text built on the stack, pushed to a `String` at once.
pub(super) struct Ascii {
    buf: [u8; 48],
    len: usize,
}

impl Ascii {
    pub(super) fn new() -> Ascii {
        Ascii {
            buf: [0; 48],
            len: 0,
        }
    }

    pub(super) fn push(&mut self, c: u8) {
        self.buf[self.len] = c;
        self.len += 1;
    }

    pub(super) fn extend(&mut self, s: &[u8]) {
        self.buf[self.len..self.len + s.len()].copy_from_slice(s);
        self.len += s.len();
    }

    pub(super) fn exponent(&mut self, x: i32, upper: bool) {
        self.push(if upper { b'E' } else { b'e' });
        self.push(if x < 0 { b'-' } else { b'+' });
        let x = x.unsigned_abs() as usize;
        if x >= 100 {
            self.push(b'0' + (x / 100 % 10) as u8);
        }
        let d = x % 100;
        self.extend(&DIGIT_PAIRS[2 * d..2 * d + 2]);
    }

    pub(super) fn write_to(&self, out: &mut String) {
        push_ascii(out, &self.buf[..self.len]);
    }
}

pub(super) fn write_exp(out: &mut String, a: f64, prec: usize, alt: bool, upper: bool) {
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

pub(super) fn write_fixed(out: &mut String, a: f64, prec: usize, alt: bool) {
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

pub(super) fn write_general(out: &mut String, a: f64, prec: usize, alt: bool, upper: bool) {
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

pub(super) const SPACES: &str = "                                                                ";
pub(super) const ZEROS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

pub(super) fn push_repeat(out: &mut String, c: char, mut n: usize) {
    let src = if c == '0' { ZEROS } else { SPACES };
    while n > 0 {
        let k = n.min(src.len());
        out.push_str(&src[..k]);
        n -= k;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
