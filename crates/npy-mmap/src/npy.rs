//! Mapping `.npy` files, as `np.load(mmap_mode=...)` and
//! `np.lib.format.open_memmap` do.

use crate::{Error, ErrorKind, Memmap, Mode, Result};
use npy_format::{DType, Header, ReadOptions, Version, read_header};
use std::fs::{File, OpenOptions};
use std::io::{BufReader, Write};
use std::path::Path;

/// Refuses Python objects, whose data is a pickle of pointers.
pub(crate) fn refuse_objects(dtype: &DType) -> Result<()> {
    if dtype.has_object() {
        return Err(npy_format::Error::from(npy_format::ErrorKind::ObjectData).into());
    }
    Ok(())
}

/// Checks that `file_len` bytes hold `len` bytes of data at `offset`.
pub(crate) fn check_len(offset: u64, len: usize, file_len: u64) -> Result<()> {
    let end = offset.saturating_add(len as u64);
    if file_len < end {
        return Err(Error::length(end, file_len));
    }
    Ok(())
}

/// [`check_len`] for a file whose header gives its length: a short one is
/// truncated.
pub(crate) fn check_whole(offset: u64, len: usize, file_len: u64) -> Result<()> {
    check_len(offset, len, file_len).map_err(|_| {
        let expected = offset.saturating_add(len as u64);
        ErrorKind::Truncated {
            expected,
            found: file_len,
        }
        .into()
    })
}

impl Memmap {
    /// Maps a `.npy` file read-only (mode `r`), reading only its header.
    ///
    /// # Why this function is safe to call
    ///
    /// A map is sound only while no other process truncates the file or
    /// writes it in place, which Rust cannot enforce. npio offers opening
    /// as safe, as most memory-mapping readers do, because what such a
    /// change risks is bounded: truncation ends the process with `SIGBUS`
    /// when the lost pages are touched, and writes in place show other
    /// values in views that Rust assumes unchanging (npio never derives
    /// sizes or indices from mapped data, so no out-of-bounds access
    /// follows). npio's own writers never change a file in place. The
    /// crate's [Safety](crate#safety) section states what callers keep to.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Ix1};
    /// use npy_format::WriteNpyExt;
    /// use npy_mmap::Memmap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("x.npy");
    /// array![1i64, 2, 3].write_npy(std::fs::File::create(&path)?)?;
    ///
    /// let map = Memmap::open(&path)?;
    /// assert_eq!(map.shape(), &[3]);
    /// assert_eq!(map.view::<i64, Ix1>()?.sum(), 6);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open<P: AsRef<Path>>(path: P) -> Result<Memmap> {
        Memmap::open_with(path, Mode::ReadOnly, &ReadOptions::default())
    }

    /// Maps a `.npy` file in mode `r`, `r+` or `c`. ([`Mode::Create`] is
    /// [`create`](Self::create), which needs a dtype and shape.)
    ///
    /// # Why this function is safe to call
    ///
    /// A map is sound only while no other process truncates the file or
    /// writes it in place, which Rust cannot enforce. npio offers opening
    /// as safe, as most memory-mapping readers do, because what such a
    /// change risks is bounded: truncation ends the process with `SIGBUS`
    /// when the lost pages are touched, and writes in place show other
    /// values in views that Rust assumes unchanging (npio never derives
    /// sizes or indices from mapped data, so no out-of-bounds access
    /// follows). npio's own writers never change a file in place. The
    /// crate's [Safety](crate#safety) section states what callers keep to.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::{array, Array1, Ix1};
    /// use npy_mmap::{ErrorKind, Memmap, Mode};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("x.npy");
    /// npy_format::write_npy(&path, &array![1i32, 2, 3])?;
    ///
    /// let mut map = Memmap::open_mode(&path, Mode::ReadWrite)?;
    /// map.view_mut::<i32, Ix1>()?[0] = 100;
    /// map.flush()?;
    /// let back: Array1<i32> = npy_format::read_npy(&path)?;
    /// assert_eq!(back, array![100, 2, 3]);
    ///
    /// let err = Memmap::open_mode(&path, Mode::Create).unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::UnsupportedMode { mode: "w+", .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open_mode<P: AsRef<Path>>(path: P, mode: Mode) -> Result<Memmap> {
        Memmap::open_with(path, mode, &ReadOptions::default())
    }

    /// Maps a `.npy` file with header limits other than the defaults.
    ///
    /// Errors when the header is invalid, the dtype holds Python objects,
    /// or the file is shorter than the header says (a `.npy` file is never
    /// extended: a short one is damaged).
    ///
    /// # Why this function is safe to call
    ///
    /// A map is sound only while no other process truncates the file or
    /// writes it in place, which Rust cannot enforce. npio offers opening
    /// as safe, as most memory-mapping readers do, because what such a
    /// change risks is bounded: truncation ends the process with `SIGBUS`
    /// when the lost pages are touched, and writes in place show other
    /// values in views that Rust assumes unchanging (npio never derives
    /// sizes or indices from mapped data, so no out-of-bounds access
    /// follows). npio's own writers never change a file in place. The
    /// crate's [Safety](crate#safety) section states what callers keep to.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::{DType, Header, NpyArray, ReadOptions, Record, ScalarKind};
    /// use npy_mmap::{Memmap, Mode};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("wide.npy");
    /// // 1000 fields: a header longer than the 10000 characters allowed by default.
    /// let f4 = DType::scalar(ScalarKind::Float(4));
    /// let fields = (0..1000).map(|i| (format!("field{i}"), f4.clone(), vec![]));
    /// let dtype = DType::Record(Record::packed(fields.collect())?);
    /// let data = vec![0u8; dtype.itemsize()];
    /// NpyArray::new(Header::new(dtype, vec![1], false), data)?.write_npy(std::fs::File::create(&path)?)?;
    /// assert!(Memmap::open(&path).is_err());
    ///
    /// let mut opts = ReadOptions::new();
    /// opts.max_header_size(100_000); // a file we trust
    /// let map = Memmap::open_with(&path, Mode::ReadOnly, &opts)?;
    /// assert_eq!(map.view_dyn().field("field999")?.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open_with<P: AsRef<Path>>(path: P, mode: Mode, opts: &ReadOptions) -> Result<Memmap> {
        if mode == Mode::Create {
            return Err(ErrorKind::UnsupportedMode {
                what: "opening an existing .npy file (use Memmap::create)",
                mode: mode.as_str(),
            }
            .into());
        }
        let file = OpenOptions::new()
            .read(true)
            .write(mode == Mode::ReadWrite)
            .open(path)?;
        let parsed = read_header(&mut BufReader::new(&file), opts)?;
        refuse_objects(&parsed.header.dtype)?;
        let len = parsed.header.data_len()?;
        check_whole(parsed.data_offset, len, file.metadata()?.len())?;
        Memmap::map_file(&file, parsed.header, parsed.data_offset, mode)
    }

    /// Creates (or truncates) a `.npy` file for an array of this dtype,
    /// shape and order, and maps its zeroed data read-write (mode `w+`).
    ///
    /// The header is written as `np.lib.format.open_memmap` writes it,
    /// which is `np.save`'s header: once the data is written and flushed,
    /// the file is byte for byte what `np.save` writes for the same array
    /// (for Fortran order, `np.save` writes `fortran_order: True` only for
    /// arrays that are not also C-contiguous; so does this function only
    /// when asked, as `open_memmap`).
    ///
    /// # Why this function is safe to call
    ///
    /// A map is sound only while no other process truncates the file or
    /// writes it in place, which Rust cannot enforce. npio offers opening
    /// as safe, as most memory-mapping readers do, because what such a
    /// change risks is bounded: truncation ends the process with `SIGBUS`
    /// when the lost pages are touched, and writes in place show other
    /// values in views that Rust assumes unchanging (npio never derives
    /// sizes or indices from mapped data, so no out-of-bounds access
    /// follows). npio's own writers never change a file in place. The
    /// crate's [Safety](crate#safety) section states what callers keep to.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Ix2;
    /// use npy_format::{DType, ScalarKind};
    /// use npy_mmap::Memmap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("grid.npy");
    /// let mut map = Memmap::create(&path, DType::scalar(ScalarKind::Float(8)), &[2, 3], false)?;
    /// map.view_mut::<f64, Ix2>()?[[1, 2]] = 7.5;
    /// map.flush()?;
    ///
    /// let again = Memmap::open(&path)?;
    /// assert_eq!(again.view::<f64, Ix2>()?[[1, 2]], 7.5);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn create<P: AsRef<Path>>(
        path: P,
        dtype: DType,
        shape: &[usize],
        fortran_order: bool,
    ) -> Result<Memmap> {
        Memmap::create_header(
            path,
            Header::new(dtype, shape.to_vec(), fortran_order),
            None,
        )
    }

    /// [`create`](Self::create) with a forced format version, as
    /// `open_memmap(..., version=...)`.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Ix1;
    /// use npy_format::{DType, Header, ScalarKind, Version};
    /// use npy_mmap::Memmap;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("v2.npy");
    /// let header = Header::new(DType::scalar(ScalarKind::UInt(1)), vec![8], false);
    /// let mut map = Memmap::create_version(&path, header, Version::V2)?;
    /// map.view_mut::<u8, Ix1>()?.fill(9);
    /// map.flush()?;
    ///
    /// assert_eq!(npy_format::read_header_file(&path)?.version, Version::V2);
    /// assert!(std::fs::read(&path)?.starts_with(b"\x93NUMPY\x02\x00"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn create_version<P: AsRef<Path>>(
        path: P,
        header: Header,
        version: Version,
    ) -> Result<Memmap> {
        Memmap::create_header(path, header, Some(version))
    }

    fn create_header<P: AsRef<Path>>(
        path: P,
        header: Header,
        version: Option<Version>,
    ) -> Result<Memmap> {
        refuse_objects(&header.dtype)?;
        let len = header.data_len()?;
        let prefix = match version {
            Some(v) => header.to_bytes_version(v)?,
            None => header.to_bytes()?,
        };
        let mut file = create_file(path.as_ref())?;
        file.write_all(&prefix)?;
        let offset = prefix.len() as u64;
        // Extending the file fills it with zeros (sparsely where the file
        // system can).
        file.set_len(offset + len as u64)?;
        Memmap::map_file(&file, header, offset, Mode::Create)
    }
}

/// Opens `path` read-write, created or truncated.
pub(crate) fn create_file(path: &Path) -> Result<File> {
    Ok(OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)?)
}
