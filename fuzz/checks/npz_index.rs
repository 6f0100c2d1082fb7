//! The checks of the `npz_index` fuzz target, as plain Rust so that the
//! regression tests replay inputs through exactly the same code.
//!
//! npio records where each deflate chunk of a member starts in a private
//! extra field, and inflates the chunks on every core. The field is
//! untrusted: the input is XORed over it (in the local header and the
//! central directory alike) in an archive npio wrote, and then
//!
//! * reading the member whole gives the array that was written, whatever
//!   the field says (a field that misleads is dropped for the zip reader's
//!   own inflate);
//! * reading it streamed gives exactly the member's bytes, or an error,
//!   never other bytes and never more of them.

use npz_archive::{Compression, NpzReader, NpzWriter};
use std::io::{Cursor, Read};
use std::sync::OnceLock;

/// Inputs longer than this are not tried (the field is shorter).
pub const MAX_INPUT: usize = 4096;

/// The member: 3 MiB and a little, so three chunks and a part.
const VALUES: usize = 400_000;

struct Fixture {
    archive: Vec<u8>,
    /// The member's `.npy` bytes.
    npy: Vec<u8>,
    /// Where each copy of the field's body starts, and its length.
    fields: Vec<(usize, usize)>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let a = ndarray::Array1::from_shape_fn(VALUES, |i| (i % 977) as f64 * 0.5);
        let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Deflate(1));
        w.add("a", &a).unwrap();
        let archive = w.finish().unwrap().into_inner();
        let mut npy = Vec::new();
        npz_archive::npy_format::WriteNpyExt::write_npy(&a, &mut npy).unwrap();
        // The field: ID 0x706e, then its length, then version 1.
        let fields = archive
            .windows(5)
            .enumerate()
            .filter(|(_, w)| w[0] == 0x6e && w[1] == 0x70 && w[4] == 1)
            .map(|(i, w)| (i + 4, u16::from_le_bytes([w[2], w[3]]) as usize))
            .collect::<Vec<_>>();
        assert_eq!(fields.len(), 2, "the index is in both headers");
        Fixture {
            archive,
            npy,
            fields,
        }
    })
}

/// Runs every check on one input.
pub fn check(data: &[u8]) {
    let f = fixture();
    let mut archive = f.archive.clone();
    for &(start, len) in &f.fields {
        for (b, x) in archive[start..start + len].iter_mut().zip(data) {
            *b ^= x;
        }
    }
    // Two threads whatever the machine, so that the index is used; one
    // pool for every input, as a program would have.
    static POOL: OnceLock<rayon::ThreadPool> = OnceLock::new();
    let pool = POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap()
    });
    pool.install(|| {
        let mut npz = NpzReader::new(Cursor::new(&archive[..])).unwrap();
        let whole = npz.by_index_dyn(0).unwrap();
        assert_eq!(whole.data(), &f.npy[128..], "the whole member differs");
        let mut streamed = Vec::new();
        let reader = npz.raw_reader(0).unwrap();
        match reader
            .take(f.npy.len() as u64 + 1)
            .read_to_end(&mut streamed)
        {
            Ok(_) => assert_eq!(streamed, f.npy, "the streamed member differs"),
            Err(_) => assert!(f.npy.starts_with(&streamed), "wrong bytes before an error"),
        }
        // Read in buffers that hold whole chunks, which npio inflates
        // straight into (as `npio convert` reads).
        let mut reader = npz.raw_reader(0).unwrap();
        let mut room = vec![0u8; 4 << 20];
        let mut direct = Vec::new();
        loop {
            match reader.read(&mut room) {
                Ok(0) => {
                    assert_eq!(direct, f.npy, "the member read in whole chunks differs");
                    break;
                }
                Ok(n) => {
                    direct.extend_from_slice(&room[..n]);
                    assert!(
                        f.npy.starts_with(&direct),
                        "wrong bytes read in whole chunks"
                    );
                }
                Err(_) => break,
            }
        }
    });
}
