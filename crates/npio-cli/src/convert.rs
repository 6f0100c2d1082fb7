//! `npio convert`: .npy ↔ .npz and .npz → .npz, streamed where the layout
//! allows and written atomically.

use crate::cli::ConvertArgs;
use crate::failure::Failure;
use crate::format::{Format, by_name};
use crate::location::{self, Output, Source};
use crate::pack::{self, stream_npy_member};
use crate::pipe;
use crate::progress;
use crate::text;
use npio::npy::{AtomicFile, ErrorKind, Header, NpyReader, Version};
use npio::npz::{NpzReader, NpzWriter};
use std::io::{self, Read, Seek, Write};

pub fn run(args: &ConvertArgs) -> Vec<Failure> {
    match convert(args) {
        Ok(()) => Vec::new(),
        Err(f) => vec![f],
    }
}

fn convert(args: &ConvertArgs) -> Result<(), Failure> {
    let from = by_name(&args.input, args.from.as_deref())?;
    let to = by_name(&args.output, args.to.as_deref())?;
    // An object output is written to a staged file, then uploaded.
    let out = Output::new(&args.output)?;
    let staged = ConvertArgs {
        output: out.path().to_path_buf(),
        ..args.clone()
    };
    convert_to(&staged, from, to)?;
    out.finish()
}

fn convert_to(args: &ConvertArgs, from: Format, to: Format) -> Result<(), Failure> {
    if args.dense && (from, to) != (Format::Npz, Format::Npy) {
        return Err(Failure::at(
            &args.input,
            "--dense writes a scipy.sparse archive (.npz) as a dense .npy",
        ));
    }
    match (from, to) {
        (Format::Npy, Format::Npy) => npy_to_npy(args),
        (Format::Npy, Format::Npz) => npy_to_npz(args),
        (Format::Npz, Format::Npz) => npz_to_npz(args),
        (Format::Npz, Format::Npy) => npz_to_npy(args),
        (Format::Text, Format::Npy | Format::Npz) => text_to_array(args, to),
        (Format::Npy, Format::Text) => npy_to_text(args),
        (f, t) => Err(Failure::at(
            &args.input,
            format!(
                "converting {} to {} is not supported yet",
                f.name(),
                t.name()
            ),
        )),
    }
}

fn version(args: &ConvertArgs) -> Option<Version> {
    args.version.map(|v| match v {
        1 => Version::V1,
        2 => Version::V2,
        _ => Version::V3,
    })
}

/// Bytes the kernel copies between two moves of the progress bar.
const COPY_STEP: u64 = 256 << 20;

/// Copies the data of a .npy file under the header `np.save` would write
/// for it: same dtype, same memory order (Fortran only when the array is
/// not also C-contiguous), NumPy's header bytes.
fn npy_to_npy(args: &ConvertArgs) -> Result<(), Failure> {
    let input = &args.input;
    let opts = args.limits.read_options();
    let reader = match location::source(input)? {
        Source::Local(file) => {
            NpyReader::open_with(file, &opts).map_err(|e| Failure::at(input, e))?
        }
        Source::Remote(r) => {
            return npy_stream_to_npy(args, location::npy_reader(input, r, &opts)?, None);
        }
    };
    let (mut out, data_len) = start_npy_output(args, reader.header())?;
    let bar = progress::bytes(data_len, args.quiet);
    // The data is copied by the kernel (copy_file_range), a step at a
    // time so that the bar moves; nothing passes through this process.
    let mut data = reader.into_inner();
    let mut copied = 0u64;
    while copied < data_len {
        let step = (data_len - copied).min(COPY_STEP);
        let n = out
            .copy_from(&mut (&mut data).take(step))
            .map_err(|e| Failure::at(input, e))?;
        copied += n;
        bar.inc(n);
        if n < step {
            break;
        }
    }
    bar.finish_and_clear();
    if copied < data_len {
        return Err(Failure::at(
            input,
            format!("truncated array data: expected {data_len} bytes, found {copied}"),
        ));
    }
    out.commit().map_err(|e| Failure::at(&args.output, e))
}

/// The output `.npy` with the header `np.save` would write for an array
/// of `header`'s dtype and shape (and the header version asked for),
/// sized for the data; the data's length.
fn start_npy_output(args: &ConvertArgs, header: &Header) -> Result<(AtomicFile, u64), Failure> {
    let input = &args.input;
    if header.dtype.has_object() {
        return Err(Failure::at(
            input,
            npio::npy::Error::from(ErrorKind::ObjectData),
        ));
    }
    let data_len = header.data_len().map_err(|e| Failure::at(input, e))? as u64;
    let canonical = header.canonical();
    let bytes = match version(args) {
        None => canonical.to_bytes(),
        Some(v) => canonical.to_bytes_version(v),
    }
    .map_err(|e| Failure::at(&args.output, e))?;
    let mut out = AtomicFile::create(&args.output).map_err(|e| Failure::at(&args.output, e))?;
    out.preallocate(bytes.len() as u64 + data_len);
    out.write_all(&bytes)
        .map_err(|e| Failure::at(&args.output, e))?;
    Ok((out, data_len))
}

/// An array streamed into an `.npy`: its data read (inflated, or fetched)
/// on this thread while another writes, so memory holds a few blocks.
/// `member` names the archive member it comes from, for messages.
fn npy_stream_to_npy<R: Read>(
    args: &ConvertArgs,
    reader: NpyReader<R>,
    member: Option<&str>,
) -> Result<(), Failure> {
    let input = &args.input;
    let in_member = |e: &dyn std::fmt::Display| match member {
        Some(m) => Failure::at(input, format!("member {m}: {e}")),
        None => Failure::at(input, e.to_string()),
    };
    let (mut out, data_len) = start_npy_output(args, reader.header())?;
    let bar = progress::bytes(data_len, args.quiet);
    let mut data = reader.into_inner();
    let copied = pipe::overlapped(&mut Read::take(&mut data, data_len), &mut out, &bar).map_err(
        |e| match e {
            pipe::CopyError::Read(e) => in_member(&e),
            pipe::CopyError::Write(e) => Failure::at(&args.output, e),
        },
    )?;
    // Read to the end, so that a zip reader checks the member's CRC
    // (bytes after the data are ignored, as np.load ignores them).
    if member.is_some() {
        io::copy(&mut data, &mut io::sink()).map_err(|e| in_member(&e))?;
    }
    bar.finish_and_clear();
    if copied < data_len {
        return Err(in_member(&format!(
            "truncated array data: expected {data_len} bytes, found {copied}"
        )));
    }
    out.commit().map_err(|e| Failure::at(&args.output, e))
}

fn npy_to_npz(args: &ConvertArgs) -> Result<(), Failure> {
    let out = &args.output;
    let mut w = NpzWriter::create(out, args.compress).map_err(|e| Failure::at(out, e))?;
    w.align(args.align);
    stream_npy_member(&mut w, &args.name, &args.input, &args.limits.read_options())?;
    w.commit().map_err(|e| Failure::at(out, e))
}

/// Every member, same names and order, recompressed as asked; members that
/// are not .npy files are copied as they are. Members are streamed: memory
/// holds a few blocks of each, whatever its size.
fn npz_to_npz(args: &ConvertArgs) -> Result<(), Failure> {
    let input = &args.input;
    match location::source(input)? {
        Source::Local(file) => npz_to_npz_from(
            args,
            NpzReader::open_with(file, args.limits.npz_limits())
                .map_err(|e| Failure::at(input, e))?,
        ),
        Source::Remote(r) => npz_to_npz_from(
            args,
            location::npz_reader(input, r, args.limits.npz_limits())?,
        ),
    }
}

fn npz_to_npz_from<R: Read + Seek>(
    args: &ConvertArgs,
    mut npz: NpzReader<R>,
) -> Result<(), Failure> {
    let (input, out) = (&args.input, &args.output);
    let mut w = NpzWriter::create(out, args.compress).map_err(|e| Failure::at(out, e))?;
    w.align(args.align);
    for i in 0..npz.len() {
        let zip_name = npz.zip_names()[i].clone();
        let in_member = |e: io::Error| Failure::at(input, format!("member {zip_name}: {e}"));
        let is_npy = npz
            .info(i)
            .map_err(|e| Failure::at(input, e))?
            .header
            .is_some();
        match zip_name.strip_suffix(".npy") {
            Some(name) if is_npy => {
                let reader = npz.npy_reader(i).map_err(|e| Failure::at(input, e))?;
                let header = reader.header().clone();
                let len = header.data_len().map_err(|e| Failure::at(input, e))? as u64;
                let mut member = w
                    .start_member(name, &header)
                    .map_err(|e| Failure::at(out, e))?;
                let mut data = reader.into_inner();
                let copied = pack::copy_in_blocks(&mut Read::take(&mut data, len), &mut member)
                    .map_err(in_member)?;
                // To the member's end, so that its CRC is checked.
                io::copy(&mut data, &mut io::sink()).map_err(in_member)?;
                if copied < len {
                    return Err(in_member(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        format!("truncated array data: expected {len} bytes, found {copied}"),
                    )));
                }
                member.finish().map_err(|e| Failure::at(out, e))?;
            }
            _ => {
                let mut data = npz.raw_reader(i).map_err(|e| Failure::at(input, e))?;
                w.add_file(&zip_name, &mut data)
                    .map_err(|e| Failure::at(input, e))?;
            }
        }
    }
    w.commit().map_err(|e| Failure::at(out, e))
}

fn npz_to_npy(args: &ConvertArgs) -> Result<(), Failure> {
    let input = &args.input;
    match location::source(input)? {
        Source::Local(file) => npz_to_npy_from(
            args,
            NpzReader::open_with(file, args.limits.npz_limits())
                .map_err(|e| Failure::at(input, e))?,
        ),
        Source::Remote(r) => npz_to_npy_from(
            args,
            location::npz_reader(input, r, args.limits.npz_limits())?,
        ),
    }
}

fn npz_to_npy_from<R: Read + Seek>(
    args: &ConvertArgs,
    mut npz: NpzReader<R>,
) -> Result<(), Failure> {
    let input = &args.input;
    if args.dense {
        return sparse_to_dense(args, &mut npz);
    }
    let index = match &args.member {
        Some(name) => npz.index_of(name).map_err(|e| Failure::at(input, e))?,
        None if npz.len() == 1 => 0,
        None => {
            return Err(Failure::at(
                input,
                format!(
                    "the archive has {} members: choose one with --member ({})",
                    npz.len(),
                    npz.names().join(", ")
                ),
            ));
        }
    };
    // Streamed: the member's header, then its data inflated on this
    // thread while another writes, so memory holds a few blocks.
    let member_name = npz.zip_names()[index].clone();
    let reader = npz.npy_reader(index).map_err(|e| Failure::at(input, e))?;
    npy_stream_to_npy(args, reader, Some(&member_name))
}

/// A scipy.sparse archive's matrix as a dense .npy (`--dense`), refused
/// with the size it needs when that is over `--max-bytes`.
fn sparse_to_dense<R: Read + Seek>(
    args: &ConvertArgs,
    npz: &mut NpzReader<R>,
) -> Result<(), Failure> {
    let input = &args.input;
    if args.member.is_some() {
        return Err(Failure::at(
            input,
            "--dense reads the whole matrix: leave out --member",
        ));
    }
    if !npz.is_sparse() {
        return Err(Failure::at(
            input,
            "--dense needs an archive written by scipy.sparse.save_npz (it has no format, shape and data members)",
        ));
    }
    let m = npz.read_sparse().map_err(|e| Failure::at(input, e))?;
    let out = &args.output;
    let mut file = AtomicFile::create(out).map_err(|e| Failure::at(out, e))?;
    // Streamed a block at a time into a buffered writer: memory holds the
    // matrix and one block of the dense array, not the array.
    let mut buffered = std::io::BufWriter::with_capacity(1 << 20, &mut file);
    match version(args) {
        Some(v) => m.write_dense_version(&mut buffered, args.max_bytes, v),
        None => m.write_dense(&mut buffered, args.max_bytes),
    }
    .map_err(|e| match e.kind() {
        npio::npz::ErrorKind::DenseTooLarge { shape, bytes, limit } => Failure::at(
            input,
            format!(
                "the dense {} x {} array would take {bytes} bytes, over --max-bytes {limit}; raise --max-bytes to write it",
                shape[0], shape[1]
            ),
        ),
        _ => Failure::at(out, e),
    })?;
    drop(buffered);
    file.commit().map_err(|e| Failure::at(out, e))
}

/// Text read with np.loadtxt's semantics into an .npy, or an .npz member
/// named by --name, streamed: memory holds a few blocks of text, not the
/// array (an .npz member is staged in a temporary .npy beside the output).
fn text_to_array(args: &ConvertArgs, to: Format) -> Result<(), Failure> {
    let input = &args.input;
    let out = &args.output;
    if args.text.genfromtxt {
        return genfromtxt_to_array(args, to);
    }
    if let Some(flag) = text::genfromtxt_only(&args.text) {
        return Err(Failure::at(input, format!("{flag} needs --genfromtxt")));
    }
    let opts = text::loadtxt_options(&args.text, input)?;
    if let (Some(v), Format::Npy) = (version(args), to) {
        // A forced header version: read into memory, then write.
        let a = match location::source(input)? {
            Source::Local(file) => opts.from_path(file),
            Source::Remote(r) => {
                opts.from_reader(npio::text::Compression::from_path(input).decoder(r))
            }
        }
        .map_err(|e| Failure::at(input, e))?;
        let mut file = AtomicFile::create(out).map_err(|e| Failure::at(out, e))?;
        a.write_npy_version(&mut file, v)
            .map_err(|e| Failure::at(out, e))?;
        return file.commit().map_err(|e| Failure::at(out, e));
    }
    // An object is read in blocks that grow to 8 MiB while the text
    // streams: memory holds a block, never the file.
    let (source, len): (Box<dyn Read + Send>, u64) = match location::source(input)? {
        Source::Local(path) => {
            let file = std::fs::File::open(path).map_err(|e| Failure::at(input, e))?;
            let len = file.metadata().map(|m| m.len()).unwrap_or(0);
            (Box::new(file), len)
        }
        Source::Remote(r) => {
            let len = location::remote_len(&r);
            (Box::new(r), len)
        }
    };
    let bar = progress::bytes(len, args.quiet);
    // No buffer here: the reader asks for whole blocks, and the
    // decompressors buffer their own input.
    let counted = progress::Counting {
        inner: source,
        bar: bar.clone(),
    };
    let reader = npio::text::Compression::from_path(input).decoder(counted);
    if to == Format::Npy {
        opts.npy_from_reader(reader, out)
            .map_err(|e| Failure::at(input, e))?;
        bar.finish_and_clear();
        return Ok(());
    }
    let staged = stage_beside(out)?;
    opts.npy_from_reader(reader, staged.path())
        .map_err(|e| Failure::at(input, e))?;
    bar.finish_and_clear();
    let mut w = NpzWriter::create(out, args.compress).map_err(|e| Failure::at(out, e))?;
    w.align(args.align);
    let mut npy = std::fs::File::open(staged.path()).map_err(|e| Failure::at(out, e))?;
    w.add_file(&format!("{}.npy", args.name), &mut npy)
        .map_err(|e| Failure::at(out, e))?;
    w.commit().map_err(|e| Failure::at(out, e))
}

/// Text read with np.genfromtxt's semantics into an .npy (or an .npz
/// member), in two streaming passes over the file: the first settles the
/// column types and counts the rows, the second writes them. Rows dropped
/// with --no-invalid-raise are reported as warnings on stderr.
fn genfromtxt_to_array(args: &ConvertArgs, to: Format) -> Result<(), Failure> {
    let input = &args.input;
    let out = &args.output;
    let mut opts = text::genfromtxt_options(&args.text, input)?;
    // Two passes need the text twice: an object is downloaded first.
    let downloaded = location::download(input)?;
    let local_input = downloaded.as_ref().map_or(input.as_path(), |d| d.path());
    let len = std::fs::metadata(local_input).map(|m| m.len()).unwrap_or(0);
    // Two passes over the file: the bar covers both.
    let bar = progress::bytes(2 * len, args.quiet);
    let counter = bar.clone();
    opts.on_progress(move |bytes| counter.inc(bytes));
    let staged = match to {
        Format::Npz => Some(stage_beside(out)?),
        _ => None,
    };
    let npy_out = staged.as_ref().map_or(out.as_path(), |s| s.path());
    let summary = opts
        .convert_path(local_input, npy_out)
        .map_err(|e| Failure::at(input, e))?;
    bar.finish_and_clear();
    for w in &summary.warnings {
        eprintln!("warning: {}: {w}", input.display());
    }
    if let Some(staged) = staged {
        let mut w = NpzWriter::create(out, args.compress).map_err(|e| Failure::at(out, e))?;
        w.align(args.align);
        let mut npy = std::fs::File::open(staged.path()).map_err(|e| Failure::at(out, e))?;
        w.add_file(&format!("{}.npy", args.name), &mut npy)
            .map_err(|e| Failure::at(out, e))?;
        w.commit().map_err(|e| Failure::at(out, e))?;
    }
    Ok(())
}

/// A temporary `.npy` in the output's folder, removed when dropped.
fn stage_beside(out: &std::path::Path) -> Result<tempfile::NamedTempFile, Failure> {
    let folder = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    tempfile::Builder::new()
        .prefix(".npio-stage-")
        .suffix(".npy")
        .tempfile_in(&folder)
        .map_err(|e| Failure::at(out, e))
}

/// An .npy written as text with np.savetxt's semantics (byte-identical to
/// NumPy's output for the same arguments; `.gz` outputs are gzipped).
fn npy_to_text(args: &ConvertArgs) -> Result<(), Failure> {
    let input = &args.input;
    let opts = args.limits.read_options();
    let a = match location::source(input)? {
        Source::Local(file) => NpyReader::open_with(file, &opts).and_then(|r| r.read_dyn()),
        Source::Remote(r) => location::npy_reader(input, r, &opts)?.read_dyn(),
    }
    .map_err(|e| Failure::at(input, e))?;
    let t = &args.text;
    let mut save = npio::text::SaveTxt::new();
    match t.fmt.as_slice() {
        [one] => save.fmt(one),
        columns => save.fmt_columns(columns),
    };
    save.delimiter(&text::unescape(t.delimiter.as_deref().unwrap_or(" ")))
        .newline(&text::unescape(&t.newline))
        .header(&text::unescape(&t.header))
        .footer(&text::unescape(&t.footer))
        .comments(&text::unescape(
            t.comments.first().map_or("# ", String::as_str),
        ));
    save.encoding(text::encoding_arg(t, &args.output)?);
    save.to_path(&args.output, &a)
        .map_err(|e| Failure::at(&args.output, e))
}
