//! Writing archives: `np.savez` and `np.savez_compressed` equivalents,
//! zstd, deterministic bytes, 64-byte alignment, streaming members and
//! parallel compression.

use crate::error::{Error, ErrorKind, Result};
use crate::method::Compression;
use crate::names::member_name;
use npy_format::{AtomicFile, Header, WriteNpyExt};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io::{self, Seek, Write};
use std::path::Path;
use zip::write::{FileOptions, SimpleFileOptions, ZipFileBuilder};
use zip::{DateTime, ZipWriter};

/// Writes an `.npz` archive: one `NAME.npy` member per array.
///
/// Archives are deterministic: the same arrays give the same bytes on every
/// run and machine (fixed timestamps and permissions). Every member is
/// written with zip64 fields, as NumPy does, so members and archives over
/// 4 GiB need nothing special.
///
/// # Example
///
/// ```
/// use ndarray::array;
/// use npz_archive::{Compression, NpzWriter};
/// use std::io::Cursor;
///
/// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
/// w.align(true); // stored members' data on 64-byte boundaries, for mapping
/// w.add("weights", &array![[0.5f32, 1.5], [2.5, 3.5]])?;
/// w.add("bias", &array![0.1f32, 0.2])?;
/// let bytes = w.finish()?.into_inner();
/// assert_eq!(&bytes[..4], b"PK\x03\x04");
/// # Ok::<(), npz_archive::Error>(())
/// ```
#[derive(Debug)]
pub struct NpzWriter<W: Write + Seek> {
    zip: ZipWriter<W>,
    compression: Compression,
    align: bool,
    names: BTreeSet<String>,
}

impl<W: Write + Seek> NpzWriter<W> {
    /// Starts an archive on `writer`.
    pub fn new(writer: W, compression: Compression) -> Self {
        NpzWriter {
            zip: ZipWriter::new(writer),
            compression,
            align: false,
            names: BTreeSet::new(),
        }
    }

    /// Whether stored members start their data on a 64-byte boundary
    /// (default: no). Their `.npy` headers are multiples of 64 bytes, so
    /// the array data is aligned too and can be memory-mapped in place.
    /// Readers, NumPy included, are unaffected.
    pub fn align(&mut self, yes: bool) -> &mut Self {
        self.align = yes;
        self
    }

    /// Changes the compression of the members added from now on.
    pub fn compression(&mut self, compression: Compression) -> &mut Self {
        self.compression = compression;
        self
    }

    fn options(&self) -> SimpleFileOptions {
        file_options(self.compression, self.align)
    }

    fn claim(&mut self, name: &str) -> Result<String> {
        let member = member_name(name);
        if !self.names.insert(member.clone()) {
            return Err(ErrorKind::DuplicateName {
                name: name.to_string(),
            }
            .into());
        }
        Ok(member)
    }

    /// Adds an array (a typed ndarray or an
    /// [`NpyArray`](npy_format::NpyArray)) as member `NAME.npy`, exactly
    /// as `np.save` would write it.
    pub fn add<T: WriteNpyExt + ?Sized>(&mut self, name: &str, array: &T) -> Result<()> {
        let member = self.claim(name)?;
        if self.compression.is_stored() {
            self.zip
                .start_file(member.as_str(), self.options())
                .map_err(|e| Error::zip(Some(&member), e))?;
            array
                .write_npy(&mut self.zip)
                .map_err(|e| Error::npy(&member, e))?;
            return Ok(());
        }
        let prepared = prepare(&member, array, self.options())?;
        self.zip
            .add_prepared_file(prepared)
            .map_err(|e| Error::zip(Some(&member), e))
    }

    /// Adds several arrays, compressing them in parallel on every core.
    /// The archive is byte-identical to adding them one by one with
    /// [`add`](Self::add).
    pub fn add_all<T: WriteNpyExt + Sync>(&mut self, arrays: &[(&str, &T)]) -> Result<()> {
        if self.compression.is_stored() {
            for (name, array) in arrays {
                self.add(name, *array)?;
            }
            return Ok(());
        }
        let members = arrays
            .iter()
            .map(|(name, _)| self.claim(name))
            .collect::<Result<Vec<_>>>()?;
        let options = self.options();
        let prepared: Vec<_> = arrays
            .par_iter()
            .zip(members.par_iter())
            .map(|((_, array), member)| prepare(member, *array, options))
            .collect();
        for (p, member) in prepared.into_iter().zip(&members) {
            self.zip
                .add_prepared_file(p?)
                .map_err(|e| Error::zip(Some(member), e))?;
        }
        Ok(())
    }

    /// Adds a member of any content under its exact name (no `.npy`
    /// appended), copied from `data`: for archives that carry other files
    /// beside their arrays.
    pub fn add_file<Rd: io::Read>(&mut self, zip_name: &str, data: &mut Rd) -> Result<u64> {
        if !self.names.insert(zip_name.to_string()) {
            return Err(ErrorKind::DuplicateName {
                name: zip_name.to_string(),
            }
            .into());
        }
        self.zip
            .start_file(zip_name, self.options())
            .map_err(|e| Error::zip(Some(zip_name), e))?;
        Ok(io::copy(data, &mut self.zip)?)
    }

    /// Starts member `NAME.npy` for an array described by `header`, whose
    /// data is then written in pieces through the returned
    /// [`MemberWriter`]: a large array never has to be in memory.
    pub fn start_member(&mut self, name: &str, header: &Header) -> Result<MemberWriter<'_, W>> {
        let member = self.claim(name)?;
        let bytes = header
            .canonical()
            .to_bytes()
            .map_err(|e| Error::npy(&member, e))?;
        let expected = header.data_len().map_err(|e| Error::npy(&member, e))? as u64;
        self.zip
            .start_file(member.as_str(), self.options())
            .map_err(|e| Error::zip(Some(&member), e))?;
        self.zip.write_all(&bytes)?;
        Ok(MemberWriter {
            zip: &mut self.zip,
            member,
            expected,
            written: 0,
        })
    }

    /// Writes the archive's central directory and returns the writer.
    pub fn finish(self) -> Result<W> {
        self.zip.finish().map_err(|e| Error::zip(None, e))
    }
}

/// The options of every member: fixed timestamp and permissions (for
/// deterministic archives), zip64 always (as NumPy), and 64-byte alignment
/// of stored data when asked.
fn file_options(compression: Compression, align: bool) -> SimpleFileOptions {
    let (method, level) = compression.zip_method();
    let options: SimpleFileOptions = FileOptions::default()
        .compression_method(method)
        .compression_level(level)
        .large_file(true)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    if align && compression.is_stored() {
        options.with_alignment(64)
    } else {
        options
    }
}

/// Compresses one array into a member ready to be added.
fn prepare<T: WriteNpyExt + ?Sized>(
    member: &str,
    array: &T,
    options: SimpleFileOptions,
) -> Result<zip::write::PreparedZipFile> {
    let mut builder =
        ZipFileBuilder::new(member, options).map_err(|e| Error::zip(Some(member), e))?;
    array
        .write_npy(&mut builder)
        .map_err(|e| Error::npy(member, e))?;
    builder.finish().map_err(|e| Error::zip(Some(member), e))
}

/// Streams one member's data; see [`NpzWriter::start_member`].
#[derive(Debug)]
pub struct MemberWriter<'a, W: Write + Seek> {
    zip: &'a mut ZipWriter<W>,
    member: String,
    expected: u64,
    written: u64,
}

impl<W: Write + Seek> MemberWriter<'_, W> {
    /// Bytes of data still expected.
    pub fn remaining(&self) -> u64 {
        self.expected.saturating_sub(self.written)
    }

    /// Ends the member, checking that exactly the header's data length was
    /// written.
    pub fn finish(self) -> Result<()> {
        if self.written != self.expected {
            return Err(ErrorKind::WrongLength {
                member: self.member,
                expected: self.expected,
                written: self.written,
            }
            .into());
        }
        Ok(())
    }
}

impl<W: Write + Seek> Write for MemberWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.len() as u64 > self.remaining() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "member {:?}: more data than its header's {} bytes",
                    self.member, self.expected
                ),
            ));
        }
        let n = self.zip.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.zip.flush()
    }
}

/// Writes an `.npz` file atomically: to a temporary file renamed into place
/// by [`finish`](Self::finish).
///
/// # Example
///
/// ```no_run
/// use ndarray::Array2;
/// use npz_archive::{Compression, NpzFileWriter};
///
/// let mut w = NpzFileWriter::create("model.npz", Compression::NUMPY_COMPRESSED)?;
/// w.add("w1", &Array2::<f32>::zeros((256, 256)))?;
/// w.finish()?;
/// # Ok::<(), npz_archive::Error>(())
/// ```
#[derive(Debug)]
pub struct NpzFileWriter {
    inner: NpzWriter<AtomicFile>,
}

impl NpzFileWriter {
    /// Starts an archive that will replace `path`.
    pub fn create<P: AsRef<Path>>(path: P, compression: Compression) -> Result<Self> {
        let file = AtomicFile::create(path).map_err(|e| Error::from(io::Error::from(e)))?;
        Ok(NpzFileWriter {
            inner: NpzWriter::new(file, compression),
        })
    }

    /// See [`NpzWriter::align`].
    pub fn align(&mut self, yes: bool) -> &mut Self {
        self.inner.align(yes);
        self
    }

    /// See [`NpzWriter::compression`].
    pub fn compression(&mut self, compression: Compression) -> &mut Self {
        self.inner.compression(compression);
        self
    }

    /// See [`NpzWriter::add`].
    pub fn add<T: WriteNpyExt + ?Sized>(&mut self, name: &str, array: &T) -> Result<()> {
        self.inner.add(name, array)
    }

    /// See [`NpzWriter::add_all`].
    pub fn add_all<T: WriteNpyExt + Sync>(&mut self, arrays: &[(&str, &T)]) -> Result<()> {
        self.inner.add_all(arrays)
    }

    /// See [`NpzWriter::add_file`].
    pub fn add_file<Rd: io::Read>(&mut self, zip_name: &str, data: &mut Rd) -> Result<u64> {
        self.inner.add_file(zip_name, data)
    }

    /// See [`NpzWriter::start_member`].
    pub fn start_member(
        &mut self,
        name: &str,
        header: &Header,
    ) -> Result<MemberWriter<'_, AtomicFile>> {
        self.inner.start_member(name, header)
    }

    /// Finishes the archive and renames it into place.
    pub fn finish(self) -> Result<()> {
        let file = self.inner.finish()?;
        file.commit().map_err(|e| Error::from(io::Error::from(e)))
    }
}

/// Writes arrays to an `.npz` file as `np.savez` does (stored members),
/// with their names; compresses nothing.
pub fn savez<P: AsRef<Path>, T: WriteNpyExt + Sync>(path: P, arrays: &[(&str, &T)]) -> Result<()> {
    let mut w = NpzFileWriter::create(path, Compression::Stored)?;
    w.add_all(arrays)?;
    w.finish()
}

/// Writes arrays to an `.npz` file as `np.savez_compressed` does (deflate
/// at zlib's default level), compressing members in parallel.
pub fn savez_compressed<P: AsRef<Path>, T: WriteNpyExt + Sync>(
    path: P,
    arrays: &[(&str, &T)],
) -> Result<()> {
    let mut w = NpzFileWriter::create(path, Compression::NUMPY_COMPRESSED)?;
    w.add_all(arrays)?;
    w.finish()
}
