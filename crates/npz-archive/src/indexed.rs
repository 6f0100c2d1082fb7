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

    /// Chunks inflated at once.
    fn round(&self) -> usize {
        (ROUND_PER_THREAD * rayon::current_num_threads().max(1)).min(self.sizes.len() - self.next)
    }

    /// How many of the next round's chunks fit whole in `room` bytes.
    fn fitting(&self, room: usize) -> usize {
        let mut total = 0usize;
        self.sizes[self.next..self.next + self.round()]
            .iter()
            .take_while(|&&size| {
                total = total.saturating_add(size);
                total <= room
            })
            .count()
    }

    /// Inflates the next `count` chunks into `outs`, one slice each of
    /// its chunk's size, on every core; checks the CRC after the last.
    fn inflate_round(&mut self, outs: Vec<&mut [u8]>) -> io::Result<()> {
        let count = self.sizes.len();
        let mut inputs = Vec::with_capacity(outs.len());
        for (i, out) in (self.next..).zip(outs) {
            let mut input = vec![0u8; self.index.compressed[i] as usize];
            self.raw.read_exact(&mut input)?;
            inputs.push((input, out, i + 1 == count));
        }
        let taken = inputs.len();
        let crcs: Vec<io::Result<Hasher>> = inputs
            .into_par_iter()
            .map(|(input, out, last)| {
                inflate_chunk(&input, last, out)?;
                let mut crc = Hasher::new();
                crc.update(out);
                Ok(crc)
            })
            .collect();
        for crc in crcs {
            self.crc.combine(&crc?);
        }
        self.next += taken;
        if self.next == count && self.crc.clone().finalize() != self.expected_crc {
            return Err(damaged("the data does not match its CRC-32"));
        }
        Ok(())
    }

    /// Inflates the next round of chunks into `ready`, in buffers of
    /// chunks handed out before.
    fn fill(&mut self) -> io::Result<()> {
        let take = self.round();
        let mut bufs: Vec<Vec<u8>> = (self.next..self.next + take)
            .map(|i| {
                let mut buf = self.free.pop().unwrap_or_default();
                // Zeroes only what this buffer never held before.
                buf.resize(self.sizes[i], 0);
                buf
            })
            .collect();
        self.inflate_round(bufs.iter_mut().map(Vec::as_mut_slice).collect())?;
        self.at = 0;
        self.ready.extend(bufs);
        Ok(())
    }

    /// Inflates the next `count` chunks straight into `buf`, which holds
    /// them; the bytes given.
    fn fill_direct(&mut self, buf: &mut [u8], count: usize) -> io::Result<usize> {
        let mut outs = Vec::with_capacity(count);
        let mut rest = buf;
        for &size in &self.sizes[self.next..self.next + count] {
            let (out, after) = rest.split_at_mut(size);
            outs.push(out);
            rest = after;
        }
        let given = outs.iter().map(|o| o.len()).sum();
        self.inflate_round(outs)?;
        Ok(given)
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
            if self.next == self.sizes.len() || buf.is_empty() {
                return Ok(0);
            }
            // A reader asking for whole chunks gets them without a copy.
            let result = match self.fitting(buf.len()) {
                0 => self.fill().map(|()| None),
                n => self.fill_direct(buf, n).map(Some),
            };
            match result {
                Ok(Some(given)) => return Ok(given),
                Ok(None) => {}
                Err(e) => {
                    self.failed = true;
                    return Err(e);
                }
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

/// Inflates one chunk into `out`, which it must fill exactly, and, for
/// the last chunk, end the deflate stream there.
fn inflate_chunk(input: &[u8], last: bool, out: &mut [u8]) -> io::Result<()> {
    let mut d = Decompress::new(false);
    // Once `out` is full, whatever the chunk still holds must give nothing
    // (its flush marker, or the stream's end): anything it gives lands
    // here and shows a chunk that inflates beyond its share.
    let mut beyond = [0u8; 64];
    loop {
        let (read, given) = (d.total_in(), d.total_out());
        let from = usize::try_from(read).map_or(input.len(), |r| r.min(input.len()));
        let to = usize::try_from(given).map_or(out.len(), |g| g.min(out.len()));
        let room: &mut [u8] = if to < out.len() {
            &mut out[to..]
        } else {
            &mut beyond
        };
        let status = d
            .decompress(&input[from..], room, FlushDecompress::Sync)
            .map_err(|e| damaged(&e.to_string()))?;
        if d.total_out() > out.len() as u64 {
            return Err(damaged("a chunk inflates beyond its size"));
        }
        let all_in = d.total_in() >= input.len() as u64;
        if status == Status::StreamEnd {
            if !last || !all_in {
                return Err(damaged("the deflate stream ends early"));
            }
            break;
        }
        if (d.total_in(), d.total_out()) == (read, given) {
            // Nothing more comes out of this chunk.
            if !all_in {
                return Err(damaged("a chunk does not inflate"));
            }
            if last {
                return Err(damaged("the deflate stream does not end"));
            }
            break;
        }
    }
    if d.total_out() != out.len() as u64 {
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

    /// Everything `r` gives, read `step` bytes at most at a time.
    fn read_in_steps(r: &mut impl Read, step: usize) -> Vec<u8> {
        let mut back = Vec::new();
        let mut buf = vec![0u8; step];
        loop {
            let n = r.read(&mut buf).unwrap();
            if n == 0 {
                return back;
            }
            assert!(n <= step);
            back.extend_from_slice(&buf[..n]);
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
            let back = read_in_steps(&mut r, step);
            assert!(back == data, "reads of {step} bytes");
            assert!(r.free.len() <= 4 * rayon::current_num_threads().max(1));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

        /// The chunks inflated apart, on every core, read in steps of any
        /// size, give exactly what one serial inflate of the whole stream
        /// gives (which is the data written).
        #[test]
        fn parallel_inflate_gives_what_a_serial_inflate_gives(
            len in 0usize..4 * crate::chunked::CHUNK + 999,
            seed in proptest::prelude::any::<u64>(),
            step in proptest::prop_oneof![
                1usize..70_000,
                proptest::strategy::Just(crate::chunked::CHUNK),
                crate::chunked::CHUNK..5 * crate::chunked::CHUNK,
            ],
        ) {
            // Runs of repeated bytes between stretches of noise, so that
            // chunks compress differently.
            let mut x = seed | 1;
            let data: Vec<u8> = (0..len)
                .map(|i| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    if (i / 5000) % 3 == 0 { (x >> 56) as u8 } else { (i / 777) as u8 }
                })
                .collect();
            let (bytes, index, crc) = compressed(&data);
            let mut serial = Vec::new();
            flate2::read::DeflateDecoder::new(&bytes[..])
                .read_to_end(&mut serial)
                .unwrap();
            proptest::prop_assert!(serial == data);
            let mut r = IndexedInflate::new(&bytes[..], index, len as u64, bytes.len() as u64, crc)
                .unwrap();
            let back = read_in_steps(&mut r, step);
            proptest::prop_assert!(back == serial, "{} bytes read in steps of {}", len, step);
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
        let mut r = IndexedInflate::new(&bytes[..], moved.clone(), len, n, crc).unwrap();
        let mut back = Vec::new();
        let err = r.read_to_end(&mut back).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        // The same, read straight into a buffer that holds whole chunks.
        let mut r = IndexedInflate::new(&bytes[..], moved.clone(), len, n, crc).unwrap();
        let mut room = vec![0u8; 4 * crate::chunked::CHUNK];
        let err = r.read(&mut room).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert!(r.read(&mut room).is_err(), "a failed read stays failed");
        // A wrong CRC is an error at the end.
        let (bytes, index, crc) = compressed(&data);
        let mut r = IndexedInflate::new(&bytes[..], index, len, n, crc ^ 1).unwrap();
        assert!(r.read_to_end(&mut Vec::new()).is_err());
    }
}
