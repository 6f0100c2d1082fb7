//! Adding a member whose data npio compressed itself.
//!
//! The zip writer compresses the data it is given; chunk-parallel members
//! arrive compressed. They reach the archive through the zip writer's raw
//! copy of an entry from another archive: a one-member archive is laid
//! out around the compressed data (a small header in memory, the data in
//! its temporary file, a small directory in memory) and its entry copied
//! as it is, so the zip writer still writes every header.

use crate::chunked::{Compressed, INDEX_HEADER_ID};
use crate::directory::{NPY_HEADER_ID, record_fits};
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};

/// The DOS date of 1980-01-01, the timestamp of every npio member.
const DOS_DATE: u16 = (1 << 5) | 1;
/// Regular file, `rw-r--r--`, as npio's other members.
const EXTERNAL_ATTRIBUTES: u32 = 0o100644 << 16;
/// Version 4.5 (zip64), made on Unix.
const VERSION_MADE_BY: u16 = (3 << 8) | 45;
const VERSION_NEEDED: u16 = 45;
/// General purpose flags: names are UTF-8.
const FLAGS: u16 = 1 << 11;

/// A one-member archive around a compressed member, readable and
/// seekable as one file: `head`, the spooled data, `tail`.
#[derive(Debug)]
pub(crate) struct OneMemberArchive {
    head: Vec<u8>,
    data: File,
    data_len: u64,
    tail: Vec<u8>,
    pos: u64,
}

impl OneMemberArchive {
    /// Lays out member `name` (its zip name) compressed with zip method
    /// `method` around `c`, with its `.npy` header recorded in its extra
    /// field when given and when it fits.
    pub(crate) fn new(
        name: &str,
        method: u16,
        c: Compressed,
        header: Option<&[u8]>,
    ) -> io::Result<OneMemberArchive> {
        let name_bytes = name.as_bytes();
        let name_len = u16::try_from(name_bytes.len()).map_err(io::Error::other)?;
        // Zip64 sizes always, as NumPy writes them; then the chunk index.
        let mut extra = Vec::new();
        extra.extend_from_slice(&1u16.to_le_bytes());
        extra.extend_from_slice(&16u16.to_le_bytes());
        extra.extend_from_slice(&c.size.to_le_bytes());
        extra.extend_from_slice(&c.compressed_size.to_le_bytes());
        if let Some(index) = c.index.as_ref().and_then(|i| i.encode())
            && let Ok(len) = u16::try_from(index.len())
            && extra.len() + 4 + index.len() <= u16::MAX as usize
        {
            extra.extend_from_slice(&INDEX_HEADER_ID.to_le_bytes());
            extra.extend_from_slice(&len.to_le_bytes());
            extra.extend_from_slice(&index);
        }
        // The header too (the copy into the archive keeps both fields in
        // the local header and the directory entry).
        if let Some(header) = header
            && let Ok(len) = u16::try_from(header.len())
            && record_fits(name_bytes.len(), extra.len(), header.len())
        {
            extra.extend_from_slice(&NPY_HEADER_ID.to_le_bytes());
            extra.extend_from_slice(&len.to_le_bytes());
            extra.extend_from_slice(header);
        }
        let extra_len = u16::try_from(extra.len()).map_err(io::Error::other)?;

        let mut head = Vec::with_capacity(30 + name_bytes.len() + extra.len());
        put32(&mut head, 0x0403_4b50);
        put16(&mut head, VERSION_NEEDED);
        put16(&mut head, FLAGS);
        put16(&mut head, method);
        put16(&mut head, 0); // time 00:00
        put16(&mut head, DOS_DATE);
        put32(&mut head, c.crc32);
        put32(&mut head, u32::MAX); // sizes in the zip64 field
        put32(&mut head, u32::MAX);
        put16(&mut head, name_len);
        put16(&mut head, extra_len);
        head.extend_from_slice(name_bytes);
        head.extend_from_slice(&extra);

        let directory_at = head.len() as u64 + c.compressed_size;
        let mut tail = Vec::new();
        put32(&mut tail, 0x0201_4b50);
        put16(&mut tail, VERSION_MADE_BY);
        put16(&mut tail, VERSION_NEEDED);
        put16(&mut tail, FLAGS);
        put16(&mut tail, method);
        put16(&mut tail, 0);
        put16(&mut tail, DOS_DATE);
        put32(&mut tail, c.crc32);
        put32(&mut tail, u32::MAX);
        put32(&mut tail, u32::MAX);
        put16(&mut tail, name_len);
        put16(&mut tail, extra_len);
        put16(&mut tail, 0); // comment
        put16(&mut tail, 0); // disk
        put16(&mut tail, 0); // internal attributes
        put32(&mut tail, EXTERNAL_ATTRIBUTES);
        put32(&mut tail, 0); // the local header's offset
        tail.extend_from_slice(name_bytes);
        tail.extend_from_slice(&extra);
        let directory_len = tail.len() as u64;

        // Zip64 end of central directory, its locator, and the classic end.
        let eocd64_at = directory_at + directory_len;
        put32(&mut tail, 0x0606_4b50);
        put64(&mut tail, 44);
        put16(&mut tail, VERSION_MADE_BY);
        put16(&mut tail, VERSION_NEEDED);
        put32(&mut tail, 0);
        put32(&mut tail, 0);
        put64(&mut tail, 1);
        put64(&mut tail, 1);
        put64(&mut tail, directory_len);
        put64(&mut tail, directory_at);
        put32(&mut tail, 0x0706_4b50);
        put32(&mut tail, 0);
        put64(&mut tail, eocd64_at);
        put32(&mut tail, 1);
        put32(&mut tail, 0x0605_4b50);
        put16(&mut tail, 0);
        put16(&mut tail, 0);
        put16(&mut tail, u16::MAX);
        put16(&mut tail, u16::MAX);
        put32(&mut tail, u32::MAX);
        put32(&mut tail, u32::MAX);
        put16(&mut tail, 0);

        Ok(OneMemberArchive {
            head,
            data: c.spool,
            data_len: c.compressed_size,
            tail,
            pos: 0,
        })
    }

    fn len(&self) -> u64 {
        self.head.len() as u64 + self.data_len + self.tail.len() as u64
    }
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

impl Read for OneMemberArchive {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let head = self.head.len() as u64;
        let data_end = head + self.data_len;
        let n = if self.pos < head {
            let from = &self.head[self.pos as usize..];
            let n = from.len().min(buf.len());
            buf[..n].copy_from_slice(&from[..n]);
            n
        } else if self.pos < data_end {
            self.data.seek(SeekFrom::Start(self.pos - head))?;
            let want = (data_end - self.pos).min(buf.len() as u64) as usize;
            let n = self.data.read(&mut buf[..want])?;
            if n == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            n
        } else {
            let at = (self.pos - data_end) as usize;
            let from = self.tail.get(at..).unwrap_or(&[]);
            let n = from.len().min(buf.len());
            buf[..n].copy_from_slice(&from[..n]);
            n
        };
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for OneMemberArchive {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => self.len().checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = target.ok_or_else(|| io::Error::from(io::ErrorKind::InvalidInput))?;
        Ok(self.pos)
    }
}

/// Adds the one member of `archive` to `zip` under its name, its data
/// copied as it is.
pub(crate) fn add_to<W: Write + Seek>(
    zip: &mut zip::ZipWriter<W>,
    name: &str,
    archive: OneMemberArchive,
) -> zip::result::ZipResult<()> {
    let mut source = zip::ZipArchive::new(archive)?;
    let file = source.by_index_raw(0)?;
    zip.raw_copy_file_rename(file, name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chunked::{ChunkIndex, ChunkedWriter, Codec};

    #[test]
    fn the_laid_out_archive_reads_back() {
        let data: Vec<u8> = (0..3_000_000u32).map(|i| (i % 253) as u8).collect();
        let mut w = ChunkedWriter::new(Codec::Deflate(6)).unwrap();
        w.write_all(&data).unwrap();
        let c = w.finish().unwrap();
        let archive = OneMemberArchive::new("a.npy", 8, c, None).unwrap();
        let mut zip = zip::ZipArchive::new(archive).unwrap();
        let mut file = zip.by_index(0).unwrap();
        assert_eq!(file.name().unwrap(), "a.npy");
        let extra = file.extra_data().unwrap_or_default();
        assert!(ChunkIndex::find(&extra).is_some());
        let mut back = Vec::new();
        file.read_to_end(&mut back).unwrap();
        assert_eq!(back, data);
    }
}
