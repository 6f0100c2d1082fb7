//! Member names: NumPy's display rule, lookup, and safe extraction paths.

use std::path::{Component, Path, PathBuf};

/// The name NumPy lists for a member: one `.npy` suffix removed.
pub(crate) fn display_name(member: &str) -> &str {
    member.strip_suffix(".npy").unwrap_or(member)
}

/// The member name an array called `name` is stored under.
pub(crate) fn member_name(name: &str) -> String {
    format!("{name}.npy")
}

/// Where a member may be extracted inside `dir`, or `None` when its name
/// would leave `dir`: absolute paths, drive prefixes, `..` that climbs out,
/// or a NUL byte.
///
/// # Example
///
/// ```
/// use npz_archive::safe_extract_path;
/// use std::path::Path;
///
/// assert!(safe_extract_path(Path::new("out"), "sub/a.npy").is_some());
/// assert!(safe_extract_path(Path::new("out"), "../a.npy").is_none());
/// assert!(safe_extract_path(Path::new("out"), "sub/../../a.npy").is_none());
/// assert!(safe_extract_path(Path::new("out"), "/etc/a.npy").is_none());
/// ```
pub fn safe_extract_path(dir: &Path, member: &str) -> Option<PathBuf> {
    if member.contains('\0') || member.is_empty() {
        return None;
    }
    let mut depth = 0usize;
    let mut out = dir.to_path_buf();
    // Backslashes separate folders for archives written on Windows.
    let normalised = member.replace('\\', "/");
    for part in Path::new(&normalised).components() {
        match part {
            Component::Normal(p) => {
                depth += 1;
                out.push(p);
            }
            Component::CurDir => {}
            Component::ParentDir => {
                depth = depth.checked_sub(1)?;
                out.pop();
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (depth > 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numpy_strips_one_suffix() {
        assert_eq!(display_name("a.npy"), "a");
        assert_eq!(display_name("a.npy.npy"), "a.npy");
        assert_eq!(display_name("notes.txt"), "notes.txt");
    }

    #[test]
    fn escaping_names_are_refused() {
        let d = Path::new("/tmp/x");
        assert_eq!(
            safe_extract_path(d, "a/./b.npy"),
            Some(PathBuf::from("/tmp/x/a/b.npy"))
        );
        assert_eq!(
            safe_extract_path(d, "a/../b.npy"),
            Some(PathBuf::from("/tmp/x/b.npy"))
        );
        for bad in [
            "../a",
            "a/../../b",
            "/abs",
            "..\\a",
            "a\0b",
            "",
            ".",
            "a/..",
        ] {
            assert_eq!(safe_extract_path(d, bad), None, "{bad:?}");
        }
    }
}
