//! `npio pack` and `npio unpack`: .npy files into an archive and back.

use crate::cli::{PackArgs, UnpackArgs};
use crate::failure::Failure;
use crate::location::{self, Output, Source};
use npio::npy::{AtomicFile, NpyReader, ReadOptions};
use npio::npz::{NpzReader, NpzWriter, safe_extract_path};
use std::io::{self, Read, Seek};
use std::path::{Path, PathBuf};

pub fn run_pack(args: &PackArgs) -> Vec<Failure> {
    match pack(args) {
        Ok(()) => Vec::new(),
        Err(f) => vec![f],
    }
}

/// `NAME=PATH` or `PATH` (named by the file's stem, as `np.savez` names
/// keyword arrays).
fn split_input(input: &str) -> (String, PathBuf) {
    match input.split_once('=') {
        Some((name, path)) if !name.is_empty() && !Path::new(input).exists() => {
            (name.to_string(), PathBuf::from(path))
        }
        _ => {
            let path = PathBuf::from(input);
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| input.to_string());
            (stem, path)
        }
    }
}

fn pack(args: &PackArgs) -> Result<(), Failure> {
    // An object output is written to a staged file, then uploaded.
    let target = Output::new(&args.output)?;
    let out = target.path();
    let mut w = NpzWriter::create(out, args.compress).map_err(|e| Failure::at(out, e))?;
    w.align(args.align);
    let opts = args.limits.read_options();
    for input in &args.inputs {
        let (name, path) = split_input(input);
        stream_npy_member(&mut w, &name, &path, &opts)?;
    }
    w.commit().map_err(|e| Failure::at(out, e))?;
    target.finish()
}

/// Copies one .npy file (or object) into an archive member, streaming its
/// data: the array is never held in memory.
pub fn stream_npy_member(
    w: &mut NpzWriter<AtomicFile>,
    name: &str,
    path: &Path,
    opts: &ReadOptions,
) -> Result<(), Failure> {
    match location::source(path)? {
        Source::Local(file) => {
            let reader = NpyReader::open_with(file, opts).map_err(|e| Failure::at(path, e))?;
            copy_npy_member(w, name, path, reader)
        }
        Source::Remote(r) => copy_npy_member(w, name, path, location::npy_reader(path, r, opts)?),
    }
}

fn copy_npy_member<R: Read>(
    w: &mut NpzWriter<AtomicFile>,
    name: &str,
    path: &Path,
    reader: NpyReader<R>,
) -> Result<(), Failure> {
    let header = reader.header().clone();
    if header.dtype.has_object() {
        let err = npio::npy::Error::from(npio::npy::ErrorKind::ObjectData);
        return Err(Failure::at(path, err));
    }
    let len = header.data_len().map_err(|e| Failure::at(path, e))? as u64;
    let mut member = w
        .start_member(name, &header)
        .map_err(|e| Failure::at(path, e))?;
    let copied = copy_in_blocks(&mut reader.into_inner().take(len), &mut member)
        .map_err(|e| Failure::at(path, e))?;
    if copied < len {
        return Err(Failure::at(
            path,
            format!("truncated array data: expected {len} bytes, found {copied}"),
        ));
    }
    member.finish().map_err(|e| Failure::at(path, e))
}

/// `io::copy` with 1 MiB reads instead of 8 KiB ones: a member's writer
/// compresses a round of chunks at a time, and a large array is copied in
/// a thousand calls instead of a hundred thousand.
pub fn copy_in_blocks<R: Read + ?Sized, W: io::Write + ?Sized>(
    reader: &mut R,
    writer: &mut W,
) -> io::Result<u64> {
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0u64;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => return Ok(total),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        writer.write_all(&buf[..n])?;
        total += n as u64;
    }
}

pub fn run_unpack(args: &UnpackArgs) -> Vec<Failure> {
    match unpack(args) {
        Ok(()) => Vec::new(),
        Err(f) => f,
    }
}

fn unpack(args: &UnpackArgs) -> Result<(), Vec<Failure>> {
    let input = &args.input;
    let limits = args.limits.npz_limits();
    match location::source(input).map_err(|f| vec![f])? {
        Source::Local(file) => unpack_from(
            args,
            NpzReader::open_with(file, limits).map_err(|e| vec![Failure::at(input, e)])?,
        ),
        Source::Remote(r) => unpack_from(
            args,
            location::npz_reader(input, r, limits).map_err(|f| vec![f])?,
        ),
    }
}

/// Extracts every member into a folder, or under an object URL's prefix
/// (each member its own upload).
fn unpack_from<R: Read + Seek>(
    args: &UnpackArgs,
    mut npz: NpzReader<R>,
) -> Result<(), Vec<Failure>> {
    let input = &args.input;
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let remote = location::is_remote(&dir);
    let dir = match remote {
        true => dir,
        false => location::local(&dir).map_err(|f| vec![f])?,
    };
    // Every name is checked before anything is written.
    let mut targets = Vec::with_capacity(npz.len());
    let mut unsafe_names = Vec::new();
    for name in npz.zip_names() {
        match safe_extract_path(&dir, name) {
            Some(p) if !name.ends_with('/') => targets.push(p),
            Some(_) => targets.push(PathBuf::new()),
            None => unsafe_names.push(Failure::at(
                input,
                format!(
                    "member name {name:?} would escape {}; nothing extracted",
                    dir.display()
                ),
            )),
        }
    }
    if !unsafe_names.is_empty() {
        return Err(unsafe_names);
    }
    for (i, target) in targets.iter().enumerate() {
        if target.as_os_str().is_empty() {
            continue; // a folder entry
        }
        let name = npz.zip_names()[i].clone();
        let fail =
            |e: &dyn std::fmt::Display| vec![Failure::at(input, format!("member {name:?}: {e}"))];
        if remote {
            let mut data = npz.raw_reader(i).map_err(|e| vec![Failure::at(input, e)])?;
            location::write_stream(target, &mut data).map_err(|f| vec![f])?;
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| fail(&e))?;
        }
        let mut out = AtomicFile::create(target).map_err(|e| fail(&e))?;
        let mut data = npz.raw_reader(i).map_err(|e| vec![Failure::at(input, e)])?;
        io::copy(&mut data, &mut out).map_err(|e| fail(&e))?;
        drop(data);
        out.commit().map_err(|e| fail(&e))?;
    }
    Ok(())
}
