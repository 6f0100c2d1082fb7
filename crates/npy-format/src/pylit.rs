//! The subset of Python literals that `.npy` headers use, parsed with nom.
//!
//! NumPy writes its header with `repr` and reads it back with Python's
//! literal parser, so a header is a Python dict literal. npio accepts:
//! strings in either quote style with Python's escapes (and an optional `u`
//! prefix from Python 2), integers (decimal, `0x`/`0o`/`0b`, `_` separators,
//! a sign, and the Python 2 `L` suffix where the caller allows it), `True`,
//! `False`, `None`, tuples, lists and dicts, with any whitespace between
//! tokens and optional trailing commas. It refuses comments, expressions,
//! floats and anything else a `.npy` writer has never produced.
//!
//! Nesting depth is bounded, so hostile headers cannot exhaust the stack.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{char, one_of};
use nom::combinator::{opt, value};
use nom::error::{ErrorKind, ParseError};
use nom::{IResult, Parser};

/// A parsed Python literal.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PyValue {
    Str(String),
    Int(i128),
    Bool(bool),
    None,
    Tuple(Vec<PyValue>),
    List(Vec<PyValue>),
    Dict(Vec<(PyValue, PyValue)>),
}

impl PyValue {
    /// A short name for the value's type, for error messages.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            PyValue::Str(_) => "a string",
            PyValue::Int(_) => "an integer",
            PyValue::Bool(_) => "a bool",
            PyValue::None => "None",
            PyValue::Tuple(_) => "a tuple",
            PyValue::List(_) => "a list",
            PyValue::Dict(_) => "a dict",
        }
    }
}

/// Options of the literal parser.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LitOptions {
    /// Deepest nesting of brackets allowed.
    pub max_depth: usize,
    /// Whether the Python 2 `L` suffix on integers is accepted.
    pub allow_long_suffix: bool,
}

/// Where parsing stopped and what was expected there.
#[derive(Debug)]
pub(crate) struct LitError<'a> {
    rest: &'a str,
    expected: &'static str,
}

impl<'a> ParseError<&'a str> for LitError<'a> {
    fn from_error_kind(input: &'a str, _kind: ErrorKind) -> Self {
        LitError {
            rest: input,
            expected: "a Python literal",
        }
    }

    fn append(_input: &'a str, _kind: ErrorKind, other: Self) -> Self {
        other
    }
}

type PResult<'a, T> = IResult<&'a str, T, LitError<'a>>;

fn fail<'a, T>(rest: &'a str, expected: &'static str) -> PResult<'a, T> {
    Err(nom::Err::Failure(LitError { rest, expected }))
}

/// Parses `text` as exactly one Python literal, surrounded by optional
/// whitespace. Errors carry the character offset where parsing stopped.
pub(crate) fn parse_literal(text: &str, opts: LitOptions) -> crate::Result<PyValue> {
    let result = (|| {
        let (i, _) = ws(text)?;
        let (i, v) = literal(i, 0, &opts)?;
        let (i, _) = ws(i)?;
        if !i.is_empty() {
            return fail(i, "end of header");
        }
        Ok((i, v))
    })();
    match result {
        Ok((_, v)) => Ok(v),
        Err(nom::Err::Error(e)) | Err(nom::Err::Failure(e)) => {
            let byte_off = text.len() - e.rest.len();
            let offset = text[..byte_off].chars().count();
            Err(crate::Error::syntax(offset, e.expected))
        }
        Err(nom::Err::Incomplete(_)) => Err(crate::Error::syntax(text.chars().count(), "more")),
    }
}

/// Python's whitespace between tokens (a newline is fine inside brackets,
/// and NumPy ends its header with one).
fn ws(i: &str) -> PResult<'_, &str> {
    take_while(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c')).parse(i)
}

fn literal<'a>(i: &'a str, depth: usize, opts: &LitOptions) -> PResult<'a, PyValue> {
    if depth > opts.max_depth {
        return fail(i, "less deeply nested brackets (nesting limit reached)");
    }
    match i.chars().next() {
        Some('\'' | '"') => string(i),
        Some('u' | 'U') if i[1..].starts_with(['\'', '"']) => string(&i[1..]),
        Some('(') => tuple(i, depth, opts),
        Some('[') => {
            let (i, (items, _)) = sequence(&i[1..], ']', depth, opts)?;
            Ok((i, PyValue::List(items)))
        }
        Some('{') => dict(i, depth, opts),
        Some(c) if c.is_ascii_digit() || c == '+' || c == '-' => integer(i, opts),
        Some(c) if c.is_alphabetic() || c == '_' => keyword(i),
        Some(_) => fail(i, "a string, integer, bool, tuple, list or dict"),
        None => fail(i, "a value, not the end of the header"),
    }
}

fn keyword(i: &str) -> PResult<'_, PyValue> {
    let (rest, v) = alt((
        value(PyValue::Bool(true), tag("True")),
        value(PyValue::Bool(false), tag("False")),
        value(PyValue::None, tag("None")),
    ))
    .parse(i)
    .or_else(|_: nom::Err<LitError<'_>>| fail(i, "True, False or None"))?;
    if rest.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
        return fail(i, "True, False or None");
    }
    Ok((rest, v))
}

fn integer<'a>(i: &'a str, opts: &LitOptions) -> PResult<'a, PyValue> {
    let (r, sign) = opt(one_of("+-")).parse(i)?;
    let (r, _) = ws(r)?;
    let (radix, r) = match r.get(..2) {
        Some("0x" | "0X") => (16, &r[2..]),
        Some("0o" | "0O") => (8, &r[2..]),
        Some("0b" | "0B") => (2, &r[2..]),
        _ => (10, r),
    };
    let digits_start = r;
    let (r, digits) = take_while1(|c: char| c.is_ascii_hexdigit() || c == '_')
        .parse(r)
        .or_else(|_: nom::Err<LitError<'_>>| fail(r, "digits"))?;
    // Python allows one `_` between digits, and nowhere else.
    if digits.starts_with('_') || digits.ends_with('_') || digits.contains("__") {
        return fail(digits_start, "digits with single underscores between them");
    }
    let mut mag: u128 = 0;
    for c in digits.chars().filter(|&c| c != '_') {
        let Some(d) = c.to_digit(radix) else {
            return fail(digits_start, "a valid digit");
        };
        mag = match mag
            .checked_mul(radix as u128)
            .and_then(|m| m.checked_add(d as u128))
        {
            Some(m) if m <= u64::MAX as u128 => m,
            _ => return fail(digits_start, "an integer that fits in 64 bits"),
        };
    }
    let r = match r.strip_prefix(['L', 'l']) {
        Some(rest) if opts.allow_long_suffix => rest,
        Some(_) => {
            return fail(
                r,
                "no 'L' suffix (only version 1.0 and 2.0 headers may use it)",
            );
        }
        None => r,
    };
    if r.starts_with(|c: char| c.is_alphanumeric() || c == '.') {
        return fail(r, "an integer (floats and names are not allowed here)");
    }
    let n = mag as i128;
    Ok((r, PyValue::Int(if sign == Some('-') { -n } else { n })))
}

fn string(i: &str) -> PResult<'_, PyValue> {
    let mut chars = i.char_indices();
    let Some((_, quote)) = chars.next() else {
        return fail(i, "a string");
    };
    if i[1..].starts_with([quote, quote]) && i[2..].starts_with(quote) {
        return fail(
            i,
            "a single-quoted string (triple quotes are not supported)",
        );
    }
    let mut out = String::new();
    while let Some((pos, c)) = chars.next() {
        match c {
            c if c == quote => return Ok((&i[pos + c.len_utf8()..], PyValue::Str(out))),
            '\n' | '\r' => return fail(&i[pos..], "a closing quote before the end of the line"),
            '\\' => {
                let Some((epos, e)) = chars.next() else {
                    break;
                };
                match e {
                    '\n' => {}
                    '\\' | '\'' | '"' => out.push(e),
                    'a' => out.push('\x07'),
                    'b' => out.push('\x08'),
                    'f' => out.push('\x0c'),
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    'v' => out.push('\x0b'),
                    '0'..='7' => {
                        let mut code = e.to_digit(8).unwrap_or(0);
                        for _ in 0..2 {
                            match chars.clone().next() {
                                Some((_, d @ '0'..='7')) => {
                                    code = code * 8 + d.to_digit(8).unwrap_or(0);
                                    chars.next();
                                }
                                _ => break,
                            }
                        }
                        out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                    }
                    'x' | 'u' | 'U' => {
                        let width = match e {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let start = epos + 1;
                        let hex = i.get(start..start + width).unwrap_or("");
                        let code = (hex.len() == width
                            && hex.chars().all(|c| c.is_ascii_hexdigit()))
                        .then(|| u32::from_str_radix(hex, 16).ok())
                        .flatten()
                        .and_then(char::from_u32);
                        match code {
                            Some(ch) => out.push(ch),
                            None => return fail(&i[pos..], "a valid \\x, \\u or \\U escape"),
                        }
                        for _ in 0..width {
                            chars.next();
                        }
                    }
                    other => {
                        // Python keeps unknown escapes as they are.
                        out.push('\\');
                        out.push(other);
                    }
                }
            }
            c => out.push(c),
        }
    }
    fail(&i[i.len()..], "a closing quote")
}

/// Parses comma-separated literals up to `close`; the opening bracket has
/// been consumed. Returns the items and whether a comma followed the last.
fn sequence<'a>(
    i: &'a str,
    close: char,
    depth: usize,
    opts: &LitOptions,
) -> PResult<'a, (Vec<PyValue>, bool)> {
    let mut items = Vec::new();
    let (mut i, _) = ws(i)?;
    if let Some(r) = i.strip_prefix(close) {
        return Ok((r, (items, false)));
    }
    loop {
        let (r, v) = literal(i, depth + 1, opts)?;
        items.push(v);
        let (r, _) = ws(r)?;
        if let Some(r) = r.strip_prefix(close) {
            return Ok((r, (items, false)));
        }
        let Ok((r, _)) = char::<_, LitError<'_>>(',').parse(r) else {
            return fail(
                r,
                if close == ')' {
                    "',' or ')'"
                } else {
                    "',' or ']'"
                },
            );
        };
        let (r, _) = ws(r)?;
        if let Some(r) = r.strip_prefix(close) {
            return Ok((r, (items, true)));
        }
        i = r;
    }
}

fn tuple<'a>(i: &'a str, depth: usize, opts: &LitOptions) -> PResult<'a, PyValue> {
    let (r, (mut items, trailing_comma)) = sequence(&i[1..], ')', depth, opts)?;
    // `(x)` is just `x` in parentheses; `(x,)` is a one-element tuple.
    if items.len() == 1 && !trailing_comma {
        return Ok((r, items.remove(0)));
    }
    Ok((r, PyValue::Tuple(items)))
}

fn dict<'a>(i: &'a str, depth: usize, opts: &LitOptions) -> PResult<'a, PyValue> {
    let mut entries = Vec::new();
    let mut i = &i[1..];
    loop {
        i = ws(i)?.0;
        if let Some(r) = i.strip_prefix('}') {
            return Ok((r, PyValue::Dict(entries)));
        }
        let (r, key) = literal(i, depth + 1, opts)?;
        let (r, _) = ws(r)?;
        let Some(r) = r.strip_prefix(':') else {
            return fail(r, "':' after a dict key");
        };
        let (r, _) = ws(r)?;
        let (r, val) = literal(r, depth + 1, opts)?;
        entries.push((key, val));
        let (r, _) = ws(r)?;
        if let Some(r) = r.strip_prefix(',') {
            i = r;
        } else if let Some(r) = r.strip_prefix('}') {
            return Ok((r, PyValue::Dict(entries)));
        } else {
            return fail(r, "',' or '}'");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTS: LitOptions = LitOptions {
        max_depth: 8,
        allow_long_suffix: true,
    };

    fn p(s: &str) -> PyValue {
        parse_literal(s, OPTS).unwrap()
    }

    fn err_offset(s: &str) -> usize {
        match parse_literal(s, OPTS).unwrap_err().into_kind() {
            crate::ErrorKind::HeaderSyntax { offset, .. } => offset,
            k => panic!("unexpected {k:?}"),
        }
    }

    #[test]
    fn scalars() {
        assert_eq!(p("'a\\'b'"), PyValue::Str("a'b".into()));
        assert_eq!(p("\"it's\""), PyValue::Str("it's".into()));
        assert_eq!(
            p("'\\xe9\\u20ac\\U0001f600\\n\\t\\\\'"),
            PyValue::Str("é€😀\n\t\\".into())
        );
        assert_eq!(p("u'x'"), PyValue::Str("x".into()));
        assert_eq!(p("12"), PyValue::Int(12));
        assert_eq!(p("-3"), PyValue::Int(-3));
        assert_eq!(p("+0x1_0"), PyValue::Int(16));
        assert_eq!(p("7L"), PyValue::Int(7));
        assert_eq!(p("True"), PyValue::Bool(true));
        assert_eq!(p("None"), PyValue::None);
    }

    #[test]
    fn containers() {
        assert_eq!(p("()"), PyValue::Tuple(vec![]));
        assert_eq!(p("(3)"), PyValue::Int(3));
        assert_eq!(p("(3,)"), PyValue::Tuple(vec![PyValue::Int(3)]));
        assert_eq!(
            p("( 2 , 3 )"),
            PyValue::Tuple(vec![PyValue::Int(2), PyValue::Int(3)])
        );
        assert_eq!(
            p("[1,2,]"),
            PyValue::List(vec![PyValue::Int(1), PyValue::Int(2)])
        );
        assert_eq!(
            p("{'a': 1, }"),
            PyValue::Dict(vec![(PyValue::Str("a".into()), PyValue::Int(1))])
        );
        assert_eq!(p("{}"), PyValue::Dict(vec![]));
    }

    #[test]
    fn errors_point_at_the_problem() {
        assert_eq!(err_offset("{'a' 1}"), 5);
        assert_eq!(err_offset("(1,,)"), 3);
        assert_eq!(err_offset("1.5"), 1);
        assert_eq!(err_offset("'abc"), 4);
        assert_eq!(err_offset("Truex"), 0);
        assert_eq!(err_offset("99999999999999999999999"), 0);
        assert_eq!(err_offset("{} x"), 3);
        let no_long = LitOptions {
            allow_long_suffix: false,
            ..OPTS
        };
        assert!(parse_literal("3L", no_long).is_err());
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = "[".repeat(100) + &"]".repeat(100);
        assert!(parse_literal(&deep, OPTS).is_err());
        let ok = "[".repeat(8) + &"]".repeat(8);
        assert!(parse_literal(&ok, OPTS).is_ok());
    }
}
