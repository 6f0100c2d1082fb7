//! Arrays whose dtype is known only at run time.

use crate::dtype::{DType, ScalarKind, TimeUnit};
use crate::elements::{ReadableElement, WritableElement};
use crate::header::{Header, Version};
use crate::layout::{logical_positions, memory_position};
use crate::read::into_ndarray;
use crate::value::{Value, decode};
use crate::write::write_logical_order;
use crate::{Error, ErrorKind, Result};
use ndarray::{Array, ArrayBase, Data, Dimension};
use std::io::Write;

/// An array of any dtype npy-format models: numbers, bools, strings,
/// datetimes, raw bytes and structured records.
///
/// The data is kept exactly as in the file (its byte order, its memory
/// order), so reading and writing an `NpyArray` reproduces the file's data
/// bytes. Typed views come from [`to_array`](Self::to_array), single
/// elements from [`get`](Self::get), record fields from
/// [`field`](Self::field).
///
/// # Example
///
/// ```
/// use npy_format::{DType, Header, NpyArray, Value};
///
/// let dtype = DType::parse_descr("[('id', '<u2'), ('name', '|S3')]")?;
/// let data = vec![1, 0, b'a', b'b', b'c', 2, 0, b'x', 0, 0];
/// let records = NpyArray::new(Header::new(dtype, vec![2], false), data)?;
///
/// assert_eq!(records.field("id")?.to_array::<u16, ndarray::Ix1>()?, ndarray::array![1, 2]);
/// assert_eq!(records.field("name")?.get(&[1])?, Value::Bytes(b"x".to_vec()));
/// assert_eq!(records.get(&[0])?.to_string(), "(1, b'abc')");
/// # Ok::<(), npy_format::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct NpyArray {
    header: Header,
    data: Vec<u8>,
}

impl NpyArray {
    /// An array from a header and its data bytes (in the header's byte and
    /// memory order). Errors when the length does not match the header or
    /// the dtype holds Python objects.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{DType, Header, NpyArray};
    ///
    /// let h = Header::new(DType::parse_descr("'<i2'")?, vec![3], false);
    /// let a = NpyArray::new(h.clone(), vec![1, 0, 2, 0, 3, 0])?;
    /// assert_eq!(a.to_array::<i16, ndarray::Ix1>()?, ndarray::array![1, 2, 3]);
    ///
    /// // The data must be exactly as long as the header says.
    /// assert!(NpyArray::new(h, vec![1, 0, 2, 0]).unwrap_err().is_truncated());
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn new(header: Header, data: Vec<u8>) -> Result<NpyArray> {
        if header.dtype.has_object() {
            return Err(ErrorKind::ObjectData.into());
        }
        // A dtype built in code (`Int(3)`, a record too large) may be one
        // no `.npy` file can hold: refuse what the header parser would
        // refuse, so that every array can be written and read back.
        DType::parse_descr(&header.dtype.descr_repr())?;
        let expected = header.data_len()?;
        if data.len() != expected {
            return Err(Error::truncated(
                "array data",
                expected as u64,
                data.len() as u64,
            ));
        }
        Ok(NpyArray { header, data })
    }

    /// Copies a typed ndarray, keeping Fortran layout when the array is
    /// Fortran- but not C-contiguous (as `np.save` does).
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npy_format::{NpyArray, Value};
    ///
    /// let a = NpyArray::from_array(&array![[1.0f32, 2.0], [3.0, 4.0]]);
    /// assert_eq!(a.shape(), &[2, 2]);
    /// assert_eq!(a.get(&[1, 0])?, Value::Float32(3.0));
    ///
    /// // A transposed view is Fortran-contiguous: its bytes are kept as they are.
    /// let t = NpyArray::from_array(&array![[1u8, 2, 3], [4, 5, 6]].t());
    /// assert!(t.fortran_order());
    /// assert_eq!(t.shape(), &[3, 2]);
    /// assert_eq!(t.data(), &[1, 2, 3, 4, 5, 6]);
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn from_array<A, S, D>(array: &ArrayBase<S, D>) -> NpyArray
    where
        A: WritableElement,
        S: Data<Elem = A>,
        D: Dimension,
    {
        let mut data = Vec::with_capacity(std::mem::size_of_val(
            array.as_slice_memory_order().unwrap_or(&[]),
        ));
        let fortran_order = write_logical_order(array, &mut data).unwrap_or(false);
        NpyArray {
            header: Header::new(A::dtype(), array.shape().to_vec(), fortran_order),
            data,
        }
    }

    /// A `U` (text) array of the given shape in C order, as
    /// `np.array(values)` makes it: the width is the longest value in
    /// characters (at least 1), native byte order.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::NpyArray;
    ///
    /// let a = NpyArray::from_strings(&["alpha", "é"], &[2])?;
    /// assert_eq!(a.dtype().descr_repr(), "'<U5'");
    /// assert_eq!(a.to_strings()?, vec!["alpha", "é"]);
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn from_strings<S: AsRef<str>>(values: &[S], shape: &[usize]) -> Result<NpyArray> {
        let width = values
            .iter()
            .map(|v| v.as_ref().chars().count())
            .max()
            .unwrap_or(0)
            .max(1);
        let mut data = Vec::with_capacity(values.len() * width * 4);
        for v in values {
            let mut n = 0;
            for c in v.as_ref().chars() {
                data.extend_from_slice(&(c as u32).to_ne_bytes());
                n += 1;
            }
            data.resize(data.len() + (width - n) * 4, 0);
        }
        let dtype = DType::scalar(ScalarKind::Unicode(width));
        NpyArray::new(Header::new(dtype, shape.to_vec(), false), data)
    }

    /// An `S` (bytes) array of the given shape in C order, as
    /// `np.array(values)` makes it from `bytes` objects: the width is the
    /// longest value (at least 1), shorter values NUL-padded.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::NpyArray;
    ///
    /// let a = NpyArray::from_byte_strings(&["ab", "xyz"], &[2])?;
    /// assert_eq!(a.dtype().descr_repr(), "'|S3'");
    /// assert_eq!(a.data(), b"ab\0xyz");
    /// assert_eq!(a.to_byte_strings()?, vec![b"ab".to_vec(), b"xyz".to_vec()]);
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn from_byte_strings<B: AsRef<[u8]>>(values: &[B], shape: &[usize]) -> Result<NpyArray> {
        let width = values
            .iter()
            .map(|v| v.as_ref().len())
            .max()
            .unwrap_or(0)
            .max(1);
        let mut data = Vec::with_capacity(values.len() * width);
        for v in values {
            data.extend_from_slice(v.as_ref());
            data.resize(data.len() + width - v.as_ref().len(), 0);
        }
        let dtype = DType::scalar(ScalarKind::Bytes(width));
        NpyArray::new(Header::new(dtype, shape.to_vec(), false), data)
    }

    /// A datetime64 (`kind` = `DateTime`) or timedelta64 (`TimeDelta`)
    /// array of raw counts, in C order and native byte order; [`NAT`](crate::NAT)
    /// marks "not a time".
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{NpyArray, ScalarKind, TimeUnit, NAT};
    ///
    /// let days = NpyArray::from_time_counts(&[19_753, NAT], ScalarKind::DateTime(TimeUnit::Day, 1), &[2])?;
    /// assert_eq!(days.dtype().descr_repr(), "'<M8[D]'");
    /// assert_eq!(days.get(&[0])?.to_string(), "2024-01-31");
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn from_time_counts(counts: &[i64], kind: ScalarKind, shape: &[usize]) -> Result<NpyArray> {
        if !matches!(kind, ScalarKind::DateTime(..) | ScalarKind::TimeDelta(..)) {
            return Err(Error::mismatch(
                "a datetime64 or timedelta64 dtype",
                DType::scalar(kind).descr_repr(),
            ));
        }
        let data = counts.iter().flat_map(|c| c.to_ne_bytes()).collect();
        NpyArray::new(
            Header::new(DType::scalar(kind), shape.to_vec(), false),
            data,
        )
    }

    /// The header: dtype, shape and order.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The element type.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::NpyArray;
    ///
    /// let a = NpyArray::from_strings(&["x", "yz"], &[2])?;
    /// assert_eq!(a.dtype().type_str().as_deref(), Some("<U2"));
    /// assert_eq!(a.dtype().itemsize(), 8);
    /// # Ok::<(), npy_format::Error>(())
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
    /// use npy_format::NpyArray;
    ///
    /// let a = NpyArray::from_array(&Array3::<u8>::zeros((2, 3, 4)));
    /// assert_eq!(a.shape(), &[2, 3, 4]);
    /// ```
    pub fn shape(&self) -> &[usize] {
        &self.header.shape
    }

    /// Number of dimensions.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{arr0, Array3};
    /// use npy_format::NpyArray;
    ///
    /// assert_eq!(NpyArray::from_array(&Array3::<u8>::zeros((2, 3, 4))).ndim(), 3);
    /// assert_eq!(NpyArray::from_array(&arr0(1.5f64)).ndim(), 0);
    /// ```
    pub fn ndim(&self) -> usize {
        self.header.shape.len()
    }

    /// Number of elements.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{arr0, Array3};
    /// use npy_format::NpyArray;
    ///
    /// assert_eq!(NpyArray::from_array(&Array3::<u8>::zeros((2, 3, 4))).len(), 24);
    /// assert_eq!(NpyArray::from_array(&arr0(1.5f64)).len(), 1); // a 0-d array holds one value
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
    /// use npy_format::NpyArray;
    ///
    /// let a = NpyArray::from_array(&Array2::<f64>::zeros((0, 3)));
    /// assert!(a.is_empty());
    /// assert_eq!(a.shape(), &[0, 3]);
    /// assert!(!NpyArray::from_array(&Array2::<f64>::zeros((1, 3))).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when the data is stored column-major.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npy_format::NpyArray;
    ///
    /// let m = array![[1.0f64, 2.0], [3.0, 4.0]];
    /// assert!(!NpyArray::from_array(&m).fortran_order());
    /// assert!(NpyArray::from_array(&m.t()).fortran_order());
    /// ```
    pub fn fortran_order(&self) -> bool {
        self.header.fortran_order
    }

    /// The raw data bytes.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npy_format::NpyArray;
    ///
    /// let a = NpyArray::from_array(&array![1u16, 258]);
    /// assert_eq!(a.data(), &[1, 0, 2, 1]); // little-endian, as on x86-64 and ARM
    /// ```
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// The header and the raw data.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npy_format::NpyArray;
    ///
    /// let a = NpyArray::from_array(&array![1u8, 2, 3]);
    /// let (mut header, data) = a.into_parts();
    /// assert_eq!(header.shape, vec![3]);
    /// assert_eq!(data, vec![1, 2, 3]);
    ///
    /// // Reinterpret the same bytes with another shape.
    /// header.shape = vec![3, 1];
    /// assert_eq!(NpyArray::new(header, data)?.shape(), &[3, 1]);
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn into_parts(self) -> (Header, Vec<u8>) {
        (self.header, self.data)
    }

    /// Converts to a typed ndarray; errors when the dtype or the number of
    /// dimensions differ.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Ix1, Ix2, IxDyn};
    /// use npy_format::NpyArray;
    ///
    /// let a = NpyArray::from_array(&array![[1.5f64, 2.5], [3.5, 4.5]]);
    /// assert_eq!(a.to_array::<f64, Ix2>()?, array![[1.5, 2.5], [3.5, 4.5]]);
    /// assert_eq!(a.to_array::<f64, IxDyn>()?.shape(), &[2, 2]);
    ///
    /// // The element type and the number of dimensions must match.
    /// assert!(a.to_array::<f32, Ix2>().is_err());
    /// assert!(a.to_array::<f64, Ix1>().is_err());
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn to_array<A: ReadableElement, D: Dimension>(&self) -> Result<Array<A, D>> {
        let v = A::read_vec(
            &mut &self.data[..],
            &self.header.dtype,
            self.len(),
            Some(self.data.len() as u64),
        )?;
        into_ndarray(v, &self.header.shape, self.header.fortran_order)
    }

    /// Memory position of a logical index, checked against the shape.
    fn position(&self, index: &[usize]) -> Result<usize> {
        let shape = &self.header.shape;
        if index.len() != shape.len() || index.iter().zip(shape).any(|(i, d)| i >= d) {
            return Err(ErrorKind::ShapeMismatch {
                what: "index out of bounds",
                expected: shape.clone(),
                found: index.to_vec(),
            }
            .into());
        }
        Ok(memory_position(shape, self.header.fortran_order, index))
    }

    /// The element at a logical index, decoded.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npy_format::{NpyArray, Value};
    ///
    /// let a = NpyArray::from_array(&array![[1i32, 2, 3], [4, 5, 6]]);
    /// assert_eq!(a.get(&[1, 2])?, Value::Int(6));
    /// assert!(a.get(&[2, 0]).is_err()); // out of bounds
    /// assert!(a.get(&[1]).is_err()); // one index per dimension
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn get(&self, index: &[usize]) -> Result<Value> {
        let pos = self.position(index)?;
        let isz = self.header.dtype.itemsize();
        Ok(decode(
            &self.header.dtype,
            &self.data[pos * isz..(pos + 1) * isz],
        ))
    }

    /// Every element, decoded, in logical (C) order.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npy_format::NpyArray;
    ///
    /// // A Fortran-order array still iterates in logical order.
    /// let a = NpyArray::from_array(&array![[1u8, 2], [3, 4]].t());
    /// assert!(a.fortran_order());
    /// let shown: Vec<String> = a.values().map(|v| v.to_string()).collect();
    /// assert_eq!(shown, ["1", "3", "2", "4"]);
    /// ```
    pub fn values(&self) -> impl Iterator<Item = Value> + '_ {
        let isz = self.header.dtype.itemsize();
        logical_positions(&self.header.shape, self.header.fortran_order)
            .map(move |p| decode(&self.header.dtype, &self.data[p * isz..(p + 1) * isz]))
    }

    /// The same array with its data in C order.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npy_format::NpyArray;
    ///
    /// let a = NpyArray::from_array(&array![[1u8, 2, 3], [4, 5, 6]].t());
    /// assert!(a.fortran_order());
    /// assert_eq!(a.data(), &[1, 2, 3, 4, 5, 6]);
    ///
    /// let c = a.to_c_order();
    /// assert!(!c.fortran_order());
    /// assert_eq!(c.data(), &[1, 4, 2, 5, 3, 6]);
    /// assert!(c.values().eq(a.values()));
    /// ```
    pub fn to_c_order(&self) -> NpyArray {
        if !self.header.fortran_order {
            return self.clone();
        }
        // No bytes (no elements, or zero-size items, where the element
        // count is not bounded by the data): nothing to reorder.
        if self.data.is_empty() {
            return NpyArray {
                header: Header::new(self.header.dtype.clone(), self.header.shape.clone(), false),
                data: Vec::new(),
            };
        }
        let isz = self.header.dtype.itemsize();
        let mut data = Vec::with_capacity(self.data.len());
        for p in logical_positions(&self.header.shape, true) {
            data.extend_from_slice(&self.data[p * isz..(p + 1) * isz]);
        }
        NpyArray {
            header: Header::new(self.header.dtype.clone(), self.header.shape.clone(), false),
            data,
        }
    }

    /// The values of one field of a structured array, as an array of the
    /// field's dtype. A subarray field adds its dimensions after the
    /// array's (in C order).
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Ix1, Ix2};
    /// use npy_format::{DType, Header, NpyArray};
    ///
    /// let dtype = DType::parse_descr("[('t', '<f8'), ('xy', '<f4', (2,))]")?;
    /// let mut data = Vec::new();
    /// for (t, x, y) in [(0.0f64, 1.0f32, 2.0f32), (0.5, 3.0, 4.0)] {
    ///     data.extend(t.to_le_bytes());
    ///     data.extend(x.to_le_bytes());
    ///     data.extend(y.to_le_bytes());
    /// }
    /// let a = NpyArray::new(Header::new(dtype, vec![2], false), data)?;
    ///
    /// assert_eq!(a.field("t")?.to_array::<f64, Ix1>()?, array![0.0, 0.5]);
    /// let xy = a.field("xy")?;
    /// assert_eq!(xy.shape(), &[2, 2]); // the subarray's dimension comes last
    /// assert_eq!(xy.to_array::<f32, Ix2>()?, array![[1.0, 2.0], [3.0, 4.0]]);
    /// assert!(a.field("z").is_err());
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn field(&self, name: &str) -> Result<NpyArray> {
        let record = self.header.dtype.as_record().ok_or_else(|| {
            Error::unsupported(format!(
                "field {name:?} of a non-structured array ({})",
                self.header.dtype.descr_repr()
            ))
        })?;
        let f = record.field(name).ok_or_else(|| ErrorKind::NoSuchField {
            name: name.to_string(),
        })?;
        let base = if f.shape.is_empty() {
            std::borrow::Cow::Borrowed(self)
        } else {
            std::borrow::Cow::Owned(self.to_c_order())
        };
        let isz = record.itemsize();
        let size = f.size();
        let mut data = Vec::with_capacity(size * self.len());
        if isz > 0 {
            for rec in base.data.chunks_exact(isz) {
                data.extend_from_slice(&rec[f.offset..f.offset + size]);
            }
        }
        let mut shape = base.header.shape.clone();
        shape.extend_from_slice(&f.shape);
        let header = Header::new(f.dtype.clone(), shape, base.header.fortran_order);
        // The subarray's dimensions multiply the element count, which
        // overflows when the items take no bytes.
        header.data_len()?;
        Ok(NpyArray { header, data })
    }

    /// The values of a `U` (text) array, trailing NULs removed, in logical
    /// order.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{NpyArray, NpyReader};
    ///
    /// let mut bytes = Vec::new();
    /// NpyArray::from_strings(&["Ada", "Grace"], &[2])?.write_npy(&mut bytes)?;
    ///
    /// let names = NpyReader::new(&bytes[..])?.read_dyn()?;
    /// assert_eq!(names.to_strings()?, vec!["Ada", "Grace"]);
    /// // Only for `U` arrays.
    /// assert!(NpyArray::from_byte_strings(&["Ada"], &[1])?.to_strings().is_err());
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn to_strings(&self) -> Result<Vec<String>> {
        self.collect_kind("a U (text) dtype", |v| match v {
            Value::Str(s) => Some(s),
            _ => None,
        })
    }

    /// The values of an `S` (bytes) array, trailing NULs removed, in
    /// logical order.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{DType, Header, NpyArray};
    ///
    /// let h = Header::new(DType::parse_descr("'|S4'")?, vec![2], false);
    /// let a = NpyArray::new(h, b"ab\0\0wxyz".to_vec())?;
    /// assert_eq!(a.to_byte_strings()?, vec![b"ab".to_vec(), b"wxyz".to_vec()]);
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn to_byte_strings(&self) -> Result<Vec<Vec<u8>>> {
        self.collect_kind("an S (bytes) dtype", |v| match v {
            Value::Bytes(b) => Some(b),
            _ => None,
        })
    }

    /// The raw counts of a datetime64 or timedelta64 array in logical
    /// order, with their unit and multiplier. [`NAT`](crate::NAT) marks
    /// "not a time".
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{NpyArray, ScalarKind, TimeUnit, NAT};
    ///
    /// let kind = ScalarKind::TimeDelta(TimeUnit::Second, 5);
    /// let a = NpyArray::from_time_counts(&[1, 2, NAT], kind, &[3])?;
    ///
    /// let (counts, unit, multiplier) = a.to_time_counts()?;
    /// assert_eq!(counts, vec![1, 2, NAT]);
    /// assert_eq!((unit, multiplier), (TimeUnit::Second, 5));
    /// assert_eq!(a.get(&[1])?.to_string(), "10 seconds");
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn to_time_counts(&self) -> Result<(Vec<i64>, TimeUnit, u32)> {
        let (unit, mult) = match self.header.dtype.as_scalar().map(|s| s.kind()) {
            Some(ScalarKind::DateTime(u, m) | ScalarKind::TimeDelta(u, m)) => (u, m),
            _ => {
                return Err(Error::mismatch(
                    "a datetime64 or timedelta64 dtype",
                    self.header.dtype.descr_repr(),
                ));
            }
        };
        let counts = self.collect_kind("a datetime dtype", |v| match v {
            Value::DateTime { value, .. } | Value::TimeDelta { value, .. } => Some(value),
            _ => None,
        })?;
        Ok((counts, unit, mult))
    }

    fn collect_kind<T>(&self, want: &str, f: impl Fn(Value) -> Option<T>) -> Result<Vec<T>> {
        let mut out = Vec::new();
        for v in self.values() {
            let item = f(v).ok_or_else(|| Error::mismatch(want, self.header.dtype.descr_repr()))?;
            if out.capacity() == 0 {
                // One value per element: with zero-size items (`<U0`) the
                // element count is not bounded by the data, and may be more
                // than memory can hold.
                out.try_reserve_exact(self.len()).map_err(|_| {
                    Error::unsupported(format!(
                        "collecting {} elements: too many to hold in memory",
                        self.len()
                    ))
                })?;
            }
            out.push(item);
        }
        Ok(out)
    }

    /// Writes the array as a `.npy` stream, header as `np.save` writes it.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::NpyArray;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("names.npy");
    ///
    /// let names = NpyArray::from_strings(&["Ada", "Grace"], &[2])?;
    /// names.write_npy(std::fs::File::create(&path)?)?;
    ///
    /// let back: NpyArray = npy_format::read_npy(&path)?;
    /// assert_eq!(back, names);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_npy<W: Write>(&self, writer: W) -> Result<()> {
        self.write_npy_inner(writer, None)
    }

    /// Writes the array with a forced header version.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npy_format::{NpyArray, NpyReader, Version};
    ///
    /// let a = NpyArray::from_array(&array![1.0f64, 2.0]);
    /// let mut bytes = Vec::new();
    /// a.write_npy_version(&mut bytes, Version::V2)?;
    /// assert_eq!(&bytes[6..8], &[2, 0]);
    ///
    /// let reader = NpyReader::new(&bytes[..])?;
    /// assert_eq!(reader.parsed_header().version, Version::V2);
    /// assert_eq!(reader.read_dyn()?, a);
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn write_npy_version<W: Write>(&self, writer: W, version: Version) -> Result<()> {
        self.write_npy_inner(writer, Some(version))
    }

    fn write_npy_inner<W: Write>(&self, mut writer: W, version: Option<Version>) -> Result<()> {
        // np.save writes Fortran order only for arrays that are not also
        // C-contiguous; such data is the same bytes in C order.
        let header = self.header.canonical();
        let bytes = match version {
            Some(v) => header.to_bytes_version(v)?,
            None => header.to_bytes()?,
        };
        writer.write_all(&bytes)?;
        writer.write_all(&self.data)?;
        writer.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array3, ShapeBuilder, array};

    #[test]
    fn fortran_positions_follow_logical_order() {
        let a = Array3::from_shape_fn((2, 3, 4).f(), |(i, j, k)| (i * 100 + j * 10 + k) as i32);
        let dynamic = NpyArray::from_array(&a);
        assert!(dynamic.fortran_order());
        let expect: Vec<Value> = a.iter().map(|&v| Value::Int(v as i64)).collect();
        assert_eq!(dynamic.values().collect::<Vec<_>>(), expect);
        assert_eq!(dynamic.get(&[1, 2, 3]).unwrap(), Value::Int(123));
        let c = dynamic.to_c_order();
        assert!(!c.fortran_order());
        assert_eq!(c.to_array::<i32, ndarray::Ix3>().unwrap(), a);
    }

    #[test]
    fn out_of_bounds_is_an_error() {
        let dynamic = NpyArray::from_array(&array![1u8, 2]);
        assert!(dynamic.get(&[2]).is_err());
        assert!(dynamic.get(&[0, 0]).is_err());
    }
}
