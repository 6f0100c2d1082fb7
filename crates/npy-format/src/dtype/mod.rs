//! The dtype model: what one element of an array is.
//!
//! A [`DType`] is either a [`Scalar`] (a number, string, datetime, raw bytes
//! or Python object) or a [`Record`] of named fields. It converts to and from
//! NumPy's `descr` text exactly as NumPy prints it, see [`DType::descr`] and
//! [`DType::parse_descr`].

pub(crate) mod descr;

use std::fmt;

pub use descr::NATIVE_ORDER;

/// Byte order of a scalar type, the first character of its type string.
///
/// # Example
///
/// ```
/// use npy_format::{ByteOrder, DType};
///
/// let order = |descr: &str| DType::parse_descr(descr).map(|dt| dt.as_scalar().map(|s| s.order()));
/// assert_eq!(order("'>f8'")?, Some(ByteOrder::Big));
/// assert_eq!(order("'<f8'")?, Some(ByteOrder::Little));
/// assert_eq!(order("'|u1'")?, Some(ByteOrder::NotApplicable));
/// # Ok::<(), npy_format::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ByteOrder {
    /// `<`: least significant byte first.
    Little,
    /// `>`: most significant byte first.
    Big,
    /// `|`: byte order does not apply (one-byte types, bytes, void, objects).
    NotApplicable,
}

impl ByteOrder {
    /// The character NumPy uses for this order.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::ByteOrder;
    ///
    /// assert_eq!(ByteOrder::Little.as_char(), '<');
    /// assert_eq!(ByteOrder::Big.as_char(), '>');
    /// assert_eq!(ByteOrder::NotApplicable.as_char(), '|');
    /// ```
    pub fn as_char(self) -> char {
        match self {
            ByteOrder::Little => '<',
            ByteOrder::Big => '>',
            ByteOrder::NotApplicable => '|',
        }
    }

    /// True when values in this order must be byte-swapped on this machine.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{ByteOrder, NATIVE_ORDER};
    ///
    /// assert!(!NATIVE_ORDER.needs_swap());
    /// assert!(!ByteOrder::NotApplicable.needs_swap());
    /// let foreign = match NATIVE_ORDER {
    ///     ByteOrder::Little => ByteOrder::Big,
    ///     _ => ByteOrder::Little,
    /// };
    /// assert!(foreign.needs_swap());
    /// ```
    pub fn needs_swap(self) -> bool {
        match self {
            ByteOrder::NotApplicable => false,
            order => order != NATIVE_ORDER,
        }
    }
}

/// Unit of a datetime64 or timedelta64 value.
///
/// # Example
///
/// ```
/// use npy_format::{DType, ScalarKind, TimeUnit};
///
/// let kind = |descr: &str| DType::parse_descr(descr).map(|dt| dt.as_scalar().map(|s| s.kind()));
/// assert_eq!(kind("'<M8[ms]'")?, Some(ScalarKind::DateTime(TimeUnit::Millisecond, 1)));
/// assert_eq!(kind("'<m8[15m]'")?, Some(ScalarKind::TimeDelta(TimeUnit::Minute, 15)));
/// assert_eq!(kind("'<M8'")?, Some(ScalarKind::DateTime(TimeUnit::Generic, 1)));
/// # Ok::<(), npy_format::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeUnit {
    /// Years.
    Year,
    /// Months.
    Month,
    /// Weeks.
    Week,
    /// Days.
    Day,
    /// Hours.
    Hour,
    /// Minutes.
    Minute,
    /// Seconds.
    Second,
    /// Milliseconds.
    Millisecond,
    /// Microseconds.
    Microsecond,
    /// Nanoseconds.
    Nanosecond,
    /// Picoseconds.
    Picosecond,
    /// Femtoseconds.
    Femtosecond,
    /// Attoseconds.
    Attosecond,
    /// No unit (`<M8`): only NaT or values waiting for a unit.
    Generic,
}

impl TimeUnit {
    /// The unit's code inside the brackets of `M8[...]`.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{DType, ScalarKind, TimeUnit};
    ///
    /// assert_eq!(TimeUnit::Month.code(), "M");
    /// assert_eq!(TimeUnit::Minute.code(), "m");
    /// assert_eq!(TimeUnit::Microsecond.code(), "us");
    ///
    /// let dt = DType::scalar(ScalarKind::DateTime(TimeUnit::Nanosecond, 1));
    /// let unit = TimeUnit::Nanosecond.code();
    /// assert!(dt.type_str().is_some_and(|s| s.ends_with(&format!("M8[{unit}]"))));
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            TimeUnit::Year => "Y",
            TimeUnit::Month => "M",
            TimeUnit::Week => "W",
            TimeUnit::Day => "D",
            TimeUnit::Hour => "h",
            TimeUnit::Minute => "m",
            TimeUnit::Second => "s",
            TimeUnit::Millisecond => "ms",
            TimeUnit::Microsecond => "us",
            TimeUnit::Nanosecond => "ns",
            TimeUnit::Picosecond => "ps",
            TimeUnit::Femtosecond => "fs",
            TimeUnit::Attosecond => "as",
            TimeUnit::Generic => "generic",
        }
    }

    pub(crate) fn from_code(code: &str) -> Option<TimeUnit> {
        Some(match code {
            "Y" => TimeUnit::Year,
            "M" => TimeUnit::Month,
            "W" => TimeUnit::Week,
            "D" => TimeUnit::Day,
            "h" => TimeUnit::Hour,
            "m" => TimeUnit::Minute,
            "s" => TimeUnit::Second,
            "ms" => TimeUnit::Millisecond,
            "us" | "μs" => TimeUnit::Microsecond,
            "ns" => TimeUnit::Nanosecond,
            "ps" => TimeUnit::Picosecond,
            "fs" => TimeUnit::Femtosecond,
            "as" => TimeUnit::Attosecond,
            _ => return None,
        })
    }
}

/// The value NumPy uses for "not a time" in datetime64 and timedelta64.
///
/// # Example
///
/// ```
/// use npy_format::{NpyArray, ScalarKind, TimeUnit, NAT};
///
/// let seconds = ScalarKind::DateTime(TimeUnit::Second, 1);
/// let a = NpyArray::from_time_counts(&[90, NAT], seconds, &[2])?;
/// assert_eq!(a.get(&[0])?.to_string(), "1970-01-01T00:01:30");
/// assert_eq!(a.get(&[1])?.to_string(), "NaT");
/// assert_eq!(a.to_time_counts()?.0, vec![90, NAT]);
/// # Ok::<(), npy_format::Error>(())
/// ```
pub const NAT: i64 = i64::MIN;

/// What kind of scalar an element is, with its size where the kind has
/// several.
///
/// A size NumPy has no type for (`Int(3)`, `Float(5)`) can be written in
/// code, but nothing is made of it: [`Header::to_bytes`](crate::Header::to_bytes)
/// (and so every writer) and [`NpyArray::new`](crate::NpyArray::new) refuse
/// it with [`ErrorKind::InvalidDescr`](crate::ErrorKind::InvalidDescr), as
/// the header parser refuses `'<i3'`.
///
/// # Example
///
/// ```
/// use npy_format::{DType, ScalarKind};
///
/// let kind = |descr: &str| DType::parse_descr(descr).map(|dt| dt.as_scalar().map(|s| s.kind()));
/// assert_eq!(kind("'<f4'")?, Some(ScalarKind::Float(4)));
/// assert_eq!(kind("'|u1'")?, Some(ScalarKind::UInt(1)));
/// assert_eq!(kind("'|S5'")?, Some(ScalarKind::Bytes(5)));
/// assert_eq!(kind("'<U3'")?, Some(ScalarKind::Unicode(3)));
/// assert_eq!(kind("'|O'")?, Some(ScalarKind::Object));
/// # Ok::<(), npy_format::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ScalarKind {
    /// `b1`: one byte, 0 or 1.
    Bool,
    /// `i1`, `i2`, `i4`, `i8`: signed integer of this many bytes.
    Int(usize),
    /// `u1`, `u2`, `u4`, `u8`: unsigned integer of this many bytes.
    UInt(usize),
    /// `f2`, `f4`, `f8`: IEEE float of this many bytes; `f16` is the
    /// platform's long double (x87 extended precision padded to 16 bytes on
    /// x86-64), which npio reads as opaque bytes.
    Float(usize),
    /// `c8`, `c16`: complex of two floats; `c32` is a pair of long doubles,
    /// read as opaque bytes.
    Complex(usize),
    /// `S n`: NUL-padded byte string of `n` bytes.
    Bytes(usize),
    /// `U n`: NUL-padded UCS-4 string of `n` characters (`4 n` bytes).
    Unicode(usize),
    /// `V n`: `n` raw bytes.
    Void(usize),
    /// `M8[unit]`: datetime64, an `i64` count of `multiplier × unit` since
    /// 1970-01-01T00:00, [`NAT`] for "not a time".
    DateTime(TimeUnit, u32),
    /// `m8[unit]`: timedelta64, an `i64` count of `multiplier × unit`.
    TimeDelta(TimeUnit, u32),
    /// `O`: a Python object. The header can be read; the data is a pickle
    /// and cannot.
    Object,
}

impl ScalarKind {
    /// Size of one element in bytes (`None` when it overflows `usize`).
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{ScalarKind, TimeUnit};
    ///
    /// assert_eq!(ScalarKind::Int(2).itemsize(), Some(2));
    /// assert_eq!(ScalarKind::Unicode(5).itemsize(), Some(20)); // 4 bytes a character
    /// assert_eq!(ScalarKind::DateTime(TimeUnit::Day, 1).itemsize(), Some(8));
    /// assert_eq!(ScalarKind::Unicode(usize::MAX).itemsize(), None);
    /// ```
    pub fn itemsize(self) -> Option<usize> {
        Some(match self {
            ScalarKind::Bool => 1,
            ScalarKind::Int(n)
            | ScalarKind::UInt(n)
            | ScalarKind::Float(n)
            | ScalarKind::Complex(n)
            | ScalarKind::Bytes(n)
            | ScalarKind::Void(n) => n,
            ScalarKind::Unicode(n) => n.checked_mul(4)?,
            ScalarKind::DateTime(..) | ScalarKind::TimeDelta(..) => 8,
            ScalarKind::Object => 8,
        })
    }

    /// True when the byte order of this kind matters.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::ScalarKind;
    ///
    /// assert!(ScalarKind::Float(8).has_byte_order());
    /// assert!(ScalarKind::Unicode(1).has_byte_order());
    /// assert!(!ScalarKind::UInt(1).has_byte_order());
    /// assert!(!ScalarKind::Bytes(4).has_byte_order());
    /// ```
    pub fn has_byte_order(self) -> bool {
        match self {
            ScalarKind::Bool | ScalarKind::Bytes(_) | ScalarKind::Void(_) | ScalarKind::Object => {
                false
            }
            ScalarKind::Int(n) | ScalarKind::UInt(n) => n > 1,
            _ => true,
        }
    }
}

/// A scalar element type: a kind and a byte order.
///
/// # Example
///
/// ```
/// use npy_format::{ByteOrder, DType, Scalar, ScalarKind};
///
/// let s = Scalar::with_order(ScalarKind::Int(4), ByteOrder::Big);
/// assert_eq!((s.kind(), s.order()), (ScalarKind::Int(4), ByteOrder::Big));
/// assert_eq!(DType::Scalar(s).descr_repr(), "'>i4'");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Scalar {
    kind: ScalarKind,
    /// [`ByteOrder::NotApplicable`] exactly when the kind has no byte
    /// order: [`Scalar::with_order`] keeps that true.
    order: ByteOrder,
}

impl Scalar {
    /// A scalar of this kind in the machine's native byte order.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{ByteOrder, Scalar, ScalarKind, NATIVE_ORDER};
    ///
    /// assert_eq!(Scalar::native(ScalarKind::Float(8)).order(), NATIVE_ORDER);
    /// assert_eq!(Scalar::native(ScalarKind::Bool).order(), ByteOrder::NotApplicable);
    /// ```
    pub fn native(kind: ScalarKind) -> Scalar {
        Scalar::with_order(kind, NATIVE_ORDER)
    }

    /// A scalar of this kind in the given byte order (ignored for kinds
    /// without one).
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{ByteOrder, Scalar, ScalarKind, NATIVE_ORDER};
    ///
    /// let big = Scalar::with_order(ScalarKind::Float(4), ByteOrder::Big);
    /// assert_eq!(big.order(), ByteOrder::Big);
    /// // Kinds without a byte order ignore the one given...
    /// let bytes = Scalar::with_order(ScalarKind::Bytes(3), ByteOrder::Big);
    /// assert_eq!(bytes.order(), ByteOrder::NotApplicable);
    /// // ...and kinds with one get the native order for `NotApplicable`.
    /// let int = Scalar::with_order(ScalarKind::Int(8), ByteOrder::NotApplicable);
    /// assert_eq!(int.order(), NATIVE_ORDER);
    /// ```
    pub fn with_order(kind: ScalarKind, order: ByteOrder) -> Scalar {
        let order = if kind.has_byte_order() {
            match order {
                ByteOrder::NotApplicable => NATIVE_ORDER,
                o => o,
            }
        } else {
            ByteOrder::NotApplicable
        };
        Scalar { kind, order }
    }

    /// What the element is.
    pub fn kind(&self) -> ScalarKind {
        self.kind
    }

    /// How its bytes are ordered: [`ByteOrder::NotApplicable`] exactly when
    /// the kind has no byte order.
    pub fn order(&self) -> ByteOrder {
        self.order
    }
}

/// One field of a structured dtype.
///
/// # Example
///
/// ```
/// use npy_format::DType;
///
/// let dt = DType::parse_descr("[('t', '<f8'), ('xy', '<f4', (2,))]")?;
/// let xy = dt.as_record().and_then(|r| r.field("xy")).ok_or("no field xy")?;
/// assert_eq!(xy.name, "xy");
/// assert_eq!(xy.title, None);
/// assert_eq!(xy.dtype.descr_repr(), "'<f4'");
/// assert_eq!(xy.shape, vec![2]);
/// assert_eq!(xy.offset, 8);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Field {
    /// The field's name.
    pub name: String,
    /// An optional title (NumPy's `((title, name), descr)` form).
    pub title: Option<String>,
    /// The element type of the field.
    pub dtype: DType,
    /// Subarray shape; empty for a plain field.
    pub shape: Vec<usize>,
    /// Byte offset of the field within the record.
    pub offset: usize,
}

impl Field {
    /// Bytes the field occupies: item size times the subarray's element
    /// count.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::DType;
    ///
    /// let dt = DType::parse_descr("[('id', '<i2'), ('m', '<f4', (2, 3))]")?;
    /// let sizes: Vec<usize> = dt.as_record().ok_or("not a record")?.fields().iter().map(|f| f.size()).collect();
    /// assert_eq!(sizes, [2, 24]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn size(&self) -> usize {
        // Sizes are checked when the dtype is built.
        self.shape.iter().product::<usize>() * self.dtype.itemsize()
    }
}

/// A structured dtype: named fields at byte offsets in a record of
/// `itemsize` bytes. Bytes not covered by a field are padding.
///
/// # Example
///
/// ```
/// use npy_format::{DType, Record, ScalarKind};
///
/// let rec = Record::packed(vec![
///     ("id".to_string(), DType::scalar(ScalarKind::UInt(4)), vec![]),
///     ("pos".to_string(), DType::scalar(ScalarKind::Float(8)), vec![3]),
/// ])?;
/// assert_eq!(rec.itemsize(), 28);
/// assert_eq!(rec.field("pos").map(|f| f.offset), Some(4));
///
/// let dt = DType::Record(rec);
/// assert_eq!(dt.itemsize(), 28);
/// # Ok::<(), npy_format::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Record {
    fields: Vec<Field>,
    itemsize: usize,
}

impl Record {
    /// Builds a record, checking that names are unique, that fields lie in
    /// order, without overlap, inside `itemsize` bytes (the layouts a `.npy`
    /// descr can express), and that no subarray field has more than
    /// 2**31 - 1 elements (NumPy's limit).
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{ByteOrder, DType, Field, Record, Scalar, ScalarKind};
    ///
    /// let f8 = DType::Scalar(Scalar::with_order(ScalarKind::Float(8), ByteOrder::Little));
    /// let field = |name: &str, offset: usize| Field {
    ///     name: name.to_string(),
    ///     title: None,
    ///     dtype: f8.clone(),
    ///     shape: vec![],
    ///     offset,
    /// };
    ///
    /// // Fields with gaps between them; the gaps are written as padding.
    /// let rec = Record::new(vec![field("a", 0), field("b", 16)], 32)?;
    /// assert_eq!(
    ///     DType::Record(rec).descr_repr(),
    ///     "[('a', '<f8'), ('', '|V8'), ('b', '<f8'), ('', '|V8')]"
    /// );
    /// // Overlapping fields, or fields beyond the item size, are refused.
    /// assert!(Record::new(vec![field("a", 0), field("b", 4)], 16).is_err());
    /// assert!(Record::new(vec![field("a", 0)], 4).is_err());
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn new(fields: Vec<Field>, itemsize: usize) -> crate::Result<Record> {
        if itemsize > i32::MAX as usize {
            return Err(crate::Error::descr(
                "record",
                format!("item size {itemsize} above 2**31 - 1 bytes"),
            ));
        }
        let mut end = 0usize;
        for (i, f) in fields.iter().enumerate() {
            // An empty name is allowed (NumPy keeps `('', '<i4')`), except
            // on a plain void field without title: written, it would read
            // back as padding, and the field would be lost.
            let void = matches!(
                f.dtype,
                DType::Scalar(Scalar {
                    kind: ScalarKind::Void(_),
                    ..
                })
            );
            if f.name.is_empty() && f.title.is_none() && void {
                return Err(crate::Error::descr(
                    "''",
                    "an unnamed void field reads back as padding",
                ));
            }
            if fields[..i].iter().any(|g| g.name == f.name) {
                return Err(crate::Error::descr(
                    format!("{:?}", f.name),
                    "duplicate field name",
                ));
            }
            if f.offset < end {
                return Err(crate::Error::descr(
                    format!("{:?}", f.name),
                    "fields overlap or are out of order",
                ));
            }
            // NumPy's limit on the element count of a subarray. The byte
            // size below does not bound it when the items take no bytes
            // (`('a', '|V0', (2**40, 2**40))`), and `Field::size` and the
            // decoders rely on it.
            let count = f
                .shape
                .iter()
                .try_fold(1usize, |acc, &d| acc.checked_mul(d));
            if count.is_none_or(|n| n > i32::MAX as usize) {
                return Err(crate::Error::descr(
                    format!("{:?}", f.name),
                    "subarray with more than 2**31 - 1 elements",
                ));
            }
            end = f
                .shape
                .iter()
                .try_fold(f.dtype.itemsize(), |acc, &d| acc.checked_mul(d))
                .and_then(|s| s.checked_add(f.offset))
                .ok_or_else(|| crate::Error::descr(format!("{:?}", f.name), "field too large"))?;
        }
        if end > itemsize {
            return Err(crate::Error::descr(
                "record",
                format!("fields need {end} bytes, more than the item size {itemsize}"),
            ));
        }
        Ok(Record { fields, itemsize })
    }

    /// Builds a packed record: each field directly after the previous one.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{DType, Record, ScalarKind};
    ///
    /// let rec = Record::packed(vec![
    ///     ("flag".to_string(), DType::scalar(ScalarKind::Bool), vec![]),
    ///     ("xy".to_string(), DType::scalar(ScalarKind::Float(4)), vec![2]),
    /// ])?;
    /// let offsets: Vec<usize> = rec.fields().iter().map(|f| f.offset).collect();
    /// assert_eq!(offsets, [0, 1]);
    /// assert_eq!(rec.itemsize(), 9);
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn packed(fields: Vec<(String, DType, Vec<usize>)>) -> crate::Result<Record> {
        let mut offset = 0usize;
        let mut out = Vec::with_capacity(fields.len());
        for (name, dtype, shape) in fields {
            let size = shape
                .iter()
                .try_fold(dtype.itemsize(), |acc, &d| acc.checked_mul(d))
                .ok_or_else(|| crate::Error::descr(format!("{name:?}"), "field too large"))?;
            out.push(Field {
                name,
                title: None,
                dtype,
                shape,
                offset,
            });
            offset = offset
                .checked_add(size)
                .ok_or_else(|| crate::Error::descr("record", "record too large"))?;
        }
        Record::new(out, offset)
    }

    /// The fields, in order.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::DType;
    ///
    /// let dt = DType::parse_descr("[('x', '<f8'), ('y', '<i4')]")?;
    /// let rec = dt.as_record().ok_or("not a record")?;
    /// let names: Vec<&str> = rec.fields().iter().map(|f| f.name.as_str()).collect();
    /// assert_eq!(names, ["x", "y"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// The field with this name (or title).
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::DType;
    ///
    /// let dt = DType::parse_descr("[(('Temperature', 't'), '<f8'), ('p', '<f4')]")?;
    /// let rec = dt.as_record().ok_or("not a record")?;
    /// assert_eq!(rec.field("p").map(|f| f.offset), Some(8));
    /// assert_eq!(rec.field("Temperature").map(|f| f.name.as_str()), Some("t"));
    /// assert!(rec.field("q").is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name).or_else(|| {
            self.fields
                .iter()
                .find(|f| f.title.as_deref() == Some(name))
        })
    }

    /// Size of one record in bytes, padding included.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::DType;
    ///
    /// // Trailing padding counts.
    /// let dt = DType::parse_descr("[('a', '<i4'), ('', '|V4')]")?;
    /// assert_eq!(dt.as_record().map(|r| r.itemsize()), Some(8));
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn itemsize(&self) -> usize {
        self.itemsize
    }
}

/// The type of one array element.
///
/// # Example
///
/// ```
/// use npy_format::DType;
///
/// let dt = DType::parse_descr("[('x', '<f8'), ('y', '<i4', (2,))]")?;
/// assert_eq!(dt.itemsize(), 16);
/// assert_eq!(dt.descr_repr(), "[('x', '<f8'), ('y', '<i4', (2,))]");
/// # Ok::<(), npy_format::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DType {
    /// A number, string, datetime, raw bytes or object.
    Scalar(Scalar),
    /// A structured record of named fields.
    Record(Record),
}

impl DType {
    /// A native-order scalar dtype.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{DType, ScalarKind, WritableElement};
    ///
    /// assert_eq!(DType::scalar(ScalarKind::Float(8)), f64::dtype());
    /// assert_eq!(DType::scalar(ScalarKind::Bytes(4)).descr_repr(), "'|S4'");
    /// ```
    pub fn scalar(kind: ScalarKind) -> DType {
        DType::Scalar(Scalar::native(kind))
    }

    /// Size of one element in bytes.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::DType;
    ///
    /// assert_eq!(DType::parse_descr("'<U3'")?.itemsize(), 12);
    /// assert_eq!(DType::parse_descr("[('a', '<f8'), ('b', '|u1')]")?.itemsize(), 9);
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn itemsize(&self) -> usize {
        match self {
            // Kinds inside a DType were checked not to overflow when built.
            DType::Scalar(s) => s.kind().itemsize().unwrap_or(usize::MAX),
            DType::Record(r) => r.itemsize,
        }
    }

    /// The scalar, if this is not a record.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{ByteOrder, DType, ScalarKind};
    ///
    /// let dt = DType::parse_descr("'>u2'")?;
    /// let s = dt.as_scalar().ok_or("not a scalar")?;
    /// assert_eq!((s.kind(), s.order()), (ScalarKind::UInt(2), ByteOrder::Big));
    /// assert!(DType::parse_descr("[('a', '<f8')]")?.as_scalar().is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match self {
            DType::Scalar(s) => Some(s),
            DType::Record(_) => None,
        }
    }

    /// The record, if this is a structured dtype.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::DType;
    ///
    /// let dt = DType::parse_descr("[('a', '<f8'), ('b', '<i2')]")?;
    /// assert_eq!(dt.as_record().map(|r| r.fields().len()), Some(2));
    /// assert!(DType::parse_descr("'<f8'")?.as_record().is_none());
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn as_record(&self) -> Option<&Record> {
        match self {
            DType::Record(r) => Some(r),
            DType::Scalar(_) => None,
        }
    }

    /// True when the dtype or any field of it holds Python objects.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::DType;
    ///
    /// assert!(DType::parse_descr("'|O'")?.has_object());
    /// assert!(DType::parse_descr("[('id', '<i8'), ('obj', '|O')]")?.has_object());
    /// assert!(!DType::parse_descr("'<f8'")?.has_object());
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn has_object(&self) -> bool {
        match self {
            DType::Scalar(s) => s.kind() == ScalarKind::Object,
            DType::Record(r) => r.fields.iter().any(|f| f.dtype.has_object()),
        }
    }

    /// The same dtype with every scalar in native byte order.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{DType, WritableElement};
    ///
    /// assert_eq!(DType::parse_descr("'>f8'")?.to_native(), f64::dtype());
    /// assert_eq!(DType::parse_descr("'<f8'")?.to_native(), f64::dtype());
    ///
    /// let rec = DType::parse_descr("[('a', '>i4'), ('b', '|S2')]")?.to_native();
    /// let a = rec.as_record().and_then(|r| r.field("a"));
    /// assert_eq!(a.map(|f| &f.dtype), Some(&i32::dtype()));
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn to_native(&self) -> DType {
        match self {
            DType::Scalar(s) => DType::Scalar(Scalar::with_order(s.kind(), NATIVE_ORDER)),
            DType::Record(r) => DType::Record(Record {
                fields: r
                    .fields
                    .iter()
                    .map(|f| Field {
                        dtype: f.dtype.to_native(),
                        ..f.clone()
                    })
                    .collect(),
                itemsize: r.itemsize,
            }),
        }
    }
}

impl fmt::Display for DType {
    /// Writes the descr as NumPy prints it in a header (the Python repr).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.descr_repr())
    }
}
