//! UTF-16 and UTF-32 text, as Python's codecs read and write it: turned
//! into UTF-8 as it is read (so the parsers, which cut text at `\n`
//! bytes, see UTF-8 whatever the file holds) and out of UTF-8 as it is
//! written. The standard library does the decoding and encoding.

use std::fmt;
use std::io::{self, Read, Write};

/// The width and byte order of a wide encoding's code units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wide {
    /// UTF-16; `None`: the byte-order mark decides (little-endian, the
    /// native order here, without one), and writing puts one first.
    Utf16(Option<Order>),
    /// UTF-32, likewise.
    Utf32(Option<Order>),
}

/// A byte order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    Little,
    Big,
}

impl Wide {
    fn unit(self) -> usize {
        match self {
            Wide::Utf16(_) => 2,
            Wide::Utf32(_) => 4,
        }
    }

    fn order(self) -> Option<Order> {
        match self {
            Wide::Utf16(o) | Wide::Utf32(o) => o,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Wide::Utf16(_) => "UTF-16",
            Wide::Utf32(_) => "UTF-32",
        }
    }

    /// The byte order a leading byte-order mark gives, and its length.
    fn bom(self, start: &[u8]) -> Option<(Order, usize)> {
        match self {
            Wide::Utf16(_) if start.starts_with(&[0xff, 0xfe]) => Some((Order::Little, 2)),
            Wide::Utf16(_) if start.starts_with(&[0xfe, 0xff]) => Some((Order::Big, 2)),
            Wide::Utf32(_) if start.starts_with(&[0xff, 0xfe, 0, 0]) => Some((Order::Little, 4)),
            Wide::Utf32(_) if start.starts_with(&[0, 0, 0xfe, 0xff]) => Some((Order::Big, 4)),
            _ => None,
        }
    }
}

/// Text that is not valid in its encoding, with the line it is on.
#[derive(Debug)]
pub(crate) struct InvalidText {
    pub line: u64,
    pub reason: String,
}

impl fmt::Display for InvalidText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

impl std::error::Error for InvalidText {}

/// Reads UTF-16 or UTF-32 from `inner` and gives UTF-8.
#[derive(Debug)]
pub(crate) struct Decoder<R> {
    inner: R,
    wide: Wide,
    /// The byte order once known (from the encoding's name or the mark).
    order: Option<Order>,
    /// Raw bytes read but not yet decoded (a code unit or surrogate pair
    /// cut by the end of a read).
    raw: Vec<u8>,
    /// UTF-8 decoded but not yet given out, from `at`.
    out: Vec<u8>,
    at: usize,
    /// Bytes of input decoded so far, and line ends given out.
    offset: u64,
    lines: u64,
    ended: bool,
}

impl<R: Read> Decoder<R> {
    pub(crate) fn new(inner: R, wide: Wide) -> Self {
        Decoder {
            inner,
            wide,
            order: wide.order(),
            raw: Vec::new(),
            out: Vec::new(),
            at: 0,
            offset: 0,
            lines: 0,
            ended: false,
        }
    }

    fn invalid(&self, what: &str) -> io::Error {
        let error = InvalidText {
            line: self.lines + 1,
            reason: format!(
                "invalid {} at byte {} ({what})",
                self.wide.name(),
                self.offset
            ),
        };
        io::Error::new(io::ErrorKind::InvalidData, error)
    }

    /// Reads and decodes more input into `out`; false at the end.
    fn fill(&mut self) -> io::Result<bool> {
        let mut chunk = [0u8; 64 << 10];
        let n = loop {
            match self.inner.read(&mut chunk) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => break other?,
            }
        };
        self.raw.extend_from_slice(&chunk[..n]);
        if n == 0 {
            self.ended = true;
            if !self.raw.is_empty() {
                return Err(self.invalid("the text ends inside a character"));
            }
            return Ok(false);
        }
        let order = match self.order {
            Some(o) => o,
            None => {
                if self.raw.len() < self.wide.unit() {
                    return Ok(true);
                }
                let (order, skip) = self.wide.bom(&self.raw).unwrap_or((Order::Little, 0));
                self.raw.drain(..skip);
                self.offset += skip as u64;
                self.order = Some(order);
                order
            }
        };
        self.out.clear();
        self.at = 0;
        let decoded = match self.wide {
            Wide::Utf16(_) => decode16(&self.raw, order, &mut self.out),
            Wide::Utf32(_) => decode32(&self.raw, order, &mut self.out),
        };
        let used = match decoded {
            Ok(used) => used,
            Err((what, at)) => {
                // Where: the bytes and lines before the bad character.
                self.offset += at as u64;
                self.lines += memchr::memchr_iter(b'\n', &self.out).count() as u64;
                return Err(self.invalid(what));
            }
        };
        self.raw.drain(..used);
        self.offset += used as u64;
        self.lines += memchr::memchr_iter(b'\n', &self.out).count() as u64;
        Ok(true)
    }
}

/// What is wrong, and at which byte of the input.
type Bad = (&'static str, usize);

/// Decodes the whole UTF-16 code units of `raw` into `out` (all but a
/// high surrogate waiting for its pair); the bytes used.
fn decode16(raw: &[u8], order: Order, out: &mut Vec<u8>) -> Result<usize, Bad> {
    let read = |i: usize| {
        let b = [raw[2 * i], raw[2 * i + 1]];
        match order {
            Order::Little => u16::from_le_bytes(b),
            Order::Big => u16::from_be_bytes(b),
        }
    };
    // A high surrogate at the end waits for the next read.
    let whole = match raw.len() / 2 {
        0 => 0,
        n if (0xd800..0xdc00).contains(&read(n - 1)) => n - 1,
        n => n,
    };
    let mut buf = [0u8; 4];
    let mut at = 0;
    for c in char::decode_utf16((0..whole).map(read)) {
        let c = c.map_err(|_| ("an unpaired surrogate", at))?;
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        at += 2 * c.len_utf16();
    }
    Ok(whole * 2)
}

/// Decodes the whole UTF-32 code units of `raw` into `out`; the bytes
/// used.
fn decode32(raw: &[u8], order: Order, out: &mut Vec<u8>) -> Result<usize, Bad> {
    let whole = raw.len() / 4 * 4;
    let mut buf = [0u8; 4];
    for (i, unit) in raw[..whole].chunks_exact(4).enumerate() {
        let b = [unit[0], unit[1], unit[2], unit[3]];
        let v = match order {
            Order::Little => u32::from_le_bytes(b),
            Order::Big => u32::from_be_bytes(b),
        };
        let c = char::from_u32(v).ok_or(("not a character", 4 * i))?;
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    }
    Ok(whole)
}

impl<R: Read> Read for Decoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.out.len() {
            if self.ended || !self.fill()? {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// What [`Recoder`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Wide(Wide),
    /// One byte per character, up to this code point (latin1 0xff,
    /// ASCII 0x7f); others are an error.
    Narrow(u32),
}

/// Writes UTF-8 given to it in another encoding into `inner`: UTF-16 or
/// UTF-32 (with a byte-order mark first when the encoding's name gives no
/// order, as Python's `utf-16` codec writes), or one byte per character.
#[derive(Debug)]
pub(crate) struct Recoder<W> {
    inner: W,
    target: Target,
    /// The end of a UTF-8 sequence cut by the end of a write.
    partial: Vec<u8>,
    started: bool,
}

impl<W: Write> Recoder<W> {
    pub(crate) fn new(inner: W, target: Target) -> Self {
        Recoder {
            inner,
            target,
            partial: Vec::new(),
            started: false,
        }
    }

    /// The inner writer, once every character given is written.
    pub(crate) fn finish(mut self) -> io::Result<W> {
        if !self.partial.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "text ends inside a UTF-8 character",
            ));
        }
        self.inner.flush()?;
        Ok(self.inner)
    }

    fn encode(&mut self, text: &str) -> io::Result<Vec<u8>> {
        let wide = match self.target {
            Target::Narrow(limit) => {
                return text
                    .chars()
                    .map(|c| match c as u32 {
                        v if v <= limit => Ok(v as u8),
                        _ => Err(io::Error::new(
                            io::ErrorKind::InvalidData,
                            format!("{c:?} cannot be written in this encoding"),
                        )),
                    })
                    .collect();
            }
            Target::Wide(w) => w,
        };
        let order = wide.order().unwrap_or(Order::Little);
        let mut units: Vec<u32> = Vec::new();
        if !self.started {
            self.started = true;
            if wide.order().is_none() {
                units.push(0xfeff);
            }
        }
        match wide {
            Wide::Utf16(_) => units.extend(text.encode_utf16().map(u32::from)),
            Wide::Utf32(_) => units.extend(text.chars().map(u32::from)),
        }
        let mut out = Vec::with_capacity(units.len() * wide.unit());
        for u in units {
            match (wide, order) {
                (Wide::Utf16(_), Order::Little) => out.extend_from_slice(&(u as u16).to_le_bytes()),
                (Wide::Utf16(_), Order::Big) => out.extend_from_slice(&(u as u16).to_be_bytes()),
                (Wide::Utf32(_), Order::Little) => out.extend_from_slice(&u.to_le_bytes()),
                (Wide::Utf32(_), Order::Big) => out.extend_from_slice(&u.to_be_bytes()),
            }
        }
        Ok(out)
    }
}

impl<W: Write> Write for Recoder<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.partial.extend_from_slice(buf);
        let valid = match std::str::from_utf8(&self.partial) {
            Ok(_) => self.partial.len(),
            // An incomplete sequence at the end waits for the next write.
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "text to write is not UTF-8",
                ));
            }
        };
        let rest = self.partial.split_off(valid);
        let text = std::mem::replace(&mut self.partial, rest);
        // Checked just above.
        let text = String::from_utf8(text).unwrap_or_default();
        let bytes = self.encode(&text)?;
        self.inner.write_all(&bytes)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8], wide: Wide) -> io::Result<String> {
        let mut s = String::new();
        Decoder::new(bytes, wide).read_to_string(&mut s)?;
        Ok(s)
    }

    fn encode(text: &str, wide: Wide) -> Vec<u8> {
        let mut w = Recoder::new(Vec::new(), Target::Wide(wide));
        // One byte at a time: characters cut between writes.
        for b in text.as_bytes() {
            w.write_all(&[*b]).unwrap();
        }
        w.finish().unwrap()
    }

    #[test]
    fn round_trips_in_every_form() {
        let text = "1 2\nµ 𝄞 €\n";
        for wide in [
            Wide::Utf16(None),
            Wide::Utf16(Some(Order::Little)),
            Wide::Utf16(Some(Order::Big)),
            Wide::Utf32(None),
            Wide::Utf32(Some(Order::Little)),
            Wide::Utf32(Some(Order::Big)),
        ] {
            let bytes = encode(text, wide);
            assert_eq!(decode(&bytes, wide).unwrap(), text, "{wide:?}");
        }
        // Python's utf-16 writes a mark and little-endian units.
        assert_eq!(encode("1", Wide::Utf16(None)), [0xff, 0xfe, b'1', 0]);
        assert_eq!(encode("1", Wide::Utf32(Some(Order::Big))), [0, 0, 0, b'1']);
        let mut latin1 = Recoder::new(Vec::new(), Target::Narrow(0xff));
        latin1.write_all("µ".as_bytes()).unwrap();
        assert_eq!(latin1.finish().unwrap(), [0xb5]);
        let mut ascii = Recoder::new(Vec::new(), Target::Narrow(0x7f));
        assert!(ascii.write_all("µ".as_bytes()).is_err());
    }

    #[test]
    fn marks_choose_the_order_and_bad_text_is_an_error() {
        assert_eq!(
            decode(&[0xfe, 0xff, 0, b'7'], Wide::Utf16(None)).unwrap(),
            "7"
        );
        assert_eq!(decode(&[b'7', 0], Wide::Utf16(None)).unwrap(), "7");
        assert_eq!(
            decode(&[0, 0, 0xfe, 0xff, 0, 0, 0, b'7'], Wide::Utf32(None)).unwrap(),
            "7"
        );
        let lone = [b'1', 0, b'\n', 0, 0x00, 0xdc];
        let err = decode(&lone, Wide::Utf16(None)).unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
        assert!(decode(&[b'1', 0, 0], Wide::Utf16(None)).is_err());
        assert!(decode(&[0, 0, 0x11, 0], Wide::Utf32(None)).is_err());
    }
}
