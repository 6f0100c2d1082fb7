//! One member compressed on every core: its data is cut into chunks that
//! are compressed independently and concatenated.
//!
//! A deflate chunk ends with a full flush (an empty stored block, with no
//! reference to earlier data), so the chunks together are one ordinary
//! deflate stream that every reader inflates as it inflates any other. The
//! compressed length of each chunk is recorded in the member's extra field
//! ([`ChunkIndex`]), which lets npio inflate the chunks apart, on every
//! core; other readers skip the field.
//!
//! zstd members are one frame, compressed by zstd's own worker threads:
//! Python's zipfile (and so NumPy) reads only the first frame of a member,
//! so several frames would not do.
//!
//! The output is the same whatever the number of threads: deflate chunks
//! are fixed in size and compressed alone, and zstd's multithreaded mode
//! gives the same frame for any number of workers.

use crc32fast::Hasher;
use rayon::prelude::*;
use std::fs::File;
use std::io::{self, Write};

/// Uncompressed bytes of one chunk.
pub(crate) const CHUNK: usize = 1 << 20;

/// Chunks compressed at once, per thread, before their output is written.
const ROUND_PER_THREAD: usize = 2;

/// The private extra-field header ID of a [`ChunkIndex`] (`np` in the file).
pub(crate) const INDEX_HEADER_ID: u16 = 0x706e;

/// Version byte of the index's layout.
const INDEX_VERSION: u8 = 1;

/// At most this many chunks are listed: an extra field holds 65,535 bytes
/// at most, shared with the name's other fields. A longer member has no
/// index and inflates on one core.
const MAX_INDEXED: usize = 15_000;

/// How chunks are compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Codec {
    /// Raw deflate at a zlib-rs level (0–9).
    Deflate(u32),
    /// Zstandard at a level.
    #[cfg(feature = "zstd")]
    Zstd(i32),
}

impl Codec {
    /// How a writer's compression compresses chunks (`None`: stored).
    pub(crate) fn of(compression: crate::Compression) -> Option<Codec> {
        match compression {
            crate::Compression::Stored => None,
            crate::Compression::Deflate(level) => Some(Codec::Deflate(level.clamp(1, 9))),
            #[cfg(feature = "zstd")]
            crate::Compression::Zstd(level) => Some(Codec::Zstd(level.clamp(1, 22))),
        }
    }
}

/// A chunk that level 5 compresses more than this many times over is
/// compressed again at level 9, and the smaller kept (see [`deflate_level`]).
const RETRY_RATIO: usize = 24;

/// Compresses one chunk at the writer's deflate level, as npio maps
/// levels onto zlib-rs (measured against NumPy's zlib on 2 × 128 MiB of
/// a random walk and integers modulo 1000, and on 256 MiB of model-like
/// arrays; figures in docs/benchmarks.md):
///
/// - 1–5, 7, 9: zlib-rs at that level.
/// - 6, zlib's default and what `np.savez_compressed` uses: zlib-rs level 5,
///   and level 9 for chunks that level 5 compresses more than 24-fold.
///   zlib-rs's own level 6 (zlib-ng's "medium" matcher) is fast but up to
///   6% larger than zlib's level 6 on periodic data; its level 7 is within
///   1% but 1.7 times slower. Level 5 is within 1% of zlib's 6 on ordinary
///   data at twice zlib's speed, and the periodic data it handles poorly
///   is exactly what compresses far, where level 9 wins it back.
/// - 8: zlib-rs level 7. zlib-rs's level 8 is slower than its 9 and
///   larger than its 7 on both data sets; 7 is what level 8 should give.
fn deflate_level(level: u32, data: &[u8], last: bool) -> io::Result<Vec<u8>> {
    match level {
        6 => {
            let quick = deflate_chunk(5, data, last)?;
            if quick.len().saturating_mul(RETRY_RATIO) < data.len() {
                let small = deflate_chunk(9, data, last)?;
                if small.len() < quick.len() {
                    return Ok(small);
                }
            }
            Ok(quick)
        }
        8 => deflate_chunk(7, data, last),
        n => deflate_chunk(n, data, last),
    }
}

/// Compresses one deflate chunk at a zlib-rs level; `last` ends the stream.
fn deflate_chunk(level: u32, data: &[u8], last: bool) -> io::Result<Vec<u8>> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    let mut c = Compress::new(Compression::new(level), false);
    let flush = if last {
        FlushCompress::Finish
    } else {
        FlushCompress::Full
    };
    let mut out = Vec::with_capacity(data.len() + data.len() / 16 + 64);
    loop {
        let consumed = usize::try_from(c.total_in()).unwrap_or(data.len());
        let status = c
            .compress_vec(&data[consumed.min(data.len())..], &mut out, flush)
            .map_err(io::Error::other)?;
        let all_in = c.total_in() as usize >= data.len();
        // A flush is complete when it left output space unused; a finish
        // when the stream has ended.
        let done = match flush {
            FlushCompress::Finish => status == Status::StreamEnd,
            _ => out.len() < out.capacity(),
        };
        if all_in && done {
            return Ok(out);
        }
        out.reserve(out.capacity().max(4096));
    }
}

/// The compressed length of each chunk of a member, stored in its extra
/// field under [`INDEX_HEADER_ID`].
///
/// Layout (little-endian): version `u8` (1), log2 of the chunk size `u8`,
/// the number of chunks `u32`, then each chunk's compressed length `u32`.
/// Every chunk but the last holds exactly the chunk size of data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChunkIndex {
    /// Uncompressed bytes of every chunk but the last.
    pub chunk_size: usize,
    /// Compressed bytes of each chunk, in order.
    pub compressed: Vec<u32>,
}

impl ChunkIndex {
    /// The extra field's data (without its header ID and length).
    pub(crate) fn encode(&self) -> Option<Vec<u8>> {
        if self.compressed.len() > MAX_INDEXED || !self.chunk_size.is_power_of_two() {
            return None;
        }
        let count = u32::try_from(self.compressed.len()).ok()?;
        let mut out = Vec::with_capacity(6 + 4 * self.compressed.len());
        out.push(INDEX_VERSION);
        out.push(self.chunk_size.trailing_zeros() as u8);
        out.extend_from_slice(&count.to_le_bytes());
        for c in &self.compressed {
            out.extend_from_slice(&c.to_le_bytes());
        }
        Some(out)
    }

    /// Reads an index, or `None` when `data` is not one npio wrote.
    pub(crate) fn decode(data: &[u8]) -> Option<ChunkIndex> {
        let (&version, rest) = data.split_first()?;
        let (&log2, rest) = rest.split_first()?;
        if version != INDEX_VERSION || !(10..=30).contains(&log2) || rest.len() < 4 {
            return None;
        }
        let (count, rest) = rest.split_at(4);
        let count = u32::from_le_bytes(count.try_into().ok()?) as usize;
        if count == 0 || count > MAX_INDEXED || rest.len() != 4 * count {
            return None;
        }
        let compressed = rest
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        Some(ChunkIndex {
            chunk_size: 1 << log2,
            compressed,
        })
    }

    /// Finds the index among a member's extra fields.
    pub(crate) fn find(extra: &[u8]) -> Option<ChunkIndex> {
        let mut rest = extra;
        while rest.len() >= 4 {
            let id = u16::from_le_bytes([rest[0], rest[1]]);
            let len = u16::from_le_bytes([rest[2], rest[3]]) as usize;
            let body = rest.get(4..4 + len)?;
            if id == INDEX_HEADER_ID {
                return ChunkIndex::decode(body);
            }
            rest = &rest[4 + len..];
        }
        None
    }
}

/// A member's data compressed chunk by chunk, waiting in a temporary file
/// to be added to the archive.
#[derive(Debug)]
pub(crate) struct Compressed {
    /// The compressed stream, positioned at its start.
    pub spool: File,
    pub crc32: u32,
    pub size: u64,
    pub compressed_size: u64,
    /// Where each deflate chunk starts (zstd members have none).
    pub index: Option<ChunkIndex>,
}

/// Compresses what is written to it, a round of chunks at a time on every
/// core, into a temporary file. Memory holds one round's input and
/// output: two chunks per thread of each.
pub(crate) struct ChunkedWriter {
    /// The deflate level; unused for zstd.
    level: u32,
    /// A zstd member's encoder, writing to the spool.
    #[cfg(feature = "zstd")]
    zstd: Option<zstd::stream::write::Encoder<'static, Counted>>,
    /// Input not yet compressed (less than a round, or a whole round).
    pending: Vec<u8>,
    round: usize,
    /// A deflate member's compressed chunks.
    spool: Option<File>,
    crc: Hasher,
    size: u64,
    compressed_size: u64,
    lengths: Vec<u32>,
}

impl std::fmt::Debug for ChunkedWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChunkedWriter")
            .field("size", &self.size)
            .field("compressed_size", &self.compressed_size)
            .finish_non_exhaustive()
    }
}

/// The spool, counting the bytes written to it.
#[cfg(feature = "zstd")]
#[derive(Debug)]
pub(crate) struct Counted {
    file: File,
    written: u64,
}

#[cfg(feature = "zstd")]
impl Write for Counted {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl ChunkedWriter {
    pub(crate) fn new(codec: Codec) -> io::Result<ChunkedWriter> {
        let threads = rayon::current_num_threads().max(1);
        let spool = tempfile::tempfile()?;
        let mut w = ChunkedWriter {
            level: 6,
            #[cfg(feature = "zstd")]
            zstd: None,
            pending: Vec::new(),
            round: CHUNK * ROUND_PER_THREAD * threads,
            spool: None,
            crc: Hasher::new(),
            size: 0,
            compressed_size: 0,
            lengths: Vec::new(),
        };
        match codec {
            Codec::Deflate(level) => {
                w.level = level;
                w.pending.reserve(w.round);
                w.spool = Some(spool);
            }
            #[cfg(feature = "zstd")]
            Codec::Zstd(level) => {
                let counted = Counted {
                    file: spool,
                    written: 0,
                };
                let mut e = zstd::stream::write::Encoder::new(counted, level)?;
                // Always zstd's multithreaded mode, whose frame does not
                // depend on the number of workers.
                e.multithread(threads as u32)?;
                w.zstd = Some(e);
            }
        }
        Ok(w)
    }

    /// Compresses the pending input: whole chunks only, unless `last`.
    fn compress_pending(&mut self, last: bool) -> io::Result<()> {
        let whole = if last {
            self.pending.len()
        } else {
            self.pending.len() / CHUNK * CHUNK
        };
        if whole == 0 && !last {
            return Ok(());
        }
        let level = self.level;
        let data = &self.pending[..whole];
        let count = data.len().div_ceil(CHUNK).max(1);
        let results: Vec<io::Result<(Vec<u8>, Hasher)>> = (0..count)
            .into_par_iter()
            .map(|i| {
                let part = &data[(i * CHUNK).min(data.len())..((i + 1) * CHUNK).min(data.len())];
                let mut crc = Hasher::new();
                crc.update(part);
                Ok((deflate_level(level, part, last && i + 1 == count)?, crc))
            })
            .collect();
        let Some(spool) = self.spool.as_mut() else {
            return Err(io::Error::other("no deflate spool"));
        };
        for r in results {
            let (out, crc) = r?;
            spool.write_all(&out)?;
            self.crc.combine(&crc);
            self.compressed_size += out.len() as u64;
            self.lengths
                .push(u32::try_from(out.len()).map_err(io::Error::other)?);
        }
        self.size += whole as u64;
        self.pending.drain(..whole);
        Ok(())
    }

    /// Compresses the rest and returns the member's compressed data.
    pub(crate) fn finish(mut self) -> io::Result<Compressed> {
        use std::io::Seek;
        #[cfg(feature = "zstd")]
        if let Some(e) = self.zstd.take() {
            let mut counted = e.finish()?;
            counted.file.rewind()?;
            return Ok(Compressed {
                spool: counted.file,
                crc32: self.crc.finalize(),
                size: self.size,
                compressed_size: counted.written,
                index: None,
            });
        }
        self.compress_pending(true)?;
        let mut spool = self
            .spool
            .take()
            .ok_or_else(|| io::Error::other("no deflate spool"))?;
        spool.rewind()?;
        Ok(Compressed {
            spool,
            crc32: self.crc.finalize(),
            size: self.size,
            compressed_size: self.compressed_size,
            index: Some(ChunkIndex {
                chunk_size: CHUNK,
                compressed: self.lengths,
            }),
        })
    }
}

impl Write for ChunkedWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        #[cfg(feature = "zstd")]
        if let Some(e) = self.zstd.as_mut() {
            let n = e.write(buf)?;
            self.crc.update(&buf[..n]);
            self.size += n as u64;
            return Ok(n);
        }
        let room = self.round - self.pending.len();
        let n = buf.len().min(room);
        self.pending.extend_from_slice(&buf[..n]);
        if self.pending.len() == self.round {
            self.compress_pending(false)?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn sample(len: usize) -> Vec<u8> {
        (0..len)
            .map(|i| ((i / 7) % 251) as u8 ^ (i as u8))
            .collect()
    }

    fn inflate(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::DeflateDecoder::new(data)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn chunks_concatenate_into_one_deflate_stream() {
        let round = CHUNK * ROUND_PER_THREAD * rayon::current_num_threads();
        for len in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK + 77, round] {
            let data = sample(len);
            let mut w = ChunkedWriter::new(Codec::Deflate(6)).unwrap();
            // Written in odd pieces, as a caller would.
            for piece in data.chunks(300_007) {
                w.write_all(piece).unwrap();
            }
            let mut c = w.finish().unwrap();
            let mut compressed = Vec::new();
            c.spool.read_to_end(&mut compressed).unwrap();
            assert_eq!(c.compressed_size, compressed.len() as u64);
            assert_eq!(c.size, len as u64);
            assert_eq!(c.crc32, crc32fast::hash(&data));
            assert_eq!(inflate(&compressed), data, "{len}");
            // A stream that ends on a round's end gets an empty last chunk.
            let chunks = len.div_ceil(CHUNK).max(1) + usize::from(len > 0 && len % round == 0);
            let index = c.index.unwrap();
            assert_eq!(index.compressed.len(), chunks);
            let sum: u64 = index.compressed.iter().map(|&n| n as u64).sum();
            assert_eq!(sum, compressed.len() as u64);
            // Each chunk inflates alone.
            let mut at = 0;
            for (i, &n) in index.compressed.iter().enumerate() {
                let chunk = &compressed[at..at + n as usize];
                let mut d = flate2::Decompress::new(false);
                let mut out = Vec::with_capacity(CHUNK + 1);
                d.decompress_vec(chunk, &mut out, flate2::FlushDecompress::Sync)
                    .unwrap();
                let start = i * CHUNK;
                assert_eq!(out, data[start..(start + CHUNK).min(len)]);
                at += n as usize;
            }
        }
    }

    #[cfg(feature = "zstd")]
    #[test]
    fn zstd_members_are_one_frame() {
        let data = sample(3 * CHUNK + 5);
        let mut w = ChunkedWriter::new(Codec::Zstd(3)).unwrap();
        w.write_all(&data).unwrap();
        let mut c = w.finish().unwrap();
        let mut compressed = Vec::new();
        c.spool.read_to_end(&mut compressed).unwrap();
        assert_eq!(c.compressed_size, compressed.len() as u64);
        assert_eq!(c.crc32, crc32fast::hash(&data));
        // One frame: a single-frame decoder reads all of it.
        let mut one = Vec::new();
        zstd::stream::read::Decoder::new(&compressed[..])
            .unwrap()
            .single_frame()
            .read_to_end(&mut one)
            .unwrap();
        assert_eq!(one, data);
        assert!(c.index.is_none());
    }

    #[test]
    fn the_same_bytes_whatever_the_threads() {
        let data = sample(6 * CHUNK + 3);
        let run = |codec, threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| {
                    let mut w = ChunkedWriter::new(codec).unwrap();
                    w.write_all(&data).unwrap();
                    let mut c = w.finish().unwrap();
                    let mut out = Vec::new();
                    c.spool.read_to_end(&mut out).unwrap();
                    out
                })
        };
        let mut codecs = vec![Codec::Deflate(6)];
        #[cfg(feature = "zstd")]
        codecs.push(Codec::Zstd(3));
        for codec in codecs {
            assert_eq!(run(codec, 1), run(codec, 3), "{codec:?}");
        }
    }

    #[test]
    fn indexes_round_trip_and_refuse_damage() {
        let index = ChunkIndex {
            chunk_size: CHUNK,
            compressed: vec![10, 20, 30],
        };
        let bytes = index.encode().unwrap();
        assert_eq!(ChunkIndex::decode(&bytes), Some(index.clone()));
        let mut extra = vec![0x01, 0x00, 0x00, 0x00]; // an empty zip64 field first
        extra.extend_from_slice(&INDEX_HEADER_ID.to_le_bytes());
        extra.extend_from_slice(&(bytes.len() as u16).to_le_bytes());
        extra.extend_from_slice(&bytes);
        assert_eq!(ChunkIndex::find(&extra), Some(index));
        for cut in 0..bytes.len() {
            assert_eq!(ChunkIndex::decode(&bytes[..cut]), None, "{cut}");
        }
        let mut wrong = bytes.clone();
        wrong[0] = 2;
        assert_eq!(ChunkIndex::decode(&wrong), None);
        assert_eq!(ChunkIndex::find(&extra[..extra.len() - 1]), None);
    }
}
