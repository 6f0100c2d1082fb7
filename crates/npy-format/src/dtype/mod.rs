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
    pub fn as_char(self) -> char {
        match self {
            ByteOrder::Little => '<',
            ByteOrder::Big => '>',
            ByteOrder::NotApplicable => '|',
        }
    }

    /// True when values in this order must be byte-swapped on this machine.
    pub fn needs_swap(self) -> bool {
        match self {
            ByteOrder::NotApplicable => false,
            order => order != NATIVE_ORDER,
        }
    }
}

/// Unit of a datetime64 or timedelta64 value.
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
pub const NAT: i64 = i64::MIN;

/// What kind of scalar an element is, with its size where the kind has
/// several.
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Scalar {
    /// What the element is.
    pub kind: ScalarKind,
    /// How its bytes are ordered ([`ByteOrder::NotApplicable`] exactly when
    /// the kind has no byte order).
    pub order: ByteOrder,
}

impl Scalar {
    /// A scalar of this kind in the machine's native byte order.
    pub fn native(kind: ScalarKind) -> Scalar {
        Scalar::with_order(kind, NATIVE_ORDER)
    }

    /// A scalar of this kind in the given byte order (ignored for kinds
    /// without one).
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
}

/// One field of a structured dtype.
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
    pub fn size(&self) -> usize {
        // Sizes are checked when the dtype is built.
        self.shape.iter().product::<usize>() * self.dtype.itemsize()
    }
}

/// A structured dtype: named fields at byte offsets in a record of
/// `itemsize` bytes. Bytes not covered by a field are padding.
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
    pub fn new(fields: Vec<Field>, itemsize: usize) -> crate::Result<Record> {
        let mut end = 0usize;
        for (i, f) in fields.iter().enumerate() {
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
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// The field with this name (or title).
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name).or_else(|| {
            self.fields
                .iter()
                .find(|f| f.title.as_deref() == Some(name))
        })
    }

    /// Size of one record in bytes, padding included.
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
/// assert_eq!(dt.descr(), "[('x', '<f8'), ('y', '<i4', (2,))]");
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
    pub fn scalar(kind: ScalarKind) -> DType {
        DType::Scalar(Scalar::native(kind))
    }

    /// Size of one element in bytes.
    pub fn itemsize(&self) -> usize {
        match self {
            // Kinds inside a DType were checked not to overflow when built.
            DType::Scalar(s) => s.kind.itemsize().unwrap_or(usize::MAX),
            DType::Record(r) => r.itemsize,
        }
    }

    /// The scalar, if this is not a record.
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match self {
            DType::Scalar(s) => Some(s),
            DType::Record(_) => None,
        }
    }

    /// The record, if this is a structured dtype.
    pub fn as_record(&self) -> Option<&Record> {
        match self {
            DType::Record(r) => Some(r),
            DType::Scalar(_) => None,
        }
    }

    /// True when the dtype or any field of it holds Python objects.
    pub fn has_object(&self) -> bool {
        match self {
            DType::Scalar(s) => s.kind == ScalarKind::Object,
            DType::Record(r) => r.fields.iter().any(|f| f.dtype.has_object()),
        }
    }

    /// The same dtype with every scalar in native byte order.
    pub fn to_native(&self) -> DType {
        match self {
            DType::Scalar(s) => DType::Scalar(Scalar::with_order(s.kind, NATIVE_ORDER)),
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
        f.write_str(&self.descr())
    }
}
