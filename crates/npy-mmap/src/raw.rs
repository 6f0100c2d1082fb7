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
    pub fn mode(&mut self, mode: Mode) -> &mut Self {
        self.mode = mode;
        self
    }

    /// Byte offset of the array in the file (default 0).
    pub fn offset(&mut self, offset: u64) -> &mut Self {
        self.offset = offset;
        self
    }

    /// The shape (default: 1-D, from the file's length).
    pub fn shape(&mut self, shape: &[usize]) -> &mut Self {
        self.shape = Some(shape.to_vec());
        self
    }

    /// Whether the data is column-major (default: no, row-major).
    pub fn fortran_order(&mut self, yes: bool) -> &mut Self {
        self.fortran_order = yes;
        self
    }

    /// Opens and maps the file.
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
