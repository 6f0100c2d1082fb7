//! Field names cleaned as NumPy's `NameValidator` cleans them.

use crate::error::{Error, Result};
use crate::format::{Piece, format_value, parse_format};
use npy_format::Value;

/// NumPy's default `deletechars`: characters removed from names (`"` is
/// always removed as well).
///
/// # Example
///
/// ```
/// assert!(delimited_text::DEFAULT_DELETECHARS.contains('.'));
/// let out = delimited_text::GenFromTxt::new().names("a.b, c-d").from_str("1 2")?;
/// assert_eq!(out.array.dtype().descr_repr(), "[('ab', '<f8'), ('cd', '<f8')]");
/// # Ok::<(), delimited_text::Error>(())
/// ```
pub const DEFAULT_DELETECHARS: &str = " !#$%&'()*+,-./:;<=>?@[\\]^{|}~";

/// Names that get a `_` appended, whatever `excludelist` adds.
const DEFAULT_EXCLUDE: [&str; 3] = ["return", "file", "print"];

/// How names are cased (NumPy's `case_sensitive`).
///
/// # Example
///
/// ```
/// use delimited_text::{Case, GenFromTxt};
///
/// let out = GenFromTxt::new().case_sensitive(Case::Lower).names("A, a").from_str("1 2")?;
/// assert_eq!(out.array.dtype().descr_repr(), "[('a', '<f8'), ('a_1', '<f8')]");
/// # Ok::<(), delimited_text::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Case {
    /// Names keep their case (`case_sensitive=True`, the default).
    #[default]
    Keep,
    /// Names are upper-cased (`case_sensitive=False` or `'upper'`).
    Upper,
    /// Names are lower-cased (`case_sensitive='lower'`).
    Lower,
}

/// The name-cleaning options.
#[derive(Debug, Clone)]
pub(crate) struct NameRules {
    pub case: Case,
    pub replace_space: String,
    pub deletechars: String,
    pub excludelist: Vec<String>,
    pub defaultfmt: String,
}

impl Default for NameRules {
    fn default() -> Self {
        NameRules {
            case: Case::Keep,
            replace_space: "_".into(),
            deletechars: DEFAULT_DELETECHARS.into(),
            excludelist: Vec::new(),
            defaultfmt: "f%i".into(),
        }
    }
}

/// `fmt % i` with Python's `%` rules (`f%i`, `var%02d`).
pub(crate) fn default_name(fmt: &str, i: usize) -> Result<String> {
    let pieces = parse_format(fmt)?;
    let mut out = String::new();
    let mut specs = 0;
    for p in &pieces {
        match p {
            Piece::Literal(s) => out.push_str(s),
            Piece::Spec(s) => {
                specs += 1;
                format_value(s, &Value::Int(i as i64), &mut out)?;
            }
        }
    }
    if specs != 1 {
        return Err(Error::option(format!(
            "defaultfmt {fmt:?} must hold exactly one % conversion"
        )));
    }
    Ok(out)
}

impl NameRules {
    /// Cleans `names` as `NameValidator.validate` does: case, strip,
    /// spaces replaced, `deletechars` (and `"`) removed, empty names
    /// `defaultfmt % k` (`k` counting empty names, skipping names already
    /// given), excluded names suffixed `_`, repeats suffixed `_1`, `_2`…
    /// `nbfields` pads with empty names or truncates. Empty names use
    /// `f%i` unless `use_defaultfmt` (NumPy applies the user's format only
    /// when it builds a dtype's names).
    pub fn clean(
        &self,
        names: &[String],
        nbfields: Option<usize>,
        use_defaultfmt: bool,
    ) -> Result<Vec<String>> {
        let mut names: Vec<String> = names.to_vec();
        if let Some(n) = nbfields {
            names.resize(n, String::new());
        }
        let fmt = if use_defaultfmt {
            self.defaultfmt.as_str()
        } else {
            "f%i"
        };
        let mut out = Vec::with_capacity(names.len());
        let mut seen: Vec<(String, usize)> = Vec::new();
        let mut nbempty = 0usize;
        for item in &names {
            let cased = match self.case {
                Case::Keep => item.clone(),
                Case::Upper => item.to_uppercase(),
                Case::Lower => item.to_lowercase(),
            };
            let mut item = crate::engine::pyparse::py_strip(&cased).to_string();
            if !self.replace_space.is_empty() {
                item = item.replace(' ', &self.replace_space);
            }
            item.retain(|c| c != '"' && !self.deletechars.contains(c));
            if item.is_empty() {
                item = default_name(fmt, nbempty)?;
                // Bounded: a format that repeats itself gives up.
                let mut tries = 0;
                while names.contains(&item) && tries <= names.len() {
                    tries += 1;
                    nbempty += 1;
                    item = default_name(fmt, nbempty)?;
                }
                nbempty += 1;
            } else if DEFAULT_EXCLUDE.contains(&item.as_str()) || self.excludelist.contains(&item) {
                item.push('_');
            }
            match seen.iter_mut().find(|(n, _)| *n == item) {
                Some((_, cnt)) => {
                    out.push(format!("{item}_{cnt}"));
                    *cnt += 1;
                }
                None => {
                    out.push(item.clone());
                    seen.push((item, 1));
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(rules: &NameRules, names: &[&str]) -> Vec<String> {
        let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        rules.clean(&names, None, false).unwrap()
    }

    #[test]
    fn numpy_cleaning() {
        let r = NameRules::default();
        assert_eq!(
            clean(&r, &["a", "b", "a", "return", "A", "b", " c d ", "e.f", ""]),
            ["a", "b", "a_1", "return_", "A", "b_1", "c_d", "ef", "f0"]
        );
        let lower = NameRules {
            case: Case::Lower,
            ..NameRules::default()
        };
        assert_eq!(clean(&lower, &["a", "A", "a"]), ["a", "a_1", "a_2"]);
        assert_eq!(clean(&r, &["f0", "", ""]), ["f0", "f1", "f2"]);
        assert_eq!(default_name("var%02d", 3).unwrap(), "var03");
        assert!(default_name("x", 3).is_err());
    }
}
