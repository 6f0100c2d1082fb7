//! Copies whose reading (decompressing) and writing overlap.

use indicatif::ProgressBar;
use npio::npy::AtomicFile;
use std::io::{self, Read, Write};
use std::sync::mpsc::{channel, sync_channel};

/// Bytes read at a time, at most.
const BLOCK: u64 = 4 << 20;

/// A block is sent once it holds this much: reads then start at the
/// block's front, so that a reader that fills whole buffers itself (an
/// indexed member, inflating chunks straight into them) gets a whole
/// block's room every time.
const ENOUGH: usize = 1 << 20;

/// Blocks waiting to be written: with the one being read and the one being
/// written, memory holds at most `IN_FLIGHT + 2` blocks (24 MiB).
const IN_FLIGHT: usize = 4;

/// Which side of a copy failed.
#[derive(Debug)]
pub enum CopyError {
    /// Reading (or decompressing) the input.
    Read(io::Error),
    /// Writing the output.
    Write(io::Error),
}

/// Copies everything `reader` gives into `out`: this thread reads (and
/// decompresses) the next block while a second thread writes the previous
/// ones, so the copy takes about as long as the slower side rather than
/// both added. Returns the bytes copied.
pub fn overlapped<R: Read + ?Sized>(
    reader: &mut R,
    out: &mut AtomicFile,
    bar: &ProgressBar,
) -> Result<u64, CopyError> {
    std::thread::scope(|scope| {
        // Blocks travel with the length read into them and keep their
        // full length, so that handing them back zeroes nothing.
        let (full_tx, full_rx) = sync_channel::<(Vec<u8>, usize)>(IN_FLIGHT);
        let (empty_tx, empty_rx) = channel::<Vec<u8>>();
        let writer = scope.spawn(move || -> io::Result<()> {
            for (block, len) in full_rx {
                out.write_all(&block[..len])?;
                // The reader may have finished; a block it no longer wants
                // is simply dropped.
                let _ = empty_tx.send(block);
            }
            Ok(())
        });
        let mut copied = 0u64;
        let read = loop {
            // Reads go into bytes already initialized: each block is zeroed
            // once, when it is made, not before every read.
            let mut block = empty_rx
                .try_recv()
                .unwrap_or_else(|_| vec![0; BLOCK as usize]);
            match fill(reader, &mut block, ENOUGH) {
                Ok(0) => break Ok(()),
                Ok(n) => {
                    copied += n as u64;
                    bar.inc(n as u64);
                    if full_tx.send((block, n)).is_err() {
                        // The writer stopped: its error is reported below.
                        break Ok(());
                    }
                }
                Err(e) => break Err(e),
            }
        };
        drop(full_tx);
        // Joined explicitly, so that the thread has ended (its thread-local
        // destructors run) before the copy returns.
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writing thread panicked")));
        written.map_err(CopyError::Write)?;
        read.map_err(CopyError::Read)?;
        Ok(copied)
    })
}

/// Reads into `buf` until it holds `enough` bytes (or is full) or the
/// input ends; the bytes read.
fn fill<R: Read + ?Sized>(reader: &mut R, buf: &mut [u8], enough: usize) -> io::Result<usize> {
    let mut n = 0;
    while n < enough.min(buf.len()) {
        match reader.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_every_byte_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.bin");
        let data: Vec<u8> = (0..(BLOCK as usize * 3 + 12345))
            .map(|i| (i * 7 % 251) as u8)
            .collect();
        let mut out = AtomicFile::create(&path).unwrap();
        let n = overlapped(&mut &data[..], &mut out, &ProgressBar::hidden()).unwrap();
        out.commit().unwrap();
        assert_eq!(n, data.len() as u64);
        assert_eq!(std::fs::read(&path).unwrap(), data);
    }

    #[test]
    fn read_errors_are_the_inputs() {
        struct Failing(usize);
        impl Read for Failing {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if self.0 == 0 {
                    return Err(io::Error::new(io::ErrorKind::InvalidData, "bad member"));
                }
                let n = buf.len().min(self.0);
                buf[..n].fill(1);
                self.0 -= n;
                Ok(n)
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let mut out = AtomicFile::create(dir.path().join("x")).unwrap();
        let err = overlapped(
            &mut Failing(BLOCK as usize + 5),
            &mut out,
            &ProgressBar::hidden(),
        )
        .unwrap_err();
        assert!(matches!(err, CopyError::Read(e) if e.to_string() == "bad member"));
    }
}
