//! Views of `.npy` data in place, without copying: typed views as ndarray
//! arrays, and dynamic views of any dtype.
//!
//! The bytes may be a whole `.npy` file already in memory ([`view_npy`],
//! [`view_npy_mut`], [`view_npy_dyn`]) or, for npio's memory maps, the data
//! of a header read elsewhere. Typed views are cast with `bytemuck`, which
//! checks length and alignment, so this module has no unsafe code.

use crate::internal::{logical_positions, memory_position};
use crate::{
    DType, Error, ErrorKind, Header, NpyArray, ReadOptions, ReadableElement, Result, Value,
    WritableElement, read_header,
};
use half::f16;
use ndarray::{ArrayView, ArrayViewMut, Dimension, IxDyn, ShapeBuilder};
use num_complex::Complex;

mod sealed {
    pub trait Sealed {}
}

/// An element type that can be viewed in place: its bytes in memory are
/// exactly NumPy's native-order bytes, and every bit pattern the data can
/// hold is either valid or checked.
///
/// Implemented for `i8`–`i64`, `u8`–`u64`, [`f16`](struct@f16), `f32`, `f64`,
/// [`Complex<f32>`] and [`Complex<f64>`], and for `bool` (every byte is
/// checked to be 0 or 1 when the view is made). The trait is sealed.
///
/// Making a view returns `Err` in at least the following cases:
/// - the array's dtype is not this type's ([`ErrorKind::TypeMismatch`]);
/// - the data is in the other byte order ([`ErrorKind::ByteOrder`]);
/// - the data does not start on a multiple of the type's alignment
///   ([`ErrorKind::Misaligned`]);
/// - a `bool` element holds a byte other than 0 or 1
///   ([`ErrorKind::InvalidBool`]).
///
/// # Example
///
/// ```
/// use ndarray::{array, Ix1};
/// use npy_format::{view_npy, ErrorKind, WriteNpyExt};
///
/// let mut bytes = Vec::new();
/// array![true, false].write_npy(&mut bytes)?;
/// assert_eq!(view_npy::<bool, Ix1>(&bytes)?[0], true);
///
/// // bools are checked: a byte of 2 is no bool.
/// *bytes.last_mut().unwrap() = 2;
/// let err = view_npy::<bool, Ix1>(&bytes).unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::InvalidBool { index: 1, value: 2 }));
/// # Ok::<(), npy_format::Error>(())
/// ```
pub trait ViewElement: ReadableElement + WritableElement + sealed::Sealed {
    /// Casts data bytes found at `offset` (for error messages) to elements.
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
        Some(index) => ErrorKind::InvalidBool {
            index,
            value: bytes[index],
        }
        .into(),
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

/// A typed view of a whole `.npy` file held in memory, without copying.
///
/// The header is parsed with [`ReadOptions::default`]'s limits; bytes after
/// the array's data are ignored, as `np.load` ignores them. Errors as
/// [`ViewElement`] describes, and when the header is malformed or the data
/// shorter than the header says ([`ErrorKind::Truncated`]). Data that is
/// big-endian or not aligned for `T` can still be read by copying, with
/// [`ReadNpyExt`](crate::ReadNpyExt).
///
/// # Example
///
/// ```
/// use ndarray::{array, Ix2};
/// use npy_format::{view_npy, WriteNpyExt};
///
/// let mut bytes = Vec::new();
/// array![[1.0f64, 2.0], [3.0, 4.0]].write_npy(&mut bytes)?;
///
/// let a = view_npy::<f64, Ix2>(&bytes)?; // borrows `bytes`
/// assert_eq!(a[[1, 0]], 3.0);
/// # Ok::<(), npy_format::Error>(())
/// ```
pub fn view_npy<T: ViewElement, D: Dimension>(bytes: &[u8]) -> Result<ArrayView<'_, T, D>> {
    let (header, offset) = parse_header(bytes)?;
    let data = data_of(&header, offset, bytes)?;
    typed_view(&header, offset as u64, data)
}

/// A typed mutable view of a whole `.npy` file held in memory: writes
/// change the array's bytes in `bytes`. Errors as [`view_npy`] does.
///
/// # Example
///
/// ```
/// use ndarray::{array, Array1, Ix1};
/// use npy_format::{view_npy_mut, ReadNpyExt, WriteNpyExt};
///
/// let mut bytes = Vec::new();
/// array![1i32, 2, 3].write_npy(&mut bytes)?;
///
/// view_npy_mut::<i32, Ix1>(&mut bytes)?.mapv_inplace(|x| x * 10);
/// assert_eq!(Array1::<i32>::read_npy(&bytes[..])?, array![10, 20, 30]);
/// # Ok::<(), npy_format::Error>(())
/// ```
pub fn view_npy_mut<T: ViewElement, D: Dimension>(
    bytes: &mut [u8],
) -> Result<ArrayViewMut<'_, T, D>> {
    let (header, offset) = parse_header(bytes)?;
    let len = data_of(&header, offset, bytes)?.len();
    typed_view_mut(&header, offset as u64, &mut bytes[offset..offset + len])
}

/// A dynamic view of a whole `.npy` file held in memory: any dtype,
/// elements decoded on demand. Errors when the header is malformed or the
/// data shorter than the header says.
///
/// # Example
///
/// ```
/// use npy_format::{view_npy_dyn, DType, Header, NpyArray, Value};
///
/// let header = Header::new(DType::parse_descr("'>i4'")?, vec![2], false);
/// let mut bytes = Vec::new();
/// NpyArray::new(header, vec![0, 0, 0, 7, 0, 0, 1, 0])?.write_npy(&mut bytes)?;
///
/// // Big-endian data, which no typed view reads, decodes here.
/// let view = view_npy_dyn(&bytes)?;
/// assert_eq!(view.get(&[1])?, Value::Int(256));
/// # Ok::<(), npy_format::Error>(())
/// ```
pub fn view_npy_dyn(bytes: &[u8]) -> Result<DynView<'_>> {
    let (header, offset) = parse_header(bytes)?;
    DynView::new(&header, &bytes[offset..])
}

fn parse_header(bytes: &[u8]) -> Result<(Header, usize)> {
    let parsed = read_header(&mut &bytes[..], &ReadOptions::default())?;
    // The header was read from `bytes`, so its length fits in them.
    let offset = usize::try_from(parsed.data_offset).unwrap_or(bytes.len());
    Ok((parsed.header, offset))
}

/// The data bytes of `header` in a file image whose data starts at
/// `offset`, exactly as long as the array.
fn data_of<'a>(header: &Header, offset: usize, bytes: &'a [u8]) -> Result<&'a [u8]> {
    let len = header.data_len()?;
    let available = bytes.len().saturating_sub(offset);
    if available < len {
        return Err(Error::truncated("array data", len as u64, available as u64));
    }
    Ok(&bytes[offset..offset + len])
}

/// Checks that `T` views data of `dtype`: same kind, native byte order.
fn check_dtype<T: WritableElement>(dtype: &DType) -> Result<()> {
    let want = T::dtype();
    match (dtype, &want) {
        (DType::Scalar(f), DType::Scalar(w)) if f.kind() == w.kind() => {
            if f.order().needs_swap() {
                Err(ErrorKind::ByteOrder {
                    descr: dtype.descr_repr(),
                }
                .into())
            } else {
                Ok(())
            }
        }
        _ => Err(ErrorKind::TypeMismatch {
            expected: want.descr_repr(),
            found: dtype.descr_repr(),
        }
        .into()),
    }
}

fn dims_error<D: Dimension>(ndim: usize) -> Error {
    ErrorKind::DimensionMismatch {
        expected: D::NDIM.unwrap_or(ndim),
        found: ndim,
    }
    .into()
}

fn check_ndim<D: Dimension>(ndim: usize) -> Result<()> {
    match D::NDIM {
        Some(n) if n != ndim => Err(dims_error::<D>(ndim)),
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

fn length_error(header: &Header, found: usize) -> Error {
    Error::truncated(
        "array data",
        header.data_len().unwrap_or(0) as u64,
        found as u64,
    )
}

/// A typed view of `bytes`, the data of `header` found at `offset` (in the
/// file, for error messages).
pub fn typed_view<'a, T: ViewElement, D: Dimension>(
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
        .map_err(|_| length_error(header, bytes.len()))?
        .into_dimensionality::<D>()
        .map_err(|_| dims_error::<D>(ndim))
}

/// A typed mutable view of `bytes`, the data of `header` found at `offset`.
pub fn typed_view_mut<'a, T: ViewElement, D: Dimension>(
    header: &Header,
    offset: u64,
    bytes: &'a mut [u8],
) -> Result<ArrayViewMut<'a, T, D>> {
    check_dtype::<T>(&header.dtype)?;
    check_ndim::<D>(header.shape.len())?;
    let found = bytes.len();
    let slice: &mut [T] = if bytes.is_empty() {
        &mut []
    } else {
        check_align::<T>(bytes.as_ptr(), offset)?;
        T::cast_slice_mut(bytes, offset)?
    };
    let ndim = header.shape.len();
    ArrayViewMut::from_shape(shape_of(header), slice)
        .map_err(|_| length_error(header, found))?
        .into_dimensionality::<D>()
        .map_err(|_| dims_error::<D>(ndim))
}

/// A dynamically typed view of `.npy` data in place: any dtype npy-format
/// models, decoded element by element into [`Value`]s, with record fields
/// viewed in place.
///
/// Nothing is copied until an element is decoded. Get one from
/// [`view_npy_dyn`], from [`DynView::new`] for data whose header was read
/// separately, or from a memory map (npy-mmap's `Memmap::view_dyn`).
///
/// # Example
///
/// ```
/// use npy_format::{view_npy_dyn, DType, Header, NpyArray, Value};
///
/// let dtype = DType::parse_descr("[('x', '<i2'), ('tag', '|S2')]")?;
/// let data = vec![1, 0, b'a', b'b', 2, 0, b'c', 0];
/// let mut bytes = Vec::new();
/// NpyArray::new(Header::new(dtype, vec![2], false), data)?.write_npy(&mut bytes)?;
///
/// let view = view_npy_dyn(&bytes)?;
/// assert_eq!(view.get(&[1])?.to_string(), "(2, b'c')");
/// assert_eq!(view.field("x")?.get(&[0])?, Value::Int(1));
/// # Ok::<(), npy_format::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct DynView<'a> {
    /// Exactly the array's data.
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
    /// A view of `data`, the array `header` describes (bytes after the
    /// array's are ignored). Errors when `data` is shorter than the array
    /// ([`ErrorKind::Truncated`]) or its size overflows.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{DType, DynView, Header, ScalarKind, Value};
    ///
    /// let header = Header::new(DType::scalar(ScalarKind::UInt(1)), vec![2, 2], false);
    /// let view = DynView::new(&header, &[1, 2, 3, 4])?;
    /// assert_eq!(view.get(&[1, 0])?, Value::UInt(3));
    /// assert!(DynView::new(&header, &[1, 2, 3]).is_err());
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn new(header: &Header, data: &'a [u8]) -> Result<DynView<'a>> {
        let bytes = data_of(header, 0, data)?;
        Ok(DynView {
            bytes,
            dtype: header.dtype.clone(),
            shape: header.shape.clone(),
            fortran: header.fortran_order,
            stride: header.dtype.itemsize(),
            offset: 0,
            sub_shape: Vec::new(),
        })
    }

    /// A view for callers that have already checked that `data` holds the
    /// array (npy-mmap checks its files' lengths when it maps them): should
    /// the check have been missed, the view is empty rather than a panic
    /// later.
    #[doc(hidden)]
    pub fn new_checked_by_caller(header: &Header, data: &'a [u8]) -> DynView<'a> {
        DynView::new(header, data).unwrap_or_else(|_| DynView {
            bytes: &[],
            dtype: header.dtype.clone(),
            shape: vec![0],
            fortran: false,
            stride: header.dtype.itemsize(),
            offset: 0,
            sub_shape: Vec::new(),
        })
    }

    /// The dtype of the viewed elements (the field's dtype for a field
    /// view; for a subarray field, the dtype of one item of it).
    pub fn dtype(&self) -> &DType {
        &self.dtype
    }

    /// The shape of the array.
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// The dimensions of a subarray field (empty otherwise): each element
    /// decodes as a [`Value::Array`] of this shape.
    pub fn subarray_shape(&self) -> &[usize] {
        &self.sub_shape
    }

    /// Number of dimensions of the array.
    pub fn ndim(&self) -> usize {
        self.shape.len()
    }

    /// Number of elements of the array (not of a subarray field).
    pub fn len(&self) -> usize {
        self.shape.iter().product()
    }

    /// True when the array has no elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when the data is stored column-major (indices stay logical).
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
        // In bounds: `new` checked that the data holds every element, and a
        // field lies within its element.
        let start = pos * self.stride + self.offset;
        &self.bytes[start..start + self.item_len()]
    }

    fn decode(&self, item: &[u8]) -> Result<Value> {
        if self.sub_shape.is_empty() {
            let one = NpyArray::new(
                Header::new(self.dtype.clone(), vec![], false),
                item.to_vec(),
            )?;
            return one.get(&[]);
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
    /// use npy_format::{view_npy_dyn, Value, WriteNpyExt};
    ///
    /// let mut bytes = Vec::new();
    /// array![[1.5f64, 2.5], [3.5, 4.5]].t().write_npy(&mut bytes)?; // Fortran order
    ///
    /// let view = view_npy_dyn(&bytes)?;
    /// assert!(view.fortran_order());
    /// assert_eq!(view.get(&[1, 0])?, Value::Float(2.5)); // indices are logical
    /// assert!(view.get(&[2, 0]).is_err()); // out of bounds
    /// assert!(view.get(&[1]).is_err()); // one index per dimension
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn get(&self, index: &[usize]) -> Result<Value> {
        if index.len() != self.shape.len() || index.iter().zip(&self.shape).any(|(i, d)| i >= d) {
            return Err(ErrorKind::ShapeMismatch {
                what: "index out of bounds",
                expected: self.shape.clone(),
                found: index.to_vec(),
            }
            .into());
        }
        let pos = memory_position(&self.shape, self.fortran, index);
        self.decode(self.item_bytes(pos))
    }

    /// Every element, decoded, in logical (C) order.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{view_npy_dyn, NpyArray, Value};
    ///
    /// let mut bytes = Vec::new();
    /// NpyArray::from_strings(&["ada", "alan", "grace"], &[3])?.write_npy(&mut bytes)?;
    ///
    /// let names = view_npy_dyn(&bytes)?.values().collect::<Result<Vec<Value>, _>>()?;
    /// let shown: Vec<String> = names.iter().map(|v| v.to_string()).collect();
    /// assert_eq!(shown, ["'ada'", "'alan'", "'grace'"]); // as NumPy shows them
    /// # Ok::<(), npy_format::Error>(())
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
    /// use npy_format::{view_npy_dyn, DType, Header, NpyArray, Value};
    ///
    /// let dtype = DType::parse_descr("[('xy', '<i2', (2,)), ('id', '|u1')]")?;
    /// let data = vec![1, 0, 2, 0, 7, 3, 0, 4, 0, 8];
    /// let mut bytes = Vec::new();
    /// NpyArray::new(Header::new(dtype, vec![2], false), data)?.write_npy(&mut bytes)?;
    ///
    /// let points = view_npy_dyn(&bytes)?;
    /// assert_eq!(points.field("id")?.get(&[1])?, Value::UInt(8));
    /// let xy = points.field("xy")?;
    /// assert_eq!(xy.subarray_shape(), &[2]);
    /// assert_eq!(xy.get(&[0])?, Value::Array(vec![2], vec![Value::Int(1), Value::Int(2)]));
    /// assert!(points.field("z").is_err());
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn field(&self, name: &str) -> Result<DynView<'a>> {
        let record = match (&self.dtype, self.sub_shape.is_empty()) {
            (DType::Record(r), true) => r,
            _ => {
                return Err(ErrorKind::TypeMismatch {
                    expected: "a structured dtype".into(),
                    found: if self.sub_shape.is_empty() {
                        self.dtype.descr_repr()
                    } else {
                        format!("a subarray of {}", self.dtype.descr_repr())
                    },
                }
                .into());
            }
        };
        let f = record.field(name).ok_or_else(|| ErrorKind::NoSuchField {
            name: name.to_string(),
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
    /// keeps the data's byte and memory order; a field view is gathered in
    /// C order, a subarray field's dimensions after the array's.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Ix2};
    /// use npy_format::{view_npy_dyn, DType, Header, NpyArray};
    ///
    /// let dtype = DType::parse_descr("[('xy', '<i2', (2,)), ('id', '|u1')]")?;
    /// let data = vec![1, 0, 2, 0, 7, 3, 0, 4, 0, 8];
    /// let mut bytes = Vec::new();
    /// NpyArray::new(Header::new(dtype, vec![2], false), data)?.write_npy(&mut bytes)?;
    ///
    /// let xy = view_npy_dyn(&bytes)?.field("xy")?.to_npy_array()?; // a copy of one field
    /// assert_eq!(xy.shape(), &[2, 2]);
    /// assert_eq!(xy.to_array::<i16, Ix2>()?, array![[1, 2], [3, 4]]);
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn to_npy_array(&self) -> Result<NpyArray> {
        if self.offset == 0 && self.sub_shape.is_empty() && self.stride == self.item_len() {
            let header = Header::new(self.dtype.clone(), self.shape.clone(), self.fortran);
            return NpyArray::new(header, self.bytes.to_vec());
        }
        let mut data = Vec::new();
        for p in logical_positions(&self.shape, self.fortran) {
            data.extend_from_slice(self.item_bytes(p));
        }
        let mut shape = self.shape.clone();
        shape.extend_from_slice(&self.sub_shape);
        NpyArray::new(Header::new(self.dtype.clone(), shape, false), data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ScalarKind, WriteNpyExt};
    use ndarray::{Ix1, Ix2, array};

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
            ErrorKind::TypeMismatch { .. }
        ));
        let h8 = header("'<i8'", &[5], false);
        assert!(matches!(
            typed_view::<i64, Ix1>(&h8, 1, &bytes[1..41])
                .unwrap_err()
                .kind(),
            ErrorKind::Misaligned {
                offset: 1,
                align: 8
            }
        ));
        let hb = header("'>i8'", &[5], false);
        assert!(matches!(
            typed_view::<i64, Ix1>(&hb, 0, &bytes[..40])
                .unwrap_err()
                .kind(),
            ErrorKind::ByteOrder { descr } if descr == "'>i8'"
        ));
        assert!(matches!(
            typed_view::<i32, Ix1>(&h, 0, &bytes[..48])
                .unwrap_err()
                .kind(),
            ErrorKind::DimensionMismatch {
                expected: 1,
                found: 2
            }
        ));
        assert!(matches!(
            typed_view::<i32, Ix2>(&h, 0, &bytes[..44])
                .unwrap_err()
                .kind(),
            ErrorKind::Truncated {
                expected: 48,
                found: 44,
                ..
            }
        ));
    }

    #[test]
    fn fortran_views_follow_logical_order() {
        let data: Vec<u8> = (0..6).collect();
        let h = header("'|u1'", &[2, 3], true);
        let v = typed_view::<u8, Ix2>(&h, 0, &data).unwrap();
        assert_eq!(v[[1, 0]], 1);
        assert_eq!(v[[0, 1]], 2);
        let d = DynView::new(&h, &data).unwrap();
        let vals: Vec<Value> = d.values().map(|v| v.unwrap()).collect();
        assert_eq!(vals[1], Value::UInt(2));
        assert_eq!(d.get(&[1, 2]).unwrap(), Value::UInt(5));
        assert!(d.get(&[2, 0]).is_err());
        assert!(DynView::new(&h, &data[..5]).unwrap_err().is_truncated());
    }

    #[test]
    fn bools_are_checked() {
        let h = Header::new(DType::scalar(ScalarKind::Bool), vec![3], false);
        let mut ok = vec![1u8, 0, 1];
        assert_eq!(
            typed_view::<bool, Ix1>(&h, 0, &ok).unwrap().to_vec(),
            vec![true, false, true]
        );
        typed_view_mut::<bool, Ix1>(&h, 0, &mut ok).unwrap()[1] = true;
        assert_eq!(ok, [1, 1, 1]);
        let mut bad = [1u8, 2, 0];
        for err in [
            typed_view::<bool, Ix1>(&h, 0, &bad).unwrap_err(),
            typed_view_mut::<bool, Ix1>(&h, 0, &mut bad).unwrap_err(),
        ] {
            assert!(matches!(
                err.kind(),
                ErrorKind::InvalidBool { index: 1, value: 2 }
            ));
        }
    }

    #[test]
    fn subarray_fields() {
        let h = header("[('a', '<u2', (2,)), ('b', '|u1')]", &[2], false);
        let data = [1, 0, 2, 0, 7, 3, 0, 4, 0, 8];
        let d = DynView::new(&h, &data).unwrap();
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

    #[test]
    fn whole_files_in_memory() {
        let a = array![[1u16, 2, 3], [4, 5, 6]];
        let mut bytes = Vec::new();
        a.write_npy(&mut bytes).unwrap();
        // Trailing bytes are ignored, as np.load ignores them.
        bytes.extend_from_slice(b"trailing");
        assert_eq!(view_npy::<u16, Ix2>(&bytes).unwrap(), a);
        let dynamic = view_npy_dyn(&bytes).unwrap();
        assert_eq!(dynamic.len(), 6);
        assert_eq!(dynamic.to_npy_array().unwrap().data().len(), 12);
        view_npy_mut::<u16, Ix2>(&mut bytes).unwrap()[[1, 2]] = 60;
        assert_eq!(view_npy::<u16, Ix2>(&bytes).unwrap()[[1, 2]], 60);

        let cut = bytes.len() - 8 - 1;
        for err in [
            view_npy::<u16, Ix2>(&bytes[..cut]).unwrap_err(),
            view_npy_dyn(&bytes[..cut]).unwrap_err(),
        ] {
            assert!(matches!(
                err.kind(),
                ErrorKind::Truncated {
                    expected: 12,
                    found: 11,
                    ..
                }
            ));
        }
        assert!(matches!(
            view_npy::<u16, Ix2>(b"not npy").unwrap_err().kind(),
            ErrorKind::BadMagic { .. }
        ));
    }
}
