//! Raw maps of any file, as `np.memmap`: a dtype, an offset, a shape and
//! an order given by the caller.

use crate::npy::{check_len, create_file, refuse_objects};
use crate::{Error, ErrorKind, Memmap, Mode, Result};
use npy_format::{DType, Header};
use std::fs::OpenOptions;
use std::path::Path;

/// Maps any file as an array, as `np.memmap(file, dtype, mode, offset,
/// shape, order)` does.
///
/// - Without a shape, the array is 1-D with `(file length - offset) /
///   itemsize` elements; a remainder is an error.
/// - `r+` and `w+` extend a short file with zeros; `w+` first truncates
///   it and needs a shape.
/// - `r` and `c` need the file to hold the whole array, and cannot map an
///   empty file.
/// - Any offset works: the map starts at the boundary below it and the
///   view starts inside. Typed views then need the offset to be a multiple
///   of the element's alignment; [`Memmap::to_owned_array`] and dynamic
///   views do not.
///
/// # Example
///
/// ```
/// use ndarray::Ix2;
/// use npy_format::{DType, ScalarKind};
/// use npy_mmap::{MemmapBuilder, Mode};
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("raw.bin");
/// std::fs::write(&path, [0xff, 0xff, 1, 0, 2, 0, 3, 0, 4, 0])?;
///
/// let map = MemmapBuilder::new(DType::parse_descr("'<u2'")?)
///     .offset(2)
///     .shape(&[2, 2])
///     .fortran_order(true)
///     .open(&path)?;
/// assert_eq!(map.view::<u16, Ix2>()?[[0, 1]], 3);
///
/// let mut grow = MemmapBuilder::new(DType::scalar(ScalarKind::UInt(1)));
/// grow.mode(Mode::ReadWrite).shape(&[16]);
/// let map = grow.open(&path)?; // extends the file to 16 bytes
/// assert_eq!(std::fs::metadata(&path)?.len(), 16);
/// # let _ = map;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct MemmapBuilder {
    dtype: DType,
    mode: Mode,
    offset: u64,
    shape: Option<Vec<usize>>,
    fortran_order: bool,
}

impl MemmapBuilder {
    /// A map of elements of `dtype`, by default read-only, from offset 0,
    /// its shape from the file's length, C order.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Ix1;
    /// use npy_format::{DType, ScalarKind};
    /// use npy_mmap::MemmapBuilder;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("bytes.bin");
    /// std::fs::write(&path, [10, 20, 30, 40, 50])?;
    ///
    /// let map = MemmapBuilder::new(DType::scalar(ScalarKind::UInt(1))).open(&path)?;
    /// assert_eq!(map.shape(), &[5]); // from the file's length
    /// assert_eq!(map.view::<u8, Ix1>()?[4], 50);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(dtype: DType) -> MemmapBuilder {
        MemmapBuilder {
            dtype,
            mode: Mode::ReadOnly,
            offset: 0,
            shape: None,
            fortran_order: false,
        }
    }

    /// The mode (default [`Mode::ReadOnly`]).
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Ix1;
    /// use npy_format::{DType, ScalarKind};
    /// use npy_mmap::{MemmapBuilder, Mode};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("new.bin");
    /// let mut builder = MemmapBuilder::new(DType::scalar(ScalarKind::Int(4)));
    /// builder.mode(Mode::Create).shape(&[3]);
    /// let mut map = builder.open(&path)?; // creates a 12-byte file of zeros
    /// map.view_mut::<i32, Ix1>()?[2] = -1;
    /// map.flush()?;
    /// assert_eq!(std::fs::read(&path)?[8..], (-1i32).to_ne_bytes());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn mode(&mut self, mode: Mode) -> &mut Self {
        self.mode = mode;
        self
    }

    /// Byte offset of the array in the file (default 0).
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Ix1;
    /// use npy_format::DType;
    /// use npy_mmap::MemmapBuilder;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("with-header.bin");
    /// let mut bytes = b"HDR!".to_vec(); // a 4-byte header of some other format
    /// bytes.extend([1u32, 2, 3].iter().flat_map(|x| x.to_le_bytes()));
    /// std::fs::write(&path, bytes)?;
    ///
    /// let map = MemmapBuilder::new(DType::parse_descr("'<u4'")?).offset(4).open(&path)?;
    /// assert_eq!(map.data_offset(), 4);
    /// assert_eq!(map.to_owned_array::<u32, Ix1>()?.to_vec(), [1, 2, 3]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn offset(&mut self, offset: u64) -> &mut Self {
        self.offset = offset;
        self
    }

    /// The shape (default: 1-D, from the file's length).
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Ix2;
    /// use npy_format::{DType, ScalarKind};
    /// use npy_mmap::MemmapBuilder;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("image.raw");
    /// std::fs::write(&path, (0..12).collect::<Vec<u8>>())?;
    ///
    /// let map = MemmapBuilder::new(DType::scalar(ScalarKind::UInt(1))).shape(&[3, 4]).open(&path)?;
    /// let image = map.view::<u8, Ix2>()?;
    /// assert_eq!(image.shape(), [3, 4]);
    /// assert_eq!(image[[2, 1]], 9);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn shape(&mut self, shape: &[usize]) -> &mut Self {
        self.shape = Some(shape.to_vec());
        self
    }

    /// Whether the data is column-major (default: no, row-major).
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Ix2;
    /// use npy_format::{DType, ScalarKind};
    /// use npy_mmap::MemmapBuilder;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("columns.raw");
    /// std::fs::write(&path, [1, 2, 3, 4, 5, 6])?; // two columns of three
    ///
    /// let map = MemmapBuilder::new(DType::scalar(ScalarKind::UInt(1)))
    ///     .shape(&[3, 2])
    ///     .fortran_order(true)
    ///     .open(&path)?;
    /// assert!(map.fortran_order());
    /// assert_eq!(map.view::<u8, Ix2>()?.column(1).to_vec(), [4, 5, 6]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fortran_order(&mut self, yes: bool) -> &mut Self {
        self.fortran_order = yes;
        self
    }

    /// Opens and maps the file.
    ///
    /// # Why this function is safe to call
    ///
    /// A map is sound only while no other process truncates the file or
    /// writes it in place, which Rust cannot enforce. npio offers opening
    /// as safe, as most memory-mapping readers do, because what such a
    /// change risks is bounded: truncation ends the process with `SIGBUS`
    /// when the lost pages are touched, and writes in place show other
    /// values in views that Rust assumes unchanging (npio never derives
    /// sizes or indices from mapped data, so no out-of-bounds access
    /// follows). npio's own writers never change a file in place. The
    /// crate's [Safety](crate#safety) section states what callers keep to.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{DType, ScalarKind};
    /// use npy_mmap::{ErrorKind, MemmapBuilder, Mode};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("odd.bin");
    /// std::fs::write(&path, [0u8; 10])?;
    ///
    /// let f8 = MemmapBuilder::new(DType::scalar(ScalarKind::Float(8)));
    /// let err = f8.open(&path).unwrap_err(); // 10 bytes are not whole f64s
    /// assert!(matches!(err.kind(), ErrorKind::ShapeRemainder { len: 10, itemsize: 8 }));
    ///
    /// let mut u2 = MemmapBuilder::new(DType::scalar(ScalarKind::UInt(2)));
    /// u2.mode(Mode::CopyOnWrite);
    /// let map = u2.open(&path)?;
    /// assert_eq!((map.len(), map.mode()), (5, Mode::CopyOnWrite));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open<P: AsRef<Path>>(&self, path: P) -> Result<Memmap> {
        let path = path.as_ref();
        refuse_objects(&self.dtype)?;
        let file = match self.mode {
            Mode::Create => create_file(path)?,
            mode => OpenOptions::new()
                .read(true)
                .write(mode == Mode::ReadWrite)
                .open(path)?,
        };
        let file_len = file.metadata()?.len();
        if file_len == 0 && matches!(self.mode, Mode::ReadOnly | Mode::CopyOnWrite) {
            return Err(ErrorKind::EmptyFile.into());
        }
        let shape = match &self.shape {
            Some(s) => s.clone(),
            None if self.mode == Mode::Create => return Err(ErrorKind::ShapeRequired.into()),
            None => vec![self.count(file_len)?],
        };
        let header = Header::new(self.dtype.clone(), shape, self.fortran_order);
        let len = header.data_len()?;
        let end = self.offset.checked_add(len as u64).ok_or_else(|| {
            npy_format::Error::from(npy_format::ErrorKind::SizeOverflow {
                shape: header.shape.iter().map(|&d| d as u64).collect(),
                itemsize: header.dtype.itemsize(),
            })
        })?;
        match self.mode {
            Mode::ReadWrite | Mode::Create if file_len < end => file.set_len(end)?,
            _ => check_len(self.offset, len, file_len)?,
        }
        Memmap::map_file(&file, header, self.offset, self.mode)
    }

    /// Elements after the offset when no shape is given.
    fn count(&self, file_len: u64) -> Result<usize> {
        let itemsize = self.dtype.itemsize();
        if itemsize == 0 {
            return Err(ErrorKind::ShapeRequired.into());
        }
        let avail = file_len
            .checked_sub(self.offset)
            .ok_or_else(|| Error::length(self.offset, file_len))?;
        if !avail.is_multiple_of(itemsize as u64) {
            return Err(ErrorKind::ShapeRemainder {
                len: avail,
                itemsize,
            }
            .into());
        }
        usize::try_from(avail / itemsize as u64).map_err(|_| Error::length(avail, file_len))
    }
}
