//! Writing archives: `np.savez` and `np.savez_compressed` equivalents,
//! zstd, deterministic bytes, 64-byte alignment, streaming members and
//! parallel compression.

use crate::chunked::{ChunkedWriter, Codec, Compressed};
use crate::directory::{NPY_HEADER_ID, record_fits};
use crate::error::{Error, ErrorKind, Result};
use crate::latch::Latch;
use crate::method::Compression;
use crate::names::member_name;
use crate::raw_member::{self, OneMemberArchive};
use npy_format::{AtomicFile, Header, WriteNpyExt};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io::{self, Seek, Write};
use std::path::Path;
use zip::write::{FileOptions, FullFileOptions, SimpleFileOptions};
use zip::{DateTime, ZipWriter};

/// Writes an `.npz` archive: one `NAME.npy` member per array.
///
/// Archives are deterministic: the same arrays give the same bytes on every
/// run and machine (fixed timestamps and permissions). Every member is
/// written with zip64 fields where it needs them (every stored member, as
/// NumPy does), so members and archives over 4 GiB need nothing special.
/// Compressed members are compressed on every core (see
/// [`Compression::Deflate`] and [`Compression::Zstd`]), with the same bytes
/// on one thread or many.
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
    zip: ZipWriter<Latch<W>>,
    compression: Compression,
    align: bool,
    names: BTreeSet<String>,
    /// A streamed member not (correctly) finished: the archive would hold
    /// it short, so nothing more may be added and `finish` fails.
    unfinished: Option<Unfinished>,
}

/// A streamed member and how much of it was written.
#[derive(Debug, Clone)]
struct Unfinished {
    member: String,
    expected: u64,
    written: u64,
}

impl Unfinished {
    fn error(&self) -> Error {
        ErrorKind::WrongLength {
            member: self.member.clone(),
            expected: self.expected,
            written: self.written,
        }
        .into()
    }
}

impl<W: Write + Seek> NpzWriter<W> {
    /// Starts an archive on `writer`.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npz_archive::{Compression, NpzReader, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::NUMPY_COMPRESSED);
    /// w.add("x", &array![1i32, 2, 3])?;
    /// let cursor = w.finish()?;
    ///
    /// let mut npz = NpzReader::new(cursor)?;
    /// assert_eq!(npz.info(0)?.method.name(), "deflate");
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn new(writer: W, compression: Compression) -> Self {
        NpzWriter {
            zip: ZipWriter::new(Latch::new(writer)),
            compression,
            align: false,
            names: BTreeSet::new(),
            unfinished: None,
        }
    }

    /// Whether stored members start their data on a 64-byte boundary
    /// (default: no). Their `.npy` headers are multiples of 64 bytes, so
    /// the array data is aligned too and can be memory-mapped in place.
    /// Readers, NumPy included, are unaffected.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npz_archive::{Compression, NpzReader, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    /// w.align(true);
    /// w.add("a", &array![1.0f64, 2.0])?;
    /// w.add("longer_name", &array![[1u8, 2], [3, 4]])?;
    /// let mut npz = NpzReader::new(Cursor::new(w.finish()?.into_inner()))?;
    ///
    /// for i in 0..npz.len() {
    ///     let info = npz.info(i)?;
    ///     let array_data = info.data_start.unwrap() + info.header.unwrap().data_offset;
    ///     assert_eq!(array_data % 64, 0);
    /// }
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn align(&mut self, yes: bool) -> &mut Self {
        self.align = yes;
        self
    }

    /// Changes the compression of the members added from now on.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Array1};
    /// use npz_archive::{Compression, Method, NpzReader, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    /// w.add("small", &array![1u8, 2, 3])?;
    /// w.compression(Compression::Deflate(9));
    /// w.add("zeros", &Array1::<f32>::zeros(100_000))?;
    /// let mut npz = NpzReader::new(Cursor::new(w.finish()?.into_inner()))?;
    ///
    /// assert_eq!(npz.info(0)?.method, Method::Stored);
    /// assert_eq!(npz.info(1)?.method, Method::Deflate);
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn compression(&mut self, compression: Compression) -> &mut Self {
        self.compression = compression;
        self
    }

    fn options(&self) -> SimpleFileOptions {
        file_options(self.compression, self.align)
    }

    fn claim(&mut self, name: &str) -> Result<String> {
        if let Some(u) = &self.unfinished {
            return Err(u.error());
        }
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
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Array2};
    /// use npz_archive::{Compression, NpzReader, NpzWriter};
    /// use npy_format::NpyArray;
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    /// w.add("m", &array![[1.0f64, 2.0], [3.0, 4.0]])?; // an ndarray
    /// w.add("t", &array![[1.0f64, 2.0], [3.0, 4.0]].t())?; // a view, kept in Fortran order
    /// w.add("s", &NpyArray::from_strings(&["a", "bc"], &[2])?)?; // any dtype
    /// let mut npz = NpzReader::new(Cursor::new(w.finish()?.into_inner()))?;
    ///
    /// assert_eq!(npz.zip_names(), ["m.npy", "t.npy", "s.npy"]);
    /// assert!(npz.info(1)?.header.unwrap().header.fortran_order);
    /// let t: Array2<f64> = npz.by_name("t")?;
    /// assert_eq!(t[[0, 1]], 3.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add<T: WriteNpyExt + ?Sized>(&mut self, name: &str, array: &T) -> Result<()> {
        let member = self.claim(name)?;
        let header = header_bytes(array);
        if self.compression.is_stored() {
            self.zip
                .start_file(
                    member.as_str(),
                    described(self.options(), &member, header.as_deref()),
                )
                .map_err(|e| Error::zip(Some(&member), e))?;
            array
                .write_npy_to(&mut self.zip)
                .map_err(|e| Error::npy(&member, e))?;
            return Ok(());
        }
        let compressed = compress(&member, array, self.compression)?;
        self.add_compressed(&member, compressed, header.as_deref())
    }

    /// Adds a member compressed chunk by chunk, with its `.npy` header
    /// recorded in its entry when known.
    fn add_compressed(
        &mut self,
        member: &str,
        compressed: Compressed,
        header: Option<&[u8]>,
    ) -> Result<()> {
        let method = self.compression.zip_method_id();
        let archive = OneMemberArchive::new(member, method, compressed, header)?;
        raw_member::add_to(&mut self.zip, member, archive).map_err(|e| Error::zip(Some(member), e))
    }

    /// Adds several arrays, compressing them in parallel on every core.
    /// The archive is byte-identical to adding them one by one with
    /// [`add`](Self::add).
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Array2;
    /// use npz_archive::{Compression, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let layers: Vec<Array2<f32>> = (0..4).map(|i| Array2::from_elem((64, 64), i as f32)).collect();
    /// let named: Vec<(String, &Array2<f32>)> =
    ///     layers.iter().enumerate().map(|(i, a)| (format!("layer{i}"), a)).collect();
    /// let arrays: Vec<(&str, &Array2<f32>)> = named.iter().map(|(n, a)| (n.as_str(), *a)).collect();
    ///
    /// let mut parallel = NpzWriter::new(Cursor::new(Vec::new()), Compression::NUMPY_COMPRESSED);
    /// parallel.add_all(&arrays)?;
    /// let mut one_by_one = NpzWriter::new(Cursor::new(Vec::new()), Compression::NUMPY_COMPRESSED);
    /// for (name, a) in &arrays {
    ///     one_by_one.add(name, *a)?;
    /// }
    /// assert_eq!(parallel.finish()?.into_inner(), one_by_one.finish()?.into_inner());
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn add_all<T: WriteNpyExt + Sync + ?Sized>(&mut self, arrays: &[(&str, &T)]) -> Result<()> {
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
        let compression = self.compression;
        let compressed: Vec<_> = arrays
            .par_iter()
            .zip(members.par_iter())
            .map(|((_, array), member)| compress(member, *array, compression))
            .collect();
        for ((c, member), (_, array)) in compressed.into_iter().zip(&members).zip(arrays) {
            self.add_compressed(member, c?, header_bytes(*array).as_deref())?;
        }
        Ok(())
    }

    /// Adds a member of any content under its exact name (no `.npy`
    /// appended), copied from `data`: for archives that carry other files
    /// beside their arrays.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npz_archive::{Compression, NpzReader, NpzWriter};
    /// use std::io::{Cursor, Read};
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::NUMPY_COMPRESSED);
    /// w.add("w", &array![1.0f32])?;
    /// let copied = w.add_file("meta/info.json", &mut &br#"{"epoch": 3}"#[..])?;
    /// assert_eq!(copied, 12);
    /// let mut npz = NpzReader::new(Cursor::new(w.finish()?.into_inner()))?;
    ///
    /// assert_eq!(npz.names(), ["w", "meta/info.json"]);
    /// let mut json = String::new();
    /// npz.raw_reader(1)?.read_to_string(&mut json)?;
    /// assert_eq!(json, r#"{"epoch": 3}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_file<Rd: io::Read>(&mut self, zip_name: &str, data: &mut Rd) -> Result<u64> {
        if let Some(u) = &self.unfinished {
            return Err(u.error());
        }
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
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Array1;
    /// use npz_archive::{Compression, NpzReader, NpzWriter};
    /// use npy_format::{DType, Header, ScalarKind};
    /// use std::io::{Cursor, Write};
    ///
    /// // A million u16 values, written 1000 at a time.
    /// let header = Header::new(DType::scalar(ScalarKind::UInt(2)), vec![1_000_000], false);
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::NUMPY_COMPRESSED);
    /// let mut member = w.start_member("ramp", &header)?;
    /// for block in 0..1000u16 {
    ///     let values: Vec<u8> = (0..1000u16).flat_map(|i| (block ^ i).to_le_bytes()).collect();
    ///     member.write_all(&values)?;
    /// }
    /// member.finish()?;
    /// let mut npz = NpzReader::new(Cursor::new(w.finish()?.into_inner()))?;
    ///
    /// let ramp: Array1<u16> = npz.by_name("ramp")?;
    /// assert_eq!(ramp.len(), 1_000_000);
    /// assert_eq!(ramp[1002], 1 ^ 2); // block 1, value 2
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn start_member(&mut self, name: &str, header: &Header) -> Result<MemberWriter<'_, W>> {
        let member = self.claim(name)?;
        let bytes = header
            .canonical()
            .to_bytes()
            .map_err(|e| Error::npy(&member, e))?;
        let expected = header.data_len().map_err(|e| Error::npy(&member, e))? as u64;
        // Marked before anything is written, so that a failure below also
        // keeps the archive from finishing with a partial member.
        self.unfinished = Some(Unfinished {
            member: member.clone(),
            expected,
            written: 0,
        });
        let chunked = match Codec::of(self.compression) {
            Some(codec) => {
                let mut w = ChunkedWriter::new(codec)?;
                w.write_all(&bytes)?;
                Some(w)
            }
            None => {
                self.zip
                    .start_file(
                        member.as_str(),
                        described(self.options(), &member, Some(&bytes)),
                    )
                    .map_err(|e| Error::zip(Some(&member), e))?;
                self.zip.write_all(&bytes)?;
                None
            }
        };
        Ok(MemberWriter {
            zip: &mut self.zip,
            state: &mut self.unfinished,
            chunked,
            method: self.compression.zip_method_id(),
            header: bytes,
        })
    }

    /// Writes the archive's central directory and returns the writer.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npz_archive::{Compression, NpzWriter};
    /// use std::io::Cursor;
    ///
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    /// w.add("x", &array![1u8])?;
    /// let bytes = w.finish()?.into_inner();
    /// // The archive ends with the end of its central directory.
    /// let eocd = &bytes[bytes.len() - 22..];
    /// assert_eq!(&eocd[..4], b"PK\x05\x06");
    /// # Ok::<(), npz_archive::Error>(())
    /// ```
    pub fn finish(self) -> Result<W> {
        if let Some(u) = &self.unfinished {
            return Err(u.error());
        }
        let latch = self.zip.finish().map_err(|e| Error::zip(None, e))?;
        // An error the zip writer did not pass on is still an error.
        Ok(latch.into_result()?)
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

/// The `.npy` header `array` will be written with, when it tells.
fn header_bytes<T: WriteNpyExt + ?Sized>(array: &T) -> Option<Vec<u8>> {
    array.npy_header()?.to_bytes().ok()
}

/// `options` with the member's `.npy` header recorded in its
/// central-directory entry only (see `NpzReader::describe`). A header too
/// long for an extra field is not recorded; readers then read the
/// member's own.
fn described(
    options: SimpleFileOptions,
    member: &str,
    header: Option<&[u8]>,
) -> FullFileOptions<'static, 'static> {
    let mut full = options.into_full_options();
    if let Some(bytes) = header
        && record_fits(member.len(), 0, bytes.len())
    {
        // On error nothing is added, which is the fallback wanted.
        let _ = full.add_extra_field(NPY_HEADER_ID, bytes, true);
    }
    full
}

/// Compresses one array's `.npy` bytes chunk by chunk, on every core.
fn compress<T: WriteNpyExt + ?Sized>(
    member: &str,
    array: &T,
    compression: Compression,
) -> Result<Compressed> {
    let codec = Codec::of(compression).unwrap_or(Codec::Deflate(6));
    let mut w = ChunkedWriter::new(codec)?;
    array
        .write_npy_to(&mut w)
        .map_err(|e| Error::npy(member, e))?;
    Ok(w.finish()?)
}

/// Streams one member's data; see [`NpzWriter::start_member`].
///
/// Write the data's bytes (in the header's byte and memory order) through
/// its [`Write`] implementation, which refuses bytes beyond the header's
/// data length, then call [`finish`](Self::finish).
///
/// # Example
///
/// ```
/// use ndarray::array;
/// use npz_archive::{Compression, NpzReader, NpzWriter};
/// use npy_format::{DType, Header, ScalarKind};
/// use std::io::{Cursor, Write};
///
/// let header = Header::new(DType::scalar(ScalarKind::Int(4)), vec![2, 2], false);
/// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
/// let mut member = w.start_member("m", &header)?;
/// for row in [[1i32, 2], [3, 4]] {
///     for x in row {
///         member.write_all(&x.to_le_bytes())?;
///     }
/// }
/// assert!(member.write_all(&[0]).is_err()); // one byte too many
/// member.finish()?;
/// let mut npz = NpzReader::new(Cursor::new(w.finish()?.into_inner()))?;
/// assert_eq!(npz.by_name::<i32, ndarray::Ix2>("m")?, array![[1, 2], [3, 4]]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct MemberWriter<'a, W: Write + Seek> {
    zip: &'a mut ZipWriter<Latch<W>>,
    /// The writer's record of this member, cleared by a correct finish.
    state: &'a mut Option<Unfinished>,
    /// A compressed member's data, compressed chunk by chunk and added
    /// to the archive when the member is finished.
    chunked: Option<ChunkedWriter>,
    /// The member's zip method number, for a compressed member.
    method: u16,
    /// The member's `.npy` header, recorded in its directory entry.
    header: Vec<u8>,
}

impl<W: Write + Seek> MemberWriter<'_, W> {
    /// Bytes of data still expected.
    ///
    /// # Example
    ///
    /// ```
    /// use npz_archive::{Compression, NpzWriter};
    /// use npy_format::{DType, Header, ScalarKind};
    /// use std::io::{Cursor, Write};
    ///
    /// let header = Header::new(DType::scalar(ScalarKind::Float(8)), vec![10], false);
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    /// let mut member = w.start_member("x", &header)?;
    /// assert_eq!(member.remaining(), 80);
    /// member.write_all(&1.0f64.to_le_bytes())?;
    /// assert_eq!(member.remaining(), 72);
    /// while member.remaining() > 0 {
    ///     member.write_all(&0.0f64.to_le_bytes())?;
    /// }
    /// member.finish()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn remaining(&self) -> u64 {
        self.state
            .as_ref()
            .map_or(0, |u| u.expected.saturating_sub(u.written))
    }

    /// Ends the member, checking that exactly the header's data length was
    /// written.
    ///
    /// # Example
    ///
    /// ```
    /// use npz_archive::{Compression, ErrorKind, NpzWriter};
    /// use npy_format::{DType, Header, ScalarKind};
    /// use std::io::{Cursor, Write};
    ///
    /// let header = Header::new(DType::scalar(ScalarKind::UInt(1)), vec![4], false);
    /// let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    /// let mut member = w.start_member("short", &header)?;
    /// member.write_all(&[1, 2, 3])?;
    /// let err = member.finish().unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::WrongLength { expected: 4, written: 3, .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn finish(self) -> Result<()> {
        match self.state.take() {
            Some(u) if u.written != u.expected => {
                let err = u.error();
                // The archive stays marked: it would hold the member short.
                *self.state = Some(u);
                Err(err)
            }
            Some(u) => match self.chunked {
                Some(w) => {
                    // Marked again until the member is in the archive.
                    *self.state = Some(u.clone());
                    let archive = OneMemberArchive::new(
                        &u.member,
                        self.method,
                        w.finish()?,
                        Some(&self.header),
                    )?;
                    raw_member::add_to(self.zip, &u.member, archive)
                        .map_err(|e| Error::zip(Some(&u.member), e))?;
                    *self.state = None;
                    Ok(())
                }
                None => Ok(()),
            },
            None => Ok(()),
        }
    }
}

impl<W: Write + Seek> Write for MemberWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let Some(state) = self.state.as_mut() else {
            return Err(io::Error::other("member already finished"));
        };
        if buf.len() as u64 > state.expected.saturating_sub(state.written) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "member {:?}: more data than its header's {} bytes",
                    state.member, state.expected
                ),
            ));
        }
        let n = match &mut self.chunked {
            Some(w) => w.write(buf)?,
            None => self.zip.write(buf)?,
        };
        state.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.zip.flush()
    }
}

impl NpzWriter<AtomicFile> {
    /// Starts an archive in a temporary file that replaces `path` when
    /// [`commit`](Self::commit)ted: an `NpzWriter` over an [`AtomicFile`].
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npz_archive::{Compression, NpzReader, NpzWriter};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("out.npz");
    /// npz_archive::savez(&path, &[("old", &array![0u8])])?;
    ///
    /// let mut w = NpzWriter::create(&path, Compression::NUMPY_COMPRESSED)?;
    /// w.add("new", &array![1u8])?;
    /// assert_eq!(NpzReader::open(&path)?.names(), ["old"]); // still the old archive
    /// w.commit()?;
    /// assert_eq!(NpzReader::open(&path)?.names(), ["new"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn create<P: AsRef<Path>>(path: P, compression: Compression) -> Result<Self> {
        let file = AtomicFile::create(path).map_err(|e| Error::from(io::Error::from(e)))?;
        Ok(NpzWriter::new(file, compression))
    }

    /// Finishes the archive and renames it into place:
    /// [`finish`](Self::finish), then [`AtomicFile::commit`].
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npz_archive::{Compression, NpzWriter};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("done.npz");
    /// let mut w = NpzWriter::create(&path, Compression::Stored)?;
    /// w.add("x", &array![1u8])?;
    /// w.commit()?;
    /// assert!(path.exists());
    /// // Only the archive is left in the folder: the temporary file was renamed.
    /// assert_eq!(std::fs::read_dir(dir.path())?.count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn commit(self) -> Result<()> {
        let file = self.finish()?;
        file.commit().map_err(|e| Error::from(io::Error::from(e)))
    }
}

/// Writes arrays to an `.npz` file as `np.savez` does (stored members),
/// with their names; compresses nothing.
///
/// # Example
///
/// ```
/// use ndarray::{array, Array1};
/// use npz_archive::{Method, NpzReader};
/// use npy_format::NpyArray;
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("arrays.npz");
/// npz_archive::savez(&path, &[("a", &array![1.0f64, 2.0]), ("b", &array![3.0, 4.0])])?;
///
/// let mut npz = NpzReader::open(&path)?;
/// assert_eq!(npz.info(1)?.method, Method::Stored);
/// let b: Array1<f64> = npz.by_name("b")?;
/// assert_eq!(b, array![3.0, 4.0]);
///
/// // Arrays of different element types go in as `NpyArray`s.
/// let mixed = [NpyArray::from_array(&array![1u8]), NpyArray::from_array(&array![0.5f32])];
/// npz_archive::savez(&path, &[("u", &mixed[0]), ("f", &mixed[1])])?;
/// assert_eq!(NpzReader::open(&path)?.names(), ["u", "f"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn savez<P: AsRef<Path>, T: WriteNpyExt + Sync + ?Sized>(
    path: P,
    arrays: &[(&str, &T)],
) -> Result<()> {
    let mut w = NpzWriter::create(path, Compression::Stored)?;
    w.add_all(arrays)?;
    w.commit()
}

/// Writes arrays to an `.npz` file as `np.savez_compressed` does (deflate
/// at zlib's default level), compressing members in parallel.
///
/// # Example
///
/// ```
/// use ndarray::Array2;
/// use npz_archive::{Method, NpzReader};
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("small.npz");
/// let zeros = Array2::<f64>::zeros((100, 100));
/// npz_archive::savez_compressed(&path, &[("zeros", &zeros)])?;
///
/// assert!(std::fs::metadata(&path)?.len() < 2_000); // from 80 kB of data
/// let mut npz = NpzReader::open(&path)?;
/// assert_eq!(npz.info(0)?.method, Method::Deflate);
/// assert_eq!(npz.by_name::<f64, ndarray::Ix2>("zeros")?, zeros);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn savez_compressed<P: AsRef<Path>, T: WriteNpyExt + Sync + ?Sized>(
    path: P,
    arrays: &[(&str, &T)],
) -> Result<()> {
    let mut w = NpzWriter::create(path, Compression::NUMPY_COMPRESSED)?;
    w.add_all(arrays)?;
    w.commit()
}
