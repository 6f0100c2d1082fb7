//! `dtype=None`: the type of each column, as NumPy's `StringConverter`
//! upgrades it: bool → int64 → float64 → complex128 → str, the whole
//! column re-checked after each upgrade. A value passes a type when it
//! parses as it, or (after failing) its stripped text is a missing value.
//!
//! The re-check does not need the column held: a column ends at the
//! first type every value passes, and every value that passes int passes
//! float and complex (and str takes anything), so one pass keeps "all
//! values pass bool" and the lowest numeric type all values pass so far.

use crate::engine::pyparse::{parse_bool, parse_complex, parse_float, parse_int};
use npy_format::TimeUnit;

/// One value as its column's type (see [`ColumnInfer::push_value`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Value {
    Missing,
    Bool(bool),
    Int(i64),
    Float(f64),
    Other,
}

/// An inferred column type, in upgrade order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Kind {
    Bool,
    Int,
    Float,
    Complex,
    /// NumPy's `np.longdouble` of the text (the C library's strtold),
    /// tried after Python's `complex`: hexadecimal floats land here.
    LongDouble,
    Str,
}

impl Kind {
    fn next(self) -> Kind {
        match self {
            Kind::Bool => Kind::Int,
            Kind::Int => Kind::Float,
            Kind::Float => Kind::Complex,
            Kind::Complex => Kind::LongDouble,
            Kind::LongDouble | Kind::Str => Kind::Str,
        }
    }
}

/// One column's inference so far.
#[derive(Debug, Clone)]
pub(crate) struct ColumnInfer {
    /// Every value so far passes bool.
    all_bool: bool,
    /// The lowest numeric type (or str) every value so far passes.
    numeric: Kind,
    /// A value failed bool and passed only as missing (NumPy then leaves
    /// a bool column out of the "one common type" decision).
    bool_missing: bool,
    /// Longest value in characters.
    pub width: usize,
    /// `True` / `False` seen (their width counts when the column is cast
    /// to a common string type).
    pub seen: [bool; 2],
    /// The finest unit a date of the column is written in (for `M8`
    /// without a unit).
    pub unit: Option<TimeUnit>,
}

impl Default for ColumnInfer {
    fn default() -> Self {
        ColumnInfer {
            all_bool: true,
            numeric: Kind::Int,
            bool_missing: false,
            width: 0,
            seen: [false; 2],
            unit: None,
        }
    }
}

impl ColumnInfer {
    /// Takes one value (`raw` is the field before any converter, which
    /// the missing values are matched against).
    pub fn push(&mut self, text: &str, raw: &str, missing: &[String]) {
        self.push_value(text, raw, missing);
    }

    /// Takes one value, as [`push`](Self::push), and gives it as the
    /// column's type after it reads it: a bool, an int64 or a float64
    /// when that is the type and the text parses as it, `Missing` when it
    /// does not (it is then a missing value), `Other` for complex and str.
    pub fn push_value(&mut self, text: &str, raw: &str, missing: &[String]) -> Value {
        let mut known: Option<bool> = None;
        let mut is_missing =
            || *known.get_or_insert_with(|| super::convert::is_missing(raw, missing));
        let w = if text.is_ascii() {
            text.len()
        } else {
            text.chars().count()
        };
        self.width = self.width.max(w);
        let mut as_bool = None;
        if self.all_bool {
            match parse_bool(text) {
                Some(b) => {
                    self.seen[usize::from(b)] = true;
                    as_bool = Some(b);
                }
                None if is_missing() => self.bool_missing = true,
                None => self.all_bool = false,
            }
        }
        let numeric = loop {
            let parsed = match self.numeric {
                Kind::Str => break Value::Other,
                Kind::Bool | Kind::Int => match parse_int(text) {
                    Some(Ok(v)) => i64::try_from(v).ok().map(Value::Int),
                    _ => None,
                },
                Kind::Float => parse_float(text).map(Value::Float),
                Kind::Complex => parse_complex(text).map(|_| Value::Other),
                Kind::LongDouble => {
                    crate::engine::longdouble::parse_x87(text).map(|_| Value::Other)
                }
            };
            if let Some(v) = parsed {
                break v;
            }
            if is_missing() {
                break Value::Missing;
            }
            self.numeric = self.numeric.next();
        };
        match (self.all_bool, as_bool) {
            (true, Some(b)) => Value::Bool(b),
            (true, None) => Value::Missing,
            (false, _) => numeric,
        }
    }

    /// The column's type when a plain value of it (a `true`/`false` of a
    /// bool column that has settled as nothing else, an int64, a float
    /// of the standard grammar, any string) changes nothing but the
    /// width; `None` when every value must go through
    /// [`push_value`](Self::push_value).
    pub fn quick(&self) -> Option<Kind> {
        match self.kind() {
            Kind::Bool if self.numeric == Kind::Str => Some(Kind::Bool),
            Kind::Bool | Kind::Complex | Kind::LongDouble => None,
            k => Some(k),
        }
    }

    /// Takes a plain value of the [`quick`](Self::quick) type `width`
    /// characters wide (for bools, which one it was).
    pub fn take_quick(&mut self, width: usize, bool_value: Option<bool>) {
        self.width = self.width.max(width);
        if let Some(b) = bool_value {
            self.seen[usize::from(b)] = true;
        }
    }

    /// Takes a date's unit: the column keeps the finer.
    pub fn take_unit(&mut self, unit: Option<TimeUnit>) {
        self.unit = match (self.unit, unit) {
            (Some(a), Some(b)) => Some(crate::engine::datetime::finer(a, b)),
            (a, b) => a.or(b),
        };
    }

    /// Merges the inference of a later piece of the same column.
    pub fn merge(&mut self, other: &ColumnInfer) {
        self.all_bool &= other.all_bool;
        self.bool_missing |= other.bool_missing;
        self.numeric = self.numeric.max(other.numeric);
        self.width = self.width.max(other.width);
        self.seen[0] |= other.seen[0];
        self.seen[1] |= other.seen[1];
        self.take_unit(other.unit);
    }

    /// The column's type.
    pub fn kind(&self) -> Kind {
        if self.all_bool {
            Kind::Bool
        } else {
            self.numeric
        }
    }

    /// Whether NumPy counts this column in the common-type decision.
    pub fn checked(&self) -> bool {
        !(self.all_bool && self.bool_missing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn infer(values: &[&str], missing: &[&str]) -> (Kind, bool) {
        let missing: Vec<String> = missing.iter().map(|s| s.to_string()).collect();
        let mut c = ColumnInfer::default();
        for v in values {
            c.push(v, v, &missing);
        }
        (c.kind(), c.checked())
    }

    #[test]
    fn upgrades() {
        assert_eq!(infer(&["True", "false"], &[""]), (Kind::Bool, true));
        assert_eq!(infer(&["True", ""], &[""]), (Kind::Bool, false));
        assert_eq!(infer(&["True", "5"], &[""]), (Kind::Str, true));
        assert_eq!(infer(&["1", "", "N/A"], &["", "N/A"]), (Kind::Int, true));
        assert_eq!(infer(&["1", "1.5", "x"], &["", "x"]), (Kind::Float, true));
        assert_eq!(
            infer(&["1", "99999999999999999999"], &[""]),
            (Kind::Float, true)
        );
        assert_eq!(infer(&["1", "j"], &[""]), (Kind::Complex, true));
        assert_eq!(infer(&[], &[""]), (Kind::Bool, true));
    }
}
