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
#[cfg(all(target_os = "linux", feature = "hugepages"))]
#[allow(unsafe_code)]
pub(crate) fn advise(buf: &mut [u8]) {
    const PAGE: usize = 4096;
    if buf.len() < MIN_LEN {
        return;
    }
    let start = buf.as_mut_ptr() as usize;
    let aligned = start.next_multiple_of(PAGE);
    let len = (start + buf.len() - aligned) / PAGE * PAGE;
    // SAFETY: [aligned, aligned + len) lies inside `buf`, which is borrowed
    // mutably for the whole call, so the range is mapped and owned by us.
    // MADV_HUGEPAGE changes only how the kernel backs these pages: never
    // their contents, their permissions or the validity of the range. Its
    // result is ignored because failure leaves the memory as it was.
    unsafe {
        libc::madvise(aligned as *mut libc::c_void, len, libc::MADV_HUGEPAGE);
    }
}

/// Without the `hugepages` feature (or off Linux) buffers stay as they are.
#[cfg(not(all(target_os = "linux", feature = "hugepages")))]
pub(crate) fn advise(_buf: &mut [u8]) {
    let _ = MIN_LEN;
}
