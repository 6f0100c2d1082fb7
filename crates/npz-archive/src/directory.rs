//! Members described by the central directory alone.
//!
//! npio writes each `.npy` member's header a second time, in a private
//! extra field of the member's central-directory entry (header ID
//! [`NPY_HEADER_ID`]; other readers skip fields they do not know). The
//! directory sits at the archive's end, so a reader that fetched it (a
//! remote one, by one range request) can describe every member without
//! visiting the members. This module finds those fields; the reader
//! checks each against the member's sizes and the header limits before
//! using it, and reads the member's own header otherwise.

use std::io::{self, Read, Seek, SeekFrom};

/// The private extra-field header ID of a member's `.npy` header (`nh`).
pub(crate) const NPY_HEADER_ID: u16 = 0x686e;

/// Whether a header record of `header_len` bytes fits the directory entry
/// of a member named by `name_len` bytes that carries `other_extra` bytes
/// of other extra fields: a ZIP entry (46 fixed bytes, name, extra fields)
/// must stay under 64 KiB, with room for the zip64 field (28 bytes) and
/// the alignment padding (at most 68 bytes) the writer may add. A header
/// that does not fit is not recorded; readers then read the member's.
pub(crate) fn record_fits(name_len: usize, other_extra: usize, header_len: usize) -> bool {
    46 + name_len + other_extra + 4 + header_len + 28 + 68 <= u16::MAX as usize
}

/// The largest directory read for descriptions; a larger one is not
/// read twice (members are then described from their own headers).
const MAX_DIRECTORY: u64 = 16 << 20;

/// The end-of-central-directory record and the longest comment after it.
const EOCD_LEN: usize = 22;
const MAX_TAIL: u64 = EOCD_LEN as u64 + u16::MAX as u64;

/// One directory entry: the member's raw name and its npio description,
/// if it has one.
pub(crate) type Entry = (Vec<u8>, Option<Box<[u8]>>);

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

fn read_at<R: Read + Seek>(r: &mut R, at: u64, len: u64) -> io::Result<Vec<u8>> {
    r.seek(SeekFrom::Start(at))?;
    let mut out = Vec::new();
    r.take(len).read_to_end(&mut out)?;
    Ok(out)
}

/// The directory's entries, or `None` when the archive's end cannot be
/// made sense of (the zip reader then reports why) or the directory is
/// too large to read twice. Reads the archive's end (at most 64 KiB) and
/// the directory; any position is left as it is.
pub(crate) fn entries<R: Read + Seek>(r: &mut R) -> Option<Vec<Entry>> {
    let size = r.seek(SeekFrom::End(0)).ok()?;
    // The record ends the archive unless a comment follows it: the last
    // 4 KiB first, then as far back as the longest comment allows.
    let find = |tail: &[u8]| {
        (0..=tail.len().checked_sub(EOCD_LEN)?)
            .rev()
            .find(|&i| tail[i..i + 4] == *b"PK\x05\x06")
    };
    let mut tail_start = size.saturating_sub(4096);
    let mut tail = read_at(r, tail_start, size - tail_start).ok()?;
    let mut found = find(&tail);
    if found.is_none() && tail_start > 0 {
        tail_start = size.saturating_sub(MAX_TAIL);
        tail = read_at(r, tail_start, size - tail_start).ok()?;
        found = find(&tail);
    }
    let eocd = found?;
    let mut count = u64::from(u16_at(&tail, eocd + 10)?);
    let mut dir_len = u64::from(u32_at(&tail, eocd + 12)?);
    let mut dir_at = u64::from(u32_at(&tail, eocd + 16)?);
    if count == 0xffff || dir_len == 0xffff_ffff || dir_at == 0xffff_ffff {
        // Zip64: the locator just before the record points at the zip64
        // end record, which holds the real values.
        let locator = eocd.checked_sub(20)?;
        if tail[locator..locator + 4] != *b"PK\x06\x07" {
            return None;
        }
        let record_at = u64_at(&tail, locator + 8)?;
        let record = read_at(r, record_at, 56).ok()?;
        if record.get(..4)? != b"PK\x06\x06" {
            return None;
        }
        count = u64_at(&record, 32)?;
        dir_len = u64_at(&record, 40)?;
        dir_at = u64_at(&record, 48)?;
    }
    if dir_len > MAX_DIRECTORY || dir_at.checked_add(dir_len)? > size {
        return None;
    }
    let dir = read_at(r, dir_at, dir_len).ok()?;
    parse_directory(&dir, count)
}

/// The entries of a central directory's bytes.
fn parse_directory(dir: &[u8], count: u64) -> Option<Vec<Entry>> {
    // Each entry takes at least 46 bytes: a lying count allocates nothing.
    if count > (dir.len() / 46) as u64 {
        return None;
    }
    let mut out = Vec::with_capacity(count as usize);
    let mut at = 0usize;
    for _ in 0..count {
        if dir.get(at..at + 4)? != b"PK\x01\x02" {
            return None;
        }
        let name_len = usize::from(u16_at(dir, at + 28)?);
        let extra_len = usize::from(u16_at(dir, at + 30)?);
        let comment_len = usize::from(u16_at(dir, at + 32)?);
        let name = dir.get(at + 46..at + 46 + name_len)?.to_vec();
        let extra_at = at + 46 + name_len;
        let extra = dir.get(extra_at..extra_at + extra_len)?;
        out.push((name, find_field(extra, NPY_HEADER_ID).map(Box::from)));
        at = extra_at + extra_len + comment_len;
    }
    Some(out)
}

/// The data of the extra field `id` among `extra`'s fields.
pub(crate) fn find_field(mut extra: &[u8], id: u16) -> Option<&[u8]> {
    while extra.len() >= 4 {
        let field = u16_at(extra, 0)?;
        let len = usize::from(u16_at(extra, 2)?);
        let data = extra.get(4..4 + len)?;
        if field == id {
            return Some(data);
        }
        extra = &extra[4 + len..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &[u8], extra: &[u8]) -> Vec<u8> {
        let mut e = b"PK\x01\x02".to_vec();
        e.resize(28, 0);
        e.extend_from_slice(&(name.len() as u16).to_le_bytes());
        e.extend_from_slice(&(extra.len() as u16).to_le_bytes());
        e.extend_from_slice(&0u16.to_le_bytes());
        e.resize(46, 0);
        e.extend_from_slice(name);
        e.extend_from_slice(extra);
        e
    }

    #[test]
    fn fields_are_found_among_others() {
        let mut extra = vec![0x01, 0x00, 0x02, 0x00, 9, 9];
        extra.extend_from_slice(&NPY_HEADER_ID.to_le_bytes());
        extra.extend_from_slice(&[3, 0, b'a', b'b', b'c']);
        assert_eq!(find_field(&extra, NPY_HEADER_ID), Some(&b"abc"[..]));
        assert_eq!(find_field(&extra[..extra.len() - 1], NPY_HEADER_ID), None);
        let mut dir = entry(b"a.npy", &extra);
        dir.extend(entry(b"b.npy", &[]));
        let parsed = parse_directory(&dir, 2).unwrap();
        assert_eq!(parsed[0].0, b"a.npy");
        assert_eq!(parsed[0].1.as_deref(), Some(&b"abc"[..]));
        assert_eq!(parsed[1].1, None);
        // Lies about the count or the lengths give nothing, never a panic.
        assert!(parse_directory(&dir, 3).is_none());
        assert!(parse_directory(&dir, u64::MAX).is_none());
        assert!(parse_directory(&dir[..dir.len() - 2], 2).is_none());
    }
}
