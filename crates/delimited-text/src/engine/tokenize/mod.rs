//! Splitting text into records of fields, as NumPy's loadtxt tokenizer
//! does: comments cut lines, whitespace or one character separates fields,
//! an optional quote character protects delimiters, comments and newlines.

pub(crate) mod ascii_numbers;
pub(crate) mod line_splitter;

use crate::error::Result;
use std::borrow::Cow;

/// Whitespace as NumPy's tokenizer counts it (Python's `str.isspace`):
/// Unicode's, plus the information separators `\x1c`–`\x1f`.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\x1c'..='\x1f')
}

/// [`is_space`] for an ASCII byte.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0x1c..=0x1f)
}

/// How lines are cut into fields.
#[derive(Debug, Clone)]
pub(crate) struct Tokenizer {
    /// `None`: runs of whitespace separate fields.
    pub delimiter: Option<char>,
    /// Comment markers; text from the first one to the end of the line is
    /// dropped.
    pub comments: Vec<String>,
    /// Opens a quoted field at the start of a field.
    pub quote: Option<char>,
}

/// One logical line's fields and the 1-based line it starts on.
#[derive(Debug)]
pub(crate) struct Record<'a> {
    pub line: u64,
    pub fields: Vec<Cow<'a, str>>,
}

/// What [`Tokenizer::quoted_records_partial`] read.
pub(crate) struct Records<'a> {
    pub records: Vec<Record<'a>>,
    /// Bytes of the text the records took.
    pub used: usize,
    /// The first line without data, and the records before it.
    pub first_empty: Option<(u64, usize)>,
}

impl Tokenizer {
    /// The line without its comment.
    fn strip_comment<'a>(&self, line: &'a str) -> &'a str {
        let mut end = line.len();
        for marker in &self.comments {
            let found = if marker.len() == 1 {
                memchr::memchr(marker.as_bytes()[0], &line.as_bytes()[..end])
            } else {
                line[..end].find(marker.as_str())
            };
            if let Some(i) = found {
                end = i;
            }
        }
        &line[..end]
    }

    /// Splits one line (no quote character in use) into `fields`; returns
    /// false for a line that holds no data (empty once the comment is cut,
    /// or only whitespace when whitespace separates fields).
    pub(crate) fn split_line<'a>(&self, line: &'a str, fields: &mut Vec<&'a str>) -> bool {
        fields.clear();
        let data = self.strip_comment(line);
        match self.delimiter {
            // ASCII lines (the common case) split byte by byte.
            None if data.is_ascii() => {
                let b = data.as_bytes();
                let mut i = 0;
                while i < b.len() {
                    while i < b.len() && is_ascii_space(b[i]) {
                        i += 1;
                    }
                    let start = i;
                    while i < b.len() && !is_ascii_space(b[i]) {
                        i += 1;
                    }
                    if i > start {
                        fields.push(&data[start..i]);
                    }
                }
            }
            None => fields.extend(data.split(is_space).filter(|f| !f.is_empty())),
            Some(_) if data.is_empty() => {}
            Some(d) => fields.extend(data.split(d)),
        }
        !fields.is_empty()
    }

    /// Every record of `text` (the first line being line `first_line`),
    /// quotes honoured: a quote opens a quoted field only at the start of
    /// a field; inside, delimiters, comment markers and newlines are
    /// literal and `""` is one quote; after the closing quote the field
    /// goes on unquoted (`"ABC"DEF` is `ABCDEF`).
    pub(crate) fn quoted_records<'a>(
        &self,
        text: &'a str,
        first_line: u64,
    ) -> Result<Vec<Record<'a>>> {
        Ok(self
            .quoted_records_partial(text, first_line, true, usize::MAX)?
            .records)
    }

    /// [`quoted_records`](Self::quoted_records) of text that may be cut
    /// anywhere unless `complete`: a record that may go on past the end
    /// (inside a quote, or with no line end yet) is left for later, and
    /// nothing is read past `max_records` records. Also returns how many
    /// bytes the records took, and the first line without data (blank or
    /// comment only) with the number of records before it.
    // Long on purpose: one state machine over a record's characters (in a
    // quote, at a field's start, after content, in a comment): kept whole so
    // that every state and transition reads in one place, as in NumPy's
    // tokenizer.
    pub(crate) fn quoted_records_partial<'a>(
        &self,
        text: &'a str,
        first_line: u64,
        complete: bool,
        max_records: usize,
    ) -> Result<Records<'a>> {
        let quote = self.quote.unwrap_or('"');
        let mut first_empty = None;
        let whitespace = self.delimiter.is_none();
        let mut out = Vec::new();
        let mut line = first_line;
        let mut chars = text.char_indices().peekable();
        let mut consumed = 0;
        while chars.peek().is_some() && out.len() < max_records {
            let start_line = line;
            let mut fields: Vec<Cow<'a, str>> = Vec::new();
            let mut field = String::new();
            let mut started = false; // the current field has begun
            let mut at_start = true; // nothing of the current field read yet
            let mut saw_content = false;
            let mut quoted = false;
            // The record ended with a line end that more text cannot change.
            let mut ended = false;
            while let Some((pos, c)) = chars.next() {
                if quoted {
                    if c == quote {
                        if chars.peek().map(|&(_, n)| n) == Some(quote) {
                            chars.next();
                            field.push(quote);
                        } else {
                            quoted = false;
                        }
                        continue;
                    }
                    if c == '\n' || (c == '\r' && chars.peek().map(|&(_, n)| n) != Some('\n')) {
                        line += 1;
                    }
                    field.push(c);
                    continue;
                }
                if c == '\n' || c == '\r' {
                    let crlf = c == '\r' && chars.peek().map(|&(_, n)| n) == Some('\n');
                    if crlf {
                        chars.next();
                    }
                    ended = c == '\n' || crlf || chars.peek().is_some();
                    break;
                }
                if self
                    .comments
                    .iter()
                    .any(|m| text[pos..].starts_with(m.as_str()))
                {
                    // The rest of the line is a comment.
                    while let Some((_, n)) = chars.next() {
                        if n == '\n' {
                            ended = true;
                            break;
                        }
                        if n == '\r' {
                            if chars.peek().map(|&(_, m)| m) == Some('\n') {
                                chars.next();
                            }
                            ended = true;
                            break;
                        }
                    }
                    ended = ended && (chars.peek().is_some() || text.ends_with('\n'));
                    break;
                }
                saw_content = true;
                let is_delim = match self.delimiter {
                    Some(d) => c == d,
                    None => is_space(c),
                };
                if is_delim {
                    if whitespace {
                        if started {
                            fields.push(Cow::Owned(std::mem::take(&mut field)));
                            started = false;
                            at_start = true;
                        }
                    } else {
                        fields.push(Cow::Owned(std::mem::take(&mut field)));
                        at_start = true;
                    }
                    continue;
                }
                if at_start && c == quote {
                    quoted = true;
                } else {
                    field.push(c);
                }
                started = true;
                at_start = false;
            }
            let end = chars.peek().map_or(text.len(), |&(i, _)| i);
            if !complete && !ended {
                // Perhaps unfinished (inside a quote, no line end yet, or
                // a `\r` at the very end that may be half of a `\r\n`):
                // wait for more text.
                break;
            }
            // A quote still open at the end of the input runs to the end,
            // its line ends included, as in NumPy.
            consumed = end;
            line += 1;
            if whitespace {
                if started {
                    fields.push(Cow::Owned(field));
                }
            } else if saw_content {
                fields.push(Cow::Owned(field));
            }
            if !fields.is_empty() {
                out.push(Record {
                    line: start_line,
                    fields,
                });
            } else if first_empty.is_none() {
                first_empty = Some((start_line, out.len()));
            }
        }
        Ok(Records {
            records: out,
            used: consumed,
            first_empty,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(delimiter: Option<char>, quote: Option<char>) -> Tokenizer {
        Tokenizer {
            delimiter,
            comments: vec!["#".into(), "//".into()],
            quote,
        }
    }

    fn split(t: &Tokenizer, line: &str) -> Option<Vec<String>> {
        let mut f = Vec::new();
        t.split_line(line, &mut f)
            .then(|| f.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn lines_and_fields() {
        let ws = tok(None, None);
        assert_eq!(split(&ws, "  1 \t2  # c").unwrap(), ["1", "2"]);
        assert_eq!(split(&ws, "   # only"), None);
        let comma = tok(Some(','), None);
        assert_eq!(split(&comma, "1,,2,").unwrap(), ["1", "", "2", ""]);
        assert_eq!(split(&comma, "  ").unwrap(), ["  "]);
        assert_eq!(split(&comma, "// x"), None);
    }

    fn records(t: &Tokenizer, text: &str) -> Vec<(u64, Vec<String>)> {
        t.quoted_records(text, 1)
            .unwrap()
            .into_iter()
            .map(|r| (r.line, r.fields.iter().map(|f| f.to_string()).collect()))
            .collect()
    }

    #[test]
    fn quotes() {
        let t = tok(Some(','), Some('"'));
        assert_eq!(
            records(&t, "\"a\"\"b\"c,2\n\"x\ny\",4\n\n# c\n5,\"#\""),
            vec![
                (1, vec!["a\"bc".into(), "2".into()]),
                (2, vec!["x\ny".into(), "4".into()]),
                (6, vec!["5".into(), "#".into()]),
            ]
        );
        assert_eq!(
            records(&t, "1,,\n"),
            vec![(1, vec!["1".into(), "".into(), "".into()])]
        );
        // An unclosed quote runs to the end of the input, as in NumPy.
        assert_eq!(
            records(&t, "1,\"a\nb\n"),
            [(1, vec!["1".into(), "a\nb\n".into()])]
        );
        let ws = tok(None, Some('"'));
        assert_eq!(
            records(&ws, "  \"a b\"  c \n"),
            vec![(1, vec!["a b".into(), "c".into()])]
        );
    }
}
