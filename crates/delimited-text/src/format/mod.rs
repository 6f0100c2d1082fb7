//! Python's `%` string formatting, as `np.savetxt` applies it to the values
//! of an array.
//!
//! `np.savetxt` builds one format string for a row and applies Python's `%`
//! operator to the tuple of the row's NumPy scalars. This module reproduces
//! that operator: the format grammar ([`parse_format`]) and the conversion of
//! one value by one specification ([`format_value`]), with Python's rules
//! rather than C's where they differ (`%#o` is `0o17`, negative hex is
//! `-ff`, the `0` flag pads `nan` and `inf` with zeros, `%s` of a float is
//! NumPy's shortest repr, `%d` of a float truncates it).
//!
//! Floats are correctly rounded (ties to even on exact halves), as
//! Python's and C's `printf` are: a 128-bit exact path covers the common
//! magnitudes and the standard library's exact formatting covers the rest.

mod args;
mod float;
mod spec;

pub use args::format_value;
pub(crate) use args::{Arg, FloatWidth, format_arg};
pub use spec::{Conv, Flags, Piece, Spec, parse_format};

#[cfg(test)]
mod tests {
    use super::*;
    use npy_format::Value;

    fn fmt(f: &str, v: Value) -> String {
        let Piece::Spec(spec) = parse_format(f).unwrap().remove(0) else {
            panic!("not a spec")
        };
        let mut out = String::new();
        format_value(&spec, &v, &mut out).unwrap();
        out
    }

    #[test]
    fn python_forms() {
        assert_eq!(fmt("%.18e", Value::Float(0.1)), "1.000000000000000056e-01");
        assert_eq!(fmt("%g", Value::Float(1e-5)), "1e-05");
        assert_eq!(fmt("%#.0g", Value::Float(255.0)), "3.e+02");
        assert_eq!(fmt("%#08x", Value::Int(-255)), "-0x000ff");
        assert_eq!(fmt("%05.3d", Value::Float(-2.7)), "-0002");
        assert_eq!(fmt("%s", Value::Float32(0.1)), "0.1");
        assert_eq!(fmt("%s", Value::Float(1e16)), "1e+16");
        assert_eq!(
            fmt("%r", Value::Bytes(b"a'b".to_vec())),
            "np.bytes_(b\"a'b\")"
        );
    }
}
