//! Cutting one line into fields as NumPy's `LineSplitter` does: the
//! comment cut off, then a delimiter string, runs of whitespace, or fixed
//! widths; optionally each field stripped; optionally (npio only) quoted
//! fields.

use crate::engine::pyparse::py_strip;
use crate::engine::tokenize::is_space;
use std::borrow::Cow;

/// How a line is cut into fields.
///
/// # Example
///
/// ```
/// use delimited_text::{Delimiter, GenFromTxt};
///
/// let text = "  1 23\n 45  6\n";
/// let out = GenFromTxt::new().dtype_infer().delimiter_kind(Delimiter::Width(3)).from_str(text)?;
/// assert_eq!(out.array.to_array::<i64, ndarray::Ix2>()?, ndarray::array![[1, 23], [45, 6]]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Delimiter {
    /// Runs of whitespace (NumPy's `delimiter=None`).
    Whitespace,
    /// A string of any length (NumPy's `delimiter=","`, `delimiter="::"`).
    Text(String),
    /// Fields of this many characters each (NumPy's `delimiter=3`).
    Width(usize),
    /// Fields of these widths, in order (NumPy's `delimiter=[2, 3, 4]`).
    Widths(Vec<usize>),
}

/// The splitting options, settled.
#[derive(Debug, Clone)]
pub(crate) struct Splitter {
    pub delimiter: Delimiter,
    pub comments: Option<String>,
    pub autostrip: bool,
    pub quote: Option<char>,
}

impl Splitter {
    /// The fields of `line` (its terminator removed; `terminated` says
    /// whether it had one, which fixed-width lists keep as NumPy does).
    /// Empty when the line holds no data.
    pub fn split<'a>(&self, line: &'a str, terminated: bool, out: &mut Vec<Cow<'a, str>>) {
        out.clear();
        if self.quote.is_some()
            && !matches!(self.delimiter, Delimiter::Width(_) | Delimiter::Widths(_))
        {
            self.split_quoted(line, out);
        } else {
            self.split_plain(line, terminated, out);
        }
        if self.autostrip {
            for f in out.iter_mut() {
                *f = match std::mem::take(f) {
                    Cow::Borrowed(s) => Cow::Borrowed(py_strip(s)),
                    Cow::Owned(s) => Cow::Owned(py_strip(&s).to_string()),
                };
            }
        }
    }

    fn cut_comment<'a>(&self, line: &'a str) -> &'a str {
        let found = match self.comments.as_deref() {
            // One byte (`#`, the default): a vectorised byte search.
            Some(c) if c.len() == 1 => memchr::memchr(c.as_bytes()[0], line.as_bytes()),
            Some(c) if !c.is_empty() => line.find(c),
            _ => None,
        };
        match found {
            Some(i) => &line[..i],
            None => line,
        }
    }

    fn split_plain<'a>(&self, line: &'a str, terminated: bool, out: &mut Vec<Cow<'a, str>>) {
        match &self.delimiter {
            Delimiter::Whitespace => {
                let data = self.cut_comment(line);
                out.extend(
                    data.split(is_space)
                        .filter(|f| !f.is_empty())
                        .map(Cow::Borrowed),
                );
            }
            Delimiter::Text(d) => {
                let data = self.cut_comment(line).trim_matches([' ', '\r', '\n']);
                if data.is_empty() {
                    return;
                }
                let mut one = d.chars();
                match (one.next(), one.next()) {
                    // One ASCII byte (`,`, `;`, `\t`): a vectorised byte
                    // search, where `str::split` compares each match.
                    (Some(c), None) if c.is_ascii() => {
                        // Lines are short: a plain byte loop beats setting
                        // up a vectorised search for each one.
                        let mut start = 0;
                        for (i, &b) in data.as_bytes().iter().enumerate() {
                            if b == c as u8 {
                                out.push(Cow::Borrowed(&data[start..i]));
                                start = i + 1;
                            }
                        }
                        out.push(Cow::Borrowed(&data[start..]));
                    }
                    (Some(c), None) => out.extend(data.split(c).map(Cow::Borrowed)),
                    _ => out.extend(data.split(d.as_str()).map(Cow::Borrowed)),
                }
            }
            Delimiter::Width(w) => {
                let data = self.cut_comment(line);
                if data.is_empty() || *w == 0 {
                    return;
                }
                let mut rest = data;
                while !rest.is_empty() {
                    let end = rest.char_indices().nth(*w).map_or(rest.len(), |(i, _)| i);
                    out.push(Cow::Borrowed(&rest[..end]));
                    rest = &rest[end..];
                }
            }
            Delimiter::Widths(widths) => {
                // NumPy sees the line with its newline here (and keeps it
                // in a field when the widths reach it).
                let has_comment = self
                    .comments
                    .as_deref()
                    .is_some_and(|c| !c.is_empty() && line.contains(c));
                let data = self.cut_comment(line);
                let nl = terminated && !has_comment;
                if data.is_empty() && !nl {
                    return;
                }
                let chars: Vec<(usize, char)> = data.char_indices().collect();
                let total = chars.len() + usize::from(nl);
                let byte_at = |k: usize| chars.get(k).map_or(data.len(), |&(i, _)| i);
                let mut start = 0usize;
                for &w in widths {
                    let end = start.saturating_add(w);
                    let (a, b) = (start.min(total), end.min(total));
                    let field: Cow<'a, str> = if nl && b == total && a < b {
                        let mut s = data[byte_at(a)..].to_string();
                        s.push('\n');
                        Cow::Owned(s)
                    } else {
                        Cow::Borrowed(&data[byte_at(a)..byte_at(b)])
                    };
                    out.push(field);
                    start = end;
                }
            }
        }
    }

    /// Quoted fields (npio's extension): a quote opens at the start of a
    /// field; inside, the delimiter and comment marker are literal and a
    /// doubled quote is one quote; after the closing quote the field goes
    /// on unquoted. A quote left open runs to the end of the line.
    // Long on purpose: one state machine over a line's characters (in a quote,
    // at a field's start, after content): kept whole so its states read in one
    // place.
    fn split_quoted<'a>(&self, line: &'a str, out: &mut Vec<Cow<'a, str>>) {
        let quote = self.quote.unwrap_or('"');
        let comment = self.comments.as_deref().filter(|c| !c.is_empty());
        let delim: Option<&str> = match &self.delimiter {
            Delimiter::Text(d) if !d.is_empty() => Some(d.as_str()),
            _ => None,
        };
        // As without quotes, spaces at the ends of the line do not count.
        let b = match delim {
            Some(_) => line.trim_start_matches(' '),
            None => line,
        };
        let mut fields: Vec<String> = Vec::new();
        let mut field = String::new();
        // Bytes of `field` that came from a quoted section (kept as is).
        let mut protected = 0;
        let mut started = false;
        let mut content = false;
        let mut i = 0;
        while i < b.len() {
            let rest = &b[i..];
            if comment.is_some_and(|c| rest.starts_with(c)) {
                break;
            }
            let Some(c) = rest.chars().next() else {
                break;
            };
            if !matches!(c, ' ' | '\r' | '\n') {
                content = true;
            }
            if !started && c == quote {
                started = true;
                i += c.len_utf8();
                while let Some(q) = b[i..].chars().next() {
                    i += q.len_utf8();
                    if q == quote {
                        if b[i..].starts_with(quote) {
                            field.push(quote);
                            i += quote.len_utf8();
                        } else {
                            break;
                        }
                    } else {
                        field.push(q);
                    }
                }
                protected = field.len();
                continue;
            }
            match delim {
                Some(d) if rest.starts_with(d) => {
                    fields.push(std::mem::take(&mut field));
                    started = false;
                    protected = 0;
                    i += d.len();
                    continue;
                }
                None if is_space(c) => {
                    if started {
                        fields.push(std::mem::take(&mut field));
                        started = false;
                        protected = 0;
                    }
                    i += c.len_utf8();
                    continue;
                }
                _ => {}
            }
            field.push(c);
            started = true;
            i += c.len_utf8();
        }
        match delim {
            None if started => fields.push(field),
            None => {}
            Some(_) if content => {
                let keep = field[protected..].trim_end_matches([' ', '\r', '\n']).len();
                field.truncate(protected + keep);
                fields.push(field);
            }
            Some(_) => fields.clear(),
        }
        out.extend(fields.into_iter().map(Cow::Owned));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &Splitter, line: &str) -> Vec<String> {
        let mut out = Vec::new();
        s.split(line, true, &mut out);
        out.into_iter().map(|c| c.into_owned()).collect()
    }

    fn splitter(delimiter: Delimiter) -> Splitter {
        Splitter {
            delimiter,
            comments: Some("#".into()),
            autostrip: false,
            quote: None,
        }
    }

    #[test]
    fn delimiters() {
        let ws = splitter(Delimiter::Whitespace);
        assert_eq!(split(&ws, " 1 \t2 # x"), ["1", "2"]);
        let d = splitter(Delimiter::Text("::".into()));
        assert_eq!(split(&d, " a ::b:: # c"), ["a ", "b", ""]);
        assert!(split(&d, "  # c").is_empty());
        assert_eq!(split(&d, "\t"), ["\t"]);
        let w = splitter(Delimiter::Width(3));
        assert_eq!(split(&w, "1234567"), ["123", "456", "7"]);
        let ws = splitter(Delimiter::Widths(vec![2, 3, 4]));
        assert_eq!(split(&ws, "12345"), ["12", "345", "\n"]);
        assert_eq!(split(&ws, ""), ["\n", "", ""]);
    }

    #[test]
    fn quotes() {
        let mut q = splitter(Delimiter::Text(",".into()));
        q.quote = Some('"');
        assert_eq!(split(&q, "\"a,b\",\"x\"\"y\"z,# c"), ["a,b", "x\"yz", ""]);
        assert_eq!(split(&q, "\"#\",1"), ["#", "1"]);
        q.delimiter = Delimiter::Whitespace;
        assert_eq!(split(&q, " \"a b\"  c "), ["a b", "c"]);
    }
}
