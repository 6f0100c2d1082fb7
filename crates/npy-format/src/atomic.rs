//! Files written whole or not at all, for every output npio writes.

use crate::Result;
use std::error::Error as StdError;
use std::fmt;
use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// A file written out of sight and put in place whole by
/// [`commit`](Self::commit). Dropped without committing, it leaves nothing
/// behind and the target untouched.
///
/// On Linux the data goes to an unnamed file in the target's folder
/// (`O_TMPFILE`), linked into place on commit, so even a write killed with
/// `SIGKILL` leaves nothing behind; elsewhere, or where the file system
/// has no unnamed files, to a `.npio-XXXXXX.tmp` file renamed into place.
/// I/O errors name the target ([`OutputError`]), not the temporary file.
///
/// Committing makes the replacement atomic for other readers and against
/// failures of the writing program. It does not force the data to the disk
/// unless [`sync_on_commit`](Self::sync_on_commit) is set (which costs a
/// full flush of the file, and protects against power loss).
///
/// # Example
///
/// ```
/// use ndarray::{array, Array1};
/// use npy_format::{AtomicFile, WriteNpyExt};
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("a.npy");
/// std::fs::write(&path, b"old contents")?;
///
/// let mut file = AtomicFile::create(&path)?;
/// array![1.0f64, 2.0].write_npy(&mut file)?;
/// assert_eq!(std::fs::read(&path)?, b"old contents"); // untouched until committed
/// file.commit()?;
///
/// let a: Array1<f64> = npy_format::read_npy(&path)?;
/// assert_eq!(a, array![1.0, 2.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
#[must_use = "the target is replaced only when the file is committed"]
pub struct AtomicFile {
    tmp: BufWriter<Staged>,
    target: PathBuf,
    dir: PathBuf,
    sync: bool,
}

/// Where the data waits until it is committed.
#[derive(Debug)]
enum Staged {
    /// An unnamed file (Linux `O_TMPFILE`): nothing to clean up, ever.
    Unnamed(File),
    /// A named temporary file, removed when dropped.
    Named(tempfile::NamedTempFile),
}

impl Staged {
    fn file(&self) -> &File {
        match self {
            Staged::Unnamed(f) => f,
            Staged::Named(t) => t.as_file(),
        }
    }

    fn file_mut(&mut self) -> &mut File {
        match self {
            Staged::Unnamed(f) => f,
            Staged::Named(t) => t.as_file_mut(),
        }
    }
}

// Writes go to the file itself, so that errors are the system's own and
// do not name the temporary path.
impl Write for Staged {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file_mut().write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file_mut().flush()
    }
}

impl Seek for Staged {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.file_mut().seek(pos)
    }
}

impl AtomicFile {
    /// Starts writing a file that will replace `path`.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::AtomicFile;
    /// use std::io::Write;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("never.npy");
    /// {
    ///     let mut file = AtomicFile::create(&path)?;
    ///     file.write_all(b"an interrupted write")?;
    /// } // dropped without `commit`
    /// assert!(!path.exists());
    /// assert_eq!(std::fs::read_dir(dir.path())?.count(), 0); // no temporary file left
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn create<P: AsRef<Path>>(path: P) -> Result<AtomicFile> {
        let target = path.as_ref().to_path_buf();
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let staged = match unnamed_in(&dir).map_err(|e| blame(&target, e))? {
            Some(file) => Staged::Unnamed(file),
            None => Staged::Named(named_in(&dir).map_err(|e| blame(&target, e))?),
        };
        // A replaced file keeps its permissions, as when it is rewritten
        // in place.
        if let Ok(meta) = std::fs::metadata(&target) {
            staged
                .file()
                .set_permissions(meta.permissions())
                .map_err(|e| blame(&target, e))?;
        }
        Ok(AtomicFile {
            tmp: BufWriter::with_capacity(1 << 20, staged),
            target,
            dir,
            sync: false,
        })
    }

    /// Whether [`commit`](Self::commit) waits for the data to reach the
    /// disk before renaming (default: no).
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npy_format::{AtomicFile, WriteNpyExt};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("checkpoint.npy");
    ///
    /// let mut file = AtomicFile::create(&path)?;
    /// file.sync_on_commit(true);
    /// array![[1u8, 2]].write_npy(&mut file)?;
    /// file.commit()?; // returns once the data is on the disk
    /// assert_eq!(npy_format::read_header_file(&path)?.header.shape, vec![1, 2]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn sync_on_commit(&mut self, yes: bool) -> &mut Self {
        self.sync = yes;
        self
    }

    /// Reserves disk space for `len` bytes before they are written (as
    /// NumPy does when saving), which spares the file system allocating
    /// blocks while the data streams in. A hint: ignored where unsupported.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::Array2;
    /// use npy_format::{AtomicFile, WriteNpyExt};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("big.npy");
    ///
    /// let a = Array2::<f32>::zeros((100, 100));
    /// let mut file = AtomicFile::create(&path)?;
    /// if let Some(len) = a.npy_len() {
    ///     file.preallocate(len);
    /// }
    /// a.write_npy(&mut file)?;
    /// file.commit()?;
    /// assert_eq!(std::fs::metadata(&path)?.len(), 128 + 40_000);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn preallocate(&mut self, len: u64) {
        #[cfg(target_os = "linux")]
        {
            use rustix::fs::{FallocateFlags, fallocate};
            let _ = fallocate(self.tmp.get_ref().file(), FallocateFlags::KEEP_SIZE, 0, len);
        }
        #[cfg(not(target_os = "linux"))]
        let _ = len;
    }

    /// Copies everything `reader` gives to the file, and returns the bytes
    /// copied. When `reader` is a file (or a `Take`, `BufReader` or `&mut`
    /// of one), the copy happens inside the kernel (`copy_file_range` on
    /// Linux, a reflink where the filesystem shares blocks), without
    /// passing the data through this process; otherwise it is an ordinary
    /// buffered copy.
    ///
    /// An error may come from either side. Those only writing can cause (a
    /// full disk, a quota, a file too large, a read-only filesystem) name
    /// the output as this file's other write errors do; others are
    /// returned as they are.
    ///
    /// # Example
    ///
    /// ```
    /// use npy_format::AtomicFile;
    /// use std::io::{Read, Seek, SeekFrom, Write};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let src_path = dir.path().join("src.bin");
    /// std::fs::write(&src_path, b"header|data")?;
    ///
    /// let mut src = std::fs::File::open(&src_path)?;
    /// src.seek(SeekFrom::Start(7))?;
    /// let mut out = AtomicFile::create(dir.path().join("out.bin"))?;
    /// out.write_all(b"new|")?;
    /// assert_eq!(out.copy_from(&mut src.take(4))?, 4);
    /// out.commit()?;
    /// assert_eq!(std::fs::read(dir.path().join("out.bin"))?, b"new|data");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn copy_from<R: Read + ?Sized>(&mut self, reader: &mut R) -> io::Result<u64> {
        // What is buffered goes first, so that the kernel's copy lands
        // after it.
        self.tmp.flush().map_err(|e| blame(&self.target, e))?;
        io::copy(reader, self.tmp.get_mut().file_mut()).map_err(|e| {
            use io::ErrorKind as K;
            match e.kind() {
                K::StorageFull
                | K::QuotaExceeded
                | K::FileTooLarge
                | K::ReadOnlyFilesystem
                | K::WriteZero => blame(&self.target, e),
                _ => e,
            }
        })
    }

    /// Finishes the file and renames it over the target.
    ///
    /// # Example
    ///
    /// ```
    /// use ndarray::array;
    /// use npy_format::{AtomicFile, WriteNpyExt};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("v.npy");
    ///
    /// let mut file = AtomicFile::create(&path)?;
    /// array![1i16, 2].write_npy(&mut file)?;
    /// assert!(!path.exists());
    /// file.commit()?;
    /// assert_eq!(npy_format::read_header_file(&path)?.header.shape, vec![2]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn commit(self) -> Result<()> {
        let target = self.target;
        let staged = self
            .tmp
            .into_inner()
            .map_err(|e| blame(&target, e.into_error()))?;
        if self.sync {
            staged.file().sync_all().map_err(|e| blame(&target, e))?;
        }
        let placed = match staged {
            Staged::Named(tmp) => tmp.persist(&target).map(drop).map_err(|e| e.error),
            Staged::Unnamed(file) => link_into_place(&file, &self.dir, &target),
        };
        placed.map_err(|e| blame(&target, e).into())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.tmp.write(buf).map_err(|e| blame(&self.target, e))
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.tmp.write_all(buf).map_err(|e| blame(&self.target, e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.tmp.flush().map_err(|e| blame(&self.target, e))
    }
}

impl Seek for AtomicFile {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.tmp.seek(pos).map_err(|e| blame(&self.target, e))
    }
}

/// An I/O error while writing an output file, naming the file as the
/// caller named it (not the temporary file the data was going to). It is
/// the inner error of the `io::Error` that [`AtomicFile`] returns, which
/// keeps the original error's kind.
///
/// # Example
///
/// ```
/// use npy_format::{AtomicFile, OutputError};
///
/// let err = AtomicFile::create("/no/such/folder/out.npy").unwrap_err();
/// let output = OutputError::find(&err).expect("names the output");
/// assert_eq!(output.path(), std::path::Path::new("/no/such/folder/out.npy"));
/// assert_eq!(output.io_error().kind(), std::io::ErrorKind::NotFound);
/// ```
#[derive(Debug)]
pub struct OutputError {
    path: PathBuf,
    source: io::Error,
}

impl OutputError {
    /// The output file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What went wrong.
    pub fn io_error(&self) -> &io::Error {
        &self.source
    }

    /// The `OutputError` in `err`, if any: `err` itself, an `io::Error`
    /// or npy-format [`Error`](crate::Error) carrying one, or one of those
    /// in `err`'s chain of sources. (npio's other layers' errors, whose
    /// `source` is `None`, answer with their own `output_error()`.) How a
    /// program tells a failure to write its output from a failure to read
    /// its input.
    pub fn find<'a>(err: &'a (dyn StdError + 'static)) -> Option<&'a OutputError> {
        let mut next = Some(err);
        while let Some(e) = next {
            if let Some(out) = e.downcast_ref::<OutputError>() {
                return Some(out);
            }
            if let Some(out) = e
                .downcast_ref::<crate::Error>()
                .and_then(|e| e.output_error())
            {
                return Some(out);
            }
            // An `io::Error` hides its inner error from `source()`.
            let inner = e.downcast_ref::<io::Error>().and_then(|io| io.get_ref());
            if let Some(out) = inner.and_then(|i| i.downcast_ref::<OutputError>()) {
                return Some(out);
            }
            next = e.source();
        }
        None
    }
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "writing {}: {}", self.path.display(), self.source)
    }
}

/// No `source`: the message already includes the I/O error's, which
/// [`OutputError::io_error`] returns.
impl StdError for OutputError {}

/// `err`, of the same kind, as an [`OutputError`] naming `target` (once:
/// an error that already names an output is returned as it is).
fn blame(target: &Path, err: io::Error) -> io::Error {
    if err.get_ref().is_some_and(|i| i.is::<OutputError>()) {
        return err;
    }
    // tempfile's errors name the temporary path: keep the system's error.
    let source = match err.get_ref().and_then(|i| i.source()) {
        Some(inner) => match inner
            .downcast_ref::<io::Error>()
            .and_then(|e| e.raw_os_error())
        {
            Some(code) => io::Error::from_raw_os_error(code),
            None => err,
        },
        None => err,
    };
    io::Error::new(
        source.kind(),
        OutputError {
            path: target.to_path_buf(),
            source,
        },
    )
}

/// A named temporary file in `dir` with the permissions `File::create`
/// gives (read and write for everyone less the umask), not a temporary
/// file's owner-only mode.
fn named_in(dir: &Path) -> io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".npio-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// An unnamed file in `dir`, where the system can make one and link it
/// into place later (through `/proc/self/fd`); `None` where it cannot
/// (no `/proc`, or a file system without unnamed files). Other errors (no
/// such folder, no permission, a full disk) are the system's own.
#[cfg(target_os = "linux")]
fn unnamed_in(dir: &Path) -> io::Result<Option<File>> {
    use rustix::fs::{Mode, OFlags, open};
    use rustix::io::Errno;
    if !Path::new("/proc/self/fd").is_dir() {
        return Ok(None);
    }
    let flags = OFlags::TMPFILE | OFlags::RDWR | OFlags::CLOEXEC;
    // The umask applies, as it does to `File::create`.
    match open(dir, flags, Mode::from_raw_mode(0o666)) {
        Ok(fd) => Ok(Some(File::from(fd))),
        // What kernels and file systems without O_TMPFILE answer.
        Err(Errno::OPNOTSUPP | Errno::ISDIR | Errno::INVAL) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn unnamed_in(_dir: &Path) -> io::Result<Option<File>> {
    Ok(None)
}

/// Gives the unnamed `file` the name `target`: linked straight there when
/// nothing has that name (the file appears whole), else linked under a
/// fresh temporary name in `dir` and renamed over the target.
#[cfg(target_os = "linux")]
fn link_into_place(file: &File, dir: &Path, target: &Path) -> io::Result<()> {
    use rustix::fs::{AtFlags, CWD, linkat};
    use std::os::fd::AsRawFd;
    let proc = format!("/proc/self/fd/{}", file.as_raw_fd());
    let link = |to: &Path| linkat(CWD, proc.as_str(), CWD, to, AtFlags::SYMLINK_FOLLOW);
    match link(target) {
        Ok(()) => return Ok(()),
        Err(e) if e != rustix::io::Errno::EXIST => return Err(e.into()),
        Err(_) => {}
    }
    let staged = tempfile::Builder::new()
        .prefix(".npio-")
        .suffix(".tmp")
        .make_in(dir, |path| link(path).map_err(io::Error::from))?;
    staged.into_temp_path().persist(target)?;
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn link_into_place(_file: &File, _dir: &Path, _target: &Path) -> io::Result<()> {
    unreachable!("unnamed files are made on Linux only")
}
