//! `npio convert`: .npy → .npy today, streamed in bounded memory and
//! written atomically.

use crate::cli::ConvertArgs;
use crate::failure::Failure;
use crate::format::{by_name, Format};
use crate::progress;
use npy_format::{AtomicFile, ErrorKind, NpyReader, Version};
use std::io::{self, Read, Write};

pub fn run(args: &ConvertArgs) -> Vec<Failure> {
    match convert(args) {
        Ok(()) => Vec::new(),
        Err(f) => vec![f],
    }
}

fn convert(args: &ConvertArgs) -> Result<(), Failure> {
    let from = by_name(&args.input, args.from.as_deref())?;
    let to = by_name(&args.output, args.to.as_deref())?;
    match (from, to) {
        (Format::Npy, Format::Npy) => npy_to_npy(args),
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

/// Copies the data of a .npy file under the header `np.save` would write
/// for it: same dtype, same memory order (Fortran only when the array is
/// not also C-contiguous), NumPy's header bytes.
fn npy_to_npy(args: &ConvertArgs) -> Result<(), Failure> {
    let input = &args.input;
    let reader = NpyReader::open_with(input, &args.limits.read_options())
        .map_err(|e| Failure::at(input, e))?;
    let header = reader.header().clone();
    if header.dtype.has_object() {
        return Err(Failure::at(
            input,
            npy_format::Error::from(ErrorKind::ObjectData),
        ));
    }
    let data_len = header.data_len().map_err(|e| Failure::at(input, e))? as u64;
    let canonical = header.canonical();
    let bytes = match args.version {
        None => canonical.to_bytes(),
        Some(1) => canonical.to_bytes_version(Version::V1),
        Some(2) => canonical.to_bytes_version(Version::V2),
        Some(_) => canonical.to_bytes_version(Version::V3),
    }
    .map_err(|e| Failure::at(&args.output, e))?;
    let mut out = AtomicFile::create(&args.output).map_err(|e| Failure::at(&args.output, e))?;
    out.write_all(&bytes)
        .map_err(|e| Failure::at(&args.output, e))?;
    let bar = progress::bytes(data_len, args.quiet);
    let mut data = progress::Counting {
        inner: reader.into_inner().take(data_len),
        bar: bar.clone(),
    };
    let copied = io::copy(&mut data, &mut out).map_err(|e| Failure::at(input, e))?;
    bar.finish_and_clear();
    if copied < data_len {
        return Err(Failure::at(
            input,
            format!("truncated array data: expected {data_len} bytes, found {copied}"),
        ));
    }
    out.commit().map_err(|e| Failure::at(&args.output, e))
}
