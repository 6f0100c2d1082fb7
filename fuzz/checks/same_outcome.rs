//! The comparison of two reads of the same text, for the text checks
//! (`text_loadtxt`, `text_genfromtxt`). Whatever includes a text check
//! declares this module once at its root, with `#[path]`.

use std::fmt::Debug;

/// Two ways of reading the same input give the same result, or fail on
/// the same line with the same message. `opts` names the input in a
/// failure.
pub fn same_outcome<T: PartialEq + Debug>(
    a: &delimited_text::Result<T>,
    b: &delimited_text::Result<T>,
    a_name: &str,
    b_name: &str,
    opts: &dyn Debug,
) {
    match (a, b) {
        (Ok(x), Ok(y)) => assert_eq!(x, y, "{a_name} and {b_name} differ ({opts:?})"),
        (Err(x), Err(y)) => {
            assert_eq!(
                x.line(),
                y.line(),
                "errors on different lines: {x} / {y} ({opts:?})"
            );
            assert_eq!(x.to_string(), y.to_string(), "different errors ({opts:?})");
        }
        (Ok(_), Err(e)) => panic!("only the {b_name} failed: {e} ({opts:?})"),
        (Err(e), Ok(_)) => panic!("only the {a_name} failed: {e} ({opts:?})"),
    }
}
