//! Compressed text files, chosen by the file name's extension as NumPy's
//! `DataSource` chooses them: `.gz` (gzip), `.bz2` (bzip2), `.xz` (xz) and
//! `.lzma` (xz or legacy lzma) are decompressed when read and compressed
//! when written.

use npy_format::FusedReader;
use std::io::{self, BufReader, Read, Write};
use std::path::Path;

/// How a text file's bytes are compressed, by its name.
///
/// # Example
///
/// ```
/// use delimited_text::Compression;
/// use std::io::{Read, Write};
///
/// assert_eq!(Compression::from_path("table.csv.bz2"), Compression::Bzip2);
/// assert_eq!(Compression::from_path("table.csv"), Compression::None);
///
/// let mut w = Compression::Xz.encoder(Vec::new())?;
/// w.write_all(b"1 2\n3 4\n")?;
/// let packed = w.finish()?;
/// let mut text = String::new();
/// Compression::Xz.decoder(&packed[..]).read_to_string(&mut text)?;
/// assert_eq!(text, "1 2\n3 4\n");
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Compression {
    /// Plain text.
    None,
    /// gzip (`.gz`); concatenated members are read as one text.
    Gzip,
    /// bzip2 (`.bz2`); concatenated streams are read as one text.
    Bzip2,
    /// xz (`.xz`); concatenated streams are read as one text.
    Xz,
    /// `.lzma`: read as xz or as the legacy lzma format, whichever the
    /// bytes are (as Python's `lzma` module reads them); written as xz,
    /// as Python writes it.
    Lzma,
}

/// The most memory an xz or lzma stream may ask for to be decoded: its
/// header sets the dictionary's size, and an untrusted file could ask for
/// gigabytes. `xz -9` needs 65 MiB.
const LZMA_MEM_LIMIT_KB: u32 = 512 << 10;

impl Compression {
    /// The compression a file name's extension names (any case).
    pub fn from_path<P: AsRef<Path>>(path: P) -> Compression {
        let ext = path.as_ref().extension().and_then(|e| e.to_str());
        match ext.map(str::to_ascii_lowercase).as_deref() {
            Some("gz") => Compression::Gzip,
            Some("bz2") => Compression::Bzip2,
            Some("xz") => Compression::Xz,
            Some("lzma") => Compression::Lzma,
            _ => Compression::None,
        }
    }

    /// Whether the bytes are compressed (so the file's size says nothing
    /// of the text's).
    pub fn is_compressed(self) -> bool {
        self != Compression::None
    }

    /// The text read from compressed `reader`. A decompression error is
    /// returned again by every later read (see [`FusedReader`]).
    pub fn decoder<'a, R: Read + Send + 'a>(self, reader: R) -> Box<dyn Read + Send + 'a> {
        match self {
            Compression::None => Box::new(reader),
            Compression::Gzip => Box::new(FusedReader::new(flate2::read::MultiGzDecoder::new(
                BufReader::new(reader),
            ))),
            Compression::Bzip2 => {
                Box::new(FusedReader::new(bzip2::read::MultiBzDecoder::new(reader)))
            }
            Compression::Xz => Box::new(FusedReader::new(lzma_rust2::XzReader::new_mem_limit(
                BufReader::new(reader),
                true,
                LZMA_MEM_LIMIT_KB,
            ))),
            Compression::Lzma => Box::new(FusedReader::new(LzmaAuto::Start(Some(reader)))),
        }
    }

    /// A writer compressing into `writer`, with the levels Python's
    /// modules use by default (gzip and bzip2 9, xz preset 6); call
    /// [`Encoder::finish`] to end the stream.
    pub fn encoder<W: Write>(self, writer: W) -> io::Result<Encoder<W>> {
        Ok(Encoder(match self {
            Compression::None => Inner::Plain(writer),
            Compression::Gzip => Inner::Gzip(flate2::write::GzEncoder::new(
                writer,
                flate2::Compression::best(),
            )),
            Compression::Bzip2 => Inner::Bzip2(bzip2::write::BzEncoder::new(
                writer,
                bzip2::Compression::best(),
            )),
            Compression::Xz | Compression::Lzma => Inner::Xz(Box::new(lzma_rust2::XzWriter::new(
                writer,
                lzma_rust2::XzOptions::with_preset(6),
            )?)),
        }))
    }
}

/// A `.lzma` file's text: the first bytes tell xz from legacy lzma.
enum LzmaAuto<R: Read> {
    Start(Option<R>),
    Xz(lzma_rust2::XzReader<std::io::Chain<std::io::Cursor<Vec<u8>>, BufReader<R>>>),
    Lzma(lzma_rust2::LzmaReader<std::io::Chain<std::io::Cursor<Vec<u8>>, BufReader<R>>>),
}

impl<R: Read> Read for LzmaAuto<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let LzmaAuto::Start(reader) = self {
            let Some(reader) = reader.take() else {
                return Err(io::Error::other("the lzma stream failed to start"));
            };
            let mut reader = BufReader::new(reader);
            let mut magic = Vec::with_capacity(6);
            (&mut reader).take(6).read_to_end(&mut magic)?;
            let stream = std::io::Cursor::new(magic.clone()).chain(reader);
            *self = if magic == b"\xfd7zXZ\x00" {
                LzmaAuto::Xz(lzma_rust2::XzReader::new_mem_limit(
                    stream,
                    true,
                    LZMA_MEM_LIMIT_KB,
                ))
            } else {
                LzmaAuto::Lzma(lzma_rust2::LzmaReader::new_mem_limit(
                    stream,
                    LZMA_MEM_LIMIT_KB,
                    None,
                )?)
            };
        }
        match self {
            LzmaAuto::Xz(r) => r.read(buf),
            LzmaAuto::Lzma(r) => r.read(buf),
            LzmaAuto::Start(_) => Ok(0),
        }
    }
}

/// A writer that compresses as [`Compression::encoder`] chose.
#[derive(Debug)]
pub struct Encoder<W: Write>(Inner<W>);

enum Inner<W: Write> {
    Plain(W),
    Gzip(flate2::write::GzEncoder<W>),
    Bzip2(bzip2::write::BzEncoder<W>),
    Xz(Box<lzma_rust2::XzWriter<W>>),
}

impl<W: Write> std::fmt::Debug for Inner<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Inner::Plain(_) => "Plain",
            Inner::Gzip(_) => "Gzip",
            Inner::Bzip2(_) => "Bzip2",
            Inner::Xz(_) => "Xz",
        })
    }
}

impl<W: Write> Encoder<W> {
    /// Ends the compressed stream and returns the inner writer.
    pub fn finish(self) -> io::Result<W> {
        match self.0 {
            Inner::Plain(w) => Ok(w),
            Inner::Gzip(g) => g.finish(),
            Inner::Bzip2(b) => b.finish(),
            Inner::Xz(x) => x.finish(),
        }
    }
}

impl<W: Write> Write for Encoder<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.0 {
            Inner::Plain(w) => w.write(buf),
            Inner::Gzip(g) => g.write(buf),
            Inner::Bzip2(b) => b.write(buf),
            Inner::Xz(x) => x.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.0 {
            Inner::Plain(w) => w.flush(),
            Inner::Gzip(g) => g.flush(),
            Inner::Bzip2(b) => b.flush(),
            Inner::Xz(x) => x.flush(),
        }
    }
}
