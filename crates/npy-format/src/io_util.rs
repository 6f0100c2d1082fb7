//! Reading exactly what is there, never more than what was verified.

use crate::{Error, Result};
use bytemuck::Pod;
use std::fs::File;
use std::io::{self, Read};

/// Elements read per step when the length of the input is unknown: the
/// buffer grows as data really arrives, so a forged shape cannot make npio
/// allocate memory the input does not back.
const GROW_STEP_BYTES: usize = 1 << 20;

/// Reads until `buf` is full or the input ends; returns the bytes read.
pub(crate) fn read_fully<R: Read + ?Sized>(r: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut done = 0;
    while done < buf.len() {
        match r.read(&mut buf[done..]) {
            Ok(0) => break,
            Ok(n) => done += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

/// Reads `len` plain-old-data elements in the input's byte order.
///
/// `avail` is the number of bytes known to remain in the input (a file's
/// length); when it is known the vector is allocated once, after checking
/// the input is long enough, and when it is not the vector grows as the data
/// arrives.
pub(crate) fn read_pod_vec<T: Pod, R: Read + ?Sized>(
    r: &mut R,
    len: usize,
    avail: Option<u64>,
) -> Result<Vec<T>> {
    read_pod_vec_then(r, len, avail, None::<fn(&mut [T])>)
}

/// Bytes read per step when each step is post-processed (byte swapping),
/// small enough that the data is still in cache (L2) when it is processed.
const POST_STEP_BYTES: usize = 1 << 20;

/// [`read_pod_vec`], applying `post` to each piece right after it is read
/// (while it is in cache), or to nothing when `post` is `None`.
pub(crate) fn read_pod_vec_then<T: Pod, R: Read + ?Sized, F: FnMut(&mut [T])>(
    r: &mut R,
    len: usize,
    avail: Option<u64>,
    mut post: Option<F>,
) -> Result<Vec<T>> {
    let size = std::mem::size_of::<T>();
    let nbytes = len
        .checked_mul(size)
        .ok_or_else(|| Error::unsupported(format!("{len} elements overflow the address space")))?;
    if let Some(avail) = avail {
        if avail < nbytes as u64 {
            return Err(Error::truncated("array data", nbytes as u64, avail));
        }
        let mut v = bytemuck::zeroed_vec::<T>(len);
        crate::hugepage::advise(bytemuck::cast_slice_mut(&mut v));
        let step = match post {
            Some(_) => (POST_STEP_BYTES / size.max(1)).max(1),
            None => len.max(1),
        };
        let mut done = 0;
        for piece in v.chunks_mut(step) {
            let got = read_fully(r, bytemuck::cast_slice_mut(piece))?;
            done += got;
            if got < std::mem::size_of_val(piece) {
                return Err(Error::truncated("array data", nbytes as u64, done as u64));
            }
            if let Some(f) = post.as_mut() {
                f(piece);
            }
        }
        return Ok(v);
    }
    let step_elems = (GROW_STEP_BYTES / size.max(1)).max(1);
    let mut v: Vec<T> = Vec::new();
    while v.len() < len {
        let done = v.len();
        let step = (len - done).min(step_elems.max(done));
        v.resize(done + step, T::zeroed());
        let got = read_fully(r, bytemuck::cast_slice_mut(&mut v[done..]))?;
        if got < step * size {
            return Err(Error::truncated(
                "array data",
                nbytes as u64,
                (done * size + got) as u64,
            ));
        }
        if let Some(f) = post.as_mut() {
            f(&mut v[done..]);
        }
    }
    Ok(v)
}

/// Data this large is read by several threads at once, each copying its
/// share from the page cache (and swapping it, if need be) on its own core.
const PARALLEL_MIN_BYTES: usize = 32 << 20;

/// Reads `len` elements from `file` at byte `offset`, where `avail` bytes
/// are known to follow it, with `post` applied to each piece while it is
/// in cache. Large reads are split across threads.
pub(crate) fn read_pod_file<T, F>(
    file: &File,
    offset: u64,
    len: usize,
    avail: u64,
    post: Option<F>,
) -> Result<Vec<T>>
where
    T: Pod + Send,
    F: Fn(&mut [T]) + Sync,
{
    let size = std::mem::size_of::<T>();
    let nbytes = len
        .checked_mul(size)
        .ok_or_else(|| Error::unsupported(format!("{len} elements overflow the address space")))?;
    if avail < nbytes as u64 {
        return Err(Error::truncated("array data", nbytes as u64, avail));
    }
    let mut v = bytemuck::zeroed_vec::<T>(len);
    crate::hugepage::advise(bytemuck::cast_slice_mut(&mut v));
    let threads = if nbytes >= PARALLEL_MIN_BYTES {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
    } else {
        1
    };
    let per_thread = len.div_ceil(threads).max(1);
    let step = match post {
        Some(_) => (POST_STEP_BYTES / size.max(1)).max(1),
        None => per_thread,
    };
    let post = post.as_ref();
    let fill = |start: usize, piece: &mut [T]| -> Result<()> {
        let mut at = offset + (start * size) as u64;
        for sub in piece.chunks_mut(step) {
            let bytes: &mut [u8] = bytemuck::cast_slice_mut(sub);
            let got = read_at_fully(file, bytes, at)?;
            if got < bytes.len() {
                let found = at - offset + got as u64;
                return Err(Error::truncated("array data", nbytes as u64, found));
            }
            at += bytes.len() as u64;
            if let Some(f) = post {
                f(sub);
            }
        }
        Ok(())
    };
    if threads <= 1 {
        fill(0, &mut v)?;
        return Ok(v);
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = v
            .chunks_mut(per_thread)
            .enumerate()
            .map(|(i, piece)| {
                let fill = &fill;
                scope.spawn(move || fill(i * per_thread, piece))
            })
            .collect();
        // Every thread is joined here, even after one fails, so that all
        // have finished (thread-local destructors included) on return.
        let outcomes: Vec<Result<()>> = handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Error::unsupported("a reading thread failed")))
            })
            .collect();
        outcomes.into_iter().collect::<Result<()>>()
    })?;
    Ok(v)
}

/// Reads at `offset` until `buf` is full or the file ends.
fn read_at_fully(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        let mut done = 0;
        while done < buf.len() {
            match file.read_at(&mut buf[done..], offset + done as u64) {
                Ok(0) => break,
                Ok(n) => done += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(done)
    }
    #[cfg(not(unix))]
    {
        use std::io::{Seek, SeekFrom};
        let mut f = file;
        f.seek(SeekFrom::Start(offset))?;
        read_fully(&mut f, buf)
    }
}
