//! Lines of text as NumPy's readers see them: `\n`, `\r\n` and `\r` end
//! lines (a text file's universal newlines), and text is cut into pieces
//! at line ends for parsing on every core; and where a field ends, eight
//! bytes at a time, for the byte-level fast paths.

use crate::engine::tokenize::Tokenizer;

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

const LOW: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The bytes [`field_end`] stops at, tested eight at a time: every byte
/// below a threshold (control characters, and in whitespace mode the
/// space), every non-ASCII byte in whitespace mode, and at most three
/// more (a delimiter, comment markers) compared one by one. A byte class
/// table then says which flagged bytes end a field.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Stops {
    /// The threshold repeated across a word.
    below: u64,
    /// `HIGH` when non-ASCII bytes are flagged, else 0.
    high: u64,
    words: [u64; 3],
    count: usize,
}

impl Stops {
    /// The stops for `class` (0 for field data): with `whitespace`, every
    /// byte up to the space and every non-ASCII byte is flagged, else
    /// every control character below the space; the other bytes that are
    /// not data are compared one by one. `None` when they are more than
    /// three.
    pub(crate) fn new(class: &[u8; 256], whitespace: bool) -> Option<Stops> {
        let threshold: u8 = if whitespace { b'!' } else { b' ' };
        let others: Vec<u8> = (0u8..=255)
            .filter(|&b| class[usize::from(b)] != 0)
            .filter(|&b| b >= threshold && !(whitespace && b >= 0x80))
            .collect();
        if others.len() > 3 {
            return None;
        }
        let mut words = [0u64; 3];
        for (w, &b) in words.iter_mut().zip(&others) {
            *w = LOW * u64::from(b);
        }
        Some(Stops {
            below: LOW * u64::from(threshold),
            high: if whitespace { HIGH } else { 0 },
            words,
            count: others.len(),
        })
    }
}

/// The first byte at or after `k` of `b` that ends a field (or the end of
/// `b`): one whose `class` is not 0. Eight bytes at a time, the bytes
/// `stops` names are flagged with the zero-byte trick, whose lowest flag
/// is always exact; the class table then decides, so a flagged byte that
/// is data (a tab in a CSV field) does not end the field.
#[inline]
pub(crate) fn field_end(b: &[u8], k: usize, class: &[u8; 256], stops: &Stops) -> usize {
    match stops.count {
        0 => scan::<0>(b, k, class, stops),
        1 => scan::<1>(b, k, class, stops),
        2 => scan::<2>(b, k, class, stops),
        _ => scan::<3>(b, k, class, stops),
    }
}

#[inline(always)]
fn scan<const N: usize>(b: &[u8], mut k: usize, class: &[u8; 256], stops: &Stops) -> usize {
    while let Some(word) = b.get(k..k + 8) {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(word);
        let x = u64::from_le_bytes(bytes);
        let mut flags = (x.wrapping_sub(stops.below) & !x & HIGH) | (x & stops.high);
        for stop in &stops.words[..N] {
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

/// The number of data lines before the first line of `text` without
/// data, looking no further than `limit` data lines. Most lines are told
/// apart by their first byte; only blank-looking or comment-looking ones
/// are split to be sure.
pub(crate) fn first_empty_line(tokenizer: &Tokenizer, text: &str, limit: usize) -> Option<usize> {
    let mut fields = Vec::new();
    let (mut rest, mut rows) = (text, 0usize);
    while !rest.is_empty() && rows < limit {
        let (line, _, after) = next_line(rest);
        rest = after;
        let start = line.trim_start_matches([' ', '\t']);
        let plain = start
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '.'));
        let comment = tokenizer
            .comments
            .iter()
            .any(|m| start.starts_with(m.as_str()));
        if (plain && !comment) || tokenizer.split_line(line, &mut fields) {
            rows += 1;
        } else {
            return Some(rows);
        }
    }
    None
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

    /// A class table with `ends` not data.
    fn classes(ends: &[u8]) -> [u8; 256] {
        let mut class = [0u8; 256];
        for &b in ends {
            class[usize::from(b)] = 1;
        }
        class
    }

    #[test]
    fn at_most_three_bytes_are_compared_one_by_one() {
        assert!(Stops::new(&classes(b",#;%"), false).is_none());
        // Control characters and, with whitespace, non-ASCII bytes come
        // from the threshold, not from comparisons.
        let many: Vec<u8> = (0u8..b' ').chain([b',', b'#', b';']).collect();
        assert!(Stops::new(&classes(&many), false).is_some());
        let many: Vec<u8> = (0u8..=b' ').chain(0x80..=0xff).chain([b'#']).collect();
        assert!(Stops::new(&classes(&many), true).is_some());
    }

    proptest::proptest! {
        #[test]
        fn field_end_finds_the_first_byte_that_is_not_data(
            bytes in proptest::collection::vec(
                proptest::sample::select(b"ab09.,;#\t\n\r \x0b\x7f\x80\xc3\xff".to_vec()),
                0..40,
            ),
            start in 0usize..40,
            whitespace in proptest::prelude::any::<bool>(),
            ends in proptest::sample::subsequence(b",;#\t\n\r \x7f\x0b\xc3".to_vec(), 0..5),
        ) {
            let mut ends = ends;
            if whitespace {
                // What PlainLineCut's whitespace mode ends fields at.
                ends.extend((0x80..=0xffu8).chain([b' ', b'\t', 0x0b]));
            }
            let class = classes(&ends);
            let Some(stops) = Stops::new(&class, whitespace) else {
                return Ok(());
            };
            let start = start.min(bytes.len());
            let want = (start..bytes.len())
                .find(|&k| class[usize::from(bytes[k])] != 0)
                .unwrap_or(bytes.len());
            proptest::prop_assert_eq!(field_end(&bytes, start, &class, &stops), want);
        }
    }
}
