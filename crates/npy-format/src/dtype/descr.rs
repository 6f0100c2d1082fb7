//! Conversion between [`DType`] and NumPy's `descr` text.

use super::{ByteOrder, DType, Field, Record, Scalar, ScalarKind, TimeUnit};
use crate::pylit::{LitOptions, PyValue, parse_literal};
use crate::repr::{push_python_str_repr, push_shape_repr};
use crate::{Error, Result};
use std::fmt::Write;

/// The byte order of the machine npio runs on.
///
/// # Example
///
/// ```
/// use npy_format::{ByteOrder, DType, Scalar, ScalarKind, WritableElement, NATIVE_ORDER};
///
/// let expected = if cfg!(target_endian = "little") { ByteOrder::Little } else { ByteOrder::Big };
/// assert_eq!(NATIVE_ORDER, expected);
/// // npio writes typed arrays in this order.
/// let native_f8 = Scalar::with_order(ScalarKind::Float(8), NATIVE_ORDER);
/// assert_eq!(f64::dtype(), DType::Scalar(native_f8));
/// ```
pub const NATIVE_ORDER: ByteOrder = if cfg!(target_endian = "little") {
    ByteOrder::Little
} else {
    ByteOrder::Big
};

/// NumPy's largest item size (a C `int`).
const MAX_ITEMSIZE: usize = i32::MAX as usize;

/// Default bound on how deeply records may nest.
pub(crate) const DEFAULT_MAX_DEPTH: usize = 32;

impl DType {
    /// The descr exactly as `np.save` writes it in a header: the Python repr
    /// of `numpy.lib.format.dtype_to_descr(dtype)`, padding fields included,
    /// and the text [`DType::parse_descr`] reads. (Not NumPy's
    /// `dtype.descr`, a list of tuples, nor `dtype.str`, which is
    /// [`DType::type_str`].)
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::DType;
    ///
    /// assert_eq!(DType::parse_descr("[('x', '<f8'), ('y', '<i4')]")?.descr_repr(), "[('x', '<f8'), ('y', '<i4')]");
    /// // One-byte types have no byte order: NumPy writes them with `|`.
    /// assert_eq!(DType::parse_descr("'<u1'")?.descr_repr(), "'|u1'");
    /// // Padding between and after fields is written as unnamed void fields.
    /// let padded = "[('', '|V4'), ('a', '<i4'), ('', '|V8')]";
    /// let dt = DType::parse_descr(padded)?;
    /// assert_eq!(dt.as_record().map(|r| r.fields().len()), Some(1));
    /// assert_eq!(dt.descr_repr(), padded);
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn descr_repr(&self) -> String {
        let mut out = String::new();
        push_descr(&mut out, self);
        out
    }

    /// The descr as a header writes it; renamed [`DType::descr_repr`],
    /// since NumPy's `dtype.descr` is something else.
    #[deprecated(
        since = "0.2.0",
        note = "renamed `descr_repr` (NumPy's `dtype.descr` is a list of tuples)"
    )]
    pub fn descr(&self) -> String {
        self.descr_repr()
    }

    /// The type string of a scalar dtype (`<f8`, `|S5`, `<M8[ns]`), as
    /// NumPy's `dtype.str`; `None` for records.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::DType;
    ///
    /// assert_eq!(DType::parse_descr("'>M8[ns]'")?.type_str().as_deref(), Some(">M8[ns]"));
    /// assert_eq!(DType::parse_descr("'|S5'")?.type_str().as_deref(), Some("|S5"));
    /// assert_eq!(DType::parse_descr("[('x', '<f8')]")?.type_str(), None);
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn type_str(&self) -> Option<String> {
        self.as_scalar().map(type_str)
    }

    /// Parses descr text as it appears in a header: a quoted type string
    /// (`'<f8'`) or a list of fields (`[('x', '<f8'), ('y', '<i4', (2,))]`).
    /// A bare type string without quotes (`<f8`) is accepted too.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{ByteOrder, DType, ScalarKind};
    ///
    /// let dt = DType::parse_descr("'>i4'")?;
    /// let s = dt.as_scalar().map(|s| (s.kind(), s.order()));
    /// assert_eq!(s, Some((ScalarKind::Int(4), ByteOrder::Big)));
    /// // Without quotes, as in `dtype.str`.
    /// assert_eq!(DType::parse_descr(">i4")?, dt);
    ///
    /// let rec = DType::parse_descr("[('x', '<f8'), ('y', '<i4', (2,))]")?;
    /// assert_eq!(rec.as_record().map(|r| r.fields().len()), Some(2));
    /// assert!(DType::parse_descr("'<f3'").is_err());
    /// # Ok::<(), npy_format::Error>(())
    /// ```
    pub fn parse_descr(text: &str) -> Result<DType> {
        let trimmed = text.trim();
        if !trimmed.starts_with(['\'', '"', '[', '(']) {
            return parse_type_str(trimmed).map(DType::Scalar);
        }
        let v = parse_literal(
            trimmed,
            LitOptions {
                max_depth: 2 * DEFAULT_MAX_DEPTH + 4,
                allow_long_suffix: true,
            },
        )?;
        dtype_from_py(&v, 0, DEFAULT_MAX_DEPTH)
    }
}

/// NumPy's `dtype.str` for a scalar.
pub(crate) fn type_str(s: &Scalar) -> String {
    let mut out = String::new();
    out.push(s.order().as_char());
    let _ = match s.kind() {
        ScalarKind::Bool => write!(out, "b1"),
        ScalarKind::Int(n) => write!(out, "i{n}"),
        ScalarKind::UInt(n) => write!(out, "u{n}"),
        ScalarKind::Float(n) => write!(out, "f{n}"),
        ScalarKind::Complex(n) => write!(out, "c{n}"),
        ScalarKind::Bytes(n) => write!(out, "S{n}"),
        ScalarKind::Unicode(n) => write!(out, "U{n}"),
        ScalarKind::Void(n) => write!(out, "V{n}"),
        ScalarKind::Object => write!(out, "O"),
        ScalarKind::DateTime(unit, mult) => write_time(&mut out, 'M', unit, mult),
        ScalarKind::TimeDelta(unit, mult) => write_time(&mut out, 'm', unit, mult),
    };
    out
}

fn write_time(out: &mut String, c: char, unit: TimeUnit, mult: u32) -> std::fmt::Result {
    match (unit, mult) {
        (TimeUnit::Generic, _) => write!(out, "{c}8"),
        (unit, 1) => write!(out, "{c}8[{}]", unit.code()),
        (unit, m) => write!(out, "{c}8[{m}{}]", unit.code()),
    }
}

fn push_descr(out: &mut String, dt: &DType) {
    match dt {
        DType::Scalar(s) => push_python_str_repr(out, &type_str(s)),
        DType::Record(r) => {
            out.push('[');
            let mut offset = 0;
            let mut first = true;
            let mut sep = |out: &mut String| {
                if !std::mem::replace(&mut first, false) {
                    out.push_str(", ");
                }
            };
            for f in r.fields() {
                if f.offset > offset {
                    sep(out);
                    let _ = write!(out, "('', '|V{}')", f.offset - offset);
                }
                sep(out);
                out.push('(');
                match &f.title {
                    Some(title) => {
                        out.push('(');
                        push_python_str_repr(out, title);
                        out.push_str(", ");
                        push_python_str_repr(out, &f.name);
                        out.push(')');
                    }
                    None => push_python_str_repr(out, &f.name),
                }
                out.push_str(", ");
                push_descr(out, &f.dtype);
                if !f.shape.is_empty() {
                    out.push_str(", ");
                    push_shape_repr(out, &f.shape);
                }
                out.push(')');
                offset = f.offset + f.size();
            }
            if r.itemsize() > offset {
                sep(out);
                let _ = write!(out, "('', '|V{}')", r.itemsize() - offset);
            }
            out.push(']');
        }
    }
}

/// Parses a type string such as `<f8`, `|S5`, `>M8[3D]`, `i4` or `float64`.
pub(crate) fn parse_type_str(s: &str) -> Result<Scalar> {
    let bad = |reason: &str| Error::descr(format!("'{s}'"), reason);
    let (order, body) = match s.chars().next() {
        Some('<') => (ByteOrder::Little, &s[1..]),
        Some('>') => (ByteOrder::Big, &s[1..]),
        Some('|') => (ByteOrder::NotApplicable, &s[1..]),
        Some('=') => (super::NATIVE_ORDER, &s[1..]),
        _ => (super::NATIVE_ORDER, s),
    };
    if let Some(kind) = named_type(body) {
        return Ok(Scalar::with_order(kind, order));
    }
    let mut chars = body.chars();
    let code = chars.next().ok_or_else(|| bad("empty type string"))?;
    let rest = chars.as_str();
    let kind = match code {
        'M' | 'm' => {
            let (unit, mult) = parse_time_unit(rest).ok_or_else(|| bad("bad datetime unit"))?;
            if code == 'M' {
                ScalarKind::DateTime(unit, mult)
            } else {
                ScalarKind::TimeDelta(unit, mult)
            }
        }
        'O' if rest.is_empty() || rest == "8" => ScalarKind::Object,
        '?' if rest.is_empty() => ScalarKind::Bool,
        _ => {
            let size: usize = match rest.parse() {
                Ok(n) if rest.bytes().all(|b| b.is_ascii_digit()) => n,
                _ => return Err(bad("expected a type code followed by a size")),
            };
            let kind = match (code, size) {
                ('b' | '?', 1) => ScalarKind::Bool,
                ('i', 1 | 2 | 4 | 8) => ScalarKind::Int(size),
                ('u', 1 | 2 | 4 | 8) => ScalarKind::UInt(size),
                ('f', 2 | 4 | 8 | 12 | 16) => ScalarKind::Float(size),
                ('c', 8 | 16 | 24 | 32) => ScalarKind::Complex(size),
                ('S' | 'a', n) => ScalarKind::Bytes(n),
                ('U', n) => ScalarKind::Unicode(n),
                ('V', n) => ScalarKind::Void(n),
                ('b' | 'i' | 'u' | 'f' | 'c', _) => {
                    return Err(bad("no such size for this type code"));
                }
                _ => return Err(bad("unknown type code")),
            };
            match kind.itemsize() {
                Some(n) if n <= MAX_ITEMSIZE => kind,
                _ => return Err(bad("item size exceeds NumPy's limit of 2**31 - 1 bytes")),
            }
        }
    };
    Ok(Scalar::with_order(kind, order))
}

/// NumPy's type names, accepted on read as NumPy accepts them.
fn named_type(name: &str) -> Option<ScalarKind> {
    Some(match name {
        "bool" => ScalarKind::Bool,
        "int8" => ScalarKind::Int(1),
        "int16" => ScalarKind::Int(2),
        "int32" => ScalarKind::Int(4),
        "int64" => ScalarKind::Int(8),
        "uint8" => ScalarKind::UInt(1),
        "uint16" => ScalarKind::UInt(2),
        "uint32" => ScalarKind::UInt(4),
        "uint64" => ScalarKind::UInt(8),
        "float16" => ScalarKind::Float(2),
        "float32" => ScalarKind::Float(4),
        "float64" => ScalarKind::Float(8),
        "complex64" => ScalarKind::Complex(8),
        "complex128" => ScalarKind::Complex(16),
        "object" => ScalarKind::Object,
        _ => return None,
    })
}

/// Parses what follows `M8`/`m8`: nothing (generic), or `[unit]` with an
/// optional positive multiplier.
fn parse_time_unit(rest: &str) -> Option<(TimeUnit, u32)> {
    let rest = rest.strip_prefix('8').unwrap_or(rest);
    if rest.is_empty() {
        return Some((TimeUnit::Generic, 1));
    }
    let inner = rest.strip_prefix('[')?.strip_suffix(']')?;
    let digits = inner.len() - inner.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let mult = if digits == 0 {
        1
    } else {
        inner[..digits].parse::<u32>().ok().filter(|&m| m > 0)?
    };
    let unit = &inner[digits..];
    if unit == "generic" && digits == 0 {
        return Some((TimeUnit::Generic, 1));
    }
    TimeUnit::from_code(unit).map(|u| (u, mult))
}

/// Interprets a parsed descr value.
pub(crate) fn dtype_from_py(v: &PyValue, depth: usize, max_depth: usize) -> Result<DType> {
    match v {
        PyValue::Str(s) => parse_type_str(s).map(DType::Scalar),
        PyValue::List(items) => record_from_py(items, depth, max_depth).map(DType::Record),
        PyValue::Tuple(_) => Err(Error::descr(
            "tuple",
            "a subarray dtype is only allowed as a field of a record",
        )),
        other => Err(Error::descr(
            other.type_name(),
            "expected a type string or a list of fields",
        )),
    }
}

// Long on purpose: NumPy's checks of a record descr, in NumPy's order (field
// forms, names, titles, shapes, offsets): one reading of the list, kept in one
// place so the order is visible.
fn record_from_py(items: &[PyValue], depth: usize, max_depth: usize) -> Result<Record> {
    if depth >= max_depth {
        return Err(Error::descr(
            "record",
            format!("records nested deeper than {max_depth} levels"),
        ));
    }
    let mut fields: Vec<Field> = Vec::with_capacity(items.len());
    let mut offset = 0usize;
    for item in items {
        let PyValue::Tuple(parts) = item else {
            return Err(Error::descr(item.type_name(), "a field must be a tuple"));
        };
        let (name_v, descr_v, shape_v) = match parts.as_slice() {
            [n, d] => (n, d, None),
            [n, d, s] => (n, d, Some(s)),
            _ => {
                return Err(Error::descr(
                    format!("tuple of {}", parts.len()),
                    "a field is (name, descr) or (name, descr, shape)",
                ));
            }
        };
        let (title, name) = match name_v {
            PyValue::Str(n) => (None, n.clone()),
            PyValue::Tuple(tn) => match tn.as_slice() {
                [PyValue::Str(t), PyValue::Str(n)] => (Some(t.clone()), n.clone()),
                _ => {
                    return Err(Error::descr(
                        "field name",
                        "a titled name is (title, name), both strings",
                    ));
                }
            },
            other => {
                return Err(Error::descr(
                    other.type_name(),
                    "field name must be a string",
                ));
            }
        };
        let mut shape = field_shape(shape_v, &name)?;
        let dtype = field_dtype(descr_v, depth + 1, max_depth, &name, &mut shape)?;
        let size = shape
            .iter()
            .try_fold(dtype.itemsize(), |acc, &d| acc.checked_mul(d))
            .filter(|&s| s <= MAX_ITEMSIZE)
            .ok_or_else(|| Error::descr(format!("{name:?}"), "field too large"))?;
        // An unnamed plain void field is padding: it only moves the offset.
        let is_padding = name.is_empty()
            && title.is_none()
            && matches!(
                dtype,
                DType::Scalar(Scalar {
                    kind: ScalarKind::Void(_),
                    ..
                })
            );
        // A named field may still have an empty name: NumPy keeps it.
        if !is_padding {
            fields.push(Field {
                name,
                title,
                dtype,
                shape,
                offset,
            });
        }
        offset = offset
            .checked_add(size)
            .filter(|&o| o <= MAX_ITEMSIZE)
            .ok_or_else(|| Error::descr("record", "record too large"))?;
    }
    Record::new(fields, offset)
}

/// A field's subarray shape, `()` when it has none.
fn field_shape(shape_v: Option<&PyValue>, name: &str) -> Result<Vec<usize>> {
    match shape_v {
        None => Ok(Vec::new()),
        Some(PyValue::Int(n)) => Ok(vec![to_dim(*n, name)?]),
        Some(PyValue::Tuple(dims)) => dims
            .iter()
            .map(|d| match d {
                PyValue::Int(n) => to_dim(*n, name),
                other => Err(Error::descr(
                    other.type_name(),
                    format!("subarray shape of field {name:?} must hold integers"),
                )),
            })
            .collect(),
        Some(other) => Err(Error::descr(
            other.type_name(),
            format!("subarray shape of field {name:?} must be a tuple"),
        )),
    }
}

/// A field's element dtype. A subarray type in the dtype's place
/// (`('c', ('<f8', (5,)), (2,))`, which NumPy writes for a field whose
/// type is itself a subarray) is unfolded into the field's shape: the
/// same bytes, as NumPy lays them out, with shape `(2, 5)`.
fn field_dtype(
    descr_v: &PyValue,
    depth: usize,
    max_depth: usize,
    name: &str,
    shape: &mut Vec<usize>,
) -> Result<DType> {
    let PyValue::Tuple(parts) = descr_v else {
        return dtype_from_py(descr_v, depth, max_depth);
    };
    if depth >= max_depth {
        return Err(Error::descr(
            "subarray",
            format!("subarray types nested deeper than {max_depth} levels"),
        ));
    }
    let [inner, inner_shape] = parts.as_slice() else {
        return Err(Error::descr(
            format!("tuple of {}", parts.len()),
            "a subarray type is (descr, shape)",
        ));
    };
    shape.extend(field_shape(Some(inner_shape), name)?);
    field_dtype(inner, depth + 1, max_depth, name, shape)
}

fn to_dim(n: i128, name: &str) -> Result<usize> {
    usize::try_from(n).map_err(|_| {
        Error::descr(
            n.to_string(),
            format!("subarray dimension of field {name:?} must be non-negative"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(descr: &str) {
        let dt = DType::parse_descr(descr).unwrap();
        assert_eq!(dt.descr_repr(), descr, "{dt:?}");
    }

    #[test]
    fn simple_types_print_as_numpy() {
        for d in [
            "'|b1'",
            "'|i1'",
            "'|u1'",
            "'<i2'",
            "'>i4'",
            "'<i8'",
            "'<u2'",
            "'>u4'",
            "'<u8'",
            "'<f2'",
            "'<f4'",
            "'>f8'",
            "'<c8'",
            "'>c16'",
            "'|S5'",
            "'<U3'",
            "'>U3'",
            "'|V4'",
            "'<M8[ns]'",
            "'>m8[s]'",
            "'<M8'",
            "'<M8[3D]'",
            "'<m8[25us]'",
            "'|O'",
            "'<f16'",
            "'<c32'",
        ] {
            roundtrip(d);
        }
    }

    #[test]
    fn records_print_as_numpy() {
        roundtrip("[('x', '<f8'), ('y', '<i4')]");
        roundtrip("[('a', [('b', '<i2'), ('c', '<f4')]), ('d', '|u1')]");
        roundtrip("[('m', '<f4', (2, 3)), ('n', '<i8')]");
        roundtrip("[('', '|V4'), ('a', '<i4'), ('', '|V8'), ('b', '<f8'), ('', '|V8')]");
        roundtrip("[(('My title', 't'), '<f8'), ('u', '<i2')]");
        roundtrip("[(\"it's\", '<f8'), ('say \"x\"', '<i2')]");
        roundtrip("[('température', '<f8'), ('数据', '<i2')]");
        // A field with an empty name that is not padding, as NumPy writes
        // `{'names': ['a', '', 'b'], 'formats': ['i4'] * 3}`.
        roundtrip("[('a', '<i4'), ('', '<i4'), ('b', '<i4')]");
    }

    #[test]
    fn subarray_types_of_fields_unfold_into_the_shape() {
        // np.dtype([('c', ('<f8', (5,)), (2,))]) is written so by np.save.
        let dt = DType::parse_descr("[('c', ('<f8', (5,)), (2,))]").unwrap();
        let f = &dt.as_record().unwrap().fields()[0];
        assert_eq!(f.shape, [2, 5]);
        assert_eq!(dt.itemsize(), 80);
        assert_eq!(dt, DType::parse_descr("[('c', '<f8', (2, 5))]").unwrap());
        // Nested deeper, and with no outer shape.
        let deep = DType::parse_descr("[('d', (('<i2', (3,)), (2,)))]").unwrap();
        assert_eq!(deep.as_record().unwrap().fields()[0].shape, [2, 3]);
        assert!(DType::parse_descr("[('e', ('<f8',))]").is_err());
        assert!(DType::parse_descr("[('e', ('<f8', (-1,)))]").is_err());
        // A subarray type alone is still no array dtype.
        assert!(DType::parse_descr("('<f8', (2,))").is_err());
    }

    #[test]
    fn normalises_like_numpy() {
        assert_eq!(DType::parse_descr("'<i1'").unwrap().descr_repr(), "'|i1'");
        assert_eq!(DType::parse_descr("'>S3'").unwrap().descr_repr(), "'|S3'");
        assert_eq!(DType::parse_descr("'=f8'").unwrap().descr_repr(), "'<f8'");
        assert_eq!(DType::parse_descr("'f8'").unwrap().descr_repr(), "'<f8'");
        assert_eq!(
            DType::parse_descr("'float32'").unwrap().descr_repr(),
            "'<f4'"
        );
        assert_eq!(DType::parse_descr("<u2").unwrap().descr_repr(), "'<u2'");
    }

    #[test]
    fn rejects_nonsense() {
        for d in [
            "'<f3'",
            "'<i16'",
            "'xyz'",
            "''",
            "'<M8[3X]'",
            "'<M8[0D]'",
            "'<S99999999999'",
            "[('a', '<f8'), ('a', '<i4')]",
            "[('a',)]",
            "('<f8', (2,))",
            "3",
            // Two fields named '' (NumPy: "name already used").
            "[('', '<i4'), ('', '<f8')]",
            "[('a', '<f8', (-1,))]",
        ] {
            assert!(DType::parse_descr(d).is_err(), "{d} should fail");
        }
        let deep = "[('a', ".repeat(40) + "'<f8'" + &")]".repeat(40);
        assert!(DType::parse_descr(&deep).is_err());
    }
}
