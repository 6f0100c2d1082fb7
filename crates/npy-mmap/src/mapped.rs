//! [`Memmap`]: a mapped array, however it was opened, and its views.

use crate::map::{Access, MappedBytes};
use crate::view::owned_array;
use crate::{ErrorKind, Mode, Result};
use ndarray::{Array, ArrayView, ArrayViewMut, Dimension};
use npy_format::internal::{typed_view, typed_view_mut};
use npy_format::{DType, Header, NpyArray, ReadableElement};
use npy_format::{DynView, ViewElement};
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
///
/// # Example
///
/// ```
/// use ndarray::{array, Array1, Ix1};
/// use npy_mmap::{Memmap, Mode};
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("counts.npy");
/// npy_format::write_npy(&path, &array![0u32, 0, 0])?;
///
/// let mut map = Memmap::open_mode(&path, Mode::ReadWrite)?;
/// map.view_mut::<u32, Ix1>()?[1] = 5;
/// map.flush()?; // on disk now
/// drop(map);
///
/// let back: Array1<u32> = npy_format::read_npy(&path)?;
/// assert_eq!(back, array![0, 5, 0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Array2;
    /// use npy_mmap::Memmap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("f.npy");
    /// npy_format::write_npy(&path, &Array2::<f32>::zeros((3, 2)).reversed_axes())?;
    ///
    /// let map = Memmap::open(&path)?;
    /// let header = map.header();
    /// assert_eq!(header.dtype.descr_repr(), "'<f4'");
    /// assert_eq!(header.shape, [2, 3]);
    /// assert!(header.fortran_order);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The element type.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npy_format::{DType, ScalarKind};
    /// use npy_mmap::Memmap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("i.npy");
    /// npy_format::write_npy(&path, &array![1i16, 2])?;
    ///
    /// let map = Memmap::open(&path)?;
    /// assert_eq!(map.dtype(), &DType::scalar(ScalarKind::Int(2)));
    /// assert_eq!(map.dtype().itemsize(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dtype(&self) -> &DType {
        &self.header.dtype
    }

    /// The shape.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Array3;
    /// use npy_mmap::Memmap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("cube.npy");
    /// npy_format::write_npy(&path, &Array3::<u8>::zeros((2, 3, 4)))?;
    ///
    /// assert_eq!(Memmap::open(&path)?.shape(), &[2, 3, 4]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn shape(&self) -> &[usize] {
        &self.header.shape
    }

    /// Number of dimensions.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Array3;
    /// use npy_mmap::Memmap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("cube.npy");
    /// npy_format::write_npy(&path, &Array3::<u8>::zeros((2, 3, 4)))?;
    ///
    /// assert_eq!(Memmap::open(&path)?.ndim(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn ndim(&self) -> usize {
        self.header.shape.len()
    }

    /// Number of elements.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Array3;
    /// use npy_mmap::Memmap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("cube.npy");
    /// npy_format::write_npy(&path, &Array3::<u8>::zeros((2, 3, 4)))?;
    ///
    /// assert_eq!(Memmap::open(&path)?.len(), 24);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn len(&self) -> usize {
        self.header.shape.iter().product()
    }

    /// True when the array has no elements.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Array2;
    /// use npy_mmap::Memmap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("none.npy");
    /// npy_format::write_npy(&path, &Array2::<f64>::zeros((0, 5)))?;
    ///
    /// let map = Memmap::open(&path)?;
    /// assert!(map.is_empty());
    /// assert_eq!(map.as_bytes().len(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when the data is stored column-major.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Ix2};
    /// use npy_mmap::Memmap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("t.npy");
    /// let a = array![[1u8, 2, 3], [4, 5, 6]];
    /// npy_format::write_npy(&path, &a.t())?; // a transposed view: column-major
    ///
    /// let map = Memmap::open(&path)?;
    /// assert!(map.fortran_order());
    /// assert_eq!(map.view::<u8, Ix2>()?, a.t()); // views keep the logical order
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{DType, Header, NpyArray};
    /// use npy_mmap::Memmap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("be.npy");
    /// let big_endian = Header::new(DType::parse_descr("'>u2'")?, vec![2], false);
    /// NpyArray::new(big_endian, vec![0x01, 0x02, 0x03, 0x04])?.write_npy(std::fs::File::create(&path)?)?;
    ///
    /// let map = Memmap::open(&path)?;
    /// assert_eq!(map.as_bytes(), [0x01, 0x02, 0x03, 0x04]); // as in the file
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.bytes()
    }

    /// The mapped data bytes, writable; errors in mode `r`.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Array1};
    /// use npy_mmap::{ErrorKind, Memmap, Mode};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("b.npy");
    /// npy_format::write_npy(&path, &array![0u8, 0, 0, 0])?;
    ///
    /// let mut map = Memmap::open_mode(&path, Mode::ReadWrite)?;
    /// map.as_bytes_mut()?.copy_from_slice(b"npio");
    /// map.flush()?;
    /// let back: Array1<u8> = npy_format::read_npy(&path)?;
    /// assert_eq!(back.as_slice(), Some(&b"npio"[..]));
    ///
    /// let mut read_only = Memmap::open(&path)?;
    /// let err = read_only.as_bytes_mut().unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::ReadOnly { .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
        Ok(typed_view(
            &self.header,
            self.data_offset,
            self.bytes.bytes(),
        )?)
    }

    /// A typed mutable view of the data, in place: writes reach the file
    /// in mode `r+`/`w+` and stay private in mode `c`. Errors in mode `r`,
    /// and in the cases of [`view`](Self::view).
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Array2, Ix2};
    /// use npy_mmap::{Memmap, Mode};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("m.npy");
    /// npy_format::write_npy(&path, &array![[1.0f64, 2.0], [3.0, 4.0]])?;
    ///
    /// // Copy-on-write: changes stay in this map.
    /// let mut private = Memmap::open_mode(&path, Mode::CopyOnWrite)?;
    /// private.view_mut::<f64, Ix2>()?.mapv_inplace(|x| x * 10.0);
    /// assert_eq!(private.view::<f64, Ix2>()?[[1, 1]], 40.0);
    ///
    /// // Read-write: changes reach the file.
    /// let mut shared = Memmap::open_mode(&path, Mode::ReadWrite)?;
    /// shared.view_mut::<f64, Ix2>()?.row_mut(0).fill(0.0);
    /// shared.flush()?;
    /// let back: Array2<f64> = npy_format::read_npy(&path)?;
    /// assert_eq!(back, array![[0.0, 0.0], [3.0, 4.0]]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn view_mut<T: ViewElement, D: Dimension>(&mut self) -> Result<ArrayViewMut<'_, T, D>> {
        let mode = self.mode.as_str();
        let bytes = self
            .bytes
            .bytes_mut()
            .ok_or_else(|| crate::Error::from(ErrorKind::ReadOnly { mode }))?;
        Ok(typed_view_mut(&self.header, self.data_offset, bytes)?)
    }

    /// A view of any dtype, decoding elements (and record fields) on
    /// demand.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{DType, Header, NpyArray, Value};
    /// use npy_mmap::Memmap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("be.npy");
    /// // Big-endian data, which no typed view reads.
    /// let header = Header::new(DType::parse_descr("'>i4'")?, vec![2], false);
    /// NpyArray::new(header, vec![0, 0, 0, 7, 0, 0, 1, 0])?.write_npy(std::fs::File::create(&path)?)?;
    ///
    /// let map = Memmap::open(&path)?;
    /// let view = map.view_dyn();
    /// assert_eq!(view.get(&[0])?, Value::Int(7));
    /// assert_eq!(view.get(&[1])?, Value::Int(256));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn view_dyn(&self) -> DynView<'_> {
        // The file's length was checked when it was mapped.
        DynView::new_checked_by_caller(&self.header, self.bytes.bytes())
    }

    /// Copies the data into an owned array, swapping the byte order if
    /// needed; works for any alignment. Errors when the dtype is not `T`'s
    /// or `D` has another number of dimensions.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Array1, Ix1};
    /// use npy_format::{DType, Header, NpyArray};
    /// use npy_mmap::{ErrorKind, Memmap};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("be.npy");
    /// let header = Header::new(DType::parse_descr("'>u2'")?, vec![3], false);
    /// NpyArray::new(header, vec![0, 1, 0, 2, 1, 0])?.write_npy(std::fs::File::create(&path)?)?;
    ///
    /// let map = Memmap::open(&path)?;
    /// let err = map.view::<u16, Ix1>().unwrap_err();
    /// assert!(matches!(err.npy_kind(), Some(npy_format::ErrorKind::ByteOrder { .. })));
    /// let owned: Array1<u16> = map.to_owned_array()?; // copied and swapped
    /// assert_eq!(owned, array![1, 2, 256]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_owned_array<T: ReadableElement, D: Dimension>(&self) -> Result<Array<T, D>> {
        owned_array(&self.header, self.bytes.bytes())
    }

    /// Copies the data into an [`NpyArray`], bytes as in the file.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npy_format::Value;
    /// use npy_mmap::Memmap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("x.npy");
    /// npy_format::write_npy(&path, &array![[1u8, 2], [3, 4]])?;
    ///
    /// let copy = Memmap::open(&path)?.to_npy_array()?; // the map may go now
    /// assert_eq!(copy.shape(), &[2, 2]);
    /// assert_eq!(copy.data(), [1, 2, 3, 4]);
    /// assert_eq!(copy.get(&[1, 0])?, Value::UInt(3));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_npy_array(&self) -> Result<NpyArray> {
        Ok(NpyArray::new(
            self.header.clone(),
            self.bytes.bytes().to_vec(),
        )?)
    }

    /// Writes changed data to the file and waits until it is written
    /// (`msync` with `MS_SYNC`). Does nothing in modes `r` and `c`.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{Array1, Ix1};
    /// use npy_format::{DType, ScalarKind};
    /// use npy_mmap::Memmap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("out.npy");
    /// let mut map = Memmap::create(&path, DType::scalar(ScalarKind::Int(8)), &[4], false)?;
    /// map.view_mut::<i64, Ix1>()?.assign(&Array1::from(vec![4, 3, 2, 1]));
    /// map.flush()?; // returns once the data is written
    ///
    /// let back: Array1<i64> = npy_format::read_npy(&path)?;
    /// assert_eq!(back.to_vec(), [4, 3, 2, 1]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn flush(&self) -> Result<()> {
        Ok(self.bytes.flush()?)
    }

    /// Starts writing changed data to the file and returns at once
    /// (`msync` with `MS_ASYNC`); see [`Memmap`] for what that guarantees.
    /// Does nothing in modes `r` and `c`.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{Array1, Ix1};
    /// use npy_mmap::{Memmap, Mode};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("log.npy");
    /// npy_format::write_npy(&path, &Array1::<f32>::zeros(1000))?;
    ///
    /// let mut map = Memmap::open_mode(&path, Mode::ReadWrite)?;
    /// for step in 0..10 {
    ///     map.view_mut::<f32, Ix1>()?[step] = step as f32;
    ///     map.flush_async()?; // start writing back, don't wait
    /// }
    /// map.flush()?; // wait for everything at the end
    /// drop(map);
    /// assert_eq!(npy_format::read_npy::<_, Array1<f32>>(&path)?[9], 9.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn flush_async(&self) -> Result<()> {
        Ok(self.bytes.flush_async()?)
    }
}
