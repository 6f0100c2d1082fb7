//! Lines of text as NumPy's readers see them: `\n`, `\r\n` and `\r` end
//! lines (a text file's universal newlines), and text is cut into pieces
//! at line ends for parsing on every core; and where a field ends, eight
//! bytes at a time, for the byte-level fast paths.

/// The next line of `text`: its text without the terminator, whether a
/// terminator ended it, and the rest.
pub(crate) fn next_line(text: &str) -> (&str, bool, &str) {
    match memchr::memchr2(b'\n', b'\r', text.as_bytes()) {
        None => (text, false, ""),
        Some(i) => {
            let rest = &text[i + 1..];
            let rest = if text.as_bytes()[i] == b'\r' {
                rest.strip_prefix('\n').unwrap_or(rest)
            } else {
                rest
            };
            (&text[..i], true, rest)
        }
    }
}

/// The lines `text` spans, as [`next_line`] counts them.
pub(crate) fn count_lines(text: &str) -> u64 {
    // No carriage returns (the common case): count newlines.
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return memchr::memchr_iter(b'\n', text.as_bytes()).count() as u64
            + u64::from(!text.ends_with('\n') && !text.is_empty());
    }
    let mut n = 0;
    let mut rest = text;
    while !rest.is_empty() {
        rest = next_line(rest).2;
        n += 1;
    }
    n
}

/// Cuts text into pieces of about `size` bytes, each ending after a `\n`
/// (the last, at the end of the text).
pub(crate) fn split_pieces(text: &str, size: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        if rest.len() <= size {
            out.push(rest);
            break;
        }
        let cut = match memchr::memchr(b'\n', &rest.as_bytes()[size..]) {
            Some(i) => size + i + 1,
            None => rest.len(),
        };
        out.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    out
}

/// The first byte at or after `k` of `b` that may end a field (or the end
/// of `b`), eight bytes at a time. A word's bytes equal to one of `stops`
/// (each repeated across a word), and with `whitespace` every byte below
/// `!` or above ASCII, are flagged with the zero-byte trick, whose lowest
/// flag is always exact; `class` (0 for field data) then decides, so a
/// flagged control character that is data does not end the field.
pub(crate) fn field_end(
    b: &[u8],
    mut k: usize,
    class: &[u8; 256],
    stops: &[u64],
    whitespace: bool,
) -> usize {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(word) = b.get(k..k + 8) {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(word);
        let x = u64::from_le_bytes(bytes);
        let mut flags = if whitespace {
            (x.wrapping_sub(LOW * 0x21) & !x & HIGH) | (x & HIGH)
        } else {
            0
        };
        for stop in stops {
            let y = x ^ stop;
            flags |= y.wrapping_sub(LOW) & !y & HIGH;
        }
        if flags == 0 {
            k += 8;
            continue;
        }
        let at = k + (flags.trailing_zeros() / 8) as usize;
        if class[usize::from(b[at])] != 0 {
            return at;
        }
        k = at + 1;
    }
    while k < b.len() && class[usize::from(b[k])] == 0 {
        k += 1;
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn universal_newlines() {
        assert_eq!(next_line("a\r\nb"), ("a", true, "b"));
        assert_eq!(next_line("a\rb\n"), ("a", true, "b\n"));
        assert_eq!(next_line("a"), ("a", false, ""));
        assert_eq!(count_lines("a\r\nb\rc\n"), 3);
        assert_eq!(count_lines("a\nb"), 2);
        assert_eq!(split_pieces("ab\ncd\nef", 1), ["ab\n", "cd\n", "ef"]);
    }
}
