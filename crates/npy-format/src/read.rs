//! Reading `.npy` data: typed into ndarray, dynamically, or in chunks.

use crate::dynamic::NpyArray;
use crate::elements::ReadableElement;
use crate::header::{Header, ParsedHeader, ReadOptions, read_header};
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
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Array2};
    /// use npy_format::NpyReader;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("m.npy");
    /// npy_format::write_npy(&path, &array![[1i32, 2], [3, 4]])?;
    ///
    /// let reader = NpyReader::open(&path)?;
    /// assert_eq!(reader.header().shape, vec![2, 2]);
    /// let m: Array2<i32> = reader.read_array()?;
    /// assert_eq!(m, array![[1, 2], [3, 4]]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open<P: AsRef<Path>>(path: P) -> Result<NpyReader<File>> {
        NpyReader::open_with(path, &ReadOptions::default())
    }

    /// Opens a `.npy` file and reads its header, with the given limits.
    ///
    /// The file's length is known, so the data size is checked against it
    /// before any memory is allocated for the data.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Array3;
    /// use npy_format::{ErrorKind, NpyReader, ReadOptions};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("cube.npy");
    /// npy_format::write_npy(&path, &Array3::<u8>::zeros((2, 2, 2)))?;
    ///
    /// // An application that only handles matrices.
    /// let mut opts = ReadOptions::new();
    /// opts.max_ndim(2);
    /// let err = NpyReader::open_with(&path, &opts).unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::TooManyDims { ndim: 3, limit: 2 }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npy_format::{NpyReader, WriteNpyExt};
    /// use std::io::Cursor;
    ///
    /// let mut bytes = Vec::new();
    /// array![1u8, 2, 3].write_npy(&mut bytes)?;
    ///
    /// let reader = NpyReader::new(Cursor::new(bytes))?;
    /// assert_eq!(reader.header().shape, vec![3]);
    /// assert_eq!(reader.read_dyn()?.data(), &[1, 2, 3]);
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn new(reader: R) -> Result<NpyReader<R>> {
        NpyReader::with_options(reader, &ReadOptions::default())
    }

    /// Reads the header from `reader` with the given limits.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npy_format::{NpyReader, ReadOptions, WriteNpyExt};
    ///
    /// let mut bytes = Vec::new();
    /// array![[1u8, 2], [3, 4]].write_npy(&mut bytes)?;
    ///
    /// let mut opts = ReadOptions::new();
    /// opts.max_ndim(1);
    /// assert!(NpyReader::with_options(&bytes[..], &opts).is_err());
    /// opts.max_ndim(2);
    /// assert_eq!(NpyReader::with_options(&bytes[..], &opts)?.header().shape, vec![2, 2]);
    /// # Ok::<(), npy_format::Error>(())
    /// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Array1, Ix1};
    /// use npy_format::{NpyReader, WriteNpyExt};
    ///
    /// let mut bytes = Vec::new();
    /// array![1.0f64, 2.0, 3.0].write_npy(&mut bytes)?;
    ///
    /// let reader = NpyReader::new(&bytes[..])?;
    /// let data_len = bytes.len() as u64 - reader.parsed_header().data_offset;
    /// let a: Array1<f64> = reader.with_data_len(data_len).read_array()?;
    /// assert_eq!(a, array![1.0, 2.0, 3.0]);
    ///
    /// // Fewer bytes than the header needs: refused before anything is read.
    /// let reader = NpyReader::new(&bytes[..])?.with_data_len(16);
    /// assert!(reader.read_array::<f64, Ix1>().unwrap_err().is_truncated());
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn with_data_len(mut self, bytes: u64) -> Self {
        self.avail = Some(bytes);
        self
    }

    /// What the header says.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Array2;
    /// use npy_format::{NpyReader, WriteNpyExt};
    ///
    /// let mut bytes = Vec::new();
    /// Array2::<u16>::zeros((2, 3)).write_npy(&mut bytes)?;
    ///
    /// let reader = NpyReader::new(&bytes[..])?;
    /// let h = reader.header();
    /// assert_eq!(h.dtype.descr_repr(), "'<u2'");
    /// assert_eq!(h.shape, vec![2, 3]);
    /// assert!(!h.fortran_order);
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn header(&self) -> &Header {
        &self.parsed.header
    }

    /// The header with its version and position in the file.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npy_format::{NpyReader, Version, WriteNpyExt};
    ///
    /// let mut bytes = Vec::new();
    /// array![1i8, 2].write_npy(&mut bytes)?;
    ///
    /// let reader = NpyReader::new(&bytes[..])?;
    /// let p = reader.parsed_header();
    /// assert_eq!(p.version, Version::V1);
    /// assert_eq!(p.data_offset, 128);
    /// assert_eq!(p.header.shape, vec![2]);
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn parsed_header(&self) -> &ParsedHeader {
        &self.parsed
    }

    /// Unwraps the underlying reader.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Array2};
    /// use npy_format::{NpyReader, WriteNpyExt};
    ///
    /// // Two arrays, one after the other in one stream.
    /// let mut stream = Vec::new();
    /// array![1i32, 2].write_npy(&mut stream)?;
    /// array![[3.5f64]].write_npy(&mut stream)?;
    ///
    /// let mut input = &stream[..];
    /// let mut first = NpyReader::new(&mut input)?;
    /// assert_eq!(first.read_elements::<i32>(usize::MAX)?, Some(vec![1, 2]));
    /// // The input is left at the end of the first array.
    /// let rest = first.into_inner();
    /// let second: Array2<f64> = NpyReader::new(rest)?.read_array()?;
    /// assert_eq!(second, array![[3.5]]);
    /// # Ok::<(), npy_format::Error>(())
    /// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Array2, ArrayD};
    /// use npy_format::{NpyReader, WriteNpyExt};
    ///
    /// let m = array![[1.0f32, 2.0, 3.0], [4.0, 5.0, 6.0]];
    /// let mut bytes = Vec::new();
    /// m.t().write_npy(&mut bytes)?; // stored in Fortran order
    ///
    /// let t: Array2<f32> = NpyReader::new(&bytes[..])?.read_array()?;
    /// assert_eq!(t, m.t());
    /// assert!(t.t().is_standard_layout()); // column-major, as in the file
    ///
    /// // With IxDyn the number of dimensions is whatever the file has.
    /// let d: ArrayD<f32> = NpyReader::new(&bytes[..])?.read_array()?;
    /// assert_eq!(d.shape(), &[3, 2]);
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn read_array<A: ReadableElement, D: Dimension>(mut self) -> Result<Array<A, D>> {
        let header = &self.parsed.header;
        if let Some(ndim) = D::NDIM
            && ndim != header.shape.len()
        {
            return Err(ErrorKind::DimensionMismatch {
                expected: ndim,
                found: header.shape.len(),
            }
            .into());
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
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{NpyArray, NpyReader, ScalarKind};
    ///
    /// let mut bytes = Vec::new();
    /// NpyArray::from_strings(&["x", "yz"], &[2])?.write_npy(&mut bytes)?;
    ///
    /// let a = NpyReader::new(&bytes[..])?.read_dyn()?;
    /// match a.dtype().as_scalar().map(|s| s.kind()) {
    ///     Some(ScalarKind::Unicode(_)) => assert_eq!(a.to_strings()?, vec!["x", "yz"]),
    ///     _ => panic!("expected text, found {}", a.dtype()),
    /// }
    /// # Ok::<(), npy_format::Error>(())
    /// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Array2;
    /// use npy_format::{NpyReader, WriteNpyExt};
    ///
    /// let mut bytes = Vec::new();
    /// Array2::<u8>::zeros((4, 5)).write_npy(&mut bytes)?;
    ///
    /// let mut reader = NpyReader::new(&bytes[..])?;
    /// assert_eq!(reader.remaining_elements(), 20);
    /// reader.read_rows::<u8>(3)?;
    /// assert_eq!(reader.remaining_elements(), 5);
    /// reader.read_elements::<u8>(100)?;
    /// assert_eq!(reader.remaining_elements(), 0);
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn remaining_elements(&self) -> usize {
        self.remaining
    }

    /// Reads up to `max` elements in memory order, or `None` at the end.
    /// The building block for processing arrays larger than memory.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Array1;
    /// use npy_format::NpyReader;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("big.npy");
    /// npy_format::write_npy(&path, &Array1::from_iter(0..10_000i64))?;
    ///
    /// // Sum the file holding at most 1024 values in memory.
    /// let mut reader = NpyReader::open(&path)?;
    /// let mut sum = 0;
    /// while let Some(chunk) = reader.read_elements::<i64>(1024)? {
    ///     assert!(chunk.len() <= 1024);
    ///     sum += chunk.iter().sum::<i64>();
    /// }
    /// assert_eq!(sum, 49_995_000);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Ix1;
    /// use npy_format::{DType, Header, NpyArray, NpyReader};
    ///
    /// let dtype = DType::parse_descr("[('id', '<u4'), ('score', '<f4')]")?;
    /// let mut data = Vec::new();
    /// for id in 0..5u32 {
    ///     data.extend(id.to_le_bytes());
    ///     data.extend((id as f32 / 2.0).to_le_bytes());
    /// }
    /// let mut bytes = Vec::new();
    /// NpyArray::new(Header::new(dtype, vec![5], false), data)?.write_npy(&mut bytes)?;
    ///
    /// let mut reader = NpyReader::new(&bytes[..])?;
    /// let mut ids = Vec::new();
    /// while let Some(chunk) = reader.read_rows_dyn(2)? {
    ///     assert!(chunk.len() <= 2);
    ///     ids.extend(chunk.field("id")?.to_array::<u32, Ix1>()?);
    /// }
    /// assert_eq!(ids, [0, 1, 2, 3, 4]);
    /// # Ok::<(), npy_format::Error>(())
    /// ```
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
///
/// # Example
///
/// ```
/// use ndarray::{array, Array1};
/// use npy_format::{FromNpyFile, NpyArray, NpyReader};
/// use std::fs::File;
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("v.npy");
/// npy_format::write_npy(&path, &array![1u8, 2, 3])?;
///
/// // The same file, typed or dynamic.
/// let typed: Array1<u8> = npy_format::read_npy(&path)?;
/// let dynamic: NpyArray = npy_format::read_npy(&path)?;
/// assert_eq!(dynamic.to_array::<u8, ndarray::Ix1>()?, typed);
///
/// // A type of your own: here, only the shape.
/// struct Shape(Vec<usize>);
/// impl FromNpyFile for Shape {
///     fn from_npy_file(reader: NpyReader<File>) -> npy_format::Result<Self> {
///         Ok(Shape(reader.header().shape.clone()))
///     }
/// }
/// let shape: Shape = npy_format::read_npy(&path)?;
/// assert_eq!(shape.0, vec![3]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
