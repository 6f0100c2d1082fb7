//! Writing headers byte-identical to `np.save`.

use super::{Header, MAGIC, Version};
use crate::repr::push_shape_repr;
use crate::{DType, ErrorKind, Result};

/// Digits the growth axis may reach without the header changing length.
pub(crate) const GROWTH_AXIS_MAX_DIGITS: usize = 21;

/// NumPy's alignment of the data start.
pub(crate) const ARRAY_ALIGN: usize = 64;

pub(super) fn header_text(h: &Header) -> String {
    let mut out = String::with_capacity(128);
    out.push_str("{'descr': ");
    out.push_str(&h.dtype.descr_repr());
    out.push_str(", 'fortran_order': ");
    out.push_str(if h.fortran_order { "True" } else { "False" });
    out.push_str(", 'shape': ");
    push_shape_repr(&mut out, &h.shape);
    out.push_str(", }");
    let growth_axis = if h.fortran_order {
        h.shape.last()
    } else {
        h.shape.first()
    };
    if let Some(d) = growth_axis {
        let digits = d.to_string().len();
        let pad = GROWTH_AXIS_MAX_DIGITS.saturating_sub(digits);
        out.extend(std::iter::repeat_n(' ', pad));
    }
    out
}

pub(super) fn header_bytes(h: &Header, version: Option<Version>) -> Result<Vec<u8>> {
    // A dtype built in code may be one no reader accepts (`Int(3)`): refuse
    // to write a header that npio's own parser, and NumPy, would refuse.
    DType::parse_descr(&h.dtype.descr_repr())?;
    let text = header_text(h);
    match version {
        Some(v) => wrap(&text, v),
        None => wrap(&text, Version::V1)
            .or_else(|_| wrap(&text, Version::V2))
            .or_else(|_| wrap(&text, Version::V3)),
    }
}

fn wrap(text: &str, version: Version) -> Result<Vec<u8>> {
    let too_small = |reason| ErrorKind::VersionTooSmall {
        requested: version.as_tuple(),
        reason,
    };
    let prefix = version.prefix_len();
    let encoded_len = match version {
        Version::V1 | Version::V2 => {
            if text.chars().any(|c| c as u32 > 0xff) {
                return Err(too_small("the header has characters outside latin1").into());
            }
            text.chars().count()
        }
        Version::V3 => text.len(),
    };
    let hlen = encoded_len + 1;
    let pad = ARRAY_ALIGN - (prefix + hlen) % ARRAY_ALIGN;
    let total = hlen + pad;
    let len_field: Vec<u8> = match version {
        Version::V1 => u16::try_from(total)
            .map_err(|_| too_small("the header is longer than 65535 bytes"))?
            .to_le_bytes()
            .to_vec(),
        _ => u32::try_from(total)
            .map_err(|_| too_small("the header is longer than 4 GiB"))?
            .to_le_bytes()
            .to_vec(),
    };
    let mut out = Vec::with_capacity(prefix + total);
    out.extend_from_slice(MAGIC);
    let (major, minor) = version.as_tuple();
    out.extend_from_slice(&[major, minor]);
    out.extend_from_slice(&len_field);
    match version {
        Version::V1 | Version::V2 => out.extend(text.chars().map(|c| c as u32 as u8)),
        Version::V3 => out.extend_from_slice(text.as_bytes()),
    }
    out.extend(std::iter::repeat_n(b' ', pad));
    out.push(b'\n');
    Ok(out)
}
