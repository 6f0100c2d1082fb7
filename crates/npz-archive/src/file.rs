//! A file handle that many readers can share, each with its own position.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::sync::Arc;

/// An opened archive file that clones cheaply: every clone reads at its
/// own position (positioned reads, no shared cursor), so several threads
/// can read different members of one archive at once.
///
/// [`NpzReader::open`](crate::NpzReader::open) reads through one; make
/// your own to share an open file among readers.
///
/// # Example
///
/// ```
/// use ndarray::array;
/// use npz_archive::{SharedFile, NpzReader};
/// use std::io::Read;
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("a.npz");
/// npz_archive::savez(&path, &[("a", &array![1i16, 2])])?;
///
/// let file = SharedFile::new(std::fs::File::open(&path)?)?;
/// let mut head = file.clone();
/// let mut magic = [0u8; 4];
/// head.read_exact(&mut magic)?; // moves this clone's position only
/// assert_eq!(&magic, b"PK\x03\x04");
///
/// let mut npz = NpzReader::new(file)?;
/// assert_eq!(npz.by_name_dyn("a")?.shape(), &[2]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct SharedFile {
    file: Arc<File>,
    pos: u64,
    len: u64,
}

impl SharedFile {
    /// Wraps an open file.
    ///
    /// Errors when the file's length cannot be read.
    ///
    /// # Example
    ///
    /// ```
    /// use npz_archive::SharedFile;
    /// use std::io::{Read, Seek, SeekFrom};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("bytes.bin");
    /// std::fs::write(&path, b"0123456789")?;
    ///
    /// let mut a = SharedFile::new(std::fs::File::open(&path)?)?;
    /// let mut b = a.clone();
    /// a.seek(SeekFrom::End(-2))?;
    /// let (mut x, mut y) = (String::new(), [0u8; 3]);
    /// a.read_to_string(&mut x)?;
    /// b.read_exact(&mut y)?;
    /// assert_eq!((x.as_str(), &y), ("89", b"012"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(file: File) -> io::Result<SharedFile> {
        let len = file.metadata()?.len();
        Ok(SharedFile {
            file: Arc::new(file),
            pos: 0,
            len,
        })
    }
}

impl Read for SharedFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        #[cfg(unix)]
        let n = std::os::unix::fs::FileExt::read_at(&*self.file, buf, self.pos)?;
        #[cfg(windows)]
        let n = std::os::windows::fs::FileExt::seek_read(&*self.file, buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for SharedFile {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = target.ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the start of the file",
            )
        })?;
        Ok(self.pos)
    }
}
