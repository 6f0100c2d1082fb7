//! Typed and dynamic views of mapped bytes, and owned copies of them.
//!
//! Typed views are cast with `bytemuck`, which checks length and
//! alignment, so this module has no unsafe code.

use crate::{Error, ErrorKind, Result};
use ndarray::{Array, ArrayView, ArrayViewMut, Dimension, IxDyn, ShapeBuilder};
use npy_format::half::f16;
use npy_format::internal::{logical_positions, memory_position};
use npy_format::num_complex::Complex;
use npy_format::{DType, Header, NpyArray, ReadableElement, Value, WritableElement};

mod sealed {
    pub trait Sealed {}
}

/// An element type that can be viewed in place: its bytes in memory are
/// exactly NumPy's native-order bytes, and every bit pattern the file can
/// hold is either valid or checked.
///
/// Implemented for `i8`–`i64`, `u8`–`u64`, [`f16`](struct@f16), `f32`, `f64`,
/// [`Complex<f32>`] and [`Complex<f64>`], and for `bool` (every byte is
/// checked to be 0 or 1 when the view is made). The trait is sealed.
///
/// Making a view returns `Err` in at least the following cases:
/// - the array's dtype is not this type's (npy-format's `TypeMismatch`,
///   in [`ErrorKind::Npy`]);
/// - the data is in the other byte order ([`ErrorKind::ByteOrder`]);
/// - the data does not start on a multiple of the type's alignment
///   ([`ErrorKind::Misaligned`]);
/// - a `bool` element holds a byte other than 0 or 1 (npy-format's
///   `InvalidBool`, in [`ErrorKind::Npy`]).
///
/// # Example
///
/// ```
/// use ndarray::{array, Ix1};
/// use npy_format::num_complex::Complex;
/// use npy_mmap::{ErrorKind, Memmap, MemmapBuilder};
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("z.npy");
/// npy_format::write_npy(&path, &array![Complex::new(1.0f64, -1.0), Complex::new(0.0, 2.0)])?;
/// let z = Memmap::open(&path)?;
/// assert_eq!(z.view::<Complex<f64>, Ix1>()?[1].im, 2.0);
///
/// // bools are checked: a byte of 2 is no bool.
/// let raw = dir.path().join("flags.bin");
/// std::fs::write(&raw, [1, 0, 2])?;
/// let flags = MemmapBuilder::new(npy_format::DType::parse_descr("'|b1'")?).open(&raw)?;
/// let err = flags.view::<bool, Ix1>().unwrap_err();
/// let ErrorKind::Npy(e) = err.kind() else { panic!("{err}") };
/// assert!(matches!(e.kind(), npy_format::ErrorKind::InvalidBool { index: 2, value: 2 }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait ViewElement: ReadableElement + WritableElement + sealed::Sealed {
    /// Casts the bytes of data starting at file offset `offset` (for error
    /// messages) to elements.
    #[doc(hidden)]
    fn cast_slice(bytes: &[u8], offset: u64) -> Result<&[Self]>;

    /// Casts the bytes mutably.
    #[doc(hidden)]
    fn cast_slice_mut(bytes: &mut [u8], offset: u64) -> Result<&mut [Self]>;
}

fn pod_error<T>(offset: u64) -> Error {
    // Length and alignment are checked before casting; this is the
    // backstop bytemuck gives.
    ErrorKind::Misaligned {
        offset,
        align: std::mem::align_of::<T>(),
    }
    .into()
}

macro_rules! pod_elements {
    ($($t:ty),* $(,)?) => {$(
        impl sealed::Sealed for $t {}

        impl ViewElement for $t {
            fn cast_slice(bytes: &[u8], offset: u64) -> Result<&[Self]> {
                bytemuck::try_cast_slice(bytes).map_err(|_| pod_error::<Self>(offset))
            }

            fn cast_slice_mut(bytes: &mut [u8], offset: u64) -> Result<&mut [Self]> {
                bytemuck::try_cast_slice_mut(bytes).map_err(|_| pod_error::<Self>(offset))
            }
        }
    )*};
}

pod_elements!(
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f16,
    f32,
    f64,
    Complex<f32>,
    Complex<f64>
);

fn bool_error(bytes: &[u8]) -> Error {
    match bytes.iter().position(|&b| b > 1) {
        Some(index) => Error::npy(npy_format::ErrorKind::InvalidBool {
            index,
            value: bytes[index],
        }),
        None => pod_error::<bool>(0),
    }
}

impl sealed::Sealed for bool {}

impl ViewElement for bool {
    fn cast_slice(bytes: &[u8], _offset: u64) -> Result<&[Self]> {
        bytemuck::checked::try_cast_slice(bytes).map_err(|_| bool_error(bytes))
    }

    fn cast_slice_mut(bytes: &mut [u8], _offset: u64) -> Result<&mut [Self]> {
        if bytes.iter().any(|&b| b > 1) {
            return Err(bool_error(bytes));
        }
        bytemuck::checked::try_cast_slice_mut(bytes).map_err(|_| pod_error::<bool>(0))
    }
}

/// Checks that `T` views data of `dtype`: same kind, native byte order.
fn check_dtype<T: WritableElement>(dtype: &DType) -> Result<()> {
    let want = T::dtype();
    match (dtype, &want) {
        (DType::Scalar(f), DType::Scalar(w)) if f.kind == w.kind => {
            if f.order.needs_swap() {
                Err(ErrorKind::ByteOrder {
                    descr: dtype.descr_repr(),
                }
                .into())
            } else {
                Ok(())
            }
        }
        _ => Err(Error::mismatch(want.descr_repr(), dtype.descr_repr())),
    }
}

fn check_ndim<D: Dimension>(ndim: usize) -> Result<()> {
    match D::NDIM {
        Some(n) if n != ndim => Err(Error::npy(npy_format::ErrorKind::DimensionMismatch {
            expected: n,
            found: ndim,
        })),
        _ => Ok(()),
    }
}

fn check_align<T>(ptr: *const u8, offset: u64) -> Result<()> {
    let align = std::mem::align_of::<T>();
    if !(ptr as usize).is_multiple_of(align) {
        return Err(ErrorKind::Misaligned { offset, align }.into());
    }
    Ok(())
}

fn shape_of(header: &Header) -> ndarray::Shape<IxDyn> {
    IxDyn(&header.shape).set_f(header.fortran_order)
}

fn dims_error<D: Dimension>(ndim: usize) -> Error {
    Error::npy(npy_format::ErrorKind::DimensionMismatch {
        expected: D::NDIM.unwrap_or(ndim),
        found: ndim,
    })
}

/// A typed view of `bytes`, the data of `header` found at file offset
/// `offset`.
pub(crate) fn typed_view<'a, T: ViewElement, D: Dimension>(
    header: &Header,
    offset: u64,
    bytes: &'a [u8],
) -> Result<ArrayView<'a, T, D>> {
    check_dtype::<T>(&header.dtype)?;
    check_ndim::<D>(header.shape.len())?;
    let slice: &[T] = if bytes.is_empty() {
        &[]
    } else {
        check_align::<T>(bytes.as_ptr(), offset)?;
        T::cast_slice(bytes, offset)?
    };
    let ndim = header.shape.len();
    ArrayView::from_shape(shape_of(header), slice)
        .map_err(|_| Error::length(header.data_len().unwrap_or(0) as u64, bytes.len() as u64))?
        .into_dimensionality::<D>()
        .map_err(|_| dims_error::<D>(ndim))
}

/// A typed mutable view of `bytes`.
pub(crate) fn typed_view_mut<'a, T: ViewElement, D: Dimension>(
    header: &Header,
    offset: u64,
    bytes: &'a mut [u8],
) -> Result<ArrayViewMut<'a, T, D>> {
    check_dtype::<T>(&header.dtype)?;
    check_ndim::<D>(header.shape.len())?;
    let found = bytes.len() as u64;
    let slice: &mut [T] = if bytes.is_empty() {
        &mut []
    } else {
        check_align::<T>(bytes.as_ptr(), offset)?;
        T::cast_slice_mut(bytes, offset)?
    };
    let ndim = header.shape.len();
    ArrayViewMut::from_shape(shape_of(header), slice)
        .map_err(|_| Error::length(header.data_len().unwrap_or(0) as u64, found))?
        .into_dimensionality::<D>()
        .map_err(|_| dims_error::<D>(ndim))
}

/// Copies `bytes` into an owned array, swapping the byte order when the
/// data is not native. Works at any alignment.
pub(crate) fn owned_array<T: ReadableElement, D: Dimension>(
    header: &Header,
    bytes: &[u8],
) -> Result<Array<T, D>> {
    let ndim = header.shape.len();
    check_ndim::<D>(ndim)?;
    let len = header.num_elements()?;
    let v = T::read_vec(
        &mut &bytes[..],
        &header.dtype,
        len,
        Some(bytes.len() as u64),
    )?;
    Array::from_shape_vec(shape_of(header), v)
        .map_err(|_| Error::length(header.data_len().unwrap_or(0) as u64, bytes.len() as u64))?
        .into_dimensionality::<D>()
        .map_err(|_| dims_error::<D>(ndim))
}

/// A dynamically typed view of mapped data: any dtype npy-format models,
/// decoded element by element into [`Value`]s, with record fields viewed
/// in place.
///
/// Nothing is copied until an element is decoded. Get one from
/// [`Memmap::view_dyn`](crate::Memmap::view_dyn).
///
/// # Example
///
/// ```
/// use npy_format::{DType, Header, NpyArray, Value};
/// use npy_mmap::Memmap;
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("points.npy");
/// let dtype = DType::parse_descr("[('x', '<i2'), ('tag', '|S2')]")?;
/// let data = vec![1, 0, b'a', b'b', 2, 0, b'c', 0];
/// NpyArray::new(Header::new(dtype, vec![2], false), data)?.write_npy(std::fs::File::create(&path)?)?;
///
/// let map = Memmap::open(&path)?;
/// let view = map.view_dyn();
/// assert_eq!(view.get(&[1])?.to_string(), "(2, b'c')");
/// assert_eq!(view.field("x")?.get(&[0])?, Value::Int(1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct DynView<'a> {
    bytes: &'a [u8],
    /// The dtype of what `get` decodes (an element, or a field of one).
    dtype: DType,
    shape: Vec<usize>,
    fortran: bool,
    /// Bytes from one element to the next in memory order.
    stride: usize,
    /// Offset of the viewed field within each element.
    offset: usize,
    /// Dimensions of a subarray field.
    sub_shape: Vec<usize>,
}

impl<'a> DynView<'a> {
    pub(crate) fn new(header: &Header, bytes: &'a [u8]) -> DynView<'a> {
        DynView {
            bytes,
            dtype: header.dtype.clone(),
            shape: header.shape.clone(),
            fortran: header.fortran_order,
            stride: header.dtype.itemsize(),
            offset: 0,
            sub_shape: Vec::new(),
        }
    }

    /// The dtype of the viewed elements (the field's dtype for a field
    /// view; for a subarray field, the dtype of one item of it).
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{DType, Header, NpyArray};
    /// use npy_mmap::Memmap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("points.npy");
    /// let dtype = DType::parse_descr("[('xy', '<i2', (2,)), ('id', '|u1')]")?;
    /// let data = vec![1, 0, 2, 0, 7, 3, 0, 4, 0, 8];
    /// NpyArray::new(Header::new(dtype, vec![2], false), data)?.write_npy(std::fs::File::create(&path)?)?;
    /// let map = Memmap::open(&path)?;
    ///
    /// let points = map.view_dyn();
    /// assert_eq!(points.dtype().itemsize(), 5);
    /// assert_eq!(points.field("id")?.dtype().descr_repr(), "'|u1'");
    /// assert_eq!(points.field("xy")?.dtype().descr_repr(), "'<i2'"); // one item of the subarray
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dtype(&self) -> &DType {
        &self.dtype
    }

    /// The shape of the array.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Array2;
    /// use npy_mmap::Memmap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("m.npy");
    /// npy_format::write_npy(&path, &Array2::<u8>::zeros((4, 3)))?;
    ///
    /// let map = Memmap::open(&path)?;
    /// assert_eq!(map.view_dyn().shape(), &[4, 3]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// The dimensions of a subarray field (empty otherwise): each element
    /// decodes as a [`Value::Array`] of this shape.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{DType, Header, NpyArray};
    /// use npy_mmap::Memmap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("points.npy");
    /// let dtype = DType::parse_descr("[('xy', '<i2', (2,)), ('id', '|u1')]")?;
    /// let data = vec![1, 0, 2, 0, 7, 3, 0, 4, 0, 8];
    /// NpyArray::new(Header::new(dtype, vec![2], false), data)?.write_npy(std::fs::File::create(&path)?)?;
    /// let map = Memmap::open(&path)?;
    ///
    /// let points = map.view_dyn();
    /// assert_eq!(points.field("xy")?.subarray_shape(), &[2]);
    /// assert_eq!(points.field("id")?.subarray_shape(), &[] as &[usize]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn subarray_shape(&self) -> &[usize] {
        &self.sub_shape
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
    /// let path = dir.path().join("c.npy");
    /// npy_format::write_npy(&path, &Array3::<i8>::zeros((2, 2, 2)))?;
    ///
    /// assert_eq!(Memmap::open(&path)?.view_dyn().ndim(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn ndim(&self) -> usize {
        self.shape.len()
    }

    /// Number of elements.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{DType, Header, NpyArray};
    /// use npy_mmap::Memmap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("points.npy");
    /// let dtype = DType::parse_descr("[('xy', '<i2', (2,)), ('id', '|u1')]")?;
    /// let data = vec![1, 0, 2, 0, 7, 3, 0, 4, 0, 8];
    /// NpyArray::new(Header::new(dtype, vec![2], false), data)?.write_npy(std::fs::File::create(&path)?)?;
    /// let map = Memmap::open(&path)?;
    ///
    /// let points = map.view_dyn();
    /// assert_eq!(points.len(), 2);
    /// assert_eq!(points.field("xy")?.len(), 2); // elements of the array, not of the subarray
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn len(&self) -> usize {
        self.shape.iter().product()
    }

    /// True when the array has no elements.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Array1;
    /// use npy_mmap::Memmap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("e.npy");
    /// npy_format::write_npy(&path, &Array1::<f64>::zeros(0))?;
    ///
    /// let map = Memmap::open(&path)?;
    /// assert!(map.view_dyn().is_empty());
    /// assert_eq!(map.view_dyn().values().count(), 0);
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
    /// use ndarray::array;
    /// use npy_format::Value;
    /// use npy_mmap::Memmap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("t.npy");
    /// npy_format::write_npy(&path, &array![[1u8, 2, 3], [4, 5, 6]].t())?;
    ///
    /// let map = Memmap::open(&path)?;
    /// let view = map.view_dyn();
    /// assert!(view.fortran_order());
    /// assert_eq!(view.get(&[0, 1])?, Value::UInt(4)); // indices are logical all the same
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fortran_order(&self) -> bool {
        self.fortran
    }

    /// Bytes of one viewed element (the field's size for a field view).
    fn item_len(&self) -> usize {
        self.dtype
            .itemsize()
            .saturating_mul(self.sub_shape.iter().product())
    }

    fn item_bytes(&self, pos: usize) -> &'a [u8] {
        let start = pos * self.stride + self.offset;
        &self.bytes[start..start + self.item_len()]
    }

    fn decode(&self, item: &[u8]) -> Result<Value> {
        if self.sub_shape.is_empty() {
            let one = NpyArray::new(
                Header::new(self.dtype.clone(), vec![], false),
                item.to_vec(),
            )?;
            return Ok(one.get(&[])?);
        }
        let sub = NpyArray::new(
            Header::new(self.dtype.clone(), self.sub_shape.clone(), false),
            item.to_vec(),
        )?;
        Ok(Value::Array(self.sub_shape.clone(), sub.values().collect()))
    }

    /// The element at a logical index, decoded.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npy_format::Value;
    /// use npy_mmap::Memmap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("m.npy");
    /// npy_format::write_npy(&path, &array![[1.5f64, 2.5], [3.5, 4.5]])?;
    ///
    /// let map = Memmap::open(&path)?;
    /// let view = map.view_dyn();
    /// assert_eq!(view.get(&[1, 0])?, Value::Float(3.5));
    /// assert!(view.get(&[2, 0]).is_err()); // out of bounds
    /// assert!(view.get(&[1]).is_err()); // one index per dimension
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn get(&self, index: &[usize]) -> Result<Value> {
        if index.len() != self.shape.len() || index.iter().zip(&self.shape).any(|(i, d)| i >= d) {
            return Err(
                npy_format::Error::from(npy_format::ErrorKind::ShapeMismatch {
                    what: "index out of bounds",
                    expected: self.shape.clone(),
                    found: index.to_vec(),
                })
                .into(),
            );
        }
        let pos = memory_position(&self.shape, self.fortran, index);
        self.decode(self.item_bytes(pos))
    }

    /// Every element, decoded, in logical (C) order.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{NpyArray, Value};
    /// use npy_mmap::Memmap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("names.npy");
    /// NpyArray::from_strings(&["ada", "alan", "grace"], &[3])?.write_npy(std::fs::File::create(&path)?)?;
    ///
    /// let map = Memmap::open(&path)?;
    /// let names = map.view_dyn().values().collect::<Result<Vec<Value>, _>>()?;
    /// assert_eq!(names[2], Value::Str("grace".into()));
    /// let shown: Vec<String> = names.iter().map(|v| v.to_string()).collect();
    /// assert_eq!(shown, ["'ada'", "'alan'", "'grace'"]); // as NumPy shows them
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn values(&self) -> impl Iterator<Item = Result<Value>> + '_ {
        logical_positions(&self.shape, self.fortran).map(move |p| self.decode(self.item_bytes(p)))
    }

    /// A view of one field of a structured array, in place. A subarray
    /// field's elements decode as [`Value::Array`]s.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{DType, Header, NpyArray, Value};
    /// use npy_mmap::Memmap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("points.npy");
    /// let dtype = DType::parse_descr("[('xy', '<i2', (2,)), ('id', '|u1')]")?;
    /// let data = vec![1, 0, 2, 0, 7, 3, 0, 4, 0, 8];
    /// NpyArray::new(Header::new(dtype, vec![2], false), data)?.write_npy(std::fs::File::create(&path)?)?;
    /// let map = Memmap::open(&path)?;
    ///
    /// let points = map.view_dyn();
    /// assert_eq!(points.field("id")?.get(&[1])?, Value::UInt(8));
    /// assert_eq!(
    ///     points.field("xy")?.get(&[0])?,
    ///     Value::Array(vec![2], vec![Value::Int(1), Value::Int(2)])
    /// );
    /// assert!(points.field("z").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn field(&self, name: &str) -> Result<DynView<'a>> {
        let record = match (&self.dtype, self.sub_shape.is_empty()) {
            (DType::Record(r), true) => r,
            _ => {
                return Err(Error::mismatch(
                    "a structured dtype",
                    if self.sub_shape.is_empty() {
                        self.dtype.descr_repr()
                    } else {
                        format!("a subarray of {}", self.dtype.descr_repr())
                    },
                ));
            }
        };
        let f = record.field(name).ok_or_else(|| {
            npy_format::Error::from(npy_format::ErrorKind::NoSuchField {
                name: name.to_string(),
            })
        })?;
        Ok(DynView {
            bytes: self.bytes,
            dtype: f.dtype.clone(),
            shape: self.shape.clone(),
            fortran: self.fortran,
            stride: self.stride,
            offset: self.offset + f.offset,
            sub_shape: f.shape.clone(),
        })
    }

    /// Copies the viewed data into an [`NpyArray`]. A whole-array view
    /// keeps the file's byte and memory order; a field view is gathered in
    /// C order, a subarray field's dimensions after the array's.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Ix2};
    /// use npy_format::{DType, Header, NpyArray};
    /// use npy_mmap::Memmap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("points.npy");
    /// let dtype = DType::parse_descr("[('xy', '<i2', (2,)), ('id', '|u1')]")?;
    /// let data = vec![1, 0, 2, 0, 7, 3, 0, 4, 0, 8];
    /// NpyArray::new(Header::new(dtype, vec![2], false), data)?.write_npy(std::fs::File::create(&path)?)?;
    /// let map = Memmap::open(&path)?;
    ///
    /// let xy = map.view_dyn().field("xy")?.to_npy_array()?; // a copy of one field
    /// assert_eq!(xy.shape(), &[2, 2]);
    /// assert_eq!(xy.to_array::<i16, Ix2>()?, array![[1, 2], [3, 4]]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_npy_array(&self) -> Result<NpyArray> {
        if self.offset == 0 && self.sub_shape.is_empty() && self.stride == self.item_len() {
            let header = Header::new(self.dtype.clone(), self.shape.clone(), self.fortran);
            return Ok(NpyArray::new(header, self.bytes.to_vec())?);
        }
        let mut data = Vec::new();
        for p in logical_positions(&self.shape, self.fortran) {
            data.extend_from_slice(self.item_bytes(p));
        }
        let mut shape = self.shape.clone();
        shape.extend_from_slice(&self.sub_shape);
        Ok(NpyArray::new(
            Header::new(self.dtype.clone(), shape, false),
            data,
        )?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Ix2;
    use npy_format::ScalarKind;

    fn header(descr: &str, shape: &[usize], fortran: bool) -> Header {
        Header::new(DType::parse_descr(descr).unwrap(), shape.to_vec(), fortran)
    }

    #[test]
    fn typed_views_check_dtype_order_and_alignment() {
        let data: Vec<u64> = vec![0x0102_0304_0506_0708, 9, 10, 11, 12, 13];
        let bytes: &[u8] = bytemuck::cast_slice(&data);
        let h = header("'<i4'", &[3, 4], false);
        let v = typed_view::<i32, Ix2>(&h, 0, &bytes[..48]).unwrap();
        assert_eq!(v[[0, 0]], 0x0506_0708);
        assert!(matches!(
            typed_view::<u32, Ix2>(&h, 0, &bytes[..48])
                .unwrap_err()
                .kind(),
            ErrorKind::Npy(e) if matches!(e.kind(), npy_format::ErrorKind::TypeMismatch { .. })
        ));
        let h8 = header("'<i8'", &[5], false);
        assert!(matches!(
            typed_view::<i64, ndarray::Ix1>(&h8, 1, &bytes[1..41])
                .unwrap_err()
                .kind(),
            ErrorKind::Misaligned {
                offset: 1,
                align: 8
            }
        ));
        let hb = header("'>i8'", &[5], false);
        assert!(matches!(
            typed_view::<i64, ndarray::Ix1>(&hb, 0, &bytes[..40])
                .unwrap_err()
                .kind(),
            ErrorKind::ByteOrder { .. }
        ));
        assert_eq!(
            owned_array::<i64, ndarray::Ix1>(&hb, &bytes[..40]).unwrap()[0],
            0x0807_0605_0403_0201
        );
        assert!(matches!(
            typed_view::<i32, ndarray::Ix1>(&h, 0, &bytes[..48])
                .unwrap_err()
                .kind(),
            ErrorKind::Npy(e) if matches!(
                e.kind(),
                npy_format::ErrorKind::DimensionMismatch { expected: 1, found: 2 }
            )
        ));
    }

    #[test]
    fn fortran_views_follow_logical_order() {
        let data: Vec<u8> = (0..6).collect();
        let h = header("'|u1'", &[2, 3], true);
        let v = typed_view::<u8, Ix2>(&h, 0, &data).unwrap();
        assert_eq!(v[[1, 0]], 1);
        assert_eq!(v[[0, 1]], 2);
        let d = DynView::new(&h, &data);
        let vals: Vec<Value> = d.values().map(|v| v.unwrap()).collect();
        assert_eq!(vals[1], Value::UInt(2));
        assert_eq!(d.get(&[1, 2]).unwrap(), Value::UInt(5));
        assert!(d.get(&[2, 0]).is_err());
    }

    #[test]
    fn bools_are_checked() {
        let h = Header::new(DType::scalar(ScalarKind::Bool), vec![3], false);
        let mut ok = vec![1u8, 0, 1];
        assert_eq!(
            typed_view::<bool, ndarray::Ix1>(&h, 0, &ok)
                .unwrap()
                .to_vec(),
            vec![true, false, true]
        );
        typed_view_mut::<bool, ndarray::Ix1>(&h, 0, &mut ok).unwrap()[1] = true;
        assert_eq!(ok, [1, 1, 1]);
        let bad = [1u8, 2, 0];
        assert!(matches!(
            typed_view::<bool, ndarray::Ix1>(&h, 0, &bad)
                .unwrap_err()
                .kind(),
            ErrorKind::Npy(e) if matches!(
                e.kind(),
                npy_format::ErrorKind::InvalidBool { index: 1, value: 2 }
            )
        ));
    }

    #[test]
    fn subarray_fields() {
        let h = header("[('a', '<u2', (2,)), ('b', '|u1')]", &[2], false);
        let data = [1, 0, 2, 0, 7, 3, 0, 4, 0, 8];
        let d = DynView::new(&h, &data);
        let a = d.field("a").unwrap();
        assert_eq!(
            a.get(&[1]).unwrap(),
            Value::Array(vec![2], vec![Value::UInt(3), Value::UInt(4)])
        );
        let owned = a.to_npy_array().unwrap();
        assert_eq!(owned.shape(), &[2, 2]);
        assert_eq!(owned.get(&[1, 0]).unwrap(), Value::UInt(3));
        assert_eq!(d.field("b").unwrap().get(&[0]).unwrap(), Value::UInt(7));
        assert!(a.field("x").is_err());
        assert!(d.field("zz").is_err());
    }
}
