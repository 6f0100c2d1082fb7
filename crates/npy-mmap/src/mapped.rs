//! [`Memmap`]: a mapped array, however it was opened, and its views.

use crate::map::{Access, MappedBytes};
use crate::view::{owned_array, typed_view, typed_view_mut, DynView, ViewElement};
use crate::{ErrorKind, Mode, Result};
use ndarray::{Array, ArrayView, ArrayViewMut, Dimension};
use npy_format::{DType, Header, NpyArray, ReadableElement};
use std::fs::File;

/// An array whose data is a memory map of a file: a `.npy` file
/// ([`open`](Memmap::open), [`create`](Memmap::create)), any file with a
/// dtype and offset ([`MemmapBuilder`](crate::MemmapBuilder), as
/// `np.memmap`), or a stored `.npz` member ([`NpzMap`](crate::NpzMap)).
///
/// Views borrow the map: [`view`](Self::view) and
/// [`view_mut`](Self::view_mut) for typed ndarray views (native byte
/// order and aligned data only), [`view_dyn`](Self::view_dyn) for any
/// dtype, [`to_owned_array`](Self::to_owned_array) to copy (and swap)
/// whatever the layout.
///
/// # When data is on disk
///
/// In modes `r+` and `w+` a write to a view changes the shared page cache at
/// once: other processes mapping or reading the file see it immediately.
/// It reaches the file's storage when the operating system writes the page
/// back, which happens on its own schedule (also after the map is
/// dropped), or when asked:
/// - [`flush`](Self::flush) writes the changed pages and waits (`msync`
///   with `MS_SYNC`); when it returns `Ok`, the data is in the file as
///   far as the operating system is concerned (as after `write` plus
///   `fsync` of those pages) and survives this process crashing.
/// - [`flush_async`](Self::flush_async) starts the write-back and returns
///   (`MS_ASYNC`): no guarantee when it completes, and errors are not
///   reported.
///
/// Dropping the map does not flush; errors that write-back meets after a
/// drop are lost. In modes `r` and `c` the flushes do nothing: the file is
/// never written.
#[derive(Debug)]
pub struct Memmap {
    pub(crate) header: Header,
    pub(crate) data_offset: u64,
    pub(crate) mode: Mode,
    pub(crate) bytes: MappedBytes,
}

impl Memmap {
    /// Maps `header.data_len()` bytes of `file` at `data_offset`; the
    /// caller has checked that the file holds them.
    pub(crate) fn map_file(
        file: &File,
        header: Header,
        data_offset: u64,
        mode: Mode,
    ) -> Result<Memmap> {
        let len = header.data_len()?;
        let access = match mode {
            Mode::ReadOnly => Access::ReadOnly,
            Mode::ReadWrite | Mode::Create => Access::ReadWrite,
            Mode::CopyOnWrite => Access::CopyOnWrite,
        };
        let bytes = MappedBytes::map(file, data_offset, len, access)?;
        Ok(Memmap {
            header,
            data_offset,
            mode,
            bytes,
        })
    }

    /// The header: dtype, shape and order.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The element type.
    pub fn dtype(&self) -> &DType {
        &self.header.dtype
    }

    /// The shape.
    pub fn shape(&self) -> &[usize] {
        &self.header.shape
    }

    /// Number of dimensions.
    pub fn ndim(&self) -> usize {
        self.header.shape.len()
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.header.shape.iter().product()
    }

    /// True when the array has no elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when the data is stored column-major.
    pub fn fortran_order(&self) -> bool {
        self.header.fortran_order
    }

    /// How the file is mapped.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// File offset of the first data byte.
    pub fn data_offset(&self) -> u64 {
        self.data_offset
    }

    /// The mapped data bytes, as in the file.
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.bytes()
    }

    /// The mapped data bytes, writable; errors in mode `r`.
    pub fn as_bytes_mut(&mut self) -> Result<&mut [u8]> {
        let mode = self.mode.as_str();
        self.bytes
            .bytes_mut()
            .ok_or_else(|| ErrorKind::ReadOnly { mode }.into())
    }

    /// A typed view of the data, in place.
    ///
    /// Errors when the dtype is not `T`'s, the data is not in native byte
    /// order or not aligned for `T`, or `D` has another number of
    /// dimensions; see [`ViewElement`]. [`to_owned_array`](Self::to_owned_array)
    /// reads such data by copying.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Ix2};
    /// use npy_format::WriteNpyExt;
    /// use npy_mmap::Memmap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("a.npy");
    /// array![[1.0f32, 2.0], [3.0, 4.0]].write_npy(std::fs::File::create(&path)?)?;
    ///
    /// let map = Memmap::open(&path)?;
    /// let a = map.view::<f32, Ix2>()?;
    /// assert_eq!(a[[1, 0]], 3.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn view<T: ViewElement, D: Dimension>(&self) -> Result<ArrayView<'_, T, D>> {
        typed_view(&self.header, self.data_offset, self.bytes.bytes())
    }

    /// A typed mutable view of the data, in place: writes reach the file
    /// in mode `r+`/`w+` and stay private in mode `c`. Errors in mode `r`,
    /// and in the cases of [`view`](Self::view).
    pub fn view_mut<T: ViewElement, D: Dimension>(&mut self) -> Result<ArrayViewMut<'_, T, D>> {
        let mode = self.mode.as_str();
        let bytes = self
            .bytes
            .bytes_mut()
            .ok_or_else(|| crate::Error::from(ErrorKind::ReadOnly { mode }))?;
        typed_view_mut(&self.header, self.data_offset, bytes)
    }

    /// A view of any dtype, decoding elements (and record fields) on
    /// demand.
    pub fn view_dyn(&self) -> DynView<'_> {
        DynView::new(&self.header, self.bytes.bytes())
    }

    /// Copies the data into an owned array, swapping the byte order if
    /// needed; works for any alignment. Errors when the dtype is not `T`'s
    /// or `D` has another number of dimensions.
    pub fn to_owned_array<T: ReadableElement, D: Dimension>(&self) -> Result<Array<T, D>> {
        owned_array(&self.header, self.bytes.bytes())
    }

    /// Copies the data into an [`NpyArray`], bytes as in the file.
    pub fn to_npy_array(&self) -> Result<NpyArray> {
        Ok(NpyArray::new(
            self.header.clone(),
            self.bytes.bytes().to_vec(),
        )?)
    }

    /// Writes changed data to the file and waits until it is written
    /// (`msync` with `MS_SYNC`). Does nothing in modes `r` and `c`.
    pub fn flush(&self) -> Result<()> {
        Ok(self.bytes.flush()?)
    }

    /// Starts writing changed data to the file and returns at once
    /// (`msync` with `MS_ASYNC`); see [`Memmap`] for what that guarantees.
    /// Does nothing in modes `r` and `c`.
    pub fn flush_async(&self) -> Result<()> {
        Ok(self.bytes.flush_async()?)
    }
}
