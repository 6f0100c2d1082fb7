//! Transparent huge pages for large read buffers.
//!
//! A freshly allocated buffer is backed by the kernel one page at a time as
//! the read fills it; with 4 KiB pages a 1 GiB array costs 262144 page
//! faults, a third of the time of reading it from the page cache. NumPy
//! asks for huge pages on its large arrays; npio does the same, so that
//! reading a large `.npy` is as fast as one plain read of the file.

/// Buffers smaller than this are left alone (NumPy's threshold too).
const MIN_LEN: usize = 4 << 20;

/// Advises the kernel to back `buf` with huge pages. Advisory only: on
/// failure, or where huge pages are off, nothing changes.
pub(crate) fn advise(buf: &mut [u8]) {
    advise_range(buf.as_mut_ptr() as usize, buf.len());
}

/// Reserves room for at least `additional` more bytes in `buf`, for the
/// data of an array being filled, and advises the kernel to back the room
/// with transparent huge pages (with the `hugepages` feature, on Linux,
/// for 4 MiB and more), as NumPy does for its arrays. Filling fresh memory
/// faults it in a page at a time; with 2 MiB pages there are 512 times
/// fewer faults. Returns false, leaving `buf` as it was, when the memory
/// cannot be had (it never aborts).
///
/// Reserve once, for the whole array: the advice gives the room a mapping
/// of its own, so growing the buffer past it later copies the buffer
/// instead of remapping it.
///
/// # Example
///
/// ```
/// let mut data = Vec::new();
/// assert!(npy_format::internal::reserve_array_data(&mut data, 8 << 20));
/// assert!(data.capacity() >= 8 << 20);
/// data.extend_from_slice(&1.5f64.to_le_bytes());
/// assert!(!npy_format::internal::reserve_array_data(&mut data, usize::MAX));
/// assert_eq!(data.len(), 8);
/// ```
pub fn reserve_array_data(buf: &mut Vec<u8>, additional: usize) -> bool {
    if buf.try_reserve(additional).is_err() {
        return false;
    }
    let room = buf.spare_capacity_mut();
    advise_range(room.as_mut_ptr() as usize, room.len());
    true
}

/// Advises the kernel to back the whole pages of `[start, start + len)`,
/// memory the caller holds mutably, with huge pages.
#[cfg(all(target_os = "linux", feature = "hugepages"))]
#[allow(unsafe_code)]
fn advise_range(start: usize, len: usize) {
    const PAGE: usize = 4096;
    if len < MIN_LEN {
        return;
    }
    let aligned = start.next_multiple_of(PAGE);
    let len = (start + len - aligned) / PAGE * PAGE;
    // SAFETY: [aligned, aligned + len) lies inside a buffer the caller
    // borrows mutably for the whole call, so the range is mapped and owned
    // by us. MADV_HUGEPAGE changes only how the kernel backs these pages:
    // never their contents, their permissions or the validity of the
    // range. Its result is ignored because failure leaves the memory as it
    // was.
    unsafe {
        libc::madvise(aligned as *mut libc::c_void, len, libc::MADV_HUGEPAGE);
    }
}

/// Without the `hugepages` feature (or off Linux) buffers stay as they are.
#[cfg(not(all(target_os = "linux", feature = "hugepages")))]
fn advise_range(_start: usize, _len: usize) {
    let _ = MIN_LEN;
}
