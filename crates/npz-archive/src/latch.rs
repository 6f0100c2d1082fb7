//! A writer that goes quiet after its first error.

use std::io::{self, Seek, SeekFrom, Write};

/// Wraps the archive's writer so that after its first error every later
/// write and seek succeeds without reaching it, while the error is kept
/// for [`take_error`](Self::take_error).
///
/// The zip writer finishes an unfinished archive when it is dropped and
/// prints to stderr when that fails; after a write error (a full disk)
/// it would do so on every failed archive, after npio has already
/// returned the error. Behind this latch the drop's writes go nowhere.
/// Positions stay consistent (writes advance, seeks move) so that the
/// zip writer's arithmetic holds.
#[derive(Debug)]
pub(crate) struct Latch<W> {
    inner: W,
    /// The first error's kind and message.
    failed: Option<(io::ErrorKind, String)>,
    /// The position and length: the writer's own until the first error,
    /// then the ones it pretends to have (asking the writer itself after
    /// an error could fail again, or flush what failed).
    pos: u64,
    len: u64,
}

impl<W: Write + Seek> Latch<W> {
    pub(crate) fn new(mut inner: W) -> Self {
        // Where the caller's writer stands (the zip writer asks again
        // before it writes anything, which resynchronises).
        let pos = inner.stream_position().unwrap_or(0);
        Latch {
            inner,
            failed: None,
            pos,
            len: pos,
        }
    }

    /// The first error, if there was one, else the writer.
    pub(crate) fn into_result(self) -> io::Result<W> {
        match self.failed {
            Some((kind, msg)) => Err(io::Error::new(kind, msg)),
            None => Ok(self.inner),
        }
    }

    fn fail(&mut self, err: io::Error) -> io::Error {
        if self.failed.is_none() && err.kind() != io::ErrorKind::Interrupted {
            self.failed = Some((err.kind(), err.to_string()));
        }
        err
    }

    fn moved(&mut self, pos: u64) {
        self.pos = pos;
        self.len = self.len.max(pos);
    }
}

impl<W: Write + Seek> Write for Latch<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.failed.is_some() {
            self.moved(self.pos + buf.len() as u64);
            return Ok(buf.len());
        }
        let n = self.inner.write(buf).map_err(|e| self.fail(e))?;
        self.moved(self.pos + n as u64);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.failed.is_some() {
            return Ok(());
        }
        self.inner.flush().map_err(|e| self.fail(e))
    }
}

impl<W: Write + Seek> Seek for Latch<W> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        if self.failed.is_none() {
            let pos = self.inner.seek(to).map_err(|e| self.fail(e))?;
            self.moved(pos);
            return Ok(pos);
        }
        let pos = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
        };
        self.pos = pos.ok_or_else(|| io::Error::from(io::ErrorKind::InvalidInput))?;
        Ok(self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fails every write once `room` bytes are written, as a full disk.
    #[derive(Debug)]
    struct Full {
        data: io::Cursor<Vec<u8>>,
        room: u64,
    }

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.data.position() + buf.len() as u64 > self.room {
                return Err(io::Error::from(io::ErrorKind::StorageFull));
            }
            self.data.write(buf)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Seek for Full {
        fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
            self.data.seek(to)
        }
    }

    #[test]
    fn quiet_after_the_first_error_which_it_keeps() {
        let mut w = Latch::new(Full {
            data: io::Cursor::new(Vec::new()),
            room: 10,
        });
        w.write_all(b"0123456789").unwrap();
        let err = w.write_all(b"x").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::StorageFull);
        // Later writes and seeks go nowhere but keep positions consistent.
        w.write_all(b"abcdef").unwrap();
        assert_eq!(w.stream_position().unwrap(), 16);
        assert_eq!(w.seek(SeekFrom::End(-4)).unwrap(), 12);
        assert!(w.seek(SeekFrom::Current(-100)).is_err());
        let err = w.into_result().unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::StorageFull);
    }

    #[test]
    fn passes_everything_through_without_errors() {
        let mut w = Latch::new(io::Cursor::new(Vec::new()));
        w.write_all(b"abc").unwrap();
        w.seek(SeekFrom::Start(1)).unwrap();
        w.write_all(b"X").unwrap();
        assert_eq!(w.into_result().unwrap().into_inner(), b"aXc");
    }
}
