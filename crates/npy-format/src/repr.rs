//! Python's `repr` for the values a header holds, so that npio's headers are
//! byte-identical to NumPy's.

use std::fmt::Write;

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
/// npy_format::push_python_str_repr(&mut out, "it's\n");
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

/// Appends Python's repr of a tuple of integers: `()`, `(3,)`, `(2, 3)`.
pub(crate) fn push_shape_repr(out: &mut String, shape: &[usize]) {
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
