//! The format grammar: a `%` format string into literal text and
//! conversion specifications.

use crate::error::{Error, Result};
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

    pub(super) fn from_letter(c: char) -> Option<Conv> {
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

    pub(super) fn is_upper(self) -> bool {
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
pub(super) fn parse_spec(fmt: &str, mut i: usize) -> Result<(Spec, usize)> {
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
