//! Hostile archives: zip bombs, lying sizes, bad CRCs, truncation. Every
//! case is a typed error naming the member, never a panic.

use ndarray::{Array1, ArrayD, IxDyn};
use npz_archive::{Compression, ErrorKind, NpzLimits, NpzReader, NpzWriter};
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

fn archive(compression: Compression, members: &[(&str, usize)]) -> Vec<u8> {
    let mut w = NpzWriter::new(Cursor::new(Vec::new()), compression);
    for (name, len) in members {
        w.add(name, &Array1::<u8>::zeros(*len)).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn reader(bytes: &[u8], limits: NpzLimits) -> npz_archive::Result<NpzReader<Cursor<Vec<u8>>>> {
    NpzReader::with_limits(Cursor::new(bytes.to_vec()), limits)
}

#[test]
fn compression_ratio_guard() {
    let bytes = archive(Compression::Deflate(6), &[("zeros", 32 << 20)]);
    // NumPy's own ratio for zeros (about 1000) passes the defaults.
    let mut npz = reader(&bytes, NpzLimits::default()).unwrap();
    assert_eq!(npz.by_name_dyn("zeros").unwrap().len(), 32 << 20);
    let mut limits = NpzLimits::new();
    limits.max_ratio(100);
    let mut npz = reader(&bytes, limits).unwrap();
    let err = npz.by_name_dyn("zeros").unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::RatioTooHigh { limit: 100, .. }),
        "{err}"
    );
    assert_eq!(err.member(), Some("zeros.npy"));
}

#[test]
fn size_limits() {
    let bytes = archive(Compression::Stored, &[("a", 1 << 20), ("b", 1 << 20)]);
    let mut limits = NpzLimits::new();
    limits.max_member_size(1 << 19);
    let mut npz = reader(&bytes, limits).unwrap();
    let err = npz.by_name_dyn("a").unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::MemberTooLarge { .. }),
        "{err}"
    );
    let mut limits = NpzLimits::new();
    limits.max_total_size(3 << 19);
    let mut npz = reader(&bytes, limits).unwrap();
    npz.by_name_dyn("a").unwrap();
    let err = npz.by_name_dyn("b").unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::TotalTooLarge { .. }),
        "{err}"
    );
    assert_eq!(err.member(), Some("b.npy"));
    let many: Vec<(String, usize)> = (0..20).map(|i| (format!("m{i}"), 1)).collect();
    let refs: Vec<(&str, usize)> = many.iter().map(|(n, l)| (n.as_str(), *l)).collect();
    let bytes = archive(Compression::Stored, &refs);
    let mut limits = NpzLimits::new();
    limits.max_members(10);
    let err = reader(&bytes, limits).unwrap_err();
    assert!(matches!(
        err.kind(),
        ErrorKind::TooManyMembers {
            count: 20,
            limit: 10
        }
    ));
}

/// Offset of `needle` in `hay`, searching from the end.
fn rfind(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len())
        .rposition(|w| w == needle)
        .unwrap()
}

#[test]
fn bad_crc_names_the_member() {
    let mut bytes = archive(Compression::Stored, &[("ok", 100), ("bad", 100)]);
    // The second member's data: the last run of 100 zero bytes before the
    // central directory.
    let cd = rfind(&bytes, b"PK\x01\x02");
    let first_cd = bytes.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    assert!(first_cd < cd);
    bytes[first_cd - 10] ^= 0x55;
    let mut npz = reader(&bytes, NpzLimits::default()).unwrap();
    npz.by_name_dyn("ok").unwrap();
    let err = npz.by_name_dyn("bad").unwrap_err();
    assert_eq!(err.member(), Some("bad.npy"));
    assert!(err.to_string().to_lowercase().contains("checksum"), "{err}");
    let err = npz.verify_member(1).unwrap_err();
    assert!(err.to_string().to_lowercase().contains("checksum"), "{err}");
}

#[test]
fn corrupt_compressed_data_is_an_error() {
    let base = archive(Compression::Deflate(6), &[("x", 10_000)]);
    let data_start = {
        let mut npz = reader(&base, NpzLimits::default()).unwrap();
        npz.info(0).unwrap().data_start.unwrap() as usize
    };
    for delta in [0usize, 1, 5, 20] {
        let mut bytes = base.clone();
        bytes[data_start + delta] ^= 0xff;
        let mut npz = reader(&bytes, NpzLimits::default()).unwrap();
        let err = npz.by_index_dyn(0).unwrap_err();
        assert_eq!(err.member(), Some("x.npy"), "{err}");
    }
}

#[test]
fn truncated_archives_are_errors() {
    let bytes = archive(Compression::Deflate(6), &[("x", 1000), ("y", 10)]);
    for cut in [0, 10, bytes.len() / 2, bytes.len() - 30, bytes.len() - 1] {
        let err = reader(&bytes[..cut], NpzLimits::default()).unwrap_err();
        assert!(err.member().is_none(), "{err}");
    }
}

/// A deflate member written with 32-bit size fields, whose declared
/// uncompressed size is then replaced.
fn with_declared_size(declared: u32) -> Vec<u8> {
    let mut npy = Vec::new();
    npy_format::WriteNpyExt::write_npy(&ArrayD::<f64>::zeros(IxDyn(&[1000])), &mut npy).unwrap();
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    w.start_file("x.npy", opts).unwrap();
    w.write_all(&npy).unwrap();
    let mut bytes = w.finish().unwrap().into_inner();
    let cd = rfind(&bytes, b"PK\x01\x02");
    bytes[cd + 24..cd + 28].copy_from_slice(&declared.to_le_bytes());
    let lh = 0;
    bytes[lh + 22..lh + 26].copy_from_slice(&declared.to_le_bytes());
    bytes
}

#[test]
fn lying_sizes_are_caught() {
    // Claims 2 GiB from a few hundred bytes: refused before decompressing.
    let bytes = with_declared_size(0x7fff_0000);
    let mut npz = reader(&bytes, NpzLimits::default()).unwrap();
    let err = npz.by_index_dyn(0).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::RatioTooHigh { .. }),
        "{err}"
    );
    // Claims less than the data: the read stops short of the header's data.
    let bytes = with_declared_size(500);
    let mut npz = reader(&bytes, NpzLimits::default()).unwrap();
    let err = npz.by_index_dyn(0).unwrap_err();
    assert_eq!(err.member(), Some("x.npy"), "{err}");
}

#[test]
fn every_corrupted_byte_gives_an_error_or_the_data() {
    let base = archive(Compression::Deflate(6), &[("a", 300), ("b", 50)]);
    for pos in 0..base.len() {
        for flip in [0x01u8, 0x80, 0xff] {
            let mut bytes = base.clone();
            bytes[pos] ^= flip;
            if let Ok(mut npz) = reader(&bytes, NpzLimits::default()) {
                for i in 0..npz.len() {
                    let _ = npz.info(i);
                    let _ = npz.by_index_dyn(i);
                    let _ = npz.verify_member(i);
                }
            }
        }
    }
}

/// `info` on a member whose first bytes do not decompress reports the
/// decompression error, not "not an .npy member".
#[test]
fn info_reports_a_member_that_does_not_decompress() {
    let base = archive(Compression::Deflate(6), &[("x", 10_000)]);
    let data_start = {
        let mut npz = reader(&base, NpzLimits::default()).unwrap();
        let info = npz.info(0).unwrap();
        assert!(info.header.is_some());
        info.data_start.unwrap() as usize
    };
    let mut bytes = base.clone();
    // Block type 3 is reserved: the very first block is invalid.
    bytes[data_start] |= 0x06;
    let mut npz = reader(&bytes, NpzLimits::default()).unwrap();
    let err = npz.info(0).unwrap_err();
    assert_eq!(err.member(), Some("x.npy"), "{err}");
    // A member shorter than the magic is still simply not an .npy file.
    let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Deflate(6));
    w.add_file("short.txt", &mut &b"hi"[..]).unwrap();
    let mut npz = NpzReader::new(w.finish().unwrap()).unwrap();
    assert!(npz.info(0).unwrap().header.is_none());
}

/// Two stored `.npy` members through the zip writer, the first with an
/// extra field of `extra` bytes (local header and directory).
fn two_members(extra: usize, shallow: bool) -> Vec<u8> {
    let mut npy = Vec::new();
    npy_format::WriteNpyExt::write_npy_to(&Array1::<u8>::zeros(64), &mut npy).unwrap();
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let plain = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut with_extra = plain.into_full_options();
    with_extra
        .add_extra_field(0x7a7a, vec![7u8; extra], false)
        .unwrap();
    zip.start_file("a.npy", with_extra).unwrap();
    zip.write_all(&npy).unwrap();
    if shallow {
        zip.shallow_copy_file("a.npy", "b.npy").unwrap();
    } else {
        zip.start_file("b.npy", plain).unwrap();
        zip.write_all(&npy).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn members_sharing_bytes_are_refused() {
    // Two entries for one local header and its data: refused on opening.
    let err = reader(&two_members(0, true), NpzLimits::default()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::OverlappingMembers), "{err}");
    // The directory moves member b's local header into a's data, by less
    // than a's local header is longer than its least size: the directory
    // alone cannot tell, so opening succeeds, and a's exact extent is
    // refused when a is read.
    let mut bytes = two_members(100, false);
    let entries: Vec<usize> = (0..bytes.len() - 4)
        .filter(|&i| bytes[i..i + 4] == *b"PK\x01\x02")
        .collect();
    let at = entries[1] + 42;
    let offset = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
    bytes[at..at + 4].copy_from_slice(&(offset - 50).to_le_bytes());
    let mut npz = reader(&bytes, NpzLimits::default()).unwrap();
    let err = npz.by_name_dyn("a").unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::OverlappingMembers), "{err}");
    let err = npz.info(0).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::OverlappingMembers), "{err}");
    // Untouched, the same archive reads.
    let mut npz = reader(&two_members(100, false), NpzLimits::default()).unwrap();
    assert_eq!(npz.by_name_dyn("b").unwrap().len(), 64);
    assert_eq!(npz.by_name_dyn("a").unwrap().len(), 64);
}
