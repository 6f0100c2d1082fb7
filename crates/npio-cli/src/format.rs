//! Which format a file is, by extension, override or magic bytes.

use crate::failure::Failure;
use std::io::Read;
use std::path::Path;

/// The file formats the command knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Npy,
    Npz,
    Text,
}

impl Format {
    fn parse(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "npy" => Some(Format::Npy),
            "npz" => Some(Format::Npz),
            "csv" | "tsv" | "txt" | "dat" | "text" => Some(Format::Text),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Npy => "npy",
            Format::Npz => "npz",
            Format::Text => "text",
        }
    }
}

/// The format named by `--from`/`--to`, else by the extension (a `.gz`,
/// `.bz2` or `.xz` suffix on text is looked through).
pub fn by_name(path: &Path, given: Option<&str>) -> Result<Format, Failure> {
    if let Some(name) = given {
        return Format::parse(name)
            .ok_or_else(|| Failure::at(path, format!("unknown format {name:?}")));
    }
    let mut ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if npio::text::Compression::from_path(path).is_compressed() {
        ext = Path::new(path.file_stem().unwrap_or_default())
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("");
    }
    Format::parse(ext).ok_or_else(|| {
        Failure::at(
            path,
            "cannot tell the format from the extension (use --from/--to)",
        )
    })
}

/// The format of an existing file by its first bytes, as `np.load`
/// decides: npio's own detection ([`npio::Format::sniff`]).
pub fn by_magic(path: &Path) -> Result<Format, Failure> {
    let file = std::fs::File::open(path).map_err(|e| Failure::at(path, e))?;
    sniff(path, file)
}

/// The format of the bytes `reader` starts with (see [`by_magic`]).
pub fn sniff<R: Read>(path: &Path, reader: R) -> Result<Format, Failure> {
    let mut start = Vec::with_capacity(npio::SNIFF_LEN);
    reader
        .take(npio::SNIFF_LEN as u64)
        .read_to_end(&mut start)
        .map_err(|e| Failure::at(path, e))?;
    match npio::Format::sniff(&start) {
        Some(npio::Format::Npy) => Ok(Format::Npy),
        Some(npio::Format::Npz) => Ok(Format::Npz),
        _ if start.is_empty() => Err(Failure::at(path, "empty file")),
        Some(npio::Format::Pickle) => Err(Failure::at(
            path,
            "a Python pickle: npio does not load pickles (NumPy needs allow_pickle=True)",
        )),
        _ => Err(Failure::at(
            path,
            "not a .npy or .npz file (a pickle or another format; npio cannot load pickles)",
        )),
    }
}
