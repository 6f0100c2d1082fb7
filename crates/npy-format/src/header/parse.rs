//! Reading and interpreting headers, with limits checked before any
//! allocation sized by the file.

use super::{Header, MAGIC, ReadOptions, Version};
use crate::dtype::descr::dtype_from_py;
use crate::io_util::read_fully;
use crate::pylit::{LitOptions, PyValue, parse_literal};
use crate::{Error, ErrorKind, Result};
use std::io::Read;

/// A header as read from a file, with where it sits in the file.
///
/// # Example
///
/// ```
/// use ndarray::array;
/// use npy_format::{read_header, ReadOptions, Version, WriteNpyExt};
///
/// let mut bytes = Vec::new();
/// array![[1u16, 2, 3]].write_npy(&mut bytes)?;
///
/// let parsed = read_header(&mut &bytes[..], &ReadOptions::new())?;
/// assert_eq!(parsed.header.shape, vec![1, 3]);
/// assert_eq!(parsed.version, Version::V1);
/// assert_eq!(parsed.header_len, 118);
/// assert_eq!(parsed.data_offset, 128);
/// assert_eq!(bytes.len() as u64, parsed.data_offset + 6);
/// # Ok::<(), npy_format::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedHeader {
    /// What the header says.
    pub header: Header,
    /// The format version of the file.
    pub version: Version,
    /// The HEADER_LEN field: bytes of header text, padding and newline.
    pub header_len: usize,
    /// Byte offset of the first data byte.
    pub data_offset: u64,
}

/// Reads the magic, version and header from `reader`, leaving it at the
/// first data byte.
///
/// The header length is checked against `opts` before the text is read, so
/// a forged length cannot make npio allocate.
///
/// # Example
///
/// ```
/// use npy_format::{read_header, Header, DType, ReadOptions, ScalarKind};
///
/// let bytes = Header::new(DType::scalar(ScalarKind::Int(4)), vec![2, 3], false).to_bytes()?;
/// let parsed = read_header(&mut &bytes[..], &ReadOptions::default())?;
/// assert_eq!(parsed.header.shape, vec![2, 3]);
/// assert_eq!(parsed.data_offset, 128);
/// # Ok::<(), npy_format::Error>(())
/// ```
pub fn read_header<R: Read + ?Sized>(reader: &mut R, opts: &ReadOptions) -> Result<ParsedHeader> {
    let mut start = [0u8; 8];
    let n = read_fully(reader, &mut start)?;
    if start[..n.min(6)] != MAGIC[..n.min(6)] {
        return Err(ErrorKind::BadMagic {
            found: start[..n.min(6)].to_vec(),
        }
        .into());
    }
    if n < start.len() {
        return Err(Error::truncated("magic and version", 8, n as u64));
    }
    let version = Version::from_tuple(start[6], start[7]).ok_or(ErrorKind::UnsupportedVersion {
        major: start[6],
        minor: start[7],
    })?;
    let header_len = match version {
        Version::V1 => {
            let mut b = [0u8; 2];
            let got = read_fully(reader, &mut b)?;
            if got < 2 {
                return Err(Error::truncated("header length", 2, got as u64));
            }
            u16::from_le_bytes(b) as usize
        }
        Version::V2 | Version::V3 => {
            let mut b = [0u8; 4];
            let got = read_fully(reader, &mut b)?;
            if got < 4 {
                return Err(Error::truncated("header length", 4, got as u64));
            }
            u32::from_le_bytes(b) as usize
        }
    };
    // A UTF-8 character takes at most 4 bytes; the exact character count is
    // checked after decoding.
    let byte_limit = match version {
        Version::V3 => opts.max_header_size.saturating_mul(4),
        _ => opts.max_header_size,
    };
    if header_len > byte_limit {
        return Err(ErrorKind::HeaderTooLarge {
            len: header_len as u64,
            limit: opts.max_header_size,
        }
        .into());
    }
    let mut raw = vec![0u8; header_len];
    let got = read_fully(reader, &mut raw)?;
    if got < header_len {
        return Err(Error::truncated("header", header_len as u64, got as u64));
    }
    let text: String = match version {
        Version::V1 | Version::V2 => raw.iter().map(|&b| b as char).collect(),
        Version::V3 => String::from_utf8(raw).map_err(|e| ErrorKind::HeaderEncoding {
            offset: e.utf8_error().valid_up_to(),
        })?,
    };
    if version == Version::V3 {
        let chars = text.chars().count();
        if chars > opts.max_header_size {
            return Err(ErrorKind::HeaderTooLarge {
                len: chars as u64,
                limit: opts.max_header_size,
            }
            .into());
        }
    }
    let header = parse_header_text(&text, version, opts)?;
    Ok(ParsedHeader {
        header,
        version,
        header_len,
        data_offset: (version.prefix_len() + header_len) as u64,
    })
}

/// Interprets header text (the part after HEADER_LEN).
// Long on purpose: NumPy's checks of a header dict, in NumPy's order (keys,
// then each value): kept in one place so the order is visible.
pub(crate) fn parse_header_text(
    text: &str,
    version: Version,
    opts: &ReadOptions,
) -> Result<Header> {
    let lit = parse_literal(
        text,
        LitOptions {
            max_depth: opts.max_depth.saturating_mul(2).saturating_add(4),
            allow_long_suffix: version != Version::V3,
        },
    )?;
    let PyValue::Dict(entries) = lit else {
        return Err(Error::value(
            "header",
            format!("expected a dict, found {}", lit.type_name()),
        ));
    };
    let mut descr = None;
    let mut fortran_order = None;
    let mut shape = None;
    for (k, v) in entries {
        let PyValue::Str(key) = k else {
            return Err(Error::value(
                "header",
                format!("keys must be strings, found {}", k.type_name()),
            ));
        };
        let slot = match key.as_str() {
            "descr" => &mut descr,
            "fortran_order" => &mut fortran_order,
            "shape" => &mut shape,
            _ => return Err(Error::value(&key, "unexpected key")),
        };
        if slot.replace(v).is_some() {
            return Err(Error::value(&key, "key given twice"));
        }
    }
    let missing = |k: &str| Error::value(k, "missing key");
    let dtype = dtype_from_py(&descr.ok_or_else(|| missing("descr"))?, 0, opts.max_depth)?;
    let fortran_order = match fortran_order.ok_or_else(|| missing("fortran_order"))? {
        PyValue::Bool(b) => b,
        other => {
            return Err(Error::value(
                "fortran_order",
                format!("expected True or False, found {}", other.type_name()),
            ));
        }
    };
    let shape = match shape.ok_or_else(|| missing("shape"))? {
        PyValue::Tuple(dims) => {
            if dims.len() > opts.max_ndim {
                return Err(ErrorKind::TooManyDims {
                    ndim: dims.len(),
                    limit: opts.max_ndim,
                }
                .into());
            }
            dims.iter()
                .map(|d| match d {
                    PyValue::Int(n) => usize::try_from(*n).map_err(|_| {
                        Error::value("shape", format!("dimension {n} is negative or too large"))
                    }),
                    other => Err(Error::value(
                        "shape",
                        format!("dimensions must be integers, found {}", other.type_name()),
                    )),
                })
                .collect::<Result<Vec<usize>>>()?
        }
        other => {
            return Err(Error::value(
                "shape",
                format!("expected a tuple, found {}", other.type_name()),
            ));
        }
    };
    let header = Header {
        dtype,
        shape,
        fortran_order,
    };
    header.data_len()?;
    Ok(header)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtype::{DType, ScalarKind};

    fn file(version: (u8, u8), text: &str) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&[version.0, version.1]);
        let body = text.as_bytes();
        if version.0 == 1 {
            out.extend_from_slice(&(body.len() as u16).to_le_bytes());
        } else {
            out.extend_from_slice(&(body.len() as u32).to_le_bytes());
        }
        out.extend_from_slice(body);
        out
    }

    fn parse(bytes: &[u8]) -> Result<ParsedHeader> {
        read_header(&mut &bytes[..], &ReadOptions::default())
    }

    fn kind(bytes: &[u8]) -> ErrorKind {
        parse(bytes).unwrap_err().into_kind()
    }

    #[test]
    fn accepts_every_form_numpy_wrote() {
        for text in [
            "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }",
            "{'shape': (3,), 'fortran_order': False, 'descr': '<f8'}",
            "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (3,)}\n",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (3L,), }          \n",
        ] {
            let p = parse(&file((1, 0), text)).unwrap();
            assert_eq!(p.header.shape, vec![3]);
            assert_eq!(p.header.dtype, DType::scalar(ScalarKind::Float(8)));
            assert!(!p.header.fortran_order);
        }
    }

    #[test]
    fn rejects_with_context() {
        assert!(matches!(
            kind(b"\x93NUMPZ\x01\x00"),
            ErrorKind::BadMagic { .. }
        ));
        assert!(matches!(kind(b"\x93NUM"), ErrorKind::Truncated { .. }));
        assert!(matches!(
            kind(b"\x93NUMPY\x04\x00"),
            ErrorKind::UnsupportedVersion { major: 4, minor: 0 }
        ));
        // A forged 4 GiB length is refused before anything is allocated.
        assert!(matches!(
            kind(b"\x93NUMPY\x02\x00\xff\xff\xff\xff"),
            ErrorKind::HeaderTooLarge { .. }
        ));
        let t = |s: &str| kind(&file((1, 0), s));
        assert!(
            matches!(t("{'descr': '<f8', 'shape': (3,)}"), ErrorKind::HeaderValue { key, .. } if key == "fortran_order")
        );
        assert!(
            matches!(t("{'descr': '<f8', 'fortran_order': 0, 'shape': (3,)}"), ErrorKind::HeaderValue { key, .. } if key == "fortran_order")
        );
        assert!(
            matches!(t("{'descr': '<f8', 'fortran_order': False, 'shape': (-3,)}"), ErrorKind::HeaderValue { key, .. } if key == "shape")
        );
        assert!(
            matches!(t("{'descr': '<f8', 'fortran_order': False, 'shape': (3)}"), ErrorKind::HeaderValue { key, .. } if key == "shape")
        );
        assert!(
            matches!(t("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), 'x': 1}"), ErrorKind::HeaderValue { key, .. } if key == "x")
        );
        assert!(matches!(
            t("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999, 99999999999)}"),
            ErrorKind::SizeOverflow { .. }
        ));
        assert!(matches!(
            t("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), "),
            ErrorKind::HeaderSyntax { offset: 56, .. }
        ));
        let dims = vec!["1"; 65].join(", ");
        assert!(matches!(
            t(&format!(
                "{{'descr': '<f8', 'fortran_order': False, 'shape': ({dims})}}"
            )),
            ErrorKind::TooManyDims { ndim: 65, .. }
        ));
        assert!(matches!(
            kind(&file(
                (3, 0),
                "{'descr': '<f8', 'fortran_order': False, 'shape': (3L,)}"
            )),
            ErrorKind::HeaderSyntax { .. }
        ));
        let mut bad_utf8 = file(
            (3, 0),
            "{'descr': '<f8', 'fortran_order': False, 'shape': (3,)}",
        );
        bad_utf8[20] = 0xff;
        assert!(matches!(
            kind(&bad_utf8),
            ErrorKind::HeaderEncoding { offset: 8 }
        ));
    }

    #[test]
    fn header_size_limit_is_configurable() {
        let text = format!(
            "{{'descr': '<f8', 'fortran_order': False, 'shape': (3,)}}{}",
            " ".repeat(20_000)
        );
        let bytes = file((2, 0), &text);
        assert!(matches!(
            kind(&bytes),
            ErrorKind::HeaderTooLarge { limit: 10_000, .. }
        ));
        let mut opts = ReadOptions::default();
        opts.max_header_size(30_000);
        assert!(read_header(&mut &bytes[..], &opts).is_ok());
    }
}
