//! Reading exactly what is there, never more than what was verified.

use crate::{Error, Result};
use bytemuck::Pod;
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
    let size = std::mem::size_of::<T>();
    let nbytes = len
        .checked_mul(size)
        .ok_or_else(|| Error::unsupported(format!("{len} elements overflow the address space")))?;
    if let Some(avail) = avail {
        if avail < nbytes as u64 {
            return Err(Error::truncated("array data", nbytes as u64, avail));
        }
        let mut v = bytemuck::zeroed_vec::<T>(len);
        let got = read_fully(r, bytemuck::cast_slice_mut(&mut v))?;
        if got < nbytes {
            return Err(Error::truncated("array data", nbytes as u64, got as u64));
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
    }
    Ok(v)
}
