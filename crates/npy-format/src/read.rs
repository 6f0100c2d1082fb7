//! Reading `.npy` data: typed into ndarray, dynamically, or in chunks.

use crate::dynamic::NpyArray;
use crate::elements::ReadableElement;
use crate::header::{read_header, Header, ParsedHeader, ReadOptions};
use crate::io_util::{read_pod_file, read_pod_vec};
use crate::{Error, ErrorKind, Result};
use ndarray::{Array, ArrayD, Dimension, IxDyn, ShapeBuilder};
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Reads a `.npy` stream: the header first, then the data whole, typed or
/// dynamic, or in chunks.
///
/// # Example
///
/// ```
/// use ndarray::{array, Array2};
/// use npy_format::{NpyReader, WriteNpyExt};
///
/// let mut bytes = Vec::new();
/// array![[1.0, 2.0], [3.0, 4.0]].write_npy(&mut bytes)?;
///
/// let reader = NpyReader::new(&bytes[..])?;
/// assert_eq!(reader.header().shape, vec![2, 2]);
/// let a: Array2<f64> = reader.read_array()?;
/// assert_eq!(a, array![[1.0, 2.0], [3.0, 4.0]]);
/// # Ok::<(), npy_format::Error>(())
/// ```
#[derive(Debug)]
pub struct NpyReader<R> {
    inner: R,
    parsed: ParsedHeader,
    /// Bytes known to remain after the header, when the input's length is
    /// known.
    avail: Option<u64>,
    /// Elements (in memory order) not yet read by the chunked readers.
    remaining: usize,
    /// The file itself when reading one, for whole-array reads that split
    /// the work across threads.
    file: Option<File>,
}

impl NpyReader<File> {
    /// Opens a `.npy` file and reads its header, with the default limits.
    pub fn open<P: AsRef<Path>>(path: P) -> Result<NpyReader<File>> {
        NpyReader::open_with(path, &ReadOptions::default())
    }

    /// Opens a `.npy` file and reads its header, with the given limits.
    ///
    /// The file's length is known, so the data size is checked against it
    /// before any memory is allocated for the data.
    pub fn open_with<P: AsRef<Path>>(path: P, opts: &ReadOptions) -> Result<NpyReader<File>> {
        let file = File::open(path)?;
        let len = file.metadata()?.len();
        let shared = file.try_clone().ok();
        let mut r = NpyReader::with_options(file, opts)?;
        r.avail = Some(len.saturating_sub(r.parsed.data_offset));
        r.file = shared;
        Ok(r)
    }
}

impl<R: Read> NpyReader<R> {
    /// Reads the header from `reader` with the default limits.
    pub fn new(reader: R) -> Result<NpyReader<R>> {
        NpyReader::with_options(reader, &ReadOptions::default())
    }

    /// Reads the header from `reader` with the given limits.
    pub fn with_options(mut reader: R, opts: &ReadOptions) -> Result<NpyReader<R>> {
        let parsed = read_header(&mut reader, opts)?;
        let remaining = parsed.header.num_elements()?;
        Ok(NpyReader {
            inner: reader,
            parsed,
            avail: None,
            remaining,
            file: None,
        })
    }

    /// Tells the reader how many data bytes the input holds (for example a
    /// file's length minus [`ParsedHeader::data_offset`]), so the whole data
    /// buffer can be allocated at once after checking it is really there.
    pub fn with_data_len(mut self, bytes: u64) -> Self {
        self.avail = Some(bytes);
        self
    }

    /// What the header says.
    pub fn header(&self) -> &Header {
        &self.parsed.header
    }

    /// The header with its version and position in the file.
    pub fn parsed_header(&self) -> &ParsedHeader {
        &self.parsed
    }

    /// Unwraps the underlying reader.
    pub fn into_inner(self) -> R {
        self.inner
    }

    fn refuse_objects(&self) -> Result<()> {
        if self.parsed.header.dtype.has_object() {
            return Err(ErrorKind::ObjectData.into());
        }
        Ok(())
    }

    /// Reads the whole array into an ndarray of element type `A` and
    /// dimension `D` (use `IxDyn` when the number of dimensions is only
    /// known at run time). Fortran-order data gives a column-major array.
    pub fn read_array<A: ReadableElement, D: Dimension>(mut self) -> Result<Array<A, D>> {
        let header = &self.parsed.header;
        if let Some(ndim) = D::NDIM {
            if ndim != header.shape.len() {
                return Err(ErrorKind::DimensionMismatch {
                    expected: ndim,
                    found: header.shape.len(),
                }
                .into());
            }
        }
        self.refuse_objects()?;
        let len = header.num_elements()?;
        let data = match (&self.file, self.avail) {
            (Some(file), Some(avail)) => {
                A::read_vec_at(file, self.parsed.data_offset, &header.dtype, len, avail)?
            }
            _ => A::read_vec(&mut self.inner, &header.dtype, len, self.avail)?,
        };
        into_ndarray(data, &header.shape, header.fortran_order)
    }

    /// Reads the whole array without knowing its dtype in advance.
    pub fn read_dyn(mut self) -> Result<NpyArray> {
        self.refuse_objects()?;
        let nbytes = self.parsed.header.data_len()?;
        let data: Vec<u8> = match (&self.file, self.avail) {
            (Some(file), Some(avail)) => read_pod_file(
                file,
                self.parsed.data_offset,
                nbytes,
                avail,
                None::<fn(&mut [u8])>,
            )?,
            _ => read_pod_vec(&mut self.inner, nbytes, self.avail)?,
        };
        NpyArray::new(self.parsed.header, data)
    }

    /// Elements not yet returned by [`read_rows`](Self::read_rows) or
    /// [`read_elements`](Self::read_elements).
    pub fn remaining_elements(&self) -> usize {
        self.remaining
    }

    /// Reads up to `max` elements in memory order, or `None` at the end.
    /// The building block for processing arrays larger than memory.
    pub fn read_elements<A: ReadableElement>(&mut self, max: usize) -> Result<Option<Vec<A>>> {
        self.refuse_objects()?;
        if self.remaining == 0 {
            return Ok(None);
        }
        let n = self.remaining.min(max.max(1));
        let header = &self.parsed.header;
        let v = A::read_vec(&mut self.inner, &header.dtype, n, None)?;
        self.remaining -= n;
        Ok(Some(v))
    }

    /// Reads up to `max_rows` slices along the growth axis as a dynamic
    /// array, or `None` at the end; see [`read_rows`](Self::read_rows).
    /// Objects are refused.
    pub fn read_rows_dyn(&mut self, max_rows: usize) -> Result<Option<NpyArray>> {
        self.refuse_objects()?;
        let (rows, chunk_shape) = self.next_rows(max_rows);
        if rows == 0 {
            return Ok(None);
        }
        let header = &self.parsed.header;
        let n = chunk_shape.iter().product::<usize>();
        let nbytes = n * header.dtype.itemsize();
        let data: Vec<u8> = read_pod_vec(&mut self.inner, nbytes, None)?;
        self.remaining -= n;
        let h = Header::new(header.dtype.clone(), chunk_shape, header.fortran_order);
        NpyArray::new(h, data).map(Some)
    }

    /// How many rows the next chunk holds (at most `max_rows`) and its
    /// shape; zero rows at the end.
    fn next_rows(&mut self, max_rows: usize) -> (usize, Vec<usize>) {
        let shape = &self.parsed.header.shape;
        if shape.is_empty() {
            return (self.remaining.min(1), Vec::new());
        }
        let axis = if self.parsed.header.fortran_order {
            shape.len() - 1
        } else {
            0
        };
        // Checked first: with no elements the other dimensions' product may
        // overflow (`(0, 2**32, 2**32)`); with some, it divides their count.
        if self.remaining == 0 {
            return (0, Vec::new());
        }
        let row_len: usize = shape
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != axis)
            .map(|(_, &d)| d)
            .product();
        if row_len == 0 {
            self.remaining = 0;
            return (0, Vec::new());
        }
        let rows = (self.remaining / row_len).min(max_rows.max(1));
        let mut chunk_shape = shape.clone();
        chunk_shape[axis] = rows;
        (rows, chunk_shape)
    }

    /// Reads up to `max_rows` slices along the growth axis (axis 0 in C
    /// order, the last axis in Fortran order) as an array of the same
    /// layout, or `None` at the end. A 0-d array is one chunk.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{Array2, s};
    /// use npy_format::{NpyReader, WriteNpyExt};
    ///
    /// let a = Array2::from_shape_fn((10, 3), |(i, j)| (i * 3 + j) as i32);
    /// let mut bytes = Vec::new();
    /// a.write_npy(&mut bytes)?;
    ///
    /// let mut reader = NpyReader::new(&bytes[..])?;
    /// let mut rows = 0;
    /// while let Some(chunk) = reader.read_rows::<i32>(4)? {
    ///     assert_eq!(chunk, a.slice(s![rows..rows + chunk.shape()[0], ..]).into_dyn());
    ///     rows += chunk.shape()[0];
    /// }
    /// assert_eq!(rows, 10);
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn read_rows<A: ReadableElement>(&mut self, max_rows: usize) -> Result<Option<ArrayD<A>>> {
        self.refuse_objects()?;
        let (rows, chunk_shape) = self.next_rows(max_rows);
        if rows == 0 {
            return Ok(None);
        }
        let header = &self.parsed.header;
        let n = chunk_shape.iter().product::<usize>();
        let v = A::read_vec(&mut self.inner, &header.dtype, n, None)?;
        self.remaining -= n;
        into_ndarray(v, &chunk_shape, header.fortran_order).map(Some)
    }
}

/// Builds an ndarray from data in C or Fortran memory order.
pub(crate) fn into_ndarray<A, D: Dimension>(
    data: Vec<A>,
    shape: &[usize],
    fortran_order: bool,
) -> Result<Array<A, D>> {
    let arr = ArrayD::from_shape_vec(IxDyn(shape).set_f(fortran_order), data)
        .map_err(|_| Error::unsupported(format!("data does not fit the shape {shape:?}")))?;
    arr.into_dimensionality::<D>().map_err(|_| {
        ErrorKind::DimensionMismatch {
            expected: D::NDIM.unwrap_or(shape.len()),
            found: shape.len(),
        }
        .into()
    })
}

/// Reads an ndarray from a `Read` source holding a `.npy` stream.
///
/// The counterpart of [`WriteNpyExt`](crate::WriteNpyExt). An ndarray-npy
/// user will recognise it.
///
/// # Example
///
/// ```
/// use ndarray::{array, Array1};
/// use npy_format::{ReadNpyExt, WriteNpyExt};
///
/// let mut bytes = Vec::new();
/// array![1u16, 2, 3].write_npy(&mut bytes)?;
/// let back = Array1::<u16>::read_npy(&bytes[..])?;
/// assert_eq!(back, array![1u16, 2, 3]);
/// # Ok::<(), npy_format::Error>(())
/// ```
pub trait ReadNpyExt: Sized {
    /// Reads a complete `.npy` stream.
    fn read_npy<R: Read>(reader: R) -> Result<Self>;
}

impl<A: ReadableElement, D: Dimension> ReadNpyExt for Array<A, D> {
    fn read_npy<R: Read>(reader: R) -> Result<Self> {
        NpyReader::new(reader)?.read_array()
    }
}

/// Reads a `.npy` file into an ndarray.
///
/// # Example
///
/// ```no_run
/// use ndarray::Array2;
///
/// let weights: Array2<f32> = npy_format::read_npy("weights.npy")?;
/// # Ok::<(), npy_format::Error>(())
/// ```
pub fn read_npy<P: AsRef<Path>, T: FromNpyFile>(path: P) -> Result<T> {
    T::from_npy_file(NpyReader::open(path)?)
}

/// Types [`read_npy`] can produce: typed ndarrays and [`NpyArray`].
pub trait FromNpyFile: Sized {
    /// Reads the data of an opened file.
    fn from_npy_file(reader: NpyReader<File>) -> Result<Self>;
}

impl<A: ReadableElement, D: Dimension> FromNpyFile for Array<A, D> {
    fn from_npy_file(reader: NpyReader<File>) -> Result<Self> {
        reader.read_array()
    }
}

impl FromNpyFile for NpyArray {
    fn from_npy_file(reader: NpyReader<File>) -> Result<Self> {
        reader.read_dyn()
    }
}

/// Reads only the header of a `.npy` file.
///
/// # Example
///
/// ```no_run
/// let h = npy_format::read_header_file("weights.npy")?;
/// println!("{} {:?}", h.header.dtype, h.header.shape);
/// # Ok::<(), npy_format::Error>(())
/// ```
pub fn read_header_file<P: AsRef<Path>>(path: P) -> Result<ParsedHeader> {
    Ok(NpyReader::open(path)?.parsed)
}
