//! Inflating a member npio wrote on every core, from its chunk index.
//!
//! A deflate member that npio compressed chunk by chunk carries the
//! compressed length of each chunk ([`ChunkIndex`]); each chunk inflates
//! alone, so a round of them inflates in parallel while the reader hands
//! out the previous round. Nothing in the index is trusted: it must agree
//! with the member's sizes before it is used, every chunk must inflate to
//! exactly its share of the data, and the CRC of the whole must match. A
//! member whose index disagrees is read by the zip reader instead.

use crate::chunked::ChunkIndex;
use crc32fast::Hasher;
use flate2::{Decompress, FlushDecompress, Status};
use rayon::prelude::*;
use std::collections::VecDeque;
use std::io::{self, Read};

/// Chunks inflated at once, per thread.
const ROUND_PER_THREAD: usize = 2;

/// A member's uncompressed bytes, inflated a round of chunks at a time.
pub(crate) struct IndexedInflate<R> {
    /// The member's compressed bytes, read in order.
    raw: R,
    index: ChunkIndex,
    /// Uncompressed bytes of each chunk.
    sizes: Vec<usize>,
    next: usize,
    /// The chunks of the round being handed out, and the position in the
    /// first of them.
    ready: VecDeque<Vec<u8>>,
    at: usize,
    /// Buffers of chunks handed out, for the next round's chunks.
    free: Vec<Vec<u8>>,
    crc: Hasher,
    expected_crc: u32,
    failed: bool,
}

impl<R> std::fmt::Debug for IndexedInflate<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexedInflate")
            .field("chunks", &self.sizes.len())
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}

impl<R: Read> IndexedInflate<R> {
    /// An inflater over `raw`, the compressed bytes of a member of `size`
    /// bytes (`compressed` compressed) with CRC `crc32`, if `index` agrees
    /// with those sizes (see [`chunk_sizes`]).
    pub(crate) fn new(
        raw: R,
        index: ChunkIndex,
        size: u64,
        compressed: u64,
        crc32: u32,
    ) -> Option<IndexedInflate<R>> {
        let sizes = chunk_sizes(&index, size, compressed)?;
        Some(IndexedInflate {
            raw,
            index,
            sizes,
            next: 0,
            ready: VecDeque::new(),
            at: 0,
            free: Vec::new(),
            crc: Hasher::new(),
            expected_crc: crc32,
            failed: false,
        })
    }

    /// Inflates the next round of chunks into `ready`.
    fn fill(&mut self) -> io::Result<()> {
        let count = self.sizes.len();
        let take = (ROUND_PER_THREAD * rayon::current_num_threads().max(1)).min(count - self.next);
        let mut inputs = Vec::with_capacity(take);
        for i in self.next..self.next + take {
            let mut input = vec![0u8; self.index.compressed[i] as usize];
            self.raw.read_exact(&mut input)?;
            let out = self.free.pop().unwrap_or_default();
            inputs.push((input, out, self.sizes[i], i + 1 == count));
        }
        let outputs: Vec<io::Result<(Vec<u8>, Hasher)>> = inputs
            .into_par_iter()
            .map(|(input, mut out, size, last)| {
                inflate_chunk(&input, size, last, &mut out)?;
                let mut crc = Hasher::new();
                crc.update(&out);
                Ok((out, crc))
            })
            .collect();
        self.ready.clear();
        self.at = 0;
        for o in outputs {
            let (out, crc) = o?;
            self.crc.combine(&crc);
            self.ready.push_back(out);
        }
        self.next += take;
        if self.next == count && self.crc.clone().finalize() != self.expected_crc {
            return Err(damaged("the data does not match its CRC-32"));
        }
        Ok(())
    }
}

impl<R: Read> Read for IndexedInflate<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.failed {
            return Err(damaged("an earlier read failed"));
        }
        // Chunks handed out in full go back to the pool.
        while self.ready.front().is_some_and(|c| self.at == c.len()) {
            if let Some(done) = self.ready.pop_front() {
                self.free.push(done);
            }
            self.at = 0;
        }
        if self.ready.is_empty() {
            if self.next == self.sizes.len() {
                return Ok(0);
            }
            if let Err(e) = self.fill() {
                self.failed = true;
                return Err(e);
            }
        }
        let Some(chunk) = self.ready.front() else {
            return Ok(0);
        };
        let n = buf.len().min(chunk.len() - self.at);
        buf[..n].copy_from_slice(&chunk[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// The uncompressed size of each chunk `index` lists, if the index agrees
/// with a member of `size` bytes, `compressed` compressed: its lengths
/// add up to the compressed size, and every chunk but the last holds a
/// whole chunk of the data.
pub(crate) fn chunk_sizes(index: &ChunkIndex, size: u64, compressed: u64) -> Option<Vec<usize>> {
    let total: u64 = index.compressed.iter().map(|&c| c as u64).sum();
    let count = index.compressed.len();
    let full = (count as u64)
        .checked_sub(1)?
        .checked_mul(index.chunk_size as u64)?;
    let last = size.checked_sub(full)?;
    if total != compressed || last > index.chunk_size as u64 {
        return None;
    }
    let mut sizes = vec![index.chunk_size; count - 1];
    sizes.push(last as usize);
    Some(sizes)
}

fn damaged(why: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("damaged member: {why}"))
}

/// Inflates one chunk into `out` (its earlier contents dropped, its room
/// reused), which must give exactly `size` bytes and, for the last, end
/// the deflate stream.
fn inflate_chunk(input: &[u8], size: usize, last: bool, out: &mut Vec<u8>) -> io::Result<()> {
    let mut d = Decompress::new(false);
    // One byte of room more than the chunk's share shows a chunk that
    // would give more.
    out.clear();
    out.reserve_exact(size + 1);
    loop {
        let before = (d.total_in(), d.total_out());
        let consumed = usize::try_from(d.total_in()).unwrap_or(input.len());
        let status = d
            .decompress_vec(
                &input[consumed.min(input.len())..],
                out,
                FlushDecompress::Sync,
            )
            .map_err(|e| damaged(&e.to_string()))?;
        if out.len() > size {
            return Err(damaged("a chunk inflates beyond its size"));
        }
        let all_in = d.total_in() as usize >= input.len();
        if status == Status::StreamEnd {
            if !last || !all_in {
                return Err(damaged("the deflate stream ends early"));
            }
            break;
        }
        if all_in {
            if last {
                return Err(damaged("the deflate stream does not end"));
            }
            break;
        }
        if (d.total_in(), d.total_out()) == before {
            return Err(damaged("a chunk does not inflate"));
        }
    }
    if out.len() != size {
        return Err(damaged("a chunk inflates short of its size"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chunked::{ChunkedWriter, Codec};
    use std::io::Write;

    fn compressed(data: &[u8]) -> (Vec<u8>, ChunkIndex, u32) {
        let mut w = ChunkedWriter::new(Codec::Deflate(6)).unwrap();
        w.write_all(data).unwrap();
        let mut c = w.finish().unwrap();
        let mut bytes = Vec::new();
        c.spool.read_to_end(&mut bytes).unwrap();
        (bytes, c.index.unwrap(), c.crc32)
    }

    fn sample(len: usize) -> Vec<u8> {
        (0..len)
            .map(|i| ((i * 31) % 257) as u8 ^ (i >> 12) as u8)
            .collect()
    }

    #[test]
    fn gives_the_bytes_a_serial_inflate_gives() {
        for len in [0, 10, crate::chunked::CHUNK, 7 * crate::chunked::CHUNK + 5] {
            let data = sample(len);
            let (bytes, index, crc) = compressed(&data);
            let mut r = IndexedInflate::new(&bytes[..], index, len as u64, bytes.len() as u64, crc)
                .unwrap();
            let mut back = Vec::new();
            r.read_to_end(&mut back).unwrap();
            assert_eq!(back, data, "{len}");
        }
    }

    /// Reads of every size, most of them across chunk ends, give the same
    /// bytes (buffers of chunks handed out are reused for later ones).
    #[test]
    fn small_reads_across_chunks_give_the_same_bytes() {
        let chunk = crate::chunked::CHUNK;
        let data = sample(9 * chunk + 333);
        let (bytes, index, crc) = compressed(&data);
        for step in [1000, chunk - 1, chunk + 7, 3 * chunk] {
            let mut r = IndexedInflate::new(
                &bytes[..],
                index.clone(),
                data.len() as u64,
                bytes.len() as u64,
                crc,
            )
            .unwrap();
            let mut back = Vec::new();
            let mut buf = vec![0u8; step];
            loop {
                let n = r.read(&mut buf).unwrap();
                if n == 0 {
                    break;
                }
                assert!(n <= step);
                back.extend_from_slice(&buf[..n]);
            }
            assert!(back == data, "reads of {step} bytes");
            assert!(r.free.len() <= 4 * rayon::current_num_threads().max(1));
        }
    }

    #[test]
    fn indexes_that_disagree_with_the_sizes_are_refused() {
        let data = sample(3 * crate::chunked::CHUNK + 1);
        let (bytes, index, crc) = compressed(&data);
        let (len, n) = (data.len() as u64, bytes.len() as u64);
        let chunk = crate::chunked::CHUNK as u64;
        assert!(IndexedInflate::new(&bytes[..], index.clone(), len + chunk, n, crc).is_none());
        // A size the lengths cannot rule out: the last chunk comes short.
        let mut r = IndexedInflate::new(&bytes[..], index.clone(), len + 1, n, crc).unwrap();
        assert!(r.read_to_end(&mut Vec::new()).is_err());
        assert!(IndexedInflate::new(&bytes[..], index.clone(), len, n + 1, crc).is_none());
        let mut short = index.clone();
        short.compressed.pop();
        assert!(IndexedInflate::new(&bytes[..], short, len, n, crc).is_none());
        // Lengths that add up but split the chunks wrongly: an error, never
        // wrong bytes.
        let mut moved = index;
        moved.compressed[0] -= 1;
        moved.compressed[1] += 1;
        let mut r = IndexedInflate::new(&bytes[..], moved, len, n, crc).unwrap();
        let mut back = Vec::new();
        let err = r.read_to_end(&mut back).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        // A wrong CRC is an error at the end.
        let (bytes, index, crc) = compressed(&data);
        let mut r = IndexedInflate::new(&bytes[..], index, len, n, crc ^ 1).unwrap();
        assert!(r.read_to_end(&mut Vec::new()).is_err());
    }
}
