//! The crate's only unsafe code: creating the memory maps.
//!
//! Everything else sees a [`MappedBytes`], which hands out ordinary byte
//! slices; typed views are cast from them with `bytemuck`, which checks
//! size and alignment.

#![allow(unsafe_code)]

use memmap2::{Mmap, MmapMut, MmapOptions};
use std::fmt;
use std::fs::File;
use std::io;

/// Maps start at a multiple of this many bytes of the file: 64 KiB is a
/// multiple of every common page size (4 KiB, 16 KiB, 64 KiB) and of
/// Windows' allocation granularity. (memmap2 would round an unaligned
/// offset down itself; rounding here keeps the arithmetic in one place.)
const GRANULARITY: u64 = 1 << 16;

/// How the bytes are mapped.
enum Inner {
    /// Nothing to map (no data bytes): an empty slice, no system call.
    Empty,
    /// `PROT_READ`, shared.
    ReadOnly(Mmap),
    /// `PROT_READ | PROT_WRITE`, shared: writes reach the file.
    Shared(MmapMut),
    /// `PROT_READ | PROT_WRITE`, private: writes stay in this process.
    Private(MmapMut),
}

/// `len` bytes of a file starting at some offset, mapped into memory.
pub(crate) struct MappedBytes {
    inner: Inner,
    /// Where the requested bytes start within the map (the offset's
    /// distance from the granularity boundary below it).
    start: usize,
    len: usize,
}

impl fmt::Debug for MappedBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.inner {
            Inner::Empty => "empty",
            Inner::ReadOnly(_) => "read-only",
            Inner::Shared(_) => "read-write",
            Inner::Private(_) => "copy-on-write",
        };
        f.debug_struct("MappedBytes")
            .field("kind", &kind)
            .field("ptr", &self.bytes().as_ptr())
            .field("len", &self.len)
            .finish()
    }
}

/// What a map call needs: the rounded-down file offset, the length of the
/// map, and where the requested bytes start inside it.
fn plan(offset: u64, len: usize) -> io::Result<(u64, usize, usize)> {
    let start = (offset % GRANULARITY) as usize;
    let map_len = start
        .checked_add(len)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "map length overflows"))?;
    Ok((offset - start as u64, map_len, start))
}

/// Which kind of map to make.
#[derive(Clone, Copy)]
pub(crate) enum Access {
    ReadOnly,
    ReadWrite,
    CopyOnWrite,
}

impl MappedBytes {
    /// Maps bytes `offset .. offset + len` of `file`.
    ///
    /// The caller must have checked that the file holds them: a map past
    /// the end of a file faults (SIGBUS) when touched.
    pub(crate) fn map(file: &File, offset: u64, len: usize, access: Access) -> io::Result<Self> {
        if len == 0 {
            return Ok(MappedBytes {
                inner: Inner::Empty,
                start: 0,
                len: 0,
            });
        }
        let (map_offset, map_len, start) = plan(offset, len)?;
        let mut opts = MmapOptions::new();
        opts.offset(map_offset).len(map_len);
        let inner = match access {
            // SAFETY: memmap2 requires that the mapped file is not changed
            // or truncated behind the map's back, which would change
            // memory that safe code holds `&[u8]` to, or fault on access.
            // The range lies within the file (the callers compare it with
            // the file's length first). Changes by other processes cannot
            // be prevented by any process; the crate docs say so and
            // advise against them.
            Access::ReadOnly => Inner::ReadOnly(unsafe { opts.map(file)? }),
            // SAFETY: as above. Writes through this map go to the file,
            // and only through the `&mut [u8]` handed out by `bytes_mut`,
            // which borrows `self` mutably.
            Access::ReadWrite => Inner::Shared(unsafe { opts.map_mut(file)? }),
            // SAFETY: as above. A private map's writes never reach the
            // file; pages not yet written still show the file's contents,
            // so the same hazard of outside changes applies.
            Access::CopyOnWrite => Inner::Private(unsafe { opts.map_copy(file)? }),
        };
        Ok(MappedBytes { inner, start, len })
    }

    /// The mapped bytes.
    pub(crate) fn bytes(&self) -> &[u8] {
        let all: &[u8] = match &self.inner {
            Inner::Empty => return &[],
            Inner::ReadOnly(m) => m,
            Inner::Shared(m) | Inner::Private(m) => m,
        };
        &all[self.start..self.start + self.len]
    }

    /// The mapped bytes, writable; `None` for a read-only map.
    pub(crate) fn bytes_mut(&mut self) -> Option<&mut [u8]> {
        let all: &mut [u8] = match &mut self.inner {
            Inner::Empty => return Some(&mut []),
            Inner::ReadOnly(_) => return None,
            Inner::Shared(m) | Inner::Private(m) => m,
        };
        Some(&mut all[self.start..self.start + self.len])
    }

    /// Writes the changed pages to the file and waits for it (`msync`
    /// with `MS_SYNC`). Nothing to do for read-only and private maps.
    pub(crate) fn flush(&self) -> io::Result<()> {
        match &self.inner {
            Inner::Shared(m) => m.flush_range(self.start, self.len),
            _ => Ok(()),
        }
    }

    /// Starts writing the changed pages to the file and returns (`msync`
    /// with `MS_ASYNC`).
    pub(crate) fn flush_async(&self) -> io::Result<()> {
        match &self.inner {
            Inner::Shared(m) => m.flush_async_range(self.start, self.len),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_rounds_down_to_the_granularity() {
        assert_eq!(plan(0, 10).unwrap(), (0, 10, 0));
        assert_eq!(plan(65_537, 10).unwrap(), (65_536, 11, 1));
        assert_eq!(plan(128, 8).unwrap(), (0, 136, 128));
        assert!(plan(5, usize::MAX).is_err());
    }
}
