//! Where a PATH argument points: a local file, or an object URL (`s3://`,
//! `gs://`, `az://`, `abfs://`, `http(s)://`) read by range requests and
//! written by an upload. `file://` URLs are local files.

use crate::failure::Failure;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// An object read by range requests.
#[cfg(feature = "remote")]
pub type Remote = npio::remote::RangeReader;

/// Objects cannot be read by a build without the `remote` feature: no
/// value of this type exists.
#[cfg(not(feature = "remote"))]
#[derive(Debug)]
pub enum Remote {}

#[cfg(not(feature = "remote"))]
impl Read for Remote {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        match *self {}
    }
}

#[cfg(not(feature = "remote"))]
impl Seek for Remote {
    fn seek(&mut self, _: SeekFrom) -> io::Result<u64> {
        match *self {}
    }
}

/// What a PATH argument names.
pub enum Source {
    /// A file on this machine.
    Local(PathBuf),
    /// An object in a store, opened for reading.
    Remote(Remote),
}

/// The URL scheme of `path` (`s3`, `file`, …), if it is a URL.
fn scheme(path: &Path) -> Option<&str> {
    let text = path.to_str()?;
    let (scheme, _) = text.split_once("://")?;
    let mut chars = scheme.chars();
    let valid = chars.next()?.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then_some(scheme)
}

/// Whether `path` is an object URL (a `file://` URL is a local path).
pub fn is_remote(path: &Path) -> bool {
    scheme(path).is_some_and(|s| !s.eq_ignore_ascii_case("file"))
}

/// The local path of a `file://` URL (`file:///data/x.npy`,
/// `file://localhost/data/x.npy`), percent escapes decoded.
fn file_url_path(text: &str) -> Option<PathBuf> {
    let rest = &text[text.find("://")? + 3..];
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h)? * 16 + hex(l)?) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        Some(PathBuf::from(std::ffi::OsString::from_vec(out)))
    }
    #[cfg(not(unix))]
    {
        String::from_utf8(out).ok().map(PathBuf::from)
    }
}

/// The local path `path` names: itself, or a `file://` URL's path.
/// Object URLs are refused (for commands that only write local files).
pub fn local(path: &Path) -> Result<PathBuf, Failure> {
    match scheme(path) {
        None => Ok(path.to_path_buf()),
        Some(s) if s.eq_ignore_ascii_case("file") => file_url_path(path.to_str().unwrap_or(""))
            .ok_or_else(|| Failure::at(path, "a file:// URL needs an absolute path")),
        Some(_) => Err(Failure::at(path, "an object URL cannot be used here")),
    }
}

/// Opens what `path` names for reading: a local path is returned as it
/// is (the caller opens it with its own fast paths); an object is opened
/// by range requests (one request for its end, which also tells its size).
pub fn source(path: &Path) -> Result<Source, Failure> {
    if !is_remote(path) {
        return local(path).map(Source::Local);
    }
    open_remote(path).map(Source::Remote)
}

#[cfg(feature = "remote")]
fn open_remote(path: &Path) -> Result<Remote, Failure> {
    let url = path.to_str().unwrap_or_default();
    let (store, object) = npio::remote::open_url(url).map_err(|e| Failure::at(path, e))?;
    Remote::open_blocking(store, &object).map_err(|e| Failure::at(path, e))
}

#[cfg(not(feature = "remote"))]
fn open_remote(path: &Path) -> Result<Remote, Failure> {
    Err(no_remote(path))
}

#[cfg(not(feature = "remote"))]
fn no_remote(path: &Path) -> Failure {
    Failure::at(
        path,
        "object URLs need npio built with the `remote` feature (cargo install npio-cli --features remote)",
    )
}

/// The size of an object opened for reading.
#[cfg(feature = "remote")]
pub fn remote_len(r: &Remote) -> u64 {
    r.len()
}

#[cfg(not(feature = "remote"))]
pub fn remote_len(r: &Remote) -> u64 {
    match *r {}
}

/// The format of an object, by its first bytes; the reader is left at
/// the object's start.
pub fn sniff_remote(path: &Path, r: &mut Remote) -> Result<crate::format::Format, Failure> {
    let format = crate::format::sniff(path, &mut *r)?;
    r.seek(SeekFrom::Start(0))
        .map_err(|e| Failure::at(path, e))?;
    Ok(format)
}

/// A `.npy` object's reader, told the object's size so that a header
/// promising more data than the object holds fails before any read.
pub fn npy_reader(
    path: &Path,
    r: Remote,
    opts: &npio::npy::ReadOptions,
) -> Result<npio::npy::NpyReader<Remote>, Failure> {
    let len = remote_len(&r);
    let reader = npio::npy::NpyReader::with_options(r, opts).map_err(|e| Failure::at(path, e))?;
    let data = len.saturating_sub(reader.parsed_header().data_offset);
    Ok(reader.with_data_len(data))
}

/// A `.npz` object's reader, with the command's limits.
pub fn npz_reader(
    path: &Path,
    r: Remote,
    limits: npio::npz::NpzLimits,
) -> Result<npio::npz::NpzReader<Remote>, Failure> {
    npio::npz::NpzReader::with_limits(r, limits).map_err(|e| Failure::at(path, e))
}

/// Every member of a `.npz` object described (from the directory alone
/// for an archive npio wrote, else with every member's header fetched in
/// one concurrent round), and the archive opened.
#[cfg(feature = "remote")]
pub fn describe_npz(
    path: &Path,
    r: Remote,
    limits: npio::npz::NpzLimits,
) -> Result<(npio::npz::NpzReader<Remote>, Vec<npio::npz::MemberInfo>), Failure> {
    npio::remote::describe_npz_blocking(r, limits).map_err(|e| Failure::at(path, e))
}

#[cfg(not(feature = "remote"))]
pub fn describe_npz(
    _: &Path,
    r: Remote,
    _: npio::npz::NpzLimits,
) -> Result<(npio::npz::NpzReader<Remote>, Vec<npio::npz::MemberInfo>), Failure> {
    match r {}
}

/// A local copy of an object, for work that reads its input more than
/// once; `None` for a local file (or a `file://` URL's).
pub fn download(path: &Path) -> Result<Option<Downloaded>, Failure> {
    let mut r = match source(path)? {
        Source::Local(_) => return Ok(None),
        Source::Remote(r) => r,
    };
    let dir = tempfile::Builder::new()
        .prefix(".npio-download-")
        .tempdir()
        .map_err(|e| Failure::at(path, e))?;
    let file = dir.path().join(object_name(path));
    let mut out = std::fs::File::create(&file).map_err(|e| Failure::at(path, e))?;
    io::copy(&mut r, &mut out).map_err(|e| Failure::at(path, e))?;
    Ok(Some(Downloaded { _dir: dir, file }))
}

/// An object's local copy, removed when dropped.
pub struct Downloaded {
    _dir: tempfile::TempDir,
    file: PathBuf,
}

impl Downloaded {
    /// The local copy, named as the object is (so that its extension
    /// still tells the compression).
    pub fn path(&self) -> &Path {
        &self.file
    }
}

/// The last segment of an object URL, without query or fragment.
fn object_name(path: &Path) -> &str {
    let url = path.to_str().unwrap_or_default();
    let name = url
        .rsplit('/')
        .find(|s| !s.is_empty())
        .filter(|s| !s.contains(':'))
        .unwrap_or("object");
    name.split(['?', '#']).next().unwrap_or("object")
}

/// Where an output is written: the file itself, or, for an object URL, a
/// file in a temporary folder (`$TMPDIR`) uploaded by
/// [`finish`](Output::finish) as a multipart upload that is aborted on
/// any error, so that no partial object ever appears.
pub struct Output {
    path: PathBuf,
    upload: Option<(tempfile::TempDir, PathBuf)>,
}

impl Output {
    /// The output `path` names.
    pub fn new(path: &Path) -> Result<Output, Failure> {
        if !is_remote(path) {
            return Ok(Output {
                path: local(path)?,
                upload: None,
            });
        }
        #[cfg(not(feature = "remote"))]
        return Err(no_remote(path));
        #[cfg(feature = "remote")]
        {
            let url = path.to_str().unwrap_or_default();
            // The URL is checked before any work is done.
            npio::remote::open_url(url).map_err(|e| Failure::at(path, e))?;
            let stage = tempfile::Builder::new()
                .prefix(".npio-upload-")
                .tempdir()
                .map_err(|e| Failure::at(path, e))?;
            // The object's own name, so that its extension still tells
            // the format and the compression.
            Ok(Output {
                path: stage.path().join(object_name(path)),
                upload: Some((stage, path.to_path_buf())),
            })
        }
    }

    /// The local file to write.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Uploads the staged file to its object; nothing for a local output.
    pub fn finish(self) -> Result<(), Failure> {
        let Some((_stage, url)) = self.upload else {
            return Ok(());
        };
        #[cfg(feature = "remote")]
        {
            let text = url.to_str().unwrap_or_default();
            let (store, object) = npio::remote::open_url(text).map_err(|e| Failure::at(&url, e))?;
            npio::remote::upload_file_blocking(store, &object, &self.path)
                .map_err(|e| Failure::at(&url, e))?;
        }
        #[cfg(not(feature = "remote"))]
        let _ = url;
        Ok(())
    }
}

/// Writes a stream to the object or file `path` names: a file written
/// atomically, or an object uploaded in parts.
pub fn write_stream(path: &Path, data: &mut dyn Read) -> Result<(), Failure> {
    if !is_remote(path) {
        let target = local(path)?;
        let mut out = npio::npy::AtomicFile::create(&target).map_err(|e| Failure::at(path, e))?;
        io::copy(data, &mut out).map_err(|e| Failure::at(path, e))?;
        return out.commit().map_err(|e| Failure::at(path, e));
    }
    #[cfg(not(feature = "remote"))]
    return Err(no_remote(path));
    #[cfg(feature = "remote")]
    {
        let url = path.to_str().unwrap_or_default();
        let (store, object) = npio::remote::open_url(url).map_err(|e| Failure::at(path, e))?;
        let mut up = npio::remote::Upload::create(store, &object);
        io::copy(data, &mut up).map_err(|e| Failure::at(path, e))?;
        up.finish().map(drop).map_err(|e| Failure::at(path, e))
    }
}

/// A PATH argument as messages and outputs show it.
pub fn shown(path: &Path) -> String {
    redacted(&path.display().to_string())
}

/// `text` without the user and password of any URL in it, for messages
/// (a store's own errors may quote the URL they requested).
pub fn redacted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        let start = i + 3;
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let authority = rest
            .find(|c: char| c == '/' || c.is_whitespace())
            .unwrap_or(rest.len());
        if let Some(at) = rest[..authority].rfind('@') {
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_from_paths() {
        assert!(is_remote(Path::new("s3://bucket/x.npy")));
        assert!(is_remote(Path::new("https://host/x.npy")));
        assert!(!is_remote(Path::new("file:///tmp/x.npy")));
        assert!(!is_remote(Path::new("data/x.npy")));
        assert!(!is_remote(Path::new("odd name://x")));
        assert_eq!(
            local(Path::new("file:///tmp/a%20b.npy")).unwrap(),
            Path::new("/tmp/a b.npy")
        );
        assert_eq!(
            local(Path::new("file://localhost/x.npy")).unwrap(),
            Path::new("/x.npy")
        );
        assert!(local(Path::new("file://x.npy")).is_err());
    }

    #[test]
    fn messages_never_show_a_password() {
        assert_eq!(
            redacted("https://me:secret@host/a@b.npy"),
            "https://host/a@b.npy"
        );
        assert_eq!(redacted("s3://bucket/k.npy"), "s3://bucket/k.npy");
        assert_eq!(redacted("plain/path@x"), "plain/path@x");
        assert_eq!(
            redacted("GET https://a:b@h/x failed; see http://c:d@h2 now"),
            "GET https://h/x failed; see http://h2 now"
        );
    }
}
