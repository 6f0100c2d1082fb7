//! The common case at full speed: numbers in ASCII text, no quotes, no
//! converters, no usecols, one-byte comment markers.
//!
//! One pass over a piece's bytes, with a byte-class table, cuts lines and
//! fields and converts each field straight into the output, with the same
//! value parsers as the general path. Anything this path does not take (a
//! conversion that fails, a ragged row, a non-ASCII byte) makes it give
//! up on the piece; the general path then parses the piece again and
//! reports exactly what it always reports. Giving up is rare and never
//! changes a result, only the time it takes.

use crate::engine::lines::Stops;
use crate::engine::values::{parse_f64, parse_float, parse_int};
use npy_format::half::f16;
use npy_format::{ByteOrder, DType, ScalarKind};

/// Bytes inside a field.
const DATA: u8 = 0;
/// Whitespace between fields (whitespace-delimited text).
const SPACE: u8 = 1;
/// The delimiter (delimited text).
const DELIM: u8 = 2;
/// A comment marker: the rest of the line is dropped.
const COMMENT: u8 = 3;
/// `\n` or `\r`: the line ends.
const NEWLINE: u8 = 4;

/// What the fast path needs to parse a piece, settled once.
#[derive(Debug, Clone)]
pub(crate) struct NumbersPlan {
    class: [u8; 256],
    /// Bytes that may end a field, for the word-at-a-time scan (see
    /// [`NumbersPlan::field_end`]).
    stops: Stops,
    delimited: bool,
    value: ValueKind,
    big_endian: bool,
}

/// The numeric element the fast path writes.
#[derive(Debug, Clone, Copy)]
enum ValueKind {
    Float(usize),
    Int(usize),
    UInt(usize),
}

/// The rows of one piece, as the fast path parsed them.
#[derive(Debug)]
pub(crate) struct FastRows {
    pub data: Vec<u8>,
    pub rows: usize,
    /// Local line (0-based) and column count of the first row.
    pub first_cols: Option<(u64, usize)>,
    /// The lines of the piece, counted as [`count_lines`] counts them;
    /// `None` when the row limit stopped the parse before its end.
    ///
    /// [`count_lines`]: crate::engine::lines::count_lines
    pub lines: Option<u64>,
}

impl NumbersPlan {
    /// The fast plan for these options, or `None` where only the general
    /// path applies.
    pub(crate) fn new(
        dtype: &DType,
        delimiter: Option<char>,
        comments: &[String],
        plain: bool,
    ) -> Option<NumbersPlan> {
        if !plain {
            return None;
        }
        let scalar = dtype.as_scalar()?;
        let value = match scalar.kind() {
            ScalarKind::Float(n @ (2 | 4 | 8)) => ValueKind::Float(n),
            ScalarKind::Int(n @ (1 | 2 | 4 | 8)) => ValueKind::Int(n),
            ScalarKind::UInt(n @ (1 | 2 | 4 | 8)) => ValueKind::UInt(n),
            _ => return None,
        };
        let mut class = [DATA; 256];
        let delimited = match delimiter {
            None => {
                for b in [b' ', b'\t', 0x0b, 0x0c, 0x1c, 0x1d, 0x1e, 0x1f] {
                    class[b as usize] = SPACE;
                }
                false
            }
            Some(d) if d.is_ascii() => {
                class[d as usize] = DELIM;
                true
            }
            Some(_) => return None,
        };
        for marker in comments {
            match marker.as_bytes() {
                [b] if b.is_ascii() && class[*b as usize] == DATA => class[*b as usize] = COMMENT,
                _ => return None,
            }
        }
        class[b'\n' as usize] = NEWLINE;
        class[b'\r' as usize] = NEWLINE;
        let stops = Stops::new(&class, !delimited)?;
        Some(NumbersPlan {
            class,
            stops,
            delimited,
            value,
            big_endian: scalar.order() == ByteOrder::Big,
        })
    }

    /// Parses `piece` (whole lines) up to `limit` rows; `None` to leave the
    /// piece to the general path.
    pub(crate) fn parse(&self, piece: &str, limit: usize) -> Option<FastRows> {
        if !piece.is_ascii() {
            return None;
        }
        let mut rows = match self.value {
            ValueKind::Float(8) => self.rows::<f64>(piece, limit),
            ValueKind::Float(4) => self.rows::<f32>(piece, limit),
            ValueKind::Float(_) => self.rows::<f16>(piece, limit),
            ValueKind::Int(8) => self.rows::<i64>(piece, limit),
            ValueKind::Int(4) => self.rows::<i32>(piece, limit),
            ValueKind::Int(2) => self.rows::<i16>(piece, limit),
            ValueKind::Int(_) => self.rows::<i8>(piece, limit),
            ValueKind::UInt(8) => self.rows::<u64>(piece, limit),
            ValueKind::UInt(4) => self.rows::<u32>(piece, limit),
            ValueKind::UInt(2) => self.rows::<u16>(piece, limit),
            ValueKind::UInt(_) => self.rows::<u8>(piece, limit),
        }?;
        if self.big_endian {
            let size = match self.value {
                ValueKind::Float(n) | ValueKind::Int(n) | ValueKind::UInt(n) => n,
            };
            rows.data.chunks_exact_mut(size).for_each(<[u8]>::reverse);
        }
        Some(rows)
    }

    fn rows<T: Element>(&self, piece: &str, limit: usize) -> Option<FastRows> {
        let b = piece.as_bytes();
        let class = &self.class;
        let mut out = FastRows {
            data: Vec::with_capacity(piece.len()),
            rows: 0,
            first_cols: None,
            lines: None,
        };
        let mut i = 0;
        let mut line = 0u64;
        while i < b.len() && out.rows < limit {
            let mut cols = 0usize;
            if self.delimited {
                // An empty line (once its comment is cut) holds no row;
                // otherwise every delimiter ends a field, even an empty one.
                if !matches!(class[b[i] as usize], NEWLINE | COMMENT) {
                    loop {
                        let (v, end) = T::field(self, piece, i)?;
                        v.put(&mut out.data);
                        cols += 1;
                        i = end;
                        if i < b.len() && class[b[i] as usize] == DELIM {
                            i += 1;
                        } else {
                            break;
                        }
                    }
                }
            } else {
                loop {
                    while i < b.len() && class[b[i] as usize] == SPACE {
                        i += 1;
                    }
                    if i == b.len() || class[b[i] as usize] != DATA {
                        break;
                    }
                    let (v, end) = T::field(self, piece, i)?;
                    v.put(&mut out.data);
                    cols += 1;
                    i = end;
                }
            }
            // Past a comment to the line's end, then past the line end.
            if i < b.len() && class[b[i] as usize] == COMMENT {
                i = memchr::memchr2(b'\n', b'\r', &b[i..]).map_or(b.len(), |k| i + k);
            }
            if i < b.len() {
                if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                i += 1;
            }
            if cols > 0 {
                match out.first_cols {
                    None => out.first_cols = Some((line, cols)),
                    Some((_, n)) if n != cols => return None,
                    _ => {}
                }
                out.rows += 1;
            }
            line += 1;
        }
        out.lines = (i >= b.len()).then_some(line);
        Some(out)
    }

    /// The index of the first byte at or after `i` that ends a field (or
    /// the end of `b`), eight bytes at a time (see
    /// [`field_end`](crate::engine::lines::field_end)).
    fn field_end(&self, b: &[u8], i: usize) -> usize {
        crate::engine::lines::field_end(b, i, &self.class, &self.stops)
    }

    /// Whether a field may end at `i`.
    fn ends_field(&self, b: &[u8], i: usize) -> bool {
        b.get(i).is_none_or(|&c| self.class[c as usize] != DATA)
    }

    /// The field at `i` as text, and its end.
    fn field_text<'a>(&self, piece: &'a str, i: usize) -> Option<(&'a str, usize)> {
        let end = self.field_end(piece.as_bytes(), i);
        Some((piece.get(i..end)?, end))
    }
}

/// A numeric element the fast path writes.
trait Element: Copy {
    /// Parses the field starting at `i`: its value and where it ends.
    fn field(plan: &NumbersPlan, piece: &str, i: usize) -> Option<(Self, usize)>;
    /// Appends the value's little-endian bytes.
    fn put(self, out: &mut Vec<u8>);
}

/// A float field: no surrounding whitespace in the common case; else the
/// general parser, which trims it.
fn float_field(plan: &NumbersPlan, piece: &str, i: usize) -> Option<(f64, usize)> {
    let b = piece.as_bytes();
    // The common case in one step: the parser finds the number's end
    // itself, which must be where the field ends. Its grammar is the
    // standard parser's for finite numbers; NaN and infinities (whose
    // spellings and signs it may read differently) take the long way.
    if let Ok((v, n)) = fast_float2::parse_partial::<f64, _>(&b[i..])
        && n > 0
        && v.is_finite()
        && plan.ends_field(b, i + n)
    {
        return Some((v, i + n));
    }
    let end = plan.field_end(b, i);
    let text = piece.get(i..end)?;
    let v = match decimal(text) {
        Some(v) => v,
        None => parse_float(text)?,
    };
    Some((v, end))
}

/// `text.parse::<f64>()`, with short fields (which nearly always take the
/// exact shortcut) read by [`short_decimal`] first; long ones (17
/// significant digits and more) need the full algorithm.
#[inline]
pub(crate) fn decimal(text: &str) -> Option<f64> {
    match text.len() < 18 {
        true => short_decimal(text.as_bytes()).or_else(|| parse_f64(text)),
        false => parse_f64(text),
    }
}

/// Powers of ten that are exact as `f64`.
const EXACT_POWERS: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// A plain decimal (`-12.5e-3`, `.5`, `7.`) of at most 15 digits whose
/// decimal exponent is within ±22: then its digits, as an integer, and the
/// power of ten are both exact doubles and one multiply or divide rounds
/// correctly (Clinger's fast path). `None` for anything else, which the
/// standard library's parser then reads.
fn short_decimal(field: &[u8]) -> Option<f64> {
    let (neg, rest) = match field {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, field),
    };
    let (mantissa, whole) = digits(rest, 0);
    let mut rest = &rest[whole..];
    let (mut mantissa, mut count, mut exponent) = (mantissa, whole, 0i64);
    if let [b'.', after @ ..] = rest {
        let (m, fraction) = digits(after, mantissa);
        (mantissa, count, exponent) = (m, count + fraction, -(fraction as i64));
        rest = &after[fraction..];
    }
    if count == 0 || count > 15 {
        return None;
    }
    if let [b'e' | b'E', after @ ..] = rest {
        let (eneg, after) = match after {
            [b'-', a @ ..] => (true, a),
            [b'+', a @ ..] => (false, a),
            _ => (false, after),
        };
        let (e, n) = digits(after, 0);
        if n == 0 || n != after.len() || n > 4 {
            return None;
        }
        exponent += if eneg { -(e as i64) } else { e as i64 };
    } else if !rest.is_empty() {
        return None;
    }
    if !(-22..=22).contains(&exponent) {
        return None;
    }
    let m = mantissa as f64;
    let v = match exponent < 0 {
        true => m / EXACT_POWERS[exponent.unsigned_abs() as usize],
        false => m * EXACT_POWERS[exponent as usize],
    };
    Some(if neg { -v } else { v })
}

/// The leading ASCII digits of `b` appended to `acc` (callers keep the
/// count small enough not to overflow), and how many there were.
fn digits(b: &[u8], mut acc: u64) -> (u64, usize) {
    let mut n = 0;
    while n < b.len() {
        let d = b[n].wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        acc = acc.wrapping_mul(10).wrapping_add(u64::from(d));
        n += 1;
    }
    (acc, n)
}

macro_rules! float_element {
    ($t:ty, $from:expr) => {
        impl Element for $t {
            fn field(plan: &NumbersPlan, piece: &str, i: usize) -> Option<(Self, usize)> {
                float_field(plan, piece, i).map(|(v, end)| ($from(v), end))
            }
            fn put(self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
        }
    };
}

float_element!(f64, |v: f64| v);
float_element!(f32, |v: f64| v as f32);
float_element!(f16, f16::from_f64);

/// An integer field read straight from the bytes: a sign and up to 18
/// digits (which cannot overflow) ending where a field may end. Anything
/// else (surrounding spaces in delimited text, more digits, other text)
/// goes to the general integer parser, whose rules are NumPy's.
fn int_field(plan: &NumbersPlan, piece: &str, i: usize) -> Option<(i128, usize)> {
    let b = piece.as_bytes();
    if let Some((v, end)) = sixteen_digit_int(b, i)
        && plan.ends_field(b, end)
    {
        return Some((v, end));
    }
    let (neg, mut k) = match b.get(i) {
        Some(b'-') => (true, i + 1),
        Some(b'+') => (false, i + 1),
        _ => (false, i),
    };
    let first = k;
    let mut v: u64 = 0;
    if let Some(eight) = b.get(k..k + 8).and_then(eight_digits) {
        v = eight;
        k += 8;
    }
    while let Some(d) = b.get(k).map(|c| c.wrapping_sub(b'0')).filter(|d| *d < 10) {
        v = v * 10 + u64::from(d);
        k += 1;
        if k - first > 18 {
            break;
        }
    }
    if k > first && k - first <= 18 && plan.ends_field(b, k) {
        let v = v as i128;
        return Some((if neg { -v } else { v }, k));
    }
    let (text, end) = plan.field_text(piece, i)?;
    Some((parse_int(text)?, end))
}

/// A sign and 1 to 15 digits at `i`, read without a branch on the
/// digits: the sixteen bytes after the sign are flagged where they are
/// not digits, the first flag gives the length, and the digits, moved to
/// the top of a 128-bit word (zeros before them), are summed eight bytes
/// at a time. `None` (the byte loop then reads it) with fewer than
/// sixteen bytes left, no digit, or sixteen digits or more; the value
/// and where the digits end otherwise.
fn sixteen_digit_int(b: &[u8], i: usize) -> Option<(i128, usize)> {
    let first = *b.get(i)?;
    let neg = first == b'-';
    let start = i + usize::from(neg || first == b'+');
    let bytes: [u8; 16] = b.get(start..start + 16)?.try_into().ok()?;
    let x = u128::from_le_bytes(bytes) ^ u128::from_le_bytes([b'0'; 16]);
    // A byte is a digit when, after the XOR, its high nibble is 0 and its
    // low nibble at most 9 (neither sum carries out of its byte).
    const NIBBLES: u128 = u128::from_le_bytes([0x0f; 16]);
    let high = ((x >> 4) & NIBBLES) + u128::from_le_bytes([0x7f; 16]);
    let low = (x & NIBBLES) + u128::from_le_bytes([0x76; 16]);
    let not_digit = (high | low) & u128::from_le_bytes([0x80; 16]);
    let len = (not_digit.trailing_zeros() / 8) as usize;
    if len == 0 || len >= 16 {
        return None;
    }
    let digits = x << (8 * (16 - len));
    let top = eight_digit_value(digits as u64);
    let bottom = eight_digit_value((digits >> 64) as u64);
    let v = i128::from(top * 100_000_000 + bottom);
    Some((if neg { -v } else { v }, start + len))
}

/// The number eight digit values (0 to 9, the first in the lowest byte)
/// spell.
fn eight_digit_value(d: u64) -> u64 {
    let pairs = (d * 10 + (d >> 8)) & 0x00ff_00ff_00ff_00ff;
    let quads = (pairs * 100 + (pairs >> 16)) & 0x0000_ffff_0000_ffff;
    (quads * 10000 + (quads >> 32)) & 0xffff_ffff
}

/// Eight ASCII digits as a number, eight bytes at a time; `None` unless
/// every byte is a digit.
fn eight_digits(bytes: &[u8]) -> Option<u64> {
    let x = u64::from_le_bytes(bytes.try_into().ok()?);
    // Each byte must be 0x30..=0x39: its high nibble 3, and adding 6 must
    // not carry it into 4.
    let high = x & 0xf0f0_f0f0_f0f0_f0f0;
    let carried = x.wrapping_add(0x0606_0606_0606_0606) & 0xf0f0_f0f0_f0f0_f0f0;
    if high != 0x3030_3030_3030_3030 || carried != 0x3030_3030_3030_3030 {
        return None;
    }
    // Pairwise: digits → 2-digit → 4-digit → 8-digit numbers.
    Some(eight_digit_value(x - 0x3030_3030_3030_3030))
}

macro_rules! int_element {
    ($t:ty, $signed:expr) => {
        impl Element for $t {
            fn field(plan: &NumbersPlan, piece: &str, i: usize) -> Option<(Self, usize)> {
                // NumPy refuses a minus sign on unsigned integers, even `-0`.
                if !$signed && piece.as_bytes()[i..].trim_ascii_start().first() == Some(&b'-') {
                    return None;
                }
                let (v, end) = int_field(plan, piece, i)?;
                Some((<$t>::try_from(v).ok()?, end))
            }
            fn put(self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
        }
    };
}

int_element!(i64, true);
int_element!(i32, true);
int_element!(i16, true);
int_element!(i8, true);
int_element!(u64, false);
int_element!(u32, false);
int_element!(u16, false);
int_element!(u8, false);

#[cfg(test)]
mod tests {
    use super::*;
    use npy_format::DType;

    fn plan(descr: &str, delimiter: Option<char>) -> NumbersPlan {
        let dtype = DType::parse_descr(descr).unwrap();
        NumbersPlan::new(&dtype, delimiter, &["#".to_string()], true).unwrap()
    }

    fn f64s(rows: &FastRows) -> Vec<f64> {
        rows.data
            .chunks(8)
            .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
            .collect()
    }

    #[test]
    fn whitespace_rows_comments_and_line_ends() {
        let p = plan("<f8", None);
        let r = p
            .parse("# head\n\n 1 2.5 # c\r\n-3\t4\r5 6", usize::MAX)
            .unwrap();
        assert_eq!(r.rows, 3);
        assert_eq!(r.first_cols, Some((2, 2)));
        assert_eq!(f64s(&r), [1.0, 2.5, -3.0, 4.0, 5.0, 6.0]);
        // A ragged row or a bad value leaves the piece to the general path.
        assert!(p.parse("1 2\n3\n", usize::MAX).is_none());
        assert!(p.parse("1 x\n", usize::MAX).is_none());
        assert!(p.parse("1 \u{a0}2\n", usize::MAX).is_none());
    }

    #[test]
    fn delimited_fields_keep_spaces_for_the_parser() {
        let p = plan("<f8", Some(','));
        let r = p.parse(" 1 , 2\n\n#x\n3,4#y\n", 1).unwrap();
        assert_eq!((r.rows, f64s(&r)), (1, vec![1.0, 2.0]));
        let r = p.parse(" 1 , 2\n\n#x\n3,4#y\n", 9).unwrap();
        assert_eq!(f64s(&r), [1.0, 2.0, 3.0, 4.0]);
        assert!(p.parse("1,,2\n", 9).is_none());
        assert!(p.parse("   \n", 9).is_none());
    }

    #[test]
    fn short_decimals_round_as_the_standard_parser_does() {
        for text in [
            "0",
            "-0",
            "+1.5",
            ".5",
            "7.",
            "1e22",
            "1e-22",
            "-1.23457e-05",
            "9007199254740992",
            "9007199254740993",
            "123456.7e3",
            "0.1",
            "0.3",
            "1.7976931348623157",
            "4.9e-3",
        ] {
            let want: f64 = text.parse().unwrap();
            match short_decimal(text.as_bytes()) {
                Some(v) => assert_eq!(v.to_bits(), want.to_bits(), "{text}"),
                None => assert!(text.len() >= 16, "{text} took the long way"),
            }
        }
        for text in [
            "", "-", ".", "e5", "1e", "1e+", "1x", "1.2.3", "1e23", "nan", "inf", "1_0",
        ] {
            assert_eq!(short_decimal(text.as_bytes()), None, "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn short_decimals_match_the_standard_parser(
            m in 0u64..(1 << 53), point in 0usize..17, e in -30i32..30, neg: bool,
        ) {
            let digits = m.to_string();
            let point = point.min(digits.len());
            let text = format!(
                "{}{}.{}e{e}",
                if neg { "-" } else { "" },
                &digits[..point],
                &digits[point..],
            );
            let want: f64 = text.parse().unwrap();
            if let Some(v) = short_decimal(text.as_bytes()) {
                proptest::prop_assert_eq!(v.to_bits(), want.to_bits(), "{}", text);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn sixteen_digit_ints_match_the_byte_loop(
            v in proptest::prelude::any::<i64>(),
            digits in 1u32..19,
            sign in proptest::sample::select(vec!["", "-", "+"]),
            tail in proptest::sample::select(vec!["", " ", ",", "x", ",0123456789abcdef", "\n9", "é"]),
        ) {
            let body = (v.unsigned_abs() % 10u64.pow(digits)).to_string();
            let text = format!("{sign}{body}{tail}");
            let got = sixteen_digit_int(text.as_bytes(), 0);
            let end = sign.len() + body.len();
            if text.len() - sign.len() >= 16 && body.len() < 16 {
                let want: i128 = format!("{sign}{body}").parse().unwrap();
                proptest::prop_assert_eq!(got, Some((want, end)));
            } else {
                proptest::prop_assert_eq!(got, None);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn float_fields_read_as_the_standard_parser_reads_them(
            bits in proptest::prelude::any::<u64>(),
            form in 0usize..6,
            tail in proptest::sample::select(vec!["", " ", "\n", "x", "e", "e+", ".5", "_1"]),
        ) {
            let x = f64::from_bits(bits);
            let body = match form {
                0 => format!("{x:e}"),
                1 => format!("{x:?}"),
                2 => format!("{x:.18e}"),
                3 => format!("{x:.3e}"),
                4 => format!("{:+}", x),
                _ => format!("{x:.2}"),
            };
            let text = format!("{body}{tail}");
            let p = plan("<f8", None);
            let got = float_field(&p, &text, 0).map(|(v, end)| (v.to_bits(), end));
            // The field is the text up to the first space or line end.
            let end = text.find([' ', '\n']).unwrap_or(text.len());
            let want = text[..end].parse::<f64>().ok().map(|v| (v.to_bits(), end));
            proptest::prop_assert_eq!(got, want, "{}", text);
        }
    }

    #[test]
    fn sixteen_digit_ints_need_a_digit() {
        for text in [
            "-x123456789012345678",
            "+-12345678901234567",
            " 1234567890123456789",
        ] {
            assert_eq!(sixteen_digit_int(text.as_bytes(), 0), None, "{text}");
        }
        assert_eq!(
            sixteen_digit_int(b"0000000000000007 ", 0),
            None,
            "sixteen digits take the byte loop"
        );
        assert_eq!(
            sixteen_digit_int(b"x-42 0123456789abcdef", 1),
            Some((-42, 4))
        );
    }

    #[test]
    fn integers_check_their_width() {
        let p = plan("<i1", None);
        assert_eq!(p.parse("-128 127\n", 9).unwrap().data, [0x80, 0x7f]);
        assert!(p.parse("128\n", 9).is_none());
        let p = plan(">u2", None);
        assert_eq!(p.parse("+65535 1\n", 9).unwrap().data, [0xff, 0xff, 0, 1]);
        assert!(p.parse("-0\n", 9).is_none());
        assert!(p.parse("65536\n", 9).is_none());
        let p = plan("<i8", None);
        let r = p
            .parse("-9223372036854775808 9223372036854775807\n", 9)
            .unwrap();
        assert_eq!(r.data[..8], i64::MIN.to_le_bytes());
        assert!(p.parse("9223372036854775808\n", 9).is_none());
    }
}
