//! For random arrays (every dtype npy-format's strategies make, records
//! included) and random row ranges, remote reads equal local reads byte
//! for byte: of `.npy` objects, of archive members streamed whole, and of
//! stored members read by range.

mod counting;

use counting::{Counting, put};
use npio_remote::{RemoteNpy, Transfer, open_npz_blocking};
use npy_format::{NpyReader, WriteNpyExt, strategy};
use object_store::memory::InMemory;
use proptest::prelude::*;
use std::sync::Arc;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn remote_rows_equal_local_rows(
        array in strategy::array(),
        cut in (0.0f64..=1.0, 0.0f64..=1.0),
        part in 1u64..64,
    ) {
        let mut bytes = Vec::new();
        array.write_npy_to(&mut bytes).unwrap();
        let store = Counting::new(Arc::new(InMemory::new()));
        let path = put(&store, "a.npy", bytes.clone());
        let remote = RemoteNpy::open_blocking(store.clone(), &path).unwrap();
        // The header as a local reader parses it (np.save's order for
        // arrays both C- and Fortran-contiguous).
        let local_header = NpyReader::new(&bytes[..]).unwrap().header().clone();
        prop_assert_eq!(remote.header(), &local_header);

        // The whole array: one GET, one request after the header, small parts.
        let loaded = npio_remote::load_npy_blocking(store.clone(), &path, &Default::default()).unwrap();
        prop_assert_eq!(loaded.header(), &local_header);
        prop_assert_eq!(loaded.data(), array.data());
        let whole = remote.read_blocking(&Transfer::single()).unwrap();
        prop_assert_eq!(whole.data(), array.data());
        let mut t = Transfer::default();
        t.part_size(part).concurrency(3);
        let parts = remote.read_blocking(&t).unwrap();
        prop_assert_eq!(parts.data(), array.data());

        // Rows a..b of a C-order array: the local reader's rows a..b.
        let h = &local_header;
        let c_order = !h.fortran_order || h.shape.iter().filter(|&&n| n != 1).count() <= 1;
        if let (Some(&rows), true) = (h.shape.first(), c_order) {
            let a = (cut.0 * rows as f64) as usize;
            let b = a + ((cut.1 * (rows - a) as f64) as usize);
            let got = remote.read_rows_blocking(a..b).unwrap();
            let mut local = NpyReader::new(&bytes[..]).unwrap();
            if a > 0 {
                local.read_rows_dyn(a).unwrap();
            }
            let want = match b - a {
                0 => Vec::new(),
                n => local.read_rows_dyn(n).unwrap().map(|c| c.data().to_vec()).unwrap_or_default(),
            };
            prop_assert_eq!(got.data(), &want[..]);
            prop_assert_eq!(got.shape()[0], b - a);
        }

        // The same array as an archive member, read through RangeReader.
        let mut w = npz_archive::NpzWriter::new(
            std::io::Cursor::new(Vec::new()),
            npz_archive::Compression::NUMPY_COMPRESSED,
        );
        w.add("x", &array).unwrap();
        let path = put(&store, "a.npz", w.finish().unwrap().into_inner());
        let mut npz = open_npz_blocking(store.clone(), &path).unwrap();
        let member = npz.by_name_dyn("x").unwrap();
        prop_assert_eq!(member.data(), array.data());
        // Described from the directory: the header a local reader parses.
        let described = npz.describe(0).unwrap();
        prop_assert_eq!(described.data_start, None);
        prop_assert_eq!(&described.header.unwrap().header, &local_header);

        // A stored member (behind another), read by range as a .npy.
        let mut w = npz_archive::NpzWriter::new(
            std::io::Cursor::new(Vec::new()),
            npz_archive::Compression::Stored,
        );
        w.add("before", &array).unwrap();
        w.add("x", &array).unwrap();
        let path = put(&store, "stored.npz", w.finish().unwrap().into_inner());
        let member = RemoteNpy::open_member_blocking(store.clone(), &path, "x").unwrap();
        prop_assert_eq!(member.header(), &local_header);
        let read = member.read_blocking(&t).unwrap();
        prop_assert_eq!(read.data(), array.data());
        if let (Some(&rows), true) = (h.shape.first(), c_order) {
            let a = (cut.0 * rows as f64) as usize;
            let got = member.read_rows_blocking(a..rows).unwrap();
            let whole = remote.read_rows_blocking(a..rows).unwrap();
            prop_assert_eq!(got.data(), whole.data());
        }
    }
}
