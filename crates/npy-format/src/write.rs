//! Writing `.npy` data: whole arrays, streams of rows, and appends.

use crate::dtype::DType;
use crate::elements::WritableElement;
use crate::header::{Header, ReadOptions, read_header};
use crate::{AtomicFile, Error, ErrorKind, Result};
use ndarray::{ArrayBase, Data, Dimension};
use std::borrow::Cow;
use std::fs::OpenOptions;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::Path;

/// Elements gathered per write when an array is not contiguous.
const GATHER: usize = 1 << 14;

/// Writes an array's elements, contiguously if its memory allows, else in
/// logical order. Returns whether the bytes are in Fortran order: true only
/// for arrays that are Fortran- but not C-contiguous, as `np.save` decides.
pub(crate) fn write_logical_order<A, S, D, W>(array: &ArrayBase<S, D>, w: &mut W) -> Result<bool>
where
    A: WritableElement,
    S: Data<Elem = A>,
    D: Dimension,
    W: Write + ?Sized,
{
    if let Some(slice) = array.as_slice() {
        A::write_slice(slice, w)?;
        return Ok(false);
    }
    let t = array.t();
    if let Some(slice) = t.as_slice() {
        A::write_slice(slice, w)?;
        return Ok(true);
    }
    write_iter(array.iter(), w)?;
    Ok(false)
}

fn write_iter<'a, A, I, W>(iter: I, w: &mut W) -> Result<()>
where
    A: WritableElement + 'a,
    I: Iterator<Item = &'a A>,
    W: Write + ?Sized,
{
    // Gather into batches so that each write is large.
    let mut batch: Vec<A> = Vec::with_capacity(GATHER);
    for &x in iter {
        batch.push(x);
        if batch.len() == GATHER {
            A::write_slice(&batch, w)?;
            batch.clear();
        }
    }
    A::write_slice(&batch, w)
}

/// Writes an ndarray as a `.npy` stream, byte-identical to `np.save`.
///
/// Any layout works: C-contiguous arrays are written as they are,
/// Fortran-contiguous ones with `fortran_order: True`, and other views
/// element by element in C order.
///
/// # Example
///
/// ```
/// use ndarray::array;
/// use npy_format::WriteNpyExt;
///
/// let mut bytes = Vec::new();
/// array![[1i32, 2], [3, 4]].t().write_npy(&mut bytes)?;
/// assert!(bytes.starts_with(b"\x93NUMPY\x01\x00"));
/// assert_eq!(&bytes[10..56], b"{'descr': '<i4', 'fortran_order': True, 'shape");
/// # Ok::<(), npy_format::Error>(())
/// ```
pub trait WriteNpyExt {
    /// Writes the array as a complete `.npy` stream to a `dyn Write`: the
    /// method an implementation provides, and the one callable through
    /// `&dyn WriteNpyExt` (the trait is object safe, so one list can hold
    /// arrays of different element types, as `savez` takes them).
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{NpyArray, WriteNpyExt};
    ///
    /// let weights = ndarray::array![[0.5f32, 1.5]];
    /// let labels = NpyArray::from_strings(&["cat", "dog"], &[2])?;
    /// let arrays: [&dyn WriteNpyExt; 2] = [&weights, &labels];
    /// let mut bytes = Vec::new();
    /// arrays[1].write_npy_to(&mut bytes)?;
    /// assert_eq!(&bytes[10..30], b"{'descr': '<U3', 'fo");
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    fn write_npy_to(&self, writer: &mut dyn Write) -> Result<()>;

    /// The number of bytes [`write_npy_to`](Self::write_npy_to) will
    /// write, when known in advance; used to reserve disk space before
    /// writing a file.
    fn npy_len(&self) -> Option<u64> {
        None
    }

    /// The header [`write_npy_to`](Self::write_npy_to) will write, when
    /// known in advance (for both of npy-format's implementations); an
    /// archive writer records it in its directory.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::WriteNpyExt;
    ///
    /// let a = ndarray::array![[1.0f64, 2.0], [3.0, 4.0]];
    /// let h = a.t().npy_header().unwrap();
    /// assert!(h.fortran_order);
    /// assert_eq!(h.shape, [2, 2]);
    /// ```
    fn npy_header(&self) -> Option<Header> {
        None
    }

    /// The array as an [`NpyArray`](crate::NpyArray): borrowed when it is
    /// one, else a copy (by default, written and read back).
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{NpyArray, WriteNpyExt};
    /// use std::borrow::Cow;
    ///
    /// let dynamic = NpyArray::from_array(&ndarray::array![1.5f32]);
    /// assert!(matches!(dynamic.to_npy_array()?, Cow::Borrowed(_)));
    /// assert!(matches!(ndarray::array![1.5f32].to_npy_array()?, Cow::Owned(_)));
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    fn to_npy_array(&self) -> Result<Cow<'_, crate::NpyArray>> {
        let mut bytes = Vec::new();
        self.write_npy_to(&mut bytes)?;
        let mut opts = crate::ReadOptions::new();
        opts.max_header_size(usize::MAX);
        Ok(Cow::Owned(
            crate::NpyReader::with_options(&bytes[..], &opts)?.read_dyn()?,
        ))
    }

    /// Writes the array as a complete `.npy` stream (any `Write`, by value
    /// or by `&mut`, as ndarray-npy's method of the same name).
    fn write_npy<W: Write>(&self, mut writer: W) -> Result<()>
    where
        Self: Sized,
    {
        self.write_npy_to(&mut writer)
    }
}

impl<A, S, D> WriteNpyExt for ArrayBase<S, D>
where
    A: WritableElement,
    S: Data<Elem = A>,
    D: Dimension,
{
    fn write_npy_to(&self, writer: &mut dyn Write) -> Result<()> {
        let header = array_header(self);
        writer.write_all(&header.to_bytes()?)?;
        write_logical_order(self, writer)?;
        writer.flush()?;
        Ok(())
    }

    fn to_npy_array(&self) -> Result<Cow<'_, crate::NpyArray>> {
        Ok(Cow::Owned(crate::NpyArray::from_array(self)))
    }

    fn npy_len(&self) -> Option<u64> {
        let header = array_header(self);
        let len = header.to_bytes().ok()?.len() + header.data_len().ok()?;
        Some(len as u64)
    }

    fn npy_header(&self) -> Option<Header> {
        Some(array_header(self))
    }
}

/// The header `np.save` writes for an ndarray array: Fortran order only
/// for an array that is Fortran- but not C-contiguous.
fn array_header<A, S, D>(a: &ArrayBase<S, D>) -> Header
where
    A: WritableElement,
    S: Data<Elem = A>,
    D: Dimension,
{
    let fortran = a.as_slice().is_none() && a.t().as_slice().is_some();
    Header::new(A::dtype(), a.shape().to_vec(), fortran)
}

impl WriteNpyExt for crate::NpyArray {
    fn write_npy_to(&self, writer: &mut dyn Write) -> Result<()> {
        crate::NpyArray::write_npy(self, writer)
    }

    fn to_npy_array(&self) -> Result<Cow<'_, crate::NpyArray>> {
        Ok(Cow::Borrowed(self))
    }

    fn npy_len(&self) -> Option<u64> {
        let header = self.header().canonical();
        Some((header.to_bytes().ok()?.len() + self.data().len()) as u64)
    }

    fn npy_header(&self) -> Option<Header> {
        Some(self.header().canonical())
    }
}

/// Writes an array to a `.npy` file atomically: the data goes to a
/// temporary file in the same folder, renamed over `path` once complete.
/// A failed write leaves any existing file untouched.
///
/// # Example
///
/// ```no_run
/// use ndarray::Array2;
///
/// let a = Array2::<f64>::zeros((3, 4));
/// npy_format::write_npy("zeros.npy", &a)?;
/// # Ok::<(), npy_format::Error>(())
/// ```
pub fn write_npy<P: AsRef<Path>, T: WriteNpyExt + ?Sized>(path: P, array: &T) -> Result<()> {
    let mut file = AtomicFile::create(path)?;
    if let Some(len) = array.npy_len() {
        file.preallocate(len);
    }
    array.write_npy_to(&mut file)?;
    file.commit()
}

/// Writes a C-order `.npy` stream row by row, without knowing the number of
/// rows in advance, then patches the shape into the header.
///
/// The header is written first with zero rows. Its growth padding leaves
/// room for the row count to reach 21 digits, so [`finish`](Self::finish)
/// rewrites it in place with the same length: the result is byte-identical
/// to `np.save` of the whole array.
///
/// # Example
///
/// ```
/// use ndarray::{array, Array2};
/// use npy_format::{NpyWriter, ReadNpyExt, WritableElement};
/// use std::io::Cursor;
///
/// let mut w = NpyWriter::new(Cursor::new(Vec::new()), f64::dtype(), &[2])?;
/// w.append(&array![[1.0, 2.0]])?;
/// w.append(&array![[3.0, 4.0], [5.0, 6.0]])?;
/// let bytes = w.finish()?.into_inner();
/// assert_eq!(Array2::<f64>::read_npy(&bytes[..])?, array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]);
/// # Ok::<(), npy_format::Error>(())
/// ```
#[derive(Debug)]
pub struct NpyWriter<W: Write + Seek> {
    inner: W,
    header: Header,
    start: u64,
    header_len: usize,
    row_bytes: usize,
    /// Bytes written through `append_raw` not yet forming whole rows.
    partial: usize,
}

impl<W: Write + Seek> NpyWriter<W> {
    /// Starts a stream of rows of `dtype` with shape `row_shape` each.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Array2};
    /// use npy_format::{NpyWriter, ReadNpyExt, WritableElement, WriteNpyExt};
    /// use std::io::Cursor;
    ///
    /// // Rows of three bytes each.
    /// let mut w = NpyWriter::new(Cursor::new(Vec::new()), u8::dtype(), &[3])?;
    /// for i in 0..4u8 {
    ///     w.append(&array![[i, i, i]])?;
    /// }
    /// let bytes = w.finish()?.into_inner();
    ///
    /// let a = Array2::<u8>::read_npy(&bytes[..])?;
    /// assert_eq!(a.dim(), (4, 3));
    /// // The same bytes as writing the whole array at once.
    /// let mut whole = Vec::new();
    /// a.write_npy(&mut whole)?;
    /// assert_eq!(bytes, whole);
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn new(mut inner: W, dtype: DType, row_shape: &[usize]) -> Result<NpyWriter<W>> {
        let mut shape = vec![0];
        shape.extend_from_slice(row_shape);
        let header = Header::new(dtype, shape, false);
        let row_bytes = row_shape
            .iter()
            .try_fold(header.dtype.itemsize(), |a, &d| a.checked_mul(d))
            .ok_or_else(|| Error::unsupported("row size overflows"))?;
        let bytes = header.to_bytes()?;
        let start = inner.stream_position()?;
        inner.write_all(&bytes)?;
        Ok(NpyWriter {
            inner,
            header,
            start,
            header_len: bytes.len(),
            row_bytes,
            partial: 0,
        })
    }

    /// Rows written so far.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npy_format::{NpyWriter, WritableElement};
    /// use std::io::Cursor;
    ///
    /// let mut w = NpyWriter::new(Cursor::new(Vec::new()), i32::dtype(), &[2])?;
    /// assert_eq!(w.rows(), 0);
    /// w.append(&array![[1i32, 2], [3, 4]])?;
    /// w.append(&array![[5i32, 6]])?;
    /// assert_eq!(w.rows(), 3);
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn rows(&self) -> usize {
        self.header.shape[0]
    }

    /// Appends rows: an array of shape `[k, row_shape...]`, whose element
    /// type must match the stream's dtype.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, s, Array2};
    /// use npy_format::{NpyWriter, ReadNpyExt, WritableElement};
    /// use std::io::Cursor;
    ///
    /// let mut w = NpyWriter::new(Cursor::new(Vec::new()), f64::dtype(), &[2])?;
    /// w.append(&array![[1.0, 2.0]])?;
    /// // Any number of rows at a time, from views too.
    /// let block = array![[3.0, 4.0, 0.0], [5.0, 6.0, 0.0]];
    /// w.append(&block.slice(s![.., ..2]))?;
    ///
    /// // Rows of another length or element type are refused.
    /// assert!(w.append(&array![[1.0, 2.0, 3.0]]).is_err());
    /// assert!(w.append(&array![[1.0f32, 2.0]]).is_err());
    ///
    /// let bytes = w.finish()?.into_inner();
    /// let a = Array2::<f64>::read_npy(&bytes[..])?;
    /// assert_eq!(a, array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]);
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn append<A, S, D>(&mut self, rows: &ArrayBase<S, D>) -> Result<()>
    where
        A: WritableElement,
        S: Data<Elem = A>,
        D: Dimension,
    {
        if A::dtype() != self.header.dtype {
            return Err(Error::mismatch(
                self.header.dtype.descr_repr(),
                A::dtype().descr_repr(),
            ));
        }
        let shape = rows.shape();
        if shape.is_empty() || shape[1..] != self.header.shape[1..] {
            let mut expected = vec![shape.first().copied().unwrap_or(1)];
            expected.extend_from_slice(&self.header.shape[1..]);
            return Err(ErrorKind::ShapeMismatch {
                what: "rows appended to a stream",
                expected,
                found: shape.to_vec(),
            }
            .into());
        }
        if self.partial != 0 {
            return Err(Error::unsupported("typed rows after an incomplete raw row"));
        }
        if rows.is_standard_layout() {
            write_logical_order(rows, &mut self.inner)?;
        } else {
            write_iter(rows.iter(), &mut self.inner)?;
        }
        self.header.shape[0] += shape[0];
        Ok(())
    }

    /// Appends raw element bytes in the stream's dtype and byte order (for
    /// records, strings and other dynamic data). Rows may be split across
    /// calls; [`finish`](Self::finish) checks that only whole rows were
    /// written.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{DType, NpyReader, NpyWriter};
    /// use std::io::Cursor;
    ///
    /// let dtype = DType::parse_descr("[('id', '<u2'), ('tag', '|S2')]")?;
    /// let mut w = NpyWriter::new(Cursor::new(Vec::new()), dtype, &[])?;
    /// w.append_raw(&[1, 0, b'o', b'k'])?;
    /// w.append_raw(&[2, 0])?; // half a record...
    /// assert_eq!(w.rows(), 1);
    /// w.append_raw(b"no")?; // ...completed
    /// assert_eq!(w.rows(), 2);
    ///
    /// let bytes = w.finish()?.into_inner();
    /// let a = NpyReader::new(&bytes[..])?.read_dyn()?;
    /// assert_eq!(a.get(&[1])?.to_string(), "(2, b'no')");
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn append_raw(&mut self, bytes: &[u8]) -> Result<()> {
        self.inner.write_all(bytes)?;
        if self.row_bytes == 0 {
            return Ok(());
        }
        let total = self.partial + bytes.len();
        self.header.shape[0] += total / self.row_bytes;
        self.partial = total % self.row_bytes;
        Ok(())
    }

    /// Rewrites the header with the final shape and returns the writer,
    /// positioned at the end of the data.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Array2};
    /// use npy_format::{NpyWriter, WritableElement};
    /// use std::fs::File;
    /// use std::io::Cursor;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("rows.npy");
    /// let mut w = NpyWriter::new(File::create(&path)?, f32::dtype(), &[2])?;
    /// w.append(&array![[1.0f32, 2.0], [3.0, 4.0]])?;
    /// let file = w.finish()?; // the header now says 2 rows
    /// drop(file);
    /// let a: Array2<f32> = npy_format::read_npy(&path)?;
    /// assert_eq!(a.nrows(), 2);
    ///
    /// // An incomplete last row is an error.
    /// let mut w = NpyWriter::new(Cursor::new(Vec::new()), u8::dtype(), &[4])?;
    /// w.append_raw(&[1, 2, 3])?;
    /// assert!(w.finish().unwrap_err().is_truncated());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn finish(mut self) -> Result<W> {
        if self.partial != 0 {
            return Err(Error::truncated(
                "last row",
                self.row_bytes as u64,
                self.partial as u64,
            ));
        }
        let bytes = self.header.to_bytes()?;
        if bytes.len() != self.header_len {
            return Err(Error::unsupported(
                "row count too large for the header's growth padding",
            ));
        }
        let end = self.inner.stream_position()?;
        self.inner.seek(SeekFrom::Start(self.start))?;
        self.inner.write_all(&bytes)?;
        self.inner.seek(SeekFrom::Start(end))?;
        self.inner.flush()?;
        Ok(self.inner)
    }
}

impl NpyWriter<AtomicFile> {
    /// Starts writing rows to a temporary file that replaces `path` when
    /// [`commit`](Self::commit)ted: an `NpyWriter` over an [`AtomicFile`].
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Array2;
    /// use npy_format::{NpyWriter, WritableElement};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("samples.npy");
    ///
    /// let mut w = NpyWriter::create(&path, f32::dtype(), &[3])?;
    /// w.append(&Array2::<f32>::ones((2, 3)))?;
    /// assert!(!path.exists()); // written under a temporary name until committed
    /// w.commit()?;
    ///
    /// let a: Array2<f32> = npy_format::read_npy(&path)?;
    /// assert_eq!(a, Array2::ones((2, 3)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn create<P: AsRef<Path>>(
        path: P,
        dtype: DType,
        row_shape: &[usize],
    ) -> Result<NpyWriter<AtomicFile>> {
        NpyWriter::new(AtomicFile::create(path)?, dtype, row_shape)
    }

    /// Patches the shape and renames the file into place:
    /// [`finish`](Self::finish), then [`AtomicFile::commit`]. A failed
    /// commit (here, half a row) leaves any previous file as it was.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npy_format::{NpyWriter, WritableElement};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("pairs.npy");
    /// std::fs::write(&path, b"previous version")?;
    ///
    /// let mut w = NpyWriter::create(&path, u8::dtype(), &[2])?;
    /// w.append(&array![[1u8, 2]])?;
    /// assert_eq!(std::fs::read(&path)?, b"previous version");
    /// w.commit()?;
    /// assert_eq!(npy_format::read_header_file(&path)?.header.shape, vec![1, 2]);
    ///
    /// let mut w = NpyWriter::create(&path, u8::dtype(), &[2])?;
    /// w.append_raw(&[3])?;
    /// assert!(w.commit().is_err());
    /// assert_eq!(npy_format::read_header_file(&path)?.header.shape, vec![1, 2]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn commit(self) -> Result<()> {
        self.finish()?.commit()
    }
}

/// Appends an array along the growth axis of an existing `.npy` file, in
/// place: axis 0 for C order, the last axis for Fortran order.
///
/// The new data is written first and the header last, so a crash in
/// between leaves the file valid with its old shape (readers ignore bytes
/// after the data). The header is rewritten with the same length, which
/// every file written by NumPy 1.14 or later (and by npio) allows; older
/// headers without growth padding give an error and are left unchanged.
///
/// # Example
///
/// ```no_run
/// use ndarray::array;
///
/// npy_format::write_npy("log.npy", &array![[1.0, 2.0]])?;
/// npy_format::append_npy("log.npy", &array![[3.0, 4.0], [5.0, 6.0]])?;
/// let all: ndarray::Array2<f64> = npy_format::read_npy("log.npy")?;
/// assert_eq!(all.nrows(), 3);
/// # Ok::<(), npy_format::Error>(())
/// ```
pub fn append_npy<P, A, S, D>(path: P, array: &ArrayBase<S, D>) -> Result<()>
where
    P: AsRef<Path>,
    A: WritableElement,
    S: Data<Elem = A>,
    D: Dimension,
{
    append_in_place(path.as_ref(), &A::dtype(), array.shape(), |w, fortran| {
        if fortran {
            write_iter(array.t().iter(), w)
        } else if let Some(slice) = array.as_slice() {
            A::write_slice(slice, w)
        } else {
            write_iter(array.iter(), w)
        }
    })
}

/// Appends an array of any dtype (records, strings, datetimes) along the
/// growth axis of an existing `.npy` file, in place; see [`append_npy`].
///
/// # Example
///
/// ```no_run
/// use npy_format::NpyArray;
///
/// let first = NpyArray::from_strings(&["a", "bc"], &[2])?;
/// npy_format::write_npy("names.npy", &first)?;
/// let more = NpyArray::from_strings(&["de", "f"], &[2])?;
/// npy_format::append_npy_array("names.npy", &more)?;
/// # Ok::<(), npy_format::Error>(())
/// ```
pub fn append_npy_array<P: AsRef<Path>>(path: P, array: &crate::NpyArray) -> Result<()> {
    append_in_place(path.as_ref(), array.dtype(), array.shape(), |w, fortran| {
        match (fortran, array.fortran_order()) {
            (false, false) | (true, true) => w.write_all(array.data())?,
            (false, true) => w.write_all(array.to_c_order().data())?,
            (true, false) => {
                // Fortran order is the C order of the transpose: read the
                // C-order bytes as the transpose stored in Fortran order,
                // then put that in C order.
                let reversed: Vec<usize> = array.shape().iter().rev().copied().collect();
                let transpose = crate::NpyArray::new(
                    Header::new(array.dtype().clone(), reversed, true),
                    array.data().to_vec(),
                )?;
                w.write_all(transpose.to_c_order().data())?;
            }
        }
        Ok(())
    })
}

/// The in-place append shared by the typed and dynamic forms: checks the
/// file and the array, writes the data (in the file's memory order) at
/// the end, then the header with the new shape.
fn append_in_place<F>(path: &Path, dtype: &DType, shape: &[usize], write_data: F) -> Result<()>
where
    F: FnOnce(&mut dyn Write, bool) -> Result<()>,
{
    let mut file = OpenOptions::new().read(true).write(true).open(path)?;
    let parsed = read_header(&mut file, &ReadOptions::default())?;
    let old = &parsed.header;
    if *dtype != old.dtype {
        return Err(Error::mismatch(old.dtype.descr_repr(), dtype.descr_repr()));
    }
    if old.shape.is_empty() {
        return Err(Error::unsupported("appending to a 0-d array"));
    }
    let axis = if old.fortran_order {
        old.shape.len() - 1
    } else {
        0
    };
    let same_other_dims = shape.len() == old.shape.len()
        && (0..old.shape.len()).all(|i| i == axis || shape[i] == old.shape[i]);
    if !same_other_dims {
        let mut expected = old.shape.clone();
        expected[axis] = shape.get(axis).copied().unwrap_or(0);
        return Err(ErrorKind::ShapeMismatch {
            what: "array appended to a .npy file",
            expected,
            found: shape.to_vec(),
        }
        .into());
    }
    let file_len = file.metadata()?.len();
    let expected_len = parsed.data_offset + old.data_len()? as u64;
    if file_len != expected_len {
        return Err(Error::unsupported(format!(
            "appending to a file whose length ({file_len}) is not header + data ({expected_len})"
        )));
    }
    let mut new = old.clone();
    new.shape[axis] = old.shape[axis]
        .checked_add(shape[axis])
        .ok_or_else(|| Error::unsupported("shape overflows"))?;
    new.data_len()?;
    let bytes = new.to_bytes_version(parsed.version)?;
    if bytes.len() as u64 != parsed.data_offset {
        return Err(Error::unsupported(
            "the header has no room to grow in place (written before NumPy 1.14); rewrite the file first",
        ));
    }
    file.seek(SeekFrom::End(0))?;
    {
        let mut w = BufWriter::with_capacity(1 << 20, &mut file);
        write_data(&mut w, old.fortran_order)?;
        w.flush()?;
    }
    file.sync_data()?;
    file.seek(SeekFrom::Start(0))?;
    file.write_all(&bytes)?;
    file.sync_data()?;
    Ok(())
}
